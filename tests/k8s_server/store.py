"""The objects the test API server serves, loaded from manifest files the way ``kubectl apply`` would store them.

Manifests are read unmodified (multi-document YAML, JSON, ``kind: List``); the store adds what the API
server adds (namespace ``default`` for namespaced objects without one, uid, resourceVersion,
creationTimestamp) and keeps every object, Secrets included, so tests can prove the scanner never asks
for them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.k8s_server.catalogue import ApiResource

CREATED = "2026-01-01T00:00:00Z"
MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class StoredObject:
    """One object and its list-item encoding (items in a list carry no kind/apiVersion)."""

    namespace: str
    name: str
    obj: dict[str, Any]
    _item_json: bytes | None = field(default=None, repr=False)

    def item_json(self) -> bytes:
        if self._item_json is None:
            item = {k: v for k, v in self.obj.items() if k not in ("kind", "apiVersion")}
            self._item_json = json.dumps(item, separators=(",", ":")).encode()
        return self._item_json


@dataclass
class ObjectStore:
    """Objects by resource, in etcd key order (namespace, then name)."""

    resources: tuple[ApiResource, ...]
    objects: dict[tuple[str, str], dict[tuple[str, str], StoredObject]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    revision: int = 1000
    _sorted: dict[tuple[str, str], list[StoredObject]] = field(default_factory=dict, repr=False)

    def resource_for(self, api_version: str, kind: str) -> ApiResource | None:
        """The resource that stores objects of this kind (any served version of its group)."""
        group = api_version.rpartition("/")[0] if "/" in api_version else ""
        for res in self.resources:
            if res.group == group and res.kind == kind:
                return res
        return None

    def add(self, obj: dict[str, Any]) -> bool:
        """Store one object as the API server would; False (and a note) when its kind is not served."""
        kind = str(obj.get("kind") or "")
        api_version = str(obj.get("apiVersion") or "")
        res = self.resource_for(api_version, kind)
        meta = obj.get("metadata") or {}
        name = str(meta.get("name") or meta.get("generateName") or "")
        if res is None or not name:
            self.skipped.append(f"{api_version or '?'}/{kind or '?'} {name or '?'}")
            return False
        stored = json.loads(json.dumps(obj))  # a private deep copy
        meta = stored.setdefault("metadata", {})
        meta["name"] = name
        if res.namespaced:
            meta["namespace"] = meta.get("namespace") or "default"
        else:
            meta.pop("namespace", None)
        namespace = str(meta.get("namespace", ""))
        self.revision += 1
        meta.setdefault("uid", str(uuid.uuid5(uuid.NAMESPACE_URL, f"{res.group}/{res.plural}/{namespace}/{name}")))
        meta["resourceVersion"] = str(self.revision)
        meta.setdefault("creationTimestamp", CREATED)
        key = (res.group, res.plural)
        self.objects.setdefault(key, {})[(namespace, name)] = StoredObject(namespace, name, stored)
        self._sorted.pop(key, None)
        return True

    def put(self, group: str, plural: str, obj: dict[str, Any]) -> None:
        """Store an object of a known resource in place (no copy, no checks): the fast path for big clusters."""
        meta = obj["metadata"]
        namespace = str(meta.get("namespace", ""))
        self.revision += 1
        meta.setdefault("uid", str(uuid.uuid5(uuid.NAMESPACE_URL, f"{group}/{plural}/{namespace}/{meta['name']}")))
        meta["resourceVersion"] = str(self.revision)
        meta.setdefault("creationTimestamp", CREATED)
        key = (group, plural)
        self.objects.setdefault(key, {})[(namespace, str(meta["name"]))] = StoredObject(namespace, meta["name"], obj)
        self._sorted.pop(key, None)

    def add_all(self, objs: Iterable[dict[str, Any]]) -> int:
        return sum(1 for obj in objs if self.add(obj))

    def load(self, *paths: str | Path) -> int:
        """Load manifest files or folders (recursively); returns how many objects were stored."""
        count = 0
        for path in paths:
            for file in _manifest_files(Path(path)):
                count += self.add_all(read_manifest(file))
        return count

    def listing(self, group: str, plural: str, namespace: str | None = None) -> list[StoredObject]:
        """All stored objects of a resource, optionally of one namespace, in key order."""
        key = (group, plural)
        ordered = self._sorted.get(key)
        if ordered is None:
            ordered = [self.objects.get(key, {})[k] for k in sorted(self.objects.get(key, {}))]
            self._sorted[key] = ordered
        if namespace is None:
            return ordered
        return [o for o in ordered if o.namespace == namespace]

    def get(self, group: str, plural: str, namespace: str, name: str) -> StoredObject | None:
        return self.objects.get((group, plural), {}).get((namespace, name))

    def count(self, plural: str) -> int:
        return sum(len(v) for (_, p), v in self.objects.items() if p == plural)


def _manifest_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix in MANIFEST_SUFFIXES and child.name != "TRUTH.yaml":
                yield child
    else:
        yield path


def read_manifest(path: Path) -> list[dict[str, Any]]:
    """Every Kubernetes object in one file; ``List`` documents are expanded; non-objects are skipped."""
    text = path.read_text(encoding="utf-8")
    if text.lstrip()[:1] in ("{", "["):
        docs: list[Any] = [json.loads(text)]
    else:
        docs = list(yaml.load_all(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
    out: list[dict[str, Any]] = []
    for doc in docs:
        out.extend(_objects(doc))
    return out


def _objects(doc: Any) -> Iterator[dict[str, Any]]:
    if isinstance(doc, list):
        for item in doc:
            yield from _objects(item)
    elif isinstance(doc, dict) and doc.get("kind") and doc.get("apiVersion"):
        if str(doc["kind"]).endswith("List") and isinstance(doc.get("items"), list):
            for item in doc["items"]:
                yield from _objects(item)
        else:
            yield doc
