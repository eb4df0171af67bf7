"""A service of one workload (most of them) is built without the merging of several: the same service."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.models.scan_records import ROLES, Workload
from readiness.scan.inventory import _alone, _merged

NAMES = ["reviews", "reviews-v2", "web-canary", "db-1", "api", "a", "cart-blue", "svc-00001"]
workloads = st.builds(
    Workload, name=st.sampled_from(NAMES), namespace=st.sampled_from(["default", "shop"]),
    kind=st.sampled_from(["Deployment", "StatefulSet"]), role=st.sampled_from(ROLES),
    language=st.sampled_from([None, "go", "java"]),
    kubernetes_services=st.lists(st.sampled_from([*NAMES, "reviews-svc", "zz", "b"]), max_size=4),
    protocols=st.lists(st.sampled_from(["http", "grpc", "tcp"]), max_size=3),
    system=st.booleans(), probes=st.booleans(), resources=st.booleans(), limits=st.booleans())


@settings(max_examples=500, deadline=None)
@given(workload=workloads, reason=st.sampled_from([None, "Service reviews selects them all"]))
def test_one_workload_alone_is_the_merge_of_one(workload: Workload, reason: str | None) -> None:
    assert _alone(workload, reason) == _merged([workload], reason)
