"""The pure comparison of two assessments (:mod:`readiness.core.compare`): what counts as changed, moved, met and
reached, and what cannot be compared."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from readiness.core.compare import check_comparable, compare, major_version, reached, same_value
from readiness.errors import InputError
from readiness.models import Assessment

Assess = Callable[..., Assessment]
SMALL = {"service_count": 3, "team_count": 1, "platform_team": "nobody", "kubernetes_experience": "learning"}


@pytest.fixture(scope="module")
def small(assess_answers: Assess) -> Assessment:
    return assess_answers(SMALL)


def test_a_comparison_of_an_assessment_with_itself_has_no_changes(small: Assessment) -> None:
    same = compare(small, small)
    assert not same.verdict.changed and same.verdict.before == same.verdict.after
    assert same.changed_answers == [] and same.signals == []
    assert [d.change for d in (same.scores.need, same.scores.readiness, same.scores.confidence)] == [0, 0, 0]
    assert {p.status for p in same.plan} == {"open"} and all(not p.met for p in same.plan)
    assert same.triggers and not any(t.reached for t in same.triggers)
    assert same.precheck is None and same.notes == []


def test_changed_answers_carry_display_values_and_sources(small: Assessment, assess_answers: Assess) -> None:
    later = assess_answers({**SMALL, "service_count": 40, "zero_trust_mandate": True})
    found = {c.question: c for c in compare(small, later).changed_answers}
    assert set(found) == {"service_count", "zero_trust_mandate", "expected_service_count_12m"}  # its default follows
    assert found["expected_service_count_12m"].after_source == "default"
    count = found["service_count"]
    assert (count.before, count.after, count.before_source, count.after_source) == (
        "3 services", "40 services", "answered", "answered")
    assert (found["zero_trust_mandate"].before_source, found["zero_trust_mandate"].after) == ("default", "yes")


def test_moved_signals_name_the_changed_answers_and_keep_both_explanations(small: Assessment,
                                                                          assess_answers: Assess) -> None:
    later = assess_answers({**SMALL, "service_count": 40})
    result = compare(small, later)
    by_id = {s.id: s for s in result.signals}
    many = by_id["many_services"]
    assert many.because == ["service_count"] and many.before and many.after
    assert many.after.contribution > many.before.contribution and many.change == pytest.approx(
        many.after.contribution - many.before.contribution, abs=0.01)
    assert many.before.explanation != many.after.explanation
    assert [abs(s.change) for s in result.signals] == sorted((abs(s.change) for s in result.signals), reverse=True)
    earlier = {s.id: s.contribution for s in small.signals}
    unmoved = [s.id for s in later.signals if abs(s.contribution - earlier[s.id]) < 0.05]
    assert unmoved and not set(unmoved) & set(by_id)


def test_a_phase_the_new_plan_no_longer_has_is_met_and_its_new_phases_are_added(
        small: Assessment, assess_answers: Assess) -> None:
    ready = assess_answers({**SMALL, "service_count": 60, "zero_trust_mandate": True, "platform_team": "dedicated",
                            "kubernetes_experience": "production", "time_to_localize": "hours"})
    result = compare(small, ready)
    old = {p.id for p in small.plan.phases}
    new = {p.id for p in ready.plan.phases}
    status = {p.phase: p.status for p in result.plan}
    assert old - new and new - old and result.verdict.changed
    assert {pid for pid, s in status.items() if s == "met"} == old - new
    assert {pid for pid, s in status.items() if s == "added"} == new - old
    assert [p.phase for p in result.plan][:len(small.plan.phases)] == [p.id for p in small.plan.phases]


def test_a_criterion_dropped_from_a_phase_that_stays_is_partly_met(small: Assessment) -> None:
    phase = small.plan.phases[0]
    assert len(phase.exit_criteria) >= 2
    kept = phase.model_copy(update={"exit_criteria": phase.exit_criteria[1:]})
    later = small.model_copy(update={"plan": small.plan.model_copy(update={"phases": [kept,
                                                                                      *small.plan.phases[1:]]})})
    first = compare(small, later).plan[0]
    assert (first.status, first.met, first.open) == ("partly_met", phase.exit_criteria[:1], phase.exit_criteria[1:])


@pytest.mark.parametrize(("needed", "earlier", "later", "expected"), [
    (25, 2, 48, True), (25, 2, 25, True), (25, 2, 24, False), (25, 60, 12, True), (25, 60, 30, False),
    (25, None, 30, False), (25, None, 25, True), (True, False, True, True), (True, False, False, False),
    ("dedicated", "none", "dedicated", True), (["pci_dss"], [], ["gdpr", "pci_dss"], True),
    (["pci_dss"], [], ["gdpr"], False), ([], ["pci_dss"], [], True), ([], ["pci_dss"], ["gdpr"], False),
    (25, 2, None, False), (True, False, 1, False),
])
def test_a_trigger_answer_is_reached_at_or_beyond_its_value(needed: Any, earlier: Any, later: Any,
                                                            expected: bool) -> None:
    assert reached(needed, earlier, later) is expected


def test_triggers_of_the_earlier_verdict_are_reached_by_the_later_answers(small: Assessment,
                                                                           assess_answers: Assess) -> None:
    assert small.recommendation.triggers
    trigger = small.recommendation.triggers[0]
    later = assess_answers({**SMALL, **trigger.set})
    progress = compare(small, later).triggers[0]
    assert progress.reached and progress.change == trigger.change
    assert [a.question for a in progress.answers] == list(trigger.set)
    assert all(a.needed == c.to_value for a, c in zip(progress.answers, trigger.changes, strict=True))
    assert not compare(small, small).triggers[0].reached


def test_lists_compare_as_sets_and_numbers_across_int_and_float() -> None:
    assert same_value(["go", "java"], ["java", "go"]) and same_value(25, 25.0)
    assert not same_value(True, 1) and not same_value(["go"], ["go", "java"])


def test_assessments_of_different_major_versions_or_questionnaires_are_refused(small: Assessment) -> None:
    assert major_version("service-mesh-readiness@1.4.2") == ("service-mesh-readiness", "1")
    minor = small.model_copy(update={"questionnaire": small.questionnaire.split("@")[0] + "@1.9.0"})
    check_comparable(small, minor)
    for other in ("service-mesh-readiness@2.0.0", "another-questionnaire@1.0.0"):
        with pytest.raises(InputError) as refused:
            compare(small, small.model_copy(update={"questionnaire": other}))
        assert len(refused.value.lines()) == 1 and other in refused.value.lines()[0]
