"""The console script ends with ``exit_now``: flushed output and the exit code survive skipping the teardown."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys

import pytest

from readiness.cli.main import exit_now
from tests.conftest import REPO
from tests.scan.scan_helpers import realdata_dir

ENDING = "import sys; from readiness.cli.main import exit_now; sys.stdout.write({text}); exit_now({code})"


def ending(text: str, code: int, stdout: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", ENDING.format(text=repr(text), code=code)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=REPO, timeout=60, check=False)


@pytest.mark.parametrize("code", [0, 1, 4])
def test_buffered_output_is_flushed_and_the_code_kept(code: int) -> None:
    result = ending("written late, not flushed", code, subprocess.PIPE)
    assert (result.returncode, result.stdout, result.stderr) == (code, "written late, not flushed", "")


class FullDisk(io.StringIO):
    def flush(self) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_stdout_that_cannot_be_flushed_is_one_error_line(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """Text echoed late and unflushed when the disk under stdout is full (a direct write to /dev/full already fails
    in the command)."""
    ended: list[int] = []
    monkeypatch.setattr(sys, "stdout", FullDisk())
    monkeypatch.setattr(os, "_exit", ended.append)
    exit_now(0)
    assert ended == [1]
    assert capsys.readouterr().err == "readiness: error: stdout: cannot write (No space left on device)\n"
    exit_now(4)
    assert ended == [1, 4], "a failing code is kept"


def test_a_reader_that_went_away_is_no_traceback() -> None:
    code = ENDING.format(text="'x' * 200_000", code=0)
    shell = f"{sys.executable} -c {json.dumps(code)} | head -c 10 > /dev/null"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, cwd=REPO,
                            timeout=60, check=False)
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr, result.stderr


def test_the_console_script_writes_a_whole_scan_to_a_pipe() -> None:
    """``python -m readiness`` (what the console script calls) through a pipe: the JSON is complete."""
    snapshot = sorted(p for p in realdata_dir().iterdir() if p.is_dir())[0]
    result = subprocess.run([sys.executable, "-m", "readiness", "scan", "--snapshot", str(snapshot)],
                            capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["clusters"]
