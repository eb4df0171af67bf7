"""The plan catalogue (data) and the phased plan it produces."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models.common import Category, Identifier, StrictModel
from readiness.models.questionnaire import Condition

PlanKind = Literal["adoption", "prepare_and_revisit", "edge"]


class Risk(StrictModel):
    """A risk of a phase and how to keep it small."""

    risk: str
    mitigation: str


class WeekRange(StrictModel):
    """An estimated duration in weeks."""

    min: int = Field(ge=0)
    max: int = Field(ge=0)


class Boost(StrictModel):
    """Extra priority for a phase when an answer calls for it."""

    when: Condition
    points: float = Field(gt=0)
    reason: str


class PhaseText(StrictModel):
    """What a phase is about: shared by the catalogue's phases and the produced plan's."""

    id: Identifier
    name: str
    goal: str
    activities: list[str]
    entry_criteria: list[str]
    exit_criteria: list[str]
    success_metrics: list[str]
    risks: list[Risk]


class PhaseSpec(PhaseText):
    """A phase as the catalogue describes it, before scaling."""

    weeks: WeekRange
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
    """How durations scale with service count and Kubernetes experience."""

    services: list[tuple[float, float]]
    experience: dict[str, float]


class PlanCatalogue(StrictModel):
    """The whole plan catalogue file."""

    schema_version: Literal[1] = 1
    questionnaire: str = Field(description="id of the questionnaire this catalogue belongs to")
    phases: list[PhaseSpec]
    plans: dict[Category, PlanTemplate]
    scaling: Scaling


class Phase(PhaseText):
    """A phase of the produced plan, with its duration scaled for this organisation."""

    number: int
    duration_weeks: WeekRange
    why_now: str = Field(description="why this phase is in the plan, and in this place")


class Plan(StrictModel):
    """The phased plan for one assessment."""

    kind: PlanKind
    summary: str
    phases: list[Phase]
    total_weeks: WeekRange
    scaling_note: str
