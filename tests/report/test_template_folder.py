"""A ``--templates`` folder is read without following links: a template, the stylesheet or text.yaml linked to a
file outside the folder is refused in one line naming it, and what is outside never reaches the report or the
message. Messages about a file the user did give quote it only in short, escaped pieces."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness.cli.main import run
from readiness.models import Assessment

CANARY = "root:$6$CANARY-SHADOW-7731$abc:19000:0:99999:7:::"
"""A line shaped like /etc/shadow's, in a file outside the template folder."""


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    """A folder beside the template folder holding a secret (YAML too, so a text.yaml link would parse)."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "shadow").write_text(f"{CANARY}\nsections: {{'{CANARY}': 1}}\n")
    (folder / "notes.html.j2").write_text(f"<p>{CANARY}</p>\n")
    return folder


def _report(tmp_path: Path, assessment: Assessment, folder: Path, fmt: str) -> tuple[int, Path]:
    source = tmp_path / "assessment.json"
    source.write_text(assessment.model_dump_json())
    out = tmp_path / f"report.{fmt}"
    code = run(["report", str(source), "-o", str(out), "--templates", str(folder)])
    return code, out


@pytest.mark.parametrize(("link", "target", "fmt"), [
    ("html/notes.html.j2", "shadow", "html"),
    ("report.css", "shadow", "html"),
    ("report.css", "shadow", "pdf"),
    ("text.yaml", "shadow", "md"),
    ("md/notes.md.j2", "shadow", "md"),
    ("html", ".", "html"),  # a linked folder: html/notes.html.j2 would be read through it
])
def test_a_link_out_of_the_template_folder_is_refused(tmp_path: Path, outside: Path, examples: dict[str, Assessment],
                                                      capsys: pytest.CaptureFixture[str], link: str, target: str,
                                                      fmt: str) -> None:
    folder = tmp_path / "templates"
    (folder / Path(link).parent).mkdir(parents=True, exist_ok=True)
    os.symlink(outside / target if target != "." else outside, folder / link)
    code, out = _report(tmp_path, examples["regulated-enterprise"], folder, fmt)
    err = capsys.readouterr().err
    assert code == 1, err
    errors = [line for line in err.strip().splitlines() if "laying out the PDF" not in line]
    assert errors == [f"readiness: error: {folder}/{link}: is a symbolic link; a template folder is read without "
                      f"following links: copy the file into the folder"]
    assert "CANARY" not in err and not out.exists()


def test_a_link_to_etc_passwd_never_reaches_the_report(tmp_path: Path, examples: dict[str, Assessment],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    (folder / "html").mkdir(parents=True)
    os.symlink("/etc/passwd", folder / "html" / "notes.html.j2")
    code, out = _report(tmp_path, examples["regulated-enterprise"], folder, "html")
    err = capsys.readouterr().err
    assert code == 1 and "html/notes.html.j2: is a symbolic link" in err and "root:" not in err
    assert not out.exists()


def test_regular_files_in_the_folder_still_override(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    folder = tmp_path / "templates"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "notes.html.j2").write_text("<p>Our own notes page</p>\n")
    code, out = _report(tmp_path, examples["regulated-enterprise"], folder, "html")
    assert code == 0 and "<p>Our own notes page</p>" in out.read_text()


def test_a_fifo_in_the_folder_is_refused_without_waiting(tmp_path: Path, examples: dict[str, Assessment],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    os.mkfifo(folder / "text.yaml")
    code, _ = _report(tmp_path, examples["startup"], folder, "md")
    assert code == 1
    assert capsys.readouterr().err.strip().endswith("text.yaml: not a regular file; a template folder holds files only")


def test_an_unknown_key_is_quoted_short_and_escaped(tmp_path: Path, examples: dict[str, Assessment],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    key = "\x1b[2J\x1bc" + "k" * 300
    (folder / "text.yaml").write_text(f'sections:\n  "{key.encode("unicode_escape").decode()}": 1\n')
    code, _ = _report(tmp_path, examples["startup"], folder, "md")
    err = capsys.readouterr().err
    assert code == 1 and "\x1b" not in err and "k" * 100 not in err
    assert f"{folder}/text.yaml: sections.\\x1b[2J\\x1bckkk" in err and "…: unknown key" in err


def test_a_template_error_quotes_the_template_short_and_escaped(tmp_path: Path, examples: dict[str, Assessment],
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    (folder / "md").mkdir(parents=True)
    (folder / "md" / "risks.md.j2").write_text("ok\n{% " + "x" * 500 + " %}\x1b]0;pwned\x07\n")
    code, _ = _report(tmp_path, examples["regulated-enterprise"], folder, "md")
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "md/risks.md.j2, line 2: template syntax error" in err
    assert "\x1b" not in err and "\x07" not in err and "x" * 200 not in err
