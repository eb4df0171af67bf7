"""Small builders for raw Kubernetes objects (plain dicts, as the API returns them)."""

from __future__ import annotations

import copy
from typing import Any

from readiness.scan.objects import ClusterObjects


def cluster(*objects: dict[str, Any], name: str = "test", version: str | None = None) -> ClusterObjects:
    """A ClusterObjects holding deep copies of the objects."""
    result = ClusterObjects(name=name, source=f"test:{name}", kubernetes_version=version)
    for obj in objects:
        result.add(copy.deepcopy(obj))
    return result


def container(name: str = "app", *, ports: list[int] | None = None, uid: int | None = None, readiness: bool = True,
              requests: tuple[str, ...] = ("cpu", "memory"), port_names: dict[int, str] | None = None,
              **extra: Any) -> dict[str, Any]:
    """A container with probes and requests unless told otherwise."""
    c: dict[str, Any] = {"name": name, "image": f"example.com/{name}:1"}
    if ports:
        c["ports"] = [{"containerPort": p, **({"name": port_names[p]} if port_names and p in port_names else {})}
                      for p in ports]
    if uid is not None:
        c["securityContext"] = {"runAsUser": uid}
    if readiness:
        c["readinessProbe"] = {"httpGet": {"path": "/ready", "port": (ports or [8080])[0]}}
    values = {"cpu": "100m", "memory": "64Mi"}
    if requests:
        c["resources"] = {"requests": {r: values[r] for r in requests}}
    c.update(extra)
    return c


def deployment(name: str, *, namespace: str = "shop", replicas: int = 2, containers: list[dict[str, Any]] | None = None,
               labels: dict[str, str] | None = None, kind: str = "Deployment", init: list[dict[str, Any]] | None = None,
               annotations: dict[str, str] | None = None, **pod_spec: Any) -> dict[str, Any]:
    """A Deployment (or StatefulSet/DaemonSet with ``kind``) whose pods carry ``app: name``."""
    pod_labels = {"app": name, **(labels or {})}
    spec: dict[str, Any] = {"containers": containers or [container(ports=[8080])], **pod_spec}
    if init:
        spec["initContainers"] = init
    template: dict[str, Any] = {"metadata": {"labels": pod_labels}, "spec": spec}
    if annotations:
        template["metadata"]["annotations"] = annotations
    body: dict[str, Any] = {"selector": {"matchLabels": {"app": name}}, "template": template}
    if kind != "DaemonSet":
        body["replicas"] = replicas
    if kind == "StatefulSet":
        body["serviceName"] = name
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name, "namespace": namespace}, "spec": body}


def service(name: str, *, namespace: str = "shop", ports: list[dict[str, Any]] | None = None,
            selector: dict[str, str] | None = None, headless: bool = False,
            annotations: dict[str, str] | None = None) -> dict[str, Any]:
    """A Service selecting ``app: name`` with one named http port unless told otherwise."""
    spec: dict[str, Any] = {"selector": selector or {"app": name},
                            "ports": ports if ports is not None else [{"name": "http", "port": 80, "targetPort": 8080}]}
    if headless:
        spec["clusterIP"] = "None"
    meta: dict[str, Any] = {"name": name, "namespace": namespace}
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta, "spec": spec}


def namespace(name: str, *, labels: dict[str, str] | None = None,
              annotations: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name}
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": meta}


def pdb(name: str, *, namespace: str = "shop", app: str, **spec: Any) -> dict[str, Any]:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
            "metadata": {"name": name, "namespace": namespace},
            "spec": {"selector": {"matchLabels": {"app": app}}, **spec}}


def node(name: str, *, cpu: str = "4", memory: str = "16Gi", kubelet: str = "v1.31.2") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name},
            "status": {"allocatable": {"cpu": cpu, "memory": memory}, "nodeInfo": {"kubeletVersion": kubelet}}}


def webhook(name: str) -> dict[str, Any]:
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
            "metadata": {"name": name}, "webhooks": []}


def crd(plural: str, group: str) -> dict[str, Any]:
    return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": f"{plural}.{group}"}, "spec": {"group": group}}
