"""What the mesh analysis adds to the plan and the register, as ``readiness assess`` builds them: risks from the
precheck's findings and from answers the scan contradicts, the plan in the recommended data plane's words, and a
pilot scope named after a scanned namespace."""

from __future__ import annotations

import pytest

from readiness.app.inputs import load_answers_file
from readiness.core.answers import parse_answers_file
from readiness.models import Assessment, PlanCatalogue, Questionnaire
from readiness.models.mesh import MESHES
from tests.conftest import EXAMPLES, realdata_dir
from tests.core.test_roadmap import PILOT
from tests.core.test_tailoring import ISTIO_WORDS, LINKERD_WORDS
from tests.report.conftest import product_assessment


@pytest.fixture(scope="module")
def sock_shop(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    """The regulated example with the sock-shop manifests (server-first MongoDB and MySQL) as a snapshot."""
    return product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / "regulated-enterprise.yaml"),
                              "regulated-enterprise.yaml", [realdata_dir("sock-shop")])


def test_precheck_findings_become_risks_of_the_phase_that_injects(sock_shop: Assessment) -> None:
    risks = {r.id: r for r in sock_shop.risks}
    server_first = risks["precheck_server_first_protocol"]
    assert server_first.source == "precheck" and server_first.phase == "observe"
    assert "Kubernetes objects" in server_first.title and server_first.mitigation
    observe = next(p for p in sock_shop.plan.phases if p.id == "observe")
    assert "precheck_server_first_protocol" in [r.id for r in observe.risks]


def test_an_answer_the_scan_contradicts_is_a_risk_and_the_plan_says_which_count_it_used(
        sock_shop: Assessment) -> None:
    (major,) = [d for d in sock_shop.disagreements if d.severity == "major"]
    risk = next(r for r in sock_shop.risks if r.id == f"scan_{major.question}")
    assert risk.source == "scan" and major.message in risk.title and risk.phase is None
    note = sock_shop.plan.scaling_note
    assert note.startswith("Sized for 48 services in 3 clusters") and "the cluster scan found" in note
    assert sock_shop.plan.sizing.scan_found.get("service_count")


def test_the_register_stays_ranked_and_one_with_the_phases(sock_shop: Assessment) -> None:
    from readiness.core.risks import severity

    assert [severity(r) for r in sock_shop.risks] == sorted((severity(r) for r in sock_shop.risks), reverse=True)
    in_phases = sorted(r.id or "" for p in sock_shop.plan.phases for r in p.risks)
    assert in_phases == sorted(r.id for r in sock_shop.risks if r.phase is not None)


def test_the_plan_speaks_the_recommended_data_planes_words(sock_shop: Assessment) -> None:
    assert sock_shop.mesh_options is not None
    recommended = sock_shop.mesh_options.recommended
    assert recommended in MESHES and sock_shop.plan.data_plane == recommended
    text = sock_shop.plan.model_dump_json()
    others = ISTIO_WORDS if recommended == "linkerd" else LINKERD_WORDS
    assert not [word for word in others if word in text], "the plan names no mesh but the recommended one"


def test_a_pilot_is_scoped_to_a_scanned_namespace(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> None:
    answers = parse_answers_file({"answers": {**PILOT, "service_count": 10}}, "pilot.yaml")
    a = product_assessment(questionnaire, catalogue, answers, "pilot.yaml", [realdata_dir("online-boutique")])
    assert a.recommendation.category == "pilot"
    scope = a.plan.pilot_scope
    assert scope is not None and scope.namespace == "default" and scope.cluster == "online-boutique"
    assert scope.services == 10 and "The default namespace of the online-boutique cluster" in scope.description
