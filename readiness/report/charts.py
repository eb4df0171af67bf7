"""Chart geometry for the SVG templates in ``readiness/templates/charts/``. Pure arithmetic, no drawing.

The templates turn these numbers into ``<svg>`` markup (small, crisp in WeasyPrint and in browsers);
this module decides where every bar, tick and label goes.

One user unit is one CSS pixel (0.75 pt) and every chart is drawn at its natural size (none is wider
than the text column of A4 or letter paper, or than its float), so a font size of ``TEXT`` units prints
at 7.1 pt. Labels that do not fit are wrapped onto more lines, never cut.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.report.content import ReportContent, SignalGroup
from readiness.report.roadmap import Roadmap
from readiness.report.scorecard import Scorecard
from readiness.report.topology import Topology, topology
from readiness.report.wording import month_label

CHAR_WIDTH = 0.6
"""Average glyph width as a share of the font size (DejaVu Sans, the widest of the fonts named), for wrapping."""
TEXT = 9.5
"""The smallest font size in a chart, in user units: 7.1 pt in print."""
LINE = 11.5
"""Line height of wrapped labels, in user units."""


@dataclass(frozen=True)
class Tick:
    """A gridline/tick at ``pos`` with its label."""

    pos: float
    label: str


@dataclass(frozen=True)
class Plane:
    """Need (y) against readiness (x), with the assessment's point."""

    width: int
    height: int
    left: int
    top: int
    plot_w: int
    plot_h: int
    ticks_x: list[Tick]
    ticks_y: list[Tick]
    x: float
    y: float
    label: str
    label_x: float
    label_anchor: str
    label_y: float


@dataclass(frozen=True)
class Bar:
    """One signal's bullet bar: the weight in the background, the contribution on top; its label may take
    several lines (``label_y`` is the first line's baseline)."""

    y: float
    lines: list[str]
    label_y: float
    bar_y: float
    weight_w: float
    value_w: float
    value: str
    kind: str


@dataclass(frozen=True)
class BarGroup:
    """A heading row and its bars."""

    y: float
    title: str
    bars: list[Bar]


@dataclass(frozen=True)
class Bullets:
    """Signal contributions against their weights."""

    width: int
    height: int
    label_w: int
    bar_x: int
    bar_w: int
    groups: list[BarGroup]


@dataclass(frozen=True)
class LegendItem:
    """A key of a chart: its symbol at ``x`` and its label at ``text_x``."""

    kind: str
    x: float
    text_x: float
    label: str


def legend(items: list[tuple[str, str]], x: float, symbol_w: float = 14) -> list[LegendItem]:
    """Keys side by side from ``x``: each symbol, then its label, then a gap (label widths estimated)."""
    out = []
    for kind, text in items:
        out.append(LegendItem(kind, round(x, 1), round(x + symbol_w + 4, 1), text))
        x += symbol_w + 4 + len(text) * TEXT * CHAR_WIDTH + 14
    return out


@dataclass(frozen=True)
class Mark:
    """A decision on the timeline, drawn as a diamond in the middle of its day."""

    x: float
    y: float
    kind: str
    """``approval``, ``go_no_go`` or ``review``."""
    on: str


@dataclass(frozen=True)
class Row:
    """One phase on the timeline: a bar from its first day to the end of its last (by the longest estimate), or
    only a milestone; with the decisions on it and a label beside it."""

    y: float
    lines: list[str]
    label_y: float
    bar_y: float
    bar: bool
    x0: float
    x1: float
    starts_on: str
    ends_on: str
    marks: list[Mark]
    note: str
    note_x: float
    note_anchor: str


@dataclass(frozen=True)
class Timeline:
    """The plan's phases on a calendar axis: every bar and mark at the plan's own dates."""

    width: int
    height: int
    label_w: int
    plot_x: int
    plot_w: int
    top: int
    axis_y: float
    day_w: float
    """User units per day: a date ``d`` starts at ``plot_x + (d - start).days * day_w``."""
    start: str
    end: str
    ticks: list[Tick]
    rows: list[Row]
    legend_y: float
    legend: list[LegendItem]


@dataclass(frozen=True)
class ScoreBar:
    """A dimension's share of one score, with the level adoption needs as a tick across it."""

    y: float
    kind: str
    width: float
    value: str
    needed_x: float | None
    meets: bool | None


@dataclass(frozen=True)
class ScoreRow:
    """A dimension: its name and one or two bars."""

    y: float
    lines: list[str]
    label_y: float
    bars: list[ScoreBar]


@dataclass(frozen=True)
class ScoreChart:
    """The scorecard: each dimension's need and readiness shares (0–100) against what adoption needs."""

    width: int
    height: int
    label_w: int
    plot_x: int
    plot_w: int
    top: int
    axis_y: float
    ticks: list[Tick]
    rows: list[ScoreRow]
    legend_y: float
    legend: list[LegendItem]


@dataclass(frozen=True)
class Charts:
    """Every chart of a report."""

    plane: Plane
    bullets: Bullets
    timeline: Timeline | None
    scorecard: ScoreChart
    topology: Topology | None = None
    """The multicluster picture, with more than one cluster."""


def build_charts(content: ReportContent) -> Charts:
    """The geometry of every chart of a report."""
    road = content.roadmap
    return Charts(plane(content), bullets(content.signal_groups),
                  timeline(road, content.text) if road and road.phases else None,
                  score_chart(content.scorecard, content.text),
                  topology(mc, mc.clusters, content.text) if (mc := content.multicluster) is not None else None)


def plane(content: ReportContent) -> Plane:
    """The need-versus-readiness plane."""
    width, height, left, top, plot_w, plot_h = 316, 262, 48, 14, 254, 202
    ticks = [Tick(v, str(v)) for v in (0, 25, 50, 75, 100)]
    x = left + plot_w * content.readiness.value / 100
    y = top + plot_h * (1 - content.need.value / 100)
    label = content.verdict_title
    right_side = x < left + plot_w * 0.55
    return Plane(width, height, left, top, plot_w, plot_h,
                 [Tick(left + plot_w * t.pos / 100, t.label) for t in ticks],
                 [Tick(top + plot_h * (1 - t.pos / 100), t.label) for t in ticks],
                 round(x, 1), round(y, 1), label, round(x + 10 if right_side else x - 10, 1),
                 "start" if right_side else "end", round(y + 16 if y < top + plot_h / 2 else y - 10, 1))


def bullets(groups: list[SignalGroup]) -> Bullets:
    """A bullet bar per signal: weight (light) with the contribution on it (dark), grouped by kind."""
    width, label_w, bar_w = 600, 230, 300
    bar_x = label_w + 8
    biggest = max((float(r.weight) for g in groups for r in g.rows), default=1.0) or 1.0
    out: list[BarGroup] = []
    y = 4.0
    for group in groups:
        heading_y = y + 12
        y += 19
        bars = []
        for row in group.rows:
            weight = float(row.weight)
            lines = wrap(row.name, label_w, TEXT)
            row_h = max(16.0, LINE * len(lines) + 4.5)
            bars.append(Bar(round(y, 1), lines, round(y + 11, 1), round(y + 3, 1),
                            round(bar_w * weight / biggest, 1), round(bar_w * abs(row.contribution_value) / biggest, 1),
                            row.contribution, group.kind))
            y += row_h
        out.append(BarGroup(round(heading_y, 1), group.title, bars))
        y += 6
    return Bullets(width, int(y + 2), label_w, bar_x, bar_w, out)


def timeline(road: Roadmap, text: Mapping[str, Any]) -> Timeline:
    """The phases on a calendar axis from the first of the month the schedule counts from to the first of the month
    after its last date. A bar spans its phase's days (``starts_on`` to the end of ``ends_on``); each decision is a
    mark in the middle of its day; a milestone phase (a recurring review) is a mark, never a bar."""
    width, label_w, plot_w, top = 600, 150, 400, 6
    plot_x = label_w + 10
    dates = road.calendar
    first = min([dates.reference, *(p.starts_on for p in dates.phases)])
    last = max([*(p.ends_on for p in dates.phases), *(g for p in dates.phases for g, _ in p.gates)])
    start = first.replace(day=1)
    end = _next_month(last)
    day_w = plot_w / max((end - start).days, 1)

    def x(day: dt.date) -> float:
        return plot_x + (day - start).days * day_w

    rows = []
    y = float(top)
    for view, p in zip(road.phases, dates.phases, strict=True):
        lines = wrap(f"{view.number}. {view.name}", label_w, 10)
        row_h = max(24.0, LINE * len(lines) + 9)
        bar_y = y + (row_h - 14) / 2
        x0, x1 = x(p.starts_on), x(p.ends_on + dt.timedelta(days=1))
        marks = [Mark(round(x(on) + day_w / 2, 2), round(bar_y + 7, 1), kind, on.isoformat()) for on, kind in p.gates]
        note = view.duration if not view.milestone else view.dates
        if view.milestone and view.gates and view.gates[0].repeats:
            note = f"{view.dates}, {view.gates[0].repeats}"
        left = min([x0, *(m.x - 6 for m in marks)])
        right = max([x1, *(m.x + 6 for m in marks)])
        needed = len(note) * TEXT * CHAR_WIDTH + 4
        if right + needed <= plot_x + plot_w:
            note_x, anchor = right + 4, "start"
        else:
            note_x, anchor = max(plot_x + needed, left - 4), "end"
        rows.append(Row(round(y, 1), lines, round(y + (row_h - LINE * len(lines)) / 2 + 9, 1), round(bar_y, 1),
                        not view.milestone, round(x0, 2), round(x1, 2), p.starts_on.isoformat(),
                        p.ends_on.isoformat(), marks, note, round(note_x, 1), anchor))
        y += row_h
    axis_y = y + 2
    months = text["months"]
    ticks = [Tick(round(x(day), 2), month_label(day, months)) for day in _month_ticks(start, end)]
    t = text["plan"]
    kinds = [("phase", t["legend_phase"])] if any(r.bar for r in rows) else []
    kinds += [(k, t[f"legend_{k}"]) for k in ("approval", "go_no_go", "review")
              if any(m.kind == k for r in rows for m in r.marks)]
    return Timeline(width, int(axis_y + 44), label_w, plot_x, plot_w, top, round(axis_y, 1), day_w,
                    start.isoformat(), end.isoformat(), ticks, rows, round(axis_y + 32, 1), legend(kinds, plot_x))


def _next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s."""
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _month_ticks(start: dt.date, end: dt.date, most: int = 8) -> list[dt.date]:
    """First days of months from ``start`` to ``end``, every 1, 2, 3, 6 or 12 months: at most ``most`` of them."""
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next((s for s in (1, 2, 3, 6, 12) if months / s <= most), 12 * (months // (12 * most) + 1))
    ticks, day = [], start
    while day <= end:
        ticks.append(day)
        for _ in range(step):
            day = _next_month(day)
    return ticks


def score_chart(card: Scorecard, text: Mapping[str, Any]) -> ScoreChart:
    """A bar per dimension and score (0–100), with a tick at the level adoption needs."""
    width, label_w, plot_w, top = 600, 170, 360, 4
    plot_x = label_w + 10
    rows = []
    y = float(top)
    for d in card.dimensions:
        if not d.shares:
            continue
        lines = wrap(d.title, label_w, 10)
        bars_h = 13.0 * len(d.shares)
        row_h = max(bars_h + 8, LINE * len(lines) + 8)
        bars = []
        bar_y = y + (row_h - bars_h) / 2
        for share in d.shares:
            needed = None if share.needed is None else round(plot_x + plot_w * share.needed / 100, 1)
            bars.append(ScoreBar(round(bar_y, 1), share.kind, round(max(plot_w * share.value / 100, 1.0), 1),
                                 share.shown, needed, share.meets))
            bar_y += 13
        rows.append(ScoreRow(round(y, 1), lines, round(y + (row_h - LINE * len(lines)) / 2 + 9, 1), bars))
        y += row_h
    axis_y = y + 2
    ticks = [Tick(round(plot_x + plot_w * v / 100, 1), str(v)) for v in (0, 25, 50, 75, 100)]
    t = text["scorecard"]
    kinds = [(k, t[f"legend_{k}"]) for k in ("need", "readiness") if any(b.kind == k for r in rows for b in r.bars)]
    if any(b.needed_x is not None for r in rows for b in r.bars):
        kinds.append(("needed", t["legend_needed"]))
    return ScoreChart(width, int(axis_y + 40), label_w, plot_x, plot_w, top, round(axis_y, 1), ticks, rows,
                      round(axis_y + 28, 1), legend(kinds, plot_x, symbol_w=10))


def wrap(text: str, width: float, font_size: float) -> list[str]:
    """``text`` in lines that fit ``width`` user units at ``font_size`` (a word longer than a line is split)."""
    limit = max(1, int(width / (font_size * CHAR_WIDTH)))
    return textwrap.wrap(text, limit, break_on_hyphens=False) or [""]
