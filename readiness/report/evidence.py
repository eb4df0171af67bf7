"""Findings in plain words with their evidence: what each signal says, the answers it read, the consultant's notes
about them and what the scan saw. The executive summary's "why" and the findings section share these.

A consultant's note belongs to a question or a section (``notes`` in the answers file). Each note is shown once,
beside the strongest finding that reads its question or its section; a note about nothing scored (a general note,
the constraints) stays in the notes appendix only. Pure; labels come from ``text.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment, Signal
from readiness.models.answers import ResolvedAnswer
from readiness.report.wording import fill

SIDES = ("raise", "dampen", "gap", "ready")
"""The sides a finding takes, in the order the findings section shows them (a signal of side none counts 0)."""


@dataclass(frozen=True)
class Finding:
    """One signal in plain words: its sentence, its points and the evidence behind it."""

    signal: str
    """The signal's id, for lookups in the content builder (never shown)."""
    name: str
    side: str
    text: str
    contribution: str
    value: float
    answers: list[str]
    """The answers it read, as people read them: the question and the answer, with the source when not answered."""
    notes: list[str]
    scan: list[str]
    """What the scan saw on its questions: detected values and the answers it contradicts."""


@dataclass(frozen=True)
class FindingGroup:
    """The findings of one side, strongest first."""

    side: str
    title: str
    findings: list[Finding]


def section_of(signal: Signal, answers: Mapping[str, ResolvedAnswer]) -> str | None:
    """The questionnaire section a signal belongs to: the one most of its inputs are in (the first on a tie)."""
    sections = [answers[i].section for i in signal.inputs if i in answers]
    if not sections:
        return None
    return max(dict.fromkeys(sections), key=sections.count)


def finding_groups(a: Assessment, text: Mapping[str, Any], signed: Any) -> list[FindingGroup]:
    """Every signal that takes a side, grouped by side, strongest first, with its evidence (``signed`` formats a
    contribution)."""
    t = text["findings"]
    answers = {x.id: x for x in a.answers}
    notes = note_owners(a)
    groups = []
    for side in SIDES:
        signals = sorted((s for s in a.signals if s.side == side), key=lambda s: -abs(_points(s)))
        rows = [Finding(s.id, s.name, side, s.explanation, signed(_points(s)), _points(s),
                        _answers(s, answers, text), [a.notes[k] for k, owner in notes.items() if owner == s.id],
                        _scan(s, a, answers, t)) for s in signals]
        if rows:
            groups.append(FindingGroup(side, t["sides"][side], rows))
    return groups


def _points(signal: Signal) -> float:
    """What a finding shows: its contribution; for a readiness gap, the points it falls short by (negative)."""
    return signal.contribution - signal.weight if signal.side == "gap" else signal.contribution


def note_owners(a: Assessment) -> dict[str, str]:
    """Note key → the id of the signal it is shown beside: the strongest signal that takes a side and reads the
    note's question, else the strongest that reads a question of the note's section. A note is evidence for why:
    signals that raise or lower the need, or show a readiness gap, come before those that show readiness in place."""
    answers = {x.id: x for x in a.answers}
    ranked = sorted((s for s in a.signals if s.side != "none"),
                    key=lambda s: (s.side == "ready", -abs(_points(s))))
    owners: dict[str, str] = {}
    for key in a.notes:
        by_question = next((s for s in ranked if key in s.inputs), None)
        by_section = next((s for s in ranked if any(answers[i].section == key for i in s.inputs if i in answers)),
                          None)
        owner = by_question or by_section
        if owner is not None:
            owners[key] = owner.id
    return owners


def answer_line(x: ResolvedAnswer, text: Mapping[str, Any]) -> str:
    """``How many … today? 48 services`` — and, when not answered, where the value came from."""
    source = "assumed" if x.assumed else x.source
    line = fill(text["findings"]["answer"], question=x.prompt, answer=x.display)
    if source != "answered":
        line += " " + fill(text["findings"]["source_note"], source=text["sources"].get(source, source))
    return line


def _answers(signal: Signal, answers: Mapping[str, ResolvedAnswer], text: Mapping[str, Any]) -> list[str]:
    return [answer_line(answers[i], text) for i in dict.fromkeys(signal.inputs)
            if i in answers and answers[i].applicable]


def _scan(signal: Signal, a: Assessment, answers: Mapping[str, ResolvedAnswer], t: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for i in dict.fromkeys(signal.inputs):
        x = answers.get(i)
        if x is not None and x.source == "detected" and x.evidence:
            lines.append(fill(t["detected"], evidence=_first(x.evidence)))
        for d in a.disagreements:
            if d.question == i:
                lines.append(fill(t["disagrees"], message=d.message))
    return lines


def _first(evidence: Sequence[str], limit: int = 2) -> str:
    shown = "; ".join(evidence[:limit])
    return shown + (" …" if len(evidence) > limit else "")
