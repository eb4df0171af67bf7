"""Ctrl-C or SIGTERM during a batch render (``report … --out-dir``): exit 130/143 with one line, nothing written
(no report, no temporary file) and no worker process left running — including the child a worker starts for
custom templates."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
SLOW_TEMPLATE = ("{% set ns = namespace(n=0) %}{% for i in range(90000) %}{% for j in range(90) %}"
                 "{% set ns.n = ns.n + 1 %}{% endfor %}{% endfor %}{{ ns.n }}\n")
"""A custom template that takes many seconds (in a child process of the worker that renders it)."""


def _descendants(pid: int) -> list[int]:
    """The processes ``pid`` started, and theirs (Linux ``/proc``)."""
    found: list[int] = []
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        found += [int(child), *_descendants(int(child))]
    return found


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def _interrupt(tmp_path: Path, long_json: bytes, send: str, busy: int, *extra: str) -> tuple[int, str, list[int]]:
    """Start a batch of two long reports, send the signal once ``busy`` processes below it are at work; the exit
    code, stderr and the processes the command had started."""
    inputs = []
    for name in ("first.json", "second.json"):
        (tmp_path / name).write_bytes(long_json)
        inputs.append(str(tmp_path / name))
    process = subprocess.Popen([sys.executable, "-m", "readiness", "report", *inputs, "--out-dir",
                                str(tmp_path / "out"), *extra], stderr=subprocess.PIPE, text=True, cwd=REPO,
                               start_new_session=True)
    assert process.stderr is not None
    first = process.stderr.readline()
    deadline = time.monotonic() + 60
    while len(started := _descendants(process.pid)) < busy and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    if send == "ctrl-c":  # the terminal sends SIGINT to the whole foreground process group
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(signal.SIGTERM)
    sent = time.monotonic()
    try:
        _, rest = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:   # a hang fails this test instead of stopping the whole suite
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the batch did not end within 60 s of the signal")
    code = process.returncode
    assert time.monotonic() - sent < 10, "the batch stopped soon after the signal"
    return code, first + rest, started


def _assert_clean(tmp_path: Path, started: list[int]) -> None:
    out = tmp_path / "out"
    assert not out.exists() or not list(out.iterdir()), "no report and no temporary file"
    deadline = time.monotonic() + 5
    while any(_running(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in started if _running(pid)], "no worker process outlives the command"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from Linux /proc")
@pytest.mark.parametrize(("send", "code", "line"), [("ctrl-c", 130, "readiness: interrupted"),
                                                    ("sigterm", 143, "readiness: terminated (SIGTERM)")])
def test_a_signal_stops_the_batch_and_its_workers(tmp_path: Path, long_json: bytes, send: str, code: int,
                                                  line: str) -> None:
    exit_code, stderr, started = _interrupt(tmp_path, long_json, send, 2, "--format", "pdf,md")
    assert len(started) == 2, "two workers were busy"
    assert exit_code == code, stderr
    assert stderr.splitlines() == ["readiness: rendering 4 reports in 2 processes…", line]
    _assert_clean(tmp_path, started)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from Linux /proc")
def test_sigterm_also_ends_the_template_processes_of_the_workers(tmp_path: Path, long_json: bytes) -> None:
    templates = tmp_path / "templates"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "summary.html.j2").write_text(SLOW_TEMPLATE)
    exit_code, stderr, started = _interrupt(tmp_path, long_json, "sigterm", 4, "--format", "html",
                                            "--templates", str(templates))
    assert len(started) == 4, "two workers, each rendering the slow template in a child process"
    assert exit_code == 143, stderr
    _assert_clean(tmp_path, started)
