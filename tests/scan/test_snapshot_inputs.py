"""Snapshot inputs: every form accepted (folders, files, Lists, dumps, stdin) and bad input as one clear line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml

from readiness.errors import InputError
from readiness.scan import snapshot
from readiness.scan.inventory import build_inventory
from readiness.scan.snapshot import load_snapshot
from tests.scan.scan_helpers import realdata_dir, run_cli

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
      - {name: api, image: example.com/shop/api:1.0, ports: [{containerPort: 8080, name: http}]}
"""
SERVICE = """apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: 8080, name: http}]
"""


def assert_one_error(result, fragment: str, out: Path) -> None:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("readiness: error: ") and fragment in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists(), "nothing may be written on failure"


BAD_FILES: dict[str, tuple[bytes, str]] = {
    "garbage.yaml": (b"this: is: not: [valid\n", "invalid YAML"),
    "garbage.json": (b'{"kind": "List", "items": [', "invalid JSON"),
    "binary.yaml": (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)), "not a text file"),
    "latin1.yaml": ("kind: Deployment\nmetadata: {name: caf\u00e9}\n".encode("latin-1"), "not UTF-8"),
    "empty.yaml": (b"\n\n", "is empty"),
    "notk8s.yaml": (b"name: my-chart\nversion: 1.0\n", "holds no Kubernetes objects"),
    "scalar.json": (b"42", "holds no Kubernetes objects"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_snapshot_file_is_one_line_and_exit_1(name: str, tmp_path: Path) -> None:
    data, fragment = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out" / "scan.json"
    result = run_cli("scan", "--snapshot", str(path), "-o", str(out))
    assert_one_error(result, fragment, out)
    assert str(path) in result.stderr


def test_empty_directory(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    out = tmp_path / "scan.json"
    assert_one_error(run_cli("scan", "--snapshot", str(folder), "-o", str(out)), "has no *.yaml", out)


def test_missing_path(tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    assert_one_error(run_cli("scan", "--snapshot", str(tmp_path / "nope"), "-o", str(out)), "no such file", out)


def test_garbage_on_stdin(tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    assert_one_error(run_cli("scan", "--snapshot", "-", "-o", str(out), stdin=b"\x00\x01garbage"),
                     "<stdin>", out)


def test_helm_chart_source_folder_does_not_crash(tmp_path: Path) -> None:
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: shop\nversion: 0.1.0\n")
    (chart / "values.yaml").write_text("replicaCount: 1\nimage: {repository: shop}\n")
    (chart / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"shop.fullname\" . }}\n"
        "spec:\n  {{- if not .Values.autoscaling.enabled }}\n  replicas: {{ .Values.replicaCount }}\n  {{- end }}\n")
    (chart / "templates" / "_helpers.tpl").write_text("{{- define \"shop.fullname\" -}}x{{- end }}\n")
    out = tmp_path / "scan.json"
    assert_one_error(run_cli("scan", "--snapshot", str(chart), "-o", str(out)), "holds no Kubernetes objects", out)
    # next to rendered manifests, the template files are skipped with warnings and the rest is scanned
    (chart / "rendered").mkdir()
    (chart / "rendered" / "all.yaml").write_text(DEPLOYMENT + "---\n" + SERVICE)
    result = run_cli("scan", "--snapshot", str(chart), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "deployment.yaml: is a Helm/Go template, not a manifest" in result.stderr and "skipped" in result.stderr
    assert "Chart.yaml: skipped" in result.stderr
    scan = json.loads(out.read_text())
    assert scan["clusters"][0]["totals"]["business_services"] == 1


def test_a_fifo_named_yaml_in_a_folder_is_skipped_not_read(tmp_path: Path) -> None:
    import os

    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    os.mkfifo(tmp_path / "stream.yaml")     # opening it for reading would block forever
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "missing.yaml")
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(tmp_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path / 'stream.yaml'}: not a regular file" in result.stderr
    assert f"{tmp_path / 'gone.yaml'}: not a regular file" in result.stderr
    assert json.loads(out.read_text())["clusters"][0]["totals"]["workloads"] == 1


def test_a_large_yaml_file_is_refused_with_the_json_alternative(tmp_path: Path) -> None:
    """YAML takes ~30× its size in memory: above 32 MiB it is one line suggesting kubectl -o json (streamed)."""
    big = tmp_path / "dump.yaml"
    with big.open("wb") as fh:
        fh.truncate(33 * 1024 * 1024)          # sparse: refused from its size, never read
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(big), "-o", str(out))
    assert_one_error(result, "is 33.0 MiB of YAML; YAML snapshots are limited to 32 MiB", out)
    assert "kubectl get … -o json" in result.stderr
    # in a folder it is a warning and the rest is scanned
    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    result = run_cli("scan", "--snapshot", str(tmp_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "dump.yaml: is 33.0 MiB of YAML" in result.stderr


def test_large_yaml_on_stdin_is_refused_but_json_of_that_size_is_not(monkeypatch: pytest.MonkeyPatch,
                                                                     tmp_path: Path) -> None:
    monkeypatch.setattr(snapshot, "MAX_YAML_BYTES", 1024)
    documents = "---\n".join(DEPLOYMENT.replace("{name: api,", f"{{name: api{i},") for i in range(20))
    (tmp_path / "many.yml").write_text(documents)
    with pytest.raises(InputError, match="of YAML; YAML snapshots are limited to"):
        snapshot.load_snapshot(str(tmp_path / "many.yml"))
    listed = {"apiVersion": "v1", "kind": "List", "items": [yaml.safe_load(d) for d in documents.split("---\n")]}
    (tmp_path / "many.json").write_text(json.dumps(listed, indent=2))
    assert len(snapshot.load_snapshot(str(tmp_path / "many.json")).of_kind("Deployment")) == 20
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(documents.encode())))
    with pytest.raises(InputError, match=r"<stdin>: is .* MiB of YAML"):
        snapshot.load_snapshot("-")


def test_nested_dirs_json_and_lists(tmp_path: Path) -> None:
    folder = tmp_path / "m"
    (folder / "a" / "b").mkdir(parents=True)
    (folder / "a" / "deploy.yml").write_text(DEPLOYMENT)
    service = {"apiVersion": "v1", "kind": "ServiceList", "items": [  # API-server style: items without kind
        {"metadata": {"name": "api", "namespace": "shop"},
         "spec": {"selector": {"app": "api"}, "ports": [{"port": 80, "targetPort": 8080, "name": "http"}]}}]}
    (folder / "a" / "b" / "svc.json").write_text(json.dumps(service))
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.yaml").write_text("garbage: [")
    (folder / "README.md").write_text("# not scanned")
    inv = build_inventory(load_snapshot(str(folder)))
    assert inv.totals.business_services == 1
    assert inv.workloads[0].kubernetes_services == ["api"]
    assert inv.warnings == []


def test_single_file_and_stdin_give_the_same_inventory(tmp_path: Path) -> None:
    source = realdata_dir() / "online-boutique" / "kubernetes-manifests.yaml"
    from_file = run_cli("scan", "--snapshot", str(source))
    from_stdin = run_cli("scan", "--snapshot", "-", stdin=source.read_text(encoding="utf-8"))
    assert from_file.returncode == 0 and from_stdin.returncode == 0, from_file.stderr + from_stdin.stderr
    a, b = json.loads(from_file.stdout)["clusters"][0], json.loads(from_stdin.stdout)["clusters"][0]
    for doc in (a, b):
        doc.pop("name"), doc.pop("source")
    assert a == b and a["totals"]["business_services"] == 10


def test_a_dump_with_items_before_its_kind_gives_the_same_inventory(tmp_path: Path) -> None:
    dump = realdata_dir() / "derived-online-boutique-list" / "online-boutique.kubectl-list.json"
    manifests = build_inventory(load_snapshot(str(realdata_dir() / "online-boutique")))
    # kubectl prints "items" before "kind": the List's kind is known only after its items
    data = json.loads(dump.read_text(encoding="utf-8"))
    reordered = {"items": data["items"], "kind": data["kind"], "apiVersion": "v1", "metadata": {}}
    copy = tmp_path / "dump.json"
    copy.write_text(json.dumps(reordered, indent=1))
    for path in (dump, copy):
        inventory = build_inventory(load_snapshot(str(path)))
        assert inventory.workloads == manifests.workloads and inventory.services == manifests.services


@pytest.mark.parametrize("exact", [True, False])
@pytest.mark.parametrize(("text", "fragment"), [
    ('{"kind": "List", "items": [{"kind": "Pod", "metadata": {"name": "a"}}', "invalid JSON"),
    ('{"kind": "List", "items": [] } trailing', "extra data"),
    ('{"kind": "List", "items": [1 2]}', "invalid JSON"),
    ('{"kind": "Pod", "kind": "List",\n "items": [{"kind": "Pod", "metadata": {"name": "a"}}]}', "twice"),
])
def test_invalid_json_is_one_line_naming_the_file_and_where(exact: bool, text: str, fragment: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Small files are worded by the standard library's parser; large ones (``exact`` off) by msgspec's finding."""
    from readiness.scan import fastjson

    path = tmp_path / "dump.json"
    path.write_text(text)
    if not exact:
        monkeypatch.setattr(fastjson, "EXACT_ERRORS_UP_TO", 0)
    with pytest.raises(InputError) as info:
        load_snapshot(str(path))
    line = info.value.lines()[0]
    assert line.startswith(str(path)) and fragment.lower() in line.lower(), line
    if fragment != "twice":
        assert "line 1, column " in line, line
