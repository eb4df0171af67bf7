"""The Comparison: two saved assessments of one client side by side (``readiness compare BEFORE AFTER``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from readiness.models.answers import Engagement
from readiness.models.assessment import ToolInfo
from readiness.models.common import AnswerSource, Category, Identifier, StrictModel
from readiness.models.questionnaire import Side, SignalKind

COMPARISON_SCHEMA_VERSION: Literal["1.0"] = "1.0"


class AssessmentRef(StrictModel):
    """Which assessment one side of the comparison is."""

    questionnaire: str = Field(description="id@version")
    date: dt.date = Field(description="the engagement date, else the day it was generated")
    generated_at: dt.datetime


class VerdictSide(StrictModel):
    """A verdict as it stood."""

    category: Category
    title: str
    headline: str


class VerdictChange(StrictModel):
    """The verdict before and after."""

    before: VerdictSide
    after: VerdictSide
    changed: bool


class Delta(StrictModel):
    """A score before and after, and how much it moved (after − before)."""

    before: float
    after: float
    change: float


class ScoreDeltas(StrictModel):
    """Need, readiness and confidence, before and after."""

    need: Delta
    readiness: Delta
    confidence: Delta


class ChangedAnswer(StrictModel):
    """An answer whose value changed (display values as people read them; None: not in that questionnaire)."""

    question: Identifier
    prompt: str
    before: str | None
    after: str | None
    before_source: AnswerSource | None
    after_source: AnswerSource | None


class SignalState(StrictModel):
    """A signal as one assessment scored it."""

    value: str = Field(description="its inputs as people read them")
    strength: float
    contribution: float
    side: Side
    explanation: str


class SignalChange(StrictModel):
    """A signal whose contribution or side moved, with its evidence before and after."""

    id: Identifier
    name: str
    kind: SignalKind
    before: SignalState | None = Field(description="None: the signal was not in the earlier questionnaire")
    after: SignalState | None = Field(description="None: the signal is not in the later questionnaire")
    change: float = Field(description="contribution after − before")
    because: list[Identifier] = Field(description="the signal's inputs whose answers changed")


PhaseStatus = Literal["met", "partly_met", "open", "added"]


class PhaseProgress(StrictModel):
    """How one phase of either plan stands after the re-assessment.

    An assessment records no measurement of a phase's exit criteria: they are sentences of the plan. So an exit
    criterion of the earlier plan counts as met when the later plan, built from the later answers and scans, no
    longer asks for it (the phase left the plan, or the criterion left the phase); it is open while the later plan
    still asks for it. ``met``: every criterion of the phase is met; ``partly_met``: some; ``open``: none;
    ``added``: the phase is new in the later plan.
    """

    phase: Identifier
    name: str
    status: PhaseStatus
    met: list[str] = Field(description="exit criteria of the earlier plan the later plan no longer asks for")
    open: list[str] = Field(description="exit criteria the later plan still (or newly) asks for")
    due_on: dt.date | None = Field(description="when the earlier plan had the phase end (None: added)")
    due: bool = Field(description="the earlier plan had it end on or before the later assessment's date")


class FindingChange(StrictModel):
    """A precheck finding on one object that appeared or went away."""

    cluster: str
    check: Identifier
    title: str
    object: str = Field(description="Kind/namespace/name")
    severity: str
    detail: str


class PrecheckChange(StrictModel):
    """Precheck findings opened and closed between two scan-backed assessments.

    Findings are matched by check and object within a cluster; clusters are matched by name, or paired when each
    assessment scanned exactly one."""

    opened: list[FindingChange]
    closed: list[FindingChange]
    unchanged: int = Field(ge=0, description="findings on the same object by the same check in both")


class TriggerAnswer(StrictModel):
    """One answer of a trigger: the value it needed and the value given later."""

    question: Identifier
    topic: str = Field(description="what the question is about, in a few words")
    needed: str
    after: str | None
    holds: bool


class TriggerProgress(StrictModel):
    """A trigger of the earlier verdict and whether the later answers reached it.

    A trigger is reached when each of its answers holds later: the same value (a list: holding each of its items;
    an empty list: empty), or, for a number, the trigger's value or beyond it as seen from the earlier answer."""

    change: str
    new_category: Category
    direction: Literal["up", "down", "across"]
    answers: list[TriggerAnswer]
    reached: bool


class Comparison(StrictModel):
    """Two assessments of one client compared: what moved between them, and why."""

    schema_version: Literal["1.0"] = COMPARISON_SCHEMA_VERSION
    tool: ToolInfo
    before: AssessmentRef
    after: AssessmentRef
    engagement: Engagement | None = Field(default=None, description="the later assessment's engagement")
    verdict: VerdictChange
    scores: ScoreDeltas
    changed_answers: list[ChangedAnswer]
    signals: list[SignalChange] = Field(description="signals that moved, largest change first")
    plan: list[PhaseProgress] = Field(description="the earlier plan's phases in order, then the added ones")
    precheck: PrecheckChange | None = Field(default=None, description="present when both assessments have a "
                                                                      "precheck of scanned clusters")
    triggers: list[TriggerProgress]
    notes: list[str] = Field(default_factory=list, description="what the comparison could not compare, and why")

