"""The precheck table, the cost figures (every number with its source) and the mesh options with reasons,
in every report format: Markdown, HTML, PDF (read back with pypdf) and JSON. Checks are named by their titles: the
client document shows no check ids."""

from __future__ import annotations

import io
import json
import re

import pypdf
import pytest

from readiness.app.rules import load_multicluster_rules, mesh_rules
from readiness.mesh.analysis import with_mesh_analysis
from readiness.mesh.cost import RequestRates
from readiness.models import Assessment
from readiness.report import render
from readiness.scan.snapshot import load_snapshot
from tests.conftest import realdata_dir
from tests.precheck.test_mesh_options import STRONG
from tests.report.helpers import html_text, markdown_to_html

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
REF = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def assessed(questionnaire, catalogue, risk_catalogue) -> Assessment:  # type: ignore[no-untyped-def]
    """A strong-need assessment enriched with the precheck of sock-shop and a request rate."""
    from readiness.core.answers import parse_answers_file, resolve
    from readiness.core.assessment import build_assessment
    from tests.conftest import FIXED_TIME

    answers = resolve(questionnaire, parse_answers_file({"answers": STRONG}, "t.yaml"), "t.yaml")
    base = build_assessment(questionnaire, catalogue, answers, FIXED_TIME, risks=risk_catalogue,
                            multicluster=load_multicluster_rules())
    return with_mesh_analysis(base, mesh_rules(), [load_snapshot(str(realdata_dir() / "sock-shop"))],
                              rates=RequestRates(total=1500))


@pytest.fixture(scope="module")
def markdown(assessed: Assessment) -> str:
    return render(assessed, "md").decode()


def section(text: str, title: str) -> str:
    """A numbered section or a lettered appendix of the Markdown report, heading to the next heading of its level."""
    match = re.search(rf"^## (?:\d+|Appendix [A-Z]:){re.escape(title)}$", text, re.MULTILINE)
    assert match, title
    following = text.find("\n## ", match.end())
    return text[match.start():following if following > 0 else None]


def test_markdown_has_the_precheck_table(assessed: Assessment, markdown: str) -> None:
    precheck = section(markdown, ". Pre-flight checks")
    assert "| Check | Severity | Istio (sidecar) | Istio (ambient) | Linkerd | Objects |" in precheck
    assert assessed.precheck is not None
    for finding in assessed.precheck.clusters[0].findings:
        row = next(line for line in precheck.splitlines() if line.startswith(f"| {finding.title} |"))
        assert row.count("|") == 7 and f"| {len(finding.objects)} |" in row
        assert finding.check not in precheck, "no check ids in the client document"
    row = next(line for line in precheck.splitlines() if line.startswith("| Server-first protocols"))
    assert row.split("|")[3:6] == [" info ", " — ", " warning "]   # Istio relies on its default, Linkerd stalls


def test_every_cost_number_names_its_source(assessed: Assessment, markdown: str) -> None:
    cost = section(markdown, " Proxy resource estimate")
    sources = cost[cost.index("**Sources**"):]
    numbered = dict(re.findall(r"\[(\d+)\] (.+?) \(", sources.replace("\\", "")))
    assert assessed.cost is not None and assessed.business_case is not None
    assert len(numbered) == len(assessed.cost.sources)
    figures = cost[cost.index("**Figures behind the estimate**"):cost.index("**Sources**")]
    rows = [line for line in figures.splitlines() if line.startswith("| ") and not line.startswith("| Part")]
    priced = [p for p in assessed.cost.data_planes if p.data_plane == assessed.business_case.data_plane]
    assert len(priced) == 1, "the figures are those of the data plane the business case prices"
    assert len(rows) == sum(len(p.lines) + len(p.control_plane) for p in priced)
    for row in rows:
        refs = REF.findall(row.replace("\\", ""))
        assert refs and all(r in numbered for r in refs), row
    for line in figures.splitlines():
        if line.startswith("_") and "CPU" in line:     # ranges and latency: a source after every figure
            plain = line.replace("\\", "")
            figures_in_line = re.findall(r"\d[\d,.]* (?:vCPU|MiB|ms)", plain)
            assert len(REF.findall(plain)) >= len([f for f in figures_in_line if not f.endswith("ms")]) // 1
    summary = cost[:cost.index("**Figures behind the estimate**")]
    for row in [line for line in summary.splitlines() if line.startswith("| **")]:
        assert REF.search(row.replace("\\", "")), row


def test_markdown_mesh_options_have_the_fit_matrix_and_reasons(assessed: Assessment, markdown: str) -> None:
    options = section(markdown, ". Data plane options")
    assert assessed.mesh_options is not None
    titles = [o.title for o in assessed.mesh_options.options]
    assert f"| Requirement | {' | '.join(titles)} |" in options
    labels = {f.label for o in assessed.mesh_options.options for f in o.fits}
    for label in labels:
        assert f"| {label} |" in options
    for reason in assessed.mesh_options.reasons:
        assert reason.split(":")[0] in options
    assert markdown_to_html(options).count("<tr>") >= len(labels) + 1


def test_html_shows_the_three_tables(assessed: Assessment) -> None:
    words, tags = html_text(render(assessed, "html").decode())
    classes = {attrs.get("class") for tag, attrs in tags if tag == "table"}
    assert {"precheck-table", "fit-matrix"} <= classes and "cost-figures small" in classes
    assert "Figures behind the estimate" in words
    assert assessed.cost is not None
    for i, source in enumerate(assessed.cost.sources, 1):
        assert f"[{i}] {source.title} ({source.version})" in words
    assert assessed.mesh_options is not None and assessed.mesh_options.headline in words


def test_pdf_carries_the_sections_and_sources(assessed: Assessment) -> None:
    reader = pypdf.PdfReader(io.BytesIO(render(assessed, "pdf")))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for heading in ("Pre-flight checks", "Proxy resource estimate", "Data plane options",
                    "Figures behind the estimate"):
        assert heading.lower() in text.lower()     # h3/h4 headings are set in capitals
    assert "Server-first protocols" in text and "Performance and Scalability" in text
    assert "server_first_protocol" not in text, "no check ids in the client document"
    assert assessed.mesh_options is not None
    assert " ".join(assessed.mesh_options.headline.split()) in text


def test_json_report_is_the_assessment_with_all_three(assessed: Assessment) -> None:
    doc = json.loads(render(assessed, "json"))
    assert doc["precheck"]["clusters"][0]["cluster"] == "sock-shop"
    assert doc["cost"]["inputs"]["rps"]["value"] == 1500
    assert doc["mesh_options"]["reasons"]
    assert Assessment.model_validate(doc) == assessed
