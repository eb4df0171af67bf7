"""The "Cluster findings" section: what the scan embedded in an Assessment shows, as report rows.

Pure: reads the :class:`ScanResult` and the disagreements, never the cluster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from readiness.models.scan import ClusterInventory, Disagreement, ScanResult

MAX_SERVICE_ROWS = 40


@dataclass(frozen=True)
class Fact:
    """A labelled figure of the inventory."""

    label: str
    value: str


@dataclass(frozen=True)
class ServiceRow:
    """A logical service found in the cluster."""

    name: str
    namespace: str
    role: str
    languages: str
    protocols: str
    workloads: str


@dataclass(frozen=True)
class ClusterView:
    """One cluster or snapshot."""

    name: str
    source: str
    complete: bool
    facts: list[Fact]
    languages: list[Fact]
    protocols: list[Fact]
    hygiene: list[Fact]
    services: list[ServiceRow]
    more_services: int
    warnings: list[str]


@dataclass(frozen=True)
class DisagreementRow:
    """An answer the scan contradicts."""

    question: str
    answered: str
    detected: str
    severity: str
    message: str


@dataclass(frozen=True)
class ClusterFindings:
    """Everything the scan section shows."""

    clusters: list[ClusterView]
    disagreements: list[DisagreementRow]
    sources: list[Fact]
    warnings: list[str]


def cluster_findings(scan: ScanResult, disagreements: list[Disagreement]) -> ClusterFindings:
    """The cluster findings of a scan."""
    return ClusterFindings(
        [_cluster(c) for c in scan.clusters],
        [DisagreementRow(d.question, d.answered, d.detected, d.severity, d.message) for d in disagreements],
        [Fact(s.name, f"{s.language or 'language unknown'} ({s.path})") for s in scan.sources],
        list(scan.warnings))


def _cluster(c: ClusterInventory) -> ClusterView:
    t = c.totals
    facts = [Fact("Application workloads", str(t.application_workloads)),
             Fact("Business services", str(t.business_services)),
             Fact("Datastores, caches, brokers", f"{t.datastores}, {t.caches}, {t.brokers}"),
             Fact("Namespaces", str(len([n for n in c.namespaces if not n.system]))),
             Fact("Kubernetes version", c.kubernetes_version or "not known (snapshot)")]
    if c.nodes.count:
        facts.append(Fact("Nodes", f"{c.nodes.count} ({c.nodes.allocatable_cpu_millicores / 1000:g} CPU, "
                                   f"{c.nodes.allocatable_memory_bytes / 2**30:.0f} GiB allocatable)"))
    meshes = ", ".join(f"{m.name} ({m.injected_workloads} workloads)" for m in c.mesh.detected)
    facts.append(Fact("Service mesh", meshes or "none found"))
    edge = [*c.edge.controllers, *(f"{len(v)} {k}" for k, v in (
        ("Ingresses", c.edge.ingresses), ("Gateways", c.edge.gateways), ("HTTPRoutes", c.edge.http_routes),
        ("LoadBalancer Service(s)", c.edge.load_balancers)) if v)]
    facts.append(Fact("Edge", ", ".join(edge) or "none found"))
    stack = [name for name, present in (("metrics", c.observability.metrics), ("logs", c.observability.logs),
                                        ("tracing", c.observability.tracing)) if present]
    facts.append(Fact("Observability", ", ".join(stack) or "none found"))
    facts.append(Fact("NetworkPolicies", f"{c.network_policies.count}"
                      + (f"; none in {', '.join(c.network_policies.application_namespaces_without)}"
                         if c.network_policies.application_namespaces_without else "")))

    business = [s for s in c.services if s.role == "business" and not s.system]
    languages = Counter(lang for s in business for lang in s.languages)
    language_rows = [Fact(lang, str(n)) for lang, n in sorted(languages.items(), key=lambda x: (-x[1], x[0]))]
    if t.business_services_without_language:
        language_rows.append(Fact("no language evidence", str(t.business_services_without_language)))
    protocols = Counter(p for s in c.services if not s.system for p in s.protocols)
    protocol_rows = [Fact(p, str(n)) for p, n in sorted(protocols.items(), key=lambda x: (-x[1], x[0]))]
    cov = c.coverage
    hygiene = [Fact(label, f"{n} of {cov.workloads}") for label, n in (
        ("Readiness or liveness probes", cov.with_probes), ("CPU and memory requests", cov.with_resources),
        ("Limits", cov.with_limits), ("HorizontalPodAutoscaler", cov.with_hpa),
        ("PodDisruptionBudget", cov.with_pdb))] if cov.workloads else []
    shown = sorted((s for s in c.services if not s.system), key=lambda s: (s.role != "business", s.namespace, s.name))
    rows = [ServiceRow(s.name, s.namespace, s.role, ", ".join(s.languages) or "—", ", ".join(s.protocols) or "—",
                       ", ".join(s.workloads)) for s in shown[:MAX_SERVICE_ROWS]]
    return ClusterView(c.name, c.source, c.complete, facts, language_rows, protocol_rows, hygiene, rows,
                       max(0, len(shown) - MAX_SERVICE_ROWS), list(c.warnings))
