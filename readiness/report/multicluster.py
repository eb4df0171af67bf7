"""The multicluster section as the report shows it: the approach and its reasons, the trade-off table, and how the
recommended data plane (and each other candidate) realises the approach, with sources and the day they were read.

Shown only when the assessment has a ``multicluster`` recommendation (more than one cluster). The picture's
geometry is :mod:`readiness.report.topology`. Pure: everything comes from the saved Assessment and ``text.yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.models.multicluster import Multicluster, Realisation
from readiness.report.wording import fill, long_date


@dataclass(frozen=True)
class TradeoffRow:
    """One approach in the trade-off table."""

    title: str
    gives: str
    costs: str
    chosen: bool
    why: str


@dataclass(frozen=True)
class RealisationView:
    """How one candidate realises the chosen approach."""

    title: str
    support: str
    """yes, in part or no, in words."""
    support_id: str
    how: str
    limits: str
    steps: list[str]
    source_title: str
    source_url: str
    checked: str
    """``read on 5 December 2026``."""


@dataclass(frozen=True)
class MulticlusterView:
    """The section: the approach, why, the picture's caption, the trade-offs and the realisations."""

    approach: str
    clusters: int
    title: str
    lead: str
    summary: str
    reasons: list[str]
    caption: str
    picture_text: str
    """The picture in words (for Markdown, which carries no picture)."""
    tradeoffs: list[TradeoffRow]
    recommended: RealisationView | None
    """The recommended data plane's realisation (None when the assessment has no mesh options)."""
    others: list[RealisationView]


def _realisation(way: Realisation, text: Mapping[str, Any]) -> RealisationView:
    t = text["multicluster"]
    return RealisationView(way.title, t["support"][way.support], way.support, way.how, way.limits, list(way.steps),
                           way.source.title, way.source.url,
                           fill(t["checked"], date=long_date(way.as_of, text["months"])))


def multicluster_view(a: Assessment, text: Mapping[str, Any]) -> MulticlusterView | None:
    """The section's content, or None with one cluster (no approach)."""
    m: Multicluster | None = a.multicluster
    if m is None or m.approach is None:
        return None
    t = text["multicluster"]
    answered = next((x.value for x in a.answers if x.id == "clusters"), None)
    clusters = answered if isinstance(answered, int) and not isinstance(answered, bool) else 2
    recommended = a.mesh_options.recommended if a.mesh_options is not None else None
    ways = {w.option: _realisation(w, text) for w in m.realisations}
    chosen = ways.get(recommended) if recommended else None
    network = t["networks"][m.network or "unknown"]
    return MulticlusterView(
        approach=m.approach, clusters=clusters, title=m.title,
        lead=fill(t["lead"], approach=m.title, clusters=clusters, network=network), summary=m.summary,
        reasons=list(m.reasons), caption=fill(t["caption"], approach=m.title),
        picture_text=t["pictures"][m.approach],
        tradeoffs=[TradeoffRow(x.title, x.gives, x.costs, x.chosen, x.why) for x in m.tradeoffs],
        recommended=chosen, others=[v for k, v in ways.items() if k != recommended])
