"""deploy/rbac-readonly.yaml and SCANNED_KINDS must agree exactly, and both must match the real API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from readiness.scan.objects import NEVER_READ, SCANNED_KINDS
from tests.k8s_server.catalogue import catalogue

REPO = Path(__file__).resolve().parents[2]
RBAC = REPO / "deploy" / "rbac-readonly.yaml"


def _docs() -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(RBAC.read_text(encoding="utf-8")) if d]


def _one(kind: str) -> dict[str, Any]:
    found = [d for d in _docs() if d.get("kind") == kind]
    assert len(found) == 1, f"expected one {kind} in {RBAC}, found {len(found)}"
    return found[0]


def _granted() -> set[tuple[str, str, str]]:
    granted: set[tuple[str, str, str]] = set()
    for rule in _one("ClusterRole")["rules"]:
        assert set(rule) == {"apiGroups", "resources", "verbs"}, f"unexpected rule fields: {rule}"
        for group in rule["apiGroups"]:
            for resource in rule["resources"]:
                for verb in rule["verbs"]:
                    granted.add((group, resource, verb))
    return granted


def test_cluster_role_grants_exactly_get_and_list_on_the_scanned_kinds() -> None:
    expected = {(k.group, k.plural, verb) for k in SCANNED_KINDS for verb in ("get", "list")}
    granted = _granted()
    assert granted - expected == set(), "the ClusterRole grants more than the scan uses"
    assert expected - granted == set(), "the ClusterRole misses kinds the scan reads"


def test_cluster_role_never_grants_secrets_wildcards_or_writes() -> None:
    granted = _granted()
    assert {verb for _, _, verb in granted} == {"get", "list"}
    assert not any(resource in ("secrets", "*") or "/" in resource for _, resource, _ in granted)
    assert not any(group == "*" for group, _, _ in granted)
    assert "Secret" in NEVER_READ and all(k.kind != "Secret" for k in SCANNED_KINDS)


def test_binding_ties_the_role_to_the_service_account() -> None:
    role = _one("ClusterRole")
    binding = _one("ClusterRoleBinding")
    account = _one("ServiceAccount")
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                                  "name": role["metadata"]["name"]}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": account["metadata"]["name"],
                                    "namespace": account["metadata"]["namespace"]}]
    namespaces = [d["metadata"]["name"] for d in _docs() if d["kind"] == "Namespace"]
    assert account["metadata"]["namespace"] in namespaces


def test_scanned_kinds_match_what_a_real_api_server_serves() -> None:
    """Each SCANNED_KINDS entry exists with that group, version, plural and scope (an independent table)."""
    optional = ("gateway", "openshift", "istio", "linkerd-multicluster")
    served = {(r.group, r.version, r.plural): r for r in catalogue(optional)}
    for kind in SCANNED_KINDS:
        res = served.get((kind.group, kind.version, kind.plural))
        assert res is not None, f"{kind.kind}: {kind.api_version} {kind.plural} is not a served resource"
        assert res.kind == kind.kind
        assert res.namespaced == kind.namespaced, f"{kind.kind}: wrong scope"
        assert {"get", "list"} <= set(res.verbs)
