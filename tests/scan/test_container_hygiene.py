"""A workload's probes, resources and limits flags (the coverage the report counts) say what its main containers
declare: every main container, the mesh's proxies and init containers left out, empty values not counted."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.scan.inventory import inventory_record
from readiness.scan.objects import ClusterObjects

PROBES = ("readinessProbe", "livenessProbe", "startupProbe")
values = st.sampled_from(["100m", "128Mi", "", None, 1])
amounts = st.dictionaries(st.sampled_from(["cpu", "memory", "ephemeral-storage"]), values, max_size=3)


@st.composite
def containers(draw: st.DrawFn, name: str) -> dict[str, Any]:
    container: dict[str, Any] = {"name": name, "image": f"example/{name}:1"}
    for probe in draw(st.lists(st.sampled_from(PROBES), unique=True, max_size=3)):
        container[probe] = draw(st.sampled_from([{"httpGet": {"port": 8080}}, {}, "x"]))
    resources = {k: draw(amounts) for k in draw(st.lists(st.sampled_from(["requests", "limits"]), unique=True))}
    if resources or draw(st.booleans()):
        container["resources"] = resources
    return container


@st.composite
def pod_specs(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(["app", "worker", "istio-proxy", "linkerd-proxy", "istio-init"]),
                          unique=True, min_size=1, max_size=3))
    spec: dict[str, Any] = {"containers": [draw(containers(n)) for n in names]}
    inits = draw(st.lists(st.sampled_from(["migrate", "istio-init"]), unique=True, max_size=2))
    if inits:
        spec["initContainers"] = [draw(containers(n)) for n in inits]
    return spec


def declared(value: Any) -> bool:
    return value not in (None, "")


def expected(spec: dict[str, Any]) -> tuple[bool, bool, bool]:
    """(probes, resources, limits) from the manifest: a readiness or liveness probe in every main container, cpu
    and memory requested by every one, a cpu or memory limit in every one."""
    mains = [c for c in spec["containers"] if c["name"] not in ("istio-proxy", "linkerd-proxy", "istio-init")]
    if not mains:
        return False, False, False

    def amounts_of(c: dict[str, Any], field: str) -> dict[str, Any]:
        resources = c.get("resources")
        found = resources.get(field) if isinstance(resources, dict) else None
        return found if isinstance(found, dict) else {}

    return (all(any(isinstance(c.get(p), dict) and c.get(p) for p in PROBES[:2]) for c in mains),
            all(all(declared(amounts_of(c, "requests").get(k)) for k in ("cpu", "memory")) for c in mains),
            all(any(declared(amounts_of(c, "limits").get(k)) for k in ("cpu", "memory")) for c in mains))


@settings(max_examples=300, deadline=None)
@given(specs=st.lists(pod_specs(), min_size=1, max_size=4))
def test_probes_resources_and_limits_flags(specs: list[dict[str, Any]]) -> None:
    deployments = [{"apiVersion": "apps/v1", "kind": "Deployment",
                    "metadata": {"name": f"web-{i}", "namespace": "shop"},
                    "spec": {"template": {"metadata": {"labels": {"app": f"web-{i}"}}, "spec": spec}}}
                   for i, spec in enumerate(specs)]
    objects = ClusterObjects(name="test", source="snapshot:test", objects={"Deployment": deployments})
    found = {w.name: (w.probes, w.resources, w.limits) for w in inventory_record(objects).workloads}
    assert found == {f"web-{i}": expected(spec) for i, spec in enumerate(specs)}
