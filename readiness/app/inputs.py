"""The documents a user hands the tool: answers files and saved assessments, read and checked in one place."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from readiness.core.answers import MAX_ANSWERS_BYTES, parse_answers_file
from readiness.errors import Problem
from readiness.io.files import display_name, load_document
from readiness.io.load import load_model
from readiness.models import AnswersFile, Assessment
from readiness.models import assessment as assessment_document

MAX_PROBLEMS = 10
"""Problems listed for a file that is not an Assessment at all (the rest are counted)."""


def load_answers_file(path: str | Path) -> AnswersFile:
    """Read an answers file (JSON or YAML, ``-`` for stdin) and check its envelope."""
    raw = load_document(path, what="answers", max_bytes=MAX_ANSWERS_BYTES)
    return parse_answers_file(raw, display_name(path))


def load_assessment(path: str | Path) -> Assessment:
    """Read a saved Assessment (JSON or YAML, ``-`` for stdin), checked against its model."""
    return load_model(path, Assessment, what="assessment", max_bytes=assessment_document.MAX_ASSESSMENT_BYTES,
                      kind="assessment", title="an Assessment", before=_schema_version, max_problems=MAX_PROBLEMS)


def _schema_version(raw: Mapping[str, Any], name: str) -> list[Problem]:
    version = raw.get("schema_version")
    supported = Assessment.model_fields["schema_version"].default
    if version is not None and version != supported:
        return [Problem(name, "schema_version", f"unsupported assessment schema {str(version)[:20]!r}; this version "
                                                f"of readiness reads {supported}")]
    return []
