"""Small, pure helpers over raw Kubernetes objects: pod templates, containers, ports and label selectors.

The precheck reads objects exactly as the API returns them (plain dicts), so every accessor here is
defensive: a missing or mistyped field reads as absent, never as an exception.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any

from readiness.scan.access import as_dict, as_list, meta, name_of, namespace_of
from readiness.scan.objects import ClusterObjects

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
"""Kinds whose pod template describes the pods (bare Pods are added separately)."""


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while indexing a large cluster's objects.

    The objects are millions of small acyclic dicts and lists; every collection would walk all of them
    again (most of the time of a 100 000-pod precheck). The collector resumes as it was.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()




def matches_any(name: str | None, patterns: Iterable[str]) -> bool:
    """Whether a namespace name matches one of the fnmatch patterns."""
    return bool(name) and _matches(str(name), tuple(patterns))


@lru_cache(maxsize=4096)
def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(name, p) for p in patterns)


@dataclass(frozen=True)
class PodTemplate:
    """The pods of one workload: its pod spec, template labels and annotations, and replicas."""

    kind: str
    namespace: str | None
    name: str
    spec: dict[str, Any]
    labels: dict[str, str]
    annotations: dict[str, str]
    replicas: int | None
    """Desired pods (None for DaemonSets, Jobs and CronJobs, whose count depends on nodes or schedules)."""


def _template_of(obj: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """(pod spec, template metadata) of a workload, or None."""
    kind = obj.get("kind")
    spec = as_dict(obj.get("spec"))
    if kind == "Pod":
        return spec, meta(obj)
    if kind == "CronJob":
        spec = as_dict(as_dict(spec.get("jobTemplate")).get("spec"))
    template = as_dict(spec.get("template"))
    pod_spec = template.get("spec")
    if not isinstance(pod_spec, dict):
        return None
    return pod_spec, as_dict(template.get("metadata"))


def _replicas(obj: Mapping[str, Any]) -> int | None:
    kind = obj.get("kind")
    if kind == "Pod":
        return 1
    if kind in ("Deployment", "StatefulSet"):
        value = as_dict(obj.get("spec")).get("replicas", 1)
        return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 1
    return None


def _controllers(objects: ClusterObjects) -> set[tuple[str, str, str]]:
    """(kind, namespace, name) of the workloads whose templates are read; Deployments also as ReplicaSet owners."""
    found = set()
    for kind in WORKLOAD_KINDS:
        for obj in objects.of_kind(kind):
            found.add((kind, namespace_of(obj) or "default", name_of(obj)))
    return found


def _controlled_elsewhere(pod: Mapping[str, Any], controllers: set[tuple[str, str, str]]) -> bool:
    """Whether a Pod belongs to a workload whose template is already read.

    A ReplicaSet is named ``<deployment>-<pod-template-hash>``, so its Deployment is the name without the
    last segment.
    """
    namespace = namespace_of(pod) or "default"
    for ref in as_list(meta(pod).get("ownerReferences")):
        ref = as_dict(ref)
        if not ref.get("controller", True):
            continue
        owner_kind, owner = str(ref.get("kind", "")), str(ref.get("name", ""))
        if owner_kind == "ReplicaSet" and ("Deployment", namespace, owner.rpartition("-")[0]) in controllers:
            return True
        if owner_kind in WORKLOAD_KINDS and (owner_kind, namespace, owner) in controllers:
            return True
    return False


def pod_templates(objects: ClusterObjects) -> list[PodTemplate]:
    """Every workload's pods once: workload templates, plus Pods no scanned workload accounts for."""
    controllers = _controllers(objects)
    found: list[PodTemplate] = []
    for kind in (*WORKLOAD_KINDS, "Pod"):
        for obj in objects.of_kind(kind):
            if kind == "Pod" and _controlled_elsewhere(obj, controllers):
                continue
            template = _template_of(obj)
            if template is None:
                continue
            spec, template_meta = template
            found.append(PodTemplate(
                kind=kind, namespace=namespace_of(obj), name=name_of(obj), spec=spec,
                labels={str(k): str(v) for k, v in as_dict(template_meta.get("labels")).items()},
                annotations={str(k): str(v) for k, v in as_dict(template_meta.get("annotations")).items()},
                replicas=_replicas(obj)))
    return found


class TemplateIndex:
    """Pod templates indexed by namespace and by label, so selectors are matched without a full scan."""

    def __init__(self, templates: Iterable[PodTemplate]) -> None:
        self.templates = list(templates)
        self.by_namespace: dict[str, list[PodTemplate]] = {}
        self.by_label: dict[tuple[str, str, str], list[PodTemplate]] = {}
        for t in self.templates:
            namespace = t.namespace or "default"
            self.by_namespace.setdefault(namespace, []).append(t)
            for key, value in t.labels.items():
                self.by_label.setdefault((namespace, key, value), []).append(t)

    def _candidates(self, namespace: str | None, labels: Mapping[str, Any]) -> list[PodTemplate]:
        ns = namespace or "default"
        if not labels:
            return self.by_namespace.get(ns, [])
        return min((self.by_label.get((ns, str(k), str(v)), []) for k, v in labels.items()), key=len)

    def selected(self, namespace: str | None, selector: Mapping[str, Any]) -> list[PodTemplate]:
        """Templates a Service-style selector selects in a namespace (an empty selector selects nothing)."""
        if not selector:
            return []
        return [t for t in self._candidates(namespace, selector) if selector_matches(selector, t.labels)]

    def matching(self, namespace: str | None, selector: Mapping[str, Any]) -> list[PodTemplate]:
        """Templates a LabelSelector (matchLabels + matchExpressions) selects in a namespace."""
        candidates = self._candidates(namespace, as_dict(selector.get("matchLabels")))
        return [t for t in candidates if label_selector_matches(selector, t.labels)]


@dataclass(frozen=True)
class Container:
    """One container of a pod spec and where it sits."""

    spec: dict[str, Any]
    place: str
    """``main``, ``init`` or ``sidecar`` (an init container with ``restartPolicy: Always``)."""
    name: str = ""


def containers(spec: Mapping[str, Any]) -> Iterator[Container]:
    """Main containers, init containers and native sidecars of a pod spec."""
    for c in as_list(spec.get("initContainers")):
        if isinstance(c, dict):
            yield Container(c, "sidecar" if c.get("restartPolicy") == "Always" else "init", str(c.get("name") or ""))
    for c in as_list(spec.get("containers")):
        if isinstance(c, dict):
            yield Container(c, "main", str(c.get("name") or ""))


def app_containers(spec: Mapping[str, Any], proxy_names: Iterable[str], *,
                   places: tuple[str, ...] = ("main", "sidecar")) -> list[Container]:
    """The application's own containers (mesh proxies and their init containers left out)."""
    proxies = set(proxy_names)
    return [c for c in containers(spec) if c.place in places and c.name not in proxies]


def container_ports(container: Container) -> list[dict[str, Any]]:
    """The ports a container declares."""
    return [p for p in as_list(container.spec.get("ports")) if isinstance(p, dict)]


def run_as_user(spec: Mapping[str, Any], container: Container) -> int | None:
    """The UID a container runs as (container securityContext over the pod's), or None when unset."""
    for context in (as_dict(container.spec.get("securityContext")), as_dict(spec.get("securityContext"))):
        uid = context.get("runAsUser")
        if isinstance(uid, int) and not isinstance(uid, bool):
            return uid
    return None


def selector_matches(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """Whether a Service-style selector (plain key/value map) selects these labels (empty selects nothing)."""
    if not selector:
        return False
    return all(labels.get(str(k)) == str(v) for k, v in selector.items())


def label_selector_matches(selector: Mapping[str, Any], labels: Mapping[str, str]) -> bool:
    """Whether a LabelSelector (matchLabels + matchExpressions) selects these labels.

    An empty selector selects every pod, as it does for PodDisruptionBudgets in ``policy/v1``.
    """
    match_labels = as_dict(selector.get("matchLabels"))
    if any(labels.get(str(k)) != str(v) for k, v in match_labels.items()):
        return False
    for expr in as_list(selector.get("matchExpressions")):
        expr = as_dict(expr)
        key, operator = str(expr.get("key", "")), expr.get("operator")
        values = {str(v) for v in as_list(expr.get("values"))}
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def selected_templates(service: Mapping[str, Any], index: TemplateIndex) -> list[PodTemplate]:
    """The workloads a Service selects (same namespace, selector matches the template labels)."""
    return index.selected(namespace_of(service), as_dict(as_dict(service.get("spec")).get("selector")))


def resolve_target_port(port: Mapping[str, Any], templates: Iterable[PodTemplate],
                        proxy_names: Iterable[str] = ()) -> int | None:
    """The container port a Service port sends to (a named targetPort resolved through the selected pods)."""
    target = port.get("targetPort", port.get("port"))
    if isinstance(target, int) and not isinstance(target, bool):
        return target
    if isinstance(target, str):
        if target.isdigit():
            return int(target)
        for template in templates:
            for container in app_containers(template.spec, proxy_names):
                for declared in container_ports(container):
                    number = declared.get("containerPort")
                    if declared.get("name") == target and isinstance(number, int):
                        return number
    return None
