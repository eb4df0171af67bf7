"""Reports are bounded by design: a long list shows its first items and a line saying how many more, the
assessment JSON keeps every item, and a large estate still makes a PDF of about 60 pages at most.

The long assessment (``long_json`` in conftest.py) comes from a real ``readiness assess`` on a generated
snapshot."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest

from readiness.app.inputs import load_assessment
from readiness.models import Assessment
from readiness.report import render
from readiness.report.bounds import MAX_CLUSTERS, MAX_NAMES, MAX_OBJECTS, MAX_ROWS, MAX_SERVICE_ROWS
from readiness.report.branding import Branding, default_branding
from readiness.report.content import build_content
from readiness.report.findings import appendix_objects
from readiness.report.templates import Templates
from tests.conftest import REPO
from tests.report.large import assess_large

MAX_PAGES = 60
MORE = "the complete list is in the assessment JSON"


@pytest.fixture()
def long_file(long_json: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "assessment.json"
    path.write_bytes(long_json)
    return path


@pytest.fixture(scope="session")
def long_assessment(long_json: bytes, tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    path = tmp_path_factory.mktemp("long-read") / "assessment.json"
    path.write_bytes(long_json)
    return load_assessment(path)


def _report(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "readiness", "report", *args], capture_output=True, cwd=REPO,
                          check=False, timeout=300)


def test_a_long_assessment_makes_a_pdf_of_at_most_60_pages(long_file: Path, long_assessment: Assessment,
                                                            tmp_path: Path) -> None:
    assert long_assessment.precheck is not None and long_assessment.scan is not None
    objects = sum(len(f.objects) for c in long_assessment.precheck.clusters for f in c.findings)
    assert objects > 2500 and len(long_assessment.scan.clusters[0].services) == 1500, "the assessment is long"
    out = tmp_path / "report.pdf"
    done = _report(str(long_file), "-o", str(out))
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert 20 <= len(reader.pages) <= MAX_PAGES
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "… and 1,460 more services; the complete list is in the assessment JSON." in text
    assert text.count(MORE) >= 10, "every cut list says where the rest is"


def _section(md: str, heading: str) -> str:
    return md.split(f"## {heading}")[1].split("\n## ")[0]


def _appendix(a: Assessment, md: str, sid: str, branding: Branding | None = None) -> tuple[str, str]:
    """An appendix's label ("Appendix E") and its Markdown, found by its id (its letter depends on what is shown)."""
    text = Templates().text()
    brand = branding or default_branding()
    number = build_content(a, text, technical_appendix=brand.technical_appendix).section[sid].number
    return number, _section(md, f"{number}: {text['sections'][sid]['title']}")


TECHNICAL = replace(default_branding(), technical_appendix=True)
"""The default brand with the technical appendix turned on (where the files a scan read and its warnings go)."""


def test_every_long_list_shows_its_first_items_and_how_many_more(long_assessment: Assessment) -> None:
    a = long_assessment
    assert a.scan is not None and a.precheck is not None
    md = render(a, "md", TECHNICAL).decode()
    cluster = _section(md, "4. Cluster findings")
    services = re.findall(r"^\| svc-\d+ \| team-\d+ \|", cluster, flags=re.M)
    assert len(services) == MAX_SERVICE_ROWS
    inventory = a.scan.clusters[0]
    assert f"… and {len(inventory.services) - MAX_SERVICE_ROWS:,} more services; {MORE}." in cluster
    missing = inventory.network_policies.application_namespaces_without
    assert len(missing) > MAX_NAMES
    assert f"{', '.join(missing[:MAX_NAMES])} and {len(missing) - MAX_NAMES} more |" in cluster
    assert len(inventory.warnings) > MAX_ROWS
    assert not any(warning in cluster for warning in inventory.warnings), "warnings name files: not client text"
    assert len(a.scan.sources) > MAX_ROWS
    assert len(re.findall(r"^- \*\*svc-\d+\*\*: go", cluster, flags=re.M)) == MAX_ROWS
    assert f"- … and {len(a.scan.sources) - MAX_ROWS} more; {MORE}." in cluster
    _, technical = _appendix(a, md, "technical", TECHNICAL)
    warnings = [*a.warnings, *a.scan.warnings, *inventory.warnings]
    for warning in warnings[MAX_ROWS:]:
        assert warning not in technical
    assert f"- … and {len(warnings) - MAX_ROWS} more; {MORE}." in technical
    sources = 1 + len(a.scan.sources)
    assert f"- … and {sources - MAX_ROWS} more; {MORE}." in technical

    precheck = _section(md, "5. Pre-flight checks")
    label, appendix = _appendix(a, md, "precheck_objects")
    findings = a.precheck.clusters[0].findings
    share = appendix_objects(a.precheck)
    assert MAX_OBJECTS < share < max(len(f.objects) for f in findings)
    for f in findings:
        if len(f.objects) <= MAX_OBJECTS:
            continue
        block = precheck.split(f": {f.title}\n")[1].split("\n#### ")[0]
        assert len(re.findall(r"^- (?!…)", block, flags=re.M)) == MAX_OBJECTS
        if len(f.objects) > share:
            assert (f"- … and {len(f.objects) - MAX_OBJECTS:,} more: {label} lists {share} of them; {MORE}."
                    in block)
            rows = appendix.split(f": {f.title}\n")[1].split("\n#### ")[0]
            assert len(re.findall(r"^\| (?!Object |---)", rows, flags=re.M)) == share
            assert f"… and {len(f.objects) - share:,} more; {MORE}." in rows


def test_the_json_keeps_every_item(long_file: Path, long_json: bytes) -> None:
    done = _report(str(long_file), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == json.loads(long_json)


def _clusters(a: Assessment, copies: int) -> Assessment:
    """``a`` as if its scan had found ``copies`` clusters."""
    assert a.scan is not None and a.precheck is not None
    clusters = [c.model_copy(update={"name": f"cluster-{i}"}) for i in range(copies) for c in a.scan.clusters]
    checks = [c.model_copy(update={"cluster": f"cluster-{i}"}) for i in range(copies) for c in a.precheck.clusters]
    return a.model_copy(update={"scan": a.scan.model_copy(update={"clusters": clusters}),
                                "precheck": a.precheck.model_copy(update={"clusters": checks})})


def test_many_clusters_show_the_first_few(meshed: Assessment) -> None:
    md = render(_clusters(meshed, MAX_CLUSTERS + 3), "md").decode()
    for section in ("4. Cluster findings", "5. Pre-flight checks"):
        text = _section(md, section)
        assert re.findall(r"^### cluster-(\d+)$", text, flags=re.M) == [str(i) for i in range(MAX_CLUSTERS)]
        assert "… and 3 more clusters; their findings are in the assessment JSON." in text


def test_warnings_disagreements_and_workloads_are_cut(scanned: Assessment) -> None:
    assert scanned.scan is not None and scanned.disagreements
    inventory = scanned.scan.clusters[0]
    service = inventory.services[0].model_copy(update={"workloads": [f"worker-{i}" for i in range(30)]})
    scan = scanned.scan.model_copy(update={"clusters": [inventory.model_copy(update={"services": [service]})]})
    long = scanned.model_copy(update={
        "scan": scan, "warnings": [f"warning number {i}" for i in range(50)],
        "disagreements": [scanned.disagreements[0]] * (MAX_ROWS + 5)})
    md = render(long, "md", TECHNICAL).decode()
    cells = ", ".join(f"worker-{i}" for i in range(MAX_NAMES))
    assert f"| {cells} and {30 - MAX_NAMES} more |" in md and f"worker-{MAX_NAMES}," not in md
    question = next(x.prompt for x in scanned.answers if x.id == scanned.disagreements[0].question)
    cluster = _section(md, "4. Cluster findings")
    assert cluster.count(f"| {question} |") == MAX_ROWS
    assert f"… and 5 more; {MORE}." in cluster
    _, technical = _appendix(long, md, "technical", TECHNICAL)
    assert "warning number 19" in technical and "warning number 20" not in technical
    assert "warning number" not in render(long, "md").decode(), "warnings only in the technical appendix"
    shown = [*long.warnings, *scan.warnings, *(w for c in scan.clusters for w in c.warnings)]
    assert f"- … and {len(shown) - MAX_ROWS} more; {MORE}." in technical


def test_report_reads_the_assessment_of_a_large_cluster(tmp_path: Path) -> None:
    """What ``assess`` writes for 20,000 workloads (an assessment past the 64 MB that ``report`` used to read),
    ``report`` reads, and renders bounded."""
    assessment = assess_large(tmp_path / "large", deployments=20_000, pods_per_deployment=1)
    assert assessment.stat().st_size > 64 * 1024 * 1024
    done = _report(str(assessment), "--format", "md")
    assert done.returncode == 0, done.stderr
    assert f"… and {20_000 - MAX_SERVICE_ROWS:,} more services; {MORE}." in done.stdout.decode()


def test_assess_refuses_what_report_could_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """One limit for writer and reader: past it, ``assess`` says so in one line and writes nothing."""
    from readiness.cli.main import run
    from tests.report.large import ANSWERS, write_snapshot

    write_snapshot(tmp_path / "cluster.json", deployments=300, pods_per_deployment=1)
    monkeypatch.setattr("readiness.models.assessment.MAX_ASSESSMENT_BYTES", 1024 * 1024)
    out = tmp_path / "assessment.json"
    assert run(["assess", str(ANSWERS), "--snapshot", str(tmp_path / "cluster.json"), "-o", str(out)]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert len(err) == 1 and "more than the 1 MB that 'readiness report' reads (300 workloads in 1 cluster); " \
                              "assess fewer clusters or namespaces at a time" in err[0], err
    assert not out.exists()
    monkeypatch.setattr("readiness.models.assessment.MAX_ASSESSMENT_BYTES", 8 * 1024 * 1024)
    assert run(["assess", str(ANSWERS), "--snapshot", str(tmp_path / "cluster.json"), "-o", str(out)]) == 0
    assert run(["report", str(out), "--format", "md", "-o", str(tmp_path / "r.md")]) == 0
