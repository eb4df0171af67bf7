"""``readiness report``: a saved Assessment in, a PDF, HTML, Markdown or JSON report out."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from readiness.models import Assessment

HELP = """Render a report from a saved Assessment: PDF, HTML, Markdown or JSON.

ASSESSMENT is the JSON written by 'readiness assess -o assessment.json' (or - for stdin). A report is a
pure function of it, so a consultant can re-brand or re-render without re-interviewing or re-scanning.

The format is --format, else the -o extension (.pdf, .html, .md, .json); without -o, Markdown goes to
stdout. --brand takes a brand.yaml (firm_name, logo, primary_color, accent_color, footer, disclaimer,
paper); --templates takes a folder whose files override single bundled templates (the rest stay as
bundled). Custom templates run sandboxed, and the PDF renderer reads no URL and no file outside the
template and brand folders.

Examples:

  readiness report assessment.json -o report.pdf

  readiness report assessment.json -o report.pdf --brand brand.yaml --paper letter

  readiness report assessment.json -o report.html --templates my-templates/

  readiness report assessment.json --format md > REPORT.md
"""

PAPERS = ("a4", "letter")


def report(
    assessment: str = typer.Argument(..., metavar="ASSESSMENT", help="assessment JSON file, or - for stdin"),
    output: str = typer.Option(None, "-o", "--output", help="write the report to this file (- for stdout)"),
    output_format: str = typer.Option(None, "--format", "-f",
                                      help="pdf, html, md or json (default: from the -o extension, else md)"),
    brand: str = typer.Option(None, "--brand", help="brand.yaml: firm name, logo, colours, footer, paper"),
    templates: str = typer.Option(None, "--templates", help="folder of template overrides (partials, CSS, "
                                                            "text.yaml)"),
    paper: str = typer.Option(None, "--paper", help="a4 or letter (default: the brand's, else a4)"),
) -> None:
    """Render a report from a saved Assessment."""
    from readiness.cli.common import check_output
    from readiness.report.load import load_assessment

    check_output("-o", output, assessment)
    target = output or "-"
    fmt = report_format(target, output_format, default="md" if output is None else None)
    check_paper(paper)
    write_report(load_assessment(assessment), target, fmt, brand=brand, templates=templates, paper=paper)


def report_format(path: str, explicit: str | None, *, default: str | None = None, option: str = "-o") -> str:
    """The format asked for: ``explicit``, else the file extension, else ``default``; a usage error if none."""
    from readiness.errors import UsageError
    from readiness.report import FORMATS, format_for_path

    if explicit is not None:
        fmt = explicit.strip().lower()
        if fmt == "markdown":
            fmt = "md"
        if fmt not in FORMATS:
            raise UsageError(f"--format: expected one of {', '.join(FORMATS)}, not {explicit!r}")
        return fmt
    found = format_for_path(path) or default
    if found is None:
        hint = ", or give --format" if option == "-o" else ""
        raise UsageError(f"{option} {path}: cannot tell the report format from the file name; end it in .pdf, "
                         f".html, .md or .json{hint}")
    return found


def check_paper(paper: str | None) -> None:
    """``--paper`` must be a4 or letter."""
    from readiness.errors import UsageError

    if paper is not None and paper.strip().lower() not in PAPERS:
        raise UsageError(f"--paper: expected a4 or letter, not {paper!r}")


def write_report(assessment: Assessment, output: str, fmt: str, *, brand: str | None = None,
                 templates: str | None = None, paper: str | None = None) -> None:
    """Render ``assessment`` as ``fmt`` and write it atomically to ``output`` (``-`` for stdout)."""
    from readiness.io.files import atomic_write

    data, done = render_for(assessment, output, fmt, brand=brand, templates=templates, paper=paper)
    atomic_write(output, data)
    if done:
        from readiness.cli.common import message

        message(done)


def render_for(assessment: Assessment, output: str, fmt: str, *, brand: str | None = None,
               templates: str | None = None, paper: str | None = None) -> tuple[bytes, str]:
    """The report's bytes for ``output``, and the line to show once it is written (empty for stdout)."""
    import sys

    from readiness.cli.common import is_terminal, message
    from readiness.errors import UsageError
    from readiness.report import render_report
    from readiness.report.branding import default_branding, load_branding

    if fmt == "pdf" and output == "-" and is_terminal(sys.stdout):
        raise UsageError("a PDF is binary and stdout is a terminal; write it with -o report.pdf")
    branding = (load_branding(brand) if brand else default_branding()).with_paper(paper)
    if fmt == "pdf":
        message("readiness: laying out the PDF…")
    rendered = render_report(assessment, fmt, branding, templates)
    for url in rendered.refused:
        message(f"readiness: warning: refused to fetch {url} (only data: URIs and files inside the template and "
                f"brand folders are allowed)")
    pages = f", {rendered.pages} pages" if rendered.pages else ""
    return rendered.data, (f"Report written to {output} ({fmt}{pages})" if output != "-" else "")
