"""The phased adoption plan: phases chosen, ordered, worded, scaled and dated from the verdict and the answers;
then worded in the recommended data plane's own terms. Pure.

Every sentence comes from the plan catalogue with its condition on the answers; the durations scale with the
services, the Kubernetes experience, the teams that onboard and the change approval; the dates count from the
reference date passed in (never the clock), start when the adoption window opens and wait for approval lead times.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readiness.core.conditions import holds
from readiness.core.schedule import DAY, Slot, add_months, next_slot, quarter_start
from readiness.core.sentences import (
    Facts,
    chosen_text,
    fill,
    holding,
    join_words,
    line_sentences,
    long_date,
    ordinal,
    pick_all,
    placeholders,
    plural,
    role_text,
)
from readiness.core.strength import piecewise
from readiness.models import Category, Phase, PhaseSpec, Plan, PlanCatalogue, ScanResult, Signal, WeekRange
from readiness.models.mesh import MESHES, MeshId
from readiness.models.multicluster import Multicluster
from readiness.models.plan import Approval, Gate, PilotScope, PlanLine, Sizing

ORDER_RANK = {"first": 0, "early": 1, "driven": 2, "last": 3}
TEAMS, WINDOW, APPROVAL = "team_count", "adoption_window", "change_approval"
STEPS, EXIT = "multicluster_steps", "multicluster_exit"
SPECIAL = frozenset({"pilot_scope", STEPS, EXIT})
"""Placeholders the plan fills itself (not answers, not terms). A line that is only ``{multicluster_steps}`` stands
for the steps of the chosen multicluster approach (trust first, then discovery, then failover), one line each, and
one that is only ``{multicluster_exit}`` for its exit criterion; without an approach they stand for nothing."""


@dataclass(frozen=True)
class Scale:
    """The duration factors of one plan."""

    services: float
    experience: float
    teams: float
    approval: Approval | None

    def factor(self, spec: PhaseSpec, facts: Facts) -> float:
        """The factor of one phase: services × experience (× teams when it onboards them, × approval when it
        changes the platform, × its own adjustments that hold)."""
        factor = self.services * self.experience
        if spec.onboarding:
            factor *= self.teams
        if spec.approval and self.approval is not None:
            factor *= self.approval.factor
        for adjustment in spec.adjust:
            if holds(adjustment.when, facts.known, facts.scores):
                factor *= adjustment.factor
        return factor


def _count(value: object, fallback: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else fallback


def scale_of(catalogue: PlanCatalogue, facts: Facts) -> Scale:
    """The factors for the services, the Kubernetes experience, the teams and the change approval."""
    scaling = catalogue.scaling
    services = round(piecewise(scaling.services, max(float(_count(facts.values.get("service_count"), 1)), 1.0)), 2)
    experience = scaling.experience.get(str(facts.values.get("kubernetes_experience", "production")), 1.0)
    teams = round(piecewise(scaling.teams, float(max(_count(facts.known.get(TEAMS), 1), 1))), 2)
    approval = catalogue.schedule.approval.get(str(facts.known.get(APPROVAL, "")))
    return Scale(services, experience, teams, approval)


def choose_phases(catalogue: PlanCatalogue, category: Category, facts: Facts,
                  signals: Sequence[Signal]) -> list[PhaseSpec]:
    """The category's phases whose condition holds, ordered: first, early, then by the weight of their drivers
    (the signals that drive them and the answers that boost them), last."""
    template = catalogue.plans[category]
    specs = {p.id: p for p in catalogue.phases}
    chosen = [specs[pid] for pid in template.phases if holds(specs[pid].include_when, facts.known, facts.scores)]
    contribution = {s.id: s.contribution for s in signals}
    position = {pid: i for i, pid in enumerate(template.phases)}

    def priority(spec: PhaseSpec) -> float:
        boosts = sum(b.points for b in spec.boosts if holds(b.when, facts.known, facts.scores))
        return sum(max(contribution.get(sig, 0.0), 0.0) for sig in spec.driven_by) + boosts

    return sorted(chosen, key=lambda p: (
        ORDER_RANK[p.order], -priority(p) if p.order == "driven" else 0.0, position[p.id]))


def build_plan(catalogue: PlanCatalogue, category: Category, facts: Facts, signals: Sequence[Signal],
               scan: ScanResult | None = None, multicluster: Multicluster | None = None) -> Plan:
    """The plan for a verdict, worded for the answers in no mesh's terms (see :func:`tailor_plan`) and dated from
    ``facts.reference``; the ``multicluster`` approach's steps and exit criterion fill the lines that stand for them.
    Its phases' risks are filled in from the risk register afterwards."""
    template = catalogue.plans[category]
    ordered = choose_phases(catalogue, category, facts, signals)
    scope = pilot_scope(catalogue, facts, scan) if any(s.id == "pilot_scope" for s in ordered) else None
    scale = scale_of(catalogue, facts)
    window = quarter_start(facts.reference, catalogue.schedule.windows.get(str(facts.known.get(WINDOW, "")), 0))
    inline = scope.description[:1].lower() + scope.description[1:] if scope else ""
    extra = {**catalogue.mesh_terms["neutral"], "pilot_scope": inline}
    expand = ({STEPS: list(multicluster.steps), EXIT: [multicluster.exit_criterion]}
              if multicluster is not None and multicluster.connects else {})
    phases: list[Phase] = []
    cursor = facts.reference
    for number, spec in enumerate(ordered, start=1):
        weeks = _weeks(spec, scale.factor(spec, facts))
        slot = _slot(spec, cursor, window, scale.approval, weeks, facts.reference)
        if spec.every_months is None:
            cursor = slot.ends_on + DAY
        phases.append(_phase(catalogue, spec, number, weeks, slot, facts, extra, scale.approval, expand))
    bars = [p for p in phases if p.draw_as == "bar"] or phases
    return Plan(kind=template.kind, summary=template.summary, phases=phases,
                total_weeks=WeekRange(min=sum(p.duration_weeks.min for p in bars),
                                      max=sum(p.duration_weeks.max for p in bars)),
                scaling_note=scaling_note(facts, scale, ordered), starts_on=min(p.starts_on for p in bars),
                ends_on=max(p.ends_on for p in bars), reference_date=facts.reference,
                schedule_note=schedule_note(catalogue, facts, phases, window, scale.approval),
                sizing=sizing(facts), pilot_scope=scope, baseline=chosen_text(catalogue.baseline, facts))


def _weeks(spec: PhaseSpec, factor: float) -> WeekRange:
    if spec.every_months is not None:
        return WeekRange(min=0, max=0)
    return WeekRange(min=max(1, round(spec.weeks.min * factor)), max=max(1, round(spec.weeks.max * factor)))


def _slot(spec: PhaseSpec, cursor: dt.date, window: dt.date, approval: Approval | None, weeks: WeekRange,
          reference: dt.date) -> Slot:
    """The phase's dates: a review on its date; other phases after the previous one, not before the window."""
    if spec.every_months is not None:
        day = add_months(reference, spec.every_months)
        return Slot(0, day, day)
    lead = approval.lead_weeks if approval is not None and spec.approval else 0
    earliest = reference if spec.starts == "now" else window
    return next_slot(cursor, earliest, lead, weeks.max)


def _phase(catalogue: PlanCatalogue, spec: PhaseSpec, number: int, weeks: WeekRange, slot: Slot, facts: Facts,
           extra: Mapping[str, str], approval: Approval | None,
           expand: Mapping[str, Sequence[str]] | None = None) -> Phase:
    """One phase: its lines for these answers, owner, dates, gates and why it is here; a line that is only a
    placeholder of ``expand`` (or of :data:`SPECIAL` without a value) becomes its lines."""
    def lines(source: Sequence[PlanLine]) -> list[str]:
        return [line for text in pick_all(source, facts) for line in _expanded(text, extra, expand or {})]

    entry, exit_ = lines(spec.entry_criteria), lines(spec.exit_criteria)
    owner = role_text(catalogue.roles, spec.owner, facts.known, facts.scores)
    return Phase(id=spec.id, name=spec.name, goal=fill(spec.goal, extra), activities=lines(spec.activities),
                 entry_criteria=entry, exit_criteria=exit_, success_metrics=lines(spec.success_metrics), risks=[],
                 number=number, duration_weeks=weeks, why_now=why_now(spec, number, facts, slot),
                 owner=owner, lead_weeks=slot.lead_weeks, starts_on=slot.starts_on, ends_on=slot.ends_on,
                 draw_as="milestone" if spec.every_months is not None else "bar",
                 gates=gates(catalogue, spec, slot, owner, entry, exit_, facts, approval))


def _expanded(text: str, extra: Mapping[str, str], expand: Mapping[str, Sequence[str]]) -> list[str]:
    """A line filled in, or the lines a line of one placeholder stands for (none when it has no value)."""
    name = text[1:-1] if text.startswith("{") and text.endswith("}") else ""
    if name in (STEPS, EXIT):
        return list(expand.get(name, []))
    return [fill(text, extra)]


def gates(catalogue: PlanCatalogue, spec: PhaseSpec, slot: Slot, owner: str, entry: list[str], exit_: list[str],
          facts: Facts, approval: Approval | None) -> list[Gate]:
    """The phase's decision points: an approval before it (heavy change approval), a go/no-go on its exit
    criteria at its end, or, for a recurring review, the review itself."""
    schedule = catalogue.schedule
    if spec.every_months is not None:
        return [Gate(kind="review", name=fill(schedule.review, {"phase": spec.name}), on=slot.starts_on,
                     criteria=exit_, decided_by=owner, every_months=spec.every_months)]
    found = []
    if spec.approval and approval is not None and approval.gate:
        found.append(Gate(kind="approval", name=fill(approval.gate, {"phase": spec.name}), on=slot.starts_on,
                          criteria=entry, decided_by=approval.decided_by or owner))
    if spec.gate:
        found.append(Gate(kind="go_no_go", name=fill(schedule.go_no_go, {"phase": spec.name}), on=slot.ends_on,
                          criteria=exit_, decided_by=role_text(catalogue.roles, schedule.go_no_go_by, facts.known,
                                                               facts.scores)))
    return found


def why_now(spec: PhaseSpec, number: int, facts: Facts, slot: Slot) -> str:
    """Why the phase is here, from the client's answers: the facts that put it in this place (at most three), or
    the catalogue's reason when none holds."""
    reasons = [fill(s.text, facts.words) for s in holding(spec.why, facts)][:3]
    reason = join_words(reasons) or spec.why_else
    if spec.every_months is not None:
        return (f"Last, because {reason}: first on {long_date(slot.starts_on)}, then every "
                f"{plural(spec.every_months, 'month', 'months')}.")
    lead = "Last" if spec.order == "last" and number > 1 else ordinal(number).capitalize()
    return f"{lead}, because {reason}."


def sizing(facts: Facts) -> Sizing:
    """The counts the plan was sized with, and what the scan found where it disagrees."""
    return Sizing(services=_count(facts.values.get("service_count"), 1),
                  clusters=_count(facts.values.get("clusters"), 1), teams=max(_count(facts.values.get(TEAMS), 1), 1),
                  scan_found={q: v for q, v in facts.scan_found.items() if q in ("service_count", "clusters")})


def _counted(facts: Facts, question: str) -> str:
    """An answered count in words, marked when it was assumed or not answered at all."""
    words = facts.words.get(question, "")
    if question in facts.assumed:
        return f"{words} (assumed, not answered)"
    if question not in facts.known:
        return f"{words} (not answered: the questionnaire's default)"
    return words


def scaling_note(facts: Facts, scale: Scale, phases: Sequence[PhaseSpec]) -> str:
    """The counts the durations are sized for (and what a disagreeing scan found) and every factor applied."""
    sized = f"Sized for {_counted(facts, 'service_count')} in {_counted(facts, 'clusters')}"
    if TEAMS in facts.words:
        sized += f", with {_counted(facts, TEAMS)}"
    found = [facts.scan_found[q] for q in ("service_count", "clusters") if q in facts.scan_found]
    if found:
        sized += (f"; the cluster scan found {join_words(found)}, but the plan keeps the answered "
                  f"{'figures' if len(found) > 1 else 'figure'}")
    parts = [f"{scale.services:g} for the services and {scale.experience:g} for the Kubernetes experience "
             f"({facts.words.get('kubernetes_experience', 'production')})"]
    onboarding = [p.name for p in phases if p.onboarding]
    if onboarding and scale.teams != 1:
        parts.append(f"the phases every team onboards in ({join_words(onboarding)}) by {scale.teams:g} more for "
                     f"the teams")
    if scale.approval is not None and scale.approval.factor != 1 and any(p.approval for p in phases):
        parts.append(f"the phases that change the platform by {scale.approval.factor:g} for "
                     f"{facts.words.get(APPROVAL, 'the change approval')}")
    for spec in phases:
        parts += [f"{spec.name} by {a.factor:g} for {a.reason}" for a in spec.adjust
                  if holds(a.when, facts.known, facts.scores)]
    return f"{sized}. Each phase's base estimate is multiplied by {'; '.join(parts)}."


def schedule_note(catalogue: PlanCatalogue, facts: Facts, phases: Sequence[Phase], window: dt.date,
                  approval: Approval | None) -> str:
    """When the work starts and why, the lead times, which estimate the dates use, and the recurring reviews."""
    bars = [p for p in phases if p.draw_as == "bar"]
    sentences = [_start_sentence(catalogue, facts, bars, window)]
    lead = approval.lead_weeks if approval is not None else 0
    if lead and any(p.lead_weeks for p in bars):
        sentences.append(f"{facts.words.get(APPROVAL, 'Change approval').capitalize()} adds "
                         f"{plural(lead, 'week', 'weeks')} of lead time and an approval before each phase that "
                         f"changes the platform.")
    if bars:
        spread = sum(p.duration_weeks.max - p.duration_weeks.min for p in bars)
        sentence = f"Each phase is dated by its longest estimate, so the plan ends by {long_date(bars[-1].ends_on)}"
        sentences.append(sentence + (f"; with the shortest estimates it ends about "
                                     f"{plural(spread, 'week', 'weeks')} earlier." if spread else "."))
    for p in phases:
        if p.draw_as == "milestone" and p.gates and p.gates[0].every_months:
            sentences.append(f"{p.name}: on {long_date(p.starts_on)}, then every "
                             f"{plural(p.gates[0].every_months, 'month', 'months')}, or sooner when one of the "
                             f"changes that would move this verdict happens.")
    return " ".join(sentences)


def _start_sentence(catalogue: PlanCatalogue, facts: Facts, bars: Sequence[Phase], window: dt.date) -> str:
    """Where the dates count from, when the adoption window opens and which phase starts then (with the
    preparation that runs before it)."""
    sentence = f"The dates count from {long_date(facts.reference)}, {facts.reference_basis}"
    answer = facts.known.get(WINDOW)
    first = next((p for p in bars if p.starts_on >= window), None)
    if answer is None or catalogue.schedule.windows.get(str(answer), 0) == 0 or not bars or first is None:
        start = f"; the first phase starts on {long_date(bars[0].starts_on)}" if bars else ""
        return f"{sentence}{start}."
    assumed = " (assumed, not answered)" if WINDOW in facts.assumed else ""
    sentence += (f". Platform work of this size can start {facts.words.get(WINDOW, '')}{assumed}, so the window "
                 f"opens on {long_date(window)}")
    sentence += f" and {first.name} starts on {long_date(first.starts_on)}"
    early = [p.name for p in bars if p.starts_on < window]
    if early:
        sentence += f"; {join_words(early)} runs before it, from {long_date(bars[0].starts_on)}"
    return sentence + "."


def pilot_scope(catalogue: PlanCatalogue, facts: Facts, scan: ScanResult | None) -> PilotScope:
    """The pilot's scope, named: the scanned namespace with the most business services, else a share of the
    answered services (one team's)."""
    text = catalogue.pilot_scope
    notes = [fill(s.text, facts.words) for s in holding(text.notes, facts)]
    found = _busiest_namespace(scan)
    if found is not None:
        cluster, namespace, count = found
        description = fill(text.scanned, {"namespace": namespace, "cluster": cluster, "services": str(count)})
        return PilotScope(description=" ".join([description, *notes]), services=count, namespace=namespace,
                          cluster=cluster)
    services = _count(facts.known.get("service_count"), 0)
    teams = max(_count(facts.known.get(TEAMS), 1), 1)
    if services < 1:
        return PilotScope(description=" ".join([text.unsized, *notes]), services=text.min_services)
    count = min(services, max(text.min_services, min(text.max_services, math.ceil(services / teams))))
    description = fill(text.answered, {"services": str(count), "service_count": str(services)})
    return PilotScope(description=" ".join([description, *notes]), services=count)


def _busiest_namespace(scan: ScanResult | None) -> tuple[str, str, int] | None:
    """(cluster, namespace, business services) of the scanned application namespace with the most business
    services (at least two); None without a scan or such a namespace."""
    best: tuple[str, str, int] | None = None
    for cluster in scan.clusters if scan else []:
        counts: dict[str, int] = {}
        for service in cluster.services:
            if service.role == "business" and not service.system:
                counts[service.namespace] = counts.get(service.namespace, 0) + 1
        for namespace, count in sorted(counts.items()):
            if count >= 2 and (best is None or count > best[2]):
                best = (cluster.name, namespace, count)
    return best


def term_mapping(catalogue: PlanCatalogue, option: MeshId) -> dict[str, str]:
    """Each sentence that names mesh terms, in neutral words → the same sentence in ``option``'s words."""
    neutral, own = catalogue.mesh_terms["neutral"], catalogue.mesh_terms[option]
    mapping: dict[str, str] = {}
    for spec in catalogue.phases:
        texts = [spec.goal] + [s.text for line in (*spec.activities, *spec.entry_criteria, *spec.exit_criteria,
                                                   *spec.success_metrics) for s in line_sentences(line)]
        for text in texts:
            names = placeholders(text)
            if names and all(n in neutral for n in names):
                mapping[fill(text, neutral)] = fill(text, own)
    return mapping


def tailor_plan(plan: Plan, catalogue: PlanCatalogue, option_id: str | None,
                multicluster: Multicluster | None = None) -> Plan:
    """The plan in the recommended data plane's own terms (Istio's revision labels, Linkerd's annotations, …), the
    multicluster steps as that data plane realises the chosen approach.

    A plan that adopts no mesh (not yet, a gateway) and an adoption plan whose recommended option is a gateway
    keep the neutral words and name no mesh.
    """
    option = next((m for m in MESHES if m == option_id), None)
    if plan.kind != "adoption" or option is None or option not in catalogue.mesh_terms:
        return plan
    mapping = term_mapping(catalogue, option)
    way = next((r for r in multicluster.realisations if r.option == option), None) if multicluster else None
    if multicluster is not None and way is not None:
        mapping.update(zip(multicluster.steps, way.steps, strict=True))
        mapping[multicluster.exit_criterion] = way.exit_criterion

    def words(texts: Sequence[str]) -> list[str]:
        return [mapping.get(t, t) for t in texts]

    phases = [p.model_copy(update={
        "goal": mapping.get(p.goal, p.goal), "activities": words(p.activities),
        "entry_criteria": words(p.entry_criteria), "exit_criteria": words(p.exit_criteria),
        "success_metrics": words(p.success_metrics),
        "gates": [g.model_copy(update={"criteria": words(g.criteria)}) for g in p.gates]}) for p in plan.phases]
    return plan.model_copy(update={"phases": phases, "data_plane": option})
