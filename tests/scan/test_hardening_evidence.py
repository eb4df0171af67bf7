"""Issue 16, item 8: inline shell assignments in a container command are values, never evidence.

``sh -c "javatoken=CANARY-ENV-5531 java -jar app.jar"`` once showed up as "runs javatoken=CANARY-ENV-5531".
Each canary below sits in a command or args the way people write them; none may reach the scan, the
assessment or the Markdown report, from a snapshot or from a live cluster (the tests' local API server),
while the program names stay as evidence.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.scan.languages import executables
from tests.k8s_server.fixtures import running

CANARIES = ("CANARY-ENV-5531", "CANARY-ENV-ARGS-7702", "CANARY-ENV-WRAPPER-1194", "CANARY-ENV-PATH-3318")
CONTAINERS = {
    "javatoken": ('command: [sh, -c, "javatoken=CANARY-ENV-5531 java -jar app.jar"]', "java"),
    "args": ('command: [/bin/sh, -c]\n        args: ["PYTHONTOKEN=CANARY-ENV-ARGS-7702 exec python3 main.py"]',
             "python3"),
    "wrapper": ('command: [env, "NODE_SECRET=CANARY-ENV-WRAPPER-1194", node, server.js]', "node"),
    "path": ('command: [sh, -c, "JAVA_HOME=/opt/CANARY-ENV-PATH-3318 PATH=$JAVA_HOME/bin:$PATH; java -jar a.jar"]',
             "java"),
}


def deployment(name: str, command: str) -> str:
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: {name}
        image: registry.example.com/shop/{name}:1.0
        {command}
        ports: [{{containerPort: 8080, name: http}}]
---
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{app: {name}}}
  ports: [{{port: 80, targetPort: http, name: http}}]
"""


@pytest.fixture(scope="module")
def manifests(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("commands")
    text = "---\n".join(deployment(name, command) for name, (command, _) in CONTAINERS.items())
    (folder / "shop.yaml").write_text(text, encoding="utf-8")
    return folder


def readiness(*args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI in a real process; returns stdout and stderr together (both must be free of canaries)."""
    full = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, env=full,
                          stdin=subprocess.DEVNULL, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout + proc.stderr


def outputs(source: list[str], tmp_path: Path) -> dict[str, str]:
    """scan -o, assess -o (JSON) and report --format md for one source, each with its terminal messages."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {service_count: 4}\n", encoding="utf-8")
    scan, assessment = tmp_path / "scan.json", tmp_path / "assessment.json"
    texts = {"scan stderr": readiness("scan", *source, "-o", str(scan))}
    texts["assess stderr"] = readiness("assess", str(answers), *source, "-o", str(assessment))
    texts["report.md"] = readiness("report", str(assessment), "--format", "md")
    texts["scan.json"] = scan.read_text(encoding="utf-8")
    texts["assessment.json"] = assessment.read_text(encoding="utf-8")
    return texts


def assert_no_canary_and_program_names_kept(texts: dict[str, str]) -> None:
    for where, text in texts.items():
        for canary in CANARIES:
            assert canary not in text, f"{canary} leaked into {where}"
        assert "token=" not in text.lower() and "secret=" not in text.lower(), where
    workloads = {w["name"]: w for w in json.loads(texts["scan.json"])["clusters"][0]["workloads"]}
    for name, (_, program) in CONTAINERS.items():
        evidence = [e["text"] for e in workloads[name]["evidence"] if e["topic"] == "language"]
        assert f"runs {program} (container {name})" in evidence, (name, evidence)
        assert all("=" not in text for text in evidence), evidence


def test_snapshot_scan_assess_and_report_hold_no_inline_assignment(manifests: Path, tmp_path: Path) -> None:
    assert_no_canary_and_program_names_kept(outputs(["--snapshot", str(manifests)], tmp_path))


def test_live_scan_assess_and_report_hold_no_inline_assignment(manifests: Path, tmp_path: Path) -> None:
    with running(manifests) as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", context="shop")
        texts = outputs(["--kubeconfig", str(kubeconfig), "--context", "shop"], tmp_path)
    assert json.loads(texts["scan.json"])["clusters"][0]["source"] == "live:shop"
    assert_no_canary_and_program_names_kept(texts)


@pytest.mark.parametrize(("command", "expected"), [
    (["sh", "-c", "javatoken=CANARY java -jar app.jar"], ["java"]),
    (["sh", "-c", "A=1 B=2 exec gunicorn app:app"], ["gunicorn"]),
    (["env", "-i", "X=1", "node", "a.js"], ["node"]),
    (["sh", "-c", "X=1 Y=2"], []),
    (["./odd=name"], []),
])
def test_executables_skip_assignments(command: list[str], expected: list[str]) -> None:
    assert executables({"command": command}) == expected
