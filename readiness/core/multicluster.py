"""How to connect several clusters: the approach, its reasons, the trade-offs and each data plane's way. Pure.

Follows "To Multicluster, or Not to Multicluster": start from what is wanted across the clusters, then how to get
it. No traffic between clusters: keep them independent, or manage them in common when one view, one trust domain or
isolation between teams is wanted. Traffic across a network that is not flat (separate or not known): gateways, or
split-horizon EDS when the same services are replicated and callers should not care where an instance runs. A flat
network: one network, no gateways. The wording, and how each data plane realises each approach, are data
(``readiness/rules/mesh/multicluster.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from readiness.core.sentences import fill, join_words
from readiness.errors import Problem
from readiness.models import AnswerValue, Questionnaire
from readiness.models.mesh import OPTIONS
from readiness.models.multicluster import (
    APPROACHES,
    Approach,
    Multicluster,
    MulticlusterRules,
    Realisation,
    Stage,
    Tradeoff,
)

REPLICATED = "replicated"
"""The pseudo-need a step names when it applies to replicated services."""

Network = Literal["flat", "separate", "unknown"]


@dataclass(frozen=True)
class Situation:
    """What the decision reads from the answers."""

    clusters: int
    needs: list[str]
    network: Network
    replicated: bool

    def traffic(self, rules: MulticlusterRules) -> list[str]:
        """The needs that mean traffic between clusters, in answer order."""
        return [n for n in self.needs if n in rules.traffic_needs]

    def management(self, rules: MulticlusterRules) -> list[str]:
        """The needs common management gives without traffic."""
        return [n for n in self.needs if n in rules.management_needs]

    def crosses(self, rules: MulticlusterRules) -> bool:
        """Whether traffic must cross clusters: a traffic need, or replicated services."""
        return bool(self.traffic(rules)) or self.replicated


def situation(values: Mapping[str, AnswerValue]) -> Situation | None:
    """The answers the decision reads; None with one cluster (or no cluster count)."""
    clusters = values.get("clusters")
    if not isinstance(clusters, int) or isinstance(clusters, bool) or clusters < 2:
        return None
    needs = values.get("multicluster_needs")
    answered = values.get("cluster_network")
    network: Network = "flat" if answered == "flat" else "separate" if answered == "separate" else "unknown"
    return Situation(clusters, [str(n) for n in needs] if isinstance(needs, list) else [], network,
                     values.get("replicated_services") is True)


def choose(rules: MulticlusterRules, s: Situation) -> tuple[Approach, list[str]]:
    """The approach and the ids of the reasons for it, in the order they are told."""
    reasons = ["clusters"]
    if "fault_isolation" in s.needs:
        reasons.append("fault_isolation")
    if not s.crosses(rules):
        reasons.append("no_traffic")
        if s.management(rules):
            return "common_management", [*reasons, "management"]
        return "independent", [*reasons, "no_management"]
    reasons.append("traffic")
    if s.management(rules):
        reasons.append("management_too")
    if s.network == "flat":
        return "flat_network", [*reasons, "flat"]
    reasons.append(s.network)
    if s.replicated:
        return "split_horizon_eds", [*reasons, "replicated"]
    return "gateways", [*reasons, "not_replicated"]


def why_not(rules: MulticlusterRules, approach: Approach, s: Situation) -> str:
    """The cause an approach that was not chosen gives way for, as a ``why_not`` key of the rules."""
    crosses = s.crosses(rules)
    if approach == "independent":
        return "traffic" if crosses else "management"
    if approach == "common_management":
        return "traffic" if crosses else "no_management"
    if not crosses:
        return "no_traffic"
    if approach == "flat_network":
        return s.network
    if s.network == "flat":
        return "flat"
    return "replicated" if approach == "gateways" else "not_replicated"


def _words(questionnaire: Questionnaire, question: str, values: Sequence[str]) -> str:
    """Answer values of a multi question inside a sentence: ``failover and calls between clusters``."""
    choices = {c.id: c.words or c.label for c in questionnaire.question(question).choices}
    return join_words([choices.get(v, v.replace("_", " ")) for v in values])


def _placeholders(rules: MulticlusterRules, questionnaire: Questionnaire, s: Situation) -> dict[str, str]:
    traffic = _words(questionnaire, "multicluster_needs", s.traffic(rules))
    if s.replicated:
        replicated = "the same services replicated in several clusters"
        traffic = join_words([t for t in (traffic, replicated) if t])
    return {"clusters": f"{s.clusters} clusters", "traffic": traffic,
            "management": _words(questionnaire, "multicluster_needs", s.management(rules)),
            "needs": _words(questionnaire, "multicluster_needs", s.needs) or "nothing named"}


def _steps(rules: MulticlusterRules, approach: Approach, s: Situation) -> list[tuple[Stage, str]]:
    """The approach's steps that apply, trust first: a step naming needs applies when one of them is answered."""
    held = {*s.needs, *([REPLICATED] if s.replicated else [])}
    return [(step.stage, step.text) for step in rules.approaches[approach].steps
            if not step.needs or held & set(step.needs)]


def recommend(rules: MulticlusterRules, questionnaire: Questionnaire,
              values: Mapping[str, AnswerValue]) -> Multicluster:
    """How to connect the clusters the answers describe; with one cluster, no approach and the reason why."""
    s = situation(values)
    if s is None:
        return Multicluster(approach=None, reasons=[rules.reasons[ONE_CLUSTER]], rules_version=rules.version)
    approach, reason_ids = choose(rules, s)
    words = _placeholders(rules, questionnaire, s)
    spec = rules.approaches[approach]
    tradeoffs = []
    for other in APPROACHES:
        other_spec = rules.approaches[other]
        why = other_spec.chosen if other == approach else other_spec.why_not[why_not(rules, other, s)]
        tradeoffs.append(Tradeoff(approach=other, title=other_spec.title, gives=other_spec.gives,
                                  costs=other_spec.costs, chosen=other == approach, why=fill(why, words)))
    steps = _steps(rules, approach, s)
    realisations = []
    for option in OPTIONS:
        way = rules.realisations[option][approach]
        realisations.append(Realisation(
            option=option, title=rules.titles[option], support=way.support, how=way.how, limits=way.limits,
            steps=[way.steps.get(stage, text) for stage, text in steps], exit_criterion=way.exit or spec.exit,
            source=rules.source(way.source),
            as_of=way.as_of))
    return Multicluster(approach=approach, title=spec.title, summary=spec.summary, network=s.network,
                        reasons=[fill(rules.reasons[r], words) for r in reason_ids], tradeoffs=tradeoffs,
                        steps=[text for _, text in steps], stages=[stage for stage, _ in steps],
                        exit_criterion=spec.exit,
                        realisations=realisations, rules_version=rules.version)


ONE_CLUSTER = "one_cluster"
REASONS = ("clusters", "fault_isolation", "no_traffic", "management", "no_management", "traffic", "management_too",
           "flat", "separate", "unknown", "replicated", "not_replicated", ONE_CLUSTER)
"""Every reason :func:`choose` (or :func:`recommend`, with one cluster) may give."""

CAUSES: dict[Approach, tuple[str, ...]] = {
    "independent": ("traffic", "management"), "common_management": ("traffic", "no_management"),
    "gateways": ("no_traffic", "flat", "replicated"), "flat_network": ("no_traffic", "separate", "unknown"),
    "split_horizon_eds": ("no_traffic", "flat", "not_replicated")}
"""Every cause :func:`why_not` may give an approach."""


def rules_problems(rules: MulticlusterRules, name: str) -> list[Problem]:
    """What the rules lack for some answers: a reason, an approach, a why-not, a realisation or its source."""
    problems = [Problem(name, "reasons", f"no sentence for reason {r!r}") for r in REASONS if r not in rules.reasons]
    problems += [Problem(name, "titles", f"no title for {o!r}") for o in OPTIONS if o not in rules.titles]
    known = {s.id for s in rules.sources}
    for approach in APPROACHES:
        spec = rules.approaches.get(approach)
        if spec is None:
            problems.append(Problem(name, "approaches", f"approach {approach!r} is missing"))
            continue
        problems += [Problem(name, f"approaches.{approach}.why_not", f"no sentence for cause {c!r}")
                     for c in CAUSES[approach] if c not in spec.why_not]
        stages = {step.stage for step in spec.steps}
        for option in OPTIONS:
            way = rules.realisations.get(option, {}).get(approach)
            where = f"realisations.{option}.{approach}"
            if way is None:
                problems.append(Problem(name, where, "missing: every candidate says how it realises every approach"))
                continue
            if way.source not in known:
                problems.append(Problem(name, f"{where}.source", f"unknown source {way.source!r}"))
            problems += [Problem(name, f"{where}.steps.{stage}", f"{approach} has no {stage} step")
                         for stage in way.steps if stage not in stages]
    return problems
