"""Compose one Assessment from a questionnaire, validated answers and the plan catalogue. Pure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from readiness import __version__
from readiness.core.answers import resolve
from readiness.core.multicluster import recommend
from readiness.core.plan import build_plan
from readiness.core.respondents import Merged
from readiness.core.risks import build_register, with_phase_risks
from readiness.core.scoring import outcome, score
from readiness.core.sentences import facts_of
from readiness.errors import AnswersError
from readiness.models import (
    Answers,
    AnswersFile,
    Assessment,
    DetectedAnswer,
    Disagreement,
    PlanCatalogue,
    Questionnaire,
    RiskCatalogue,
    ScanResult,
    ToolInfo,
)
from readiness.models.multicluster import MulticlusterRules


def build_assessment(questionnaire: Questionnaire, catalogue: PlanCatalogue, answers: Answers,
                     generated_at: dt.datetime, scan: ScanResult | None = None,
                     disagreements: Sequence[Disagreement] = (), *, risks: RiskCatalogue,
                     merged: Merged | None = None, multicluster: MulticlusterRules) -> Assessment:
    """The whole assessment; ``generated_at`` is passed in so the result is reproducible.

    ``scan`` (whose detected values are already in ``answers``) and its ``disagreements`` are passed through; an
    answer a major disagreement contradicts counts as not known for the confidence. ``merged`` respondents' answers
    bring who gave them and where they disagree; an answer they disagree on that a signal reads counts only by the
    rules' share for the confidence. The plan is dated from the engagement date, else the day of ``generated_at``;
    the risk register comes from ``risks``. With more than one cluster, ``multicluster`` chooses how to connect
    them, and the plan's extend phase follows that approach.
    """
    conflicts = merged.conflicts if merged else []
    conflicted = {c.question: c.confidence_share for c in conflicts if c.confidence_share is not None}
    result = score(questionnaire, answers, contested={d.question for d in disagreements if d.severity == "major"},
                   conflicted=conflicted)
    category = result.recommendation.category
    engagement_date = answers.engagement.date if answers.engagement else None
    facts = facts_of(questionnaire, answers.items, {"need": result.scores.need, "readiness": result.scores.readiness},
                     engagement_date or generated_at.date(),
                     "the engagement date" if engagement_date else "the assessment date", disagreements)
    connect = recommend(multicluster, questionnaire, {a.id: a.value for a in answers.items if a.applicable})
    plan = build_plan(catalogue, category, facts, result.signals, scan, connect)
    register = build_register(risks, catalogue.roles, category, plan, facts)
    return Assessment(
        tool=ToolInfo(version=__version__), generated_at=generated_at, questionnaire=answers.questionnaire,
        engagement=answers.engagement, notes=answers.notes, answers=answers.items, signals=result.signals,
        scores=result.scores, recommendation=result.recommendation, plan=with_phase_risks(plan, register),
        multicluster=connect,
        risks=register, method=result.method, warnings=[*(merged.warnings if merged else []), *answers.warnings],
        scan=scan, disagreements=list(disagreements), respondents=merged.respondents if merged else [],
        conflicts=conflicts)


def if_detected(questionnaire: Questionnaire, answers_file: AnswersFile, name: str,
                detected: Mapping[str, DetectedAnswer], found: Sequence[Disagreement]) -> list[Disagreement]:
    """Each disagreement with what the verdict and scores would be if the scan's value were the answer: the
    answers file with that one answer replaced, resolved and scored again."""
    result = []
    for item in found:
        if item.detected_value is None:
            result.append(item)
            continue
        changed = answers_file.model_copy(update={"answers": {**answers_file.answers,
                                                              item.question: item.detected_value}})
        try:
            resolved = resolve(questionnaire, changed, name, detected)
        except AnswersError:  # the scan's value is no answer this questionnaire takes: nothing to re-score
            result.append(item)
            continue
        result.append(item.model_copy(update={"if_detected": outcome(questionnaire, resolved)}))
    return result
