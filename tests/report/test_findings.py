"""Precheck, cost and mesh-option sections: shown from what a scan-backed assessment holds, with sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.app.inputs import load_answers_file
from readiness.models import Assessment, PlanCatalogue, Questionnaire
from readiness.report import render
from readiness.report.bounds import MAX_OBJECTS
from tests.conftest import EXAMPLES
from tests.report.conftest import SOCK_SHOP, product_assessment
from tests.report.helpers import html_text, markdown_to_html


def test_sections_follow_the_data(meshed: Assessment) -> None:
    md = render(meshed, "md").decode()
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[1:13] == ["## 1. Executive summary", "## 2. Scorecard", "## 3. Findings", "## 4. Cluster findings",
                              "## 5. Pre-flight checks", "## 6. Data plane options", "## 7. Connecting the clusters",
                              "## 8. Roadmap", "## 9. Business case", "## 10. Risk register",
                              "## 11. What would change this verdict", "## 12. Assumptions and limitations"]
    assert headings[13] == "## Appendix A: Signals behind the verdict"


def test_precheck_findings_carry_remediation(meshed: Assessment) -> None:
    assert meshed.precheck is not None
    findings = [f for c in meshed.precheck.clusters for f in c.findings]
    assert findings
    text, _ = html_text(markdown_to_html(render(meshed, "md").decode()))
    html_words, _ = html_text(render(meshed, "html").decode())
    for finding in findings:
        for words in (text, html_words):
            assert finding.title in words and finding.remediation in words
            assert finding.objects[0].name in words


def test_every_cost_figure_names_its_source(meshed: Assessment) -> None:
    assert meshed.cost is not None
    html_words, tags = html_text(render(meshed, "html").decode())
    for plane in meshed.cost.data_planes:
        assert plane.title in html_words
    for source in meshed.cost.sources:
        assert f"{source.title} ({source.version})" in html_words
        assert ("a", {"href": source.url}) in tags


def test_mesh_options_show_the_recommendation(meshed: Assessment) -> None:
    assert meshed.mesh_options is not None
    md = render(meshed, "md").decode()
    assert f"> {meshed.mesh_options.headline}" in md
    for option in meshed.mesh_options.options:
        assert f"| **{option.title}** |" in md


@pytest.fixture(scope="module")
def sock_shop(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    """The regulated example with the sock-shop snapshot: findings with more objects than a section shows."""
    return product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / "regulated-enterprise.yaml"),
                              "regulated-enterprise.yaml", [SOCK_SHOP])


def test_every_affected_object_is_listed_in_an_appendix(sock_shop: Assessment) -> None:
    assert sock_shop.precheck is not None
    findings = [f for c in sock_shop.precheck.clusters for f in c.findings]
    long = [f for f in findings if len(f.objects) > MAX_OBJECTS]
    assert long, "sock-shop has findings with more objects than the section shows"
    md = render(sock_shop, "md").decode()
    html_words, tags = html_text(render(sock_shop, "html").decode())
    md_words, _ = html_text(markdown_to_html(md))
    assert "Appendix E: Precheck findings in full" in md_words
    assert "## Appendix E: Precheck findings in full" in md
    assert "- [Appendix E: Precheck findings in full](#appendix-e-precheck-findings-in-full)" in md
    for f in long:
        pointer = f"… and {len(f.objects) - MAX_OBJECTS} more: all are listed in Appendix E."
        assert pointer in md and pointer in html_words
        appendix_md = md.split("## Appendix E")[-1]
        for o in f.objects:
            assert f"| {o.kind} {o.namespace}/{o.name} | {o.detail} |" in appendix_md
            assert f"{o.kind} {o.namespace}/{o.name} {o.detail}" in html_words.split("Precheck findings in full")[-1]
    assert ("a", {"href": "#sec-precheck_objects"}) in tags


def test_no_appendix_when_every_object_is_shown(scanned: Assessment, meshed: Assessment) -> None:
    for assessment in (scanned, meshed):
        assert assessment.precheck is not None
        assert all(len(f.objects) <= MAX_OBJECTS for c in assessment.precheck.clusters for f in c.findings)
        md = render(assessment, "md").decode()
        assert "Precheck findings in full" not in md and "more: all are listed" not in md


def test_text_yaml_rewords_the_cluster_precheck_cost_and_options_sections(tmp_path: Path,
                                                                         sock_shop: Assessment) -> None:
    (tmp_path / "text.yaml").write_text(
        "appendix: Anhang\n"
        "cluster:\n  disagreements: Scan versus answers\n  facts:\n    business_services: Business apps\n"
        "  service_columns:\n    workloads: Deployments\n"
        "precheck:\n  remediation: How to fix\n  status:\n    ready: good to go\n    needs_attention: look at it\n"
        "  more_objects: 'plus $count others (see $appendix)'\n  severity:\n    info: note\n"
        "cost:\n  columns:\n    cpu: Extra CPU\n  figures: Where the numbers come from\n"
        "plan:\n  owner: Led by\n"
        "mesh_options:\n  why: Reasons\n  verdicts:\n    recommended: our pick\n  fits:\n    good: strong\n")
    md = render(sock_shop, "md", templates_dir=tmp_path).decode()
    html_words, _ = html_text(render(sock_shop, "html", templates_dir=tmp_path).decode())
    md_words, _ = html_text(markdown_to_html(md))
    for words in (md_words, html_words):
        for new in ("Scan versus answers", "Business apps", "Deployments", "How to fix:", "good to go", "look at it",
                    "plus 7 others (see Anhang E)", "Extra CPU", "Where the numbers come from", "Led by:",
                    "Reasons", "our pick", "strong", "Anhang E"):
            assert new in words, new
        for old in ("Where the scan and the answers disagree", "Business services", "Remediation:", "needs attention",
                    "Figures behind the estimate", " recommended ", "Appendix"):
            assert old not in words, old
