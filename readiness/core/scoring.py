"""Transparent scoring: answers → signals → need and readiness scores → verdict. Pure functions.

Weights, mappings, verdict rules and levers all come from the questionnaire; nothing here reads
files or the clock, so the same answers always give the same result.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from readiness.core.conditions import describe, holds
from readiness.core.values import counted_terms, display, sentence_value
from readiness.models import (
    AnswerChange,
    Answers,
    AnswerSource,
    AnswerValue,
    Category,
    Expr,
    Lever,
    Method,
    Questionnaire,
    Reason,
    Recommendation,
    Scores,
    Signal,
    SignalSpec,
    Term,
    Trigger,
)

SOURCE_RANK: dict[AnswerSource, int] = {"default": 0, "detected": 1, "answered": 2}
TOP_REASONS = 3
MAX_TRIGGERS = 6
PAIR_DEPTH = 6
"""How many candidates per lever the pair search tries."""
MAX_COMBINED_STEPS = 6
GREEDY_TARGET: dict[str, str] = {"not_yet": "need", "prepare_first": "readiness"}
"""Verdicts that always name a trigger, and the score that moves them."""


@dataclass(frozen=True)
class ScoringResult:
    """Everything scoring produces for one set of answers."""

    signals: list[Signal]
    scores: Scores
    recommendation: Recommendation
    method: Method


def piecewise(points: list[tuple[float, float]], x: float) -> float:
    """Linear interpolation between points, flat beyond the ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def term_strength(term: Term, values: Mapping[str, AnswerValue]) -> float:
    """The strength in [0, 1] one term gives the answers."""
    value = values.get(term.question)
    if term.measure in ("count", "share"):
        items = value if isinstance(value, list) else []
        counted = [i for i in items if term.count_of is None or i in term.count_of]
        x: float = len(counted) if term.measure == "count" else (len(counted) / len(items) if items else 0.0)
        return _clamp01(piecewise(term.points or [(0, 0)], x))
    if term.map is not None:
        key = ("true" if value else "false") if isinstance(value, bool) else str(value)
        return _clamp01(term.map.get(key, 0.0))
    number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
    return _clamp01(piecewise(term.points or [(0, 0)], number))


def expr_strength(expr: Expr, values: Mapping[str, AnswerValue]) -> float:
    """The strength in [0, 1] of a (possibly combined) expression."""
    if expr.term is not None:
        return term_strength(expr.term, values)
    parts = [(expr_strength(sub, values), sub.weight) for sub in expr.terms or []]
    if expr.combine == "max":
        return max(s for s, _ in parts)
    if expr.combine == "min":
        return min(s for s, _ in parts)
    if expr.combine == "product":
        result = 1.0
        for s, _ in parts:
            result *= s
        return result
    total = sum(w for _, w in parts)
    return sum(s * w for s, w in parts) / total


def counted_words(expr: Expr, questionnaire: Questionnaire, values: Mapping[str, AnswerValue]) -> dict[str, str]:
    """``{<question>_counted}`` placeholders: the listed items a term counts, as people read them."""
    words: dict[str, str] = {}
    for term in counted_terms(expr):
        question = questionnaire.question(term.question)
        items = values.get(term.question)
        counted = [i for i in items if i in (term.count_of or [])] if isinstance(items, list) else []
        words[f"{term.question}_counted"] = display(question, counted)
    return words


def expr_inputs(expr: Expr) -> list[str]:
    """The questions an expression reads, in order, without repeats."""
    if expr.term is not None:
        return [expr.term.question]
    seen: list[str] = []
    for sub in expr.terms or []:
        for qid in expr_inputs(sub):
            if qid not in seen:
                seen.append(qid)
    return seen


def raw_scores(questionnaire: Questionnaire, values: Mapping[str, AnswerValue], *,
               clamp: bool = True) -> dict[str, float]:
    """Need and readiness for plain values (used for the verdict and for 'what would change it').

    ``clamp=False`` keeps a need below zero, so progress towards zero is visible too.
    """
    need_raised = dampened = readiness = 0.0
    for spec in questionnaire.scoring.signals:
        contribution = spec.weight * expr_strength(spec.strength, values)
        if spec.kind == "need":
            need_raised += contribution
        elif spec.kind == "dampener":
            dampened += contribution
        else:
            readiness += contribution
    if not clamp:
        return {"need": need_raised - dampened, "readiness": readiness}
    return {"need": _clamp(round(need_raised - dampened, 1)), "readiness": _clamp(round(readiness, 1))}


def decide(questionnaire: Questionnaire, values: Mapping[str, AnswerValue],
           scores: Mapping[str, float]) -> tuple[Category, int]:
    """The category of the first verdict rule that matches, and that rule's index."""
    for index, rule in enumerate(questionnaire.scoring.verdict):
        if holds(rule.when, values, scores):
            return rule.category, index
    raise ValueError("no verdict rule matched; the questionnaire's last rule must be a fallback")


def evaluate_signal(spec: SignalSpec, questionnaire: Questionnaire, answers: Answers,
                    words: Mapping[str, str] | None = None) -> Signal:
    """One signal with its value, source, contribution and explanation.

    ``words`` are the answers as they read in sentences (computed once per assessment by :func:`score`).
    """
    values = answers.values()
    if words is None:
        words = sentence_words(questionnaire, values)
    inputs = expr_inputs(spec.strength)
    strength = round(expr_strength(spec.strength, values), 4)
    contribution = round(spec.weight * strength * (-1 if spec.kind == "dampener" else 1), 2) or 0.0
    sources = [answers.get(qid).source for qid in inputs]
    source = min(sources, key=lambda s: SOURCE_RANK[s])
    shown = {qid: display(questionnaire.question(qid), values[qid]) for qid in inputs}
    bands = questionnaire.scoring.strength_bands
    band = "high" if strength >= bands.high else "medium" if strength >= bands.medium else "low"
    explanation = getattr(spec.explain, band).format_map(
        {**words, **counted_words(spec.strength, questionnaire, values)})
    return Signal(id=spec.id, name=spec.name, kind=spec.kind,
                  value="; ".join(f"{qid}: {text}" for qid, text in shown.items()),
                  inputs=inputs, source=source, weight=spec.weight, strength=strength,
                  contribution=contribution, explanation=explanation)


def sentence_words(questionnaire: Questionnaire, values: Mapping[str, AnswerValue]) -> dict[str, str]:
    """Every answer as it reads inside an explanation, by question id."""
    return {q.id: sentence_value(q, values[q.id]) for q in questionnaire.questions()}


def score(questionnaire: Questionnaire, answers: Answers) -> ScoringResult:
    """Signals, scores and recommendation for validated answers."""
    values = answers.values()
    words = sentence_words(questionnaire, values)
    signals = [evaluate_signal(spec, questionnaire, answers, words) for spec in questionnaire.scoring.signals]
    raised = sum(s.contribution for s in signals if s.kind == "need")
    dampened = -sum(s.contribution for s in signals if s.kind == "dampener")
    score_map = raw_scores(questionnaire, values)
    confidence = _confidence(questionnaire, answers)
    bands = questionnaire.scoring.confidence_bands
    label: Literal["low", "medium", "high"] = (
        "high" if confidence >= bands.high * 100 else "medium" if confidence >= bands.medium * 100 else "low")
    scores = Scores(need=score_map["need"], readiness=score_map["readiness"], confidence=confidence,
                    confidence_label=label, need_raised=round(raised, 1), need_dampened=round(dampened, 1))
    category, rule_index = decide(questionnaire, values, score_map)
    rule = questionnaire.scoring.verdict[rule_index]
    text = questionnaire.scoring.categories[category]
    recommendation = Recommendation(
        category=category, title=text.title, headline=text.headline,
        rule=f"{category}: {rule.reason}",
        drivers=_top(signals, "need"), dampeners=_top(signals, "dampener"),
        readiness_gaps=_gaps(signals, questionnaire),
        triggers=triggers(questionnaire, values, category))
    return ScoringResult(signals=signals, scores=scores, recommendation=recommendation,
                         method=method(questionnaire))


def triggers(questionnaire: Questionnaire, values: Mapping[str, AnswerValue], category: Category) -> list[Trigger]:
    """Concrete answer changes that would move the verdict, found by re-scoring the levers' candidates.

    First each lever alone (its smallest change that flips the verdict); when fewer than two single
    changes flip it, pairs of levers are tried, smallest changes first. When neither flips a ``not_yet``
    or ``prepare_first`` verdict, the smallest steps that raise the need (or readiness) most are
    combined until the verdict moves, so those verdicts always name what to watch for.
    """
    options = [(lever, _lever_candidates(lever, values.get(lever.question)))
               for lever in questionnaire.scoring.levers]
    found: list[Trigger] = []
    smaller: list[tuple[Lever, list[AnswerValue]]] = []
    for lever, candidates in options:
        for index, candidate in enumerate(candidates):
            new = _flips(questionnaire, values, category, {lever.question: candidate})
            if new:
                found.append(_trigger(questionnaire, values, [(lever, candidate)], new))
                candidates = candidates[:index]
                break
        smaller.append((lever, candidates))
    if len(found) < 2:
        # in pairs, a lever that flips the verdict alone is only tried with smaller changes
        found.extend(_pair_triggers(questionnaire, values, category, smaller, MAX_TRIGGERS - len(found)))
    if not found and category in GREEDY_TARGET:
        found.extend(_combined_trigger(questionnaire, values, category))
    return found[:MAX_TRIGGERS]


def _combined_trigger(questionnaire: Questionnaire, values: Mapping[str, AnswerValue],
                      category: Category) -> list[Trigger]:
    """Greedy: take the smallest lever step that raises the target score most, until the verdict moves."""
    target = GREEDY_TARGET[category]
    levers = {lever.question: lever for lever in questionnaire.scoring.levers}
    current = dict(values)
    chosen: dict[str, AnswerValue] = {}
    for _ in range(MAX_COMBINED_STEPS):
        base = raw_scores(questionnaire, current, clamp=False)[target]
        best: tuple[float, str, AnswerValue] | None = None
        for qid, lever in levers.items():
            candidates = _lever_candidates(lever, current.get(qid))
            if not candidates:
                continue
            gain = raw_scores(questionnaire, {**current, qid: candidates[0]}, clamp=False)[target] - base
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, qid, candidates[0])
        if best is None:
            return []
        _, qid, value = best
        current[qid] = chosen[qid] = value
        new = _flips(questionnaire, values, category, chosen)
        if new:
            return [_trigger(questionnaire, values, [(levers[q], v) for q, v in chosen.items()], new)]
    return []


def _pair_triggers(questionnaire: Questionnaire, values: Mapping[str, AnswerValue], category: Category,
                   options: list[tuple[Lever, list[AnswerValue]]], limit: int) -> list[Trigger]:
    """Pairs of lever changes that flip the verdict together, the smallest changes first."""
    found: list[Trigger] = []
    used: set[str] = set()
    for i, (lever_a, cands_a) in enumerate(options):
        for lever_b, cands_b in options[i + 1:]:
            if lever_a.question == lever_b.question or {lever_a.question, lever_b.question} & used:
                continue
            steps = sorted((ia + ib, ia, ib) for ia in range(min(len(cands_a), PAIR_DEPTH))
                            for ib in range(min(len(cands_b), PAIR_DEPTH)))
            for _, ia, ib in steps:
                change = {lever_a.question: cands_a[ia], lever_b.question: cands_b[ib]}
                new = _flips(questionnaire, values, category, change)
                if new:
                    found.append(_trigger(questionnaire, values,
                                          [(lever_a, cands_a[ia]), (lever_b, cands_b[ib])], new))
                    used |= {lever_a.question, lever_b.question}
                    break
            if len(found) >= limit:
                return found
    return found


def _flips(questionnaire: Questionnaire, values: Mapping[str, AnswerValue], category: Category,
           change: Mapping[str, AnswerValue]) -> Category | None:
    changed = {**values, **change}
    new_category, _ = decide(questionnaire, changed, raw_scores(questionnaire, changed))
    return new_category if new_category != category else None


def _trigger(questionnaire: Questionnaire, values: Mapping[str, AnswerValue],
             changes: list[tuple[Lever, AnswerValue]], new_category: Category) -> Trigger:
    parts: list[AnswerChange] = []
    words: list[str] = []
    for lever, candidate in changes:
        question = questionnaire.question(lever.question)
        current = values.get(lever.question)
        count = len(candidate) if isinstance(candidate, list) else 0
        shown = "" if isinstance(candidate, list) else sentence_value(question, candidate)
        words.append(lever.text.format(value=shown, count=count))
        parts.append(AnswerChange(question=lever.question,
                                  from_value=display(question, current) if current is not None else "unanswered",
                                  to_value=display(question, candidate)))
    change = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return Trigger(change=change, changes=parts, new_category=new_category)


def _lever_candidates(lever: Lever, current: AnswerValue | None) -> list[AnswerValue]:
    """Candidate values past the current one; for lists, one added item at a time."""
    if lever.add:
        items = list(current) if isinstance(current, list) else []
        grown: list[AnswerValue] = []
        for item in lever.add:
            if item not in items:
                items = [*items, item]
                grown.append(list(items))
        return grown
    candidates: list[AnswerValue] = list(lever.candidates)
    if lever.direction == "any":
        return [c for c in candidates if not (c == current and type(c) is type(current))]
    if isinstance(current, int | float) and not isinstance(current, bool):
        return [c for c in candidates if isinstance(c, int | float) and not isinstance(c, bool) and c > current]
    for index, c in enumerate(candidates):
        if c == current and type(c) is type(current):
            return candidates[index + 1:]
    return candidates


def method(questionnaire: Questionnaire) -> Method:
    """How the scores are computed, in words, for the report."""
    rules = []
    for rule in questionnaire.scoring.verdict:
        condition = f"when {describe(rule.when)}" if rule.when else "otherwise"
        rules.append(f"{rule.category} {condition} — {rule.reason}")
    return Method(
        description=questionnaire.scoring.method.strip(),
        need_formula="need = clamp(Σ weight × strength over need signals − Σ weight × strength over dampeners, 0, 100)",
        readiness_formula="readiness = Σ weight × strength over readiness signals (weights add up to 100)",
        confidence_formula="confidence = Σ weight × (share of the signal's inputs answered or detected) / Σ weight",
        verdict_rules=rules)


def _confidence(questionnaire: Questionnaire, answers: Answers) -> float:
    total = covered = 0.0
    for spec in questionnaire.scoring.signals:
        inputs = expr_inputs(spec.strength)
        known = sum(1 for qid in inputs if answers.get(qid).source != "default")
        total += spec.weight
        covered += spec.weight * known / len(inputs)
    return round(100 * covered / total, 1) if total else 0.0


def _top(signals: list[Signal], kind: str) -> list[Reason]:
    chosen = sorted((s for s in signals if s.kind == kind and s.contribution != 0),
                    key=lambda s: (-abs(s.contribution), s.id))
    return [Reason(signal=s.id, text=s.explanation, contribution=s.contribution) for s in chosen[:TOP_REASONS]]


def _gaps(signals: list[Signal], questionnaire: Questionnaire) -> list[Reason]:
    high = questionnaire.scoring.strength_bands.high
    gaps = sorted((s for s in signals if s.kind == "readiness" and s.strength < high),
                  key=lambda s: (-(s.weight - s.contribution), s.id))
    return [Reason(signal=s.id, text=s.explanation, contribution=round(s.contribution - s.weight, 2))
            for s in gaps[:TOP_REASONS]]


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def _clamp01(x: float) -> float:
    return max(0.0, min(1.0, x))
