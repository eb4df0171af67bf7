"""Reading what people type: numbers (checked by :func:`readiness.core.values.coerce`), dates, short text. Pure."""

from __future__ import annotations

import datetime as dt
import re

from readiness.core.values import coerce
from readiness.models import AnswerValue, Question

MAX_NAME_CHARS = 200
"""Engagement fields (client, assessor) are limited like the answers file's model."""


def expected_number(question: Question) -> str:
    """What a number question accepts, in words: ``a whole number from 0 to 100000``."""
    kind = "a whole number" if question.type == "int" else "a number"
    low, high = question.min, question.max
    if low is not None and question.exclusive_min:
        text = f"{kind} greater than {low:g}"
        return f"{text} and at most {high:g}" if high is not None else text
    if low is not None and high is not None:
        return f"{kind} from {low:g} to {high:g}"
    if low is not None:
        return f"{kind} of at least {low:g}"
    if high is not None:
        return f"{kind} of at most {high:g}"
    return kind


def parse_number(question: Question, text: str) -> tuple[AnswerValue | None, str | None]:
    """A typed number for an int/number question, or a message saying what is expected.

    Accepts thousands separators (``1,200``, ``1_200``, ``1 200``) and the question's unit after
    the number (``50 ms``). The range is checked by :func:`readiness.core.values.coerce`.
    """
    cleaned = text.strip()
    if question.unit:
        cleaned = re.sub(rf"\s*{re.escape(question.unit)}$", "", cleaned, flags=re.IGNORECASE)
    cleaned = re.sub(r"(?<=\d)[,_ ](?=\d{3}\b)", "", cleaned)
    if not cleaned:
        return None, f"Type {expected_number(question)}."
    number: int | float
    try:
        number = int(cleaned)
    except ValueError:
        try:
            number = float(cleaned)
        except ValueError:
            return None, f"'{text.strip()[:40]}' is not a number; type {expected_number(question)}."
    value, problem = coerce(question, number)
    if problem is not None:
        return None, f"{problem[:1].upper()}{problem[1:]}."
    return value, None


def parse_date(text: str) -> tuple[AnswerValue | None, str | None]:
    """An ISO date (``2026-11-02``) as text, or a message."""
    cleaned = text.strip()
    try:
        return dt.date.fromisoformat(cleaned).isoformat(), None
    except ValueError:
        return None, f"'{cleaned[:40]}' is not a date; type it as YYYY-MM-DD, e.g. 2026-11-02."


def parse_name(text: str) -> tuple[AnswerValue | None, str | None]:
    """A short name (client, assessor): trimmed, one line, at most :data:`MAX_NAME_CHARS` characters."""
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_NAME_CHARS:
        return None, f"That is {len(cleaned)} characters; keep it to {MAX_NAME_CHARS}."
    return cleaned, None
