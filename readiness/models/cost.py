"""The proxy cost estimate: the published figures it is built from (data) and the estimate (results).

Every published figure carries a :class:`~readiness.models.mesh.SourceRef`; a cost number without its source is
never produced.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from readiness.models.common import Identifier, StrictModel
from readiness.models.mesh import MeshId, SourceRef

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


LatencyKind = Literal["per_hop", "end_to_end"]
"""What a latency figure measures: one call between two services (two proxies), or a whole benchmark application."""


class LatencySpec(StrictModel):
    """Added latency a source reports for one data plane."""

    id: Identifier
    data_plane: MeshId
    kind: LatencyKind
    percentile: Literal["p50", "p90", "p99"]
    added_ms: float = Field(ge=0)
    scope: str = Field(min_length=1, description="what the figure covers, e.g. 'two sidecars (one hop)'")
    source: Identifier


class LatencyTexts(StrictModel):
    """The one latency statement: per hop at the budget's percentile, end-to-end benchmarks as what they are."""

    percentile: Literal["p50", "p90", "p99"]
    per_hop: str
    figure: str
    unpublished: str
    end_to_end: str
    closing: str


class SizingTexts(StrictModel):
    """How the estimate says what it sized."""

    scan: str
    answers: str
    unknown: str
    disagreement: str


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
    latency_statement: LatencyTexts
    sizing_texts: SizingTexts
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
    kind: LatencyKind = "per_hop"
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


class Sizing(StrictModel):
    """The service and cluster counts the estimate sized, where they come from, and what the other source says."""

    origin: Literal["scan", "answers"]
    services: float | None
    clusters: float | None
    pods: float | None
    statement: str = Field(description="what was sized, in one sentence")
    disagreements: list[str] = Field(
        default_factory=list, description="where the scan and the answers differ on a count, and the estimate at the "
                                          "answered count")


class CostEstimate(StrictModel):
    """Proxy CPU, memory and latency for each data plane, every number with its source."""

    data_version: str
    inputs: CostInputs
    data_planes: list[DataPlaneCost]
    caveats: list[str]
    sources: list[SourceRef] = Field(description="every source cited above")
    latency_statement: str = Field(default="", description="the added latency stated once: per hop at the latency "
                                                            "budget's percentile (p99), with sources")
    sizing: Sizing | None = Field(default=None, description="the counts sized and where the scan disagrees")
