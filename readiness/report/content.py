"""The report's content: one structure built from an Assessment, rendered by HTML/PDF and Markdown alike.

Everything a reader sees is decided here (what is shown, in which order, with which words and numbers);
the templates only lay it out. The fixed prose comes from ``text.yaml``, so no sentence is written twice.
Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from readiness.models import Assessment, Reason
from readiness.report.bounds import MAX_ROWS, more_line, top
from readiness.report.cluster import ClusterFindings, cluster_findings
from readiness.report.findings import (
    ClusterObjects,
    CostView,
    OptionsView,
    PrecheckView,
    appendix_objects,
    cost_view,
    options_view,
    precheck_objects,
    precheck_view,
)
from readiness.report.mesh_sections import CheckTable, FitMatrix, PlaneFigures, check_tables, cost_figures, fit_matrix
from readiness.report.wording import fill

MINUS = "−"

MAIN_SECTIONS = ("summary", "scores", "signals", "cluster", "precheck", "cost", "mesh_options", "plan", "risks",
                 "triggers")
APPENDICES = ("answers", "notes", "precheck_objects", "method", "glossary")
OPTIONAL_SECTIONS = ("cluster", "precheck", "cost", "mesh_options")
"""Sections shown only when the assessment holds their data (from a cluster scan and its follow-ups)."""


@dataclass(frozen=True)
class SectionRef:
    """A numbered section (``1``…) or appendix (``A``…), with its anchor for the table of contents."""

    id: str
    label: str
    title: str
    intro: str
    appendix: bool
    number: str
    """``3`` or ``Appendix B``: the label as the heading shows it."""

    @property
    def anchor(self) -> str:
        return f"sec-{self.id}"

    @property
    def heading(self) -> str:
        return f"{self.number}: {self.title}" if self.appendix else f"{self.label}. {self.title}"


@dataclass(frozen=True)
class ReasonRow:
    """A driver, dampener or readiness gap."""

    text: str
    contribution: str


@dataclass(frozen=True)
class SignalRow:
    """One line of the signal table."""

    id: str
    name: str
    kind: str
    value: str
    source: str
    weight: str
    strength: str
    contribution: str
    contribution_value: float
    explanation: str
    share: float
    """|contribution| as a percentage of the largest weight: the length of a bar drawn for it."""


@dataclass(frozen=True)
class SignalGroup:
    """The signals of one kind (need, dampener, readiness) with their total."""

    kind: str
    title: str
    rows: list[SignalRow]
    total: str


@dataclass(frozen=True)
class RiskRow:
    """A risk of a phase and its mitigation."""

    phase: str
    risk: str
    mitigation: str


@dataclass(frozen=True)
class PhaseView:
    """A phase of the plan with its place on the timeline (weeks counted from the start)."""

    number: int
    id: str
    name: str
    goal: str
    why_now: str
    weeks: str
    min_weeks: int
    max_weeks: int
    start_min: int
    start_max: int
    activities: list[str]
    entry_criteria: list[str]
    exit_criteria: list[str]
    success_metrics: list[str]
    risks: list[RiskRow]

    @property
    def starts(self) -> str:
        return _weeks(self.start_min + 1, self.start_max + 1)


@dataclass(frozen=True)
class TriggerRow:
    """A change of one or two answers that would move the verdict."""

    category: str
    verdict: str
    change: str
    answers: list[str]


@dataclass(frozen=True)
class AnswerRow:
    """An answer with its source."""

    id: str
    question: str
    answer: str
    source: str
    applicable: bool
    evidence: list[str]


@dataclass(frozen=True)
class AnswerGroup:
    """The answers of one questionnaire section."""

    id: str
    title: str
    rows: list[AnswerRow]


@dataclass(frozen=True)
class Note:
    """A consultant's note and what it is about."""

    about: str
    text: str


@dataclass(frozen=True)
class WeightRow:
    """A signal's weight, for the method appendix."""

    name: str
    kind: str
    weight: str


@dataclass(frozen=True)
class Term:
    """A glossary entry."""

    term: str
    meaning: str


@dataclass(frozen=True)
class Score:
    """A score as shown (rounded) and as drawn (exact)."""

    label: str
    value: float
    shown: str


@dataclass
class ReportContent:
    """Everything the report shows, in reading order."""

    text: Mapping[str, Any]
    title: str
    subtitle: str
    client: str | None
    assessor: str | None
    firm: str | None
    date: str
    generated: str
    generated_iso: str
    generated_line: str
    footer_line: str
    questionnaire: str
    key_figures: list[tuple[str, str]]
    category: str
    verdict_title: str
    headline: str
    rule: str
    need: Score
    readiness: Score
    confidence: Score
    confidence_label: str
    summary_sentences: list[str]
    drivers: list[ReasonRow]
    dampeners: list[ReasonRow]
    gaps: list[ReasonRow]
    signal_groups: list[SignalGroup]
    plan_overview: str
    plan_kind: str
    scaling_note: str
    total_min_weeks: int
    total_max_weeks: int
    phases: list[PhaseView]
    risks: list[RiskRow]
    triggers: list[TriggerRow]
    triggers_none: str | None
    answer_groups: list[AnswerGroup]
    notes: list[Note]
    method_description: str
    formulas: list[str]
    verdict_rules: list[str]
    weights: list[WeightRow]
    method_source: str
    glossary: list[Term]
    warnings: list[str]
    more_warnings: str
    """The line standing for the warnings not shown, or empty."""
    sections: list[SectionRef]
    cluster: ClusterFindings | None = None
    """The optional sections' data (from a cluster scan and its follow-ups): None when not shown."""
    precheck: PrecheckView | None = None
    precheck_table: list[CheckTable] | None = None
    precheck_objects: list[ClusterObjects] | None = None
    """The objects of the findings the precheck section shows only in part (its appendix), or None."""
    cost: CostView | None = None
    cost_figures: list[PlaneFigures] | None = None
    mesh_options: OptionsView | None = None
    fit_matrix: FitMatrix | None = None

    @property
    def section(self) -> dict[str, SectionRef]:
        """Sections by id (only those shown)."""
        return {s.id: s for s in self.sections}

    @property
    def main_sections(self) -> list[SectionRef]:
        return [s for s in self.sections if not s.appendix]

    @property
    def appendices(self) -> list[SectionRef]:
        return [s for s in self.sections if s.appendix]


def build_content(assessment: Assessment, text: Mapping[str, Any], *, firm: str | None = None,
                  footer: str | None = None) -> ReportContent:
    """The report content of an assessment; ``firm`` and ``footer`` come from the brand, when it has them."""
    a = assessment
    rec = a.recommendation
    engagement = a.engagement
    client = engagement.client if engagement and engagement.client else None
    firm_name = firm or (engagement.firm if engagement and engagement.firm else None)
    date = engagement.date if engagement and engagement.date else a.generated_at.date()
    generated = a.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    answered = sum(1 for x in a.answers if x.source != "default")
    t = text
    s = a.scores
    k = t["scores"]["key_figures"]

    need = Score(t["scores"]["need"], s.need, f"{s.need:.0f}")
    readiness = Score(t["scores"]["readiness"], s.readiness, f"{s.readiness:.0f}")
    confidence = Score(t["scores"]["confidence"], s.confidence, f"{s.confidence:.0f}%")
    phases = _phases(a)
    summary_sentences = [
        fill(t["summary"]["scores_sentence"], need=need.shown, readiness=readiness.shown,
             confidence_label=s.confidence_label, confidence=confidence.shown, answered=answered,
             total=len(a.answers)),
    ]
    if phases:
        summary_sentences.append(fill(
            t["summary"]["plan_sentence"], phases=len(phases),
            weeks=_weeks(a.plan.total_weeks.min, a.plan.total_weeks.max),
            outline=" → ".join(p.name for p in phases)))

    shown = [sid for sid in MAIN_SECTIONS if sid not in OPTIONAL_SECTIONS or _has(a, sid)]
    if not phases:
        shown.remove("plan")
    risks = [r for p in phases for r in p.risks]
    if not risks:
        shown.remove("risks")
    appendices = [sid for sid in APPENDICES if (sid != "notes" or a.notes) and (sid != "precheck_objects" or (
        a.precheck is not None and appendix_objects(a.precheck) > 0))]
    sections = [_section(t, sid, str(i), False) for i, sid in enumerate(shown, 1)]
    sections += [_section(t, sid, chr(ord("A") + i), True) for i, sid in enumerate(appendices)]

    warnings, more_warnings = top(a.warnings, MAX_ROWS)
    footer_parts = [p for p in (client, t["title"]) if p]
    return ReportContent(
        text=t, title=t["title"], subtitle=t["subtitle"], client=client,
        assessor=engagement.assessor if engagement and engagement.assessor else None, firm=firm_name,
        date=format_date(date, t["months"]), generated=generated, generated_iso=a.generated_at.isoformat(),
        generated_line=fill(t["generated"], generated=generated, version=a.tool.version, questionnaire=a.questionnaire),
        footer_line=footer or " · ".join(footer_parts), questionnaire=a.questionnaire,
        key_figures=[(k["need_raised"], signed(s.need_raised)), (k["need_dampened"], signed(-s.need_dampened)),
                     (k["need"], need.shown), (k["readiness"], readiness.shown),
                     (k["confidence"], f"{confidence.shown} ({s.confidence_label})"), (k["rule"], rec.rule)],
        category=rec.category, verdict_title=rec.title, headline=rec.headline, rule=rec.rule,
        need=need, readiness=readiness, confidence=confidence, confidence_label=s.confidence_label,
        summary_sentences=summary_sentences,
        drivers=_reasons(rec.drivers), dampeners=_reasons(rec.dampeners), gaps=_reasons(rec.readiness_gaps),
        signal_groups=_signal_groups(a, t),
        plan_overview=fill(t["plan"]["overview"], summary=a.plan.summary,
                           weeks=_weeks(a.plan.total_weeks.min, a.plan.total_weeks.max)),
        plan_kind=a.plan.kind, scaling_note=a.plan.scaling_note,
        total_min_weeks=a.plan.total_weeks.min, total_max_weeks=a.plan.total_weeks.max, phases=phases,
        risks=risks,
        triggers=[TriggerRow(tr.new_category, t["categories"].get(tr.new_category, tr.new_category), tr.change,
                             [f"{c.topic}: {c.from_value} → {c.to_value}" for c in tr.changes])
                  for tr in rec.triggers],
        triggers_none=rec.triggers_note or None,
        answer_groups=_answer_groups(a, t),
        notes=_notes(a, t),
        method_description=a.method.description,
        formulas=[a.method.need_formula, a.method.readiness_formula, a.method.confidence_formula],
        verdict_rules=list(a.method.verdict_rules),
        weights=[WeightRow(sig.name, t["signals"]["kinds"].get(sig.kind, sig.kind), f"{sig.weight:g}")
                 for sig in a.signals],
        method_source=fill(t["method"]["questionnaire"], questionnaire=a.questionnaire, schema=a.schema_version,
                           version=a.tool.version),
        glossary=[Term(str(g["term"]), str(g["meaning"])) for g in t["glossary"]],
        warnings=warnings, more_warnings=more_line(t, more_warnings),
        sections=sections,
        **_optional(a, t, {s.id: s for s in sections}),
    )


def format_date(value: dt.date, months: Sequence[str]) -> str:
    """``20 November 2026``: unambiguous in every locale (the month names come from text.yaml)."""
    return f"{value.day} {months[value.month - 1]} {value.year}"


def signed(value: float) -> str:
    """A contribution with its sign and a real minus sign: ``+20.0``, ``−2.7``."""
    shown = f"{abs(value):.1f}"
    if shown == "0.0":
        return "0.0"
    return ("+" if value > 0 else MINUS) + shown


def _weeks(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


def _section(t: Mapping[str, Any], sid: str, label: str, appendix: bool) -> SectionRef:
    texts = t["sections"][sid]
    return SectionRef(sid, label, texts["title"], texts.get("intro") or "", appendix,
                      f"{t['appendix']} {label}" if appendix else label)


def _reasons(reasons: Sequence[Reason]) -> list[ReasonRow]:
    return [ReasonRow(r.text, signed(r.contribution)) for r in reasons]


def _signal_groups(a: Assessment, t: Mapping[str, Any]) -> list[SignalGroup]:
    groups = []
    biggest = max((sig.weight for sig in a.signals), default=1.0) or 1.0
    for kind in ("need", "dampener", "readiness"):
        signals = [sig for sig in a.signals if sig.kind == kind]
        if not signals:
            continue
        rows = [SignalRow(sig.id, sig.name, sig.kind, sig.value, t["sources"].get(sig.source, sig.source),
                          f"{sig.weight:g}", f"{sig.strength:.2f}", signed(sig.contribution), sig.contribution,
                          sig.explanation, round(abs(sig.contribution) / biggest * 100, 1)) for sig in signals]
        total = sum(sig.contribution for sig in signals)
        groups.append(SignalGroup(kind, t["signals"]["kinds"].get(kind, kind), rows, signed(total)))
    return groups


def _phases(a: Assessment) -> list[PhaseView]:
    phases = []
    start_min = start_max = 0
    for p in a.plan.phases:
        risks = [RiskRow(p.name, r.risk, r.mitigation) for r in p.risks]
        phases.append(PhaseView(
            p.number, p.id, p.name, p.goal, p.why_now, _weeks(p.duration_weeks.min, p.duration_weeks.max),
            p.duration_weeks.min, p.duration_weeks.max, start_min, start_max, list(p.activities),
            list(p.entry_criteria), list(p.exit_criteria), list(p.success_metrics), risks))
        start_min += p.duration_weeks.min
        start_max += p.duration_weeks.max
    return phases


def _answer_groups(a: Assessment, t: Mapping[str, Any]) -> list[AnswerGroup]:
    groups: dict[str, list[AnswerRow]] = {}
    for x in a.answers:
        groups.setdefault(x.section, []).append(AnswerRow(
            x.id, x.prompt, x.display, t["sources"].get("assumed" if x.assumed else x.source, x.source), x.applicable,
            list(x.evidence)))
    titles = t["answer_sections"]
    return [AnswerGroup(sid, titles.get(sid, sid.replace("_", " ").capitalize()), rows)
            for sid, rows in groups.items()]


def _notes(a: Assessment, t: Mapping[str, Any]) -> list[Note]:
    prompts = {x.id: x.prompt for x in a.answers}
    titles = t["answer_sections"]
    notes = []
    for key, value in a.notes.items():
        about = titles.get(key) or prompts.get(key) or (t["general_note"] if key == "general" else key)
        notes.append(Note(about, value))
    return notes


def _has(a: Assessment, sid: str) -> bool:
    """Whether the assessment holds the data of an optional section."""
    if sid == "cluster":
        return a.scan is not None and bool(a.scan.clusters)
    if sid == "precheck":
        return a.precheck is not None and bool(a.precheck.clusters)
    if sid == "cost":
        return a.cost is not None and bool(a.cost.data_planes)
    return a.mesh_options is not None and bool(a.mesh_options.options)


class _Optional(TypedDict, total=False):
    """The optional sections' fields of :class:`ReportContent`."""

    cluster: ClusterFindings
    precheck: PrecheckView
    precheck_table: list[CheckTable]
    precheck_objects: list[ClusterObjects]
    cost: CostView
    cost_figures: list[PlaneFigures]
    mesh_options: OptionsView
    fit_matrix: FitMatrix


def _optional(a: Assessment, t: Mapping[str, Any], sections: Mapping[str, SectionRef]) -> _Optional:
    """The optional sections' fields of :class:`ReportContent`, set only when their section is shown."""
    fields: _Optional = {}
    if "cluster" in sections and a.scan is not None:
        fields["cluster"] = cluster_findings(a.scan, list(a.disagreements), t)
    if "precheck" in sections and a.precheck is not None:
        full = sections.get("precheck_objects")
        fields["precheck"] = precheck_view(a.precheck, t, full.number if full else None)
        fields["precheck_table"] = check_tables(a.precheck, t)
        if full:
            fields["precheck_objects"] = precheck_objects(a.precheck, t)
    if "cost" in sections and a.cost is not None:
        fields["cost"] = cost_view(a.cost, t)
        fields["cost_figures"] = cost_figures(a.cost, t)
    if "mesh_options" in sections and a.mesh_options is not None:
        fields["mesh_options"] = options_view(a.mesh_options, t)
        fields["fit_matrix"] = fit_matrix(a.mesh_options, t)
    return fields
