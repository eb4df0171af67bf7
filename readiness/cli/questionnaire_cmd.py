"""``readiness questionnaire validate|show``."""

from __future__ import annotations

import typer

app = typer.Typer(help="Check or print a questionnaire.", no_args_is_help=True)


@app.command("validate", no_args_is_help=True)
def validate(path: str = typer.Argument(..., help="questionnaire YAML file")) -> None:
    """Check a questionnaire (and the plan catalogue beside it); report every problem with its path.

    Example: readiness questionnaire validate my-questionnaire.yaml
    """
    from pathlib import Path

    from readiness.cli.common import message
    from readiness.core.questionnaire import PLAN_SUFFIX, load_plan_catalogue, load_questionnaire
    from readiness.errors import QuestionnaireError

    if not Path(path).exists():
        raise QuestionnaireError.single(path, "", "no such file")
    questionnaire = load_questionnaire(path)
    plan_path = Path(path).parent / f"{questionnaire.id}{PLAN_SUFFIX}"
    if plan_path.is_file():
        load_plan_catalogue(questionnaire, Path(path))
        message(f"{path}: ok — {questionnaire.ref}, {len(questionnaire.questions())} questions in "
                f"{len(questionnaire.sections)} sections; plan catalogue {plan_path.name} ok")
    else:
        message(f"{path}: ok — {questionnaire.ref}, {len(questionnaire.questions())} questions in "
                f"{len(questionnaire.sections)} sections (no plan catalogue beside it; the bundled one is used)")


@app.command("show")
def show(
    ref: str = typer.Argument(None, metavar="ID|FILE",
                              help="bundled questionnaire id or a YAML file (default: the bundled one)"),
    output_format: str = typer.Option("text", "--format", help="text or md"),
) -> None:
    """Print a questionnaire readably: sections, questions, choices, defaults, conditions and help.

    Examples:

    \b
      readiness questionnaire show
      readiness questionnaire show --format md > QUESTIONS.md
    """
    from readiness.console.questionnaire import questionnaire_text
    from readiness.core.questionnaire import load_questionnaire
    from readiness.errors import UsageError

    if output_format not in ("text", "md"):
        raise UsageError(f"--format: expected text or md, not {output_format!r}")
    typer.echo(questionnaire_text(load_questionnaire(ref), markdown=output_format == "md"), nl=False)
