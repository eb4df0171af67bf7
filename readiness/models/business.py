"""The business case: the prices it is computed with (data, settable with ``--pricing``) and the case in money
(results): compute from the proxy estimate, people from the answers and the plan, support where it was asked for.

Every price names its source and date and says whether it is an assumption; every amount is a low, base and high.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from readiness.models.common import Identifier, StrictModel
from readiness.models.mesh import MeshId

# --------------------------------------------------------------------------------------------------
# Prices and planning assumptions (data)
# --------------------------------------------------------------------------------------------------


class PriceSource(StrictModel):
    """Where a price or a planning figure comes from, when it was stated, and whether it is an assumption."""

    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    date: str = Field(default="", description="when the figure was stated or checked, e.g. 2026-06")
    note: str = ""
    assumption: bool = Field(default=True, description="true: a stand-in for the client's own figure")


class LowBaseHigh(StrictModel):
    """A figure as a range with a base case."""

    low: float = Field(ge=0)
    base: float = Field(ge=0)
    high: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> LowBaseHigh:
        if not self.low <= self.base <= self.high:
            raise ValueError("expected low ≤ base ≤ high")
        return self


class ComputePrices(StrictModel):
    """What a vCPU and a GiB of memory cost for a month."""

    vcpu_month: float = Field(gt=0, description="one vCPU for a month, in the pricing's currency")
    gib_month: float = Field(gt=0, description="one GiB of memory for a month, in the pricing's currency")
    source: PriceSource | None = Field(default=None, description="omitted in a --pricing file: 'set in FILE'")


class PeoplePrices(StrictModel):
    """What an engineer costs for a year, loaded (salary, taxes, benefits, overhead)."""

    fte_year: float = Field(gt=0, description="one full-time engineer for a year, loaded")
    source: PriceSource | None = None


class SupportPrices(StrictModel):
    """Commercial support or a licence per cluster and year: a range, to be quoted by a vendor."""

    per_cluster_year: LowBaseHigh
    source: PriceSource | None = None


class Staffing(StrictModel):
    """Planning assumptions that turn the answers and the plan into engineer time (not published figures)."""

    adoption_platform_fte: float = Field(ge=0, description="platform engineers busy with the rollout while it lasts")
    onboarding_weeks_per_team: float = Field(ge=0, description="engineer-weeks each team owning services spends")
    run_fte: float = Field(ge=0, description="engineers operating the mesh once adopted (upgrades, incidents)")
    run_fte_per_extra_cluster: float = Field(ge=0, description="added for each cluster beyond the first")
    experience_factor: dict[str, float] = Field(description="kubernetes_experience → multiplier of platform effort")
    owner_factor: dict[str, float] = Field(description="platform_team → multiplier (nobody yet: hiring, ramp-up)")
    effort_range: tuple[float, float] = Field(description="low and high multipliers of the base effort")
    adoption_weeks: tuple[int, int] = Field(
        description="rollout length assumed when the plan is not an adoption plan (not yet, gateway only)")
    rollout_ramp: float = Field(ge=0, le=1, description="share of the full proxy cost paid on average while the "
                                                         "rollout lasts (proxies are added namespace by namespace)")
    source: PriceSource | None = None


class CaseTexts(StrictModel):
    """The sentences of the business case; placeholders in {braces} are filled from the case."""

    full: str = Field(description="the case now: {plane} {monthly} {first_year} {fte} {people_share}")
    short: str = Field(description="not yet / gateway only: what adoption would cost when the triggers occur")
    no_mesh: str = Field(description="no mesh fits, so nothing is priced")
    support: str = Field(description="appended where commercial support was asked for: {low} {high} {clusters}")
    compute: str = Field(description="the compute item's basis")
    people_adoption: str
    people_run: str
    support_basis: str


class PricingFile(StrictModel):
    """A pricing file (``readiness assess --pricing FILE``): any part given replaces the defaults' part.

    A section given without ``source`` is marked as set in that file. Change ``currency`` only together with every
    price in money (compute, people, support).
    """

    version: str | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$", description="ISO 4217 code, e.g. USD, EUR")
    hours_per_month: float | None = Field(default=None, gt=0, le=744)
    compute: ComputePrices | None = None
    people: PeoplePrices | None = None
    support: SupportPrices | None = None
    staffing: Staffing | None = None
    texts: CaseTexts | None = None


class Pricing(StrictModel):
    """The prices a business case was computed with: the defaults with a pricing file's parts over them."""

    version: str
    currency: str
    hours_per_month: float
    compute: ComputePrices
    people: PeoplePrices
    support: SupportPrices
    staffing: Staffing
    texts: CaseTexts
    origin: str = Field(description="'bundled defaults', or the pricing file whose parts replaced them")


# --------------------------------------------------------------------------------------------------
# The business case (results)
# --------------------------------------------------------------------------------------------------

CaseForm = Literal["full", "short"]


class Money(StrictModel):
    """An amount in the case's currency: low, base and high."""

    low: float
    base: float
    high: float


class CostItem(StrictModel):
    """One part of the case: monthly once adopted, and the first year, with how it was computed."""

    id: Literal["compute", "people_adoption", "people_run", "support"]
    label: str
    monthly: Money | None = Field(description="per month once adopted; None for a one-off")
    first_year: Money
    basis: str = Field(description="how the amount was computed, figures and sources in words")
    assumption: bool = Field(description="rests on a planning assumption or a default price, not a quote")
    to_be_quoted: bool = False


class BusinessCase(StrictModel):
    """What adopting the recommended data plane would cost: compute, people, support; monthly and first year."""

    horizon: Literal["now", "when_you_adopt"] = Field(
        description="when_you_adopt: the cost of adopting when the triggers occur (not yet, gateway only)")
    form: CaseForm = Field(description="short: one paragraph in the report (not yet, gateway only); the data is kept")
    data_plane: MeshId | None = Field(description="the data plane priced; None when no mesh fits")
    currency: str
    items: list[CostItem]
    monthly: Money = Field(description="run rate once adopted: compute, operating people and support")
    first_year: Money = Field(description="first year: rollout (ramping compute, adoption people) and running")
    fte: Money = Field(description="engineers in the first year, adoption and running together")
    sizing: str = Field(description="the counts the case was sized at (the cost estimate's sizing statement)")
    summary: str = Field(description="the case in one paragraph")
    assumptions: list[str]
    pricing: Pricing
    sources: list[Identifier] = Field(default_factory=list, description="proxy figures the compute rests on")
