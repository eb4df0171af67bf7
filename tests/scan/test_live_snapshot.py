"""Live and offline agree: the same objects served by the API server or read as files give the same inventory;
a saved snapshot is redacted, and reads back to the same inventory."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from readiness.errors import ReadinessError
from readiness.models.scan import ClusterInventory
from readiness.scan.inventory import build_inventory
from readiness.scan.live import ScanSettings, save_snapshot, scan_live
from readiness.scan.objects import SNAPSHOT_SOURCE, SNAPSHOT_VERSION, ClusterObjects
from readiness.scan.redact import LAST_APPLIED, redact
from readiness.scan.snapshot import load_snapshot
from tests.k8s_server import read_manifest
from tests.k8s_server.fixtures import FIXTURES, REALDATA_APPS, Sleeps, planted_values, realdata_dir, running

SOURCE_FIELDS = ("name", "source", "complete", "kubernetes_version", "object_counts", "warnings")
"""What describes the source rather than the cluster: a manifest folder has no server version, counts only the
kinds it holds (ServiceAccounts, say), and warns about files that are not objects (TRUTH.yaml)."""
def comparable(inventory: ClusterInventory) -> dict[str, Any]:
    """The inventory without the fields that describe its source; lists compare in order."""
    data = json.loads(inventory.model_dump_json())
    for name in SOURCE_FIELDS:
        data.pop(name)
    return dict(data)


def live_objects(tmp_path: Path, *paths: Path, **options: Any) -> ClusterObjects:
    with running(*paths, **options) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        return scan_live(None, str(kubeconfig), settings=ScanSettings(page_size=5, sleep=Sleeps()))


@pytest.mark.parametrize("app", REALDATA_APPS)
def test_live_scan_and_snapshot_give_the_same_inventory(app: str, tmp_path: Path) -> None:
    offline = build_inventory(load_snapshot(str(realdata_dir(app))))
    live = build_inventory(live_objects(tmp_path, realdata_dir(app)))
    assert live.complete and not offline.complete
    assert live.kubernetes_version == "v1.31.2"
    assert live.workloads, "the comparison is not vacuous"
    assert comparable(live) == comparable(offline)
    assert [(w.namespace, w.name) for w in live.workloads] == [(w.namespace, w.name) for w in offline.workloads]


def test_saved_snapshot_holds_no_planted_value_and_reads_back_the_same(tmp_path: Path) -> None:
    paths = (realdata_dir("aks-store-demo"), FIXTURES / "planted.yaml", FIXTURES / "cluster.yaml")
    objects = live_objects(tmp_path, *paths)
    saved = tmp_path / "cluster.json"
    save_snapshot(objects, str(saved))
    text = saved.read_text(encoding="utf-8")

    leaked = sorted(v for v in planted_values() if v in text)
    assert leaked == []
    assert "managedFields" not in text and LAST_APPLIED not in text
    for name in ("JAVA_TOOL_OPTIONS", "MIGRATION_PASSWORD", "SMTP_PASSWORD", "ADMIN_TOKEN", "DATABASE_URL",
                 "application.properties", "keystore.jks"):
        assert name in text, f"the name {name} is kept"

    doc = json.loads(text)
    assert doc["apiVersion"] == "v1" and doc["kind"] == "List"
    assert doc["metadata"]["annotations"] == {SNAPSHOT_SOURCE: "live:test", SNAPSHOT_VERSION: "v1.31.2"}
    assert all(item["apiVersion"] and item["kind"] and item["metadata"]["name"] for item in doc["items"])
    assert not [item for item in doc["items"] if item["kind"] == "Secret"]
    assert len(doc["items"]) == sum(len(v) for v in objects.objects.values())

    back = load_snapshot(str(saved))
    assert back.kubernetes_version == "v1.31.2", "the saved snapshot keeps the server version"
    assert {k: sorted((o["metadata"].get("namespace", ""), o["metadata"]["name"]) for o in v)
            for k, v in back.objects.items()} == \
           {k: sorted((o["metadata"].get("namespace", ""), o["metadata"]["name"]) for o in v)
            for k, v in objects.objects.items() if v}
    assert comparable(build_inventory(back)) == comparable(build_inventory(objects))


def test_redact_removes_values_from_raw_objects_without_touching_them() -> None:
    raw = read_manifest(FIXTURES / "planted.yaml")
    raw[3]["metadata"]["annotations"]["example.com/huge"] = "x" * 5000
    before = copy.deepcopy(raw)
    redacted = [redact(obj) for obj in raw if obj["kind"] != "Secret"]
    assert raw == before, "redaction works on copies; the scan's objects stay intact"

    text = json.dumps(redacted)
    assert sorted(v for v in planted_values() if v in text) == []
    deployment = next(o for o in redacted if o["kind"] == "Deployment")
    assert "managedFields" not in deployment["metadata"]
    assert deployment["metadata"]["annotations"] == {"example.com/huge": "<redacted> (5000 characters)"}
    env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
    assert [e["name"] for e in env] == ["JAVA_TOOL_OPTIONS", "SPRING_PROFILES_ACTIVE", "DB_PASSWORD"]
    assert env[0]["value"] == "<redacted>"
    assert env[2]["valueFrom"] == {"secretKeyRef": {"name": "db-credentials", "key": "password"}}
    config = next(o for o in redacted if o["kind"] == "ConfigMap")
    assert config["data"] == {"DATABASE_URL": "<redacted>", "application.properties": "<redacted>"}
    assert config["binaryData"] == {"keystore.jks": ""}


def test_a_failed_save_leaves_nothing_behind(tmp_path: Path) -> None:
    objects = ClusterObjects(name="c", source="live:c")
    objects.add({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}})
    target = tmp_path / "taken"
    target.mkdir()
    with pytest.raises(ReadinessError) as caught:
        save_snapshot(objects, str(target))
    assert str(target) in str(caught.value) and "\n" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
    assert list(target.iterdir()) == []


def test_save_snapshot_to_stdout(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    objects = ClusterObjects(name="c", source="live:c")
    objects.add({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}})
    save_snapshot(objects, "-")
    doc = json.loads(capsysbinary.readouterr().out)
    assert [item["metadata"]["name"] for item in doc["items"]] == ["shop"]
