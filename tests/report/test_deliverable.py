"""The PDF a consultant signs, read back: the executive summary after the contents, nothing internal on any page,
a dated and owned roadmap in the recommended data plane's terms, the risk register, and pages that are not left
mostly empty. Each example renders once per run (WeasyPrint takes seconds)."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable

import pypdf
import pytest

from readiness.models import Assessment, Questionnaire
from readiness.models.mesh import MESH_TITLES
from readiness.report import Rendered, render_report
from readiness.report.branding import default_branding
from readiness.report.templates import Templates
from tests.report.layout import MM, Page, pdf_pages

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")

EXAMPLE_NAMES = ("regulated-enterprise", "startup", "monolith")
REPORTS = (*EXAMPLE_NAMES, "scanned")


@pytest.fixture(scope="module")
def pdfs(examples: dict[str, Assessment], scanned: Assessment,
         once_per_run: Callable[[str, Callable[[], Rendered]], Rendered]) -> dict[str, tuple[Assessment, Rendered]]:
    """The PDF of each example and of the scan-backed regulated example (the key test_pdf renders it under)."""
    found = {name: (examples[name], once_per_run(f"example-{name}.pdf",
                                                  lambda name=name: render_report(examples[name], "pdf")))  # type: ignore[misc]
             for name in EXAMPLE_NAMES}
    found["scanned"] = (scanned, once_per_run("regulated.pdf", lambda: render_report(scanned, "pdf")))
    return found


def _text(rendered: Rendered) -> list[str]:
    return [" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(io.BytesIO(rendered.data)).pages]


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _span(start: dt.date, end: dt.date) -> str:
    """How the report writes a period: each part of the date once."""
    if start == end:
        return _day(end)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{_day(end)}"
    return f"{start.day} {start:%B} – {_day(end)}" if start.year == end.year else f"{_day(start)} – {_day(end)}"


def _recommended(a: Assessment) -> str:
    assert a.mesh_options is not None
    recommended = a.mesh_options.recommended
    mesh = recommended if recommended in MESH_TITLES else a.mesh_options.best_mesh
    assert mesh in MESH_TITLES
    return MESH_TITLES[mesh]  # type: ignore[index]


@pytest.mark.parametrize("name", ["regulated-enterprise", "scanned"])
def test_the_page_after_the_contents_is_the_executive_summary(
        name: str, pdfs: dict[str, tuple[Assessment, Rendered]]) -> None:
    a, rendered = pdfs[name]
    pages = _text(rendered)
    assert pages[1].split("Contents")[1].lstrip().startswith("1 Executive summary")
    summary = pages[2]
    assert "1 Executive summary" in summary and "2 Scorecard" not in summary, "one page, after the contents"
    assert "Adopt now" in summary
    assert f"{_recommended(a)} — " in summary, "the recommended data plane"
    assert re.search(r"About USD [\d,]+ in the first year \(USD [\d,]+– ?[\d,]+\)", summary), "a cost in money"
    assert re.search(r"[\d.]+ engineers? \(full-time equivalent\)", summary), "and in people"
    assert len(a.risks) >= 5
    for risk in a.risks[:3]:
        assert " ".join(risk.title.split()[:6]) in summary, f"top risk {risk.title!r}"
    assert f"… and {len(a.risks) - 3} more in the risk register" in summary
    first = a.plan.phases[0]
    assert "Next steps" in summary and _span(first.starts_on, first.ends_on) in summary
    if name == "scanned":
        assert a.disagreements
        assert "Answered: 48 services" in summary and "The scan found: 10" in summary
        assert "the verdict would still be Adopt now (need 89 instead of 94)" in summary
    else:
        assert "scan" not in summary.lower()


@pytest.mark.parametrize("name", REPORTS)
def test_no_question_id_path_backtick_or_command_line_in_the_pdf(
        name: str, pdfs: dict[str, tuple[Assessment, Rendered]], questionnaire: Questionnaire) -> None:
    _, rendered = pdfs[name]
    text = "\n".join(_text(rendered))
    joined = re.sub(r"([_/.-])\s+", r"\1", text)  # words a line break split
    ids = [q.id for q in questionnaire.questions() if "_" in q.id]
    assert len(ids) > 20
    assert not [i for i in ids if re.search(rf"\b{i}\b", joined)], "question ids"
    assert "`" not in text, "backticks"
    assert not re.findall(r"(?<![\w.:/])/(?:[\w.-]+/)+[\w.-]*", joined), "file system paths"
    assert not re.findall(r"\b[\w-]+\.(?:ya?ml|json|pdf|html|md)\b", joined), "file names"
    assert not re.findall(r"\b(?:readiness|kubectl|istioctl|linkerd|helm) [a-z-]+ (?:-|[\w./]+\.)", joined), \
        "command lines"
    assert not re.findall(r"(?<!\w)--[a-z]", joined), "command-line options"
    assert "readiness 0." not in joined, "the tool's name and version live in the metadata"
    assert (pypdf.PdfReader(io.BytesIO(rendered.data)).metadata or {}).get("/Creator", "").startswith("readiness ")


@pytest.mark.parametrize("name", REPORTS)
def test_every_phase_is_dated_owned_and_in_the_recommended_data_planes_terms(
        name: str, pdfs: dict[str, tuple[Assessment, Rendered]]) -> None:
    a, rendered = pdfs[name]
    text = " ".join(_text(rendered))
    for phase in a.plan.phases:
        assert phase.starts_on and phase.ends_on and phase.owner, phase.name
        assert phase.starts_on <= phase.ends_on
        assert _span(phase.starts_on, phase.ends_on) in text, f"{phase.name}: {phase.starts_on}–{phase.ends_on}"
        assert phase.owner in text
    recommended = _recommended(a)
    others = [title.split(" (")[0] for title in MESH_TITLES.values() if title.split(" (")[0] not in recommended]
    for phase in a.plan.phases:
        lines = [phase.goal, *phase.activities, *phase.entry_criteria, *phase.exit_criteria, *phase.success_metrics]
        assert not [x for x in lines for mesh in others if mesh in x], f"{phase.name} names another mesh"
    for gate in (g for phase in a.plan.phases for g in phase.gates):
        assert f"{_day(gate.on)} {gate.name}" in text, f"the gate {gate.name!r} is listed with its date"


@pytest.mark.parametrize("name", REPORTS)
def test_the_risk_register_is_in_the_assessment_and_the_report(
        name: str, pdfs: dict[str, tuple[Assessment, Rendered]]) -> None:
    a, rendered = pdfs[name]
    pages = _text(rendered)
    start = next(i for i, p in enumerate(pages[2:], 2) if "Risk register Every risk the roadmap carries" in p)
    register = " ".join(pages[start:start + 4])
    assert a.risks
    if a.recommendation.category in ("pilot", "adopt_now"):
        assert len(a.risks) >= 5
    phases = {p.id: p.name for p in a.plan.phases}
    for number, risk in enumerate(a.risks, 1):
        assert f"R{number} {' '.join(risk.title.split()[:5])}" in register
        assert risk.phase is None or risk.phase in phases, "a risk's phase is one of the plan's"


def _fill(page: Page) -> float:
    """How much of the page's text area holds text: from the top margin down to the lowest line above the
    footer, as a share of the text area's height."""
    top, bottom = page.height - 22 * MM, 20 * MM
    body = [line for line in page.lines if bottom < line.y0 < top]
    return 0.0 if not body else (top - min(line.y0 for line in body)) / (top - bottom)


@pytest.mark.parametrize("name", REPORTS)
def test_no_page_is_under_a_third_full_but_the_last_of_a_part(
        name: str, pdfs: dict[str, tuple[Assessment, Rendered]],
        once_per_run: Callable[[str, Callable[[], list[Page]]], list[Page]]) -> None:
    """The main body ends before Appendix A, the appendices at the end; every other page is at least a third full
    and no heading is the last line of its page."""
    _, rendered = pdfs[name]
    pages = once_per_run(f"layout-{name}", lambda: pdf_pages(rendered.data))
    texts = _text(rendered)
    appendix = next(i for i, t in enumerate(texts[2:], 2) if re.search(r"Appendix A \w", t) and "Contents" not in t)
    part_ends = {appendix - 1, len(pages) - 1}
    thin = [p.number for i, p in enumerate(pages[2:], 2) if i not in part_ends and _fill(p) < 1 / 3]
    assert not thin, f"pages under a third full: {thin}"
    for page in pages[2:]:
        body = sorted((line for line in page.lines if 20 * MM < line.y0 < page.height - 22 * MM),
                      key=lambda line: line.y0)
        sizes = [g.size for g in page.glyphs if abs(g.y0 - body[0].y0) < 2] if body else []
        assert not sizes or max(sizes) < 10.9, f"page {page.number} ends on a heading: {body[0].text!r}"


@pytest.mark.parametrize("name", REPORTS)
def test_counts_agree_with_their_nouns(name: str, pdfs: dict[str, tuple[Assessment, Rendered]]) -> None:
    text = " ".join(_text(pdfs[name][1]))
    nouns = "services|teams|clusters|engineers|weeks|pods|namespaces|questions|answers|risks|phases|months|nodes"
    assert not re.findall(rf"(?<![\d.,]) 1 (?:{nouns})\b", f" {text}"), "one, singular"
    assert not re.findall(r"\(s\)", text), "no (s) plurals"



@pytest.mark.parametrize("name", REPORTS)
def test_the_pdf_says_each_thing_once(name: str, pdfs: dict[str, tuple[Assessment, Rendered]]) -> None:
    """The disclaimer is on the cover (not again at the end, where it took a page of its own), and the published
    figures are listed once: with the proxy estimate when its appendix is shown, else under the assumptions."""
    a, rendered = pdfs[name]
    pages = _text(rendered)
    disclaimer = " ".join((default_branding().disclaimer or "").split())
    assert disclaimer and disclaimer in pages[0] and " ".join(pages).count(disclaimer) == 1
    text = Templates().text()
    appendix = any(p.startswith(text["sections"]["cost"]["title"]) or f" {text['sections']['cost']['title']} " in p
                   for p in pages[2:] if "Contents" not in p)
    listed = sum(p.count(text['assumptions']['benchmarks']) for p in pages)
    assert a.cost is not None and a.cost.sources
    assert listed == (0 if appendix else 1), (appendix, listed)
