"""The report's content: one structure built from an Assessment, rendered by HTML/PDF and Markdown alike.

Everything a reader sees is decided here (what is shown, in which order, with which words and numbers);
the templates only lay it out. The fixed prose comes from ``text.yaml``, so no sentence is written twice.

The client document shows no internals: no question or category ids, no file paths, no command lines, no tool
name or version (those are in the document's metadata and in the technical appendix, which a consultant turns on
with ``technical_appendix: true`` in the brand file). Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from readiness.models import Assessment
from readiness.report.bounds import MAX_ROWS, more_line, top
from readiness.report.business import BusinessView, business_view
from readiness.report.cluster import ClusterFindings, cluster_findings
from readiness.report.conflicts import Disagreements, confidence_note, disagreements
from readiness.report.evidence import FindingGroup, answer_line, finding_groups
from readiness.report.findings import (
    ClusterObjects,
    CostView,
    OptionsView,
    PrecheckView,
    appendix_objects,
    cost_view,
    mesh_title,
    options_view,
    precheck_objects,
    precheck_view,
)
from readiness.report.limitations import Limitations, Technical, limitations, technical
from readiness.report.mesh_sections import CheckTable, FitMatrix, PlaneFigures, check_tables, cost_figures, fit_matrix
from readiness.report.multicluster import MulticlusterView, multicluster_view
from readiness.report.roadmap import RiskRow, Roadmap, risk_register, roadmap
from readiness.report.scorecard import Scorecard, scorecard
from readiness.report.summary import DataPlane, ExecutiveSummary, cover_note, executive_summary
from readiness.report.wording import fill, long_date

MINUS = "−"

MAIN_SECTIONS = ("summary", "scorecard", "findings", "conflicts", "cluster", "precheck", "mesh_options",
                 "multicluster", "plan",
                 "business_case", "risks", "triggers", "assumptions")
APPENDICES = ("signals", "cost", "answers", "notes", "precheck_objects", "method", "glossary", "technical")
OPTIONAL_SECTIONS = ("cluster", "precheck", "cost", "mesh_options")
"""Sections shown only when the assessment holds their data (from a cluster scan and its follow-ups)."""

_RULE = re.compile(r"^(?P<category>[a-z_]+)(?::| when .*? —| otherwise —) (?P<reason>.+)$")


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
class SignalRow:
    """One line of the signal table (appendix)."""

    id: str
    name: str
    kind: str
    answers: list[str]
    """The answers the signal reads, each with its question."""
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
    prepared_by: str | None
    """The consultant and the firm, as the cover names them."""
    firm: str | None
    date: str
    generated_iso: str
    generator: str
    """The tool and its version: for the document's metadata only."""
    metadata_author: str | None
    footer_line: str
    disclaimer: str | None
    cover_note: str
    category: str
    verdict_title: str
    headline: str
    rule: str
    need: Score
    readiness: Score
    confidence: Score
    confidence_label: str
    confidence_sentence: str
    key_figures: list[tuple[str, str]]
    summary: ExecutiveSummary
    scorecard: Scorecard
    findings: list[FindingGroup]
    signal_groups: list[SignalGroup]
    roadmap: Roadmap | None
    business: BusinessView | None
    register: list[RiskRow]
    triggers: list[TriggerRow]
    triggers_none: str | None
    limitations: Limitations
    answer_groups: list[AnswerGroup]
    notes: list[Note]
    method_description: str
    formulas: list[str]
    verdict_rules: list[str]
    weights: list[WeightRow]
    glossary: list[Term]
    sections: list[SectionRef]
    technical: Technical | None = None
    """The technical appendix, when the brand turns it on."""
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
    conflicts: Disagreements | None = None
    """Where the respondents disagree (several answers files): None when they do not."""
    multicluster: MulticlusterView | None = None
    """How to connect the clusters: shown only with more than one cluster."""

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
                  footer: str | None = None, author: str | None = None, disclaimer: str | None = None,
                  technical_appendix: bool = False) -> ReportContent:
    """The report content of an assessment; ``firm``, ``footer``, ``author`` and ``disclaimer`` come from the brand,
    when it has them, and so does the choice of a technical appendix."""
    a = assessment
    rec = a.recommendation
    engagement = a.engagement
    t = text
    client = engagement.client if engagement and engagement.client else None
    firm_name = firm or (engagement.firm if engagement and engagement.firm else None)
    person = author or (engagement.assessor if engagement and engagement.assessor else None)
    prepared_by = ", ".join(x for x in (person, firm_name) if x) or None
    date = engagement.date if engagement and engagement.date else a.generated_at.date()
    generated = a.generated_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    answered = sum(1 for x in a.answers if x.source != "default")
    s = a.scores
    k = t["scores"]["key_figures"]

    need = Score(t["scores"]["need"], s.need, f"{s.need:.0f}")
    readiness = Score(t["scores"]["readiness"], s.readiness, f"{s.readiness:.0f}")
    confidence = Score(t["scores"]["confidence"], s.confidence, f"{s.confidence:.0f}%")
    confidence_sentence = " ".join(x for x in (
        fill(t["summary"]["scores_sentence"], need=need.shown, readiness=readiness.shown,
             confidence_label=s.confidence_label, confidence=confidence.shown, answered=answered, total=len(a.answers)),
        confidence_note(a, t)) if x)
    scores_line = fill(t["summary"]["scores_line"], need=need.shown, readiness=readiness.shown,
                       confidence=confidence.shown, confidence_label=s.confidence_label)
    rule = rule_words(rec.rule, t)

    groups = finding_groups(a, t, signed)
    register = risk_register(a, t)
    road = roadmap(a, t, register) if a.plan.phases else None
    plane = _data_plane(a, t)
    case = a.business_case
    business = business_view(a, t, mesh_title(case.data_plane) if case and case.data_plane else None)
    summary = executive_summary(a, t, groups, road, business, register, plane, scores_line)

    shown = [sid for sid in MAIN_SECTIONS if _shown(a, sid)]
    appendices = [sid for sid in APPENDICES if _appendix_shown(a, sid, technical_appendix)]
    sections = [_section(t, sid, str(i), False) for i, sid in enumerate(shown, 1)]
    sections += [_section(t, sid, chr(ord("A") + i), True) for i, sid in enumerate(appendices)]

    footer_parts = [p for p in (client, t["confidential"]) if p]
    return ReportContent(
        text=t, title=t["title"], subtitle=t["subtitle"], client=client, prepared_by=prepared_by, firm=firm_name,
        date=long_date(date, t["months"]), generated_iso=a.generated_at.isoformat(),
        generator=f"{a.tool.name} {a.tool.version}", metadata_author=prepared_by,
        footer_line=footer or " · ".join(footer_parts), disclaimer=disclaimer, cover_note=cover_note(a, t),
        category=rec.category, verdict_title=rec.title, headline=rec.headline, rule=rule,
        need=need, readiness=readiness, confidence=confidence, confidence_label=s.confidence_label,
        confidence_sentence=confidence_sentence,
        key_figures=[(k["need_raised"], signed(s.need_raised)), (k["need_dampened"], signed(-s.need_dampened)),
                     (k["need"], need.shown), (k["readiness"], readiness.shown),
                     (k["confidence"], f"{confidence.shown} ({s.confidence_label})"), (k["rule"], rule)],
        summary=summary, scorecard=scorecard(a, t), findings=groups, signal_groups=_signal_groups(a, t),
        roadmap=road, business=business, register=register,
        triggers=[TriggerRow(tr.new_category, t["categories"].get(tr.new_category, tr.new_category), tr.change,
                             [f"{c.topic}: {c.from_value} → {c.to_value}" for c in tr.changes])
                  for tr in rec.triggers],
        triggers_none=rec.triggers_note or None,
        limitations=limitations(a, t, confidence_sentence, sources_appendix="cost" in appendices),
        answer_groups=_answer_groups(a, t),
        notes=_notes(a, t),
        method_description=a.method.description,
        formulas=[a.method.need_formula, a.method.readiness_formula, a.method.confidence_formula],
        verdict_rules=[rule_words(r, t) for r in a.method.verdict_rules],
        weights=[WeightRow(sig.name, t["signals"]["kinds"].get(sig.kind, sig.kind), f"{sig.weight:g}")
                 for sig in a.signals],
        glossary=[Term(str(g["term"]), str(g["meaning"])) for g in t["glossary"]],
        sections=sections,
        technical=technical(a, t, generated) if technical_appendix else None,
        conflicts=disagreements(a, t) if a.conflicts else None,
        multicluster=multicluster_view(a, t) if "multicluster" in shown else None,
        **_optional(a, t, {s.id: s for s in sections}),
    )


def format_date(value: dt.date, months: Sequence[str]) -> str:
    """``20 November 2026``: unambiguous in every locale (the month names come from text.yaml)."""
    return long_date(value, months)


def signed(value: float) -> str:
    """A contribution with its sign and a real minus sign: ``+20.0``, ``−2.7``."""
    shown = f"{abs(value):.1f}"
    if shown == "0.0":
        return "0.0"
    return ("+" if value > 0 else MINUS) + shown


def rule_words(rule: str, text: Mapping[str, Any]) -> str:
    """A verdict rule as a client reads it: ``Adopt now: need of 55 or more and readiness of 60 or more`` for
    ``adopt_now: …`` or ``adopt_now when need score ≥ 55 … — need of 55 or more …`` (the category's words and the
    rule's reason, no ids)."""
    found = _RULE.match(rule)
    if not found:
        return rule
    category = text["categories"].get(found["category"], found["category"].replace("_", " ").capitalize())
    return f"{category}: {found['reason']}"


def _data_plane(a: Assessment, t: Mapping[str, Any]) -> DataPlane | None:
    """The recommended option in a line (the data plane, or the gateway for a gateway-only verdict)."""
    options = a.mesh_options
    if options is None:
        return None
    return DataPlane(mesh_title(options.recommended), options.headline)


def _shown(a: Assessment, sid: str) -> bool:
    if sid in OPTIONAL_SECTIONS:
        return _has(a, sid)
    if sid == "plan":
        return bool(a.plan.phases)
    if sid == "business_case":
        return a.business_case is not None
    if sid == "multicluster":
        return a.multicluster is not None and a.multicluster.connects
    if sid == "risks":
        return bool(a.risks)
    if sid == "conflicts":
        return bool(a.conflicts)
    return True


def _appendix_shown(a: Assessment, sid: str, technical_appendix: bool) -> bool:
    if sid == "notes":
        return bool(a.notes)
    if sid == "precheck_objects":
        return a.precheck is not None and appendix_objects(a.precheck) > 0
    if sid == "cost":
        return _has(a, "cost") and (a.business_case is None or a.business_case.form == "full")
    if sid == "technical":
        return technical_appendix
    return True


def _section(t: Mapping[str, Any], sid: str, label: str, appendix: bool) -> SectionRef:
    texts = t["sections"][sid]
    return SectionRef(sid, label, texts["title"], texts.get("intro") or "", appendix,
                      f"{t['appendix']} {label}" if appendix else label)


def _signal_groups(a: Assessment, t: Mapping[str, Any]) -> list[SignalGroup]:
    groups = []
    answers = {x.id: x for x in a.answers}
    biggest = max((sig.weight for sig in a.signals), default=1.0) or 1.0
    for kind in ("need", "dampener", "readiness"):
        signals = [sig for sig in a.signals if sig.kind == kind]
        if not signals:
            continue
        rows = [SignalRow(sig.id, sig.name, sig.kind,
                          [answer_line(answers[i], t) for i in dict.fromkeys(sig.inputs) if i in answers],
                          t["sources"].get(sig.source, sig.source), f"{sig.weight:g}", f"{sig.strength:.2f}",
                          signed(sig.contribution), sig.contribution, sig.explanation,
                          round(abs(sig.contribution) / biggest * 100, 1)) for sig in signals]
        total = sum(sig.contribution for sig in signals)
        groups.append(SignalGroup(kind, t["signals"]["kinds"].get(kind, kind), rows, signed(total)))
    return groups


def _answer_groups(a: Assessment, t: Mapping[str, Any]) -> list[AnswerGroup]:
    groups: dict[str, list[AnswerRow]] = {}
    for x in a.answers:
        evidence, hidden = top(x.evidence, MAX_ROWS)
        groups.setdefault(x.section, []).append(AnswerRow(
            x.id, x.prompt, x.display, t["sources"].get("assumed" if x.assumed else x.source, x.source), x.applicable,
            [*evidence, *([more_line(t, hidden)] if hidden else [])]))
    titles = t["answer_sections"]
    return [AnswerGroup(sid, titles.get(sid, sid.replace("_", " ").capitalize()), rows)
            for sid, rows in groups.items()]


def _notes(a: Assessment, t: Mapping[str, Any]) -> list[Note]:
    prompts = {x.id: x.prompt for x in a.answers}
    titles = t["answer_sections"]
    notes = []
    for key, value in a.notes.items():
        about = titles.get(key) or prompts.get(key) or (t["general_note"] if key == "general" else
                                                         key.replace("_", " ").capitalize())
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
        fields["cluster"] = cluster_findings(a.scan, list(a.disagreements), a.answers, t, a.precheck)
    if "precheck" in sections and a.precheck is not None:
        full = sections.get("precheck_objects")
        fields["precheck"] = precheck_view(a.precheck, t, full.number if full else None)
        fields["precheck_table"] = check_tables(a.precheck, t)
        if full:
            fields["precheck_objects"] = precheck_objects(a.precheck, t)
    if "cost" in sections and a.cost is not None:
        fields["cost"] = cost_view(a.cost, t)
        fields["cost_figures"] = cost_figures(a.cost, t, a.business_case.data_plane if a.business_case else None)
    if "mesh_options" in sections and a.mesh_options is not None:
        fields["mesh_options"] = options_view(a.mesh_options, t)
        fields["fit_matrix"] = fit_matrix(a.mesh_options, t)
    return fields
