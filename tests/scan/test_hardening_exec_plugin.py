"""Issue 16, item 3: a kubeconfig ``exec`` credential plugin that never answers must not hang the scan.

Real parts only: a kubeconfig whose user runs a shell script as its exec plugin (as ``aws eks get-token`` or
``kubelogin`` are run), the real kubernetes client, the tests' local API server.
"""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
import yaml

from readiness.cli.main import run
from readiness.errors import ScanError
from readiness.scan import live
from readiness.scan.live import ScanSettings, check_permissions, scan_live
from tests.k8s_server import DEFAULT_TOKEN
from tests.k8s_server.fixtures import Sleeps, realdata_dir, running

LIMIT = 2.0
CREDENTIAL = {"apiVersion": "client.authentication.k8s.io/v1beta1", "kind": "ExecCredential",
              "status": {"token": DEFAULT_TOKEN}}


def plugin(folder: Path, body: str) -> Path:
    """An executable shell script used as the exec plugin."""
    script = folder / "get-token.sh"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def exec_kubeconfig(path: Path, url: str, command: str, args: list[str] | None = None) -> Path:
    user = {"exec": {"apiVersion": "client.authentication.k8s.io/v1beta1", "command": command,
                     "args": args or [], "interactiveMode": "Never"}}
    doc = {"apiVersion": "v1", "kind": "Config", "current-context": "eks",
           "clusters": [{"name": "eks", "cluster": {"server": url}}],
           "users": [{"name": "eks-user", "user": user}],
           "contexts": [{"name": "eks", "context": {"cluster": "eks", "user": "eks-user"}}]}
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return path


def settings() -> ScanSettings:
    return ScanSettings(exec_timeout=LIMIT, connect_timeout=2.0, read_timeout=5.0, sleep=Sleeps())


def running_processes(pids: list[int]) -> list[int]:
    """The pids that still run (a zombie waiting for its parent counts as stopped)."""
    alive = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.append(pid)
    return alive


def test_a_plugin_that_never_answers_is_stopped_and_named(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    script = plugin(tmp_path, f"echo $$ >> {pids}\nsleep 300 &\necho $! >> {pids}\nwait\n")
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = exec_kubeconfig(tmp_path / "kubeconfig", server.url, str(script))
        started = time.monotonic()
        with pytest.raises(ScanError) as caught:
            scan_live(None, str(kubeconfig), settings=settings())
        elapsed = time.monotonic() - started
    message = str(caught.value)
    assert f"the exec credential plugin {script} did not answer within 2s and was stopped" in message
    assert message.startswith(f"kubeconfig {kubeconfig}: context eks: ")
    assert LIMIT <= elapsed < LIMIT + 10, elapsed
    assert server.requests == [], "no request without credentials"
    started_pids = [int(p) for p in pids.read_text().split()]
    assert len(started_pids) == 2
    deadline = time.monotonic() + 5
    while running_processes(started_pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running_processes(started_pids) == [], "the plugin and what it started are stopped"


def test_the_cli_says_it_in_one_line_and_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(live, "DEFAULT_SETTINGS", settings())
    script = plugin(tmp_path, "sleep 300\n")
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = exec_kubeconfig(tmp_path / "kubeconfig", server.url, str(script))
        code = run(["scan", "--kubeconfig", str(kubeconfig), "-o", str(tmp_path / "scan.json")])
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("scanning ")]
    assert code == 1, err
    assert len(lines) == 1 and lines[0].startswith("readiness: error: kubeconfig "), err
    assert f"exec credential plugin {script} did not answer within 2s" in lines[0]
    assert not (tmp_path / "scan.json").exists()


def test_a_plugin_that_answers_is_used_as_kubectl_would(tmp_path: Path) -> None:
    seen = tmp_path / "exec-info.json"
    script = plugin(tmp_path, f'printf %s "$KUBERNETES_EXEC_INFO" > {seen}\necho "$1" >> {tmp_path / "args"}\n'
                              f"cat <<'EOF'\n{json.dumps(CREDENTIAL)}\nEOF\n")
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = exec_kubeconfig(tmp_path / "kubeconfig", server.url, "./get-token.sh", ["--cluster=eks"])
        result = scan_live(None, str(kubeconfig), settings=settings())
        checks = check_permissions(None, str(kubeconfig), settings=settings())
    assert len(result.of_kind("Deployment")) == 6
    assert all(c.allowed for c in checks)
    assert json.loads(seen.read_text())["kind"] == "ExecCredential"
    assert (tmp_path / "args").read_text().split() == ["--cluster=eks", "--cluster=eks"]
    assert script.exists()


def test_a_plugin_that_fails_stops_the_scan_naming_it(tmp_path: Path) -> None:
    script = plugin(tmp_path, "echo 'error: the SSO session has expired; run aws sso login' >&2\nexit 1\n")
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = exec_kubeconfig(tmp_path / "kubeconfig", server.url, str(script))
        with pytest.raises(ScanError) as caught:
            scan_live(None, str(kubeconfig), settings=settings())
    message = str(caught.value)
    assert f"the exec credential plugin {script} failed: " in message
    assert "the SSO session has expired" in message
    assert server.requests == []


def test_a_missing_plugin_is_named(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = exec_kubeconfig(tmp_path / "kubeconfig", server.url, "no-such-auth-plugin")
        with pytest.raises(ScanError, match=r"the exec credential plugin no-such-auth-plugin failed: .*cannot run"):
            scan_live(None, str(kubeconfig), settings=settings())


def test_the_client_provider_is_put_back_after_the_scan(tmp_path: Path) -> None:
    from kubernetes.config import kube_config

    original = kube_config.ExecProvider  # type: ignore[attr-defined]
    script = plugin(tmp_path, "exit 3\n")
    with running(realdata_dir("bookinfo")) as server:
        kubeconfig = exec_kubeconfig(tmp_path / "kubeconfig", server.url, str(script))
        with pytest.raises(ScanError):
            scan_live(None, str(kubeconfig), settings=settings())
    assert kube_config.ExecProvider is original  # type: ignore[attr-defined]
    assert os.environ.get("KUBERNETES_EXEC_INFO") is None
