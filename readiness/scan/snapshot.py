"""Offline scan sources: manifests, ``kubectl get -o json`` dumps, or stdin → :class:`ClusterObjects`.

A directory is read recursively (``*.yaml``, ``*.yml``, ``*.json``); kustomization files, Helm chart
metadata/values and other YAML that is not a Kubernetes object are skipped with a warning, and so is a
file that does not parse (a Helm template, say) — a folder never crashes the scan. A single file or
stdin that does not parse is an error naming the file. JSON of any size — files and stdin alike — is read
whole and decoded straight into trimmed objects (``readiness.scan.fastjson``), so memory follows the dump's
bytes plus what the scan keeps, not the whole parsed document. A file or stdin is at most MAX_SNAPSHOT_BYTES
(YAML: MAX_YAML_BYTES). Secrets are dropped (of an Istio remote secret only its name and labels are kept, see
``objects.SECRET_LABELS_SEEN``). Each object's file and line are kept (``ClusterObjects.locations``).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from readiness.errors import InputError
from readiness.io.files import (
    STDIN,
    check_text,
    decode_text,
    display_name,
    format_for,
    looks_binary,
    not_regular,
    parse_structured,
    read_bytes,
    special_file_kind,
    stdin_binary,
)
from readiness.io.lines import Lines
from readiness.scan.heap import collection_paused
from readiness.scan.objects import (
    NEVER_READ,
    SNAPSHOT_VERSION,
    ClusterObjects,
    LineTable,
    ObjectKey,
    Pending,
    secret_names,
)
from readiness.scan.slim import slim_object

if TYPE_CHECKING:
    from readiness.scan.fastjson import Decoded, ItemLines

MiB = 1024 * 1024
MAX_SNAPSHOT_BYTES = 1024 * MiB
"""The one cap on a snapshot, the same for a file and for stdin (a folder: per file). A 100 000-pod cluster
dumps to about 850 MiB of ``kubectl get -o json``; JSON is decoded into trimmed objects as it is read, so memory
stays near the dump's size plus the trimmed objects. YAML is limited further (MAX_YAML_BYTES)."""
MAX_YAML_BYTES = 32 * MiB
"""Largest YAML file: parsing YAML takes about 30 times its size in memory (50 MB of YAML: 1.5 GB, 36 s), so a
large dump must come as JSON, which is decoded straight into the fields the scan keeps."""
HEAD_BYTES = 65536
"""What is read of stdin before its format is known (YAML is then read up to MAX_YAML_BYTES only)."""
STDIN_BLOCK = 16 * MiB
MAX_UNCOUNTED_BYTES = 256 * MiB
"""JSON kept to count its objects' lines when a location is first asked for (only findings ask); past this, the
earliest file's lines are counted at once and its bytes let go."""
MAX_FILES = 20_000
SUFFIXES = (".yaml", ".yml", ".json")
SKIPPED_NAMES = frozenset({"kustomization.yaml", "kustomization.yml", "kustomization", "chart.yaml",
                           "chart.lock", "values.yaml", "values.yml", "values.schema.json", "helmfile.yaml"})
NOT_OBJECTS = frozenset({"Kustomization", "Component"})
SKIPPED_DIRS = frozenset({"node_modules", "vendor", "__pycache__"})

Found = list[tuple[dict[str, Any], int | None, LineTable | None]]
"""The trimmed objects of one file, each with the line it starts on (None: unknown), or with its index in a JSON
array and the lines of that array's entries (counted when a location is asked for)."""


@collection_paused()
def load_snapshot(path: str, *, name: str | None = None) -> ClusterObjects:
    """Read a snapshot (directory, file, or ``-`` for stdin) into the objects of one cluster."""
    label = display_name(path)
    if path != STDIN:
        _check_path(Path(path), label)
    reader = _Reader(ClusterObjects(name=name or _cluster_name(path), source=f"snapshot:{label}"))
    if path == STDIN:
        reader.add_all(reader.stdin_objects(label), label, STDIN)
    else:
        target = Path(path)
        if target.is_dir():
            reader.load_directory(target)
        else:
            reader.load_file(target, strict=True)
    objects = reader.objects
    if not objects.objects:
        templates = sum(1 for w in objects.warnings if "Helm/Go template" in w)
        if templates:
            raise InputError.single(label, "", f"holds no Kubernetes objects: {templates} Helm/Go template file(s) "
                                               f"were skipped — render the chart first (helm template RELEASE CHART "
                                               f"> manifests.yaml) and scan the output")
        raise InputError.single(label, "", "holds no Kubernetes objects (expected manifests with apiVersion and "
                                           "kind, a kind: List, or a kubectl get -o json dump)")
    return objects


def _check_path(target: Path, label: str) -> None:
    """A snapshot named directly must exist and be a folder or a regular file; anything else is never opened
    (reading a FIFO or a device blocks or never ends; a symlink loop cannot be read)."""
    kind = special_file_kind(target)
    if kind:
        raise not_regular(label, kind, "snapshot")
    if not target.exists():
        raise InputError.single(label, "", "no such file or directory")


def _cluster_name(path: str) -> str:
    if path == STDIN:
        return "stdin"
    p = Path(path).resolve()
    return p.name if p.is_dir() else p.stem


def _manifest_files(folder: Path) -> Iterator[Path]:
    count = 0
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        for filename in sorted(names):
            if filename.startswith(".") or not filename.lower().endswith(SUFFIXES):
                continue
            count += 1
            if count > MAX_FILES:
                raise InputError.single(str(folder), "", f"holds more than {MAX_FILES:,} manifest files; "
                                                         f"point --snapshot at a smaller folder")
            yield Path(root) / filename


class _Reader:
    """Fills one :class:`ClusterObjects`; remembers where each kind/namespace/name sits, for redefinitions."""

    def __init__(self, objects: ClusterObjects) -> None:
        self.objects = objects
        self.seen: dict[tuple[str, str, str], int] = {}
        self.uncounted: list[ItemLines] = []

    def load_directory(self, folder: Path) -> None:
        files = list(_manifest_files(folder))
        if not files:
            raise InputError.single(str(folder), "", "has no *.yaml, *.yml or *.json files")
        for file in files:
            if not file.is_file():   # a FIFO, socket or device named *.yaml would block the read forever
                kind = special_file_kind(file) or "no longer there"
                self.objects.warnings.append(f"{file}: not a regular file ({kind}); skipped")
                continue
            self.load_file(file, strict=False)

    def load_file(self, file: Path, *, strict: bool) -> None:
        """Add one file's objects; in a directory (not strict) a bad file is a warning, not an error."""
        label = str(file)
        if file.name.lower() in SKIPPED_NAMES:
            self.objects.warnings.append(f"{label}: skipped (kustomize/Helm metadata, not Kubernetes objects)")
            return
        try:
            found = self.file_objects(file, label)
        except InputError as exc:
            if _templated(file):
                message = "is a Helm/Go template, not a manifest (render it with `helm template` first)"
                if strict:
                    raise InputError.single(label, "", message) from None
                self.objects.warnings.append(f"{label}: {message}; skipped")
                return
            if strict:
                raise
            self.objects.warnings.append(f"{exc.lines()[0]} (skipped)")
            return
        self.add_all(found, label, label)

    def file_objects(self, file: Path, label: str) -> Found:
        """The trimmed objects of one file: all of them, or an error (a bad file adds nothing)."""
        size = file.stat().st_size
        if size > MAX_SNAPSHOT_BYTES:
            raise _too_large(label, size)
        fmt = format_for(file) or _guess(_head(file))
        if fmt == "yaml" and size > MAX_YAML_BYTES:
            raise _yaml_too_large(label, size)
        return self.parsed(read_bytes(file, max_bytes=MAX_SNAPSHOT_BYTES, what="snapshot"), label, fmt)

    def stdin_objects(self, label: str) -> Found:
        """The objects on stdin, read as a file of the same size would be (YAML read up to its bound only)."""
        raw = stdin_binary("snapshot")
        data = bytearray(raw.read(HEAD_BYTES))
        fmt = _guess(data)
        limit = MAX_SNAPSHOT_BYTES if fmt == "json" else MAX_YAML_BYTES
        while len(data) <= limit and (block := raw.read(min(STDIN_BLOCK, limit + 1 - len(data)))):
            data += block    # in blocks, so a large dump is not held twice while it is read
        if len(data) > limit:
            raise _too_large(label, None) if fmt == "json" else _yaml_too_large(label, len(data))
        return self.parsed(data, label, fmt)

    def parsed(self, data: bytes | bytearray, label: str, fmt: str) -> Found:
        """The objects of a file's or stdin's bytes: JSON decoded trimmed, YAML parsed then trimmed."""
        skipped: list[str] = []
        found: Found = []
        try:
            if fmt == "json":
                check_text(data, label)
                from readiness.scan import fastjson  # msgspec, only for JSON

                self.add_json(fastjson.decode_snapshot(data, label), found, skipped)
            else:
                lines: list[Lines] = []
                docs = parse_structured(decode_text(data, label), label, fmt="yaml", multi=True, lines=lines)
                for doc, where in zip(docs, lines, strict=True):
                    self.add_parsed(doc, where, None, found, skipped)
        except RecursionError:
            raise InputError.single(label, "", f"invalid {fmt.upper()}: nested too deeply") from None
        if skipped:
            what = ", ".join(sorted(set(skipped))[:3])
            self.objects.warnings.append(f"{label}: skipped {len(skipped)} document(s) that are not Kubernetes "
                                         f"objects ({what})")
        return found

    def add_json(self, decoded: Decoded, found: Found, skipped: list[str]) -> None:
        """Objects of a decoded JSON document: trimmed items as they are, others flattened and trimmed."""
        if decoded.list_metadata is not None:
            self.list_metadata({"metadata": decoded.list_metadata})
        item_kind, table, append = decoded.item_kind, decoded.lines, found.append
        if table is not None:
            self.uncounted.append(table)
            while sum(t.size for t in self.uncounted) > MAX_UNCOUNTED_BYTES:
                self.uncounted.pop(0).count()
        for value, where, lines in decoded.entries:
            if lines is not None:
                self.add_parsed(value, lines, item_kind, found, skipped)
            elif type(value.get("kind")) is str and type(value.get("metadata")) is dict \
                    and value["kind"] and value["kind"] not in NOT_OBJECTS:
                append((value, where, table))
            else:
                _object(value, None, skipped)   # says why it is skipped

    def add_parsed(self, doc: Any, lines: Lines | None, item_kind: str | None, found: Found,
                   skipped: list[str]) -> None:
        self.list_metadata(doc)
        for obj, where in _flatten(doc, item_kind, skipped, lines):
            found.append((slim_object(obj), where.line if where else None, None))

    def list_metadata(self, doc: Any) -> None:
        """A snapshot saved by a live scan carries the cluster's Kubernetes version on its List."""
        if not isinstance(doc, dict) or not isinstance(doc.get("metadata"), dict):
            return
        annotations = doc["metadata"].get("annotations")
        version = annotations.get(SNAPSHOT_VERSION) if isinstance(annotations, dict) else None
        if isinstance(version, str) and version and self.objects.kubernetes_version is None:
            self.objects.kubernetes_version = version

    def add_all(self, found: Found, label: str, file: str) -> None:
        """Add trimmed objects (located in ``file``); a second definition of the same kind/namespace/name replaces
        the first (and its location), as kubectl apply."""
        objects, seen, locations = self.objects.objects, self.seen, self.objects.locations
        pending: Pending | None = None
        located: list[ObjectKey] = []   # the keys located by ``pending``, handed over together
        for obj, line, table in found:
            kind = obj["kind"]
            if kind in NEVER_READ:
                if (names := secret_names(obj)) is not None:
                    self.objects.labelled_secrets.append(names)
                continue
            meta = obj["metadata"]
            namespace, name = meta.get("namespace"), meta.get("name")
            key = (kind, namespace if type(namespace) is str else str(namespace or ""),
                   name if type(name) is str else str(name or ""))
            bucket = objects.get(kind)
            if bucket is None:
                bucket = objects[kind] = []
            index = seen.setdefault(key, len(bucket))
            if index == len(bucket):   # the first definition
                bucket.append(obj)
            else:
                bucket[index] = obj
                self.objects.warnings.append(f"{label}: {kind} {key[1] + '/' if key[1] else ''}{key[2]} is defined "
                                             f"again; the later definition is used")
            if line is None:
                continue
            if table is not None:   # ``line`` is an index there
                if pending is None or pending.lines is not table:
                    if pending is not None:
                        locations.later_all(pending, located)
                        located = []
                    pending = Pending(file, table)
                pending.keys[line] = key
                located.append(key)
            else:
                if pending is not None:   # in the order read: a later definition replaces the location
                    locations.later_all(pending, located)
                    pending, located = None, []
                locations.at(key, file, line)
        if pending is not None:
            locations.later_all(pending, located)


def _templated(file: Path) -> bool:
    """Whether a file that did not parse is a Helm/Go template: text (never binary data) with ``{{ }}``."""
    try:
        with file.open("rb") as fh:
            head = fh.read(256 * 1024)
    except OSError:
        return False
    if looks_binary(head):
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return b"{{" in head and b"}}" in head


def _head(file: Path) -> bytes:
    try:
        with file.open("rb") as fh:
            return fh.read(HEAD_BYTES)
    except OSError:
        return b""


def _too_large(label: str, size: int | None) -> InputError:
    what = f"is {size / MiB:,.1f} MiB" if size is not None else f"is larger than {MAX_SNAPSHOT_BYTES / MiB:,.6g} MiB"
    return InputError.single(label, "", f"{what}; a snapshot (a file or stdin) is limited to "
                                        f"{MAX_SNAPSHOT_BYTES / MiB:,.6g} MiB — split the dump (for example one "
                                        f"kubectl get … -o json per namespace) into files in one folder and pass "
                                        f"the folder")


def _guess(data: bytes | bytearray) -> str:
    """``json`` or ``yaml`` from the first character, as parse_structured guesses (without copying the data)."""
    return "json" if data[:HEAD_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "yaml"


def _yaml_too_large(label: str, size: int) -> InputError:
    return InputError.single(label, "", f"is {size / MiB:.1f} MiB of YAML; YAML snapshots are limited to "
                                        f"{MAX_YAML_BYTES // MiB} MiB (parsing YAML takes about 30× its size in "
                                        f"memory) — dump the cluster as JSON instead (kubectl get … -o json), "
                                        f"which is decoded straight into what the scan keeps")


def _entries(lines: Lines | None) -> Iterator[Lines | None]:
    """Where each listed entry starts (as far as known; then where the list starts)."""
    if lines is not None:
        yield from lines.items
    while True:
        yield Lines(lines.line) if lines else None


def _flatten(doc: Any, item_kind: str | None, skipped: list[str],
             lines: Lines | None = None) -> Iterator[tuple[dict[str, Any], Lines | None]]:
    """Kubernetes objects in a document, each with where it starts: the document itself, or the items of a List
    (``kind: List``, ``FooList``, array)."""
    if isinstance(doc, list):
        for entry, where in zip(doc, _entries(lines), strict=False):
            yield from _flatten(entry, item_kind, skipped, where)
        return
    if not isinstance(doc, dict):
        skipped.append(f"a {type(doc).__name__}")
        return
    kind = doc.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(doc.get("items"), list):
        inner = kind[: -len("List")] or None
        for entry, where in zip(doc["items"], _entries(lines), strict=False):
            yield from _flatten(entry, inner, skipped, where)
        return
    obj = _object(doc, item_kind, skipped)
    if obj is not None:
        yield obj, lines


def _object(doc: Any, item_kind: str | None, skipped: list[str]) -> dict[str, Any] | None:
    """``doc`` if it is a Kubernetes object (an item of a ``FooList`` without a kind gets ``Foo``), else None (and
    why, in ``skipped``)."""
    if not isinstance(doc, dict):
        skipped.append(f"a {type(doc).__name__}")
        return None
    kind = doc.get("kind")
    if item_kind and not kind:
        doc["kind"] = kind = item_kind
    if not isinstance(kind, str) or not kind or not isinstance(doc.get("metadata"), dict):
        skipped.append("no apiVersion/kind/metadata" if not kind else f"kind {kind} without metadata")
        return None
    if kind in NOT_OBJECTS:
        skipped.append(f"kind {kind}")
        return None
    return doc
