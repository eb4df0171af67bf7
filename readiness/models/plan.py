"""The plan catalogue (data) and the phased, dated plan it produces."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from readiness.models.common import Category, Identifier, StrictModel
from readiness.models.mesh import MeshId
from readiness.models.questionnaire import Condition

PlanKind = Literal["adoption", "prepare_and_revisit", "edge"]
TermSet = Literal["neutral", "istio_sidecar", "istio_ambient", "linkerd"]
"""Whose words the plan uses: no mesh's (neutral) or one data plane's."""

TERM_SETS: tuple[TermSet, ...] = ("neutral", "istio_sidecar", "istio_ambient", "linkerd")


# --------------------------------------------------------------------------------------------------
# The catalogue (data)
# --------------------------------------------------------------------------------------------------

class Sentence(StrictModel):
    """A sentence shown only when its condition holds on the known answers (no condition: always).

    ``{question_id}`` placeholders read the answer in words; each must be a question the condition tests, so a
    sentence never states an answer nobody gave. ``{term}`` placeholders take the data plane's own words.
    """

    text: str = Field(min_length=1)
    when: Condition | None = None


class Choose(StrictModel):
    """Alternative wordings: the first whose condition holds is shown; none when none holds."""

    first_of: list[Sentence] = Field(min_length=1)


PlanLine = str | Sentence | Choose
"""A line of a phase: plain text (always shown), a conditional sentence, or a choice between wordings."""


class WeekRange(StrictModel):
    """An estimated duration in weeks."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)


class Boost(StrictModel):
    """Extra priority for a phase when an answer calls for it."""

    when: Condition
    points: float = Field(gt=0)


class Adjustment(StrictModel):
    """A duration factor for one phase when the answers call for it."""

    when: Condition
    factor: float = Field(gt=0)
    reason: str = Field(min_length=1, description="why, as the scaling note says it (\"identities to integrate\")")


class PhaseSpec(StrictModel):
    """A phase as the catalogue describes it, before it is chosen, worded, scaled and dated."""

    id: Identifier
    name: str
    goal: str
    owner: Identifier = Field(description="the role that owns the phase (a key of the catalogue's roles)")
    activities: list[PlanLine]
    entry_criteria: list[PlanLine]
    exit_criteria: list[PlanLine]
    success_metrics: list[PlanLine]
    why: list[Sentence] = Field(default_factory=list,
                                description="client facts that put the phase where it is (those that hold are named)")
    why_else: str = Field(description="the reason given when none of the facts holds")
    weeks: WeekRange
    adjust: list[Adjustment] = Field(default_factory=list, description="duration factors by answer")
    onboarding: bool = Field(default=False, description="every team onboards in it: its duration grows with them")
    starts: Literal["window", "now"] = Field(
        default="window", description="window: not before the adoption window opens; now: on the reference date")
    approval: bool = Field(default=True, description="a platform change: the change approval's lead time and gate "
                                                     "apply")
    gate: bool = Field(default=True, description="ends with a go/no-go gate on its exit criteria")
    every_months: int | None = Field(
        default=None, ge=1, description="a recurring review: a milestone this many months after the reference date, "
                                        "then again at that interval (no duration)")
    include_when: Condition | None = None
    driven_by: list[Identifier] = Field(
        default_factory=list, description="signals whose contribution moves this phase earlier")
    boosts: list[Boost] = Field(default_factory=list, description="answers that move this phase earlier")
    order: Literal["first", "early", "driven", "last"] = "driven"


class PlanTemplate(StrictModel):
    """Which phases a category's plan draws from."""

    kind: PlanKind
    summary: str
    phases: list[Identifier]


class Scaling(StrictModel):
    """How durations scale with service count, Kubernetes experience and the teams that onboard."""

    services: list[tuple[float, float]]
    experience: dict[str, float]
    teams: list[tuple[float, float]] = Field(
        default_factory=lambda: [(1.0, 1.0)], description="factor by number of teams, on onboarding phases")


class Approval(StrictModel):
    """What one level of change approval does to the schedule."""

    lead_weeks: int = Field(ge=0, description="lead time before every phase that changes the platform")
    factor: float = Field(gt=0, description="duration factor: each namespace's change waits for approval")
    gate: str | None = Field(default=None, description="name of the approval gate before each such phase; "
                                                       "{phase} is the phase's name")
    decided_by: str | None = Field(default=None, description="who approves")


class Schedule(StrictModel):
    """How the plan is dated: the adoption window, change approval and the names of its gates."""

    windows: dict[str, int] = Field(description="adoption_window answer → calendar quarters until work starts "
                                                "(0: on the reference date)")
    approval: dict[str, Approval] = Field(description="change_approval answer → lead time, factor and gate")
    go_no_go: str = Field(description="name of the go/no-go gate at the end of a phase; {phase} is its name")
    go_no_go_by: Identifier = Field(description="the role that takes the go/no-go decisions")
    review: str = Field(description="name of a recurring review; {phase} is its name")


class PilotScopeText(StrictModel):
    """How the pilot's scope is named: from the scan's namespaces, else from the answered counts."""

    min_services: int = Field(ge=1)
    max_services: int = Field(ge=1)
    scanned: str = Field(description="{namespace}, {cluster}, {services}: a scanned namespace")
    answered: str = Field(description="{services} (of {service_count}): a share of the answered services")
    unsized: str = Field(description="when the number of services is not known")
    notes: list[Sentence] = Field(default_factory=list, description="added when their condition holds")


class PlanCatalogue(StrictModel):
    """The whole plan catalogue file."""

    schema_version: Literal[2] = 2
    questionnaire: str = Field(description="id of the questionnaire this catalogue belongs to")
    roles: dict[Identifier, list[Sentence]] = Field(
        description="owner roles: the first wording whose condition holds (the last has none)")
    mesh_terms: dict[TermSet, dict[Identifier, str]] = Field(
        description="each data plane's own words for the {term} placeholders; neutral names no mesh")
    schedule: Schedule
    baseline: list[Sentence] = Field(
        default_factory=list, description="today's figures the success metrics measure against (first that holds)")
    pilot_scope: PilotScopeText
    phases: list[PhaseSpec]
    plans: dict[Category, PlanTemplate]
    scaling: Scaling


# --------------------------------------------------------------------------------------------------
# The produced plan
# --------------------------------------------------------------------------------------------------

class Risk(StrictModel):
    """A risk of a phase and how to keep it small (the register's entry for this phase, in short)."""

    id: Identifier | None = Field(default=None, description="the risk's id in the Assessment's risk register")
    risk: str
    mitigation: str


class Gate(StrictModel):
    """A decision point on the roadmap, drawn as a milestone: an approval before a phase, a go/no-go at its end,
    or a recurring review."""

    kind: Literal["approval", "go_no_go", "review"]
    name: str
    on: dt.date
    criteria: list[str] = Field(description="what must hold to pass it")
    decided_by: str
    every_months: int | None = Field(default=None, description="for a recurring review: repeats at this interval")


class Phase(StrictModel):
    """A phase of the produced plan, worded for this client, scaled and dated."""

    id: Identifier
    name: str
    goal: str
    activities: list[str]
    entry_criteria: list[str]
    exit_criteria: list[str]
    success_metrics: list[str]
    risks: list[Risk] = Field(description="the register's risks of this phase")
    number: int
    duration_weeks: WeekRange = Field(description="0–0 for a milestone")
    why_now: str = Field(description="why this phase is in the plan, and in this place, from the client's answers")
    owner: str = Field(description="the role that owns the phase")
    lead_weeks: int = Field(ge=0, description="approval lead time between the previous phase's end and starts_on")
    starts_on: dt.date
    ends_on: dt.date = Field(description="the last day, by the longest estimate (duration_weeks.max)")
    draw_as: Literal["bar", "milestone"] = Field(description="bar: a span of work; milestone: a point in time")
    gates: list[Gate] = Field(description="approval before it, go/no-go at its end, or its recurring review")


class PilotScope(StrictModel):
    """What the pilot covers, named."""

    description: str
    services: int = Field(ge=1)
    namespace: str | None = Field(default=None, description="the scanned namespace it names, if any")
    cluster: str | None = None


class Sizing(StrictModel):
    """The counts the plan was sized with, and what the scan found where it disagrees."""

    services: int
    clusters: int
    teams: int
    scan_found: dict[Identifier, str] = Field(
        default_factory=dict, description="question id → the scan's figure, where it disagrees with the answer used")


class Plan(StrictModel):
    """The phased plan for one assessment."""

    kind: PlanKind
    summary: str
    phases: list[Phase]
    total_weeks: WeekRange = Field(description="the bars' durations added up (lead times and milestones left out)")
    scaling_note: str = Field(description="the counts and factors the durations were scaled by, in words")
    starts_on: dt.date = Field(description="the first phase's start")
    ends_on: dt.date = Field(description="the last bar's end, by the longest estimates")
    reference_date: dt.date = Field(description="the date the schedule counts from: the engagement date, else the "
                                                "assessment's")
    schedule_note: str = Field(description="when work starts and why, lead times, and which estimate dates it")
    sizing: Sizing
    data_plane: MeshId | None = Field(
        default=None, description="the data plane whose terms the plan uses (the recommended one); null: no mesh named")
    pilot_scope: PilotScope | None = Field(default=None, description="for a plan with a pilot: its named scope")
    baseline: str | None = Field(default=None, description="today's figures the success metrics measure against")
