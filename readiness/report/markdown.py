"""GitHub-flavoured Markdown from the report content.

Every value a template prints is escaped by the environment's ``finalize`` hook — the Markdown
counterpart of HTML autoescaping — so client text can neither inject HTML nor change the document's
structure. Only what Markdown would otherwise interpret is escaped, so the text stays readable raw.
"""

from __future__ import annotations

import re
from typing import Any

from readiness.report.content import ReportContent
from readiness.report.plain import plain
from readiness.report.templates import Templates

TEMPLATE = "report.md.j2"

_INLINE = re.compile(r"(?P<cite>\[\d{1,3}\](?![(\[:]))|[\\`*\[\]|~$]|<(?=[A-Za-z/!?])|&(?=#?\w+;)"
                     r"|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
"""What Markdown would interpret. A source number such as ``[5]`` stays as it is: without a link
reference definition (the report never writes one, and escaping stops any value from starting one) it
cannot become a link, so it needs no backslashes."""
_BLOCK_START = re.compile(r"^(\s*)(#{1,6}(?=\s|$)|[-+*](?=\s|$)|-(?=[-\s]*$)|>|(\d{1,9})([.)])(?=\s|$)|=+\s*$)")
"""A marker that would start a block at the start of a value: a heading (``#``, or ``===``/``---`` under a line,
setext), a list item (``-``, ``+``, ``*``, ``1.``, even alone), a quote, or a rule (``---``, ``- - -``; rules of
``*`` and ``_`` are escaped as inline markup)."""


class MdSafe(str):
    """Markdown that is already safe (built by the renderer itself); ``finalize`` leaves it alone."""

    __slots__ = ()


def md_escape(value: Any) -> str:
    """Escape one value for Markdown: inline markup, HTML, table pipes, and a leading block marker."""
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _INLINE.sub(lambda m: m.group(0) if m.group("cite") else "\\" + m.group(0), text)

    def block(m: re.Match[str]) -> str:
        if m.group(3):
            return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"
        return f"{m.group(1)}\\{m.group(2)}"

    return _BLOCK_START.sub(block, text, count=1)


def slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    kept = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return kept.replace(" ", "-")


def render_markdown(content: ReportContent, templates: Templates) -> str:
    """The Markdown report."""
    return render_markdown_page(TEMPLATE, markdown_context(content), templates)


def render_markdown_page(template: str, context: dict[str, Any], templates: Templates) -> str:
    """A Markdown document from one template and its plain-data context (the report, the progress report)."""
    env = templates.environment(html=False, finalize=md_escape)
    env.filters["slug"] = lambda text: MdSafe(slug(str(text)))
    env.filters["bar"] = lambda value, width=20: MdSafe(_bar(float(value), int(width)))
    text = templates.render(env, template, context)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def markdown_context(content: ReportContent) -> dict[str, Any]:
    """What the Markdown templates see: plain data only (:mod:`readiness.report.plain`)."""
    context: dict[str, Any] = plain({"c": content, "t": content.text})
    return context


def _bar(value: float, width: int) -> str:
    """A score out of 100 as a bar of block characters (readable in a table, no images needed)."""
    eighths = round(max(0.0, min(100.0, value)) / 100 * width * 8)
    full, rest = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[rest].strip()
    return "█" * full + partial
