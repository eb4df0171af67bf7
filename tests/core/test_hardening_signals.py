"""Issue 16, item 12: SIGTERM or SIGHUP during a write leaves no hidden ``.NAME.XXXX.tmp`` and exits 143 / 129.

Real processes, real signals. To hit the write itself every time, the first test runs ``readiness`` with a slow
disk (``os.fsync`` sleeps, as on a busy network share) and signals it as soon as its temp file appears; the
second signals ordinary runs at moments spread over their whole life. Each is repeated 12 times per signal.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.io.signals import Terminated, received, terminate_on_signals
from tests.conftest import EXAMPLES

RUNS = 12
SIGNALS = {"SIGTERM": (signal.SIGTERM, 143, "readiness: terminated (SIGTERM)"),
           "SIGHUP": (signal.SIGHUP, 129, "readiness: hung up (SIGHUP)")}
SLOW_DISK = ("import os, sys, time\n"
             "real = os.fsync\n"
             "def slow_fsync(fd):\n"       # a disk that takes 30 s to sync (in short naps, as a syscall returns)
             "    for _ in range(3000):\n"
             "        time.sleep(0.01)\n"
             "    real(fd)\n"
             "os.fsync = slow_fsync\n"
             "from readiness.cli.main import main\n"
             "sys.argv[0] = 'readiness'\n"
             "main()\n")


def start(args: list[str], *, slow_disk: bool) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("READINESS_DEBUG", None)
    prefix = ["-c", SLOW_DISK] if slow_disk else ["-m", "readiness"]
    return subprocess.Popen([sys.executable, *prefix, *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, f"{what} did not happen within {seconds}s"
        time.sleep(0.002)


def temps(folder: Path) -> list[Path]:
    """Hidden temp files of an atomic write."""
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".tmp")]


def catches(pid: int, signum: int) -> bool:
    """Whether the process has a handler for ``signum`` (Linux: the SigCgt mask in /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signum - 1) & 1)
    return False


def finish(proc: subprocess.Popen[str], seconds: float) -> str:
    """Wait for the process; its stderr. A process still running after ``seconds`` is killed and fails the test."""
    try:
        return proc.communicate(timeout=seconds)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError(f"still running after {seconds}s: {proc.communicate()[1]}") from None


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_during_the_write_removes_the_temp_file(name: str, tmp_path: Path) -> None:
    signum, code, message = SIGNALS[name]
    for run in range(RUNS):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        out = folder / "assessment.json"
        proc = start(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "-o", str(out)], slow_disk=True)
        wait_for(lambda: bool(temps(folder)), proc, "the temp file")   # noqa: B023  (used at once)
        [temp] = temps(folder)
        proc.send_signal(signum)
        err = finish(proc, 20)   # well before the 30 s sync: the signal ends the write
        assert proc.returncode == code, (run, err)
        assert err.strip().splitlines() == [message], (run, err)
        assert not temp.exists(), f"run {run}: {temp.name} left behind"
        assert list(folder.iterdir()) == [], f"run {run}: {sorted(p.name for p in folder.iterdir())}"


@pytest.mark.parametrize("name", sorted(SIGNALS))
def test_a_signal_at_any_moment_leaves_a_whole_file_or_nothing(name: str, tmp_path: Path) -> None:
    signum, code, message = SIGNALS[name]
    outcomes: list[int] = []
    for run in range(RUNS):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        out = folder / "assessment.json"
        proc = start(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "-o", str(out)], slow_disk=False)
        wait_for(lambda: proc.poll() is not None or catches(proc.pid, signum), proc, "the handler")  # noqa: B023
        time.sleep(0.02 * run)                  # from the command's start to after its write, over the runs
        proc.send_signal(signum)
        err = finish(proc, 60)
        outcomes.append(proc.returncode)
        assert proc.returncode in (0, code, -signum), (run, err)   # -signum: after the command, in shutdown
        assert temps(folder) == [], f"run {run}: {temps(folder)} left behind"
        if out.exists():
            assert json.loads(out.read_text(encoding="utf-8"))["recommendation"], "a whole file"
        if proc.returncode == code:
            assert err.strip().splitlines()[-1] == message
        else:
            assert out.exists(), err
    assert code in outcomes, f"no run was ended by the signal: {outcomes}"


def test_the_handlers_are_put_back_and_only_the_main_thread_installs_them() -> None:
    before = signal.getsignal(signal.SIGTERM)
    restore = terminate_on_signals()
    try:
        with pytest.raises(Terminated) as caught:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
        assert caught.value.exit_code == 143
    finally:
        restore()
    assert signal.getsignal(signal.SIGTERM) is before

    import threading

    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(terminate_on_signals()))
    thread.start()
    thread.join()
    assert signal.getsignal(signal.SIGTERM) is before and len(seen) == 1


SIGNAL_IN_SET_NAME = ("import os, signal, sys, time\n"
                      "import readiness.app.assess as answers\n"
                      "real = answers.load_answers_file\n"
                      "class Hook:\n"
                      "    def __set_name__(self, owner, name):\n"     # as a pydantic model being imported
                      "        os.kill(os.getpid(), signal.SIGTERM)\n"
                      "        time.sleep(5)\n"
                      "def load(path):\n"
                      "    type('Model', (), {'field': Hook()})\n"
                      "    return real(path)\n"
                      "answers.load_answers_file = load\n"
                      "from readiness.cli.main import main\n"
                      "sys.argv[0] = 'readiness'\n"
                      "main()\n")


def test_a_signal_that_python_wraps_is_still_a_clean_exit(tmp_path: Path) -> None:
    """In 3.11 a signal during an import that runs ``__set_name__`` reaches the command as a RuntimeError."""
    out = tmp_path / "assessment.json"
    proc = subprocess.run([sys.executable, "-c", SIGNAL_IN_SET_NAME, "assess", str(EXAMPLES / "startup.yaml"),
                           "-o", str(out)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 143, proc.stderr
    assert proc.stderr.strip().splitlines() == ["readiness: terminated (SIGTERM)"]
    assert list(tmp_path.iterdir()) == []


def test_the_signal_is_remembered_when_a_library_swallows_it() -> None:
    restore = terminate_on_signals()
    try:
        assert received() is None
        try:
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(5)
        except Terminated as exc:
            swallowed = RuntimeError(f"Error building serializer: {exc}")   # as pydantic-core does, as text
        assert "hung up" in str(swallowed)
        terminated = received()
        assert terminated is not None and terminated.exit_code == 129
    finally:
        restore()
    restore = terminate_on_signals()  # installing again forgets the earlier signal
    try:
        assert received() is None
    finally:
        restore()
