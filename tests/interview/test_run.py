"""A whole run with files: save, verdict, offered outputs, Ctrl-C and resume, pre-fill, usage errors."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.app.assess import Rules, assess
from readiness.app.inputs import load_answers_file
from readiness.app.scan import scan_clusters
from readiness.errors import EXIT_INTERRUPTED, AnswersError, ReportError, UsageError
from readiness.interview.run import InterviewRequest, OutputOffer, run_interview
from readiness.models import Assessment, PlanCatalogue, Questionnaire, RiskCatalogue
from readiness.report import render
from readiness.scan.collect import ScanRequest
from tests.interview.conftest import TODAY
from tests.interview.scripted import INTERRUPT, ScriptedPrompter
from tests.interview.test_flow import A_TEAM

STAMP = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def request(**options: Any) -> InterviewRequest:
    return InterviewRequest(today=TODAY, generated_at=STAMP, **options)


def offers() -> tuple[OutputOffer, ...]:
    return (OutputOffer("assessment", "The assessment (JSON)", "answers.assessment.json",
                        lambda a: render(a, "json")),
            OutputOffer("report_md", "A report (Markdown)", "answers.report.md", lambda a: render(a, "md")))


def test_a_run_saves_the_answers_shows_the_verdict_and_writes_what_was_chosen(
        questionnaire: Questionnaire, catalogue: PlanCatalogue, risk_catalogue: RiskCatalogue) -> None:
    prompter = ScriptedPrompter({**A_TEAM, "client": "ACME", "assessor": "Ana", "outputs": ["assessment"]})
    assert run_interview(request(offers=offers()), prompter) == 0
    saved = Path("answers.yaml")
    assert not Path("answers.partial.yaml").exists()
    expected = assess(Rules(questionnaire, catalogue, risk_catalogue), load_answers_file(saved), str(saved), STAMP)
    written = Assessment.model_validate_json(Path("answers.assessment.json").read_text())
    assert written == expected, "the same document `readiness assess` writes for these answers"
    assert written.mesh_options is not None and written.cost is not None
    assert not Path("answers.report.md").exists()
    summary = prompter.summaries[0]
    assert summary.startswith(f"Verdict: {expected.recommendation.title} ({expected.recommendation.category})")
    assert "Top drivers:" in summary
    assert "Saved 36 answers to answers.yaml." in prompter.messages
    assert prompter.messages[0].startswith("Service mesh readiness — up to 37 questions in 8 sections.")


def test_ctrl_c_keeps_every_answer_and_prints_the_command_that_continues(questionnaire: Questionnaire) -> None:
    script = {**A_TEAM, "client": "ACME", "assessor": "Ana"}
    assert run_interview(request(output="whole.yaml"), ScriptedPrompter(script)) == 0

    first = ScriptedPrompter({**script, "compliance": INTERRUPT})
    assert run_interview(request(output="answers.yaml", client=None), first) == EXIT_INTERRUPTED
    assert not Path("answers.yaml").exists()
    partial = load_answers_file("answers.partial.yaml")
    assert list(partial.answers)[-1] == "latency_budget_ms" and len(partial.answers) == 19
    assert first.messages[-1] == ("Interrupted. Your 19 answers are saved in answers.partial.yaml.\n"
                                  "Continue where you left off with:\n"
                                  "  readiness interview --resume answers.partial.yaml -o answers.yaml")

    second = ScriptedPrompter(script)
    assert run_interview(request(output="answers.yaml", resume="answers.partial.yaml"), second) == 0
    assert second.keys[0] == "compliance"
    assert "Continuing: 19 answered, 14 to go (about 5 min)." in second.messages[0]
    assert Path("answers.yaml").read_bytes() == Path("whole.yaml").read_bytes()
    assert not Path("answers.partial.yaml").exists()


def test_progress_is_on_disk_after_every_answer(questionnaire: Questionnaire) -> None:
    seen: list[int] = []

    class Watching(ScriptedPrompter):
        def ask_choice(self, ask: Any) -> str:
            if Path("answers.partial.yaml").exists():
                seen.append(len(load_answers_file("answers.partial.yaml").answers))
            return super().ask_choice(ask)

    assert run_interview(request(), Watching({"client": ""})) == 0
    # before each choice question, the file holds every answer given so far
    assert seen[:3] == [2, 9, 10]


def test_an_unfinished_interview_found_at_start_is_offered(questionnaire: Questionnaire) -> None:
    Path("answers.partial.yaml").write_text("answers: {service_count: 21}\n")
    prompter = ScriptedPrompter({"continue": True})
    assert run_interview(request(), prompter) == 0
    assert prompter.keys[0] == "continue" and "client" not in prompter.keys
    assert "(1 answer) is saved in answers.partial.yaml" in prompter.asked[0].message
    assert load_answers_file("answers.yaml").answers["service_count"] == 21

    Path("answers.partial.yaml").write_text("answers: {service_count: 21}\n")
    fresh = ScriptedPrompter({"continue": False, "client": ""})
    assert run_interview(request(), fresh) == 0
    assert load_answers_file("answers.yaml").answers["service_count"] == 3

    # also when the interrupted run had pre-filled from another file
    Path("old.yaml").write_text("answers: {service_count: 30, clusters: 2}\n")
    Path("answers.partial.yaml").write_text("answers: {service_count: 30, clusters: 2, team_count: 5}\n")
    again = ScriptedPrompter({"continue": True})
    assert run_interview(request(answers="old.yaml"), again) == 0
    assert load_answers_file("answers.yaml").answers["team_count"] == 5


def test_interrupting_before_any_answer_leaves_no_file() -> None:
    prompter = ScriptedPrompter({"client": INTERRUPT})
    assert run_interview(request(), prompter) == EXIT_INTERRUPTED
    assert list(Path().iterdir()) == []
    assert prompter.messages[-1] == "Interrupted before the first answer; nothing to save."


def test_ctrl_c_at_the_file_offer_keeps_the_saved_answers() -> None:
    prompter = ScriptedPrompter({"client": "", "outputs": INTERRUPT})
    assert run_interview(request(offers=offers()), prompter) == EXIT_INTERRUPTED
    assert Path("answers.yaml").is_file() and not Path("answers.partial.yaml").exists()
    assert prompter.messages[-1] == "Interrupted. Your answers are saved in answers.yaml."


def test_pre_fill_asks_only_what_is_missing_and_names_the_file(questionnaire: Questionnaire) -> None:
    Path("2025.yaml").write_text(yaml.safe_dump({"engagement": {"client": "ACME", "date": "2025-01-10"},
                                                 "answers": A_TEAM}))
    prompter = ScriptedPrompter()
    assert run_interview(request(answers="2025.yaml", output="2026.yaml"), prompter) == 0
    assert "client" not in prompter.keys
    assert len([k for k in prompter.keys if questionnaire_has(questionnaire, k)]) == 36 - len(A_TEAM)
    assert ("Pre-filled 22 answers from 2025.yaml; asking only what is missing (14 questions)."
            in prompter.messages[0])
    saved = load_answers_file("2026.yaml")
    assert saved.engagement is not None and saved.engagement.client == "ACME"
    assert {k: saved.answers[k] for k in A_TEAM} == A_TEAM


def questionnaire_has(questionnaire: Questionnaire, key: str) -> bool:
    return any(q.id == key for q in questionnaire.questions())


def test_json_output_is_json_and_round_trips() -> None:
    assert run_interview(request(output="answers.json"), ScriptedPrompter({**A_TEAM, "client": ""})) == 0
    text = Path("answers.json").read_text()
    data = json.loads(text)
    assert data["answers"]["languages"] == ["go", "java", "python"]
    assert data["questionnaire"] == "service-mesh-readiness@1.0.0"


@pytest.mark.parametrize(("options", "message"), [
    ({"review_all": True}, "--review-all needs --answers FILE"),
    ({"resume": "a.yaml", "review_all": True}, "--review-all needs --answers FILE"),
    ({"answers": "answers.partial.yaml", "review_all": True},
     "--answers answers.partial.yaml: is the resume file of this run, which keeps only the answers confirmed so far"),
    ({"resume": "r.yaml", "answers": "./r.yaml", "review_all": True}, "--answers ./r.yaml: is the resume file"),
    ({"client": "x" * 201}, "--client: That is 201 characters; keep it to 200."),
    ({"client": "  "}, "--client: expected a name"),
    ({"output": "folder"}, "-o folder: is a folder; name a file, e.g. folder/answers.yaml"),
])
def test_usage_errors_come_before_any_question(options: dict[str, Any], message: str) -> None:
    Path("folder").mkdir()
    prompter = ScriptedPrompter()
    with pytest.raises(UsageError, match=re.escape(message)):
        run_interview(request(**options), prompter)
    assert prompter.asked == []


def test_an_output_that_cannot_be_written_keeps_the_answers_in_the_resume_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.interview.run as run_module

    def refuse(answers_file: Any, path: str) -> None:
        raise run_module.ReadinessError(f"{path}: cannot write (disk full)")

    monkeypatch.setattr(run_module, "write_answers", refuse)
    prompter = ScriptedPrompter({"client": ""})
    with pytest.raises(run_module.ReadinessError, match="disk full"):
        run_interview(request(), prompter)
    assert len(load_answers_file("answers.partial.yaml").answers) == 32
    assert prompter.messages[-1] == ("Your answers are kept in answers.partial.yaml; once answers.yaml can be "
                                     "written, continue with:\n  readiness interview --resume answers.partial.yaml "
                                     "-o answers.yaml")


def test_an_offer_that_cannot_be_made_here_is_not_offered() -> None:
    never = OutputOffer("report_pdf", "A report (PDF)", "answers.report.pdf", lambda a: b"", available=lambda: False)
    prompter = ScriptedPrompter({"client": "", "outputs": ["report_md"]})
    assert run_interview(request(offers=(*offers(), never)), prompter) == 0
    offer = next(a for a in prompter.asked if a.key == "outputs")
    assert [o.value for o in offer.options] == ["assessment", "report_md"]


@pytest.mark.parametrize("error", [
    OSError("cannot load library 'libpango-1.0-0':\nlibpango-1.0-0: cannot open shared object file"),
    ReportError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"),
])
def test_a_file_that_cannot_be_written_is_one_line_and_the_others_are_still_written(error: Exception) -> None:
    def no_pango(assessment: Assessment) -> bytes:
        raise error

    pdf = OutputOffer("report_pdf", "A report (PDF)", "answers.report.pdf", no_pango)
    prompter = ScriptedPrompter({"client": "", "outputs": ["assessment", "report_pdf", "report_md"]})
    assert run_interview(request(offers=(pdf, *offers())), prompter) == 1
    shown = [re.sub(r"\(\d+ KB\)", "(N KB)", m) for m in prompter.messages[-6:]]
    assert shown == [
        "Writing answers.report.pdf…",
        "error: A report (PDF) not written to answers.report.pdf: cannot load library 'libpango-1.0-0': "
        "libpango-1.0-0: cannot open shared object file",
        "Writing answers.assessment.json…", "Written: The assessment (JSON) to answers.assessment.json (N KB).",
        "Writing answers.report.md…", "Written: A report (Markdown) to answers.report.md (N KB)."]
    assert Path("answers.yaml").is_file() and Path("answers.assessment.json").is_file()
    assert Path("answers.report.md").is_file() and not Path("answers.report.pdf").exists()


def test_a_bad_pre_fill_file_is_reported_before_any_question() -> None:
    Path("old.yaml").write_text("answers:\n  service_count: lots\n  clusters: 0\n")
    prompter = ScriptedPrompter()
    with pytest.raises(AnswersError) as err:
        run_interview(request(answers="old.yaml"), prompter)
    assert err.value.lines() == ["old.yaml: answers.service_count: expected a whole number, found the text 'lots'",
                                 "old.yaml: answers.clusters: expected at least 1, found 0"]
    assert prompter.asked == []


def test_a_complete_pre_fill_goes_straight_to_the_review_and_review_all_asks_again() -> None:
    assert run_interview(request(output="done.yaml"), ScriptedPrompter({"client": "ACME", "assessor": ""})) == 0
    prompter = ScriptedPrompter()
    assert run_interview(request(answers="done.yaml", output="again.yaml"), prompter) == 0
    assert prompter.keys == ["review"]
    assert "Pre-filled 32 answers from done.yaml; every question is answered, so on to the review." \
        in prompter.messages[0]
    assert Path("again.yaml").read_bytes() == Path("done.yaml").read_bytes()

    everything = ScriptedPrompter()
    assert run_interview(request(answers="done.yaml", output="again.yaml", review_all=True), everything) == 0
    assert "asking every question again (32), your earlier answers pre-selected." in everything.messages[0]
    assert len(everything.keys) == 32 + 8 + 1  # every question, a note per section (consultant mode), review


def test_a_snapshot_pre_fills_detected_answers_and_feeds_the_assessment(
        questionnaire: Questionnaire, catalogue: PlanCatalogue) -> None:
    from tests.conftest import realdata_dir

    scan = scan_clusters(ScanRequest(snapshots=[str(realdata_dir() / "sock-shop")], live_default=False), STAMP)
    assert scan.detected["service_count"].value == 8
    script = {k: v for k, v in A_TEAM.items() if k != "service_count"}
    prompter = ScriptedPrompter({**script, "client": "ACME", "assessor": "Ana", "outputs": ["assessment"]})
    assert run_interview(request(offers=offers(), scan=scan), prompter) == 0
    ask = next(a for a in prompter.asked if a.key == "service_count")
    assert ask.default == 8, "the detected count is the pre-selected answer"
    assert "Detected: 8 services (" in ask.help, "shown with its evidence"
    written = Assessment.model_validate_json(Path("answers.assessment.json").read_text())
    assert written.scan is not None and written.scan.clusters[0].totals.business_services == 8
    assert written.precheck is not None, "the scan's objects reach the precheck"


def test_partial_scan_evidence_is_a_hint_in_the_help_and_not_a_default(questionnaire: Questionnaire) -> None:
    from tests.conftest import realdata_dir

    scan = scan_clusters(ScanRequest(snapshots=[str(realdata_dir() / "sock-shop")], live_default=False), STAMP)
    assert "languages" not in scan.detected and "languages" in scan.hints
    prompter = ScriptedPrompter({**A_TEAM, "client": "ACME", "assessor": "Ana"})
    assert run_interview(request(scan=scan), prompter) == 0
    ask = next(a for a in prompter.asked if a.key == "languages")
    assert "Seen in the scan, not enough to pre-select: " in ask.help and "java" in ask.help.lower()
    assert ask.default in ([], None), "a hint is never pre-selected"
