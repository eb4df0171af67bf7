"""Pydantic models: the single source of truth for every file the tool reads or writes.

The package sits at the bottom of the import graph: it imports nothing else of ours.
"""

from readiness.models.answers import Answers, AnswersFile, DetectedAnswer, Engagement, ResolvedAnswer
from readiness.models.assessment import (
    ASSESSMENT_SCHEMA_VERSION,
    AnswerChange,
    Assessment,
    Method,
    Reason,
    Recommendation,
    Scores,
    Signal,
    ToolInfo,
    Trigger,
)
from readiness.models.common import CATEGORIES, AnswerSource, AnswerValue, Category, StrictModel
from readiness.models.plan import Phase, PhaseSpec, Plan, PlanCatalogue, PlanTemplate, Risk, WeekRange
from readiness.models.questionnaire import (
    Choice,
    Clause,
    Condition,
    Expr,
    Lever,
    Question,
    Questionnaire,
    Section,
    SignalSpec,
    Term,
    VerdictRule,
)

__all__ = [
    "ASSESSMENT_SCHEMA_VERSION",
    "CATEGORIES",
    "AnswerChange",
    "AnswerSource",
    "AnswerValue",
    "Answers",
    "AnswersFile",
    "Assessment",
    "Category",
    "Choice",
    "Clause",
    "Condition",
    "DetectedAnswer",
    "Engagement",
    "Expr",
    "Lever",
    "Method",
    "Phase",
    "PhaseSpec",
    "Plan",
    "PlanCatalogue",
    "PlanTemplate",
    "Question",
    "Questionnaire",
    "Reason",
    "Recommendation",
    "ResolvedAnswer",
    "Risk",
    "Scores",
    "Section",
    "Signal",
    "SignalSpec",
    "StrictModel",
    "Term",
    "ToolInfo",
    "Trigger",
    "VerdictRule",
    "WeekRange",
]
