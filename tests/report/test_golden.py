"""Golden files: the Markdown and HTML reports at a fixed time, byte for byte, of assessments built as
``readiness assess`` builds them — the three examples (with the cost estimate and mesh options every
assessment holds) and one scan-backed report (cluster findings and precheck too)."""

from __future__ import annotations

import hashlib
import json

import pytest

from readiness.models import Assessment
from readiness.report import render
from tests.conftest import realdata_dir
from tests.report.conftest import EXAMPLE_NAMES, GOLDEN, SCANNED
from tests.report.helpers import check_golden

FORMATS = ("md", "html")


def _portable(assessment: Assessment) -> Assessment:
    """The assessment with the real-data folder's location (it differs between machines) as ``<realdata>``.

    Replaced in the assessment, not in the rendered text: the HTML breaks long paths with ``<wbr>``, so the
    location would not appear there as one string (a golden that passed only where ../shared sat at /work).
    """
    location = json.dumps(str(realdata_dir()))[1:-1]
    portable = assessment.model_dump_json().replace(location, "<realdata>")
    assert portable != assessment.model_dump_json(), "the scan-backed assessment names its snapshot's path"
    return Assessment.model_validate_json(portable)


def _html(text: str) -> str:
    """The HTML with its inlined stylesheet replaced by a note of its size and hash.

    The stylesheet is readiness/templates/report.css plus the brand's colours, identical in every report; keeping
    it once per golden would make every CSS change rewrite four goldens. That it is inlined (a self-contained
    file) is tested in test_content.py; how it lays pages out, in the PDF tests.
    """
    start, end = text.index("<style>"), text.index("</style>")
    css = text[start + len("<style>"):end]
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:12]
    return f"{text[:start]}<style>/* {len(css)} characters of CSS, sha256 {digest}… */{text[end:]}"


def _golden_text(text: str, fmt: str) -> str:
    return _html(text) if fmt == "html" else text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_golden(examples: dict[str, Assessment], name: str, fmt: str) -> None:
    check_golden(GOLDEN / f"{name}.{fmt}", _golden_text(render(examples[name], fmt).decode("utf-8"), fmt))


@pytest.mark.parametrize("fmt", FORMATS)
def test_scan_backed_golden(scanned: Assessment, fmt: str) -> None:
    text = render(_portable(scanned), fmt).decode("utf-8")
    assert "Cluster findings" in text and "Pre-flight checks" in text and "Business case" in text
    assert "realdata" not in text.replace("&lt;realdata&gt;", "").replace("<realdata>", "")
    check_golden(GOLDEN / f"{SCANNED}.{fmt}", _golden_text(text, fmt))


def test_rendering_is_deterministic(examples: dict[str, Assessment]) -> None:
    a = examples["startup"]
    assert render(a, "html") == render(a, "html")
    assert render(a, "md") == render(a, "md")
