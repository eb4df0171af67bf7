"""assess --snapshot: detected answers with evidence, answered values win, disagreements listed."""

from __future__ import annotations

import json
from pathlib import Path

from readiness.core.answers import parse_answers_file, resolve
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
    # Java evidence for 4 of 8 business services is a hint, not "one language: Java"
    assert answer(a, "languages")["source"] == "default"
    note = ("languages not detected: language evidence for 4 of 8 business services only (java); answer the "
            "languages question")
    assert note in a["_stderr"] and any(note in w for w in a["scan"]["warnings"])
    assert a["scan"]["clusters"][0]["totals"]["languages"] == ["java"], "the partial evidence stays in the scan"
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
    assert answer(a, "languages")["value"] == ["go"]
    assert "language evidence for 1 of 7 business services only (java)" in a["_stderr"]


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


def test_partial_language_evidence_is_a_hint_that_can_still_disagree(questionnaire: Questionnaire) -> None:
    """sock-shop: Java evidence for 4 of 8 business services. Not detected (the interview would pre-fill
    "Java" and scoring would say "one language"), but shown as a hint, and an answer leaving Java out still
    contradicts what the scan saw."""
    from readiness.scan.detect import detection_hints

    result = scan(ScanRequest(snapshots=[str(realdata_dir() / "sock-shop")], live_default=False))
    detected = detect_answers(result)
    assert "languages" not in detected
    hint = detection_hints(result)["languages"]
    assert hint.value == ["java"] and "4 of 8 business services show no language evidence" in hint.evidence
    assert any("JAVA_OPTS" in e for e in hint.evidence)
    answers = resolve(questionnaire, parse_answers_file({"answers": {"languages": ["go"]}}, "a.yaml"), "a.yaml",
                      detected=detected)
    assert answers.get("languages").source == "answered"
    assert "languages" not in {d.question for d in disagreements(answers, detected)}
    found = {d.question: d for d in disagreements(answers, detected, result)}
    assert found["languages"].message == "the scan found java, which the answer leaves out"


def test_languages_detected_when_every_business_service_shows_evidence(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text("""
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: api, image: golang:1.22, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: node:20, ports: [{containerPort: 3000, name: http}]}]}
""")
    result = scan(ScanRequest(snapshots=[str(tmp_path)], live_default=False))
    assert result.clusters[0].totals.business_services == 2
    assert detect_answers(result)["languages"].value == ["go", "javascript"]
    assert not any("languages not detected" in w for w in result.warnings)


def test_a_snapshot_without_workloads_detects_nothing(tmp_path: Path) -> None:
    """An unrendered Helm chart whose only plain file is a CRD: no workloads, so no "0 services" answer."""
    chart = tmp_path / "chart"
    (chart / "templates").mkdir(parents=True)
    (chart / "crds").mkdir()
    (chart / "Chart.yaml").write_text("apiVersion: v2\nname: shop\nversion: 0.1.0\n")
    (chart / "templates" / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
        "  {{- if .Values.replicas }}\n  replicas: {{ .Values.replicas }}\n  {{- end }}\n")
    (chart / "crds" / "widgets.yaml").write_text(
        "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: widgets.example.com}\n"
        "spec: {group: example.com}\n")
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  architecture: microservices\n")
    out = tmp_path / "a.json"
    result = run_cli("assess", str(answers), "--snapshot", str(chart), "-o", str(out))
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text())
    assert [a["id"] for a in doc["answers"] if a["source"] == "detected"] == []
    assert answer(doc, "service_count")["source"] != "detected"
    assert "no workloads (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) in this snapshot" in result.stderr
    assert "1 Helm/Go template file(s) were skipped" in result.stderr
    (chart / "crds" / "widgets.yaml").unlink()
    result = run_cli("assess", str(answers), "--snapshot", str(chart), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.strip().endswith("holds no Kubernetes objects: 1 Helm/Go template file(s) were skipped — "
                                          "render the chart first (helm template RELEASE CHART > manifests.yaml) "
                                          "and scan the output")


def test_partial_language_evidence_contradicting_the_answer_is_a_disagreement(tmp_path: Path) -> None:
    """sock-shop shows Java for 4 of 8 services: not enough to detect languages, enough to contradict 'go only'."""
    from readiness.cli import run

    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  service_count: 8\n  languages: [go]\n")
    out = tmp_path / "assessment.json"
    assert run(["assess", str(answers), "--snapshot", str(realdata_dir() / "sock-shop"), "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    languages = next(a for a in document["answers"] if a["id"] == "languages")
    assert languages["source"] == "answered" and languages["value"] == ["go"]
    assert any(d["question"] == "languages" and "java" in d["message"] for d in document["disagreements"])


def test_each_disagreement_says_what_the_verdict_would_be_if_the_scan_is_right(tmp_path: Path) -> None:
    """assess --snapshot lists ``if_detected`` for every disagreement, and assessing the answers with the scan's
    value reproduces it; a major disagreement lowers the confidence."""
    import yaml

    from tests.conftest import EXAMPLES

    snapshot = str(realdata_dir() / "online-boutique")
    answers = yaml.safe_load((EXAMPLES / "regulated-enterprise.yaml").read_text())
    out = tmp_path / "a.json"
    assert run_cli("assess", str(EXAMPLES / "regulated-enterprise.yaml"), "--snapshot", snapshot, "-o",
                   str(out)).returncode == 0
    assessed = json.loads(out.read_text())
    alone = tmp_path / "alone.json"
    assert run_cli("assess", str(EXAMPLES / "regulated-enterprise.yaml"), "-o", str(alone)).returncode == 0
    assert assessed["scores"]["confidence"] < json.loads(alone.read_text())["scores"]["confidence"]
    assert assessed["disagreements"] and any(d["severity"] == "major" for d in assessed["disagreements"])
    for item in assessed["disagreements"]:
        expected = item["if_detected"]
        assert expected is not None and item["detected_value"] is not None, item
        changed = {**answers, "answers": {**answers["answers"], item["question"]: item["detected_value"]}}
        path = tmp_path / f"{item['question']}.yaml"
        path.write_text(yaml.safe_dump(changed))
        again = tmp_path / f"{item['question']}.json"
        assert run_cli("assess", str(path), "--snapshot", snapshot, "-o", str(again)).returncode == 0
        redone = json.loads(again.read_text())
        assert redone["recommendation"]["category"] == expected["category"]
        assert (redone["scores"]["need"], redone["scores"]["readiness"]) == (expected["need"], expected["readiness"])
