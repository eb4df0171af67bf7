"""Client text with terminal control characters (``ESC c`` resets a terminal, ``ESC ( 0`` switches it to line
drawing, C1 bytes are control codes to some terminals) never reaches a terminal raw: Markdown and HTML reports
drop them, the Assessment JSON escapes C1 and DEL. A note that is only ``---`` (or ``***``, ``___``, ``===``)
stays a note in Markdown, not a rule or a heading."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.models import Assessment
from readiness.report import render
from tests.conftest import EXAMPLES, REPO
from tests.report.helpers import html_text, markdown_to_html

CLIENT = "\x1bcAcme\x1b(0 Ltd\x1b[2J\x07\x7f\x9b31m\x85"
ASSESSOR = "Alex\x1b]0;pwned\x07 Consultant\x90\x9d"
NOTE = "Plaintext\x1b[1;31m traffic\x1b(B found\x00 in audit\x9c."
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a report must not print (newline and tab are text)."""


@pytest.fixture(scope="module")
def hostile_assessment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``readiness assess`` (a real process) on the regulated example with control characters in the client,
    the assessor and a note, given as JSON escapes."""
    folder = tmp_path_factory.mktemp("controls")
    raw: dict[str, Any] = yaml.safe_load((EXAMPLES / "regulated-enterprise.yaml").read_text())
    raw["engagement"].update(client=CLIENT, assessor=ASSESSOR)
    raw["notes"]["security"] = NOTE
    (folder / "answers.json").write_text(json.dumps(raw, default=str))
    done = _readiness("assess", str(folder / "answers.json"), "-o", str(folder / "assessment.json"))
    assert done.returncode == 0, done.stderr
    return folder / "assessment.json"


def _readiness(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, cwd=REPO, timeout=120,
                          check=False)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_on_stdout_carry_no_control_characters(hostile_assessment: Path, fmt: str) -> None:
    done = _readiness("report", str(hostile_assessment), "--format", fmt)
    assert done.returncode == 0, done.stderr
    text = done.stdout.decode("utf-8")
    assert not RAW_CONTROLS.findall(text), sorted(set(RAW_CONTROLS.findall(text)))
    words = html_text(markdown_to_html(text) if fmt == "md" else text)[0]
    assert "Acme Ltd" in words and "Alex Consultant" in words and "Plaintext traffic found in audit." in words


@pytest.mark.parametrize("written_by", ["assess", "report"])
def test_the_assessment_json_escapes_c1_and_del(hostile_assessment: Path, written_by: str) -> None:
    data = hostile_assessment.read_bytes() if written_by == "assess" else \
        _readiness("report", str(hostile_assessment), "--format", "json").stdout
    text = data.decode("utf-8")
    assert not RAW_CONTROLS.findall(text), sorted(set(RAW_CONTROLS.findall(text)))
    assert "\\u009b31m\\u0085" in text and "\\u001bc" in text
    document = json.loads(text)
    assert document["engagement"]["client"] == CLIENT and document["engagement"]["assessor"] == ASSESSOR
    assert document["notes"]["security"] == NOTE, "the JSON keeps the text exactly; only its spelling escapes"


@pytest.mark.parametrize("note", ["---", "***", "___", "===", "-", "--", "- - -", "+", "* * *"])
def test_a_note_of_only_rule_characters_stays_a_note(examples: dict[str, Assessment], note: str) -> None:
    a = examples["regulated-enterprise"]
    md = render(a.model_copy(update={"notes": {**a.notes, "security": note}}), "md").decode()
    html = markdown_to_html(md.split("## Appendix D: Consultant notes")[1].split("\n## ")[0])
    assert "<h" not in html, "neither a rule nor a heading"
    assert "<li" not in html and "<ul" not in html
    assert f"<blockquote>\n<p>{note}</p>\n</blockquote>" in html
