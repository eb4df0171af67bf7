"""``readiness compare``: two saved assessments in, what moved between them out (JSON or a progress report)."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.cli.options import Brand, Paper, Templates, terminal_ui

HELP = """Compare two saved assessments of one client: what moved since the earlier one, and why.

BEFORE and AFTER are Assessment JSON files written by 'readiness assess -o' (one of them may be - for
stdin), of the same questionnaire major version. The comparison shows the verdict before and after, the
need, readiness and confidence deltas, the answers that changed, the signals that moved with what they said
then and now, the plan's progress (an exit criterion of the earlier plan counts as met when the new plan no
longer asks for it), the triggers of the earlier verdict that the new answers reached, and, when both
assessments scanned clusters, the pre-flight findings opened and closed.

The format is --format, else the -o extension: .json (the Comparison; see 'readiness schema comparison'),
.md, .html or .pdf (a "Progress since DATE" report, branded like 'readiness report'); without -o, Markdown
goes to stdout. The output is written atomically.

Examples:

\b
  readiness compare q1.json q3.json -o progress.pdf --brand brand.yaml
  readiness compare before.json after.json --format json | jq .verdict
  readiness compare before.json after.json > PROGRESS.md
"""


def compare(
    before: str = typer.Argument(..., metavar="BEFORE", help="the earlier assessment JSON (or - for stdin)"),
    after: str = typer.Argument(..., metavar="AFTER", help="the later assessment JSON (or - for stdin)"),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE",
                               help="write the comparison to this file (- for stdout)"),
    output_format: str = typer.Option(None, "--format", "-f", metavar="json|md|html|pdf",
                                      help="json, md, html or pdf (default: from the -o extension, else md)"),
    brand: Brand = None,
    templates: Templates = None,
    paper: Paper = None,
) -> None:
    """Compare two saved assessments."""
    with loading_modules():
        from readiness.app.compare import Style, run_compare

    run_compare(before, after, output, output_format, Style(brand, templates, paper), ui=terminal_ui())
