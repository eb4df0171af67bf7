"""The roadmap and the risk register as the report shows them: phases with their calendar dates and owners, the
decisions (approvals, go/no-go gates, recurring reviews) in date order, and every risk of the register.

Every date is the plan's own (``starts_on``, ``ends_on``, each gate's ``on``); nothing is counted from durations
here, so the text, the tables and the timeline chart show the same days. Pure; words from ``text.yaml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.models.plan import Gate, Phase
from readiness.report.wording import date_range, fill, fill_first, label, long_date, span


@dataclass(frozen=True)
class GateView:
    """A decision on the roadmap: an approval before a phase, a go/no-go at its end, or a recurring review."""

    kind: str
    kind_label: str
    name: str
    on: str
    on_iso: str
    decided_by: str
    criteria: list[str]
    repeats: str
    """``then every 6 months`` for a recurring review, else empty."""
    phase: int


@dataclass(frozen=True)
class RiskRef:
    """A risk of a phase, by its number in the register."""

    ref: str
    title: str
    mitigation: str


@dataclass(frozen=True)
class PhaseView:
    """A phase with its dates, owner and decisions."""

    number: int
    id: str
    name: str
    heading: str
    """``1 Observe``: number and name with a space (the PDF bookmark reads it)."""
    goal: str
    why_now: str
    owner: str
    dates: str
    starts_on: str
    ends_on: str
    duration: str
    milestone: bool
    lead: str
    """``2 weeks of approval lead time before it`` or empty."""
    activities: list[str]
    entry_criteria: list[str]
    exit_criteria: list[str]
    success_metrics: list[str]
    gates: list[GateView]
    risks: list[RiskRef]


@dataclass(frozen=True)
class Event:
    """One line of the schedule: a phase's span or a decision, in date order."""

    when: str
    what: str
    who: str
    kind: str
    """``phase``, ``approval``, ``go_no_go`` or ``review``."""


@dataclass(frozen=True)
class PhaseDates:
    """A phase's days and its decisions' days, for the timeline chart."""

    starts_on: dt.date
    ends_on: dt.date
    gates: list[tuple[dt.date, str]]
    """Each decision's day and kind."""


@dataclass(frozen=True)
class Calendar:
    """The plan's dates: the day the schedule counts from and each phase's days."""

    reference: dt.date
    phases: list[PhaseDates]


@dataclass(frozen=True)
class Roadmap:
    """The whole roadmap."""

    summary: str
    schedule_note: str
    baseline: str
    pilot_scope: str
    dates: str
    phases: list[PhaseView]
    events: list[Event]
    calendar: Calendar


@dataclass(frozen=True)
class RiskRow:
    """One entry of the risk register."""

    ref: str
    title: str
    likelihood: str
    likelihood_id: str
    impact: str
    impact_id: str
    owner: str
    phase: str
    mitigation: str
    source: str
    """Empty for a risk from the answers; else where it was found (the pre-flight checks, the scan)."""
    line: str
    """Likelihood, impact and owner in a line, for the executive summary."""


def risk_register(a: Assessment, text: Mapping[str, Any]) -> list[RiskRow]:
    """Every risk of the register, most severe first as the Assessment orders them, numbered R1, R2…"""
    t = text["risks"]
    phases = {p.id: p.name for p in a.plan.phases}
    rows = []
    for i, r in enumerate(a.risks, 1):
        likelihood, impact = label(t["levels"], r.likelihood), label(t["levels"], r.impact)
        rows.append(RiskRow(f"R{i}", r.title, likelihood, r.likelihood, impact, r.impact, r.owner,
                            phases.get(r.phase, t["whole_plan"]) if r.phase else t["whole_plan"], r.mitigation,
                            t["sources"].get(r.source, "") if r.source != "answers" else "",
                            fill(t["summary_line"], likelihood=likelihood, impact=impact, owner=r.owner)))
    return rows


def roadmap(a: Assessment, text: Mapping[str, Any], register: list[RiskRow]) -> Roadmap:
    """The plan's phases, decisions and schedule, dated as the plan dates them."""
    months = text["months"]
    refs = {r.id: (row.ref, row.title, row.mitigation) for r, row in zip(a.risks, register, strict=True)}
    phases = [_phase(p, text, refs) for p in a.plan.phases]
    plan = a.plan
    scope = plan.pilot_scope.description if plan.pilot_scope else ""
    return Roadmap(plan.summary, plan.schedule_note, plan.baseline or "", scope,
                   date_range(plan.starts_on, plan.ends_on, months) if plan.phases else "", phases,
                   events(a, text), Calendar(plan.reference_date, [
                       PhaseDates(p.starts_on, p.ends_on, [(g.on, g.kind) for g in p.gates]) for p in plan.phases]))


def _phase(p: Phase, text: Mapping[str, Any], refs: Mapping[str, tuple[str, str, str]]) -> PhaseView:
    t = text["plan"]
    months = text["months"]
    milestone = p.draw_as == "milestone"
    risks = [RiskRef(*refs[r.id]) if r.id is not None and r.id in refs else RiskRef("", r.risk, r.mitigation)
             for r in p.risks]
    return PhaseView(
        p.number, p.id, p.name, f"{p.number} {p.name}", p.goal, p.why_now, p.owner,
        long_date(p.starts_on, months) if milestone else date_range(p.starts_on, p.ends_on, months),
        p.starts_on.isoformat(), p.ends_on.isoformat(),
        "" if milestone else span(p.duration_weeks.min, p.duration_weeks.max, t["week"], t["weeks"]),
        milestone, fill(t["lead"], weeks=span(p.lead_weeks, p.lead_weeks, t["week"], t["weeks"]))
        if p.lead_weeks else "",
        list(p.activities), list(p.entry_criteria), list(p.exit_criteria), list(p.success_metrics),
        [_gate(g, p.number, text) for g in p.gates], risks)


def _gate(g: Gate, phase: int, text: Mapping[str, Any]) -> GateView:
    t = text["plan"]
    repeats = fill_first(t["repeats"], months=g.every_months) if g.every_months else ""
    return GateView(g.kind, label(t["gate_kinds"], g.kind), g.name, long_date(g.on, text["months"]), g.on.isoformat(),
                    g.decided_by, list(g.criteria), repeats, phase)


def events(a: Assessment, text: Mapping[str, Any]) -> list[Event]:
    """Every phase span and decision of the plan in date order (on the same day: an approval, then the phase it
    opens, then a go/no-go or review)."""
    t = text["plan"]
    months = text["months"]
    order = {"approval": 0, "phase": 1, "go_no_go": 2, "review": 3}
    dated: list[tuple[dt.date, int, int, Event]] = []
    for p in a.plan.phases:
        if p.draw_as == "bar":
            what = fill(t["event_phase"], phase=p.name,
                        weeks=span(p.duration_weeks.min, p.duration_weeks.max, t["week"], t["weeks"]))
            dated.append((p.starts_on, order["phase"], p.number,
                          Event(date_range(p.starts_on, p.ends_on, months), what, p.owner, "phase")))
        for g in p.gates:
            repeats = fill_first(t["repeats"], months=g.every_months) if g.every_months else ""
            what = f"{g.name}, {repeats}" if repeats else g.name
            dated.append((g.on, order[g.kind], p.number, Event(long_date(g.on, months), what, g.decided_by, g.kind)))
    return [e for _, _, _, e in sorted(dated, key=lambda x: x[:3])]
