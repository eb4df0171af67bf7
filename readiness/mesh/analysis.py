"""Attach the mesh analysis to an Assessment: the precheck, the proxy cost estimate and the mesh options. Pure.

With scanned clusters, the precheck runs on their raw objects and the cost estimate counts their pods and
nodes; without them, the cost comes from the answers (service_count) and there is no precheck. The mesh
options compare the candidates in both cases. ``scan --precheck`` uses :func:`analyse_clusters` alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from readiness.mesh.business import business_case, priced_plane
from readiness.mesh.catalogues import MeshRules
from readiness.mesh.cost import (
    RequestRates,
    estimate_cost,
    inputs_from_answers,
    inputs_from_objects,
    unknown_services,
    with_disagreements,
)
from readiness.mesh.options import compare_options, requirements_for
from readiness.mesh.precheck import meshes_present, run_precheck
from readiness.models import Assessment, Precheck
from readiness.models.cost import CostEstimate
from readiness.scan.objects import ClusterObjects

NO_RATES = RequestRates()


@dataclass(frozen=True)
class ClusterAnalysis:
    """What the raw objects of scanned clusters say about a mesh: precheck, cost, meshes found, warnings."""

    precheck: Precheck
    cost: CostEstimate
    meshes: list[str]
    warnings: list[str]


def analyse_clusters(clusters: Sequence[ClusterObjects], rules: MeshRules, namespaces: Mapping[str, Sequence[str]],
                     rates: RequestRates = NO_RATES) -> ClusterAnalysis:
    """Precheck and cost of scanned clusters, each with its own system-namespace patterns (``namespaces`` by
    cluster name; a cluster without patterns takes the catalogue's)."""
    default = list(rules.checks.system_namespaces)

    def patterns(cluster: ClusterObjects) -> list[str]:
        return list(namespaces.get(cluster.name) or default)

    checks = rules.checks
    precheck = Precheck(catalogue=checks.version, checks=[c.id for c in checks.checks],
                        clusters=[run_precheck(c, checks, system_namespaces=patterns(c)) for c in clusters])
    everywhere = sorted({p for c in clusters for p in patterns(c)})
    cost = estimate_cost(rules.costs, inputs_from_objects(clusters, everywhere, rps=rates.total,
                                                          rps_per_service=dict(rates.per_service)))
    meshes = [m for c in clusters for m in meshes_present(c, checks, system_namespaces=patterns(c))]
    return ClusterAnalysis(precheck, cost, meshes, unknown_services(rates.per_service, clusters))


COUNTS = ("service_count", "clusters")
"""The answers the estimate scales with: where the scan disagrees on one, the cost says so."""


def answered_estimate(assessment: Assessment, rules: MeshRules, rates: RequestRates = NO_RATES) -> CostEstimate:
    """The estimate at the answered service and cluster counts (pods assumed per service)."""
    values = {a.id: a.value for a in assessment.answers}
    count, cluster_count = values.get("service_count"), values.get("clusters")
    return estimate_cost(rules.costs, inputs_from_answers(
        count if isinstance(count, int) and not isinstance(count, bool) else None,
        cluster_count if isinstance(cluster_count, int) else None, rules.costs,
        rps=rates.total, rps_per_service=dict(rates.per_service)))


def with_mesh_analysis(assessment: Assessment, rules: MeshRules, clusters: Sequence[ClusterObjects] = (), *,
                       rates: RequestRates = NO_RATES) -> Assessment:
    """The assessment with ``precheck`` (clusters only), ``cost`` and ``mesh_options`` filled in; a scan-sized cost
    says where the answers give other counts, and what the recommended data plane would reserve at them."""
    warnings = list(assessment.warnings)
    precheck = None
    meshes: list[str] = []
    if clusters:
        namespaces = {c.name: list(c.system_namespaces) for c in assessment.scan.clusters} if assessment.scan else {}
        analysis = analyse_clusters(clusters, rules, namespaces, rates)
        precheck, cost, meshes = analysis.precheck, analysis.cost, analysis.meshes
        warnings += analysis.warnings
    else:
        cost = answered_estimate(assessment, rules, rates)
    options = compare_options(rules.options, requirements_for(assessment, dict.fromkeys(meshes)), cost, precheck)
    counted = [(d.question, d.answered, d.detected) for d in assessment.disagreements if d.question in COUNTS]
    mesh = priced_plane(options)
    if clusters and counted and mesh is not None:
        cost = with_disagreements(rules.costs, cost, answered_estimate(assessment, rules, rates), mesh, counted)
    analysed = assessment.model_copy(update={"precheck": precheck, "cost": cost, "mesh_options": options,
                                             "warnings": warnings})
    return analysed.model_copy(update={"business_case": business_case(analysed, rules.pricing)})
