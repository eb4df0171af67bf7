"""The acceptance cases of the core issue, and the bundled examples."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readiness.app.rules import load_multicluster_rules
from readiness.models import Assessment

AssessFn = Callable[..., Assessment]


def test_two_services_one_language_no_compliance_is_not_yet(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": 2, "languages": ["python"], "compliance": []})
    assert a.recommendation.category == "not_yet"
    assert a.plan.kind == "prepare_and_revisit"
    assert [p.id for p in a.plan.phases] == ["prepare_cheaply", "revisit"]


def test_many_polyglot_services_with_localization_pain_is_adopt_now(assess_answers: AssessFn) -> None:
    a = assess_answers({
        "service_count": 25,
        "languages": ["go", "java", "python", "node"],
        "localize_vs_fix": "localizing_takes_longer",
        "utility_rework": "often",
    })
    assert a.recommendation.category == "adopt_now"
    assert {d.signal for d in a.recommendation.drivers} >= {"many_services", "localization_pain"}
    assert a.plan.kind == "adoption"
    assert "foundations" not in [p.id for p in a.plan.phases]


def test_high_need_on_vms_without_kubernetes_or_observability_is_prepare_first(assess_answers: AssessFn) -> None:
    a = assess_answers({
        "service_count": 30,
        "languages": ["go", "java", "python"],
        "localize_vs_fix": "localizing_takes_longer",
        "utility_rework": "often",
        "compliance": ["pci_dss"],
        "platform": "vms",
        "kubernetes_experience": "none",
        "observability": [],
    })
    assert a.scores.need >= 55
    assert a.recommendation.category == "prepare_first"
    assert a.plan.phases[0].id == "foundations"
    gaps = {g.signal for g in a.recommendation.readiness_gaps}
    assert gaps >= {"kubernetes_platform", "kubernetes_skills"}


def test_three_services_with_edge_only_needs_is_gateway_only(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": 3, "north_south_only": True})
    assert a.recommendation.category == "gateway_only"
    assert a.plan.kind == "edge"
    assert a.plan.phases[0].id == "edge_gateway"


@pytest.mark.parametrize(("example", "category"), [
    ("startup.yaml", "not_yet"),
    ("regulated-enterprise.yaml", "adopt_now"),
    ("monolith.yaml", "gateway_only"),
])
def test_bundled_examples(example: str, category: str, questionnaire, catalogue,  # type: ignore[no-untyped-def]
                          risk_catalogue) -> None:
    from readiness.app.inputs import load_answers_file
    from readiness.core.answers import resolve
    from readiness.core.assessment import build_assessment
    from tests.conftest import EXAMPLES, FIXED_TIME

    answers = resolve(questionnaire, load_answers_file(EXAMPLES / example), example)
    a = build_assessment(questionnaire, catalogue, answers, FIXED_TIME, risks=risk_catalogue,
                         multicluster=load_multicluster_rules())
    assert a.recommendation.category == category
    assert a.engagement is not None and a.engagement.client


def test_every_signal_is_explained_and_adds_up(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": 14, "languages": ["go", "rust"], "compliance": ["hipaa"]})
    for s in a.signals:
        assert s.explanation.strip() and "{" not in s.explanation
        assert s.contribution == pytest.approx(s.weight * s.strength * (-1 if s.kind == "dampener" else 1), abs=0.01)
    raised = sum(s.contribution for s in a.signals if s.kind == "need")
    dampened = -sum(s.contribution for s in a.signals if s.kind == "dampener")
    assert a.scores.need == pytest.approx(max(0.0, min(100.0, raised - dampened)), abs=0.1)
    assert a.scores.readiness == pytest.approx(sum(s.contribution for s in a.signals if s.kind == "readiness"), abs=0.1)


def test_confidence_grows_with_answers(assess_answers: AssessFn) -> None:
    few = assess_answers({"service_count": 10})
    many = assess_answers({"service_count": 10, "languages": ["go"], "localize_vs_fix": "about_equal",
                           "time_to_localize": "hours", "platform": "kubernetes",
                           "kubernetes_experience": "production", "observability": ["metrics"]})
    assert few.scores.confidence < many.scores.confidence
    assert few.scores.confidence_label == "low"
