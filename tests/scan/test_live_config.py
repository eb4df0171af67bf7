"""Connecting: kubeconfig files and contexts, TLS, in-cluster configuration, and the permission check."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from readiness.errors import ReadinessError, ScanError
from readiness.scan import live
from readiness.scan.live import ScanSettings, check_permissions, list_contexts, scan_live
from readiness.scan.objects import SCANNED_KINDS
from tests.k8s_server import write_kubeconfig
from tests.k8s_server.fixtures import FIXTURES, Sleeps, realdata_dir, running

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl makes the test certificate")


def fast() -> ScanSettings:
    return ScanSettings(connect_timeout=2.0, read_timeout=5.0, sleep=Sleeps())


def one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(exc.value)
    assert "\n" not in message and message.strip() == message
    return message


# ----- kubeconfig and contexts --------------------------------------------------------------------------------

def test_list_contexts_names_every_context(tmp_path: Path) -> None:
    path = write_kubeconfig(tmp_path / "config", [("dev", "http://127.0.0.1:1", "t1"),
                                                   ("prod-eu", "http://127.0.0.1:2", "t2")], current="dev")
    assert list_contexts(str(path)) == ["dev", "prod-eu"]


def test_kubeconfig_env_files_are_merged_like_kubectl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running(realdata_dir("bookinfo")) as a, running(realdata_dir("emojivoto")) as b:
        first = write_kubeconfig(tmp_path / "a", [("a", a.url, a.token)], current="")
        second = write_kubeconfig(tmp_path / "b", [("b", b.url, b.token), ("a", "http://127.0.0.1:1", "x")],
                                  current="b")
        monkeypatch.setenv("KUBECONFIG", f"{first}:{tmp_path / 'missing'}:{second}")
        assert list_contexts(None) == ["a", "b"]
        current = scan_live(None, None, settings=fast())
        named = scan_live("a", None, settings=fast())
    assert current.name == "b" and len(current.of_kind("Deployment")) == 4, "current-context comes from file b"
    assert named.name == "a" and len(named.of_kind("Deployment")) == 6, "the first file wins for context a"
    assert a.requests and b.requests


def test_a_missing_kubeconfig_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ScanError) as caught:
        list_contexts(str(tmp_path / "nope.yaml"))
    assert one_line(caught) == f"kubeconfig {tmp_path / 'nope.yaml'}: no such file"


def test_no_kubeconfig_at_all_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBECONFIG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    with pytest.raises(ScanError) as caught:
        scan_live(None, None, settings=fast())
    message = one_line(caught)
    assert "no kubeconfig found" in message and "--kubeconfig" in message


@pytest.mark.parametrize(("content", "expected"), [
    ("clusters: [\n  - name: x\n", "invalid YAML"),
    ("- just\n- a list\n", "expected a mapping"),
    ("contexts: {a: b}\n", "contexts: expected a list"),
    ("contexts:\n  - context: {cluster: c}\n", "contexts[0]: expected a mapping with a name"),
])
def test_an_invalid_kubeconfig_is_one_line_naming_the_file(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "kubeconfig"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ReadinessError) as caught:
        scan_live(None, str(path), settings=fast())
    message = one_line(caught)
    assert str(path) in message and expected in message
    assert caught.value.exit_code == 1


def test_an_unknown_context_lists_the_known_ones(tmp_path: Path) -> None:
    path = write_kubeconfig(tmp_path / "config", [("dev", "http://127.0.0.1:1", "t")], current="dev")
    with pytest.raises(ScanError) as caught:
        scan_live("staging", str(path), settings=fast())
    assert one_line(caught) == f"kubeconfig {path}: no context named 'staging' (contexts: dev)"


def test_no_current_context_asks_for_one(tmp_path: Path) -> None:
    path = write_kubeconfig(tmp_path / "config", [("dev", "http://127.0.0.1:1", "t")], current="")
    with pytest.raises(ScanError) as caught:
        scan_live(None, str(path), settings=fast())
    assert "no current-context" in one_line(caught) and "--context" in str(caught.value)


def test_a_context_pointing_at_a_missing_cluster_is_one_line(tmp_path: Path) -> None:
    path = write_kubeconfig(tmp_path / "config", [("dev", "http://127.0.0.1:1", "t")], current="dev")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["clusters"] = []
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    with pytest.raises(ScanError) as caught:
        scan_live(None, str(path), settings=fast())
    message = one_line(caught)
    assert message.startswith(f"kubeconfig {path}: context dev: ") and "dev-cluster" in message


# ----- TLS and in-cluster ------------------------------------------------------------------------------------

@needs_openssl
def test_tls_with_the_cluster_certificate_works(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo"), tls=True) as server:
        assert server.url.startswith("https://")
        path = server.write_kubeconfig(tmp_path / "config")
        result = scan_live(None, str(path), settings=fast())
    assert result.warnings == [] and len(result.of_kind("Deployment")) == 6


@needs_openssl
def test_an_untrusted_certificate_is_one_line(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo"), tls=True) as server:
        path = server.write_kubeconfig(tmp_path / "config", trust=False)
        url = server.url
        with pytest.raises(ScanError) as caught:
            scan_live(None, str(path), settings=fast())
    message = one_line(caught)
    assert url in message and "certificate verify failed" in message
    assert server.requests == [], "nothing is sent before the certificate is trusted"


@needs_openssl
def test_in_cluster_configuration_uses_the_service_account(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kubernetes.config import incluster_config

    with running(FIXTURES / "planted.yaml", realdata_dir("bookinfo"), tls=True) as server:
        server.forbidden_cluster_wide.add("pods")
        token = tmp_path / "token"
        token.write_text(server.token, encoding="utf-8")
        namespace = tmp_path / "namespace"
        namespace.write_text("shop\n", encoding="utf-8")
        monkeypatch.setattr(incluster_config, "SERVICE_TOKEN_FILENAME", str(token))
        monkeypatch.setattr(incluster_config, "SERVICE_CERT_FILENAME", server.ca_file)
        monkeypatch.setattr(live, "SERVICE_ACCOUNT_NAMESPACE", str(namespace))
        monkeypatch.setenv("KUBERNETES_SERVICE_HOST", "127.0.0.1")
        monkeypatch.setenv("KUBERNETES_SERVICE_PORT", str(server.port))
        result = scan_live(None, None, in_cluster=True, settings=fast())
    assert result.name == "in-cluster" and result.source == "live:in-cluster"
    assert len(result.of_kind("Deployment")) == 7
    assert [p["metadata"]["name"] for p in result.of_kind("Pod")] == ["debug-shell"]
    assert len(result.warnings) == 1 and "only namespace shop" in result.warnings[0]


def test_in_cluster_outside_a_pod_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KUBERNETES_SERVICE_HOST", raising=False)
    with pytest.raises(ScanError) as caught:
        scan_live(None, None, in_cluster=True, settings=fast())
    assert "in-cluster configuration unavailable" in one_line(caught)


# ----- permissions -------------------------------------------------------------------------------------------

def test_check_permissions_reports_what_is_missing(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.forbid("pods", ("list",))
        server.forbid("deployments")
        path = server.write_kubeconfig(tmp_path / "config")
        checks = check_permissions(None, str(path), settings=fast())
    assert len(checks) == 2 * len(SCANNED_KINDS)
    assert {(c.kind, c.verb) for c in checks} == {(k.kind, v) for k in SCANNED_KINDS for v in ("get", "list")}
    missing = {c.rule for c in checks if not c.allowed}
    assert missing == {"list pods", "get deployments.apps", "list deployments.apps"}
    assert all(c.reason for c in checks if c.allowed)

    assert {r.method for r in server.requests} == {"POST"}, "the check only creates access reviews"
    assert {r.path for r in server.requests} == {"/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"}
    reviewed = {(r.review or {}).get("resource") for r in server.requests}
    assert reviewed == {k.plural for k in SCANNED_KINDS}
    assert "secrets" not in reviewed


def test_check_permissions_with_bad_credentials_is_one_error(tmp_path: Path) -> None:
    with running() as server:
        path = server.write_kubeconfig(tmp_path / "config", token="wrong")
        with pytest.raises(ScanError, match="401 Unauthorized"):
            check_permissions(None, str(path), settings=fast())
    assert len(server.requests) == 1


def test_check_permissions_when_reviews_are_refused(tmp_path: Path) -> None:
    with running() as server:
        server.inject("selfsubjectaccessreviews", status=403, times=None)
        path = server.write_kubeconfig(tmp_path / "config")
        with pytest.raises(ScanError) as caught:
            check_permissions(None, str(path), settings=fast())
    assert "SelfSubjectAccessReview" in one_line(caught) and "403" in str(caught.value)

