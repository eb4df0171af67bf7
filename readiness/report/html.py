"""One self-contained HTML file from the report content: inline CSS, inline SVG charts, logo as a data URI.

The same HTML goes to WeasyPrint for the PDF; its print CSS adds page numbers, running headers and the
table of contents' page references.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from readiness.report.branding import Branding
from readiness.report.charts import build_charts
from readiness.report.content import ReportContent
from readiness.report.plain import plain
from readiness.report.templates import Templates

TEMPLATE = "report.html.j2"


def render_html(content: ReportContent, branding: Branding, templates: Templates, *, for_pdf: bool = False) -> str:
    """The HTML report; ``for_pdf`` only changes what a browser would not need (nothing visible)."""
    return render_html_page(TEMPLATE, html_context(content, branding, for_pdf=for_pdf), templates)


def render_html_page(template: str, context: dict[str, Any], templates: Templates) -> str:
    """An HTML document from one template and its plain-data context (the report, the progress report)."""
    env = templates.environment(html=True)
    env.filters["css_string"] = css_string
    env.filters["breakable"] = breakable
    return templates.render(env, template, context)


def html_context(content: ReportContent, branding: Branding, *, for_pdf: bool = False) -> dict[str, Any]:
    """What the HTML templates see: plain data only (:mod:`readiness.report.plain`)."""
    context: dict[str, Any] = plain({"c": content, "t": content.text, "brand": branding.for_templates(),
                                     "charts": build_charts(content), "for_pdf": for_pdf})
    return context


def css_string(value: object) -> Markup:
    """A value as a quoted CSS string (for ``content:`` in print CSS)."""
    text = " ".join(str(value).split())
    escaped = "".join(ch if ch.isalnum() or ch in " .,:;-–—·()/" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')


def breakable(value: object) -> Markup:
    """Escaped text that may break after an underscore or a slash (identifiers, paths), never inside a word.

    ``expected_service_count_12m`` wraps as ``expected_service_`` / ``count_12m``, not ``…coun`` / ``t_12m``.
    """
    return Markup(str(escape(value)).replace("_", "_<wbr>").replace("/", "/<wbr>"))
