"""Renderers: an Assessment in, a document out. A report is a pure function of a saved Assessment (and the
progress report, :func:`render_progress`, of a saved Comparison of two).

``render`` returns the bytes; ``render_report`` also returns what the renderer refused to fetch, the page count
of a PDF and the brand's notices (a colour darkened for contrast). Formats: ``pdf``, ``html``, ``md`` and ``json``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import ReportError
from readiness.io.files import MiB
from readiness.io.text import escape_c1_json
from readiness.models import Assessment
from readiness.models import assessment as assessment_document
from readiness.models.compare import Comparison
from readiness.report.branding import Branding, default_branding

if TYPE_CHECKING:
    from readiness.report.limits import RenderLimits
    from readiness.report.templates import Templates

FORMATS = ("pdf", "html", "md", "json")
PROGRESS_MD = "progress.md.j2"
PROGRESS_HTML = "progress.html.j2"
"""The progress report's templates (``readiness compare``)."""
EXTENSIONS = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


@dataclass(frozen=True)
class Rendered:
    """A rendered report, with the URLs the PDF renderer refused, the number of pages (PDF only) and what the brand
    changed to keep text readable (one line each, for the user to see)."""

    data: bytes
    fmt: str
    pages: int | None = None
    refused: list[str] = field(default_factory=list)
    requested: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def format_for_path(path: str | Path | None) -> str | None:
    """The format a file name asks for (``report.pdf`` → ``pdf``), or None."""
    if path is None or str(path) == "-":
        return None
    return EXTENSIONS.get(Path(str(path)).suffix.lower())


def assessment_json(assessment: Assessment) -> str:
    """The Assessment as stable, indented JSON; C1 controls and DEL in its strings are written as ``\\u0080``…
    escapes (raw, some terminals would obey them when the JSON is printed).

    An Assessment larger than ``readiness report`` reads is refused with one line rather than written."""
    text = escape_c1_json(assessment.model_dump_json(indent=2)) + "\n"
    limit = assessment_document.MAX_ASSESSMENT_BYTES  # read when called: tests lower it
    if len(text) > limit // 4 and (size := len(text.encode("utf-8"))) > limit:
        clusters = assessment.scan.clusters if assessment.scan else []
        workloads = sum(len(c.workloads) for c in clusters)
        raise ReportError(f"the assessment would be {size / MiB:,.0f} MB, more than the {limit // MiB} "
                          f"MB that 'readiness report' reads ({workloads:,} workloads in {len(clusters)} "
                          f"cluster{'' if len(clusters) == 1 else 's'}); "
                          f"assess fewer clusters or namespaces at a time")
    return text


def render(assessment: Assessment, fmt: str, branding: Branding | None = None,
           templates_dir: str | Path | None = None, limits: RenderLimits | None = None) -> bytes:
    """Render an assessment as ``pdf``, ``html``, ``md`` or ``json``."""
    return render_report(assessment, fmt, branding, templates_dir, limits).data


def render_report(assessment: Assessment, fmt: str, branding: Branding | None = None,
                  templates_dir: str | Path | None = None, limits: RenderLimits | None = None) -> Rendered:
    """Render an assessment, reporting what the PDF renderer refused to fetch; ``limits`` bound the templates
    (output size, time, memory; :data:`readiness.report.limits.DEFAULT_LIMITS` when not given)."""
    if _checked(fmt) == "json":
        return Rendered(assessment_json(assessment).encode("utf-8"), fmt)

    from readiness.report.content import build_content

    templates, brand = _prepared(templates_dir, limits, branding)
    content = build_content(assessment, templates.text(), firm=brand.firm_name, footer=brand.footer,
                            author=brand.author, disclaimer=brand.disclaimer,
                            technical_appendix=brand.technical_appendix)

    def markdown() -> str:
        from readiness.report.markdown import render_markdown

        return render_markdown(content, templates)

    def html(for_pdf: bool) -> str:
        from readiness.report.html import render_html

        return render_html(content, brand, templates, for_pdf=for_pdf)

    return _laid_out(fmt, templates, brand, markdown, html)


def comparison_json(comparison: Comparison) -> str:
    """The Comparison as stable, indented JSON (C1 controls escaped, as in :func:`assessment_json`)."""
    return escape_c1_json(comparison.model_dump_json(indent=2)) + "\n"


def render_progress(comparison: Comparison, fmt: str, branding: Branding | None = None,
                    templates_dir: str | Path | None = None, limits: RenderLimits | None = None) -> Rendered:
    """The "Progress since DATE" report of a Comparison (``json``: the Comparison itself), with the same brand,
    templates, sandbox and PDF renderer as the assessment report."""
    if _checked(fmt) == "json":
        return Rendered(comparison_json(comparison).encode("utf-8"), fmt)

    from readiness.report.plain import plain
    from readiness.report.progress import build_progress

    templates, brand = _prepared(templates_dir, limits, branding)
    content = build_progress(comparison, templates.text(), firm=brand.firm_name, footer=brand.footer,
                             author=brand.author, disclaimer=brand.disclaimer)

    def markdown() -> str:
        from readiness.report.markdown import render_markdown_page

        return render_markdown_page(PROGRESS_MD, plain({"c": content, "t": content.text}), templates)

    def html(for_pdf: bool) -> str:
        from readiness.report.html import render_html_page

        context = plain({"c": content, "t": content.text, "brand": brand.for_templates(), "for_pdf": for_pdf})
        return render_html_page(PROGRESS_HTML, context, templates)

    return _laid_out(fmt, templates, brand, markdown, html)


def _checked(fmt: str) -> str:
    """``fmt``, when it is one of :data:`FORMATS`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def _prepared(templates_dir: str | Path | None, limits: RenderLimits | None,
              branding: Branding | None) -> tuple[Templates, Branding]:
    """The templates (bundled, with the overrides of ``templates_dir``) and the brand (the default when None)."""
    from readiness.report.templates import Templates

    return Templates(templates_dir, limits), branding or default_branding()


def _laid_out(fmt: str, templates: Templates, brand: Branding, markdown: Callable[[], str],
              html: Callable[[bool], str]) -> Rendered:
    """Markdown, HTML, or HTML laid out as a PDF by WeasyPrint, fetching only what the fetch policy allows."""
    notices = list(brand.notices)
    if fmt == "md":
        return Rendered(markdown().encode("utf-8"), fmt, notices=notices)
    page = html(fmt == "pdf")
    if fmt == "html":
        return Rendered(page.encode("utf-8"), fmt, notices=notices)

    from readiness.report.fetch import FetchPolicy
    from readiness.report.pdf import html_to_pdf

    folders = [*templates.folders, *([brand.folder] if brand.folder else [])]
    policy = FetchPolicy(folders)
    result = html_to_pdf(page, policy, templates.folders[0])
    return Rendered(result.data, fmt, result.pages, list(policy.refused), list(policy.requested), notices)
