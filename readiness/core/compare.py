"""Two saved assessments of one client compared: verdict, scores, answers, signals, plan, precheck, triggers. Pure.

Both must be assessments of the same questionnaire at the same major version (``id@MAJOR.minor.patch``): within
one major version a question keeps its id and meaning, so an answer, a signal and a phase can be followed from
one to the other; across major versions they cannot, and the comparison is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from readiness import __version__
from readiness.errors import InputError
from readiness.models import Assessment, ToolInfo
from readiness.models.answers import ResolvedAnswer
from readiness.models.assessment import Signal, Trigger
from readiness.models.common import AnswerValue
from readiness.models.compare import (
    AssessmentRef,
    ChangedAnswer,
    Comparison,
    Delta,
    FindingChange,
    PhaseProgress,
    PhaseStatus,
    PrecheckChange,
    ScoreDeltas,
    SignalChange,
    SignalState,
    TriggerAnswer,
    TriggerProgress,
    VerdictChange,
    VerdictSide,
)
from readiness.models.plan import Phase, Plan
from readiness.models.precheck import ClusterPrecheck, Precheck

MOVED = 0.05
"""A signal moved when its contribution changed by at least this much (contributions are shown to 0.1)."""


def major_version(reference: str) -> tuple[str, str]:
    """``(id, major)`` of ``id@version`` (``service-mesh-readiness@1.2.0`` → ``("service-mesh-readiness", "1")``);
    an unversioned reference has major ``""``."""
    name, _, version = reference.partition("@")
    return name, version.split(".", 1)[0]


def check_comparable(before: Assessment, after: Assessment, names: tuple[str, str] = ("BEFORE", "AFTER")) -> None:
    """Refuse, in one line, assessments of different questionnaires or questionnaire major versions."""
    if major_version(before.questionnaire) != major_version(after.questionnaire):
        raise InputError.single(
            f"{names[0]} and {names[1]}", "questionnaire",
            f"{before.questionnaire} and {after.questionnaire} are different questionnaires or major versions; "
            f"compare assessments of the same questionnaire major version (assess both answers files again with "
            f"one questionnaire)")


def compare(before: Assessment, after: Assessment) -> Comparison:
    """What moved from ``before`` to ``after`` (see :func:`check_comparable`, called first)."""
    check_comparable(before, after)
    changed = changed_answers(before.answers, after.answers)
    moved = {c.question for c in changed}
    precheck = precheck_change(before.precheck, after.precheck)
    notes = [] if precheck is not None or (before.precheck is None and after.precheck is None) else [
        "Pre-flight findings are compared only when both assessments scanned clusters; "
        f"only the {'earlier' if before.precheck is not None else 'later'} one did."]
    return Comparison(
        tool=ToolInfo(version=__version__), before=_ref(before), after=_ref(after), engagement=after.engagement,
        verdict=VerdictChange(before=_verdict(before), after=_verdict(after),
                              changed=before.recommendation.category != after.recommendation.category),
        scores=ScoreDeltas(need=_delta(before.scores.need, after.scores.need),
                           readiness=_delta(before.scores.readiness, after.scores.readiness),
                           confidence=_delta(before.scores.confidence, after.scores.confidence)),
        changed_answers=changed, signals=signal_changes(before.signals, after.signals, moved),
        plan=plan_progress(before.plan, after.plan, _ref(after).date), precheck=precheck,
        triggers=trigger_progress(before.recommendation.triggers, before.answers, after.answers), notes=notes)


def _ref(a: Assessment) -> AssessmentRef:
    date = a.engagement.date if a.engagement and a.engagement.date else a.generated_at.date()
    return AssessmentRef(questionnaire=a.questionnaire, date=date, generated_at=a.generated_at)


def _verdict(a: Assessment) -> VerdictSide:
    rec = a.recommendation
    return VerdictSide(category=rec.category, title=rec.title, headline=rec.headline)


def _delta(before: float, after: float) -> Delta:
    return Delta(before=before, after=after, change=round(after - before, 1))


def same_value(a: AnswerValue | None, b: AnswerValue | None) -> bool:
    """Equal answers; lists in any order (a multiple choice is a set)."""
    if isinstance(a, list) and isinstance(b, list):
        return sorted(a) == sorted(b)
    return (type(a) is type(b) and a == b) or (_number(a) and _number(b) and a == b)


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def changed_answers(before: Sequence[ResolvedAnswer], after: Sequence[ResolvedAnswer]) -> list[ChangedAnswer]:
    """Every question whose value differs, in the later questionnaire's order (then those it no longer has)."""
    old = {x.id: x for x in before}
    new = {x.id: x for x in after}
    order = [*new, *(q for q in old if q not in new)]
    found = []
    for qid in order:
        b, a = old.get(qid), new.get(qid)
        if b is not None and a is not None and same_value(b.value, a.value):
            continue
        shown = a or b
        assert shown is not None
        found.append(ChangedAnswer(question=qid, prompt=shown.prompt, before=b.display if b else None,
                                   after=a.display if a else None, before_source=b.source if b else None,
                                   after_source=a.source if a else None))
    return found


def _state(signal: Signal | None) -> SignalState | None:
    if signal is None:
        return None
    return SignalState(value=signal.value, strength=signal.strength, contribution=signal.contribution,
                       side=signal.side, explanation=signal.explanation)


def signal_changes(before: Sequence[Signal], after: Sequence[Signal], moved: set[str]) -> list[SignalChange]:
    """The signals whose contribution moved by :data:`MOVED` or more or whose side changed, largest change first,
    each with its evidence before and after and the inputs whose answers changed."""
    old = {s.id: s for s in before}
    new = {s.id: s for s in after}
    found = []
    for sid in [*new, *(s for s in old if s not in new)]:
        b, a = old.get(sid), new.get(sid)
        change = (a.contribution if a else 0.0) - (b.contribution if b else 0.0)
        if b is not None and a is not None and abs(change) < MOVED and a.side == b.side:
            continue
        shown = a or b
        assert shown is not None
        inputs = dict.fromkeys([*(b.inputs if b else []), *(a.inputs if a else [])])
        found.append(SignalChange(id=sid, name=shown.name, kind=shown.kind, before=_state(b), after=_state(a),
                                  change=round(change, 2), because=[q for q in inputs if q in moved]))
    return sorted(found, key=lambda c: -abs(c.change))


def plan_progress(before: Plan, after: Plan, on: dt.date) -> list[PhaseProgress]:
    """Each phase of the earlier plan with its exit criteria met (no longer asked for by the later plan) and open
    (still asked for), then the phases the later plan adds (see :class:`PhaseProgress` for what "met" means)."""
    later = {p.id: p for p in after.phases}
    progress = []
    for phase in before.phases:
        now = later.get(phase.id)
        still = set(now.exit_criteria) if now else set()
        met = [c for c in phase.exit_criteria if c not in still]
        open_ = now.exit_criteria if now else []
        status: PhaseStatus = "met" if not open_ else "open" if not met else "partly_met"
        progress.append(PhaseProgress(phase=phase.id, name=phase.name, status=status, met=met, open=list(open_),
                                      due_on=phase.ends_on, due=phase.ends_on <= on))
    earlier = {p.id for p in before.phases}
    progress += [_added(p) for p in after.phases if p.id not in earlier]
    return progress


def _added(phase: Phase) -> PhaseProgress:
    return PhaseProgress(phase=phase.id, name=phase.name, status="added", met=[], open=list(phase.exit_criteria),
                         due_on=None, due=False)


def _pairs(before: Precheck, after: Precheck) -> list[tuple[ClusterPrecheck | None, ClusterPrecheck | None]]:
    """Clusters matched by name; a single cluster on each side is paired whatever its name."""
    if len(before.clusters) == 1 and len(after.clusters) == 1:
        return [(before.clusters[0], after.clusters[0])]
    old = {c.cluster: c for c in before.clusters}
    new = {c.cluster: c for c in after.clusters}
    return [(old.get(name), new.get(name)) for name in dict.fromkeys([*old, *new])]


def _findings(cluster: ClusterPrecheck | None) -> dict[tuple[str, str], FindingChange]:
    if cluster is None:
        return {}
    return {(f.check, o.ref): FindingChange(cluster=cluster.cluster, check=f.check, title=f.title, object=o.ref,
                                            severity=o.severity, detail=o.detail)
            for f in cluster.findings for o in f.objects}


def precheck_change(before: Precheck | None, after: Precheck | None) -> PrecheckChange | None:
    """Findings opened and closed, by check and object (None unless both assessments have a precheck)."""
    if before is None or after is None:
        return None
    opened: list[FindingChange] = []
    closed: list[FindingChange] = []
    unchanged = 0
    for old_cluster, new_cluster in _pairs(before, after):
        old, new = _findings(old_cluster), _findings(new_cluster)
        opened += [f for key, f in new.items() if key not in old]
        closed += [f for key, f in old.items() if key not in new]
        unchanged += sum(1 for key in new if key in old)
    return PrecheckChange(opened=opened, closed=closed, unchanged=unchanged)


def reached(needed: AnswerValue, earlier: AnswerValue | None, later: AnswerValue | None) -> bool:
    """Whether a later answer holds a trigger's value (see :class:`TriggerProgress`)."""
    if later is None:
        return False
    if isinstance(needed, list):
        return isinstance(later, list) and (set(needed) <= set(later) if needed else not later)
    if _number(needed) and _number(later):
        start = earlier if _number(earlier) else None
        if start is None or start == needed:
            return bool(later == needed)
        return bool(later >= needed if needed > start else later <= needed)  # type: ignore[operator]
    return same_value(needed, later)


def trigger_progress(triggers: Sequence[Trigger], before: Sequence[ResolvedAnswer],
                     after: Sequence[ResolvedAnswer]) -> list[TriggerProgress]:
    """Each trigger of the earlier verdict, with each of its answers as given later and whether all hold."""
    old: Mapping[str, ResolvedAnswer] = {x.id: x for x in before}
    new: Mapping[str, ResolvedAnswer] = {x.id: x for x in after}
    found = []
    for trigger in triggers:
        words = {c.question: c for c in trigger.changes}
        answers = []
        for qid, value in trigger.set.items():
            earlier, later = old.get(qid), new.get(qid)
            said = words.get(qid)
            answers.append(TriggerAnswer(
                question=qid, topic=said.topic if said else qid, needed=said.to_value if said else str(value),
                after=later.display if later else None,
                holds=reached(value, earlier.value if earlier else None, later.value if later else None)))
        found.append(TriggerProgress(change=trigger.change, new_category=trigger.new_category,
                                     direction=trigger.direction, answers=answers,
                                     reached=all(a.holds for a in answers)))
    return found
