"""Planted secret values, env var values and ConfigMap data never appear in any output."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests.scan.scan_helpers import realdata_dir, run_cli

CANARIES = {
    "secret_data": "CANARY-SECRET-DATA-7f3a9c",
    "secret_string": "CANARY-SECRET-STRING-2b8e41",
    "env_value": "CANARY-ENV-VALUE-5d0c77",
    "init_env": "CANARY-INIT-ENV-91e2aa",
    "configmap": "CANARY-CONFIGMAP-DATA-4a6f13",
    "configmap_binary": "CANARY-CONFIGMAP-BINARY-0c5d22",
    "args_password": "CANARY-ARGS-PASSWORD-88b1d0",
    "last_applied": "CANARY-LAST-APPLIED-3e7f55",
    "cronjob_env": "CANARY-CRONJOB-ENV-6a1b09",
}
ENCODED = base64.b64encode(CANARIES["secret_data"].encode()).decode()


def manifests() -> str:
    c = CANARIES
    last_applied = json.dumps({"spec": {"template": {"spec": {"containers": [
        {"env": [{"name": "DB_PASSWORD", "value": c["last_applied"]}]}]}}}})
    binary = base64.b64encode(c["configmap_binary"].encode()).decode()
    return f"""apiVersion: v1
kind: Secret
metadata: {{name: db, namespace: shop}}
data: {{DB_PASSWORD: {ENCODED}}}
stringData: {{API_TOKEN: {c["secret_string"]}}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: api-config, namespace: shop}}
data: {{NODE_ENV: {c["configmap"]}, LOG_LEVEL: debug}}
binaryData: {{blob: {binary}}}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{last_applied}'
spec:
  selector: {{matchLabels: {{app: api}}}}
  template:
    metadata: {{labels: {{app: api}}}}
    spec:
      initContainers:
      - name: migrate
        image: example.com/shop/migrate:1
        env: [{{name: MIGRATION_TOKEN, value: {c["init_env"]}}}]
      containers:
      - name: api
        image: example.com/shop/api:1
        command: [node, server.js, --db-password, {c["args_password"]}]
        env:
        - {{name: APP_MODE, value: {c["env_value"]}}}
        - name: DB_PASSWORD
          valueFrom: {{secretKeyRef: {{name: db, key: DB_PASSWORD}}}}
        envFrom:
        - configMapRef: {{name: api-config}}
        - secretRef: {{name: db}}
        ports: [{{containerPort: 3000, name: http}}]
---
apiVersion: v1
kind: Service
metadata: {{name: api, namespace: shop}}
spec:
  selector: {{app: api}}
  ports: [{{port: 80, targetPort: http, name: http}}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {{name: report, namespace: shop}}
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: report
            image: python:3.12-slim
            env: [{{name: REPORT_KEY, value: {c["cronjob_env"]}}}]
"""


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planted")
    (folder / "all.yaml").write_text(manifests(), encoding="utf-8")
    return folder


def forbidden() -> list[str]:
    return [*CANARIES.values(), ENCODED]


def assert_clean(text: str, where: str) -> None:
    for value in forbidden():
        assert value not in text, f"{value} leaked into {where}"


def test_scan_json_table_and_stderr_hold_no_values(planted: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(planted), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert_clean(out.read_text(encoding="utf-8"), "scan.json")
    assert_clean(result.stderr, "stderr")
    table = run_cli("scan", "--snapshot", str(planted), "--format", "table")
    assert table.returncode == 0, table.stderr
    assert_clean(table.stdout + table.stderr, "table")
    # the evidence is still there, as names only
    scan = json.loads(out.read_text(encoding="utf-8"))
    api = next(w for w in scan["clusters"][0]["workloads"] if w["name"] == "api")
    texts = [e["text"] for e in api["evidence"] if e["topic"] == "language"]
    assert "envFrom ConfigMap api-config key NODE_ENV (container api)" in texts
    assert "runs node (container api)" in texts
    assert api["language"] == "javascript"


def test_assessment_holds_no_values(planted: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers: {service_count: 1}\n")
    for name in ("assessment.json", "assessment.md"):
        out = tmp_path / name
        result = run_cli("assess", str(answers), "--snapshot", str(planted), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert_clean(out.read_text(encoding="utf-8") + result.stderr, name)


def test_real_secrets_and_env_values_of_aks_store_do_not_leak(tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(realdata_dir() / "aks-store-demo"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    for value in ("dXNlcm5hbWU=", "cGFzc3dvcmQ=", "amqp://rabbitmq:5672", "mongodb://documentdb:10260",
                  "http://ai-service:5001/", "0.0.0.0", "orderdb"):
        assert value not in text, value
    assert '"RABBITMQ_DEFAULT_PASS"' not in text
