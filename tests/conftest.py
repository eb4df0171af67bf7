"""Fixtures shared by every test package."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from readiness.app.rules import (
    load_multicluster_rules,
    load_plan_catalogue,
    load_questionnaire,
    load_risk_catalogue,
)
from readiness.core.answers import parse_answers_file, resolve
from readiness.core.assessment import build_assessment
from readiness.models import Assessment, PlanCatalogue, Questionnaire, RiskCatalogue

REPO = Path(__file__).resolve().parents[1]
if "READINESS_CACHE_DIR" not in os.environ:   # parsed rule tables (readiness.io.parsecache): not in the user's cache
    os.environ["READINESS_CACHE_DIR"] = tempfile.mkdtemp(prefix="readiness-test-cache-")
    atexit.register(shutil.rmtree, os.environ["READINESS_CACHE_DIR"], ignore_errors=True)
EXAMPLES = REPO / "examples"
FIXED_TIME = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)


def shared_dir() -> Path:
    """``../shared`` beside the checkout (override with READINESS_SHARED)."""
    return Path(os.environ.get("READINESS_SHARED", REPO.parent / "shared")).resolve()


def realdata_dir(app: str | None = None) -> Path:
    """The real public manifests with their ground truth (one app's folder when ``app`` is given)."""
    base = shared_dir() / "realdata"
    return base / app if app else base


def pytest_sessionstart(session: pytest.Session) -> None:
    """Stop at once, with one line, when the real data is not there: without it a third of the suite would fail
    with a different message each, and no test may pass or skip for want of its data."""
    if not realdata_dir().is_dir():
        pytest.exit(f"{realdata_dir()} not found: the tests read the real manifests in ../shared/realdata; put the "
                    f"shared folder beside the checkout or point READINESS_SHARED at it", returncode=2)


@pytest.fixture(scope="session")
def questionnaire() -> Questionnaire:
    return load_questionnaire()


@pytest.fixture(scope="session")
def catalogue(questionnaire: Questionnaire) -> PlanCatalogue:
    return load_plan_catalogue(questionnaire)


@pytest.fixture(scope="session")
def risk_catalogue(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> RiskCatalogue:
    return load_risk_catalogue(questionnaire, catalogue)


@pytest.fixture(scope="session")
def assess_answers(questionnaire: Questionnaire, catalogue: PlanCatalogue,
                   risk_catalogue: RiskCatalogue) -> Callable[..., Assessment]:
    """Build an assessment from a plain answers mapping (plus optional envelope fields)."""

    def build(answers: dict[str, Any], **envelope: Any) -> Assessment:
        answers_file = parse_answers_file({"answers": answers, **envelope}, "test.yaml")
        resolved = resolve(questionnaire, answers_file, "test.yaml")
        return build_assessment(questionnaire, catalogue, resolved, FIXED_TIME, risks=risk_catalogue,
                                multicluster=load_multicluster_rules())

    return build
