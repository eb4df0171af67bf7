"""Existing multicluster set-ups (fixtures written from the Istio and Linkerd docs), cluster_network, the fleet."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from readiness.models.scan import ClusterInventory, MulticlusterEvidence, ScanResult
from readiness.scan import multicluster
from readiness.scan.access import str_map
from readiness.scan.collect import ScanRequest, scan
from readiness.scan.detect import detect_answers
from readiness.scan.fleet import fleet_of
from readiness.scan.inventory import build_inventory
from readiness.scan.snapshot import load_snapshot
from tests.conftest import realdata_dir
from tests.scan.scan_helpers import inventory, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "multicluster"
CANARIES = ("CANARY-REMOTE-KUBECONFIG-c2d4e6", "CANARY-LINKERD-KUBECONFIG-9a8b7c", "sni-dnat", "203.0.113.10")


def _fleet(*folders: str) -> ScanResult:
    return scan(ScanRequest(snapshots=[str(FIXTURES / f) for f in folders], live_default=False))


def _kinds(cluster: ClusterInventory) -> dict[str, list[MulticlusterEvidence]]:
    found: dict[str, list[MulticlusterEvidence]] = {}
    for e in cluster.multicluster:
        found.setdefault(e.kind, []).append(e)
    return found


def test_istio_multi_network_install_is_detected_in_both_clusters() -> None:
    result = _fleet("istio-multi-network/cluster1", "istio-multi-network/cluster2")
    for cluster, network, other in (("cluster1", "network1", "cluster2"), ("cluster2", "network2", "cluster1")):
        kinds = _kinds(next(c for c in result.clusters if c.name == cluster))
        assert [e.network for e in kinds["istio_network"]] == [network]
        assert [e.object for e in kinds["istio_multi_network"]] == ["Deployment istio-system/istio-eastwestgateway"]
        assert "15443" in kinds["istio_multi_network"][0].detail
        assert "ISTIO_META_ROUTER_MODE" in kinds["istio_multi_network"][0].detail
        assert [e.object for e in kinds["istio_cross_network_gateway"]] == [
            "Gateway istio-system/cross-network-gateway"]
        assert [e.remote_cluster for e in kinds["istio_remote_secret"]] == [other]
        assert not any(k.startswith("linkerd") for k in kinds)
    detected = detect_answers(result)
    assert detected["clusters"].value == 2
    assert detected["cluster_network"].value == "separate"
    assert "network1 in cluster1; network2 in cluster2" in detected["cluster_network"].evidence[0]


def test_remote_secret_keeps_names_and_labels_only() -> None:
    objects = load_snapshot(str(FIXTURES / "istio-multi-network/cluster1"))
    assert "Secret" not in objects.objects
    assert objects.labelled_secrets == [{"namespace": "istio-system", "name": "istio-remote-secret-cluster2",
                                         "labels": {"istio/multiCluster": "true"}}]
    text = build_inventory(objects).model_dump_json()
    assert "istio-remote-secret-cluster2" in text
    for canary in CANARIES:
        assert canary not in text


def test_linkerd_gateway_link_and_mirrored_service() -> None:
    result = _fleet("linkerd-gateway/east", "linkerd-gateway/west")
    east, west = result.clusters
    assert [e.kind for e in east.multicluster] == ["linkerd_gateway"]
    kinds = _kinds(west)
    assert [(e.object, e.remote_cluster) for e in kinds["linkerd_gateway_link"]] == [
        ("Link linkerd-multicluster/east", "east")]
    assert [(e.object, e.remote_cluster) for e in kinds["linkerd_mirrored_service"]] == [
        ("Service test/podinfo-east", "east")]
    assert "linkerd_flat_link" not in kinds
    assert detect_answers(result)["cluster_network"].value == "separate"
    for canary in CANARIES:
        assert canary not in result.model_dump_json()
    topics = {(d.topic, tuple(d.clusters)) for d in result.fleet.differences} if result.fleet else set()
    assert ("multicluster", ("west",)) in topics and ("multicluster", ("east",)) in topics


def test_linkerd_pod_to_pod_link_is_flat() -> None:
    result = _fleet("linkerd-flat/west")
    kinds = _kinds(result.clusters[0])
    assert [e.remote_cluster for e in kinds["linkerd_flat_link"]] == ["east"]
    assert "linkerd_gateway_link" not in kinds
    detected = detect_answers(result)["cluster_network"]
    assert detected.value == "flat"
    assert "without a gateway" in detected.evidence[0]
    assert result.fleet is None


def test_istio_clusters_on_one_network_are_flat() -> None:
    result = _fleet("istio-multi-network/cluster1", "istio-multi-network/cluster2")
    same = [c.model_copy(update={"multicluster": [
        e.model_copy(update={"network": "network1"}) for e in c.multicluster if e.kind == "istio_network"]})
        for c in result.clusters]
    detected = detect_answers(result.model_copy(update={"clusters": same}))["cluster_network"]
    assert detected.value == "flat"
    assert detected.evidence == ["Istio clusters cluster1, cluster2 share network network1"]


def test_no_multicluster_evidence_detects_no_network() -> None:
    result = scan(ScanRequest(snapshots=[str(realdata_dir() / app) for app in ("online-boutique", "bookinfo")],
                              live_default=False))
    assert all(not c.multicluster for c in result.clusters)
    assert "cluster_network" not in detect_answers(result)
    assert detect_answers(result)["clusters"].value == 2
    assert result.fleet is not None and result.fleet.clusters == ["online-boutique", "bookinfo"]


def test_fleet_differences() -> None:
    boutique, bookinfo = inventory("online-boutique"), inventory("bookinfo")
    assert fleet_of([boutique]) is None
    fleet = fleet_of([boutique.model_copy(update={"kubernetes_version": "v1.30.2"}),
                      bookinfo.model_copy(update={"kubernetes_version": "v1.28.4"})])
    assert fleet is not None
    assert [(d.topic, d.clusters, d.detail) for d in fleet.differences] == [
        ("kubernetes_version", ["bookinfo", "online-boutique"],
         "Kubernetes v1.28.4 in bookinfo, v1.30.2 in online-boutique")]
    istio = _fleet("istio-multi-network/cluster1").clusters[0]
    fleet = fleet_of([istio, bookinfo])
    assert fleet is not None
    by_topic = {d.topic: d for d in fleet.differences}
    assert by_topic["mesh"].clusters == ["cluster1"] and by_topic["mesh"].detail == "istio runs in cluster1 only"
    namespaces = [d for d in fleet.differences if d.topic == "namespaces"]
    assert [(d.clusters, d.detail) for d in namespaces] == [
        (["cluster1"], "application namespaces only in cluster1: sample"),
        (["bookinfo"], "application namespaces only in bookinfo: default")]
    unknown = fleet_of([istio.model_copy(update={"kubernetes_version": "v1.30.2"}), bookinfo])
    assert unknown is not None
    assert [d.clusters for d in unknown.differences if d.topic == "kubernetes_version"] == [["bookinfo"]]


def test_fleet_groups_namespaces_by_the_clusters_that_have_them() -> None:
    result = _fleet("istio-multi-network/cluster1", "istio-multi-network/cluster2", "linkerd-gateway/west")
    assert result.fleet is not None
    assert [(d.clusters, d.detail) for d in result.fleet.differences if d.topic in ("namespaces", "mesh")] == [
        (["cluster1", "cluster2"], "istio runs in cluster1, cluster2 only"),
        (["west"], "linkerd runs in west only"),
        (["cluster1", "cluster2"], "application namespaces only in cluster1, cluster2: sample"),
        (["west"], "application namespaces only in west: test")]


def test_table_shows_setups_and_differences_in_80_columns() -> None:
    result = run_cli("scan", "--snapshot", "istio-multi-network/cluster1", "--snapshot", "istio-multi-network/cluster2",
                     "--snapshot", "linkerd-gateway/west", "--format", "table", cwd=FIXTURES)
    assert result.returncode == 0, result.stderr
    golden = Path(__file__).parent / "golden" / "multicluster-fleet.table.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "Fleet of 3 clusters: what differs" in result.stdout
    assert "istio remote secret: Secret" in result.stdout and "CANARY" not in result.stdout


def test_json_dump_keeps_the_same_of_a_remote_secret(tmp_path: Path) -> None:
    docs = list(yaml.safe_load_all((FIXTURES / "istio-multi-network/cluster1/istio.yaml").read_text()))
    dump = tmp_path / "cluster1.json"
    dump.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": docs}))
    objects = load_snapshot(str(dump))
    assert objects.labelled_secrets == load_snapshot(str(FIXTURES / "istio-multi-network/cluster1")).labelled_secrets
    kinds = [e.kind for e in build_inventory(objects).multicluster]
    assert kinds == ["istio_network", "istio_multi_network", "istio_cross_network_gateway", "istio_remote_secret"]


def test_cluster_network_answer_against_the_scan() -> None:
    from readiness.scan.detect import _compare

    assert _compare("cluster_network", "unknown", "separate") == (
        "info", "answered unknown; the existing multicluster set-up shows separate networks")
    assert _compare("cluster_network", "flat", "separate") == ("major", "answered flat; the scan found separate")
    assert _compare("cluster_network", "separate", "separate") is None


_label_keys = st.sampled_from(["istio", "1", 1, True, "True"])
_label_values = st.sampled_from(["eastwestgateway", "1", 1, True, "True", None, ""])


@settings(max_examples=300)
@example(raw={1: "1"}, wanted={"1": "1"})
@example(raw={"istio": True}, wanted={"istio": "True"})
@given(raw=st.one_of(st.dictionaries(_label_keys, _label_values, max_size=4), st.none(), st.text(max_size=2)),
       wanted=st.dictionaries(st.sampled_from(["istio", "1", "True"]),
                              st.sampled_from(["eastwestgateway", "1", "True"]), min_size=1, max_size=2))
def test_labels_are_ruled_out_only_when_they_cannot_match(raw: object, wanted: dict[str, str]) -> None:
    """The quick test on labels as read never rules out what the test on the copied labels matches, and it is the
    same test when every key is a string."""
    exact = multicluster._matches(str_map(raw), wanted)
    quick = multicluster._may_match(raw, wanted)
    assert quick or not exact
    if isinstance(raw, dict) and all(isinstance(k, str) for k in raw):
        assert quick == exact
