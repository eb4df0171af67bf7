"""Mesh options: candidate data planes judged against the organisation's requirements, with reasons. Pure.

The candidates and rules live in ``readiness/rules/mesh/mesh-options.yaml``. Each requirement that
applies (the verdict, latency budget, headroom, multicluster needs, VMs, vendor support, a mesh already
in use, the precheck's blockers, the features the top drivers need) gives every candidate a fit — good,
fair, poor or ruled out — and the sentence that explains it. Fits add up to points; the highest total
is recommended (the verdict can make it the gateway), ties go to the rules' preference order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from readiness.models.assessment import Assessment
from readiness.models.common import AnswerValue, Category
from readiness.models.cost import CostEstimate, LatencyFigure
from readiness.models.mesh import MESH_TITLES, MESHES, OPTIONS, MeshId, OptionId, SourceRef
from readiness.models.options import FIT_ORDER, Fit, FitText, MeshOption, MeshOptions, OptionRules, RequirementFit
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
    """Needs across clusters against each candidate's multicluster support."""
    clusters, needs = req.values.get("clusters"), req.values.get("multicluster_needs")
    if not isinstance(clusters, int) or clusters < 2 or not isinstance(needs, list) or not needs:
        return []
    rule = rules.rules.multicluster
    row: Fits = {}
    for option in OPTIONS:
        spec = rules.option(option)
        fit = rule.fit_by_feature[spec.features.get("multicluster", "no")]
        template = {"good": rule.good, "fair": rule.fair}.get(fit, rule.poor)
        text = template.format(needs=", ".join(str(n).replace("_", " ") for n in needs), clusters=clusters,
                               fact=spec.facts.get("multicluster", ""))
        row[option] = _fit("multicluster", rule.label, (fit, text), _first_source(rules, option))
    return [row]


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
            support = {f: spec.features.get(f, "no") for f in needed}
            fit = _worst([rule.fit_by_support[s] for s in support.values()])
            gaps = "; ".join(
                f"{rules.feature_labels[f]} {'only partly' if s == 'partial' else 'not provided'}"
                + (f" ({spec.feature_notes[f]})" if f in spec.feature_notes else "")
                for f, s in support.items() if s != "yes")
            template = {"good": rule.good, "fair": rule.fair}.get(fit, rule.poor)
            row[option] = _fit(f"driver_{signal}", f"{rule.label_prefix} {name}",
                               (fit, template.format(driver=name, features=labels, gaps=gaps)))
        rows.append(row)
    return rows


REQUIREMENTS: tuple[RuleFn, ...] = (verdict_fits, driver_fits, latency_fits, headroom_fits, multicluster_fits,
                                    platform_fits, vendor_fits, existing_mesh_fits, precheck_fits)
"""Every requirement rule, in the order the report lists them."""


# --------------------------------------------------------------------------------------------------
# Putting it together
# --------------------------------------------------------------------------------------------------

def _weight(rules: OptionRules, requirement: str) -> float:
    return rules.weights.get("drivers" if requirement.startswith("driver_") else requirement, 1.0)


def _score(rules: OptionRules, fits: list[RequirementFit]) -> float:
    return round(sum(rules.fit_points[f.fit] * _weight(rules, f.requirement) for f in fits), 2)


def _ranked(rules: OptionRules, options: list[OptionId], scores: dict[OptionId, float]) -> list[OptionId]:
    return sorted(options, key=lambda o: (-scores[o], rules.preference.index(o)))


def _reasons(rules: OptionRules, fits: dict[OptionId, list[RequirementFit]], scores: dict[OptionId, float],
             ranked: list[OptionId], chosen: OptionId, best_mesh: OptionId, titles: dict[OptionId, str], *,
             override: bool) -> list[str]:
    """Why the chosen candidate, and why not each of the others (against the best mesh when the verdict chose
    the gateway)."""
    reasons = [f"{f.label}: {f.reason}" for f in fits[chosen] if f.fit == "good"]
    if not reasons:
        reasons = [f"{f.label}: {f.reason}" for f in fits[chosen][:1]]
    reference = chosen
    if override and best_mesh != chosen:
        reasons.append(f"Of the meshes, {titles[best_mesh]} fits best ({scores[best_mesh]:g} points).")
        reference = best_mesh
    for option in ranked:
        if option in (chosen, reference) or (override and option == "gateway_only"):
            continue
        judged = [f for f in fits[option] if not (override and f.requirement == "verdict")]
        worst = min(judged, key=lambda f: FIT_ORDER.index(f.fit)) if judged else None
        if scores[option] == scores[reference]:
            reasons.append(rules.reason_texts["tie"].format(title=titles[option], chosen=titles[reference],
                                                            score=scores[option]))
        elif worst is not None and worst.fit != "good":
            reasons.append(rules.reason_texts["why_not"].format(title=titles[option], label=worst.label,
                                                                reason=worst.reason))
    return reasons


def compare_options(rules: OptionRules, req: Requirements, cost: CostEstimate,
                    precheck: Precheck | None = None) -> MeshOptions:
    """Judge every candidate against every applicable requirement and recommend one, with reasons."""
    fits: dict[OptionId, list[RequirementFit]] = {o: [] for o in OPTIONS}
    for requirement in REQUIREMENTS:
        for row in requirement(rules, req, cost, precheck):
            for option in OPTIONS:
                fits[option].append(row[option])
    scores = {o: _score(rules, fits[o]) for o in OPTIONS}
    ranked = _ranked(rules, list(OPTIONS), scores)
    meshes = [o for o in ranked if o != "gateway_only"]
    best_mesh = meshes[0]
    if req.category in ("not_yet", "gateway_only"):
        chosen: OptionId = "gateway_only"
    else:
        chosen = ranked[0]
    titles = {o: rules.option(o).title for o in OPTIONS}
    headline = rules.headlines[req.category].format(best=titles[best_mesh], gateway=titles["gateway_only"])
    if chosen == "gateway_only" and req.category not in ("not_yet", "gateway_only"):
        headline = f"{titles['gateway_only']}: {rules.option('gateway_only').summary}"

    reasons = _reasons(rules, fits, scores, ranked, chosen, best_mesh, titles,
                       override=chosen == "gateway_only" and req.category in ("not_yet", "gateway_only"))

    options = []
    for option in ranked:
        levels = {f.fit for f in fits[option]}
        verdict: Literal["recommended", "viable", "not_advised", "ruled_out"] = (
            "recommended" if option == chosen else "ruled_out" if "ruled_out" in levels
            else "not_advised" if "poor" in levels else "viable")
        options.append(MeshOption(id=option, title=titles[option], summary=rules.option(option).summary,
                                  verdict=verdict, score=scores[option], fits=fits[option]))
    weights = "".join(f"; {k} counts ×{v:g}" for k, v in rules.weights.items() if v != 1)
    method = rules.reason_texts["method"].format(
        version=rules.version, preference=", ".join(titles[o] for o in rules.preference),
        weights=weights, **{k: v for k, v in rules.fit_points.items()})
    return MeshOptions(recommended=chosen, headline=headline, reasons=reasons, options=options, method=method)


def requirements_for(assessment: Assessment, detected_meshes: Iterable[str] = ()) -> Requirements:
    """The requirements an assessment states: verdict, answers, top drivers, and meshes answered or detected."""
    names = {s.id: s.name for s in assessment.signals}
    values = {a.id: a.value for a in assessment.answers}
    existing = [str(values["existing_mesh"])] if values.get("existing_mesh") not in (None, "none") else []
    return Requirements(category=assessment.recommendation.category, values=values,
                        drivers=[(d.signal, names.get(d.signal, d.signal)) for d in assessment.recommendation.drivers],
                        existing_meshes=[*existing, *detected_meshes])
