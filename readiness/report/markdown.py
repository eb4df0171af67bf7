"""GitHub-flavoured Markdown from an Assessment, through the bundled jinja2 template."""

from __future__ import annotations

import jinja2

from readiness.models import Assessment
from readiness.resources import templates_dir


def _md_escape(value: object) -> str:
    """Escape text so client-supplied strings cannot inject Markdown or HTML."""
    text = str(value)
    for ch in "\\`*_{}[]<>()#+!|~":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def render_markdown(assessment: Assessment) -> str:
    """The Markdown report."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir())), autoescape=False,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["md"] = _md_escape
    return env.get_template("report.md.j2").render(a=assessment)
