"""Pure: the objects of one cluster → its :class:`ClusterInventory` (no I/O beyond the bundled tables)."""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

import msgspec
from msgspec.structs import replace

from readiness.models.scan_records import (
    ROLES,
    CertManagerSummary,
    ClusterInventory,
    Component,
    ContainerInfo,
    ContainerPlace,
    Coverage,
    EdgeObject,
    EdgeSummary,
    Evidence,
    LogicalService,
    MeshSummary,
    NamespaceInfo,
    NetworkPolicySummary,
    NodeSummary,
    ObservabilitySummary,
    PortInfo,
    Role,
    SourceFinding,
    Totals,
    Workload,
    to_model,
)
from readiness.scan import checkouts, languages, mesh_state, roles
from readiness.scan.access import as_dict, as_list, effective_namespace, meta, name_of, str_map
from readiness.scan.heap import collection_paused
from readiness.scan.multicluster import detect_multicluster
from readiness.scan.objects import ClusterObjects
from readiness.scan.protocols import probe_kinds, workload_ports
from readiness.scan.signatures import Signatures, load_signatures
from readiness.scan.workloads import RawWorkload, extract

if TYPE_CHECKING:
    from readiness.models.scan import ClusterInventory as InventoryModel

RESOURCES: tuple[Literal["cpu", "memory"], ...] = ("cpu", "memory")
LANGUAGE_ROLES = frozenset({"business", "loadgen", "unknown"})
DATA_ROLES = ("datastore", "cache", "broker")
INGRESS_SOFTWARE = frozenset({"ingress-nginx", "traefik", "kong", "contour", "haproxy-ingress", "envoy", "emissary"})
_VERSION = re.compile(r"-(v\d+[a-z0-9]*|canary|stable|blue|green|primary|baseline|\d+)$")
IDENTITY_LABELS = ("app.kubernetes.io/name", "app", "k8s-app", "name")


class _Built(msgspec.Struct):
    raw: RawWorkload
    workload: Workload
    software: str | None
    services: list[dict[str, Any]]


def build_inventory(objects: ClusterObjects, *, system_namespaces: Sequence[str] | None = None,
                    complete: bool | None = None) -> InventoryModel:
    """The inventory of one cluster as the pydantic contract (see :func:`inventory_record`)."""
    from readiness.models.scan import ClusterInventory as Model

    return to_model(inventory_record(objects, system_namespaces=system_namespaces, complete=complete), Model)


@collection_paused()
def inventory_record(objects: ClusterObjects, *, system_namespaces: Sequence[str] | None = None,
                     source_findings: Sequence[SourceFinding] = (), complete: bool | None = None,
                     sig: Signatures | None = None) -> ClusterInventory:
    """The inventory of one cluster; ``source_findings`` (from ``--source``) supply languages."""
    sig = sig or load_signatures()
    patterns = list(system_namespaces) if system_namespaces is not None else list(sig.system_namespaces)
    warnings = list(objects.warnings)
    ns_objects = {name_of(o): o for o in objects.of_kind("Namespace")}
    ns_injection = {ns: mesh_state.namespace_injection(str_map(meta(o).get("labels")),
                                                 str_map(meta(o).get("annotations")), sig)
                    for ns, o in ns_objects.items()}
    raws = extract(objects)
    service_index = _ServiceIndex(objects.of_kind("Service"))
    configmaps: dict[str, dict[str, list[str]]] = {}
    for cm in objects.of_kind("ConfigMap"):
        configmaps.setdefault(effective_namespace(cm), {})[name_of(cm)] = [
            str(k) for k in (*as_dict(cm.get("data")), *as_dict(cm.get("binaryData")))]
    hpa_targets = _hpa_targets(objects)
    pdbs = _ServiceIndex(objects.of_kind("PodDisruptionBudget"),
                         lambda spec: as_dict(spec.get("selector")).get("matchLabels"))
    proxies = mesh_state.proxy_names(sig)
    sources = checkouts.SourceIndex(source_findings)
    built: list[_Built] = []
    hints: list[str] = []
    system_of: dict[str, bool] = {}
    for raw in raws:
        system = system_of.get(raw.namespace)
        if system is None:
            system = system_of[raw.namespace] = is_system(raw.namespace, patterns)
        selecting = service_index.selecting(raw.namespace, raw.template_labels)
        item = _workload(raw, selecting, system, configmaps.get(raw.namespace, {}), hpa_targets, pdbs, proxies,
                         ns_injection.get(raw.namespace), sig, warnings)
        if sources:
            item = _apply_sources(item, sources, warnings)
        built.append(item)
        hints += mesh_state.hints(raw, item.workload.mesh, sig)
    groups = _group(built, warnings)
    services = groups
    names = {(g.namespace, w): g.name for g in groups for w in g.workloads}
    workloads = [replace(b.workload, service=names.get((b.workload.namespace, b.workload.name))) for b in built]
    application = [w for w in workloads if not w.system]
    meshes = mesh_state.summarise(((b.raw, b.workload.mesh, b.software if b.workload.role == "mesh" else None)
                             for b in built), ns_injection, objects.of_kind("CustomResourceDefinition"),
                            objects.of_kind("MutatingWebhookConfiguration"), sig)
    all_namespaces = sorted({*ns_objects, *(w.namespace for w in workloads)})
    counts = Counter(w.namespace for w in workloads)
    namespaces = [NamespaceInfo(name=ns, system=is_system(ns, patterns), workloads=counts.get(ns, 0),
                                mesh_injection=(ns_injection.get(ns) or (None, None, None))[2])
                  for ns in all_namespaces]
    whole = complete if complete is not None else objects.source.startswith("live:")
    if not workloads and not whole:
        warnings.append(no_workloads_warning(objects.warnings))
    return ClusterInventory(
        name=objects.name, source=objects.source,
        complete=whole,
        kubernetes_version=objects.kubernetes_version, nodes=_nodes(objects), system_namespaces=patterns,
        namespaces=namespaces, workloads=workloads, services=services,
        totals=_totals(workloads, services),
        mesh=MeshSummary(detected=meshes, hints=sorted(set(hints))[:50],
                         injected_workloads=sum(1 for w in application if w.mesh.injected),
                         application_workloads=len(application)),
        edge=_edge(objects, built), network_policies=_network_policies(objects, namespaces),
        cert_manager=_cert_manager(objects, built), observability=_observability(objects, built, sig),
        coverage=_coverage(application, objects), multicluster=detect_multicluster(objects),
        object_counts={k: len(v) for k, v in sorted(objects.objects.items())},
        warnings=list(dict.fromkeys(warnings)))


def no_workloads_warning(warnings: Sequence[str]) -> str:
    """Why a snapshot with objects but no workloads answers nothing (and what to do about Helm templates)."""
    templates = sum(1 for w in warnings if "Helm/Go template" in w)
    text = ("no workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) in this snapshot, so nothing "
            "is detected from it")
    if templates:
        text += (f"; {templates} Helm/Go template file(s) were skipped — render the chart first "
                 f"(helm template RELEASE CHART > manifests.yaml) and scan the output")
    return text


def is_system(namespace: str, patterns: Iterable[str]) -> bool:
    """Whether a namespace is a system or add-on namespace."""
    return any(fnmatch.fnmatchcase(namespace, p) for p in patterns)


class _ServiceIndex:
    """Objects by namespace and one of their selector labels, so matching stays fast on big clusters."""

    def __init__(self, services: list[dict[str, Any]], selector_of: Any = None) -> None:
        self.index: dict[tuple[str, str, str], list[tuple[dict[str, str], dict[str, Any]]]] = {}
        for svc in services:
            spec = as_dict(svc.get("spec"))
            selector = str_map(selector_of(spec) if selector_of else spec.get("selector"))
            if selector:
                key, value = min(selector.items())
                self.index.setdefault((effective_namespace(svc), key, value), []).append((selector, svc))

    def selecting(self, namespace: str, labels: dict[str, str]) -> list[dict[str, Any]]:
        if not self.index:   # no such objects (most clusters' PodDisruptionBudgets)
            return []
        found = []
        for key, value in labels.items():
            for selector, svc in self.index.get((namespace, key, value), ()):
                if all(labels.get(k) == v for k, v in selector.items()):
                    found.append(svc)
        return sorted(found, key=name_of) if len(found) > 1 else found


def _workload(raw: RawWorkload, selecting: list[dict[str, Any]], system: bool, cm_keys: dict[str, list[str]],
              hpa_targets: set[tuple[str, str, str]], pdbs: _ServiceIndex, proxies: frozenset[str],
              ns_injection: tuple[str, str, str] | None, sig: Signatures, warnings: list[str]) -> _Built:
    is_main = [c.get("name") not in proxies for c in raw.containers("containers")]
    mains = [c for c, main in zip(raw.containers("containers"), is_main, strict=True) if main]
    ports = workload_ports(raw, selecting, proxies, sig, mains)
    primary = _primary(raw, mains, ports, cm_keys, sig)
    service_names = sorted(name_of(s) for s in selecting) if selecting else []
    claim = roles.classify(raw, primary, ports, service_names, system, sig, cm_keys)
    if primary is None and (proxy_only := [c for c in raw.containers("containers") if c.get("name") in proxies]):
        # a gateway or node proxy: the mesh's own workload
        meshes = sorted({m for c in proxy_only if (m := mesh_state.proxy_mesh(str(c.get("name")), sig))})
        claim = roles.RoleClaim("mesh", meshes[0] if meshes else None,
                                [f"runs only the {', '.join(meshes)} proxy (a gateway or node proxy)"])
    evidence = [Evidence(topic="role", text=t) for t in claim.evidence]
    language = None
    if claim.role in LANGUAGE_ROLES and primary is not None:
        language, texts, conflict = languages.decide(languages.container_hints(primary, sig, cm_keys))
        evidence += [Evidence(topic="language", text=t) for t in texts]
        if conflict:
            warnings.append(f"{raw.namespace}/{raw.name}: {conflict}")
    status = mesh_state.workload_mesh(raw, ns_injection, sig)
    evidence += [Evidence(topic="mesh", text=t) for t in status.evidence]
    evidence += [Evidence(topic="protocol", text=f"port {p.port}: {p.protocol} ({p.evidence})") for p in ports]
    containers = _containers(raw, sig)   # init containers first, then the ``containers`` group in order
    inits = len(raw.containers("initContainers"))
    main_infos = [info for info, main in zip(containers[inits:], is_main, strict=True) if main]   # of ``mains``
    workload = Workload(
        name=raw.name, namespace=raw.namespace, kind=raw.kind, role=claim.role, language=language,
        language_source="manifest" if language else None, software=claim.software, evidence=evidence,
        kubernetes_services=service_names, system=system, replicas=raw.replicas, ports=ports,
        protocols=sorted({p.protocol for p in ports if not p.metrics and p.protocol != "unknown"}),
        containers=containers,
        probes=bool(main_infos) and all("readiness" in i.probes or "liveness" in i.probes for i in main_infos),
        resources=bool(main_infos) and all(len(i.requests) == len(RESOURCES) for i in main_infos),
        limits=bool(main_infos) and all(i.limits for i in main_infos),
        hpa=(raw.namespace, raw.kind, raw.name) in hpa_targets,
        pdb=bool(pdbs.selecting(raw.namespace, raw.template_labels)),
        host_network=bool(raw.spec.get("hostNetwork")), mesh=status)
    return _Built(raw, workload, claim.software, selecting)


def _primary(raw: RawWorkload, mains: list[dict[str, Any]], ports: list[PortInfo], cm_keys: dict[str, list[str]],
             sig: Signatures) -> dict[str, Any] | None:
    """The container that is the workload: the one its Services target, else the first not a known helper; an
    app container behind a proxy or file-server sidecar rather than the sidecar."""
    if len(mains) <= 1:
        return mains[0] if mains else None
    served = {p.port for p in ports if p.service and not p.metrics}
    for container in mains:
        numbers = {as_dict(p).get("containerPort") for p in as_list(container.get("ports"))}
        if served & numbers:
            return _behind_proxy(raw, container, mains, cm_keys, sig) or container
    for container in mains:
        rule = sig.image_rule(str(container.get("image") or ""))
        if rule is None or rule.role not in ("observability", "mesh"):
            return _behind_proxy(raw, container, mains, cm_keys, sig) or container
    return mains[0]


def _behind_proxy(raw: RawWorkload, chosen: dict[str, Any], mains: list[dict[str, Any]],
                  cm_keys: dict[str, list[str]], sig: Signatures) -> dict[str, Any] | None:
    """The app container a proxy or file server fronts in the same pod (NGINX + PHP-FPM, Envoy + app): one that
    declares a port and runs no recognised third-party software; None when ``chosen`` is not such a sidecar."""
    claim = roles.third_party(raw, chosen, cm_keys, sig)
    if claim is None or claim.role not in roles.PROXY_ROLES:
        return None
    for container in mains:
        if container is not chosen and as_list(container.get("ports")) and \
                roles.third_party(raw, container, cm_keys, sig) is None:
            return container
    return None


def _set(values: Any) -> list[Literal["cpu", "memory"]]:
    """The resources (cpu, memory) a requests or limits mapping sets."""
    values = as_dict(values)
    return [k for k in RESOURCES if values.get(k) not in (None, "")]


def _containers(raw: RawWorkload, sig: Signatures) -> list[ContainerInfo]:
    found = []
    proxies = sig.proxy_index[1]
    for group in ("initContainers", "containers"):
        for c in raw.containers(group):
            place: ContainerPlace = "main" if group == "containers" else (
                "sidecar" if c.get("restartPolicy") == "Always" else "init")
            name, resources = str(c.get("name", "")), as_dict(c.get("resources"))
            found.append(ContainerInfo(
                name=name, image=str(c.get("image", "")), place=place,
                proxy=proxies.get(name), probes=probe_kinds(c),  # type: ignore[arg-type]
                grpc_probe=any(as_dict(c.get(p)).get("grpc") for p in ("readinessProbe", "livenessProbe")),
                requests=_set(resources.get("requests")), limits=_set(resources.get("limits"))))
    return found


def _apply_sources(item: _Built, sources: checkouts.SourceIndex, warnings: list[str]) -> _Built:
    w = item.workload
    if w.role not in LANGUAGE_ROLES:
        return item
    identity = [w.name, _VERSION.sub("", w.name), *(item.raw.template_labels.get(k, "") for k in IDENTITY_LABELS)]
    found = sources.match(identity, [c.image for c in w.containers if c.place == "main" and not c.proxy])
    if found is None or found[0].language is None:
        return item
    finding, how = found
    if w.language and w.language != finding.language:
        warnings.append(f"{w.namespace}/{w.name}: manifest suggests {w.language}, source {finding.path} says "
                        f"{finding.language}; using the source")
    evidence = [*w.evidence, *(Evidence(topic="language", text=f"source {finding.path} (matched by {how}): {e}")
                               for e in finding.evidence[:3])]
    found_in = replace(w, language=finding.language, language_source="source", source_path=finding.path,
                       evidence=evidence)
    return _Built(item.raw, found_in, item.software, item.services)


# --- grouping workloads into logical services ------------------------------------------------------

def _identity(raw: RawWorkload) -> tuple[str, str]:
    """Workloads with the same base name (version suffix removed) and the same app label are one service."""
    template, own = raw.template_labels, raw.labels

    def label(key: str) -> str:   # of the two merged, the template's first (without merging them)
        return template[key] if key in template else own.get(key, "")

    base = _VERSION.sub("", raw.name)
    for key in IDENTITY_LABELS:
        value = label(key)
        if value:
            extra = f"{label('app.kubernetes.io/instance')}/{label('app.kubernetes.io/component')}"
            return f"{base}|{value}|{extra}", f"name {base} and label {key}={value}"
    return base, f"name {base}" + (" (version suffix removed)" if base != raw.name else "")


def _group(built: list[_Built], warnings: list[str]) -> list[LogicalService]:
    parent = list(range(len(built)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reasons: dict[int, str] = {}
    by_identity: dict[tuple[str, str], int] = {}
    for i, item in enumerate(built):
        key, why = _identity(item.raw)
        first = by_identity.setdefault((item.raw.namespace, key), i)
        if first != i:
            parent[find(i)] = find(first)
            reasons[find(first)] = why
    by_service: dict[tuple[str, str], list[int]] = {}
    for i, item in enumerate(built):
        for svc in item.workload.kubernetes_services:
            by_service.setdefault((item.raw.namespace, svc), []).append(i)
    for (ns, svc), members in sorted(by_service.items()):
        roots = {find(m) for m in members}
        if len(roots) > 1:
            names = sorted(built[m].raw.name for m in members)
            warnings.append(f"{ns}/Service {svc} selects workloads of different apps ({', '.join(names[:5])}); "
                            f"counted as one service")
            for m in members[1:]:
                parent[find(m)] = find(members[0])
            reasons[find(members[0])] = f"Service {svc} selects them all"
    members_of: dict[int, list[int]] = {}
    for i in range(len(built)):
        members_of.setdefault(find(i), []).append(i)
    groups = []
    for root, members in members_of.items():
        items = [built[m] for m in members]
        groups.append(_logical(items, reasons.get(root)))
    return sorted(groups, key=lambda g: (g.namespace, g.name))


def _logical(items: list[_Built], reason: str | None) -> LogicalService:
    workloads = [i.workload for i in items]
    return _alone(workloads[0], reason) if len(workloads) == 1 else _merged(workloads, reason)


def _merged(workloads: list[Workload], reason: str | None) -> LogicalService:
    """The logical service of several workloads: named after a Service that is one's base name, else the shortest
    Service name, else the first base name; the most common role."""
    svc_names = sorted({s for w in workloads for s in w.kubernetes_services})
    bases = sorted({_VERSION.sub("", w.name) for w in workloads})
    preferred = [s for s in svc_names if s in bases]
    name = (preferred or sorted(svc_names, key=lambda s: (len(s), s)) or bases)[0]
    role_counts = Counter(w.role for w in workloads)
    role: Role = min(role_counts, key=lambda r: (-role_counts[r], ROLES.index(r)))
    why = reason or "one workload"
    return LogicalService(
        name=name, namespace=workloads[0].namespace, role=role,
        languages=sorted({w.language for w in workloads if w.language}), workloads=sorted(w.name for w in workloads),
        kubernetes_services=svc_names, protocols=sorted({p for w in workloads for p in w.protocols}),
        system=all(w.system for w in workloads), grouped_by=why)


def _alone(w: Workload, reason: str | None) -> LogicalService:
    """:func:`_logical` of one workload (most services), without the sets and sorts that merge several."""
    names = w.kubernetes_services if len(w.kubernetes_services) < 2 else sorted(set(w.kubernetes_services))
    base = _VERSION.sub("", w.name)
    name = base if not names else base if base in names else min(names, key=lambda s: (len(s), s))
    return LogicalService(
        name=name, namespace=w.namespace, role=w.role, languages=[w.language] if w.language else [],
        workloads=[w.name], kubernetes_services=list(names),
        protocols=list(w.protocols) if len(w.protocols) < 2 else sorted(set(w.protocols)), system=w.system,
        grouped_by=reason or "one workload")


# --- cluster-wide summaries ------------------------------------------------------------------------

def _totals(workloads: list[Workload], services: list[LogicalService]) -> Totals:
    app_services = [s for s in services if not s.system]
    app_workloads = [w for w in workloads if not w.system]
    business = [s for s in app_services if s.role == "business"]
    carrying = [s for s in app_services if s.role in (*DATA_ROLES, "business")]
    roles_count = Counter(w.role for w in app_workloads)
    return Totals(
        workloads=len(workloads), application_workloads=len(app_workloads), services=len(app_services),
        business_services=len(business), business_workloads=roles_count.get("business", 0),
        datastores=sum(1 for s in app_services if s.role == "datastore"),
        caches=sum(1 for s in app_services if s.role == "cache"),
        brokers=sum(1 for s in app_services if s.role == "broker"),
        languages=sorted({lang for s in business for lang in s.languages}),
        business_services_without_language=sum(1 for s in business if not s.languages),
        protocols=sorted({p for s in carrying for p in s.protocols}),
        by_role={r: roles_count[r] for r in ROLES if roles_count.get(r)})


def _hpa_targets(objects: ClusterObjects) -> set[tuple[str, str, str]]:
    found = set()
    for hpa in objects.of_kind("HorizontalPodAutoscaler"):
        ref = as_dict(as_dict(hpa.get("spec")).get("scaleTargetRef"))
        found.add((effective_namespace(hpa), str(ref.get("kind", "")), str(ref.get("name", ""))))
    return found


def _coverage(application: list[Workload], objects: ClusterObjects) -> Coverage:
    return Coverage(
        workloads=len(application), with_probes=sum(w.probes for w in application),
        with_resources=sum(w.resources for w in application), with_limits=sum(w.limits for w in application),
        with_hpa=sum(w.hpa for w in application), with_pdb=sum(w.pdb for w in application),
        hpa_objects=len(objects.of_kind("HorizontalPodAutoscaler")),
        pdb_objects=len(objects.of_kind("PodDisruptionBudget")))


def _edge(objects: ClusterObjects, built: list[_Built]) -> EdgeSummary:
    def ref(kind: str, obj: dict[str, Any], detail: str | None) -> EdgeObject:
        return EdgeObject(kind=kind, namespace=effective_namespace(obj), name=name_of(obj), detail=detail)

    ingresses = []
    for ing in objects.of_kind("Ingress"):
        spec = as_dict(ing.get("spec"))
        cls = spec.get("ingressClassName") or str_map(meta(ing).get("annotations")).get("kubernetes.io/ingress.class")
        ingresses.append(ref("Ingress", ing, f"class {cls}" if cls else None))
    gateways = [ref("Gateway", g, f"class {as_dict(g.get('spec')).get('gatewayClassName')}")
                for g in objects.of_kind("Gateway")]
    routes = [ref("HTTPRoute", r, None) for r in objects.of_kind("HTTPRoute")]
    os_routes = [ref("Route", r, as_dict(r.get("spec")).get("host")) for r in objects.of_kind("Route")]
    lbs, nodeports = [], []
    for svc in objects.of_kind("Service"):
        kind = as_dict(svc.get("spec")).get("type")
        if kind == "LoadBalancer":
            lbs.append(ref("Service", svc, "LoadBalancer"))
        elif kind == "NodePort":
            nodeports.append(ref("Service", svc, "NodePort"))
    controllers = sorted({f"{b.raw.namespace}/{b.raw.name} ({b.software})" for b in built
                          if b.software in INGRESS_SOFTWARE or b.workload.role == "edge_proxy"
                          or (b.software == "istio" and "gateway" in b.raw.name)})
    gw_crds = sorted(name_of(c) for c in objects.of_kind("CustomResourceDefinition")
                     if as_dict(c.get("spec")).get("group") == "gateway.networking.k8s.io")
    def ordered(refs: list[EdgeObject]) -> list[EdgeObject]:
        """By namespace and name, so the inventory does not depend on the order objects arrived in."""
        return sorted(refs, key=lambda r: (r.namespace or "", r.name))

    return EdgeSummary(ingresses=ordered(ingresses), gateways=ordered(gateways), http_routes=ordered(routes),
                       routes=ordered(os_routes), load_balancers=ordered(lbs), node_ports=ordered(nodeports),
                       controllers=controllers, gateway_api_crds=gw_crds)


def _network_policies(objects: ClusterObjects, namespaces: list[NamespaceInfo]) -> NetworkPolicySummary:
    policies = objects.of_kind("NetworkPolicy")
    covered = sorted({effective_namespace(p) for p in policies})
    without = sorted(n.name for n in namespaces if not n.system and n.workloads and n.name not in covered)
    return NetworkPolicySummary(count=len(policies), namespaces=covered, application_namespaces_without=without)


def _cert_manager(objects: ClusterObjects, built: list[_Built]) -> CertManagerSummary:
    evidence = [f"workload {b.raw.namespace}/{b.raw.name}" for b in built if b.software == "cert-manager"][:3]
    crds = [name_of(c) for c in objects.of_kind("CustomResourceDefinition")
            if str(as_dict(c.get("spec")).get("group", "")).endswith("cert-manager.io")]
    if crds:
        evidence.append(f"{len(crds)} cert-manager CRD(s)")
    return CertManagerSummary(present=bool(evidence), evidence=evidence)


def _observability(objects: ClusterObjects, built: list[_Built], sig: Signatures) -> ObservabilitySummary:
    components: dict[tuple[str, str], Component] = {}
    for b in built:
        if b.workload.role == "observability" and b.software:
            kind = sig.component_kinds.get(b.software, "other")
            components.setdefault((b.software, kind), Component(
                name=b.software, kind=kind,  # type: ignore[arg-type]
                evidence=f"workload {b.raw.namespace}/{b.raw.name}"))
    for crd in objects.of_kind("CustomResourceDefinition"):
        group = str(as_dict(crd.get("spec")).get("group", ""))
        for rule in sig.component_crds:
            if group == rule.group and rule.kind != "certificates":
                components.setdefault((rule.name, rule.kind), Component(
                    name=rule.name, kind=rule.kind, evidence=f"CRD {name_of(crd)}"))  # type: ignore[arg-type]
    found = sorted(components.values(), key=lambda c: (c.kind, c.name))
    kinds = {c.kind for c in found}
    annotated = sum(1 for b in built if b.raw.all_annotations().get("prometheus.io/scrape") == "true")
    annotated += sum(1 for s in objects.of_kind("Service")
                     if str_map(meta(s).get("annotations")).get("prometheus.io/scrape") == "true")
    return ObservabilitySummary(metrics="metrics" in kinds, logs="logs" in kinds, tracing="tracing" in kinds,
                                components=found, scrape_annotated_workloads=annotated)


_CPU = re.compile(r"^(?P<n>[0-9.]+)(?P<u>m?)$")
_MEM = re.compile(r"^(?P<n>[0-9.]+)(?P<u>Ki|Mi|Gi|Ti|Pi|K|M|G|T|P|k|e\d+)?$")
_MEM_UNITS = {None: 1, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4, "Pi": 1024**5, "K": 1000,
              "k": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4, "P": 1000**5}


def cpu_millicores(value: Any) -> int:
    """A CPU quantity in millicores (0 when unreadable)."""
    match = _CPU.match(str(value).strip())
    if not match:
        return 0
    number = float(match["n"])
    return int(number if match["u"] else number * 1000)


def memory_bytes(value: Any) -> int:
    """A memory quantity in bytes (0 when unreadable)."""
    match = _MEM.match(str(value).strip())
    if not match:
        return 0
    unit = match["u"]
    factor = 10 ** int(unit[1:]) if unit and unit.startswith("e") else _MEM_UNITS.get(unit, 1)
    return int(float(match["n"]) * factor)


def _nodes(objects: ClusterObjects) -> NodeSummary:
    nodes = objects.of_kind("Node")
    cpu = mem = 0
    versions, arches = set(), set()
    for node in nodes:
        status = as_dict(node.get("status"))
        alloc = as_dict(status.get("allocatable"))
        cpu += cpu_millicores(alloc.get("cpu", 0))
        mem += memory_bytes(alloc.get("memory", 0))
        info = as_dict(status.get("nodeInfo"))
        if info.get("kubeletVersion"):
            versions.add(str(info["kubeletVersion"]))
        if info.get("architecture"):
            arches.add(str(info["architecture"]))
    return NodeSummary(count=len(nodes), allocatable_cpu_millicores=cpu, allocatable_memory_bytes=mem,
                       kubelet_versions=sorted(versions), architectures=sorted(arches))
