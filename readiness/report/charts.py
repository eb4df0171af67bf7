"""Chart geometry for the SVG templates in ``readiness/templates/charts/``. Pure arithmetic, no drawing.

The templates turn these numbers into ``<svg>`` markup (small, crisp in WeasyPrint and in browsers);
this module decides where every bar, tick and label goes.

One user unit is one CSS pixel (0.75 pt) and every chart is drawn at its natural size (none is wider
than the text column of A4 or letter paper, or than its float), so a font size of ``TEXT`` units prints
at 7.1 pt. Labels that do not fit are wrapped onto more lines, never cut.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from readiness.report.content import PhaseView, ReportContent, SignalGroup

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
class Span:
    """One phase on the timeline: shortest estimate (dark) and the range to the longest (light)."""

    y: float
    lines: list[str]
    label_y: float
    bar_y: float
    short_x: float
    short_w: float
    range_x: float
    range_w: float
    weeks: str


@dataclass(frozen=True)
class Timeline:
    """The plan's phases on a week axis."""

    width: int
    height: int
    label_w: int
    plot_x: int
    plot_w: int
    top: int
    axis_y: float
    ticks: list[Tick]
    spans: list[Span]


@dataclass(frozen=True)
class Charts:
    """Every chart of a report."""

    plane: Plane
    bullets: Bullets
    timeline: Timeline | None


def build_charts(content: ReportContent) -> Charts:
    """The geometry of every chart of a report."""
    return Charts(plane(content), bullets(content.signal_groups),
                  timeline(content.phases, content.total_max_weeks) if content.phases else None)


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


def timeline(phases: list[PhaseView], total_max: int) -> Timeline:
    """The plan's phases on a week axis, one after another."""
    width, label_w, plot_w, top = 600, 160, 380, 6
    plot_x = label_w + 10
    span_weeks = max(total_max, 1)
    scale = plot_w / span_weeks
    spans = []
    y = float(top)
    for p in phases:
        lines = wrap(f"{p.number}. {p.name}", label_w, 10)
        row_h = max(24.0, LINE * len(lines) + 9)
        bar_y = y + (row_h - 14) / 2
        spans.append(Span(
            round(y, 1), lines, round(y + (row_h - LINE * len(lines)) / 2 + 9, 1), round(bar_y, 1),
            round(plot_x + p.start_min * scale, 1), round(max(p.min_weeks * scale, 1.5), 1),
            round(plot_x + p.start_min * scale, 1),
            round(max((p.start_max + p.max_weeks - p.start_min) * scale, 1.5), 1), p.weeks))
        y += row_h
    axis_y = y + 2
    step = tick_step(span_weeks)
    ticks = [Tick(round(plot_x + w * scale, 1), str(w)) for w in range(0, span_weeks + 1, step)]
    return Timeline(width, int(axis_y + 30), label_w, plot_x, plot_w, top, axis_y, ticks, spans)


def tick_step(span: int, most: int = 12) -> int:
    """A round tick step giving at most ``most`` ticks over ``span``."""
    for step in (1, 2, 4, 5, 10, 20, 25, 50, 100, 200, 500):
        if span / step <= most:
            return step
    return max(1, span // most)


def wrap(text: str, width: float, font_size: float) -> list[str]:
    """``text`` in lines that fit ``width`` user units at ``font_size`` (a word longer than a line is split)."""
    limit = max(1, int(width / (font_size * CHAR_WIDTH)))
    return textwrap.wrap(text, limit, break_on_hyphens=False) or [""]
