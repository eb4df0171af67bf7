"""Mesh compatibility precheck: one small function per check of the catalogue, registered by id. Pure.

The catalogue (``readiness/rules/mesh/precheck-checks.yaml``) holds each check's text, default severity,
per-mesh applicability and parameters; the functions here only find the affected objects. A check
returns :class:`Hit` s (an object, what is wrong, and optionally which data planes it concerns and
how badly); :func:`run_precheck` turns them into one :class:`Finding` per check.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from readiness.models.mesh import MESH_TITLES, MESHES, MeshId, Severity, severity_rank
from readiness.models.precheck import (
    AffectedObject,
    CheckCatalogue,
    CheckDefinition,
    ClusterPrecheck,
    Finding,
    MeshVerdict,
    Precheck,
    SkippedCheck,
    SourceLine,
)
from readiness.scan.access import annotations_of, as_dict, as_list, labels_of, name_of, namespace_of
from readiness.scan.objects import ClusterObjects, SourceLocation
from readiness.scan.podspecs import (
    PodTemplate,
    TemplateIndex,
    app_containers,
    container_ports,
    gc_paused,
    matches_any,
    pod_templates,
    resolve_target_port,
    run_as_user,
    selected_templates,
)
from readiness.scan.protocols import UNKNOWN, detect_protocol
from readiness.scan.signatures import Signatures, load_signatures


@dataclass(frozen=True)
class Hit:
    """One affected object as a check sees it."""

    kind: str
    namespace: str | None
    name: str
    detail: str
    meshes: tuple[MeshId, ...] | None = None
    """Data planes it concerns (None: every data plane the check applies to)."""
    severity: Severity | None = None
    """None: the check's default severity."""
    mesh_severity: tuple[tuple[MeshId, Severity], ...] = ()
    """Per data plane severities where they differ from ``severity``."""


class Skipped(Exception):
    """Raised by a check that cannot run on this input (the reason is reported, not a finding)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CheckContext:
    """What a check reads: the cluster's objects, its own definition and the catalogue."""

    objects: ClusterObjects
    definition: CheckDefinition
    catalogue: CheckCatalogue
    system_namespaces: tuple[str, ...]
    templates: tuple[PodTemplate, ...] = field(default=())
    index: TemplateIndex = field(default_factory=lambda: TemplateIndex(()))
    """The application templates (outside system namespaces), indexed by namespace and label."""

    @property
    def params(self) -> dict[str, Any]:
        return self.definition.params

    @property
    def proxies(self) -> list[str]:
        return self.catalogue.proxy_containers

    def in_scope(self, namespace: str | None) -> bool:
        """Whether objects in this namespace would join a mesh (system namespaces would not)."""
        return not matches_any(namespace, self.system_namespaces)

    def app_templates(self) -> list[PodTemplate]:
        """Pod templates outside system namespaces."""
        return self.index.templates

    def app_objects(self, kind: str) -> list[dict[str, Any]]:
        """Objects of a kind outside system namespaces (Namespaces: by their own name)."""
        where = name_of if kind == "Namespace" else namespace_of
        return [o for o in self.objects.of_kind(kind) if self.in_scope(where(o))]


CheckFn = Callable[[CheckContext], list[Hit]]
CHECKS: dict[str, CheckFn] = {}
"""The registry: check id → function. A test keeps it identical to the catalogue's ids."""


def check(check_id: str) -> Callable[[CheckFn], CheckFn]:
    """Register a function as the logic of the catalogue check ``check_id``."""

    def register(fn: CheckFn) -> CheckFn:
        if check_id in CHECKS:
            raise ValueError(f"check {check_id!r} registered twice")
        CHECKS[check_id] = fn
        return fn

    return register


# --------------------------------------------------------------------------------------------------
# Kubernetes version
# --------------------------------------------------------------------------------------------------

_VERSION = re.compile(r"^v?(\d+)\.(\d+)")


def parse_minor(version: str) -> tuple[int, int] | None:
    """``(1, 29)`` from ``v1.29.3-eks-abc``, ``1.29`` or ``1.29+``; None when unreadable."""
    match = _VERSION.match(version.strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def cluster_version(objects: ClusterObjects) -> str | None:
    """The API server version, else the oldest kubelet version among the Nodes, else None."""
    if objects.kubernetes_version and parse_minor(objects.kubernetes_version):
        return objects.kubernetes_version
    kubelets = [str(v) for n in objects.of_kind("Node")
                if (v := as_dict(as_dict(n.get("status")).get("nodeInfo")).get("kubeletVersion"))
                and parse_minor(str(v))]
    return min(kubelets, key=lambda v: parse_minor(v) or (0, 0)) if kubelets else None


@check("kubernetes_version")
def kubernetes_version(ctx: CheckContext) -> list[Hit]:
    """The cluster's Kubernetes minor against the current release of each mesh: one object, the cluster."""
    version = cluster_version(ctx.objects)
    minor = parse_minor(version) if version else None
    if version is None or minor is None:
        raise Skipped("the input records no Kubernetes version (manifests do not carry it: scan the cluster live, "
                      "or include Node objects in the snapshot)")
    found: list[tuple[MeshId, Severity, str]] = []
    for table in ctx.catalogue.kubernetes_support:
        current = table.current()
        title = MESH_TITLES[table.mesh]
        low = parse_minor(current.kubernetes_min) or (0, 0)
        high = parse_minor(current.kubernetes_max) if current.kubernetes_max else None
        if minor < low:
            fitting = [r for r in table.releases if r.status != "development"
                       and (parse_minor(r.kubernetes_min) or (0, 0)) <= minor
                       and (r.kubernetes_max is None or minor <= (parse_minor(r.kubernetes_max) or (0, 0)))]
            older = "no release listed supports it"
            if fitting:
                older = (f"the newest release that supports it is {fitting[0].release} "
                         f"({table.status_text(fitting[0])})")
            found.append((table.mesh, "error", f"below {title} {current.release}'s minimum "
                                               f"{current.kubernetes_min}; {older}"))
        elif high is not None and minor > high:
            found.append((table.mesh, ctx.params.get("newer_than_tested_severity", "info"),
                          f"newer than {title} {current.release} was tested with (up to {current.kubernetes_max})"))
    if not found:
        return []
    worst: Severity = max((level for _, level, _ in found), key=severity_rank)
    as_of = max(t.status_as_of for t in ctx.catalogue.kubernetes_support)
    detail = f"Kubernetes {version} is " + "; ".join(text for _, _, text in found) + f" (statuses as of {as_of})"
    return [Hit("Cluster", None, ctx.objects.name, detail, tuple(m for m, _, _ in found), worst,
                tuple((m, level) for m, level, _ in found if level != worst))]


# --------------------------------------------------------------------------------------------------
# Service ports
# --------------------------------------------------------------------------------------------------

def _is_udp(port: dict[str, Any]) -> bool:
    return str(port.get("protocol", "TCP")).upper() in ("UDP", "SCTP")


def port_protocol(port: dict[str, Any], protocols: Iterable[str], app_protocols: Iterable[str] = ()) -> str | None:
    """The protocol Istio reads from a Service port (appProtocol first, then the name prefix), or None."""
    known = {p.lower() for p in protocols}
    app_protocol = port.get("appProtocol")
    if isinstance(app_protocol, str) and app_protocol:
        lowered = app_protocol.lower()
        if lowered in known or lowered in {p.lower() for p in app_protocols}:
            return lowered
    name = str(port.get("name") or "").lower()
    if name.startswith("grpc-web"):
        return "grpc-web"
    prefix = name.split("-", 1)[0]
    return prefix if prefix in known else None


def _services(ctx: CheckContext) -> list[dict[str, Any]]:
    """In-scope Services that proxy traffic (ExternalName Services have no endpoints)."""
    return [s for s in ctx.app_objects("Service") if as_dict(s.get("spec")).get("type") != "ExternalName"]


def _ports(service: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in as_list(as_dict(service.get("spec")).get("ports")) if isinstance(p, dict)]


@check("service_port_protocol")
def service_port_protocol(ctx: CheckContext) -> list[Hit]:
    """Service ports whose protocol Istio would have to guess."""
    protocols, app_protocols = ctx.params["protocols"], ctx.params.get("app_protocols", [])
    hits = []
    for service in _services(ctx):
        for port in _ports(service):
            if _is_udp(port) or port_protocol(port, protocols, app_protocols):
                continue
            name, app_protocol = port.get("name"), port.get("appProtocol")
            if app_protocol:
                what = f"appProtocol {app_protocol!r} is not a protocol Istio recognises"
            elif name:
                what = f"name {name!r} has no protocol prefix"
            else:
                what = "unnamed, no appProtocol"
            hits.append(Hit("Service", namespace_of(service), name_of(service), f"port {port.get('port')}: {what}"))
    return hits


# --------------------------------------------------------------------------------------------------
# Pods: UIDs, capabilities, host network, ports
# --------------------------------------------------------------------------------------------------

@check("proxy_uid")
def proxy_uid(ctx: CheckContext) -> list[Hit]:
    """Application containers running as a proxy's UID."""
    uids: dict[str, int] = ctx.params["uids"]
    hits = []
    for template in ctx.app_templates():
        for container in app_containers(template.spec, ctx.proxies, places=("main", "sidecar", "init")):
            uid = run_as_user(template.spec, container)
            meshes = tuple(m for m in MESHES if uids.get(m) == uid)
            if meshes:
                hits.append(Hit(template.kind, template.namespace, template.name,
                                f"container {container.name} runs as UID {uid}", meshes))
    return hits


@check("pod_security_init_capabilities")
def pod_security_init_capabilities(ctx: CheckContext) -> list[Hit]:
    """Namespaces whose Pod Security level refuses the proxy init container's capabilities."""
    label, levels = ctx.params["label"], set(ctx.params["levels"])
    daemonsets = {name_of(d) for d in ctx.objects.of_kind("DaemonSet")}
    with_cni = {m for m, names in as_dict(ctx.params.get("cni_daemonsets")).items() if daemonsets & set(names)}
    meshes = tuple(m for m in ctx.definition.applicability.meshes() if m not in with_cni)
    if not meshes:
        return []
    hits = []
    for namespace in ctx.app_objects("Namespace"):
        level = labels_of(namespace).get(label)
        if level in levels:
            cni_note = (f"; {', '.join(MESH_TITLES[m] for m in MESHES if m in with_cni)} already uses its CNI "
                        "plugin" if with_cni else "")
            hits.append(Hit("Namespace", None, name_of(namespace),
                            f"enforces Pod Security '{level}', which refuses NET_ADMIN/NET_RAW{cni_note}", meshes))
    return hits


@check("host_network")
def host_network(ctx: CheckContext) -> list[Hit]:
    """Workloads whose pods share the node's network namespace."""
    return [Hit(t.kind, t.namespace, t.name, "hostNetwork: true") for t in ctx.app_templates()
            if t.spec.get("hostNetwork") is True]


@check("proxy_port_collision")
def proxy_port_collision(ctx: CheckContext) -> list[Hit]:
    """Application container ports that a proxy binds in the same pod."""
    reserved: dict[str, list[int]] = ctx.params["ports"]
    hits = []
    for template in ctx.app_templates():
        for container in app_containers(template.spec, ctx.proxies):
            for port in container_ports(container):
                number = port.get("containerPort")
                meshes = tuple(m for m in MESHES if number in reserved.get(m, []))
                if meshes:
                    hits.append(Hit(template.kind, template.namespace, template.name,
                                    f"container {container.name} listens on {number}, which "
                                    f"{' and '.join(MESH_TITLES[m] for m in meshes)} reserve(s)", meshes))
    return hits


# --------------------------------------------------------------------------------------------------
# Server-first protocols
# --------------------------------------------------------------------------------------------------

def parse_port_list(text: str) -> set[int]:
    """Ports from an annotation such as ``3306,27017`` or ``4000-4010`` (unreadable parts ignored)."""
    ports: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        low, _, high = part.partition("-")
        if low.isdigit() and (not high or high.isdigit()):
            end = int(high) if high else int(low)
            if end - int(low) <= 65535:
                ports.update(range(int(low), end + 1))
    return ports


def _container_port_name(port: dict[str, Any], target: int | None, selected: Iterable[PodTemplate],
                         proxies: Iterable[str]) -> str | None:
    """The name of the container port a Service port sends to, if the selected pods name it."""
    wanted = port.get("targetPort")
    for template in selected:
        for container in app_containers(template.spec, proxies):
            for declared in container_ports(container):
                name = declared.get("name")
                if name and (declared.get("containerPort") == target or name == wanted):
                    return str(name)
    return None


def scanner_protocol(port: dict[str, Any], target: int | None, selected: Iterable[PodTemplate],
                     proxies: Iterable[str], sig: Signatures) -> tuple[str, str]:
    """(protocol, why) the scanner attributes to a Service port: appProtocol, Service or container port name,
    well-known port number — the same reading as the inventory's ``ports``."""
    number = target if target is not None else port.get("port")
    if not isinstance(number, int) or isinstance(number, bool):
        return UNKNOWN, "no port number"
    cport_name = _container_port_name(port, target, selected, proxies)
    transport = str(port.get("protocol") or "TCP").upper()
    return detect_protocol(port, cport_name, number, transport, (), sig)


@check("server_first_protocol")
def server_first_protocol(ctx: CheckContext) -> list[Hit]:
    """Service ports of server-first protocols, and which mesh would stall on them without configuration.

    The protocol comes from the scanner's detection (appProtocol, port names, well-known ports), so MongoDB on a
    non-standard port named ``documentdb`` counts; port numbers decide only when nothing names the protocol.
    """
    p = ctx.params
    by_protocol = {str(k).lower(): str(v) for k, v in p.get("server_first_protocols", {}).items()}
    by_port = {int(k): str(v) for k, v in p["server_first_ports"].items()}
    istio_tcp, linkerd_opaque = set(p["istio_default_tcp_ports"]), set(p["linkerd_default_opaque_ports"])
    sig = load_signatures()
    hits = []
    for service in _services(ctx):
        selected = selected_templates(service, ctx.index)
        annotated: set[int] = set()
        for source in [annotations_of(service)] + [t.annotations for t in selected]:
            for key in (p["linkerd_opaque_annotation"], p["linkerd_skip_annotation"]):
                annotated |= parse_port_list(source.get(key, ""))
        for port in _ports(service):
            if _is_udp(port):
                continue
            number, target = port.get("port"), resolve_target_port(port, selected, ctx.proxies)
            detected, why = scanner_protocol(port, target, selected, ctx.proxies, sig)
            if detected in by_protocol:
                protocol, evidence = by_protocol[detected], why
            elif detected not in (UNKNOWN, "tcp", "tls"):
                continue  # the port is named (or appProtocol says) something else: not server-first
            elif (found := by_port.get(target or -1) or by_port.get(number if isinstance(number, int) else -1)):
                protocol, evidence = found, f"port {target if target in by_port else number}"
            else:
                continue
            affected: list[MeshId] = []
            relying: list[MeshId] = []
            notes: list[str] = []
            if port_protocol(port, p["istio_explicit_protocols"]):
                notes.append("Istio: declared explicitly")
            elif number in istio_tcp:
                relying.append("istio_sidecar")
                notes.append(f"Istio: treated as TCP only by its default for Service port {number}")
            else:
                affected.append("istio_sidecar")
                notes.append("Istio: would sniff and stall (declare the protocol)")
            if annotated & {number, target}:
                notes.append("Linkerd: marked opaque")
            elif target in linkerd_opaque:
                notes.append(f"Linkerd: {target} is a default opaque port")
            else:
                affected.append("linkerd")
                notes.append("Linkerd: not an opaque port (mark it opaque)")
            if not affected and not relying:
                continue
            port_text = f"port {number}" + (f"→{target}" if target not in (None, number) else "")
            label = f"{port_text} ({port.get('name') or 'unnamed'})"
            hits.append(Hit("Service", namespace_of(service), name_of(service),
                            f"{label}: {protocol} is server-first ({evidence}); " + "; ".join(notes),
                            tuple(m for m in MESHES if m in affected or m in relying),
                            "warning" if affected else "info",
                            tuple((m, "info") for m in relying) if affected else ()))
    return hits


# --------------------------------------------------------------------------------------------------
# Headless Services, StatefulSets
# --------------------------------------------------------------------------------------------------

@check("headless_or_stateful")
def headless_or_stateful(ctx: CheckContext) -> list[Hit]:
    """Headless Services (clients and StatefulSet peers reach pod IPs directly), with the StatefulSets they govern.

    A StatefulSet whose governing Service is not headless gets no per-pod DNS names, so nothing reaches its pods
    directly and it needs no more attention than any other workload: it is not flagged.
    """
    protocols = ctx.catalogue.check("service_port_protocol").params.get("protocols", [])
    governed: dict[tuple[str | None, str], list[dict[str, Any]]] = {}
    for sts in ctx.app_objects("StatefulSet"):
        governing = as_dict(sts.get("spec")).get("serviceName")
        if isinstance(governing, str) and governing:
            governed.setdefault((namespace_of(sts) or "default", governing), []).append(sts)
    hits = []
    for service in _services(ctx):
        if as_dict(service.get("spec")).get("clusterIP") != "None":
            continue
        ports = _ports(service)
        parts = [f"headless (clusterIP: None): clients reach pod IPs directly on port(s) "
                 f"{', '.join(str(p.get('port')) for p in ports) or 'none declared'}"]
        undeclared = [str(p.get("port")) for p in ports if not _is_udp(p) and not port_protocol(p, protocols)]
        if undeclared:
            parts.append(f"port(s) {', '.join(undeclared)} have no protocol name, so traffic to the pods passes "
                         "as plain TCP")
        for sts in governed.get((namespace_of(service) or "default", name_of(service)), []):
            replicas = as_dict(sts.get("spec")).get("replicas", 1)
            peers = "peers address each other by stable DNS names" if isinstance(replicas, int) and replicas > 1 \
                else "its pod is reachable by a stable DNS name"
            parts.append(f"governs StatefulSet {name_of(sts)} ({replicas} replica(s): {peers})")
        hits.append(Hit("Service", namespace_of(service), name_of(service), "; ".join(parts)))
    return hits


# --------------------------------------------------------------------------------------------------
# Another mesh
# --------------------------------------------------------------------------------------------------

def _match_values(values: dict[str, str], wanted: dict[str, list[str]]) -> list[str]:
    found = []
    for key, accepted in wanted.items():
        value = values.get(key)
        if value is not None and ("*" in accepted or value in accepted):
            found.append(f"{key}={value}")
    return found


def mesh_evidence(ctx: CheckContext) -> list[tuple[str, Hit]]:
    """(mesh id, what shows it) for every mesh of the catalogue's ``existing_mesh`` list found in the objects."""
    found: list[tuple[str, Hit]] = []
    specs = [(str(spec["id"]), spec, tuple(m for m in MESHES if m not in set(spec.get("family", []))))
             for spec in ctx.params["meshes"]]

    def add(mesh: str, others: tuple[MeshId, ...], kind: str, namespace: str | None, name: str, detail: str) -> None:
        found.append((mesh, Hit(kind, namespace, name, f"{mesh}: {detail}", others)))

    groups = Counter(str(as_dict(crd.get("spec")).get("group", "")) for crd in
                     ctx.objects.of_kind("CustomResourceDefinition"))
    for mesh, spec, others in specs:
        for webhook in ctx.objects.of_kind("MutatingWebhookConfiguration"):
            if any(name_of(webhook).startswith(prefix) for prefix in spec.get("webhooks", [])):
                add(mesh, others, "MutatingWebhookConfiguration", None, name_of(webhook), "injector webhook")
        for group in spec.get("crd_groups", []):
            if groups.get(group):
                add(mesh, others, "CustomResourceDefinition", None, f"*.{group}",
                    f"{groups[group]} CRD(s) of group {group}")
        for namespace in ctx.objects.of_kind("Namespace"):
            marks = (_match_values(labels_of(namespace), spec.get("namespace_labels", {}))
                     + _match_values(annotations_of(namespace), spec.get("namespace_annotations", {})))
            if marks:
                add(mesh, others, "Namespace", None, name_of(namespace),
                    "injection enabled (" + ", ".join(marks) + ")")
    by_container = {name: (mesh, spec, others) for mesh, spec, others in specs
                    for name in [*spec.get("containers", []), *spec.get("init_containers", [])]}
    annotated = [(mesh, others, spec.get("pod_annotations", [])) for mesh, spec, others in specs]
    for template in ctx.app_templates():
        names: dict[str, list[str]] = {}
        for c in app_containers(template.spec, (), places=("main", "init", "sidecar")):
            if c.name in by_container:
                names.setdefault(by_container[c.name][0], []).append(c.name)
        for mesh, others, keys in annotated:
            marks = [a for a in keys if a in template.annotations]
            if mesh in names or marks:
                what = ("proxy containers " + ", ".join(names[mesh])) if mesh in names else \
                    "annotation " + ", ".join(marks)
                add(mesh, others, template.kind, template.namespace, template.name, f"already injected ({what})")
    return [(mesh, hit) for mesh, hit in found if hit.meshes]


@check("existing_mesh")
def existing_mesh(ctx: CheckContext) -> list[Hit]:
    """Injector webhooks, mesh CRDs, injection labels and proxies of a mesh already present."""
    return [hit for _, hit in mesh_evidence(ctx)]


def meshes_present(objects: ClusterObjects, catalogue: CheckCatalogue, *,
                   system_namespaces: Iterable[str] | None = None) -> list[str]:
    """Ids of the meshes (istio, linkerd, consul…) the objects show, in catalogue order."""
    definition = catalogue.check("existing_mesh")
    namespaces = tuple(system_namespaces if system_namespaces is not None else catalogue.system_namespaces)
    templates = tuple(pod_templates(objects))
    index = TemplateIndex(t for t in templates if not matches_any(t.namespace, namespaces))
    ctx = CheckContext(objects, definition, catalogue, namespaces, templates, index)
    seen = {mesh for mesh, _ in mesh_evidence(ctx)}
    return [str(m["id"]) for m in definition.params["meshes"] if m["id"] in seen]


# --------------------------------------------------------------------------------------------------
# Rollout safety: probes, requests, disruption budgets
# --------------------------------------------------------------------------------------------------

def _served(ctx: CheckContext) -> set[tuple[str, str | None, str]]:
    """(kind, namespace, name) of workloads some Service selects."""
    return {(t.kind, t.namespace, t.name) for s in _services(ctx) for t in selected_templates(s, ctx.index)}


@check("missing_readiness_probe")
def missing_readiness_probe(ctx: CheckContext) -> list[Hit]:
    """Served workloads whose main containers lack a readiness probe."""
    skip, served = set(ctx.params.get("skip_kinds", [])), _served(ctx)
    hits = []
    for t in ctx.app_templates():
        if t.kind in skip or (t.kind, t.namespace, t.name) not in served:
            continue
        missing = [c.name for c in app_containers(t.spec, ctx.proxies, places=("main",))
                   if not isinstance(c.spec.get("readinessProbe"), dict)]
        if missing:
            hits.append(Hit(t.kind, t.namespace, t.name, "no readiness probe on " + ", ".join(missing)))
    return hits


@check("missing_resource_requests")
def missing_resource_requests(ctx: CheckContext) -> list[Hit]:
    """Application containers without CPU or memory requests."""
    wanted, skip = ctx.params["resources"], set(ctx.params.get("skip_kinds", []))
    hits = []
    for t in ctx.app_templates():
        if t.kind in skip:
            continue
        gaps = []
        for c in app_containers(t.spec, ctx.proxies):
            requests = as_dict(as_dict(c.spec.get("resources")).get("requests"))
            missing = [r for r in wanted if r not in requests]
            if missing:
                gaps.append(f"{c.name} ({', '.join(missing)})")
        if gaps:
            hits.append(Hit(t.kind, t.namespace, t.name, "no requests for " + "; ".join(gaps)))
    return hits


def _zero(value: Any) -> bool:
    return value in (0, "0", "0%")


def _blocks(spec: dict[str, Any], replicas: int) -> str | None:
    """Why a PDB spec allows no disruption for ``replicas`` pods, or None when it allows some."""
    max_unavailable, min_available = spec.get("maxUnavailable"), spec.get("minAvailable")
    if max_unavailable is not None:
        return f"maxUnavailable {max_unavailable}" if _zero(max_unavailable) else None
    if isinstance(min_available, str) and min_available.endswith("%") and min_available[:-1].isdigit():
        needed = math.ceil(replicas * int(min_available[:-1]) / 100)
        if int(min_available[:-1]) >= 100 or (replicas and needed >= replicas):
            return f"minAvailable {min_available} of {replicas} replica(s)"
    elif isinstance(min_available, int) and replicas and min_available >= replicas:
        return f"minAvailable {min_available} with {replicas} replica(s)"
    return None


@check("pdb_blocks_restart")
def pdb_blocks_restart(ctx: CheckContext) -> list[Hit]:
    """Disruption budgets that refuse every eviction of the pods they cover."""
    hits = []
    for pdb in ctx.app_objects("PodDisruptionBudget"):
        spec = as_dict(pdb.get("spec"))
        covered = ctx.index.matching(namespace_of(pdb), as_dict(spec.get("selector")))
        replicas = sum(t.replicas or 0 for t in covered)
        reason = _blocks(spec, replicas)
        if reason:
            names = ", ".join(f"{t.kind}/{t.name}" for t in covered) or "no workload in the scan"
            hits.append(Hit("PodDisruptionBudget", namespace_of(pdb), name_of(pdb), f"{reason} (covers {names})"))
    return hits


# --------------------------------------------------------------------------------------------------
# Running the catalogue
# --------------------------------------------------------------------------------------------------

def _kinds(refs: set[tuple[str, str, str]]) -> str:
    kinds = Counter(kind for kind, _, _ in refs)
    return ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))


def _counts(objects: list[AffectedObject], default: Severity) -> tuple[set[tuple[str, str, str]],
                                                                       set[tuple[str, str, str]]]:
    """Distinct objects (kind, namespace, name) that are affected, and those only noted for information.

    An object is affected when, for some data plane, its severity reaches the check's own severity; one listed
    below it for every data plane (a port a mesh default already covers) is only noted. An object with several
    details (two colliding ports) counts once.
    """
    affected: set[tuple[str, str, str]] = set()
    seen: set[tuple[str, str, str]] = set()
    for o in objects:
        ref = (o.kind, o.namespace or "", o.name)
        seen.add(ref)
        levels = [level for m in o.meshes if (level := o.severity_for(m)) is not None]
        if any(severity_rank(level) >= severity_rank(default) for level in levels):
            affected.add(ref)
    return affected, seen - affected


def _summary(affected: set[tuple[str, str, str]], noted: set[tuple[str, str, str]]) -> str:
    text = f"{len(affected)} affected ({_kinds(affected)})" if affected else "none affected"
    if noted:
        text += f"; {len(noted)} more noted for information ({_kinds(noted)})"
    return text


def _source(hit: Hit, locations: Mapping[tuple[str, str, str], SourceLocation]) -> SourceLine | None:
    """Where the object a hit names was read (an object in no namespace is looked up as the reader keys it)."""
    namespace = hit.namespace or ""
    found = locations.get((hit.kind, namespace, hit.name))
    if found is None and namespace == "default":
        found = locations.get((hit.kind, "", hit.name))
    return SourceLine(file=found.file, line=found.line) if found else None


def _finding(definition: CheckDefinition, hits: list[Hit],
             locations: Mapping[tuple[str, str, str], SourceLocation]) -> Finding | None:
    applicable = set(definition.applicability.meshes())
    objects: dict[tuple[str, str, str, str], AffectedObject] = {}
    for hit in hits:
        meshes = [m for m in MESHES if m in applicable and (hit.meshes is None or m in hit.meshes)]
        if not meshes:
            continue
        key = (hit.namespace or "", hit.kind, hit.name, hit.detail)
        mesh_severity = {m: level for m, level in hit.mesh_severity if m in meshes}
        severity = hit.severity or definition.severity
        levels = [mesh_severity.get(m, severity) for m in meshes]
        objects.setdefault(key, AffectedObject(
            kind=hit.kind, namespace=hit.namespace, name=hit.name, detail=hit.detail,
            severity=max(levels, key=severity_rank), meshes=meshes, mesh_severity=mesh_severity,
            source=_source(hit, locations)))
    if not objects:
        return None
    listed = [objects[k] for k in sorted(objects)]
    affected, noted = _counts(listed, definition.severity)
    return Finding(
        check=definition.id, title=definition.title,
        severity=max((o.severity for o in listed), key=severity_rank),
        meshes=[m for m in MESHES if any(m in o.meshes for o in listed)],
        summary=_summary(affected, noted), affected=len(affected), noted=len(noted), objects=listed,
        why=definition.why, remediation=definition.remediation, docs=definition.docs)


def _status_text(status: str, not_checked: list[str], reasons: dict[str, str]) -> str:
    text = status.replace("_", " ")
    if not_checked:
        text += " (" + "; ".join(f"{c.replace('_', ' ').capitalize()} not checked: {reasons[c].split(' (')[0]}"
                                 for c in not_checked) + ")"
    return text


def _verdicts(findings: list[Finding], skipped: list[SkippedCheck], catalogue: CheckCatalogue) -> list[MeshVerdict]:
    reasons = {s.check: s.reason for s in skipped}
    verdicts = []
    for mesh in MESHES:
        worst: dict[str, Severity] = {}
        for finding in findings:
            levels = [s for o in finding.objects if (s := o.severity_for(mesh)) is not None]
            if levels:
                worst[finding.check] = max(levels, key=severity_rank)
        counts = Counter(worst.values())
        blocking = [c for c, s in worst.items() if s == "error"]
        status: Literal["blocked", "needs_attention", "ready"] = (
            "blocked" if blocking else "needs_attention" if counts["warning"] else "ready")
        not_checked = [s.check for s in skipped if mesh in catalogue.check(s.check).applicability.meshes()]
        verdicts.append(MeshVerdict(mesh=mesh, errors=counts["error"], warnings=counts["warning"],
                                    infos=counts["info"], status=status, blocking_checks=blocking,
                                    not_checked=not_checked, status_text=_status_text(status, not_checked, reasons)))
    return verdicts


def unregistered(catalogue: CheckCatalogue) -> list[str]:
    """Catalogue checks without a function (a data error)."""
    return [c.id for c in catalogue.checks if c.id not in CHECKS]


def run_precheck(objects: ClusterObjects, catalogue: CheckCatalogue, *,
                 system_namespaces: Iterable[str] | None = None) -> ClusterPrecheck:
    """Every catalogue check on one cluster's objects."""
    missing = unregistered(catalogue)
    if missing:
        raise ValueError(f"precheck catalogue names checks without logic: {', '.join(missing)}")
    namespaces = tuple(system_namespaces if system_namespaces is not None else catalogue.system_namespaces)
    findings: list[Finding] = []
    passed: list[str] = []
    skipped: list[SkippedCheck] = []
    with gc_paused():
        templates = tuple(pod_templates(objects))
        index = TemplateIndex(t for t in templates if not matches_any(t.namespace, namespaces))
        for definition in catalogue.checks:
            ctx = CheckContext(objects, definition, catalogue, namespaces, templates, index)
            try:
                hits = CHECKS[definition.id](ctx)
            except Skipped as exc:
                skipped.append(SkippedCheck(check=definition.id, reason=exc.reason))
                continue
            finding = _finding(definition, hits, objects.locations)
            if finding is None:
                passed.append(definition.id)
            else:
                findings.append(finding)
    return ClusterPrecheck(cluster=objects.name, source=objects.source, kubernetes_version=cluster_version(objects),
                           findings=findings, passed=passed, skipped=skipped,
                           by_mesh=_verdicts(findings, skipped, catalogue))


def run_prechecks(clusters: Iterable[ClusterObjects], catalogue: CheckCatalogue, *,
                  system_namespaces: Iterable[str] | None = None) -> Precheck:
    """The precheck of several clusters."""
    namespaces = list(system_namespaces) if system_namespaces is not None else None
    return Precheck(catalogue=catalogue.version, checks=[c.id for c in catalogue.checks],
                    clusters=[run_precheck(c, catalogue, system_namespaces=namespaces) for c in clusters])
