"""What would change the verdict: changes of one or two answers, found by searching the questionnaire's values
and verified by re-scoring. Pure.

Every answer that can move a score or a verdict rule is tried at each of its other values (choices, yes/no,
list items added or removed one at a time, the question's ``steps`` for numbers). Where no single change
moves the verdict in a direction (towards adoption, or away from it), every pair of changes is tried, so
"no change of one or two answers moves it" is only ever said when it is true. Each trigger's ``set`` is in
the answers file's form: applied to the answers and assessed again, it gives ``new_category``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from readiness.core.answers import layer_answers
from readiness.core.conditions import referenced_questions
from readiness.core.strength import decide, expr_inputs, expr_strength, unknown_questions
from readiness.core.values import display, sentence_value
from readiness.models import (
    AnswerChange,
    Answers,
    AnswerValue,
    Category,
    DetectedAnswer,
    Question,
    Questionnaire,
    Trigger,
)

RANK: dict[Category, int] = {"not_yet": 0, "gateway_only": 0, "prepare_first": 1, "pilot": 2, "adopt_now": 3}
"""How far towards adopting a mesh each verdict is: a trigger moves the verdict up or down this order, or
across it (between "not yet" and "a gateway is enough", neither of which adopts a mesh)."""
PER_DIRECTION = 3
"""Triggers kept per direction (the smallest changes, one per question)."""


@dataclass(frozen=True)
class Change:
    """One answer set to another value, and how big a step that is from the current one."""

    question: Question
    value: AnswerValue
    step: float


@dataclass(frozen=True)
class State:
    """Answers as scored: their values, which are unknown or apply, and each signal's weight × strength."""

    values: Mapping[str, AnswerValue]
    unknown: frozenset[str]
    applicable: frozenset[str]
    parts: tuple[float, ...]


class Rescorer:
    """Re-scores the answers with some of them changed, exactly as ``readiness assess`` would.

    A change to an answer that applies and shapes no other question (no ``when``, ``default_from`` or
    ``default_when`` reads it) recomputes only the signals that read it; any other change lays the answers out
    again first.
    """

    def __init__(self, questionnaire: Questionnaire, answers: Answers) -> None:
        self.questionnaire = questionnaire
        self.specs = questionnaire.scoring.signals
        self.reads: dict[str, list[int]] = {}
        for index, spec in enumerate(self.specs):
            for qid in expr_inputs(spec.strength):
                self.reads.setdefault(qid, []).append(index)
        self.given = {item.id: item.value for item in answers.items if item.source == "answered"}
        self.detected = {item.id: DetectedAnswer(value=item.value) for item in answers.items
                         if item.source == "detected"}
        self.shaping = {ref for q in questionnaire.questions() for ref in referenced_questions(q.when)}
        self.shaping |= {q.default_from for q in questionnaire.questions() if q.default_from}
        self.shaping |= {ref for q in questionnaire.questions() for conditional in q.default_when
                         for ref in referenced_questions(conditional.when)}
        values = answers.values()
        self.base = self._scored(values, unknown_questions(questionnaire, answers),
                                 frozenset(item.id for item in answers.items if item.applicable))
        self.values = self.base.values
        self.applicable = self.base.applicable
        self._laid_out: dict[tuple[tuple[str, str], ...], State] = {}

    def category(self, change: Mapping[str, AnswerValue]) -> Category:
        """The verdict with ``change`` applied to the answers."""
        return self.verdict(self.state(change))

    def state(self, change: Mapping[str, AnswerValue]) -> State:
        """The answers with ``change`` applied, scored (a change laid out again is kept for the next ask)."""
        if self.quick(self.base, change):
            return self.extend(self.base, change)
        key = tuple(sorted((qid, repr(v)) for qid, v in change.items()))
        if key not in self._laid_out:
            layers = layer_answers(self.questionnaire, {**self.given, **change}, self.detected)
            values = {x.question.id: x.value for x in layers}
            unknown = frozenset(x.question.id for x in layers
                                if x.source == "default" and x.question.unknown == "neutral")
            self._laid_out[key] = self._scored(values, unknown, frozenset(x.question.id for x in layers
                                                                          if x.applicable))
        return self._laid_out[key]

    def quick(self, state: State, change: Mapping[str, AnswerValue]) -> bool:
        """Whether ``change`` can be applied to ``state`` by recomputing only the signals that read it: every
        answer it sets applies and shapes no other question."""
        return all(qid in state.applicable and qid not in self.shaping for qid in change)

    def extend(self, state: State, change: Mapping[str, AnswerValue]) -> State:
        """``state`` with ``change`` applied (see :meth:`quick`)."""
        values = {**state.values, **change}
        parts = list(state.parts)
        unknown = state.unknown - set(change)
        for index in sorted({i for qid in change for i in self.reads.get(qid, [])}):
            parts[index] = self._part(index, values, unknown)
        return State(values, unknown, state.applicable, tuple(parts))

    def _scored(self, values: Mapping[str, AnswerValue], unknown: frozenset[str], applicable: frozenset[str]) -> State:
        return State(values, unknown, applicable, tuple(self._part(i, values, unknown) for i in range(len(self.specs))))

    def _part(self, index: int, values: Mapping[str, AnswerValue], unknown: frozenset[str]) -> float:
        spec = self.specs[index]
        return spec.weight * (expr_strength(spec.strength, values, unknown) or 0.0)

    def verdict(self, state: State) -> Category:
        """The verdict of a state: the sums taken in signal order, exactly as :func:`raw_scores` takes them."""
        need_raised = dampened = readiness = 0.0
        for spec, part in zip(self.specs, state.parts, strict=True):
            if spec.kind == "need":
                need_raised += part
            elif spec.kind == "dampener":
                dampened += part
            else:
                readiness += part
        scores = {"need": _clamp(round(need_raised - dampened, 1)), "readiness": _clamp(round(readiness, 1))}
        return decide(self.questionnaire, state.values, scores)[0]


def find_triggers(questionnaire: Questionnaire, answers: Answers, category: Category) -> tuple[list[Trigger], str]:
    """The smallest changes of one (else two) answers that move the verdict up and down, and a note saying what
    was searched and, for a direction where nothing was found, that nothing moves it."""
    rescorer = Rescorer(questionnaire, answers)
    changes = list(_changes(questionnaire, rescorer))
    found: dict[str, list[Trigger]] = {"up": [], "down": [], "across": []}
    seen: set[str] = set()
    for change in sorted(changes, key=lambda c: (c.step, _order(questionnaire, c.question.id))):
        if change.question.id in seen or change.question.id not in rescorer.applicable:
            continue
        new = rescorer.category({change.question.id: change.value})
        direction = _direction(category, new)
        if direction and len(found[direction]) < PER_DIRECTION:
            found[direction].append(_trigger(questionnaire, rescorer.values, [change], new, direction))
            seen.add(change.question.id)
    notes = []
    for direction in ("up", "down"):
        if found[direction] or not _possible(category, direction):
            continue
        found[direction] = _pairs(questionnaire, rescorer, changes, category, direction)
        if not found[direction]:
            towards = "towards adopting a mesh" if direction == "up" else "away from adopting one"
            notes.append(f"No change of one answer, nor of two answers together, moves the verdict {towards}.")
    searched = (f"Every other value of each of the {len({c.question.id for c in changes})} answers that feed the "
                f"scores was tried, and pairs of them where no single change was enough.")
    return found["up"] + found["down"] + found["across"], " ".join([searched, *notes])


def _pairs(questionnaire: Questionnaire, rescorer: Rescorer, changes: list[Change], category: Category,
           direction: str) -> list[Trigger]:
    """Pairs of changes to two different answers that move the verdict in ``direction``, smallest first."""
    order = {q.id: i for i, q in enumerate(questionnaire.questions())}
    pairs = sorted(((a, b) for a, b in itertools.combinations(changes, 2) if a.question.id != b.question.id),
                   key=lambda p: (p[0].step + p[1].step, order[p[0].question.id]))
    firsts = {id(c): rescorer.state({c.question.id: c.value}) for c in changes}
    found: list[Trigger] = []
    used: set[str] = set()
    for a, b in pairs:
        if {a.question.id, b.question.id} & used:
            continue
        x, y = (b, a) if b.question.id in rescorer.shaping else (a, b)  # lay out a shaping change first, once
        second = {y.question.id: y.value}
        if rescorer.quick(firsts[id(x)], second):
            new = rescorer.verdict(rescorer.extend(firsts[id(x)], second))
        elif y.question.id not in rescorer.shaping:  # it does not apply there, so its answer is ignored
            new = rescorer.verdict(firsts[id(x)])
        else:
            new = rescorer.category({x.question.id: x.value, **second})
        if _direction(category, new) == direction:
            found.append(_trigger(questionnaire, rescorer.values, [a, b], new, direction))
            used |= {a.question.id, b.question.id}
            if len(found) >= PER_DIRECTION - 1:
                break
    return found


def _changes(questionnaire: Questionnaire, rescorer: Rescorer) -> Iterator[Change]:
    """Every other value of every answer that can move a score or a verdict rule (or shapes one that can)."""
    relevant = {qid for spec in questionnaire.scoring.signals for qid in expr_inputs(spec.strength)}
    relevant |= {qid for rule in questionnaire.scoring.verdict for qid in referenced_questions(rule.when)}
    for question in questionnaire.questions():
        if question.id in relevant:
            relevant |= set(referenced_questions(question.when))
    for question in questionnaire.questions():
        if question.id in relevant:
            for value, step in _values(question, rescorer.values.get(question.id)):
                yield Change(question, value, step)


def _values(question: Question, current: AnswerValue | None) -> Iterator[tuple[AnswerValue, float]]:
    """The values a question could take instead of ``current``, with how far each is from it."""
    ids = [c.id for c in question.choices]
    if question.type == "bool":
        yield (not current, 1.0)
    elif question.type == "choice":
        here = ids.index(current) if isinstance(current, str) and current in ids else 0
        yield from ((c, float(abs(i - here))) for i, c in enumerate(ids) if c != current)
    elif question.type == "multi":
        items = list(current) if isinstance(current, list) else []
        yield from (([c for c in ids if c in items or c == added], 1.0) for added in ids if added not in items)
        yield from (([c for c in items if c != removed], 1.0) for removed in items)
    else:
        number = float(current) if isinstance(current, int | float) and not isinstance(current, bool) else 0.0
        steps = sorted({*question.steps, number})
        here = steps.index(number)
        for i, step in enumerate(steps):
            if step != number and _allowed(question, step):
                yield (int(step) if question.type == "int" else step), float(abs(i - here))


def _allowed(question: Question, value: float) -> bool:
    low_ok = question.min is None or (value > question.min if question.exclusive_min else value >= question.min)
    return low_ok and (question.max is None or value <= question.max)


def statement(question: Question, value: AnswerValue) -> str:
    """The answer as a clause of a sentence: "the team's Kubernetes experience is none"."""
    if isinstance(value, bool):
        return question.statement if value else (question.statement_no or question.statement)
    return question.statement.format(value=sentence_value(question, value))


def _direction(category: Category, new: Category) -> str | None:
    if new == category:
        return None
    if RANK[new] == RANK[category]:
        return "across"
    return "up" if RANK[new] > RANK[category] else "down"


def _possible(category: Category, direction: str) -> bool:
    return RANK[category] < max(RANK.values()) if direction == "up" else RANK[category] > min(RANK.values())


def _order(questionnaire: Questionnaire, qid: str) -> int:
    return [q.id for q in questionnaire.questions()].index(qid)


def _trigger(questionnaire: Questionnaire, values: Mapping[str, AnswerValue], changes: list[Change],
             new_category: Category, direction: str) -> Trigger:
    statements = [statement(c.question, c.value) for c in changes]
    title = questionnaire.scoring.categories[new_category].title
    return Trigger(
        set={c.question.id: c.value for c in changes}, new_category=new_category,
        direction="up" if direction == "up" else "down" if direction == "down" else "across",
        change=f"If {' and '.join(statements)}, the verdict would be “{title}”.",
        changes=[AnswerChange(question=c.question.id, topic=c.question.topic,
                              from_value=display(c.question, values[c.question.id]),
                              to_value=display(c.question, c.value)) for c in changes])


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))
