"""assess --snapshot: detected answers with evidence, answered values win, disagreements listed."""

from __future__ import annotations

import json
from pathlib import Path

from readiness.answers import parse_answers_file, resolve
from readiness.models import Questionnaire
from readiness.scan.collect import ScanRequest, scan
from readiness.scan.detect import detect_answers, disagreements
from tests.scan.scan_helpers import realdata_dir, run_cli


def assess(tmp_path: Path, answers: str, *snapshots: str) -> dict:  # type: ignore[type-arg]
    path = tmp_path / "answers.yaml"
    path.write_text(answers)
    out = tmp_path / "assessment.json"
    args = [a for s in snapshots for a in ("--snapshot", str(realdata_dir() / s))]
    result = run_cli("assess", str(path), *args, "-o", str(out), env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text())
    data["_stderr"] = result.stderr
    return data


def answer(assessment: dict, qid: str) -> dict:  # type: ignore[type-arg]
    return next(a for a in assessment["answers"] if a["id"] == qid)


def test_detected_answers_carry_evidence_and_disagreements_are_listed(tmp_path: Path) -> None:
    a = assess(tmp_path, "answers:\n  service_count: 3\n", "sock-shop")
    count = answer(a, "service_count")
    assert count["source"] == "answered" and count["value"] == 3  # the answer wins
    languages = answer(a, "languages")
    assert languages["source"] == "detected" and languages["value"] == ["java"]
    assert any("JAVA_OPTS" in e for e in languages["evidence"])
    protocols = answer(a, "protocols")
    assert protocols["source"] == "detected"
    assert protocols["value"] == ["http", "messaging", "databases"]
    assert answer(a, "platform")["source"] == "detected"
    assert answer(a, "clusters") == {**answer(a, "clusters"), "source": "detected", "value": 1}
    assert answer(a, "existing_mesh")["source"] == "default"  # a snapshot is no proof of "no mesh"
    [disagreement] = a["disagreements"]
    assert disagreement["question"] == "service_count" and disagreement["severity"] == "major"
    assert disagreement["answered"] == "3 services" and disagreement["detected"] == "8"
    assert "sock-shop: 8 business services" in disagreement["evidence"][0]
    assert "the scan disagrees on service_count" in a["_stderr"]
    assert a["scan"]["clusters"][0]["totals"]["business_services"] == 8


def test_unanswered_service_count_is_detected_and_mesh_found(tmp_path: Path) -> None:
    a = assess(tmp_path, "answers:\n  existing_mesh: none\n  languages: [go]\n", "mesh-fixtures", "bookinfo")
    count = answer(a, "service_count")
    assert count["source"] == "detected" and count["value"] == 7
    assert answer(a, "clusters")["value"] == 2
    questions = {d["question"]: d for d in a["disagreements"]}
    assert questions["existing_mesh"]["detected"] == "istio" and questions["existing_mesh"]["severity"] == "major"
    assert questions["languages"]["message"] == "the scan found java, which the answer leaves out"
    assert answer(a, "languages")["value"] == ["go"]


def test_no_scan_options_means_no_scan(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("answers: {service_count: 3}\n")
    result = run_cli("assess", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["scan"] is None and data["disagreements"] == []
    assert all(x["source"] != "detected" for x in data["answers"])


def test_source_without_a_cluster_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("answers: {service_count: 3}\n")
    result = run_cli("assess", str(path), "--source", str(tmp_path))
    assert result.returncode == 2
    assert "--source and --kubeconfig go with --snapshot or --context" in result.stderr


def test_detect_and_disagree_in_process(questionnaire: Questionnaire) -> None:
    result = scan(ScanRequest(snapshots=[str(realdata_dir() / "online-boutique")], live_default=False))
    detected = detect_answers(result)
    assert detected["service_count"].value == 10
    assert detected["protocols"].value == ["databases", "grpc", "http"]
    assert "languages" not in detected  # no evidence in this manifest: nothing claimed
    assert "observability" not in detected
    answers = resolve(questionnaire, parse_answers_file({"answers": {"service_count": 12, "protocols": ["http"]}},
                                                        "a.yaml"), "a.yaml", detected=detected)
    found = {d.question: d for d in disagreements(answers, detected)}
    assert "service_count" not in found  # 12 vs 10 is close enough
    assert found["protocols"].severity == "info"
    assert found["protocols"].message == "the scan found databases, grpc, which the answer leaves out"
