"""The Assessment: everything a report needs, in one JSON document."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from readiness.models.answers import Engagement, ResolvedAnswer
from readiness.models.business import BusinessCase
from readiness.models.common import AnswerSource, AnswerValue, Category, Identifier, StrictModel
from readiness.models.cost import CostEstimate
from readiness.models.multicluster import Multicluster
from readiness.models.options import MeshOptions
from readiness.models.plan import Plan
from readiness.models.precheck import Precheck
from readiness.models.questionnaire import Side, SignalKind
from readiness.models.respondents import Conflict, RespondentEntry
from readiness.models.risks import RiskEntry
from readiness.models.scan import Disagreement, ScanResult

ASSESSMENT_SCHEMA_VERSION: Literal["1.0"] = "1.0"
MAX_ASSESSMENT_BYTES = 256 * 1024 * 1024
"""The largest Assessment ``readiness report`` reads, and so the largest that ``assess`` writes: one limit for
both, so whatever one writes the other reads. An assessment grows with the scanned workloads: 0.35–0.6 MB per
1,000 pods of a cluster with 5–10 pods per workload, 2.2 MB per 1,000 one-pod workloads; so this is 450,000 pods
or more, or 115,000 one-pod workloads. ``report`` of a 217 MB assessment took 23 s at 1.4 GB of memory on two
cores (the report itself is bounded, :mod:`readiness.report.bounds`)."""


class Signal(StrictModel):
    """One scored signal, shown in full so the verdict can be checked by hand."""

    id: Identifier
    name: str
    kind: SignalKind
    value: str = Field(description="the inputs as people read them")
    inputs: list[Identifier] = Field(description="the questions the signal reads")
    source: AnswerSource = Field(description="weakest source among the inputs: default < detected < answered")
    weight: float
    strength: float = Field(ge=0, le=1)
    contribution: float = Field(description="weight × strength; negative for dampeners")
    side: Side = Field(description="raise or dampen the need, ready or gap for readiness; none when it counts 0")
    explanation: str = Field(min_length=1, description="the sentence of that side for these answers")
    unknown_inputs: list[Identifier] = Field(
        default_factory=list, description="inputs neither answered nor detected, left out: they take no side")
    assumed_inputs: list[Identifier] = Field(
        default_factory=list, description="inputs neither answered nor detected whose default is assumed")


class Scores(StrictModel):
    """Need and readiness on 0–100, and how much of the input was answered rather than defaulted."""

    need: float = Field(ge=0, le=100)
    readiness: float = Field(ge=0, le=100)
    confidence: float = Field(ge=0, le=100)
    confidence_label: Literal["low", "medium", "high"]
    need_raised: float = Field(description="sum of the need signals' contributions")
    need_dampened: float = Field(description="sum of the dampeners' contributions (as a positive number)")


class Reason(StrictModel):
    """A driver, dampener or readiness gap behind the verdict."""

    signal: Identifier
    text: str
    contribution: float


class AnswerChange(StrictModel):
    """One answer changed from its current value."""

    question: Identifier
    topic: str = Field(description="what the question is about, in a few words")
    from_value: str
    to_value: str


class Trigger(StrictModel):
    """One or two answers that, changed together, move the verdict to another category (verified by re-scoring).

    ``set`` applied to the answers file and assessed again gives ``new_category``.
    """

    set: dict[Identifier, AnswerValue] = Field(min_length=1, max_length=2,
                                               description="question id → value, as an answers file writes it")
    new_category: Category
    direction: Literal["up", "down", "across"] = Field(
        description="up: towards adopting a mesh; down: away from it; across: between not yet and a gateway")
    change: str = Field(description="what would have to be true, in words")
    changes: list[AnswerChange] = Field(min_length=1, max_length=2)


class Recommendation(StrictModel):
    """The verdict, in a sentence, with its reasons."""

    category: Category
    title: str
    headline: str
    rule: str = Field(description="the verdict rule that matched")
    drivers: list[Reason]
    dampeners: list[Reason]
    readiness_gaps: list[Reason]
    triggers: list[Trigger]
    triggers_note: str = Field(default="", description="what the search for triggers covered, and what it found "
                                                         "where it found none in a direction")


class Method(StrictModel):
    """How the scores were computed: enough to recompute them by hand."""

    description: str
    need_formula: str
    readiness_formula: str
    confidence_formula: str
    verdict_rules: list[str]


class ToolInfo(StrictModel):
    """Which tool wrote the assessment."""

    name: Literal["readiness"] = "readiness"
    version: str


class Assessment(StrictModel):
    """One assessment; reports are a pure function of it."""

    schema_version: Literal["1.0"] = "1.0"
    tool: ToolInfo
    generated_at: dt.datetime
    questionnaire: str = Field(description="id@version")
    engagement: Engagement | None = None
    notes: dict[str, str] = Field(default_factory=dict)
    answers: list[ResolvedAnswer]
    signals: list[Signal]
    scores: Scores
    recommendation: Recommendation
    plan: Plan
    multicluster: Multicluster | None = Field(
        default=None, description="how to connect several clusters: the approach (independent, common management, "
                                  "gateways, flat network or split-horizon EDS), its reasons, the trade-offs and how "
                                  "each candidate data plane realises it; null with one cluster")
    risks: list[RiskEntry] = Field(description="the risk register: from the answers, the precheck and the scan, "
                                               "most severe first; each phase's risks are its entries")
    method: Method
    warnings: list[str] = Field(default_factory=list, description="inputs that were ignored or doubtful")
    scan: ScanResult | None = Field(default=None, description="the cluster scan the detected answers came from")
    disagreements: list[Disagreement] = Field(
        default_factory=list, description="answers the scan contradicts (the answer is kept)")
    respondents: list[RespondentEntry] = Field(
        default_factory=list, description="the answers files merged, in the order given, and who gave each")
    conflicts: list[Conflict] = Field(
        default_factory=list, description="questions the respondents answered differently: each answer, the one "
                                          "used and the rule that chose it")
    precheck: Precheck | None = Field(
        default=None, description="mesh compatibility precheck of the scanned clusters (present with a scan)")
    cost: CostEstimate | None = Field(
        default=None, description="proxy CPU, memory and latency per data plane, every figure with its source")
    mesh_options: MeshOptions | None = Field(
        default=None, description="candidate data planes compared against the requirements, with a recommendation")
    business_case: BusinessCase | None = Field(
        default=None, description="what adopting the recommended data plane would cost in money: compute, people, "
                                  "support; low, base and high, monthly and for the first year")
