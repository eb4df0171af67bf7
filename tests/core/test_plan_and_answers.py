"""The phased plan, and how answers are normalised, defaulted and marked."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from readiness.models import Assessment

AssessFn = Callable[..., Assessment]

STRONG_NEED = {"service_count": 30, "languages": ["go", "java", "python"], "utility_rework": "often",
               "localize_vs_fix": "localizing_takes_longer"}


def test_foundations_only_when_readiness_is_low(assess_answers: AssessFn) -> None:
    ready = assess_answers({**STRONG_NEED, "kubernetes_experience": "expert", "platform_team": "dedicated"})
    unready = assess_answers({**STRONG_NEED, "platform": "mixed", "kubernetes_experience": "learning",
                              "observability": ["logs"], "platform_team": "nobody"})
    assert "foundations" not in [p.id for p in ready.plan.phases]
    assert unready.scores.readiness < 60
    assert unready.plan.phases[0].id == "foundations"
    why = unready.plan.phases[0].why_now
    assert "still learning Kubernetes" in why and "nobody owns platform components" in why, "the client's facts"
    assert "readiness is" not in why and "points" not in why


def test_drivers_order_the_phases(assess_answers: AssessFn) -> None:
    security = assess_answers({"service_count": 15, "compliance": ["pci_dss", "hipaa"],
                               "encryption_in_transit_required": True, "zero_trust_mandate": True,
                               "utility_rework": "never", "localize_vs_fix": "fixing_takes_longer"})
    traffic = assess_answers(STRONG_NEED)
    order_sec = [p.id for p in security.plan.phases]
    order_traffic = [p.id for p in traffic.plan.phases]
    mesh_phases = [p for p in order_sec if p in ("observe", "secure", "control_traffic", "extend")]
    assert mesh_phases[0] == "observe", "telemetry and permissive mTLS come first"
    if security.recommendation.category == "pilot":
        assert order_sec[0] == "pilot_scope"
    assert order_sec.index("secure") < order_sec.index("control_traffic")
    assert order_traffic.index("control_traffic") < order_traffic.index("secure")
    assert [p.number for p in traffic.plan.phases] == list(range(1, len(traffic.plan.phases) + 1))


def test_every_phase_is_complete(assess_answers: AssessFn) -> None:
    plan = assess_answers({**STRONG_NEED, "clusters": 3, "multicluster_needs": ["failover"]}).plan
    assert plan.phases[-1].id == "extend"
    for phase in plan.phases:
        assert phase.goal and phase.activities and phase.entry_criteria and phase.exit_criteria
        assert phase.success_metrics and phase.risks
        assert 1 <= phase.duration_weeks.min <= phase.duration_weeks.max
    assert plan.total_weeks.min == sum(p.duration_weeks.min for p in plan.phases)
    assert any("MTTD" in m or "MTTR" in m for p in plan.phases for m in p.success_metrics)
    assert any("mTLS" in m for p in plan.phases for m in p.success_metrics)


def test_durations_scale_with_services_and_experience(assess_answers: AssessFn) -> None:
    small = assess_answers({**STRONG_NEED, "service_count": 12, "kubernetes_experience": "expert"})
    large = assess_answers({**STRONG_NEED, "service_count": 200, "kubernetes_experience": "expert"})
    novice = assess_answers({**STRONG_NEED, "service_count": 12, "kubernetes_experience": "learning"})

    def weeks(a: Assessment) -> int:
        return next(p for p in a.plan.phases if p.id == "observe").duration_weeks.max
    assert weeks(large) > weeks(small)
    assert weeks(novice) > weeks(small)
    assert "Sized for 12 services" in small.plan.scaling_note
    assert "multiplied by 0.94 for the services and 0.8 for the Kubernetes experience" in small.plan.scaling_note


def test_not_yet_and_gateway_plans(assess_answers: AssessFn) -> None:
    not_yet = assess_answers({"service_count": 1, "architecture": "monolith"})
    gateway = assess_answers({"service_count": 4, "north_south_only": True})
    assert not_yet.plan.kind == "prepare_and_revisit" and not_yet.plan.phases[-1].id == "revisit"
    assert gateway.plan.kind == "edge" and [p.id for p in gateway.plan.phases][:2] == ["edge_gateway", "edge_harden"]


def test_aliases_normalise_and_defaults_are_marked(assess_answers: AssessFn) -> None:
    a = assess_answers({"languages": ["Node", "dotnet", "C#", "golang", "Go"], "compliance": ["PCI-DSS"],
                        "protocols": ["HTTPS", "kafka"], "platform": "VM"})
    by_id = {x.id: x for x in a.answers}
    assert by_id["languages"].value == ["go", "javascript", "csharp"]
    assert by_id["compliance"].value == ["pci_dss"]
    assert by_id["protocols"].value == ["http", "messaging"]
    assert by_id["platform"].value == "vms"
    assert by_id["languages"].source == "answered"
    assert by_id["service_count"].source == "default" and by_id["service_count"].value == 3
    assert by_id["expected_service_count_12m"].value == 3, "defaults to the current count"
    assert by_id["multicluster_needs"].applicable is False


def test_null_means_unanswered(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": None, "languages": None})
    by_id = {x.id: x for x in a.answers}
    assert by_id["service_count"].source == "default"
    assert by_id["languages"].value == []


def test_engagement_and_notes_are_carried(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": 9}, engagement={"client": "Acme", "assessor": "Jo", "date": "2026-03-01"},
                       notes={"security": "Audit in May.", "service_count": "Counted from the CMDB."})
    assert a.engagement is not None and a.engagement.client == "Acme" and str(a.engagement.date) == "2026-03-01"
    assert a.notes == {"security": "Audit in May.", "service_count": "Counted from the CMDB."}


def test_wanting_canaries_moves_traffic_control_earlier(assess_answers: AssessFn) -> None:
    base = {"service_count": 15, "encryption_in_transit_required": True, "utility_rework": "sometimes",
            "languages": ["go"], "time_to_localize": "hours", "localize_vs_fix": "about_equal"}
    without = [p.id for p in assess_answers(base).plan.phases]
    with_canaries = assess_answers({**base, "progressive_delivery": True}).plan
    ids = [p.id for p in with_canaries.phases]
    assert without.index("secure") < without.index("control_traffic")
    assert ids.index("control_traffic") < ids.index("secure")
    assert "canary" in next(p for p in with_canaries.phases if p.id == "control_traffic").why_now


def test_compliance_obligations_put_security_first(assess_answers: AssessFn) -> None:
    plan = assess_answers({**STRONG_NEED, "compliance": ["pci_dss"], "progressive_delivery": True}).plan
    ids = [p.id for p in plan.phases]
    assert ids.index("secure") < ids.index("control_traffic")
    secure = next(p for p in plan.phases if p.id == "secure")
    assert "PCI DSS obligations" in secure.why_now
    assert "third-party" not in secure.why_now, "drivers that contribute nothing are not named"


def test_aliases_people_use_are_accepted(assess_answers: AssessFn) -> None:
    a = assess_answers({"platform": "k8s", "protocols": ["postgres", "kafka", "http"]})
    values = {x.id: x.value for x in a.answers}
    assert values["platform"] == "kubernetes"
    assert values["protocols"] == ["http", "messaging", "databases"]


@pytest.mark.parametrize(("answers", "question", "expected"), [
    ({"compliance": ["pci_dss"]}, "encryption_in_transit_required", True),
    ({"compliance": []}, "encryption_in_transit_required", False),
    ({"service_count": 1}, "architecture", "monolith"),
    ({"service_count": 12}, "architecture", "microservices"),
    ({"platform": "vms"}, "kubernetes_experience", "none"),
    ({"compliance": ["sox"]}, "change_approval", "review_board"),
    ({"compliance": ["gdpr"]}, "change_approval", "light"),
])
def test_defaults_follow_earlier_answers(assess_answers: AssessFn, answers: dict[str, object], question: str,
                                         expected: object) -> None:
    item = next(x for x in assess_answers(answers).answers if x.id == question)
    assert (item.value, item.source) == (expected, "default")
