"""The multicluster picture's geometry (``templates/charts/topology.svg.j2``): clusters, what they share and how
traffic crosses them, for the chosen approach. Pure arithmetic, no drawing.

At most three clusters are drawn (a note counts the others). Every approach draws the clusters with a control plane
and two workloads each; independent clusters each keep their own root; the others share one root (a bar above,
dashed lines to each cluster). Gateways and split-horizon EDS put a gateway in each cluster, on a network of its
own, and draw the traffic between gateways; a flat network draws one network around every cluster and the traffic
from workload to workload. Split-horizon EDS marks the replicated service in every cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from readiness.report.multicluster import MulticlusterView
from readiness.report.wording import fill

DRAWN = 3
"""The most clusters drawn."""
WIDTH, BOX_W, BOX_H, GAP, LEFT = 600, 150, 104, 45, 30


@dataclass(frozen=True)
class Workload:
    """A workload in a cluster (a circle), marked when it is the replicated service."""

    x: float
    y: float
    label: str
    replicated: bool


@dataclass(frozen=True)
class ClusterBox:
    """One cluster: its box, its network outline (None on a flat network or without traffic), its control plane,
    its workloads and its gateway."""

    x: float
    y: float
    label: str
    network_label: str | None
    control_label: str
    root_label: str | None
    """Its own root (independent clusters only)."""
    workloads: list[Workload]
    gateway_x: float | None
    gateway_y: float


@dataclass(frozen=True)
class Link:
    """A line: ``traffic`` (solid, between gateways or workloads) or ``trust`` (dashed, from the shared root)."""

    kind: str
    path: str


@dataclass(frozen=True)
class Key:
    """A legend entry: its symbol at ``x``, its label at ``text_x``."""

    kind: str
    x: float
    text_x: float
    label: str


def keys(items: list[tuple[str, str]], x: float) -> list[Key]:
    """Legend entries side by side from ``x`` (label widths estimated at 9.5 units a glyph of 0.6 em)."""
    out = []
    for kind, label in items:
        out.append(Key(kind, round(x, 1), round(x + 18, 1), label))
        x += 32 + len(label) * 9.5 * 0.6
    return out


@dataclass(frozen=True)
class Topology:
    """The picture: its size, clusters, the shared root bar, the one network, the links and the legend."""

    width: int
    height: int
    box_w: int
    box_h: int
    clusters: list[ClusterBox]
    shared_label: str | None
    shared_x: float
    shared_w: float
    one_network_label: str | None
    one_network_w: float
    links: list[Link]
    more: str | None
    more_x: float
    more_y: float
    legend: list[Key]
    legend_y: float
    gateway_label: str


def topology(view: MulticlusterView, clusters: int, text: Mapping[str, Any]) -> Topology:
    """The picture of the chosen approach for ``clusters`` clusters."""
    t = text["multicluster"]["picture"]
    approach = view.approach
    drawn = max(2, min(clusters, DRAWN))
    gateways = approach in ("gateways", "split_horizon_eds")
    flat = approach == "flat_network"
    shared = approach != "independent"
    top = 46.0 if shared else 14.0
    boxes, links = [], []
    for i in range(drawn):
        x = LEFT + i * (BOX_W + GAP)
        work_y = top + 66
        workloads = [Workload(x + 40, work_y, t["service"], approach == "split_horizon_eds"),
                     Workload(x + 100, work_y, t["other_service"], False)]
        boxes.append(ClusterBox(
            x, top, fill(t["cluster"], number=i + 1), fill(t["network"], number=i + 1) if gateways else None,
            t["control_plane"], t["own_root"] if approach == "independent" else None, workloads,
            x + BOX_W / 2 if gateways else None, top + BOX_H))
        if shared:
            links.append(Link("trust", f"M{x + BOX_W / 2},{top - 14} L{x + BOX_W / 2},{top}"))
    for left, right in pairwise(boxes):
        if gateways and left.gateway_x is not None and right.gateway_x is not None:
            y = left.gateway_y + 22
            links.append(Link("traffic", f"M{left.gateway_x},{left.gateway_y + 7} L{left.gateway_x},{y} "
                                         f"L{right.gateway_x},{y} L{right.gateway_x},{right.gateway_y + 7}"))
        elif flat:
            a, b = left.workloads[1], right.workloads[0]
            links.append(Link("traffic", f"M{a.x + 9},{a.y} L{b.x - 9},{b.y}"))
    span = drawn * BOX_W + (drawn - 1) * GAP
    legend = [("traffic", t["legend_traffic"])] if gateways or flat else []
    legend += [("trust", t["legend_trust"])] if shared else []
    legend += [("replicated", t["legend_replicated"])] if approach == "split_horizon_eds" else []
    height = top + BOX_H + (44 if gateways else 28) + (18 if legend else 0)
    more = fill(t["more"], count=clusters - drawn) if clusters > drawn else None
    shared_label = t["shared"].get(approach) if shared else None
    return Topology(WIDTH, int(height), BOX_W, BOX_H, boxes, shared_label, LEFT, span,
                    t["one_network"] if flat else None, span + 16, links, more, LEFT + span,
                    round(height - 20, 1), keys(legend, LEFT),
                    round(height - 6, 1), t["gateway"])
