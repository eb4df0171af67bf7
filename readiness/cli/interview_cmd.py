"""``readiness interview``: the questions asked one by one in a terminal, answers saved to a file."""

from __future__ import annotations

from typing import Any

import typer

HELP = """Interview someone in the terminal and save their answers file.

Questions come section by section with their defaults pre-selected; press ? on any question to see
why it matters. Follow-up questions appear only when they apply. At the end you review every answer,
change any of them, save, and see the verdict. Ctrl-C pauses: the answers so far are saved to a resume
file (ANSWERS.partial.yaml) and the command to continue is printed, with every option that shaped the
run (questionnaire, scan, rates). Needs a terminal; to assess without prompts use `readiness assess ANSWERS`.

With --answers OLD --review-all, the resume file keeps only the answers confirmed in this run, and the
command to continue names OLD again: the review goes on at the first answer not yet confirmed, the
others still pre-selected from OLD (so keep OLD until the interview is done).

Examples:

\b
  readiness interview
  readiness interview -o acme.yaml --client "ACME Corp"
  readiness interview --resume answers.partial.yaml -o answers.yaml
  readiness interview --answers 2025.yaml -o 2026.yaml --review-all
  readiness interview --resume 2026.partial.yaml -o 2026.yaml --answers 2025.yaml --review-all
  readiness interview --context prod -o answers.yaml --rps 800

With --snapshot or --context the cluster is scanned first (read-only): what it shows (service count,
languages, protocols, clusters, observability, platform, existing mesh) becomes the pre-selected
answer, shown with its evidence, and the assessment offered at the end holds the scan's findings.

Exit codes: 0 saved, 1 invalid input (e.g. a bad --answers file) or an offered file (e.g. the PDF)
not written, 2 usage error or no terminal, 130 interrupted (the answers so far are kept in the resume
file).
"""


def interview(
    output: str = typer.Option("answers.yaml", "-o", "--output",
                               help="answers file to save (YAML; JSON for *.json; - for stdout)"),
    questionnaire: str = typer.Option(None, "--questionnaire", "-q",
                                      help="questionnaire id or file (default: the bundled one)"),
    resume: str = typer.Option(None, "--resume", metavar="FILE",
                               help="continue an interrupted interview from its resume file"),
    answers: str = typer.Option(None, "--answers", metavar="PARTIAL",
                                help="pre-fill from an answers file and ask only what is missing"),
    review_all: bool = typer.Option(False, "--review-all",
                                    help="with --answers: ask every question, the earlier answers pre-selected"),
    client: str = typer.Option(None, "--client", metavar="NAME",
                               help="consultant mode: the client's name; also asks assessor, date and notes"),
    snapshot: list[str] = typer.Option(None, "--snapshot", "-s", metavar="PATH",
                                       help="pre-fill from a manifests folder/file or kubectl -o json dump "
                                            "(repeatable)"),
    context: list[str] = typer.Option(None, "--context", "-c", metavar="NAME",
                                      help="pre-fill from a live, read-only scan of this kube context (repeatable)"),
    kubeconfig: str = typer.Option(None, "--kubeconfig", metavar="FILE", help="kubeconfig for --context"),
    source: list[str] = typer.Option(None, "--source", metavar="DIR",
                                     help="source checkout for languages, with --snapshot/--context (repeatable)"),
    rps: list[str] = typer.Option(None, "--rps", metavar="N|SERVICE=N",
                                  help="requests/s between services, for the cost estimate (repeatable)"),
) -> None:
    """Interview someone in the terminal."""
    import sys

    from readiness.cli.common import is_terminal

    ui = sys.stderr if is_terminal(sys.stderr) else sys.stdout
    problem = terminal_problem(is_terminal(sys.stdin), is_terminal(sys.stdout), is_terminal(sys.stderr))
    if problem:
        from readiness.errors import UsageError

        raise UsageError(f"the interview needs a terminal ({problem}); without prompts, "
                         "use: readiness assess ANSWERS")

    from prompt_toolkit.output import create_output

    from readiness.cli.common import use_color
    from readiness.interview.prompts import QuestionaryPrompter
    from readiness.interview.run import run_interview

    prompter = QuestionaryPrompter(output=create_output(stdout=ui))
    request = interview_request(
        output=output, questionnaire=questionnaire, resume=resume, answers=answers, review_all=review_all,
        client=client, snapshot=snapshot, context=context, kubeconfig=kubeconfig, source=source, rps=rps,
        color=use_color(ui), width=prompter.width)
    code = run_interview(request, prompter)
    if code:
        raise typer.Exit(code)


def interview_request(*, output: str, questionnaire: str | None, resume: str | None, answers: str | None,
                      review_all: bool, client: str | None, snapshot: list[str] | None, context: list[str] | None,
                      kubeconfig: str | None, source: list[str] | None, rps: list[str] | None, color: bool = False,
                      width: int = 80) -> Any:
    """The run the options ask for (an ``InterviewRequest``): the scan and request rates done, the files to
    offer named, and the options as typed kept for the command that resumes it."""
    from readiness.cli.common import now
    from readiness.cli.scan_cmd import request_rates, scan_for_answers
    from readiness.interview.run import InterviewRequest

    stamp = now()
    rates = request_rates(rps)
    scan = scan_for_answers(snapshot, source, context, kubeconfig, stamp)
    return InterviewRequest(
        today=stamp.date(), generated_at=stamp, output=output, questionnaire=questionnaire, resume=resume,
        answers=answers, review_all=review_all, client=client, offers=output_offers(output), scan=scan, rates=rates,
        snapshots=tuple(snapshot or ()), contexts=tuple(context or ()), sources=tuple(source or ()),
        kubeconfig=kubeconfig, rps=tuple(rps or ()), color=color, width=width)


def terminal_problem(stdin: bool, stdout: bool, stderr: bool) -> str | None:
    """Which streams keep the interview from running (given whether each is a terminal), or None.

    It reads keys from stdin and draws on stderr, or on stdout when stderr is redirected.
    """
    if stdin and (stdout or stderr):
        return None
    if stdout or stderr:
        return "stdin is not one"
    return "neither stdout nor stderr is one" if stdin else "neither stdin, stdout nor stderr is one"


def output_offers(output: str) -> tuple[Any, ...]:
    """The files offered once the answers are saved, named after them: the assessment, the reports.

    The PDF report is offered only where it can be rendered (WeasyPrint and its Pango library load);
    that is checked when the offer is made, at the end, so the interview starts without loading them.
    """
    from functools import partial
    from pathlib import Path

    from readiness.interview.run import OutputOffer
    from readiness.report import render
    from readiness.report.pdf import pdf_available

    base = "" if output == "-" else str(Path(output).with_suffix(""))
    prefix = f"{base}." if base else ""
    return (
        OutputOffer("assessment", "assessment (JSON)", f"{prefix}assessment.json", partial(render, fmt="json")),
        OutputOffer("report_pdf", "report (PDF)", f"{prefix}report.pdf", partial(render, fmt="pdf"),
                    available=pdf_available),
        OutputOffer("report_md", "report (Markdown)", f"{prefix}report.md", partial(render, fmt="md")),
    )

