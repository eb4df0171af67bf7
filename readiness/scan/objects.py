"""The raw objects a scan collects, whatever the source (live API, manifests, kubectl dump).

Live scans and snapshots both produce :class:`ClusterObjects`; ``facts`` turns them into an
inventory. Secrets are never collected (of an Istio remote secret in a snapshot, only its name and labels).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import msgspec


class ResourceKind(msgspec.Struct, frozen=True):
    """A Kubernetes resource the scan reads (get/list only)."""

    kind: str
    group: str
    version: str
    plural: str
    namespaced: bool

    @property
    def api_version(self) -> str:
        """``group/version``, or ``version`` for the core group."""
        return f"{self.group}/{self.version}" if self.group else self.version


SCANNED_KINDS: tuple[ResourceKind, ...] = (
    ResourceKind("Namespace", "", "v1", "namespaces", False),
    ResourceKind("Node", "", "v1", "nodes", False),
    ResourceKind("Pod", "", "v1", "pods", True),
    ResourceKind("Service", "", "v1", "services", True),
    ResourceKind("ConfigMap", "", "v1", "configmaps", True),
    ResourceKind("Deployment", "apps", "v1", "deployments", True),
    ResourceKind("StatefulSet", "apps", "v1", "statefulsets", True),
    ResourceKind("DaemonSet", "apps", "v1", "daemonsets", True),
    ResourceKind("Job", "batch", "v1", "jobs", True),
    ResourceKind("CronJob", "batch", "v1", "cronjobs", True),
    ResourceKind("Ingress", "networking.k8s.io", "v1", "ingresses", True),
    ResourceKind("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", True),
    ResourceKind("PodDisruptionBudget", "policy", "v1", "poddisruptionbudgets", True),
    ResourceKind("HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", True),
    ResourceKind("CustomResourceDefinition", "apiextensions.k8s.io", "v1", "customresourcedefinitions", False),
    ResourceKind("MutatingWebhookConfiguration", "admissionregistration.k8s.io", "v1",
                 "mutatingwebhookconfigurations", False),
    ResourceKind("Gateway", "gateway.networking.k8s.io", "v1", "gateways", True),
    ResourceKind("HTTPRoute", "gateway.networking.k8s.io", "v1", "httproutes", True),
    ResourceKind("Route", "route.openshift.io", "v1", "routes", True),
    ResourceKind("Gateway", "networking.istio.io", "v1", "gateways", True),       # Istio: cross-network Gateway
    ResourceKind("Link", "multicluster.linkerd.io", "v1alpha1", "links", True),   # Linkerd multicluster
)
"""Everything the scan may read. Secrets are deliberately absent."""

NEVER_READ = frozenset({"Secret"})

SECRET_LABELS_SEEN: dict[str, str] = {"istio/multiCluster": "true"}
"""A Secret of a snapshot carrying one of these labels is remembered by name and labels only (an Istio remote
secret shows a multicluster set-up); its data, type and annotations are never kept. Other Secrets are dropped."""

SNAPSHOT_SOURCE = "readiness.io/scanned-from"
"""Annotation on a saved snapshot's List: where the objects were read."""
SNAPSHOT_VERSION = "readiness.io/kubernetes-version"
"""Annotation on a saved snapshot's List: the Kubernetes version of the scanned cluster."""


class SourceLocation(msgspec.Struct, frozen=True):
    """Where an object was read: the manifest file (as named in warnings) and the 1-based line its document
    starts on."""
    file: str
    line: int


ObjectKey = tuple[str, str, str]
"""``(kind, metadata.namespace or "", metadata.name or "")``: one object of a cluster."""


class LineTable(Protocol):
    """Lines of a file's entries, counted when first asked for (``readiness.scan.fastjson.ItemLines``)."""

    entries: int
    """How many entries the file's array has."""

    def line(self, index: int) -> int: ...


class Pending:
    """The objects of one file whose lines are not counted yet: the key read from each entry of its array."""

    __slots__ = ("file", "keys", "lines")

    def __init__(self, file: str, lines: LineTable) -> None:
        self.file, self.lines = file, lines
        self.keys: list[ObjectKey | None] = [None] * lines.entries


class Locations(Mapping[ObjectKey, SourceLocation]):
    """Where each object was read, by :data:`ObjectKey`. An object of a JSON dump is located by its index in its
    array until one of its file's is asked for: counting lines costs a pass over the dump, which only findings
    need (and nothing is allocated per object until then)."""

    def __init__(self) -> None:
        self._where: dict[ObjectKey, SourceLocation | Pending] = {}
        self._made: dict[tuple[str, int], SourceLocation] = {}

    def at(self, key: ObjectKey, file: str, line: int) -> None:
        """``key`` was read from ``file`` at ``line`` (a later definition replaces an earlier one)."""
        self._where[key] = self._location(file, line)

    def later_all(self, pending: Pending, keys: list[ObjectKey]) -> None:
        """``keys`` were read from entries of ``pending``'s file (each already in ``pending.keys`` at its entry's
        index), in order; their lines are counted when one is asked for."""
        self._where.update(dict.fromkeys(keys, pending))

    def __getitem__(self, key: ObjectKey) -> SourceLocation:
        where = self._where[key]
        if isinstance(where, SourceLocation):
            return where
        self._settle(where)
        found = self._where[key]
        assert isinstance(found, SourceLocation), "every key of a settled file is located"
        return found

    def _settle(self, pending: Pending) -> None:
        """Locate every object still located by ``pending`` (a key given twice in it: its last entry)."""
        where = self._where
        mine = [(index, key) for index, key in enumerate(pending.keys) if key is not None and where.get(key) is pending]
        for index, key in mine:
            where[key] = self._location(pending.file, pending.lines.line(index))
        pending.keys = []

    def _location(self, file: str, line: int) -> SourceLocation:
        found = self._made.get((file, line))
        if found is None:   # one per line: a one-line dump has only one
            found = self._made[(file, line)] = SourceLocation(file, line)
        return found

    def __iter__(self) -> Iterator[ObjectKey]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)

    def __repr__(self) -> str:
        return f"Locations({dict(self.items())!r})"


class ClusterObjects(msgspec.Struct, weakref=True):
    """The objects seen in one cluster (or one snapshot), grouped by kind (weakly referable: a test watches that a
    scan run in-process lets them go)."""

    name: str
    source: str
    """``live:<context>``, ``snapshot:<path>`` or ``source``."""
    kubernetes_version: str | None = None
    objects: dict[str, list[dict[str, Any]]] = msgspec.field(default_factory=dict)
    warnings: list[str] = msgspec.field(default_factory=list)
    locations: Locations = msgspec.field(default_factory=Locations)
    """Where each object of a snapshot was read (a live scan leaves it empty)."""
    labelled_secrets: list[dict[str, Any]] = msgspec.field(default_factory=list)
    """Secrets labelled as in :data:`SECRET_LABELS_SEEN`: ``{"namespace", "name", "labels"}`` only (snapshots)."""

    def of_kind(self, kind: str) -> list[dict[str, Any]]:
        """All objects of one kind (empty when none were seen)."""
        return self.objects.get(kind, [])

    def add(self, obj: dict[str, Any]) -> None:
        """Add one object under its kind; Secrets are dropped unread."""
        kind = str(obj.get("kind", ""))
        if kind in NEVER_READ or not kind:
            return
        self.objects.setdefault(kind, []).append(obj)


def secret_names(obj: dict[str, Any]) -> dict[str, Any] | None:
    """Namespace, name and labels of a Secret labelled as :data:`SECRET_LABELS_SEEN` says, else None."""
    meta = obj.get("metadata")
    labels = meta.get("labels") if isinstance(meta, dict) else None
    if not isinstance(labels, dict) or not any(labels.get(k) == v for k, v in SECRET_LABELS_SEEN.items()):
        return None
    assert isinstance(meta, dict)
    return {"namespace": str(meta.get("namespace") or ""), "name": str(meta.get("name") or ""),
            "labels": {str(k): str(v) for k, v in labels.items()}}
