"""Saved snapshots keep names and drop values: secret-looking command-line arguments included."""

from __future__ import annotations

import pytest

from readiness.scan.redact import REDACTED, redact, scrub_arguments, scrub_text


@pytest.mark.parametrize(("args", "expected"), [
    (["--password=hunter2", "--port=8080"], [f"--password={REDACTED}", "--port=8080"]),
    (["--db-token", "abc123", "--verbose"], ["--db-token", REDACTED, "--verbose"]),
    (["-apikey", "k-99", "serve"], ["-apikey", REDACTED, "serve"]),
    (["--auth-token", "--other"], ["--auth-token", "--other"]),
    (["postgres://app:s3cr3t@db:5432/app"], [f"postgres://app:{REDACTED}@db:5432/app"]),
    (["sh", "-c", "DB_PASSWORD=s3cr3t exec java -jar app.jar"],
     ["sh", "-c", f"DB_PASSWORD={REDACTED} exec java -jar app.jar"]),
    (["java", "-Xmx512m", "-jar", "/app.jar", "--spring.profiles.active=prod"],
     ["java", "-Xmx512m", "-jar", "/app.jar", "--spring.profiles.active=prod"]),
    ([8080, "--secret", "x"], [8080, "--secret", REDACTED]),
])
def test_secret_arguments_are_redacted_and_others_kept(args: list[object], expected: list[object]) -> None:
    assert scrub_arguments(args) == expected


def test_commands_in_objects_and_probes_are_scrubbed() -> None:
    pod_spec = {"containers": [{"name": "app", "command": ["/app", "--client-secret=zz-top"],
                                "args": ["--password", "p4ss"],
                                "readinessProbe": {"exec": {"command": ["check", "--token=t0k"]}}}]}
    obj = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"},
           "spec": {"template": {"spec": pod_spec}}}
    text = repr(redact(obj))
    for value in ("zz-top", "p4ss", "t0k"):
        assert value not in text
    assert "--client-secret=" in text and "'/app'" in text and "'check'" in text
    assert obj["spec"]["template"]["spec"]["containers"][0]["args"] == ["--password", "p4ss"], "works on a copy"


def test_plain_text_without_secrets_is_unchanged() -> None:
    line = "exec node server.js --port=3000 --host=0.0.0.0"
    assert scrub_text(line) == line
