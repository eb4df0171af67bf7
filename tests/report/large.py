"""A large assessment, built the way a user builds one: a generated snapshot of a big cluster assessed by a real
``readiness assess`` process.

The snapshot is a ``kubectl get ... -o json`` List of Deployments with their Pods, a Service each, disruption
budgets and namespaces, varied so that most pre-flight checks find something in thousands of objects (no
readiness probe, no requests, unnamed and server-first ports, the proxy's UID and ports, host networking,
headless Services, blocking budgets, sidecars of an existing mesh) and some objects are defined twice (one scan
warning each). ``--source`` checkouts (one folder per service, a ``go.mod`` each) add source findings. The
bench (``bench/report_large.py``) uses the same helpers at 100 000 pods.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.conftest import EXAMPLES, FIXED_TIME, REPO

ANSWERS = EXAMPLES / "regulated-enterprise.yaml"


def _namespace(i: int) -> dict[str, Any]:
    """Namespace ``team-NNN``; every fifth asks for Istio sidecar injection."""
    labels = {"kubernetes.io/metadata.name": f"team-{i:03d}"}
    if i % 5 == 0:
        labels["istio-injection"] = "enabled"
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": f"team-{i:03d}", "labels": labels}}


def _container(i: int) -> dict[str, Any]:
    """The app container of Deployment ``i``: some lack a readiness probe or requests, bind a proxy's port or
    run as the proxy's UID."""
    container: dict[str, Any] = {"name": "app", "image": f"registry.example.com/shop/svc-{i:05d}:1.{i % 9}.0",
                                 "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}]}
    if i % 2:
        container["readinessProbe"] = {"httpGet": {"path": "/ready", "port": 8080}}
    if i % 3:
        container["resources"] = {"requests": {"cpu": "100m", "memory": "128Mi"}}
    if i % 7 == 0:
        container["ports"].append({"name": "admin", "containerPort": 15001, "protocol": "TCP"})
    if i % 13 == 0:
        container["securityContext"] = {"runAsUser": 1337}
    return container


def _pod_spec(i: int, meshed: bool) -> dict[str, Any]:
    """The pod spec of Deployment ``i`` (with an Istio sidecar when ``meshed``; some on the host network)."""
    containers = [_container(i)]
    if meshed:
        containers.append({"name": "istio-proxy", "image": "docker.io/istio/proxyv2:1.24.0",
                           "ports": [{"name": "http-envoy-prom", "containerPort": 15090}]})
    spec: dict[str, Any] = {"containers": containers}
    if i % 11 == 0:
        spec["hostNetwork"] = True
    return spec


def _service(i: int, app: str, namespace: str) -> dict[str, Any]:
    """The Service of Deployment ``i``: some with an unnamed or a server-first port, some headless."""
    ports: list[dict[str, Any]] = [{"name": "http", "port": 80, "targetPort": 8080}]
    if i % 4 == 1:
        ports.append({"port": 9000, "targetPort": 9000})
    if i % 9 == 0:
        ports.append({"port": 5432, "targetPort": 5432})
    spec: dict[str, Any] = {"selector": {"app": app}, "ports": ports}
    if i % 17 == 0:
        spec["clusterIP"] = "None"
    return {"apiVersion": "v1", "kind": "Service", "metadata": {"name": app, "namespace": namespace}, "spec": spec}


def cluster_objects(deployments: int, pods_per_deployment: int) -> Iterator[dict[str, Any]]:
    """The objects of the cluster, one at a time: namespaces, then each Deployment with its Pods and Service."""
    namespaces = max(1, deployments // 50)
    yield from (_namespace(n) for n in range(namespaces))
    for i in range(deployments):
        app, namespace = f"svc-{i:05d}", f"team-{i % namespaces:03d}"
        meshed = (i % namespaces) % 5 == 0
        labels = {"app": app}
        yield {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": app, "namespace": namespace},
               "spec": {"replicas": pods_per_deployment, "selector": {"matchLabels": labels},
                        "template": {"metadata": {"labels": labels}, "spec": _pod_spec(i, meshed)}}}
        for p in range(pods_per_deployment):
            yield {"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": f"{app}-7d9f8-{p:05d}", "namespace": namespace, "labels": labels,
                                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                                     "name": f"{app}-7d9f8", "controller": True}]},
                   "spec": _pod_spec(i, meshed), "status": {"phase": "Running"}}
        yield _service(i, app, namespace)
        if i % 5 == 0:
            budget = {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
                      "metadata": {"name": app, "namespace": namespace},
                      "spec": {"maxUnavailable": 0, "selector": {"matchLabels": labels}}}
            yield budget
            if i % 20 == 0:
                yield budget  # defined twice: the scan warns about it


def write_snapshot(path: Path, deployments: int, pods_per_deployment: int) -> int:
    """Write the cluster as one ``kind: List`` JSON file, object by object; returns the number of items."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [\n')
        for item in cluster_objects(deployments, pods_per_deployment):
            fh.write((",\n" if count else "") + json.dumps(item, separators=(",", ":")))
            count += 1
        fh.write("\n]}\n")
    return count


def write_sources(folder: Path, services: int) -> None:
    """One source checkout folder per service (``svc-00000/go.mod`` …), matched to the workloads by name."""
    for i in range(services):
        service = folder / f"svc-{i:05d}"
        service.mkdir(parents=True, exist_ok=True)
        (service / "go.mod").write_text(f"module example.com/shop/svc-{i:05d}\n\ngo 1.22\n")


def assess_large(folder: Path, deployments: int, pods_per_deployment: int, sources: int = 0) -> Path:
    """``readiness assess`` (a real process, at the tests' fixed time) on a generated snapshot; returns the
    assessment's path."""
    folder.mkdir(parents=True, exist_ok=True)
    snapshot = folder / "cluster.json"
    write_snapshot(snapshot, deployments, pods_per_deployment)
    command = [sys.executable, "-m", "readiness", "assess", str(ANSWERS), "--snapshot", str(snapshot)]
    if sources:
        write_sources(folder / "src", sources)
        command += ["--source", str(folder / "src")]
    out = folder / "assessment.json"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(FIXED_TIME.timestamp()))}
    done = subprocess.run([*command, "-o", str(out)], capture_output=True, text=True, cwd=REPO, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return out
