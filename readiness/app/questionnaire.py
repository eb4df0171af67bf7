"""The questionnaire use cases: check a questionnaire file (and the plan catalogue beside it), print one."""

from __future__ import annotations

from pathlib import Path

from readiness.app.rules import load_plan_catalogue, load_questionnaire
from readiness.console.questionnaire import questionnaire_text
from readiness.core.questionnaire import PLAN_SUFFIX
from readiness.errors import QuestionnaireError, UsageError


def validate(path: str) -> str:
    """Check a questionnaire and the plan catalogue beside it (raising with every problem); the line that says so."""
    if not Path(path).exists():
        raise QuestionnaireError.single(path, "", "no such file")
    questionnaire = load_questionnaire(path)
    plan_path = Path(path).parent / f"{questionnaire.id}{PLAN_SUFFIX}"
    q = questionnaire
    counted = f"{q.ref}, {len(q.questions())} questions in {len(q.sections)} sections"
    if plan_path.is_file():
        load_plan_catalogue(questionnaire, Path(path))
        return f"{path}: ok — {counted}; plan catalogue {plan_path.name} ok"
    return f"{path}: ok — {counted} (no plan catalogue beside it; the bundled one is used)"


def show(ref: str | None, fmt: str) -> str:
    """A questionnaire as ``text`` or ``md`` (Markdown): sections, questions, choices, defaults, conditions, help."""
    if fmt not in ("text", "md"):
        raise UsageError(f"--format: expected text or md, not {fmt!r}")
    return questionnaire_text(load_questionnaire(ref), markdown=fmt == "md")
