"""Sibling pods share one decoded owner list; a pod is still counted for the workload of its own namespace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from readiness.scan.inventory import build_inventory
from readiness.scan.snapshot import load_snapshot
from readiness.scan.workloads import extract


def _deployment(ns: str) -> dict[str, Any]:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": ns},
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
                     "template": {"metadata": {"labels": {"app": "web"}},
                                  "spec": {"containers": [{"name": "web", "image": "example/web:1"}]}}}}


def _pod(ns: str, i: int, owner: list[dict[str, Any]] | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": f"web-5d9c7b8f4-{i:05d}", "namespace": ns, "labels": {"app": "web"}}
    if owner is not None:
        metadata["ownerReferences"] = owner
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata,
            "spec": {"containers": [{"name": "web", "image": "example/web:1"}]}}


def test_pods_with_the_same_owner_text_in_two_namespaces_count_apart(tmp_path: Path) -> None:
    owner = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-5d9c7b8f4", "controller": True}]
    nameless = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "controller": True}]   # no usable owner: bare pods
    items = [_deployment("a"), _deployment("b"), *(_pod("a", i, owner) for i in range(3)),
             *(_pod("b", i, owner) for i in range(3, 8)), *(_pod("b", i, nameless) for i in range(8, 10))]
    as_json, as_yaml = tmp_path / "dump.json", tmp_path / "dump.yaml"
    as_json.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}), encoding="utf-8")
    as_yaml.write_text(yaml.safe_dump_all(items), encoding="utf-8")

    def pods(path: Path) -> dict[tuple[str, str, str], int]:
        objects = load_snapshot(str(path))
        assert len(build_inventory(objects).workloads) == 4
        return {(w.namespace, w.kind, w.name): w.pods for w in extract(objects)}

    found = pods(as_json)
    assert found == pods(as_yaml)   # the YAML path shares nothing: every pod is looked at on its own
    assert found[("a", "Deployment", "web")] == 3 and found[("b", "Deployment", "web")] == 5
    assert sorted(k for k in found if k[1] == "Pod") == [("b", "Pod", "web-5d9c7b8f4-00008"),
                                                         ("b", "Pod", "web-5d9c7b8f4-00009")]
