"""``readiness report``: a saved Assessment in, a PDF, HTML, Markdown or JSON report out."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.cli.options import Brand, Paper, Templates, terminal_ui

HELP = """Render a report from a saved Assessment: PDF, HTML, Markdown or JSON.

ASSESSMENT is the JSON written by 'readiness assess -o assessment.json' (or - for stdin). A report is a
pure function of it, so a consultant can re-brand or re-render without re-interviewing or re-scanning.

The format is --format, else the -o extension (.pdf, .html, .md, .json); without -o, Markdown goes to
stdout. --brand takes a brand.yaml (firm_name, logo, primary_color, accent_color, footer, disclaimer,
paper); --templates takes a folder whose files override single bundled templates (the rest stay as
bundled). Custom templates run sandboxed (in a child process with capped memory), see plain data only,
and neither they nor the PDF renderer read a URL or a file outside the template and brand folders (links
inside a templates folder are refused). An assessment of up to 256 MB is read; long lists in the report
show their first items and how many more, and the JSON keeps them whole.

Several assessments at once: --out-dir DIR writes each in every format of --format (a comma list of pdf,
html, md; default pdf), named after its file (A.json -> DIR/A.pdf), in parallel worker processes, with a
line of progress per file; the options above apply to every file. An assessment that cannot be rendered is
one error line and nothing of it on disk; the others are written (exit 1 if any failed).

Examples:

  readiness report assessment.json -o report.pdf

  readiness report assessment.json -o report.pdf --brand brand.yaml --paper letter

  readiness report assessment.json -o report.html --templates my-templates/

  readiness report assessment.json --format md > REPORT.md

  readiness report cto.json cfo.json --out-dir reports --format pdf,html,md
"""


def report(
    assessments: list[str] = typer.Argument(..., metavar="ASSESSMENT",
                                            help="assessment JSON file, or - for stdin (several with --out-dir)"),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE",
                               help="write the report to this file (- for stdout)"),
    out_dir: str = typer.Option(None, "--out-dir", metavar="DIR",
                                help="write a report per assessment and format into this folder, named after "
                                     "the assessment (A.json -> DIR/A.pdf)"),
    output_format: str = typer.Option(None, "--format", "-f", metavar="pdf|html|md|json",
                                      help="pdf, html, md or json (default: from the -o extension, else md); "
                                           "with --out-dir a comma list of pdf, html, md (default: pdf)"),
    brand: Brand = None,
    templates: Templates = None,
    paper: Paper = None,
) -> None:
    """Render a report from a saved Assessment (or several, with --out-dir)."""
    with loading_modules():
        from readiness.app.batch import run_reports
        from readiness.app.render import Style

    run_reports(assessments, output, out_dir, output_format, Style(brand, templates, paper), ui=terminal_ui())
