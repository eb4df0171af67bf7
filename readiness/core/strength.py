"""Strengths and scores: how answers map to each signal's strength, the need and readiness scores and the
verdict rule that matches. Pure functions, shared by scoring, the trigger search and the plan.

Unknown is not evidence: a question neither answered nor detected whose questionnaire entry says
``unknown: neutral`` drops out of every signal that reads it. A term of a ``max``, ``min`` or ``mean`` is left
out; in a ``product`` the first factor is the evidence (unknown, the product is unknown) and an unknown later
factor, which only scales it, counts as 1. A signal left with nothing takes no side and counts 0.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping

from readiness.core.conditions import holds
from readiness.models import Answers, AnswerValue, Category, Expr, Questionnaire, Term


def piecewise(points: list[tuple[float, float]], x: float) -> float:
    """Linear interpolation between points, flat beyond the ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return points[-1][1]


def unknown_questions(questionnaire: Questionnaire, answers: Answers) -> frozenset[str]:
    """The questions that are neither answered nor detected and count as unknown (``unknown: neutral``)."""
    return frozenset(item.id for item in answers.items if item.source == "default"
                     and questionnaire.question(item.id).unknown == "neutral")


def term_strength(term: Term, values: Mapping[str, AnswerValue],
                  unknown: Collection[str] = frozenset()) -> float | None:
    """The strength in [0, 1] one term gives the answers; None when its question is unknown."""
    if term.question in unknown:
        return None
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


def expr_strength(expr: Expr, values: Mapping[str, AnswerValue],
                  unknown: Collection[str] = frozenset()) -> float | None:
    """The strength in [0, 1] of a (possibly combined) expression; None when nothing in it is known."""
    if expr.term is not None:
        return term_strength(expr.term, values, unknown)
    found = [(expr_strength(sub, values, unknown), sub.weight) for sub in expr.terms or []]
    if expr.combine == "product" and found and found[0][0] is None:
        return None  # the first factor is the evidence; the others only scale it
    parts = [(s, w) for s, w in found if s is not None]
    if not parts:
        return None
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


def raw_scores(questionnaire: Questionnaire, values: Mapping[str, AnswerValue],
               unknown: Collection[str] = frozenset(), *, clamp: bool = True) -> dict[str, float]:
    """Need and readiness for plain values (used for the verdict and for what would change it).

    ``clamp=False`` keeps a need below zero, so progress towards zero is visible too.
    """
    need_raised = dampened = readiness = 0.0
    for spec in questionnaire.scoring.signals:
        contribution = spec.weight * (expr_strength(spec.strength, values, unknown) or 0.0)
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


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def _clamp01(x: float) -> float:
    return max(0.0, min(1.0, x))
