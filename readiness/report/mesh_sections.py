"""Detail tables of the precheck, cost and mesh-options sections (``findings.py`` builds their summaries).

- the precheck table: one row per check that found something, its severity for each data plane;
- the figures behind the cost estimate: every published figure applied to the cluster, each number with
  the number of its source in the section's numbered source list (``[n]``);
- the fit matrix: every requirement against every candidate (good, fair, poor, ruled out).

Pure: reads what the Assessment holds; labels come from ``text.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models.cost import CostEstimate, CostLine, DataPlaneCost
from readiness.models.mesh import MESH_TITLES, MESHES, MeshId, severity_rank
from readiness.models.options import MeshOptions
from readiness.models.precheck import Finding, Precheck
from readiness.report.bounds import MAX_CLUSTERS, top
from readiness.report.wording import fill, label

UNITS = {"per pod": "/pod", "per node": "/node", "per waypoint": "/waypoint", "per cluster": "/cluster",
         "per 1000 requests/s": "/1000 rps"}


@dataclass(frozen=True)
class Cell:
    """A short value with the class name the HTML colours it by."""

    text: str
    css: str


# --------------------------------------------------------------------------------------------------
# Precheck table
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckRow:
    """A check that found something: its title, overall severity, severity per data plane, object count."""

    check: str
    title: str
    severity: Cell
    meshes: list[Cell]
    objects: int


@dataclass(frozen=True)
class CheckTable:
    """The precheck table of one cluster."""

    cluster: str
    titles: list[str]
    rows: list[CheckRow]


def _severity_for(finding: Finding, mesh: MeshId, labels: Mapping[str, Any]) -> Cell:
    levels = [s for o in finding.objects if (s := o.severity_for(mesh)) is not None]
    if not levels:
        return Cell("—", "sev-none")
    level = max(levels, key=severity_rank)
    return Cell(label(labels, level), f"sev-{level}")


def check_tables(precheck: Precheck, text: Mapping[str, Any]) -> list[CheckTable]:
    """Per cluster shown, the checks that found something (worst first) with their severity per data plane."""
    labels = text["precheck"]["severity"]
    tables = []
    for cluster in top(precheck.clusters, MAX_CLUSTERS)[0]:
        ordered = sorted(cluster.findings, key=lambda f: (-severity_rank(f.severity), f.title))
        rows = [CheckRow(f.check, f.title, Cell(label(labels, f.severity), f"sev-{f.severity}"),
                         [_severity_for(f, m, labels) for m in MESHES], len(f.objects)) for f in ordered]
        tables.append(CheckTable(cluster.cluster, [MESH_TITLES[m] for m in MESHES], rows))
    return tables


# --------------------------------------------------------------------------------------------------
# Figures behind the cost estimate
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FigureRow:
    """One published figure applied to the cluster."""

    part: str
    basis: str
    published: str
    per_unit: str
    count: str
    cpu: str
    memory: str
    refs: str


@dataclass(frozen=True)
class PlaneFigures:
    """One data plane's figures, and a line with its CPU and memory range, with source numbers."""

    title: str
    rows: list[FigureRow]
    summary: str


def source_numbers(cost: CostEstimate) -> dict[str, int]:
    """Source id → its number in the cost section's source list (the estimate's order)."""
    return {s.id: i for i, s in enumerate(cost.sources, 1)}


def _n(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f" ({value:.1f} %)"


def _short(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.3g}"


def _row(line: CostLine, numbers: dict[str, int], t: Mapping[str, Any]) -> FigureRow:
    unit = line.per_unit
    per = ", ".join(x for x in (f"{_short(unit.cpu_cores)} vCPU" if unit.cpu_cores is not None else "",
                                f"{_short(unit.memory_mib)} MiB" if unit.memory_mib is not None else "") if x)
    total, share = line.total, line.share
    cpu = _n(total.cpu_cores) + (_pct(share.cpu_pct) if share else "") if total else "—"
    memory = _n(total.memory_mib, 0) + (_pct(share.memory_pct) if share else "") if total else "—"
    count = t["count_unknown"] if line.count is None else f"{line.count:,.4g}"
    published = " — ".join(x for x in (line.published, fill(t["derived"], derived=line.derived) if line.derived
                                       else "", line.scaling) if x)
    part = label(t["parts"], line.component)
    basis = line.basis_label or label(t["basis"], line.basis)
    return FigureRow(part, basis, published, f"{per} {UNITS.get(line.unit, line.unit)}", count, cpu,
                     memory, " ".join(f"[{numbers[s.id]}]" for s in line.sources))


def _range(plane: DataPlaneCost, numbers: dict[str, int], attribute: str, unit: str, digits: int,
           t: Mapping[str, Any]) -> str:
    bounds = getattr(plane, attribute)
    if bounds is None:
        return str(t["range_unknown"])
    low, high = bounds.low, bounds.high
    low_text = f"{_n(low.value, digits)} {unit}{_pct(low.share_pct)} [{numbers[low.source]}]"
    if low.scenario == high.scenario:
        return low_text
    return fill(t["range"], low=low_text,
                high=f"{_n(high.value, digits)} {unit}{_pct(high.share_pct)} [{numbers[high.source]}]")


def cost_figures(cost: CostEstimate, text: Mapping[str, Any], only: str | None = None) -> list[PlaneFigures]:
    """Every figure of every data plane (or of ``only``, the one priced, when it is among them), numbers with their
    source numbers."""
    t = text["cost"]
    numbers = source_numbers(cost)
    planes = []
    chosen = [p for p in cost.data_planes if p.data_plane == only] or cost.data_planes
    for plane in chosen:
        summary = fill(t["plane_line"], cpu=_range(plane, numbers, "cpu_cores", "vCPU", 2, t),
                       memory=_range(plane, numbers, "memory_mib", "MiB", 0, t))
        planes.append(PlaneFigures(plane.title, [_row(x, numbers, t) for x in [*plane.lines, *plane.control_plane]],
                                   summary))
    return planes


# --------------------------------------------------------------------------------------------------
# Fit matrix
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FitRow:
    """One requirement across the candidates."""

    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class FitMatrix:
    """Requirements × candidates, best candidate first, with the points each got."""

    titles: list[str]
    rows: list[FitRow]
    scores: list[str]


def fit_matrix(options: MeshOptions, text: Mapping[str, Any]) -> FitMatrix:
    """Every requirement's fit for every candidate, in the order the candidates were ranked."""
    fits = text["mesh_options"]["fits"]
    requirements: dict[str, str] = {}
    for option in options.options:
        for judged in option.fits:
            requirements.setdefault(judged.requirement, judged.label)
    rows = []
    for requirement, title in requirements.items():
        cells = []
        for option in options.options:
            fit = next((f.fit for f in option.fits if f.requirement == requirement), None)
            cells.append(Cell(label(fits, fit) if fit else "—", f"fit-{fit or 'none'}"))
        rows.append(FitRow(title, cells))
    ruled_out = label(text["mesh_options"]["verdicts"], "ruled_out")
    return FitMatrix([o.title for o in options.options], rows,
                     [ruled_out if o.verdict == "ruled_out" else f"{o.score:g}" for o in options.options])
