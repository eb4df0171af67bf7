"""Every real app in ../shared/realdata scanned as a snapshot, checked against its TRUTH.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from readiness.scan.inventory import build_inventory
from readiness.scan.snapshot import load_snapshot
from tests.scan.scan_helpers import apps, inventory, realdata_dir, truth, workload

APPS = apps()
BUSINESS = ("business", "frontend")
DATA_ROLES = ("datastore", "cache", "broker")
# TRUTH's names for the roles of third-party workloads that sit in the applications' namespaces → the scan's.
THIRD_PARTY_ROLES = {"edge-proxy": "edge_proxy", "static-server": "static", "observability": "observability",
                     "infra": "infra"}
# Why mesh-fixtures is exempt from the business-services equality (and the other per-role checks):
# its three workloads are the golden outputs of `istioctl kube-inject` and `linkerd inject` (a "hello"
# Deployment, a "frontend" and emojivoto's "web"). TRUTH.yaml gives them the role "fixture" and counts
# business_services: 0, because they are test data of the mesh projects, not anyone's services. Nothing in
# a manifest says "this is a test fixture": to a scanner they are ordinary application Deployments, and
# calling them business services is the right reading of the manifest. So no scanner can meet TRUTH's 0
# without special-casing the folder, which would be cheating. Their ground truth is the mesh state, which
# test_mesh_fixtures_detect_classic_and_native_sidecars checks exactly; test_mesh_fixtures_are_exempt_for_a_reason
# keeps this exemption honest (it must stay limited to workloads TRUTH calls "fixture").
SERVICE_APPS = [a for a in APPS if any(w["role"] != "fixture" for w in truth(a)["workloads"])]


def truth_workloads(app: str) -> list[dict[str, Any]]:
    return list(truth(app)["workloads"])


def test_all_apps_are_present() -> None:
    assert {"online-boutique", "bookinfo", "sock-shop", "aks-store-demo", "emojivoto", "mesh-fixtures",
            "derived-online-boutique-list"} <= set(APPS), realdata_dir()


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_business_services_equal_truth(app: str) -> None:
    inv = inventory(app)
    assert inv.totals.business_services == truth(app)["totals"]["business_services"]
    business = sorted(w.name for w in inv.workloads if w.role == "business")
    assert business == sorted(w["name"] for w in truth_workloads(app) if w["role"] in BUSINESS)


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_data_services_found_with_their_roles(app: str) -> None:
    inv = inventory(app)
    for expected in truth_workloads(app):
        found = workload(inv, expected["name"])
        if expected["role"] in DATA_ROLES:
            assert found.role == expected["role"], (found.name, found.evidence)
            assert any(e.topic == "role" for e in found.evidence)
        elif expected["role"] in THIRD_PARTY_ROLES:
            assert found.role == THIRD_PARTY_ROLES[expected["role"]], (found.name, found.evidence)
        elif expected["role"] == "loadgen":
            assert found.role in ("loadgen", "unknown"), found.name  # never counted as a business service
    data = [w for w in truth_workloads(app) if w["role"] in DATA_ROLES]
    assert inv.totals.datastores + inv.totals.caches + inv.totals.brokers == len(data)
    assert truth(app)["totals"]["datastores_caches_brokers"] == len(data)


@pytest.mark.parametrize("app", APPS)
def test_no_language_claim_contradicts_truth(app: str) -> None:
    inv = inventory(app)
    expected = {w["name"]: w.get("language_normalized") for w in truth_workloads(app)}
    for w in inv.workloads:
        if w.language is not None:
            assert expected[w.name] == w.language, f"{app}/{w.name}: claimed {w.language}, TRUTH {expected[w.name]}"
            assert any(e.topic == "language" for e in w.evidence), w.name


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_languages_the_manifest_reveals_are_claimed(app: str) -> None:
    inv = inventory(app)
    for expected in truth_workloads(app):
        if expected["role"] in BUSINESS and expected.get("inferable") == "yes":
            assert workload(inv, expected["name"]).language == expected["language_normalized"]


@pytest.mark.parametrize(("app", "name", "language", "hint"), [
    ("sock-shop", "carts", "java", "env JAVA_OPTS"),
    ("bookinfo", "reviews-v2", "java", "mount /opt/ibm/wlp/output"),
    ("aks-store-demo", "order-service", "javascript", "envFrom ConfigMap order-service-configs key FASTIFY_ADDRESS"),
])
def test_weak_signals_are_used_with_their_evidence(app: str, name: str, language: str, hint: str) -> None:
    w = workload(inventory(app), name)
    assert w.language == language
    assert any(e.text.startswith(hint) for e in w.evidence if e.topic == "language"), w.evidence


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_totals_languages_are_a_subset_of_truth(app: str) -> None:
    assert set(inventory(app).totals.languages) <= set(truth(app)["totals"]["business_languages"])


def _protocol(truth_protocol: str) -> str | None:
    if truth_protocol.endswith("-client"):
        return None
    name = truth_protocol.removeprefix("tcp-").removesuffix("-wire").split("-")[0]
    return {"mongodb": "mongodb", "mysql": "mysql", "redis": "redis"}.get(name, name)


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_protocols_per_workload_match_truth(app: str) -> None:
    inv = inventory(app)
    for expected in truth_workloads(app):
        wanted = {p for p in map(_protocol, expected.get("protocols") or []) if p}
        served = {p.protocol for p in workload(inv, expected["name"]).ports}
        assert wanted <= served, (expected["name"], wanted, served)


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_versions_count_once_and_services_are_named_after_their_service(app: str) -> None:
    inv = inventory(app)
    for expected in truth_workloads(app):
        if expected["role"] in BUSINESS and expected.get("service"):
            service_names = [s.split(" ")[0] for s in expected["service"]]
            assert workload(inv, expected["name"]).service in service_names


def test_truth_roles_are_all_known_to_the_comparison() -> None:
    """Every workload role TRUTH uses is compared: a new role in a new set must be added here, not skipped."""
    used = {w["role"] for app in APPS for w in truth_workloads(app)}
    assert used <= {*BUSINESS, *DATA_ROLES, *THIRD_PARTY_ROLES, "loadgen", "fixture"}, used


@pytest.mark.parametrize("app", SERVICE_APPS)
def test_no_realdata_workload_is_a_worker_or_third_party_without_truth_saying_so(app: str) -> None:
    """Precision of the new classes on data they were not written from: every edge proxy, static server or
    third-party service the scan names is one in TRUTH, and every business workload is TRUTH's business."""
    inv = inventory(app)
    expected = {w["name"]: w["role"] for w in truth_workloads(app)}
    for w in inv.workloads:
        if w.role in THIRD_PARTY_ROLES.values():
            assert THIRD_PARTY_ROLES.get(expected[w.name]) == w.role, (w.name, w.evidence)
        if w.role == "business":
            assert expected[w.name] in BUSINESS, (w.name, w.evidence)


def test_bookinfo_reviews_versions_are_one_service() -> None:
    inv = inventory("bookinfo")
    reviews = next(s for s in inv.services if s.name == "reviews")
    assert reviews.workloads == ["reviews-v1", "reviews-v2", "reviews-v3"]
    assert reviews.kubernetes_services == ["reviews"]
    assert len(inv.workloads) == 6 and inv.totals.business_services == 4


def test_mesh_fixtures_are_exempt_for_a_reason() -> None:
    """Only apps whose every workload TRUTH calls "fixture" skip the service checks, and the scan reads those
    workloads as plain application services (which is what their manifests say)."""
    exempt = sorted(set(APPS) - set(SERVICE_APPS))
    assert exempt == ["mesh-fixtures"]
    assert {w["role"] for w in truth_workloads("mesh-fixtures")} == {"fixture"}
    assert truth("mesh-fixtures")["totals"]["business_services"] == 0
    inv = inventory("mesh-fixtures")
    assert {w.name for w in inv.workloads} == {w["name"] for w in truth_workloads("mesh-fixtures")}
    assert all(w.role == "business" for w in inv.workloads), "no manifest field marks a test fixture"


def test_mesh_fixtures_detect_classic_and_native_sidecars() -> None:
    inv = inventory("mesh-fixtures")
    for expected in truth_workloads("mesh-fixtures"):
        facts = expected["manifest_facts"]
        found = workload(inv, expected["name"])
        proxies = facts["mesh"]["proxy_containers"] or []
        assert found.mesh.injected and found.mesh.proxy_containers == proxies
        native = any(c["where"] == "init(native-sidecar)" and c["name"] in proxies for c in facts["containers"])
        assert found.mesh.mode == ("native_sidecar" if native else "sidecar"), found.name
        assert found.mesh.mesh == ("linkerd" if proxies[0].startswith("linkerd") else "istio")
        sidecars = [c.name for c in found.containers if c.place == "sidecar"]
        assert sidecars == ([p for p in proxies] if native else [])
    detected = {m.name: m for m in inv.mesh.detected}
    assert set(detected) == {"istio", "linkerd"}
    assert set(detected["istio"].modes) == {"sidecar", "native_sidecar"}
    assert detected["linkerd"].modes == ["native_sidecar"]
    assert inv.mesh.injected_workloads == 3


def test_mesh_proxies_are_not_language_evidence() -> None:
    frontend = workload(inventory("mesh-fixtures"), "frontend")
    assert frontend.language is None  # istio-proxy carries GOMEMLIMIT: it must not make the app "go"
    assert not any("GOMEMLIMIT" in e.text for e in frontend.evidence)


@pytest.mark.parametrize("app", [a for a in APPS if a != "mesh-fixtures"])
def test_no_mesh_where_truth_has_none(app: str) -> None:
    inv = inventory(app)
    assert inv.mesh.detected == []
    assert not any(w.mesh.injected for w in inv.workloads)


def test_rabbitmq_exporter_is_not_a_mesh_proxy() -> None:
    rabbit = workload(inventory("sock-shop"), "rabbitmq")
    assert rabbit.role == "broker" and not rabbit.mesh.injected and rabbit.mesh.proxy_containers == []
    exporter = next(c for c in rabbit.containers if c.name == "rabbitmq-exporter")
    assert exporter.place == "main" and exporter.proxy is None
    assert next(p for p in rabbit.ports if p.port == 9090).metrics


def test_istio_annotation_without_proxy_is_only_a_hint() -> None:
    inv = inventory("online-boutique")
    assert inv.mesh.detected == []
    assert any("sidecar.istio.io/rewriteAppHTTPProbers" in h and "frontend" in h for h in inv.mesh.hints)


def test_derived_kubectl_list_equals_online_boutique() -> None:
    listed = inventory("derived-online-boutique-list").model_dump(exclude={"name", "source", "warnings"})
    manifests = inventory("online-boutique").model_dump(exclude={"name", "source", "warnings"})
    assert listed == manifests
    assert listed["totals"]["business_services"] == 10


def test_kustomization_file_is_skipped_with_a_warning() -> None:
    inv = inventory("emojivoto")
    assert any("kustomization.yml: skipped" in w for w in inv.warnings)
    assert [n.name for n in inv.namespaces] == ["emojivoto"]


def test_secrets_are_never_loaded() -> None:
    objects = load_snapshot(str(realdata_dir() / "aks-store-demo"))
    assert "Secret" not in objects.objects
    assert truth("aks-store-demo")["manifest_facts"]["object_kinds"]["Secret"] == 2


def test_coverage_matches_truth_probes_and_resources() -> None:
    for app in SERVICE_APPS:
        inv = inventory(app)
        for expected in truth_workloads(app):
            mains = [c for c in expected["manifest_facts"]["containers"] if c["where"] == "main"]
            found = workload(inv, expected["name"])
            has_probes = all(c["probes"] and ({"readiness", "liveness"} & set(c["probes"])) for c in mains)
            has_requests = all(c["requests"] and {"cpu", "memory"} <= set(c["requests"]) for c in mains)
            assert found.probes == bool(has_probes), (app, found.name)
            assert found.resources == bool(has_requests), (app, found.name)


def test_the_same_object_defined_twice_is_used_once_with_a_warning() -> None:
    objects = load_snapshot(str(realdata_dir()))
    inv = build_inventory(objects)
    frontends = [w for w in inv.workloads if w.name == "frontend"]
    assert len(frontends) == 1  # online-boutique and mesh-fixtures both define default/frontend: last one wins
    assert any("Deployment frontend is defined again" in w for w in inv.warnings)


def test_a_bad_signatures_file_is_one_line_per_problem_through_the_one_loader(tmp_path: Path) -> None:
    from readiness.errors import RulesError
    from readiness.scan.signatures import load_signatures

    path = tmp_path / "signatures.yaml"
    path.write_text("images: 3\nbogus: 1\n")
    with pytest.raises(RulesError) as caught:
        load_signatures(str(path))
    lines = caught.value.lines()
    assert any(line.startswith(f"{path}: bogus: unknown field") for line in lines), lines
    assert all(line.startswith(str(path)) for line in lines)
