"""Golden files: the Markdown and HTML reports of the examples, at a fixed time, byte for byte."""

from __future__ import annotations

import pytest

from readiness.models import Assessment
from readiness.report import render
from tests.report.conftest import EXAMPLE_NAMES, GOLDEN
from tests.report.helpers import check_golden


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_markdown_golden(examples: dict[str, Assessment], name: str) -> None:
    check_golden(GOLDEN / f"{name}.md", render(examples[name], "md").decode("utf-8"))


@pytest.mark.parametrize("name", ["regulated-enterprise", "monolith"])
def test_html_golden(examples: dict[str, Assessment], name: str) -> None:
    check_golden(GOLDEN / f"{name}.html", render(examples[name], "html").decode("utf-8"))


def test_rendering_is_deterministic(examples: dict[str, Assessment]) -> None:
    a = examples["startup"]
    assert render(a, "html") == render(a, "html")
    assert render(a, "md") == render(a, "md")
