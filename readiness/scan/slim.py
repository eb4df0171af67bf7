"""Trim objects to what the scanner reads, as they arrive (less memory, and no values kept at all).

Environment variable values, ConfigMap values and the ``last-applied-configuration`` annotation (a full
copy of the object, values included) are dropped here, so nothing downstream can leak them.
"""

from __future__ import annotations

from typing import Any

DROPPED_ANNOTATIONS = ("kubectl.kubernetes.io/last-applied-configuration",)
KEEP_STATUS = frozenset({"Node"})


def slim_object(obj: dict[str, Any]) -> dict[str, Any]:
    """A trimmed copy-in-place of one object: no managedFields, status (except Nodes), or values."""
    kind = obj.get("kind")
    meta = obj.get("metadata")
    if isinstance(meta, dict):
        meta.pop("managedFields", None)
        annotations = meta.get("annotations")
        if isinstance(annotations, dict):
            for key in DROPPED_ANNOTATIONS:
                annotations.pop(key, None)
    if kind not in KEEP_STATUS:
        obj.pop("status", None)
    if kind == "ConfigMap":
        for key in ("data", "binaryData"):
            data = obj.get(key)
            if isinstance(data, dict):
                obj[key] = dict.fromkeys(data, "")
    _strip_env_values(obj)
    return obj


def _strip_env_values(obj: dict[str, Any]) -> None:
    for spec in _pod_specs(obj):
        for group in ("containers", "initContainers", "ephemeralContainers"):
            containers = spec.get(group)
            if not isinstance(containers, list):
                continue
            for container in containers:
                if not isinstance(container, dict):
                    continue
                env = container.get("env")
                if isinstance(env, list):
                    container["env"] = [{"name": e.get("name")} for e in env if isinstance(e, dict)]


def _pod_specs(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """The pod specs inside a Pod, a workload template or a CronJob's job template."""
    spec = obj.get("spec")
    if not isinstance(spec, dict):
        return []
    if obj.get("kind") == "Pod":
        return [spec]
    found: list[dict[str, Any]] = []
    job = spec.get("jobTemplate")
    if isinstance(job, dict) and isinstance(job.get("spec"), dict):
        spec = job["spec"]
    template = spec.get("template")
    if isinstance(template, dict) and isinstance(template.get("spec"), dict):
        found.append(template["spec"])
    return found
