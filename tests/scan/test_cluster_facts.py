"""A whole-cluster dump: pods with injected proxies, ambient, control planes, CRDs, edge, policies, observability."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from readiness.models.scan import ClusterInventory
from readiness.scan.inventory import build_inventory, cpu_millicores, memory_bytes
from readiness.scan.objects import ClusterObjects
from readiness.scan.snapshot import load_snapshot


def ns(name: str, labels: dict[str, str] | None = None, annotations: dict[str, str] | None = None) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": name, "labels": labels or {}, "annotations": annotations or {}}}


def container(name: str, image: str, ports: list[int] | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "image": image, "ports": [{"containerPort": p} for p in ports or []], **extra}


def deploy(name: str, namespace: str, containers: list[dict[str, Any]], labels: dict[str, str] | None = None,
           kind: str = "Deployment", init: list[dict[str, Any]] | None = None, **spec: Any) -> dict[str, Any]:
    labels = labels or {"app": name}
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": name, "namespace": namespace},
            "spec": {"selector": {"matchLabels": labels}, **spec,
                     "template": {"metadata": {"labels": labels},
                                  "spec": {"containers": containers, "initContainers": init or []}}}}


def pod(name: str, namespace: str, owner: tuple[str, str] | None, containers: list[dict[str, Any]],
        labels: dict[str, str], annotations: dict[str, str] | None = None,
        init: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": namespace, "labels": labels, "annotations": annotations or {},
                         "ownerReferences": [{"kind": owner[0], "name": owner[1], "controller": True}]
                         if owner else []},
            "spec": {"containers": containers, "initContainers": init or []}, "status": {"phase": "Running"}}


def service(name: str, namespace: str, selector: dict[str, str], ports: list[dict[str, Any]],
            kind: str = "ClusterIP", annotations: dict[str, str] | None = None) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, "namespace": namespace, "annotations": annotations or {}},
            "spec": {"type": kind, "selector": selector, "ports": ports}}


def crd(name: str) -> dict[str, Any]:
    group = name.split(".", 1)[1]
    return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": name}, "spec": {"group": group}}


def node(name: str, cpu: str, memory: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name},
            "status": {"allocatable": {"cpu": cpu, "memory": memory},
                       "nodeInfo": {"kubeletVersion": "v1.31.2", "architecture": "amd64"}}}


PROXY = container("istio-proxy", "docker.io/istio/proxyv2:1.24.0", [15090])
LINKERD = container("linkerd-proxy", "cr.l5d.io/linkerd/proxy:edge-25.1.1", [4143], restartPolicy="Always")


def cluster_items() -> list[dict[str, Any]]:
    probes = {"readinessProbe": {"httpGet": {"port": 8080}}, "livenessProbe": {"httpGet": {"port": 8080}}}
    resources = {"resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}}
    return [
        node("n1", "3920m", "16Gi"), node("n2", "4", "16318976Ki"),
        ns("kube-system"), ns("istio-system"), ns("monitoring"), ns("cert-manager"), ns("ingress-nginx"),
        ns("shop", {"istio-injection": "enabled"}), ns("payments", {"istio.io/dataplane-mode": "ambient"}),
        ns("legacy", annotations={"linkerd.io/inject": "enabled"}), ns("batch"),
        # istio control plane, gateway and ztunnel
        deploy("istiod", "istio-system", [container("discovery", "docker.io/istio/pilot:1.24.0", [15010])]),
        deploy("istio-ingressgateway", "istio-system", [PROXY]),
        deploy("ztunnel", "istio-system", [container("istio-proxy", "docker.io/istio/ztunnel:1.24.0")],
               kind="DaemonSet"),
        {"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
         "metadata": {"name": "istio-sidecar-injector"}},
        crd("virtualservices.networking.istio.io"), crd("peerauthentications.security.istio.io"),
        crd("gateways.gateway.networking.k8s.io"), crd("httproutes.gateway.networking.k8s.io"),
        crd("certificates.cert-manager.io"), crd("servicemonitors.monitoring.coreos.com"),
        # shop: injected by the webhook — the sidecar shows only in the pods
        deploy("cart", "shop", [container("cart", "registry.example.com/cart:1.0", [8080], **probes, **resources)],
               replicas=3),
        pod("cart-7d9f8b6c5d-abcde", "shop", ("ReplicaSet", "cart-7d9f8b6c5d"),
            [container("cart", "registry.example.com/cart:1.0", [8080]), PROXY], {"app": "cart"},
            {"sidecar.istio.io/status": "{}"}, [container("istio-init", "docker.io/istio/proxyv2:1.24.0")]),
        service("cart", "shop", {"app": "cart"},
                [{"port": 80, "targetPort": 8080, "appProtocol": "kubernetes.io/h2c"}]),
        deploy("checkout", "shop", [container("checkout", "registry.example.com/checkout:2.0", [5050],
                                              readinessProbe={"grpc": {"port": 5050}})]),
        service("checkout", "shop", {"app": "checkout"}, [{"port": 5050}]),
        deploy("opted-out", "shop", [container("x", "registry.example.com/x:1", [8080])],
               labels={"app": "opted-out", "sidecar.istio.io/inject": "false"}),
        # payments: ambient
        deploy("ledger", "payments", [container("ledger", "registry.example.com/ledger:1", [9000],
                                                env=[{"name": "ASPNETCORE_URLS", "value": "http://+:9000"}])]),
        service("ledger", "payments", {"app": "ledger"}, [{"port": 9000, "name": "http-api"}]),
        {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
         "metadata": {"name": "ledger", "namespace": "payments"},
         "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "ledger"}}},
        {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget",
         "metadata": {"name": "ledger", "namespace": "payments"},
         "spec": {"selector": {"matchLabels": {"app": "ledger"}}}},
        {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
         "metadata": {"name": "deny", "namespace": "payments"}, "spec": {}},
        # legacy: linkerd native sidecar in the pod, a bare pod, a StatefulSet database
        deploy("portal", "legacy", [container("portal", "registry.example.com/portal:1", [3000])]),
        pod("portal-5c6d7e8f9a-xyz12", "legacy", ("ReplicaSet", "portal-5c6d7e8f9a"),
            [container("portal", "registry.example.com/portal:1", [3000])], {"app": "portal"},
            {"linkerd.io/proxy-version": "edge-25.1.1"}, [container("linkerd-init", "cr.l5d.io/linkerd/proxy-init:v2"),
                                                           LINKERD]),
        deploy("postgres", "legacy", [container("postgres", "postgres:16", [5432])], kind="StatefulSet"),
        service("postgres", "legacy", {"app": "postgres"}, [{"port": 5432}]),
        pod("debug", "legacy", None, [container("sh", "busybox:1.36")], {"run": "debug"}),
        # batch: a CronJob and its Job
        {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "nightly", "namespace": "batch"},
         "spec": {"jobTemplate": {"spec": {"template": {"spec": {"containers": [
             container("report", "python:3.12-slim", command=["python", "/app/report.py"])]}}}}}},
        {"apiVersion": "batch/v1", "kind": "Job", "metadata": {
            "name": "nightly-28900000", "namespace": "batch",
            "ownerReferences": [{"kind": "CronJob", "name": "nightly"}]},
         "spec": {"template": {"spec": {"containers": [container("report", "python:3.12-slim")]}}}},
        # monitoring: prometheus operator stack, grafana with k8s-sidecar containers, otel, jaeger, fluent-bit
        deploy("prometheus-operator", "monitoring", [container("operator", "quay.io/prometheus-operator/"
                                                                           "prometheus-operator:v0.75.0")]),
        deploy("grafana", "monitoring", [
            container("grafana-sc-dashboard", "quay.io/kiwigrid/k8s-sidecar:1.27.4"),
            container("grafana-sc-datasources", "quay.io/kiwigrid/k8s-sidecar:1.27.4"),
            container("grafana", "docker.io/grafana/grafana:11.1.0", [3000])]),
        service("grafana", "monitoring", {"app": "grafana"}, [{"port": 80, "targetPort": 3000, "name": "http-web"}]),
        deploy("otel-collector", "monitoring", [container("otel", "otel/opentelemetry-collector-contrib:0.104.0")]),
        deploy("jaeger", "monitoring", [container("jaeger", "jaegertracing/all-in-one:1.58")]),
        deploy("fluent-bit", "monitoring", [container("fluent-bit", "cr.fluentbit.io/fluent/fluent-bit:3.0")],
               kind="DaemonSet"),
        deploy("cert-manager", "cert-manager", [container("cm", "quay.io/jetstack/cert-manager-controller:v1.15.0")]),
        deploy("ingress-nginx-controller", "ingress-nginx",
               [container("controller", "registry.k8s.io/ingress-nginx/controller:v1.11.0", [80, 443])]),
        service("ingress-nginx-controller", "ingress-nginx", {"app": "ingress-nginx-controller"},
                [{"port": 443, "name": "https"}], kind="LoadBalancer"),
        {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": "shop", "namespace": "shop"},
         "spec": {"ingressClassName": "nginx"}},
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
         "metadata": {"name": "public", "namespace": "istio-system"}, "spec": {"gatewayClassName": "istio"}},
        {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
         "metadata": {"name": "ledger", "namespace": "payments"}, "spec": {}},
        {"apiVersion": "route.openshift.io/v1", "kind": "Route", "metadata": {"name": "portal", "namespace": "legacy"},
         "spec": {"host": "portal.example.com"}},
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls", "namespace": "shop"}, "data": {"k": "dg=="}},
    ]


@pytest.fixture(scope="module")
def inv(tmp_path_factory: pytest.TempPathFactory) -> ClusterInventory:
    dump = tmp_path_factory.mktemp("dump") / "cluster.json"
    dump.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": cluster_items()}))
    objects = load_snapshot(str(dump))
    assert "Secret" not in objects.objects
    return build_inventory(objects, complete=True)


def by_name(inv: ClusterInventory, name: str):  # type: ignore[no-untyped-def]
    return next(w for w in inv.workloads if w.name == name)


def test_sidecars_seen_only_in_pods_are_detected(inv: ClusterInventory) -> None:
    cart = by_name(inv, "cart")
    assert cart.mesh.injected and cart.mesh.mesh == "istio" and cart.mesh.mode == "sidecar"
    assert cart.mesh.injection == "enabled" and "istio-proxy" in cart.mesh.proxy_containers
    assert [c.name for c in cart.containers if c.proxy] == ["istio-init", "istio-proxy"]
    assert cart.replicas == 3 and cart.language is None
    portal = by_name(inv, "portal")
    assert portal.mesh.mesh == "linkerd" and portal.mesh.mode == "native_sidecar"
    assert portal.ports[0].port == 3000  # the proxy's ports are not the workload's
    opted = by_name(inv, "opted-out")
    assert opted.mesh.injection == "disabled" and not opted.mesh.injected


def test_ambient_namespace(inv: ClusterInventory) -> None:
    ledger = by_name(inv, "ledger")
    assert ledger.mesh.injected and ledger.mesh.mode == "ambient" and ledger.mesh.mesh == "istio"
    assert ledger.language == "csharp" and ledger.hpa and ledger.pdb


def test_mesh_summary(inv: ClusterInventory) -> None:
    meshes = {m.name: m for m in inv.mesh.detected}
    assert set(meshes) == {"istio", "linkerd"}
    istio = meshes["istio"]
    assert istio.injected_workloads == 2 and istio.modes == ["sidecar", "ambient"]
    assert istio.control_plane == ["istio-system/istio-ingressgateway", "istio-system/istiod", "istio-system/ztunnel"]
    assert istio.webhooks == ["istio-sidecar-injector"]
    assert istio.crds == ["peerauthentications.security.istio.io", "virtualservices.networking.istio.io"]
    assert any(ns.startswith("shop (istio-injection=enabled)") for ns in istio.injection_namespaces)
    assert meshes["linkerd"].injection_namespaces == ["legacy (linkerd.io/inject=enabled)"]
    assert inv.mesh.injected_workloads == 3


def test_grafana_sidecars_are_not_mesh_proxies(inv: ClusterInventory) -> None:
    grafana = by_name(inv, "grafana")
    assert grafana.role == "observability" and grafana.software == "grafana"
    assert not grafana.mesh.injected and grafana.mesh.proxy_containers == []
    assert all(c.proxy is None for c in grafana.containers)


def test_roles_protocols_and_grouping(inv: ClusterInventory) -> None:
    assert by_name(inv, "cart").protocols == ["http2"]
    assert by_name(inv, "checkout").ports[0].protocol == "grpc"
    assert by_name(inv, "checkout").ports[0].evidence == "gRPC probe on port 5050"
    assert by_name(inv, "ledger").protocols == ["http"]
    postgres = by_name(inv, "postgres")
    assert postgres.role == "datastore" and postgres.kind == "StatefulSet" and postgres.protocols == ["postgresql"]
    debug = by_name(inv, "debug")
    assert debug.kind == "Pod" and debug.role == "unknown"
    nightly = by_name(inv, "nightly")  # a scheduled job running python code: the organisation's batch work
    assert nightly.kind == "CronJob" and nightly.language == "python" and nightly.role == "business"
    assert any(e.topic == "role" and e.text.startswith("CronJob (a scheduled batch job) running code: runs python")
               for e in nightly.evidence), nightly.evidence
    assert not any(w.kind == "Job" for w in inv.workloads)  # a CronJob's Job is not a second workload
    assert by_name(inv, "istiod").role == "mesh" and by_name(inv, "istiod").system
    assert inv.totals.business_services == 6  # cart, checkout, opted-out, ledger, portal, nightly
    assert inv.totals.datastores == 1
    assert inv.totals.languages == ["csharp", "python"]


def test_edge_policies_cert_manager_observability(inv: ClusterInventory) -> None:
    assert [i.detail for i in inv.edge.ingresses] == ["class nginx"]
    assert [g.name for g in inv.edge.gateways] == ["public"] and len(inv.edge.http_routes) == 1
    assert inv.edge.routes[0].detail == "portal.example.com"
    assert inv.edge.controllers == ["ingress-nginx/ingress-nginx-controller (ingress-nginx)",
                                    "istio-system/istio-ingressgateway (istio)"]
    assert inv.edge.gateway_api_crds == ["gateways.gateway.networking.k8s.io", "httproutes.gateway.networking.k8s.io"]
    assert inv.network_policies.count == 1 and inv.network_policies.namespaces == ["payments"]
    assert "shop" in inv.network_policies.application_namespaces_without
    assert inv.cert_manager.present
    obs = inv.observability
    assert obs.metrics and obs.logs and obs.tracing
    assert {c.name for c in obs.components} >= {"prometheus-operator", "grafana", "jaeger", "opentelemetry-collector",
                                                "fluentd"}


def test_nodes_namespaces_and_coverage(inv: ClusterInventory) -> None:
    assert inv.nodes.count == 2 and inv.nodes.allocatable_cpu_millicores == 7920
    assert inv.nodes.allocatable_memory_bytes == 16 * 1024**3 + 16318976 * 1024
    assert inv.nodes.kubelet_versions == ["v1.31.2"]
    system = {n.name for n in inv.namespaces if n.system}
    assert system == {"kube-system", "istio-system", "monitoring", "cert-manager", "ingress-nginx"}
    cov = inv.coverage
    assert (cov.workloads, cov.with_probes, cov.with_resources, cov.with_limits) == (8, 2, 1, 1)
    assert inv.coverage.with_hpa == 1 and inv.coverage.with_pdb == 1
    assert inv.complete


def test_system_namespaces_are_configurable() -> None:
    objects = ClusterObjects(name="c", source="test")
    for item in cluster_items():
        objects.add(item)
    inv = build_inventory(objects, system_namespaces=["istio-system", "team-*"])
    assert {n.name for n in inv.namespaces if n.system} == {"istio-system"}
    assert by_name(inv, "grafana").system is False
    assert inv.system_namespaces == ["istio-system", "team-*"]


@pytest.mark.parametrize(("cpu", "millis"), [("2", 2000), ("250m", 250), ("1.5", 1500), ("x", 0)])
def test_cpu_quantities(cpu: str, millis: int) -> None:
    assert cpu_millicores(cpu) == millis


@pytest.mark.parametrize(("mem", "size"), [("1Gi", 1024**3), ("512Mi", 512 * 1024**2), ("1G", 10**9),
                                           ("1000", 1000), ("129e6", 129 * 10**6), ("bad", 0)])
def test_memory_quantities(mem: str, size: int) -> None:
    assert memory_bytes(mem) == size


def test_dump_can_come_from_a_folder_of_json_and_yaml(tmp_path: Path) -> None:
    items = cluster_items()
    (tmp_path / "a.json").write_text(json.dumps({"kind": "List", "apiVersion": "v1", "items": items[:20]}))
    (tmp_path / "b.json").write_text(json.dumps(items[20:]))
    inv = build_inventory(load_snapshot(str(tmp_path)), complete=True)
    assert inv.totals.business_services == 6
