"""The fleet part of the "Cluster findings" section: one row per scanned cluster, what differs between them, and
the multicluster set-ups already in place.

Pure: reads the scan and the precheck an Assessment embeds; labels come from ``cluster.fleet`` and
``cluster.setups`` in ``text.yaml``. The differences and set-ups are the scan's facts, shown as it states them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from readiness.models.precheck import ClusterPrecheck, Precheck
from readiness.models.scan import ClusterInventory, ScanResult
from readiness.report.bounds import MAX_ROWS, more_line, names, top
from readiness.report.wording import fill, plural
from readiness.report.wording import label as label_of


@dataclass(frozen=True)
class FleetRow:
    """One cluster of the fleet, in a line."""

    cluster: str
    business_services: str
    languages: str
    mesh: str
    precheck: str


@dataclass(frozen=True)
class DifferenceRow:
    """A way the clusters differ."""

    topic: str
    detail: str


@dataclass(frozen=True)
class SetupRow:
    """An object showing a multicluster set-up already in place."""

    cluster: str
    what: str
    object: str
    detail: str


@dataclass(frozen=True)
class FleetView:
    """The fleet table and its differences (two or more clusters only)."""

    intro: str
    rows: list[FleetRow]
    more_rows: str
    differences: list[DifferenceRow]
    more_differences: str
    """Each ``more_…`` is the line standing for the rows not shown, or empty."""


def fleet_view(scan: ScanResult, precheck: Precheck | None, text: Mapping[str, Any]) -> FleetView | None:
    """The fleet of a scan of two or more clusters (None for one), worded by ``text`` (all of text.yaml)."""
    if scan.fleet is None:
        return None
    t = text["cluster"]["fleet"]
    checked = {c.cluster: c for c in precheck.clusters} if precheck else {}
    clusters, hidden = top(scan.clusters, MAX_ROWS)
    differences, more = top(scan.fleet.differences, MAX_ROWS)
    return FleetView(fill(t["intro"], count=len(scan.clusters)),
                     [_row(c, checked.get(c.name), text) for c in clusters], more_line(text, hidden),
                     [DifferenceRow(label_of(t["topics"], d.topic), d.detail) for d in differences],
                     more_line(text, more))


def _row(c: ClusterInventory, checked: ClusterPrecheck | None, text: Mapping[str, Any]) -> FleetRow:
    t = text["cluster"]
    languages = sorted({lang for s in c.services if s.role == "business" and not s.system for lang in s.languages})
    meshes = ", ".join(fill(t["mesh_value"], name=m.name, workloads=m.injected_workloads) for m in c.mesh.detected)
    return FleetRow(c.name, str(c.totals.business_services), names(languages, text) or t["language_unknown"],
                    meshes or t["none_found"], _precheck(checked, t["fleet"]))


def _precheck(checked: ClusterPrecheck | None, t: Mapping[str, Any]) -> str:
    """``2 errors, 1 warning`` (findings by severity), ``no findings``, or ``not run``."""
    if checked is None:
        return str(t["precheck_none"])
    counts = Counter(f.severity for f in checked.findings)
    words = t["precheck_counts"]
    shown = [plural(counts[s], *words[s]) for s in ("error", "warning", "info") if counts[s]]
    return ", ".join(shown) or str(t["precheck_clean"])


def setup_rows(scan: ScanResult, text: Mapping[str, Any]) -> tuple[list[SetupRow], str]:
    """The multicluster set-ups seen in every cluster, and the line for those not shown."""
    t = text["cluster"]["setups"]
    rows = [SetupRow(c.name, label_of(t["kinds"], e.kind), e.object, e.detail)
            for c in scan.clusters for e in c.multicluster]
    shown, hidden = top(rows, MAX_ROWS)
    return shown, more_line(text, hidden)
