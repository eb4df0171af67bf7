"""Starting an interview from the command line: check the terminal, run the scan, name the files to offer."""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from readiness.app.clock import now
from readiness.app.scan import scan_for_answers
from readiness.app.ui import QUIET, Ui
from readiness.console.terminal import is_terminal, use_color
from readiness.errors import UsageError
from readiness.interview.run import InterviewRequest, OutputOffer, run_interview
from readiness.mesh.cost import RequestRates
from readiness.report import render
from readiness.report.pdf import pdf_available
from readiness.scan.collect import ScanRequest


@dataclass(frozen=True)
class InterviewOptions:
    """The interview's command-line options, as typed (the resume command repeats them)."""

    output: str = "answers.yaml"
    questionnaire: str | None = None
    resume: str | None = None
    answers: str | None = None
    review_all: bool = False
    client: str | None = None
    snapshots: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    kubeconfig: str | None = None
    sources: tuple[str, ...] = ()
    rps: tuple[str, ...] = ()
    respondent: str | None = None
    role: str | None = None
    sections: tuple[str, ...] = ()


def start(options: InterviewOptions, ui: Ui = QUIET) -> int:
    """Run an interview in this terminal; its exit code. The prompts draw on stderr (stdout when stderr is
    redirected) and read keys from stdin."""
    problem = terminal_problem(is_terminal(sys.stdin), is_terminal(sys.stdout), is_terminal(sys.stderr))
    if problem:
        raise UsageError(f"the interview needs a terminal ({problem}); without prompts, use: readiness assess ANSWERS")
    from prompt_toolkit.output import create_output

    from readiness.interview.prompts import QuestionaryPrompter

    screen = sys.stderr if is_terminal(sys.stderr) else sys.stdout
    prompter = QuestionaryPrompter(output=create_output(stdout=screen))
    request = interview_request(options, ui=ui, color=use_color(screen), width=prompter.width)
    return run_interview(request, prompter)


def interview_request(options: InterviewOptions, *, ui: Ui = QUIET, color: bool = False,
                      width: int = 80) -> InterviewRequest:
    """The run the options ask for: the scan and request rates done, the files to offer named, and the options
    as typed kept for the command that resumes it."""
    stamp = now()
    rates = RequestRates.parse(options.rps)
    scan = scan_for_answers(ScanRequest(snapshots=options.snapshots, sources=options.sources,
                                        contexts=options.contexts, kubeconfig=options.kubeconfig, live_default=False,
                                        progress=ui.progress, notice=ui.notice), stamp, ui.warn)
    return InterviewRequest(
        today=stamp.date(), generated_at=stamp, output=options.output, questionnaire=options.questionnaire,
        resume=options.resume, answers=options.answers, review_all=options.review_all, client=options.client,
        offers=output_offers(options.output), scan=scan, rates=rates, snapshots=options.snapshots,
        contexts=options.contexts, sources=options.sources, kubeconfig=options.kubeconfig, rps=options.rps,
        respondent=options.respondent, role=options.role, sections=options.sections, color=color, width=width,
        program=invoked_as())


def invoked_as(argv0: str | None = None) -> str:
    """The command that started this process, as a user can type it again: ``readiness`` when that is what the
    shell finds, else the path used (``.venv/bin/readiness``) or ``python -m readiness``."""
    argv0 = argv0 if argv0 is not None else (sys.argv[0] if sys.argv else "readiness")
    if not argv0 or argv0 == "-m" or argv0.endswith("__main__.py"):
        return shlex.join([sys.executable, "-m", "readiness"])
    if not Path(argv0).is_file():  # started from Python itself (python -c, a test runner): the usual name
        return "readiness"
    found = shutil.which("readiness")
    if found and Path(found).resolve() == Path(argv0).resolve():
        return "readiness"
    return shlex.quote(argv0)


def terminal_problem(stdin: bool, stdout: bool, stderr: bool) -> str | None:
    """Which streams keep the interview from running (given whether each is a terminal), or None.

    It reads keys from stdin and draws on stderr, or on stdout when stderr is redirected.
    """
    if stdin and (stdout or stderr):
        return None
    if stdout or stderr:
        return "stdin is not one"
    return "neither stdout nor stderr is one" if stdin else "neither stdin, stdout nor stderr is one"


def output_offers(output: str) -> tuple[OutputOffer, ...]:
    """The files offered once the answers are saved, named after them: the assessment, the reports.

    The PDF report is offered only where it can be rendered (WeasyPrint and its Pango library load); that is
    checked when the offer is made, at the end, so the interview starts without loading them.
    """
    base = "" if output == "-" else str(Path(output).with_suffix(""))
    prefix = f"{base}." if base else ""
    return (
        OutputOffer("assessment", "assessment (JSON)", f"{prefix}assessment.json", partial(render, fmt="json")),
        OutputOffer("report_pdf", "report (PDF)", f"{prefix}report.pdf", partial(render, fmt="pdf"),
                    available=pdf_available),
        OutputOffer("report_html", "report (HTML)", f"{prefix}report.html", partial(render, fmt="html")),
        OutputOffer("report_md", "report (Markdown)", f"{prefix}report.md", partial(render, fmt="md")),
    )
