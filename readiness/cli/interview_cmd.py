"""``readiness interview``: the questions asked one by one in a terminal, answers saved to a file."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.cli.options import Contexts, Kubeconfig, Questionnaire, Rates, Snapshots, Sources, items, terminal_ui

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
  readiness interview -o security.yaml --respondent "Dana Reyes" --role security_lead --sections security

Interviewing several people: --respondent and --role are saved in the answers file, --sections
limits the questions (and the saved answers) to some sections (their ids are in brackets in
`readiness questionnaire show`), and `readiness assess cto.yaml platform.yaml security.yaml` merges
the files (see its help).

With --snapshot or --context the cluster is scanned first (read-only): what it shows (service count,
languages, protocols, clusters, observability, platform, existing mesh) becomes the pre-selected
answer, shown with its evidence, and the assessment offered at the end holds the scan's findings.

Exit codes: 0 saved, 1 invalid input (e.g. a bad --answers file) or an offered file (e.g. the PDF)
not written, 2 usage error or no terminal, 130 interrupted (the answers so far are kept in the resume
file).
"""


def interview(
    output: str = typer.Option("answers.yaml", "-o", "--output", metavar="FILE",
                               help="answers file to save (YAML; JSON for *.json; - for stdout)"),
    questionnaire: Questionnaire = None,
    resume: str = typer.Option(None, "--resume", metavar="FILE",
                               help="continue an interrupted interview from its resume file"),
    answers: str = typer.Option(None, "--answers", metavar="PARTIAL",
                                help="pre-fill from an answers file and ask only what is missing"),
    review_all: bool = typer.Option(False, "--review-all",
                                    help="with --answers: ask every question, the earlier answers pre-selected"),
    client: str = typer.Option(None, "--client", metavar="NAME",
                               help="consultant mode: the client's name; also asks assessor, date and notes"),
    snapshot: Snapshots = None,
    context: Contexts = None,
    kubeconfig: Kubeconfig = None,
    source: Sources = None,
    rps: Rates = None,
    respondent: str = typer.Option(None, "--respondent", metavar="NAME",
                                   help="the person interviewed, saved in the answers file"),
    role: str = typer.Option(None, "--role", metavar="ROLE",
                             help="the respondent's role (cto, engineering_lead, platform_lead, security_lead)"),
    sections: str = typer.Option(None, "--sections", metavar="ID,ID",
                                 help="ask only the questions of these sections (comma-separated ids)"),
) -> None:
    """Interview someone in the terminal."""
    with loading_modules():
        from readiness.interview.start import InterviewOptions, start

    options = InterviewOptions(output=output, questionnaire=questionnaire, resume=resume, answers=answers,
                               review_all=review_all, client=client, snapshots=items(snapshot),
                               contexts=items(context), kubeconfig=kubeconfig, sources=items(source), rps=items(rps),
                               respondent=respondent, role=role,
                               sections=tuple(s.strip() for s in (sections or "").split(",") if s.strip()))
    code = start(options, terminal_ui())
    if code:
        raise typer.Exit(code)
