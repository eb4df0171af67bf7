"""Issue 16, item 5: ``scan --source`` over hundreds of service folders finds every service, right.

The speed (linear in the number of folders) is measured by ``bench/source_scan.py`` in ``make bench``, not
asserted here; this checks the results the faster code gives on a tree large enough to mix every layout.
"""

from __future__ import annotations

import json
from pathlib import Path

from readiness.scan.checkouts import SourceIndex, scan_sources
from tests.scan.scan_helpers import run_cli
from tests.scan.source_trees import write_snapshot, write_source_tree

SERVICES = 300


def test_every_generated_service_is_found_with_its_language(tmp_path: Path) -> None:
    expected = write_source_tree(tmp_path / "src", SERVICES)
    findings, warnings = scan_sources([str(tmp_path / "src")])
    assert {f.name: f.language for f in findings} == expected
    assert warnings == []
    java = next(f for f in findings if f.name == "svc00002")
    assert java.evidence == ["build file svc00002/src/pom.xml", "svc00002/Dockerfile FROM eclipse-temurin:21-jre"]
    python = next(f for f in findings if f.name == "svc00003")
    assert python.evidence == ["build file svc00003/requirements.txt"], "tools/setup.py is not claimed"


def test_scan_with_sources_matches_every_workload_to_its_folder(tmp_path: Path) -> None:
    expected = write_source_tree(tmp_path / "src", SERVICES)
    snapshot = write_snapshot(tmp_path / "shop.json", SERVICES)
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(snapshot), "--source", str(tmp_path / "src"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    sources = {s["name"]: s for s in doc["sources"]}
    assert {name: s["language"] for name, s in sources.items()} == expected
    assert all(s["matched"] == [f"shop/shop/{name}"] for name, s in sources.items())
    workloads = {w["name"]: w for w in doc["clusters"][0]["workloads"]}
    assert {name: (w["language"], w["language_source"]) for name, w in workloads.items()} == {
        name: (language, "source") for name, language in expected.items()}
    assert workloads["svc00001"]["source_path"] == str(tmp_path / "src" / "svc00001")


def test_the_index_matches_as_the_rules_say(tmp_path: Path) -> None:
    write_source_tree(tmp_path / "src", 10)
    index = SourceIndex(scan_sources([str(tmp_path / "src")])[0])
    assert index.match(["svc00004"], [])[1] == "directory name svc00004"  # type: ignore[index]
    assert index.match(["other"], ["registry.example.com/x/svc00003:2"])[1] == "image name svc00003"  # type: ignore[index]
    assert index.match(["svc00002-service"], [])[1] == "directory name without suffix svc00002"  # type: ignore[index]
    assert index.match(["nothing"], ["registry.example.com/x/nothing:1"]) is None
    assert not SourceIndex([])
