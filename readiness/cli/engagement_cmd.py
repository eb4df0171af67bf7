"""``readiness engagement init|build``: a consultant's engagement folder, and every deliverable from it."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.cli.options import Brand, Paper, terminal_ui

HELP = """A consultant's engagement folder: set it up once, build every deliverable from it in one command.

The folder holds engagement.yaml (client, assessor, firm, date, brand, paper, formats), answers/ (one answers
file per respondent), scans/ (snapshot files or folders, one per cluster) and reports/. 'build' assesses the
answers with every scan and writes reports/assessment.json and a report in each format, all or nothing; with a
previous engagement's assessment saved as baseline.json, the progress report since then too.

Examples:

\b
  readiness engagement init acme/ --client "Acme Corp" --assessor "Jo Smith" --firm "Mesh Advisors"
  readiness interview --respondent "Ana Lee" --role cto -o acme/answers/ana.yaml
  kubectl get deploy,sts,ds,svc,pods,ns,nodes -A -o json > acme/scans/prod.json
  readiness engagement build acme/
"""

app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode=None)


@app.command("init", no_args_is_help=True)
def init(
    folder: str = typer.Argument(..., metavar="DIR", help="the engagement folder (created if missing)"),
    client: str = typer.Option(..., "--client", metavar="NAME", help="the client the reports are for"),
    assessor: str = typer.Option(None, "--assessor", metavar="NAME", help="who runs the assessment"),
    firm: str = typer.Option(None, "--firm", metavar="NAME", help="the consultancy"),
    date: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="the engagement date (default: each build's)"),
    brand: Brand = None,
    paper: Paper = None,
) -> None:
    """Set up an engagement folder: engagement.yaml and empty answers/, scans/ and reports/.

    Example: readiness engagement init acme/ --client "Acme Corp" --brand brand.yaml
    """
    with loading_modules():
        from readiness.app.engagement import InitCommand, init_engagement

    init_engagement(InitCommand(folder, client, assessor, firm, date, brand, paper), ui=terminal_ui())


@app.command("build", no_args_is_help=True)
def build(folder: str = typer.Argument(..., metavar="DIR", help="the engagement folder")) -> None:
    """Assess every respondent with every scan; write the assessment and the reports into DIR/reports/.

    Example: readiness engagement build acme/
    """
    with loading_modules():
        from readiness.app.engagement import build_engagement

    build_engagement(folder, ui=terminal_ui())
