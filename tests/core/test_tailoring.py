"""The plan in the recommended data plane's own words: Linkerd's for Linkerd, Istio's for Istio, and no mesh's for a
plan that adopts none."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readiness.core.plan import tailor_plan
from readiness.models import Assessment, Plan, PlanCatalogue, Questionnaire
from tests.core.test_roadmap import ADOPT, GATEWAY, NOT_YET, PILOT

AssessFn = Callable[..., Assessment]

ISTIO_WORDS = ("Istio", "istio", "PeerAuthentication", "VirtualService", "DestinationRule", "ztunnel", "waypoint",
               "revision label")
LINKERD_WORDS = ("Linkerd", "linkerd")
KAFKA = {**ADOPT, "protocols": ["http", "messaging", "databases"], "clusters": 3, "third_party_integration": True,
         "service_identity": "per_service_certificates"}


def plan_text(plan: Plan) -> str:
    return plan.model_dump_json()


@pytest.mark.parametrize("answers", [ADOPT, PILOT, KAFKA])
def test_a_linkerd_plan_uses_linkerds_words_and_no_istio_terms(assess_answers: AssessFn, catalogue: PlanCatalogue,
                                                               answers: dict[str, object]) -> None:
    plan = tailor_plan(assess_answers(answers).plan, catalogue, "linkerd")
    text = plan_text(plan)
    assert plan.data_plane == "linkerd" and "linkerd.io/inject" in text
    for word in ISTIO_WORDS:
        assert word not in text, word


def test_an_istio_plan_uses_istios_words(assess_answers: AssessFn, catalogue: PlanCatalogue) -> None:
    sidecar = plan_text(tailor_plan(assess_answers(KAFKA).plan, catalogue, "istio_sidecar"))
    ambient = plan_text(tailor_plan(assess_answers(KAFKA).plan, catalogue, "istio_ambient"))
    assert "istio.io/rev" in sidecar and "PeerAuthentication" in sidecar and "ztunnel" not in sidecar
    assert "istio.io/dataplane-mode=ambient" in ambient and "waypoint" in ambient
    for text in (sidecar, ambient):
        assert not any(word in text for word in LINKERD_WORDS)


def test_tailoring_changes_only_the_words(assess_answers: AssessFn, catalogue: PlanCatalogue) -> None:
    neutral = assess_answers(KAFKA).plan
    tailored = tailor_plan(neutral, catalogue, "linkerd")
    assert [p.id for p in tailored.phases] == [p.id for p in neutral.phases]
    for before, after in zip(neutral.phases, tailored.phases, strict=True):
        assert len(before.activities) == len(after.activities) and before.starts_on == after.starts_on
        assert before.risks == after.risks and before.owner == after.owner
    changed = [a for p in tailored.phases for a in p.activities if "linkerd" in a.lower()]
    assert len(changed) >= 5


@pytest.mark.parametrize("answers", [ADOPT, PILOT, NOT_YET, GATEWAY])
def test_an_untailored_plan_names_no_mesh(assess_answers: AssessFn, answers: dict[str, object]) -> None:
    plan = assess_answers(answers).plan
    assert plan.data_plane is None
    for word in (*ISTIO_WORDS, *LINKERD_WORDS):
        assert word not in plan_text(plan), word


@pytest.mark.parametrize("answers", [NOT_YET, GATEWAY])
def test_a_plan_that_adopts_no_mesh_stays_neutral(assess_answers: AssessFn, catalogue: PlanCatalogue,
                                                  answers: dict[str, object]) -> None:
    plan = assess_answers(answers).plan
    assert tailor_plan(plan, catalogue, "linkerd") == plan


def test_an_adoption_with_a_gateway_recommended_stays_neutral(assess_answers: AssessFn,
                                                              catalogue: PlanCatalogue) -> None:
    plan = assess_answers(ADOPT).plan
    assert tailor_plan(plan, catalogue, "gateway_only") == plan and tailor_plan(plan, catalogue, None) == plan


def test_assess_words_the_plan_for_the_recommended_data_plane(questionnaire: Questionnaire,
                                                              catalogue: PlanCatalogue) -> None:
    """As ``readiness assess`` builds it: the regulated example's plan speaks the recommended data plane's words."""
    from readiness.app.inputs import load_answers_file
    from tests.conftest import EXAMPLES
    from tests.report.conftest import product_assessment

    a = product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / "regulated-enterprise.yaml"),
                           "regulated-enterprise.yaml")
    assert a.mesh_options is not None and a.plan.data_plane == a.mesh_options.recommended == "linkerd"
    text = plan_text(a.plan)
    assert "linkerd.io/inject" in text and not [word for word in ISTIO_WORDS if word in text]
