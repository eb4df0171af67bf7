"""Session logic: order, conditions on answers-so-far (defaults included), progress, pre-filling."""

from __future__ import annotations

import pytest

from readiness.core.answers import parse_answers_file, resolve
from readiness.errors import AnswersError
from readiness.interview.session import Session
from readiness.models import DetectedAnswer, Questionnaire
from tests.interview.conftest import CONDITIONAL


def test_pending_follows_the_questionnaire_order_and_skips_follow_ups_whose_condition_fails(
        questionnaire: Questionnaire) -> None:
    session = Session(questionnaire)
    expected = [q.id for q in questionnaire.questions() if q.id not in CONDITIONAL]
    assert [s.id for s in session.pending()] == expected
    assert session.next_pending() is not None and session.next_pending().id == "service_count"  # type: ignore[union-attr]


@pytest.mark.parametrize(("answer", "follow_up"), [
    ({"clusters": 3}, "multicluster_needs"),
    ({"observability": ["metrics", "tracing"]}, "tracing_coverage"),
    ({"north_south_only": True}, "edge_needs"),
])
def test_a_follow_up_applies_once_its_condition_holds(questionnaire: Questionnaire, answer: dict[str, object],
                                                      follow_up: str) -> None:
    assert not Session(questionnaire).slot(follow_up).applicable
    session = Session(questionnaire, answers=answer)  # type: ignore[arg-type]
    assert session.slot(follow_up).applicable
    assert follow_up in [s.id for s in session.pending()]


def test_conditions_and_defaults_read_earlier_answers_including_defaults(questionnaire: Questionnaire) -> None:
    session = Session(questionnaire, answers={"service_count": 17})
    # expected_service_count_12m defaults from service_count, answered or not
    assert session.slot("expected_service_count_12m").value == 17
    assert session.slot("expected_service_count_12m").source == "default"
    # clusters is unanswered: its default (1) decides, so the multicluster follow-up does not apply
    assert session.slot("clusters").value == 1
    assert not session.slot("multicluster_needs").applicable


def test_progress_counts_what_applies_or_may_still_apply_so_the_total_never_grows(questionnaire: Questionnaire
                                                                                 ) -> None:
    session = Session(questionnaire)
    first = session.progress("service_count")
    assert (first.section_index, first.section_count, first.question_index, first.question_count) == (1, 8, 1, 37)
    assert first.label == "section 1 of 8, question 1 of 37", "every follow-up counted until its condition is known"
    assert session.progress("latency_budget_ms").short == "19/37"
    session.set_answer("observability", ["metrics", "logs", "tracing"])
    assert session.progress("tracing_coverage").label == "section 4 of 8, question 18 of 37"
    assert session.progress("change_approval").short == "37/37"
    session.set_answer("clusters", 1)
    session.set_answer("north_south_only", False)
    assert session.progress("change_approval").short == "33/33", "answers only ever take follow-ups away"
    with pytest.raises(KeyError):
        session.progress("multicluster_needs")


def test_set_answer_reports_follow_ups_that_appear_and_disappear(questionnaire: Questionnaire) -> None:
    session = Session(questionnaire)
    follow_ups = ("multicluster_needs", "cluster_network", "replicated_services")
    change = session.set_answer("clusters", 4)
    assert change.appeared == follow_ups and change.disappeared == ()
    session.set_answer("multicluster_needs", ["failover"])
    change = session.set_answer("clusters", 1)
    assert change.disappeared == follow_ups and change.appeared == ()
    assert "multicluster_needs" not in session.to_answers_file().answers
    # the answer is kept in memory: switching back restores it without asking again
    session.set_answer("clusters", 2)
    assert session.slot("multicluster_needs").answered
    assert session.to_answers_file().answers["multicluster_needs"] == ["failover"]


def test_answers_are_normalised_and_checked_like_an_answers_file(questionnaire: Questionnaire) -> None:
    session = Session(questionnaire)
    session.set_answer("languages", ["Python", "golang", "node"])
    assert session.answers["languages"] == ["go", "python", "javascript"]
    with pytest.raises(ValueError, match="expected at least 0"):
        session.set_answer("service_count", -1)
    with pytest.raises(ValueError, match="unknown question id"):
        session.set_answer("nonsense", 1)


def test_the_answers_file_holds_applicable_answers_in_questionnaire_order(questionnaire: Questionnaire) -> None:
    session = Session(questionnaire)
    for qid, value in (("clusters", 2), ("service_count", 9), ("multicluster_needs", ["single_pane"])):
        session.set_answer(qid, value)
    session.set_note("topology", "  two regions  ")
    saved = session.to_answers_file()
    assert list(saved.answers) == ["service_count", "clusters", "multicluster_needs"]
    assert saved.questionnaire == "service-mesh-readiness@1.0.0"
    assert saved.notes == {"topology": "two regions"}
    session.set_note("topology", " ")
    assert session.to_answers_file().notes == {}


def test_pre_filled_answers_are_not_pending_unless_review_all(questionnaire: Questionnaire) -> None:
    answers_file = parse_answers_file({"answers": {"service_count": 40, "languages": ["go"]}}, "old.yaml")
    session, warnings = Session.from_answers_file(questionnaire, answers_file, "old.yaml")
    assert warnings == []
    pending = [s.id for s in session.pending()]
    assert "service_count" not in pending and "languages" not in pending and "architecture" in pending
    again, _ = Session.from_answers_file(questionnaire, answers_file, "old.yaml", review_all=True)
    assert [s.id for s in again.pending()][:2] == ["service_count", "expected_service_count_12m"]
    assert again.slot("service_count").value == 40
    again.set_answer("service_count", 40)
    assert "service_count" not in [s.id for s in again.pending()]


def test_a_pre_fill_file_is_checked_as_assess_checks_it(questionnaire: Questionnaire) -> None:
    bad = parse_answers_file({"answers": {"service_count": "many", "colours": 3}}, "old.yaml")
    with pytest.raises(AnswersError) as err:
        Session.from_answers_file(questionnaire, bad, "old.yaml")
    assert err.value.lines() == [
        "old.yaml: answers.colours: unknown question id (did you mean 'clusters'?); 'readiness questionnaire show' "
        "lists every question",
        "old.yaml: answers.service_count: expected a whole number, found the text 'many'",
    ]


def test_a_pre_filled_answer_that_does_not_apply_is_reported_and_not_saved(questionnaire: Questionnaire) -> None:
    answers_file = parse_answers_file({"answers": {"clusters": 1, "multicluster_needs": ["failover"]}}, "old.yaml")
    session, warnings = Session.from_answers_file(questionnaire, answers_file, "old.yaml")
    assert warnings == ["old.yaml: answers.multicluster_needs: ignored, it applies only when clusters > 1"]
    assert "multicluster_needs" not in session.to_answers_file().answers


def test_detected_values_are_the_pre_selected_defaults_with_source_detected(questionnaire: Questionnaire) -> None:
    detected = {"service_count": DetectedAnswer(value=42, evidence=["42 Deployments"]),
                "languages": DetectedAnswer(value=["klingon"])}  # an unusable detection is ignored
    session = Session(questionnaire, detected=detected)
    assert (session.slot("service_count").value, session.slot("service_count").source) == (42, "detected")
    assert session.slot("languages").source == "default"
    assert "service_count" in [s.id for s in session.pending()]  # still asked, to be confirmed
    session.set_answer("service_count", 42)
    assert session.slot("service_count").source == "answered", "confirming the scan's value makes it an answer"
    session.set_answer("service_count", 40)
    assert session.slot("service_count").source == "answered"


def test_the_session_and_assess_layer_answers_alike(questionnaire: Questionnaire) -> None:
    """One precedence: what the review table shows is what `readiness assess` records for the saved answers."""
    detected = {"service_count": DetectedAnswer(value=42, evidence=["42 Deployments"]),
                "clusters": DetectedAnswer(value=2, evidence=["two contexts"]),
                "protocols": DetectedAnswer(value=["http", "grpc"], evidence=["ports"])}
    session = Session(questionnaire, detected=detected)
    session.set_answer("service_count", 42)          # confirms the detected value
    session.set_answer("protocols", ["http"])        # overrides it
    session.set_answer("multicluster_needs", ["failover"])  # applies only because clusters (detected) is 2
    resolved = resolve(questionnaire, session.to_answers_file(), "a.yaml", detected)
    shown = [(s.id, s.value, s.source, s.applicable) for s in session.slots()]
    recorded = [(a.id, a.value, a.source, a.applicable) for a in resolved.items]
    assert shown == recorded
    assert dict((qid, src) for qid, _, src, _ in shown)["clusters"] == "detected"
