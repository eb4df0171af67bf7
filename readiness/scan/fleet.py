"""Pure: several cluster inventories → one fleet and what differs between its clusters (facts only).

Compared: Kubernetes versions (an unknown one is said, as it could not be compared), the meshes found, the
application namespaces and the multicluster set-ups seen. Whether a difference matters is the reader's call (the
report lists them).
"""

from __future__ import annotations

from collections.abc import Sequence

from readiness.models.scan_records import ClusterInventory, Fleet, FleetDifference

MAX_NAMES = 8
"""Namespaces named in one difference (the rest are counted)."""


def fleet_of(clusters: Sequence[ClusterInventory]) -> Fleet | None:
    """The fleet of two or more clusters, None for one (or none)."""
    if len(clusters) < 2:
        return None
    return Fleet(clusters=[c.name for c in clusters],
                 differences=[*_versions(clusters), *_meshes(clusters), *_namespaces(clusters),
                              *_multicluster(clusters)])


def _versions(clusters: Sequence[ClusterInventory]) -> list[FleetDifference]:
    known = {c.name: c.kubernetes_version for c in clusters if c.kubernetes_version}
    unknown = [c.name for c in clusters if not c.kubernetes_version]
    found: list[FleetDifference] = []
    if len(set(known.values())) > 1:
        found.append(FleetDifference(topic="kubernetes_version", clusters=sorted(known), detail="Kubernetes "
                                     + ", ".join(f"{v} in {n}" for n, v in sorted(known.items()))))
    if unknown:
        found.append(FleetDifference(topic="kubernetes_version", clusters=unknown,
                                     detail=f"Kubernetes version not known for {', '.join(unknown)} "
                                            f"(read from snapshots), so it could not be compared"))
    return found


def _present(clusters: Sequence[ClusterInventory], seen: dict[str, set[str]]) -> list[tuple[str, list[str]]]:
    """(item, the clusters that have it) for each item some clusters have and others not."""
    everyone = {c.name for c in clusters}
    return [(item, [c.name for c in clusters if c.name in names]) for item, names in sorted(seen.items())
            if names != everyone]


def _meshes(clusters: Sequence[ClusterInventory]) -> list[FleetDifference]:
    seen: dict[str, set[str]] = {}
    for c in clusters:
        for m in c.mesh.detected:
            seen.setdefault(m.name, set()).add(c.name)
    return [FleetDifference(topic="mesh", clusters=names, detail=f"{mesh} runs in {', '.join(names)} only")
            for mesh, names in _present(clusters, seen)]


def _namespaces(clusters: Sequence[ClusterInventory]) -> list[FleetDifference]:
    """One difference per group of clusters: the application namespaces found there and not everywhere."""
    seen: dict[str, set[str]] = {}
    for c in clusters:
        for ns in c.namespaces:
            if not ns.system:
                seen.setdefault(ns.name, set()).add(c.name)
    found = []
    for names, only in _grouped(clusters, seen).items():
        shown = ", ".join(only[:MAX_NAMES]) + (f" and {len(only) - MAX_NAMES} more" if len(only) > MAX_NAMES else "")
        found.append(FleetDifference(topic="namespaces", clusters=list(names),
                                     detail=f"application namespaces only in {', '.join(names)}: {shown}"))
    return found


def _grouped(clusters: Sequence[ClusterInventory], seen: dict[str, set[str]]) -> dict[tuple[str, ...], list[str]]:
    """The items some clusters have and others not, grouped by the clusters that have them (in cluster order)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for item, names in _present(clusters, seen):
        groups.setdefault(tuple(names), []).append(item)
    return dict(sorted(groups.items(), key=lambda g: [c.name for c in clusters].index(g[0][0])))


def _multicluster(clusters: Sequence[ClusterInventory]) -> list[FleetDifference]:
    """One difference per group of clusters: the set-up kinds seen there and not everywhere."""
    seen: dict[str, set[str]] = {}
    for c in clusters:
        for e in c.multicluster:
            seen.setdefault(e.kind, set()).add(c.name)
    return [FleetDifference(topic="multicluster", clusters=list(names),
                            detail=f"{', '.join(k.replace('_', ' ') for k in kinds)}: seen in {', '.join(names)} only")
            for names, kinds in _grouped(clusters, seen).items()]
