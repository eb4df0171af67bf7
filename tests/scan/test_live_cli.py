"""``readiness scan`` and ``readiness assess`` against a live (local) API server, end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from readiness.cli.main import run
from tests.k8s_server import write_kubeconfig
from tests.k8s_server.fixtures import FIXTURES, REPO, planted_values, realdata_dir, running

Capture = pytest.CaptureFixture[str]


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("scanning ")]


def test_scan_a_context_through_faults_to_json(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "scan.json"
    with running(realdata_dir("online-boutique"), FIXTURES / "planted.yaml") as server:
        server.forbid("networkpolicies")
        server.inject("services", status=429, retry_after="0", times=2)
        server.inject("deployments", "gone", on_continue=True)
        server.inject("pods", "drop")
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", context="shop-prod")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--context", "shop-prod", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    cluster = doc["clusters"][0]
    assert cluster["name"] == "shop-prod" and cluster["source"] == "live:shop-prod"
    assert cluster["kubernetes_version"] == "v1.31.2"
    assert cluster["totals"]["business_services"] >= 11
    assert {(w["namespace"], w["name"]) for w in cluster["workloads"]} >= {("default", "frontend"),
                                                                           ("shop", "checkout")}
    assert len(cluster["warnings"]) == 1 and "NetworkPolicy" in cluster["warnings"][0]
    assert "readiness: warning: shop-prod: NetworkPolicy" in captured.err
    assert "scanning shop-prod: Deployment" in captured.err, "progress goes to stderr"
    assert captured.out == ""
    everything = out.read_text(encoding="utf-8") + captured.err
    assert sorted(v for v in planted_values() if v in everything) == []
    assert {r.method for r in server.requests} == {"GET"}
    assert not [r for r in server.requests if "secret" in r.url.lower()]


def test_saved_snapshot_scans_offline_to_the_same_workloads(tmp_path: Path, capsys: Capture) -> None:
    with running(realdata_dir("sock-shop"), FIXTURES / "planted.yaml") as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--save-snapshot", str(tmp_path / "snap.json"),
                    "-o", str(tmp_path / "live.json")])
    assert code == 0, capsys.readouterr().err
    assert run(["scan", "--snapshot", str(tmp_path / "snap.json"), "-o", str(tmp_path / "offline.json")]) == 0
    capsys.readouterr()
    live = json.loads((tmp_path / "live.json").read_text(encoding="utf-8"))["clusters"][0]
    offline = json.loads((tmp_path / "offline.json").read_text(encoding="utf-8"))["clusters"][0]
    assert live["workloads"] == offline["workloads"]
    assert live["services"] == offline["services"] and live["totals"] == offline["totals"]
    saved = (tmp_path / "snap.json").read_text(encoding="utf-8")
    assert sorted(v for v in planted_values() if v in saved) == []


def test_all_contexts_gives_one_inventory_per_cluster(tmp_path: Path, capsys: Capture) -> None:
    with running(realdata_dir("bookinfo")) as one, running(realdata_dir("emojivoto")) as two:
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", [("books", one.url, one.token),
                                                                 ("emoji", two.url, two.token)], current="books")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--all-contexts", "-o", str(tmp_path / "s.json")])
    assert code == 0, capsys.readouterr().err
    clusters = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["clusters"]
    assert [(c["name"], c["totals"]["business_services"]) for c in clusters] == [
        ("books", truth_services("bookinfo")), ("emoji", truth_services("emojivoto"))]


def test_check_permissions_lists_what_is_missing_and_fails(tmp_path: Path, capsys: Capture) -> None:
    with running() as server:
        server.forbid("pods")
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--check-permissions"])
    captured = capsys.readouterr()
    assert code == 1
    denied = [line.split() for line in captured.out.splitlines() if " NO " in f" {line} "]
    assert sorted(row[2] for row in denied if row[0] == "pods") == ["get", "list"]
    assert len(denied) == 2
    assert "deploy/rbac-readonly.yaml" in captured.err
    assert {r.method for r in server.requests} == {"POST"}


def test_check_permissions_all_granted(tmp_path: Path, capsys: Capture) -> None:
    with running() as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--check-permissions"])
    assert code == 0, capsys.readouterr().err


def assert_one_error(code: int, capsys: Capture, expected: str, out: Path) -> None:
    lines = error_lines(capsys.readouterr().err)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith("readiness: error: "), lines
    assert expected in lines[0]
    assert not out.exists(), "nothing half-written"


def test_rejected_credentials_are_one_line(tmp_path: Path, capsys: Capture) -> None:
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", token="stale")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "-o", str(tmp_path / "scan.json")])
    assert_one_error(code, capsys, f"{server_url(kubeconfig)} (context test) rejected the credentials (401",
                     tmp_path / "scan.json")


def test_an_unreachable_server_is_one_line(tmp_path: Path, capsys: Capture) -> None:
    with running() as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
    code = run(["scan", "--kubeconfig", str(kubeconfig), "-o", str(tmp_path / "scan.json")])
    assert_one_error(code, capsys, f"{server_url(kubeconfig)} (context test): connection refused",
                     tmp_path / "scan.json")


def test_a_missing_kubeconfig_is_one_line(tmp_path: Path, capsys: Capture) -> None:
    code = run(["scan", "--kubeconfig", str(tmp_path / "nope"), "-o", str(tmp_path / "scan.json")])
    assert_one_error(code, capsys, f"kubeconfig {tmp_path / 'nope'}: no such file", tmp_path / "scan.json")


def test_an_unknown_context_is_one_line(tmp_path: Path, capsys: Capture) -> None:
    with running() as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--context", "nope", "-o", str(tmp_path / "scan.json")])
    assert_one_error(code, capsys, "no context named 'nope' (contexts: test)", tmp_path / "scan.json")
    assert server.requests == []


def truth_services(app: str) -> int:
    """``business_services`` from the app's TRUTH.yaml."""
    truth = yaml.safe_load((realdata_dir(app) / "TRUTH.yaml").read_text(encoding="utf-8"))
    return int(truth["totals"]["business_services"])


def server_url(kubeconfig: Path) -> str:
    doc = yaml.safe_load(kubeconfig.read_text(encoding="utf-8"))
    return str(doc["clusters"][0]["cluster"]["server"])


def test_assess_with_a_live_context_uses_detected_values(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "assessment.json"
    with running(realdata_dir("online-boutique")) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", context="prod")
        code = run(["assess", str(REPO / "examples" / "startup.yaml"), "--kubeconfig", str(kubeconfig),
                    "--context", "prod", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["scan"]["clusters"][0]["source"] == "live:prod"
    assert any(d.get("id") == "service_count" or "service_count" in json.dumps(d) for d in doc["disagreements"])


def test_a_real_process_scans_and_prints_json_to_stdout(tmp_path: Path) -> None:
    with running(realdata_dir("emojivoto")) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        env = {**os.environ, "NO_COLOR": "1", "KUBECONFIG": str(kubeconfig)}
        proc = subprocess.run([sys.executable, "-m", "readiness", "scan", "--format", "json"], capture_output=True,
                              text=True, env=env, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["clusters"][0]["source"] == "live:test"
    assert doc["clusters"][0]["totals"]["business_services"] == truth_services("emojivoto")
    assert "Traceback" not in proc.stderr


@pytest.fixture
def fast_live(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short timeouts and no real sleeping for the CLI's live scans."""
    from readiness.scan import live
    from tests.k8s_server.fixtures import Sleeps

    monkeypatch.setattr(live, "DEFAULT_SETTINGS", live.ScanSettings(read_timeout=0.3, request_budget=1.0,
                                                                    sleep=Sleeps()))


def dead_url() -> str:
    with running() as server:
        return server.url


@pytest.mark.parametrize("how", [["--context", "books", "--context", "dead"], ["--all-contexts"]])
def test_one_dead_context_leaves_the_others_scanned(tmp_path: Path, capsys: Capture, fast_live: None,
                                                    how: list[str]) -> None:
    url = dead_url()
    with running(realdata_dir("bookinfo")) as books:
        kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", [("books", books.url, books.token),
                                                                 ("dead", url, "x")], current="books")
        out = tmp_path / "s.json"
        code = run(["scan", "--kubeconfig", str(kubeconfig), *how, "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [c["name"] for c in doc["clusters"]] == ["books"]
    assert doc["clusters"][0]["totals"]["business_services"] == truth_services("bookinfo")
    [warning] = [w for w in doc["warnings"] if w.startswith("context dead")]
    assert f"not scanned, the other clusters were — cannot reach the Kubernetes API server {url}" in warning
    assert "readiness: warning: context dead: not scanned" in err
    assert "Traceback" not in err


def test_every_context_dead_is_one_error(tmp_path: Path, capsys: Capture, fast_live: None) -> None:
    one, two = dead_url(), dead_url()
    kubeconfig = write_kubeconfig(tmp_path / "kubeconfig", [("a", one, "x"), ("b", two, "x")], current="a")
    code = run(["scan", "--kubeconfig", str(kubeconfig), "--all-contexts", "-o", str(tmp_path / "s.json")])
    lines = [line for line in error_lines(capsys.readouterr().err) if line.startswith("readiness: error")]
    assert code == 1 and len(lines) == 1
    assert lines[0].startswith("readiness: error: no cluster could be scanned: ")
    assert one in lines[0] and two in lines[0]
    assert not (tmp_path / "s.json").exists()


def test_a_typo_among_contexts_is_an_error_before_any_request(tmp_path: Path, capsys: Capture) -> None:
    with running(realdata_dir("bookinfo")) as books:
        kubeconfig = books.write_kubeconfig(tmp_path / "kubeconfig", context="books")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "--context", "books", "--context", "bokos",
                    "-o", str(tmp_path / "s.json")])
    assert_one_error(code, capsys, "no context named 'bokos' (contexts: books)", tmp_path / "s.json")
    assert books.requests == []


def test_waiting_for_a_stalled_server_is_shown_on_stderr(tmp_path: Path, capsys: Capture, fast_live: None) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", "stall", delay=5.0, times=None)
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        url = server.url
        code = run(["scan", "--kubeconfig", str(kubeconfig), "-o", str(tmp_path / "s.json")])
    err = capsys.readouterr().err
    assert code == 1
    waiting = [line for line in err.splitlines() if "trying again" in line]
    assert waiting and waiting[0].startswith(f"readiness: no answer from {url} (context test) within 0.3s")
    assert "at most 1s in all" in waiting[0]
