"""The business case as the report shows it: money per item, the totals, people, and the latency stated once.

For ``not_yet`` and ``gateway_only`` (the case's ``short`` form) only its paragraph is shown: what adoption would
cost when the triggers occur, not pages of sizing. Amounts are the Assessment's; this module only formats them
(whole currency units in tables, rounded to three significant figures where a sentence says "about"). Pure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.models.business import BusinessCase, Money
from readiness.report.wording import fill, fill_first


def money(value: float, currency: str) -> str:
    """``USD 320,730``."""
    return f"{currency} {value:,.0f}"


def about(value: float, currency: str) -> str:
    """``USD 321,000``: three significant figures, for a sentence that says "about"."""
    if value <= 0:
        return f"{currency} 0"
    digits = max(0, math.floor(math.log10(value)) - 2)
    step = 10 ** digits
    return f"{currency} {round(value / step) * step:,.0f}"


def about_range(amount: Money, currency: str) -> str:
    """``USD 172,000–503,000``."""
    return f"{about(amount.low, currency)}–{about(amount.high, currency).split(' ', 1)[1]}"


def engineers(fte: float, text: Mapping[str, Any]) -> str:
    """``1.3 engineers``, ``1 engineer`` (full-time equivalent, one decimal)."""
    shown = f"{fte:.1f}".removesuffix(".0")
    return fill(text["business_case"]["fte_one" if shown == "1" else "fte_many"], fte=shown)


@dataclass(frozen=True)
class Amount:
    """An amount as shown: the base case, and the range from low to high (empty when they are the same)."""

    base: str
    range: str


@dataclass(frozen=True)
class ItemRow:
    """One part of the case."""

    label: str
    monthly: Amount
    first_year: Amount
    basis: str
    quoted: bool


@dataclass(frozen=True)
class BusinessView:
    """The case: its paragraph, and for the full form the table, totals, people and latency."""

    full: bool
    summary: str
    rows: list[ItemRow]
    total_monthly: Amount
    total_first_year: Amount
    people: str
    sizing: str
    latency: str
    investment: list[str]
    """The executive summary's lines: money range, people, support to be quoted."""


def _amount(m: Money | None, currency: str, none: str) -> Amount:
    if m is None:
        return Amount(none, "")
    if round(m.low) == round(m.high):
        return Amount(money(m.base, currency), "")
    return Amount(money(m.base, currency), f"{m.low:,.0f}–{m.high:,.0f}")


def business_view(a: Assessment, text: Mapping[str, Any], plane: str | None) -> BusinessView | None:
    """The business case of the assessment, or None when it has none; ``plane`` is the priced data plane's title."""
    case = a.business_case
    if case is None:
        return None
    t = text["business_case"]
    cur = case.currency
    rows = [ItemRow(i.label, _amount(i.monthly, cur, t["one_off"]), _amount(i.first_year, cur, "—"), i.basis,
                    i.to_be_quoted) for i in case.items]
    latency = a.cost.latency_statement if a.cost is not None else ""
    return BusinessView(case.form == "full", case.summary, rows, _amount(case.monthly, cur, "—"),
                        _amount(case.first_year, cur, "—"), _people(case, text), case.sizing, latency,
                        investment(a, case, text, plane))


def _people(case: BusinessCase, text: Mapping[str, Any], key: str = "people") -> str:
    people = sum(i.first_year.base for i in case.items if i.id.startswith("people"))
    share = people / case.first_year.base * 100 if case.first_year.base else 0
    return fill(text["business_case"][key], fte=engineers(case.fte.base, text), share=f"{share:.0f} %")


def investment(a: Assessment, case: BusinessCase, text: Mapping[str, Any], plane: str | None) -> list[str]:
    """What the executive summary says of the money: the first year and the run rate, people, support to quote.
    Wordings name only what the case holds (no data plane: nothing is priced)."""
    t = text["business_case"]["investment"]
    cur = case.currency
    if case.data_plane is None or case.first_year.base <= 0:
        return [t["none"]]
    values = {"plane": plane, "first_year": about(case.first_year.base, cur),
              "first_year_range": about_range(case.first_year, cur), "monthly": about(case.monthly.base, cur),
              "monthly_range": about_range(case.monthly, cur), "fte": engineers(case.fte.base, text)}
    key = "now" if case.horizon == "now" else a.recommendation.category if a.recommendation.category in t else "later"
    lines = [fill_first(t[key], **values)]
    if case.horizon == "now":
        lines.append(_people(case, text, "people_short"))
    support = next((i for i in case.items if i.to_be_quoted), None)
    if support is not None and case.horizon == "now":
        lines.append(fill(t["support"], range=about_range(support.first_year, cur)))
    return [line for line in lines if line]
