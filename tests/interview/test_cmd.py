"""The command layer: options parsed by the real CLI, the resume command it prints, the files it offers."""

from __future__ import annotations

import datetime as dt
import importlib.abc
import shlex
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import Any

import pytest

from readiness.app.inputs import load_answers_file
from readiness.app.rules import load_questionnaire
from readiness.cli.main import run
from readiness.errors import EXIT_INTERRUPTED
from readiness.interview.run import InterviewRequest, run_interview
from readiness.interview.start import InterviewOptions, interview_request, output_offers, terminal_problem
from readiness.models import Assessment
from readiness.report.pdf import pdf_available
from tests.conftest import realdata_dir
from tests.interview.conftest import TODAY
from tests.interview.scripted import INTERRUPT, ScriptedPrompter
from tests.interview.terminal import FIXED_EPOCH

BOOKINFO = str(realdata_dir() / "bookinfo")
STAMP = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)
QUESTION_IDS = {q.id for q in load_questionnaire(None).questions()}


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)


def parsed(argv: Sequence[str]) -> InterviewRequest:
    """``readiness interview ARGV`` as the real CLI parses it, turned into the run the command makes."""
    captured: list[InterviewOptions] = []

    def started(options: InterviewOptions, ui: object) -> int:
        captured.append(options)
        return 0

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("readiness.interview.start.start", started)
        assert run(["interview", *argv]) == 0
    return interview_request(captured[0])


def printed_command(prompter: ScriptedPrompter) -> list[str]:
    """The arguments of the `readiness interview` command the last message tells the user to run."""
    line = prompter.messages[-1].splitlines()[-1].strip()
    argv = shlex.split(line)
    assert argv[:2] == ["readiness", "interview"], line
    return argv[2:]


def test_ctrl_c_prints_a_command_that_keeps_every_option_and_resumes_the_same_run() -> None:
    Path("my src").mkdir()
    options = ["--questionnaire", "service-mesh-readiness", "--snapshot", BOOKINFO, "--source", "my src",
               "--rps", "500", "--client", "ACME"]
    script = {"assessor": "Ana", "compliance": ["pci_dss"], "outputs": ["assessment"]}
    assert run_interview(parsed(["-o", "whole.yaml", *options]), ScriptedPrompter(script)) == 0

    first = ScriptedPrompter({**script, "compliance": INTERRUPT})
    assert run_interview(parsed(["-o", "ans.yaml", *options]), first) == EXIT_INTERRUPTED
    argv = printed_command(first)
    assert shlex.join(argv) == ("--resume ans.partial.yaml -o ans.yaml --questionnaire service-mesh-readiness "
                                f"--snapshot {BOOKINFO} --source 'my src' --rps 500")

    second = ScriptedPrompter(script)
    assert run_interview(parsed(argv), second) == 0
    assert second.keys[0] == "compliance"
    platform = next(a for a in second.asked if a.key == "platform")
    assert "Detected: " in platform.help, "the resumed run has the scan's pre-fill and evidence"
    assert Path("ans.yaml").read_bytes() == Path("whole.yaml").read_bytes()
    resumed = Assessment.model_validate_json(Path("ans.assessment.json").read_text())
    whole = Assessment.model_validate_json(Path("whole.assessment.json").read_text())
    assert resumed.scan is not None and resumed.precheck is not None and resumed.cost is not None
    assert resumed.cost.inputs.rps.value == 500
    assert resumed == whole


def test_the_resume_command_names_live_contexts_and_their_kubeconfig() -> None:
    request = InterviewRequest(today=TODAY, generated_at=STAMP, output="out dir/a.yaml", snapshots=("k8s/",),
                               contexts=("prod", "stage eu"), kubeconfig="/home/me/.kube/config", rps=("api=20",))
    prompter = ScriptedPrompter({"client": "", "architecture": INTERRUPT})
    Path("out dir").mkdir()
    assert run_interview(request, prompter) == EXIT_INTERRUPTED
    assert shlex.join(printed_command(prompter)) == (
        "--resume 'out dir/a.partial.yaml' -o 'out dir/a.yaml' --snapshot k8s/ --context prod --context 'stage eu' "
        "--kubeconfig /home/me/.kube/config --rps api=20")


def test_review_all_interrupted_continues_at_the_first_answer_not_yet_confirmed() -> None:
    assert run_interview(parsed(["-o", "done.yaml", "--client", "ACME"]), ScriptedPrompter({"assessor": ""})) == 0
    review = ["--answers", "done.yaml", "--review-all"]
    assert run_interview(parsed([*review, "-o", "whole.yaml"]), ScriptedPrompter({"service_count": 30})) == 0

    first = ScriptedPrompter({"service_count": 30, "architecture": INTERRUPT})
    assert run_interview(parsed([*review, "-o", "new.yaml"]), first) == EXIT_INTERRUPTED
    assert first.messages[-1].splitlines()[0] == ("Interrupted. 2 reviewed answers are saved in new.partial.yaml; "
                                                  "the others are still in done.yaml.")
    kept = load_answers_file("new.partial.yaml")
    assert list(kept.answers) == ["service_count", "expected_service_count_12m"]
    assert kept.answers["service_count"] == 30
    assert kept.engagement is not None and kept.engagement.client == "ACME"
    argv = printed_command(first)
    assert shlex.join(argv) == "--resume new.partial.yaml -o new.yaml --answers done.yaml --review-all"

    second = ScriptedPrompter()
    assert run_interview(parsed(argv), second) == 0
    assert "Continuing the review: 2 confirmed, 30 to go (about 10 min); the others pre-selected from done.yaml." \
        in second.messages[0]
    questions = [k for k in second.keys if k in QUESTION_IDS]
    assert questions[0] == "architecture" and len(questions) == 30
    assert Path("new.yaml").read_bytes() == Path("whole.yaml").read_bytes()
    assert not Path("new.partial.yaml").exists()


def test_an_unfinished_review_found_at_start_continues_with_the_pre_fill() -> None:
    assert run_interview(parsed(["-o", "done.yaml"]), ScriptedPrompter({"client": ""})) == 0
    review = ["--answers", "done.yaml", "--review-all", "-o", "new.yaml"]
    assert run_interview(parsed(review), ScriptedPrompter({"service_count": 30, "team_count": INTERRUPT})) \
        == EXIT_INTERRUPTED
    again = ScriptedPrompter({"continue": True})
    assert run_interview(parsed(review), again) == 0
    asked = [k for k in again.keys if k in QUESTION_IDS]
    assert asked[0] == "team_count" and len(asked) == 32 - 3
    saved = load_answers_file("new.yaml")
    assert saved.answers["service_count"] == 30
    assert len(saved.answers) == len(load_answers_file("done.yaml").answers)


# --- files offered at the end -----------------------------------------------------------------------


class _NoPango(importlib.abc.MetaPathFinder):
    """Makes ``import weasyprint`` fail as it does without the Pango library: OSError from loading it."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> ModuleSpec | None:
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
        return None


@pytest.fixture
def no_pango(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(sys, "meta_path", [_NoPango(), *sys.meta_path])


def test_the_pdf_report_is_offered_only_where_it_can_be_rendered(no_pango: None) -> None:
    assert pdf_available() is False
    prompter = ScriptedPrompter({"client": "", "outputs": ["report_md"]})
    assert run_interview(parsed(["-o", "acme.yaml"]), prompter) == 0
    offer = next(a for a in prompter.asked if a.key == "outputs")
    assert [o.value for o in offer.options] == ["assessment", "report_html", "report_md"]
    assert Path("acme.report.md").is_file()
    assert any(m.startswith("Written: report (Markdown) to acme.report.md (") for m in prompter.messages)


def test_the_pdf_report_is_offered_where_weasyprint_loads() -> None:
    offers = output_offers("clients/acme.yaml")
    assert [(o.key, o.path) for o in offers] == [("assessment", "clients/acme.assessment.json"),
                                                 ("report_pdf", "clients/acme.report.pdf"),
                                                 ("report_html", "clients/acme.report.html"),
                                                 ("report_md", "clients/acme.report.md")]
    assert [o.available() for o in offers if o.available is not None] == [pdf_available()]
    if pdf_available():  # this machine has Pango: the offer is made
        prompter = ScriptedPrompter({"client": "", "outputs": []})
        assert run_interview(parsed(["-o", "acme.yaml"]), prompter) == 0
        offer = next(a for a in prompter.asked if a.key == "outputs")
        assert [o.value for o in offer.options] == ["assessment", "report_pdf", "report_html", "report_md"]


def test_a_weasyprint_that_cannot_be_imported_is_not_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # ImportError
    pdf = next(o for o in output_offers("acme.yaml") if o.key == "report_pdf")
    assert pdf.available is not None and pdf.available() is False


# --- terminals -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("streams", "problem"), [
    ((True, True, True), None),
    ((True, False, True), None),   # answers drawn on stderr
    ((True, True, False), None),   # ... or on stdout
    ((False, True, True), "stdin is not one"),
    ((True, False, False), "neither stdout nor stderr is one"),
    ((False, False, False), "neither stdin, stdout nor stderr is one"),
])
def test_the_stream_that_is_not_a_terminal_is_named(streams: tuple[bool, bool, bool], problem: str | None) -> None:
    assert terminal_problem(*streams) == problem


def test_the_resume_hint_runs_as_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command printed after Ctrl-C is the one that started the run: `readiness` only when the shell finds
    that same program, else its path or `python -m readiness`."""
    from readiness.interview.start import invoked_as

    program = tmp_path / "venv" / "bin" / "readiness"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert invoked_as(str(program)) == str(program), "not on PATH: the path it was started by"
    monkeypatch.setenv("PATH", f"{program.parent}:/usr/bin:/bin")
    assert invoked_as(str(program)) == "readiness"
    assert invoked_as("-m").endswith(" -m readiness") and invoked_as("-m").startswith(sys.executable)
