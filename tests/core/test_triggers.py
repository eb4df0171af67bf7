"""What would change the verdict is computed and true: every trigger's ``set``, applied to the answers file and
assessed again, gives its ``new_category``; where the note says no change of one or two answers moves the
verdict, trying them through the whole assessment finds none."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from readiness.core.answers import parse_answers_file, resolve
from readiness.core.strength import decide, raw_scores, unknown_questions
from readiness.core.triggers import Rescorer, _changes
from readiness.models import Assessment, Questionnaire
from tests.conftest import EXAMPLES
from tests.core.test_properties import answers_strategy

AssessFn = Callable[..., Assessment]
RANK = {"not_yet": 0, "gateway_only": 0, "prepare_first": 1, "pilot": 2, "adopt_now": 3}


def example(name: str) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
    return raw["answers"]  # type: ignore[no-any-return]


def check_triggers(assess_answers: AssessFn, answers: dict[str, Any]) -> Assessment:
    a = assess_answers(answers)
    for trigger in a.recommendation.triggers:
        again = assess_answers({**answers, **trigger.set})
        assert again.recommendation.category == trigger.new_category, (trigger.set, trigger.change)
        moved = RANK[trigger.new_category] - RANK[a.recommendation.category]
        assert trigger.direction == ("up" if moved > 0 else "down" if moved < 0 else "across")
        assert trigger.change.startswith("If ") and "_" not in trigger.change, "a sentence, not ids"
    return a


@pytest.mark.parametrize("name", ["startup", "monolith", "regulated-enterprise"])
def test_every_trigger_of_the_examples_gives_its_category(assess_answers: AssessFn, name: str) -> None:
    check_triggers(assess_answers, example(name))


def test_the_regulated_example_names_what_lowers_it(assess_answers: AssessFn) -> None:
    a = check_triggers(assess_answers, example("regulated-enterprise"))
    assert a.recommendation.category == "adopt_now"
    assert any(t.direction == "down" for t in a.recommendation.triggers)


def test_a_change_that_moves_another_default_lays_the_answers_out_again(assess_answers: AssessFn) -> None:
    """Found by the property below: ``platform`` is read only by ``kubernetes_experience``'s ``default_when``
    (virtual machines → no Kubernetes experience), so a platform trigger must re-derive that default."""
    answers = {"expected_service_count_12m": 0, "platform_team": "nobody", "latency_budget_ms": 43.7,
               "resource_headroom": "ample", "platform": "kubernetes", "compliance": ["pci_dss"],
               "north_south_only": False, "zero_trust_mandate": False, "third_party_integration": True,
               "languages": ["go", "java", "kotlin"], "encryption_in_transit_required": False, "service_count": 77,
               "localize_vs_fix": "localizing_takes_longer"}
    a = check_triggers(assess_answers, answers)
    vms = [t for t in a.recommendation.triggers if t.set == {"platform": "vms"}]
    assert vms, "moving to virtual machines changes the verdict of these answers"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers_strategy)
def test_every_trigger_of_any_answers_gives_its_category(assess_answers: AssessFn, answers: dict[str, Any]) -> None:
    check_triggers(assess_answers, answers)


def test_none_in_a_direction_is_true(assess_answers: AssessFn, questionnaire: Questionnaire) -> None:
    """The monolith (gateway only) cannot be moved towards a mesh by one or two answers: every single change
    and a sample of pairs, assessed in full, confirm it."""
    answers = example("monolith")
    a = assess_answers(answers)
    assert "No change of one answer, nor of two answers together, moves the verdict towards adopting a mesh" in \
        a.recommendation.triggers_note

    def verdict(changed: dict[str, Any]) -> str:
        """The verdict as ``readiness assess`` reaches it: the answers file resolved, scored, decided."""
        resolved = resolve(questionnaire, parse_answers_file({"answers": changed}, "m.yaml"), "m.yaml")
        values = resolved.values()
        scores = raw_scores(questionnaire, values, unknown_questions(questionnaire, resolved))
        return decide(questionnaire, values, scores)[0]

    assert verdict(answers) == a.recommendation.category
    resolved = resolve(questionnaire, parse_answers_file({"answers": answers}, "m.yaml"), "m.yaml")
    changes = list(_changes(questionnaire, Rescorer(questionnaire, resolved)))
    assert len(changes) > 100
    for change in changes:
        moved = verdict({**answers, change.question.id: change.value})
        assert RANK[moved] <= RANK["gateway_only"], (change.question.id, change.value)
    pairs = [(x, y) for x, y in itertools.combinations(changes, 2) if x.question.id != y.question.id]
    for x, y in random.Random(7).sample(pairs, 1500):
        moved = verdict({**answers, x.question.id: x.value, y.question.id: y.value})
        assert RANK[moved] <= RANK["gateway_only"], (x.question.id, x.value, y.question.id, y.value)
