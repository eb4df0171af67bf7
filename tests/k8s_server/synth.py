"""A synthetic cluster of any size, shaped like a real one, for benchmarks (and a way to serve it from a process).

Pods belong to ReplicaSets/StatefulSets (ownerReferences), carry status, managedFields, env values, probes
and resources, and a share of namespaces run Istio sidecars — so a scan of it does the work a real one does.

Run ``python -m tests.k8s_server.synth --pods 100000`` from the checkout to serve one: it prints
``READY <url> <token> <objects>`` on stdout, then serves until stdin closes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.k8s_server.server import FakeKubeServer
from tests.k8s_server.store import CREATED, ObjectStore


def _hash(text: str, size: int = 10) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:size]


def _managed(manager: str) -> list[dict[str, Any]]:
    return [{"manager": manager, "operation": "Update", "apiVersion": "v1", "time": CREATED, "fieldsType": "FieldsV1",
             "fieldsV1": {"f:metadata": {"f:labels": {".": {}, "f:app": {}}},
                          "f:spec": {"f:containers": {'k:{"name":"app"}': {".": {}, "f:image": {}, "f:env": {}}}}}}]


def _container(name: str, image: str, port: int, i: int) -> dict[str, Any]:
    return {
        "name": name, "image": image, "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": "http", "containerPort": port, "protocol": "TCP"}],
        "env": [{"name": "LOG_LEVEL", "value": "info"}, {"name": "DB_HOST", "value": f"db-{i % 97}.svc"},
                {"name": "FEATURE_FLAGS", "value": "a,b,c"}, {"name": "POD_NAME", "valueFrom": {
                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.name"}}}],
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "512Mi"}},
        "readinessProbe": {"httpGet": {"path": "/ready", "port": port, "scheme": "HTTP"}, "periodSeconds": 10,
                           "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
        "livenessProbe": {"httpGet": {"path": "/healthz", "port": port, "scheme": "HTTP"}, "periodSeconds": 10,
                          "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3},
        "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
        "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                          "readOnly": True}],
    }


def _pod_spec(app: str, i: int, meshed: bool) -> dict[str, Any]:
    containers = [_container("app", f"registry.example.com/{app}:{1 + i % 9}.{i % 13}.0",
                             8080, i)]
    if meshed:
        proxy = _container("istio-proxy", "docker.io/istio/proxyv2:1.24.0", 15090, i)
        proxy["ports"] = [{"name": "http-envoy-prom", "containerPort": 15090, "protocol": "TCP"}]
        containers.append(proxy)
    return {"serviceAccountName": app, "restartPolicy": "Always", "dnsPolicy": "ClusterFirst",
            "terminationGracePeriodSeconds": 30, "schedulerName": "default-scheduler",
            "securityContext": {"runAsNonRoot": True}, "containers": containers,
            "volumes": [{"name": "kube-api-access", "projected": {"sources": [{"serviceAccountToken": {
                "path": "token", "expirationSeconds": 3607}}]}}]}


def synthetic_objects(pods: int, pods_per_workload: int = 5) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(group, plural, object) for a cluster of ``pods`` pods in about ``pods / pods_per_workload`` workloads."""
    workloads = max(1, pods // pods_per_workload)
    namespaces = max(1, workloads // 200)
    nodes = max(1, pods // 50)
    for n in range(nodes):
        yield "", "nodes", {"metadata": {"name": f"node-{n:05d}", "labels": {"kubernetes.io/os": "linux"},
                                         "managedFields": _managed("kubelet")},
                            "status": {"allocatable": {"cpu": "7910m", "memory": "31Gi", "pods": "110"},
                                       "capacity": {"cpu": "8", "memory": "32Gi", "pods": "110"},
                                       "nodeInfo": {"kubeletVersion": "v1.31.2", "osImage": "Ubuntu 24.04",
                                                    "containerRuntimeVersion": "containerd://1.7.22"}}}
    for ns in range(namespaces):
        labels = {"kubernetes.io/metadata.name": f"team-{ns:03d}"}
        if ns % 5 == 0:
            labels["istio-injection"] = "enabled"
        yield "", "namespaces", {"metadata": {"name": f"team-{ns:03d}", "labels": labels}}
        yield "networking.k8s.io", "networkpolicies", {
            "metadata": {"name": "default-deny", "namespace": f"team-{ns:03d}"},
            "spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}
    pod_count = 0
    for w in range(workloads):
        ns = f"team-{w % namespaces:03d}"
        meshed = (w % namespaces) % 5 == 0
        app = f"svc-{w:05d}"
        stateful = w % 7 == 0
        labels = {"app": app, "app.kubernetes.io/name": app, "version": "v1"}
        template = {"metadata": {"labels": labels, "annotations": {"prometheus.io/scrape": "true"}},
                    "spec": _pod_spec(app, w, meshed)}
        plural = "statefulsets" if stateful else "deployments"
        count = pods_per_workload if w < workloads - 1 else pods - pod_count
        yield "apps", plural, {"metadata": {"name": app, "namespace": ns, "labels": labels, "generation": 3,
                                            "annotations": {"deployment.kubernetes.io/revision": "3"},
                                            "managedFields": _managed("helm")},
                               "spec": {"replicas": count, "selector": {"matchLabels": {"app": app}},
                                        "template": template},
                               "status": {"replicas": count, "readyReplicas": count,
                                          "availableReplicas": count, "observedGeneration": 3}}
        yield "", "services", {"metadata": {"name": app, "namespace": ns, "labels": labels},
                               "spec": {"type": "ClusterIP", "clusterIP": f"10.96.{w // 250 % 256}.{w % 250}",
                                        "selector": {"app": app},
                                        "ports": [{"name": "http", "port": 80, "targetPort": 8080,
                                                   "protocol": "TCP"}]}}
        if w % 4 == 0:
            yield "", "configmaps", {"metadata": {"name": f"{app}-config", "namespace": ns},
                                     "data": {"application.yaml": "server:\n  port: 8080\n" * 20}}
        if not stateful and w % 3 == 0:
            yield "autoscaling", "horizontalpodautoscalers", {
                "metadata": {"name": app, "namespace": ns},
                "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": app},
                         "minReplicas": 2, "maxReplicas": 10}}
        if w % 5 == 0:
            yield "policy", "poddisruptionbudgets", {"metadata": {"name": app, "namespace": ns},
                                                     "spec": {"minAvailable": 1,
                                                              "selector": {"matchLabels": {"app": app}}}}
        owner_kind, owner = ("StatefulSet", app) if stateful else ("ReplicaSet", f"{app}-{_hash(app)}")
        for p in range(count):
            name = f"{app}-{p}" if stateful else f"{owner}-{_hash(f'{app}{p}', 5)}"
            spec = _pod_spec(app, w, meshed)
            spec["nodeName"] = f"node-{(pod_count + p) % nodes:05d}"
            yield "", "pods", {
                "metadata": {"name": name, "namespace": ns, "labels": {**labels, "pod-template-hash": _hash(app)},
                             "ownerReferences": [{"apiVersion": "apps/v1", "kind": owner_kind, "name": owner,
                                                  "uid": _hash(owner, 32), "controller": True,
                                                  "blockOwnerDeletion": True}],
                             "managedFields": _managed("kube-controller-manager")},
                "spec": spec,
                "status": {"phase": "Running", "podIP": f"10.{(pod_count + p) // 65536 % 256}."
                                                        f"{(pod_count + p) // 256 % 256}.{(pod_count + p) % 256}",
                           "hostIP": "192.168.0.10", "qosClass": "Burstable", "startTime": CREATED,
                           "conditions": [{"type": t, "status": "True", "lastTransitionTime": CREATED}
                                          for t in ("PodReadyToStartContainers", "Initialized", "Ready",
                                                    "ContainersReady", "PodScheduled")],
                           "containerStatuses": [{"name": c["name"], "ready": True, "restartCount": 0,
                                                  "image": c["image"], "imageID": f"sha256:{_hash(c['image'], 64)}",
                                                  "containerID": f"containerd://{_hash(name + c['name'], 64)}",
                                                  "started": True, "state": {"running": {"startedAt": CREATED}}}
                                                 for c in spec["containers"]]}}
        pod_count += count


def _uid(text: str) -> str:
    x = _hash(text, 32)
    return f"{x[:8]}-{x[8:12]}-{x[12:16]}-{x[16:20]}-{x[20:]}"


def kubectl_list_items(deployments: int, pods_per_deployment: int = 10) -> Iterator[dict[str, Any]]:
    """Issue 17's dump: Deployments, each with a Service and its pods, shaped as ``kubectl get -o json`` prints
    them but lean (2,000 Deployments with 10 pods each: 17 MiB as one-line JSON); env values included."""
    namespaces = max(1, deployments // 100)
    for d in range(deployments):
        app, ns = f"svc-{d:05d}", f"team-{d % namespaces:03d}"
        labels = {"app": app}
        replica_set = f"{app}-{_hash(app)}"
        container = {"name": app, "image": f"registry.example.com/{app}:1.{d % 9}.0",
                     "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
                     "env": [{"name": "LOG_LEVEL", "value": "info"}],
                     "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}
        yield {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": app, "namespace": ns, "uid": _uid(app), "labels": labels, "generation": 1,
                            "creationTimestamp": CREATED},
               "spec": {"replicas": pods_per_deployment, "selector": {"matchLabels": labels},
                        "template": {"metadata": {"labels": labels}, "spec": {"containers": [container]}}},
               "status": {"replicas": pods_per_deployment, "readyReplicas": pods_per_deployment}}
        yield {"apiVersion": "v1", "kind": "Service",
               "metadata": {"name": app, "namespace": ns, "uid": _uid(app + "/svc"), "labels": labels},
               "spec": {"type": "ClusterIP", "clusterIP": f"10.96.{d // 250 % 256}.{d % 250}", "selector": labels,
                        "ports": [{"name": "http", "port": 80, "targetPort": 8080, "protocol": "TCP"}]}}
        for p in range(pods_per_deployment):
            name, i = f"{replica_set}-{p:02d}{_hash(app + str(p), 3)}", d * pods_per_deployment + p
            yield {"apiVersion": "v1", "kind": "Pod",
                   "metadata": {"name": name, "namespace": ns, "uid": _uid(name),
                                "labels": {**labels, "pod-template-hash": _hash(app)},
                                "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                                     "name": replica_set, "uid": _uid(replica_set),
                                                     "controller": True}]},
                   "spec": {"containers": [container], "nodeName": f"node-{i % 400:04d}", "restartPolicy": "Always"},
                   "status": {"phase": "Running", "podIP": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"}}


def write_kubectl_list(path: Path, deployments: int, pods_per_deployment: int = 10) -> int:
    """:func:`kubectl_list_items` as one JSON List written item by item; returns the item count."""
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{"apiVersion": "v1", "items": [')
        for item in kubectl_list_items(deployments, pods_per_deployment):
            fh.write((", " if count else "") + json.dumps(item))
            count += 1
        fh.write('], "kind": "List", "metadata": {"resourceVersion": ""}}\n')
    return count


def synthetic_store(pods: int, pods_per_workload: int = 5, optional_groups: tuple[str, ...] = ()) -> ObjectStore:
    """A store holding a synthetic cluster (objects are put in place, not copied)."""
    server = FakeKubeServer(optional_groups=optional_groups)
    store = server.store
    assert store is not None
    for group, plural, obj in synthetic_objects(pods, pods_per_workload):
        store.put(group, plural, obj)
    return store


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pods", type=int, default=100_000)
    parser.add_argument("--pods-per-workload", type=int, default=5)
    args = parser.parse_args(argv)
    store = synthetic_store(args.pods, args.pods_per_workload)
    for group, plural in list(store.objects):  # encode every item once, before the clock starts
        for stored in store.listing(group, plural):
            stored.item_json()
            stored.obj = {}
    server = FakeKubeServer(store=store).start()
    total = sum(len(v) for v in store.objects.values())
    print(f"READY {server.url} {server.token} {total}", flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
