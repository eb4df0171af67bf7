"""How much of a long list the client document shows: the first few, then one line saying how many more.

A report is read by people: a cluster of 100 000 pods must not become a PDF of thousands of pages. Every list
whose length follows the size of the scanned estate (clusters, services, a service's workloads, affected
objects, namespaces, warnings, source checkouts, evidence) is cut here, and the cut is followed by a line such
as "… and 1,234 more; the complete list is in the assessment JSON". The Assessment keeps every item
(``readiness report --format json`` writes it whole). Lists whose length is fixed by the questionnaire or the
catalogues (signals, phases, checks, data planes) are not cut.

With these bounds a report stays within about 60 pages, however large the scan. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from readiness.report.wording import fill

MAX_CLUSTERS = 4
"""Clusters shown in the cluster findings and pre-flight checks (each takes a few pages)."""
MAX_SERVICE_ROWS = 40
"""Rows of a cluster's service table."""
MAX_OBJECTS = 8
"""Affected objects a precheck finding shows in its section."""
MAX_APPENDIX_OBJECTS = 60
"""Affected objects one finding lists in the appendix."""
MAX_APPENDIX_ROWS = 240
"""Affected objects the whole appendix lists (about eight pages), shared between the findings it lists."""
MAX_ROWS = 20
"""Rows of any other list: disagreements, source checkouts, warnings."""
MAX_NAMES = 8
"""Names joined in one table cell or sentence (a service's workloads, namespaces without network policies)."""

T = TypeVar("T")


def top(items: Sequence[T], limit: int) -> tuple[list[T], int]:
    """The first ``limit`` items, and how many are left out."""
    return list(items[:limit]), max(0, len(items) - limit)


def more_line(text: Mapping[str, Any], hidden: int, key: str = "more_in_json") -> str:
    """The line standing for ``hidden`` items left out ("… and 1,234 more; the complete list is in the
    assessment JSON."), or empty when none are; ``text`` is the whole of text.yaml, ``key`` the sentence's."""
    return fill(text[key], count=f"{hidden:,}") if hidden > 0 else ""


def names(values: Sequence[str], text: Mapping[str, Any], limit: int = MAX_NAMES) -> str:
    """Names joined by commas, at most ``limit`` of them, then "and 12 more"."""
    shown, hidden = top(values, limit)
    joined = ", ".join(shown)
    return fill(text["more_names"], names=joined, count=f"{hidden:,}") if hidden else joined


def appendix_share(long_lists: int) -> int:
    """How many objects each of ``long_lists`` findings lists in the appendix, within its budget; the appendix
    is needed only when this is more than a finding's section shows."""
    if long_lists == 0:
        return 0
    return min(MAX_APPENDIX_OBJECTS, MAX_APPENDIX_ROWS // long_lists)
