"""``readiness interview``: the questions asked one by one in a terminal, answers saved to a file."""

from __future__ import annotations

import typer

HELP = """Interview someone in the terminal and save their answers file.

Questions come section by section with their defaults pre-selected; press ? on any question to see
why it matters. Follow-up questions appear only when they apply. At the end you review every answer,
change any of them, save, and see the verdict. Ctrl-C pauses: the answers so far are saved to a resume
file (ANSWERS.partial.yaml) and the command to continue is printed. Needs a terminal; to assess
without prompts use `readiness assess ANSWERS`.

Examples:

  readiness interview

  readiness interview -o acme.yaml --client "ACME Corp"

  readiness interview --resume answers.partial.yaml -o answers.yaml

  readiness interview --answers 2025.yaml -o 2026.yaml --review-all

  readiness interview --context prod -o answers.yaml

With --snapshot or --context the cluster is scanned first (read-only): what it shows (service count,
languages, protocols, clusters, observability, platform, existing mesh) becomes the pre-selected
answer, shown with its evidence, and the assessment offered at the end holds the scan's findings.

Exit codes: 0 saved, 1 invalid input (e.g. a bad --answers file), 2 usage error or no terminal,
130 interrupted (the answers so far are kept in the resume file).
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
    if not is_terminal(sys.stdin) or not is_terminal(ui):
        from readiness.errors import UsageError

        raise UsageError("the interview needs a terminal (stdin is not one); without prompts, "
                         "use: readiness assess ANSWERS")

    from functools import partial
    from pathlib import Path

    from prompt_toolkit.output import create_output

    from readiness.cli.common import now, use_color
    from readiness.cli.scan_cmd import request_rates, scan_for_answers
    from readiness.interview.prompts import QuestionaryPrompter
    from readiness.interview.run import InterviewRequest, OutputOffer, run_interview
    from readiness.report import FORMATS, render

    stamp = now()
    rates = request_rates(rps)
    scan = scan_for_answers(snapshot, source, context, kubeconfig, stamp)
    prompter = QuestionaryPrompter(output=create_output(stdout=ui))
    base = "" if output == "-" else str(Path(output).with_suffix(""))
    prefix = f"{base}." if base else ""
    offers = [OutputOffer("assessment", "assessment (JSON)", f"{prefix}assessment.json",
                          partial(render, fmt="json"))]
    for fmt, label in (("pdf", "report (PDF)"), ("md", "report (Markdown)")):
        if fmt in FORMATS:
            offers.append(OutputOffer(f"report_{fmt}", label, f"{prefix}report.{fmt}", partial(render, fmt=fmt)))

    request = InterviewRequest(
        today=stamp.date(), generated_at=stamp, output=output, questionnaire=questionnaire, resume=resume,
        answers=answers, review_all=review_all, client=client, offers=tuple(offers), scan=scan, rates=rates,
        color=use_color(ui),
        width=prompter.width)
    code = run_interview(request, prompter)
    if code:
        raise typer.Exit(code)
