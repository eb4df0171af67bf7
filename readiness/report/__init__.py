"""Renderers: an Assessment in, a document out. A report is a pure function of a saved Assessment."""

from __future__ import annotations

from readiness.models import Assessment

FORMATS = ("json", "md")


def assessment_json(assessment: Assessment) -> str:
    """The Assessment as stable, indented JSON."""
    return assessment.model_dump_json(indent=2) + "\n"


def render(assessment: Assessment, fmt: str) -> bytes:
    """Render an assessment as ``json`` or ``md``."""
    if fmt == "json":
        return assessment_json(assessment).encode("utf-8")
    if fmt == "md":
        from readiness.report.markdown import render_markdown

        return render_markdown(assessment).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
