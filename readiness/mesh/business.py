"""The business case in money: compute from the proxy estimate, people from the answers and the plan, support where
it was asked for; a low, base and high case, monthly once adopted and for the first year. Pure.

The prices and planning assumptions come in as a :class:`~readiness.models.business.Pricing` (the defaults in
``readiness/rules/mesh/pricing.yaml``, parts replaced by ``--pricing FILE``). The data plane priced is the
recommended one, or the best mesh for later when the gateway leads. For 'not yet' and 'gateway only' the case is
what adoption would cost when the triggers occur, in one short paragraph; the figures are kept all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from readiness.errors import Problem
from readiness.mesh.cost import counted
from readiness.models.assessment import Assessment
from readiness.models.business import (
    BusinessCase,
    CaseForm,
    CostItem,
    Money,
    PriceSource,
    Pricing,
    PricingFile,
)
from readiness.models.common import AnswerValue
from readiness.models.cost import CostEstimate, CostLine, DataPlaneCost, Scenario
from readiness.models.mesh import MESH_TITLES, MESHES, MeshId
from readiness.models.options import Horizon, MeshOptions

SHORT_FORM = ("not_yet", "gateway_only")
"""Verdicts whose case is 'when you adopt', in one paragraph."""

Triple = tuple[float, float, float]
WEEKS_PER_YEAR = 52
MIB_PER_GIB = 1024


SECTIONS = ("compute", "people", "support", "staffing")
MONEY_SECTIONS = ("compute", "people", "support")
"""The parts of a pricing in money: a file that changes the currency gives all of them."""


def missing_defaults(defaults: PricingFile, name: str) -> list[Problem]:
    """The bundled pricing must give every part, each with its source."""
    problems = [Problem(name, part, "required in the default pricing") for part in
                ("version", "currency", "hours_per_month", *SECTIONS, "texts") if getattr(defaults, part) is None]
    problems += [Problem(name, f"{part}.source", "every default price states its source") for part in SECTIONS
                 if getattr(defaults, part) is not None and getattr(defaults, part).source is None]
    return problems


def currency_problems(override: PricingFile, name: str, defaults: PricingFile) -> list[Problem]:
    """A file that changes the currency gives every price in money in that currency."""
    if override.currency is None or override.currency == defaults.currency:
        return []
    return [Problem(name, part, f"currency is {override.currency} but the {part} prices would stay the defaults in "
                                f"{defaults.currency}: give {part} too") for part in MONEY_SECTIONS
            if getattr(override, part) is None]


def resolve_pricing(defaults: PricingFile, override: PricingFile | None = None, name: str = "") -> Pricing:
    """The defaults with the parts an override gives over them; a part given without its source is marked as set
    in that file."""
    merged = defaults.model_dump(exclude_none=True)
    if override is not None:
        marked = PriceSource(title=f"set in {name}", assumption=False)
        for part, value in override.model_dump(exclude_none=True).items():
            if part in SECTIONS and "source" not in value:
                value["source"] = marked.model_dump()
            merged[part] = value
    origin = f"{name} over the bundled defaults" if override is not None else "the bundled defaults"
    return Pricing.model_validate({**merged, "origin": origin})


def priced_plane(options: MeshOptions | None) -> MeshId | None:
    """The recommended data plane, else the best mesh for later; None when no mesh fits."""
    if options is None:
        return None
    return next((m for m in MESHES if m == options.recommended), options.best_mesh)


def _triple(values: Sequence[float], base: float | None) -> Triple | None:
    """Lowest, base (the given one, else the middle of the range) and highest of ``values``; None if empty."""
    if not values:
        return None
    low, high = min(values), max(values)
    return low, base if base is not None else (low + high) / 2, high


def _value(amount: object, attribute: str) -> float | None:
    value = getattr(amount, attribute, None)
    return value if isinstance(value, float | int) else None


def proxy_amounts(plane: DataPlaneCost, attribute: str) -> Triple | None:
    """The proxies' CPU cores or memory MiB over the complete scenarios: low, the default requests (what nodes are
    sized for and pod-billed platforms charge) as the base, high."""
    complete: list[Scenario] = [s for s in plane.scenarios if s.complete and _value(s.total, attribute) is not None]
    requests = next((_value(s.total, attribute) for s in complete if s.basis == "request_defaults"), None)
    return _triple([v for s in complete if (v := _value(s.total, attribute)) is not None], requests)


def control_amounts(plane: DataPlaneCost, attribute: str) -> Triple | None:
    """The control planes' CPU cores or memory MiB: the default requests (or the one published figure) as the base."""
    lines: list[CostLine] = [line for line in plane.control_plane if _value(line.total, attribute) is not None]
    requests = next((_value(line.total, attribute) for line in lines if line.basis == "request_defaults"), None)
    return _triple([v for line in lines if (v := _value(line.total, attribute)) is not None], requests)


def _add(*parts: Triple | None) -> Triple:
    known = [p for p in parts if p is not None]
    return (sum(p[0] for p in known), sum(p[1] for p in known), sum(p[2] for p in known))


def _money(values: Triple) -> Money:
    return Money(low=round(values[0], 2), base=round(values[1], 2), high=round(values[2], 2))


def _sum_money(items: Sequence[Money | None]) -> Money:
    known = [m for m in items if m is not None]
    return _money((sum(m.low for m in known), sum(m.base for m in known), sum(m.high for m in known)))


def _map(values: Triple, fn: Callable[[float, int], float]) -> Triple:
    return fn(values[0], 0), fn(values[1], 1), fn(values[2], 2)


@dataclass(frozen=True)
class Context:
    """What the case reads from the assessment, once."""

    plane: MeshId
    cost: CostEstimate
    pricing: Pricing
    weeks: Triple
    clusters: float
    values: dict[str, AnswerValue]

    def fmt(self, amount: float) -> str:
        """An amount with its currency, whole units."""
        return f"{self.pricing.currency} {amount:,.0f}"

    def price(self, amount: float) -> str:
        """A unit price with its currency, to the cent."""
        return f"{self.pricing.currency} {amount:,.2f}"

    def answer(self, qid: str, default: str) -> str:
        """An answer as text (its default when unanswered)."""
        value = self.values.get(qid)
        return default if value is None else str(value)


def rollout_weeks(assessment: Assessment, pricing: Pricing) -> Triple:
    """How long the rollout lasts: the adoption plan's weeks, else the pricing's assumption (not yet, gateway)."""
    if assessment.plan.kind == "adoption" and assessment.plan.total_weeks.max > 0:
        low, high = assessment.plan.total_weeks.min, assessment.plan.total_weeks.max
    else:
        low, high = pricing.staffing.adoption_weeks
    return float(low), (low + high) / 2, float(high)


def compute_item(ctx: Context) -> tuple[CostItem, list[str]]:
    """Proxies and control planes: vCPU × price + GiB × price a month; the first year ramps over the rollout."""
    plane = next(p for p in ctx.cost.data_planes if p.data_plane == ctx.plane)
    cpu = _add(proxy_amounts(plane, "cpu_cores"), control_amounts(plane, "cpu_cores"))
    memory = _add(proxy_amounts(plane, "memory_mib"), control_amounts(plane, "memory_mib"))
    gib = _map(memory, lambda v, _: v / MIB_PER_GIB)
    prices = ctx.pricing.compute
    monthly = _map(cpu, lambda v, i: v * prices.vcpu_month + gib[i] * prices.gib_month)
    weeks = min(ctx.weeks[1], WEEKS_PER_YEAR)
    ramp = ctx.pricing.staffing.rollout_ramp
    months = 12 * (weeks / WEEKS_PER_YEAR * ramp + (1 - weeks / WEEKS_PER_YEAR))
    notes = []
    if proxy_amounts(plane, "cpu_cores") is None or proxy_amounts(plane, "memory_mib") is None:
        notes.append(f"Part of {MESH_TITLES[ctx.plane]}'s proxies is not priced: a count it scales with is unknown "
                     f"({ctx.cost.inputs.nodes.evidence}).")
    if control_amounts(plane, "cpu_cores") is None:
        notes.append(f"{MESH_TITLES[ctx.plane]}'s control plane CPU is not published: it is not priced.")
    basis = ctx.pricing.texts.compute.format(
        cpu="–".join(f"{v:.2f}" for v in (cpu[0], cpu[2])), memory="–".join(f"{v:.2f}" for v in (gib[0], gib[2])),
        vcpu_price=ctx.price(prices.vcpu_month), gib_price=ctx.price(prices.gib_month), plane=MESH_TITLES[ctx.plane],
        bounds="the lowest published figures, the default requests as the base, the highest",
        ramp=ramp, weeks=f"{ctx.weeks[1]:g}")
    item = CostItem(id="compute", label="Compute for proxies and control plane", monthly=_money(monthly),
                    first_year=_money(_map(monthly, lambda v, _: v * months)), basis=basis, assumption=True)
    return item, notes


def _count(value: AnswerValue | None, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def people_items(ctx: Context) -> tuple[CostItem, CostItem, Triple]:
    """Engineers adopting (platform engineers for the rollout, each team's onboarding) and running the mesh, from
    the answers (Kubernetes experience, owner, teams, clusters) and the rollout's weeks; and the first year's FTE."""
    staffing, fte_price = ctx.pricing.staffing, ctx.pricing.people.fte_year
    experience, owner = ctx.answer("kubernetes_experience", "production"), ctx.answer("platform_team", "part_time")
    exp_factor = staffing.experience_factor.get(experience, 1.0)
    factor = exp_factor * staffing.owner_factor.get(owner, 1.0)
    teams = _count(ctx.values.get("team_count"), 1)
    effort = (staffing.effort_range[0], 1.0, staffing.effort_range[1])

    def adoption(weeks: float, i: int) -> float:
        in_year = min(weeks, WEEKS_PER_YEAR) / WEEKS_PER_YEAR
        onboarding = teams * staffing.onboarding_weeks_per_team / WEEKS_PER_YEAR * min(1.0, WEEKS_PER_YEAR / weeks)
        return (staffing.adoption_platform_fte * factor * in_year + onboarding) * effort[i]

    run_fte = (staffing.run_fte + staffing.run_fte_per_extra_cluster * max(ctx.clusters - 1, 0)) * exp_factor
    adopting = _map(ctx.weeks, adoption)
    running = _map(ctx.weeks, lambda _, i: run_fte * effort[i])
    after_rollout = max(WEEKS_PER_YEAR - ctx.weeks[1], 0) / WEEKS_PER_YEAR     # the base rollout for every bound
    running_in_year = _map(running, lambda v, _: v * after_rollout)
    texts = ctx.pricing.texts
    adopt = CostItem(
        id="people_adoption", label="People: adopting the mesh", monthly=None,
        first_year=_money(_map(adopting, lambda v, _: v * fte_price)), assumption=True,
        basis=texts.people_adoption.format(
            platform=f"{staffing.adoption_platform_fte:g}", weeks=f"{ctx.weeks[0]:g}–{ctx.weeks[2]:g}",
            factor=factor, experience=experience, owner=owner, teams=counted(teams, "team"),
            per_team=staffing.onboarding_weeks_per_team, fte_price=ctx.fmt(fte_price)))
    run = CostItem(
        id="people_run", label="People: running the mesh",
        monthly=_money(_map(running, lambda v, _: v * fte_price / 12)),
        first_year=_money(_map(running_in_year, lambda v, _: v * fte_price)), assumption=True,
        basis=texts.people_run.format(run=f"{run_fte:.2f}", clusters=counted(ctx.clusters, "cluster"),
                                      experience_factor=exp_factor, experience=experience,
                                      fte_price=ctx.fmt(fte_price)))
    return adopt, run, _map(adopting, lambda v, i: v + running_in_year[i])


def support_item(ctx: Context) -> CostItem | None:
    """Commercial support or a licence, where it was asked for: a range per cluster and year, to be quoted."""
    if ctx.values.get("vendor_support") is not True:
        return None
    per = ctx.pricing.support.per_cluster_year
    yearly = _map((per.low, per.base, per.high), lambda v, _: v * ctx.clusters)
    return CostItem(id="support", label="Commercial support or licence",
                    monthly=_money(_map(yearly, lambda v, _: v / 12)), first_year=_money(yearly),
                    assumption=True, to_be_quoted=True,
                    basis=ctx.pricing.texts.support_basis.format(low=ctx.fmt(per.low), high=ctx.fmt(per.high),
                                                                 clusters=counted(ctx.clusters, "cluster")))


def _source_line(what: str, source: PriceSource | None) -> str:
    if source is None:
        return f"{what}: no source given."
    when = f", {source.date}" if source.date else ""
    kind = "assumption" if source.assumption else "stated"
    note = f" — {source.note}" if source.note else ""
    return f"{what} ({kind}): {source.title}{when}{note}."


def assumptions(ctx: Context, notes: list[str]) -> list[str]:
    """Where every price and planning figure comes from, and what was not priced."""
    p = ctx.pricing
    return [
        _source_line(f"Compute at {ctx.price(p.compute.vcpu_month)} per vCPU and {ctx.price(p.compute.gib_month)} "
                     f"per GiB a month", p.compute.source),
        _source_line(f"An engineer at {ctx.fmt(p.people.fte_year)} a year, loaded", p.people.source),
        _source_line("Engineer time from the answers and the plan", p.staffing.source),
        _source_line(f"Support at {ctx.fmt(p.support.per_cluster_year.low)}–{ctx.fmt(p.support.per_cluster_year.high)}"
                     f" per cluster and year", p.support.source),
        f"Prices from {p.origin} (pricing version {p.version}).",
        *notes,
    ]


def _share(part: float, whole: float) -> str:
    """A percentage in whole numbers that never rounds a part up to all of it (or down to nothing)."""
    pct = 100 * part / whole if whole else 0.0
    return "over 99" if 99 < pct < 100 else "under 1" if 0 < pct < 1 else f"{pct:.0f}"


def business_case(assessment: Assessment, pricing: Pricing) -> BusinessCase | None:
    """The business case of an assessment with its cost estimate and mesh options (None without them)."""
    cost, options = assessment.cost, assessment.mesh_options
    if cost is None or options is None:
        return None
    category = assessment.recommendation.category
    form: CaseForm = "short" if category in SHORT_FORM else "full"
    horizon: Horizon = "when_you_adopt" if form == "short" else "now"
    sizing = cost.sizing.statement if cost.sizing else ""
    plane = priced_plane(options)
    zero = Money(low=0, base=0, high=0)
    if plane is None:
        return BusinessCase(horizon=horizon, form=form, data_plane=None, currency=pricing.currency, items=[],
                            monthly=zero, first_year=zero, fte=zero, sizing=sizing, summary=pricing.texts.no_mesh,
                            assumptions=[f"Prices from {pricing.origin} (pricing version {pricing.version})."],
                            pricing=pricing)
    ctx = Context(plane=plane, cost=cost, pricing=pricing, weeks=rollout_weeks(assessment, pricing),
                  clusters=cost.inputs.clusters.value or 1, values={a.id: a.value for a in assessment.answers})
    compute, notes = compute_item(ctx)
    adopt, run, fte = people_items(ctx)
    support = support_item(ctx)
    items = [i for i in (compute, adopt, run, support) if i is not None]
    monthly = _sum_money([i.monthly for i in items])
    first_year = _sum_money([i.first_year for i in items])
    people = adopt.first_year.base + run.first_year.base
    values = {"plane": MESH_TITLES[plane], "first_year": ctx.fmt(first_year.base),
              "first_year_range": f"{ctx.fmt(first_year.low)}–{ctx.fmt(first_year.high)}",
              "monthly": ctx.fmt(monthly.base), "monthly_range": f"{ctx.fmt(monthly.low)}–{ctx.fmt(monthly.high)}",
              "fte": f"{fte[1]:.1f}", "sizing": sizing[:1].lower() + sizing[1:],
              "people_share": _share(people, first_year.base)}
    summary = (pricing.texts.short if form == "short" else pricing.texts.full).format(**values)
    if support is not None:
        summary += pricing.texts.support.format(low=ctx.fmt(support.first_year.low),
                                                high=ctx.fmt(support.first_year.high),
                                                clusters=counted(ctx.clusters, "cluster"))
    used = sorted({s.source for p in cost.data_planes if p.data_plane == plane for s in p.scenarios if s.complete}
                  | {src.id for p in cost.data_planes if p.data_plane == plane for line in p.control_plane
                     for src in line.sources})
    return BusinessCase(horizon=horizon, form=form, data_plane=plane, currency=pricing.currency, items=items,
                        monthly=monthly, first_year=first_year, fte=_money(fte), sizing=sizing, summary=summary,
                        assumptions=assumptions(ctx, notes), pricing=pricing, sources=used)
