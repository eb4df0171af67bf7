"""Multicluster: the rules that choose how to connect clusters (data) and the recommendation (results).

The five approaches follow "To Multicluster, or Not to Multicluster": keep the clusters independent, manage them in
common, route between them through gateways, join them on one flat network, or give every cluster one view of a
replicated service's endpoints (split-horizon EDS). The rules say what each gives and costs, why it is or is not
chosen, and how each candidate data plane realises it, with a source and the date it was checked.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from readiness.models.common import Identifier, StrictModel
from readiness.models.mesh import OptionId, SourceRef, source_by_id
from readiness.models.options import Support

Approach = Literal["independent", "common_management", "gateways", "flat_network", "split_horizon_eds"]

APPROACHES: tuple[Approach, ...] = ("independent", "common_management", "gateways", "flat_network",
                                    "split_horizon_eds")

Stage = Literal["trust", "discovery", "failover"]
"""The order the extend phase connects clusters in: one trust domain first, then discovery, then failover."""

STAGES: tuple[Stage, ...] = ("trust", "discovery", "failover")


# --------------------------------------------------------------------------------------------------
# The rules (data: readiness/rules/mesh/multicluster.yaml)
# --------------------------------------------------------------------------------------------------

class StepSpec(StrictModel):
    """One step of the extend phase for an approach, in neutral words."""

    stage: Stage
    text: str = Field(min_length=1)
    needs: list[Identifier] = Field(
        default_factory=list, description="multicluster_needs values of which one must be answered (empty: always); "
                                          "'replicated' stands for replicated services")


class ApproachSpec(StrictModel):
    """An approach as the rules describe it."""

    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    gives: str = Field(min_length=1, description="what it gives, in a sentence")
    costs: str = Field(min_length=1, description="what it costs or requires, in a sentence")
    chosen: str = Field(min_length=1, description="why it is chosen; {placeholders} from the answers")
    why_not: dict[Identifier, str] = Field(
        description="cause → why it is not chosen (causes: traffic, no_traffic, management, no_management, flat, "
                    "separate, unknown, replicated, not_replicated)")
    steps: list[StepSpec] = Field(min_length=1, description="the extend phase's steps, trust first")
    exit: str = Field(min_length=1, description="the extend phase's exit criterion for this approach")


class RealisationSpec(StrictModel):
    """How one candidate realises one approach."""

    support: Support
    how: str = Field(min_length=1, description="what it installs and how traffic flows, in a sentence or two")
    limits: str = Field(default="", description="what it cannot do, or needs, for this approach")
    steps: dict[Stage, str] = Field(default_factory=dict,
                                    description="stage → the step in this candidate's words (absent: the neutral step)")
    exit: str = Field(default="", description="the exit criterion in this candidate's words, where it can meet only "
                                              "part of the approach's (empty: the approach's)")
    source: Identifier
    as_of: dt.date = Field(description="the day the source was read for this realisation")


class MulticlusterRules(StrictModel):
    """The multicluster rules file."""

    version: str = Field(min_length=1)
    traffic_needs: list[Identifier] = Field(
        min_length=1, description="multicluster_needs values that mean traffic between clusters")
    management_needs: list[Identifier] = Field(
        min_length=1, description="multicluster_needs values common management provides without traffic")
    titles: dict[OptionId, str] = Field(description="each candidate's name as the report shows it")
    reasons: dict[Identifier, str] = Field(description="reason id → sentence; {placeholders} from the answers")
    approaches: dict[Approach, ApproachSpec]
    realisations: dict[OptionId, dict[Approach, RealisationSpec]]
    sources: list[SourceRef] = Field(min_length=1)

    def source(self, source_id: str) -> SourceRef:
        """A source by id (KeyError if absent)."""
        return source_by_id(self.sources, source_id)


# --------------------------------------------------------------------------------------------------
# The recommendation (results, in the Assessment)
# --------------------------------------------------------------------------------------------------

class Tradeoff(StrictModel):
    """One approach weighed: what it gives, what it costs, and why it was or was not chosen."""

    approach: Approach
    title: str
    gives: str
    costs: str
    chosen: bool
    why: str = Field(description="why it was chosen, or why not")


class Realisation(StrictModel):
    """How one candidate data plane realises the chosen approach, with its source and the day it was checked."""

    option: OptionId
    title: str
    support: Support = Field(description="yes, partial or no: how far this candidate realises the approach")
    how: str
    limits: str = ""
    steps: list[str] = Field(description="the extend phase's steps in this candidate's words, in the order of "
                                         "Multicluster.steps")
    exit_criterion: str = Field(description="the extend phase's exit criterion as this candidate can meet it")
    source: SourceRef
    as_of: dt.date


class Multicluster(StrictModel):
    """How to connect several clusters: the approach, why, the trade-offs, and how each candidate realises it.
    With one cluster ``approach`` is null and only the reason says so."""

    approach: Approach | None = Field(description="the approach chosen; null with one cluster (nothing to connect)")
    title: str = ""
    summary: str = ""
    network: Literal["flat", "separate", "unknown"] | None = Field(
        default=None, description="the network between clusters, as answered or assumed (null with one cluster)")
    reasons: list[str] = Field(min_length=1, description="why this approach, from the answers")
    tradeoffs: list[Tradeoff] = Field(default_factory=list, max_length=5,
                                      description="every approach, in the rules' order (empty with one cluster)")
    steps: list[str] = Field(default_factory=list, description="the extend phase's steps for this approach in "
                                                               "neutral words: one trust domain first, then "
                                                               "discovery, then failover")
    stages: list[Stage] = Field(default_factory=list, description="the stage of each step")
    exit_criterion: str = Field(default="", description="what must hold when the clusters are connected this way")
    realisations: list[Realisation] = Field(default_factory=list,
                                            description="per candidate data plane (and the gateway-only answer)")
    rules_version: str

    @model_validator(mode="after")
    def _complete(self) -> Multicluster:
        """An approach comes with every approach weighed and how it is realised; no approach, with none."""
        if self.approach is not None and (len(self.tradeoffs) != len(APPROACHES) or not self.realisations):
            raise ValueError(f"an approach needs its {len(APPROACHES)} trade-offs and its realisations")
        if self.approach is None and (self.tradeoffs or self.realisations or self.steps):
            raise ValueError("without an approach there are no trade-offs, realisations or steps")
        return self

    @property
    def connects(self) -> bool:
        """Whether there are clusters to connect (an approach was chosen)."""
        return self.approach is not None
