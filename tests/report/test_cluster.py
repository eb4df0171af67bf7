"""Cluster findings: shown when the assessment holds a scan (here of a real public manifest), absent otherwise.

The fixtures are built through ``readiness.pipeline`` as ``readiness assess`` builds them; the first test
proves it by comparing with what the command writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.app.inputs import load_assessment
from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report import render
from tests.conftest import EXAMPLES, FIXED_TIME
from tests.report.conftest import BOUTIQUE
from tests.report.helpers import html_text, markdown_to_html


def test_the_fixture_is_what_readiness_assess_writes(scanned: Assessment, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIXED_TIME.timestamp())))
    out = tmp_path / "assessment.json"
    assert run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "--snapshot", str(BOUTIQUE), "-o",
                str(out)]) == 0
    written = load_assessment(out)
    assert written.cost is not None and written.mesh_options is not None and written.precheck is not None
    assert written.model_dump(exclude={"tool"}) == scanned.model_dump(exclude={"tool"})


def test_cluster_findings_in_markdown(scanned: Assessment) -> None:
    md = render(scanned, "md").decode()
    assert "## 4. Cluster findings" in md and ". Roadmap" in md
    assert "- [4. Cluster findings](#4-cluster-findings)" in md
    assert ("| How many independently deployed services run in production today? | 48 services | 10 | "
            "**answered 48 services; the scan found 10 business services** |" in md)
    assert "_Read from a snapshot of its manifests: it may hold only some of the cluster's objects._" in md
    assert "realdata" not in md and "snapshot:" not in md, "the files the scan read are not client text"
    for service in ("adservice", "cartservice", "checkoutservice", "frontend", "paymentservice", "shippingservice"):
        assert f"| {service} | default | business |" in md
    assert "| redis-cart | default | cache | — | redis | redis-cart |" in md
    text, _ = html_text(markdown_to_html(md))
    assert "Business services 10" in text


def test_cluster_findings_in_html(scanned: Assessment) -> None:
    text, _ = html_text(render(scanned, "html").decode())
    assert "4 Cluster findings" in text and "Answers the scan contradicts" in text
    assert "recommendationservice" in text and "Workload hygiene" in text


def test_no_scan_no_cluster_section(examples: dict[str, Assessment]) -> None:
    md = render(examples["regulated-enterprise"], "md").decode()
    assert "Cluster findings" not in md and "Pre-flight checks" not in md
    assert "## 4. Data plane options" in md and "## 7. Business case" in md, "assess always adds options and money"
    assert "## Appendix B: Proxy resource estimate" in md


def test_scan_backed_assessment_renders_from_the_cli(scanned: Assessment, tmp_path: Path) -> None:
    src = tmp_path / "a.json"
    src.write_text(scanned.model_dump_json())
    assert run(["report", str(src), "-o", str(tmp_path / "r.html")]) == 0
    assert "Cluster findings" in (tmp_path / "r.html").read_text()


def test_every_role_reads_as_plain_words_in_the_services_table() -> None:
    """The Role column is read by a client: no scan ids (edge_proxy, loadgen), for every role the scan gives."""
    import yaml

    from readiness.io.resources import bundled
    from readiness.models.scan import ROLES, ScanResult
    from readiness.report.cluster import cluster_findings
    from readiness.scan.inventory import build_inventory
    from readiness.scan.snapshot import load_snapshot

    text = yaml.safe_load(bundled("templates", "text.yaml").read_text(encoding="utf-8"))
    assert set(text["cluster"]["roles"]) == set(ROLES)
    fixtures = Path(__file__).parents[1] / "scan" / "fixtures" / "roles"
    scan = ScanResult(clusters=[build_inventory(load_snapshot(str(fixtures)))])
    shown = {row.name: row.role for c in cluster_findings(scan, [], [], text).clusters for row in c.services}
    assert shown["front-proxy"] == "edge proxy" and shown["brochure"] == "static file server"
    assert shown["traffic-master"] == "load generator" and shown["identity"] == "platform or third-party service"
    assert shown["invoicing"] == "business" and shown["mystery"] == "not determined"
    assert not any("_" in role for role in shown.values())
