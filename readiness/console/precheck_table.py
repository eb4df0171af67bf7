"""The precheck and the cost estimate as text for a terminal (80 columns), for ``readiness scan --precheck``."""

from __future__ import annotations

import textwrap

from readiness.console.scan_table import WIDTH, columns
from readiness.models.cost import CostEstimate, CostLine
from readiness.models.mesh import MESH_TITLES, MESHES, MeshId, SourceRef, severity_rank
from readiness.models.precheck import ClusterPrecheck, Finding, Precheck

SHORT = {"istio_sidecar": "ISTIO", "istio_ambient": "AMBIENT", "linkerd": "LINKERD"}
BASIS = {"published_per_proxy": "published", "request_defaults": "requests", "per_1000_rps": "per 1k rps"}
UNITS = {"per pod": "/pod", "per node": "/node", "per waypoint": "/waypoint", "per cluster": "/cluster",
         "per 1000 requests/s": "/1k rps"}


def _wrap(prefix: str, text: str, width: int) -> str:
    return textwrap.fill(text, width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix),
                         break_on_hyphens=False)


def render_precheck(precheck: Precheck, cost: CostEstimate | None = None, *, width: int = WIDTH) -> str:
    """Every cluster's precheck (summary table, then each finding in full), then the cost estimate."""
    blocks = [_cluster(c, width) for c in precheck.clusters]
    if cost is not None:
        blocks.append(render_cost(cost, width=width))
    return "\n\n".join(blocks) + "\n"


def _cell(finding: Finding, mesh: MeshId) -> str:
    levels = [s for o in finding.objects if (s := o.severity_for(mesh)) is not None]
    return max(levels, key=severity_rank) if levels else "-"


def _objects(finding: Finding) -> str:
    """Affected objects, and those only noted for information: ``3 (+1 info)``."""
    return f"{finding.affected}" + (f" (+{finding.noted} info)" if finding.noted else "")


def _cluster(c: ClusterPrecheck, width: int) -> str:
    version = f"Kubernetes {c.kubernetes_version}" if c.kubernetes_version else "Kubernetes version unknown"
    lines = [f"Precheck of {c.cluster} ({version})", _wrap("  Source: ", c.source, width)]
    lines.append("  Verdict:")
    for v in c.by_mesh:
        lines.append(_wrap(f"    {MESH_TITLES[v.mesh]}: ", v.status_text or v.status.replace("_", " "), width))
    if c.findings:
        rows = []
        for f in c.findings:
            rows.append([f.severity, f.check, *(_cell(f, m) for m in MESHES), _objects(f)])
        lines += ["", columns(["SEVERITY", "CHECK", *SHORT.values(), "OBJECTS"], rows, width)]
    passed = ", ".join(c.passed) or "none"
    lines += ["", _wrap("  Passed: ", passed, width)]
    for skipped in c.skipped:
        lines.append(_wrap("  Skipped: ", f"{skipped.check} — {skipped.reason}", width))
    for f in c.findings:
        lines += ["", _wrap("", f"[{f.severity}] {f.title} ({f.check}) — {f.summary}", width)]
        for o in f.objects:
            concerns = ", ".join(SHORT[m].lower() for m in o.meshes)
            where = f" ({o.source.file}:{o.source.line})" if o.source else ""
            lines.append(_wrap("  - ", f"{o.ref}{where}: {o.detail} [{o.severity}; {concerns}]", width))
        lines.append(_wrap("  Why: ", f.why, width))
        lines.append(_wrap("  Fix: ", f.remediation, width))
        lines.append(_wrap("  Docs: ", " ; ".join(d.url for d in f.docs), width))
    return "\n".join(lines)


def _number(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f" ({value:.1f}%)"


def render_cost(cost: CostEstimate, *, width: int = WIDTH) -> str:
    """The cost estimate: inputs, one row per figure with its source number, latency, then the sources."""
    refs = {s.id: i for i, s in enumerate(cost.sources, 1)}
    inputs = cost.inputs
    said = [f"{label}: {_number(x.value, 0) if x.value is not None else 'unknown'} ({x.origin})" for label, x in (
        ("pods", inputs.pods), ("nodes", inputs.nodes), ("namespaces", inputs.namespaces),
        ("requests/s", inputs.rps))]
    capacity = inputs.allocatable_cpu_cores.value
    said.append(f"{capacity:g} vCPU allocatable" if capacity else "allocatable capacity unknown")
    lines = ["Proxy cost estimate", _wrap("  Inputs: ", "; ".join(said), width)]
    for plane in cost.data_planes:
        every = [*plane.lines, *plane.control_plane]
        rows = [_cost_row(line, refs) for line in every]
        lines += ["", plane.title,
                  columns(["PART", "BASIS", "PER UNIT", "CPU (vCPU)", "MEMORY (MiB)", "SRC"], rows, width)]
        for line in every:
            if line.derived:
                lines.append(_wrap(f"  {_part(line)} ({_basis(line)}): ", f"{line.basis_label}: {line.derived}",
                                   width))
            if line.scaling:
                lines.append(_wrap(f"  {_part(line)} ({_basis(line)}): ", f"{line.basis_label}: {line.scaling}",
                                   width))
    lines += ["", "Totals per data plane (cheapest to dearest complete scenario, [source]):"]
    for plane in cost.data_planes:
        if plane.cpu_cores:
            low, high = plane.cpu_cores.low, plane.cpu_cores.high
            text = (f"CPU {_number(low.value)}{_pct(low.share_pct)} [{refs[low.source]}] to "
                    f"{_number(high.value)}{_pct(high.share_pct)} [{refs[high.source]}] vCPU")
            if plane.memory_mib:
                mlow, mhigh = plane.memory_mib.low, plane.memory_mib.high
                text += (f"; memory {_number(mlow.value, 0)}{_pct(mlow.share_pct)} [{refs[mlow.source]}] to "
                         f"{_number(mhigh.value, 0)}{_pct(mhigh.share_pct)} [{refs[mhigh.source]}] MiB")
        else:
            text = "no complete total (a count it needs is unknown)"
        lines.append(_wrap(f"  {plane.title}: ", text, width))
    latency = [f"{MESH_TITLES[x.data_plane]} +{x.added_ms:g} ms {x.percentile} ({x.scope}) [{refs[x.source.id]}]"
               for plane in cost.data_planes for x in plane.latency]
    lines += ["", "Added latency as published:"] + [_wrap("  - ", x, width) for x in latency]
    lines += ["", "Sources:"] + [_wrap(f"  [{refs[s.id]}] ", _source(s), width) for s in cost.sources]
    lines += ["", "Caveats:"] + [_wrap("  - ", c, width) for c in cost.caveats]
    return "\n".join(lines)


def _short(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.3g}"


def _cost_row(line: CostLine, refs: dict[str, int]) -> list[str]:
    unit = line.per_unit
    per = ", ".join(x for x in (f"{_short(unit.cpu_cores)} vCPU" if unit.cpu_cores is not None else "",
                                f"{_short(unit.memory_mib)} MiB" if unit.memory_mib is not None else "") if x)
    per = f"{per} {UNITS.get(line.unit, line.unit)}"
    total = line.total
    cpu = _number(total.cpu_cores) + (_pct(line.share.cpu_pct) if line.share else "") if total else "-"
    memory = _number(total.memory_mib, 0) + (_pct(line.share.memory_pct) if line.share else "") if total else "-"
    source = ",".join(str(refs[s.id]) for s in line.sources)
    return [_part(line), _basis(line), per, cpu, memory, source]


def _part(line: CostLine) -> str:
    return "control" if line.component == "control_plane" else line.component


def _basis(line: CostLine) -> str:
    """The basis in the table's few letters; a derived or scaled figure says so (its note follows the table)."""
    if line.derived:
        return "derived est."
    if line.scaling:
        return "scaled"
    return BASIS[line.basis]


def _source(s: SourceRef) -> str:
    note = f" ({s.note})" if s.note else ""
    return f"{s.title}, {s.version}{note} — {s.url}"


def precheck_summary(precheck: Precheck) -> str:
    """One line: how many findings of each severity over all clusters."""
    counts = {level: sum(1 for c in precheck.clusters for f in c.findings if f.severity == level)
              for level in ("error", "warning", "info")}
    return ", ".join(f"{n} {level}" if level == "info" or n == 1 else f"{n} {level}s" for level, n in counts.items())
