"""Each precheck on small fixtures that pass and fail, and one cluster that trips every check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from readiness.app.rules import load_check_catalogue
from readiness.mesh.precheck import run_precheck
from readiness.models import CheckCatalogue, ClusterPrecheck, Finding
from tests.precheck.builders import (
    cluster,
    container,
    crd,
    deployment,
    namespace,
    node,
    pdb,
    service,
    webhook,
)

GOOD_VERSION = "v1.32.1"
ALL = ["istio_sidecar", "istio_ambient", "linkerd"]


@pytest.fixture(scope="module")
def catalogue() -> CheckCatalogue:
    return load_check_catalogue()


@dataclass
class Case:
    """Objects that must trip one check (with the refs and meshes expected), and objects that must not."""

    check: str
    failing: list[dict[str, Any]]
    expected: dict[str, list[str]] | list[tuple[str, list[str]]]
    """ref → meshes of every affected object (pairs when one ref appears more than once)."""
    passing: list[dict[str, Any]]
    version: str | None = GOOD_VERSION
    severities: dict[str, str] = field(default_factory=dict)
    """ref → severity, where it differs from the check's default."""


def healthy(name: str) -> list[dict[str, Any]]:
    """A served Deployment with probes and requests behind a well-named Service."""
    return [deployment(name), service(name)]


CASES = [
    Case("kubernetes_version",
         failing=[], version="v1.27.4",
         expected={"Cluster/test": ALL},
         passing=[]),
    Case("service_port_protocol",
         failing=[*healthy("spp-a"),
                  service("spp-unnamed", ports=[{"port": 80, "targetPort": 8080}], selector={"app": "spp-a"}),
                  service("spp-noprefix", ports=[{"name": "web", "port": 80}], selector={"app": "spp-a"}),
                  service("spp-badapp", ports=[{"name": "x", "port": 81, "appProtocol": "foo"}],
                          selector={"app": "spp-a"})],
         expected={"Service/shop/spp-unnamed": ["istio_sidecar", "istio_ambient"],
                   "Service/shop/spp-noprefix": ["istio_sidecar", "istio_ambient"],
                   "Service/shop/spp-badapp": ["istio_sidecar", "istio_ambient"]},
         passing=[*healthy("spp-b"),
                  service("spp-ok", selector={"app": "spp-b"}, ports=[
                      {"name": "http", "port": 80}, {"name": "grpc-web-ui", "port": 81},
                      {"name": "tcp-redis", "port": 6379}, {"port": 82, "appProtocol": "kubernetes.io/h2c"},
                      {"name": "HTTP2-upper", "port": 83}, {"port": 53, "protocol": "UDP"}])]),
    Case("proxy_uid",
         failing=[deployment("uid-istio", containers=[container(uid=1337, ports=[8080])]),
                  deployment("uid-linkerd", securityContext={"runAsUser": 2102})],
         expected={"Deployment/shop/uid-istio": ["istio_sidecar"], "Deployment/shop/uid-linkerd": ["linkerd"]},
         passing=[deployment("uid-ok", containers=[container(uid=1000)]),
                  deployment("uid-override", securityContext={"runAsUser": 1337},
                             containers=[container(uid=1001)])]),
    Case("pod_security_init_capabilities",
         failing=[namespace("psa-restricted", labels={"pod-security.kubernetes.io/enforce": "restricted"}),
                  namespace("psa-baseline", labels={"pod-security.kubernetes.io/enforce": "baseline"})],
         expected={"Namespace/psa-restricted": ["istio_sidecar", "linkerd"],
                   "Namespace/psa-baseline": ["istio_sidecar", "linkerd"]},
         passing=[namespace("psa-privileged", labels={"pod-security.kubernetes.io/enforce": "privileged"}),
                  namespace("psa-warn", labels={"pod-security.kubernetes.io/warn": "restricted"}),
                  namespace("kube-system", labels={"pod-security.kubernetes.io/enforce": "restricted"})]),
    Case("host_network",
         failing=[deployment("hostnet", hostNetwork=True)],
         expected={"Deployment/shop/hostnet": ALL},
         passing=[deployment("podnet", hostNetwork=False),
                  deployment("kube-proxy", namespace="kube-system", kind="DaemonSet", hostNetwork=True)]),
    Case("proxy_port_collision",
         failing=[deployment("ports-istio", containers=[container(ports=[15021])]),
                  deployment("ports-both", containers=[container(ports=[8080, 15006])]),
                  deployment("ports-linkerd", containers=[container(ports=[4191])])],
         expected={"Deployment/shop/ports-istio": ["istio_sidecar"],
                   "Deployment/shop/ports-both": ["istio_sidecar", "istio_ambient"],
                   "Deployment/shop/ports-linkerd": ["linkerd"]},
         passing=[deployment("ports-ok", containers=[container(ports=[8080, 15672])]),
                  deployment("injected", containers=[container(ports=[8080]),
                                                     container("istio-proxy", ports=[15090, 15021])])]),
    Case("server_first_protocol",
         failing=[deployment("mysql", containers=[container(ports=[3306], port_names={3306: "mysql"})]),
                  service("mysql", ports=[{"port": 3307, "targetPort": "mysql"}]),
                  deployment("mongo", containers=[container(ports=[27017])]),
                  service("mongo", ports=[{"port": 27017}]),
                  deployment("mysql-std", containers=[container(ports=[3306])]),
                  service("mysql-std", ports=[{"port": 3306}])],
         expected={"Service/shop/mysql": ["istio_sidecar"],
                   "Service/shop/mongo": ["istio_sidecar", "linkerd"],
                   "Service/shop/mysql-std": ["istio_sidecar"]},
         severities={"Service/shop/mysql": "warning", "Service/shop/mongo": "warning",
                     "Service/shop/mysql-std": "info"},
         passing=[deployment("db-ok", containers=[container(ports=[3306])]),
                  service("db-ok", ports=[{"name": "tcp-mysql", "port": 3306}]),
                  deployment("mongo-ok", containers=[container(ports=[27017])]),
                  service("mongo-ok", ports=[{"name": "mongo", "port": 27017}],
                          annotations={"config.linkerd.io/opaque-ports": "27017"})]),
    Case("headless_or_stateful",
         failing=[deployment("peers", kind="StatefulSet", replicas=3),
                  service("peers", headless=True)],
         expected={"Service/shop/peers": ALL},
         # a StatefulSet whose governing Service has a cluster IP gets no per-pod DNS names: nothing to flag
         passing=[*healthy("stateless"), deployment("single-db", kind="StatefulSet", replicas=1),
                  service("single-db")]),
    Case("existing_mesh",
         failing=[webhook("istio-sidecar-injector"), crd("servers", "policy.linkerd.io"),
                  namespace("meshed", labels={"istio-injection": "enabled"}),
                  deployment("linkerd-app", namespace="meshed",
                             init=[container("linkerd-proxy", ports=[4143], restartPolicy="Always")]),
                  webhook("consul-connect-injector")],
         expected={"MutatingWebhookConfiguration/istio-sidecar-injector": ["linkerd"],
                   "CustomResourceDefinition/*.policy.linkerd.io": ["istio_sidecar", "istio_ambient"],
                   "Namespace/meshed": ["linkerd"],
                   "Deployment/meshed/linkerd-app": ["istio_sidecar", "istio_ambient"],
                   "MutatingWebhookConfiguration/consul-connect-injector": ALL},
         passing=[deployment("grafana", containers=[container("grafana"), container("grafana-sc-dashboard",
                                                                                      image="kiwigrid/k8s-sidecar")]),
                  namespace("plain", labels={"istio-injection": "disabled"}),
                  webhook("cert-manager-webhook")]),
    Case("missing_readiness_probe",
         failing=[deployment("noprobe", containers=[container(readiness=False)]), service("noprobe")],
         expected={"Deployment/shop/noprobe": ALL},
         passing=[deployment("worker", containers=[container(readiness=False)]),
                  *healthy("probed")]),
    Case("missing_resource_requests",
         failing=[deployment("norequests", containers=[container(requests=("cpu",))])],
         expected={"Deployment/shop/norequests": ALL},
         passing=[deployment("requests", containers=[container()])]),
    Case("pdb_blocks_restart",
         failing=[deployment("pdb-a", replicas=3), pdb("pdb-zero", app="pdb-a", maxUnavailable=0),
                  deployment("pdb-b", replicas=2), pdb("pdb-all", app="pdb-b", minAvailable=2),
                  deployment("pdb-c", replicas=4), pdb("pdb-pct", app="pdb-c", minAvailable="100%")],
         expected={"PodDisruptionBudget/shop/pdb-zero": ALL, "PodDisruptionBudget/shop/pdb-all": ALL,
                   "PodDisruptionBudget/shop/pdb-pct": ALL},
         passing=[deployment("pdb-d", replicas=2), pdb("pdb-one", app="pdb-d", maxUnavailable=1),
                  pdb("pdb-min", app="pdb-d", minAvailable=1), pdb("pdb-half", app="pdb-d", minAvailable="50%")]),
]


def pairs(expected: dict[str, list[str]] | list[tuple[str, list[str]]]) -> list[tuple[str, tuple[str, ...]]]:
    items = expected.items() if isinstance(expected, dict) else expected
    return sorted((ref, tuple(meshes)) for ref, meshes in items)


def affected(found: Finding) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((o.ref, tuple(o.meshes)) for o in found.objects)


def finding(result: ClusterPrecheck, check: str) -> Finding | None:
    found = [f for f in result.findings if f.check == check]
    assert len(found) <= 1, f"{check} reported {len(found)} times"
    return found[0] if found else None


def test_every_check_has_a_case(catalogue: CheckCatalogue) -> None:
    assert sorted(c.check for c in CASES) == sorted(c.id for c in catalogue.checks)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.check)
def test_check_fails_on_its_fixture(case: Case, catalogue: CheckCatalogue) -> None:
    result = run_precheck(cluster(*case.failing, version=case.version), catalogue)
    found = finding(result, case.check)
    assert found is not None, f"{case.check} did not fire; passed={result.passed} skipped={result.skipped}"
    assert affected(found) == pairs(case.expected)
    default = catalogue.check(case.check).severity
    for obj in found.objects:
        assert obj.severity == case.severities.get(obj.ref, default), obj.ref
        assert obj.detail
    assert found.severity == max((o.severity for o in found.objects), key=["info", "warning", "error"].index)
    assert found.meshes == [m for m in ALL if any(m in o.meshes for o in found.objects)]
    definition = catalogue.check(case.check)
    assert (found.why, found.remediation, found.docs) == (definition.why, definition.remediation, definition.docs)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.check)
def test_check_passes_on_its_fixture(case: Case, catalogue: CheckCatalogue) -> None:
    result = run_precheck(cluster(*case.passing, version=GOOD_VERSION), catalogue)
    assert finding(result, case.check) is None
    assert case.check in result.passed


COMBINED_EXTRAS = {
    # the server-first fixtures leave their ports undeclared, which protocol selection reports too
    "service_port_protocol": [("Service/shop/mysql", ["istio_sidecar", "istio_ambient"]),
                              ("Service/shop/mongo", ["istio_sidecar", "istio_ambient"]),
                              ("Service/shop/mysql-std", ["istio_sidecar", "istio_ambient"])],
}


def test_one_cluster_trips_every_check_once_with_its_objects(catalogue: CheckCatalogue) -> None:
    objects = [obj for case in CASES for obj in case.failing]
    result = run_precheck(cluster(*objects, version="v1.27.4"), catalogue)
    assert [f.check for f in result.findings] == [c.id for c in catalogue.checks]
    assert result.passed == [] and result.skipped == []
    for case in CASES:
        found = finding(result, case.check)
        assert found is not None
        assert affected(found) == sorted(pairs(case.expected) + pairs(COMBINED_EXTRAS.get(case.check, []))), \
            case.check
    verdicts = {v.mesh: v for v in result.by_mesh}
    assert all(v.status == "blocked" for v in verdicts.values())
    assert set(verdicts["istio_sidecar"].blocking_checks) == {
        "kubernetes_version", "proxy_uid", "pod_security_init_capabilities", "proxy_port_collision"}
    assert set(verdicts["istio_ambient"].blocking_checks) == {"kubernetes_version", "proxy_port_collision"}


def test_kubernetes_version_names_the_newest_release_that_fits(catalogue: CheckCatalogue) -> None:
    result = run_precheck(cluster(version="v1.27.4-eks-1234"), catalogue)
    found = finding(result, "kubernetes_version")
    assert found is not None
    assert [o.ref for o in found.objects] == ["Cluster/test"], "one cluster is one affected object"
    assert found.summary == "1 affected (1 Cluster)" and found.affected == 1 and found.noted == 0
    detail = found.objects[0].detail
    assert "below Istio (sidecar) 1.31's minimum 1.32" in detail
    assert "newest release that supports it is 1.23 (end of life: no longer patched by the Istio project)" in detail
    assert "below Istio (ambient) 1.31's minimum 1.32; no release listed supports it" in detail
    assert ("below Linkerd edge-26.8's minimum 1.31; the newest release that supports it is 2.19 (vendor stable: "
            "stable builds and fixes only from vendors") in detail
    assert "(statuses as of 2026-11-25)" in detail


def test_kubelet_1_31_is_below_current_istio_but_fits_linkerd(catalogue: CheckCatalogue) -> None:
    """Istio 1.31 (current on 2026-11-25) needs Kubernetes 1.32; linkerd edge-26.8 needs 1.31."""
    result = run_precheck(cluster(node("a", kubelet="v1.31.4"), node("b", kubelet="v1.31.4")), catalogue)
    found = finding(result, "kubernetes_version")
    assert found is not None and found.severity == "error"
    (cluster_object,) = found.objects
    assert cluster_object.meshes == ["istio_sidecar", "istio_ambient"]
    assert "newest release that supports it is 1.29 (end of life" in cluster_object.detail
    verdicts = {v.mesh: v for v in result.by_mesh}
    assert verdicts["istio_sidecar"].status == "blocked" and verdicts["linkerd"].status == "ready"


def test_kubernetes_version_from_nodes_and_skipped_without_one(catalogue: CheckCatalogue) -> None:
    from_nodes = run_precheck(cluster(node("a", kubelet="v1.30.1"), node("b", kubelet="v1.29.9")), catalogue)
    assert from_nodes.kubernetes_version == "v1.29.9"
    found = finding(from_nodes, "kubernetes_version")
    assert found is not None and {m for o in found.objects for m in o.meshes} == set(ALL)
    unknown = run_precheck(cluster(*healthy("x")), catalogue)
    assert [s.check for s in unknown.skipped] == ["kubernetes_version"]
    assert "no Kubernetes version" in unknown.skipped[0].reason


def test_ready_says_when_the_version_was_not_checked(catalogue: CheckCatalogue) -> None:
    unknown = run_precheck(cluster(*healthy("x")), catalogue)
    for verdict in unknown.by_mesh:
        assert verdict.status == "ready" and verdict.not_checked == ["kubernetes_version"]
        assert verdict.status_text == "ready (Kubernetes version not checked: the input records no Kubernetes version)"
    known = run_precheck(cluster(*healthy("x"), version=GOOD_VERSION), catalogue)
    assert {v.status_text for v in known.by_mesh} == {"ready"} and all(not v.not_checked for v in known.by_mesh)


def test_newer_than_tested_is_info(catalogue: CheckCatalogue) -> None:
    found = finding(run_precheck(cluster(version="v1.37.0"), catalogue), "kubernetes_version")
    assert found is not None and found.severity == "info"
    (cluster_object,) = found.objects
    assert cluster_object.meshes == ["istio_sidecar", "istio_ambient"]
    assert "newer than Istio (sidecar) 1.31 was tested with (up to 1.36)" in cluster_object.detail


def test_one_object_with_several_details_counts_once(catalogue: CheckCatalogue) -> None:
    two_ports = deployment("ports-two", containers=[container(ports=[15001, 15021])])
    found = finding(run_precheck(cluster(two_ports, version=GOOD_VERSION), catalogue), "proxy_port_collision")
    assert found is not None and len(found.objects) == 2
    assert found.affected == 1 and found.summary == "1 affected (1 Deployment)"


def test_cni_plugin_present_clears_that_mesh(catalogue: CheckCatalogue) -> None:
    cni = deployment("istio-cni-node", namespace="kube-system", kind="DaemonSet")
    psa = namespace("locked", labels={"pod-security.kubernetes.io/enforce": "restricted"})
    found = finding(run_precheck(cluster(psa, cni, version=GOOD_VERSION), catalogue),
                    "pod_security_init_capabilities")
    assert found is not None and found.meshes == ["linkerd"]
    assert "Istio (sidecar) already uses its CNI plugin" in found.objects[0].detail


def test_system_namespaces_are_configurable(catalogue: CheckCatalogue) -> None:
    objects = cluster(deployment("agent", namespace="platform", hostNetwork=True), version=GOOD_VERSION)
    assert finding(run_precheck(objects, catalogue), "host_network") is not None
    assert finding(run_precheck(objects, catalogue, system_namespaces=["platform"]), "host_network") is None


def test_bare_pods_count_but_controlled_pods_do_not_repeat_their_workload(catalogue: CheckCatalogue) -> None:
    owned = {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "web-5d9c-abcde", "namespace": "shop",
                          "ownerReferences": [{"kind": "ReplicaSet", "name": "web-5d9c", "controller": True}]},
             "spec": {"hostNetwork": True, "containers": [container()]}}
    bare = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug", "namespace": "shop"},
            "spec": {"hostNetwork": True, "containers": [container()]}}
    web = deployment("web", hostNetwork=True)
    found = finding(run_precheck(cluster(web, owned, bare, version=GOOD_VERSION), catalogue), "host_network")
    assert found is not None
    assert [o.ref for o in found.objects] == ["Deployment/shop/web", "Pod/shop/debug"]


def test_malformed_objects_do_not_crash_the_checks(catalogue: CheckCatalogue) -> None:
    weird = [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bad"}, "spec": "oops"},
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "bad2"},
         "spec": {"template": {"spec": {"containers": ["x", {"name": 3, "ports": "80"}]}}}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [None, {"port": "x"}]}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": {"name": "p"},
         "spec": {"minAvailable": "abc%", "selector": None}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": None},
    ]
    result = run_precheck(cluster(*weird, version="garbage"), catalogue)
    assert [s.check for s in result.skipped] == ["kubernetes_version"]


def test_server_first_by_detected_protocol_not_only_by_port(catalogue: CheckCatalogue) -> None:
    objects = cluster(
        deployment("docdb", containers=[container(ports=[10260], port_names={10260: "documentdb"})]),
        service("docdb", ports=[{"port": 10260}]),
        deployment("mongo-app", containers=[container(ports=[9000])]),
        service("mongo-app", ports=[{"name": "db", "port": 9000, "appProtocol": "mongodb"}]),
        deployment("mail", containers=[container(ports=[2525])]),
        service("mail", ports=[{"name": "smtp-relay", "port": 2525}]),
        # named as something else: the port number alone does not make it server-first
        deployment("admin", containers=[container(ports=[3306])]),
        service("admin", ports=[{"name": "http-admin", "port": 3306}]),
        version=GOOD_VERSION)
    found = finding(run_precheck(objects, catalogue), "server_first_protocol")
    assert found is not None
    by_name = {o.name: o for o in found.objects}
    assert set(by_name) == {"docdb", "mongo-app", "mail"}
    assert "MongoDB is server-first (container port named documentdb)" in by_name["docdb"].detail
    assert "MongoDB is server-first (appProtocol mongodb)" in by_name["mongo-app"].detail
    assert "SMTP is server-first (Service port named smtp-relay)" in by_name["mail"].detail
    for obj in by_name.values():
        assert obj.meshes == ["istio_sidecar", "linkerd"] and obj.severity == "warning", obj.name


def test_server_first_severity_is_per_data_plane(catalogue: CheckCatalogue) -> None:
    objects = cluster(deployment("mongo", containers=[container(ports=[27017])]),
                      service("mongo", ports=[{"port": 27017}]), version=GOOD_VERSION)
    result = run_precheck(objects, catalogue)
    found = finding(result, "server_first_protocol")
    assert found is not None
    mongo = found.objects[0]
    assert (mongo.severity_for("linkerd"), mongo.severity_for("istio_sidecar"), mongo.severity_for("istio_ambient")) \
        == ("warning", "info", None)
    verdicts = {v.mesh: v for v in result.by_mesh}
    assert verdicts["linkerd"].warnings == 1 and verdicts["istio_sidecar"].warnings == 0
    assert verdicts["istio_sidecar"].status == "ready" and verdicts["linkerd"].status == "needs_attention"
