"""Answer values: coercion to a question's type, aliases, defaults and display. Pure."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from readiness.core.conditions import holds
from readiness.errors import HUGE, describe, did_you_mean
from readiness.models import AnswerValue, Expr, Question, Term


def default_value(question: Question, earlier: Mapping[str, AnswerValue]) -> AnswerValue:
    """The default of a question, given the answers before it: the first ``default_when`` that holds, else
    ``default_from``, else ``default``."""
    for conditional in question.default_when:
        if holds(conditional.when, earlier):
            value = conditional.value
            return list(value) if isinstance(value, list) else value
    if question.default_from is not None and question.default_from in earlier:
        value = earlier[question.default_from]
        coerced, problem = coerce(question, value)
        if problem is None and coerced is not None:
            return coerced
    if question.default is None:
        return [] if question.type == "multi" else 0
    return list(question.default) if isinstance(question.default, list) else question.default


def normalise_token(text: str) -> str:
    """Lower-case, trimmed, with spaces and dashes as underscores: how choices are compared."""
    return text.strip().lower().replace("-", "_").replace(" ", "_")


def choice_lookup(question: Question) -> dict[str, str]:
    """Every accepted spelling of a question's choices → the choice id."""
    lookup: dict[str, str] = {}
    for choice in question.choices:
        lookup[normalise_token(choice.id)] = choice.id
        for alias in choice.aliases:
            lookup[normalise_token(alias)] = choice.id
    return lookup


def coerce(question: Question, raw: Any) -> tuple[AnswerValue | None, str | None]:
    """A raw value as the question's type, or a message saying what was expected."""
    kind = question.type
    if kind == "bool":
        if isinstance(raw, bool):
            return raw, None
        return None, f"expected true or false, found {describe(raw)}"
    if kind in ("int", "number"):
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            expected = "a whole number" if kind == "int" else "a number"
            return None, f"expected {expected}, found {describe(raw)}{_number_hint(raw)}"
        if isinstance(raw, int) and abs(raw) > HUGE:  # too large to format or to turn into a float
            limit = question.max if raw > 0 else question.min
            side = "at most" if raw > 0 else "at least"
            return None, (f"expected {side} {limit:g}, found a number with more than {len(str(HUGE))} digits"
                          if limit is not None else "expected a number of reasonable size")
        if isinstance(raw, float) and not math.isfinite(raw):
            return None, f"expected a finite number, found {raw}"
        if kind == "int" and isinstance(raw, float):
            if not raw.is_integer():
                return None, f"expected a whole number, found {raw:g}"
            raw = int(raw)
        low, high = question.min, question.max
        if low is not None and (raw < low or (question.exclusive_min and raw == low)):
            bound = f"greater than {low:g}" if question.exclusive_min else f"at least {low:g}"
            return None, f"expected {bound}, found {raw:g}"
        if high is not None and raw > high:
            return None, f"expected at most {high:g}, found {raw:g}"
        return (int(raw) if kind == "int" else float(raw)), None
    lookup = choice_lookup(question)
    ids = [c.id for c in question.choices]
    if kind == "choice":
        if not isinstance(raw, str):
            return None, f"expected one of {', '.join(ids)}, found {describe(raw)}"
        found = lookup.get(normalise_token(raw))
        if found is None:
            return None, (f"unknown value '{raw}'{did_you_mean(normalise_token(raw), lookup)}; "
                          f"expected one of {', '.join(ids)}")
        return found, None
    if not isinstance(raw, list):
        return None, f"expected a list of {', '.join(ids)}, found {describe(raw)}"
    chosen: set[str] = set()
    for item in raw:
        if not isinstance(item, str):
            return None, f"expected a list of names, found {describe(item)} in it"
        found = lookup.get(normalise_token(item))
        if found is None:
            return None, (f"unknown value '{item}'{did_you_mean(normalise_token(item), lookup)}; "
                          f"expected any of {', '.join(ids)}")
        chosen.add(found)
    return [i for i in ids if i in chosen], None


def display(question: Question, value: AnswerValue) -> str:
    """A value as people read it (labels for choices, yes/no for bools)."""
    labels = {c.id: c.label for c in question.choices}
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value) if value else "none"
    if isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    unit = question.unit_one if value == 1 and question.unit_one else question.unit
    return f"{value}{' ' + unit if unit else ''}"


def sentence_value(question: Question, value: AnswerValue) -> str:
    """A value as it reads inside a sentence: a choice's ``words`` (else its id in words), list labels."""
    words = {c.id: c.words for c in question.choices if c.words}
    if isinstance(value, str):
        return words.get(value) or value.replace("_", " ")
    if isinstance(value, list) and value and any(v in words for v in value):
        labels = {c.id: c.label for c in question.choices}
        return ", ".join(words.get(v) or labels.get(v, v) for v in value)
    return display(question, value)


def _number_hint(raw: Any) -> str:
    """For numbers YAML read as text (``1.0e30`` needs a sign in the exponent in YAML 1.1)."""
    if isinstance(raw, str):
        try:
            float(raw)
        except ValueError:
            return ""
        return " (write it as a plain number, e.g. 1.0e+30 rather than 1.0e30, without quotes)"
    return ""


def counted_terms(expr: Expr) -> list[Term]:
    """The terms of a strength expression that count a subset of a list (``count_of``)."""
    if expr.term is not None:
        return [expr.term] if expr.term.count_of is not None else []
    return [t for sub in expr.terms or [] for t in counted_terms(sub)]
