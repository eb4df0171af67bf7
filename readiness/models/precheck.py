"""Mesh compatibility precheck, proxy cost estimate and mesh options: the data files and the results.

Three families of models live here:

* the **data** the tool ships (check catalogue, Kubernetes support per mesh release, published proxy
  figures, mesh-option rules) — validated when loaded, so a typo in a YAML file is one clear error;
* the **results** that go into the Assessment (``Precheck``, ``CostEstimate``, ``MeshOptions``).

Every published figure carries a :class:`SourceRef`; a cost number without its source is never produced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from readiness.models.common import Category, Identifier, StrictModel

MeshId = Literal["istio_sidecar", "istio_ambient", "linkerd"]
"""The data planes the precheck and the cost estimate cover."""

MESHES: tuple[MeshId, ...] = ("istio_sidecar", "istio_ambient", "linkerd")

MESH_TITLES: dict[MeshId, str] = {
    "istio_sidecar": "Istio (sidecar)",
    "istio_ambient": "Istio (ambient)",
    "linkerd": "Linkerd",
}

Severity = Literal["info", "warning", "error"]
"""How much a finding matters, ascending: ``info`` < ``warning`` < ``error`` (as ``istioctl analyze``)."""

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")

OptionId = Literal["istio_sidecar", "istio_ambient", "linkerd", "gateway_only"]
"""Candidates the mesh options compare: the three data planes and "an ingress/API gateway only"."""

OPTIONS: tuple[OptionId, ...] = ("istio_sidecar", "istio_ambient", "linkerd", "gateway_only")

Url = str
"""An https URL (validated where used)."""


def severity_rank(severity: Severity) -> int:
    """0 for info, 1 for warning, 2 for error."""
    return SEVERITIES.index(severity)


class SourceRef(StrictModel):
    """Where a figure or a requirement comes from, and which version it applies to."""

    id: Identifier
    title: str = Field(min_length=1, description="publication or file, e.g. istio.io \"Performance and Scalability\"")
    url: Url = Field(pattern=r"^https://\S+$")
    version: str = Field(min_length=1, description="the product version the figure was published for")
    note: str = Field(default="", description="test conditions and caveats")


class DocLink(StrictModel):
    """A documentation page a finding points to."""

    title: str = Field(min_length=1)
    url: Url = Field(pattern=r"^https://\S+$")


# --------------------------------------------------------------------------------------------------
# Precheck: the catalogue (data)
# --------------------------------------------------------------------------------------------------

class MeshApplicability(StrictModel):
    """Whether a check concerns one data plane, and why (or why not)."""

    applies: bool
    note: str = Field(min_length=1)


class Applicability(StrictModel):
    """Per-mesh applicability of a check."""

    istio_sidecar: MeshApplicability
    istio_ambient: MeshApplicability
    linkerd: MeshApplicability

    def meshes(self) -> list[MeshId]:
        """The data planes the check applies to."""
        return [m for m in MESHES if getattr(self, m).applies]


class CheckDefinition(StrictModel):
    """One precheck as the catalogue describes it: its text, default severity and parameters."""

    id: Identifier
    title: str = Field(min_length=1)
    severity: Severity = Field(description="default severity; a check may raise or lower it per object")
    applicability: Applicability
    why: str = Field(min_length=1, description="why it matters when a workload joins a mesh")
    remediation: str = Field(min_length=1)
    docs: list[DocLink] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict, description="data the check's logic reads")


ReleaseStatus = Literal["current", "supported", "vendor_stable", "end_of_life", "development"]
"""Where a mesh release stands on the table's ``status_as_of`` date; each table says what its statuses mean."""


class KubernetesSupport(StrictModel):
    """The Kubernetes versions one mesh release supports."""

    release: str = Field(min_length=1)
    status: ReleaseStatus
    released: dt.date | None = None
    kubernetes_min: str = Field(pattern=r"^1\.\d+$")
    kubernetes_max: str | None = Field(default=None, pattern=r"^1\.\d+$")
    source: Identifier = Field(description="id of an entry in the catalogue's sources")


class MeshSupportTable(StrictModel):
    """Kubernetes support per release for one data plane (newest first)."""

    mesh: MeshId
    minimum_release: str | None = Field(default=None, description="oldest release with this data plane GA")
    status_as_of: dt.date = Field(description="the day the releases' statuses were checked against the sources")
    status_meaning: dict[ReleaseStatus, str] = Field(
        description="what each status means for this project (e.g. Linkerd: stable builds come only from vendors)")
    releases: list[KubernetesSupport] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_current(self) -> MeshSupportTable:
        if sum(1 for r in self.releases if r.status == "current") != 1:
            raise ValueError("exactly one release must have status 'current'")
        unexplained = sorted({r.status for r in self.releases} - set(self.status_meaning))
        if unexplained:
            raise ValueError(f"status_meaning does not explain: {', '.join(unexplained)}")
        return self

    def status_text(self, release: KubernetesSupport) -> str:
        """``1.29 (end of life: no longer patched by the Istio project)``."""
        return f"{release.status.replace('_', ' ')}: {self.status_meaning[release.status]}"

    def current(self) -> KubernetesSupport:
        """The release the precheck measures against."""
        return next(r for r in self.releases if r.status == "current")


class CheckCatalogue(StrictModel):
    """The whole precheck catalogue file."""

    version: str = Field(min_length=1)
    system_namespaces: list[str] = Field(
        description="namespaces whose workloads would not join a mesh (control planes, kube-system…)")
    proxy_containers: list[str] = Field(description="container names that are mesh proxies, not applications")
    sources: list[SourceRef] = Field(min_length=1)
    kubernetes_support: list[MeshSupportTable] = Field(min_length=1)
    checks: list[CheckDefinition] = Field(min_length=1)

    def check(self, check_id: str) -> CheckDefinition:
        """A check by id (KeyError if absent)."""
        for definition in self.checks:
            if definition.id == check_id:
                return definition
        raise KeyError(check_id)

    def source(self, source_id: str) -> SourceRef:
        """A source by id (KeyError if absent)."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


# --------------------------------------------------------------------------------------------------
# Precheck: the results
# --------------------------------------------------------------------------------------------------

class AffectedObject(StrictModel):
    """One object a check found, with what is wrong and which data planes it concerns."""

    kind: str
    namespace: str | None = None
    name: str
    detail: str = Field(description="what the check saw, e.g. 'port 27017 (unnamed): MongoDB is server-first'")
    severity: Severity = Field(description="the highest severity over its data planes")
    meshes: list[MeshId] = Field(description="data planes this object is a problem for")
    mesh_severity: dict[MeshId, Severity] = Field(
        default_factory=dict, description="severity per data plane where it differs from 'severity'")

    def severity_for(self, mesh: MeshId) -> Severity | None:
        """How much the object matters for one data plane (None when it does not concern it)."""
        if mesh not in self.meshes:
            return None
        return self.mesh_severity.get(mesh, self.severity)

    @property
    def ref(self) -> str:
        """``Kind/namespace/name`` (``Kind/name`` for cluster-scoped objects)."""
        return f"{self.kind}/{self.namespace}/{self.name}" if self.namespace else f"{self.kind}/{self.name}"


class Finding(StrictModel):
    """A check that found something: once per check, with every affected object."""

    check: Identifier
    title: str
    severity: Severity = Field(description="the highest severity among the objects")
    meshes: list[MeshId] = Field(description="data planes at least one object is a problem for")
    summary: str
    affected: int = Field(default=0, ge=0, description="distinct objects at the check's severity or above for some "
                                                       "data plane (what the summary counts as affected)")
    noted: int = Field(default=0, ge=0, description="distinct objects listed for information only: below the check's "
                                                    "severity for every data plane (e.g. a port a mesh default covers)")
    objects: list[AffectedObject] = Field(min_length=1)
    why: str
    remediation: str
    docs: list[DocLink]


class SkippedCheck(StrictModel):
    """A check that could not run on this input, and why."""

    check: Identifier
    reason: str


class MeshVerdict(StrictModel):
    """How the findings weigh for one data plane."""

    mesh: MeshId
    errors: int = Field(ge=0)
    warnings: int = Field(ge=0)
    infos: int = Field(ge=0)
    status: Literal["blocked", "needs_attention", "ready"]
    blocking_checks: list[Identifier] = Field(default_factory=list)
    not_checked: list[Identifier] = Field(
        default_factory=list, description="checks that apply to this data plane but could not run on this input")
    status_text: str = Field(default="", description="the status in words, with what was not checked, e.g. 'ready "
                                                     "(Kubernetes version not checked: ...)'")


class ClusterPrecheck(StrictModel):
    """The precheck of one cluster (or snapshot)."""

    cluster: str
    source: str
    kubernetes_version: str | None
    findings: list[Finding]
    passed: list[Identifier]
    skipped: list[SkippedCheck]
    by_mesh: list[MeshVerdict]

    def highest_severity(self) -> Severity | None:
        """The worst severity found, or None when nothing was found."""
        if not self.findings:
            return None
        worst: Severity = max((f.severity for f in self.findings), key=severity_rank)
        return worst


class Precheck(StrictModel):
    """The precheck of every scanned cluster."""

    catalogue: str = Field(description="version of the check catalogue")
    checks: list[Identifier] = Field(description="every check that was run, in catalogue order")
    clusters: list[ClusterPrecheck]

    def highest_severity(self) -> Severity | None:
        """The worst severity over all clusters."""
        found = [c.highest_severity() for c in self.clusters]
        known: list[Severity] = [s for s in found if s is not None]
        if not known:
            return None
        worst: Severity = max(known, key=severity_rank)
        return worst


# --------------------------------------------------------------------------------------------------
# Cost: the published figures (data)
# --------------------------------------------------------------------------------------------------

ProxyComponent = Literal["sidecar", "ztunnel", "waypoint", "proxy", "control_plane"]
Basis = Literal["published_per_proxy", "request_defaults", "per_1000_rps"]


class Scaling(StrictModel):
    """How a figure published for one mesh size is applied to another: linearly in the proxies per cluster, never
    below a floor (another figure, e.g. the chart's default requests)."""

    proxies: float = Field(gt=0, description="the number of proxies the figure was published for")
    floor: Identifier | None = Field(default=None, description="figure id whose per-unit amount is the minimum")


class ProxyFigure(StrictModel):
    """A published figure for one component on one basis, as the source states it."""

    id: Identifier
    data_plane: MeshId
    component: ProxyComponent
    basis: Basis
    cpu_cores: float | None = Field(default=None, ge=0, description="vCPU per unit (None: not published)")
    memory: float | None = Field(default=None, ge=0, description="memory per unit, in memory_unit")
    memory_unit: Literal["MB", "MiB"] = "MiB"
    per: Literal["pod", "node", "waypoint", "cluster", "krps"] = Field(
        description="one unit: a meshed pod, a node, a waypoint, a cluster (control plane), 1000 requests/s")
    published: str = Field(min_length=1, description="the figure in the source's own words and units")
    source: Identifier
    also: list[Identifier] = Field(default_factory=list, description="further sources a derived figure uses")
    derived: str = Field(default="", description="how the figure was derived from published ones, if it was; a "
                                                 "derived figure is shown as an estimate and never bounds a range")
    label: str = Field(default="", description="what the figure is, where the basis alone would mislead (e.g. a "
                                               "control plane measured for one mesh size)")
    scale: Scaling | None = None

    @model_validator(mode="after")
    def _something(self) -> ProxyFigure:
        if self.cpu_cores is None and self.memory is None:
            raise ValueError("a figure needs cpu_cores or memory")
        if self.derived and not self.also:
            raise ValueError("a derived figure names the further sources it uses in 'also'")
        return self

    @property
    def memory_mib(self) -> float | None:
        """Memory per unit in MiB (published MB converted)."""
        if self.memory is None:
            return None
        return self.memory * 1_000_000 / 1_048_576 if self.memory_unit == "MB" else self.memory


class LatencySpec(StrictModel):
    """Added latency a source reports for one data plane."""

    id: Identifier
    data_plane: MeshId
    percentile: Literal["p50", "p90", "p99"]
    added_ms: float = Field(ge=0)
    scope: str = Field(min_length=1, description="what the figure covers, e.g. 'two sidecars (one hop)'")
    source: Identifier


class CostData(StrictModel):
    """The proxy cost data file."""

    version: str = Field(min_length=1)
    hops_per_request: dict[ProxyComponent, int] = Field(
        description="how many proxies of a kind one service-to-service request crosses")
    waypoints_per_namespace: int = Field(ge=0, description="waypoints assumed per meshed namespace with L7 needs")
    pods_per_service_assumed: int = Field(ge=1, description="pods per service when only service_count is known")
    basis_labels: dict[Basis, str] = Field(description="how each basis is named in the output")
    sources: list[SourceRef] = Field(min_length=1)
    figures: list[ProxyFigure] = Field(min_length=1)
    latency: list[LatencySpec] = Field(min_length=1)
    caveats: list[str] = Field(default_factory=list)

    def figure(self, figure_id: str) -> ProxyFigure:
        """A figure by id (KeyError if absent)."""
        for figure in self.figures:
            if figure.id == figure_id:
                return figure
        raise KeyError(figure_id)

    def source(self, source_id: str) -> SourceRef:
        """A source by id (KeyError if absent)."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


# --------------------------------------------------------------------------------------------------
# Cost: the estimate (results)
# --------------------------------------------------------------------------------------------------

InputOrigin = Literal["scan", "answers", "assumption", "option", "unknown"]


class CountInput(StrictModel):
    """One count the estimate scales with, and where it came from."""

    value: float | None = Field(description="None when unknown")
    origin: InputOrigin
    evidence: str = Field(min_length=1)


class CostInputs(StrictModel):
    """What the estimate was computed from."""

    pods: CountInput = Field(description="pods that would get a proxy (sidecar data planes)")
    nodes: CountInput = Field(description="nodes that would run a ztunnel (ambient)")
    services: CountInput
    namespaces: CountInput = Field(description="namespaces that would be meshed (waypoints scale with them)")
    clusters: CountInput = Field(description="control planes (one per cluster)")
    allocatable_cpu_cores: CountInput
    allocatable_memory_mib: CountInput
    rps: CountInput = Field(description="service-to-service requests per second across the mesh")
    rps_per_service: dict[str, float] = Field(default_factory=dict)


class Amount(StrictModel):
    """CPU and memory; either may be unknown when a source publishes only one of them."""

    cpu_cores: float | None = None
    memory_mib: float | None = None


class Share(StrictModel):
    """An amount as a percentage of the cluster's allocatable capacity."""

    cpu_pct: float | None = None
    memory_pct: float | None = None


class CostLine(StrictModel):
    """One figure applied to the cluster: per unit × count = total, with its source(s)."""

    figure: Identifier
    data_plane: MeshId
    component: ProxyComponent
    basis: Basis
    published: str = Field(description="the figure as the source states it")
    per_unit: Amount
    unit: str = Field(description="'per pod', 'per node', 'per waypoint', 'per 1000 requests/s', 'per cluster'")
    count: float | None = Field(description="how many units; None when unknown")
    count_basis: str
    total: Amount | None
    share: Share | None
    sources: list[SourceRef] = Field(min_length=1)
    derived: str = Field(default="", description="how a derived estimate was computed (not a published figure)")
    basis_label: str = Field(default="", description="the basis in words: 'published, per proxy', 'default "
                                                     "requests', 'derived estimate (not published)…'")
    scaling: str = Field(default="", description="how a figure published for another mesh size was scaled here")


class Scenario(StrictModel):
    """The data plane's components added up on one basis from one source (e.g. ztunnels + waypoints).

    Derived estimates form no scenario: a range only ever runs between published figures and default requests.
    """

    id: str
    basis: Basis
    figures: list[Identifier]
    total: Amount
    share: Share | None
    source: Identifier = Field(description="the primary source of the figures")
    complete: bool = Field(description="false when a component's count is unknown, so the total is a floor")


class Bound(StrictModel):
    """One end of a range, with the scenario (and so the source) it comes from."""

    value: float
    share_pct: float | None
    scenario: str
    source: Identifier


class Range(StrictModel):
    """Low and high of a data plane's scenarios, each end naming its source."""

    low: Bound
    high: Bound


class LatencyFigure(StrictModel):
    """Added latency as a source reports it."""

    id: Identifier
    data_plane: MeshId
    percentile: Literal["p50", "p90", "p99"]
    added_ms: float
    scope: str
    source: SourceRef


class DataPlaneCost(StrictModel):
    """Everything the estimate says about one data plane."""

    data_plane: MeshId
    title: str
    lines: list[CostLine]
    scenarios: list[Scenario]
    cpu_cores: Range | None = Field(description="range over the scenarios with a known total")
    memory_mib: Range | None
    control_plane: list[CostLine]
    latency: list[LatencyFigure]


class CostEstimate(StrictModel):
    """Proxy CPU, memory and latency for each data plane, every number with its source."""

    data_version: str
    inputs: CostInputs
    data_planes: list[DataPlaneCost]
    caveats: list[str]
    sources: list[SourceRef] = Field(description="every source cited above")


# --------------------------------------------------------------------------------------------------
# Mesh options: rules (data) and the comparison (results)
# --------------------------------------------------------------------------------------------------

Fit = Literal["good", "fair", "poor", "ruled_out"]

FIT_ORDER: tuple[Fit, ...] = ("ruled_out", "poor", "fair", "good")

Support = Literal["yes", "partial", "no"]
"""How far a candidate provides a feature."""


class OptionSpec(StrictModel):
    """A candidate as the rules describe it."""

    id: OptionId
    title: str
    summary: str
    features: dict[Identifier, Support] = Field(
        description="capabilities (mtls, l7_telemetry, l7_resilience, …) this candidate provides")
    feature_notes: dict[Identifier, str] = Field(default_factory=dict)
    facts: dict[Identifier, str] = Field(
        default_factory=dict, description="short statements the reasons quote (multicluster, vms, support…)")
    sources: list[Identifier] = Field(default_factory=list)


FitText = tuple[Fit, str]
"""A fit and the sentence that explains it."""

class VerdictFitRule(StrictModel):
    """Fit by the assessment's category, for the gateway and for any mesh."""

    label: str
    by_category: dict[Category, dict[Literal["gateway_only", "mesh"], FitText]]


class LatencyRule(StrictModel):
    """Added latency, compared like with like: data planes are ranked only by figures from one benchmark (same
    source, same percentile), relatively; a data plane no shared benchmark ranks counts as equivalent. A
    comparison across benchmarks never ranks, let alone rules out, a data plane."""

    label: str
    faster: str = Field(description="the data plane a shared benchmark measured as adding less latency")
    slower: FitText = Field(description="the one it measured as adding more (never worse than 'fair')")
    unranked: str = Field(description="a data plane no shared benchmark compares with the others")
    gateway_only: FitText

    @model_validator(mode="after")
    def _never_rules_out(self) -> LatencyRule:
        if self.slower[0] not in ("good", "fair"):
            raise ValueError("a relative benchmark makes a data plane at worst 'fair', never poor or ruled out")
        return self


class HeadroomRule(StrictModel):
    """Resource headroom (answer), capped by the default requests' share of allocatable CPU (scan)."""

    label: str
    by_answer: dict[str, dict[OptionId, FitText]]
    share_limits: dict[Literal["fair", "poor"], float]
    share_text: str


class FeatureRule(StrictModel):
    """A requirement judged by one feature's support level."""

    label: str
    good: str
    fair: str
    poor: str
    fit_by_feature: dict[Support, Fit]


class VmRule(StrictModel):
    """VMs in the estate."""

    fit_by_feature: dict[Support, Fit]
    text: str


class ServerlessRule(StrictModel):
    """A serverless estate."""

    mesh: FitText
    gateway_only: FitText


class PlatformRule(StrictModel):
    """Where the services run."""

    label: str
    vms: VmRule
    serverless: ServerlessRule


class VendorRule(StrictModel):
    """Commercial support required."""

    label: str
    fits: dict[OptionId, Fit]
    text: str


class ExistingMeshRule(StrictModel):
    """A mesh already in use."""

    label: str
    same: FitText
    other_mesh: FitText
    gateway_only: FitText
    families: dict[str, list[MeshId]]
    names: dict[str, str] = Field(description="display name per existing_mesh value")


class PrecheckRule(StrictModel):
    """The precheck's verdict per data plane."""

    label: str
    blocked: FitText
    needs_attention: FitText
    ready: FitText
    gateway_only: FitText
    not_checked: str = Field(description="appended when a check could not run, e.g. the Kubernetes version; "
                                         "{checks} is filled in")


class DriverRule(StrictModel):
    """Features the top drivers need."""

    label_prefix: str
    top: int = Field(ge=1)
    fit_by_support: dict[Support, Fit]
    good: str
    fair: str
    poor: str


class Rules(StrictModel):
    """Every requirement rule."""

    verdict: VerdictFitRule
    latency_budget: LatencyRule
    resource_headroom: HeadroomRule
    multicluster: FeatureRule
    platform: PlatformRule
    vendor_support: VendorRule
    existing_mesh: ExistingMeshRule
    precheck: PrecheckRule
    drivers: DriverRule


class OptionRules(StrictModel):
    """The mesh-options rules file."""

    version: str = Field(min_length=1)
    fit_points: dict[Fit, float]
    weights: dict[Identifier, float] = Field(
        default_factory=dict, description="requirement id (drivers: 'drivers') → weight of its points; default 1")
    preference: list[OptionId] = Field(description="tie-break order, most preferred first")
    feature_labels: dict[Identifier, str]
    driver_features: dict[Identifier, list[Identifier]] = Field(
        description="signal id → capabilities that driver needs from a mesh")
    sources: list[SourceRef] = Field(default_factory=list)
    options: list[OptionSpec] = Field(min_length=1)
    rules: Rules
    headlines: dict[Category, str] = Field(description="headline per verdict; {best} and {gateway} are filled in")
    reason_texts: dict[Literal["why_not", "tie", "method"], str]

    def option(self, option_id: str) -> OptionSpec:
        """A candidate by id (KeyError if absent)."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def source(self, source_id: str) -> SourceRef:
        """A source by id (KeyError if absent)."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


class RequirementFit(StrictModel):
    """How one candidate fits one requirement, and why."""

    requirement: Identifier
    label: str
    fit: Fit
    reason: str
    source: SourceRef | None = None


class MeshOption(StrictModel):
    """One candidate, judged requirement by requirement."""

    id: OptionId
    title: str
    summary: str
    verdict: Literal["recommended", "viable", "not_advised", "ruled_out"]
    score: float
    fits: list[RequirementFit]


class MeshOptions(StrictModel):
    """The comparison of candidate data planes with a recommendation and its reasons."""

    recommended: OptionId
    headline: str
    reasons: list[str] = Field(min_length=1)
    options: list[MeshOption]
    method: str
