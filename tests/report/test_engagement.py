"""``readiness engagement init`` and ``build``: a scaffold, then every deliverable from it in one command."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from readiness.cli.main import run
from tests.conftest import EXAMPLES, realdata_dir

Capture = pytest.CaptureFixture[str]


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


@pytest.fixture
def folder(tmp_path: Path, capsys: Capture) -> Path:
    root = tmp_path / "acme"
    assert run(["engagement", "init", str(root), "--client", "Acme Corp", "--assessor", "Jo Smith",
                "--firm", "Mesh Advisors", "--date", "2026-11-30"]) == 0
    capsys.readouterr()
    return root


def test_init_scaffolds_the_folder_and_says_what_next(tmp_path: Path, capsys: Capture) -> None:
    root = tmp_path / "new"
    assert run(["engagement", "init", str(root), "--client", "Acme Corp", "--paper", "letter"]) == 0
    err = capsys.readouterr().err
    assert sorted(p.name for p in root.iterdir()) == ["answers", "engagement.yaml", "reports", "scans"]
    config = yaml.safe_load((root / "engagement.yaml").read_text())
    assert config == {"client": "Acme Corp", "paper": "letter", "formats": ["pdf", "html", "md"]}
    assert f"readiness engagement build {root}" in err and "--respondent" in err


def test_init_never_overwrites_an_engagement(folder: Path, capsys: Capture) -> None:
    before = (folder / "engagement.yaml").read_text()
    assert run(["engagement", "init", str(folder), "--client", "Other"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already set up" in err
    assert (folder / "engagement.yaml").read_text() == before


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--date", "2026-13-01", "--date: expected a date as YYYY-MM-DD"),
    ("--paper", "a3", "--paper: expected a4 or letter"),
    ("--client", " ", "--client: expected the client's name"),
])
def test_init_refuses_bad_options_before_writing(tmp_path: Path, capsys: Capture, option: str, value: str,
                                                 expected: str) -> None:
    args = ["engagement", "init", str(tmp_path / "x"), "--client", "Acme"]
    args = [*args[:4], value] if option == "--client" else [*args, option, value]
    assert run(args) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_build_merges_the_respondents_with_the_scans_and_writes_every_format(folder: Path, capsys: Capture) -> None:
    for name in ("cto.yaml", "platform-lead.yaml"):
        shutil.copy(EXAMPLES / "respondents" / name, folder / "answers" / name)
    shutil.copytree(realdata_dir("bookinfo"), folder / "scans" / "prod")
    (folder / "answers" / "bob.partial.yaml").write_text("answers: {}\n")
    assert run(["engagement", "build", str(folder)]) == 0
    err = capsys.readouterr().err
    reports = folder / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["assessment.json", "report.html", "report.md", "report.pdf"]
    assessment = json.loads((reports / "assessment.json").read_text())
    assert assessment["engagement"] == {"client": "Acme Corp", "assessor": "Jo Smith", "date": "2026-11-30",
                                        "firm": "Mesh Advisors"}, "engagement.yaml, not the answers files, is the cover"
    assert [r["name"] for r in assessment["respondents"]] == ["Maria Chen", "Sam Okafor"]
    conflicts = {c["question"] for c in assessment["conflicts"]}
    assert "service_count" in conflicts
    assert [c["name"] for c in assessment["scan"]["clusters"]] == ["prod"]
    assert "unfinished interview" in err and "bob.partial.yaml" in err
    text = pdf_text(reports / "report.pdf")
    assert "Acme Corp" in text and "Mesh Advisors" in text and "Maria Chen" in text and "Sam Okafor" in text
    markdown = (reports / "report.md").read_text()
    assert "Acme Corp" in markdown and "Sam Okafor" in markdown
    assert str(folder) not in text and str(folder) not in markdown, "no folder path in the client's report"


def test_build_without_answers_says_how_to_get_them(folder: Path, capsys: Capture) -> None:
    assert run(["engagement", "build", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no answers files" in err and "readiness interview" in err
    assert not any((folder / "reports").iterdir())


def test_build_with_a_bad_engagement_file_names_the_field(folder: Path, capsys: Capture) -> None:
    shutil.copy(EXAMPLES / "startup.yaml", folder / "answers" / "a.yaml")
    (folder / "engagement.yaml").write_text("client: Acme\nformats: [pdf, docx]\n")
    assert run(["engagement", "build", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "engagement.yaml" in err and "formats" in err
    assert not any((folder / "reports").iterdir())


def test_a_broken_answers_file_writes_nothing(folder: Path, capsys: Capture) -> None:
    (folder / "answers" / "a.yaml").write_text("answers: {service_count: many}\n")
    assert run(["engagement", "build", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "a.yaml" in err and "service_count" in err
    assert not any((folder / "reports").iterdir())


def test_a_baseline_adds_the_progress_report(folder: Path, capsys: Capture) -> None:
    shutil.copy(EXAMPLES / "startup.yaml", folder / "answers" / "cto.yaml")
    (folder / "engagement.yaml").write_text("client: Acme Corp\nformats: [md, pdf]\n")
    assert run(["engagement", "build", str(folder)]) == 0
    shutil.copy(folder / "reports" / "assessment.json", folder / "baseline.json")
    shutil.copy(EXAMPLES / "regulated-enterprise.yaml", folder / "answers" / "cto.yaml")
    assert run(["engagement", "build", str(folder)]) == 0
    capsys.readouterr()
    reports = folder / "reports"
    assert sorted(p.name for p in reports.iterdir()) == ["assessment.json", "progress.json", "progress.md",
                                                         "progress.pdf", "report.md", "report.pdf"]
    progress = json.loads((reports / "progress.json").read_text())
    assert (progress["verdict"]["before"]["category"], progress["verdict"]["after"]["category"]) == \
        ("not_yet", "adopt_now")
    assert "service_count" in {c["question"] for c in progress["changed_answers"]}
    assert "Progress since" in pdf_text(reports / "progress.pdf")
    assert "Acme Corp" in (reports / "progress.md").read_text()


def test_a_baseline_that_is_no_assessment_writes_nothing(folder: Path, capsys: Capture) -> None:
    shutil.copy(EXAMPLES / "startup.yaml", folder / "answers" / "cto.yaml")
    shutil.copy(EXAMPLES / "startup.yaml", folder / "baseline.json")
    assert run(["engagement", "build", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "baseline.json" in err and len(err.strip().splitlines()) == 1
    assert not any((folder / "reports").iterdir())


def test_build_where_no_engagement_was_set_up_says_how(tmp_path: Path, capsys: Capture) -> None:
    assert run(["engagement", "build", str(tmp_path / "nosuch")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "engagement.yaml: no engagement here" in err and "engagement init" in err
    assert not (tmp_path / "nosuch").exists()
