"""Workloads out of raw objects: controllers with their pod templates, bare pods, and pods of other owners.

Live clusters show injected proxies only in Pods, so a workload keeps one of its running pods (matched
through ``ownerReferences``, ReplicaSet → Deployment by name) next to its template.
"""

from __future__ import annotations

import re
from typing import Any

import msgspec

from readiness.scan.access import DEFAULT_NAMESPACE, as_dict, as_list, effective_namespace, meta, name_of, str_map
from readiness.scan.objects import ClusterObjects

WORKLOAD_KINDS = ("Deployment", "StatefulSet", "DaemonSet", "CronJob", "Job")
_RS_HASH = re.compile(r"^(?P<name>.+)-[a-z0-9]{5,10}$")


class RawWorkload(msgspec.Struct):
    """One workload as found: identity, pod template (labels, annotations, spec) and a live pod if any."""

    kind: str
    name: str
    namespace: str
    labels: dict[str, str]
    template_labels: dict[str, str]
    annotations: dict[str, str]
    spec: dict[str, Any]
    replicas: int | None
    pod_labels: dict[str, str] = msgspec.field(default_factory=dict)
    pod_annotations: dict[str, str] = msgspec.field(default_factory=dict)
    pod_spec: dict[str, Any] | None = None
    pods: int = 0
    seen: dict[str, Any] = msgspec.field(default_factory=dict)
    """What the accessors below computed (they are asked many times; forgotten when a pod is attached)."""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.namespace, self.kind, self.name)

    def containers(self, group: str) -> list[dict[str, Any]]:
        """``containers`` or ``initContainers`` of the template, plus ones only the live pod has."""
        found: list[dict[str, Any]] | None = self.seen.get(group)
        if found is None:
            found = [c for c in as_list(self.spec.get(group)) if isinstance(c, dict)]
            if self.pod_spec:
                names = {c.get("name") for c in found}
                found += [c for c in as_list(self.pod_spec.get(group))
                          if isinstance(c, dict) and c.get("name") not in names]
            self.seen[group] = found
        return found

    def all_labels(self) -> dict[str, str]:
        found: dict[str, str] | None = self.seen.get("labels")
        if found is None:
            found = self.seen["labels"] = {**self.template_labels, **self.pod_labels}
        return found

    def all_annotations(self) -> dict[str, str]:
        found: dict[str, str] | None = self.seen.get("annotations")
        if found is None:
            found = self.seen["annotations"] = {**self.annotations, **self.pod_annotations}
        return found


def extract(objects: ClusterObjects) -> list[RawWorkload]:
    """Every workload, in a stable order; pods attach to their controller."""
    found: dict[tuple[str, str, str], RawWorkload] = {}
    for kind in WORKLOAD_KINDS:
        for obj in objects.of_kind(kind):
            if kind == "Job" and any(as_dict(o).get("kind") == "CronJob"
                                     for o in as_list(meta(obj).get("ownerReferences"))):
                continue
            workload = _from_controller(kind, obj)
            if workload.name:
                found.setdefault(workload.key, workload)
    by_owner: dict[tuple[str, str, str], RawWorkload] = {}
    by_refs: dict[int, tuple[Any, RawWorkload]] = {}
    for pod in objects.of_kind("Pod"):
        metadata = pod.get("metadata")
        if not isinstance(metadata, dict):   # meta(pod), inline: asked of every pod
            metadata = {}
        refs = metadata.get("ownerReferences")
        if refs:   # sibling pods share one decoded owner list (slim.Shared): the first one found their workload
            namespace, seen = metadata.get("namespace"), by_refs.get(id(refs))
            if seen is not None and seen[0] == namespace:   # the same list in another namespace: another owner
                seen[1].pods += 1
                continue
            owned = _attach_pod(found, pod, by_owner)
            if owned is not None:
                by_refs[id(refs)] = (namespace, owned)
        else:
            _attach_pod(found, pod, by_owner)
    return sorted(found.values(), key=lambda w: (w.namespace, w.name, w.kind))


def _from_controller(kind: str, obj: dict[str, Any]) -> RawWorkload:
    spec = as_dict(obj.get("spec"))
    if kind == "CronJob":
        spec_of_job = as_dict(as_dict(spec.get("jobTemplate")).get("spec"))
        template = as_dict(spec_of_job.get("template"))
    else:
        template = as_dict(spec.get("template"))
    tmeta = as_dict(template.get("metadata"))
    replicas = spec.get("replicas") if kind in ("Deployment", "StatefulSet") else None
    if kind in ("Deployment", "StatefulSet") and replicas is None:
        replicas = 1
    metadata = meta(obj)
    return RawWorkload(
        kind=kind, name=str(metadata.get("name") or ""), namespace=str(metadata.get("namespace") or DEFAULT_NAMESPACE),
        labels=str_map(metadata.get("labels")), template_labels=str_map(tmeta.get("labels")),
        annotations=str_map(tmeta.get("annotations")), spec=as_dict(template.get("spec")),
        replicas=replicas if isinstance(replicas, int) else None)


def _attach_pod(found: dict[tuple[str, str, str], RawWorkload], pod: dict[str, Any],
                owners_seen: dict[tuple[str, str, str], RawWorkload]) -> RawWorkload | None:
    """Count a pod for its workload (``owners_seen``: the workload found for each owner already met); the
    workload when the pod's owner named it (None for a pod without a usable owner)."""
    metadata = meta(pod)
    namespace = metadata.get("namespace")
    ns = str(namespace) if namespace else DEFAULT_NAMESPACE
    owner = _owner(metadata.get("ownerReferences"))
    target: RawWorkload | None = None
    if owner:
        okind, oname = str(owner.get("kind", "")), str(owner.get("name", ""))
        target = owners_seen.get((ns, okind, oname))
        if target is not None:   # a sibling's: the same workload, and its first pod is already kept
            target.pods += 1
            return target
        if okind == "ReplicaSet":
            match = _RS_HASH.match(oname)
            if match:
                target = found.get((ns, "Deployment", match["name"]))
        elif okind == "Job":
            target = found.get((ns, "Job", oname)) or _cronjob_of(found, ns, oname)
        else:
            target = found.get((ns, okind, oname))
        if target is None:
            target = _get_or_add(found, (ns, okind or "Pod", oname), pod)
        owners_seen[(ns, okind, oname)] = target
    else:
        target = _get_or_add(found, (ns, "Pod", name_of(pod)), pod)
    target.pods += 1
    if target.pod_spec is None:
        target.seen.clear()
        target.pod_spec = as_dict(pod.get("spec"))
        target.pod_labels = str_map(meta(pod).get("labels"))
        target.pod_annotations = str_map(meta(pod).get("annotations"))
    return target if owner else None


def _owner(references: Any) -> dict[str, Any] | None:
    """The owner reference with a kind and a name that is the controller, else the first such one."""
    first = None
    for ref in as_list(references):
        if isinstance(ref, dict) and ref.get("kind") and ref.get("name"):
            if ref.get("controller"):
                return ref
            if first is None:
                first = ref
    return first


def _get_or_add(found: dict[tuple[str, str, str], RawWorkload], key: tuple[str, str, str],
                pod: dict[str, Any]) -> RawWorkload:
    workload = found.get(key)
    if workload is None:
        workload = found[key] = _from_pod(key[1], key[2], pod)
    return workload


def _cronjob_of(found: dict[tuple[str, str, str], RawWorkload], ns: str, job: str) -> RawWorkload | None:
    base = job.rsplit("-", 1)[0]
    return found.get((ns, "CronJob", base))


def _from_pod(kind: str, name: str, pod: dict[str, Any]) -> RawWorkload:
    labels = str_map(meta(pod).get("labels"))
    return RawWorkload(kind=kind, name=name, namespace=effective_namespace(pod), labels=labels, template_labels=labels,
                       annotations=str_map(meta(pod).get("annotations")), spec=as_dict(pod.get("spec")),
                       replicas=None)
