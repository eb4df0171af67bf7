"""Real PDFs from WeasyPrint, read back with pypdf: cover, verdict, phases, page numbers and the table
of contents' page references — on the full report ``readiness assess --snapshot`` gives (cluster
findings, precheck, cost estimate, mesh options). Rendered once per module."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from typing import Any

import pypdf
import pytest
import yaml

from readiness.core.answers import parse_answers_file
from readiness.models import Assessment, PlanCatalogue, Questionnaire
from readiness.report import Rendered, render_report
from readiness.report.branding import load_branding
from readiness.report.content import build_content
from readiness.report.templates import Templates
from tests.conftest import EXAMPLES
from tests.report.conftest import product_assessment
from tests.report.layout import MM, Page, pdf_pages

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")


def _pages(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def regulated_pdf(scanned: Assessment, once_per_run: Callable[[str, Callable[[], Rendered]], Rendered]) -> Rendered:
    return once_per_run("regulated.pdf", lambda: render_report(scanned, "pdf"))


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
    info = pypdf.PdfReader(io.BytesIO(regulated_pdf.data)).metadata
    assert info is not None
    assert info.title == "Service mesh readiness assessment — Northwind Payments plc"
    assert info.get("/CreationDate", "").startswith("D:20260115"), "creation date is the assessment's, not now"


LONG_CLIENT = "TinyRocketInterplanetaryLogisticsAndPropulsionHoldingsIncorporatedWorldwideLimited"
LONG_ASSESSOR = "MaximilianaAlexandrinaKonstantinopoulouFeatherstonehaughConsultingPartners"
LONG_URL = ("https://wiki.example.com/engineering/platform/servicemesh/evaluation/2026/readinessassessmentnotes"
            "?version=1234567890123456789012345678901234567890123456789012345678901234567890")
LONG_FOOTER = ("Prepared by Example Advisory for Tiny Rocket Interplanetary Logistics · Strictly confidential · "
               "Not for distribution outside the client's engineering leadership")


@pytest.fixture(scope="module")
def letter_pdf(questionnaire: Questionnaire, catalogue: PlanCatalogue, tmp_path_factory: pytest.TempPathFactory,
               once_per_run: Callable[[str, Callable[[], Rendered]], Rendered]) -> Rendered:
    """The startup example on letter paper with client and assessor names that have nowhere to break, a long
    URL in the notes and a long brand footer: what pushes text past the margins."""
    raw: dict[str, Any] = yaml.safe_load((EXAMPLES / "startup.yaml").read_text())
    raw["engagement"].update(client=LONG_CLIENT, assessor=LONG_ASSESSOR)
    raw.setdefault("notes", {})["general"] = f"Runbook: {LONG_URL} — read it."
    assessment = product_assessment(questionnaire, catalogue, parse_answers_file(raw, "s.yaml"), "s.yaml")
    folder = tmp_path_factory.mktemp("brand")
    (folder / "brand.yaml").write_text(f"footer: {LONG_FOOTER}\npaper: letter\n")
    return once_per_run("letter.pdf", lambda: render_report(assessment, "pdf", load_branding(folder / "brand.yaml")))


@pytest.fixture(scope="module")
def regulated_layout(regulated_pdf: Rendered,
                     once_per_run: Callable[[str, Callable[[], list[Page]]], list[Page]]) -> list[Page]:
    return once_per_run("regulated.layout", lambda: pdf_pages(regulated_pdf.data))


@pytest.fixture(scope="module")
def letter_layout(letter_pdf: Rendered, once_per_run: Callable[[str, Callable[[], list[Page]]], list[Page]]
                  ) -> list[Page]:
    return once_per_run("letter.layout", lambda: pdf_pages(letter_pdf.data))


def test_letter_paper_and_the_not_yet_verdict(letter_pdf: Rendered) -> None:
    reader = pypdf.PdfReader(io.BytesIO(letter_pdf.data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Not yet" in text
    assert "What would change this verdict" in text and "If 25 services run in production and a zero-trust mandate" \
        in text
    assert letter_pdf.refused == []
    unbroken = "".join(text.split())
    for token in (LONG_CLIENT, LONG_ASSESSOR, LONG_URL, "".join(LONG_FOOTER.split())):
        assert token in unbroken, f"{token[:30]}… is shown in full"


@pytest.mark.parametrize("which", ["regulated_layout", "letter_layout"])
def test_no_text_is_smaller_than_7pt(which: str, request: pytest.FixtureRequest) -> None:
    pages: list[Page] = request.getfixturevalue(which)
    small = [(p.number, g.text, round(g.size, 1)) for p in pages for g in p.glyphs if g.size < 6.95]
    assert not small, f"text below 7 pt (page, glyph, size): {small[:10]}"


@pytest.mark.parametrize("which", ["regulated_layout", "letter_layout"])
def test_no_text_runs_past_the_margins(which: str, request: pytest.FixtureRequest) -> None:
    pages: list[Page] = request.getfixturevalue(which)
    margin = 18 * MM - 1
    outside = [(p.number, round(g.x0), g.text) for p in pages for g in p.glyphs
               if g.x0 < margin or g.x1 > p.width - margin]
    assert not outside, f"text past the left or right margin (page, x, glyph): {outside[:10]}"


@pytest.mark.parametrize("which", ["regulated_layout", "letter_layout"])
def test_the_page_counter_is_never_split(which: str, request: pytest.FixtureRequest) -> None:
    pages: list[Page] = request.getfixturevalue(which)
    total = len(pages)
    for page in pages[1:]:
        counter = f"Page {page.number} / {total}"
        assert any(counter in line.text for line in page.lines), f"{counter!r} is not on one line"


def test_table_headers_do_not_run_together(regulated_text: list[str]) -> None:
    text = Templates().text()
    tables = [list(text["signals"]["columns"].values()), list(text["cost"]["columns"].values()),
              list(text["cost"]["figure_columns"].values()), list(text["cluster"]["service_columns"].values()),
              list(text["precheck"]["mesh_columns"].values()), list(text["risks"]["columns"].values())]
    joined = " ".join(regulated_text)
    for headers in tables:
        for left, right in itertools.pairwise(headers):
            assert f"{left.split()[-1]}{right.split()[0]}" not in joined, f"{left!r} runs into {right!r}"


def test_identifiers_and_names_break_only_between_their_parts(scanned: Assessment, regulated_pdf: Rendered) -> None:
    """Question ids stay out of the client document; the names it does show (services, workloads) are never split
    inside a word."""
    raw = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(regulated_pdf.data)).pages)
    joined = re.sub(r"([_-])\s+", r"\1", raw)
    ids = {m for s in scanned.signals for m in re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", s.value)}
    assert "expected_service_count_12m" in ids
    assert not [i for i in ids if i in joined], "question ids are internals, not client text"
    assert scanned.scan is not None
    names = {s.name for c in scanned.scan.clusters for s in c.services}
    assert "productcatalogservice" in names
    for name in names:
        assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", joined), f"service {name} is broken inside a word"


def test_chart_labels_are_whole(scanned: Assessment, regulated_text: list[str]) -> None:
    """The scorecard names every dimension, the contributions chart every signal and the roadmap every phase,
    none of them cut short."""
    scorecard = next(text for text in regulated_text[2:] if "2 Scorecard" in text)
    assert "…" not in scorecard
    for dimension in ("Scale and architecture", "Security and compliance", "Platform and team readiness"):
        assert dimension in scorecard
    signals = next(text for text in regulated_text[2:] if "Signals behind the verdict" in text
                   and "Appendix A" in text and "Contents" not in text)
    assert "…" not in signals
    for signal in scanned.signals:
        assert " ".join(signal.name.split()) in signals, f"{signal.name!r} is cut in the contributions chart"
    roadmap = next(text for text in regulated_text[2:] if "Roadmap" in text and "Baseline:" in text)
    for phase in scanned.plan.phases:
        assert f"{phase.number}. {phase.name}" in roadmap


def test_the_multicluster_section_is_read_back_from_the_pdf(scanned: Assessment, regulated_text: list[str]) -> None:
    """Issue 12: the approach, its reasons, the trade-off table and the recommended data plane's realisation."""
    m = scanned.multicluster
    assert m is not None and m.approach == "split_horizon_eds"
    words = Templates().text()["multicluster"]
    start = next(i for i, page in enumerate(regulated_text) if words["why"] in page)
    text = " ".join(regulated_text[start - 1:start + 4])
    assert f"Recommended for 3 clusters: {m.title}." in text
    for reason in m.reasons:
        assert " ".join(reason.split()[:6]) in text, reason
    for row in m.tradeoffs:
        assert " ".join(row.why.split()[:6]) in text, row.approach
    chosen = next(r for r in m.realisations if r.option == scanned.mesh_options.recommended)  # type: ignore[union-attr]
    assert chosen.source.title in text and "read on 5 December 2026" in text
    assert "traffic between clusters (mTLS)" in text, "the topology picture's legend is drawn"


def test_a_one_cluster_report_has_no_multicluster_section(letter_pdf: Rendered) -> None:
    text = " ".join(_pages(letter_pdf.data))
    assert Templates().text()["sections"]["multicluster"]["title"] not in text
    assert "Trade-offs of the five approaches" not in text
