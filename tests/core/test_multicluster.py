"""Issue 12: how to connect several clusters, chosen from the answers alone, with its reasons, trade-offs and each
data plane's realisation; the plan's extend phase follows the approach; one cluster has none."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from readiness.app.rules import load_multicluster_rules
from readiness.core.multicluster import recommend, rules_problems
from readiness.models import Assessment, Questionnaire
from readiness.models.multicluster import APPROACHES, MulticlusterRules

Build = Callable[..., Assessment]
BASE: dict[str, Any] = {"service_count": 30, "languages": ["go", "java", "python"], "time_to_localize": "hours",
                        "localize_vs_fix": "localizing_takes_longer", "kubernetes_experience": "production",
                        "platform_team": "dedicated"}


@pytest.fixture(scope="module")
def rules() -> MulticlusterRules:
    return load_multicluster_rules()


def connect(questionnaire: Questionnaire, rules: MulticlusterRules, **answers: Any) -> Any:
    return recommend(rules, questionnaire, {"clusters": 3, **answers})


def chosen_why(result: Any) -> str:
    return next(t.why for t in result.tradeoffs if t.chosen)


def test_no_traffic_and_nothing_shared_keeps_clusters_independent(questionnaire: Questionnaire,
                                                                   rules: MulticlusterRules) -> None:
    result = connect(questionnaire, rules, multicluster_needs=["fault_isolation"], cluster_network="flat")
    assert result.approach == "independent"
    assert result.reasons[0] == "Services run in 3 clusters."
    assert any("Independent fault domains" in r for r in result.reasons)
    assert any(r.startswith("No traffic has to cross clusters") for r in result.reasons)
    assert result.stages == ["trust", "discovery"] and "a trust root and a control plane per cluster" in result.steps[0]
    assert not any("one root" in s for s in result.steps), "independent clusters share no root"


@pytest.mark.parametrize("need", ["single_pane", "unified_trust", "team_isolation"])
def test_management_without_traffic_is_common_management(questionnaire: Questionnaire, rules: MulticlusterRules,
                                                         need: str) -> None:
    result = connect(questionnaire, rules, multicluster_needs=[need], cluster_network="separate")
    assert result.approach == "common_management"
    words = {c.id: c.words for c in questionnaire.question("multicluster_needs").choices}
    assert f"You want {words[need]} across the clusters" in " ".join(result.reasons)
    assert chosen_why(result) == f"You want {words[need]} across the clusters, and no traffic has to cross them."
    assert result.stages[0] == "trust" and "one root" in result.steps[0]


@pytest.mark.parametrize("network", ["separate", "unknown"])
def test_traffic_across_a_network_that_is_not_flat_goes_through_gateways(questionnaire: Questionnaire,
                                                                         rules: MulticlusterRules,
                                                                         network: str) -> None:
    result = connect(questionnaire, rules, multicluster_needs=["cross_cluster_calls"], cluster_network=network)
    assert result.approach == "gateways"
    assert result.network == network
    assert "Traffic must cross clusters: calls between clusters." in result.reasons
    assert any(r.startswith("Each service lives in one named cluster") for r in result.reasons)
    if network == "unknown":
        assert any("not known, so separate networks are assumed" in r for r in result.reasons)
    assert result.stages == ["trust", "discovery"], "no failover step without failover or locality needs"
    flat = next(t for t in result.tradeoffs if t.approach == "flat_network")
    assert not flat.chosen and ("separate networks" in flat.why if network == "separate" else "not known" in flat.why)


def test_replicated_services_across_separate_networks_are_split_horizon_eds(questionnaire: Questionnaire,
                                                                            rules: MulticlusterRules) -> None:
    result = connect(questionnaire, rules, multicluster_needs=["failover", "unified_trust"],
                     cluster_network="separate", replicated_services=True)
    assert result.approach == "split_horizon_eds"
    assert any("split-horizon EDS" in r for r in result.reasons)
    assert any(r.startswith("The one trust domain you want come with it") for r in result.reasons)
    assert result.stages == ["trust", "discovery", "failover"]
    gateways = next(t for t in result.tradeoffs if t.approach == "gateways")
    assert gateways.why.startswith("The same services run in several clusters")


def test_replicated_services_alone_mean_traffic(questionnaire: Questionnaire, rules: MulticlusterRules) -> None:
    result = connect(questionnaire, rules, multicluster_needs=[], cluster_network="separate", replicated_services=True)
    assert result.approach == "split_horizon_eds"
    assert "Traffic must cross clusters: the same services replicated in several clusters." in result.reasons


def test_a_flat_network_needs_no_gateways(questionnaire: Questionnaire, rules: MulticlusterRules) -> None:
    result = connect(questionnaire, rules, multicluster_needs=["location_routing"], cluster_network="flat",
                     replicated_services=True)
    assert result.approach == "flat_network"
    assert any("no gateway between them" in r for r in result.reasons)
    split = next(t for t in result.tradeoffs if t.approach == "split_horizon_eds")
    assert split.why.startswith("The network is flat")
    istio = next(r for r in result.realisations if r.option == "istio_sidecar")
    assert istio.support == "yes" and "remote secrets" in istio.steps[1]
    assert istio.source.url == "https://istio.io/latest/docs/setup/install/multicluster/multi-primary/"
    linkerd = next(r for r in result.realisations if r.option == "linkerd")
    assert "remote-discovery" in linkerd.steps[1]


def test_one_cluster_has_no_approach_and_says_why(questionnaire: Questionnaire, rules: MulticlusterRules) -> None:
    for values in ({"clusters": 1, "multicluster_needs": ["failover"]}, {}):
        one = recommend(rules, questionnaire, values)
        assert one.approach is None and not one.connects
        assert one.reasons == [rules.reasons["one_cluster"]] and "one cluster" in one.reasons[0]
        assert (one.tradeoffs, one.realisations, one.steps) == ([], [], [])


def test_every_answer_combination_gives_a_complete_recommendation(questionnaire: Questionnaire,
                                                                 rules: MulticlusterRules) -> None:
    """Every trade-off row is filled, one approach is chosen, and every candidate says how it realises it, with
    a source and the day it was read."""
    needs = [c.id for c in questionnaire.question("multicluster_needs").choices]
    seen = set()
    for network in ("flat", "separate", "unknown"):
        for replicated in (True, False):
            for need in [[], *([n] for n in needs)]:
                result = connect(questionnaire, rules, multicluster_needs=need, cluster_network=network,
                                 replicated_services=replicated)
                seen.add(result.approach)
                assert [t.approach for t in result.tradeoffs] == list(APPROACHES)
                assert sum(t.chosen for t in result.tradeoffs) == 1
                assert all("{" not in t.why for t in result.tradeoffs)
                assert all("{" not in r for r in result.reasons)
                assert {r.option for r in result.realisations} == {"istio_sidecar", "istio_ambient", "linkerd",
                                                                   "gateway_only"}
                assert all(len(r.steps) == len(result.steps) and r.source.url.startswith("https://")
                           for r in result.realisations)
    assert seen == set(APPROACHES)


def test_the_bundled_rules_have_no_problems_and_a_gap_is_named(rules: MulticlusterRules) -> None:
    assert rules_problems(rules, "multicluster.yaml") == []
    broken = rules.model_copy(update={"realisations": {**rules.realisations, "linkerd": {}},
                                      "reasons": {k: v for k, v in rules.reasons.items() if k != "flat"}})
    problems = [f"{p.field}: {p.message}" for p in rules_problems(broken, "multicluster.yaml")]
    assert "reasons: no sentence for reason 'flat'" in problems
    assert any(p.startswith("realisations.linkerd.gateways: missing") for p in problems)


def test_assessment_one_cluster_is_null_and_several_follow_the_approach(assess_answers: Build) -> None:
    one = assess_answers({**BASE, "clusters": 1})
    assert one.multicluster is not None and one.multicluster.approach is None
    assert one.model_dump(mode="json")["multicluster"]["approach"] is None  # the contract
    extend = next((p for p in one.plan.phases if p.id == "extend"), None)
    assert extend is None or not any("{" in line for line in extend.activities + extend.exit_criteria)
    three = assess_answers({**BASE, "clusters": 3, "multicluster_needs": ["failover"], "cluster_network": "flat"})
    assert three.multicluster is not None and three.multicluster.approach == "flat_network"
    extend = next(p for p in three.plan.phases if p.id == "extend")
    steps = three.multicluster.steps
    start = extend.activities.index(steps[0])
    assert extend.activities[start:start + len(steps)] == steps, "trust first, then discovery, then failover"
    assert three.multicluster.exit_criterion in extend.exit_criteria
    assert not any("{" in line for line in extend.activities + extend.exit_criteria)


def test_the_assessment_schema_covers_the_recommendation(assess_answers: Build) -> None:
    import jsonschema

    from readiness.app.schemas import schema_for

    schema = schema_for("assessment")
    assert "multicluster" in schema["properties"]
    definition = schema["$defs"]["Multicluster"]
    approach = definition["properties"]["approach"]["anyOf"]
    assert {"enum": list(APPROACHES), "type": "string"} in approach and {"type": "null"} in approach
    assert {"approach", "reasons"} <= set(definition["required"])
    assert {"tradeoffs", "realisations", "steps"} <= set(definition["properties"])
    for clusters in (1, 2):
        assessed = assess_answers({**BASE, "clusters": clusters, "multicluster_needs": ["single_pane"]})
        jsonschema.validate(assessed.model_dump(mode="json"), schema)


def test_the_plan_takes_the_recommended_data_planes_words(assess_answers: Build, questionnaire: Questionnaire,
                                                          catalogue: Any) -> None:
    """tailor_plan puts the approach's steps and exit criterion in the recommended data plane's words, and a
    data plane that meets the approach only in part says what it meets."""
    from readiness.core.plan import tailor_plan

    a = assess_answers({**BASE, "clusters": 3, "multicluster_needs": ["failover"], "cluster_network": "separate",
                        "replicated_services": True})
    assert a.multicluster is not None and a.multicluster.approach == "split_horizon_eds"
    for option in ("istio_sidecar", "linkerd"):
        way = next(r for r in a.multicluster.realisations if r.option == option)
        extend = next(p for p in tailor_plan(a.plan, catalogue, option, a.multicluster).phases if p.id == "extend")
        assert all(step in extend.activities for step in way.steps)
        assert not any(step in extend.activities for step in a.multicluster.steps if step not in way.steps)
        assert way.exit_criterion in extend.exit_criteria
    linkerd = next(r for r in a.multicluster.realisations if r.option == "linkerd")
    assert linkerd.support == "partial" and "mirrored services" in linkerd.exit_criterion


def test_an_approach_comes_with_its_tradeoffs_and_none_without(questionnaire: Questionnaire,
                                                                rules: MulticlusterRules) -> None:
    from pydantic import ValidationError

    from readiness.models.multicluster import Multicluster

    three = recommend(rules, questionnaire, {"clusters": 3, "multicluster_needs": ["failover"]})
    with pytest.raises(ValidationError, match="trade-offs"):
        Multicluster.model_validate({**three.model_dump(), "tradeoffs": []})
    with pytest.raises(ValidationError, match="without an approach"):
        Multicluster.model_validate({**three.model_dump(), "approach": None})
