"""The compare use case: two saved assessments of one client in, what moved between them out (``readiness compare``).

The comparison itself is :func:`readiness.core.compare.compare` (pure); this reads both files with the one loader,
refuses a pair it cannot compare, and writes the Comparison as JSON or its "Progress since DATE" report (Markdown,
HTML, PDF) atomically.
"""

from __future__ import annotations

from readiness.app.inputs import load_assessment
from readiness.app.outputs import check_output
from readiness.app.render import Style, render_to, report_format
from readiness.app.ui import QUIET, Ui
from readiness.core.compare import check_comparable, compare
from readiness.errors import UsageError
from readiness.io.files import STDIN, STDOUT, atomic_write, display_name
from readiness.models.compare import Comparison

__all__ = ["Style", "load_comparison", "run_compare"]


def load_comparison(before: str, after: str) -> Comparison:
    """Read two saved assessments (one of them may be ``-``, stdin) and compare them."""
    if before == STDIN and after == STDIN:
        raise UsageError("BEFORE and AFTER cannot both be - (stdin); save one of them to a file")
    old, new = load_assessment(before), load_assessment(after)
    check_comparable(old, new, (display_name(before), display_name(after)))
    return compare(old, new)


def run_compare(before: str, after: str, output: str | None, fmt: str | None, style: Style = Style(), *,
                ui: Ui = QUIET) -> None:
    """``readiness compare``: the comparison of ``before`` and ``after`` to ``output`` (None: Markdown on stdout),
    as ``fmt`` (else the output's extension: .json, .md, .html, .pdf)."""
    check_output("-o", output, before, after)
    target = output or STDOUT
    chosen = report_format(target, fmt, default="md" if output is None else None)
    style.check()
    rendered = render_to(load_comparison(before, after), target, chosen, style, ui=ui)
    atomic_write(target, rendered.data)
    if rendered.done:
        ui.done(rendered.done)
