"""The "Progress since DATE" report's content: one structure built from a saved Comparison, rendered by HTML/PDF
and Markdown alike. The fixed prose comes from ``text.yaml`` (its ``progress`` keys). Pure: no I/O, no clock.

Like the assessment report, it shows no internals: answers by their question, signals by their name, phases by
their name; no ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models.compare import Comparison, Delta, SignalChange, SignalState
from readiness.report.wording import fill, long_date

MINUS = "−"
SECTIONS = ("summary", "answers", "signals", "plan", "triggers", "precheck")


@dataclass(frozen=True)
class ScoreRow:
    """A score before and after, and its change with its sign."""

    label: str
    before: str
    after: str
    change: str


@dataclass(frozen=True)
class AnswerRow:
    """An answer that changed."""

    question: str
    before: str
    after: str
    source: str
    """Where the answers came from: ``answered → detected``, or one word when both agree."""


@dataclass(frozen=True)
class SignalRow:
    """A signal that moved: its contributions, what it said before and after, the answers behind the change."""

    name: str
    before: str
    after: str
    change: str
    said_before: str
    said_after: str
    because: list[str]


@dataclass(frozen=True)
class PhaseRow:
    """A phase of either plan and how it stands."""

    name: str
    status: str
    status_label: str
    met: list[str]
    open: list[str]
    due: str


@dataclass(frozen=True)
class TriggerRow:
    """A trigger of the earlier verdict and whether it was reached."""

    change: str
    verdict: str
    answers: list[str]
    reached: bool
    status: str


@dataclass(frozen=True)
class FindingRow:
    """A finding on one object."""

    object: str
    check: str
    severity: str
    detail: str
    cluster: str


@dataclass(frozen=True)
class FindingsView:
    """Findings opened and closed, and how many stayed."""

    opened: list[FindingRow]
    closed: list[FindingRow]
    unchanged: str


@dataclass(frozen=True)
class Section:
    """A numbered section of the progress report."""

    id: str
    label: str
    title: str
    intro: str

    @property
    def anchor(self) -> str:
        return f"sec-{self.id}"

    @property
    def heading(self) -> str:
        return f"{self.label}. {self.title}"


@dataclass
class ProgressContent:
    """Everything the progress report shows, in reading order."""

    text: Mapping[str, Any]
    title: str
    kicker: str
    subtitle: str
    client: str | None
    prepared_by: str | None
    firm: str | None
    date: str
    since: str
    generated_iso: str
    generator: str
    footer_line: str
    disclaimer: str | None
    category: str
    verdict_before: str
    verdict_after: str
    verdict_changed: bool
    verdict_line: str
    headline: str
    compared: str
    counts: str
    scores: list[ScoreRow]
    answers: list[AnswerRow]
    signals: list[SignalRow]
    phases: list[PhaseRow]
    triggers: list[TriggerRow]
    findings: FindingsView | None
    notes: list[str]
    sections: list[Section]


def build_progress(comparison: Comparison, text: Mapping[str, Any], *, firm: str | None = None,
                   footer: str | None = None, author: str | None = None,
                   disclaimer: str | None = None) -> ProgressContent:
    """The progress report's content; ``firm``, ``footer``, ``author`` and ``disclaimer`` come from the brand when
    it has them, else from the later assessment's engagement."""
    c = comparison
    t = text
    p = t["progress"]
    months = t["months"]
    engagement = c.engagement
    client = engagement.client if engagement and engagement.client else None
    firm_name = firm or (engagement.firm if engagement and engagement.firm else None)
    person = author or (engagement.assessor if engagement and engagement.assessor else None)
    since = long_date(c.before.date, months)
    before_title, after_title = c.verdict.before.title, c.verdict.after.title
    prompts = {a.question: a.prompt for a in c.changed_answers}
    reached = sum(1 for tr in c.triggers if tr.reached)
    shown = [sid for sid in SECTIONS if sid != "precheck" or c.precheck is not None]
    return ProgressContent(
        text=t, title=fill(p["title"], date=since), kicker=p["kicker"], subtitle=p["subtitle"], client=client,
        prepared_by=", ".join(x for x in (person, firm_name) if x) or None, firm=firm_name,
        date=long_date(c.after.date, months),
        since=since, generated_iso=c.after.generated_at.isoformat(), generator=f"{c.tool.name} {c.tool.version}",
        footer_line=footer or " · ".join(x for x in (client, t["confidential"]) if x), disclaimer=disclaimer,
        category=c.verdict.after.category, verdict_before=before_title, verdict_after=after_title,
        verdict_changed=c.verdict.changed,
        verdict_line=fill(p["verdict_moved" if c.verdict.changed else "verdict_same"], before=before_title,
                          after=after_title),
        headline=c.verdict.after.headline,
        compared=fill(p["compared"], before_date=since, after_date=long_date(c.after.date, months)),
        counts=fill(p["counts"], answers=_count(len(c.changed_answers), t, "answer"),
                    signals=_count(len(c.signals), t, "signal"), reached=reached, triggers=len(c.triggers)),
        scores=[_score(p["scores"][name], getattr(c.scores, name), "%" if name == "confidence" else "",
                       p["points"] if name == "confidence" else "") for name in ("need", "readiness", "confidence")],
        answers=[AnswerRow(a.prompt, a.before if a.before is not None else p["not_in_questionnaire"],
                           a.after if a.after is not None else p["not_in_questionnaire"],
                           _sources(a.before_source, a.after_source, t)) for a in c.changed_answers],
        signals=[_signal(s, prompts) for s in c.signals],
        phases=[PhaseRow(ph.name, ph.status, p["status"][ph.status], ph.met, ph.open,
                         long_date(ph.due_on, months) if ph.due_on else "") for ph in c.plan],
        triggers=[TriggerRow(tr.change, t["categories"].get(tr.new_category, tr.new_category),
                             [fill(p["trigger_answer"], topic=a.topic, needed=a.needed, after=a.after or "—")
                              for a in tr.answers], tr.reached, p["reached" if tr.reached else "not_reached"])
                  for tr in c.triggers],
        findings=_findings(c, t), notes=list(c.notes),
        sections=[Section(sid, str(i), p["sections"][sid]["title"], p["sections"][sid]["intro"] or "")
                  for i, sid in enumerate(shown, 1)])


def signed(value: float, unit: str = "") -> str:
    """A change with its sign and a real minus sign: ``+20.0``, ``−2.7``, ``0.0``."""
    shown = f"{abs(value):.1f}"
    if shown == "0.0":
        return f"0.0{unit}"
    return ("+" if value > 0 else MINUS) + shown + unit


def _count(n: int, t: Mapping[str, Any], unit: str) -> str:
    units = t["units"]
    word = units.get(f"{unit}s" if n != 1 else unit, f"{unit}s" if n != 1 else unit)
    return f"{n} {word}"


def _score(label: str, delta: Delta, unit: str, change_unit: str) -> ScoreRow:
    """Before and after as whole numbers, and the change as the difference of the numbers shown, so the row adds up
    (88% → 85% is −3 points, not the −2.4 of the unrounded scores)."""
    before, after = int(f"{delta.before:.0f}"), int(f"{delta.after:.0f}")
    change = after - before
    shown = "0" if change == 0 else ("+" if change > 0 else MINUS) + str(abs(change))
    return ScoreRow(label, f"{before}{unit}", f"{after}{unit}", shown + change_unit)


def _sources(before: str | None, after: str | None, t: Mapping[str, Any]) -> str:
    words = [t["sources"].get(s, s) for s in (before, after) if s is not None]
    return words[0] if len(set(words)) == 1 else " → ".join(words)


def _said(state: SignalState | None) -> str:
    return state.explanation if state is not None else ""


def _signal(s: SignalChange, prompts: Mapping[str, str]) -> SignalRow:
    return SignalRow(s.name, signed(s.before.contribution) if s.before else "—",
                     signed(s.after.contribution) if s.after else "—", signed(s.change), _said(s.before),
                     _said(s.after), [prompts.get(q, q) for q in s.because])


def _findings(c: Comparison, t: Mapping[str, Any]) -> FindingsView | None:
    if c.precheck is None:
        return None

    def rows(found: list[Any]) -> list[FindingRow]:
        words = t["precheck"]["severity"]
        return [FindingRow(f.object, f.title, words.get(f.severity, f.severity), f.detail, f.cluster) for f in found]

    return FindingsView(rows(c.precheck.opened), rows(c.precheck.closed),
                        fill(t["progress"]["unchanged"], count=c.precheck.unchanged) if c.precheck.unchanged else "")

