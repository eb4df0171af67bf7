"""``readiness questionnaire validate|show``."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.console.terminal import message

app = typer.Typer(help="Check or print a questionnaire.", no_args_is_help=True)


@app.command("validate", no_args_is_help=True)
def validate(path: str = typer.Argument(..., metavar="FILE", help="questionnaire YAML file")) -> None:
    """Check a questionnaire (and the plan catalogue beside it); report every problem with its path.

    Example: readiness questionnaire validate my-questionnaire.yaml
    """
    with loading_modules():
        from readiness.app.rules import validate_questionnaire

    message(validate_questionnaire(path))


@app.command("show")
def show(
    ref: str = typer.Argument(None, metavar="ID|FILE",
                              help="bundled questionnaire id or a YAML file (default: the bundled one)"),
    output_format: str = typer.Option("text", "--format", metavar="text|md", help="text or md"),
) -> None:
    """Print a questionnaire readably: sections, questions, choices, defaults, conditions and help.

    Examples:

    \b
      readiness questionnaire show
      readiness questionnaire show --format md > QUESTIONS.md
    """
    with loading_modules():
        from readiness.app.rules import show_questionnaire

    typer.echo(show_questionnaire(ref, output_format), nl=False)
