"""The live scan: the real ``kubernetes`` client over HTTP against the local API server the tests start."""

from __future__ import annotations

import gc
import math
import re
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from readiness.errors import ScanError
from readiness.scan.inventory import build_inventory
from readiness.scan.live import ScanSettings, scan_live
from readiness.scan.objects import SCANNED_KINDS, ClusterObjects
from tests.k8s_server import FakeKubeServer, write_kubeconfig
from tests.k8s_server.fixtures import FIXTURES, REALDATA_APPS, Sleeps, realdata_dir, running
from tests.k8s_server.synth import synthetic_store

LIST_PATHS = {(f"/apis/{k.group}/{k.version}" if k.group else f"/api/{k.version}") + f"/{k.plural}": k
              for k in SCANNED_KINDS}


def settings(sleeps: Sleeps, **overrides: Any) -> ScanSettings:
    values: dict[str, Any] = {"page_size": 500, "connect_timeout": 2.0, "read_timeout": 5.0, "sleep": sleeps}
    values.update(overrides)
    return ScanSettings(**values)


def scan(server: FakeKubeServer, tmp_path: Path, config: ScanSettings, *, context: str = "test",
         **kubeconfig: Any) -> ClusterObjects:
    path = server.write_kubeconfig(tmp_path / f"kubeconfig-{context}", context=context, **kubeconfig)
    return scan_live(context, str(path), settings=config)


def names(objs: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(o["metadata"].get("namespace", ""), o["metadata"]["name"]) for o in objs]


def served_names(server: FakeKubeServer, kind_name: str) -> list[tuple[str, str]]:
    kind = next(k for k in SCANNED_KINDS if k.kind == kind_name)
    assert server.store is not None
    return [(o.namespace, o.name) for o in server.store.listing(kind.group, kind.plural)]


def requests_for(server: FakeKubeServer, plural: str) -> list[Any]:
    return [r for r in server.requests if r.path.endswith(f"/{plural}")]


# ----- reading everything -------------------------------------------------------------------------------------

def test_small_pages_read_every_object_in_several_pages(tmp_path: Path) -> None:
    with running(realdata_dir("online-boutique"), FIXTURES / "cluster.yaml") as server:
        result = scan(server, tmp_path, settings(Sleeps(), page_size=3))

    assert result.warnings == []
    assert result.kubernetes_version == "v1.31.2"
    assert result.source == "live:test" and result.name == "test"
    assert result.locations == {}, "a live scan reads no files"
    for kind in SCANNED_KINDS:
        assert names(result.of_kind(kind.kind)) == served_names(server, kind.kind), kind.kind
    deployments = result.of_kind("Deployment")
    assert len(deployments) == 12
    assert all(d["kind"] == "Deployment" and d["apiVersion"] == "apps/v1" for d in deployments)

    pages = requests_for(server, "deployments")
    assert len(pages) == math.ceil(12 / 3) == 4
    assert all(r.query["limit"] == ["3"] for r in pages)
    assert "continue" not in pages[0].query
    assert all("continue" in r.query for r in pages[1:])
    assert len({r.query["continue"][0] for r in pages[1:]}) == 3


@pytest.mark.parametrize("app", REALDATA_APPS)
def test_every_realdata_app_is_read_completely(app: str, tmp_path: Path) -> None:
    with running(realdata_dir(app)) as server:
        result = scan(server, tmp_path, settings(Sleeps()))
    assert result.warnings == []
    total = 0
    for kind in SCANNED_KINDS:
        assert names(result.of_kind(kind.kind)) == served_names(server, kind.kind), kind.kind
        total += len(result.of_kind(kind.kind))
    assert total > 0
    assert "Secret" not in result.objects


def test_progress_is_reported_once_per_kind_in_order(tmp_path: Path) -> None:
    seen: list[tuple[str, int]] = []
    with running(realdata_dir("bookinfo")) as server:
        path = server.write_kubeconfig(tmp_path / "kubeconfig")
        scan_live(None, str(path), progress=lambda kind, count: seen.append((kind, count)),
                  settings=settings(Sleeps()))
    expected_counts = {"Deployment": 6, "Service": 4}
    assert seen == [*((k.kind, expected_counts.get(k.kind, 0)) for k in SCANNED_KINDS), ("done", 10)]


# ----- faults ---------------------------------------------------------------------------------------------------

def test_scan_completes_through_403_410_429_500_and_a_dropped_connection(tmp_path: Path) -> None:
    apps = (realdata_dir("online-boutique"), FIXTURES / "cluster.yaml", FIXTURES / "planted.yaml")
    with running(*apps) as clean_server:
        clean = scan(clean_server, tmp_path, settings(Sleeps(), page_size=4))

    sleeps = Sleeps()
    with running(*apps) as server:
        server.forbid("networkpolicies")
        server.inject("deployments", "gone", on_continue=True)
        server.inject("services", status=429, retry_after="2", times=3)
        server.inject("configmaps", status=500)
        server.inject("pods", "drop")
        result = scan(server, tmp_path, settings(sleeps, page_size=4))

    assert len(result.warnings) == 1
    assert "NetworkPolicy" in result.warnings[0] and "403" in result.warnings[0]
    assert "NetworkPolicy" not in result.objects
    for kind in SCANNED_KINDS:
        if kind.kind != "NetworkPolicy":
            assert names(result.of_kind(kind.kind)) == names(clean.of_kind(kind.kind)), kind.kind

    deployments = requests_for(server, "deployments")
    statuses = [r.status for r in deployments]
    assert 410 in statuses
    restart = deployments[statuses.index(410) + 1]
    assert "continue" not in restart.query, "after 410 the list restarts from the beginning"
    assert len(result.of_kind("Deployment")) == len({n for n in names(result.of_kind("Deployment"))}) == 13

    assert [r.status for r in requests_for(server, "services")][:4] == [429, 429, 429, 200]
    assert sleeps.count(2.0) == 3, "Retry-After: 2 is honoured on each 429"
    assert [r.status for r in requests_for(server, "pods")][:2] == [-1, 200]
    assert [r.status for r in requests_for(server, "configmaps")][:2] == [500, 200]


def test_persistent_server_errors_end_in_a_warning_after_bounded_retries(tmp_path: Path) -> None:
    sleeps = Sleeps()
    config = settings(sleeps, attempts=4, base_delay=0.5, max_delay=1.0)
    with running(realdata_dir("aks-store-demo")) as server:
        server.inject("statefulsets", status=503, times=None)
        result = scan(server, tmp_path, config)
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert "StatefulSet" in warning and "503" in warning
    assert "StatefulSet" not in result.objects
    assert len(requests_for(server, "statefulsets")) == 4
    assert sleeps == [0.5, 1.0, 1.0], "exponential backoff, capped at max_delay"
    assert len(result.of_kind("Deployment")) == 7, "the other kinds are still read"


def test_a_retry_after_beyond_the_wait_budget_gives_up_at_once(tmp_path: Path) -> None:
    sleeps = Sleeps()
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", status=429, retry_after="120", times=None)
        result = scan(server, tmp_path, settings(sleeps, max_total_wait=60.0))
    assert sleeps == []
    assert len(requests_for(server, "deployments")) == 1
    assert len(result.warnings) == 1 and "Deployment" in result.warnings[0] and "429" in result.warnings[0]


def test_total_wait_of_one_request_is_capped(tmp_path: Path) -> None:
    sleeps = Sleeps()
    with running(realdata_dir("bookinfo")) as server:
        server.inject("services", status=429, retry_after="3", times=None)
        result = scan(server, tmp_path, settings(sleeps, attempts=100, max_total_wait=10.0))
    assert sleeps == [3.0, 3.0, 3.0]
    assert sum(sleeps) <= 10.0
    assert any("Service" in w for w in result.warnings)


def test_a_list_that_keeps_expiring_restarts_a_bounded_number_of_times(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", "gone", on_continue=True, times=None)
        result = scan(server, tmp_path, settings(Sleeps(), page_size=2, list_restarts=3))
    gone = [r for r in requests_for(server, "deployments") if r.status == 410]
    assert len(gone) == 4
    assert len(result.warnings) == 1 and "Deployment" in result.warnings[0] and "410" in result.warnings[0]
    assert len(result.of_kind("Deployment")) == 2, "the consistent first page is kept"


def test_a_failure_in_the_middle_of_a_list_keeps_what_was_read_and_says_so(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", status=500, on_continue=True, times=None)
        result = scan(server, tmp_path, settings(Sleeps(), page_size=4, attempts=2))
    assert len(result.of_kind("Deployment")) == 4
    assert len(result.warnings) == 1
    assert "Deployment" in result.warnings[0] and "only 4 were read" in result.warnings[0]


def test_a_stalled_answer_times_out_and_is_retried(tmp_path: Path) -> None:
    sleeps = Sleeps()
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", "stall", delay=3.0)
        result = scan(server, tmp_path, settings(sleeps, read_timeout=0.3))
    assert result.warnings == []
    assert len(result.of_kind("Deployment")) == 6
    assert len(requests_for(server, "deployments")) == 2
    assert sleeps == [0.5]


def test_a_server_that_never_answers_is_one_error_within_the_timeouts(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", "stall", delay=30.0, times=None)
        url = server.url
        started = time.monotonic()
        with pytest.raises(ScanError) as caught:
            scan(server, tmp_path, settings(Sleeps(), read_timeout=0.3, connect_attempts=3))
        elapsed = time.monotonic() - started
    assert elapsed < 10, "reads are bounded by the read timeout, not by the stalled server"
    message = str(caught.value)
    assert "\n" not in message
    assert url in message and "context test" in message
    assert "(3 tries of at most 0.3s each, with the waits between them)" in message
    assert len(requests_for(server, "deployments")) == 3


def test_a_stalled_server_costs_at_most_the_request_budget_and_says_it_waits(tmp_path: Path) -> None:
    """Tries, timeouts and waits of one request add up to no more than request_budget (default 60 s, where three
    60 s reads and their backoff used to take 182 s), and each repeated try is announced while it happens."""
    sleeps, notices = Sleeps(), []
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", "stall", delay=30.0, times=None)
        path = server.write_kubeconfig(tmp_path / "kubeconfig")
        config = settings(sleeps, read_timeout=0.5, connect_attempts=10, request_budget=1.5)
        started = time.monotonic()
        with pytest.raises(ScanError) as caught:
            scan_live("test", str(path), settings=config, notice=notices.append)
        elapsed = time.monotonic() - started
    tries = len(requests_for(server, "deployments"))
    assert 2 <= tries < 10, "the budget, not connect_attempts, ended it"
    assert elapsed - sum(sleeps) < 1.5 + 1.0, "reads shrink to what is left of the budget"
    assert len(notices) == tries - 1
    assert all("no answer from" in n and "trying again" in n and "at most 1.5s in all" in n for n in notices)
    assert re.search(r"no answer within 1\.[45]\d*s \(\d tries", str(caught.value)), str(caught.value)


def test_default_settings_bound_a_stalled_request_to_a_minute() -> None:
    from readiness.scan.live import DEFAULT_SETTINGS as s

    assert s.request_budget == 60
    assert s.read_timeout * s.connect_attempts <= s.request_budget, "every try gets its full read timeout but the last"


# ----- authentication and reachability ---------------------------------------------------------------------------

def test_wrong_credentials_are_one_clear_error(tmp_path: Path) -> None:
    sleeps = Sleeps()
    with running(realdata_dir("bookinfo")) as server, pytest.raises(ScanError) as caught:
        url = server.url
        scan(server, tmp_path, settings(sleeps), token="expired-token")
    message = str(caught.value)
    assert "\n" not in message
    assert "401" in message and url in message and "context test" in message
    assert len(server.requests) == 1 and sleeps == [], "a 401 is not retried"


def test_credentials_rejected_in_the_middle_of_a_scan_stop_it(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("pods", status=401)
        with pytest.raises(ScanError, match="401 Unauthorized"):
            scan(server, tmp_path, settings(Sleeps()))


def test_an_unreachable_server_is_one_error_naming_server_and_context(tmp_path: Path) -> None:
    server = FakeKubeServer().start()
    kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", context="prod-eu")
    url = server.url
    server.stop()
    sleeps = Sleeps()
    with pytest.raises(ScanError) as caught:
        scan_live("prod-eu", str(kubeconfig), settings=settings(sleeps, connect_attempts=3))
    message = str(caught.value)
    assert message == f"cannot reach the Kubernetes API server {url} (context prod-eu): connection refused"
    assert sleeps == [0.5, 1.0], "connection failures are retried a bounded number of times"


# ----- what is asked for ------------------------------------------------------------------------------------------

def test_only_gets_are_sent_and_never_for_secrets(tmp_path: Path) -> None:
    with running(realdata_dir("aks-store-demo"), FIXTURES / "planted.yaml", optional_groups=("gateway",)) as server:
        assert server.store is not None and server.store.count("secrets") == 3
        result = scan(server, tmp_path, settings(Sleeps(), page_size=2))
    assert result.warnings == []
    assert server.requests, "the scan talked to the server"
    for rec in server.requests:
        assert rec.method == "GET", rec.url
        assert "secret" not in rec.url.lower(), rec.url
        if rec.path in LIST_PATHS:
            assert rec.query["limit"] == ["2"], rec.url
        else:
            assert rec.path in ("/version", "/apis"), f"unexpected request {rec.url}"
    listed = {rec.path for rec in server.requests if rec.path in LIST_PATHS}
    assert {(LIST_PATHS[p].group, LIST_PATHS[p].kind) for p in listed} == {
        (k.group, k.kind) for k in SCANNED_KINDS if k.group not in ("route.openshift.io", "networking.istio.io",
                                                                     "multicluster.linkerd.io")}


def test_optional_api_groups_that_are_not_installed_are_silently_skipped(tmp_path: Path) -> None:
    with running(FIXTURES / "planted.yaml") as server:
        result = scan(server, tmp_path, settings(Sleeps()))
    assert result.warnings == []
    for kind in ("Gateway", "HTTPRoute", "Route"):
        assert kind not in result.objects
    assert not [r for r in server.requests if "gateway" in r.path or "route" in r.path]


def test_installed_gateway_api_and_openshift_routes_are_read(tmp_path: Path) -> None:
    paths = (FIXTURES / "planted.yaml", FIXTURES / "gateway-api.yaml", FIXTURES / "openshift-route.yaml")
    with running(*paths, optional_groups=("gateway", "openshift")) as server:
        result = scan(server, tmp_path, settings(Sleeps()))
    assert result.warnings == []
    assert names(result.of_kind("Gateway")) == [("edge", "public")]
    assert names(result.of_kind("HTTPRoute")) == [("edge", "shop")]
    assert names(result.of_kind("Route")) == [("shop", "checkout")]
    assert result.of_kind("Route")[0]["apiVersion"] == "route.openshift.io/v1"


def test_multicluster_objects_are_read_live_but_never_a_remote_secret(tmp_path: Path) -> None:
    fixtures = Path(__file__).parent / "fixtures" / "multicluster"
    with running(fixtures / "istio-multi-network" / "cluster1", fixtures / "linkerd-gateway" / "west",
                 optional_groups=("gateway", "istio", "linkerd-multicluster")) as server:
        assert server.store is not None and server.store.count("secrets") == 2
        result = scan(server, tmp_path, settings(Sleeps()))
    assert result.warnings == [] and result.labelled_secrets == []
    assert not [r for r in server.requests if "secret" in r.url.lower()]
    assert [o["apiVersion"] for o in result.of_kind("Gateway")] == ["networking.istio.io/v1"]
    kinds = [e.kind for e in build_inventory(result).multicluster]
    assert kinds == ["istio_network", "istio_multi_network", "istio_cross_network_gateway", "linkerd_gateway_link",
                     "linkerd_mirrored_service"]


def test_without_discovery_every_kind_is_tried_and_missing_groups_stay_quiet(tmp_path: Path) -> None:
    with running(FIXTURES / "planted.yaml") as server:
        server.inject("discovery", status=503, times=None)
        result = scan(server, tmp_path, settings(Sleeps(), attempts=1))
    assert len(result.warnings) == 1 and "discovery" in result.warnings[0]
    assert names(result.of_kind("Deployment")) == [("shop", "checkout")]
    tried = [r for r in server.requests if r.path.startswith("/apis/route.openshift.io/")]
    assert [r.status for r in tried] == [404]


def test_a_missing_builtin_group_is_reported(tmp_path: Path) -> None:
    with running(FIXTURES / "planted.yaml", FIXTURES / "autoscaling.yaml") as server:
        server.resources = tuple(r for r in server.resources if r.group != "policy")
        result = scan(server, tmp_path, settings(Sleeps()))
    assert len(result.warnings) == 1
    assert "PodDisruptionBudget" in result.warnings[0] and "policy" in result.warnings[0]


def test_an_older_version_is_read_when_the_scanned_one_is_not_served(tmp_path: Path) -> None:
    with running(FIXTURES / "planted.yaml", FIXTURES / "autoscaling.yaml") as server:
        server.resources = tuple(r for r in server.resources if (r.group, r.version) != ("autoscaling", "v2"))
        result = scan(server, tmp_path, settings(Sleeps()))
    assert result.warnings == []
    hpas = result.of_kind("HorizontalPodAutoscaler")
    assert names(hpas) == [("shop", "checkout")]
    assert hpas[0]["apiVersion"] == "autoscaling/v1"
    assert any(r.path == "/apis/autoscaling/v1/horizontalpodautoscalers" for r in server.requests)


def test_cluster_wide_refusal_falls_back_to_the_context_namespace(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo"), FIXTURES / "planted.yaml") as server:
        server.forbidden_cluster_wide.add("deployments")
        result = scan(server, tmp_path, settings(Sleeps()), namespace="shop")
    assert names(result.of_kind("Deployment")) == [("shop", "checkout")]
    assert len(result.warnings) == 1
    assert "Deployment" in result.warnings[0] and "only namespace shop" in result.warnings[0]
    assert any(r.path == "/apis/apps/v1/namespaces/shop/deployments" for r in server.requests)


def test_cluster_wide_refusal_without_a_namespace_is_a_warning(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.forbidden_cluster_wide.add("deployments")
        result = scan(server, tmp_path, settings(Sleeps()))
    assert "Deployment" not in result.objects
    assert len(result.warnings) == 1 and "Deployment" in result.warnings[0] and "forbidden" in result.warnings[0]


# ----- a realistic cluster ------------------------------------------------------------------------------------

@pytest.mark.parametrize("collecting", [True, False])
def test_a_synthetic_cluster_with_owned_pods_is_read_whole(collecting: bool, tmp_path: Path) -> None:
    server = FakeKubeServer(store=synthetic_store(600)).start()
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        result = scan(server, tmp_path, settings(Sleeps(), page_size=50))
        assert gc.isenabled() is collecting, "the collector is left as it was found"
    finally:
        (gc.enable if was else gc.disable)()
        server.stop()
    assert result.warnings == []
    for kind in SCANNED_KINDS:
        assert names(result.of_kind(kind.kind)) == served_names(server, kind.kind), kind.kind
    assert len(result.of_kind("Pod")) == 600
    pod = result.of_kind("Pod")[0]
    assert "managedFields" not in pod["metadata"] and "status" not in pod
    assert all("value" not in env for c in pod["spec"]["containers"] for env in c.get("env", []))
    inventory = build_inventory(result)
    assert len(inventory.workloads) == len(result.of_kind("Deployment")) + len(result.of_kind("StatefulSet")) == 120


def test_an_answer_that_is_not_a_list_is_a_warning(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("services", "garbage")
        result = scan(server, tmp_path, settings(Sleeps()))
    assert len(result.warnings) == 1
    assert "Service" in result.warnings[0] and "not a Kubernetes list" in result.warnings[0]
    assert len(result.of_kind("Deployment")) == 6


def test_a_server_that_is_not_kubernetes_is_one_error(tmp_path: Path) -> None:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    (tmp_path / "www").mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path / "www")))
    threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        path = write_kubeconfig(tmp_path / "kubeconfig", [("web", url, "t")], current="web")
        with pytest.raises(ScanError) as caught:
            scan_live(None, str(path), settings=settings(Sleeps()))
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert str(caught.value) == (f"{url} (context web) does not answer like a Kubernetes API server "
                                 f"(/version: 404 Not Found, /apis: 404 Not Found); check the server address")
