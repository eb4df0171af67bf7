"""A custom template cannot hang the tool or exhaust the machine: output size, time and memory are bounded,
and each stop is one line naming the template. Small limits are injected so the tests take a second."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from readiness.cli.main import run
from readiness.errors import ReportError
from readiness.models import Assessment
from readiness.report import render
from readiness.report.isolate import render_isolated
from readiness.report.limits import RenderLimits
from tests.conftest import REPO

ENDLESS_OUTPUT = "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"
ENDLESS_SILENCE = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
ENDLESS_MACRO = ("{% macro m() %}{% for i in range(100000) %}{% for j in range(100000) %}"
                 "{{ i }}-{{ j }}-0123456789012345678901234567890123456789{% endfor %}{% endfor %}{% endmacro %}"
                 "{{ m() }}")


def _override(tmp_path: Path, source: str, name: str = "html/risks.html.j2") -> Path:
    folder = tmp_path / "templates"
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"<p>risks</p>\n{source}\n")
    return folder


def _stopped(assessment: Assessment, folder: Path, limits: RenderLimits, fmt: str = "html") -> tuple[str, float]:
    start = time.monotonic()
    with pytest.raises(ReportError) as caught:
        render(assessment, fmt, templates_dir=folder, limits=limits)
    message = str(caught.value)
    assert "\n" not in message
    return message, time.monotonic() - start


def test_output_past_the_size_limit_stops_the_template(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    folder = _override(tmp_path, ENDLESS_OUTPUT)
    message, seconds = _stopped(examples["startup"], folder, RenderLimits(max_bytes=200_000))
    assert "html/risks.html.j2, line 2: template stopped: its output passed 200,000 bytes" in message
    assert seconds < 5


def test_a_loop_that_produces_nothing_is_stopped_by_the_deadline(tmp_path: Path,
                                                                 examples: dict[str, Assessment]) -> None:
    folder = _override(tmp_path, ENDLESS_SILENCE, "md/risks.md.j2")
    # the deadline covers the whole report: 2 s lets the sections before the endless one finish on a busy machine
    message, seconds = _stopped(examples["regulated-enterprise"], folder, RenderLimits(seconds=2), "md")
    assert "md/risks.md.j2, line 2: template stopped: it ran longer than 2 s" in message
    assert 2 <= seconds < 8


def test_memory_growth_stops_the_template(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    folder = _override(tmp_path, ENDLESS_MACRO)
    message, seconds = _stopped(examples["startup"], folder, RenderLimits(memory_bytes=60_000_000, seconds=20))
    assert "html/risks.html.j2" in message and "template stopped: it took more than 60 MB of memory" in message
    assert seconds < 15


def test_without_signals_the_deadline_is_checked_between_pieces(tmp_path: Path,
                                                                examples: dict[str, Assessment]) -> None:
    folder = _override(tmp_path, ENDLESS_OUTPUT)
    caught: list[BaseException] = []

    def work() -> None:  # off the main thread no SIGALRM can be used
        try:   # 4 s, output unbounded: under a loaded full run the pieces before the endless one once took 2 s
            limits = RenderLimits(seconds=4, max_bytes=1024 * 1024 * 1024)
            render(examples["startup"], "html", templates_dir=folder, limits=limits)
        except BaseException as exc:
            caught.append(exc)

    start = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert not thread.is_alive() and time.monotonic() - start < 15
    assert len(caught) == 1 and isinstance(caught[0], ReportError)
    assert "html/risks.html.j2, line 2: template stopped: it ran longer than 4 s" in str(caught[0])


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ 'x' * 10**10 }}", "refused to repeat a sequence of 1 items 10,000,000,000 times"),
    ("{{ [0] * 100000000 }}", "refused to repeat a sequence of 1 items 100,000,000 times"),
    ("{{ 2 ** 100000000 }}", "refused to compute 2 ** 100000000"),
])
def test_arithmetic_too_large_to_build_is_refused(tmp_path: Path, examples: dict[str, Assessment], source: str,
                                                  expected: str) -> None:
    message, seconds = _stopped(examples["startup"], _override(tmp_path, source), RenderLimits())
    assert "html/risks.html.j2, line 2: template refused by the sandbox: " + expected in message
    assert seconds < 5


def test_an_alarm_set_by_someone_else_is_put_back(examples: dict[str, Assessment]) -> None:
    fired: list[int] = []

    def handler(signum: int, frame: object) -> None:
        fired.append(signum)

    previous = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, 60)
    try:
        render(examples["startup"], "html")
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 50 < remaining <= 60, "the earlier alarm still runs, less the time spent"
        assert signal.getsignal(signal.SIGALRM) is handler
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == []


def test_cli_stops_an_endless_template_in_one_line_and_writes_nothing(
        tmp_path: Path, examples: dict[str, Assessment], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("readiness.report.templates.DEFAULT_LIMITS", RenderLimits(max_bytes=100_000, seconds=5))
    folder = _override(tmp_path, ENDLESS_OUTPUT)
    assessment = tmp_path / "assessment.json"
    assessment.write_text(examples["startup"].model_dump_json())
    out = tmp_path / "report.html"
    assert run(["report", str(assessment), "-o", str(out), "--templates", str(folder)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert "risks.html.j2, line 2: template stopped: its output passed 100,000 bytes" in err[-1]
    assert not out.exists()


MEMORY_HOG = "{{ 'x'.ljust(2000000000) | length }}"
"""One allocation of 2 GB made by C code (no watchdog tick can come between), printing nothing."""
PEAK = """
import resource, sys
from readiness.cli.main import run
code = run(sys.argv[1:])
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(int(status) * 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
sys.exit(code)
"""
"""``readiness`` as a command that prints its own peak resident memory and its children's afterwards."""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory is read from /proc")
def test_a_custom_template_cannot_take_more_memory_than_its_limit(tmp_path: Path,
                                                                  examples: dict[str, Assessment]) -> None:
    folder = _override(tmp_path, MEMORY_HOG)
    assessment = tmp_path / "assessment.json"
    assessment.write_text(examples["startup"].model_dump_json())
    out = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-c", PEAK, "report", str(assessment), "-o", str(out), "--templates",
                           str(folder)], capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    err = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(err) == 1, done.stderr
    assert "html/risks.html.j2, line 2: template stopped: it took more than 500 MB of memory" in err[0]
    peak, children = map(int, done.stdout.split())
    assert peak < 1_000_000_000 and children < 1_000_000_000, "neither the command nor its template child got 2 GB"
    assert not out.exists()


def test_a_template_process_that_dies_is_one_line() -> None:
    def die() -> str:
        os.kill(os.getpid(), signal.SIGKILL)
        return "never"

    with pytest.raises(ReportError) as caught:
        render_isolated(die, RenderLimits(), "report.html.j2")
    assert str(caught.value) == ("template report.html.j2: template stopped: its process ended without a result "
                                 "(killed by SIGKILL); it may have needed more than 500 MB of memory")


def test_a_template_process_past_its_deadline_is_ended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("readiness.report.isolate.GRACE_SECONDS", 0.3)
    start = time.monotonic()
    with pytest.raises(ReportError, match=r"^template md/risks.md.j2: template stopped: it ran longer than 0.2 s"):
        render_isolated(lambda: str(time.sleep(30)), RenderLimits(seconds=0.2), "md/risks.md.j2")
    assert time.monotonic() - start < 5


def test_custom_templates_render_as_the_bundled_ones(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    (tmp_path / "text.yaml").write_text("title: Service mesh readiness assessment\n")
    for fmt in ("md", "html"):
        assert render(examples["regulated-enterprise"], fmt, templates_dir=tmp_path) == \
            render(examples["regulated-enterprise"], fmt)
