""""Where your people disagree": shown in every format when several respondents disagree, with each question in
plain words, each person's answer, the one used and why; absent otherwise."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from readiness.app.assess import GivenFile, assess, merge_answers_files, rules_for
from readiness.app.inputs import load_answers_file
from readiness.models import Assessment
from readiness.report import render
from tests.conftest import EXAMPLES, FIXED_TIME
from tests.report.helpers import html_text

TEAM = [EXAMPLES / "respondents" / f"{name}.yaml" for name in ("cto", "platform-lead", "security-lead")]
TITLE = "Where your people disagree"


@pytest.fixture(scope="module")
def team() -> Assessment:
    files = [GivenFile(str(p), p.name, load_answers_file(p)) for p in TEAM]
    rules = rules_for(files[0].answers, files[0].name)
    merged = merge_answers_files(rules, files)
    return assess(rules, merged.answers, merged.name, FIXED_TIME, merged=merged)


def words(text: str) -> str:
    return " ".join(text.split())


EXPECTED = [
    "People interviewed: Maria Chen (CTO), Sam Okafor (Platform lead) and Dana Reyes (Security lead).",
    "How many independently deployed services run in production today?",
    "Maria Chen (CTO): 48 services", "Sam Okafor (Platform lead): 40 services",
    "Dana Reyes (Security lead): 48 services", "Used: 48 services.",
    "Given by Maria Chen (CTO): the CTO decides the questions on Scale and architecture.",
    "How often do teams re-solve the same utility code (certificate rotation, retries, auth)?",
    "Maria Chen (CTO): Sometimes", "Sam Okafor (Platform lead): Often — every team has its own",
    "Given by Sam Okafor (Platform lead), in the last answers file: no one whose role decides the questions on "
    "Languages and frameworks answered it.",
    "Counts 50% towards the confidence.",
]


def test_markdown_shows_every_conflict_with_each_answer_the_one_used_and_why(team: Assessment) -> None:
    text = render(team, "md").decode()
    section = words(text.split(f"## 4. {TITLE}")[1].split("\n## ")[0])
    for fragment in EXPECTED:
        assert words(fragment) in section, fragment
    assert f"[4. {TITLE}]" in text, "listed in the contents"
    assert section.count("**Used:") == 2
    assert "2 answers the scores rest on were answered differently by the people interviewed; each counts 50% " \
           "towards the confidence." in words(text), "the confidence explanation says why it is lower"
    assert ("Based on the answers of 3 people interviewed. They answered 2 questions differently; “Where your people "
            "disagree” shows each answer and the one used.") in words(text.split("## Contents")[0]), "on the cover"
    assert "service_count" not in section and ".yaml" not in section, "no ids and no file names when people are named"


def test_the_pdf_shows_them_too(team: Assessment) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(team, "pdf")))
    pages = [words(page.extract_text() or "") for page in reader.pages]
    page = next(p for p in pages if TITLE in p and "Used: 48 services." in p)
    for fragment in EXPECTED:
        assert words(fragment).replace(" — ", " ") in page.replace(" — ", " "), fragment


def test_html_marks_the_answer_used(team: Assessment) -> None:
    html = render(team, "html").decode()
    table = html.split('<table class="conflicts">')[1].split("</table>")[0]
    assert "<strong>Maria Chen (CTO): 48 services</strong>" in table
    assert "<strong>Sam Okafor (Platform lead): Often — every team has its own</strong>" in table
    assert "Sam Okafor (Platform lead): 40 services<br>" in table
    assert TITLE in html_text(html)[0]


def test_people_without_a_name_are_named_by_their_file(tmp_path: Path) -> None:
    unnamed = tmp_path / "second-opinion.yaml"
    unnamed.write_text("answers: {service_count: 12}\n")
    files = [GivenFile(str(p), p.name, load_answers_file(p)) for p in (TEAM[0], unnamed)]
    rules = rules_for(files[0].answers, files[0].name)
    merged = merge_answers_files(rules, files)
    section = words(render(assess(rules, merged.answers, merged.name, FIXED_TIME, merged=merged), "md").decode())
    assert "People interviewed: Maria Chen (CTO) and the answers in second-opinion.yaml." in section
    assert "the answers in second-opinion.yaml: 12 services" in section
    assert "Given by Maria Chen (CTO): the CTO decides the questions on Scale and architecture." in section


def test_no_section_without_conflicts(examples: dict[str, Assessment]) -> None:
    for assessment in examples.values():
        assert TITLE not in render(assessment, "md").decode()
        assert "answered differently" not in render(assessment, "md").decode()
