"""Every question changes the Assessment the way its help says it does: changed alone (its condition met), some
other value of it changes the verdict, scores, signals, plan, risks, mesh options, cost or business case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from readiness.app.assess import Rules, assess
from readiness.core.answers import parse_answers_file
from readiness.models import PlanCatalogue, Question, Questionnaire, RiskCatalogue
from tests.conftest import EXAMPLES

STAMP = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)
IGNORED = {"answers", "warnings", "generated_at", "tool"}
"""What always follows an answer (the answers themselves) and what says nothing about the decision."""
CONDITIONS = {"observability": ["metrics", "logs", "tracing"], "clusters": 3, "north_south_only": True}
"""Answers that make every follow-up apply."""


def bases() -> dict[str, dict[str, Any]]:
    found = {}
    for name in ("regulated-enterprise", "startup", "monolith"):
        raw = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
        found[name] = {**raw["answers"], **CONDITIONS}
    found["pilot-team"] = {"service_count": 14, "languages": ["go", "java"], "time_to_localize": "hours",
                           "localize_vs_fix": "localizing_takes_longer", "kubernetes_experience": "learning",
                           **CONDITIONS}
    return found


def others(question: Question, current: Any) -> list[Any]:
    """Two other values of a question: its neighbours, or the extremes."""
    ids = [c.id for c in question.choices]
    if question.type == "bool":
        return [not current]
    if question.type == "choice":
        return [c for c in (ids[0], ids[-1]) if c != current] or ids[1:2]
    if question.type == "multi":
        items = list(current or [])
        return [[c for c in ids if c in items or c == ids[-1]] if ids[-1] not in items else items[:-1], []]
    numbers = [n for n in (question.steps or [1, 2, 5, 10, 50]) if n != current]
    return [numbers[0], numbers[-1]]


@pytest.fixture(scope="module")
def rules(questionnaire: Questionnaire, catalogue: PlanCatalogue, risk_catalogue: RiskCatalogue) -> Rules:
    return Rules(questionnaire, catalogue, risk_catalogue)


def decision(rules: Rules, answers: dict[str, Any]) -> dict[str, Any]:
    a = assess(rules, parse_answers_file({"answers": answers}, "a.yaml"), "a.yaml", STAMP)
    return a.model_dump(mode="json", exclude=IGNORED)


def test_every_question_changes_the_assessment(questionnaire: Questionnaire, rules: Rules) -> None:
    silent: list[str] = []
    for question in questionnaire.questions():
        changed = False
        for answers in bases().values():
            base = decision(rules, answers)
            for value in others(question, answers.get(question.id, question.default)):
                if decision(rules, {**answers, question.id: value}) != base:
                    changed = True
                    break
            if changed:
                break
        if not changed:
            silent.append(question.id)
    assert silent == [], f"questions that change nothing: {silent}"
