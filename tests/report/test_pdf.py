"""Real PDFs from WeasyPrint, read back with pypdf: cover, verdict, phases, page numbers and the table
of contents' page references — on the full report ``readiness assess --snapshot`` gives (cluster
findings, precheck, cost estimate, mesh options). Rendered once per module."""

from __future__ import annotations

import re

import pypdf
import pytest

from readiness.models import Assessment
from readiness.report import Rendered, render_report
from readiness.report.branding import default_branding
from readiness.report.content import build_content
from readiness.report.templates import Templates

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def _pages(data: bytes) -> list[str]:
    import io

    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def regulated_pdf(scanned: Assessment) -> Rendered:
    return render_report(scanned, "pdf")


@pytest.fixture(scope="module")
def regulated_text(regulated_pdf: Rendered) -> list[str]:
    return _pages(regulated_pdf.data)


def test_pdf_is_a_pdf_with_the_reported_page_count(regulated_pdf: Rendered, regulated_text: list[str]) -> None:
    assert regulated_pdf.data.startswith(b"%PDF-")
    assert regulated_pdf.pages == len(regulated_text) >= 16


def test_cover_names_client_verdict_assessor_and_date(regulated_text: list[str]) -> None:
    cover = regulated_text[0]
    for expected in ("Northwind Payments plc", "Adopt now", "Alex Consultant", "Example Advisory",
                     "20 November 2026", "The need is strong and the organisation is ready"):
        assert expected in cover
    assert "Page" not in cover, "the cover has no running header, footer or page number"


def test_every_phase_and_its_criteria_are_in_the_pdf(scanned: Assessment, regulated_text: list[str]) -> None:
    text = " ".join(regulated_text)
    plan = scanned.plan
    assert len(plan.phases) >= 3
    for phase in plan.phases:
        assert f"{phase.number} {phase.name}" in text or phase.name in text
        for line in (*phase.exit_criteria, *phase.success_metrics):
            assert " ".join(line.split()[:5]) in text, line


def test_page_numbers_and_running_header_on_every_page_but_the_cover(regulated_text: list[str]) -> None:
    total = len(regulated_text)
    for number, text in enumerate(regulated_text[1:], start=2):
        assert f"Page {number} / {total}" in text
        assert "Northwind Payments plc" in text, f"running header/footer missing on page {number}"


def test_table_of_contents_page_numbers_point_at_the_sections(scanned: Assessment,
                                                              regulated_text: list[str]) -> None:
    templates = Templates()
    content = build_content(scanned, templates.text())
    assert {"cluster", "precheck", "cost", "mesh_options"} <= {s.id for s in content.sections}
    toc = regulated_text[1]
    assert "Contents" in toc
    numbers = [int(n) for n in re.findall(r"(?<![\w/])(\d{1,2})(?![\w/])", toc.split("Contents")[0])]
    assert len(numbers) == len(content.sections), toc
    for section, page in zip(content.sections, numbers, strict=True):
        prefix = f"Appendix {section.label}" if section.appendix else section.label
        heading = f"{prefix} {section.title}"
        assert heading in regulated_text[page - 1], f"{heading!r} is not on page {page}"
        assert all(heading not in text for text in regulated_text[2: page - 1]), f"{heading!r} appears earlier"


def test_pdf_metadata_comes_from_the_assessment(regulated_pdf: Rendered) -> None:
    import io

    info = pypdf.PdfReader(io.BytesIO(regulated_pdf.data)).metadata
    assert info is not None
    assert info.title == "Service mesh readiness assessment — Northwind Payments plc"
    assert info.get("/CreationDate", "").startswith("D:20260115"), "creation date is the assessment's, not now"


def test_letter_paper_and_the_not_yet_verdict(examples: dict[str, Assessment]) -> None:
    import io

    rendered = render_report(examples["startup"], "pdf", default_branding().with_paper("letter"))
    reader = pypdf.PdfReader(io.BytesIO(rendered.data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Not yet" in text and "Tiny Rocket Ltd" in text
    assert "What would change this verdict" in text and "you run 5 services or more, deployed independently" in text
    assert rendered.refused == []
