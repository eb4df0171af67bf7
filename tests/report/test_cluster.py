"""Cluster findings: shown when the assessment holds a scan (here of a real public manifest), absent otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report import render
from readiness.report.load import load_assessment
from tests.conftest import EXAMPLES, realdata_dir
from tests.report.helpers import html_text, markdown_to_html

BOUTIQUE = realdata_dir() / "online-boutique" / "kubernetes-manifests.yaml"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    if not BOUTIQUE.is_file():
        pytest.skip(f"{BOUTIQUE} is not available")
    out = tmp_path_factory.mktemp("scan") / "assessment.json"
    code = run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "--snapshot", str(BOUTIQUE), "-o", str(out)])
    assert code == 0
    return load_assessment(out)


def test_cluster_findings_in_markdown(scanned: Assessment) -> None:
    md = render(scanned, "md").decode()
    assert "## 4. Cluster findings" in md and ". Phased plan" in md
    assert "- [4. Cluster findings](#4-cluster-findings)" in md
    assert ("| `service_count` | 48 services | 10 | **answered 48 services; the scan found 10 business services** |"
            in md)
    for service in ("adservice", "cartservice", "checkoutservice", "frontend", "paymentservice", "shippingservice"):
        assert f"| {service} | default | business |" in md
    assert "| redis-cart | default | cache | — | redis | redis-cart |" in md
    text, _ = html_text(markdown_to_html(md))
    assert "Business services 10" in text


def test_cluster_findings_in_html(scanned: Assessment) -> None:
    text, _ = html_text(render(scanned, "html").decode())
    assert "4 Cluster findings" in text and "Where the scan and the answers disagree" in text
    assert "recommendationservice" in text and "Workload hygiene" in text


def test_no_scan_no_cluster_section(examples: dict[str, Assessment]) -> None:
    assert "Cluster findings" not in render(examples["regulated-enterprise"], "md").decode()


def test_scan_backed_assessment_renders_from_the_cli(scanned: Assessment, tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(scanned.model_dump_json())
    assert run(["report", str(src), "-o", str(tmp_path / "r.html")]) == 0
    assert "Cluster findings" in (tmp_path / "r.html").read_text()
