"""Fixtures of the report tests: assessments built from the examples with a fixed clock, and PDFs
rendered once per module (WeasyPrint is slow)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.answers import load_answers, parse_answers_file, resolve
from readiness.assessment import build_assessment
from readiness.models import Assessment, PlanCatalogue, Questionnaire
from tests.conftest import EXAMPLES, FIXED_TIME

EVIL = '<img src="file:///etc/passwd"> {{ 7*7 }}'
"""A client name that tries HTML injection and template injection at once."""

EXAMPLE_NAMES = ("regulated-enterprise", "startup", "monolith")
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture(scope="session")
def examples(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> dict[str, Assessment]:
    """The three example answers files, assessed at the fixed time."""
    return {name: build_assessment(questionnaire, catalogue, load_answers(questionnaire, EXAMPLES / f"{name}.yaml"),
                                   FIXED_TIME)
            for name in EXAMPLE_NAMES}


@pytest.fixture(scope="session")
def evil(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    """The regulated example with a hostile client, assessor and notes."""
    raw: dict[str, Any] = yaml.safe_load((EXAMPLES / "regulated-enterprise.yaml").read_text())
    raw = copy.deepcopy(raw)
    raw["engagement"].update(client=EVIL, assessor="[x](javascript:alert(1)) *bold* | pipe")
    raw["notes"]["security"] = f"{EVIL} <script>alert(1)</script> # not a heading"
    answers = resolve(questionnaire, parse_answers_file(raw, "evil.yaml"), "evil.yaml")
    return build_assessment(questionnaire, catalogue, answers, FIXED_TIME)
