"""The risk register: derived from the answers by the risk catalogue's rules, at least five for a pilot or an
adoption, most severe first, and the same entries as the plan's phases show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from readiness.core.plan_checks import parse_risk_catalogue
from readiness.core.risks import severity
from readiness.errors import QuestionnaireError
from readiness.models import Assessment, PlanCatalogue, Questionnaire, RiskCatalogue
from tests.core.test_roadmap import ADOPT, GATEWAY, NOT_YET, PILOT, PREPARE

AssessFn = Callable[..., Assessment]

ADOPTING = {
    "adopt_now": ADOPT,
    "adopt_now, regulated": {**ADOPT, "compliance": ["pci_dss"], "change_approval": "regulated", "team_count": 9},
    "adopt_now, few services": {**ADOPT, "service_count": 12, "clusters": 1},
    "pilot": PILOT,
    "pilot, learning": {**PILOT, "kubernetes_experience": "learning", "observability": ["metrics", "logs", "tracing"]},
}


@pytest.mark.parametrize("name", list(ADOPTING))
def test_a_pilot_or_an_adoption_has_at_least_five_risks(assess_answers: AssessFn, name: str) -> None:
    a = assess_answers(ADOPTING[name])
    assert a.recommendation.category == name.split(",")[0]
    assert len(a.risks) >= 5
    for risk in a.risks:
        assert risk.title and risk.mitigation and risk.owner and "{" not in risk.title + risk.mitigation
        assert risk.phase is None or risk.phase in [p.id for p in a.plan.phases]


@pytest.mark.parametrize(("answers", "risk", "likelihood", "impact"), [
    ({"resource_headroom": "tight"}, "proxy_resources", "high", "high"),
    ({"resource_headroom": "ample"}, "proxy_resources", "low", "medium"),
    ({"kubernetes_experience": "learning"}, "kubernetes_skills", "medium", "high"),
    ({"platform_team": "nobody"}, "no_owner", "high", "high"),
    ({"platform_team": "part_time"}, "no_owner", "medium", "high"),
    ({"change_approval": "review_board"}, "change_control", "medium", "medium"),
    ({"change_approval": "regulated"}, "change_control", "high", "medium"),
    ({"protocols": ["http", "messaging"]}, "messaging_traffic", "high", "medium"),
    ({"latency_budget_ms": 3}, "added_latency", "high", "high"),
    ({"latency_budget_ms": 15}, "added_latency", "medium", "high"),
    ({"existing_mesh": "istio"}, "existing_mesh", "high", "high"),
    ({"service_identity": "shared_secrets"}, "shared_secrets_linger", "medium", "high"),
])
def test_risks_follow_the_answers(assess_answers: AssessFn, answers: dict[str, Any], risk: str, likelihood: str,
                                  impact: str) -> None:
    a = assess_answers({**PILOT, **answers})
    found = {r.id: r for r in a.risks}
    assert risk in found, f"{answers} raises {risk}"
    assert (found[risk].likelihood, found[risk].impact) == (likelihood, impact)


@pytest.mark.parametrize(("answers", "risk"), [
    ({"platform_team": "dedicated"}, "no_owner"), ({"change_approval": "light"}, "change_control"),
    ({"protocols": ["http", "grpc"]}, "messaging_traffic"), ({"existing_mesh": "none"}, "existing_mesh"),
    ({"tracing_coverage": "most"}, "partial_traces"), ({"compliance": []}, "audit_before_strict"),
])
def test_an_answer_that_raises_no_risk_leaves_it_out(assess_answers: AssessFn, answers: dict[str, Any],
                                                     risk: str) -> None:
    assert risk not in {r.id for r in assess_answers({**ADOPT, **answers}).risks}


@pytest.mark.parametrize("answers", [ADOPT, PILOT, PREPARE, NOT_YET, GATEWAY])
def test_the_phases_show_the_registers_own_entries(assess_answers: AssessFn, answers: dict[str, Any]) -> None:
    a = assess_answers(answers)
    by_id = {r.id: r for r in a.risks}
    assert len(by_id) == len(a.risks), "each risk once"
    shown = []
    for phase in a.plan.phases:
        assert phase.risks, f"{phase.id} has a risk"
        for risk in phase.risks:
            entry = by_id[risk.id or ""]
            assert (entry.title, entry.mitigation, entry.phase) == (risk.risk, risk.mitigation, phase.id)
            shown.append(risk.id)
    assert sorted(shown) == sorted(r.id for r in a.risks if r.phase is not None)


def test_the_register_is_most_severe_first(assess_answers: AssessFn) -> None:
    a = assess_answers({**PILOT, "resource_headroom": "tight", "change_approval": "regulated"})
    ranks = [severity(r) for r in a.risks]
    assert ranks == sorted(ranks, reverse=True)
    assert a.risks[0].likelihood == "high" and a.risks[0].impact == "high"


def test_not_yet_and_gateway_registers_hold_no_adoption_risks(assess_answers: AssessFn) -> None:
    for answers in (NOT_YET, GATEWAY):
        ids = {r.id for r in assess_answers({**answers, "platform_team": "nobody", "existing_mesh": "istio"}).risks}
        assert not ids & {"no_owner", "existing_mesh", "strict_mtls_breaks_callers", "injection_breaks"}


def _risk_problems(questionnaire: Questionnaire, catalogue: PlanCatalogue, risks: RiskCatalogue,
                   change: Callable[[dict[str, Any]], None]) -> str:
    raw = risks.model_dump(mode="json", by_alias=True, exclude_none=True)
    change(raw)
    with pytest.raises(QuestionnaireError) as caught:
        parse_risk_catalogue(raw, questionnaire, catalogue, "risks.yaml")
    return str(caught.value)


def test_the_risk_catalogue_is_checked_against_the_questionnaire_and_the_plan(
        questionnaire: Questionnaire, catalogue: PlanCatalogue, risk_catalogue: RiskCatalogue) -> None:
    def break_it(raw: dict[str, Any]) -> None:
        rule = raw["risks"][0]
        rule["owner"] = "the_intern"
        rule["phase"] = ["launch"]
        rule["title"] = "Too many {service_count}"
        raw["risks"].append({**raw["risks"][1]})
        raw["precheck"]["owner"] = "ghost"
        raw["disagreement"]["owner"] = "nobody_at_all"
    message = _risk_problems(questionnaire, catalogue, risk_catalogue, break_it)
    assert "unknown role 'the_intern'" in message and "unknown phase 'launch'" in message
    assert "precheck.owner: unknown role 'ghost'" in message and "unknown role 'nobody_at_all'" in message
    assert "{service_count} states an answer" in message and "duplicate risk id" in message
