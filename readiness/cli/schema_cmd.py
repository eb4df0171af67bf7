"""``readiness schema``: print the JSON Schemas generated from the models."""

from __future__ import annotations

from enum import StrEnum

import typer

from readiness.cli.loading import loading_modules

HELP = """Print the JSON Schema of a document the tool reads or writes, generated from its model.

answers (with every question of the bundled questionnaire), assessment, brand (the --brand file),
comparison (compare --format json), engagement (an engagement folder's engagement.yaml), precheck (scan
--precheck --format json), pricing (the assess --pricing file), questionnaire, scan.

Examples:

  readiness schema assessment > assessment.schema.json

  readiness schema precheck
"""


class SchemaName(StrEnum):
    """The documents with a published schema."""

    answers = "answers"
    assessment = "assessment"
    brand = "brand"
    comparison = "comparison"
    engagement = "engagement"
    precheck = "precheck"
    pricing = "pricing"
    questionnaire = "questionnaire"
    scan = "scan"


def schema(name: SchemaName = typer.Argument(..., help="answers, assessment, brand, comparison, engagement, "
                                                        "precheck, pricing, questionnaire or scan")) -> None:
    """Print a JSON Schema."""
    with loading_modules():
        from readiness.app.schemas import schema_json

    typer.echo(schema_json(name.value), nl=False)
