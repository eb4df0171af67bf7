"""The roadmap tailored to the client: dates, owners, gates and durations follow the answers that promise them, and
every sentence of the plan has its precondition in the answers (no Kubernetes advice for virtual machines, no VMs
for a Kubernetes-only estate, no compliance text where nothing requires it)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from readiness.app.rules import load_multicluster_rules
from readiness.core.plan_checks import parse_plan_catalogue
from readiness.core.schedule import add_months, quarter_start
from readiness.errors import QuestionnaireError
from readiness.models import Assessment, Disagreement, PlanCatalogue, Questionnaire
from tests.conftest import FIXED_TIME

AssessFn = Callable[..., Assessment]

ADOPT = {"service_count": 30, "languages": ["go", "java", "python"], "utility_rework": "often",
         "localize_vs_fix": "localizing_takes_longer", "time_to_localize": "hours", "kubernetes_experience": "expert",
         "platform_team": "dedicated", "observability": ["metrics", "logs", "tracing"], "resource_headroom": "ample",
         "adoption_window": "now", "change_approval": "light", "team_count": 2}
PILOT = {"service_count": 8, "languages": ["go", "java"], "localize_vs_fix": "localizing_takes_longer",
         "kubernetes_experience": "production", "platform_team": "part_time", "adoption_window": "now"}
PREPARE = {**ADOPT, "platform": "vms", "kubernetes_experience": "none", "platform_team": "nobody",
           "observability": ["logs"]}
NOT_YET = {"service_count": 1, "architecture": "monolith", "languages": ["java"], "shared_framework": True}
GATEWAY = {"service_count": 4, "north_south_only": True, "edge_needs": ["tls_termination"]}
ENGAGED = {"client": "Acme", "date": "2026-11-20"}
CATEGORIES = {"adopt_now": ADOPT, "pilot": PILOT, "prepare_first": PREPARE, "not_yet": NOT_YET,
              "gateway_only": GATEWAY}


def text_of(a: Assessment) -> str:
    """Every sentence of the plan and the register a client reads."""
    return a.plan.model_dump_json() + " ".join(r.model_dump_json() for r in a.risks)


def phase(a: Assessment, pid: str) -> Any:
    return next(p for p in a.plan.phases if p.id == pid)


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_every_phase_has_dates_an_owner_and_a_way_to_draw_it(assess_answers: AssessFn, category: str) -> None:
    a = assess_answers(CATEGORIES[category], engagement=ENGAGED)
    assert a.recommendation.category == category
    bars = [p for p in a.plan.phases if p.draw_as == "bar"]
    assert bars, "every plan has work to draw"
    for p in a.plan.phases:
        assert p.owner and p.starts_on <= p.ends_on and p.starts_on >= dt.date(2026, 11, 20)
        assert p.why_now and "points" not in p.why_now and "weight of its drivers" not in p.why_now
        if p.draw_as == "bar":
            days = (p.ends_on - p.starts_on).days + 1
            assert days == 7 * p.duration_weeks.max, "the end is the longest estimate"
    for before, after in itertools.pairwise(bars):
        assert after.starts_on == before.ends_on + dt.timedelta(days=1 + 7 * after.lead_weeks), "one after another"
    assert a.plan.starts_on == bars[0].starts_on and a.plan.ends_on == bars[-1].ends_on
    assert a.plan.total_weeks.max == sum(p.duration_weeks.max for p in bars)
    assert "longest estimate" in a.plan.schedule_note


def test_dates_follow_the_engagement_date_else_the_assessment_date(assess_answers: AssessFn) -> None:
    early = assess_answers(ADOPT, engagement={"date": "2026-11-20"})
    later = assess_answers(ADOPT, engagement={"date": "2027-02-05"})
    undated = assess_answers(ADOPT)
    shift = dt.date(2027, 2, 5) - dt.date(2026, 11, 20)
    assert [p.starts_on + shift for p in early.plan.phases] == [p.starts_on for p in later.plan.phases]
    assert [p.ends_on + shift for p in early.plan.phases] == [p.ends_on for p in later.plan.phases]
    assert early.plan.reference_date == dt.date(2026, 11, 20) and "engagement date" in early.plan.schedule_note
    assert undated.plan.reference_date == FIXED_TIME.date() and "assessment date" in undated.plan.schedule_note
    assert undated.plan.phases[0].starts_on == FIXED_TIME.date()


def test_the_adoption_window_alone_sets_the_start_and_whether_preparation_comes_first(
        assess_answers: AssessFn) -> None:
    plans = {w: assess_answers({**ADOPT, "adoption_window": w}, engagement=ENGAGED).plan
             for w in ("now", "next_quarter", "later")}
    reference = dt.date(2026, 11, 20)
    assert plans["now"].phases[0].starts_on == reference
    assert plans["next_quarter"].phases[0].starts_on == dt.date(2027, 1, 1)
    assert [p.id for p in plans["now"].phases] == [p.id for p in plans["next_quarter"].phases]
    later = plans["later"]
    assert later.phases[0].id == "prepare_window" and later.phases[0].starts_on == reference
    assert later.phases[1].starts_on == dt.date(2027, 4, 1) == quarter_start(reference, 2)
    assert "prepare_window" not in [p.id for p in plans["next_quarter"].phases]
    assert "1 April 2027" in later.schedule_note and "later this year or beyond" in later.schedule_note


def test_change_approval_alone_adds_lead_time_approval_gates_and_duration(assess_answers: AssessFn) -> None:
    plans = {level: assess_answers({**ADOPT, "change_approval": level}, engagement=ENGAGED).plan
             for level in ("light", "review_board", "regulated")}
    assert all(p.lead_weeks == 0 for p in plans["light"].phases)
    assert all(p.lead_weeks == 2 for p in plans["review_board"].phases)
    assert all(p.lead_weeks == 4 for p in plans["regulated"].phases)
    assert not [g for p in plans["light"].phases for g in p.gates if g.kind == "approval"]
    for level in ("review_board", "regulated"):
        for p in plans[level].phases:
            approval = next(g for g in p.gates if g.kind == "approval")
            assert approval.on == p.starts_on and approval.criteria == p.entry_criteria
    assert plans["light"].ends_on < plans["review_board"].ends_on < plans["regulated"].ends_on
    assert plans["light"].total_weeks.max < plans["review_board"].total_weeks.max < plans["regulated"].total_weeks.max
    assert "change advisory board" in plans["review_board"].schedule_note


def test_team_count_alone_lengthens_the_onboarding_phases_and_names_the_teams(assess_answers: AssessFn) -> None:
    one = assess_answers({**ADOPT, "team_count": 1, "clusters": 2}, engagement=ENGAGED)
    many = assess_answers({**ADOPT, "team_count": 12, "clusters": 2}, engagement=ENGAGED)
    for pid in ("observe", "secure", "control_traffic"):
        assert phase(many, pid).duration_weeks.max > phase(one, pid).duration_weeks.max, pid
    assert phase(many, "extend").duration_weeks == phase(one, "extend").duration_weeks, "not an onboarding phase"
    assert any("Onboard the 12 teams" in x for x in phase(many, "observe").activities)
    assert not any("Onboard the" in x for x in phase(one, "observe").activities)
    assert phase(many, "control_traffic").owner.startswith("Application teams")
    assert phase(one, "control_traffic").owner.startswith("The application team")
    assert "12 teams" in many.plan.scaling_note and "many_teams" in [r.id for r in many.risks]


def test_every_phase_ends_with_a_go_no_go_gate_on_its_exit_criteria(assess_answers: AssessFn) -> None:
    a = assess_answers(PILOT, engagement=ENGAGED)
    for p in a.plan.phases:
        gate = next(g for g in p.gates if g.kind == "go_no_go")
        assert gate.on == p.ends_on and gate.criteria == p.exit_criteria and gate.decided_by


def test_the_recurring_review_is_a_milestone_not_a_bar(assess_answers: AssessFn) -> None:
    for answers in (NOT_YET, GATEWAY):
        plan = assess_answers(answers, engagement=ENGAGED).plan
        revisit = phase_of(plan, "revisit")
        assert revisit.draw_as == "milestone" and revisit.duration_weeks.max == 0
        assert revisit.starts_on == revisit.ends_on == add_months(dt.date(2026, 11, 20), 6)
        (review,) = revisit.gates
        assert review.kind == "review" and review.every_months == 6 and review.on == revisit.starts_on
        assert plan.total_weeks.max == sum(p.duration_weeks.max for p in plan.phases if p.draw_as == "bar")
        assert "then every 6 months" in plan.schedule_note


def phase_of(plan: Any, pid: str) -> Any:
    return next(p for p in plan.phases if p.id == pid)


def test_tracing_coverage_shapes_the_observe_phase(assess_answers: AssessFn) -> None:
    few = assess_answers({**ADOPT, "tracing_coverage": "few"})
    most = assess_answers({**ADOPT, "tracing_coverage": "most"})
    untraced = assess_answers({**ADOPT, "observability": ["metrics", "logs"]})
    assert any("most of them today" in x for x in phase(few, "observe").activities)
    assert any("already pass trace context on" in x for x in phase(most, "observe").activities)
    assert any("Choose a tracing backend" in x for x in phase(untraced, "observe").activities)
    assert "partial_traces" in [r.id for r in few.risks] and "partial_traces" not in [r.id for r in most.risks]


def test_service_identity_shapes_the_secure_phase(assess_answers: AssessFn) -> None:
    by = {v: assess_answers({**ADOPT, "service_identity": v})
          for v in ("none", "shared_secrets", "per_service_certificates", "workload_identity")}
    assert any("Replace the shared secrets" in x for x in phase(by["shared_secrets"], "secure").activities)
    assert any("per-service certificates" in x for x in phase(by["per_service_certificates"], "secure").activities)
    assert any("SPIFFE" in x for x in phase(by["workload_identity"], "secure").activities)
    assert any("no service-to-service authentication to migrate" in x for x in phase(by["none"], "secure").activities)
    shorter = phase(by["per_service_certificates"], "secure").duration_weeks.max
    assert shorter < phase(by["shared_secrets"], "secure").duration_weeks.max, "existing identities: shorter"
    assert "existing service identities" in by["workload_identity"].plan.scaling_note


def test_incidents_and_time_to_localize_set_the_baseline(assess_answers: AssessFn) -> None:
    weekly = assess_answers({**ADOPT, "time_to_localize": "days", "cross_service_incidents": "weekly"})
    monthly = assess_answers({**ADOPT, "time_to_localize": "days", "cross_service_incidents": "monthly"})
    unknown = assess_answers({k: v for k, v in ADOPT.items() if k != "time_to_localize"})
    assert weekly.plan.baseline and "days" in weekly.plan.baseline and "weekly or more" in weekly.plan.baseline
    assert monthly.plan.baseline != weekly.plan.baseline
    assert unknown.plan.baseline is None, "an unanswered time to localize is no baseline"
    assert any("today's days to localize" in m for m in phase(weekly, "observe").success_metrics)
    assert any("baseline recorded before the rollout" in m for m in phase(unknown, "observe").success_metrics)


def test_edge_needs_shape_the_gateway_plan(assess_answers: AssessFn) -> None:
    tls = assess_answers({**GATEWAY, "edge_needs": ["tls_termination"]})
    everything = assess_answers({**GATEWAY, "edge_needs": ["tls_termination", "rate_limiting", "authentication",
                                                           "routing", "waf"]})
    tls_text = " ".join(phase(tls, "edge_gateway").activities + phase(tls, "edge_harden").activities)
    assert "TLS" in tls_text
    for capability in ("rate limits", "Authenticate callers", "Route by path", "web application firewall"):
        assert capability not in tls_text, f"{capability!r} was not asked for"
        assert capability in text_of(everything)
    assert "rate limiting" in phase(everything, "edge_gateway").exit_criteria[0]


def test_no_kubernetes_advice_for_virtual_machines_or_serverless(assess_answers: AssessFn) -> None:
    for platform in ("vms", "serverless"):
        for answers in CATEGORIES.values():
            text = text_of(assess_answers({**answers, "platform": platform}))
            for advice in ("PodDisruptionBudget", "readiness probe", "ingress controller", "cert-manager",
                           "Service ports", "resource requests"):
                assert advice not in text, (platform, advice)


def test_no_virtual_machines_for_a_kubernetes_only_estate(assess_answers: AssessFn) -> None:
    a = assess_answers({**ADOPT, "platform": "kubernetes", "clusters": 3, "multicluster_needs": ["failover"],
                        "third_party_integration": True})
    assert "extend" in [p.id for p in a.plan.phases]
    assert "virtual machine" not in text_of(a).lower() and "VM" not in text_of(a)
    mixed = assess_answers({**ADOPT, "platform": "mixed", "clusters": 3})
    assert "virtual machines" in text_of(mixed)


def test_no_compliance_text_where_nothing_requires_it(assess_answers: AssessFn) -> None:
    free = assess_answers({**ADOPT, "compliance": [], "encryption_in_transit_required": False})
    text = text_of(free)
    for word in ("auditor", "audit findings", "an audit", "compliance", "GDPR", "PCI"):
        assert word.lower() not in text.lower(), word
    bound = assess_answers({**ADOPT, "compliance": ["gdpr"]})
    assert "GDPR" in text_of(bound) and "audit_before_strict" in [r.id for r in bound.risks]


def test_messaging_and_server_first_traffic_get_plan_items_and_risks(assess_answers: AssessFn) -> None:
    plain = assess_answers({**ADOPT, "protocols": ["http", "grpc"]})
    kafka = assess_answers({**ADOPT, "protocols": ["http", "messaging", "databases"]})
    assert any("messaging brokers" in x for x in phase(kafka, "observe").activities)
    assert any("database connections" in x for x in phase(kafka, "observe").activities)
    assert any("brokers' own TLS" in x for x in phase(kafka, "secure").activities)
    assert {"messaging_traffic", "server_first_protocols"} <= {r.id for r in kafka.risks}
    assert not {"messaging_traffic", "server_first_protocols"} & {r.id for r in plain.risks}
    assert "messag" not in " ".join(phase(plain, "observe").activities)


def test_unanswered_questions_are_stated_as_such(assess_answers: AssessFn) -> None:
    a = assess_answers({"service_count": 30, "languages": ["go", "java", "python"], "utility_rework": "often",
                        "localize_vs_fix": "localizing_takes_longer"})
    assert "1 cluster (not answered" in a.plan.scaling_note
    assert "1 team (assumed, not answered)" in a.plan.scaling_note
    assert "(assumed, not answered)" in a.plan.schedule_note, "the adoption window was assumed"


def test_the_scaling_note_names_the_counts_and_what_the_scan_found(questionnaire: Questionnaire,
                                                                   catalogue: PlanCatalogue,
                                                                   risk_catalogue: Any) -> None:
    from readiness.core.answers import parse_answers_file, resolve
    from readiness.core.assessment import build_assessment

    answers = resolve(questionnaire, parse_answers_file({"answers": {**ADOPT, "service_count": 48, "clusters": 3}},
                                                        "t.yaml"), "t.yaml")
    found = Disagreement(question="service_count", answered="48 services", detected="10", severity="major",
                         message="answered 48 services; the scan found 10 business services", detected_value=10)
    a = build_assessment(questionnaire, catalogue, answers, FIXED_TIME, disagreements=[found], risks=risk_catalogue,
                         multicluster=load_multicluster_rules())
    note = a.plan.scaling_note
    assert note.startswith("Sized for 48 services in 3 clusters") and "the cluster scan found 10 services" in note
    assert "keeps the answered figure" in note
    assert a.plan.sizing.services == 48 and a.plan.sizing.clusters == 3
    assert a.plan.sizing.scan_found == {"service_count": "10 services"}


def test_a_pilot_names_its_scope(assess_answers: AssessFn) -> None:
    a = assess_answers({**PILOT, "team_count": 2, "protocols": ["http", "messaging"]})
    assert a.recommendation.category == "pilot"
    scope = a.plan.pilot_scope
    assert scope is not None and scope.services == 4 and "about 4 of the 8" in scope.description
    assert "messaging" in scope.description
    pilot = phase(a, "pilot_scope")
    assert pilot.activities[0] == "Pilot on this scope: " + scope.description[0].lower() + scope.description[1:]
    assert assess_answers(ADOPT).plan.pilot_scope is None


def test_why_now_reads_the_clients_facts(assess_answers: AssessFn) -> None:
    a = assess_answers({**ADOPT, "compliance": ["pci_dss"], "progressive_delivery": True,
                        "cross_service_incidents": "weekly"})
    assert "PCI DSS obligations" in phase(a, "secure").why_now
    assert "canary releases" in phase(a, "control_traffic").why_now
    observe = phase(a, "observe").why_now
    assert observe.startswith("First, because localizing a failure takes longer than fixing it")
    assert "weekly or more" in observe


# --------------------------------------------------------------------------------------------------
# The catalogue's own checks
# --------------------------------------------------------------------------------------------------

def _catalogue_problems(questionnaire: Questionnaire, catalogue: PlanCatalogue,
                        change: Callable[[dict[str, Any]], None]) -> str:
    raw = catalogue.model_dump(mode="json", by_alias=True, exclude_none=True)
    change(raw)
    with pytest.raises(QuestionnaireError) as caught:
        parse_plan_catalogue(raw, questionnaire, "plan.yaml")
    return str(caught.value)


def _observe(raw: dict[str, Any]) -> dict[str, Any]:
    return next(p for p in raw["phases"] if p["id"] == "observe")


def test_the_catalogue_refuses_a_sentence_stating_an_answer_it_does_not_test(questionnaire: Questionnaire,
                                                                            catalogue: PlanCatalogue) -> None:
    message = _catalogue_problems(questionnaire, catalogue, lambda raw: _observe(raw)["activities"].append(
        "Onboard the {team_count} first."))
    assert "{team_count} states an answer the sentence's 'when' does not test" in message


def test_the_catalogue_refuses_missing_terms_and_mixed_sentences(questionnaire: Questionnaire,
                                                                 catalogue: PlanCatalogue) -> None:
    def drop_term(raw: dict[str, Any]) -> None:
        del raw["mesh_terms"]["linkerd"]["enrol"]
    assert "mesh_terms.linkerd" in _catalogue_problems(questionnaire, catalogue, drop_term)

    def mix(raw: dict[str, Any]) -> None:
        _observe(raw)["activities"].append({"text": "Onboard {team_count} with {enrol}.",
                                            "when": {"question": "team_count", "gte": 2}})
    assert "names data-plane terms or answers, not both" in _catalogue_problems(questionnaire, catalogue, mix)


def test_the_catalogue_refuses_unknown_roles_and_window_answers(questionnaire: Questionnaire,
                                                                catalogue: PlanCatalogue) -> None:
    def break_it(raw: dict[str, Any]) -> None:
        _observe(raw)["owner"] = "nobody_in_particular"
        raw["schedule"]["windows"]["someday"] = 4
    message = _catalogue_problems(questionnaire, catalogue, break_it)
    assert "unknown role 'nobody_in_particular'" in message
    assert "not a choice of 'adoption_window'" in message


def test_the_published_schema_requires_the_roadmap_and_the_register() -> None:
    from readiness.app.schemas import schema_for

    schema = schema_for("assessment")
    defs: dict[str, Any] = schema["$defs"]
    assert "risks" in schema["required"]
    for field in ("starts_on", "ends_on", "owner", "gates", "draw_as", "lead_weeks"):
        assert field in defs["Phase"]["required"], field
    assert defs["Phase"]["properties"]["starts_on"]["format"] == "date"
    for field in ("starts_on", "ends_on", "reference_date", "schedule_note", "sizing"):
        assert field in defs["Plan"]["required"], field
    assert set(defs["RiskEntry"]["required"]) >= {"title", "likelihood", "impact", "mitigation", "owner", "phase"}
    assert defs["Gate"]["properties"]["kind"]["enum"] == ["approval", "go_no_go", "review"]
