"""Outputs are all or nothing, never overwrite an input, and closed or full streams are one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.cli import run
from tests.conftest import EXAMPLES, realdata_dir

STARTUP = str(EXAMPLES / "startup.yaml")


def test_a_failing_report_leaves_no_assessment_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "a.json"
    assert run(["assess", STARTUP, "-o", str(out), "--report", str(tmp_path / "r.html"),
                "--brand", str(tmp_path / "missing-brand.yaml")]) == 1
    assert run(["assess", STARTUP, "-o", str(out), "--report", "/proc/no/r.html"]) == 1
    assert list(tmp_path.iterdir()) == []
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "missing-brand.yaml: no such file" in err[0]


def test_assess_writes_assessment_and_report_together(tmp_path: Path) -> None:
    assert run(["assess", STARTUP, "-o", str(tmp_path / "a.json"), "--report", str(tmp_path / "r.md")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "r.md"]


def test_outputs_never_overwrite_inputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(Path(STARTUP).read_bytes())
    snapshot = tmp_path / "k8s"
    snapshot.mkdir()
    manifest = snapshot / "app.yaml"
    manifest.write_bytes((realdata_dir() / "bookinfo" / "bookinfo.yaml").read_bytes())
    before = {p: p.read_bytes() for p in (answers, manifest)}
    assert run(["assess", str(answers), "-o", str(answers)]) == 2
    assert run(["assess", str(answers), "--snapshot", str(snapshot), "-o", str(manifest)]) == 2
    assert run(["scan", "--snapshot", str(snapshot), "-o", str(manifest)]) == 2
    assert run(["assess", str(answers), "-o", str(tmp_path / "a.json"), "--report", str(tmp_path / "a.json")]) == 2
    assert {p: p.read_bytes() for p in (answers, manifest)} == before
    err = capsys.readouterr().err
    assert "would overwrite an input" in err and "name the same file" in err


def test_empty_and_directory_outputs_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["assess", STARTUP, "-o", ""]) == 2
    assert run(["assess", STARTUP, "-o", f"{tmp_path}/"]) == 2
    assert run(["report", str(tmp_path / "x.json"), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "the path is empty" in err and "is a directory" in err


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run(["assess", STARTUP, "-o", str(link)]) == 0
    assert link.is_symlink() and '"recommendation"' in real.read_text()


def _assess_with(stdin: int | None, stdout: int | None, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "readiness", "assess", *args], stdin=stdin, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=60, check=False,
                          env={k: v for k, v in os.environ.items() if k != "READINESS_DEBUG"})


def test_closed_and_full_streams_are_one_line() -> None:
    closed_in = subprocess.run(f"{sys.executable} -m readiness assess - -f json <&-", shell=True, text=True,
                               capture_output=True, timeout=60, check=False)
    assert closed_in.returncode == 1 and closed_in.stderr.strip() == "readiness: error: <stdin>: is closed; " \
                                                                     "pass a file instead of -"
    closed_out = subprocess.run(f"{sys.executable} -m readiness assess {STARTUP} -f json >&-", shell=True,
                                text=True, capture_output=True, timeout=60, check=False)
    assert closed_out.returncode == 1 and "stdout is closed" in closed_out.stderr
    with open("/dev/full", "wb") as full:
        result = _assess_with(None, full.fileno(), STARTUP, "-f", "json")
    assert result.returncode == 1
    assert result.stderr.strip() == "readiness: error: stdout: cannot write (No space left on device)"


def test_ctrl_c_says_interrupted_and_exits_130() -> None:
    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "readiness", "assess", "-"], encoding="utf-8", timeout=30)
    child.expect("end it with Ctrl-D")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "readiness: interrupted" in (child.before or "")
