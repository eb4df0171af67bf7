"""The executive summary: one page with the decision asked of the reader, the verdict, why (the strongest findings
with the consultant's notes as evidence), the recommended data plane, the investment, the top risks, the next dated
steps and, where a scan disagrees with the answers, both figures and what the verdict would be with the scan's.

Every sentence names only what the Assessment knows (:func:`readiness.report.wording.fill_first`). Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.report.business import BusinessView
from readiness.report.evidence import Finding, FindingGroup
from readiness.report.roadmap import Event, RiskRow, Roadmap
from readiness.report.wording import fill, fill_first, join_words, long_date, plural

WHY_SIDES = {"adopt_now": ("raise", "gap"), "pilot": ("raise", "gap"), "prepare_first": ("gap", "raise"),
             "not_yet": ("dampen", "gap"), "gateway_only": ("dampen", "gap")}
"""Which findings say why, per verdict: the side the verdict rests on first, then the side that holds it back."""
TOP_REASONS = 3
MAX_REASONS = 4
"""With the consultant's notes: the strongest three reasons, and one with a note beyond them."""
TOP_RISKS = 3
NEXT_STEPS = 4


@dataclass(frozen=True)
class ScanCheck:
    """An answer the scan contradicts: both figures, and the verdict with the scan's figure."""

    question: str
    answered: str
    detected: str
    verdict: str


@dataclass(frozen=True)
class DataPlane:
    """The recommended data plane (or the gateway) in a line."""

    title: str
    line: str


@dataclass(frozen=True)
class ExecutiveSummary:
    """Everything on the executive summary page."""

    decision: str
    scores: str
    why: list[Finding]
    holding_back: list[Finding]
    data_plane: DataPlane | None
    investment: list[str]
    risks: list[RiskRow]
    more_risks: str
    next_steps: list[Event]
    scan_checks: list[ScanCheck]


def executive_summary(a: Assessment, text: Mapping[str, Any], groups: Sequence[FindingGroup], road: Roadmap | None,
                      business: BusinessView | None, register: list[RiskRow], plane: DataPlane | None,
                      scores: str) -> ExecutiveSummary:
    """The executive summary of an assessment, from the parts the report already built."""
    t = text["summary"]
    category = a.recommendation.category
    first, second = WHY_SIDES.get(category, ("raise", "gap"))
    by_side = {g.side: g.findings for g in groups}
    reasons = by_side.get(first, [])
    why = [f for i, f in enumerate(reasons) if i < TOP_REASONS or f.notes][:MAX_REASONS]
    return ExecutiveSummary(
        _decision(a, text, plane), scores, why, by_side.get(second, [])[:1], plane,
        business.investment if business else [], register[:TOP_RISKS],
        fill(t["more_risks"], count=len(register) - TOP_RISKS) if len(register) > TOP_RISKS else "",
        road.events[:NEXT_STEPS] if road else [], scan_checks(a, text))


def _decision(a: Assessment, text: Mapping[str, Any], plane: DataPlane | None) -> str:
    """The decision asked of the reader, worded for the verdict with the plan's first dates."""
    t = text["summary"]["decision"]
    months = text["months"]
    plan = a.plan
    bars = [p for p in plan.phases if p.draw_as == "bar"]
    review = next((g for p in plan.phases for g in p.gates if g.kind == "review"), None)
    first = bars[0] if bars else None
    gate = next((g for g in first.gates if g.kind == "go_no_go"), None) if first else None
    scope = plan.pilot_scope
    values = {
        "plane": plane.title if plane and a.plan.data_plane else None,
        "first": first.name if first else None,
        "start": long_date(first.starts_on, months) if first else None,
        "end": long_date(plan.ends_on, months) if bars else None,
        "phases": plural(len(bars), text["plan"]["phase_one"], text["plan"]["phase_many"]) if bars else None,
        "decide": long_date(gate.on, months) if gate else None,
        "revisit": long_date(review.on, months) if review else None,
        "services": plural(scope.services, text["units"]["service"], text["units"]["services"]) if scope else None,
    }
    return fill_first(list(t.get(a.recommendation.category, t["other"])), **values)


def scan_checks(a: Assessment, text: Mapping[str, Any]) -> list[ScanCheck]:
    """The major disagreements between the answers and the scan, each with the verdict the scan's figure gives."""
    t = text["summary"]["scan"]
    prompts = {x.id: x.prompt for x in a.answers}
    categories = text["categories"]
    checks = []
    for d in a.disagreements:
        if d.severity != "major":
            continue
        verdict = ""
        if d.if_detected is not None:
            now = a.recommendation.category
            key = "same" if d.if_detected.category == now else "other"
            verdict = fill(t[key], verdict=categories.get(d.if_detected.category, d.if_detected.category),
                           need=f"{d.if_detected.need:.0f}", need_now=f"{a.scores.need:.0f}",
                           readiness=f"{d.if_detected.readiness:.0f}", readiness_now=f"{a.scores.readiness:.0f}")
        checks.append(ScanCheck(prompts.get(d.question, t["question"]), d.answered, d.detected, verdict))
    return checks


def cover_note(a: Assessment, text: Mapping[str, Any]) -> str:
    """What the cover says of the evidence: answers only, or answers and a scan (and how many answers it
    contradicts), so a scan-backed report never looks like the report without it; and, when several people were
    interviewed, how many and on how many questions they disagree."""
    evidence = _evidence_note(a, text)
    if len(a.respondents) < 2:
        return evidence
    t = text["cover"]
    scanned = a.scan is not None and bool(a.scan.clusters)
    people = " ".join((evidence, fill(t["people"], people=len(a.respondents)))) if scanned else fill(
        t["people_only"], people=len(a.respondents))
    if not a.conflicts:
        return people
    questions = plural(len(a.conflicts), text["units"]["question"], text["units"]["questions"])
    disagree = fill(t["disagree"], questions=questions, section=text["sections"]["conflicts"]["title"])
    return f"{people} {disagree}"


def _evidence_note(a: Assessment, text: Mapping[str, Any]) -> str:
    t = text["cover"]
    if a.scan is None or not a.scan.clusters:
        return str(t["answers_only"])
    names = [c.name for c in a.scan.clusters]
    clusters = (fill(text["more_names"], names=", ".join(names[:3]), count=len(names) - 3) if len(names) > 3
                else join_words(names, text["and"]))
    major = [d for d in a.disagreements if d.severity == "major"]
    units = text["units"]
    return fill_first(t["scan"] if major else t["scan_agrees"], clusters=clusters,
                      answers=plural(len(major), units["answer"], units["answers"]) if major else None)
