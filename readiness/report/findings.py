"""Report rows for the precheck (blockers with remediation), the cost estimate and the mesh options.

Pure: reads what the Assessment holds; labels come from ``text.yaml``. Every cost figure is shown with the
source it rests on. A finding shows its first few objects; when it has more, all of them are listed in an
appendix ("Precheck findings in full") that the finding points to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models.cost import CostEstimate, Range
from readiness.models.mesh import MESH_TITLES
from readiness.models.options import MeshOptions
from readiness.models.precheck import AffectedObject, Precheck
from readiness.report.wording import fill, label

MAX_OBJECTS = 8


def mesh_title(mesh: str) -> str:
    """``istio_sidecar`` → ``Istio (sidecar)``."""
    titles: dict[str, str] = {str(k): v for k, v in MESH_TITLES.items()}
    return titles.get(mesh, "Ingress or API gateway only" if mesh == "gateway_only" else mesh)


@dataclass(frozen=True)
class Link:
    """A cited document."""

    title: str
    url: str


@dataclass(frozen=True)
class MeshStatus:
    """Whether a data plane can be installed as the cluster is (``status`` is the id, for styling)."""

    mesh: str
    status: str
    status_label: str
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True)
class FindingView:
    """A precheck finding with what to do about it (``severity`` is the id, for styling)."""

    title: str
    severity: str
    severity_label: str
    for_meshes: str
    summary: str
    why: str
    remediation: str
    objects: list[str]
    more: str
    """The line pointing to the objects not shown here, or empty."""
    docs: list[Link]


@dataclass(frozen=True)
class PrecheckCluster:
    """The precheck of one cluster."""

    cluster: str
    meta: str
    meshes: list[MeshStatus]
    findings: list[FindingView]


@dataclass(frozen=True)
class PrecheckView:
    """The whole precheck."""

    clusters: list[PrecheckCluster]


@dataclass(frozen=True)
class ObjectRow:
    """An affected object, for the appendix."""

    name: str
    detail: str


@dataclass(frozen=True)
class FindingObjects:
    """Every object of a finding the precheck section shows only in part."""

    title: str
    severity: str
    severity_label: str
    rows: list[ObjectRow]


@dataclass(frozen=True)
class ClusterObjects:
    """The findings of one cluster listed in full."""

    cluster: str
    findings: list[FindingObjects]


@dataclass(frozen=True)
class CostRow:
    """One data plane's added resources and latency, with sources."""

    data_plane: str
    cpu: str
    memory: str
    control_plane: list[str]
    latency: list[str]
    """One published figure per item; HTML shows one a line, Markdown joins them with semicolons."""
    sources: str


@dataclass(frozen=True)
class CostView:
    """The cost estimate."""

    inputs: list[tuple[str, str]]
    rows: list[CostRow]
    caveats: list[str]
    sources: list[Link]


@dataclass(frozen=True)
class OptionRow:
    """A candidate data plane and how it fits."""

    title: str
    verdict: str
    score: str
    summary: str


@dataclass(frozen=True)
class OptionsView:
    """The mesh options."""

    headline: str
    reasons: list[str]
    options: list[OptionRow]
    method: str


_ORDER = {"error": 0, "warning": 1, "info": 2}


def lists_objects_in_full(precheck: Precheck) -> bool:
    """Whether some finding has more objects than its section shows (so the appendix is needed)."""
    return any(len(f.objects) > MAX_OBJECTS for c in precheck.clusters for f in c.findings)


def precheck_view(precheck: Precheck, text: Mapping[str, Any], appendix: str | None = None) -> PrecheckView:
    """Blockers and warnings per cluster, worst first, with their remediation; ``appendix`` is the label of
    the appendix that lists every object (when one is needed)."""
    t = text["precheck"]
    clusters = []
    for c in precheck.clusters:
        findings = []
        for f in sorted(c.findings, key=lambda f: (_ORDER.get(f.severity, 3), f.title)):
            hidden = len(f.objects) - MAX_OBJECTS
            more = fill(t["more_objects"], count=hidden, appendix=appendix or "") if hidden > 0 else ""
            findings.append(FindingView(
                f.title, f.severity, label(t["severity"], f.severity),
                fill(t["for_meshes"], meshes=", ".join(mesh_title(m) for m in f.meshes)), f.summary, f.why,
                f.remediation, [_object(o, t, detail=True) for o in f.objects[:MAX_OBJECTS]], more,
                [Link(d.title, d.url) for d in f.docs]))
        meta = [fill(t["kubernetes"], version=c.kubernetes_version or t["version_unknown"]),
                fill(t["passed"], count=len(c.passed))]
        if c.skipped:
            meta.append(fill(t["skipped"], skipped="; ".join(f"{s.check}: {s.reason}" for s in c.skipped)))
        meta.append(fill(t["catalogue"], catalogue=precheck.catalogue))
        clusters.append(PrecheckCluster(
            c.cluster, " · ".join(meta),
            [MeshStatus(mesh_title(v.mesh), v.status, label(t["status"], v.status), v.errors, v.warnings, v.infos)
             for v in c.by_mesh],
            findings))
    return PrecheckView(clusters)


def precheck_objects(precheck: Precheck, text: Mapping[str, Any]) -> list[ClusterObjects]:
    """Every object of every finding the precheck section shows only in part, per cluster."""
    t = text["precheck"]
    listed = []
    for c in precheck.clusters:
        findings = [FindingObjects(f.title, f.severity, label(t["severity"], f.severity),
                                   [ObjectRow(_object(o, t, detail=False), o.detail) for o in f.objects])
                    for f in sorted(c.findings, key=lambda f: (_ORDER.get(f.severity, 3), f.title))
                    if len(f.objects) > MAX_OBJECTS]
        if findings:
            listed.append(ClusterObjects(c.cluster, findings))
    return listed


def _object(o: AffectedObject, t: Mapping[str, Any], *, detail: bool) -> str:
    name = fill(t["object_name"], kind=o.kind, name=f"{o.namespace + '/' if o.namespace else ''}{o.name}")
    return f"{name}: {o.detail}" if detail else name


def cost_view(cost: CostEstimate, text: Mapping[str, Any]) -> CostView:
    """Added CPU, memory and latency per data plane; every number carries its source's number ``[n]``."""
    t = text["cost"]
    cited = {s.id: s for s in cost.sources}
    numbers = {s.id: i for i, s in enumerate(cost.sources, 1)}
    rows = []
    missing = t["needs_nodes"] if cost.inputs.nodes.value is None else t["not_known"]
    for dp in cost.data_planes:
        used = {b.source for r in (dp.cpu_cores, dp.memory_mib) if r for b in (r.low, r.high)}
        used |= {line.sources[0].id for line in dp.control_plane if line.sources}
        used |= {lat.source.id for lat in dp.latency}
        control = [f"{_amount(line.total.cpu_cores, line.total.memory_mib)} [{numbers[line.sources[0].id]}]"
                   for line in dp.control_plane if line.total] or ["—"]
        latency = [fill(t["latency_value"], ms=f"{lat.added_ms:g}", percentile=lat.percentile, scope=lat.scope)
                   + f" [{numbers[lat.source.id]}]" for lat in dp.latency] or ["—"]
        rows.append(CostRow(
            dp.title,
            _cited_range(dp.cpu_cores, "cores", numbers) if dp.cpu_cores else missing,
            _cited_range(dp.memory_mib, "MiB", numbers) if dp.memory_mib else missing,
            control, latency,
            " ".join(f"[{numbers[s]}]" for s in sorted(used, key=lambda s: numbers.get(s, 0)) if s in cited)))
    i = cost.inputs
    names = t["input_names"]
    inputs = [(names[key], fill(t["input_known"], value=f"{value.value:g}", origin=value.origin,
                                evidence=value.evidence) if value.value is not None
               else fill(t["input_unknown"], evidence=value.evidence))
              for key, value in (("pods", i.pods), ("nodes", i.nodes), ("services", i.services),
                                 ("namespaces", i.namespaces), ("clusters", i.clusters), ("rps", i.rps))]
    return CostView(inputs, rows, list(cost.caveats),
                    [Link(f"[{numbers[s.id]}] {s.title} ({s.version})", s.url) for s in cited.values()])


def _cited_range(bounds: Range, unit: str, numbers: dict[str, int]) -> str:
    """``0.32 [1] – 7 [2] cores``: each end with the number of the source it rests on."""
    low, high = bounds.low, bounds.high
    if _number(low.value, unit) == _number(high.value, unit) and low.source == high.source:
        return f"{_number(low.value, unit)} {unit} [{numbers[low.source]}]"
    return (f"{_number(low.value, unit)} [{numbers[low.source]}] – {_number(high.value, unit)} "
            f"[{numbers[high.source]}] {unit}")


def options_view(options: MeshOptions, text: Mapping[str, Any]) -> OptionsView:
    """The candidates, best first, with the reasons for the recommendation."""
    verdicts = text["mesh_options"]["verdicts"]
    ranked = sorted(options.options, key=lambda o: -o.score)
    return OptionsView(options.headline, list(options.reasons),
                       [OptionRow(o.title, label(verdicts, o.verdict), f"{o.score:g}", o.summary) for o in ranked],
                       options.method)


def _number(value: float, unit: str) -> str:
    """Cores with up to two decimals, MiB as whole numbers with thousands separators."""
    return f"{value:,.0f}" if unit == "MiB" else f"{value:.2f}".rstrip("0").rstrip(".")


def _amount(cpu: float | None, memory: float | None) -> str:
    parts = [f"{_number(cpu, 'cores')} cores" if cpu is not None else "",
             f"{_number(memory, 'MiB')} MiB" if memory is not None else ""]
    return " / ".join(p for p in parts if p)
