"""Report rows for the precheck (blockers with remediation), the cost estimate and the mesh options.

Pure: reads what the Assessment holds; labels come from ``text.yaml``. Every cost figure is shown with the
source it rests on. A finding shows its first few objects; when it has more, more of them are listed in an
appendix ("Precheck findings in full") that the finding points to, within the bounds of :mod:`.bounds`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.models.cost import CostEstimate, CostLine, Range
from readiness.models.mesh import MESH_TITLES
from readiness.models.options import MeshOptions
from readiness.models.precheck import AffectedObject, Finding, Precheck
from readiness.report.bounds import MAX_CLUSTERS, MAX_OBJECTS, appendix_share, more_line, top
from readiness.report.wording import fill, fill_first, join_words, label, plural


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
    more_clusters: str
    """The line standing for the clusters not shown, or empty."""


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
    more: str
    """The line standing for the objects not listed, or empty."""


@dataclass(frozen=True)
class ClusterObjects:
    """The findings of one cluster listed in full."""

    cluster: str
    findings: list[FindingObjects]


@dataclass(frozen=True)
class CostRow:
    """One data plane's added CPU and memory, with sources."""

    data_plane: str
    cpu: str
    memory: str
    control_plane: list[str]
    """One figure per item; HTML shows one a line, Markdown joins them with semicolons."""
    sources: str


@dataclass(frozen=True)
class CostView:
    """The proxy resource estimate (an appendix of the business case): what it was sized at, the range per data
    plane, the sources. Its inputs with their evidence and its caveats are in the technical appendix."""

    sizing: str
    rows: list[CostRow]
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


def appendix_objects(precheck: Precheck) -> int:
    """How many objects each finding with more than its section shows lists in the appendix: 0 when there is
    no appendix (no such finding, or so many that the appendix's budget leaves nothing more to show)."""
    clusters, _ = top(precheck.clusters, MAX_CLUSTERS)
    share = appendix_share(sum(1 for c in clusters for f in c.findings if len(f.objects) > MAX_OBJECTS))
    return share if share > MAX_OBJECTS else 0


def precheck_view(precheck: Precheck, text: Mapping[str, Any], appendix: str | None = None) -> PrecheckView:
    """Blockers and warnings per cluster, worst first, with their remediation; ``appendix`` is the label of
    the appendix that lists more of the objects (when there is one)."""
    t = text["precheck"]
    listed = appendix_objects(precheck) if appendix else 0
    shown, hidden = top(precheck.clusters, MAX_CLUSTERS)
    clusters = []
    for c in shown:
        findings = []
        for f in _ordered(c.findings):
            findings.append(FindingView(
                f.title, f.severity, label(t["severity"], f.severity),
                fill(t["for_meshes"], meshes=", ".join(mesh_title(m) for m in f.meshes)), f.summary, f.why,
                f.remediation, [_object(o, t, detail=True) for o in f.objects[:MAX_OBJECTS]],
                _more_objects(len(f.objects), listed, appendix or "", text), [Link(d.title, d.url) for d in f.docs]))
        meta = [fill(t["kubernetes"], version=c.kubernetes_version or t["version_unknown"]),
                plural(len(c.passed), t["passed_one"], t["passed_many"])]
        if c.skipped:
            meta.append(fill(t["skipped"], count=plural(len(c.skipped), t["check_one"], t["check_many"]),
                             reasons="; ".join(dict.fromkeys(s.reason for s in c.skipped))))
        clusters.append(PrecheckCluster(
            c.cluster, " · ".join(meta),
            [MeshStatus(mesh_title(v.mesh), v.status, label(t["status"], v.status), v.errors, v.warnings, v.infos)
             for v in c.by_mesh],
            findings))
    return PrecheckView(clusters, more_line(text, hidden, "more_clusters"))


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Worst first (errors, warnings, notes), then by title."""
    return sorted(findings, key=lambda f: (_ORDER.get(f.severity, 3), f.title))


def _more_objects(count: int, listed: int, appendix: str, text: Mapping[str, Any]) -> str:
    """The line after a finding's first objects: where the others are (the appendix, the assessment JSON)."""
    hidden = count - MAX_OBJECTS
    if hidden <= 0:
        return ""
    if count <= listed:
        return fill(text["precheck"]["more_objects"], count=f"{hidden:,}", appendix=appendix)
    if listed:
        return fill(text["precheck"]["more_objects_cut"], count=f"{hidden:,}", listed=listed, appendix=appendix)
    return more_line(text, hidden)


def precheck_objects(precheck: Precheck, text: Mapping[str, Any]) -> list[ClusterObjects]:
    """More objects of every finding the precheck section shows only in part, per cluster, within the
    appendix's budget (:func:`appendix_objects`)."""
    t = text["precheck"]
    share = appendix_objects(precheck)
    listed = []
    for c in top(precheck.clusters, MAX_CLUSTERS)[0]:
        findings = [FindingObjects(f.title, f.severity, label(t["severity"], f.severity),
                                   [ObjectRow(_object(o, t, detail=False), o.detail) for o in f.objects[:share]],
                                   more_line(text, len(f.objects) - share))
                    for f in _ordered(c.findings) if len(f.objects) > MAX_OBJECTS]
        if findings:
            listed.append(ClusterObjects(c.cluster, findings))
    return listed


def _object(o: AffectedObject, t: Mapping[str, Any], *, detail: bool) -> str:
    name = fill(t["object_name"], kind=o.kind, name=f"{o.namespace + '/' if o.namespace else ''}{o.name}")
    return f"{name}: {o.detail}" if detail else name


def cost_view(cost: CostEstimate, text: Mapping[str, Any]) -> CostView:
    """Added CPU and memory per data plane; every number carries its source's number ``[n]``. (The latency is
    stated once, in the business case.)"""
    t = text["cost"]
    cited = {s.id: s for s in cost.sources}
    numbers = {s.id: i for i, s in enumerate(cost.sources, 1)}
    rows = []
    missing = t["needs_nodes"] if cost.inputs.nodes.value is None else t["not_known"]
    for dp in cost.data_planes:
        used = {b.source for r in (dp.cpu_cores, dp.memory_mib) if r for b in (r.low, r.high)}
        used |= {line.sources[0].id for line in dp.control_plane if line.sources}
        control = _control_plane(dp.control_plane, numbers)
        rows.append(CostRow(
            dp.title,
            _cited_range(dp.cpu_cores, "cores", numbers) if dp.cpu_cores else missing,
            _cited_range(dp.memory_mib, "MiB", numbers) if dp.memory_mib else missing,
            control,
            " ".join(f"[{numbers[s]}]" for s in sorted(used, key=lambda s: numbers.get(s, 0)) if s in cited)))
    return CostView(cost.sizing.statement if cost.sizing else "", rows,
                    [Link(f"[{numbers[s.id]}] {s.title} ({s.version})", s.url) for s in cited.values()])


def _control_plane(lines: Sequence[CostLine], numbers: dict[str, int]) -> list[str]:
    """One line per distinct control-plane amount, with every source it rests on (``1.5 cores / 6,144 MiB [2] [5]``):
    a published figure floored at the default requests gives the same amount twice, said once."""
    refs: dict[str, list[int]] = {}
    for line in lines:
        if line.total:
            cited = refs.setdefault(_amount(line.total.cpu_cores, line.total.memory_mib), [])
            if line.sources and numbers[line.sources[0].id] not in cited:
                cited.append(numbers[line.sources[0].id])
    return [f"{amount} {' '.join(f'[{n}]' for n in sorted(ns))}".rstrip() for amount, ns in refs.items()] or ["—"]


def _cited_range(bounds: Range, unit: str, numbers: dict[str, int]) -> str:
    """``0.32 [1] – 7 [2] cores``: each end with the number of the source it rests on."""
    low, high = bounds.low, bounds.high
    if _number(low.value, unit) == _number(high.value, unit) and low.source == high.source:
        return f"{_number(low.value, unit)} {unit} [{numbers[low.source]}]"
    return (f"{_number(low.value, unit)} [{numbers[low.source]}] – {_number(high.value, unit)} "
            f"[{numbers[high.source]}] {unit}")


def options_view(options: MeshOptions, text: Mapping[str, Any]) -> OptionsView:
    """The candidates, best first, with the reasons for the recommendation and the rule that picked it. A candidate
    ruled out shows "ruled out", not the total its ruling-out gave it."""
    t = text["mesh_options"]
    verdicts = t["verdicts"]
    ranked = sorted(options.options, key=lambda o: -o.score)
    order = join_words([mesh_title(o) for o in options.tie_break], text["and"])
    rule = fill_first(t["rule"], order=order)
    return OptionsView(options.headline, list(options.reasons),
                       [OptionRow(o.title, label(verdicts, o.verdict),
                                  label(verdicts, o.verdict) if o.verdict == "ruled_out" else f"{o.score:g}", o.summary)
                        for o in ranked], rule)


def _number(value: float, unit: str) -> str:
    """Cores with up to two decimals, MiB as whole numbers with thousands separators."""
    return f"{value:,.0f}" if unit == "MiB" else f"{value:.2f}".rstrip("0").rstrip(".")


def _amount(cpu: float | None, memory: float | None) -> str:
    parts = [f"{_number(cpu, 'cores')} cores" if cpu is not None else "",
             f"{_number(memory, 'MiB')} MiB" if memory is not None else ""]
    return " / ".join(p for p in parts if p)
