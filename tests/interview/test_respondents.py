"""`readiness interview --respondent NAME --role ROLE --sections ID,ID`: the respondent saved in the answers file,
only the questions of those sections asked, bad values usage errors; the files then merge with `assess A B`."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml

from readiness.cli.main import run
from readiness.errors import EXIT_INTERRUPTED, UsageError
from readiness.interview.run import run_interview
from readiness.models import Questionnaire
from tests.interview.scripted import INTERRUPT, ScriptedPrompter
from tests.interview.terminal import FIXED_EPOCH
from tests.interview.test_cmd import parsed, printed_command


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


def section_questions(questionnaire: Questionnaire, *sections: str) -> list[str]:
    return [q.id for s in questionnaire.sections if s.id in sections for q in s.questions]


def test_the_respondent_is_saved_and_only_the_sections_asked_are_asked(questionnaire: Questionnaire) -> None:
    prompter = ScriptedPrompter({"client": "", "compliance": ["pci_dss", "soc2"],
                                 "encryption_in_transit_required": True})
    request = parsed(["-o", "security.yaml", "--respondent", "Dana Reyes", "--role", "Security lead",
                      "--sections", "security,constraints"])
    assert run_interview(request, prompter) == 0
    saved = yaml.safe_load(Path("security.yaml").read_text())
    assert saved["respondent"] == {"name": "Dana Reyes", "role": "security_lead"}
    wanted = section_questions(questionnaire, "security", "constraints")
    asked = [k for k in prompter.keys if k in {q.id for q in questionnaire.questions()}]
    assert asked == wanted
    assert list(saved["answers"]) == wanted
    assert saved["answers"]["compliance"] == ["pci_dss", "soc2"]
    assert {sid.section_id for sid in prompter.sections} == {"security", "constraints"}
    table = prompter.tables[-1]
    assert [r.question_id for r in table.rows] == wanted, "the review shows the sections asked"
    assert prompter.messages[0].startswith("Service mesh readiness — 7 questions in 2 sections.")


def test_interviews_of_two_people_merge_with_assess(capsys: pytest.CaptureFixture[str]) -> None:
    cto = ScriptedPrompter({"client": "", "service_count": 30, "adoption_window": "now"})
    assert run_interview(parsed(["-o", "cto.yaml", "--respondent", "Maria Chen", "--role", "cto",
                                 "--sections", "scale,constraints"]), cto) == 0
    platform = ScriptedPrompter({"client": "", "service_count": 24, "kubernetes_experience": "expert"})
    assert run_interview(parsed(["-o", "platform.yaml", "--respondent", "Sam Okafor", "--role", "platform_lead",
                                 "--sections", "scale,platform"]), platform) == 0
    assert run(["assess", "cto.yaml", "platform.yaml", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    # the 12-month estimate was asked too, with each one's count pre-selected
    assert [(c["question"], c["used"], c["rule"]) for c in document["conflicts"]] == [
        ("service_count", 30, "owner"), ("expected_service_count_12m", 30, "owner")]
    assert [r["name"] for r in document["respondents"]] == ["Maria Chen", "Sam Okafor"]


def test_the_resume_command_keeps_the_sections_and_the_resume_file_the_respondent() -> None:
    first = ScriptedPrompter({"client": "", "zero_trust_mandate": INTERRUPT})
    argv = ["-o", "sec.yaml", "--respondent", "Dana Reyes", "--role", "security_lead", "--sections", "security"]
    assert run_interview(parsed(argv), first) == EXIT_INTERRUPTED
    resume = printed_command(first)
    assert shlex.join(resume) == "--resume sec.partial.yaml -o sec.yaml --sections security"
    assert yaml.safe_load(Path("sec.partial.yaml").read_text())["respondent"]["name"] == "Dana Reyes"
    second = ScriptedPrompter({})
    assert run_interview(parsed(resume), second) == 0
    assert second.keys[0] == "zero_trust_mandate"
    saved = yaml.safe_load(Path("sec.yaml").read_text())
    assert saved["respondent"] == {"name": "Dana Reyes", "role": "security_lead"}
    assert set(saved["answers"]) <= {"compliance", "encryption_in_transit_required", "zero_trust_mandate",
                                     "service_identity"}


@pytest.mark.parametrize(("argv", "message"), [
    (["--sections", "security,networking"], "--sections: unknown section id 'networking'; the sections are scale, "
                                            "languages, delivery, operations, security, topology, platform, "
                                            "constraints"),
    (["--sections", "secruity"], "--sections: unknown section id 'secruity' (did you mean 'security'?)"),
    (["--respondent", "Lee", "--role", "wizard"], "--role: unknown role 'wizard'; expected one of cto, "
                                                  "engineering_lead, platform_lead, security_lead"),
    (["--role", "cto"], "--role needs --respondent NAME"),
    (["--respondent", "  "], "--respondent: expected a name"),
])
def test_bad_options_are_usage_errors_before_any_question(argv: list[str], message: str) -> None:
    prompter = ScriptedPrompter({})
    with pytest.raises(UsageError) as raised:
        run_interview(parsed(["-o", "a.yaml", *argv]), prompter)
    assert raised.value.message.startswith(message), raised.value.message
    assert prompter.asked == [] and not Path("a.yaml").exists()


def test_the_cli_exits_2_naming_the_valid_sections(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("readiness.interview.start.terminal_problem", lambda *streams: None)
    monkeypatch.setattr("readiness.interview.start.start", _start_with_script)
    assert run(["interview", "-o", "a.yaml", "--sections", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--sections: unknown section id 'nope'; the sections are scale," in err[0]


def _start_with_script(options: object, ui: object) -> int:
    from readiness.interview.start import InterviewOptions, interview_request

    assert isinstance(options, InterviewOptions)
    return run_interview(interview_request(options), ScriptedPrompter({}))
