"""The console script ends with ``exit_now``: flushed output and the exit code survive skipping the teardown."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest

from readiness.cli import options
from readiness.cli.main import run
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


@pytest.fixture
def scanned_objects(monkeypatch: pytest.MonkeyPatch) -> list[weakref.ref[Any]]:
    """Weak references to the ClusterObjects each scan run in this test collects."""
    from readiness.app import scan as app_scan

    found: list[weakref.ref[Any]] = []
    collect = app_scan.collect_objects

    def collect_and_watch(request: Any) -> Any:
        objects = collect(request)
        found.extend(weakref.ref(o) for o in objects)
        return objects

    monkeypatch.setattr(app_scan, "collect_objects", collect_and_watch)
    monkeypatch.setattr(options._Kept, "values", None)
    return found


def scan_in_process(tmp_path: Path) -> None:
    snapshot = sorted(p for p in realdata_dir().iterdir() if p.is_dir())[0]
    assert run(["scan", "--snapshot", str(snapshot), "-o", str(tmp_path / "scan.json")]) == 0
    assert json.loads((tmp_path / "scan.json").read_text())["clusters"]


def test_a_scan_run_in_process_frees_what_it_read(scanned_objects: list[weakref.ref[Any]], tmp_path: Path) -> None:
    """Without the console script's ending (tests, any caller of ``run``), nothing is kept after the command."""
    scan_in_process(tmp_path)
    gc.collect()
    assert scanned_objects and all(ref() is None for ref in scanned_objects)


def test_the_console_script_keeps_what_it_read_until_the_process_ends(scanned_objects: list[weakref.ref[Any]],
                                                                       tmp_path: Path) -> None:
    """``main`` ends the process by ``os._exit``: the scan's objects are kept for it instead of freed one by one."""
    options.end_without_freeing()
    scan_in_process(tmp_path)
    gc.collect()
    assert scanned_objects and all(ref() is not None for ref in scanned_objects)


@pytest.mark.parametrize("args", [["--version"], ["scan", "--help"], ["schema", "scan"]])
def test_a_full_stdout_is_one_error_line_not_a_bug(args: list[str]) -> None:
    """Help, the version or a document written to a full device: one line naming the problem, exit 1."""
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "readiness", *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, cwd=REPO, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (
        1, "readiness: error: stdout: cannot write (No space left on device)\n")
