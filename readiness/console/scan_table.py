"""The scan as text for people: one block per cluster, readable in 80 columns."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Protocol

from readiness.models.scan import ClusterInventory, LogicalService, ScanResult

WIDTH = 80


class PermissionRow(Protocol):
    """What a permission check of the live scan says (``readiness.scan.live.PermissionCheck``)."""

    @property
    def kind(self) -> str: ...
    @property
    def group(self) -> str: ...
    @property
    def resource(self) -> str: ...
    @property
    def verb(self) -> str: ...
    @property
    def allowed(self) -> bool: ...
    @property
    def reason(self) -> str: ...


def render_table(result: ScanResult, *, width: int = WIDTH) -> str:
    """Every cluster's headline facts and its services table, then source findings and warnings."""
    blocks = [_cluster(c, width) for c in result.clusters]
    if result.fleet is not None:
        lines = [_bullet(f"{d.topic.replace('_', ' ')}: {d.detail}", width) for d in result.fleet.differences]
        blocks.append(f"Fleet of {len(result.fleet.clusters)} clusters: what differs\n"
                      + ("\n".join(lines) or "  nothing, in what was compared"))
    if result.sources:
        rows = [[f.name, f.language or "?", ", ".join(f.matched) or "(no workload)"] for f in result.sources]
        blocks.append("Source checkouts\n" + columns(["SERVICE", "LANGUAGE", "MATCHED"], rows, width))
    if result.warnings:
        blocks.append("Warnings\n" + "\n".join(_bullet(w, width) for w in result.warnings))
    return "\n\n".join(blocks) + "\n"


def _cluster(c: ClusterInventory, width: int) -> str:
    t = c.totals
    lines = [_wrap("", f"Cluster {c.name}", width), _wrap("  Source:    ", c.source, width)]
    facts = [f"Kubernetes {c.kubernetes_version}" if c.kubernetes_version else None,
             f"{plural(c.nodes.count, 'node')}, {c.nodes.allocatable_cpu_millicores / 1000:g} CPU, "
             f"{c.nodes.allocatable_memory_bytes / 1024**3:.1f} GiB allocatable" if c.nodes.count else None,
             f"{plural(sum(1 for n in c.namespaces if not n.system), 'application namespace')}, "
             f"{sum(1 for n in c.namespaces if n.system)} system"]
    lines.append(_wrap("  Cluster:   ", "; ".join(f for f in facts if f), width))
    lines.append(_wrap("  Services:  ", f"{t.business_services} business, {plural(t.datastores, 'datastore')}, "
                                         f"{plural(t.caches, 'cache')}, {plural(t.brokers, 'broker')} "
                                         f"({plural(t.application_workloads, 'application workload')})", width))
    known = t.business_services - t.business_services_without_language
    langs = ", ".join(t.languages) or "none claimed"
    lines.append(_wrap("  Languages: ", f"{langs} (known for {known} of {t.business_services} business services)",
                       width))
    lines.append(_wrap("  Protocols: ", ", ".join(t.protocols) or "none identified", width))
    lines.append(_wrap("  Mesh:      ", _mesh(c), width))
    lines.append(_wrap("  Edge:      ", _edge(c), width))
    np = c.network_policies
    lines.append(_wrap("  Policies:  ", f"{np.count} NetworkPolicies" + (
        f"; none in {', '.join(np.application_namespaces_without[:4])}" if np.application_namespaces_without else ""),
        width))
    obs = [f"{x.name} ({x.kind})" for x in c.observability.components]
    lines.append(_wrap("  Observ.:   ", ", ".join(obs) or "no collector or backend found", width))
    cov = c.coverage
    lines.append(_wrap("  Coverage:  ", f"probes {cov.with_probes}/{cov.workloads}, requests {cov.with_resources}/"
                                        f"{cov.workloads}, limits {cov.with_limits}/{cov.workloads}, HPA "
                                        f"{cov.with_hpa}, PDB {cov.with_pdb}", width))
    if c.multicluster:
        lines += ["  Multicluster set-ups seen:"] + [
            _bullet(f"{e.kind.replace('_', ' ')}: {e.object} — {e.detail}", width, indent="  ") for e in c.multicluster]
    rows = [_service_row(s, c) for s in c.services if not s.system]
    if rows:
        lines += ["", columns(["SERVICE", "NAMESPACE", "ROLE", "WL", "LANGUAGE", "PROTOCOLS", "MESH"], rows, width)]
    if c.warnings:
        lines += ["", "  Warnings:"] + [_bullet(w, width, indent="  ") for w in c.warnings]
    return "\n".join(lines)


def _service_row(s: LogicalService, c: ClusterInventory) -> list[str]:
    members = [w for w in c.workloads if w.namespace == s.namespace and w.name in s.workloads]
    meshes = sorted({w.mesh.mesh for w in members if w.mesh.injected and w.mesh.mesh})
    return [s.name, s.namespace, s.role.replace("_", " "), str(len(s.workloads)), ", ".join(s.languages) or "-",
            ", ".join(s.protocols) or "-", ", ".join(meshes) or "-"]


def _mesh(c: ClusterInventory) -> str:
    if not c.mesh.detected:
        hint = f" ({len(c.mesh.hints)} mesh annotation(s) without a proxy)" if c.mesh.hints else ""
        return "none detected" + hint
    parts = []
    for m in c.mesh.detected:
        modes = ", ".join(x.replace("_", " ") for x in m.modes)
        parts.append(f"{m.name}: {plural(m.injected_workloads, 'workload')}" + (f" ({modes})" if modes else "") +
                     (", control plane" if m.control_plane else ""))
    return "; ".join(parts) + f"; {c.mesh.injected_workloads}/{c.mesh.application_workloads} application " \
                              f"workloads injected"


def _edge(c: ClusterInventory) -> str:
    e = c.edge
    parts = [f"{len(e.ingresses)} Ingress", f"{len(e.gateways)} Gateway", f"{len(e.http_routes)} HTTPRoute"]
    if e.routes:
        parts.append(f"{len(e.routes)} Route")
    parts.append(f"{len(e.load_balancers)} LoadBalancer, {len(e.node_ports)} NodePort Services")
    if e.controllers:
        parts.append("controllers " + ", ".join(e.controllers[:3]))
    return ", ".join(parts)


def permissions_table(checks: Sequence[PermissionRow]) -> str:
    """``scan --check-permissions``: one row per kind and verb, whether it is allowed, and why not."""
    rows = [[c.resource or c.kind, c.group or "core", c.verb, "yes" if c.allowed else "NO", c.reason or ""]
            for c in checks]
    return columns(["RESOURCE", "GROUP", "VERB", "ALLOWED", "REASON"], rows)


def columns(header: Sequence[str], rows: Sequence[Sequence[str]], width: int = WIDTH) -> str:
    """A plain table: columns shrink (longest first) until a row fits ``width``; cut cells end with '…'."""
    count = len(header)
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(count)]
    minimum = [max(len(h), 3) for h in header]
    while sum(widths) + 2 * (count - 1) > width:
        candidates = [i for i in range(count) if widths[i] > minimum[i]]
        if not candidates:
            break
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1
    lines = []
    for row in [header, *rows]:
        cells = [_cut(str(cell), widths[i]).ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def plural(count: int, word: str) -> str:
    """``1 cache``, ``2 caches``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}es" if word.endswith(("s", "x")) \
        else f"{count} {word}s"


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: max(size - 1, 0)] + "…"


def _wrap(prefix: str, text: str, width: int) -> str:
    return textwrap.fill(text, width=width, initial_indent=prefix, subsequent_indent=" " * len(prefix),
                         break_on_hyphens=False, break_long_words=True)


def _bullet(text: str, width: int, indent: str = "") -> str:
    return _wrap(f"{indent}  - ", text, width)
