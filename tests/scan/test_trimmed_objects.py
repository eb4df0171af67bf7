"""Issue 17: objects are trimmed to the fields the scan reads as they are decoded, and nothing the scan says changes.

The reference is the whole objects, parsed by the standard library and never trimmed: the inventory and the mesh
precheck of every realdata set and of generated dumps must be the same from them as from the snapshot reader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from readiness.app.rules import load_check_catalogue
from readiness.mesh.cost import inputs_from_objects
from readiness.mesh.precheck import run_precheck
from readiness.scan import fastjson, snapshot
from readiness.scan.inventory import build_inventory
from readiness.scan.objects import ClusterObjects
from readiness.scan.slim import KEPT, slim_object
from tests.k8s_server.synth import kubectl_list_items, synthetic_objects, write_kubectl_list
from tests.scan.scan_helpers import realdata_dir

REALDATA = sorted(p.name for p in realdata_dir().iterdir() if p.is_dir())


def whole_objects(path: Path) -> ClusterObjects:
    """Every object of a folder or file, as the standard library parses it: nothing trimmed."""
    objects = ClusterObjects(name="whole", source="whole")
    seen: dict[tuple[str, str, str], int] = {}
    files = list(snapshot._manifest_files(path)) if path.is_dir() else [path]
    for file in files:
        if file.name.lower() in snapshot.SKIPPED_NAMES:
            continue
        text = file.read_text(encoding="utf-8")
        try:
            docs = [json.loads(text)] if file.suffix == ".json" else list(yaml.safe_load_all(text))
        except yaml.YAMLError:
            continue
        for doc in docs:
            for obj, _ in snapshot._flatten(doc, None, []):
                meta = obj["metadata"]
                key = (obj["kind"], str(meta.get("namespace") or ""), str(meta.get("name") or ""))
                if obj["kind"] == "Secret":
                    continue
                bucket = objects.objects.setdefault(obj["kind"], [])
                if key in seen:
                    bucket[seen[key]] = obj
                else:
                    seen[key] = len(bucket)
                    bucket.append(obj)
    return objects


def assert_same_findings(whole: ClusterObjects, read: ClusterObjects) -> None:
    whole.name = read.name
    exclude = {"name", "source", "warnings"}
    assert build_inventory(read).model_dump(exclude=exclude) == build_inventory(whole).model_dump(exclude=exclude)
    catalogue = load_check_catalogue()
    checked = run_precheck(read, catalogue).model_dump(exclude={"cluster", "source"})
    located = [(o["kind"], o.pop("source")) for f in checked["findings"] for o in f["objects"]]
    assert all(line for kind, line in located if kind != "Cluster"), "every object read from a file knows its line"
    assert checked == run_precheck(whole, catalogue).model_dump(
        exclude={"cluster": True, "source": True, "findings": {"__all__": {"objects": {"__all__": {"source"}}}}})
    assert inputs_from_objects([read], []) == inputs_from_objects([whole], [])
    assert {k: len(v) for k, v in read.objects.items()} == {k: len(v) for k, v in whole.objects.items()}


@pytest.mark.parametrize("app", REALDATA)
def test_every_realdata_set_says_the_same_from_trimmed_objects(app: str) -> None:
    path = realdata_dir(app)
    assert_same_findings(whole_objects(path), snapshot.load_snapshot(str(path)))


@pytest.mark.parametrize("dump", ["kubectl-list", "synthetic"])
def test_generated_dumps_say_the_same_from_trimmed_objects(dump: str, tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    if dump == "kubectl-list":
        write_kubectl_list(path, 60, 4)
    else:
        items = [{"apiVersion": "v1", "kind": {"nodes": "Node", "namespaces": "Namespace", "pods": "Pod",
                                                "services": "Service", "configmaps": "ConfigMap",
                                                "deployments": "Deployment", "statefulsets": "StatefulSet",
                                                "networkpolicies": "NetworkPolicy",
                                                "horizontalpodautoscalers": "HorizontalPodAutoscaler",
                                                "poddisruptionbudgets": "PodDisruptionBudget"}[plural], **obj}
                 for _, plural, obj in synthetic_objects(1500)]
        path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=4))
    read = snapshot.load_snapshot(str(path))
    assert_same_findings(whole_objects(path), read)
    assert read.of_kind("Pod") and read.of_kind("Deployment")


def test_decoding_trimmed_and_trimming_the_parsed_object_agree() -> None:
    """Two ways to the same object: the msgspec decoder built from KEPT, and slim_object on a parsed object."""
    items = [*kubectl_list_items(3, 2), *(o for _, _, o in synthetic_objects(60))]
    items.append({"kind": "ConfigMap", "metadata": {"name": "c", "annotations": {
        "kubectl.kubernetes.io/last-applied-configuration": "{...}", "team": "a"}}, "data": {"password": "hunter2"}})
    items.append({"kind": "ConfigMap", "metadata": {"name": "b"}, "binaryData": {"keystore.jks": "c2VjcmV0"}})
    items.append({"kind": "Node", "metadata": {"name": "n"}, "status": {"allocatable": {"cpu": "2"}, "phase": "x"}})
    for item in items:
        decoded, trimmed = fastjson.Trimmer().item(json.dumps(item).encode())
        assert trimmed
        assert decoded == slim_object(json.loads(json.dumps(item)))


def test_values_never_survive_trimming() -> None:
    pod = {"kind": "Pod", "metadata": {"name": "p", "managedFields": [{"manager": "x"}], "annotations": {
        "kubectl.kubernetes.io/last-applied-configuration": '{"env": "SECRET"}'}},
        "spec": {"containers": [{"name": "a", "image": "x", "env": [
            {"name": "DB_PASSWORD", "value": "hunter2"}, {"name": "TOKEN", "valueFrom": {"secretKeyRef": {}}}],
            "command": ["run"], "args": ["--port", "80"], "volumeMounts": [{"name": "cfg", "mountPath": "/etc/app"}]}],
            "volumes": [{"name": "cfg", "configMap": {"name": "app-config"}}], "nodeName": "n1"},
        "status": {"phase": "Running"}}
    for trimmed in (slim_object(json.loads(json.dumps(pod))),
                    fastjson.Trimmer().item(json.dumps(pod).encode())[0]):
        text = json.dumps(trimmed)
        assert "hunter2" not in text and "SECRET" not in text and "secretKeyRef" not in text
        assert "managedFields" not in text and "status" not in trimmed and "nodeName" not in text
        container = trimmed["spec"]["containers"][0]
        assert [e["name"] for e in container["env"]] == ["DB_PASSWORD", "TOKEN"]
        assert container["command"] == ["run"] and container["args"] == ["--port", "80"]
        assert container["volumeMounts"] == [{"name": "cfg", "mountPath": "/etc/app"}]  # the name ties it to its volume
        assert trimmed["spec"]["volumes"] == [{"name": "cfg", "configMap": {"name": "app-config"}}]
    assert "status" in slim_object({"kind": "Node", "metadata": {"name": "n"}, "status": {"allocatable": {}}})


@pytest.mark.parametrize("odd", [
    '"spec": {"containers": "not a list"}',
    '"spec": {"containers": [{"name": "a", "env": ["A=b"]}]}',
    '"spec": {"containers": [{"name": "a", "env": [{"name": "A", "value": "b"}]}], "replicas": 1e400}',
    '"metadata": {"name": "x", "ownerReferences": {"kind": "ReplicaSet"}}',
])
def test_an_object_of_unexpected_shape_is_trimmed_as_the_parsed_object_is(odd: str) -> None:
    """A field of another type than expected (in the object or in a shared part) is parsed whole and trimmed
    by slim_object's rules: the same object as trimming the parsed one."""
    text = '{"kind": "Pod", "metadata": {"name": "x"}, ' + odd + "}"
    decoded, trimmed = fastjson.Trimmer().item(text.encode())
    slim = decoded if trimmed else slim_object(decoded)
    assert slim == slim_object(json.loads(text))
    assert "A=b" not in json.dumps(slim) and '"b"' not in json.dumps(slim)
    assert set(slim) <= set(KEPT) and slim["metadata"]["name"] == "x"


def test_parts_siblings_repeat_are_decoded_once_and_shared() -> None:
    trimmer = fastjson.Trimmer()
    pods = [trimmer.item(json.dumps(item).encode())[0] for item in kubectl_list_items(2, 3) if item["kind"] == "Pod"]
    first, second, other = pods[0], pods[1], pods[3]
    assert first["metadata"]["name"] != second["metadata"]["name"]
    for path in (("metadata", "labels"), ("metadata", "ownerReferences"), ("spec", "containers")):
        a, b, c = (p[path[0]][path[1]] for p in (first, second, other))
        assert a is b and a == b and a != c, path


@pytest.mark.parametrize(("extra", "one_pass"), [
    (None, True),
    ({"kind": "Pod", "metadata": {"name": "odd"}, "spec": {"containers": "not a list"}}, True),   # a shared part
    ({"kind": "Deployment", "metadata": {"name": "odd"},
      "spec": {"template": {"spec": {"containers": [{"name": "a", "env": ["A=b"]}]}}}}, False),
    ({"kind": "ConfigMapList", "items": [{"kind": "ConfigMap", "metadata": {"name": "inner"}, "data": {"k": "v"}}]},
     False),
], ids=["usual", "odd-shared-part", "odd-shape", "nested-list"])
def test_one_pass_and_item_by_item_decoding_agree(extra: dict[str, object] | None, one_pass: bool, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A List whose items all have the shapes the decoder expects is decoded in one pass; anything else item by
    item. Both ways give the same objects, in the same order, at the same lines."""
    items = [*kubectl_list_items(4, 3), *(o for _, _, o in synthetic_objects(40) if "kind" in o)]
    if extra is not None:
        items.insert(5, extra)
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=2))
    taken: list[bool] = []
    whole_list = fastjson._whole_list

    def watched(*args: object) -> object:
        found = whole_list(*args)  # type: ignore[arg-type]
        taken.append(found is not None)
        return found

    monkeypatch.setattr(fastjson, "_whole_list", watched)
    fast = snapshot.load_snapshot(str(path))
    assert taken == [one_pass], "the one pass is taken exactly when every item has the expected shape"
    monkeypatch.setattr(fastjson, "_whole_list", lambda *args: None)
    slow = snapshot.load_snapshot(str(path))
    assert fast.objects == slow.objects and fast.warnings == slow.warnings
    assert dict(fast.locations) == dict(slow.locations) and len(fast.locations) == sum(map(len, fast.objects.values()))
    text = path.read_text().splitlines()
    for (kind, _, name), where in fast.locations.items():
        assert text[where.line - 1].strip() == "{" and name in "\n".join(text[where.line:where.line + 12]), kind


@pytest.mark.parametrize("one_pass", [True, False], ids=["one-pass", "item-by-item"])
def test_a_typed_list_gives_its_items_their_kind_before_they_are_finished(one_pass: bool, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """``kubectl get nodes -o json`` writes a NodeList whose items may carry no kind: they are Nodes, so they keep
    their status (allocatable capacity), as the YAML way (slim_object of the flattened List) keeps it."""
    node = {"metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "4"}, "phase": "Running"}}
    pod = {"metadata": {"name": "p1"}, "status": {"phase": "Running"}}
    path = tmp_path / "nodes.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "NodeList", "items": [node]}))
    (tmp_path / "pods.json").write_text(json.dumps({"apiVersion": "v1", "kind": "PodList", "items": [pod]}))
    if not one_pass:
        monkeypatch.setattr(fastjson, "_whole_list", lambda *args: None)
    nodes = snapshot.load_snapshot(str(path)).objects["Node"]
    assert nodes == [{"kind": "Node", "metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "4"}}}]
    assert snapshot.load_snapshot(str(tmp_path / "pods.json")).objects["Pod"] == [
        {"kind": "Pod", "metadata": {"name": "p1"}}]
    yaml_path = tmp_path / "nodes.yaml"
    yaml_path.write_text(json.dumps({"apiVersion": "v1", "kind": "NodeList", "items": [node]}))
    assert snapshot.load_snapshot(str(yaml_path)).objects["Node"] == [
        {"kind": "Node", "metadata": {"name": "n1"}, "status": {"allocatable": {"cpu": "4"}}}]


def test_a_list_inside_a_list_gives_its_items(tmp_path: Path) -> None:
    """An item that is itself a List is not trimmed as one object (that would drop its items): it is parsed whole
    and its items are read, in the one-pass and item-by-item ways alike (the one pass hands it to the other)."""
    inner = {"kind": "ConfigMapList", "items": [{"kind": "ConfigMap", "metadata": {"name": "inner"},
                                                   "data": {"k": "v"}}]}
    outer = {"kind": "Pod", "metadata": {"name": "outer"}}
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": [outer, inner]}))
    objects = snapshot.load_snapshot(str(path)).objects
    assert objects["ConfigMap"] == [{"kind": "ConfigMap", "metadata": {"name": "inner"}, "data": {"k": ""}}]
    assert [p["metadata"]["name"] for p in objects["Pod"]] == ["outer"]
    decoded, trimmed = fastjson.Trimmer().item(json.dumps(inner).encode())
    assert not trimmed and decoded == inner
