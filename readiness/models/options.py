"""The mesh options: the rules that compare the candidate data planes (data) and the comparison (results)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from readiness.models.common import Category, Identifier, StrictModel
from readiness.models.mesh import MeshId, OptionId, SourceRef, source_by_id

# --------------------------------------------------------------------------------------------------
# Mesh options: rules (data) and the comparison (results)
# --------------------------------------------------------------------------------------------------

Fit = Literal["good", "fair", "poor", "ruled_out"]

FIT_ORDER: tuple[Fit, ...] = ("ruled_out", "poor", "fair", "good")

Support = Literal["yes", "partial", "no"]
"""How far a candidate provides a feature."""


class OptionSpec(StrictModel):
    """A candidate as the rules describe it."""

    id: OptionId
    title: str
    summary: str
    features: dict[Identifier, Support] = Field(
        description="capabilities (mtls, l7_telemetry, l7_resilience, …) this candidate provides")
    feature_notes: dict[Identifier, str] = Field(default_factory=dict)
    facts: dict[Identifier, str] = Field(
        default_factory=dict, description="short statements the reasons quote (multicluster, vms, support…)")
    sources: list[Identifier] = Field(default_factory=list)
    edge: dict[Identifier, Support] = Field(
        default_factory=dict, description="edge need (edge_labels) → how far this candidate provides it at the edge")
    edge_notes: dict[Identifier, str] = Field(default_factory=dict)
    edge_sources: list[Identifier] = Field(default_factory=list)


FitText = tuple[Fit, str]
"""A fit and the sentence that explains it."""

class VerdictFitRule(StrictModel):
    """Fit by the assessment's category, for the gateway and for any mesh."""

    label: str
    by_category: dict[Category, dict[Literal["gateway_only", "mesh"], FitText]]


class LatencyRule(StrictModel):
    """Added latency, compared like with like: data planes are ranked only by figures from one benchmark (same
    source, same percentile), relatively; a data plane no shared benchmark ranks counts as equivalent. A
    comparison across benchmarks never ranks, let alone rules out, a data plane."""

    label: str
    faster: str = Field(description="the data plane a shared benchmark measured as adding less latency")
    slower: FitText = Field(description="the one it measured as adding more (never worse than 'fair')")
    unranked: str = Field(description="a data plane no shared benchmark compares with the others")
    gateway_only: FitText

    @model_validator(mode="after")
    def _never_rules_out(self) -> LatencyRule:
        if self.slower[0] not in ("good", "fair"):
            raise ValueError("a relative benchmark makes a data plane at worst 'fair', never poor or ruled out")
        return self


class HeadroomRule(StrictModel):
    """Resource headroom (answer), capped by the default requests' share of allocatable CPU (scan)."""

    label: str
    by_answer: dict[str, dict[OptionId, FitText]]
    share_limits: dict[Literal["fair", "poor"], float]
    share_text: str


class FeatureRule(StrictModel):
    """A requirement judged by one feature's support level."""

    label: str
    good: str
    fair: str
    poor: str
    fit_by_feature: dict[Support, Fit]


class MulticlusterRule(FeatureRule):
    """Multicluster: the chosen approach against how far each candidate realises it (the support level is the fit);
    without a chosen approach, the needs against the candidate's multicluster feature."""

    approach_good: str = Field(description="{approach} {needs} {clusters} {how} {limits}")
    approach_fair: str
    approach_poor: str
    no_needs: str = Field(description="{needs} when no need across clusters was named")


class VmRule(StrictModel):
    """VMs in the estate."""

    fit_by_feature: dict[Support, Fit]
    text: str


class ServerlessRule(StrictModel):
    """A serverless estate."""

    mesh: FitText
    gateway_only: FitText


class PlatformRule(StrictModel):
    """Where the services run."""

    label: str
    vms: VmRule
    serverless: ServerlessRule


class VendorRule(StrictModel):
    """Commercial support required."""

    label: str
    fits: dict[OptionId, Fit]
    text: str


class ExistingMeshRule(StrictModel):
    """A mesh already in use."""

    label: str
    same: FitText
    other_mesh: FitText
    gateway_only: FitText
    families: dict[str, list[MeshId]]
    names: dict[str, str] = Field(description="display name per existing_mesh value")


class PrecheckRule(StrictModel):
    """The precheck's verdict per data plane."""

    label: str
    blocked: FitText
    needs_attention: FitText
    ready: FitText
    gateway_only: FitText
    not_checked: str = Field(description="appended when a check could not run, e.g. the Kubernetes version; "
                                         "{checks} is filled in")


class EdgeRule(StrictModel):
    """The edge needs answered, against what each candidate provides at the edge."""

    label: str
    fit_by_support: dict[Support, Fit]
    good: str
    fair: str
    poor: str
    gateway_summary: str = Field(description="the gateway's summary, listing the {needs} it must provide")


class DriverRule(StrictModel):
    """Features the top drivers need."""

    label_prefix: str
    top: int = Field(ge=1)
    fit_by_support: dict[Support, Fit]
    good: str
    fair: str
    poor: str


class Rules(StrictModel):
    """Every requirement rule."""

    verdict: VerdictFitRule
    latency_budget: LatencyRule
    resource_headroom: HeadroomRule
    multicluster: MulticlusterRule
    platform: PlatformRule
    vendor_support: VendorRule
    existing_mesh: ExistingMeshRule
    precheck: PrecheckRule
    edge_needs: EdgeRule
    drivers: DriverRule


Horizon = Literal["now", "when_you_adopt"]
"""What the comparison is for: the choice to make now, or the data plane to adopt when the triggers occur."""


class Headlines(StrictModel):
    """The headline per verdict, by the kind of candidate with the top total; ``{best}`` is its title, ``{later}``
    the sentence about the best mesh for later (``later`` or ``no_mesh_later``), ``{edge}`` the edge needs."""

    mesh: dict[Category, str] = Field(description="a mesh has the top total")
    gateway: dict[Category, str] = Field(description="the gateway has the top total")
    later: str = Field(description="{best_mesh}: the mesh with the top total of the meshes, for later")
    no_mesh_later: str = Field(description="every mesh is ruled out by something other than the verdict; {reason}")


class OptionRules(StrictModel):
    """The mesh-options rules file."""

    version: str = Field(min_length=1)
    fit_points: dict[Fit, float]
    weights: dict[Identifier, float] = Field(
        default_factory=dict, description="requirement id (drivers: 'drivers') → weight of its points; default 1")
    preference: list[OptionId] = Field(description="tie-break order, most preferred first")
    preference_reason: str = Field(min_length=1, description="why the tie-break order is what it is, as stated")
    horizons: dict[Category, Horizon] = Field(
        description="per verdict, whether the comparison is for now or for when you adopt")
    feature_labels: dict[Identifier, str]
    edge_labels: dict[Identifier, str] = Field(description="edge_needs answer value → what it is, in words")
    driver_features: dict[Identifier, list[Identifier]] = Field(
        description="signal id → capabilities that driver needs from a mesh")
    sources: list[SourceRef] = Field(default_factory=list)
    options: list[OptionSpec] = Field(min_length=1)
    rules: Rules
    headlines: Headlines
    reason_texts: dict[Literal["why_not", "tie", "best_mesh", "method"], str]

    def option(self, option_id: str) -> OptionSpec:
        """A candidate by id (KeyError if absent)."""
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def source(self, source_id: str) -> SourceRef:
        """A source by id (KeyError if absent)."""
        return source_by_id(self.sources, source_id)


class RequirementFit(StrictModel):
    """How one candidate fits one requirement, and why."""

    requirement: Identifier
    label: str
    fit: Fit
    reason: str
    source: SourceRef | None = None


class MeshOption(StrictModel):
    """One candidate, judged requirement by requirement."""

    id: OptionId
    title: str
    summary: str
    verdict: Literal["recommended", "viable", "not_advised", "ruled_out"]
    score: float
    fits: list[RequirementFit]


class MeshOptions(StrictModel):
    """The comparison of candidate data planes with a recommendation and its reasons.

    One rule picks the recommendation, whatever the verdict: the candidate with the highest total, equal totals
    going to the first in ``tie_break``. The verdict is one of the requirements that score the candidates.
    """

    recommended: OptionId = Field(description="the candidate with the highest total; ties: the first in tie_break")
    horizon: Horizon = Field(default="now", description="now, or when_you_adopt: the comparison is for when the "
                                                         "triggers occur (not yet; prepare first)")
    best_mesh: MeshId | None = Field(
        default=None, description="the mesh with the highest total of the meshes (same rule), for when east–west "
                                  "needs appear; None when every mesh is ruled out by more than the verdict")
    tie_break: list[OptionId] = Field(default_factory=list, description="the stated order for equal totals")
    edge_needs: list[Identifier] = Field(
        default_factory=list, description="the edge capabilities answered (edge_needs): what a gateway must provide; "
                                          "empty when the needs are not only at the edge")
    headline: str
    reasons: list[str] = Field(min_length=1)
    options: list[MeshOption]
    method: str
