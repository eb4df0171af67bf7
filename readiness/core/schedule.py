"""Calendar dates for the plan: when work can start, approval lead times, phase ends and recurring reviews. Pure.

Nothing here reads the clock: every date counts from the reference date passed in (the engagement date, else
the assessment's). A phase is dated by its longest estimate; a recurring review is a milestone, not a span.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

DAY = dt.timedelta(days=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months (the last day of a shorter month where the day does not exist)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def quarter_start(day: dt.date, quarters: int) -> dt.date:
    """The first day of the calendar quarter ``quarters`` after ``day``'s (0: ``day`` itself)."""
    if quarters <= 0:
        return day
    first = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return add_months(first, 3 * quarters)


@dataclass(frozen=True)
class Slot:
    """The dates of one phase."""

    lead_weeks: int
    starts_on: dt.date
    ends_on: dt.date


def next_slot(cursor: dt.date, earliest: dt.date, lead_weeks: int, weeks: int) -> Slot:
    """A phase that can start at ``cursor`` (the day after the previous one ends) but not before ``earliest``,
    after ``lead_weeks`` of approval lead time, lasting ``weeks`` (its last day is ``ends_on``)."""
    start = max(cursor, earliest) + dt.timedelta(weeks=lead_weeks)
    end = start + dt.timedelta(weeks=weeks) - DAY if weeks > 0 else start
    return Slot(lead_weeks, start, end)
