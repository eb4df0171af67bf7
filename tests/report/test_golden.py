"""Golden files: the Markdown and HTML reports at a fixed time, byte for byte, of assessments built as
``readiness assess`` builds them — the three examples (with the cost estimate and mesh options every
assessment holds) and one scan-backed report (cluster findings and precheck too)."""

from __future__ import annotations

import pytest

from readiness.models import Assessment
from readiness.report import render
from tests.conftest import realdata_dir
from tests.report.conftest import EXAMPLE_NAMES, GOLDEN, SCANNED
from tests.report.helpers import check_golden

FORMATS = ("md", "html")


def _portable(text: str) -> str:
    """The report with the real-data folder's location (it differs between machines) as ``<realdata>``."""
    return text.replace(str(realdata_dir()), "<realdata>")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_golden(examples: dict[str, Assessment], name: str, fmt: str) -> None:
    check_golden(GOLDEN / f"{name}.{fmt}", render(examples[name], fmt).decode("utf-8"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_scan_backed_golden(scanned: Assessment, fmt: str) -> None:
    text = render(scanned, fmt).decode("utf-8")
    assert "Cluster findings" in text and "Pre-flight checks" in text and "Cost estimate" in text
    check_golden(GOLDEN / f"{SCANNED}.{fmt}", _portable(text))


def test_rendering_is_deterministic(examples: dict[str, Assessment]) -> None:
    a = examples["startup"]
    assert render(a, "html") == render(a, "html")
    assert render(a, "md") == render(a, "md")
