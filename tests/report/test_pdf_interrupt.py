"""Ctrl-C during the PDF layout interrupts it: exit 130, one line, nothing written — also when it arrives while
WeasyPrint draws an SVG image, which it does inside ``except BaseException`` (before, the report was written
without that image and the command exited 0)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from readiness.report.pdf import interruptible
from tests.conftest import REPO
from tests.report.helpers import PNG_1PX

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

CTRL_C_IN_SVG = """
import os, signal, sys
from readiness.cli.main import run

def press_ctrl_c(event, args):
    if event == "open" and str(args[0]).endswith("marker.png"):
        print("ctrl-c while drawing the SVG", flush=True)
        os.kill(os.getpid(), signal.SIGINT)

sys.addaudithook(press_ctrl_c)
sys.exit(run(sys.argv[1:]))
"""
"""``readiness`` whose Ctrl-C comes from the terminal driver the moment an SVG in the report opens marker.png:
the kernel delivers a real SIGINT in the middle of WeasyPrint's SVG drawing."""
SVG_WITH_IMAGE = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
                  '<image href="marker.png" width="40" height="40"/></svg>\n')


def _report_command(long_file: Path, out: Path, *extra: str) -> list[str]:
    return ["report", str(long_file), "-o", str(out), *extra]


def _assert_interrupted(done: subprocess.CompletedProcess[str], out: Path) -> None:
    assert done.returncode == 130, done.stderr
    assert done.stderr.splitlines() == ["readiness: laying out the PDF…", "readiness: interrupted"]
    assert not out.exists() and not list(out.parent.glob(f".{out.name}*")), "nothing written, no temporary file"


def test_ctrl_c_while_an_svg_is_drawn_stops_the_layout(long_json: bytes, tmp_path: Path) -> None:
    long_file = tmp_path / "assessment.json"
    long_file.write_bytes(long_json)
    templates = tmp_path / "templates"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "summary.html.j2").write_text(SVG_WITH_IMAGE)
    (templates / "marker.png").write_bytes(PNG_1PX)
    out = tmp_path / "report.pdf"
    done = subprocess.run([sys.executable, "-c", CTRL_C_IN_SVG,
                           *_report_command(long_file, out, "--templates", str(templates))],
                          capture_output=True, text=True, cwd=REPO, timeout=300, check=False)
    assert done.stdout == "ctrl-c while drawing the SVG\n", "the interrupt came during the SVG drawing"
    _assert_interrupted(done, out)


def test_ctrl_c_during_the_layout_of_a_large_report(long_json: bytes, tmp_path: Path) -> None:
    long_file = tmp_path / "assessment.json"
    long_file.write_bytes(long_json)
    out = tmp_path / "report.pdf"
    process = subprocess.Popen([sys.executable, "-m", "readiness", *_report_command(long_file, out)],
                               stderr=subprocess.PIPE, text=True, cwd=REPO)
    assert process.stderr is not None
    first = process.stderr.readline()
    time.sleep(1.0)  # the layout of this report takes several seconds
    process.send_signal(signal.SIGINT)
    pressed = time.monotonic()
    rest = process.stderr.read()
    code = process.wait(timeout=60)
    assert time.monotonic() - pressed < 10, "the layout stopped soon after the Ctrl-C"
    _assert_interrupted(subprocess.CompletedProcess(process.args, code, "", first + rest), out)


def test_an_interrupt_swallowed_inside_the_block_is_raised_again() -> None:
    previous = signal.getsignal(signal.SIGINT)
    caught = 0
    slept = 0.0
    with pytest.raises(KeyboardInterrupt), interruptible():
        try:  # like WeasyPrint drawing an SVG image inside `except BaseException`
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        except BaseException:
            caught += 1
        start = time.monotonic()
        for _ in range(2):  # no second Ctrl-C: the interrupt comes again by itself
            try:
                time.sleep(1)
            except BaseException:
                caught += 1
        slept = time.monotonic() - start
    assert caught == 3 and slept < 1.5, "each swallowed interrupt was raised again at once, not after 1 s"
    assert signal.getsignal(signal.SIGINT) is previous
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0), "the repeating timer is gone"
