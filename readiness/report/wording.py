"""Filling the report's words from ``text.yaml``: ``$name`` placeholders, labels looked up by id, plurals, dates.

Every label a reader sees lives in ``text.yaml`` (so ``--templates DIR`` can reword it); the builders of
the report content use these helpers to put numbers and names into it. A sentence names only facts that are
known: :func:`fill_first` picks the first wording whose placeholders all have a value, so a sentence about a
date, a data plane or a review is never printed without it. Pure.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Mapping, Sequence
from typing import Any


def fill(template: str, **values: object) -> str:
    """Fill ``$name`` placeholders of a text.yaml sentence (string.Template: no attribute access)."""
    return string.Template(template).safe_substitute({k: str(v) for k, v in values.items()})


def placeholders(template: str) -> set[str]:
    """The ``$name`` placeholders of a sentence."""
    return {m.group("named") or m.group("braced") for m in string.Template.pattern.finditer(template)
            if m.group("named") or m.group("braced")}


def fill_first(templates: str | Sequence[str], **values: object) -> str:
    """The first wording whose placeholders all have a value (not None, not empty), filled; empty when none has.

    This is how a sentence gets its precondition: text.yaml lists the wordings from the most specific (naming a
    data plane, a date, a review) to the most general, and a fact that is not known rules out every wording that
    would state it."""
    known = {k: v for k, v in values.items() if v is not None and v != ""}
    for template in [templates] if isinstance(templates, str) else templates:
        if placeholders(template) <= known.keys():
            return fill(template, **known)
    return ""


def label(labels: Mapping[str, Any], key: str) -> str:
    """The label of an id (``needs_attention`` → ``needs attention``); an id text.yaml lacks is shown readably."""
    found = labels.get(key)
    return str(found) if found is not None else key.replace("_", " ")


def plural(count: float, one: str, many: str) -> str:
    """``1 week``, ``2 weeks``, ``1.5 weeks``: the count with the word it takes (text.yaml gives both words)."""
    shown = f"{count:,.0f}" if float(count).is_integer() else f"{count:,.1f}"
    return f"{shown} {one if shown == '1' else many}"


def span(low: int, high: int, one: str, many: str) -> str:
    """``8–16 weeks``, ``1–2 weeks``, ``1 week``: a range with the word its upper end takes."""
    if low == high:
        return plural(low, one, many)
    return f"{low}–{plural(high, one, many)}"


def long_date(value: dt.date, months: Sequence[str]) -> str:
    """``20 November 2026``: unambiguous in every locale (the month names come from text.yaml)."""
    return f"{value.day} {months[value.month - 1]} {value.year}"


def date_range(start: dt.date, end: dt.date, months: Sequence[str]) -> str:
    """``2–22 November 2026``; ``15 January – 6 May 2027``; ``1 December 2027 – 6 May 2028``; one date when both
    are the same day."""
    if start == end:
        return long_date(end, months)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end, months)}"
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]} – {long_date(end, months)}"
    return f"{long_date(start, months)} – {long_date(end, months)}"


def month_label(value: dt.date, months: Sequence[str]) -> str:
    """``Jan 2027``: an axis label (the first three letters of text.yaml's month name)."""
    return f"{months[value.month - 1][:3]} {value.year}"


def join_words(items: Sequence[str], and_word: str) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {and_word} {items[-1]}"
