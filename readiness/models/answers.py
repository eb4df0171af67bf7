"""The answers file: the public contract automation and consultants write by hand."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import Field, field_validator

from readiness.models.common import AnswerSource, AnswerValue, Identifier, StrictModel

_REFERENCE = re.compile(r"^[a-z][a-z0-9-]*(@[A-Za-z0-9._-]+)?$")


class Engagement(StrictModel):
    """Who the assessment is for and who ran it (shown on the report's cover)."""

    client: str | None = Field(default=None, max_length=200)
    assessor: str | None = Field(default=None, max_length=200)
    date: dt.date | None = None
    firm: str | None = Field(default=None, max_length=200)

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        """Only a calendar date (YAML date or ``YYYY-MM-DD`` text); no timestamps or day counts."""
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise ValueError("expected a date as YYYY-MM-DD")


class Respondent(StrictModel):
    """Who gave the answers of a file; ``readiness assess A B C`` merges several respondents' files."""

    name: str = Field(min_length=1, max_length=200, description="the person interviewed")
    role: Identifier | None = Field(
        default=None, description="a role of the respondents rules (bundled: cto, platform_lead, security_lead, "
                                  "engineering_lead); where people disagree, the answer of the role that owns the "
                                  "question's section is used")

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("expected the respondent's name, found blank text")
        return value.strip() if isinstance(value, str) else value

    @field_validator("role", mode="before")
    @classmethod
    def _role(cls, value: Any) -> Any:
        """``Security lead`` and ``security-lead`` both name the role ``security_lead``."""
        if isinstance(value, str):
            return re.sub(r"[\s-]+", "_", value.strip().lower())
        return value


class AnswersFile(StrictModel):
    """An answers file as written by hand or saved by the interview.

    ``answers`` maps question ids to values; they are checked against the questionnaire,
    not here, so that every problem can be reported with its field.
    """

    questionnaire: str | None = Field(
        default=None, description="questionnaire id@version the answers were given to",
        pattern=r"^[a-z][a-z0-9-]*(@[A-Za-z0-9._-]+)?$")

    @field_validator("questionnaire", mode="before")
    @classmethod
    def _reference(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not _REFERENCE.match(value)):
            raise ValueError("expected id@version, e.g. service-mesh-readiness@1.0.0")
        return value
    engagement: Engagement | None = None
    respondent: Respondent | None = Field(default=None, description="who gave these answers (name, role)")
    notes: dict[str, str] = Field(
        default_factory=dict, description="free text per section or question id, shown in the report")
    answers: dict[str, Any] = Field(default_factory=dict)


class ResolvedAnswer(StrictModel):
    """An answer after validation and defaulting, with where it came from."""

    id: Identifier
    section: Identifier
    prompt: str
    value: AnswerValue
    display: str = Field(description="the value as people read it")
    source: AnswerSource
    evidence: list[str] = Field(default_factory=list, description="for detected answers: what the scan saw")
    applicable: bool = Field(default=True, description="false when the question's condition does not hold")
    assumed: bool = Field(default=False, description="neither answered nor detected, and the default is an "
                                                     "assumption the assessment makes (shown as such)")


class DetectedAnswer(StrictModel):
    """A value a cluster scan found for a question, with what it saw."""

    value: AnswerValue
    evidence: list[str] = Field(default_factory=list)


class Answers(StrictModel):
    """Validated answers: every question resolved, plus engagement and notes."""

    questionnaire: str
    engagement: Engagement | None = None
    notes: dict[str, str] = Field(default_factory=dict)
    items: list[ResolvedAnswer]
    warnings: list[str] = Field(default_factory=list)

    def value(self, qid: str) -> AnswerValue:
        """The resolved value of a question."""
        return self.get(qid).value

    def get(self, qid: str) -> ResolvedAnswer:
        """The resolved answer of a question (KeyError if absent)."""
        for item in self.items:
            if item.id == qid:
                return item
        raise KeyError(qid)

    def values(self) -> dict[str, AnswerValue]:
        """All resolved values by question id."""
        return {item.id: item.value for item in self.items}
