"""The "Pre-flight checks", "Cost estimate" and "Mesh options" sections: Assessment data as report rows.

Pure: reads the :class:`Precheck`, :class:`CostEstimate` and :class:`MeshOptions` the Assessment holds and
decides every word and number the templates print. Every cost figure carries the number of its source
in the section's source list, so no number is printed without its source.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.models.precheck import (
    MESH_TITLES,
    MESHES,
    ClusterPrecheck,
    CostEstimate,
    CostLine,
    DataPlaneCost,
    Finding,
    MeshOptions,
    Precheck,
    severity_rank,
)

MAX_OBJECTS = 30
"""Affected objects listed per finding (the rest are counted; the Assessment JSON has them all)."""

STATUS = {"blocked": "blocked", "needs_attention": "needs attention", "ready": "ready"}
BASIS = {"published_per_proxy": "published, per proxy", "request_defaults": "default requests",
         "per_1000_rps": "per 1000 requests/s"}
VERDICT = {"recommended": "recommended", "viable": "viable", "not_advised": "not advised", "ruled_out": "ruled out"}


@dataclass(frozen=True)
class Cell:
    """A short value with a class name the HTML colours it by."""

    text: str
    css: str


@dataclass(frozen=True)
class MeshStatus:
    """The precheck's verdict for one data plane."""

    mesh: str
    status: Cell
    counts: str
    blocking: str


@dataclass(frozen=True)
class FindingRow:
    """One line of the precheck summary table."""

    check: str
    title: str
    severity: Cell
    meshes: list[Cell]
    objects: int


@dataclass(frozen=True)
class ObjectRow:
    """An affected object."""

    ref: str
    detail: str
    severity: Cell
    meshes: str


@dataclass(frozen=True)
class DocRow:
    title: str
    url: str


@dataclass(frozen=True)
class FindingView:
    """A finding in full: what, why, how to fix, where documented."""

    check: str
    title: str
    severity: Cell
    summary: str
    objects: list[ObjectRow]
    more_objects: int
    why: str
    remediation: str
    docs: list[DocRow]


@dataclass(frozen=True)
class ClusterPrecheckView:
    name: str
    source: str
    version: str
    statuses: list[MeshStatus]
    rows: list[FindingRow]
    findings: list[FindingView]
    passed: list[str]
    skipped: list[tuple[str, str]]


@dataclass(frozen=True)
class PrecheckView:
    """Everything the precheck section shows."""

    catalogue: str
    mesh_titles: list[str]
    clusters: list[ClusterPrecheckView]


def _severity(level: str) -> Cell:
    return Cell(level, f"sev-{level}")


def _cell(finding: Finding, mesh: str) -> Cell:
    levels = [o.severity for o in finding.objects if mesh in o.meshes]
    if not levels:
        return Cell("—", "sev-none")
    return _severity(max(levels, key=severity_rank))


def precheck_view(precheck: Precheck, titles: dict[str, str]) -> PrecheckView:
    """The precheck section of every cluster; ``titles`` maps check ids to their titles."""
    return PrecheckView(precheck.catalogue, [MESH_TITLES[m] for m in MESHES],
                        [_cluster(c, titles) for c in precheck.clusters])


def _cluster(c: ClusterPrecheck, titles: dict[str, str]) -> ClusterPrecheckView:
    statuses = [MeshStatus(MESH_TITLES[v.mesh], Cell(STATUS[v.status], f"status-{v.status}"),
                           f"{v.errors} error(s), {v.warnings} warning(s), {v.infos} info",
                           ", ".join(titles.get(b, b) for b in v.blocking_checks)) for v in c.by_mesh]
    rows = [FindingRow(f.check, f.title, _severity(f.severity), [_cell(f, m) for m in MESHES], len(f.objects))
            for f in c.findings]
    findings = [FindingView(
        f.check, f.title, _severity(f.severity), f.summary,
        [ObjectRow(o.ref, o.detail, _severity(o.severity), ", ".join(MESH_TITLES[m] for m in o.meshes))
         for o in f.objects[:MAX_OBJECTS]],
        max(0, len(f.objects) - MAX_OBJECTS), f.why, f.remediation, [DocRow(d.title, d.url) for d in f.docs])
        for f in c.findings]
    version = f"Kubernetes {c.kubernetes_version}" if c.kubernetes_version else "Kubernetes version not known"
    return ClusterPrecheckView(c.cluster, c.source, version, statuses, rows, findings,
                               [titles.get(p, p) for p in c.passed],
                               [(titles.get(s.check, s.check), s.reason) for s in c.skipped])


# --------------------------------------------------------------------------------------------------
# Cost
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class CostRow:
    """One figure applied to the cluster, with the numbers of its sources."""

    part: str
    basis: str
    published: str
    per_unit: str
    count: str
    cpu: str
    memory: str
    refs: str


@dataclass(frozen=True)
class PlaneView:
    """One data plane: its rows, its range, its control plane and its published latency."""

    title: str
    rows: list[CostRow]
    control: list[CostRow]
    cpu_range: str
    memory_range: str
    latency: list[str]


@dataclass(frozen=True)
class SourceRow:
    number: int
    title: str
    version: str
    note: str
    url: str


@dataclass(frozen=True)
class CostView:
    """Everything the cost section shows."""

    inputs: list[Fact]
    planes: list[PlaneView]
    sources: list[SourceRow]
    caveats: list[str]
    data_version: str


def _n(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f" ({value:.1f} %)"


def _short(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.3g}"


def _refs(line: CostLine, numbers: dict[str, int]) -> str:
    return ", ".join(f"[{numbers[s.id]}]" for s in line.sources)


def _row(line: CostLine, numbers: dict[str, int]) -> CostRow:
    unit = line.per_unit
    per = ", ".join(x for x in (f"{_short(unit.cpu_cores)} vCPU" if unit.cpu_cores is not None else "",
                                f"{_short(unit.memory_mib)} MiB" if unit.memory_mib is not None else "") if x)
    total, share = line.total, line.share
    cpu = _n(total.cpu_cores) + (_pct(share.cpu_pct) if share else "") if total else "—"
    memory = _n(total.memory_mib, 0) + (_pct(share.memory_pct) if share else "") if total else "—"
    count = "unknown" if line.count is None else f"{line.count:,.4g}"
    published = line.published + (f" (derived: {line.derived})" if line.derived else "")
    part = "control plane" if line.component == "control_plane" else line.component
    return CostRow(part, BASIS[line.basis], published, f"{per} {line.unit}", count, cpu, memory,
                   _refs(line, numbers))


def _range(plane: DataPlaneCost, numbers: dict[str, int], attribute: str, unit: str, digits: int) -> str:
    bounds = getattr(plane, attribute)
    if bounds is None:
        return "not known (a count it needs, such as nodes, is unknown)"
    low, high = bounds.low, bounds.high
    return (f"{_n(low.value, digits)}{_pct(low.share_pct)} [{numbers[low.source]}] to "
            f"{_n(high.value, digits)}{_pct(high.share_pct)} [{numbers[high.source]}] {unit}")


def cost_view(cost: CostEstimate) -> CostView:
    """The cost section."""
    numbers = {s.id: i for i, s in enumerate(cost.sources, 1)}
    inputs = cost.inputs
    facts = []
    for label, item in (("Pods that would get a proxy", inputs.pods), ("Nodes (one ztunnel each)", inputs.nodes),
                        ("Meshed namespaces (waypoints)", inputs.namespaces), ("Clusters (control planes)",
                                                                                 inputs.clusters),
                        ("Requests per second between services", inputs.rps),
                        ("Allocatable CPU (vCPU)", inputs.allocatable_cpu_cores),
                        ("Allocatable memory (MiB)", inputs.allocatable_memory_mib)):
        value = "unknown" if item.value is None else f"{item.value:,.6g}"
        facts.append(Fact(label, f"{value} — {item.origin}: {item.evidence}"))
    if inputs.rps_per_service:
        facts.append(Fact("Rates per service", ", ".join(f"{k} {v:g}/s" for k, v in
                                                          sorted(inputs.rps_per_service.items()))))
    planes = []
    for plane in cost.data_planes:
        latency = [f"+{x.added_ms:g} ms {x.percentile} — {x.scope} [{numbers[x.source.id]}]" for x in plane.latency]
        planes.append(PlaneView(plane.title, [_row(x, numbers) for x in plane.lines],
                                [_row(x, numbers) for x in plane.control_plane],
                                _range(plane, numbers, "cpu_cores", "vCPU", 2),
                                _range(plane, numbers, "memory_mib", "MiB", 0), latency))
    sources = [SourceRow(numbers[s.id], s.title, s.version, s.note, s.url) for s in cost.sources]
    return CostView(facts, planes, sources, list(cost.caveats), cost.data_version)


# --------------------------------------------------------------------------------------------------
# Mesh options
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FitRow:
    """One requirement across the candidates."""

    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class ReasonRow:
    label: str
    fit: Cell
    reason: str
    source: str


@dataclass(frozen=True)
class OptionView:
    title: str
    verdict: Cell
    score: str
    summary: str
    reasons: list[ReasonRow]


@dataclass(frozen=True)
class OptionsView:
    """Everything the mesh options section shows."""

    recommended: str
    headline: str
    reasons: list[str]
    titles: list[str]
    matrix: list[FitRow]
    scores: list[str]
    options: list[OptionView]
    method: str


def options_view(options: MeshOptions) -> OptionsView:
    """The mesh options section: the recommendation, a fit matrix and each candidate's reasons."""
    ordered = options.options
    requirements: dict[str, str] = {}
    for option in ordered:
        for f in option.fits:
            requirements.setdefault(f.requirement, f.label)
    matrix = []
    for requirement, label in requirements.items():
        cells = []
        for option in ordered:
            fit = next((f.fit for f in option.fits if f.requirement == requirement), None)
            cells.append(Cell(fit.replace("_", " ") if fit else "—", f"fit-{fit or 'none'}"))
        matrix.append(FitRow(label, cells))
    views = [OptionView(
        o.title, Cell(VERDICT[o.verdict], f"verdict-{o.verdict}"), f"{o.score:g}", o.summary,
        [ReasonRow(f.label, Cell(f.fit.replace("_", " "), f"fit-{f.fit}"), f.reason,
                   f"{f.source.title}, {f.source.version}" if f.source else "") for f in o.fits])
        for o in ordered]
    title = next(o.title for o in ordered if o.id == options.recommended)
    return OptionsView(title, options.headline, list(options.reasons), [o.title for o in ordered], matrix,
                       [f"{o.score:g}" for o in ordered], views, options.method)
