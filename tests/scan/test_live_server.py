"""The local API server is faithful enough for the official client's typed and dynamic APIs, not just our scanner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kubernetes import client, config, dynamic
from kubernetes.client.exceptions import ApiException

from tests.k8s_server import FakeKubeServer
from tests.k8s_server.fixtures import FIXTURES, realdata_dir, running


@pytest.fixture
def api(tmp_path: Path) -> Iterator[tuple[FakeKubeServer, Any]]:
    with running(realdata_dir("bookinfo"), FIXTURES / "planted.yaml", optional_groups=("gateway",)) as server:
        cfg = client.Configuration()
        config.load_kube_config(str(server.write_kubeconfig(tmp_path / "kubeconfig")), client_configuration=cfg,
                                persist_config=False)
        cfg.retries = False  # urllib3 would otherwise sleep out a 429's Retry-After on its own
        api_client = client.ApiClient(cfg)
        try:
            yield server, api_client
        finally:
            api_client.close()


def test_typed_lists_page_with_limit_and_continue(api: tuple[FakeKubeServer, Any]) -> None:
    _, api_client = api
    apps = client.AppsV1Api(api_client)
    names, token, pages = [], None, 0
    while True:
        page = apps.list_deployment_for_all_namespaces(limit=3, _continue=token)
        pages += 1
        names += [(d.metadata.namespace, d.metadata.name) for d in page.items]
        assert page.metadata.resource_version
        token = page.metadata._continue
        if not token:
            break
        assert page.metadata.remaining_item_count == 7 - len(names)
    assert pages == 3
    assert names == sorted(names) and len(names) == 7
    assert ("shop", "checkout") in names and ("default", "reviews-v3") in names


def test_typed_get_by_name_and_not_found(api: tuple[FakeKubeServer, Any]) -> None:
    _, api_client = api
    core = client.CoreV1Api(api_client)
    service = core.read_namespaced_service("reviews", "default")
    assert service.spec.ports[0].port == 9080 and service.metadata.uid
    assert core.read_namespace("shop").metadata.labels == {"istio-injection": "enabled"}
    with pytest.raises(ApiException) as caught:
        core.read_namespaced_service("nope", "default")
    assert caught.value.status == 404 and '"reason":"NotFound"' in caught.value.body


def test_dynamic_client_discovers_resources(api: tuple[FakeKubeServer, Any]) -> None:
    _, api_client = api
    dyn = dynamic.DynamicClient(api_client)
    deployments = dyn.resources.get(api_version="apps/v1", kind="Deployment")
    assert deployments.namespaced and deployments.name == "deployments"
    assert len(deployments.get().items) == 7
    gateways = dyn.resources.get(api_version="gateway.networking.k8s.io/v1", kind="Gateway")
    assert gateways.namespaced
    nodes = dyn.resources.get(api_version="v1", kind="Node")
    assert not nodes.namespaced


def test_status_errors_carry_reason_and_code(api: tuple[FakeKubeServer, Any]) -> None:
    server, api_client = api
    server.forbid("pods")
    server.inject("services", status=429, retry_after="7")
    core = client.CoreV1Api(api_client)
    with pytest.raises(ApiException) as forbidden:
        core.list_pod_for_all_namespaces()
    assert forbidden.value.status == 403 and '"reason":"Forbidden"' in forbidden.value.body
    assert 'cannot list resource \\"pods\\" in API group \\"\\" at the cluster scope' in forbidden.value.body
    with pytest.raises(ApiException) as throttled:
        core.list_service_for_all_namespaces()
    assert throttled.value.status == 429 and throttled.value.headers["Retry-After"] == "7"
    assert len(core.list_service_for_all_namespaces().items) == 5


def test_writes_are_refused(api: tuple[FakeKubeServer, Any]) -> None:
    server, api_client = api
    with pytest.raises(ApiException) as caught:
        client.CoreV1Api(api_client).delete_namespaced_service("reviews", "default")
    assert caught.value.status == 405
    assert server.store is not None and server.store.get("", "services", "default", "reviews") is not None
