"""Every sentence matches its number: each signal, run through a matrix of answer values, explains the side its
contribution takes; numbers in a sentence are the answer's; the reproductions of the decision issue hold."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from readiness.core.answers import parse_answers_file, resolve
from readiness.core.scoring import evaluate_signal, expr_inputs
from readiness.models import Assessment, Question, Questionnaire, SignalSpec

AssessFn = Callable[..., Assessment]
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def values_of(question: Question) -> list[Any]:
    """A spread of values for one question: every choice, both booleans, lists of 0–4 items, numbers at and
    around each step."""
    ids = [c.id for c in question.choices]
    if question.type == "bool":
        return [True, False]
    if question.type == "choice":
        return ids
    if question.type == "multi":
        return [ids[:n] for n in range(0, min(len(ids), 4) + 1)] + [ids[-2:]]
    numbers = sorted({*question.steps, 1, 2, 3, 5, 7, 10, 11, 12, 13, 24, 25, 26, 100})
    low = question.min if question.min is not None else 0
    return [int(n) if question.type == "int" else float(n) for n in numbers if n > low or
            (n == low and not question.exclusive_min)]


def matrix(questionnaire: Questionnaire, spec: SignalSpec) -> Iterator[dict[str, Any]]:
    """Answer sets for one signal: each input through all its values, the others at two settings each (and
    unanswered)."""
    inputs = [questionnaire.question(q) for q in expr_inputs(spec.strength)]
    for varied in inputs:
        others = [q for q in inputs if q is not varied]
        settings = [values_of(q)[:1] + values_of(q)[-1:] + [None] for q in others]
        for combination in itertools.product(*settings):
            base = {q.id: v for q, v in zip(others, combination, strict=True) if v is not None}
            for value in values_of(varied):
                yield {**base, varied.id: value}
        yield {}


@pytest.mark.parametrize("signal", ["many_services", "service_growth", "polyglot", "third_party", "utility_rework",
                                    "security_compliance", "localization_pain", "multicluster", "few_services",
                                    "single_stack", "platform_tooling_in_place", "all_at_once_releases",
                                    "unsuited_protocols", "tight_latency_budget", "kubernetes_platform",
                                    "kubernetes_skills", "observability_baseline", "headroom", "ownership"])
def test_every_sentence_takes_the_side_of_its_contribution(questionnaire: Questionnaire, signal: str) -> None:
    spec = next(s for s in questionnaire.scoring.signals if s.id == signal)
    literal = {text for case in spec.explain for text in NUMBER.findall(case.text)}
    checked = 0
    for answers in matrix(questionnaire, spec):
        resolved = resolve(questionnaire, parse_answers_file({"answers": answers}, "m.yaml"), "m.yaml")
        result = evaluate_signal(spec, questionnaire, resolved)
        checked += 1
        if spec.kind == "need":
            assert (result.side == "raise") == (result.contribution > 0), (answers, result)
        elif spec.kind == "dampener":
            assert (result.side == "dampen") == (result.contribution < 0), (answers, result)
        else:
            assert (result.side == "ready") == (result.strength >= questionnaire.scoring.strength_bands.high)
        if set(result.unknown_inputs) == set(result.inputs):
            assert result.contribution == 0 and result.side in ("none", "gap") and "Not known" in result.explanation
        shown = {n for qid in result.inputs for n in NUMBER.findall(resolved.get(qid).display)}
        for number in NUMBER.findall(result.explanation):
            assert number in shown or number in literal, (result.explanation, answers)
    assert checked >= 3


def signal(assess_answers: AssessFn, answers: dict[str, Any], sid: str) -> tuple[float, str, str]:
    found = next(s for s in assess_answers(answers).signals if s.id == sid)
    return found.contribution, found.side, found.explanation


def test_the_decision_issues_reproductions(assess_answers: AssessFn) -> None:
    contribution, side, text = signal(assess_answers, {"languages": ["go", "java"], "shared_framework": False},
                                      "single_stack")
    assert contribution < 0 and side == "dampen" and "too wide" not in text and "practical" in text
    contribution, side, text = signal(assess_answers, {"latency_budget_ms": 10}, "tight_latency_budget")
    assert contribution < 0 and "leaves room" not in text and "not much" in text
    contribution, side, text = signal(assess_answers, {"release_style": "release_train"}, "all_at_once_releases")
    assert contribution < 0 and "independently" not in text and "release train" in text
    contribution, side, text = signal(assess_answers, {"service_count": 10}, "many_services")
    assert contribution > 0 and "dozen" not in text and "10 services" in text
    contribution, side, text = signal(assess_answers, {"service_count": 12}, "many_services")
    assert "past the dozen" in text
    contribution, side, text = signal(assess_answers, {}, "single_stack")
    assert (contribution, side) == (0.0, "none") and "Not known (languages" in text
    contribution, side, text = signal(assess_answers, {"service_count": 1, "architecture": "monolith",
                                                       "compliance": ["gdpr"]}, "security_compliance")
    assert "every call" not in text and "few calls between services" in text


def test_an_assumed_default_says_so(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": 20})
    skills = next(s for s in a.signals if s.id == "kubernetes_skills")
    assert skills.assumed_inputs == ["kubernetes_experience"] and "Assumed, as not answered" in skills.explanation
    answer = next(x for x in a.answers if x.id == "kubernetes_experience")
    assert answer.source == "default" and answer.assumed
    languages = next(x for x in a.answers if x.id == "languages")
    assert languages.source == "default" and not languages.assumed, "unknown, not assumed"
