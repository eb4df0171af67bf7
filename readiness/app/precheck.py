"""The precheck use case (``scan --precheck``): what breaks a mesh rollout in scanned clusters, and its cost."""

from __future__ import annotations

from collections.abc import Sequence

from readiness.app.rules import mesh_rules
from readiness.errors import UsageError
from readiness.mesh.analysis import NO_RATES, analyse_clusters
from readiness.mesh.cost import RequestRates
from readiness.models.mesh import SEVERITIES, Severity, severity_rank
from readiness.models.precheck import PrecheckReport
from readiness.models.scan import ScanResult
from readiness.scan.objects import ClusterObjects

FAIL_ON = ("error", "warning", "info", "never")
"""``--fail-on`` levels: the least severe finding that fails the run (``never``: none does)."""


def check_fail_on(level: str) -> str:
    """``level`` if it is a ``--fail-on`` level, else a usage error."""
    if level not in FAIL_ON:
        raise UsageError(f"--fail-on: expected one of {', '.join(FAIL_ON)}, not {level!r}")
    return level


def precheck(objects: Sequence[ClusterObjects], result: ScanResult,
             rates: RequestRates = NO_RATES) -> tuple[PrecheckReport, list[str]]:
    """The precheck and proxy cost of the scanned clusters (each with the system namespaces it was inventoried
    with), and the warnings (a ``--rps`` service the scan does not have)."""
    namespaces = {c.name: list(c.system_namespaces) for c in result.clusters}
    analysis = analyse_clusters(objects, mesh_rules(), namespaces, rates)
    return PrecheckReport(precheck=analysis.precheck, cost=analysis.cost), analysis.warnings


def failing(report: PrecheckReport, fail_on: str) -> Severity | None:
    """The worst severity found when it is at or above ``fail_on`` (the run then fails), else None."""
    worst = report.precheck.highest_severity()
    if fail_on == "never" or worst is None or severity_rank(worst) < SEVERITIES.index(fail_on):
        return None
    return worst
