"""Cost estimate: numbers scale with pods, nodes and rps, and every number names its source."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.app.rules import load_check_catalogue, load_cost_data
from readiness.mesh.cost import (
    data_plane,
    estimate_cost,
    inputs_from_answers,
    inputs_from_objects,
    parse_quantity,
    rps_input,
)
from readiness.models import CostData, CostEstimate, CostInputs
from readiness.models.cost import CountInput
from tests.precheck.builders import cluster, container, deployment, node

DATA = load_cost_data()
SYSTEM = load_check_catalogue().system_namespaces


def inputs(pods: float = 20, nodes: float | None = 4, rps: float | None = None, cpu: float | None = 16,
           memory: float | None = 65536, namespaces: float = 2) -> CostInputs:
    def given_(value: float | None) -> CountInput:
        return CountInput(value=value, origin="scan" if value is not None else "unknown", evidence="test")

    return CostInputs(pods=given_(pods), nodes=given_(nodes), services=given_(10), namespaces=given_(namespaces),
                      clusters=given_(1), allocatable_cpu_cores=given_(cpu), allocatable_memory_mib=given_(memory),
                      rps=given_(rps))


def totals(estimate: CostEstimate, per: str) -> dict[str, tuple[float | None, float | None]]:
    """figure id → (cpu, memory) totals of the lines scaled by ``per`` (pod, node, waypoint, krps)."""
    figures = {f.id: f for f in DATA.figures}
    return {line.figure: (line.total.cpu_cores if line.total else None, line.total.memory_mib if line.total else None)
            for plane in estimate.data_planes for line in plane.lines if figures[line.figure].per == per}


def assert_scaled(before: dict[str, tuple[float | None, float | None]],
                  after: dict[str, tuple[float | None, float | None]], factor: float) -> None:
    assert before and before.keys() == after.keys()
    for figure, (cpu, memory) in before.items():
        for old, new in ((cpu, after[figure][0]), (memory, after[figure][1])):
            if old is None:
                assert new is None
            else:
                assert new == pytest.approx(old * factor, rel=1e-3, abs=1e-3), figure


@settings(max_examples=40, deadline=None)
@given(pods=st.integers(1, 5000), factor=st.integers(2, 7))
def test_per_pod_lines_scale_with_pods(pods: int, factor: int) -> None:
    assert_scaled(totals(estimate_cost(DATA, inputs(pods=pods)), "pod"),
                  totals(estimate_cost(DATA, inputs(pods=pods * factor)), "pod"), factor)


@settings(max_examples=40, deadline=None)
@given(nodes=st.integers(1, 500), factor=st.integers(2, 7))
def test_per_node_lines_scale_with_nodes(nodes: int, factor: int) -> None:
    assert_scaled(totals(estimate_cost(DATA, inputs(nodes=nodes)), "node"),
                  totals(estimate_cost(DATA, inputs(nodes=nodes * factor)), "node"), factor)


@settings(max_examples=40, deadline=None)
@given(rps=st.floats(10, 1_000_000), factor=st.integers(2, 7))
def test_per_rps_lines_scale_with_rps(rps: float, factor: int) -> None:
    assert_scaled(totals(estimate_cost(DATA, inputs(rps=rps)), "krps"),
                  totals(estimate_cost(DATA, inputs(rps=rps * factor)), "krps"), factor)


@settings(max_examples=30, deadline=None)
@given(pods=st.integers(1, 3000), nodes=st.integers(1, 300), rps=st.floats(1, 100_000))
def test_other_counts_do_not_move_a_line(pods: int, nodes: int, rps: float) -> None:
    base = estimate_cost(DATA, inputs(pods=pods, nodes=nodes, rps=rps))
    more_pods = estimate_cost(DATA, inputs(pods=pods * 2, nodes=nodes, rps=rps))
    assert totals(base, "node") == totals(more_pods, "node")
    assert totals(base, "krps") == totals(more_pods, "krps")
    more_nodes = estimate_cost(DATA, inputs(pods=pods, nodes=nodes * 2, rps=rps))
    assert totals(base, "pod") == totals(more_nodes, "pod")


def test_numbers_match_the_published_figures() -> None:
    estimate = estimate_cost(DATA, inputs(pods=100, nodes=10, rps=5000, cpu=400, memory=1_600_000))
    lines = {line.figure: line for plane in estimate.data_planes for line in plane.lines}
    sidecar = lines["istio_sidecar_1_24"]
    assert sidecar.total is not None and sidecar.share is not None
    assert sidecar.total.cpu_cores == pytest.approx(20.0)            # 100 pods × 0.20 vCPU
    assert sidecar.total.memory_mib == pytest.approx(100 * 60e6 / 2**20, rel=1e-3)  # 60 MB per proxy
    assert sidecar.share.cpu_pct == pytest.approx(5.0)               # 20 of 400 cores
    requests = lines["istio_sidecar_requests"]
    assert requests.total is not None and requests.total.memory_mib == pytest.approx(12800)
    ztunnel = lines["ztunnel_requests"]
    assert ztunnel.total is not None and ztunnel.total.cpu_cores == pytest.approx(2.0)  # 10 nodes × 200m
    rps = lines["istio_sidecar_rps_1_24"]
    assert rps.count == pytest.approx(10) and rps.total is not None   # 2 sidecars × 5000 rps / 1000
    assert rps.total.cpu_cores == pytest.approx(2.0)
    waypoint = lines["waypoint_rps_1_24"]
    assert waypoint.total is not None and waypoint.total.cpu_cores == pytest.approx(1.25)  # 1 hop × 5 krps × 0.25
    linkerd = lines["linkerd_proxy_rps_derived"]
    assert linkerd.derived and [s.id for s in linkerd.sources] == ["linkerd_benchmark_2021", "istio_perf_1_15"]
    assert linkerd.per_unit.cpu_cores == pytest.approx(0.35 * 36 / 67, abs=1e-3)


def test_linkerd_rate_cpu_is_labelled_a_derived_estimate_and_bounds_no_range() -> None:
    estimate = estimate_cost(DATA, inputs(pods=10, rps=100_000))
    linkerd = data_plane(estimate, "linkerd")
    derived = next(line for line in linkerd.lines if line.figure == "linkerd_proxy_rps_derived")
    assert derived.basis_label.startswith("derived estimate (not published)")
    assert derived.published.startswith("derived estimate, not a published figure")
    assert derived.total is not None and derived.total.cpu_cores == pytest.approx(2 * 100 * 0.188, rel=1e-3)
    assert all("linkerd_proxy_rps_derived" not in s.figures for s in linkerd.scenarios)
    assert linkerd.cpu_cores is not None
    # 37.6 derived vCPU would be the dearest; the range stays with the chart's requests (10 pods × 100m)
    assert linkerd.cpu_cores.high.value == pytest.approx(1.0) and linkerd.cpu_cores.high.source == "linkerd_values_ha"
    published = [line for plane in estimate.data_planes for line in plane.lines if not line.derived]
    assert all(not line.basis_label.startswith("derived") for line in published)


@pytest.mark.parametrize(("pods", "cpu", "memory", "first_source"), [
    (12, 0.5, 2048, "istio_values"),                       # a small mesh: istiod's default requests are the floor
    (2000, 1.0, 2048, "istio_perf_1_20"),                  # the published mesh size: 1 vCPU; memory still the floor
    (4000, 2.0, 1500e6 * 2 / 2**20, "istio_perf_1_20"),    # twice the size: scaled linearly
])
def test_istiod_is_scaled_to_the_mesh_with_the_default_requests_as_floor(pods: int, cpu: float, memory: float,
                                                                        first_source: str) -> None:
    plane = data_plane(estimate_cost(DATA, inputs(pods=pods)), "istio_sidecar")
    istiod = next(line for line in plane.control_plane if line.figure == "istiod_1_20")
    assert istiod.per_unit.cpu_cores == pytest.approx(cpu)
    assert istiod.per_unit.memory_mib == pytest.approx(memory, abs=0.01)
    assert istiod.total is not None and istiod.total.cpu_cores == pytest.approx(cpu)      # one cluster
    assert istiod.sources[0].id == first_source
    assert "per proxy" not in istiod.basis_label and "2000 sidecars" in istiod.basis_label
    assert f"× {pods}/2000 (proxies per cluster)" in istiod.scaling
    if pods == 12:
        assert "CPU and memory below istiod's default requests (0.5 vCPU / 2,048 MiB), so the requests apply" \
            in istiod.scaling


def test_istiod_scales_with_proxies_per_cluster() -> None:
    two = inputs(pods=8000).model_copy(update={"clusters": CountInput(value=2, origin="scan", evidence="test")})
    istiod = next(line for line in data_plane(estimate_cost(DATA, two), "istio_sidecar").control_plane
                  if line.figure == "istiod_1_20")
    assert istiod.per_unit.cpu_cores == pytest.approx(2.0)                # 4000 proxies in each cluster
    assert istiod.total is not None and istiod.total.cpu_cores == pytest.approx(4.0)


def test_every_number_names_its_source() -> None:
    estimate = estimate_cost(DATA, inputs(rps=1200))
    cited = {s.id: s for s in estimate.sources}
    for plane in estimate.data_planes:
        assert plane.lines and plane.latency
        for line in [*plane.lines, *plane.control_plane]:
            assert line.sources and line.published
            for source in line.sources:
                assert source.url.startswith("https://") and source.version and cited[source.id] == source
        for scenario in plane.scenarios:
            assert scenario.source in cited
            assert set(scenario.figures) <= {line.figure for line in plane.lines}
        for bounds in (plane.cpu_cores, plane.memory_mib):
            assert bounds is not None
            for bound in (bounds.low, bounds.high):
                scenario = next(s for s in plane.scenarios if s.id == bound.scenario)
                assert bound.source == scenario.source and scenario.complete
        for figure in plane.latency:
            assert figure.source.version and cited[figure.source.id] == figure.source
    assert {s.id for s in estimate.sources} == {s.id for s in DATA.sources}


def test_range_runs_from_cheapest_to_dearest_complete_scenario() -> None:
    plane = data_plane(estimate_cost(DATA, inputs(rps=100)), "istio_sidecar")
    assert plane.cpu_cores is not None
    values = [s.total.cpu_cores for s in plane.scenarios if s.total.cpu_cores is not None]
    assert plane.cpu_cores.low.value == min(values) and plane.cpu_cores.high.value == max(values)


def test_without_rps_the_rate_lines_have_no_total() -> None:
    estimate = estimate_cost(DATA, inputs(rps=None))
    for plane in estimate.data_planes:
        for line in plane.lines:
            if line.basis == "per_1000_rps":
                assert line.total is None and "requests/s unknown" in line.count_basis
        assert all(s.basis != "per_1000_rps" for s in plane.scenarios)


def test_without_nodes_ambient_is_a_floor_and_without_capacity_no_shares() -> None:
    estimate = estimate_cost(DATA, inputs(nodes=None, cpu=None, memory=None))
    ambient = data_plane(estimate, "istio_ambient")
    assert all(not s.complete for s in ambient.scenarios if s.basis != "per_1000_rps")
    assert ambient.cpu_cores is None
    assert all(line.share is None for plane in estimate.data_planes for line in plane.lines)


def test_inputs_from_a_cluster() -> None:
    objects = cluster(
        deployment("web", replicas=3), deployment("api", replicas=2, namespace="api"),
        deployment("db", kind="StatefulSet", replicas=1),
        deployment("agent", kind="DaemonSet"),
        deployment("coredns", namespace="kube-system", replicas=2),
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate", "namespace": "shop"},
         "spec": {"template": {"spec": {"containers": [container()]}}}},
        node("a", cpu="3920m", memory="15950564Ki"), node("b", cpu="4", memory="16Gi"))
    got = inputs_from_objects([objects], SYSTEM, rps=500)
    assert got.pods.value == 3 + 2 + 1 + 2   # DaemonSet on 2 nodes; kube-system and the Job left out
    assert got.nodes.value == 2 and got.namespaces.value == 2
    assert got.allocatable_cpu_cores.value == pytest.approx(7.92)
    assert got.allocatable_memory_mib.value == pytest.approx(15950564 / 1024 + 16384, abs=0.1)
    assert got.rps.value == 500 and got.rps.origin == "option"


def test_live_pods_are_counted_when_present() -> None:
    pods = [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"web-{i}", "namespace": "shop",
             "ownerReferences": [{"kind": "ReplicaSet", "name": "web-abc", "controller": True}]},
             "spec": {"containers": [container()]}} for i in range(5)]
    got = inputs_from_objects([cluster(deployment("web", replicas=2), *pods)], SYSTEM)
    assert got.pods.value == 5 and "running Pods" in got.pods.evidence


def test_inputs_from_answers_state_their_assumptions() -> None:
    got = inputs_from_answers(12, 2, DATA, rps_per_service={"cart": 300, "checkout": 200})
    assert got.pods.value == 12 * DATA.pods_per_service_assumed and got.pods.origin == "assumption"
    assert got.nodes.value is None and got.clusters.value == 2
    assert got.rps.value == 500 and got.rps_per_service == {"cart": 300, "checkout": 200}
    estimate = estimate_cost(DATA, got)
    istiod = [line for line in data_plane(estimate, "istio_sidecar").control_plane if line.basis == "request_defaults"]
    assert istiod[0].total is not None and istiod[0].total.cpu_cores == pytest.approx(1.0)  # 2 clusters × 500m


def test_rps_input_combines_total_and_per_service() -> None:
    assert rps_input(None, None)[0].value is None
    total, rates = rps_input(1000, {"a": 250})
    assert total.value == 1250 and rates == {"a": 250} and "--rps 1000" in total.evidence


@pytest.mark.parametrize(("text", "value"), [("3920m", 3.92), ("4", 4.0), ("16Gi", 16 * 2**30), ("1e3", 1000.0),
                                             ("15950564Ki", 15950564 * 1024), ("129M", 129e6), ("0.5", 0.5)])
def test_parse_quantity(text: str, value: float) -> None:
    parsed = parse_quantity(text)
    assert parsed is not None and math.isclose(parsed, value)


@pytest.mark.parametrize("bad", ["", "abc", "12Qi", None, True, "1.2.3"])
def test_parse_quantity_rejects_garbage(bad: object) -> None:
    assert parse_quantity(bad) is None


def test_data_is_loaded_once() -> None:
    assert load_cost_data() is load_cost_data()
    assert isinstance(DATA, CostData)
