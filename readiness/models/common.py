"""Shared building blocks of every model: strict base class and constrained ids."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A stable snake_case id (question, section, signal, phase, choice)."""

AnswerSource = Literal["answered", "detected", "default"]
"""Where an answer came from: the user, a cluster scan, or the questionnaire's default."""

Category = Literal["not_yet", "gateway_only", "prepare_first", "pilot", "adopt_now"]
"""The five recommendation categories (stable ids)."""

CATEGORIES: tuple[Category, ...] = ("not_yet", "gateway_only", "prepare_first", "pilot", "adopt_now")

AnswerValue = bool | int | float | str | list[str]
"""What an answer can hold once validated."""


class StrictModel(BaseModel):
    """Base of every model: unknown fields are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)
