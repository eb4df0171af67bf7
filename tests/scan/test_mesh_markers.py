"""A workload's mesh markers count wherever they are: on its pod template or on its live pod, as labels or
annotations. The status (and the hints) equal those of the same workload with the pod's maps merged into the
template's, which is what the markers mean (the pod's value wins a key both have)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.scan.mesh_state import hints, workload_mesh
from readiness.scan.signatures import load_signatures
from readiness.scan.workloads import RawWorkload

SIG = load_signatures()
KEYS = sorted({k for rule in SIG.meshes.values() for k in (*rule.pod_annotations, *rule.pod_labels,
                                                               *rule.ambient_labels, *rule.injection_labels,
                                                               *rule.opt_out, *rule.hint_annotation_prefixes)}
              | {"app", "team", "sidecar.istio.io/rewriteAppHTTPProbers"})
VALUES = ["true", "false", "enabled", "disabled", "ambient", "1.20.0", "default"]
maps = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES), max_size=3)


def workload(template_labels: dict[str, str], annotations: dict[str, str], pod_labels: dict[str, str],
             pod_annotations: dict[str, str], proxy: bool) -> RawWorkload:
    containers: list[dict[str, Any]] = [{"name": "app", "image": "example/app:1"}]
    if proxy:
        containers.append({"name": "istio-proxy", "image": "istio/proxyv2:1.20.0"})
    return RawWorkload(kind="Deployment", name="web", namespace="shop", labels={}, template_labels=template_labels,
                       annotations=annotations, spec={"containers": containers[:1]}, replicas=1,
                       pod_labels=pod_labels, pod_annotations=pod_annotations,
                       pod_spec={"containers": containers} if pod_labels or pod_annotations or proxy else None)


@settings(max_examples=400, deadline=None)
@given(template_labels=maps, annotations=maps, pod_labels=maps, pod_annotations=maps, proxy=st.booleans(),
       ns=st.sampled_from([None, ("istio", "enabled", "istio-injection=enabled"), ("istio", "ambient", "x")]))
def test_markers_count_on_the_template_and_on_the_pod(template_labels: dict[str, str], annotations: dict[str, str],
                                                      pod_labels: dict[str, str], pod_annotations: dict[str, str],
                                                      proxy: bool, ns: tuple[str, str, str] | None) -> None:
    split = workload(template_labels, annotations, pod_labels, pod_annotations, proxy)
    merged = workload({**template_labels, **pod_labels}, {**annotations, **pod_annotations}, {}, {}, proxy)
    assert workload_mesh(split, ns, SIG) == workload_mesh(merged, ns, SIG)
    status = workload_mesh(split, ns, SIG)
    assert hints(split, status, SIG) == hints(merged, status, SIG)


def test_a_marker_only_the_live_pod_has_is_found() -> None:
    """The injector annotates the pod, not the template: that annotation alone shows the proxy."""
    status = workload_mesh(workload({}, {}, {}, {"sidecar.istio.io/status": "{}"}, False), None, SIG)
    assert (status.mesh, status.injected) == ("istio", True)
    status = workload_mesh(workload({}, {}, {"linkerd.io/control-plane-ns": "linkerd"}, {}, False), None, SIG)
    assert status.evidence == ["pod label linkerd.io/control-plane-ns=linkerd"]
