"""A local Kubernetes API server for tests and benchmarks: real REST reads from manifest files, faults on demand."""

from tests.k8s_server.catalogue import ApiResource, catalogue
from tests.k8s_server.server import DEFAULT_TOKEN, FakeKubeServer, FaultRule, RequestRecord, write_kubeconfig
from tests.k8s_server.store import ObjectStore, read_manifest

__all__ = [
    "DEFAULT_TOKEN",
    "ApiResource",
    "FakeKubeServer",
    "FaultRule",
    "ObjectStore",
    "RequestRecord",
    "catalogue",
    "read_manifest",
    "write_kubeconfig",
]
