"""Risks the mesh analysis finds: the precheck's findings on the data plane the plan uses, and the answers a cluster
scan contradicts strongly. Pure.

They join the register the answers built (:mod:`readiness.core.risks`), ranked with it; each phase's risks are
taken from the register again, so the plan and the register stay one list.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from readiness.core.risks import ranked, with_phase_risks
from readiness.core.sentences import fill, known_values, plural, role_text
from readiness.models import Assessment, Finding, PlanCatalogue, RiskCatalogue, RiskEntry
from readiness.models.mesh import MESHES, severity_rank
from readiness.models.risks import PrecheckRisks


def with_analysis_risks(assessment: Assessment, catalogue: RiskCatalogue, plan: PlanCatalogue) -> Assessment:
    """The assessment with the precheck's and the scan's risks in its register and its phases."""
    known = known_values(assessment.answers)
    scores = {"need": assessment.scores.need, "readiness": assessment.scores.readiness}
    roles = {role: role_text(plan.roles, role, known, scores) for role in plan.roles}
    added = [*precheck_risks(assessment, catalogue.precheck, roles), *disagreement_risks(assessment, catalogue, roles)]
    if not added:
        return assessment
    register = ranked([*assessment.risks, *added])
    return assessment.model_copy(update={"risks": register, "plan": with_phase_risks(assessment.plan, register)})


def _findings(assessment: Assessment, rules: PrecheckRisks) -> dict[str, list[Finding]]:
    """The precheck's findings at or above the rules' severity, by check, on the recommended data plane (on any
    data plane when the recommendation is no mesh)."""
    if assessment.precheck is None:
        return {}
    recommended = assessment.mesh_options.recommended if assessment.mesh_options else None
    mesh = next((m for m in MESHES if m == recommended), None)
    found: dict[str, list[Finding]] = {}
    for cluster in assessment.precheck.clusters:
        for finding in cluster.findings:
            if severity_rank(finding.severity) >= severity_rank(rules.min_severity) and (
                    mesh is None or mesh in finding.meshes):
                found.setdefault(finding.check, []).append(finding)
    return found


def precheck_risks(assessment: Assessment, rules: PrecheckRisks, roles: Mapping[str, str]) -> Iterator[RiskEntry]:
    """One risk per precheck check with findings that matter, for the verdicts that adopt a mesh."""
    if assessment.recommendation.category not in rules.categories:
        return
    planned = [p.id for p in assessment.plan.phases]
    phase = next((p for p in rules.phase if p in planned), None)
    for check, findings in _findings(assessment, rules).items():
        worst = max(findings, key=lambda f: severity_rank(f.severity))
        affected = sum(f.affected or len(f.objects) for f in findings)
        text = rules.checks.get(check, rules.default)
        words = {"title": worst.title, "affected": plural(affected, "Kubernetes object", "Kubernetes objects"),
                 "remediation": worst.remediation}
        yield RiskEntry(id=f"precheck_{check}", title=fill(text.title, words),
                        likelihood=rules.likelihood[worst.severity], impact=text.impact,
                        mitigation=fill(text.mitigation, words).strip(), owner=roles[rules.owner], phase=phase,
                        source="precheck")


def disagreement_risks(assessment: Assessment, catalogue: RiskCatalogue,
                       roles: Mapping[str, str]) -> Iterator[RiskEntry]:
    """One risk per answer the scan contradicts strongly: the plan and the cost are sized on it."""
    rules = catalogue.disagreement
    for item in assessment.disagreements:
        if item.severity == "major":
            yield RiskEntry(id=f"scan_{item.question}", title=fill(rules.title, {"message": item.message}),
                            likelihood=rules.likelihood, impact=rules.impact, mitigation=rules.mitigation,
                            owner=roles[rules.owner], phase=None, source="scan")
