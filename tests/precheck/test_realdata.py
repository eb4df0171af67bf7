"""The precheck on the real public manifests: the findings their manifests warrant, checked against TRUTH.yaml."""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
import yaml

from readiness.app.rules import load_check_catalogue
from readiness.mesh.precheck import meshes_present, run_precheck
from readiness.models import ClusterPrecheck, Finding
from readiness.scan.snapshot import load_snapshot
from tests.conftest import realdata_dir

APPS = ["aks-store-demo", "bookinfo", "derived-online-boutique-list", "emojivoto", "mesh-fixtures",
        "online-boutique", "sock-shop"]
PROXIES = {"istio-proxy", "istio-init", "linkerd-proxy", "linkerd-init"}


@cache
def precheck(app: str) -> ClusterPrecheck:
    return run_precheck(load_snapshot(str(realdata_dir() / app)), load_check_catalogue())


@cache
def truth(app: str) -> dict[str, Any]:
    return yaml.safe_load((realdata_dir() / app / "TRUTH.yaml").read_text())  # type: ignore[no-any-return]


def finding(app: str, check: str) -> Finding | None:
    return next((f for f in precheck(app).findings if f.check == check), None)


def names(found: Finding | None, kind: str | None = None) -> set[str]:
    return {o.name for o in found.objects if kind is None or o.kind == kind} if found else set()


def main_containers(workload: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in workload["manifest_facts"]["containers"] if c["where"] == "main" and c["name"] not in PROXIES]


@pytest.mark.parametrize("app", APPS)
def test_no_version_in_manifests_so_the_version_check_is_skipped(app: str) -> None:
    result = precheck(app)
    assert [s.check for s in result.skipped] == ["kubernetes_version"]
    assert len(result.findings) + len(result.passed) == len(load_check_catalogue().checks) - 1


@pytest.mark.parametrize("app", APPS)
def test_nothing_in_realdata_trips_the_pod_blockers(app: str) -> None:
    for check in ("proxy_uid", "pod_security_init_capabilities", "host_network", "proxy_port_collision",
                  "pdb_blocks_restart"):
        assert check in precheck(app).passed, (app, check)


@pytest.mark.parametrize("app", APPS)
def test_missing_requests_match_truth(app: str) -> None:
    expected = {w["name"] for w in truth(app)["workloads"]
                if any(set(c.get("requests") or []) != {"cpu", "memory"} for c in main_containers(w))}
    assert names(finding(app, "missing_resource_requests")) == expected


@pytest.mark.parametrize("app", APPS)
def test_missing_readiness_probes_on_served_workloads_match_truth(app: str) -> None:
    expected = {w["name"] for w in truth(app)["workloads"] if w.get("service")
                and any(not (c.get("probes") or {}).get("readiness") for c in main_containers(w))}
    assert names(finding(app, "missing_readiness_probe")) == expected


@pytest.mark.parametrize("app", APPS)
def test_statefulsets_behind_cluster_ip_services_are_not_flagged(app: str) -> None:
    """Only headless Services (and the StatefulSets they govern) need attention; aks-store's documentdb and
    rabbitmq StatefulSets are governed by ClusterIP Services, so nothing reaches their pods directly."""
    statefulsets = {w["name"] for w in truth(app)["workloads"] if w["kind"] == "StatefulSet"}
    assert statefulsets <= set(truth(app)["manifest_facts"]["services_by_type"].get("ClusterIP", []))
    assert "headless_or_stateful" in precheck(app).passed


def test_sock_shop_unnamed_ports_need_a_protocol() -> None:
    found = finding("sock-shop", "service_port_protocol")
    assert found is not None and found.severity == "info"
    assert found.meshes == ["istio_sidecar", "istio_ambient"]
    unnamed = {o.name for o in found.objects if "unnamed" in o.detail}
    assert unnamed == {"carts", "carts-db", "catalogue", "catalogue-db", "front-end", "orders", "orders-db",
                       "payment", "queue-master", "session-db", "shipping", "user", "user-db"}
    named = {o.detail for o in found.objects if o.name == "rabbitmq"}
    assert named == {"port 5672: name 'rabbitmq' has no protocol prefix",
                     "port 9090: name 'exporter' has no protocol prefix"}


def test_sock_shop_mongodb_and_mysql_are_server_first() -> None:
    found = finding("sock-shop", "server_first_protocol")
    assert found is not None and found.severity == "warning"
    by_name = {o.name: o for o in found.objects}
    assert set(by_name) == {"carts-db", "orders-db", "user-db", "catalogue-db"}
    for mongo in ("carts-db", "orders-db", "user-db"):
        assert "27017" in by_name[mongo].detail and "MongoDB" in by_name[mongo].detail
        assert by_name[mongo].meshes == ["istio_sidecar", "linkerd"] and by_name[mongo].severity == "warning"
        assert by_name[mongo].severity_for("linkerd") == "warning"
        assert by_name[mongo].severity_for("istio_sidecar") == "info"    # Istio's default for port 27017
        assert by_name[mongo].severity_for("istio_ambient") is None
    mysql = by_name["catalogue-db"]
    assert "3306" in mysql.detail and "MySQL" in mysql.detail and "default opaque port" in mysql.detail
    assert mysql.meshes == ["istio_sidecar"] and mysql.severity == "info"
    # catalogue-db is covered by both meshes' defaults: listed for information, not counted as affected
    assert (found.affected, found.noted) == (3, 1)
    assert found.summary == "3 affected (3 Service); 1 more noted for information (1 Service)"
    verdicts = {v.mesh: v.status for v in precheck("sock-shop").by_mesh}
    assert verdicts == {"istio_sidecar": "ready", "istio_ambient": "ready", "linkerd": "needs_attention"}


def test_aks_store_documentdb_speaks_mongodb_on_a_custom_port() -> None:
    """documentdb serves the MongoDB wire protocol on 10260; the scan reads it from the container port name."""
    found = finding("aks-store-demo", "server_first_protocol")
    assert found is not None and found.severity == "warning"
    (documentdb,) = found.objects
    assert documentdb.ref == "Service/documentdb"
    assert "port 10260 (unnamed): MongoDB is server-first (container port named documentdb)" in documentdb.detail
    assert documentdb.meshes == ["istio_sidecar", "linkerd"]
    assert (documentdb.severity_for("istio_sidecar"), documentdb.severity_for("linkerd")) == ("warning", "warning")


def test_bookinfo_and_online_boutique_are_fine_on_protocol_naming() -> None:
    for app in ("bookinfo", "online-boutique", "derived-online-boutique-list"):
        assert "service_port_protocol" in precheck(app).passed, app
        assert "server_first_protocol" in precheck(app).passed, app


def test_emojivoto_prom_ports_and_aks_store_unnamed_ports() -> None:
    emoji = finding("emojivoto", "service_port_protocol")
    assert emoji is not None
    assert {(o.name, o.detail) for o in emoji.objects} == {
        ("emoji-svc", "port 8801: name 'prom' has no protocol prefix"),
        ("voting-svc", "port 8801: name 'prom' has no protocol prefix")}
    aks = finding("aks-store-demo", "service_port_protocol")
    assert aks is not None
    assert names(aks) == {"documentdb", "rabbitmq", "store-admin", "store-front"}


def test_mesh_fixtures_are_detected_as_an_existing_mesh() -> None:
    found = finding("mesh-fixtures", "existing_mesh")
    assert found is not None
    injected = {w["name"]: w["manifest_facts"]["mesh"]["proxy_containers"] for w in truth("mesh-fixtures")["workloads"]}
    assert names(found) == set(injected)
    by_name = {o.name: o for o in found.objects}
    for name, proxies in injected.items():
        if "istio-proxy" in proxies:
            assert by_name[name].detail.startswith("istio:") and by_name[name].meshes == ["linkerd"]
        else:
            assert by_name[name].detail.startswith("linkerd:")
            assert by_name[name].meshes == ["istio_sidecar", "istio_ambient"]
    assert meshes_present(load_snapshot(str(realdata_dir() / "mesh-fixtures")), load_check_catalogue()) == [
        "istio", "linkerd"]


@pytest.mark.parametrize("app", [a for a in APPS if a != "mesh-fixtures"])
def test_no_mesh_where_there_is_none(app: str) -> None:
    assert "existing_mesh" in precheck(app).passed


def test_list_dump_gives_the_same_precheck_as_the_manifests() -> None:
    a, b = precheck("online-boutique"), precheck("derived-online-boutique-list")
    assert [f.model_dump() for f in a.findings] == [f.model_dump() for f in b.findings]
    assert a.passed == b.passed
