"""``readiness report`` and ``readiness assess --report``: formats, outputs and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report import render
from tests.conftest import EXAMPLES


@pytest.fixture()
def assessment_file(tmp_path: Path, examples: dict[str, Assessment]) -> Path:
    path = tmp_path / "assessment.json"
    path.write_text(examples["startup"].model_dump_json(indent=2))
    return path


@pytest.mark.parametrize(("name", "fmt"), [("r.md", "md"), ("r.markdown", "md"), ("r.html", "html"),
                                           ("r.HTM", "html"), ("r.json", "json")])
def test_format_follows_the_extension(tmp_path: Path, assessment_file: Path, examples: dict[str, Assessment],
                                      name: str, fmt: str) -> None:
    out = tmp_path / name
    assert run(["report", str(assessment_file), "-o", str(out)]) == 0
    assert out.read_bytes() == render(examples["startup"], fmt)


def test_markdown_to_stdout_by_default(assessment_file: Path, examples: dict[str, Assessment],
                                       capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run(["report", str(assessment_file)]) == 0
    assert capsysbinary.readouterr().out == render(examples["startup"], "md")


def test_explicit_format_wins(tmp_path: Path, assessment_file: Path) -> None:
    out = tmp_path / "report.txt"
    assert run(["report", str(assessment_file), "-o", str(out), "--format", "html"]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")


@pytest.mark.parametrize(("args", "message"), [
    (["-o", "report.docx"], "cannot tell the report format from the file name"),
    (["--format", "rtf"], "--format: expected one of pdf, html, md, json, not 'rtf'"),
    (["--paper", "a5", "-o", "x.md"], "--paper: expected a4 or letter, not 'a5'"),
])
def test_usage_errors_exit_2(assessment_file: Path, args: list[str], message: str,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(assessment_file), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]


@pytest.mark.parametrize(("content", "message"), [
    ("", "is empty"),
    ("{not json", "invalid JSON"),
    ('{"a": 1}', "not an Assessment: missing tool, generated_at"),
    ("[1, 2]", "expected an Assessment"),
])
def test_bad_assessment_files_are_one_line(tmp_path: Path, content: str, message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert run(["report", str(path), "-o", str(tmp_path / "r.md")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) <= 2 and message in err[0], err
    assert not (tmp_path / "r.md").exists()


def test_invalid_field_names_the_field(tmp_path: Path, assessment_file: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(assessment_file.read_text())
    data["scores"]["need"] = 250
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert run(["report", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == (f"readiness: error: {bad}: scores.need: Input should be less than "
                                               f"or equal to 100")


def test_answers_file_instead_of_assessment(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", str(EXAMPLES / "startup.yaml")]) == 1
    assert ("this is an answers file, not an assessment (written by 'readiness assess'); assess it with "
            "'readiness assess FILE' first") in capsys.readouterr().err


def test_assess_writes_the_report_in_the_same_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1768469400")
    out, report = tmp_path / "assessment.json", tmp_path / "report.md"
    assert run(["assess", str(EXAMPLES / "monolith.yaml"), "-o", str(out), "--report", str(report)]) == 0
    assert report.read_bytes() == render(Assessment.model_validate_json(out.read_text()), "md")


@pytest.mark.parametrize(("args", "message"), [
    (["--brand", "b.yaml"], "--brand, --templates and --paper apply to the report; add --report FILE"),
    (["--report", "r.docx"], "--report r.docx: cannot tell the report format"),
])
def test_assess_report_option_errors(tmp_path: Path, args: list[str], message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "assessment.json"
    assert run(["assess", str(EXAMPLES / "monolith.yaml"), "-o", str(out), *args]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists(), "option errors are found before any work"


def test_report_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["report", "--help"]) == 0
    out = capsys.readouterr().out
    assert "readiness report assessment.json -o report.pdf" in out and "--brand" in out and "--paper" in out
