"""JSON Schemas of every document the tool reads or writes, generated from the models."""

from __future__ import annotations

import json
from typing import Any

from readiness.app.rules import load_questionnaire
from readiness.models import Answers, AnswersFile, Assessment, Question, Questionnaire, ScanResult
from readiness.models.brand import BrandFile
from readiness.models.business import PricingFile
from readiness.models.compare import Comparison
from readiness.models.engagement import EngagementConfig
from readiness.models.precheck import PrecheckReport

SCHEMAS = ("answers", "assessment", "brand", "comparison", "engagement", "precheck", "pricing", "questionnaire",
           "scan")
"""The documents with a published schema (``readiness schema NAME``)."""

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://readiness.dev/schemas"


def schema_for(name: str, questionnaire: Questionnaire | None = None) -> dict[str, Any]:
    """The JSON Schema of a document of :data:`SCHEMAS` (or ``resolved-answers``).

    The answers schema lists every question of the (default) questionnaire with its type and values.
    """
    if name == "assessment":
        schema = Assessment.model_json_schema(mode="serialization")
    elif name == "comparison":
        schema = Comparison.model_json_schema(mode="serialization")
    elif name == "questionnaire":
        schema = Questionnaire.model_json_schema(mode="validation")
    elif name == "answers":
        if questionnaire is None:
            questionnaire = load_questionnaire()
        schema = AnswersFile.model_json_schema(mode="validation")
        schema["properties"]["answers"] = {
            "type": "object",
            "description": f"answers to {questionnaire.ref}; unanswered questions take their default",
            "properties": {q.id: question_schema(q) for q in questionnaire.questions()},
            "additionalProperties": False,
        }
        targets = sorted({s.id for s in questionnaire.sections} | {q.id for q in questionnaire.questions()}
                         | {"general"})
        schema["properties"]["notes"] = {**schema["properties"]["notes"], "propertyNames": {"enum": targets}}
    elif name == "precheck":
        schema = PrecheckReport.model_json_schema(mode="serialization")
    elif name == "pricing":
        schema = PricingFile.model_json_schema(mode="validation")
    elif name == "brand":
        schema = BrandFile.model_json_schema(mode="validation")
    elif name == "engagement":
        schema = EngagementConfig.model_json_schema(mode="validation")
    elif name == "scan":
        schema = ScanResult.model_json_schema(mode="serialization")
    elif name == "resolved-answers":
        schema = Answers.model_json_schema(mode="serialization")
    else:
        raise ValueError(f"no schema named {name!r}")
    return {"$schema": SCHEMA_DIALECT, "$id": f"{SCHEMA_BASE}/{name}.json", **schema}


def question_schema(question: Question) -> dict[str, Any]:
    """The JSON Schema of one answer (aliases are accepted values too)."""
    spellings = sorted({c.id for c in question.choices} | {a for c in question.choices for a in c.aliases})
    base: dict[str, Any] = {"description": question.prompt}
    if question.type == "bool":
        base["type"] = ["boolean", "null"]
    elif question.type in ("int", "number"):
        base["type"] = ["integer", "null"] if question.type == "int" else ["number", "null"]
        if question.min is not None:
            base["exclusiveMinimum" if question.exclusive_min else "minimum"] = question.min
        if question.max is not None:
            base["maximum"] = question.max
    elif question.type == "choice":
        base["type"] = ["string", "null"]
        base["enum"] = [*spellings, None]
    else:
        base["type"] = ["array", "null"]
        base["items"] = {"type": "string", "enum": spellings}
    return base


def schema_json(name: str) -> str:
    """``readiness schema NAME``: the JSON Schema as indented JSON text."""
    return json.dumps(schema_for(name), indent=2, ensure_ascii=False) + "\n"
