"""A questionnaire rendered for people: plain text or Markdown."""

from __future__ import annotations

import textwrap

from readiness.core.conditions import describe
from readiness.core.values import default_value, display
from readiness.models import Question, Questionnaire


def questionnaire_text(q: Questionnaire, *, markdown: bool = False, width: int = 80) -> str:
    """Every section and question with type, choices, default, condition and help."""
    out: list[str] = []
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    out.append(f"{h1}{q.title} ({q.ref})")
    out.append("")
    out.append(q.description.strip())
    total = len(q.sections)
    for k, section in enumerate(q.sections, start=1):
        out.append("")
        out.append(f"{h2}Section {k} of {total}: {section.title} [{section.id}]")
        out.append(f"{'_' if markdown else ''}{section.purpose}{'_' if markdown else ''}")
        out.append("")
        for question in section.questions:
            out.extend(_question(question, markdown))
    if not markdown:
        out = [wrapped for line in out for wrapped in _wrap(line, width)]
    return "\n".join(out) + "\n"


def _wrap(line: str, width: int) -> list[str]:
    """A long line wrapped to the width, continuation lines indented under its text."""
    if len(line) <= width:
        return [line]
    indent = " " * (len(line) - len(line.lstrip()))
    body = line.lstrip()
    hang = indent + ("  " if body.startswith(("* ", "- ")) else "") + ("  " if ": " in body[:24] else "")
    return textwrap.wrap(line, width=width, subsequent_indent=hang, break_on_hyphens=False) or [line]


def _question(question: Question, markdown: bool) -> list[str]:
    bullet = "- " if markdown else "  "
    core = " [core]" if question.core else ""
    head = f"**`{question.id}`**{core} — {question.prompt}" if markdown else f"{question.id}{core}: {question.prompt}"
    lines = [f"{'- ' if markdown else '* '}{head}"]
    kind: str = question.type
    if question.choices:
        values = ", ".join(c.id + (f" (also {', '.join(c.aliases)})" if c.aliases else "") for c in question.choices)
        kind += f" of: {values}"
    if question.min is not None or question.max is not None:
        low = ""
        if question.min is not None:
            low = f"> {question.min:g}" if question.exclusive_min else f"≥ {question.min:g}"
        high = f"≤ {question.max:g}" if question.max is not None else ""
        kind += " (" + ", ".join(x for x in (low, high) if x) + ")"
    indent = "  " + bullet
    lines.append(f"{indent}type: {kind}")
    if question.default_from:
        lines.append(f"{indent}default: the answer to {question.default_from}")
    else:
        lines.append(f"{indent}default: {display(question, default_value(question, {}))}")
    if question.when is not None:
        lines.append(f"{indent}asked when: {describe(question.when)}")
    lines.append(f"{indent}why: {' '.join(question.help.split())}")
    return lines
