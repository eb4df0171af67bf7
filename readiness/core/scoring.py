"""Transparent scoring: answers → signals → need and readiness scores → verdict. Pure functions.

Weights, mappings, explanations and verdict rules come from the questionnaire; nothing here reads files or
the clock, so the same answers always give the same result.

Unknown is not evidence (see :mod:`readiness.core.strength`); a question marked ``unknown: assumed`` keeps its
default, and the signal lists it as an assumption.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Literal

from readiness.core.conditions import describe, holds
from readiness.core.strength import decide, expr_inputs, expr_strength, raw_scores, unknown_questions
from readiness.core.triggers import find_triggers
from readiness.core.values import counted_terms, display, sentence_value
from readiness.models import (
    Answers,
    AnswerSource,
    AnswerValue,
    Expr,
    Method,
    Outcome,
    Questionnaire,
    Reason,
    Recommendation,
    Scores,
    Side,
    Signal,
    SignalSpec,
)

SOURCE_RANK: dict[AnswerSource, int] = {"default": 0, "detected": 1, "answered": 2}
TOP_REASONS = 3


@dataclass(frozen=True)
class ScoringResult:
    """Everything scoring produces for one set of answers."""

    signals: list[Signal]
    scores: Scores
    recommendation: Recommendation
    method: Method


def counted_words(expr: Expr, questionnaire: Questionnaire, values: Mapping[str, AnswerValue]) -> dict[str, str]:
    """``{<question>_counted}`` placeholders: the listed items a term counts, as people read them."""
    words: dict[str, str] = {}
    for term in counted_terms(expr):
        question = questionnaire.question(term.question)
        items = values.get(term.question)
        counted = [i for i in items if i in (term.count_of or [])] if isinstance(items, list) else []
        words[f"{term.question}_counted"] = sentence_value(question, counted)
    return words


def side_of(spec: SignalSpec, strength: float, high_band: float) -> Side:
    """The side a signal takes at this strength: raise or dampen the need (none at 0), ready or gap."""
    if spec.kind == "readiness":
        return "ready" if strength >= high_band else "gap"
    if spec.weight * strength == 0:
        return "none"
    return "raise" if spec.kind == "need" else "dampen"


def evaluate_signal(spec: SignalSpec, questionnaire: Questionnaire, answers: Answers,
                    words: Mapping[str, str] | None = None, unknown: Collection[str] | None = None) -> Signal:
    """One signal with its value, source, contribution, side and the explanation of that side.

    ``words`` are the answers as they read in sentences (computed once per assessment by :func:`score`).
    """
    values = answers.values()
    if words is None:
        words = sentence_words(questionnaire, values)
    if unknown is None:
        unknown = unknown_questions(questionnaire, answers)
    inputs = expr_inputs(spec.strength)
    found = expr_strength(spec.strength, values, unknown)
    strength = round(found or 0.0, 4)
    contribution = round(spec.weight * strength * (-1 if spec.kind == "dampener" else 1), 2) or 0.0
    side = side_of(spec, strength, questionnaire.scoring.strength_bands.high)
    sources = [answers.get(qid).source for qid in inputs]
    source = min(sources, key=lambda s: SOURCE_RANK[s])
    left_out = [qid for qid in inputs if qid in unknown]
    assumed = [qid for qid in inputs if answers.get(qid).assumed]
    shown = {qid: "unknown" if qid in unknown else display(questionnaire.question(qid), values[qid])
             for qid in inputs}
    if found is None:
        topics = ", ".join(questionnaire.question(qid).topic.lower() for qid in left_out)
        explanation = f"Not known ({topics}): neither answered nor detected, so this signal takes no side."
    else:
        explanation = explain(spec, side, strength, values, {**words, **counted_words(spec.strength, questionnaire,
                                                                                       values)})
        if assumed:
            topics = ", ".join(questionnaire.question(qid).topic.lower() for qid in assumed)
            explanation += f" (Assumed, as not answered: {topics}.)"
    return Signal(id=spec.id, name=spec.name, kind=spec.kind,
                  value="; ".join(f"{qid}: {text}" for qid, text in shown.items()),
                  inputs=inputs, source=source, weight=spec.weight, strength=strength,
                  contribution=contribution, side=side, explanation=explanation, unknown_inputs=left_out,
                  assumed_inputs=assumed)


def explain(spec: SignalSpec, side: Side, strength: float, values: Mapping[str, AnswerValue],
            words: Mapping[str, str]) -> str:
    """The first sentence of the signal's ``side`` whose condition holds (``strength`` may be tested too)."""
    for case in spec.explain:
        if case.side == side and holds(case.when, values, {"strength": strength}):
            return case.text.format_map(words)
    raise ValueError(f"signal {spec.id} has no sentence for the side '{side}'; the questionnaire check requires one")


def sentence_words(questionnaire: Questionnaire, values: Mapping[str, AnswerValue]) -> dict[str, str]:
    """Every answer as it reads inside an explanation, by question id."""
    return {q.id: sentence_value(q, values[q.id]) for q in questionnaire.questions()}


def score(questionnaire: Questionnaire, answers: Answers, contested: Collection[str] = (),
          conflicted: Mapping[str, float] | None = None) -> ScoringResult:
    """Signals, scores and recommendation for validated answers.

    ``contested`` answers (a scan contradicts them strongly) count as not known for the confidence;
    ``conflicted`` answers (the respondents disagree on them) count as known only by the share given with each.
    """
    conflicted = conflicted or {}
    values = answers.values()
    unknown = unknown_questions(questionnaire, answers)
    words = sentence_words(questionnaire, values)
    signals = [evaluate_signal(spec, questionnaire, answers, words, unknown) for spec in questionnaire.scoring.signals]
    raised = sum(s.contribution for s in signals if s.kind == "need")
    dampened = -sum(s.contribution for s in signals if s.kind == "dampener")
    score_map = raw_scores(questionnaire, values, unknown)
    confidence = _confidence(questionnaire, answers, set(contested), conflicted)
    bands = questionnaire.scoring.confidence_bands
    label: Literal["low", "medium", "high"] = (
        "high" if confidence >= bands.high * 100 else "medium" if confidence >= bands.medium * 100 else "low")
    scores = Scores(need=score_map["need"], readiness=score_map["readiness"], confidence=confidence,
                    confidence_label=label, need_raised=round(raised, 1), need_dampened=round(dampened, 1))
    category, rule_index = decide(questionnaire, values, score_map)
    rule = questionnaire.scoring.verdict[rule_index]
    text = questionnaire.scoring.categories[category]
    found, note = find_triggers(questionnaire, answers, category)
    recommendation = Recommendation(
        category=category, title=text.title, headline=text.headline,
        rule=f"{category}: {rule.reason}",
        drivers=_top(signals, "need"), dampeners=_top(signals, "dampener"),
        readiness_gaps=_gaps(signals, questionnaire), triggers=found, triggers_note=note)
    return ScoringResult(signals=signals, scores=scores, recommendation=recommendation,
                         method=method(questionnaire, conflicted))


def outcome(questionnaire: Questionnaire, answers: Answers) -> Outcome:
    """The verdict and scores of validated answers, without the rest of the assessment."""
    values = answers.values()
    scores = raw_scores(questionnaire, values, unknown_questions(questionnaire, answers))
    return Outcome(category=decide(questionnaire, values, scores)[0], need=scores["need"],
                   readiness=scores["readiness"])


def method(questionnaire: Questionnaire, conflicted: Mapping[str, float] | None = None) -> Method:
    """How the scores are computed, in words, for the report (with how answers the respondents disagree on
    count, when there are such answers)."""
    rules = []
    for rule in questionnaire.scoring.verdict:
        condition = f"when {describe(rule.when)}" if rule.when else "otherwise"
        rules.append(f"{rule.category} {condition} — {rule.reason}")
    return Method(
        description=questionnaire.scoring.method.strip(),
        need_formula="need = clamp(Σ weight × strength over need signals − Σ weight × strength over dampeners, 0, 100)",
        readiness_formula="readiness = Σ weight × strength over readiness signals (weights add up to 100)",
        confidence_formula="confidence = Σ weight × (share of the signal's inputs answered or detected, and not "
                           "contradicted by the scan) / Σ weight" + _conflict_clause(conflicted or {}),
        verdict_rules=rules)


def _conflict_clause(conflicted: Mapping[str, float]) -> str:
    """How answers the respondents disagree on count, in the confidence formula (nothing without any)."""
    credits = sorted(set(conflicted.values()))
    if not credits:
        return ""
    shares = " or ".join(f"{c:g}" for c in credits)
    return f"; an input the respondents answered differently counts {shares} of an agreed one"


def _confidence(questionnaire: Questionnaire, answers: Answers, contested: set[str],
                conflicted: Mapping[str, float]) -> float:
    """The share of the scoring weight that rests on answers given or detected (and not contested; an answer the
    respondents disagree on counts by its share)."""
    total = covered = 0.0
    for spec in questionnaire.scoring.signals:
        inputs = expr_inputs(spec.strength)
        known = sum(conflicted.get(qid, 1.0) for qid in inputs
                    if answers.get(qid).source != "default" and qid not in contested)
        total += spec.weight
        covered += spec.weight * known / len(inputs)
    return round(100 * covered / total, 1) if total else 0.0


def _top(signals: list[Signal], kind: str) -> list[Reason]:
    chosen = sorted((s for s in signals if s.kind == kind and s.contribution != 0),
                    key=lambda s: (-abs(s.contribution), s.id))
    return [Reason(signal=s.id, text=s.explanation, contribution=s.contribution) for s in chosen[:TOP_REASONS]]


def _gaps(signals: list[Signal], questionnaire: Questionnaire) -> list[Reason]:
    gaps = sorted((s for s in signals if s.kind == "readiness" and s.side == "gap"),
                  key=lambda s: (-(s.weight - s.contribution), s.id))
    return [Reason(signal=s.id, text=s.explanation, contribution=round(s.contribution - s.weight, 2))
            for s in gaps[:TOP_REASONS]]
