"""The risk register: the risk catalogue's rules that hold for the answers, the verdict and the plan. Pure.

Each phase's ``risks`` are the register's entries of that phase, so the plan and the register never say
different things about the same risk. Risks from the precheck and the scan are added by the mesh analysis
(:mod:`readiness.mesh.risks`), through :func:`ranked` and :func:`with_phase_risks` here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from readiness.core.conditions import holds
from readiness.core.sentences import Facts, chosen_text, fill, role_text
from readiness.models import Category, Plan, Risk, RiskCatalogue, RiskEntry, Sentence
from readiness.models.risks import Level, RiskRule

RANK: dict[Level, int] = {"low": 1, "medium": 2, "high": 3}


def levels(rule: RiskRule, facts: Facts) -> tuple[Level, Level]:
    """Likelihood and impact: the rule's, or those of its first override that holds."""
    override = next((o for o in rule.levels if holds(o.when, facts.known, facts.scores)), None)
    if override is None:
        return rule.likelihood, rule.impact
    return override.likelihood or rule.likelihood, override.impact or rule.impact


def build_register(catalogue: RiskCatalogue, roles: Mapping[str, Sequence[Sentence]], category: Category,
                   plan: Plan, facts: Facts) -> list[RiskEntry]:
    """The risks the answers raise for this verdict and plan, most severe first."""
    planned = [p.id for p in plan.phases]
    entries = []
    for rule in catalogue.risks:
        if category not in rule.categories or not holds(rule.when, facts.known, facts.scores):
            continue
        phase = next((p for p in rule.phase if p in planned), None)
        if rule.phase and phase is None:
            continue
        likelihood, impact = levels(rule, facts)
        entries.append(RiskEntry(
            id=rule.id, title=fill(rule.title, facts.words), likelihood=likelihood, impact=impact,
            mitigation=chosen_text(rule.mitigation, facts) or "", phase=phase, source="answers",
            owner=role_text(roles, rule.owner, facts.known, facts.scores)))
    return ranked(entries)


def severity(entry: RiskEntry) -> tuple[int, int]:
    """How severe a risk is: likelihood × impact, then impact."""
    return RANK[entry.likelihood] * RANK[entry.impact], RANK[entry.impact]


def ranked(entries: Iterable[RiskEntry]) -> list[RiskEntry]:
    """The entries most severe first (in their given order where equally severe), each id once."""
    seen: set[str] = set()
    unique = []
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            unique.append(entry)
    return sorted(unique, key=lambda e: (-severity(e)[0], -severity(e)[1]))


def with_phase_risks(plan: Plan, register: Sequence[RiskEntry]) -> Plan:
    """The plan with each phase's risks taken from the register."""
    phases = [p.model_copy(update={"risks": [Risk(id=e.id, risk=e.title, mitigation=e.mitigation)
                                             for e in register if e.phase == p.id]}) for p in plan.phases]
    return plan.model_copy(update={"phases": phases})

