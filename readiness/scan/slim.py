"""Trim objects to the fields the scanner reads, as they arrive (less memory, and no values kept at all).

:data:`KEPT` is the one list of those fields: what the inventory (roles, languages, protocols, mesh state) and the
mesh precheck and cost read, and the container fields role signatures read (command, args, env var names, mount
paths, volumes and their ConfigMaps, ports). Everything else is dropped, among it environment variable values,
ConfigMap values (their keys stay) and the ``last-applied-configuration`` annotation (a full copy of the object,
values included), so nothing downstream can leak them. A reader that needs one more field adds it here.

JSON is trimmed while it is decoded (``readiness.scan.fastjson`` builds its decoder from :data:`KEPT`); YAML and
odd JSON are trimmed by :func:`slim_object`. Both give the same objects.
"""

from __future__ import annotations

from typing import Any

import msgspec

ANY = "any"
"""Keep the value as it is."""
KEYS = "keys"
"""A mapping whose keys are kept, each with an empty value (ConfigMap ``data``)."""
Spec = Any
"""What is kept of a value: ANY, KEYS, a dict (the keys kept of a mapping, each with its own spec), a one-element
list (the spec of every entry of a list) or :class:`Shared`."""


class Shared(msgspec.Struct, frozen=True, eq=False):
    """A part that sibling objects repeat verbatim (the pods of one ReplicaSet: labels, annotations, owners,
    containers). The JSON decoder decodes each distinct text of it once and gives every object that value, so
    100 000 pods take about half the memory; readers never change objects in place."""

    spec: Spec

CONTAINER: dict[str, Spec] = {
    "name": ANY, "image": ANY, "command": ANY, "args": ANY, "ports": ANY, "env": [{"name": ANY}], "envFrom": ANY,
    "volumeMounts": [{"name": ANY, "mountPath": ANY, "subPath": ANY}], "resources": ANY,
    "readinessProbe": ANY, "livenessProbe": ANY, "startupProbe": ANY, "securityContext": ANY, "restartPolicy": ANY,
}
POD_SPEC: dict[str, Spec] = {
    "containers": [CONTAINER], "initContainers": [CONTAINER], "hostNetwork": ANY, "securityContext": ANY,
    "volumes": [{"name": ANY, "configMap": ANY, "persistentVolumeClaim": ANY}],
}
TEMPLATE: dict[str, Spec] = {"metadata": {"labels": ANY, "annotations": ANY}, "spec": POD_SPEC}
KEPT: dict[str, Spec] = {
    "apiVersion": ANY,
    "kind": ANY,
    "metadata": {"name": ANY, "namespace": ANY, "labels": Shared(ANY), "annotations": Shared(ANY),
                 "ownerReferences": Shared([{"apiVersion": ANY, "kind": ANY, "name": ANY, "controller": ANY}])},
    "spec": {
        **POD_SPEC, "containers": Shared([CONTAINER]), "initContainers": Shared([CONTAINER]),   # Pod
        "replicas": ANY, "selector": ANY, "template": TEMPLATE,               # workloads, PodDisruptionBudget
        "jobTemplate": {"spec": {"template": TEMPLATE}}, "serviceName": ANY,  # CronJob, StatefulSet
        "type": ANY, "clusterIP": ANY, "ports": ANY,                          # Service
        "minAvailable": ANY, "maxUnavailable": ANY, "scaleTargetRef": ANY,    # PodDisruptionBudget, HPA
        "ingressClassName": ANY, "gatewayClassName": ANY, "host": ANY,        # Ingress, Gateway, Route
        "group": ANY,                                                         # CustomResourceDefinition
        "servers": ANY,                                                       # Istio Gateway (ports, TLS mode)
        "targetClusterName": ANY, "gatewayAddress": ANY, "gatewayPort": ANY,  # Linkerd multicluster Link
    },
    "status": {"allocatable": ANY, "nodeInfo": ANY},   # Nodes only (finish drops it elsewhere)
    "data": KEYS,
    "binaryData": KEYS,
}
"""Every field the scan keeps of an object of any kind (see the module docstring)."""

DROPPED_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration",)
KEEP_STATUS = frozenset({"Node"})


def slim_object(obj: dict[str, Any]) -> dict[str, Any]:
    """A trimmed copy of one object: the fields of :data:`KEPT`, without values (see :func:`finish`). A field that
    should hold a mapping or a list and holds something else (but null) is dropped, and so is a list entry that is
    not a mapping."""
    return finish(keep(obj, KEPT))


def finish(obj: dict[str, Any]) -> dict[str, Any]:
    """What depends on the kind, in place: ``status`` only for Nodes, ConfigMap-style ``data`` reduced to its keys,
    no ``last-applied-configuration``."""
    if "status" in obj and obj.get("kind") not in KEEP_STATUS:
        del obj["status"]
    for key in ("data", "binaryData"):
        if key in obj:
            data = obj[key]
            if isinstance(data, dict):
                obj[key] = dict.fromkeys(data, "")
            else:
                del obj[key]
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            for key in DROPPED_ANNOTATIONS:
                annotations.pop(key, None)
    return obj


def keep(value: Any, spec: Spec) -> Any:
    """What ``spec`` keeps of a value of its shape (see :func:`fits`)."""
    if isinstance(spec, Shared):
        spec = spec.spec
    if spec is ANY or spec is KEYS or value is None:
        return value
    if isinstance(spec, dict):
        return {key: keep(child, spec[key]) for key, child in value.items() if key in spec and fits(child, spec[key])}
    return [keep(entry, spec[0]) for entry in value if isinstance(entry, dict)]


def fits(value: Any, spec: Spec) -> bool:
    """Whether a value has the shape its spec keeps (null fits every spec)."""
    if isinstance(spec, Shared):
        spec = spec.spec
    if spec is ANY or spec is KEYS or value is None:
        return True
    return isinstance(value, dict if isinstance(spec, dict) else list)
