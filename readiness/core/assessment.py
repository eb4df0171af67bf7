"""Compose one Assessment from a questionnaire, validated answers and the plan catalogue. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from readiness import __version__
from readiness.core.plan import build_plan
from readiness.core.scoring import score
from readiness.models import Answers, Assessment, Disagreement, PlanCatalogue, Questionnaire, ScanResult, ToolInfo


def build_assessment(questionnaire: Questionnaire, catalogue: PlanCatalogue, answers: Answers,
                     generated_at: dt.datetime, scan: ScanResult | None = None,
                     disagreements: Sequence[Disagreement] = ()) -> Assessment:
    """The whole assessment; ``generated_at`` is passed in so the result is reproducible.

    ``scan`` (whose detected values are already in ``answers``) and its ``disagreements`` are passed through.
    """
    result = score(questionnaire, answers)
    values = answers.values()
    plan = build_plan(catalogue, result.recommendation.category, values,
                      {"need": result.scores.need, "readiness": result.scores.readiness}, result.signals)
    return Assessment(
        tool=ToolInfo(version=__version__), generated_at=generated_at, questionnaire=answers.questionnaire,
        engagement=answers.engagement, notes=answers.notes, answers=answers.items, signals=result.signals,
        scores=result.scores, recommendation=result.recommendation, plan=plan, method=result.method,
        warnings=answers.warnings, scan=scan, disagreements=list(disagreements))
