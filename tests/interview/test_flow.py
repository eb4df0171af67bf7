"""The interview conversation, driven by a scripted prompter: order, sections, progress, conditions,
review edits, consultant mode, re-asking, resume and pre-fill."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from readiness.core.answers import parse_answers_file
from readiness.interview.flow import Interview
from readiness.interview.session import Session
from readiness.interview.store import dump_answers_file
from readiness.models import DetectedAnswer, Engagement, Questionnaire
from tests.interview.conftest import CONDITIONAL, TODAY, Run
from tests.interview.scripted import INTERRUPT, Responses, ScriptedPrompter

RunInterview = Callable[..., Run]

A_TEAM = {
    "service_count": 14, "architecture": "mixed", "team_count": 4, "languages": ["go", "java", "python"],
    "language_migration": True, "utility_rework": "often", "release_style": "independent_continuous",
    "progressive_delivery": True, "protocols": ["http", "grpc"], "time_to_localize": "days",
    "localize_vs_fix": "localizing_takes_longer", "observability": ["metrics", "logs", "tracing"],
    "tracing_coverage": "few", "latency_budget_ms": 5, "compliance": ["pci_dss"],
    "encryption_in_transit_required": True, "service_identity": "shared_secrets", "clusters": 3,
    "multicluster_needs": ["failover"], "kubernetes_experience": "expert", "platform_team": "dedicated",
    "adoption_window": "now",
}


def test_a_default_run_asks_every_applicable_question_once_in_order(interview: RunInterview,
                                                                    questionnaire: Questionnaire) -> None:
    run = interview()
    expected = [q.id for q in questionnaire.questions() if q.id not in CONDITIONAL]
    assert run.questions == expected
    assert run.prompter.keys[0] == "client" and run.prompter.keys[-1] == "review"
    assert [(s.index, s.count, s.title) for s in run.prompter.sections] == [
        (i, 8, s.title) for i, s in enumerate(questionnaire.sections, start=1)]
    assert all(s.purpose for s in run.prompter.sections)
    assert run.saved is not None and list(run.saved.answers) == expected
    assert run.saved.engagement is None and run.saved.notes == {}


def test_each_question_shows_its_progress_and_help_with_the_default_pre_selected(interview: RunInterview) -> None:
    run = interview({"observability": ["metrics", "tracing"]})
    asked = {a.key: a for a in run.prompter.asked}
    assert [a.progress for a in run.prompter.asked if a.key in run.questions][:3] == ["1/37", "2/37", "3/37"]
    assert (asked["observability"].progress, asked["tracing_coverage"].progress,
            asked["latency_budget_ms"].progress, asked["change_approval"].progress) == ("17/37", "18/37", "19/37",
                                                                                         "33/33")
    assert asked["service_count"].default == 3 and asked["protocols"].default == ["http"]
    assert asked["architecture"].default == "microservices" and asked["shared_framework"].default is False
    assert asked["service_count"].help.startswith("A mesh pays off when")
    assert "Asked because observability includes tracing." in asked["tracing_coverage"].help
    assert asked["languages"].filterable and not asked["protocols"].filterable
    assert [o.value for o in asked["architecture"].options] == ["monolith", "modular_monolith", "microservices",
                                                                 "mixed"]


def test_answers_change_what_is_asked_next(interview: RunInterview) -> None:
    run = interview(A_TEAM)
    assert run.questions[run.questions.index("observability") + 1] == "tracing_coverage"
    assert run.questions[run.questions.index("clusters") + 1] == "multicluster_needs"
    assert "edge_needs" not in run.questions
    assert run.saved is not None
    for qid, value in A_TEAM.items():
        assert run.saved.answers[qid] == value, qid
    # default_from: the 12-month estimate defaults to today's answer
    assert run.saved.answers["expected_service_count_12m"] == 14


def test_a_review_edit_brings_up_its_follow_up_question(interview: RunInterview) -> None:
    run = interview({"review": Responses("edit", "save"), "edit": "clusters", "clusters": Responses(1, 3),
                     "multicluster_needs": ["failover", "unified_trust"]})
    keys = run.prompter.keys
    assert keys[keys.index("edit"):] == ["edit", "clusters", "multicluster_needs", "cluster_network",
                                         "replicated_services", "review"]
    assert any("brings up a follow-up question: What do you need across clusters?" in m
               for m in run.prompter.messages)
    assert run.saved is not None
    assert run.saved.answers["clusters"] == 3
    assert run.saved.answers["multicluster_needs"] == ["failover", "unified_trust"]
    first, last = run.prompter.tables[0], run.prompter.tables[-1]
    assert "multicluster_needs" not in [r.question_id for r in first.rows]
    assert "What do you need across clusters?" in first.not_applicable
    assert [r.question_id for r in last.rows][22:24] == ["clusters", "multicluster_needs"]


def test_a_review_edit_makes_a_follow_up_disappear_and_changing_back_restores_it(interview: RunInterview) -> None:
    run = interview({"clusters": Responses(3, 1, 2), "multicluster_needs": ["failover"],
                     "review": Responses("edit", "edit", "save"), "edit": Responses("clusters", "clusters")})
    assert run.questions.count("multicluster_needs") == 1
    assert any(m.startswith("No longer applies, so it is left out: What do you need across clusters?")
               for m in run.prompter.messages)
    assert any(m.startswith("Applies again, with your earlier answer (Failover between clusters)")
               for m in run.prompter.messages)
    sizes = [len(t.rows) for t in run.prompter.tables]
    assert sizes == [35, 32, 35], "the three follow-ups of clusters leave and come back together"
    assert run.saved is not None and run.saved.answers["multicluster_needs"] == ["failover"]


def test_the_review_table_lists_every_applicable_answer_with_its_source(interview: RunInterview,
                                                                        questionnaire: Questionnaire) -> None:
    detected = {"clusters": DetectedAnswer(value=1, evidence=["one kube context"])}
    run = interview({"service_count": 8}, session=Session(questionnaire, detected=detected))
    table = run.prompter.tables[0]
    rows = {r.question_id: r for r in table.rows}
    assert [r.number for r in table.rows] == list(range(1, 33))
    assert (rows["service_count"].answer, rows["service_count"].source) == ("8 services", "answered")
    assert (rows["clusters"].answer, rows["clusters"].source) == ("1 cluster", "answered"), \
        "confirmed in the interview, the scan's value is an answer, as `readiness assess` records it"
    assert rows["languages"].section_title == "Languages and frameworks"


def test_bad_numbers_are_re_asked_with_a_message(interview: RunInterview) -> None:
    run = interview({"latency_budget_ms": "fast", "team_count": Responses("0", "1.5", "1,200")})
    # text responses are typed: each refused one is re-asked; after 'fast' the script has no more
    # responses for latency_budget_ms, so the default is accepted (Enter)
    assert run.saved is not None
    assert run.saved.answers["team_count"] == 1200
    assert run.saved.answers["latency_budget_ms"] == 50
    assert run.prompter.rejected == [
        "Expected at least 1, found 0.",
        "Expected a whole number, found 1.5.",
        "'fast' is not a number; type a number greater than 0 and at most 100000.",
    ]


def test_consultant_mode_asks_assessor_date_and_a_note_per_section(interview: RunInterview,
                                                                   questionnaire: Questionnaire) -> None:
    run = interview({"client": "ACME Corp", "assessor": "Ana Assessor", "date": Responses("tomorrow", "2026-02-01"),
                     "note:scale": "Counts from the platform team", "note:constraints": "Freeze until March"})
    keys = run.prompter.keys
    assert keys[:4] == ["client", "assessor", "date", "service_count"]
    assert keys[keys.index("team_count") + 1] == "note:scale"
    assert [k for k in keys if k.startswith("note:")] == [f"note:{s.id}" for s in questionnaire.sections]
    assert run.prompter.rejected == ["'tomorrow' is not a date; type it as YYYY-MM-DD, e.g. 2026-11-02."]
    assert run.saved is not None
    assert run.saved.engagement == Engagement(client="ACME Corp", assessor="Ana Assessor", date=dt.date(2026, 2, 1))
    assert run.saved.notes == {"constraints": "Freeze until March", "scale": "Counts from the platform team"}


def test_client_option_skips_the_client_question_and_the_date_defaults_to_today(interview: RunInterview) -> None:
    run = interview({"assessor": ""}, client="Globex")
    assert "client" not in run.prompter.keys
    assert run.saved is not None and run.saved.engagement == Engagement(client="Globex", date=TODAY)


def test_without_a_client_there_are_no_section_notes(interview: RunInterview) -> None:
    run = interview({"client": ""})
    assert not [k for k in run.prompter.keys if k.startswith(("note:", "assessor", "date"))]


def test_notes_and_engagement_can_be_changed_in_the_review(interview: RunInterview) -> None:
    run = interview({"review": Responses("note", "engagement", "save"), "note": "security",
                     "note:security": "Auditors want mTLS evidence", "client": Responses("", "Initech"),
                     "assessor": "Bob"})
    assert run.saved is not None
    assert run.saved.notes == {"security": "Auditors want mTLS evidence"}
    assert run.saved.engagement == Engagement(client="Initech", assessor="Bob", date=TODAY)


def test_every_change_is_reported_for_autosave(interview: RunInterview) -> None:
    saved_counts: list[int] = []
    run = interview({"client": "ACME"}, on_change=lambda s: saved_counts.append(len(s.answers)))
    # engagement (client, then assessor/date), 32 answers and 8 notes: each reported as it happens
    assert len(saved_counts) == 2 + 32 + 8
    assert saved_counts[-1] == 32 and run.saved is not None


def test_an_interrupted_interview_resumes_at_the_first_unanswered_question(questionnaire: Questionnaire) -> None:
    script = {**A_TEAM, "client": "ACME", "assessor": "Ana", "note:delivery": "Canaries wanted"}
    whole = ScriptedPrompter(script)
    expected = Interview(Session(questionnaire), whole, today=TODAY).run()

    first = ScriptedPrompter({**script, "protocols": INTERRUPT})
    session = Session(questionnaire)
    with pytest.raises(KeyboardInterrupt):
        Interview(session, first, today=TODAY).run()
    partial = dump_answers_file(session.to_answers_file())
    assert "progressive_delivery: true" in partial and "protocols" not in partial

    resumed, warnings = Session.from_answers_file(questionnaire, parse_answers_file(
        __import__("yaml").safe_load(partial), "answers.partial.yaml"), "answers.partial.yaml")
    assert warnings == []
    second = ScriptedPrompter(script)
    result = Interview(resumed, second, today=TODAY, ask_client=False).run()
    assert second.keys[0] == "protocols"
    assert second.sections[0].title == "Delivery" and second.sections[0].index == 3
    assert dump_answers_file(result) == dump_answers_file(expected)


def test_a_pre_filled_interview_asks_only_what_is_missing(questionnaire: Questionnaire,
                                                          interview: RunInterview) -> None:
    earlier = parse_answers_file({"answers": {k: v for k, v in A_TEAM.items() if k != "multicluster_needs"}},
                                 "2025.yaml")
    session, _ = Session.from_answers_file(questionnaire, earlier, "2025.yaml")
    run = interview({"multicluster_needs": ["team_isolation"]}, session=session)
    missing = [q.id for q in questionnaire.questions() if q.id not in A_TEAM and q.id != "edge_needs"]
    assert run.questions == [*missing[:run.questions.index("multicluster_needs")], "multicluster_needs",
                             *missing[run.questions.index("multicluster_needs"):]]
    assert set(run.questions) == {*missing, "multicluster_needs"}
    assert run.saved is not None and run.saved.answers["service_count"] == 14


def test_review_all_asks_everything_with_the_earlier_answers_pre_selected(questionnaire: Questionnaire,
                                                                          interview: RunInterview) -> None:
    earlier = parse_answers_file({"answers": A_TEAM}, "2025.yaml")
    session, _ = Session.from_answers_file(questionnaire, earlier, "2025.yaml", review_all=True)
    run = interview({"service_count": 30}, session=session)
    asked = {a.key: a for a in run.prompter.asked}
    assert len(run.questions) == 36
    assert asked["service_count"].default == 14 and asked["languages"].default == ["go", "java", "python"]
    assert run.saved is not None and run.saved.answers["service_count"] == 30
    assert run.saved.answers["languages"] == ["go", "java", "python"]


def test_a_detected_value_is_offered_with_its_evidence(questionnaire: Questionnaire,
                                                       interview: RunInterview) -> None:
    detected = {"service_count": DetectedAnswer(value=42, evidence=["42 Deployments in 6 namespaces"])}
    run = interview(session=Session(questionnaire, detected=detected))
    ask = next(a for a in run.prompter.asked if a.key == "service_count")
    assert ask.default == 42
    assert ask.help.endswith("Detected: 42 services (42 Deployments in 6 namespaces).")
    assert run.saved is not None and run.saved.answers["service_count"] == 42
