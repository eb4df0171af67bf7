"""What the plan and the risk register read about a client, and the sentences they choose with it. Pure.

A sentence of the catalogues is shown when its condition holds on the *known* answers: answered, detected, or a
default the questionnaire assumes. An unanswered question the questionnaire treats as unknown is left out, so
no condition on it holds and no sentence states it.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from readiness.core.conditions import holds
from readiness.core.scoring import sentence_words
from readiness.core.values import display
from readiness.models import AnswerValue, Disagreement, Questionnaire, ResolvedAnswer, Sentence
from readiness.models.plan import Choose, PlanLine

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@dataclass(frozen=True)
class Facts:
    """What the plan and the register read of one assessment."""

    values: Mapping[str, AnswerValue]
    """Every resolved value, defaults included: what the durations are sized with."""
    known: Mapping[str, AnswerValue]
    """Answered, detected or assumed values of the questions that apply: what conditions test."""
    assumed: frozenset[str]
    """Questions whose default is an assumption (not answered, not detected)."""
    words: Mapping[str, str]
    """Every answer as it reads inside a sentence."""
    scores: Mapping[str, float]
    reference: dt.date
    """The date the schedule counts from."""
    reference_basis: str = "the assessment date"
    """What the reference date is, in words: the engagement date or the assessment date."""
    scan_found: Mapping[str, str] = field(default_factory=dict)
    """Question id → the scan's figure in words, where a cluster scan disagrees with the answer."""


def known_values(answers: Iterable[ResolvedAnswer]) -> dict[str, AnswerValue]:
    """The values a sentence may rest on: answers that apply and were answered, detected or assumed."""
    return {a.id: a.value for a in answers if a.applicable and (a.source != "default" or a.assumed)}


def facts_of(questionnaire: Questionnaire, answers: Sequence[ResolvedAnswer], scores: Mapping[str, float],
             reference: dt.date, reference_basis: str, disagreements: Sequence[Disagreement] = ()) -> Facts:
    """The facts of resolved answers and scores, with the date the schedule counts from and what a scan found
    where it disagrees."""
    values = {a.id: a.value for a in answers}
    found = {d.question: display(questionnaire.question(d.question), d.detected_value) for d in disagreements
             if d.detected_value is not None and d.question in values}
    return Facts(values=values, known=known_values(answers), assumed=frozenset(a.id for a in answers if a.assumed),
                 words=sentence_words(questionnaire, values), scores=scores, reference=reference,
                 reference_basis=reference_basis, scan_found=found)


def placeholders(text: str) -> list[str]:
    """The ``{name}`` placeholders of a text, in order."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def fill(text: str, words: Mapping[str, str]) -> str:
    """``text`` with the placeholders ``words`` knows filled in; others are left as they are."""
    names = placeholders(text)
    if not names:
        return text
    return text.format_map({name: words.get(name, "{" + name + "}") for name in names})


def first_holding(sentences: Sequence[Sentence], known: Mapping[str, AnswerValue],
                  scores: Mapping[str, float]) -> Sentence | None:
    """The first sentence whose condition holds on the known answers and the scores."""
    return next((s for s in sentences if holds(s.when, known, scores)), None)


def holding(sentences: Sequence[Sentence], facts: Facts) -> list[Sentence]:
    """Every sentence whose condition holds."""
    return [s for s in sentences if holds(s.when, facts.known, facts.scores)]


def chosen_text(sentences: Sequence[Sentence], facts: Facts) -> str | None:
    """The first holding sentence's text with the answers filled in; None when none holds."""
    chosen = first_holding(sentences, facts.known, facts.scores)
    return fill(chosen.text, facts.words) if chosen is not None else None


def role_text(roles: Mapping[str, Sequence[Sentence]], role: str, known: Mapping[str, AnswerValue],
              scores: Mapping[str, float]) -> str:
    """An owner role in words: its first wording that holds (the catalogue check makes the last one always hold)."""
    chosen = first_holding(roles[role], known, scores)
    return chosen.text if chosen is not None else role.replace("_", " ")


def pick(line: PlanLine, facts: Facts) -> str | None:
    """The text of one catalogue line for these facts (answers filled in; terms left), or None when not shown."""
    if isinstance(line, str):
        return line
    if isinstance(line, Choose):
        return chosen_text(line.first_of, facts)
    return chosen_text([line], facts)


def pick_all(lines: Sequence[PlanLine], facts: Facts) -> list[str]:
    """The texts of the lines shown for these facts."""
    return [text for text in (pick(line, facts) for line in lines) if text is not None]


def line_sentences(line: PlanLine) -> list[Sentence]:
    """Every sentence a line can show."""
    if isinstance(line, str):
        return [Sentence(text=line)]
    return list(line.first_of) if isinstance(line, Choose) else [line]


def join_words(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def long_date(day: dt.date) -> str:
    """A date as a client reads it: 1 January 2027 (no locale involved)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def ordinal(number: int) -> str:
    """first, second, … (``phase 11`` past tenth)."""
    return ORDINALS[number - 1] if 1 <= number <= len(ORDINALS) else f"phase {number}"


def plural(count: int, one: str, many: str) -> str:
    """``1 week``, ``2 weeks``."""
    return f"{count} {one if count == 1 else many}"
