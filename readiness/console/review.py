"""The interview's review table as lines of text that fit the terminal width: number, question id, answer,
source. Pure."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Literal

LineKind = Literal["title", "heading", "row", "note"]

SOURCE_WIDTH = 8
MIN_WIDTH = 60


@dataclass(frozen=True)
class ReviewRow:
    """One answer in the review table."""

    number: int
    question_id: str
    section_title: str
    prompt: str
    answer: str
    source: str


@dataclass(frozen=True)
class ReviewTable:
    """The answers as reviewed before saving."""

    rows: tuple[ReviewRow, ...]
    not_applicable: tuple[str, ...] = field(default=())
    """Prompts of follow-up questions that do not apply with these answers."""


def review_lines(table: ReviewTable, width: int = 80) -> list[tuple[LineKind, str]]:
    """The review table: a title, a heading per section, one row (or more, wrapped) per answer."""
    width = max(MIN_WIDTH, width)
    number_width = len(str(len(table.rows))) if table.rows else 1
    fixed = 2 + number_width + 2 + 2 + 2 + SOURCE_WIDTH
    room = width - fixed - 1
    question_width = min(max((len(r.question_id) for r in table.rows), default=8), room // 2)
    answer_width = room - question_width
    lines: list[tuple[LineKind, str]] = [
        ("title", f"Your answers ({len(table.rows)}), by question id; source: answered, detected or default")]
    section = None
    for row in table.rows:
        if row.section_title != section:
            section = row.section_title
            lines.append(("heading", section))
        answer = textwrap.wrap(row.answer, answer_width) or [""]
        prompt = _shorten(row.question_id, question_width)
        first = (f"  {row.number:>{number_width}}  {prompt:<{question_width}}  {answer[0]:<{answer_width}}"
                 f"  {row.source}")
        lines.append(("row", first.rstrip()))
        indent = " " * (2 + number_width + 2 + question_width + 2)
        lines.extend(("row", indent + more) for more in answer[1:])
    if table.not_applicable:
        text = "Not asked, as they do not apply: " + "; ".join(table.not_applicable)
        lines.extend(("note", line) for line in textwrap.wrap(text, width - 1))
    return lines


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
