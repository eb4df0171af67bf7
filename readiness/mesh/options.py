"""Mesh options: candidate data planes judged against the organisation's requirements, with reasons. Pure.

The candidates and rules live in ``readiness/rules/mesh/mesh-options.yaml``. Each requirement that
applies (the verdict, latency budget, headroom, multicluster needs, VMs, vendor support, a mesh already
in use, the precheck's blockers, the features the top drivers need) gives every candidate a fit — good,
fair, poor or ruled out — and the sentence that explains it. Fits add up to points; the highest total
is recommended, whatever the verdict; equal totals go to the first in the rules' preference order. The verdict
is one requirement among the others: with 'not yet' (and 'prepare first') the candidates are compared for when you
adopt, and a gateway, blind to traffic between services, fits poorly; with 'gateway only' a mesh is ruled out for
now, and the best mesh for later is named beside the recommendation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from readiness.models.assessment import Assessment
from readiness.models.common import AnswerValue, Category
from readiness.models.cost import CostEstimate, LatencyFigure
from readiness.models.mesh import MESH_TITLES, MESHES, OPTIONS, MeshId, OptionId, SourceRef
from readiness.models.multicluster import Multicluster
from readiness.models.options import (
    FIT_ORDER,
    Fit,
    FitText,
    MeshOption,
    MeshOptions,
    OptionRules,
    RequirementFit,
    Support,
)
from readiness.models.precheck import Precheck


@dataclass(frozen=True)
class Requirements:
    """What the comparison reads: the verdict, the answers, the top drivers and meshes already present."""

    category: Category
    values: Mapping[str, AnswerValue]
    drivers: list[tuple[str, str]] = field(default_factory=list)
    """(signal id, signal name) of the verdict's top drivers, strongest first."""
    existing_meshes: list[str] = field(default_factory=list)
    """Mesh ids in use (the existing_mesh answer plus what a scan found)."""
    edge_needs: list[str] = field(default_factory=list)
    """The edge capabilities answered, when the question applies (the needs are only at the edge)."""
    multicluster: Multicluster | None = None
    """The recommended way of connecting the clusters, with how each candidate realises it."""


Fits = dict[OptionId, RequirementFit]
RuleFn = Callable[[OptionRules, Requirements, CostEstimate, "Precheck | None"], list[Fits]]


def _fit(requirement: str, label: str, fit_text: FitText, source: SourceRef | None = None) -> RequirementFit:
    fit, text = fit_text
    return RequirementFit(requirement=requirement, label=label, fit=fit, reason=text, source=source)


def _worst(fits: list[Fit]) -> Fit:
    return min(fits, key=FIT_ORDER.index)


def _source_text(source: SourceRef) -> str:
    return f"{source.title}, {source.version}"


# --------------------------------------------------------------------------------------------------
# One function per requirement; each returns zero or more rows of fits (one per candidate)
# --------------------------------------------------------------------------------------------------

def verdict_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """How the assessment's verdict bears on each candidate."""
    rule = rules.rules.verdict
    entry = rule.by_category[req.category]
    return [{o: _fit("verdict", rule.label, entry["gateway_only" if o == "gateway_only" else "mesh"])
             for o in OPTIONS}]


def benchmark_comparisons(cost: CostEstimate) -> list[list[LatencyFigure]]:
    """Latency figures one benchmark published for two or more data planes (same source, same percentile),
    fastest first: the only figures the data planes may be ranked by."""
    groups: dict[tuple[str, str], dict[MeshId, LatencyFigure]] = {}
    for plane in cost.data_planes:
        for figure in plane.latency:
            groups.setdefault((figure.source.id, figure.percentile), {}).setdefault(plane.data_plane, figure)
    return [sorted(group.values(), key=lambda f: (f.added_ms, MESHES.index(f.data_plane)))
            for _, group in sorted(groups.items()) if len(group) >= 2]


def latency_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """Added latency compared like with like: ranked only within one benchmark, otherwise equivalent.

    Absolute figures from different benchmarks (Istio's 0.3 ms p99 per hop on Istio's pages, Linkerd's 6 ms
    median in Linkerd's 2021 benchmark) measure different things and are never set against each other or against
    the budget; a relative ranking from one benchmark lowers a data plane to 'fair' at worst.
    """
    budget = req.values.get("latency_budget_ms")
    if not isinstance(budget, int | float) or isinstance(budget, bool):
        return []
    rule = rules.rules.latency_budget
    row: Fits = {"gateway_only": _fit("latency_budget", rule.label, rule.gateway_only)}
    judged: dict[MeshId, tuple[Fit, str, SourceRef]] = {}
    for figures in benchmark_comparisons(cost):
        fastest = figures[0]
        for figure in figures:
            other = fastest if figure is not fastest else figures[1]
            values = {"source": _source_text(figure.source), "title": MESH_TITLES[figure.data_plane],
                      "added": f"{figure.added_ms:g}", "percentile": figure.percentile,
                      "other": MESH_TITLES[other.data_plane], "other_added": f"{other.added_ms:g}",
                      "budget": f"{budget:g}",
                      "ratio": figure.added_ms / fastest.added_ms if fastest.added_ms else 0.0}
            slower = figure.added_ms > fastest.added_ms
            fit, template = rule.slower if slower else ("good", rule.faster)
            previous = judged.get(figure.data_plane)
            if previous is None or FIT_ORDER.index(fit) < FIT_ORDER.index(previous[0]):
                judged[figure.data_plane] = (fit, template.format(**values), figure.source)
    for mesh in MESHES:
        if mesh in judged:
            fit, text, source = judged[mesh]
            row[mesh] = _fit("latency_budget", rule.label, (fit, text), source)
            continue
        others = ", ".join(MESH_TITLES[m] for m in MESHES if m != mesh)
        text = rule.unranked.format(title=MESH_TITLES[mesh], others=others, budget=f"{budget:g}")
        row[mesh] = _fit("latency_budget", rule.label, ("good", text))
    return [row]


def headroom_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """Resource headroom (answer), capped by what default requests would reserve of allocatable CPU."""
    rule = rules.rules.resource_headroom
    answer = req.values.get("resource_headroom")
    table = rule.by_answer.get(str(answer)) if answer is not None else None
    if table is None:
        return []
    row: Fits = {}
    for option in OPTIONS:
        fit, text = table[option]
        source = None
        plane = next((p for p in cost.data_planes if p.data_plane == option), None)
        scenario = next((s for s in plane.scenarios if s.basis == "request_defaults" and s.complete), None) \
            if plane else None
        if scenario and scenario.share and scenario.share.cpu_pct is not None and scenario.total.cpu_cores:
            pct = scenario.share.cpu_pct
            capped: Fit = "poor" if pct >= rule.share_limits["poor"] else "fair" if pct >= rule.share_limits[
                "fair"] else "good"
            fit = _worst([fit, capped])
            source = next(s for s in cost.sources if s.id == scenario.source)
            share = rule.share_text.format(cpu=scenario.total.cpu_cores, pct=pct, source=_source_text(source))
            text += f" {share[:1].upper()}{share[1:]}."
        row[option] = _fit("resource_headroom", rule.label, (fit, text), source)
    return [row]


def multicluster_fits(rules: OptionRules, req: Requirements, cost: CostEstimate,
                      precheck: Precheck | None) -> list[Fits]:
    """The chosen way of connecting the clusters against how far each candidate realises it (nothing to weigh for
    independent clusters); without that recommendation, the needs across clusters against each candidate's
    multicluster support."""
    clusters, needs = req.values.get("clusters"), req.values.get("multicluster_needs")
    if not isinstance(clusters, int) or clusters < 2:
        return []
    connect = req.multicluster
    needs_words = ", ".join(str(n).replace("_", " ") for n in needs) if isinstance(needs, list) and needs else ""
    if connect is not None and connect.connects:
        return [] if connect.approach == "independent" else [_approach_fits(rules, connect, needs_words, clusters)]
    if not needs_words:
        return []
    rule = rules.rules.multicluster
    row: Fits = {}
    for option in OPTIONS:
        spec = rules.option(option)
        fit = rule.fit_by_feature[spec.features.get("multicluster", "no")]
        template = {"good": rule.good, "fair": rule.fair}.get(fit, rule.poor)
        text = template.format(needs=needs_words, clusters=clusters, fact=spec.facts.get("multicluster", ""))
        row[option] = _fit("multicluster", rule.label, (fit, text), _first_source(rules, option))
    return [row]


def _approach_fits(rules: OptionRules, connect: Multicluster, needs: str, clusters: int) -> Fits:
    """Each candidate's realisation of the chosen approach: its support level is its fit."""
    rule = rules.rules.multicluster
    row: Fits = {}
    for way in connect.realisations:
        fit = rule.fit_by_feature[way.support]
        template = {"good": rule.approach_good, "fair": rule.approach_fair}.get(fit, rule.approach_poor)
        text = template.format(approach=connect.title[:1].lower() + connect.title[1:], needs=needs or rule.no_needs,
                               clusters=clusters, how=way.how.rstrip("."),
                               limits=way.limits.rstrip(".") or way.how.rstrip("."))
        row[way.option] = _fit("multicluster", rule.label, (fit, text), way.source)
    return row


def _first_source(rules: OptionRules, option: str) -> SourceRef | None:
    spec = rules.option(option)
    return rules.source(spec.sources[0]) if spec.sources else None


def platform_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """VMs in the estate, or a serverless one."""
    platform = req.values.get("platform")
    rule = rules.rules.platform
    if platform == "serverless":
        return [{o: _fit("platform", rule.label,
                         rule.serverless.gateway_only if o == "gateway_only" else rule.serverless.mesh)
                 for o in OPTIONS}]
    if platform not in ("vms", "mixed"):
        return []
    row: Fits = {}
    for option in OPTIONS:
        spec = rules.option(option)
        fit = rule.vms.fit_by_feature[spec.features.get("vm_workloads", "no")]
        text = rule.vms.text.format(fact=spec.facts.get("vms", ""))
        row[option] = _fit("platform", rule.label, (fit, text), _first_source(rules, option))
    return [row]


def vendor_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """Commercial support required."""
    if req.values.get("vendor_support") is not True:
        return []
    rule = rules.rules.vendor_support
    return [{o: _fit("vendor_support", rule.label,
                     (rule.fits[o], rule.text.format(fact=rules.option(o).facts.get("support", ""))),
                     _first_source(rules, o)) for o in OPTIONS}]


def existing_mesh_fits(rules: OptionRules, req: Requirements, cost: CostEstimate,
                       precheck: Precheck | None) -> list[Fits]:
    """A mesh already in use: consolidate on it, or migrate."""
    present = [m for m in dict.fromkeys(req.existing_meshes) if m and m != "none"]
    if not present:
        return []
    rule = rules.rules.existing_mesh
    names = ", ".join(rule.names.get(m, m) for m in present)
    row: Fits = {"gateway_only": _fit("existing_mesh", rule.label,
                                      (rule.gateway_only[0], rule.gateway_only[1].format(mesh=names)))}
    for mesh in MESHES:
        same = [m for m in present if mesh in rule.families.get(m, [])]
        fit, template = rule.same if same else rule.other_mesh
        row[mesh] = _fit("existing_mesh", rule.label,
                         (fit, template.format(mesh=", ".join(rule.names.get(m, m) for m in same) if same else names)))
    return [row]


def precheck_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """The precheck's verdict per data plane, over every scanned cluster."""
    if precheck is None or not precheck.clusters:
        return []
    rule = rules.rules.precheck
    row: Fits = {"gateway_only": _fit("precheck", rule.label, rule.gateway_only)}
    for mesh in MESHES:
        verdicts = [v for c in precheck.clusters for v in c.by_mesh if v.mesh == mesh]
        blocking = sorted({check for v in verdicts for check in v.blocking_checks})
        warnings = sum(v.warnings for v in verdicts)
        title = MESH_TITLES[mesh]
        if blocking:
            fit, template = rule.blocked
        elif warnings:
            fit, template = rule.needs_attention
        else:
            fit, template = rule.ready
        text = template.format(title=title, checks=", ".join(blocking), warnings=warnings)
        unchecked = sorted({check for v in verdicts for check in v.not_checked})
        if unchecked:
            text += " " + rule.not_checked.format(checks=", ".join(c.replace("_", " ") for c in unchecked))
        row[mesh] = _fit("precheck", rule.label, (fit, text))
    return [row]


def edge_need_labels(rules: OptionRules, req: Requirements) -> list[str]:
    """The edge needs answered, in words."""
    return [rules.edge_labels.get(n, n.replace("_", " ")) for n in req.edge_needs]


def _joined(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def option_summary(rules: OptionRules, option: OptionId, req: Requirements) -> str:
    """A candidate's summary; the gateway's lists the edge needs it must provide, when they were answered."""
    if option == "gateway_only" and req.edge_needs:
        return rules.rules.edge_needs.gateway_summary.format(needs=_joined(edge_need_labels(rules, req)))
    return rules.option(option).summary


def _support_fit(needed: list[str], offered: Mapping[str, Support], notes: Mapping[str, str],
                 labels: Mapping[str, str], fit_by_support: Mapping[Support, Fit]) -> tuple[Fit, str]:
    """The worst fit over the capabilities ``needed`` and the gaps in words (``x only partly (note); y not
    provided``), from what a candidate ``offered``."""
    support = {n: offered.get(n, "no") for n in needed}
    fit = _worst([fit_by_support[s] for s in support.values()])
    gaps = "; ".join(f"{labels.get(n, n)} {'only partly' if s == 'partial' else 'not provided'}"
                     + (f" ({notes[n]})" if n in notes else "") for n, s in support.items() if s != "yes")
    return fit, gaps


def edge_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """The edge needs answered against what each candidate provides at the edge (a mesh through its own ingress
    gateway, if it has one)."""
    if not req.edge_needs:
        return []
    rule = rules.rules.edge_needs
    needs = _joined(edge_need_labels(rules, req))
    row: Fits = {}
    for option in OPTIONS:
        spec = rules.option(option)
        fit, gaps = _support_fit(req.edge_needs, spec.edge, spec.edge_notes, rules.edge_labels, rule.fit_by_support)
        template = {"good": rule.good, "fair": rule.fair}.get(fit, rule.poor)
        source = rules.source(spec.edge_sources[0]) if spec.edge_sources else None
        row[option] = _fit("edge_needs", rule.label, (fit, template.format(needs=needs, gaps=gaps)), source)
    return [row]


def driver_fits(rules: OptionRules, req: Requirements, cost: CostEstimate, precheck: Precheck | None) -> list[Fits]:
    """The features each of the top drivers needs, against what each candidate provides."""
    rule = rules.rules.drivers
    rows = []
    for signal, name in [d for d in req.drivers if d[0] in rules.driver_features][:rule.top]:
        needed = rules.driver_features[signal]
        labels = ", ".join(rules.feature_labels[f] for f in needed)
        row: Fits = {}
        for option in OPTIONS:
            spec = rules.option(option)
            fit, gaps = _support_fit(needed, spec.features, spec.feature_notes, rules.feature_labels,
                                     rule.fit_by_support)
            template = {"good": rule.good, "fair": rule.fair}.get(fit, rule.poor)
            row[option] = _fit(f"driver_{signal}", f"{rule.label_prefix} {name}",
                               (fit, template.format(driver=name, features=labels, gaps=gaps)))
        rows.append(row)
    return rows


REQUIREMENTS: tuple[RuleFn, ...] = (verdict_fits, edge_fits, driver_fits, latency_fits, headroom_fits,
                                    multicluster_fits, platform_fits, vendor_fits, existing_mesh_fits, precheck_fits)
"""Every requirement rule, in the order the report lists them."""


# --------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------

def _weight(rules: OptionRules, requirement: str) -> float:
    return rules.weights.get("drivers" if requirement.startswith("driver_") else requirement, 1.0)


def _score(rules: OptionRules, fits: list[RequirementFit]) -> float:
    return round(sum(rules.fit_points[f.fit] * _weight(rules, f.requirement) for f in fits), 2)


def ranked(rules: OptionRules, scores: Mapping[OptionId, float]) -> list[OptionId]:
    """The candidates by the one rule: highest total first, equal totals in the stated ``preference`` order."""
    return sorted(scores, key=lambda o: (-scores[o], rules.preference.index(o)))


def _ruled_out_beyond_verdict(fits: list[RequirementFit]) -> RequirementFit | None:
    """The first requirement other than the verdict that rules a candidate out, if any."""
    return next((f for f in fits if f.fit == "ruled_out" and f.requirement != "verdict"), None)


def _why_not(rules: OptionRules, fits: dict[OptionId, list[RequirementFit]], option: OptionId,
             chosen: OptionId) -> RequirementFit | None:
    """The requirement on which ``option`` falls furthest below the chosen candidate (None: it never does)."""
    chosen_fits = {f.requirement: f.fit for f in fits[chosen]}
    worse = [f for f in fits[option]
             if FIT_ORDER.index(f.fit) < FIT_ORDER.index(chosen_fits.get(f.requirement, f.fit))]
    return min(worse, key=lambda f: FIT_ORDER.index(f.fit)) if worse else None


def _reasons(rules: OptionRules, fits: dict[OptionId, list[RequirementFit]], scores: dict[OptionId, float],
             order: list[OptionId], best_mesh: MeshId | None, titles: dict[OptionId, str]) -> list[str]:
    """Why the candidate with the top total, why not each of the others (candidates that lose on the same
    requirement for the same reason share one line), and the best mesh for later when the gateway leads."""
    chosen = order[0]
    reasons = [f"{f.label}: {f.reason}" for f in fits[chosen] if f.fit == "good"] or [
        f"{f.label}: {f.reason}" for f in fits[chosen][:1]]
    if best_mesh is not None and best_mesh != chosen:
        reasons.append(rules.reason_texts["best_mesh"].format(title=titles[best_mesh]))
    why_not: dict[tuple[str, str], list[OptionId]] = {}
    for option in order[1:]:
        if scores[option] == scores[chosen]:
            reasons.append(rules.reason_texts["tie"].format(
                title=titles[option], chosen=titles[chosen], score=scores[option],
                preference=", ".join(titles[o] for o in rules.preference)))
            continue
        worst = _why_not(rules, fits, option, chosen)
        if worst is not None:
            why_not.setdefault((worst.label, worst.reason), []).append(option)
    for (label, reason), options in why_not.items():
        reasons.append(rules.reason_texts["why_not"].format(
            title=", ".join(titles[o] for o in options), label=label, reason=reason))
    return reasons


def _headline(rules: OptionRules, req: Requirements, fits: dict[OptionId, list[RequirementFit]],
              chosen: OptionId, best_mesh: MeshId, titles: dict[OptionId, str]) -> str:
    """The verdict's headline for the kind of candidate that leads, with the best mesh for later."""
    blocked = _ruled_out_beyond_verdict(fits[best_mesh])
    later = (rules.headlines.no_mesh_later.format(reason=blocked.reason) if blocked is not None
             else rules.headlines.later.format(best_mesh=titles[best_mesh]))
    table = rules.headlines.gateway if chosen == "gateway_only" else rules.headlines.mesh
    return table[req.category].format(best=titles[chosen], later=later)


def compare_options(rules: OptionRules, req: Requirements, cost: CostEstimate,
                    precheck: Precheck | None = None) -> MeshOptions:
    """Judge every candidate against every applicable requirement and recommend the one with the top total (ties:
    the stated preference order), with reasons. The verdict is one of the requirements."""
    fits: dict[OptionId, list[RequirementFit]] = {o: [] for o in OPTIONS}
    for requirement in REQUIREMENTS:
        for row in requirement(rules, req, cost, precheck):
            for option in OPTIONS:
                fits[option].append(row[option])
    scores = {o: _score(rules, fits[o]) for o in OPTIONS}
    order = ranked(rules, scores)
    chosen = order[0]
    best_mesh = next(m for o in order for m in MESHES if m == o)
    titles = {o: rules.option(o).title for o in OPTIONS}
    headline = _headline(rules, req, fits, chosen, best_mesh, titles)
    later = None if _ruled_out_beyond_verdict(fits[best_mesh]) else best_mesh
    reasons = _reasons(rules, fits, scores, order, later, titles)
    options = []
    for option in order:
        levels = {f.fit for f in fits[option]}
        verdict: Literal["recommended", "viable", "not_advised", "ruled_out"] = (
            "recommended" if option == chosen else "ruled_out" if "ruled_out" in levels
            else "not_advised" if "poor" in levels else "viable")
        options.append(MeshOption(id=option, title=titles[option], summary=option_summary(rules, option, req),
                                  verdict=verdict, score=scores[option], fits=fits[option]))
    weights = "".join(f"; {k} counts ×{v:g}" for k, v in rules.weights.items() if v != 1)
    method = rules.reason_texts["method"].format(
        version=rules.version, preference=", ".join(titles[o] for o in rules.preference),
        preference_reason=rules.preference_reason, weights=weights, **{k: v for k, v in rules.fit_points.items()})
    return MeshOptions(recommended=chosen, horizon=rules.horizons[req.category], best_mesh=later,
                       tie_break=list(rules.preference), edge_needs=list(req.edge_needs),
                       headline=headline, reasons=reasons, options=options, method=method)


def requirements_for(assessment: Assessment, detected_meshes: Iterable[str] = ()) -> Requirements:
    """The requirements an assessment states: verdict, answers, top drivers, and meshes answered or detected."""
    names = {s.id: s.name for s in assessment.signals}
    values = {a.id: a.value for a in assessment.answers}
    existing = [str(values["existing_mesh"])] if values.get("existing_mesh") not in (None, "none") else []
    edge = next((a.value for a in assessment.answers if a.id == "edge_needs" and a.applicable), None)
    return Requirements(category=assessment.recommendation.category, values=values,
                        drivers=[(d.signal, names.get(d.signal, d.signal)) for d in assessment.recommendation.drivers],
                        existing_meshes=[*existing, *detected_meshes],
                        edge_needs=[str(n) for n in edge] if isinstance(edge, list) else [],
                        multicluster=assessment.multicluster)
