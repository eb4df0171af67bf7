"""Several respondents: who owns which sections (the respondents rules), who answered, and where they disagree."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models.common import AnswerValue, Identifier, StrictModel

ConflictRule = Literal["owner", "last_file"]
"""How the answer used in a disagreement was chosen: the role that owns the question's section answered it
(``owner``), else the last file given that answers it (``last_file``)."""


class RoleRule(StrictModel):
    """A respondent's role: its title as the report names it and the questionnaire sections it owns."""

    title: str = Field(min_length=1, max_length=100, description="the role as people read it, e.g. Security lead")
    owns: list[Identifier] = Field(default_factory=list, description="section ids whose answers this role decides")


class RespondentRules(StrictModel):
    """The respondents rules file (``rules/respondents.yaml``, or ``--roles FILE``): roles and what they own."""

    schema_version: Literal[1] = 1
    roles: dict[Identifier, RoleRule] = Field(min_length=1)
    conflict_credit: float = Field(
        default=0.5, ge=0, le=1, description="how much an answer the respondents disagree on counts towards the "
                                             "confidence (1: as much as an agreed answer, 0: not at all)")


class RespondentEntry(StrictModel):
    """One answers file of a merged assessment and who gave it."""

    file: str = Field(description="the file's name (never its folder)")
    name: str | None = None
    role: Identifier | None = None
    role_title: str | None = None
    owns: list[Identifier] = Field(default_factory=list, description="the sections the role owns")


class ConflictValue(StrictModel):
    """One respondent's answer to a question the respondents disagree on."""

    file: str = Field(description="the answers file's name")
    respondent: str | None = Field(default=None, description="the respondent's name, when the file gives it")
    role: Identifier | None = None
    value: AnswerValue
    display: str = Field(description="the value as people read it")


class Conflict(StrictModel):
    """A question the respondents answered differently: every answer, the one used and the rule that chose it."""

    question: Identifier
    section: Identifier
    prompt: str
    values: list[ConflictValue] = Field(min_length=2, description="each respondent's answer, in file order")
    used: AnswerValue
    used_display: str
    used_file: str = Field(description="the file whose answer is used")
    rule: ConflictRule
    owner: Identifier | None = Field(default=None, description="with rule owner: the role that owns the section")
    reason: str = Field(description="why this answer is used, in a sentence")
    confidence_share: float | None = Field(
        default=None, ge=0, le=1, description="how much the answer counts towards the confidence, against 1 for an "
                                              "agreed answer (the respondents rules' conflict_credit); None when no "
                                              "signal reads the question")
