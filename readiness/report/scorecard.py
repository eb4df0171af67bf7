"""The scorecard: each dimension (a section of the questionnaire) as it stands today against what adoption needs.

A dimension's signals are those most of whose questions it holds. For each dimension two shares are shown, on the
scale of the scores they feed:

- **need**: the points its need signals earn, plus the points its dampeners leave standing (a dampener that does not
  apply takes nothing away), out of the weight of both — 100 means everything in it argues for a mesh;
- **readiness**: the points its readiness signals earn out of their weight.

What adoption needs is the level the adopt-now verdict rule asks of the whole score (need 55, readiness 60 in the
bundled questionnaire), read from the Assessment's verdict rules: a dimension below it pulls the score down, one at
or above it carries it. The Assessment's numbers are only added up here, never re-scored. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models import Assessment
from readiness.report.evidence import section_of
from readiness.report.wording import fill

_ADOPT = re.compile(r"^adopt_now when (?P<rule>.*?)(?: — |$)")
_LEVEL = re.compile(r"(?P<score>need|readiness) score ≥ (?P<level>\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class Share:
    """A dimension's share of one score: what it earns, out of 100, and the level adoption needs."""

    kind: str
    """``need`` or ``readiness``."""
    value: float
    shown: str
    needed: float | None
    meets: bool | None
    unknown: bool
    """Some of its questions are not known: the share counts them as taking no side."""


@dataclass(frozen=True)
class Dimension:
    """One section of the questionnaire on the scorecard."""

    id: str
    title: str
    shares: list[Share]
    status: str
    status_id: str
    """``meets``, ``below`` or ``none`` (the dimension only shapes the plan), for styling."""


@dataclass(frozen=True)
class Scorecard:
    """Every dimension, in questionnaire order, and the levels adoption needs."""

    dimensions: list[Dimension]
    need_level: float | None
    readiness_level: float | None
    caption: str


def adoption_levels(a: Assessment) -> dict[str, float]:
    """The levels the adopt-now rule asks of the need and readiness scores (``{"need": 55, "readiness": 60}``), read
    from the Assessment's verdict rules; empty when no rule states them."""
    for rule in a.method.verdict_rules:
        found = _ADOPT.match(rule)
        if found:
            return {m["score"]: float(m["level"]) for m in _LEVEL.finditer(found["rule"])}
    return {}


def scorecard(a: Assessment, text: Mapping[str, Any]) -> Scorecard:
    """Each dimension's need and readiness shares against the levels adoption needs."""
    t = text["scorecard"]
    answers = {x.id: x for x in a.answers}
    levels = adoption_levels(a)
    sections = list(dict.fromkeys(x.section for x in a.answers))
    titles = text["answer_sections"]
    dimensions = []
    for sid in sections:
        signals = [s for s in a.signals if section_of(s, answers) == sid]
        shares = []
        need = [s for s in signals if s.kind in ("need", "dampener")]
        if need:
            weight = sum(s.weight for s in need)
            earned = sum(s.contribution if s.kind == "need" else s.weight + s.contribution for s in need)
            shares.append(_share("need", earned, weight, levels.get("need"), any(s.unknown_inputs for s in need)))
        ready = [s for s in signals if s.kind == "readiness"]
        if ready:
            weight = sum(s.weight for s in ready)
            shares.append(_share("readiness", sum(s.contribution for s in ready), weight, levels.get("readiness"),
                                 any(s.unknown_inputs for s in ready)))
        judged = [s.meets for s in shares if s.meets is not None]
        status = "none" if not judged else "meets" if all(judged) else "below"
        dimensions.append(Dimension(sid, titles.get(sid, sid.replace("_", " ").capitalize()), shares,
                                    t["status"][status], status))
    caption = t["caption"] if levels else t["caption_no_levels"]
    return Scorecard(dimensions, levels.get("need"), levels.get("readiness"),
                     fill(caption, need=f"{levels.get('need', 0):g}", readiness=f"{levels.get('readiness', 0):g}"))


def _share(kind: str, earned: float, weight: float, needed: float | None, unknown: bool) -> Share:
    value = max(0.0, min(100.0, earned / weight * 100)) if weight else 0.0
    return Share(kind, round(value, 1), f"{value:.0f}", needed, None if needed is None else value >= needed - 1e-9,
                 unknown)
