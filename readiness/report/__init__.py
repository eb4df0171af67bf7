"""Renderers: an Assessment in, a document out. A report is a pure function of a saved Assessment.

``render`` returns the bytes; ``render_report`` also returns what the renderer refused to fetch, the page count
of a PDF and the brand's notices (a colour darkened for contrast). Formats: ``pdf``, ``html``, ``md`` and ``json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.errors import ReportError
from readiness.io.files import MiB
from readiness.io.text import escape_c1_json
from readiness.models import Assessment
from readiness.models import assessment as assessment_document
from readiness.report.branding import Branding, default_branding

if TYPE_CHECKING:
    from readiness.report.limits import RenderLimits

FORMATS = ("pdf", "html", "md", "json")
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
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "json":
        return Rendered(assessment_json(assessment).encode("utf-8"), fmt)

    from readiness.report.content import build_content
    from readiness.report.templates import Templates

    templates = Templates(templates_dir, limits)
    brand = branding or default_branding()
    content = build_content(assessment, templates.text(), firm=brand.firm_name, footer=brand.footer,
                            author=brand.author, disclaimer=brand.disclaimer,
                            technical_appendix=brand.technical_appendix)
    notices = list(brand.notices)
    if fmt == "md":
        from readiness.report.markdown import render_markdown

        return Rendered(render_markdown(content, templates).encode("utf-8"), fmt, notices=notices)

    from readiness.report.html import render_html

    html = render_html(content, brand, templates, for_pdf=fmt == "pdf")
    if fmt == "html":
        return Rendered(html.encode("utf-8"), fmt, notices=notices)

    from readiness.report.fetch import FetchPolicy
    from readiness.report.pdf import html_to_pdf

    folders = [*templates.folders, *([brand.folder] if brand.folder else [])]
    policy = FetchPolicy(folders)
    result = html_to_pdf(html, policy, templates.folders[0])
    return Rendered(result.data, fmt, result.pages, list(policy.refused), list(policy.requested), notices)
