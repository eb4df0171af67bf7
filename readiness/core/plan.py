"""The phased adoption plan: phases chosen, ordered and scaled from the verdict and its drivers. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from readiness.core.conditions import holds
from readiness.core.strength import piecewise
from readiness.models import AnswerValue, Category, Phase, PhaseSpec, Plan, PlanCatalogue, Signal, WeekRange
from readiness.models.plan import PhaseText

ORDER_RANK = {"first": 0, "early": 1, "driven": 2, "last": 3}


def duration_factor(catalogue: PlanCatalogue, values: Mapping[str, AnswerValue]) -> tuple[float, float]:
    """The duration factors for service count and Kubernetes experience."""
    services = values.get("service_count", 1)
    count = float(services) if isinstance(services, int | float) and not isinstance(services, bool) else 1.0
    service_factor = piecewise(catalogue.scaling.services, max(count, 1.0))
    experience = str(values.get("kubernetes_experience", "production"))
    return round(service_factor, 2), catalogue.scaling.experience.get(experience, 1.0)


def build_plan(catalogue: PlanCatalogue, category: Category, values: Mapping[str, AnswerValue],
               scores: Mapping[str, float], signals: list[Signal]) -> Plan:
    """The plan for a verdict: the category's phases that apply, ordered by what drives them."""
    template = catalogue.plans[category]
    specs = {p.id: p for p in catalogue.phases}
    chosen = [specs[pid] for pid in template.phases if holds(specs[pid].include_when, values, scores)]
    contribution = {s.id: s.contribution for s in signals}
    position = {pid: i for i, pid in enumerate(template.phases)}

    def priority(spec: PhaseSpec) -> float:
        boosts = sum(b.points for b in spec.boosts if holds(b.when, values, scores))
        return sum(max(contribution.get(sig, 0.0), 0.0) for sig in spec.driven_by) + boosts

    ordered = sorted(chosen, key=lambda p: (
        ORDER_RANK[p.order], -priority(p) if p.order == "driven" else 0.0, position[p.id]))
    service_factor, experience_factor = duration_factor(catalogue, values)
    factor = service_factor * experience_factor
    names = {s.id: s.name.lower() for s in signals if s.contribution > 0}
    phases = []
    for number, spec in enumerate(ordered, start=1):
        weeks = WeekRange(min=max(1, round(spec.weeks.min * factor)),
                          max=max(1, round(spec.weeks.max * factor)))
        text = spec.model_dump(include=set(PhaseText.model_fields))
        phases.append(Phase(**text, number=number, duration_weeks=weeks,
                            why_now=_why(spec, number, priority(spec), names, scores, values)))
    total = WeekRange(min=sum(p.duration_weeks.min for p in phases), max=sum(p.duration_weeks.max for p in phases))
    note = (f"Durations are the catalogue's base ranges × {service_factor:g} for "
            f"{values.get('service_count', 1)} service(s) × {experience_factor:g} for "
            f"'{values.get('kubernetes_experience', 'production')}' Kubernetes experience, "
            f"phases run one after another.")
    return Plan(kind=template.kind, summary=template.summary, phases=phases, total_weeks=total, scaling_note=note)


def _why(spec: PhaseSpec, number: int, priority: float, names: Mapping[str, str],
         scores: Mapping[str, float], values: Mapping[str, AnswerValue]) -> str:
    if spec.id == "foundations":
        return f"First, because readiness is {scores.get('readiness', 0):g} of 100: the foundations come before a mesh."
    if spec.order == "first":
        return "First: it is the starting point of this plan."
    if spec.order == "last":
        return "Last: it builds on every phase before it."
    drivers = [names[d] for d in spec.driven_by if d in names]
    drivers += [b.reason for b in spec.boosts if holds(b.when, values, scores)]
    if spec.order == "driven" and drivers:
        return (f"Phase {number}: placed by the weight of its drivers ({', '.join(drivers)}), "
                f"{priority:g} points of priority.")
    if drivers:
        return f"Early: it pays back first for {', '.join(drivers)}."
    return "Early: it is the step the rest of the plan depends on."
