"""Evaluating declarative conditions (``when``) against answers and scores. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from readiness.models import AnswerValue, Clause, Condition


def holds(condition: Condition | None, values: Mapping[str, AnswerValue],
          scores: Mapping[str, float] | None = None) -> bool:
    """Whether a condition holds; no condition always holds. Missing answers never match a clause."""
    if condition is None:
        return True
    if condition.all is not None:
        return all(holds(c, values, scores) for c in condition.all)
    if condition.any is not None:
        return any(holds(c, values, scores) for c in condition.any)
    assert condition.clause is not None
    return clause_holds(condition.clause, values, scores or {})


def clause_holds(clause: Clause, values: Mapping[str, AnswerValue], scores: Mapping[str, float]) -> bool:
    """Whether every test of one clause holds."""
    if clause.score is not None:
        if clause.score not in scores:
            return False
        value: AnswerValue = scores[clause.score]
    else:
        assert clause.question is not None
        if clause.question not in values:
            return False
        value = values[clause.question]
    checks: list[bool] = []
    if clause.equals is not None:
        checks.append(_same(value, clause.equals))
    if clause.not_equals is not None:
        checks.append(not _same(value, clause.not_equals))
    if clause.in_ is not None:
        checks.append(isinstance(value, str) and value in clause.in_)
    if clause.contains is not None:
        checks.append(isinstance(value, list) and clause.contains in value)
    if clause.not_empty is not None:
        checks.append(isinstance(value, list) and (len(value) > 0) == clause.not_empty)
    number = _number(value)
    bounds = (clause.gt, clause.gte, clause.lt, clause.lte)
    if any(b is not None for b in bounds):
        checks.append(number is not None and _within(number, *bounds))
    return all(checks)


def referenced_questions(condition: Condition | None) -> list[str]:
    """Question ids a condition reads, in order of appearance."""
    if condition is None:
        return []
    if condition.clause is not None:
        return [condition.clause.question] if condition.clause.question else []
    found: list[str] = []
    for sub in condition.all or condition.any or []:
        found.extend(referenced_questions(sub))
    return found


def describe(condition: Condition | None) -> str:
    """The condition in words, for help text and reports."""
    if condition is None:
        return "always"
    if condition.all is not None:
        return " and ".join(describe(c) for c in condition.all)
    if condition.any is not None:
        return "(" + " or ".join(describe(c) for c in condition.any) + ")"
    c = condition.clause
    assert c is not None
    subject = c.question or f"{c.score} score"
    parts: list[str] = []
    for word, bound in (("is", c.equals), ("is not", c.not_equals), ("is one of", c.in_),
                        ("includes", c.contains), (">", c.gt), ("≥", c.gte), ("<", c.lt), ("≤", c.lte)):
        if bound is not None:
            shown = ", ".join(bound) if isinstance(bound, list) else _text(bound)
            parts.append(f"{subject} {word} {shown}")
    if c.not_empty is not None:
        parts.append(f"{subject} is {'not ' if c.not_empty else ''}empty")
    return " and ".join(parts)


def _within(x: float, gt: float | None, gte: float | None, lt: float | None, lte: float | None) -> bool:
    return ((gt is None or x > gt) and (gte is None or x >= gte)
            and (lt is None or x < lt) and (lte is None or x <= lte))


def _same(value: AnswerValue, expected: bool | int | float | str) -> bool:
    if isinstance(expected, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(expected, bool) and value == expected
    return value == expected


def _number(value: AnswerValue) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return float(len(value))
    return None


def _text(value: bool | int | float | str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)
