"""The render use case: a saved Assessment in, a report (PDF, HTML, Markdown or JSON) out, branded."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.app.inputs import load_assessment
from readiness.app.outputs import check_output
from readiness.app.ui import QUIET, Ui
from readiness.errors import UsageError
from readiness.io.files import STDOUT, atomic_write
from readiness.io.text import excerpt
from readiness.models import Assessment
from readiness.models.brand import PAPERS
from readiness.models.compare import Comparison
from readiness.report import FORMATS, format_for_path, render_progress, render_report
from readiness.report.branding import Branding, default_branding, load_branding


@dataclass(frozen=True)
class Style:
    """How a report looks: the brand file, the template overrides and the paper size (None: the defaults)."""

    brand: str | None = None
    templates: str | None = None
    paper: str | None = None

    def check(self) -> None:
        """``--paper`` must be a4 or letter."""
        if self.paper is not None and self.paper.strip().lower() not in PAPERS:
            raise UsageError(f"--paper: expected a4 or letter, not {self.paper!r}")

    def branding(self) -> Branding:
        """The brand file read and checked (the default brand without one), on the paper asked for."""
        return (load_branding(self.brand) if self.brand else default_branding()).with_paper(self.paper)


def refused_line(url: str) -> str:
    """The warning for a URL the PDF renderer refused to fetch."""
    return (f"refused to fetch {excerpt(url, 120)} (only data: URIs and files inside the template and brand "
            f"folders are allowed)")


@dataclass(frozen=True)
class Rendered:
    """A report ready to write, and the line that says it was written (empty for stdout)."""

    data: bytes
    done: str


def report_format(path: str, explicit: str | None, *, default: str | None = None, option: str = "-o") -> str:
    """The format asked for: ``explicit``, else the file extension, else ``default``; a usage error if none."""
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


def render_to(document: Assessment | Comparison, output: str, fmt: str, style: Style = Style(), *,
              ui: Ui = QUIET) -> Rendered:
    """The report of an assessment, or the progress report of a comparison, as ``fmt`` for ``output`` (``-``:
    stdout). ``ui.notice`` hears what takes a while (laying out a PDF), ``ui.warn`` every brand colour darkened for
    contrast and every URL the PDF renderer refused."""
    if fmt == "pdf" and output == STDOUT and ui.stdout_terminal:
        raise UsageError("a PDF is binary and stdout is a terminal; write it with -o report.pdf")
    branding = style.branding()
    if fmt == "pdf":
        ui.notice("laying out the PDF…")
    if isinstance(document, Comparison):
        rendered = render_progress(document, fmt, branding, style.templates)
    else:
        rendered = render_report(document, fmt, branding, style.templates)
    for notice in rendered.notices:
        ui.warn(notice)
    for url in rendered.refused:
        ui.warn(refused_line(url))
    pages = f", {rendered.pages} pages" if rendered.pages else ""
    what = "Report" if not isinstance(document, Comparison) else "Comparison" if fmt == "json" else "Progress report"
    return Rendered(rendered.data, f"{what} written to {output} ({fmt}{pages})" if output != STDOUT else "")


def run_report(assessment: str, output: str | None, fmt: str | None, style: Style = Style(), *,
               ui: Ui = QUIET) -> None:
    """``readiness report``: render a saved assessment (``-``: stdin) to ``output`` (None: Markdown on stdout)."""
    check_output("-o", output, assessment)
    target = output or STDOUT
    chosen = report_format(target, fmt, default="md" if output is None else None)
    style.check()
    rendered = render_to(load_assessment(assessment), target, chosen, style, ui=ui)
    atomic_write(target, rendered.data)
    if rendered.done:
        ui.done(rendered.done)
