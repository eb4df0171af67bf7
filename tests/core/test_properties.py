"""Property tests: bounded scores, monotone need, deterministic and order-independent output."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readiness.models import Assessment

LANGUAGES = ["go", "java", "kotlin", "python", "javascript", "typescript", "csharp", "ruby", "rust", "cpp"]
COMPLIANCE = ["pci_dss", "hipaa", "sox", "gdpr", "soc2", "iso27001", "fedramp"]
PROTOCOLS = ["http", "grpc", "websocket", "tcp_custom", "messaging", "databases", "udp"]
LOCALIZE = ["fixing_takes_longer", "about_equal", "localizing_takes_longer"]
TIME = ["minutes", "hours", "days"]

answers_strategy = st.fixed_dictionaries(
    {},
    optional={
        "service_count": st.integers(0, 500),
        "expected_service_count_12m": st.integers(0, 800),
        "architecture": st.sampled_from(["monolith", "modular_monolith", "microservices", "mixed"]),
        "languages": st.lists(st.sampled_from(LANGUAGES), unique=True, max_size=6),
        "shared_framework": st.booleans(),
        "language_migration": st.booleans(),
        "platform_tooling": st.booleans(),
        "third_party_integration": st.booleans(),
        "utility_rework": st.sampled_from(["never", "sometimes", "often"]),
        "release_style": st.sampled_from(["all_at_once_manual", "release_train", "independent_continuous"]),
        "protocols": st.lists(st.sampled_from(PROTOCOLS), unique=True, max_size=5),
        "time_to_localize": st.sampled_from(TIME),
        "localize_vs_fix": st.sampled_from(LOCALIZE),
        "observability": st.lists(st.sampled_from(["metrics", "logs", "tracing"]), unique=True),
        "latency_budget_ms": st.floats(0.1, 1000, allow_nan=False),
        "compliance": st.lists(st.sampled_from(COMPLIANCE), unique=True, max_size=4),
        "encryption_in_transit_required": st.booleans(),
        "zero_trust_mandate": st.booleans(),
        "clusters": st.integers(1, 20),
        "north_south_only": st.booleans(),
        "platform": st.sampled_from(["kubernetes", "vms", "mixed", "serverless"]),
        "kubernetes_experience": st.sampled_from(["none", "learning", "production", "expert"]),
        "resource_headroom": st.sampled_from(["tight", "some", "ample"]),
        "platform_team": st.sampled_from(["nobody", "part_time", "dedicated"]),
    },
)

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
AssessFn = Callable[..., Assessment]


@SETTINGS
@given(answers=answers_strategy)
def test_scores_stay_within_bounds(assess_answers: AssessFn, answers: dict[str, Any]) -> None:
    a = assess_answers(answers)
    for value in (a.scores.need, a.scores.readiness, a.scores.confidence):
        assert 0 <= value <= 100
    assert all(0 <= s.strength <= 1 for s in a.signals)


@SETTINGS
@given(answers=answers_strategy, extra=st.integers(1, 200))
def test_more_services_never_lower_need(assess_answers: AssessFn, answers: dict[str, Any], extra: int) -> None:
    current = answers.get("service_count", 3)
    base = assess_answers({**answers, "service_count": current})  # answered: unknown is no count at all
    more = assess_answers({**answers, "service_count": current + extra})
    assert more.scores.need >= base.scores.need


@SETTINGS
@given(answers=answers_strategy, language=st.sampled_from(LANGUAGES))
def test_more_languages_never_lower_need(assess_answers: AssessFn, answers: dict[str, Any], language: str) -> None:
    langs = list(answers.get("languages") or ["python"])  # no language named is no evidence at all
    base = assess_answers({**answers, "languages": langs})
    more = assess_answers({**answers, "languages": sorted(set(langs) | {language})})
    assert more.scores.need >= base.scores.need


@SETTINGS
@given(answers=answers_strategy, data=st.data())
def test_slower_localization_never_lowers_need(assess_answers: AssessFn, answers: dict[str, Any],
                                                data: st.DataObject) -> None:
    i = data.draw(st.integers(0, 2))
    j = data.draw(st.integers(i, 2))
    t = data.draw(st.sampled_from(TIME))
    faster = assess_answers({**answers, "localize_vs_fix": LOCALIZE[i], "time_to_localize": t})
    slower = assess_answers({**answers, "localize_vs_fix": LOCALIZE[j], "time_to_localize": t})
    assert slower.scores.need >= faster.scores.need
    k = data.draw(st.integers(0, 2))
    m = data.draw(st.integers(k, 2))
    quick = assess_answers({**answers, "time_to_localize": TIME[k]})
    slow = assess_answers({**answers, "time_to_localize": TIME[m]})
    assert slow.scores.need >= quick.scores.need


@SETTINGS
@given(answers=answers_strategy, regime=st.sampled_from(COMPLIANCE))
def test_added_compliance_never_lowers_need(assess_answers: AssessFn, answers: dict[str, Any], regime: str) -> None:
    regimes = list(answers.get("compliance", []))
    base = assess_answers({**answers, "compliance": regimes})
    more = assess_answers({**answers, "compliance": sorted(set(regimes) | {regime})})
    assert more.scores.need >= base.scores.need


@SETTINGS
@given(answers=answers_strategy, seed=st.integers(0, 2**32 - 1))
def test_output_is_deterministic_and_order_independent(assess_answers: AssessFn, answers: dict[str, Any],
                                                        seed: int) -> None:
    rng = random.Random(seed)
    items = list(answers.items())
    rng.shuffle(items)
    shuffled = {k: (rng.sample(v, len(v)) if isinstance(v, list) else v) for k, v in items}
    first = assess_answers(answers).model_dump_json()
    assert assess_answers(answers).model_dump_json() == first
    assert assess_answers(shuffled).model_dump_json() == first
