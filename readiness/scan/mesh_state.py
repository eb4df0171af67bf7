"""Mesh detection: proxies (classic and native sidecars), ambient labels, injection markers, CRDs, webhooks.

Only positive signatures count: a container is a mesh proxy because its name is a known proxy name
(``istio-proxy``, ``linkerd-proxy``…), never because it is "a second container" — grafana's
``k8s-sidecar`` or a Prometheus exporter next to RabbitMQ are not proxies.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import msgspec

from readiness.models.scan_records import MESH_MODES, MeshInfo, MeshMode, WorkloadMesh
from readiness.scan.access import as_dict, name_of
from readiness.scan.signatures import Signatures
from readiness.scan.workloads import RawWorkload


def proxy_names(sig: Signatures) -> frozenset[str]:
    """Names of every mesh proxy and mesh init container."""
    return frozenset(n for rule in sig.meshes.values() for n in (*rule.proxy_containers, *rule.init_containers))


def proxy_mesh(container_name: str, sig: Signatures) -> str | None:
    """The mesh a container name belongs to (proxy or init container)."""
    return sig.proxy_index[1].get(container_name)


def _matches(items: Mapping[str, str], wanted: Mapping[str, str]) -> str | None:
    for key, value in wanted.items():
        if key in items and fnmatch.fnmatchcase(items[key], value):
            return f"{key}={items[key]}"
    return None


def namespace_injection(labels: Mapping[str, str], annotations: Mapping[str, str],
                        sig: Signatures) -> tuple[str, str, str] | None:
    """(mesh, mode, marker) when a namespace asks for injection (or ambient), else None."""
    both = {**annotations, **labels}
    for mesh, rule in sig.meshes.items():
        found = _matches(both, rule.ambient_labels)
        if found:
            return mesh, "ambient", found
        found = _matches(both, rule.opt_out)
        if found:
            return mesh, "disabled", found
        found = _matches(both, rule.injection_labels)
        if found:
            return mesh, "enabled", found
    return None


def workload_mesh(raw: RawWorkload, ns_injection: tuple[str, str, str] | None, sig: Signatures) -> WorkloadMesh:
    """Whether a proxy runs with the workload, how it got there, and what asks for it."""
    keys = sig.mesh_pod_keys   # a pod with none of them shows no mesh itself: its maps are not merged then
    keyed = not (keys.isdisjoint(raw.annotations) and keys.isdisjoint(raw.pod_annotations)
                 and keys.isdisjoint(raw.template_labels) and keys.isdisjoint(raw.pod_labels))
    labels, annotations = (raw.all_labels(), raw.all_annotations()) if keyed else ({}, {})
    evidence: list[str] = []
    mesh: str | None = None
    mode: MeshMode | None = None
    proxies: list[str] = []
    for container in raw.containers("initContainers"):
        name = str(container.get("name", ""))
        found = _proxy_of(name, sig)
        if found and container.get("restartPolicy") == "Always":
            mesh, mode = found, "native_sidecar"
            proxies.append(name)
            evidence.append(f"native sidecar {name} (initContainer with restartPolicy: Always)")
    for container in raw.containers("containers"):
        name = str(container.get("name", ""))
        found = _proxy_of(name, sig)
        if found:
            mesh, mode = found, mode or "sidecar"
            proxies.append(name)
            evidence.append(f"sidecar container {name}")
    injection: Literal["enabled", "disabled"] | None = None
    for name, rule in sig.meshes.items() if keyed else ():   # no key a mesh looks at: nothing to find
        for key in rule.pod_annotations:
            if key in annotations:
                mesh = mesh or name
                evidence.append(f"pod annotation {key}")
        for key in rule.pod_labels:
            if key in labels:
                mesh = mesh or name
                evidence.append(f"pod label {key}={labels[key]}")
    pod_keys = {**annotations, **labels} if keyed else {}
    for name, rule in sig.meshes.items() if keyed else ():
        ambient = _matches(labels, rule.ambient_labels)
        if ambient and mesh is None:
            mesh, mode = name, "ambient"
            evidence.append(f"pod label {ambient}")
        if injection is None and (marker := _matches(pod_keys, rule.opt_out)):
            injection = "disabled"
            evidence.append(f"pod opts out: {marker}")
        elif injection is None and (marker := _matches(pod_keys, rule.injection_labels)):
            injection = "enabled"
            mesh = mesh or name
            evidence.append(f"pod asks for injection: {marker}")
    if ns_injection is not None:
        ns_mesh, ns_mode, marker = ns_injection
        if ns_mode == "ambient" and mode is None and injection != "disabled":
            mesh, mode = ns_mesh, "ambient"
            evidence.append(f"namespace label {marker}")
        elif injection is None and ns_mode in ("enabled", "disabled"):
            injection = "enabled" if ns_mode == "enabled" else "disabled"
            mesh = mesh or (ns_mesh if ns_mode == "enabled" else None)
            evidence.append(f"namespace {raw.namespace}: {marker}")
    injected = bool(proxies) or mode == "ambient" or any(e.startswith("pod annotation") for e in evidence)
    if injected and mode is None:
        mode = "sidecar"
    return WorkloadMesh(mesh=mesh if (injected or injection == "enabled") else None, injected=injected,
                        mode=mode if injected else None, injection=injection,
                        proxy_containers=proxies, evidence=evidence)


def _proxy_of(container_name: str, sig: Signatures) -> str | None:
    return sig.proxy_index[0].get(container_name)


def hints(raw: RawWorkload, status: WorkloadMesh, sig: Signatures) -> list[str]:
    """Mesh annotations on a workload that runs no proxy (e.g. ``sidecar.istio.io/rewriteAppHTTPProbers``)."""
    if status.injected:
        return []
    if not raw.annotations and not raw.pod_annotations:   # most workloads
        return []
    found = []
    for key in sorted(raw.all_annotations()):
        for mesh, rule in sig.meshes.items():
            if any(key.startswith(p) for p in rule.hint_annotation_prefixes):
                found.append(f"{raw.namespace}/{raw.name}: annotation {key} ({mesh}) but no proxy")
                break
    return found


class _MeshAcc(msgspec.Struct):
    modes: set[str] = msgspec.field(default_factory=set)
    injected: int = 0
    namespaces: set[str] = msgspec.field(default_factory=set)
    control_plane: set[str] = msgspec.field(default_factory=set)
    crds: set[str] = msgspec.field(default_factory=set)
    webhooks: set[str] = msgspec.field(default_factory=set)


def summarise(statuses: Iterable[tuple[RawWorkload, WorkloadMesh, str | None]],
              namespaces: Mapping[str, tuple[str, str, str] | None], crds: Iterable[dict[str, Any]],
              webhooks: Iterable[dict[str, Any]], sig: Signatures) -> list[MeshInfo]:
    """One :class:`MeshInfo` per mesh with any presence (``statuses``: workload, mesh status, software)."""
    acc: dict[str, _MeshAcc] = {}
    for raw, status, software in statuses:
        if software in sig.meshes:
            acc.setdefault(software, _MeshAcc()).control_plane.add(f"{raw.namespace}/{raw.name}")
            continue
        if status.injected and status.mesh:
            entry = acc.setdefault(status.mesh, _MeshAcc())
            entry.injected += 1
            if status.mode:
                entry.modes.add(status.mode)
    for ns, marker in namespaces.items():
        if marker and marker[1] in ("enabled", "ambient"):
            entry = acc.setdefault(marker[0], _MeshAcc())
            entry.namespaces.add(f"{ns} ({marker[2]})")
            if marker[1] == "ambient":
                entry.modes.add("ambient")
    for crd in crds:
        group = str(as_dict(crd.get("spec")).get("group", ""))
        crd_name = name_of(crd)
        for mesh, rule in sig.meshes.items():
            if crd_name in rule.mesh_crds or any(group == g or group.endswith("." + g) for g in rule.crd_groups):
                acc.setdefault(mesh, _MeshAcc()).crds.add(crd_name)
    for hook in webhooks:
        hook_name = name_of(hook)
        for mesh, rule in sig.meshes.items():
            if any(fnmatch.fnmatchcase(hook_name, p) for p in rule.webhooks):
                acc.setdefault(mesh, _MeshAcc()).webhooks.add(hook_name)
    found = []
    for mesh, entry in sorted(acc.items(), key=lambda kv: (-kv[1].injected, kv[0])):
        evidence = []
        if entry.injected:
            evidence.append(f"{entry.injected} workload(s) run its proxy ({', '.join(sorted(entry.modes))})")
        if entry.control_plane:
            evidence.append(f"control plane: {', '.join(sorted(entry.control_plane)[:5])}")
        if entry.namespaces:
            evidence.append(f"injection enabled on namespace(s): {', '.join(sorted(entry.namespaces)[:5])}")
        if entry.crds:
            evidence.append(f"{len(entry.crds)} CRD(s), e.g. {sorted(entry.crds)[0]}")
        if entry.webhooks:
            evidence.append(f"mutating webhook(s): {', '.join(sorted(entry.webhooks))}")
        modes: list[MeshMode] = [m for m in MESH_MODES if m in entry.modes]
        found.append(MeshInfo(name=mesh, modes=modes, injected_workloads=entry.injected,
                              injection_namespaces=sorted(entry.namespaces), control_plane=sorted(entry.control_plane),
                              crds=sorted(entry.crds), webhooks=sorted(entry.webhooks), evidence=evidence))
    return found

