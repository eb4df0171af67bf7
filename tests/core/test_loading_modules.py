"""The command line loads its modules without the cyclic collector, and leaves the collector as it found it."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

from readiness.cli.loading import loading_modules
from tests.conftest import REPO
from tests.scan.scan_helpers import realdata_dir

COUNT_COLLECTIONS = """
import gc, sys
found = []
{before}
gc.collect()   # from a collection just before: the few objects the import makes before pausing are no reason
gc.callbacks.append(lambda phase, info: found.append(phase) if phase == "start" else None)
import readiness.cli
after = gc.isenabled()
sys.stdout.write(f"{{len(found)}} {{after}} {{gc.get_freeze_count() > 0}}")
"""


def child(before: str) -> tuple[int, bool, bool]:
    """Import the command line in a fresh process: (collections during it, collector on after, anything frozen)."""
    result = subprocess.run([sys.executable, "-c", COUNT_COLLECTIONS.format(before=before)], capture_output=True,
                            text=True, cwd=REPO, timeout=60, check=True)
    collections, enabled, frozen = result.stdout.split()
    return int(collections), enabled == "True", frozen == "True"


def test_importing_the_command_line_runs_no_collection_and_keeps_the_collector_on() -> None:
    collections, enabled, frozen = child("")
    # at most one, while the import system finds the package before the pause starts; loading typer and the
    # commands with the collector on makes about forty
    assert collections <= 1, "the collector ran while typer and the commands were loaded"
    assert enabled and frozen


def test_a_collector_switched_off_before_stays_off() -> None:
    _, enabled, frozen = child("gc.disable()")
    assert (enabled, frozen) == (False, False)


@pytest.mark.parametrize("failing", [False, True])
def test_loading_modules_restores_the_collector(failing: bool) -> None:
    assert gc.isenabled()
    try:
        with loading_modules():
            assert not gc.isenabled()
            if failing:
                raise ImportError("no such module")
    except ImportError:
        assert failing
    assert gc.isenabled()
    gc.unfreeze()


def test_a_whole_scan_runs_about_no_collection() -> None:
    """``readiness scan`` loads msgspec and the scan modules inside the command, then reads and inventories with the
    collector paused (readiness.scan.heap): the whole command runs about no collection (eleven when its modules
    are loaded with the collector on)."""
    snapshot = sorted(p for p in realdata_dir().iterdir() if p.is_dir())[0]
    script = ("import gc, sys, tempfile; from readiness.cli import run; found = []; gc.collect(); "
              "gc.callbacks.append(lambda phase, info: found.append(phase) if phase == 'start' else None); "
              "out = tempfile.mkdtemp() + '/scan.json'; "
              "code = run(['scan', '--snapshot', sys.argv[1], '-o', out]); sys.stdout.write(f'{code} {len(found)}')")
    result = subprocess.run([sys.executable, "-c", script, str(snapshot)], capture_output=True, text=True, cwd=REPO,
                            timeout=120, check=True)
    code, collections = map(int, result.stdout.split())
    assert code == 0, result.stderr
    assert collections <= 2
