""""Where your people disagree": the questions several respondents answered differently, each person's answer,
the one used and why; and the sentence that tells the reader how those answers weigh on the confidence.

Shown only when the Assessment holds conflicts (``readiness assess A B C``). Names people by their name and role
title, or by the answers file's name when the file names no one. Pure; words from ``text.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.models.respondents import RespondentEntry
from readiness.report.wording import fill, join_words


@dataclass(frozen=True)
class PersonAnswer:
    """One person's answer to a question the respondents disagree on."""

    person: str
    answer: str
    used: bool


@dataclass(frozen=True)
class ConflictView:
    """A question in plain words, each person's answer, the one used and why."""

    question: str
    section: str
    answers: list[PersonAnswer]
    used: str
    why: str
    confidence: str
    """How much the answer counts towards the confidence (empty when no signal reads it)."""


@dataclass(frozen=True)
class Disagreements:
    """The section: who was interviewed, and every question they disagree on."""

    people: str
    rows: list[ConflictView]


def disagreements(a: Assessment, text: Mapping[str, Any]) -> Disagreements:
    """The "Where your people disagree" section of an assessment with conflicts."""
    t = text["conflicts"]
    by_file = {r.file: r for r in a.respondents}
    people = join_words([_person(by_file.get(r.file), r.file, t) for r in a.respondents], text["and"])
    rows = []
    for c in a.conflicts:
        section = text["answer_sections"].get(c.section, c.section.replace("_", " ").capitalize())
        chosen = _person(by_file.get(c.used_file), c.used_file, t)
        role = by_file[c.used_file].role_title if c.used_file in by_file else None
        why = fill(t["owner" if c.rule == "owner" and role else "last_file"], person=chosen, role=role or "",
                   section=section)
        share = fill(t["confidence"], share=f"{c.confidence_share:.0%}") if c.confidence_share is not None else ""
        rows.append(ConflictView(c.prompt, section, [
            PersonAnswer(_person(by_file.get(v.file), v.file, t), v.display, v.file == c.used_file)
            for v in c.values], c.used_display, why, share))
    return Disagreements(fill(t["people"], people=people), rows)


def confidence_note(a: Assessment, text: Mapping[str, Any]) -> str:
    """The sentence the confidence explanation adds when answers the scores read are disputed (else empty)."""
    shares = [c.confidence_share for c in a.conflicts if c.confidence_share is not None]
    if not shares:
        return ""
    t = text["conflicts"]
    return fill(t["confidence_note" if len(shares) > 1 else "confidence_note_one"], count=len(shares),
                share=f"{max(shares):.0%}")


def _person(entry: RespondentEntry | None, file: str, t: Mapping[str, Any]) -> str:
    """``Dana Reyes (Security lead)``, ``Dana Reyes``, or ``the answers in cto.yaml`` when the file names no one."""
    if entry is None or entry.name is None:
        return fill(t["unnamed"], file=file)
    return fill(t["person"], name=entry.name, role=entry.role_title) if entry.role_title else entry.name

