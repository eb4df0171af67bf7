"""``readiness scan --precheck`` (exit codes, table, JSON, live) and the mesh analysis in ``readiness assess``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from readiness.app.schemas import schema_for
from readiness.cli.main import run
from tests.conftest import EXAMPLES, realdata_dir
from tests.k8s_server.fixtures import FIXTURES, running

Capture = pytest.CaptureFixture[str]
SOCK_SHOP = str(realdata_dir() / "sock-shop")
BOUTIQUE = str(realdata_dir() / "online-boutique")


def test_precheck_json_holds_precheck_and_cost_and_fails_at_warnings(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "precheck.json"
    code = run(["scan", "--snapshot", SOCK_SHOP, "--precheck", "--rps", "1000", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 4, err
    doc = json.loads(out.read_text())
    assert doc["schema_version"] == "1.0" and set(doc) == {"schema_version", "precheck", "cost"}
    checks = [f["check"] for f in doc["precheck"]["clusters"][0]["findings"]]
    assert "server_first_protocol" in checks and "service_port_protocol" in checks
    assert doc["cost"]["inputs"]["rps"]["value"] == 1000
    assert "readiness: precheck: 0 errors, 1 warning, 3 info" in err
    assert "(--fail-on warning); exit 4" in err


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 4), ("info", 4), ("never", 0)])
def test_fail_on_sets_the_threshold(tmp_path: Path, capsys: Capture, fail_on: str, code: int) -> None:
    assert run(["scan", "--snapshot", SOCK_SHOP, "--precheck", "--fail-on", fail_on, "--format", "json",
                "-o", str(tmp_path / "p.json")]) == code
    capsys.readouterr()


def test_a_clean_app_passes_at_any_level(tmp_path: Path, capsys: Capture) -> None:
    assert run(["scan", "--snapshot", BOUTIQUE, "--precheck", "--fail-on", "info", "-o", str(tmp_path / "p.json")]) \
        == 0
    assert "0 errors, 0 warnings, 0 info" in capsys.readouterr().err


def test_precheck_table_names_every_source(capsys: Capture) -> None:
    code = run(["scan", "--snapshot", SOCK_SHOP, "--precheck", "--format", "table", "--rps", "cart=300",
                "--rps", "700"])
    out = capsys.readouterr().out
    assert code == 4
    assert "SEVERITY  CHECK" in out and "server_first_protocol" in out and "Why: " in out and "Fix: " in out
    table = out[out.index("Proxy cost estimate"):out.index("Totals per data plane")]
    rows = [line for line in table.splitlines() if line.startswith(("sidecar", "ztunnel", "waypoint", "proxy",
                                                                    "control"))]
    assert len(rows) == 20
    sources = out[out.index("Sources:"):]
    for row in rows:
        refs = row.split()[-1].split(",")
        assert all(ref.isdigit() and f"[{ref}]" in sources for ref in refs), row
    assert "requests/s: 1,000 (option)" in " ".join(out.split())
    assert max(len(line) for line in out.splitlines()) <= 80
    row = next(line for line in out.splitlines() if line.startswith("warning   server_first_protocol"))
    assert row.endswith("3 (+1 info)"), "catalogue-db is covered by both meshes' defaults: noted, not affected"
    flat = " ".join(out.split())
    assert "Istio (sidecar): ready (Kubernetes version not checked: the input records no Kubernetes version)" in flat


@pytest.mark.parametrize(("args", "message"), [
    (["--fail-on", "fatal"], "--fail-on: expected one of error, warning, info, never, not 'fatal'"),
    (["--rps", "lots"], "--rps: expected N or SERVICE=N"),
    (["--rps", "-5"], "--rps: expected N or SERVICE=N"),
    (["--rps", "a=1", "--rps", "a=2"], "--rps: service 'a' given twice"),
    (["--rps", "1", "--rps", "2"], "--rps: give the total once"),
    (["--rps", "1e308"], "--rps: at most 10,000,000 requests per second, not '1e308'"),
    (["--rps", "a=6e6", "--rps", "b=6e6"], "--rps: the rates add up to more than 10,000,000 requests per second"),
])
def test_bad_options_are_usage_errors(tmp_path: Path, capsys: Capture, args: list[str], message: str) -> None:
    out = tmp_path / "p.json"
    assert run(["scan", "--snapshot", SOCK_SHOP, "--precheck", *args, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_live_precheck_reads_the_version_and_capacity(tmp_path: Path, capsys: Capture) -> None:
    old = {"major": "1", "minor": "27", "gitVersion": "v1.27.9", "gitCommit": "x", "gitTreeState": "clean",
           "buildDate": "2024-01-01T00:00:00Z", "goVersion": "go1.21", "compiler": "gc", "platform": "linux/amd64"}
    with running(SOCK_SHOP, FIXTURES / "cluster.yaml", version=old) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", context="old")
        out = tmp_path / "p.json"
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--context", "old", "--precheck", "--fail-on", "error",
                    "-o", str(out)])
    assert code == 4, capsys.readouterr().err
    doc = json.loads(out.read_text())
    cluster = doc["precheck"]["clusters"][0]
    assert cluster["kubernetes_version"] == "v1.27.9"
    version = next(f for f in cluster["findings"] if f["check"] == "kubernetes_version")
    assert version["severity"] == "error" and len(version["objects"]) == 1 and version["affected"] == 1
    assert doc["cost"]["inputs"]["nodes"]["value"] == 2
    assert doc["cost"]["inputs"]["allocatable_cpu_cores"]["value"] == pytest.approx(7.84)
    sidecar = doc["cost"]["data_planes"][0]
    assert sidecar["cpu_cores"]["low"]["share_pct"] is not None
    assert {r.method for r in server.requests} == {"GET"}
    assert not [r for r in server.requests if "secret" in r.url.lower()]


def test_assess_without_a_scan_has_cost_and_options_but_no_precheck(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "a.json"
    assert run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "-o", str(out)]) == 0
    capsys.readouterr()
    doc = json.loads(out.read_text())
    assert doc["precheck"] is None
    assert doc["cost"]["inputs"]["pods"]["origin"] == "assumption"
    assert doc["mesh_options"]["recommended"] in ("istio_sidecar", "istio_ambient", "linkerd")
    assert doc["mesh_options"]["reasons"]


def test_assess_with_a_snapshot_has_the_precheck(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "a.json"
    code = run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "--snapshot", SOCK_SHOP,
                "--rps", "carts=200", "--rps", "nowhere=5", "-o", str(out)])
    capsys.readouterr()
    assert code == 0
    doc = json.loads(out.read_text())
    assert [c["cluster"] for c in doc["precheck"]["clusters"]] == ["sock-shop"]
    assert doc["cost"]["inputs"]["pods"] == {"value": 14.0, "origin": "scan", "evidence": doc["cost"]["inputs"][
        "pods"]["evidence"]}
    assert doc["cost"]["inputs"]["rps"]["value"] == 205
    assert any("no Service named 'nowhere'" in w for w in doc["warnings"])
    precheck_fit = [f for o in doc["mesh_options"]["options"] for f in o["fits"] if f["requirement"] == "precheck"]
    assert len(precheck_fit) == 4
    jsonschema.validate(doc, schema_for("assessment"))     # the published schema covers the new fields


def test_assess_refuses_an_absurd_rate_and_writes_nothing(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "a.json"
    code = run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "--rps", "1e308", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and "at most 10,000,000 requests per second" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_precheck_warns_about_a_rate_for_an_unknown_service(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "p.json"
    run(["scan", "--snapshot", SOCK_SHOP, "--precheck", "--rps", "nosuch=5", "--rps", "carts=10", "-o", str(out)])
    err = capsys.readouterr().err
    assert "warning: --rps nosuch=…: no Service named 'nosuch' in the scan; its rate still counts" in err
    assert "'carts'" not in err
    doc = json.loads(out.read_text())
    assert doc["cost"]["inputs"]["rps"]["value"] == 15


def test_precheck_json_is_strict_json_at_the_largest_rate(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "p.json"
    run(["scan", "--snapshot", SOCK_SHOP, "--precheck", "--rps", "10000000", "-o", str(out)])
    capsys.readouterr()
    text = out.read_text()
    assert "Infinity" not in text and "NaN" not in text
    json.loads(text, parse_constant=lambda token: pytest.fail(f"{token} in the JSON"))


def test_help_documents_the_exit_codes(capsys: Capture) -> None:
    assert run(["scan", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--precheck" in text and "--fail-on" in text and "--rps" in text
    assert "4 when a finding is at or above --fail-on" in text
