"""Add the precheck, the cost estimate and the mesh options to an Assessment.

Called by the commands after :func:`readiness.core.assessment.build_assessment` (which sits below the scan
layer and cannot call it). With scanned clusters, the precheck runs on their raw objects and the cost
estimate counts their pods and nodes; without them, the cost comes from the answers (service_count) and
there is no precheck. The mesh options compare the candidates in both cases.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from readiness.mesh.catalogues import load_check_catalogue, load_cost_data, load_option_rules
from readiness.mesh.cost import estimate_cost, inputs_from_answers, inputs_from_objects, unknown_services
from readiness.mesh.options import compare_options, requirements_for
from readiness.mesh.precheck import meshes_present, run_precheck
from readiness.models import Assessment, Precheck
from readiness.models.cost import CostData, CostEstimate
from readiness.models.precheck import CheckCatalogue
from readiness.scan.objects import ClusterObjects


def _system_namespaces(assessment: Assessment, default: list[str]) -> dict[str, list[str]]:
    """The system-namespace patterns each scanned cluster was inventoried with (the catalogue's otherwise)."""
    if assessment.scan is None:
        return {}
    return {c.name: list(c.system_namespaces) or default for c in assessment.scan.clusters}


def cluster_precheck(clusters: Sequence[ClusterObjects], catalogue: CheckCatalogue,
                     namespaces: Mapping[str, Sequence[str]], default: Sequence[str]) -> Precheck:
    """The precheck of every scanned cluster, each with its own system-namespace patterns."""
    results = [run_precheck(c, catalogue, system_namespaces=list(namespaces.get(c.name, default))) for c in clusters]
    return Precheck(catalogue=catalogue.version, checks=[c.id for c in catalogue.checks], clusters=results)


def cluster_cost(clusters: Sequence[ClusterObjects], data: CostData, namespaces: Mapping[str, Sequence[str]],
                 default: Sequence[str], *, rps: float | None = None,
                 rps_per_service: Mapping[str, float] | None = None) -> CostEstimate:
    """The proxy cost for the pods and nodes of the scanned clusters."""
    patterns = sorted({p for c in clusters for p in namespaces.get(c.name, default)})
    return estimate_cost(data, inputs_from_objects(clusters, patterns, rps=rps, rps_per_service=rps_per_service))


def with_mesh_analysis(assessment: Assessment, clusters: Sequence[ClusterObjects] = (), *,
                       system_namespaces: Sequence[str] | None = None, rps: float | None = None,
                       rps_per_service: Mapping[str, float] | None = None) -> Assessment:
    """The assessment with ``precheck`` (clusters only), ``cost`` and ``mesh_options`` filled in."""
    catalogue, data, rules = load_check_catalogue(), load_cost_data(), load_option_rules()
    default = list(system_namespaces) if system_namespaces is not None else list(catalogue.system_namespaces)
    per_cluster = _system_namespaces(assessment, default) if system_namespaces is None else {}
    warnings = list(assessment.warnings)
    precheck = None
    detected: list[str] = []
    if clusters:
        precheck = cluster_precheck(clusters, catalogue, per_cluster, default)
        cost = cluster_cost(clusters, data, per_cluster, default, rps=rps, rps_per_service=rps_per_service)
        for cluster in clusters:
            detected += meshes_present(cluster, catalogue, system_namespaces=per_cluster.get(cluster.name, default))
        warnings += unknown_services(rps_per_service or {}, clusters)
    else:
        values = {a.id: a.value for a in assessment.answers}
        count = values.get("service_count")
        cluster_count = values.get("clusters")
        cost = estimate_cost(data, inputs_from_answers(
            count if isinstance(count, int) and not isinstance(count, bool) else None,
            cluster_count if isinstance(cluster_count, int) else None, data,
            rps=rps, rps_per_service=rps_per_service))
    options = compare_options(rules, requirements_for(assessment, dict.fromkeys(detected)), cost, precheck)
    return assessment.model_copy(update={"precheck": precheck, "cost": cost, "mesh_options": options,
                                         "warnings": warnings})
