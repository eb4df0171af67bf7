"""What the cost estimate states once: the added latency at the latency budget's percentile, and the service and
cluster counts it sized — with the scan's disagreement and the estimate at the answered count (issue 10 item 6,
issue 11 item 5)."""

from __future__ import annotations

from readiness.app.rules import load_cost_data, load_questionnaire
from readiness.mesh.cost import estimate_cost, inputs_from_answers
from readiness.models import Assessment
from tests.conftest import EXAMPLES, FIXED_TIME, realdata_dir

DATA = load_cost_data()


def test_latency_is_stated_once_per_hop_at_the_budgets_percentile() -> None:
    budget = next(q for q in load_questionnaire().questions() if q.id == "latency_budget_ms")
    assert DATA.latency_statement.percentile in budget.prompt, "the budget and the statement use one percentile"
    statement = estimate_cost(DATA, inputs_from_answers(10, 1, DATA)).latency_statement
    assert "at p99" in statement and "p90" not in statement
    assert "Istio (sidecar) +0.298 ms" in statement and "Istio (ambient) +0.2 ms" in statement
    assert "Linkerd: no per-hop p99 figure published." in statement
    # the 2021 benchmark's medians are for a whole application, said so, never as a per-hop figure
    assert "end-to-end p50 increases for a whole application" in statement
    assert "+17 ms" in statement and "+6 ms" in statement
    per_hop = statement.split("The one benchmark")[0]
    assert "17 ms" not in per_hop and "6 ms" not in per_hop


def test_end_to_end_figures_say_they_are_not_per_hop() -> None:
    for figure in DATA.latency:
        assert (figure.kind == "end_to_end") == ("not per hop" in figure.scope), figure.id


def test_the_cost_says_what_it_sized_from_the_answers() -> None:
    sizing = estimate_cost(DATA, inputs_from_answers(48, 3, DATA)).sizing
    assert sizing is not None and sizing.origin == "answers"
    assert (sizing.services, sizing.clusters, sizing.pods) == (48, 3, 96)
    assert sizing.statement == "Sized from the answers: 48 services × 2 pods each (assumed) on 3 clusters."
    assert sizing.disagreements == []


def scan_backed() -> Assessment:
    from readiness.app.assess import assess, rules_for
    from readiness.app.inputs import load_answers_file
    from readiness.app.scan import scan_for_answers
    from readiness.scan.collect import ScanRequest

    name = str(EXAMPLES / "regulated-enterprise.yaml")
    answers = load_answers_file(name)
    request = ScanRequest(snapshots=(str(realdata_dir("online-boutique")),), live_default=False)
    return assess(rules_for(answers, name), answers, name, FIXED_TIME, scan_for_answers(request, FIXED_TIME))


def test_a_scan_sized_cost_says_so_and_gives_the_estimate_at_the_answered_count() -> None:
    """48 services answered, 10 found: the cost sizes the scanned pods and says what Linkerd's default requests
    (100m CPU / 20Mi per proxy) would reserve at 48 services × 2 pods = 96 proxies: 9.6 vCPU and 1,920 MiB."""
    assessment = scan_backed()
    assert assessment.cost is not None and assessment.cost.sizing is not None
    sizing = assessment.cost.sizing
    pods = assessment.cost.inputs.pods.value
    assert sizing.origin == "scan" and sizing.statement.startswith(f"Sized from the scan: a proxy for each of the "
                                                                   f"{pods:g} pods")
    assert any(d.question == "service_count" for d in assessment.disagreements)
    assert assessment.mesh_options is not None and assessment.mesh_options.recommended == "linkerd"
    [note] = sizing.disagreements
    assert "The answers say 48 services where the scan found 10" in note
    assert "9.60 vCPU and 1,920 MiB" in note
    scan_cpu = round(pods * 0.1, 2) if pods is not None else None
    assert f"instead of {scan_cpu:.2f} vCPU" in note
