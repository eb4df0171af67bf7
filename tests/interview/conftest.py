"""Fixtures for the interview tests: a scripted interview over the bundled questionnaire."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from readiness.interview.flow import Interview
from readiness.interview.session import Session
from readiness.models import AnswersFile, Questionnaire
from tests.interview.scripted import ScriptedPrompter

TODAY = dt.date(2026, 1, 15)

CONDITIONAL = ("tracing_coverage", "multicluster_needs", "cluster_network", "replicated_services", "edge_needs")
"""The bundled questionnaire's follow-up questions (each has a ``when``)."""


class Run:
    """The outcome of a scripted interview."""

    def __init__(self, saved: AnswersFile | None, prompter: ScriptedPrompter, session: Session) -> None:
        self.saved = saved
        self.prompter = prompter
        self.session = session

    @property
    def questions(self) -> list[str]:
        """Question ids asked, in order (menus and text fields left out)."""
        ids = {q.id for q in self.session.questionnaire.questions()}
        return [k for k in self.prompter.keys if k in ids]


@pytest.fixture
def interview(questionnaire: Questionnaire) -> Callable[..., Run]:
    """Run an interview with a script; ``session`` continues an existing one."""

    def run(script: dict[str, Any] | None = None, *, session: Session | None = None, **options: Any) -> Run:
        prompter = ScriptedPrompter(script)
        session = session or Session(questionnaire)
        saved = Interview(session, prompter, today=TODAY, **options).run()
        return Run(saved, prompter, session)

    return run
