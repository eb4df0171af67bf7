"""Proxy cost estimate: published per-proxy figures × the cluster's counts, every number with its source. Pure.

The figures live in ``readiness/rules/mesh/proxy-costs.yaml``. For each data plane every figure becomes a
:class:`CostLine` (per unit × count = total, and the total as a share of allocatable capacity); lines of
one basis and one source add up to a :class:`Scenario` (ztunnels plus waypoints, say), and the data
plane's range runs from its cheapest to its dearest complete scenario, each end naming its source.
Counts come from the scan (:func:`inputs_from_objects`) or, without one, from the answers
(:func:`inputs_from_answers`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from readiness.errors import UsageError
from readiness.models.cost import (
    Amount,
    Basis,
    Bound,
    CostData,
    CostEstimate,
    CostInputs,
    CostLine,
    CountInput,
    DataPlaneCost,
    LatencyFigure,
    ProxyFigure,
    Range,
    Scenario,
    Share,
    Sizing,
)
from readiness.models.mesh import MESH_TITLES, MESHES, MeshId, SourceRef
from readiness.scan.access import as_dict, as_list, meta, name_of, namespace_of
from readiness.scan.objects import ClusterObjects
from readiness.scan.podspecs import gc_paused, matches_any, pod_templates

UNITS = {"pod": "per pod", "node": "per node", "waypoint": "per waypoint", "cluster": "per cluster",
         "krps": "per 1000 requests/s"}

_QUANTITY = re.compile(r"^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)([a-zA-Z]*)$")
_SUFFIX = {"": 1.0, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
           "Ki": 2.0**10, "Mi": 2.0**20, "Gi": 2.0**30, "Ti": 2.0**40, "Pi": 2.0**50, "Ei": 2.0**60}


def parse_quantity(value: Any) -> float | None:
    """A Kubernetes quantity (``3920m``, ``4``, ``16Gi``, ``15950564Ki``, ``1e9``) as a number, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    match = _QUANTITY.match(str(value).strip())
    if not match or match.group(2) not in _SUFFIX:
        return None
    return float(match.group(1)) * _SUFFIX[match.group(2)]


# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------

MAX_RPS = 10_000_000
"""The largest request rate ``--rps`` accepts (in all): ten million requests per second between services is beyond
any single mesh; larger numbers are typos, and ``1e308`` would turn every total into infinity."""


def parse_rps_options(values: Sequence[str]) -> tuple[float | None, dict[str, float]]:
    """``--rps N`` (the total) and ``--rps SERVICE=N`` (per service, repeatable) as (total, per service)."""
    total: float | None = None
    per_service: dict[str, float] = {}
    for raw in values:
        name, sep, number = raw.rpartition("=") if "=" in raw else ("", "", raw)
        try:
            rate = float(number)
        except ValueError:
            rate = -1.0
        if not math.isfinite(rate) or rate < 0 or (sep and not name.strip()):
            raise UsageError(f"--rps: expected N or SERVICE=N with N requests per second (a number ≥ 0), "
                             f"not {raw!r}")
        if rate > MAX_RPS:
            raise UsageError(f"--rps: at most {MAX_RPS:,} requests per second, not {raw!r}")
        if sep:
            if name.strip() in per_service:
                raise UsageError(f"--rps: service {name.strip()!r} given twice")
            per_service[name.strip()] = rate
        elif total is not None:
            raise UsageError("--rps: give the total once (or SERVICE=N per service)")
        else:
            total = rate
    if (total or 0.0) + sum(per_service.values()) > MAX_RPS:
        raise UsageError(f"--rps: the rates add up to more than {MAX_RPS:,} requests per second")
    return total, per_service


@dataclass(frozen=True)
class RequestRates:
    """Request rates for the cost estimate (``--rps``): a total, and/or per Service name."""

    total: float | None = None
    per_service: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def parse(cls, values: Sequence[str]) -> RequestRates:
        """The rates ``--rps N`` / ``--rps SERVICE=N`` options give (none: no rates)."""
        total, per_service = parse_rps_options(values)
        return cls(total, per_service)


def unknown_services(per_service: Mapping[str, float], clusters: Iterable[ClusterObjects]) -> list[str]:
    """Warnings for ``--rps NAME=N`` naming no Service in the scan (the rate still counts)."""
    known = service_names(clusters)
    return [f"--rps {name}=…: no Service named {name!r} in the scan; its rate still counts"
            for name in sorted(set(per_service) - known)]


def rps_input(rps: float | None, per_service: Mapping[str, float] | None) -> tuple[CountInput, dict[str, float]]:
    """The request rate from ``--rps N`` (total) and/or ``--rps NAME=N`` (per service; summed)."""
    rates = dict(per_service or {})
    if rps is None and not rates:
        return CountInput(value=None, origin="unknown", evidence="no request rate given (--rps)"), rates
    total = (rps or 0.0) + sum(rates.values())
    parts = ([f"--rps {rps:g}"] if rps is not None else []) + [f"{k}={v:g}" for k, v in sorted(rates.items())]
    return CountInput(value=total, origin="option", evidence="requests/s given: " + ", ".join(parts)), rates


def _pods_and_namespaces(objects: ClusterObjects, system: Iterable[str]) -> tuple[int, set[str], str]:
    """Pods that would get a proxy, the namespaces they run in, and how they were counted."""
    patterns = list(system)
    nodes = len(objects.of_kind("Node"))
    live = [p for p in objects.of_kind("Pod") if not matches_any(namespace_of(p), patterns)
            and not any(as_dict(r).get("kind") == "Job" for r in as_list(meta(p).get("ownerReferences")))]
    if live:
        return len(live), {namespace_of(p) or "default" for p in live}, "running Pods outside system namespaces"
    pods, namespaces = 0, set()
    for template in pod_templates(objects):
        if matches_any(template.namespace, patterns) or template.kind in ("Job", "CronJob"):
            continue
        namespaces.add(template.namespace or "default")
        if template.kind == "DaemonSet":
            pods += max(nodes, 1)
        else:
            pods += template.replicas or 0
    how = "replicas of Deployments/StatefulSets, DaemonSets × nodes, bare Pods (Jobs left out)"
    return pods, namespaces, how


def _allocatable(objects: ClusterObjects) -> tuple[float, float, int]:
    """Allocatable CPU cores and memory MiB over the Nodes that report them, and how many did."""
    cpu = memory = 0.0
    reporting = 0
    for node in objects.of_kind("Node"):
        allocatable = as_dict(as_dict(node.get("status")).get("allocatable"))
        node_cpu, node_memory = parse_quantity(allocatable.get("cpu")), parse_quantity(allocatable.get("memory"))
        if node_cpu is not None and node_memory is not None:
            cpu += node_cpu
            memory += node_memory / 2**20
            reporting += 1
    return cpu, memory, reporting


def inputs_from_objects(clusters: Iterable[ClusterObjects], system_namespaces: Iterable[str], *,
                        rps: float | None = None, rps_per_service: Mapping[str, float] | None = None) -> CostInputs:
    """Counts from scanned clusters (summed over clusters)."""
    system = list(system_namespaces)
    pods = nodes = services = namespaces = reporting = 0
    cpu = memory = 0.0
    names, hows = [], set()
    for cluster in clusters:
        names.append(cluster.name)
        with gc_paused():
            cluster_pods, cluster_namespaces, how = _pods_and_namespaces(cluster, system)
        pods += cluster_pods
        hows.add(how)
        namespaces += len(cluster_namespaces)
        nodes += len(cluster.of_kind("Node"))
        services += sum(1 for s in cluster.of_kind("Service") if not matches_any(namespace_of(s), system)
                        and as_dict(s.get("spec")).get("type") != "ExternalName")
        c, m, r = _allocatable(cluster)
        cpu, memory, reporting = cpu + c, memory + m, reporting + r
    where = ", ".join(names)
    rate, rates = rps_input(rps, rps_per_service)
    node_input = (CountInput(value=nodes, origin="scan", evidence=f"Node objects in {where}") if nodes else
                  CountInput(value=None, origin="unknown", evidence=f"no Node objects in {where} (a snapshot of "
                                                                     "manifests has none)"))
    if reporting:
        cpu_input = CountInput(value=round(cpu, 3), origin="scan", evidence=f"allocatable CPU of {reporting} node(s)")
        mem_input = CountInput(value=round(memory, 1), origin="scan",
                               evidence=f"allocatable memory of {reporting} node(s)")
    else:
        cpu_input = CountInput(value=None, origin="unknown", evidence="no node reports allocatable capacity")
        mem_input = CountInput(value=None, origin="unknown", evidence="no node reports allocatable capacity")
    return CostInputs(
        pods=CountInput(value=pods, origin="scan", evidence=f"{'; '.join(sorted(hows))} in {where}"),
        nodes=node_input,
        services=CountInput(value=services, origin="scan", evidence=f"Kubernetes Services outside system "
                                                                    f"namespaces in {where}"),
        namespaces=CountInput(value=namespaces, origin="scan", evidence="namespaces with application workloads"),
        clusters=CountInput(value=len(names), origin="scan", evidence=f"scanned: {where}"),
        allocatable_cpu_cores=cpu_input, allocatable_memory_mib=mem_input, rps=rate, rps_per_service=rates)


def inputs_from_answers(service_count: int | None, clusters: int | None, data: CostData, *,
                        rps: float | None = None, rps_per_service: Mapping[str, float] | None = None) -> CostInputs:
    """Counts from the answers when there is no scan: pods from service_count, nodes unknown."""
    unknown = CountInput(value=None, origin="unknown", evidence="not known without a scan")
    rate, rates = rps_input(rps, rps_per_service)
    if service_count is None:
        pods = services = unknown
    else:
        per = data.pods_per_service_assumed
        services = CountInput(value=service_count, origin="answers", evidence=f"service_count = {service_count}")
        pods = CountInput(value=service_count * per, origin="assumption",
                          evidence=f"service_count {service_count} × {per} pods per service (assumed)")
    return CostInputs(
        pods=pods, nodes=unknown, services=services,
        namespaces=CountInput(value=1, origin="assumption", evidence="one meshed namespace assumed without a scan"),
        clusters=(CountInput(value=clusters, origin="answers", evidence=f"clusters = {clusters}") if clusters
                  else CountInput(value=1, origin="assumption", evidence="one cluster assumed")),
        allocatable_cpu_cores=unknown, allocatable_memory_mib=unknown, rps=rate, rps_per_service=rates)


# --------------------------------------------------------------------------------------------------
# Estimate
# --------------------------------------------------------------------------------------------------

def _count(figure: ProxyFigure, data: CostData, inputs: CostInputs) -> tuple[float | None, str]:
    """How many units of a figure the cluster has, and in words."""
    def said(item: CountInput, noun: str) -> tuple[float | None, str]:
        if item.value is None:
            return None, f"{noun} unknown ({item.evidence})"
        return item.value, f"{item.value:g} {noun} ({item.origin}: {item.evidence})"

    if figure.per == "pod":
        return said(inputs.pods, "pods")
    if figure.per == "node":
        return said(inputs.nodes, "nodes")
    if figure.per == "cluster":
        return said(inputs.clusters, "cluster(s)")
    if figure.per == "waypoint":
        namespaces, basis = said(inputs.namespaces, "namespaces")
        per = data.waypoints_per_namespace
        if namespaces is None:
            return None, basis
        return namespaces * per, f"{per} waypoint(s) × {basis}"
    hops = data.hops_per_request.get(figure.component, 1)
    rate, basis = said(inputs.rps, "requests/s")
    if rate is None:
        return None, basis
    return hops * rate / 1000, f"{hops} {figure.component} hop(s) per request × {basis} / 1000"


def _share(total: Amount, inputs: CostInputs) -> Share | None:
    cpu, memory = inputs.allocatable_cpu_cores.value, inputs.allocatable_memory_mib.value
    if not cpu and not memory:
        return None
    return Share(cpu_pct=_pct(total.cpu_cores, cpu), memory_pct=_pct(total.memory_mib, memory))


def _pct(part: float | None, whole: float | None) -> float | None:
    return None if part is None or not whole else round(100 * part / whole, 3)


def _scaled(value: float | None, count: float) -> float | None:
    return None if value is None else round(value * count, 4)


def _amount(figure: ProxyFigure) -> Amount:
    return Amount(cpu_cores=figure.cpu_cores,
                  memory_mib=None if figure.memory_mib is None else round(figure.memory_mib, 2))


def _fmt(amount: Amount) -> str:
    parts = ([f"{amount.cpu_cores:.3g} vCPU"] if amount.cpu_cores is not None else []) + (
        [f"{amount.memory_mib:,.0f} MiB"] if amount.memory_mib is not None else [])
    return " / ".join(parts)


def _scale(figure: ProxyFigure, data: CostData, inputs: CostInputs) -> tuple[Amount, str, bool]:
    """A figure published for one mesh size, scaled to the proxies per cluster and never below its floor.

    Returns the per-unit amount, how it was reached, and whether the published figure (rather than the floor)
    decides at least one of CPU and memory.
    """
    assert figure.scale is not None
    published = _amount(figure)
    floor = _amount(data.figure(figure.scale.floor)) if figure.scale.floor else Amount()
    pods, clusters = inputs.pods.value, inputs.clusters.value or 1
    if pods is None:
        return Amount(), f"proxies unknown ({inputs.pods.evidence}); published for {figure.scale.proxies:g}", False
    proxies = pods / clusters
    factor = proxies / figure.scale.proxies

    def pick(value: float | None, minimum: float | None) -> tuple[float | None, bool]:
        if value is None:
            return minimum, False
        scaled = round(value * factor, 4)
        return (minimum, False) if minimum is not None and minimum > scaled else (scaled, True)

    cpu, cpu_scaled = pick(published.cpu_cores, floor.cpu_cores)
    memory, memory_scaled = pick(published.memory_mib, floor.memory_mib)
    result = Amount(cpu_cores=cpu, memory_mib=memory)
    raw = Amount(cpu_cores=_scaled(published.cpu_cores, factor), memory_mib=_scaled(published.memory_mib, factor))
    text = (f"{_fmt(published)} at {figure.scale.proxies:g} proxies × {proxies:g}/{figure.scale.proxies:g} "
            f"(proxies per cluster) = {_fmt(raw)}")
    if figure.scale.floor and not (cpu_scaled and memory_scaled):
        floored = [name for name, scaled in (("CPU", cpu_scaled), ("memory", memory_scaled)) if not scaled]
        text += (f"; {' and '.join(floored)} below istiod's default requests ({_fmt(floor)}), so the requests "
                 f"apply" if figure.component == "control_plane" else
                 f"; {' and '.join(floored)} below the floor ({_fmt(floor)}), so the floor applies")
    return result, text, cpu_scaled or memory_scaled


def cost_line(figure: ProxyFigure, data: CostData, inputs: CostInputs) -> CostLine:
    """One figure applied to the counts."""
    per_unit, scaling, published_decides = _amount(figure), "", True
    if figure.scale is not None:
        per_unit, scaling, published_decides = _scale(figure, data, inputs)
    count, basis = _count(figure, data, inputs)
    known = per_unit.cpu_cores is not None or per_unit.memory_mib is not None
    total = None if count is None or not known else Amount(cpu_cores=_scaled(per_unit.cpu_cores, count),
                                                             memory_mib=_scaled(per_unit.memory_mib, count))
    sources = [data.source(figure.source), *(data.source(s) for s in figure.also)]
    if not published_decides and len(sources) > 1:
        sources = [*sources[1:], sources[0]]     # the floor's source is what the number rests on: cite it first
    return CostLine(figure=figure.id, data_plane=figure.data_plane, component=figure.component, basis=figure.basis,
                    published=figure.published, per_unit=per_unit, unit=UNITS[figure.per], count=count,
                    count_basis=basis, total=total, share=_share(total, inputs) if total else None, sources=sources,
                    derived=figure.derived, basis_label=figure.label or data.basis_labels[figure.basis],
                    scaling=scaling)


def _sum(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known), 4) if known else None


def scenarios(lines: list[CostLine], inputs: CostInputs) -> list[Scenario]:
    """Lines of one basis and one primary source, added up (components of one data plane)."""
    groups: dict[tuple[Basis, str], list[CostLine]] = {}
    for line in lines:
        if not line.derived:     # a derived estimate is listed, never added into a published total
            groups.setdefault((line.basis, line.sources[0].id), []).append(line)
    found = []
    for (basis, source), members in groups.items():
        complete = all(m.total is not None for m in members)
        counted = [m.total for m in members if m.total is not None]
        if not counted:
            continue
        total = Amount(cpu_cores=_sum(t.cpu_cores for t in counted), memory_mib=_sum(t.memory_mib for t in counted))
        found.append(Scenario(id=f"{basis}:{source}", basis=basis,
                              figures=[m.figure for m in members], total=total, share=_share(total, inputs),
                              source=source, complete=complete))
    return found


def _range(found: list[Scenario], attribute: str, share_attribute: str) -> Range | None:
    candidates = [s for s in found if s.complete and getattr(s.total, attribute) is not None]
    if not candidates:
        return None

    def bound(s: Scenario) -> Bound:
        share = getattr(s.share, share_attribute) if s.share else None
        return Bound(value=getattr(s.total, attribute), share_pct=share, scenario=s.id, source=s.source)

    ordered = sorted(candidates, key=lambda s: (getattr(s.total, attribute), s.id))
    return Range(low=bound(ordered[0]), high=bound(ordered[-1]))


def estimate_cost(data: CostData, inputs: CostInputs) -> CostEstimate:
    """CPU, memory and latency for every data plane from the published figures."""
    planes = []
    cited: dict[str, SourceRef] = {}
    for mesh in MESHES:
        lines = [cost_line(f, data, inputs) for f in data.figures
                 if f.data_plane == mesh and f.component != "control_plane"]
        control = [cost_line(f, data, inputs) for f in data.figures
                   if f.data_plane == mesh and f.component == "control_plane"]
        found = scenarios(lines, inputs)
        latency = [LatencyFigure(id=x.id, data_plane=mesh, kind=x.kind, percentile=x.percentile, added_ms=x.added_ms,
                                 scope=x.scope,
                                 source=data.source(x.source)) for x in data.latency if x.data_plane == mesh]
        for line in [*lines, *control]:
            for source in line.sources:
                cited[source.id] = source
        for figure in latency:
            cited[figure.source.id] = figure.source
        planes.append(DataPlaneCost(data_plane=mesh, title=MESH_TITLES[mesh], lines=lines, scenarios=found,
                                    cpu_cores=_range(found, "cpu_cores", "cpu_pct"),
                                    memory_mib=_range(found, "memory_mib", "memory_pct"),
                                    control_plane=control, latency=latency))
    order = [s.id for s in data.sources]
    return CostEstimate(data_version=data.version, inputs=inputs, data_planes=planes, caveats=list(data.caveats),
                        sources=sorted(cited.values(), key=lambda s: order.index(s.id)),
                        latency_statement=latency_statement(data, planes), sizing=sizing_of(data, inputs))


# --------------------------------------------------------------------------------------------------
# What the estimate states once: the latency, and the counts it sized
# --------------------------------------------------------------------------------------------------

def _cite(source: SourceRef) -> str:
    return f"{source.title}, {source.version}"


def latency_statement(data: CostData, planes: Sequence[DataPlaneCost]) -> str:
    """Added latency stated once: per data plane the newest per-hop figure at the statement's percentile (the order
    of the data file: newest first), the planes without one named, and end-to-end benchmarks as what they are."""
    texts = data.latency_statement
    pct = texts.percentile
    figures, missing = [], []
    for plane in planes:
        hop = next((x for x in plane.latency if x.kind == "per_hop" and x.percentile == pct), None)
        if hop is None:
            missing.append(plane.title)
        else:
            figures.append(texts.figure.format(title=plane.title, ms=f"{hop.added_ms:g}", source=_cite(hop.source)))
    parts = [texts.per_hop.format(percentile=pct, figures="; ".join(figures))] if figures else []
    if missing:
        parts.append(texts.unpublished.format(titles=", ".join(missing), percentile=pct))
    by_source: dict[str, list[tuple[str, LatencyFigure]]] = {}
    for plane in planes:
        for x in plane.latency:
            if x.kind == "end_to_end":
                by_source.setdefault(x.source.id, []).append((plane.title, x))
    for group in by_source.values():
        if len(group) < 2:
            continue
        source = group[0][1].source
        parts.append(texts.end_to_end.format(
            titles=" and ".join(t for t, _ in group), source=_cite(source), percentile=group[0][1].percentile,
            figures=", ".join(f"{t} +{x.added_ms:g} ms" for t, x in group)))
    parts.append(texts.closing.format(percentile=pct))
    return " ".join(parts)


def counted(number: float, noun: str) -> str:
    """``1 cluster``, ``3 clusters``."""
    return f"{number:g} {noun}" + ("" if number == 1 else "s")


def sizing_of(data: CostData, inputs: CostInputs) -> Sizing:
    """What the estimate sized (services, clusters, pods) and where the counts come from, in one sentence."""
    texts = data.sizing_texts
    services, clusters, pods = inputs.services.value, inputs.clusters.value, inputs.pods.value
    origin: Literal["scan", "answers"] = "scan" if inputs.pods.origin == "scan" else "answers"
    if pods is None or services is None:
        statement = texts.unknown
    elif origin == "scan":
        statement = texts.scan.format(pods=f"{pods:g}", clusters=counted(clusters or 1, "cluster"))
    else:
        statement = texts.answers.format(services=counted(services, "service"), per=data.pods_per_service_assumed,
                                         clusters=counted(clusters or 1, "cluster"))
    return Sizing(origin=origin, services=services, clusters=clusters, pods=pods, statement=statement)


def _requests(estimate: CostEstimate, mesh: MeshId) -> Amount | None:
    """What a data plane's default requests reserve (its proxies, complete), or None."""
    plane = data_plane(estimate, mesh)
    scenario = next((s for s in plane.scenarios if s.basis == "request_defaults" and s.complete), None)
    return scenario.total if scenario else None


def with_disagreements(data: CostData, scanned: CostEstimate, answered: CostEstimate, mesh: MeshId,
                       disagreements: Sequence[tuple[str, str, str]]) -> CostEstimate:
    """The scan-sized estimate, its sizing saying where the answers differ on a count ((question, answered,
    detected)) and what ``mesh``'s default requests would reserve at the answered counts."""
    if scanned.sizing is None or not disagreements:
        return scanned
    at_scan, at_answers = _requests(scanned, mesh), _requests(answered, mesh)
    if at_scan is None or at_answers is None:
        return scanned
    notes = [data.sizing_texts.disagreement.format(
        answered=answer, detected=found, question=question.replace("_", " "), plane=MESH_TITLES[mesh],
        cpu=at_answers.cpu_cores or 0.0, memory=at_answers.memory_mib or 0.0, scan_cpu=at_scan.cpu_cores or 0.0,
        scan_memory=at_scan.memory_mib or 0.0) for question, answer, found in disagreements]
    sizing = scanned.sizing.model_copy(update={"disagreements": notes})
    return scanned.model_copy(update={"sizing": sizing})


def data_plane(estimate: CostEstimate, mesh: MeshId) -> DataPlaneCost:
    """One data plane's part of an estimate."""
    return next(p for p in estimate.data_planes if p.data_plane == mesh)


def service_names(objects: Iterable[ClusterObjects]) -> set[str]:
    """Names of the Services in the scan (to check per-service rates against)."""
    return {name_of(s) for cluster in objects for s in cluster.of_kind("Service")}
