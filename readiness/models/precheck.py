"""The mesh compatibility precheck: its catalogue of checks (data) and its findings (results)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field, model_validator

from readiness.models.common import Identifier, StrictModel
from readiness.models.cost import CostEstimate
from readiness.models.mesh import MESHES, DocLink, MeshId, Severity, SourceRef, severity_rank

# --------------------------------------------------------------------------------------------------
# Precheck: the catalogue (data)
# --------------------------------------------------------------------------------------------------

class MeshApplicability(StrictModel):
    """Whether a check concerns one data plane, and why (or why not)."""

    applies: bool
    note: str = Field(min_length=1)


class Applicability(StrictModel):
    """Per-mesh applicability of a check."""

    istio_sidecar: MeshApplicability
    istio_ambient: MeshApplicability
    linkerd: MeshApplicability

    def meshes(self) -> list[MeshId]:
        """The data planes the check applies to."""
        return [m for m in MESHES if getattr(self, m).applies]


class CheckDefinition(StrictModel):
    """One precheck as the catalogue describes it: its text, default severity and parameters."""

    id: Identifier
    title: str = Field(min_length=1)
    severity: Severity = Field(description="default severity; a check may raise or lower it per object")
    applicability: Applicability
    why: str = Field(min_length=1, description="why it matters when a workload joins a mesh")
    remediation: str = Field(min_length=1)
    docs: list[DocLink] = Field(min_length=1)
    params: dict[str, Any] = Field(default_factory=dict, description="data the check's logic reads")


ReleaseStatus = Literal["current", "supported", "vendor_stable", "end_of_life", "development"]
"""Where a mesh release stands on the table's ``status_as_of`` date; each table says what its statuses mean."""


class KubernetesSupport(StrictModel):
    """The Kubernetes versions one mesh release supports."""

    release: str = Field(min_length=1)
    status: ReleaseStatus
    released: dt.date | None = None
    kubernetes_min: str = Field(pattern=r"^1\.\d+$")
    kubernetes_max: str | None = Field(default=None, pattern=r"^1\.\d+$")
    source: Identifier = Field(description="id of an entry in the catalogue's sources")


class MeshSupportTable(StrictModel):
    """Kubernetes support per release for one data plane (newest first)."""

    mesh: MeshId
    minimum_release: str | None = Field(default=None, description="oldest release with this data plane GA")
    status_as_of: dt.date = Field(description="the day the releases' statuses were checked against the sources")
    status_meaning: dict[ReleaseStatus, str] = Field(
        description="what each status means for this project (e.g. Linkerd: stable builds come only from vendors)")
    releases: list[KubernetesSupport] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_current(self) -> MeshSupportTable:
        if sum(1 for r in self.releases if r.status == "current") != 1:
            raise ValueError("exactly one release must have status 'current'")
        unexplained = sorted({r.status for r in self.releases} - set(self.status_meaning))
        if unexplained:
            raise ValueError(f"status_meaning does not explain: {', '.join(unexplained)}")
        return self

    def status_text(self, release: KubernetesSupport) -> str:
        """``1.29 (end of life: no longer patched by the Istio project)``."""
        return f"{release.status.replace('_', ' ')}: {self.status_meaning[release.status]}"

    def current(self) -> KubernetesSupport:
        """The release the precheck measures against."""
        return next(r for r in self.releases if r.status == "current")


class CheckCatalogue(StrictModel):
    """The whole precheck catalogue file."""

    version: str = Field(min_length=1)
    system_namespaces: list[str] = Field(
        description="namespaces whose workloads would not join a mesh (control planes, kube-system…)")
    proxy_containers: list[str] = Field(description="container names that are mesh proxies, not applications")
    sources: list[SourceRef] = Field(min_length=1)
    kubernetes_support: list[MeshSupportTable] = Field(min_length=1)
    checks: list[CheckDefinition] = Field(min_length=1)

    def check(self, check_id: str) -> CheckDefinition:
        """A check by id (KeyError if absent)."""
        for definition in self.checks:
            if definition.id == check_id:
                return definition
        raise KeyError(check_id)

    def source(self, source_id: str) -> SourceRef:
        """A source by id (KeyError if absent)."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise KeyError(source_id)


# --------------------------------------------------------------------------------------------------
# Precheck: the results
# --------------------------------------------------------------------------------------------------

class SourceLine(StrictModel):
    """Where an object is defined in the files a snapshot was read from."""

    file: str = Field(min_length=1, description="the manifest file: the --snapshot path given, plus the part "
                                                "below it for a folder")
    line: int = Field(ge=1, description="the line the object's document starts on (1-based)")


class AffectedObject(StrictModel):
    """One object a check found, with what is wrong and which data planes it concerns."""

    kind: str
    namespace: str | None = None
    name: str
    detail: str = Field(description="what the check saw, e.g. 'port 27017 (unnamed): MongoDB is server-first'")
    severity: Severity = Field(description="the highest severity over its data planes")
    meshes: list[MeshId] = Field(description="data planes this object is a problem for")
    mesh_severity: dict[MeshId, Severity] = Field(
        default_factory=dict, description="severity per data plane where it differs from 'severity'")
    source: SourceLine | None = Field(
        default=None, description="the file and line it was read from (snapshot files; absent for live scans, stdin "
                                  "and objects a check infers, such as a Deployment's pods)")

    def severity_for(self, mesh: MeshId) -> Severity | None:
        """How much the object matters for one data plane (None when it does not concern it)."""
        if mesh not in self.meshes:
            return None
        return self.mesh_severity.get(mesh, self.severity)

    @property
    def ref(self) -> str:
        """``Kind/namespace/name`` (``Kind/name`` for cluster-scoped objects)."""
        return f"{self.kind}/{self.namespace}/{self.name}" if self.namespace else f"{self.kind}/{self.name}"


class Finding(StrictModel):
    """A check that found something: once per check, with every affected object."""

    check: Identifier
    title: str
    severity: Severity = Field(description="the highest severity among the objects")
    meshes: list[MeshId] = Field(description="data planes at least one object is a problem for")
    summary: str
    affected: int = Field(default=0, ge=0, description="distinct objects at the check's severity or above for some "
                                                       "data plane (what the summary counts as affected)")
    noted: int = Field(default=0, ge=0, description="distinct objects listed for information only: below the check's "
                                                    "severity for every data plane (e.g. a port a mesh default covers)")
    objects: list[AffectedObject] = Field(min_length=1)
    why: str
    remediation: str
    docs: list[DocLink]


class SkippedCheck(StrictModel):
    """A check that could not run on this input, and why."""

    check: Identifier
    reason: str


class MeshVerdict(StrictModel):
    """How the findings weigh for one data plane."""

    mesh: MeshId
    errors: int = Field(ge=0)
    warnings: int = Field(ge=0)
    infos: int = Field(ge=0)
    status: Literal["blocked", "needs_attention", "ready"]
    blocking_checks: list[Identifier] = Field(default_factory=list)
    not_checked: list[Identifier] = Field(
        default_factory=list, description="checks that apply to this data plane but could not run on this input")
    status_text: str = Field(default="", description="the status in words, with what was not checked, e.g. 'ready "
                                                     "(Kubernetes version not checked: ...)'")


class ClusterPrecheck(StrictModel):
    """The precheck of one cluster (or snapshot)."""

    cluster: str
    source: str
    kubernetes_version: str | None
    findings: list[Finding]
    passed: list[Identifier]
    skipped: list[SkippedCheck]
    by_mesh: list[MeshVerdict]

    def highest_severity(self) -> Severity | None:
        """The worst severity found, or None when nothing was found."""
        if not self.findings:
            return None
        worst: Severity = max((f.severity for f in self.findings), key=severity_rank)
        return worst


class Precheck(StrictModel):
    """The precheck of every scanned cluster."""

    catalogue: str = Field(description="version of the check catalogue")
    checks: list[Identifier] = Field(description="every check that was run, in catalogue order")
    clusters: list[ClusterPrecheck]

    def highest_severity(self) -> Severity | None:
        """The worst severity over all clusters."""
        found = [c.highest_severity() for c in self.clusters]
        known: list[Severity] = [s for s in found if s is not None]
        if not known:
            return None
        worst: Severity = max(known, key=severity_rank)
        return worst


PRECHECK_SCHEMA_VERSION: Literal["1.0"] = "1.0"


class PrecheckReport(StrictModel):
    """What ``readiness scan --precheck --format json`` writes: each cluster's precheck and the proxy cost."""

    schema_version: Literal["1.0"] = PRECHECK_SCHEMA_VERSION
    precheck: Precheck
    cost: CostEstimate
