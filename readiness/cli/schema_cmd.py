"""``readiness schema``: print the JSON Schemas generated from the models."""

from __future__ import annotations

import json
from enum import StrEnum

import typer

HELP = """Print a JSON Schema generated from the models.

Examples:

  readiness schema assessment > assessment.schema.json

  readiness schema answers
"""


class SchemaName(StrEnum):
    """The documents with a published schema."""

    answers = "answers"
    assessment = "assessment"
    questionnaire = "questionnaire"
    scan = "scan"


def schema(name: SchemaName = typer.Argument(..., help="answers, assessment, questionnaire or scan")) -> None:
    """Print a JSON Schema."""
    from readiness.schemas import schema_for

    typer.echo(json.dumps(schema_for(name.value), indent=2, ensure_ascii=False))
