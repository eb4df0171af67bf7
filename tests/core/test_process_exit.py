"""The console script ends with ``exit_now``: flushed output and the exit code survive skipping the teardown."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from tests.conftest import REPO
from tests.scan.scan_helpers import realdata_dir

ENDING = "import sys; from readiness.cli.main import exit_now; sys.stdout.write({text}); exit_now({code})"
BUFFERED = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
"""The child's environment with stdout buffered as usual (else every write goes out at once: nothing to flush)."""


def ending(text: str, code: int, stdout: Any) -> subprocess.CompletedProcess[str]:
    """A process that leaves ``text`` buffered on stdout and ends through ``exit_now(code)``."""
    return subprocess.run([sys.executable, "-c", ENDING.format(text=text, code=code)], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, cwd=REPO, env=BUFFERED, timeout=60, check=False)


@pytest.mark.parametrize("code", [0, 1, 4])
def test_buffered_output_is_flushed_and_the_code_kept(code: int) -> None:
    result = ending(repr("written late, not flushed"), code, subprocess.PIPE)
    assert (result.returncode, result.stdout, result.stderr) == (code, "written late, not flushed", "")


def test_stdout_that_cannot_be_flushed_is_one_error_line() -> None:
    with open("/dev/full", "w") as full:
        result = ending(repr("x"), 0, full)
    assert result.returncode == 1
    assert result.stderr == "readiness: error: stdout: cannot write (No space left on device)\n"
    with open("/dev/full", "w") as full:
        assert ending(repr("x"), 4, full).returncode == 4, "a failing code is kept"


def test_a_reader_that_went_away_is_no_traceback() -> None:
    """The reader of stdout is gone before the output still buffered is flushed: no error, the code kept."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = ending("'x' * 1000", 4, writer)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (4, "")


def test_the_console_script_writes_a_whole_scan_to_a_pipe() -> None:
    """``python -m readiness`` (what the console script calls) through a pipe: the JSON is complete."""
    snapshot = sorted(p for p in realdata_dir().iterdir() if p.is_dir())[0]
    result = subprocess.run([sys.executable, "-m", "readiness", "scan", "--snapshot", str(snapshot)],
                            capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["clusters"]
