"""Report rows for the precheck (blockers with remediation), the cost estimate and the mesh options.

Pure: reads what the Assessment holds. Every cost figure is shown with the source it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass

from readiness.models.precheck import MESH_TITLES, CostEstimate, MeshOptions, Precheck, Range, SourceRef

MAX_OBJECTS = 8
STATUS = {"blocked": "blocked", "needs_attention": "needs attention", "ready": "ready"}
OPTION_VERDICTS = {"recommended": "recommended", "viable": "viable", "not_advised": "not advised",
                   "ruled_out": "ruled out"}


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
    """Whether a data plane can be installed as the cluster is."""

    mesh: str
    status: str
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True)
class FindingView:
    """A precheck finding with what to do about it."""

    title: str
    severity: str
    meshes: str
    summary: str
    why: str
    remediation: str
    objects: list[str]
    more_objects: int
    docs: list[Link]


@dataclass(frozen=True)
class PrecheckCluster:
    """The precheck of one cluster."""

    cluster: str
    kubernetes_version: str
    meshes: list[MeshStatus]
    findings: list[FindingView]
    passed: int
    skipped: list[str]


@dataclass(frozen=True)
class PrecheckView:
    """The whole precheck."""

    catalogue: str
    clusters: list[PrecheckCluster]


@dataclass(frozen=True)
class CostRow:
    """One data plane's added resources and latency, with sources."""

    data_plane: str
    cpu: str
    memory: str
    control_plane: str
    latency: str
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


def precheck_view(precheck: Precheck) -> PrecheckView:
    """Blockers and warnings per cluster, worst first, with their remediation."""
    order = {"error": 0, "warning": 1, "info": 2}
    clusters = []
    for c in precheck.clusters:
        findings = []
        for f in sorted(c.findings, key=lambda f: (order.get(f.severity, 3), f.title)):
            objects = [f"{o.kind} {o.namespace + '/' if o.namespace else ''}{o.name}: {o.detail}" for o in f.objects]
            findings.append(FindingView(
                f.title, f.severity, ", ".join(mesh_title(m) for m in f.meshes), f.summary, f.why, f.remediation,
                objects[:MAX_OBJECTS], max(0, len(objects) - MAX_OBJECTS), [Link(d.title, d.url) for d in f.docs]))
        clusters.append(PrecheckCluster(
            c.cluster, c.kubernetes_version or "not known",
            [MeshStatus(mesh_title(v.mesh), STATUS.get(v.status, v.status), v.errors, v.warnings, v.infos)
             for v in c.by_mesh],
            findings, len(c.passed), [f"{s.check}: {s.reason}" for s in c.skipped]))
    return PrecheckView(precheck.catalogue, clusters)


def cost_view(cost: CostEstimate) -> CostView:
    """Added CPU, memory and latency per data plane; every number carries its source's number ``[n]``."""
    cited: dict[str, SourceRef] = {s.id: s for s in cost.sources}
    numbers = {s.id: i for i, s in enumerate(cost.sources, 1)}
    rows = []
    missing = "needs the node count (scan)" if cost.inputs.nodes.value is None \
        else "not known"
    for dp in cost.data_planes:
        used = {b.source for r in (dp.cpu_cores, dp.memory_mib) if r for b in (r.low, r.high)}
        used |= {line.sources[0].id for line in dp.control_plane if line.sources}
        used |= {lat.source.id for lat in dp.latency}
        control = "; ".join(f"{_amount(line.total.cpu_cores, line.total.memory_mib)} [{numbers[line.sources[0].id]}]"
                            for line in dp.control_plane if line.total) or "—"
        latency = "; ".join(f"+{lat.added_ms:g} ms {lat.percentile} ({lat.scope}) [{numbers[lat.source.id]}]"
                            for lat in dp.latency) or "—"
        rows.append(CostRow(
            dp.title,
            _cited_range(dp.cpu_cores, "cores", numbers) if dp.cpu_cores else missing,
            _cited_range(dp.memory_mib, "MiB", numbers) if dp.memory_mib else missing,
            control, latency,
            " ".join(f"[{numbers[s]}]" for s in sorted(used, key=lambda s: numbers.get(s, 0)) if s in cited)))
    i = cost.inputs
    inputs = [(label, f"{value.value:g} ({value.origin}: {value.evidence})" if value.value is not None
               else f"not known ({value.evidence})")
              for label, value in (("Pods", i.pods), ("Nodes", i.nodes), ("Services", i.services),
                                   ("Namespaces", i.namespaces), ("Clusters", i.clusters),
                                   ("Requests per second", i.rps))]
    return CostView(inputs, rows, list(cost.caveats),
                    [Link(f"[{numbers[s.id]}] {s.title} ({s.version})", s.url) for s in cited.values()])


def _cited_range(bounds: Range, unit: str, numbers: dict[str, int]) -> str:
    """``0.32 [1] – 7 [2] cores``: each end with the number of the source it rests on."""
    low, high = bounds.low, bounds.high
    if _number(low.value, unit) == _number(high.value, unit) and low.source == high.source:
        return f"{_number(low.value, unit)} {unit} [{numbers[low.source]}]"
    return (f"{_number(low.value, unit)} [{numbers[low.source]}] – {_number(high.value, unit)} "
            f"[{numbers[high.source]}] {unit}")


def options_view(options: MeshOptions) -> OptionsView:
    """The candidates, best first, with the reasons for the recommendation."""
    ranked = sorted(options.options, key=lambda o: -o.score)
    return OptionsView(options.headline, list(options.reasons),
                       [OptionRow(o.title, OPTION_VERDICTS.get(o.verdict, o.verdict), f"{o.score:g}", o.summary)
                        for o in ranked], options.method)


def _number(value: float, unit: str) -> str:
    """Cores with up to two decimals, MiB as whole numbers with thousands separators."""
    return f"{value:,.0f}" if unit == "MiB" else f"{value:.2f}".rstrip("0").rstrip(".")


def _amount(cpu: float | None, memory: float | None) -> str:
    parts = [f"{_number(cpu, 'cores')} cores" if cpu is not None else "",
             f"{_number(memory, 'MiB')} MiB" if memory is not None else ""]
    return " / ".join(p for p in parts if p)
