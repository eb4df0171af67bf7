"""``readiness report A.json B.json … --out-dir DIR --format pdf,html,md``: every report of several assessments in
one call, rendered in worker processes, named after the inputs; a broken input is one line and nothing on disk,
the others are written; usage errors exit 2. The commands that start workers run as real processes (forking the
test process, with its threads, is not what a user runs)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from readiness.app.batch import Batch, Job, Outcome
from readiness.app.ui import Ui
from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report import render
from tests.conftest import REPO

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] wrote (\S+)(?: \((\d+) pages\))?$")
CLIENTS = {"startup": "Tiny Rocket Ltd", "monolith": "Acme Insurance"}


def readiness(*args: str) -> subprocess.CompletedProcess[str]:
    """``readiness`` as a user runs it: a process of its own."""
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, cwd=REPO,
                          timeout=300, check=False)


def _save(folder: Path, name: str, assessment: Assessment) -> Path:
    path = folder / name
    path.write_text(assessment.model_dump_json(indent=2))
    return path


def _progress(stderr: str) -> list[tuple[int, int, str, int | None]]:
    found = [PROGRESS.match(line) for line in stderr.splitlines()]
    return [(int(m[1]), int(m[2]), m[3], int(m[4]) if m[4] else None) for m in found if m]


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())


def test_several_assessments_in_every_format_are_named_after_their_files(
        tmp_path: Path, examples: dict[str, Assessment]) -> None:
    inputs = [_save(tmp_path, f"{name}-client.json", examples[name]) for name in CLIENTS]
    out = tmp_path / "reports"
    done = readiness("report", *map(str, inputs), "--out-dir", str(out), "--format", "pdf,html,md")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{name}-client.{fmt}" for name in CLIENTS for fmt in ("pdf", "html", "md"))
    for name, client in CLIENTS.items():
        assert (out / f"{name}-client.md").read_bytes() == render(examples[name], "md")
        assert (out / f"{name}-client.html").read_bytes() == render(examples[name], "html")
        pages, text = _pdf_text((out / f"{name}-client.pdf").read_bytes())
        assert client in text and "Page" in text
        reported = [p for _, _, target, p in _progress(done.stderr) if target == f"{out}/{name}-client.pdf"]
        assert reported == [pages], "the progress line gives the PDF's page count"


def test_progress_is_one_line_per_file_written(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    inputs = [_save(tmp_path, f"{name}.json", examples[name]) for name in CLIENTS]
    done = readiness("report", *map(str, inputs), "--out-dir", str(tmp_path / "out"), "--format", "md,html")
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "readiness: rendering 4 reports in 2 processes…" or lines[0].endswith("in 1 process…")
    progress = _progress(done.stderr)
    assert len(lines) == 1 + len(progress) == 5, lines
    assert [(n, total) for n, total, _, _ in progress] == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert sorted(target for _, _, target, _ in progress) == sorted(
        f"{tmp_path}/out/{name}.{fmt}" for name in CLIENTS for fmt in ("md", "html"))
    assert done.stdout == ""


def test_a_broken_input_is_one_line_and_the_others_are_written(tmp_path: Path,
                                                               examples: dict[str, Assessment]) -> None:
    good = [_save(tmp_path, f"{name}.json", examples[name]) for name in CLIENTS]
    broken = tmp_path / "broken.json"
    broken.write_text('{"tool": "readiness", "scores": ')
    missing = tmp_path / "missing.json"
    out = tmp_path / "out"
    done = readiness("report", str(good[0]), str(broken), str(missing), str(good[1]), "--out-dir", str(out),
                     "--format", "md,pdf")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("readiness: error:")]
    assert errors == [f"readiness: error: {broken}: line 1, column 33: invalid JSON: Expecting value",
                      f"readiness: error: {missing}: no such file"]
    assert sorted(p.name for p in out.iterdir()) == ["monolith.md", "monolith.pdf", "startup.md", "startup.pdf"]
    assert len(_progress(done.stderr)) == 4


def test_an_input_that_is_not_an_assessment_is_one_line(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    good = _save(tmp_path, "startup.json", examples["startup"])
    other = tmp_path / "other.json"
    other.write_text('{"a": 1}')
    done = readiness("report", str(good), str(other), "--out-dir", str(tmp_path / "out"), "--format", "md")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("readiness: error:")]
    assert len(errors) == 1 and errors[0].startswith(f"readiness: error: {other}: not an Assessment"), errors
    assert errors[0].endswith("(and 1 more problem)"), "further problems are counted, not listed"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["startup.md"]


def test_a_format_that_fails_for_one_assessment_writes_none_of_its_files(tmp_path: Path) -> None:
    said: list[str] = []
    a_md, a_pdf, b_md, b_pdf = (Job(f"{n}.json", f, str(tmp_path / f"{n}.{f}")) for n in "ab" for f in ("md", "pdf"))
    batch = Batch([a_md, a_pdf, b_md, b_pdf], ("md", "pdf"), Ui(done=said.append))
    batch.finished(a_md, Outcome(b"# a"))
    batch.finished(b_pdf, Outcome(b"%PDF b", pages=3))
    batch.finished(a_pdf, Outcome(error="a.json: template stopped"))
    assert not list(tmp_path.iterdir()), "nothing is written before every format of an assessment is in"
    batch.finished(b_md, Outcome(b"# b"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.md", "b.pdf"]
    assert (tmp_path / "b.pdf").read_bytes() == b"%PDF b"
    assert said == [f"[1/4] wrote {tmp_path}/b.md", f"[2/4] wrote {tmp_path}/b.pdf (3 pages)"]
    assert batch.failures == {"a.json": "a.json: template stopped"}


def test_outputs_of_the_same_name_are_refused(tmp_path: Path, examples: dict[str, Assessment],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    first = _save(tmp_path, "client.json", examples["startup"])
    second = _save(tmp_path / "x", "client.yaml", examples["monolith"])
    out = tmp_path / "out"
    assert run(["report", str(first), str(second), "--out-dir", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"readiness: error: {first} and {second} would both write {out}/client.pdf; rename one or render them in "
        f"separate calls"]
    assert run(["report", str(first), str(first), "--out-dir", str(out), "-f", "md"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"readiness: error: {first} is given twice (both would write {out}/client.md); give it once"]
    assert not out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["A", "B", "-o", "r.pdf"], "2 assessments: -o writes one report; give --out-dir DIR to write a report for each"),
    (["A", "B"], "2 assessments: give --out-dir DIR to write a report for each"),
    (["A", "--out-dir", "out", "-o", "r.pdf"], "-o and --out-dir: give one"),
    (["A", "B", "--out-dir", "out", "--format", "pdf,rtf"],
     "--format: with --out-dir, expected a comma list of pdf, html, md, not 'rtf'"),
    (["A", "--out-dir", "out", "--format", "json"],
     "--format: with --out-dir, expected a comma list of pdf, html, md, not 'json'"),
    (["A", "--out-dir", "out", "--format", "pdf,"], "not an empty item in 'pdf,'"),
    (["A", "--format", "pdf,md", "-o", "r.pdf"], "--format pdf,md: a list of formats needs --out-dir DIR"),
    (["A", "-", "--out-dir", "out"], "- (stdin) has no name"),
    (["A", "--out-dir", "A"], "--out-dir A: is a file; name a folder"),
    (["A", "--out-dir", " "], "--out-dir: the path is empty"),
    (["A", "B", "--out-dir", "out", "--paper", "a5"], "--paper: expected a4 or letter, not 'a5'"),
])
def test_usage_errors_exit_2_with_one_line(tmp_path: Path, examples: dict[str, Assessment], args: list[str],
                                           message: str, capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("A", "B"):
        _save(tmp_path, name, examples["startup"])
    assert run(["report", *args]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and message in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A", "B"], "nothing written"


def test_a_bad_brand_is_one_error_for_the_whole_call(tmp_path: Path, examples: dict[str, Assessment],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [str(_save(tmp_path, f"{name}.json", examples[name])) for name in CLIENTS]
    brand = tmp_path / "brand.yaml"
    brand.write_text("primary_color: not-a-colour\n")
    assert run(["report", *inputs, "--out-dir", str(tmp_path / "out"), "--brand", str(brand)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"readiness: error: {brand}: primary_color"), err
    assert not (tmp_path / "out").exists()


def test_the_style_applies_to_every_file(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    inputs = [_save(tmp_path, f"{name}.json", examples[name]) for name in CLIENTS]
    brand = tmp_path / "brand.yaml"
    brand.write_text("firm_name: Batch & Partners\n")
    out = tmp_path / "out"
    done = readiness("report", *map(str, inputs), "--out-dir", str(out), "--format", "html,md", "--brand",
                     str(brand))
    assert done.returncode == 0, done.stderr
    for name in CLIENTS:
        assert "Batch &amp; Partners" in (out / f"{name}.html").read_text()
        assert "Batch & Partners" in (out / f"{name}.md").read_text()


def test_one_assessment_with_out_dir(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    source = _save(tmp_path, "startup.json", examples["startup"])
    done = readiness("report", str(source), "--out-dir", str(tmp_path / "a" / "b"), "-f", "markdown")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a" / "b" / "startup.md").read_bytes() == render(examples["startup"], "md")
    assert _progress(done.stderr) == [(1, 1, f"{tmp_path}/a/b/startup.md", None)]


def test_a_warning_shared_by_every_file_is_said_once(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    inputs = [_save(tmp_path, f"{name}.json", examples[name]) for name in CLIENTS]
    templates = tmp_path / "templates"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "summary.html.j2").write_text('<img src="https://example.com/logo.png" alt="">\n')
    out = tmp_path / "out"
    done = readiness("report", *map(str, inputs), "--out-dir", str(out), "--templates", str(templates))
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("readiness: warning:")]
    assert warnings == ["readiness: warning: refused to fetch https://example.com/logo.png (only data: URIs and files "
                        "inside the template and brand folders are allowed)"]
    assert sorted(p.name for p in out.iterdir()) == ["monolith.pdf", "startup.pdf"]
