"""Precheck, cost and mesh-option sections: shown from what a scan-backed assessment holds, with sources."""

from __future__ import annotations

from readiness.models import Assessment
from readiness.report import render
from tests.report.helpers import html_text, markdown_to_html


def test_sections_follow_the_data(meshed: Assessment) -> None:
    md = render(meshed, "md").decode()
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[1:9] == ["## 1. Executive summary", "## 2. Need versus readiness",
                             "## 3. Signals behind the verdict", "## 4. Cluster findings", "## 5. Pre-flight checks",
                             "## 6. Cost estimate", "## 7. Mesh options", "## 8. Phased plan"]


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
