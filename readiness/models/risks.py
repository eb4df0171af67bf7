"""The risk catalogue (data) and the risk register it produces."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from readiness.models.common import CATEGORIES, Category, Identifier, StrictModel
from readiness.models.mesh import Severity
from readiness.models.plan import Sentence
from readiness.models.questionnaire import Condition

Level = Literal["low", "medium", "high"]
LEVELS: tuple[Level, ...] = ("low", "medium", "high")
RiskSource = Literal["answers", "precheck", "scan"]
"""What raised a risk: the answers, or (after the mesh analysis) the precheck or the scan."""


class LevelOverride(StrictModel):
    """Other levels for a risk when a condition holds (the first that holds applies)."""

    when: Condition
    likelihood: Level | None = None
    impact: Level | None = None


class RiskRule(StrictModel):
    """A risk the answers can raise: when it applies, how likely and how bad, who owns it, in which phase."""

    id: Identifier
    title: str = Field(min_length=1, description="{question_id} placeholders: answers its conditions test")
    likelihood: Level
    impact: Level
    levels: list[LevelOverride] = Field(default_factory=list)
    mitigation: list[Sentence] = Field(min_length=1, description="the first wording whose condition holds (a "
                                                                 "plain text: one wording)")
    owner: Identifier = Field(description="a role of the plan catalogue")
    when: Condition | None = None
    categories: list[Category] = Field(default_factory=lambda: list(CATEGORIES))
    phase: list[Identifier] = Field(
        default_factory=list, description="the first of these phases in the plan; when none is, the risk is left "
                                          "out (empty: a risk of the whole plan, phase null)")

    @field_validator("mitigation", mode="before")
    @classmethod
    def _one_wording(cls, value: object) -> object:
        """A plain text is the one wording."""
        return [{"text": value}] if isinstance(value, str) else value


class FindingRisk(StrictModel):
    """How a precheck finding reads as a risk ({title}, {affected}, {remediation} are the finding's)."""

    title: str
    impact: Level
    mitigation: str


class PrecheckRisks(StrictModel):
    """Risks from the precheck's findings on the data plane the plan uses."""

    min_severity: Severity
    likelihood: dict[Severity, Level]
    owner: Identifier
    phase: list[Identifier]
    categories: list[Category]
    default: FindingRisk
    checks: dict[Identifier, FindingRisk] = Field(default_factory=dict, description="wording per check id")


class ScanRisks(StrictModel):
    """Risks from the scan: an answer it contradicts strongly ({message} is the disagreement's)."""

    title: str
    likelihood: Level
    impact: Level
    mitigation: str
    owner: Identifier


class RiskCatalogue(StrictModel):
    """The whole risk catalogue file."""

    schema_version: Literal[1] = 1
    questionnaire: str = Field(description="id of the questionnaire this catalogue belongs to")
    risks: list[RiskRule]
    precheck: PrecheckRisks
    disagreement: ScanRisks


class RiskEntry(StrictModel):
    """One risk of the register."""

    id: Identifier
    title: str
    likelihood: Level
    impact: Level
    mitigation: str
    owner: str = Field(description="the role that owns it")
    phase: Identifier | None = Field(description="the plan phase it belongs to; null: the whole plan")
    source: RiskSource = Field(description="what raised it: the answers, the precheck or the scan")
