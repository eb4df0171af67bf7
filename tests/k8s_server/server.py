"""A local HTTP server speaking the Kubernetes REST API for reads, for tests and benchmarks.

It serves ``/version``, discovery (``/api``, ``/api/v1``, ``/apis``, ``/apis/<group>[/<version>]``), lists
(cluster-wide and per namespace, with ``limit``/``continue``, ``resourceVersion`` and
``remainingItemCount``), get by name, ``Status`` errors shaped like the real ones, and
``SelfSubjectAccessReview`` creation. Bearer-token authentication (401 otherwise). Faults can be injected
per resource: Status errors (403/410/429/500/...), ``Retry-After``, 410 only on continued pages, dropped
connections (the socket is closed without a response), lists that never end (a new continue token on every
page) and oversized answers (streamed, with or without Content-Length). Every request is recorded.
"""

from __future__ import annotations

import base64
import contextlib
import json
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from tests.k8s_server.catalogue import PREFERRED_VERSION, ApiResource, catalogue
from tests.k8s_server.store import ObjectStore

DEFAULT_TOKEN = "readiness-test-token"
USER = "system:serviceaccount:readiness:scanner"
VERSION_INFO = {
    "major": "1",
    "minor": "31",
    "gitVersion": "v1.31.2",
    "gitCommit": "5864a4677267e6adeae276ad85882a8714d69d9d",
    "gitTreeState": "clean",
    "buildDate": "2024-10-22T20:28:14Z",
    "goVersion": "go1.22.8",
    "compiler": "gc",
    "platform": "linux/amd64",
}
EXPIRED_MESSAGE = (
    "The provided continue parameter is too old to display a consistent list result. You can start a new "
    "list without the continue parameter, or use the continue token in this response to retrieve the "
    "remainder of the results. Continuing with the provided token results in an inconsistent list - objects "
    "that were created, modified, or deleted between the time the first chunk was returned and now may show "
    "up in the list."
)
REASONS = {
    400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 405: "MethodNotAllowed",
    409: "AlreadyExists", 410: "Expired", 429: "TooManyRequests", 500: "InternalError",
    503: "ServiceUnavailable", 504: "Timeout",
}


@dataclass
class RequestRecord:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int = 0
    review: dict[str, Any] | None = None
    """``spec.resourceAttributes`` of a SelfSubjectAccessReview."""

    @property
    def url(self) -> str:
        return self.path + ("?" + "&".join(f"{k}={v}" for k, vs in self.query.items() for v in vs)
                            if self.query else "")


@dataclass
class FaultRule:
    """A fault served instead of the answer to matching requests, ``times`` times (None: forever)."""

    resource: str
    """A plural (``pods``), ``version`` or ``discovery``."""
    action: str
    """``status`` (an error Status), ``gone`` (410 with a fresh continue token), ``drop`` (close the socket
    without answering), ``stall`` (answer normally after ``delay`` seconds), ``garbage`` (200 with an HTML page,
    as a misconfigured proxy would), ``endless`` (the normal page, then empty pages, each with a new continue
    token, forever) or ``oversized`` (a 200 list of ``size`` bytes, streamed)."""
    status: int = 0
    retry_after: str | None = None
    times: int | None = 1
    on_continue: bool = False
    """Match only requests that carry a ``continue`` token (a fault in the middle of a paginated list)."""
    delay: float = 0.0
    size: int = 0
    """``oversized``: bytes in the answer."""
    chunked: bool = False
    """``oversized``: sent with chunked transfer encoding (no Content-Length, so the size shows only as it comes)."""
    hits: int = 0


@dataclass
class Route:
    """What a request path addresses."""

    kind: str  # version | discovery | list | get | review
    resource: ApiResource | None = None
    namespace: str | None = None
    name: str | None = None
    body: dict[str, Any] | None = None


@dataclass
class FakeKubeServer:
    """The server: start it, point a kubeconfig at it, inspect ``requests`` afterwards."""

    store: ObjectStore | None = None
    optional_groups: tuple[str, ...] = ()
    token: str = DEFAULT_TOKEN
    version: dict[str, str] = field(default_factory=lambda: dict(VERSION_INFO))
    forbidden: set[tuple[str, str]] = field(default_factory=set)
    """(plural, verb) pairs this identity may not use: 403 on requests, ``allowed: false`` in reviews."""
    forbidden_cluster_wide: set[str] = field(default_factory=set)
    """Plurals this identity may list only per namespace (a RoleBinding, no ClusterRoleBinding)."""
    tls: bool = False
    """Serve HTTPS with a self-signed certificate for 127.0.0.1 (``ca_file`` holds it)."""
    faults: list[FaultRule] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    max_limit: int | None = None
    """Cap on page size the server hands out (None: honour the client's limit)."""

    def __post_init__(self) -> None:
        self.resources = catalogue(self.optional_groups)
        if self.store is None:
            self.store = ObjectStore(self.resources)
        else:
            self.store.resources = self.resources
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----- lifecycle -------------------------------------------------------------------------------------
    def start(self) -> FakeKubeServer:
        handler = type("Handler", (_Handler,), {"server_state": self})
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        if self.tls:
            cert, key = self_signed_certificate()
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(cert, key)
            self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), name="fake-kube-apiserver",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeKubeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host!s}:{port}"

    @property
    def port(self) -> int:
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def ca_file(self) -> str:
        """The PEM certificate a client must trust (TLS servers only)."""
        return self_signed_certificate()[0]

    # ----- test controls ---------------------------------------------------------------------------------
    def load(self, *paths: str | Path) -> int:
        assert self.store is not None
        return self.store.load(*paths)

    def forbid(self, plural: str, verbs: tuple[str, ...] = ("get", "list", "watch")) -> None:
        """Deny this identity the verbs on a resource (as missing RBAC would)."""
        for verb in verbs:
            self.forbidden.add((plural, verb))

    def inject(self, resource: str, action: str = "status", *, status: int = 0, retry_after: str | None = None,
               times: int | None = 1, on_continue: bool = False, delay: float = 0.0, size: int = 0,
               chunked: bool = False) -> FaultRule:
        rule = FaultRule(resource, action, status, retry_after, times, on_continue, delay, size, chunked)
        self.faults.append(rule)
        return rule

    def record(self, rec: RequestRecord) -> None:
        with self._lock:
            self.requests.append(rec)

    def write_kubeconfig(self, path: str | Path, *, context: str = "test", token: str | None = None,
                         namespace: str | None = None, extra: list[tuple[str, str, str]] | None = None,
                         trust: bool = True) -> Path:
        """A kubeconfig with one context per server (``extra``: more (context, url, token) entries).

        For a TLS server the certificate is embedded as ``certificate-authority-data`` unless ``trust`` is False.
        """
        entries = [(context, self.url, self.token if token is None else token), *list(extra or [])]
        ca = Path(self.ca_file).read_bytes() if self.tls and trust else None
        return write_kubeconfig(path, entries, current=context, namespace=namespace, ca_pem=ca)

    def _take_fault(self, key: str, query: dict[str, list[str]]) -> FaultRule | None:
        with self._lock:
            for rule in self.faults:
                if rule.resource != key or (rule.on_continue and not query.get("continue")):
                    continue
                if rule.times is not None and rule.hits >= rule.times:
                    continue
                rule.hits += 1
                return rule
        return None

    # ----- routing ---------------------------------------------------------------------------------------
    def find(self, group: str, version: str, plural: str) -> ApiResource | None:
        for res in self.resources:
            if res.group == group and res.version == version and res.plural == plural:
                return res
        return None

    def group_versions(self) -> dict[str, list[str]]:
        versions: dict[str, list[str]] = {}
        for res in self.resources:
            if res.group and res.version not in versions.setdefault(res.group, []):
                versions[res.group].append(res.version)
        return versions

    def route(self, method: str, parts: list[str]) -> Route | None:
        """Map a path (split on ``/``) to a Route; None for paths the server does not serve (404)."""
        if parts == ["version"]:
            return Route("version")
        if parts and parts[0] == "api":
            if len(parts) <= 2:
                return Route("discovery") if parts[1:] in ([], ["v1"]) else None
            group, version, rest = "", parts[1], parts[2:]
        elif parts and parts[0] == "apis":
            if len(parts) <= 3:
                versions = self.group_versions()
                if len(parts) == 1 or (parts[1] in versions and (len(parts) == 2 or parts[2] in versions[parts[1]])):
                    return Route("discovery")
                return None
            group, version, rest = parts[1], parts[2], parts[3:]
        else:
            return None
        namespace = None
        if len(rest) >= 3 and rest[0] == "namespaces":
            namespace, rest = rest[1], rest[2:]
        elif len(rest) == 2 and rest[0] == "namespaces" and not group:
            return Route("get", self.find("", "v1", "namespaces"), None, rest[1])
        if not rest or len(rest) > 2:
            return None
        res = self.find(group, version, rest[0])
        if res is None or (namespace is not None and not res.namespaced):
            return None
        if res.plural == "selfsubjectaccessreviews":
            return Route("review", res) if method == "POST" and len(rest) == 1 else None
        if len(rest) == 2:
            if res.namespaced and namespace is None:
                return None
            return Route("get", res, namespace, rest[1])
        return Route("list", res, namespace)

    def discovery(self, parts: list[str]) -> dict[str, Any]:
        if parts == ["api"]:
            return {"kind": "APIVersions", "versions": ["v1"],
                    "serverAddressByClientCIDRs": [{"clientCIDR": "0.0.0.0/0", "serverAddress": "127.0.0.1:6443"}]}
        if parts == ["api", "v1"]:
            return self._resource_list("", "v1")
        versions = self.group_versions()
        if parts == ["apis"]:
            return {"kind": "APIGroupList", "apiVersion": "v1",
                    "groups": [self._group(name, vs) for name, vs in versions.items()]}
        if len(parts) == 2:
            return {"kind": "APIGroup", "apiVersion": "v1", **self._group(parts[1], versions[parts[1]])}
        return self._resource_list(parts[1], parts[2])

    def _group(self, name: str, versions: list[str]) -> dict[str, Any]:
        preferred = PREFERRED_VERSION.get(name, versions[0])
        if preferred not in versions:
            preferred = versions[0]
        return {"name": name,
                "versions": [{"groupVersion": f"{name}/{v}", "version": v} for v in versions],
                "preferredVersion": {"groupVersion": f"{name}/{preferred}", "version": preferred}}

    def _resource_list(self, group: str, version: str) -> dict[str, Any]:
        gv = f"{group}/{version}" if group else version
        return {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": gv,
                "resources": [r.discovery() for r in self.resources if r.group == group and r.version == version]}

    def review(self, body: dict[str, Any]) -> dict[str, Any]:
        """Answer a SelfSubjectAccessReview from ``forbidden``."""
        attrs = dict((body.get("spec") or {}).get("resourceAttributes") or {})
        denied = (str(attrs.get("resource", "")), str(attrs.get("verb", ""))) in self.forbidden
        status: dict[str, Any] = {"allowed": not denied}
        if denied:
            status["reason"] = ""
        else:
            status["reason"] = 'RBAC: allowed by ClusterRoleBinding "readiness-readonly" of ClusterRole ' \
                               '"readiness-readonly" to ServiceAccount "scanner/readiness"'
        return {"kind": "SelfSubjectAccessReview", "apiVersion": "authorization.k8s.io/v1",
                "metadata": {"creationTimestamp": None}, "spec": body.get("spec") or {}, "status": status}


def status_body(code: int, message: str, *, reason: str | None = None, details: dict[str, Any] | None = None,
                continue_token: str | None = None) -> dict[str, Any]:
    """A ``Status`` object as the API server returns for errors."""
    meta: dict[str, Any] = {}
    if continue_token:
        meta["continue"] = continue_token
    body: dict[str, Any] = {"kind": "Status", "apiVersion": "v1", "metadata": meta, "status": "Failure",
                            "message": message, "reason": reason or REASONS.get(code, "Unknown"), "code": code}
    if details:
        body["details"] = details
    return body


def encode_continue(revision: int, start: int, *, serial: int | None = None) -> str:
    """A continue token as the API server makes them (``serial`` makes one that was never handed out before)."""
    data: dict[str, Any] = {"v": "meta.k8s.io/v1", "rv": revision, "start": start}
    if serial is not None:
        data["serial"] = serial
    raw = json.dumps(data, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_continue(token: str) -> tuple[int, int] | None:
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        return int(data["rv"]), int(data["start"])
    except (ValueError, KeyError, TypeError):
        return None


def write_kubeconfig(path: str | Path, entries: list[tuple[str, str, str]], *, current: str,
                     namespace: str | None = None, ca_pem: bytes | None = None) -> Path:
    """Write a kubeconfig with token users: ``entries`` are (context, server url, token)."""
    doc: dict[str, Any] = {"apiVersion": "v1", "kind": "Config", "preferences": {}, "current-context": current,
                           "clusters": [], "users": [], "contexts": []}
    for name, url, token in entries:
        cluster: dict[str, Any] = {"server": url}
        if ca_pem is not None and url.startswith("https://"):
            cluster["certificate-authority-data"] = base64.b64encode(ca_pem).decode()
        doc["clusters"].append({"name": f"{name}-cluster", "cluster": cluster})
        doc["users"].append({"name": f"{name}-user", "user": {"token": token}})
        ctx: dict[str, Any] = {"cluster": f"{name}-cluster", "user": f"{name}-user"}
        if namespace:
            ctx["namespace"] = namespace
        doc["contexts"].append({"name": name, "context": ctx})
    target = Path(path)
    target.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return target


_CERT_LOCK = threading.Lock()
_CERT: tuple[str, str] | None = None


def self_signed_certificate() -> tuple[str, str]:
    """(certificate, key) PEM files for 127.0.0.1, made once per process with the openssl command."""
    global _CERT
    with _CERT_LOCK:
        if _CERT is None:
            folder = Path(tempfile.mkdtemp(prefix="fake-kube-tls-"))
            cert, key = folder / "apiserver.crt", folder / "apiserver.key"
            subprocess.run(
                ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                 "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                check=True, capture_output=True)
            _CERT = (str(cert), str(key))
        return _CERT


class _QuietServer(ThreadingHTTPServer):
    """Client-side disconnects (timeouts, failed TLS handshakes) are expected here, not worth a traceback."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


class _Handler(BaseHTTPRequestHandler):
    """Serves one connection; keep-alive like a real API server (HTTP/1.1)."""

    protocol_version = "HTTP/1.1"
    server_state: FakeKubeServer
    endless = False
    """This request's list never ends (an ``endless`` fault): one more continue token on every page."""

    def setup(self) -> None:
        super().setup()
        # As Go's net/http does: without it, headers and body in separate writes meet delayed ACKs (40 ms each).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    # ----- the request --------------------------------------------------------------------------------
    def _serve(self, method: str) -> None:
        state = self.server_state
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        path = split.path.rstrip("/") or "/"
        rec = RequestRecord(method, path, query)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        state.record(rec)

        scheme, _, credential = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or credential.strip() != state.token:  # the scheme is case-insensitive
            self._status(rec, status_body(401, "Unauthorized"))
            return
        parts = [p for p in path.split("/") if p]
        route = state.route(method, parts)
        if route is None:
            if method != "GET":
                self._status(rec, status_body(405, f"the server does not allow this method on {path}"))
            else:
                self._send(rec, 404, b"404 page not found\n", "text/plain; charset=utf-8")
            return
        if method != "GET" and route.kind != "review":
            self._status(rec, status_body(405, f"the server does not allow this method on {path}"))
            return

        key = route.resource.plural if route.resource else route.kind
        fault = state._take_fault(key, query)
        if fault is not None and self._fault(rec, fault, query):
            return
        self.endless = fault is not None and fault.action == "endless"

        if route.kind == "version":
            self._json(rec, 200, state.version)
        elif route.kind == "discovery":
            self._json(rec, 200, state.discovery(parts))
        elif route.kind == "review":
            try:
                body = json.loads(raw_body or b"{}")
            except ValueError:
                self._status(rec, status_body(400, "the request body is not JSON"))
                return
            rec.review = dict((body.get("spec") or {}).get("resourceAttributes") or {})
            self._json(rec, 201, state.review(body))
        else:
            assert route.resource is not None
            verb = "get" if route.kind == "get" else "list"
            cluster_wide = route.kind == "list" and route.namespace is None and route.resource.namespaced
            if (route.resource.plural, verb) in state.forbidden or (
                    cluster_wide and route.resource.plural in state.forbidden_cluster_wide):
                self._forbidden(rec, route, verb)
            elif route.kind == "get":
                self._get(rec, route)
            else:
                self._list(rec, route, query)

    def _fault(self, rec: RequestRecord, fault: FaultRule, query: dict[str, list[str]]) -> bool:
        if fault.action == "stall":
            time.sleep(fault.delay)
            return False
        if fault.action == "endless":
            return False  # served by _list, with one more continue token
        if fault.action == "oversized":
            self._oversized(rec, fault)
            return True
        if fault.action == "garbage":
            self._send(rec, 200, b"<html><body>Welcome to nginx!</body></html>\n", "text/html")
            return True
        if fault.action == "drop":
            rec.status = -1
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.action == "gone":
            state = self.server_state
            assert state.store is not None
            start = decode_continue((query.get("continue") or [""])[0])
            token = encode_continue(state.store.revision, start[1]) if start else None
            self._status(rec, status_body(410, EXPIRED_MESSAGE, reason="Expired", continue_token=token))
            return True
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
        message = {429: "Too many requests, please try again later.",
                   500: "Internal error occurred: etcdserver: request timed out",
                   503: "the server is currently unable to handle the request"}.get(fault.status, "injected fault")
        body = status_body(fault.status, message)
        if fault.status == 403:
            body["message"] = f'{fault.resource} is forbidden: User "{USER}" cannot list resource ' \
                              f'"{fault.resource}" in API group "" at the cluster scope'
        self._status(rec, body, headers)
        return True

    def _forbidden(self, rec: RequestRecord, route: Route, verb: str) -> None:
        res = route.resource
        assert res is not None
        scope = f'in the namespace "{route.namespace}"' if route.namespace else "at the cluster scope"
        message = f'{res.plural} is forbidden: User "{USER}" cannot {verb} resource "{res.plural}" in API ' \
                  f'group "{res.group}" {scope}'
        details: dict[str, Any] = {"kind": res.plural}
        if res.group:
            details["group"] = res.group
        self._status(rec, status_body(403, message, details=details))

    def _get(self, rec: RequestRecord, route: Route) -> None:
        state = self.server_state
        res = route.resource
        assert res is not None and state.store is not None and route.name is not None
        stored = state.store.get(res.group, res.plural, route.namespace or "", route.name)
        if stored is None:
            details: dict[str, Any] = {"name": route.name, "kind": res.plural}
            if res.group:
                details["group"] = res.group
            self._status(rec, status_body(404, f'{res.plural} "{route.name}" not found', details=details))
            return
        obj = dict(stored.obj)
        obj["apiVersion"] = res.group_version
        obj["kind"] = res.kind
        self._json(rec, 200, obj)

    def _list(self, rec: RequestRecord, route: Route, query: dict[str, list[str]]) -> None:
        state = self.server_state
        res = route.resource
        assert res is not None and state.store is not None
        items = state.store.listing(res.group, res.plural, route.namespace)
        start = 0
        revision = state.store.revision
        token = (query.get("continue") or [""])[0]
        if token:
            decoded = decode_continue(token)
            if decoded is None:
                self._status(rec, status_body(400, "continue key is not valid: illegal base64 data"))
                return
            revision, start = decoded
        limit_text = (query.get("limit") or ["0"])[0]
        try:
            limit = int(limit_text or "0")
        except ValueError:
            self._status(rec, status_body(400, f'limit: Invalid value: "{limit_text}"'))
            return
        if state.max_limit is not None:
            limit = min(limit, state.max_limit) if limit > 0 else state.max_limit
        end = len(items) if limit <= 0 else min(len(items), start + limit)
        meta: dict[str, Any] = {"resourceVersion": str(revision)}
        if end < len(items):
            meta["continue"] = encode_continue(revision, end)
            meta["remainingItemCount"] = len(items) - end
        elif self.endless:   # a broken server: always one more page, under a token never seen before
            meta["continue"] = encode_continue(revision, end, serial=len(state.requests))
        head = json.dumps({"kind": f"{res.kind}List", "apiVersion": res.group_version, "metadata": meta},
                          separators=(",", ":"))
        payload = b"".join(_chunks(head.encode()[:-1], [o.item_json() for o in items[start:end]]))
        self._send(rec, 200, payload, "application/json")

    def _oversized(self, rec: RequestRecord, fault: FaultRule) -> None:
        """A 200 list of ``fault.size`` bytes (one item whose annotation pads it), written 1 MiB at a time."""
        head = b'{"kind":"List","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"big",' \
               b'"annotations":{"pad":"'
        tail = b'"}}}]}'
        pad = max(0, fault.size - len(head) - len(tail))
        rec.status = 200
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if fault.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(head) + pad + len(tail)))
        self.end_headers()
        block = b"A" * (1024 * 1024)
        pieces = [p for p in (head, *([block] * (pad // len(block))), b"A" * (pad % len(block)), tail) if p]
        with contextlib.suppress(OSError):   # the client may hang up once it has seen enough
            for piece in pieces:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if fault.chunked else piece)
            if fault.chunked:
                self.wfile.write(b"0\r\n\r\n")
        self.close_connection = True

    # ----- writing --------------------------------------------------------------------------------------
    def _status(self, rec: RequestRecord, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        self._json(rec, int(body["code"]), body, headers)

    def _json(self, rec: RequestRecord, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self._send(rec, code, json.dumps(body, separators=(",", ":")).encode(), "application/json", headers)

    def _send(self, rec: RequestRecord, code: int, payload: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        rec.status = code
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Audit-Id", f"{id(rec):x}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


def _chunks(head_without_brace: bytes, items: list[bytes]) -> Iterator[bytes]:
    yield head_without_brace
    yield b',"items":['
    for i, item in enumerate(items):
        if i:
            yield b","
        yield item
    yield b"]}"
