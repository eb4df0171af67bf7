"""The Scan JSON contract: what ``readiness scan`` writes and the assessment embeds.

One :class:`ScanResult` holds one :class:`ClusterInventory` per cluster (or snapshot). Every claim
(role, language, protocol, mesh) carries the evidence it rests on; without evidence a language is
``null`` and a role ``unknown``. Nothing here ever holds an environment variable value, a ConfigMap
value or anything read from a Secret (but the name of an Istio remote secret, see :class:`MulticlusterEvidence`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from readiness.models.common import AnswerValue, Category, Identifier, StrictModel
from readiness.models.scan_records import (  # noqa: F401  (the contract's types, re-exported)
    MESH_MODES,
    ROLES,
    SCAN_SCHEMA_VERSION,
    ContainerPlace,
    FleetTopic,
    MeshMode,
    MulticlusterKind,
    ObjectName,
    ProtocolId,
    Role,
    Topic,
)

ROLE_DESCRIPTION = (
    "What the workload is for, with the evidence in `evidence` (topic role). business: the organisation's own code, "
    "what the business-service counts count: a workload behind a Service or serving a port whose software is not "
    "recognised, and a worker without a Service when its manifest shows what it does (a queue or stream client "
    "named by its environment variable names, such as KAFKA_BOOTSTRAP_SERVERS or SQS_QUEUE_URL, or a CronJob or Job "
    "that runs code); workers stay business, there is no separate worker role. datastore, cache, broker: data "
    "services. observability: metrics, logs, tracing (OpenTelemetry collectors included). infra: platform and "
    "third-party supporting software (ingress controllers, cert-manager, identity providers such as Keycloak, "
    "feature-flag servers such as flagd or Unleash, Vault agents). mesh: a service mesh's control plane or gateway. "
    "edge_proxy: a third-party proxy at the entry of the applications (Envoy, NGINX, HAProxy, Traefik). static: a "
    "third-party static file server. loadgen: a load generator (Locust, k6, JMeter, Gatling, wrk…). unknown: "
    "nothing in the manifest says which — never guessed.")


class Evidence(StrictModel):
    """One observation a claim rests on (names only: never values)."""

    topic: Topic
    text: str = Field(min_length=1, max_length=300)


class PortInfo(StrictModel):
    """One port a workload serves, with the protocol the scan attributes to it."""

    port: int = Field(ge=0, le=65535, description="the container port (target port of the Service)")
    name: str | None = None
    transport: Literal["TCP", "UDP", "SCTP"] = "TCP"
    protocol: ProtocolId = Field(description="normalised application protocol, 'unknown' without evidence")
    evidence: str = Field(description="why this protocol: appProtocol, port name, gRPC probe, well-known port…")
    metrics: bool = Field(default=False, description="a metrics/admin port (scraped, not service traffic)")
    service: str | None = Field(default=None, description="the Service exposing it, if any")


class ContainerInfo(StrictModel):
    """One container of a workload's pod template (and of its pods, for injected proxies)."""

    name: str
    image: str
    place: ContainerPlace
    proxy: str | None = Field(default=None, description="the mesh whose proxy or init container this is")
    probes: list[Literal["readiness", "liveness", "startup"]] = Field(default_factory=list)
    grpc_probe: bool = False
    requests: list[Literal["cpu", "memory"]] = Field(default_factory=list)
    limits: list[Literal["cpu", "memory"]] = Field(default_factory=list)


class WorkloadMesh(StrictModel):
    """Mesh status of one workload."""

    mesh: str | None = Field(default=None, description="istio, linkerd, consul, kuma, cilium, … or null")
    injected: bool = Field(default=False, description="a proxy runs in the pod (sidecar) or ambient mode is on")
    mode: MeshMode | None = None
    injection: Literal["enabled", "disabled"] | None = Field(
        default=None, description="what labels/annotations on the pod or namespace ask for")
    proxy_containers: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class Workload(StrictModel):
    """A Deployment, StatefulSet, DaemonSet, Job, CronJob, bare Pod, or pods of an unscanned controller."""

    name: ObjectName
    namespace: str
    kind: str
    role: Role = Field(description=ROLE_DESCRIPTION)
    language: str | None = Field(description="normalised language id (go, java, python…) or null without evidence")
    language_source: Literal["manifest", "source"] | None = None
    source_path: str | None = Field(default=None, description="the --source directory its language came from")
    software: str | None = Field(default=None, description="known third-party software (redis, rabbitmq…)")
    evidence: list[Evidence] = Field(default_factory=list)
    service: str | None = Field(default=None, description="the logical service it belongs to")
    kubernetes_services: list[str] = Field(default_factory=list, description="Services selecting its pods")
    system: bool = Field(default=False, description="runs in a system or add-on namespace")
    replicas: int | None = None
    ports: list[PortInfo] = Field(default_factory=list)
    protocols: list[ProtocolId] = Field(default_factory=list, description="protocols of its non-metrics ports")
    containers: list[ContainerInfo] = Field(default_factory=list)
    probes: bool = Field(description="every main container has a readiness or liveness probe")
    resources: bool = Field(description="every main container requests cpu and memory")
    limits: bool = Field(description="every main container has cpu or memory limits")
    hpa: bool = False
    pdb: bool = False
    host_network: bool = False
    mesh: WorkloadMesh = Field(default_factory=WorkloadMesh)


class LogicalService(StrictModel):
    """Workloads that are one service to their users (reviews-v1/v2/v3 are one ``reviews``)."""

    name: str
    namespace: str
    role: Role = Field(description="the role most of its workloads have (see Workload.role)")
    languages: list[str] = Field(default_factory=list)
    workloads: list[str]
    kubernetes_services: list[str] = Field(default_factory=list)
    protocols: list[ProtocolId] = Field(default_factory=list)
    system: bool = False
    grouped_by: str = Field(description="why these workloads are one service")


class NamespaceInfo(StrictModel):
    """A namespace seen in the scan."""

    name: str
    system: bool = Field(description="system or add-on namespace (configurable), not counted as business")
    workloads: int = 0
    mesh_injection: str | None = Field(default=None, description="e.g. istio-injection=enabled, linkerd enabled")


class NodeSummary(StrictModel):
    """Nodes and their allocatable capacity (live scans and full dumps only)."""

    count: int = 0
    allocatable_cpu_millicores: int = 0
    allocatable_memory_bytes: int = 0
    kubelet_versions: list[str] = Field(default_factory=list)
    architectures: list[str] = Field(default_factory=list)


class MeshInfo(StrictModel):
    """One mesh found in the cluster, with everything that shows it."""

    name: str
    modes: list[MeshMode] = Field(default_factory=list)
    injected_workloads: int = 0
    injection_namespaces: list[str] = Field(default_factory=list)
    control_plane: list[str] = Field(default_factory=list, description="namespace/workload of control-plane parts")
    crds: list[str] = Field(default_factory=list)
    webhooks: list[str] = Field(default_factory=list)
    evidence: list[str] = Field(default_factory=list)


class MeshSummary(StrictModel):
    """Meshes present (proxies, control plane, CRDs, injection labels, webhooks) and mere hints."""

    detected: list[MeshInfo] = Field(default_factory=list)
    hints: list[str] = Field(default_factory=list, description="annotations that mention a mesh without one running")
    injected_workloads: int = 0
    application_workloads: int = 0


class EdgeObject(StrictModel):
    """An Ingress, Gateway, HTTPRoute, OpenShift Route or exposed Service."""

    kind: str
    namespace: str | None = None
    name: str
    detail: str | None = Field(default=None, description="class, type or host count")


class EdgeSummary(StrictModel):
    """North–south entry points."""

    ingresses: list[EdgeObject] = Field(default_factory=list)
    gateways: list[EdgeObject] = Field(default_factory=list)
    http_routes: list[EdgeObject] = Field(default_factory=list)
    routes: list[EdgeObject] = Field(default_factory=list, description="OpenShift Routes")
    load_balancers: list[EdgeObject] = Field(default_factory=list)
    node_ports: list[EdgeObject] = Field(default_factory=list)
    controllers: list[str] = Field(default_factory=list, description="ingress controllers / API gateways running")
    gateway_api_crds: list[str] = Field(default_factory=list)


class NetworkPolicySummary(StrictModel):
    """NetworkPolicies and which application namespaces they cover."""

    count: int = 0
    namespaces: list[str] = Field(default_factory=list)
    application_namespaces_without: list[str] = Field(default_factory=list)


class Component(StrictModel):
    """A piece of platform software found (Prometheus, Jaeger, cert-manager…)."""

    name: str
    kind: Literal["metrics", "logs", "tracing", "dashboards", "certificates", "other"]
    evidence: str


class ObservabilitySummary(StrictModel):
    """The observability stack found."""

    metrics: bool = False
    logs: bool = False
    tracing: bool = False
    components: list[Component] = Field(default_factory=list)
    scrape_annotated_workloads: int = Field(default=0, description="workloads/Services with prometheus.io/scrape")


class CertManagerSummary(StrictModel):
    """cert-manager presence."""

    present: bool = False
    evidence: list[str] = Field(default_factory=list)


class Coverage(StrictModel):
    """Hygiene of application workloads (system namespaces excluded)."""

    workloads: int = 0
    with_probes: int = 0
    with_resources: int = 0
    with_limits: int = 0
    with_hpa: int = 0
    with_pdb: int = 0
    hpa_objects: int = 0
    pdb_objects: int = 0


class Totals(StrictModel):
    """The headline numbers (application namespaces only)."""

    workloads: int = 0
    application_workloads: int = 0
    services: int = Field(default=0, description="logical services in application namespaces")
    business_services: int = Field(default=0, description="distinct business services (versions count once; workers "
                                                           "without a Service count too, see Workload.role)")
    business_workloads: int = 0
    datastores: int = 0
    caches: int = 0
    brokers: int = 0
    languages: list[str] = Field(default_factory=list, description="languages claimed for business services")
    business_services_without_language: int = 0
    protocols: list[ProtocolId] = Field(default_factory=list, description="of business and data services")
    by_role: dict[str, int] = Field(default_factory=dict, description="workloads per role")


MULTICLUSTER_KIND_DESCRIPTION = (
    "istio_network: the cluster's Istio network id (label topology.istio.io/network on the istio-system namespace "
    "or a gateway). istio_multi_network: an east-west gateway (istio-eastwestgateway, port 15443, "
    "ISTIO_META_ROUTER_MODE set) that carries traffic between networks. istio_cross_network_gateway: the Gateway that "
    "exposes the cluster's services to other networks (port 15443, AUTO_PASSTHROUGH). istio_remote_secret: a Secret "
    "labelled istio/multiCluster=true, the credentials istiod uses to watch another cluster (only its name and "
    "labels are read). linkerd_gateway: the multicluster gateway of Linkerd's extension (this cluster can be "
    "linked to). linkerd_gateway_link: a Link to another cluster through its gateway (hierarchical mode). "
    "linkerd_flat_link: a Link without a gateway (pod-to-pod, flat network). linkerd_mirrored_service: a Service "
    "mirrored from another cluster (label mirror.linkerd.io/mirrored-service=true).")


class MulticlusterEvidence(StrictModel):
    """One object showing a multicluster set-up that already exists (names and labels only)."""

    mesh: Literal["istio", "linkerd"]
    kind: MulticlusterKind = Field(description=MULTICLUSTER_KIND_DESCRIPTION)
    object: str = Field(description="the object that shows it: Kind namespace/name")
    detail: str = Field(max_length=300, description="what about the object shows it")
    network: str | None = Field(default=None, description="the Istio network id it names, if any")
    remote_cluster: str | None = Field(default=None, description="the other cluster it names, if any")


class ClusterInventory(StrictModel):
    """Everything the scan found in one cluster or snapshot."""

    name: str
    source: str = Field(description="live:<context>, snapshot:<path>")
    complete: bool = Field(description="a whole-cluster view (live scan); snapshots may hold only some objects")
    kubernetes_version: str | None = None
    nodes: NodeSummary = Field(default_factory=NodeSummary)
    system_namespaces: list[str] = Field(description="namespace names/patterns treated as system or add-on")
    namespaces: list[NamespaceInfo] = Field(default_factory=list)
    workloads: list[Workload] = Field(default_factory=list)
    services: list[LogicalService] = Field(default_factory=list)
    totals: Totals = Field(default_factory=Totals)
    mesh: MeshSummary = Field(default_factory=MeshSummary)
    edge: EdgeSummary = Field(default_factory=EdgeSummary)
    network_policies: NetworkPolicySummary = Field(default_factory=NetworkPolicySummary)
    cert_manager: CertManagerSummary = Field(default_factory=CertManagerSummary)
    observability: ObservabilitySummary = Field(default_factory=ObservabilitySummary)
    coverage: Coverage = Field(default_factory=Coverage)
    multicluster: list[MulticlusterEvidence] = Field(
        default_factory=list, description="objects showing an existing multicluster set-up (Istio networks, "
                                          "east-west gateways, remote secrets; Linkerd links, mirrored Services)")
    object_counts: dict[str, int] = Field(default_factory=dict, description="objects read per kind")
    warnings: list[str] = Field(default_factory=list)


class SourceFinding(StrictModel):
    """A service found in a source checkout (``--source``), its language and what it was matched to."""

    name: str
    path: str
    language: str | None
    evidence: list[str] = Field(default_factory=list)
    images: list[str] = Field(default_factory=list, description="image names found in its Dockerfile/build files")
    matched: list[str] = Field(default_factory=list, description="cluster/namespace/workload it was matched to")


class FleetDifference(StrictModel):
    """One way the scanned clusters differ (a fact: whether it matters is for the reader)."""

    topic: FleetTopic = Field(description="kubernetes_version: versions differ (or are known for some only); mesh: "
                                          "a mesh runs in some clusters and not in others; namespaces: application "
                                          "namespaces present in some clusters only; multicluster: a multicluster "
                                          "set-up seen in some clusters only")
    detail: str = Field(max_length=400)
    clusters: list[str] = Field(description="the clusters the detail names (those that have it, or are on their own)")


class Fleet(StrictModel):
    """Several scanned clusters taken as one fleet: what differs between them."""

    clusters: list[str] = Field(min_length=2)
    differences: list[FleetDifference] = Field(default_factory=list)


class ScanResult(StrictModel):
    """The scan document: one inventory per cluster, plus what source checkouts said."""

    schema_version: Literal["1.0"] = "1.0"
    generated_at: dt.datetime | None = None
    clusters: list[ClusterInventory] = Field(default_factory=list)
    fleet: Fleet | None = Field(default=None, description="with two or more clusters: how they differ (null with one)")
    sources: list[SourceFinding] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class Outcome(StrictModel):
    """A verdict with its scores: what an assessment would say with one answer changed."""

    category: Category
    need: float
    readiness: float


class Disagreement(StrictModel):
    """An answer that the scan contradicts (the answer is kept; the report shows both)."""

    question: Identifier
    answered: str
    detected: str
    severity: Literal["info", "major"]
    message: str
    evidence: list[str] = Field(default_factory=list)
    detected_value: AnswerValue | None = Field(
        default=None, description="what the scan found, as an answers file writes it")
    if_detected: Outcome | None = Field(
        default=None, description="the verdict and scores if the scan's value were the answer (re-scored)")
