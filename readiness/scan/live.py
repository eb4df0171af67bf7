"""Read-only live scan of a Kubernetes cluster through the official ``kubernetes`` client.

The only module that imports ``kubernetes`` (lazily, inside functions). It sends only GET requests for the
kinds in :data:`SCANNED_KINDS` (never Secrets) plus, for :func:`check_permissions`,
``SelfSubjectAccessReview`` creations, which change nothing. Lists are paginated (``limit``/``continue``);
a 410 (expired continue token) restarts that list; 429 and 5xx are retried with bounded exponential
backoff honouring ``Retry-After``; dropped connections and timeouts are retried a bounded number of
times. A 403 on one kind leaves a partial inventory with a warning naming what could not be seen; a 401
or an unreachable server is one :class:`ScanError`. Nothing here writes to the cluster.

Every wait and size is bounded (:class:`ScanSettings`): pages per list, bytes per answer (past either, what
was read is kept with a warning naming the kind), and the time a kubeconfig exec credential plugin may take
(:mod:`readiness.scan.exec_bound`).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.errors import ScanError
from readiness.io.files import atomic_write, load_document
from readiness.scan import exec_bound
from readiness.scan.fastjson import Trimmer, decode_page
from readiness.scan.heap import collection_paused
from readiness.scan.objects import (
    NEVER_READ,
    SCANNED_KINDS,
    SNAPSHOT_SOURCE,
    SNAPSHOT_VERSION,
    ClusterObjects,
    ResourceKind,
)
from readiness.scan.redact import redact
from readiness.scan.slim import slim_object

Progress = Callable[[str, int], None]
"""Called once per entry of SCANNED_KINDS, in order, with the kind and how many objects were read (0 when
not installed or not visible), then once more as ``("done", total objects)``."""

"""Annotation values longer than this are replaced in saved snapshots (they tend to hold whole configs)."""

"""Annotations on a saved snapshot's List metadata: where it came from and the server's version."""

IN_CLUSTER = "in-cluster"
SERVICE_ACCOUNT_NAMESPACE = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
BUILTIN_GROUPS = frozenset({"", "apps", "batch", "networking.k8s.io", "policy", "autoscaling",
                            "apiextensions.k8s.io", "admissionregistration.k8s.io"})
"""Groups every conformant cluster serves; a missing optional group (Gateway API, OpenShift) is not news."""
RETRYABLE = frozenset({429, 500, 502, 503, 504})
NOT_A_LIST = 0
"""Status recorded for a 200 answer whose body is not a Kubernetes list."""
TOO_LARGE = -2
"""Status recorded for an answer larger than ``ScanSettings.max_response_bytes`` (read no further)."""
MiB = 1024 * 1024
RBAC_HINT = "grant get/list on it (deploy/rbac-readonly.yaml) or see `readiness scan --check-permissions`"
KUBECONFIG_MAX_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class PermissionCheck:
    """Whether the current identity may use one verb on one scanned kind (a SelfSubjectAccessReview)."""

    kind: str
    group: str
    resource: str
    verb: str
    allowed: bool
    reason: str = ""

    @property
    def rule(self) -> str:
        """``verb resource.group`` as RBAC spells it (``list deployments.apps``)."""
        return f"{self.verb} {self.resource}" + (f".{self.group}" if self.group else "")


@dataclass(frozen=True)
class ScanSettings:
    """Paging, timeouts and retry bounds of a live scan (tests shrink them and inject ``sleep``)."""

    page_size: int = 500
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    """Most seconds without a byte from the server before one try gives up."""
    attempts: int = 6
    """Tries per request while the server answers 429 or 5xx."""
    connect_attempts: int = 3
    """Tries per request while the connection fails (refused, dropped, timed out)."""
    base_delay: float = 0.5
    max_delay: float = 10.0
    max_total_wait: float = 60.0
    """Most seconds spent sleeping between tries of one request, Retry-After included."""
    request_budget: float = 60.0
    """Most seconds one request may take in all: every try's timeouts plus the waits between them. A stalled
    server (accepts, never answers) costs at most this, not connect_attempts × read_timeout plus backoff."""
    list_restarts: int = 3
    """How often one list restarts after 410 Gone (expired continue token)."""
    max_pages: int = 2_000
    """Most pages one list may take (with ``page_size`` 500, a million objects): a server that keeps handing
    out continue tokens is stopped there, with what was read kept and a warning."""
    max_response_bytes: int = 256 * MiB
    """Most bytes one answer may hold; a larger one is not read further (nor parsed) and counts as failed."""
    exec_timeout: float = 30.0
    """Most seconds a kubeconfig ``exec`` credential plugin may take before it is stopped (see exec_bound)."""
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)


DEFAULT_SETTINGS = ScanSettings()


# ----- public interface ---------------------------------------------------------------------------------------

def list_contexts(kubeconfig: str | None) -> list[str]:
    """The context names of a kubeconfig (``--kubeconfig``, else ``$KUBECONFIG``, else ``~/.kube/config``)."""
    return list(_read_kubeconfig(kubeconfig).contexts)


def check_contexts(names: Iterable[str], kubeconfig: str | None) -> None:
    """Refuse, before any request, a context the kubeconfig does not name."""
    kc = _read_kubeconfig(kubeconfig)
    for name in names:
        if name not in kc.contexts:
            raise ScanError(f"kubeconfig {kc.label}: no context named {name!r} "
                            f"(contexts: {', '.join(kc.contexts) or 'none'})")


def scan_live(context: str | None, kubeconfig: str | None, *, in_cluster: bool = False,
              progress: Progress | None = None, settings: ScanSettings | None = None,
              notice: Callable[[str], None] | None = None) -> ClusterObjects:
    """Read every kind in SCANNED_KINDS from one cluster (the current context when ``context`` is None).

    ``notice`` hears, while it happens, that the scan is waiting: a try that timed out and is repeated.
    """
    settings = settings or DEFAULT_SETTINGS
    with _bounded_exec_plugins(settings.exec_timeout):
        conn = _connect(context, kubeconfig, in_cluster, settings)
        conn.notice = notice
        try:
            with collection_paused():   # see readiness.scan.heap: half the time of a 100 000-pod scan otherwise
                return _Scanner(conn, progress).run()
        finally:
            conn.close()


def check_permissions(context: str | None, kubeconfig: str | None, *, in_cluster: bool = False,
                      settings: ScanSettings | None = None) -> list[PermissionCheck]:
    """Ask the API server (SelfSubjectAccessReview) whether this identity may get and list each scanned kind."""
    settings = settings or DEFAULT_SETTINGS
    checks: list[PermissionCheck] = []
    with _bounded_exec_plugins(settings.exec_timeout):
        conn = _connect(context, kubeconfig, in_cluster, settings)
        try:
            for kind in SCANNED_KINDS:
                for verb in ("get", "list"):
                    checks.append(_review(conn, kind, verb))
        finally:
            conn.close()
    return checks


def save_snapshot(objects: ClusterObjects, path: str) -> None:
    """Write what a scan saw as a ``kind: List`` JSON (as ``kubectl get -o json`` prints), redacted.

    Environment variable values, ConfigMap ``data``/``binaryData`` values, last-applied-configuration and
    other very long annotations, and ``managedFields`` are left out; names stay. Written atomically.
    """
    items: list[str] = []
    for kind, objs in objects.objects.items():
        if kind in NEVER_READ:
            continue
        items.extend(json.dumps(redact(obj), indent=2, ensure_ascii=False) for obj in objs)
    body = ",\n".join("    " + item.replace("\n", "\n    ") for item in items)
    meta: dict[str, Any] = {"resourceVersion": ""}
    notes = {SNAPSHOT_SOURCE: objects.source, SNAPSHOT_VERSION: objects.kubernetes_version}
    meta["annotations"] = {k: v for k, v in notes.items() if v}
    head = json.dumps({"apiVersion": "v1", "kind": "List", "metadata": meta}, indent=2, ensure_ascii=False)
    text = head[:-2] + ',\n  "items": [\n' + body + ("\n" if items else "") + "  ]\n}\n"
    atomic_write(path, text)


# ----- kubeconfig -----------------------------------------------------------------------------------------

@dataclass
class _Kubeconfig:
    paths: list[Path]
    contexts: dict[str, dict[str, Any]]
    current: str | None

    @property
    def label(self) -> str:
        return os.pathsep.join(str(p) for p in self.paths)


def _kubeconfig_paths(kubeconfig: str | None) -> list[Path]:
    if kubeconfig:
        path = Path(kubeconfig).expanduser()
        if not path.exists():
            raise ScanError(f"kubeconfig {kubeconfig}: no such file")
        return [path]
    env = os.environ.get("KUBECONFIG", "")
    if env.strip():
        paths = [Path(p).expanduser() for p in env.split(os.pathsep) if p.strip()]
        found = [p for p in paths if p.exists()]
        if not found:
            raise ScanError(f"KUBECONFIG={env}: no such file; pass --kubeconfig FILE or run inside a pod")
        return found
    default = Path("~/.kube/config").expanduser()
    if not default.exists():
        raise ScanError("no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist); "
                        "pass --kubeconfig FILE, or use in-cluster configuration inside a pod")
    return [default]


def _read_kubeconfig(kubeconfig: str | None) -> _Kubeconfig:
    """Read and check the kubeconfig file(s), merged as kubectl does (the first file wins)."""
    paths = _kubeconfig_paths(kubeconfig)
    contexts: dict[str, dict[str, Any]] = {}
    current: str | None = None
    for path in paths:
        doc = load_document(path, what="kubeconfig", max_bytes=KUBECONFIG_MAX_BYTES)
        if not isinstance(doc, dict):
            raise ScanError(f"kubeconfig {path}: expected a mapping with clusters, users and contexts")
        entries = doc.get("contexts") or []
        if not isinstance(entries, list):
            raise ScanError(f"kubeconfig {path}: contexts: expected a list")
        for i, entry in enumerate(entries):
            name = entry.get("name") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name:
                raise ScanError(f"kubeconfig {path}: contexts[{i}]: expected a mapping with a name")
            ctx = entry.get("context")
            contexts.setdefault(name, ctx if isinstance(ctx, dict) else {})
        cur = doc.get("current-context")
        if current is None and isinstance(cur, str) and cur:
            current = cur
    return _Kubeconfig(paths, contexts, current)


# ----- connection -----------------------------------------------------------------------------------------

@dataclass
class _Reply:
    status: int
    headers: Mapping[str, str]
    data: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.data)
        except ValueError:
            return None

    def message(self) -> str:
        """The Status message, or the start of a non-JSON body."""
        doc = self.json()
        if isinstance(doc, dict) and doc.get("message"):
            return str(doc["message"])
        return self.data[:200].decode("utf-8", "replace").strip()

    def describe(self) -> str:
        if self.status == TOO_LARGE:
            return "an answer larger than the limit per response"
        reason = {401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 410: "Gone", 429: "Too Many Requests",
                  500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                  504: "Gateway Timeout"}.get(self.status, "")
        return f"{self.status} {reason}".strip()


class _Unreachable(Exception):
    """The connection failed: refused, dropped, timed out."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class _Connection:
    """One configured ApiClient and the retry rules around its requests."""

    def __init__(self, api_client: Any, settings: ScanSettings, context: str, server: str,
                 namespace: str | None) -> None:
        self.api_client = api_client
        self.settings = settings
        self.context = context
        self.server = server
        self.namespace = namespace
        self.notice: Callable[[str], None] | None = None

    @property
    def where(self) -> str:
        return f"{self.server} (context {self.context})"

    def close(self) -> None:
        self.api_client.close()

    def get(self, path: str, query: Iterable[tuple[str, str]] = ()) -> _Reply:
        return self.request("GET", path, list(query))

    def request(self, method: str, path: str, query: list[tuple[str, str]] | None = None,
                body: dict[str, Any] | None = None) -> _Reply:
        """One request with bounded retries; a 401 or a dead connection becomes a ScanError.

        The whole request — every try's timeouts and the waits between tries — stays within
        ``request_budget`` seconds: each try's timeouts shrink to what is left of it.
        """
        s = self.settings
        waited = spent = 0.0
        tries = fails = 0
        timeouts: list[float] = []
        while True:
            left = s.request_budget - spent - waited
            read_timeout = max(0.001, min(s.read_timeout, left))
            started = time.monotonic()
            try:
                reply = self._send(method, path, query, body, (max(0.001, min(s.connect_timeout, left)), read_timeout))
            except _Unreachable as exc:
                spent += time.monotonic() - started
                fails += 1
                if exc.timed_out:
                    timeouts.append(read_timeout)
                delay = min(s.max_delay, s.base_delay * 2 ** (fails - 1))
                left = s.request_budget - spent - waited - delay
                if fails >= s.connect_attempts or waited + delay > s.max_total_wait or left <= 0:
                    raise ScanError(f"cannot reach the Kubernetes API server {self.where}: "
                                    f"{self._gave_up(exc, timeouts, spent + waited)}") from None
                if exc.timed_out and self.notice is not None:
                    self.notice(f"no answer from {self.where} within {read_timeout:g}s; trying again "
                                f"(try {fails + 1} of {s.connect_attempts}, at most {s.request_budget:g}s in all)")
            else:
                spent += time.monotonic() - started
                if reply.status == 401:
                    raise ScanError(
                        f"the Kubernetes API server {self.where} rejected the credentials (401 Unauthorized): "
                        f"the token or certificate is missing, invalid or expired; log in again") from None
                if reply.status not in RETRYABLE:
                    return reply
                tries += 1
                after = _retry_after(reply.headers)
                delay = after if after is not None else min(s.max_delay, s.base_delay * 2 ** (tries - 1))
                if tries >= s.attempts or waited + delay > s.max_total_wait or \
                        spent + waited + delay >= s.request_budget:
                    return reply
            s.sleep(delay)
            waited += delay

    @staticmethod
    def _gave_up(exc: _Unreachable, timeouts: list[float], elapsed: float) -> str:
        """Why the last try failed; for timeouts, how long the request waited in all."""
        if not exc.timed_out or len(timeouts) < 2:
            return str(exc)
        return (f"no answer within {elapsed:.3g}s ({len(timeouts)} tries of at most "
                f"{max(timeouts):g}s each, with the waits between them)")

    def _send(self, method: str, path: str, query: list[tuple[str, str]] | None,
              body: dict[str, Any] | None, timeout: tuple[float, float]) -> _Reply:
        import urllib3
        from kubernetes.client.exceptions import ApiException
        from kubernetes.config.config_exception import ConfigException

        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            _, url, header_params, payload, _ = self.api_client.param_serialize(
                method=method, resource_path=path, query_params=query or [], header_params=headers, body=body,
                auth_settings=["BearerToken"])
            response = self.api_client.call_api(
                method, url, header_params=header_params, body=payload, _request_timeout=timeout)
            data = _read_body(response, self.settings.max_response_bytes)
            if data is None:
                return _Reply(TOO_LARGE, response.headers, b"")
            return _Reply(int(response.status), response.headers, data)
        except (ConfigException, _PluginFailed) as exc:   # a token refresh runs the exec plugin again
            raise ScanError(f"context {self.context}: cannot obtain credentials: {exc}") from None
        except ApiException as exc:  # the client reports TLS failures this way (status 0)
            raise ScanError(f"cannot talk to the Kubernetes API server {self.where}: "
                            f"{str(exc.reason).splitlines()[-1] if exc.reason else exc}") from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            if isinstance(exc, urllib3.exceptions.SSLError):
                raise ScanError(f"TLS with the Kubernetes API server {self.where} failed: {exc}") from None
            raise _Unreachable(self._explain(exc, timeout), timed_out=self._timed_out(exc)) from None

    @staticmethod
    def _timed_out(exc: BaseException) -> bool:
        import urllib3

        errors = urllib3.exceptions
        reason = getattr(exc, "reason", None)
        if isinstance(exc, errors.MaxRetryError) and isinstance(reason, BaseException):
            exc = reason
        return isinstance(exc, errors.ReadTimeoutError | TimeoutError) or (
            isinstance(exc, errors.ConnectTimeoutError) and not isinstance(exc, errors.NewConnectionError))

    def _explain(self, exc: BaseException, timeout: tuple[float, float]) -> str:
        import urllib3

        errors = urllib3.exceptions
        reason = getattr(exc, "reason", None)
        if isinstance(exc, errors.MaxRetryError) and isinstance(reason, BaseException):
            exc = reason
        if isinstance(exc, errors.NameResolutionError):
            return "the host name does not resolve"
        if isinstance(exc, errors.NewConnectionError):  # a subclass of ConnectTimeoutError: test it first
            return "connection refused" if "refused" in str(exc).lower() else "cannot connect"
        if isinstance(exc, errors.ConnectTimeoutError):
            return f"no connection within {timeout[0]:g}s"
        if isinstance(exc, errors.ReadTimeoutError | TimeoutError):
            return f"no answer within {timeout[1]:g}s"
        if isinstance(exc, errors.ProtocolError | ConnectionError):
            return "the connection was closed without an answer"
        return str(exc) or type(exc).__name__


def _read_body(response: Any, limit: int) -> bytes | None:
    """The body of an answer, read piece by piece; None past ``limit`` bytes (the connection is dropped
    rather than drained). The client hands back urllib3's response unread (``preload_content=False``)."""
    raw = getattr(response, "response", None)
    if raw is None or not hasattr(raw, "stream"):
        data = bytes(response.read() or b"")
        return data if len(data) <= limit else None
    length = str(raw.headers.get("Content-Length") or "")
    if length.isdigit() and int(length) > limit:
        _drop(raw)
        return None
    chunks: list[bytes] = []
    total = 0
    for chunk in raw.stream(MiB):
        total += len(chunk)
        if total > limit:
            _drop(raw)
            return None
        chunks.append(chunk)
    raw.release_conn()
    return b"".join(chunks)


def _drop(raw: Any) -> None:
    """Close an answer that will not be read to its end, and give its pool slot back."""
    raw.close()
    raw.release_conn()


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), or None."""
    value = headers.get("Retry-After") if headers else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(tz=dt.UTC)).total_seconds())


def _connect(context: str | None, kubeconfig: str | None, in_cluster: bool, settings: ScanSettings) -> _Connection:
    """Configure an ApiClient from in-cluster configuration or a kubeconfig context."""
    from kubernetes import client
    from kubernetes import config as kube_config

    from readiness import __version__

    config: Any = kube_config  # partly typed upstream; used through its documented functions only

    cfg = client.Configuration()
    namespace: str | None = None
    if in_cluster:
        try:
            config.load_incluster_config(client_configuration=cfg)
        except config.ConfigException as exc:
            raise ScanError(f"in-cluster configuration unavailable ({exc}); run inside a pod with a service "
                            f"account, or pass --kubeconfig/--context") from None
        name = IN_CLUSTER
        try:
            namespace = Path(SERVICE_ACCOUNT_NAMESPACE).read_text(encoding="utf-8").strip() or None
        except OSError:
            namespace = None
    else:
        kc = _read_kubeconfig(kubeconfig)
        name = context or kc.current or ""
        if not name:
            raise ScanError(f"kubeconfig {kc.label}: no current-context is set; pass --context NAME "
                            f"(contexts: {', '.join(kc.contexts) or 'none'})")
        if name not in kc.contexts:
            raise ScanError(f"kubeconfig {kc.label}: no context named {name!r} "
                            f"(contexts: {', '.join(kc.contexts) or 'none'})")
        ns = kc.contexts[name].get("namespace")
        namespace = ns if isinstance(ns, str) and ns else None
        try:
            config.load_kube_config(config_file=kc.label, context=name, client_configuration=cfg,
                                    persist_config=False)
        except _PluginFailed as exc:
            raise ScanError(f"kubeconfig {kc.label}: context {name}: {exc}") from None
        except Exception as exc:  # the loader raises ConfigException, ValueError, OSError… for bad entries
            raise ScanError(f"kubeconfig {kc.label}: context {name}: {_one_line(exc)}") from None
    cfg.retries = False  # retries are ours: bounded, with backoff and Retry-After
    api_client = client.ApiClient(cfg)
    api_client.user_agent = f"readiness/{__version__} (read-only scan)"
    server = str(cfg.host or "").rstrip("/")
    return _Connection(api_client, settings, name, server, namespace)


# ----- exec credential plugins ----------------------------------------------------------------------------

class _PluginFailed(BaseException):
    """An exec credential plugin failed or was stopped. A BaseException, so that it passes the client's
    ``except Exception: logging.error(...)`` around plugins, which would go on without credentials."""


@contextmanager
def _bounded_exec_plugins(seconds: float) -> Iterator[None]:
    """While active, the kubernetes client runs kubeconfig exec plugins under :mod:`readiness.scan.exec_bound`
    (a time limit of ``seconds``) and their failures stop the scan with the plugin named.

    The client looks the provider class up in ``kube_config`` each time it runs a plugin (at load and at
    every token refresh); a subclass stands in for it here and the original is put back afterwards.
    """
    from kubernetes.config import kube_config

    loader: Any = kube_config  # partly typed upstream
    original = loader.ExecProvider
    loader.ExecProvider = _bounded_provider(original, seconds)
    try:
        yield
    finally:
        loader.ExecProvider = original


def _bounded_provider(base: type[Any], seconds: float) -> type[Any]:
    """A subclass of the client's ExecProvider that starts the plugin through exec_bound with ``seconds``."""

    class BoundedExecProvider(base):  # type: ignore[misc]
        args: list[str]
        plugin: str

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            try:
                super().__init__(*args, **kwargs)
            except Exception as exc:  # a malformed exec entry (no command, no apiVersion)
                raise _PluginFailed(f"exec credential plugin: {_one_line(exc)}") from None
            self.plugin = str(self.args[0])
            self.args = [*exec_bound.command(seconds), *self.args]

        def run(self, *args: Any, **kwargs: Any) -> Any:
            started = time.monotonic()
            try:
                return super().run(*args, **kwargs)
            except Exception as exc:
                if time.monotonic() - started >= seconds:
                    raise _PluginFailed(f"the exec credential plugin {self.plugin} did not answer within "
                                        f"{seconds:g}s and was stopped; run it by hand to see what it waits for "
                                        f"(a login, a browser, the network)") from None
                raise _PluginFailed(f"the exec credential plugin {self.plugin} failed: "
                                    f"{_one_line(exc)[:300]}") from None

    return BoundedExecProvider


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


# ----- scanning -------------------------------------------------------------------------------------------

class _ListFailed(Exception):
    def __init__(self, reply: _Reply, partial: list[dict[str, Any]]) -> None:
        super().__init__(reply.describe())
        self.reply = reply
        self.partial = partial


@dataclass
class _Scanner:
    conn: _Connection
    progress: Progress | None
    groups: dict[str, tuple[set[str], str]] | None = None
    """Served API groups: name → (versions, preferred version); None when discovery failed."""
    cut: list[str] = field(default_factory=list)
    """Lists stopped at a bound (pages per list, bytes per answer), as the warnings say it."""
    trimmer: Trimmer = field(default_factory=Trimmer)
    """Decodes list pages trimmed, sharing what pods repeat."""

    def run(self) -> ClusterObjects:
        result = ClusterObjects(name=self.conn.context, source=f"live:{self.conn.context}")
        version = self.conn.get("/version")
        discovery = self.conn.get("/apis")
        if version.json() is None and discovery.json() is None:
            raise ScanError(f"{self.conn.where} does not answer like a Kubernetes API server (/version: "
                            f"{version.describe()}, /apis: {discovery.describe()}); check the server address")
        result.kubernetes_version = self._version(version, result.warnings)
        self.groups = self._discover(discovery, result.warnings)
        for kind in SCANNED_KINDS:
            items = self._scan_kind(kind, result.warnings)
            if items is not None:
                result.objects[kind.kind] = items
            if self.progress is not None:
                self.progress(kind.kind, len(items or ()))
        if self.progress is not None:
            self.progress("done", sum(len(v) for v in result.objects.values()))
        if self.cut and not any(result.objects.values()):
            raise ScanError(f"nothing usable was read from {self.conn.where}: {'; '.join(self.cut[:3])}")
        return result

    def _version(self, reply: _Reply, warnings: list[str]) -> str | None:
        doc = reply.json() if reply.status == 200 else None
        if isinstance(doc, dict) and doc.get("gitVersion"):
            return str(doc["gitVersion"])
        warnings.append(f"the Kubernetes version could not be read (/version answered {reply.describe()})")
        return None

    def _discover(self, reply: _Reply, warnings: list[str]) -> dict[str, tuple[set[str], str]] | None:
        doc = reply.json() if reply.status == 200 else None
        if not isinstance(doc, dict) or not isinstance(doc.get("groups"), list):
            warnings.append(f"API discovery failed (/apis answered {reply.describe()}); every kind is tried")
            return None
        groups: dict[str, tuple[set[str], str]] = {}
        for group in doc["groups"]:
            if not isinstance(group, dict) or not group.get("name"):
                continue
            versions = {str(v.get("version")) for v in group.get("versions") or [] if isinstance(v, dict)}
            preferred = str((group.get("preferredVersion") or {}).get("version") or "")
            groups[str(group["name"])] = (versions, preferred)
        return groups

    def _version_for(self, kind: ResourceKind, warnings: list[str]) -> str | None:
        """The version to list a kind at; None when its group is not served."""
        if not kind.group or self.groups is None:
            return kind.version
        served = self.groups.get(kind.group)
        if served is None:
            if kind.group in BUILTIN_GROUPS:
                warnings.append(f"{_label(kind)}: the API group {kind.group} is not served by this cluster; "
                                f"{_plural_kind(kind)} are left out")
            return None
        versions, preferred = served
        if kind.version in versions:
            return kind.version
        return preferred or (sorted(versions)[-1] if versions else None)

    def _scan_kind(self, kind: ResourceKind, warnings: list[str]) -> list[dict[str, Any]] | None:
        version = self._version_for(kind, warnings)
        if version is None:
            return None
        try:
            return self._list(kind, version, None, warnings)
        except _ListFailed as failed:
            status = failed.reply.status
            if status == 404:
                if kind.group not in BUILTIN_GROUPS:
                    return None  # an optional API (Gateway API, OpenShift) that is not installed
                warnings.append(f"{_label(kind)}: not served by this API server (404); "
                                f"{_plural_kind(kind)} are left out")
                return None
            if status == 403 and kind.namespaced and self.conn.namespace:
                return self._namespace_only(kind, version, failed, warnings)
            warnings.append(self._failure(kind, failed, scope="cluster-wide"))
            return failed.partial or None

    def _namespace_only(self, kind: ResourceKind, version: str, failed: _ListFailed,
                        warnings: list[str]) -> list[dict[str, Any]] | None:
        ns = self.conn.namespace
        try:
            items = self._list(kind, version, ns, warnings)
        except _ListFailed as again:
            warnings.append(self._failure(kind, again, scope=f"cluster-wide or in namespace {ns}"))
            return again.partial or None
        warnings.append(f"{_label(kind)}: listing cluster-wide was refused ({failed.reply.describe()}); only "
                        f"namespace {ns} was read, {_plural_kind(kind)} elsewhere are not seen — {RBAC_HINT}")
        return items

    def _failure(self, kind: ResourceKind, failed: _ListFailed, *, scope: str) -> str:
        reply = failed.reply
        seen = f"; only {len(failed.partial)} were read" if failed.partial else ""
        if reply.status == TOO_LARGE:
            limit = self.conn.settings.max_response_bytes
            return self._bounded(f"{_label(kind)}: an answer of the API server was larger than {limit / MiB:g} "
                                 f"MiB, the limit per response; it was not read, {_plural_kind(kind)} may be "
                                 f"missing{seen}")
        if reply.status == 403:
            return (f"{_label(kind)}: not visible — listing {scope} is forbidden (403); {_plural_kind(kind)} "
                    f"are left out of the inventory — {RBAC_HINT}")
        if reply.status == NOT_A_LIST:
            return (f"{_label(kind)}: the API server answered something that is not a Kubernetes list; "
                    f"{_plural_kind(kind)} may be missing{seen}")
        detail = reply.message()
        return (f"{_label(kind)}: the API server answered {reply.describe()} after retries"
                f"{' (' + detail + ')' if detail else ''}; {_plural_kind(kind)} may be missing{seen}")

    def _bounded(self, message: str) -> str:
        """Remember a list stopped at a bound; returns its warning."""
        self.cut.append(message)
        return message

    def _list(self, kind: ResourceKind, version: str, namespace: str | None,
              warnings: list[str]) -> list[dict[str, Any]]:
        """Every object of a kind, page by page; restarts the list when its continue token expires.

        At most ``max_pages`` pages (restarts included): past that, what was read is kept, with a warning.
        """
        path = _list_path(kind, version, namespace)
        api_version = f"{kind.group}/{version}" if kind.group else version
        page_size = str(max(1, self.conn.settings.page_size))
        items: list[dict[str, Any]] = []
        token = ""
        restarts = pages = 0
        while True:
            if pages >= self.conn.settings.max_pages:
                warnings.append(self._bounded(
                    f"{_label(kind)}: the API server kept answering with one more page (a new continue token); "
                    f"listing stopped after {pages:,} pages, the limit per list, with {len(items):,} "
                    f"{_plural_kind(kind)} read — more may exist"))
                return items
            query = [("limit", page_size)] + ([("continue", token)] if token else [])
            reply = self.conn.get(path, query)
            pages += 1
            if reply.status == 410 and token:
                restarts += 1
                if restarts > self.conn.settings.list_restarts:
                    warnings.append(f"{_label(kind)}: the list kept expiring (410 Gone) while paging; "
                                    f"{len(items)} {_plural_kind(kind)} read, more may exist")
                    return items
                items, token = [], ""
                continue
            if reply.status != 200:
                raise _ListFailed(reply, items)
            page = decode_page(reply.data, self.trimmer, kind.kind)   # parsed once, items trimmed as decoded
            if page is None:
                raise _ListFailed(_Reply(NOT_A_LIST, reply.headers, reply.data), items)
            for item, trimmed in page[0]:
                if isinstance(item, dict):
                    items.append(_tidy(item, trimmed, kind.kind, api_version))
            meta = page[1] or {}
            next_token = str(meta.get("continue") or "") if isinstance(meta, dict) else ""
            if not next_token:
                return items
            if next_token == token:
                warnings.append(f"{_label(kind)}: the API server repeated a continue token; listing stopped "
                                f"after {len(items)} {_plural_kind(kind)}")
                return items
            token = next_token


def _list_path(kind: ResourceKind, version: str, namespace: str | None) -> str:
    base = f"/apis/{kind.group}/{version}" if kind.group else f"/api/{version}"
    return f"{base}/namespaces/{namespace}/{kind.plural}" if namespace else f"{base}/{kind.plural}"


def _label(kind: ResourceKind) -> str:
    return f"{kind.kind} ({kind.plural}{'.' + kind.group if kind.group else ''})"


def _plural_kind(kind: ResourceKind) -> str:
    name = kind.kind
    if name.endswith("y") and not name.endswith("ay"):
        return name[:-1] + "ies"
    if name.endswith(("s", "x")):
        return name + "es"
    return name + "s"


def _tidy(item: dict[str, Any], trimmed: bool, kind: str, api_version: str) -> dict[str, Any]:
    """List items carry no kind/apiVersion: they get them (a trimmed item has its kind), and are trimmed as
    snapshots are (no values)."""
    item["apiVersion"] = api_version
    item["kind"] = kind
    return item if trimmed else slim_object(item)


def _review(conn: _Connection, kind: ResourceKind, verb: str) -> PermissionCheck:
    body = {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
            "spec": {"resourceAttributes": {"verb": verb, "group": kind.group, "resource": kind.plural}}}
    reply = conn.request("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", body=body)
    doc = reply.json()
    if reply.status not in (200, 201) or not isinstance(doc, dict) or not isinstance(doc.get("status"), dict):
        raise ScanError(f"the Kubernetes API server {conn.where} did not answer a SelfSubjectAccessReview "
                        f"({reply.describe()}: {reply.message()})")
    status = doc["status"]
    reason = str(status.get("reason") or status.get("evaluationError") or "")
    return PermissionCheck(kind.kind, kind.group, kind.plural, verb, bool(status.get("allowed")), reason)


# ----- redaction ------------------------------------------------------------------------------------------
