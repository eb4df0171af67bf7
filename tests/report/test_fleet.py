"""The fleet in the cluster findings: two or more scanned clusters get a row each, what differs between them and
the multicluster set-ups already in place (PDF read back as text, Markdown, HTML); one cluster gets none."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from readiness.app.inputs import load_answers_file, load_assessment
from readiness.cli.main import run
from readiness.models import Assessment, PlanCatalogue, Questionnaire
from readiness.report import render
from tests.conftest import EXAMPLES, FIXED_TIME, realdata_dir
from tests.report.conftest import product_assessment
from tests.report.helpers import html_text
from tests.scan.scan_helpers import truth

ISTIO = Path(__file__).resolve().parents[1] / "scan" / "fixtures" / "multicluster" / "istio-multi-network"


def _pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pages)


@pytest.fixture(scope="module")
def istio_fleet(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    return product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / "regulated-enterprise.yaml"),
                              "regulated-enterprise.yaml", [ISTIO / "cluster1", ISTIO / "cluster2"])


def test_two_snapshots_are_a_fleet_in_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(FIXED_TIME.timestamp())))
    out, pdf = tmp_path / "a.json", tmp_path / "r.pdf"
    assert run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "--snapshot",
                str(realdata_dir() / "online-boutique"), "--snapshot", str(realdata_dir() / "bookinfo"),
                "-o", str(out)]) == 0
    a = load_assessment(out)
    assert a.scan is not None and a.scan.fleet is not None
    assert a.scan.fleet.clusters == ["online-boutique", "bookinfo"]
    assert {c.name: c.totals.business_services for c in a.scan.clusters} == {
        app: truth(app)["totals"]["business_services"] for app in ("online-boutique", "bookinfo")}
    assert [d.topic for d in a.scan.fleet.differences] == ["kubernetes_version"]
    assert a.precheck is not None and [c.cluster for c in a.precheck.clusters] == ["online-boutique", "bookinfo"]
    bookinfo_notes = sum(1 for f in a.precheck.clusters[1].findings if f.severity == "info")
    assert bookinfo_notes >= 1
    assert run(["report", str(out), "-o", str(pdf)]) == 0
    text = _pdf_text(pdf)
    assert "The fleet 2 clusters were scanned as one fleet" in text
    assert "Cluster Business services Languages Service mesh Pre-flight findings" in text
    assert "online-boutique 10 language unknown none found no findings" in text
    assert f"bookinfo 4 java none found {bookinfo_notes} note" in text
    assert "What differs between the clusters" in text
    assert "Kubernetes version not known for online-boutique, bookinfo" in text


def test_istio_multi_network_fleet_in_markdown(istio_fleet: Assessment) -> None:
    md = render(istio_fleet, "md").decode()
    assert "### The fleet" in md and "### Multicluster set-ups already in place" in md
    assert "| cluster1 | 2 | language unknown | istio (0 workloads) |" in md
    assert ("| cluster2 | Istio east-west gateway (multi-network) | Deployment istio-system/istio-eastwestgateway | "
            "east-west gateway on port 15443;") in md
    assert "| cluster1 | Istio remote secret | Secret istio-system/istio-remote-secret-cluster2 |" in md
    assert "| cluster2 | Istio network id | Namespace istio-system | topology.istio.io/network=network2 |" in md
    assert "CANARY" not in md and "sni-dnat" not in md


def test_istio_multi_network_fleet_in_html(istio_fleet: Assessment) -> None:
    text, _ = html_text(render(istio_fleet, "html").decode())
    assert "The fleet" in text and "What differs between the clusters" in text
    assert "Istio cross-network Gateway" in text and "Gateway istio-system/cross-network-gateway" in text


def test_one_cluster_has_no_fleet_table(scanned: Assessment) -> None:
    md = render(scanned, "md").decode()
    assert "The fleet" not in md and "Multicluster set-ups" not in md
