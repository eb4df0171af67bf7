"""The "Cluster findings" section: what the scan embedded in an Assessment shows, as report rows.

Pure: reads the :class:`ScanResult` and the disagreements, never the cluster. Labels come from the
``cluster`` part of ``text.yaml``. Long lists are cut as :mod:`.bounds` says. The files a scan read and its
warnings (which name files) are not client text: they are in the technical appendix
(:mod:`readiness.report.limitations`), not here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from readiness.models.answers import ResolvedAnswer
from readiness.models.precheck import Precheck
from readiness.models.scan import ClusterInventory, Disagreement, ScanResult
from readiness.report.bounds import MAX_CLUSTERS, MAX_ROWS, MAX_SERVICE_ROWS, more_line, names, top
from readiness.report.fleet import FleetView, SetupRow, fleet_view, setup_rows
from readiness.report.wording import fill, plural
from readiness.report.wording import label as label_of


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
    kind: str
    """How it was read, in words: a live cluster, or a snapshot that may hold only some of its objects."""
    complete: bool
    facts: list[Fact]
    languages: list[Fact]
    protocols: list[Fact]
    hygiene: list[Fact]
    services: list[ServiceRow]
    more_services: str
    """The line pointing to services not shown ("… and 3 more services …"), or empty."""


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
    more_clusters: str
    disagreements: list[DisagreementRow]
    more_disagreements: str
    sources: list[Fact]
    more_sources: str
    """Each ``more_…`` is the line standing for the items of its list not shown, or empty."""
    fleet: FleetView | None = None
    """With two or more clusters: a row per cluster and what differs between them."""
    setups: list[SetupRow] = field(default_factory=list)
    """Multicluster set-ups already in place (any number of clusters)."""
    more_setups: str = ""


def cluster_findings(scan: ScanResult, disagreements: list[Disagreement], answers: Sequence[ResolvedAnswer],
                     text: Mapping[str, Any], precheck: Precheck | None = None) -> ClusterFindings:
    """The cluster findings of a scan, worded by ``text`` (the whole of text.yaml); a disagreement is named by its
    question as the questionnaire asks it; the fleet table counts ``precheck``'s findings per cluster."""
    t = text["cluster"]
    prompts = {x.id: x.prompt for x in answers}
    clusters, more_clusters = top(scan.clusters, MAX_CLUSTERS)
    shown, more_disagreements = top(disagreements, MAX_ROWS)
    sources, more_sources = top(scan.sources, MAX_ROWS)
    return ClusterFindings(
        [_cluster(c, text) for c in clusters], more_line(text, more_clusters, "more_clusters"),
        [DisagreementRow(prompts.get(d.question, d.question.replace("_", " ")), d.answered, d.detected, d.severity,
                         d.message) for d in shown],
        more_line(text, more_disagreements),
        [Fact(s.name, s.language or t["language_unknown"]) for s in sources], more_line(text, more_sources),
        fleet_view(scan, precheck, text), *setup_rows(scan, text))


def _cluster(c: ClusterInventory, text: Mapping[str, Any]) -> ClusterView:
    t = text["cluster"]
    totals = c.totals
    label = t["facts"]
    none = t["none_found"]
    facts = [Fact(label["application_workloads"], str(totals.application_workloads)),
             Fact(label["business_services"], str(totals.business_services)),
             Fact(label["datastores"], f"{totals.datastores}, {totals.caches}, {totals.brokers}"),
             Fact(label["namespaces"], str(len([n for n in c.namespaces if not n.system]))),
             Fact(label["kubernetes_version"], c.kubernetes_version or t["version_unknown"])]
    if c.nodes.count:
        facts.append(Fact(label["nodes"], fill(t["nodes_value"], count=c.nodes.count,
                                               cpu=f"{c.nodes.allocatable_cpu_millicores / 1000:g}",
                                               memory=f"{c.nodes.allocatable_memory_bytes / 2**30:.0f}")))
    meshes = ", ".join(fill(t["mesh_value"], name=m.name, workloads=m.injected_workloads) for m in c.mesh.detected)
    facts.append(Fact(label["service_mesh"], meshes or none))
    kinds = t["edge_kinds"]
    edge = [*c.edge.controllers, *(plural(len(v), *kinds[k]) for k, v in (
        ("ingresses", c.edge.ingresses), ("gateways", c.edge.gateways), ("http_routes", c.edge.http_routes),
        ("load_balancers", c.edge.load_balancers)) if v)]
    facts.append(Fact(label["edge"], ", ".join(edge) or none))
    stack = [t["observability"][name] for name, present in (
        ("metrics", c.observability.metrics), ("logs", c.observability.logs), ("tracing", c.observability.tracing))
        if present]
    facts.append(Fact(label["observability"], ", ".join(stack) or none))
    policies = c.network_policies
    facts.append(Fact(label["network_policies"], fill(
        t["policies_missing"], count=policies.count, namespaces=names(policies.application_namespaces_without, text))
        if policies.application_namespaces_without else str(policies.count)))

    business = [s for s in c.services if s.role == "business" and not s.system]
    languages = Counter(lang for s in business for lang in s.languages)
    language_rows = [Fact(lang, str(n)) for lang, n in sorted(languages.items(), key=lambda x: (-x[1], x[0]))]
    if totals.business_services_without_language:
        language_rows.append(Fact(t["no_language_evidence"], str(totals.business_services_without_language)))
    protocols = Counter(p for s in c.services if not s.system for p in s.protocols)
    protocol_rows = [Fact(p, str(n)) for p, n in sorted(protocols.items(), key=lambda x: (-x[1], x[0]))]
    cov = c.coverage
    rows = t["hygiene_rows"]
    hygiene = [Fact(rows[key], fill(t["of_total"], count=n, total=cov.workloads)) for key, n in (
        ("probes", cov.with_probes), ("requests", cov.with_resources), ("limits", cov.with_limits),
        ("hpa", cov.with_hpa), ("pdb", cov.with_pdb))] if cov.workloads else []
    shown = sorted((s for s in c.services if not s.system), key=lambda s: (s.role != "business", s.namespace, s.name))
    rows, hidden = top(shown, MAX_SERVICE_ROWS)
    services = [ServiceRow(s.name, s.namespace, label_of(t["roles"], s.role), ", ".join(s.languages) or "—",
                           ", ".join(s.protocols) or "—", names(s.workloads, text)) for s in rows]
    return ClusterView(c.name, t["live"] if c.complete else t["snapshot_note"], c.complete, facts, language_rows,
                       protocol_rows, hygiene, services,
                       fill(t["more_services"], count=f"{hidden:,}") if hidden > 0 else "")
