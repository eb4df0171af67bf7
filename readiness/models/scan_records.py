"""The Scan contract as msgspec records: what the scanner builds and ``readiness scan`` writes.

:mod:`readiness.models.scan` is the contract (pydantic: validation, JSON Schema, descriptions, the assessment
that embeds a scan). These records have the same fields in the same order with the same defaults, so their JSON
is the contract's (``tests/scan/test_scan_records.py`` holds the two together). They exist for speed (issue 17):
msgspec imports in a few milliseconds where pydantic and these models took about 0.09 s, a quarter of what a
20 000-pod scan may cost, and records encode straight to JSON. :func:`to_model` turns a record into its pydantic
twin where a command needs the model (the assessment, the tables, the precheck).

The Literal types are defined here, pydantic-free, and :mod:`readiness.models.scan` uses them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import msgspec

if TYPE_CHECKING:
    from pydantic import BaseModel

SCAN_SCHEMA_VERSION: Literal["1.0"] = "1.0"

Role = Literal["business", "datastore", "cache", "broker", "observability", "infra", "mesh", "edge_proxy", "static",
               "loadgen", "unknown"]
"""What a workload is for (see :data:`ROLE_DESCRIPTION`)."""

ROLES: tuple[Role, ...] = ("business", "datastore", "cache", "broker", "observability", "infra", "mesh", "edge_proxy",
                           "static", "loadgen", "unknown")

ContainerPlace = Literal["main", "init", "sidecar"]
"""``sidecar`` is a native sidecar: an init container with ``restartPolicy: Always``."""

MeshMode = Literal["sidecar", "native_sidecar", "ambient", "node_proxy"]
MESH_MODES: tuple[MeshMode, ...] = ("sidecar", "native_sidecar", "ambient", "node_proxy")

Topic = Literal["role", "language", "protocol", "mesh", "service", "observability", "edge", "coverage"]

ProtocolId = str
"""A normalised application protocol: http, https, http2, grpc, websocket, tcp, tls, udp, mysql, …, unknown."""

ObjectName = str

MulticlusterKind = Literal["istio_network", "istio_multi_network", "istio_cross_network_gateway",
                          "istio_remote_secret", "linkerd_gateway", "linkerd_gateway_link", "linkerd_flat_link",
                          "linkerd_mirrored_service"]
"""What an object shows of a multicluster set-up (see :class:`MulticlusterEvidence`)."""

FleetTopic = Literal["kubernetes_version", "mesh", "namespaces", "multicluster"]


class Record(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Base of the records: immutable, keyword-only, never in a reference cycle (so not tracked by the collector)."""


class Evidence(Record, frozen=True, kw_only=True):
    """One observation a claim rests on (names only: never values)."""

    topic: Topic
    text: str


class PortInfo(Record, frozen=True, kw_only=True):
    """One port a workload serves, with the protocol the scan attributes to it."""

    port: int
    name: str | None = None
    transport: Literal["TCP", "UDP", "SCTP"] = "TCP"
    protocol: ProtocolId
    evidence: str
    metrics: bool = False
    service: str | None = None


class ContainerInfo(Record, frozen=True, kw_only=True):
    """One container of a workload's pod template (and of its pods, for injected proxies)."""

    name: str
    image: str
    place: ContainerPlace
    proxy: str | None = None
    probes: list[Literal["readiness", "liveness", "startup"]] = msgspec.field(default_factory=list)
    grpc_probe: bool = False
    requests: list[Literal["cpu", "memory"]] = msgspec.field(default_factory=list)
    limits: list[Literal["cpu", "memory"]] = msgspec.field(default_factory=list)


class WorkloadMesh(Record, frozen=True, kw_only=True):
    """Mesh status of one workload."""

    mesh: str | None = None
    injected: bool = False
    mode: MeshMode | None = None
    injection: Literal["enabled", "disabled"] | None = None
    proxy_containers: list[str] = msgspec.field(default_factory=list)
    evidence: list[str] = msgspec.field(default_factory=list)


class Workload(Record, frozen=True, kw_only=True):
    """A Deployment, StatefulSet, DaemonSet, Job, CronJob, bare Pod, or pods of an unscanned controller."""

    name: ObjectName
    namespace: str
    kind: str
    role: Role
    language: str | None
    language_source: Literal["manifest", "source"] | None = None
    source_path: str | None = None
    software: str | None = None
    evidence: list[Evidence] = msgspec.field(default_factory=list)
    service: str | None = None
    kubernetes_services: list[str] = msgspec.field(default_factory=list)
    system: bool = False
    replicas: int | None = None
    ports: list[PortInfo] = msgspec.field(default_factory=list)
    protocols: list[ProtocolId] = msgspec.field(default_factory=list)
    containers: list[ContainerInfo] = msgspec.field(default_factory=list)
    probes: bool
    resources: bool
    limits: bool
    hpa: bool = False
    pdb: bool = False
    host_network: bool = False
    mesh: WorkloadMesh = msgspec.field(default_factory=WorkloadMesh)


class LogicalService(Record, frozen=True, kw_only=True):
    """Workloads that are one service to their users (reviews-v1/v2/v3 are one ``reviews``)."""

    name: str
    namespace: str
    role: Role
    languages: list[str] = msgspec.field(default_factory=list)
    workloads: list[str]
    kubernetes_services: list[str] = msgspec.field(default_factory=list)
    protocols: list[ProtocolId] = msgspec.field(default_factory=list)
    system: bool = False
    grouped_by: str


class NamespaceInfo(Record, frozen=True, kw_only=True):
    """A namespace seen in the scan."""

    name: str
    system: bool
    workloads: int = 0
    mesh_injection: str | None = None


class NodeSummary(Record, frozen=True, kw_only=True):
    """Nodes and their allocatable capacity (live scans and full dumps only)."""

    count: int = 0
    allocatable_cpu_millicores: int = 0
    allocatable_memory_bytes: int = 0
    kubelet_versions: list[str] = msgspec.field(default_factory=list)
    architectures: list[str] = msgspec.field(default_factory=list)


class MeshInfo(Record, frozen=True, kw_only=True):
    """One mesh found in the cluster, with everything that shows it."""

    name: str
    modes: list[MeshMode] = msgspec.field(default_factory=list)
    injected_workloads: int = 0
    injection_namespaces: list[str] = msgspec.field(default_factory=list)
    control_plane: list[str] = msgspec.field(default_factory=list)
    crds: list[str] = msgspec.field(default_factory=list)
    webhooks: list[str] = msgspec.field(default_factory=list)
    evidence: list[str] = msgspec.field(default_factory=list)


class MeshSummary(Record, frozen=True, kw_only=True):
    """Meshes present (proxies, control plane, CRDs, injection labels, webhooks) and mere hints."""

    detected: list[MeshInfo] = msgspec.field(default_factory=list)
    hints: list[str] = msgspec.field(default_factory=list)
    injected_workloads: int = 0
    application_workloads: int = 0


class EdgeObject(Record, frozen=True, kw_only=True):
    """An Ingress, Gateway, HTTPRoute, OpenShift Route or exposed Service."""

    kind: str
    namespace: str | None = None
    name: str
    detail: str | None = None


class EdgeSummary(Record, frozen=True, kw_only=True):
    """North–south entry points."""

    ingresses: list[EdgeObject] = msgspec.field(default_factory=list)
    gateways: list[EdgeObject] = msgspec.field(default_factory=list)
    http_routes: list[EdgeObject] = msgspec.field(default_factory=list)
    routes: list[EdgeObject] = msgspec.field(default_factory=list)
    load_balancers: list[EdgeObject] = msgspec.field(default_factory=list)
    node_ports: list[EdgeObject] = msgspec.field(default_factory=list)
    controllers: list[str] = msgspec.field(default_factory=list)
    gateway_api_crds: list[str] = msgspec.field(default_factory=list)


class NetworkPolicySummary(Record, frozen=True, kw_only=True):
    """NetworkPolicies and which application namespaces they cover."""

    count: int = 0
    namespaces: list[str] = msgspec.field(default_factory=list)
    application_namespaces_without: list[str] = msgspec.field(default_factory=list)


class Component(Record, frozen=True, kw_only=True):
    """A piece of platform software found (Prometheus, Jaeger, cert-manager…)."""

    name: str
    kind: Literal["metrics", "logs", "tracing", "dashboards", "certificates", "other"]
    evidence: str


class ObservabilitySummary(Record, frozen=True, kw_only=True):
    """The observability stack found."""

    metrics: bool = False
    logs: bool = False
    tracing: bool = False
    components: list[Component] = msgspec.field(default_factory=list)
    scrape_annotated_workloads: int = 0


class CertManagerSummary(Record, frozen=True, kw_only=True):
    """cert-manager presence."""

    present: bool = False
    evidence: list[str] = msgspec.field(default_factory=list)


class Coverage(Record, frozen=True, kw_only=True):
    """Hygiene of application workloads (system namespaces excluded)."""

    workloads: int = 0
    with_probes: int = 0
    with_resources: int = 0
    with_limits: int = 0
    with_hpa: int = 0
    with_pdb: int = 0
    hpa_objects: int = 0
    pdb_objects: int = 0


class Totals(Record, frozen=True, kw_only=True):
    """The headline numbers (application namespaces only)."""

    workloads: int = 0
    application_workloads: int = 0
    services: int = 0
    business_services: int = 0
    business_workloads: int = 0
    datastores: int = 0
    caches: int = 0
    brokers: int = 0
    languages: list[str] = msgspec.field(default_factory=list)
    business_services_without_language: int = 0
    protocols: list[ProtocolId] = msgspec.field(default_factory=list)
    by_role: dict[str, int] = msgspec.field(default_factory=dict)


class MulticlusterEvidence(Record, frozen=True, kw_only=True):
    """One object showing a multicluster set-up that already exists (names and labels only)."""

    mesh: Literal["istio", "linkerd"]
    kind: MulticlusterKind
    object: str
    detail: str
    network: str | None = None
    remote_cluster: str | None = None


class ClusterInventory(Record, frozen=True, kw_only=True):
    """Everything the scan found in one cluster or snapshot."""

    name: str
    source: str
    complete: bool
    kubernetes_version: str | None = None
    nodes: NodeSummary = msgspec.field(default_factory=NodeSummary)
    system_namespaces: list[str]
    namespaces: list[NamespaceInfo] = msgspec.field(default_factory=list)
    workloads: list[Workload] = msgspec.field(default_factory=list)
    services: list[LogicalService] = msgspec.field(default_factory=list)
    totals: Totals = msgspec.field(default_factory=Totals)
    mesh: MeshSummary = msgspec.field(default_factory=MeshSummary)
    edge: EdgeSummary = msgspec.field(default_factory=EdgeSummary)
    network_policies: NetworkPolicySummary = msgspec.field(default_factory=NetworkPolicySummary)
    cert_manager: CertManagerSummary = msgspec.field(default_factory=CertManagerSummary)
    observability: ObservabilitySummary = msgspec.field(default_factory=ObservabilitySummary)
    coverage: Coverage = msgspec.field(default_factory=Coverage)
    multicluster: list[MulticlusterEvidence] = msgspec.field(default_factory=list)
    object_counts: dict[str, int] = msgspec.field(default_factory=dict)
    warnings: list[str] = msgspec.field(default_factory=list)


class SourceFinding(Record, frozen=True, kw_only=True):
    """A service found in a source checkout (``--source``), its language and what it was matched to."""

    name: str
    path: str
    language: str | None
    evidence: list[str] = msgspec.field(default_factory=list)
    images: list[str] = msgspec.field(default_factory=list)
    matched: list[str] = msgspec.field(default_factory=list)




class FleetDifference(Record, frozen=True, kw_only=True):
    """One way the scanned clusters differ (a fact: whether it matters is for the reader)."""

    topic: FleetTopic
    detail: str
    clusters: list[str]


class Fleet(Record, frozen=True, kw_only=True):
    """Several scanned clusters taken as one fleet: what differs between them."""

    clusters: list[str]
    differences: list[FleetDifference] = msgspec.field(default_factory=list)


class ScanResult(Record, frozen=True, kw_only=True):
    """The scan document: one inventory per cluster, plus what source checkouts said."""

    schema_version: Literal["1.0"] = "1.0"
    generated_at: dt.datetime | None = None
    clusters: list[ClusterInventory] = msgspec.field(default_factory=list)
    fleet: Fleet | None = None
    sources: list[SourceFinding] = msgspec.field(default_factory=list)
    warnings: list[str] = msgspec.field(default_factory=list)


Model = TypeVar("Model", bound="BaseModel")


def to_model(record: Record, model: type[Model]) -> Model:
    """The pydantic twin of a record (validated, as if read from the record's JSON)."""
    return model.model_validate(msgspec.to_builtins(record, builtin_types=(dt.datetime,)))


def encode(record: Any) -> bytes:
    """A record (or list of records) as JSON, indented by two spaces as ``model_dump_json(indent=2)`` writes it."""
    return msgspec.json.format(msgspec.json.encode(record), indent=2)
