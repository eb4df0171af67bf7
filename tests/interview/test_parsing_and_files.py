"""Typed input (numbers, dates, names), the review table, resume-file names, and round-tripping saved files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from readiness.app.inputs import load_answers_file
from readiness.console.review import review_lines
from readiness.core.answers import parse_answers_file
from readiness.interview.flow import Interview
from readiness.interview.parsing import parse_date, parse_name, parse_number
from readiness.interview.session import Session
from readiness.interview.store import dump_answers, dump_answers_file, partial_path, resume_command, write_answers
from readiness.models import Questionnaire
from tests.interview.conftest import TODAY
from tests.interview.scripted import ScriptedPrompter
from tests.interview.test_flow import A_TEAM

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(("qid", "text", "value"), [
    ("service_count", "12", 12), ("service_count", " 1,200 ", 1200), ("service_count", "1 200", 1200),
    ("service_count", "1_200", 1200), ("service_count", "12 services", 12), ("service_count", "1e3", 1000),
    ("service_count", "12.0", 12), ("latency_budget_ms", "2.5", 2.5), ("latency_budget_ms", "5ms", 5.0),
    ("latency_budget_ms", "5 MS", 5.0),
])
def test_numbers_people_type_are_read(questionnaire: Questionnaire, qid: str, text: str, value: float) -> None:
    parsed, problem = parse_number(questionnaire.question(qid), text)
    assert problem is None and parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(("qid", "text", "message"), [
    ("service_count", "a dozen", "'a dozen' is not a number; type a whole number from 0 to 100000."),
    ("service_count", "", "Type a whole number from 0 to 100000."),
    ("service_count", "-3", "Expected at least 0, found -3."),
    ("service_count", "2.5", "Expected a whole number, found 2.5."),
    ("clusters", "0", "Expected at least 1, found 0."),
    ("clusters", "20000", "Expected at most 10000, found 20000."),
    ("latency_budget_ms", "0", "Expected greater than 0, found 0."),
    ("latency_budget_ms", "nan", "Expected a finite number, found nan."),
    ("latency_budget_ms", "1,5", "'1,5' is not a number; type a number greater than 0 and at most 100000."),
])
def test_bad_numbers_get_a_message_saying_what_is_expected(questionnaire: Questionnaire, qid: str, text: str,
                                                           message: str) -> None:
    assert parse_number(questionnaire.question(qid), text) == (None, message)


def test_dates_and_names() -> None:
    assert parse_date(" 2026-11-02 ") == ("2026-11-02", None)
    assert parse_date("02/11/2026") == (None, "'02/11/2026' is not a date; type it as YYYY-MM-DD, e.g. 2026-11-02.")
    assert parse_name("  ACME   Corp ") == ("ACME Corp", None)
    assert parse_name("x" * 201)[1] == "That is 201 characters; keep it to 200."


def test_resume_files_sit_beside_the_answers_and_the_command_is_exact() -> None:
    assert partial_path("answers.yaml") == "answers.partial.yaml"
    assert partial_path("clients/acme.json") == os.path.join("clients", "acme.partial.yaml")
    assert partial_path("-") == "readiness-answers.partial.yaml"
    assert partial_path("notes") == "notes.partial.yaml"
    assert resume_command("my answers.partial.yaml", "my answers.yaml", ["--questionnaire", "q/custom.yaml"]) == (
        "readiness interview --resume 'my answers.partial.yaml' -o 'my answers.yaml' --questionnaire q/custom.yaml")


def _full_session(questionnaire: Questionnaire) -> Session:
    prompter = ScriptedPrompter({**A_TEAM, "client": "ACME Corp — Payments", "assessor": "Ana Assessor",
                                 "note:scale": "Counts: platform team's inventory.",
                                 "note:security": "PCI scope: 4 services; auditors: 'show mTLS'."})
    session = Session(questionnaire)
    Interview(session, prompter, today=TODAY).run()
    return session


def test_the_review_table_fits_80_columns_and_matches_the_golden_file(questionnaire: Questionnaire) -> None:
    session = _full_session(questionnaire)
    table = Interview(session, ScriptedPrompter(), today=TODAY).review_table()
    text = "\n".join(line for _, line in review_lines(table, 80)) + "\n"
    assert max(len(line) for line in text.splitlines()) <= 79
    golden = GOLDEN / "review-table.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(text)
    assert text == golden.read_text()


@pytest.mark.parametrize("name", ["answers.yaml", "answers.json"])
def test_a_saved_file_round_trips_byte_for_byte(questionnaire: Questionnaire, tmp_path: Path, name: str) -> None:
    session = _full_session(questionnaire)
    path = str(tmp_path / name)
    write_answers(session.to_answers_file(), path)
    first = Path(path).read_bytes()
    loaded = load_answers_file(path)
    assert dump_answers(loaded, path).encode() == first
    # and through a new session, as --answers or --resume loads it
    again, warnings = Session.from_answers_file(questionnaire, loaded, path)
    assert warnings == []
    write_answers(again.to_answers_file(), path)
    assert Path(path).read_bytes() == first


def test_yaml_and_json_hold_the_same_answers(questionnaire: Questionnaire, tmp_path: Path) -> None:
    saved = _full_session(questionnaire).to_answers_file()
    write_answers(saved, str(tmp_path / "a.yaml"))
    write_answers(saved, str(tmp_path / "a.json"))
    assert load_answers_file(tmp_path / "a.yaml") == load_answers_file(tmp_path / "a.json") == saved
    assert dump_answers_file(parse_answers_file(saved.model_dump(mode="json"), "x")) == dump_answers_file(saved)
