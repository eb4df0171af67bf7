"""Where each snapshot object was read: its file and the line its document (or List item) starts on."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from readiness.scan.objects import ClusterObjects, SourceLocation
from readiness.scan.snapshot import load_snapshot

MULTI_DOC = """# shop manifests
---
# the API
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers: [{name: api, image: example.com/api:1}]
---

---
apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{port: 80}]}
--- # the cache
apiVersion: apps/v1
kind: StatefulSet
metadata:
  # no namespace: default
  name: cache
"""

YAML_LIST = """apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: a
- kind: ConfigMap
  apiVersion: v1
  metadata: {name: b, namespace: x}
  data: {key: value}
-
  apiVersion: v1
  kind: Service
  metadata:
    name: c
"""


def located(objects: ClusterObjects) -> list[tuple[tuple[str, str, str], SourceLocation]]:
    """The locations in line order."""
    return sorted(objects.locations.items(), key=lambda kv: (kv[1].file, kv[1].line))


def assert_spans(text: str, objects: ClusterObjects, marks: dict[tuple[str, str, str], str]) -> None:
    """Each object's mark (a line that only it holds) lies at or after its line and before the next object's."""
    lines = text.splitlines()
    ordered = located(objects)
    assert {key for key, _ in ordered} == set(marks)
    for index, (key, where) in enumerate(ordered):
        end = ordered[index + 1][1].line if index + 1 < len(ordered) else len(lines) + 1
        at = [n for n, line in enumerate(lines, start=1) if marks[key] in line]
        assert len(at) == 1, (marks[key], at)
        assert where.line <= at[0] < end, (key, where, at)


def test_multi_document_yaml_with_comments_and_separators(tmp_path: Path) -> None:
    path = tmp_path / "shop.yaml"
    path.write_text(MULTI_DOC)
    objects = load_snapshot(str(path))
    assert objects.locations == {
        ("Deployment", "shop", "api"): SourceLocation(str(path), 4),     # the first key, after `---` and comments
        ("Service", "shop", "api"): SourceLocation(str(path), 16),
        ("StatefulSet", "", "cache"): SourceLocation(str(path), 21),
    }
    assert_spans(MULTI_DOC, objects, {("Deployment", "shop", "api"): "kind: Deployment",
                                      ("Service", "shop", "api"): "kind: Service",
                                      ("StatefulSet", "", "cache"): "name: cache"})


def test_yaml_kind_list_items_start_on_their_dash_line(tmp_path: Path) -> None:
    path = tmp_path / "list.yml"
    path.write_text(YAML_LIST)
    objects = load_snapshot(str(path))
    assert objects.locations == {
        ("Service", "", "a"): SourceLocation(str(path), 4),
        ("ConfigMap", "x", "b"): SourceLocation(str(path), 8),
        ("Service", "", "c"): SourceLocation(str(path), 13),   # `-` alone on its line: the mapping's first key
    }
    assert_spans(YAML_LIST, objects, {("Service", "", "a"): "name: a", ("ConfigMap", "x", "b"): "name: b",
                                      ("Service", "", "c"): "name: c"})


def pretty_list() -> str:
    items = [{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": f"d{i}", "namespace": "shop"},
              "spec": {"template": {"spec": {"containers": [{"name": "app", "image": "x:1"}]}}}} for i in range(3)]
    return json.dumps({"apiVersion": "v1", "kind": "List", "items": items, "metadata": {}}, indent=4)


@pytest.mark.parametrize("bom", ["", "\ufeff"])
def test_pretty_printed_json_list_items_start_on_their_brace_line(bom: str, tmp_path: Path) -> None:
    text = pretty_list()
    path = tmp_path / "dump.json"
    path.write_text(bom + text)
    objects = load_snapshot(str(path))
    lines = text.splitlines()
    for i in range(3):
        where = objects.locations[("Deployment", "shop", f"d{i}")]
        assert where.file == str(path)
        assert lines[where.line - 1].strip() == "{", where
        assert lines[where.line].strip() == '"apiVersion": "apps/v1",'
    assert_spans(text, objects, {("Deployment", "shop", f"d{i}"): f'"name": "d{i}"' for i in range(3)})


def test_a_typed_list_without_item_kinds_is_located_too(tmp_path: Path) -> None:
    text = ('{"kind": "ServiceList",\n "items": [\n  {"metadata": {"name": "a"}},\n\n  {"metadata": {"name": "b"}},\n'
            '  {"kind": "List", "items": [\n    {"kind": "Service", "metadata": {"name": "c"}}]}]}')
    path = tmp_path / "services.json"
    path.write_text(text)
    objects = load_snapshot(str(path))
    assert objects.locations == {("Service", "", "a"): SourceLocation(str(path), 3),
                                 ("Service", "", "b"): SourceLocation(str(path), 5),
                                 ("Service", "", "c"): SourceLocation(str(path), 7)}   # a List in a List


@pytest.mark.parametrize("odd", [False, True])
def test_a_json_file_with_one_object(odd: bool, tmp_path: Path) -> None:
    """``odd``: a field of an unexpected type, so the object is parsed whole and trimmed after (same location)."""
    path = tmp_path / "deploy.json"
    spec = '"spec": {"template": "none"},' if odd else ""
    path.write_text(f'\n\n  {{\n  "apiVersion": "apps/v1", "kind": "Deployment", {spec}\n'
                    f'  "metadata": {{"name": "x"}}\n}}\n')
    assert load_snapshot(str(path)).locations == {("Deployment", "", "x"): SourceLocation(str(path), 3)}


def test_a_file_in_a_nested_folder_is_named_as_the_folder_given_plus_its_relative_path(tmp_path: Path) -> None:
    folder = tmp_path / "manifests"
    (folder / "apps" / "shop").mkdir(parents=True)
    (folder / "apps" / "shop" / "shop.yaml").write_text(MULTI_DOC)
    (folder / "top.json").write_text(pretty_list())
    objects = load_snapshot(str(folder))
    assert objects.locations[("Service", "shop", "api")] == SourceLocation(str(folder / "apps" / "shop" / "shop.yaml"),
                                                                           16)
    assert objects.locations[("Deployment", "shop", "d1")].file == str(folder / "top.json")
    assert len(objects.locations) == 6


def test_a_later_definition_replaces_the_location(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MULTI_DOC)
    (tmp_path / "b.yaml").write_text("\n\napiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\n")
    objects = load_snapshot(str(tmp_path))
    assert objects.locations[("Service", "shop", "api")] == SourceLocation(str(tmp_path / "b.yaml"), 3)
    assert objects.locations[("Deployment", "shop", "api")] == SourceLocation(str(tmp_path / "a.yaml"), 4)


def test_secrets_and_non_objects_have_no_location(tmp_path: Path) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n---\nfoo: bar\n---\n"
                    "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
    assert load_snapshot(str(path)).locations == {("Namespace", "", "shop"): SourceLocation(str(path), 7)}


def test_a_list_with_other_fields_before_its_items(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text('{"apiVersion": "v1", "note": {"items": [1, 2]}, "kind": "List",\n"items": [\n'
                    '{"kind": "Namespace", "metadata": {"name": "a"}}]}')
    assert load_snapshot(str(path)).locations == {("Namespace", "", "a"): SourceLocation(str(path), 3)}


def test_an_array_of_objects_and_a_compact_dump(tmp_path: Path) -> None:
    path = tmp_path / "array.json"
    path.write_text('[\n {"kind": "Namespace", "metadata": {"name": "a"}},\n {"kind": "Namespace", "metadata": '
                    '{"name": "b"}}, {"kind": "Namespace", "metadata": {"name": "c"}}\n]')
    assert {k[2]: v.line for k, v in load_snapshot(str(path)).locations.items()} == {"a": 2, "b": 3, "c": 3}


def test_stdin_is_named_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(MULTI_DOC.encode())))
    objects = load_snapshot("-")
    assert objects.locations[("Service", "shop", "api")] == SourceLocation("-", 16)


def test_json_lines_are_counted_once_and_only_when_a_location_is_asked_for(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A scan without findings never counts lines (issue 17); the first location asked for counts them all."""
    from readiness.scan import fastjson

    counted: list[int] = []
    real = fastjson._count_lines

    def counting(*args: object) -> list[int]:
        counted.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fastjson, "_count_lines", counting)
    path = tmp_path / "dump.json"
    path.write_text(pretty_list())
    objects = load_snapshot(str(path))
    assert counted == [] and len(objects.locations) == 3
    first = objects.locations[("Deployment", "shop", "d2")]
    assert counted == [1]
    lines = [objects.locations[("Deployment", "shop", f"d{i}")].line for i in range(3)]
    assert lines == sorted(set(lines)) and lines[2] == first.line
    assert counted == [1]


def test_a_json_definition_after_a_yaml_one_and_back(tmp_path: Path) -> None:
    """Redefinitions keep the last location, whichever reader (counted now or later) read each."""
    (tmp_path / "a.yaml").write_text(MULTI_DOC)
    (tmp_path / "b.json").write_text(json.dumps({"kind": "List", "apiVersion": "v1", "items": [
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api", "namespace": "shop"}},
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}]}, indent=1))
    (tmp_path / "c.yaml").write_text("apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n")
    objects = load_snapshot(str(tmp_path))
    assert objects.locations[("Service", "shop", "api")] == SourceLocation(str(tmp_path / "b.json"), 5)
    assert objects.locations[("Namespace", "", "shop")] == SourceLocation(str(tmp_path / "c.yaml"), 1)
    assert objects.locations[("Deployment", "shop", "api")] == SourceLocation(str(tmp_path / "a.yaml"), 4)


def test_past_the_bound_earlier_files_are_counted_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bytes kept for counting later are bounded: the earliest file's lines are counted and its bytes let go."""
    from readiness.scan import snapshot

    size = len(pretty_list().encode())
    monkeypatch.setattr(snapshot, "MAX_UNCOUNTED_BYTES", 2 * size)
    tables: list[object] = []
    original = snapshot._Reader.add_json

    def add_json(self: snapshot._Reader, decoded: object, *rest: object) -> None:
        original(self, decoded, *rest)  # type: ignore[arg-type]
        tables.append(decoded.lines)  # type: ignore[attr-defined]

    monkeypatch.setattr(snapshot._Reader, "add_json", add_json)
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.json").write_text(pretty_list().replace('"d', f'"{name}'))
    objects = load_snapshot(str(tmp_path))
    assert [t.source is None for t in tables] == [True, False, False]  # type: ignore[attr-defined]
    assert [t.size for t in tables] == [0, size, size]  # type: ignore[attr-defined]
    text = pretty_list().splitlines()
    for name in ("a", "b", "c"):
        where = objects.locations[("Deployment", "shop", f"{name}1")]
        assert where.file == str(tmp_path / f"{name}.json") and text[where.line - 1].strip() == "{"


def test_an_object_given_twice_in_one_dump_is_located_at_its_last_entry(tmp_path: Path) -> None:
    service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api"}}
    path = tmp_path / "twice.json"
    path.write_text('{"kind": "List", "items": [\n' + json.dumps(service) + ',\n{"kind": "Namespace", "metadata": '
                    '{"name": "shop"}},\n' + json.dumps(service) + "\n]}")
    objects = load_snapshot(str(path))
    assert dict(objects.locations) == {("Service", "", "api"): SourceLocation(str(path), 4),
                                       ("Namespace", "", "shop"): SourceLocation(str(path), 3)}
