"""The scan command: JSON contract and schema, table in 80 columns (golden), options and usage errors."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from tests.scan.scan_helpers import apps, realdata_dir, run_cli

GOLDEN = Path(__file__).parent / "golden"
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


@pytest.fixture(scope="module")
def scan_schema() -> dict:  # type: ignore[type-arg]
    result = run_cli("schema", "scan")
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["$id"].endswith("/scan.json")
    return schema  # type: ignore[no-any-return]


def test_scan_json_of_every_app_validates_against_the_published_schema(scan_schema: dict) -> None:  # type: ignore[type-arg]
    args = [a for app in apps() for a in ("--snapshot", str(realdata_dir() / app))]
    result = run_cli("scan", *args, env=EPOCH)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, scan_schema)
    assert [c["name"] for c in data["clusters"]] == apps()
    assert data["generated_at"] == "2026-01-01T00:00:00Z"
    for cluster in data["clusters"]:
        for w in cluster["workloads"]:
            assert {"name", "namespace", "kind", "role", "language", "evidence"} <= set(w)
        assert {"business_services", "datastores", "languages"} <= set(cluster["totals"])
        assert {"services", "mesh", "warnings"} <= set(cluster)


def test_output_is_deterministic(tmp_path: Path) -> None:
    one, two = tmp_path / "1.json", tmp_path / "2.json"
    for out in (one, two):
        assert run_cli("scan", "--snapshot", str(realdata_dir() / "sock-shop"), "-o", str(out), env=EPOCH
                       ).returncode == 0
    assert one.read_bytes() == two.read_bytes()


@pytest.mark.parametrize("app", ["bookinfo", "sock-shop", "mesh-fixtures"])
def test_table_matches_golden_file(app: str) -> None:
    result = run_cli("scan", "--snapshot", app, "--format", "table", cwd=realdata_dir())
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / f"{app}.table.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("app", apps())
def test_table_fits_80_columns(app: str) -> None:
    result = run_cli("scan", "--snapshot", str(realdata_dir() / app), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_system_namespaces_option(tmp_path: Path) -> None:
    result = run_cli("scan", "--snapshot", str(realdata_dir() / "sock-shop"), "--system-namespaces", "sock-*,kube-*")
    assert result.returncode == 0, result.stderr
    cluster = json.loads(result.stdout)["clusters"][0]
    assert cluster["system_namespaces"] == ["sock-*", "kube-*"]
    assert cluster["totals"]["business_services"] == 0
    assert all(w["system"] for w in cluster["workloads"])


@pytest.mark.parametrize(("args", "fragment"), [
    (["--format", "yaml"], "--format: expected json, table, sarif or junit"),
    (["--save-snapshot", "x.json"], "--save-snapshot keeps what a live scan saw"),
    (["--snapshot", "-", "--snapshot", "-"], "stdin can be read only once"),
    (["--context", "a", "--all-contexts"], "--all-contexts and --context are alternatives"),
    (["--context", "a", "--in-cluster"], "--in-cluster cannot be combined"),
    (["-o", "scan.pdf"], "-o scan.pdf: -o writes the scan (or precheck) as JSON or a table; a PDF or HTML report"),
])
def test_usage_errors_exit_2(args: list[str], fragment: str, tmp_path: Path) -> None:
    base = [] if "--snapshot" in args or "--context" in args else ["--snapshot", str(realdata_dir() / "bookinfo")]
    result = run_cli("scan", *base, *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_help_lists_scan_with_examples() -> None:
    top = run_cli("--help")
    assert top.returncode == 0 and "scan" in top.stdout
    result = run_cli("scan", "--help")
    assert result.returncode == 0
    for option in ("--snapshot", "--source", "--context", "--all-contexts", "--kubeconfig", "--in-cluster",
                   "--save-snapshot", "--check-permissions", "--system-namespaces", "--format", "-o"):
        assert option in result.stdout
    assert "readiness scan --snapshot manifests/ --format table" in result.stdout
