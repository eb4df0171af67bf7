"""Offline scan sources: manifests, ``kubectl get -o json`` dumps, or stdin → :class:`ClusterObjects`.

A directory is read recursively (``*.yaml``, ``*.yml``, ``*.json``); kustomization files, Helm chart
metadata/values and other YAML that is not a Kubernetes object are skipped with a warning, and so is a
file that does not parse (a Helm template, say) — a folder never crashes the scan. A single file or
stdin that does not parse is an error naming the file. Large JSON dumps — files and stdin alike — are
streamed item by item, so memory follows the trimmed objects, not the text. A file or stdin is at most
MAX_SNAPSHOT_BYTES (YAML: MAX_YAML_BYTES). Secrets are dropped unread.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from readiness.errors import InputError
from readiness.io.files import (
    STDIN,
    Lines,
    decode_text,
    display_name,
    format_for,
    json_lines,
    looks_binary,
    not_regular,
    parse_structured,
    read_bytes,
    special_file_kind,
    stdin_binary,
)
from readiness.scan.heap import collection_paused
from readiness.scan.objects import SNAPSHOT_VERSION, ClusterObjects, SourceLocation
from readiness.scan.slim import slim_object

MiB = 1024 * 1024
MAX_SNAPSHOT_BYTES = 1024 * MiB
"""The one cap on a snapshot, the same for a file and for stdin (a folder: per file). A 100 000-pod cluster
dumps to about 850 MiB of ``kubectl get -o json``; JSON that large is streamed, so memory stays near twice
the dump at most. YAML is limited further (MAX_YAML_BYTES)."""
MAX_YAML_BYTES = 32 * MiB
"""Largest YAML file: parsing YAML takes about 30 times its size in memory (50 MB of YAML: 1.5 GB, 36 s), so a
large dump must come as JSON, which is streamed item by item."""
STREAM_FROM_BYTES = 8 * MiB
"""JSON from this size on (a file or stdin) is streamed item by item; smaller JSON is parsed whole."""
MAX_FILES = 20_000
SUFFIXES = (".yaml", ".yml", ".json")
SKIPPED_NAMES = frozenset({"kustomization.yaml", "kustomization.yml", "kustomization", "chart.yaml",
                           "chart.lock", "values.yaml", "values.yml", "values.schema.json", "helmfile.yaml"})
NOT_OBJECTS = frozenset({"Kustomization", "Component"})
SKIPPED_DIRS = frozenset({"node_modules", "vendor", "__pycache__"})


@collection_paused()
def load_snapshot(path: str, *, name: str | None = None) -> ClusterObjects:
    """Read a snapshot (directory, file, or ``-`` for stdin) into the objects of one cluster."""
    label = display_name(path)
    if path != STDIN:
        _check_path(Path(path), label)
    objects = ClusterObjects(name=name or _cluster_name(path), source=f"snapshot:{label}")
    _SEEN[id(objects)] = {}
    try:
        if path == STDIN:
            _add_documents(objects, _stdin_documents(objects, label), label, STDIN)
        else:
            target = Path(path)
            if target.is_dir():
                _load_directory(objects, target)
            else:
                _load_file(objects, target, strict=True)
    finally:
        _SEEN.pop(id(objects), None)
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


def _load_directory(objects: ClusterObjects, folder: Path) -> None:
    files = list(_manifest_files(folder))
    if not files:
        raise InputError.single(str(folder), "", "has no *.yaml, *.yml or *.json files")
    for file in files:
        if not file.is_file():   # a FIFO, socket or device named *.yaml would block the read forever
            kind = special_file_kind(file) or "no longer there"
            objects.warnings.append(f"{file}: not a regular file ({kind}); skipped")
            continue
        _load_file(objects, file, strict=False)


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


def _load_file(objects: ClusterObjects, file: Path, *, strict: bool) -> None:
    """Add one file's objects; in a directory (not strict) a bad file is a warning, not an error."""
    label = str(file)
    if file.name.lower() in SKIPPED_NAMES:
        objects.warnings.append(f"{label}: skipped (kustomize/Helm metadata, not Kubernetes objects)")
        return
    try:
        docs = _file_documents(file, label, objects)
    except InputError as exc:
        if _templated(file):
            message = "is a Helm/Go template, not a manifest (render it with `helm template` first)"
            if strict:
                raise InputError.single(label, "", message) from None
            objects.warnings.append(f"{label}: {message}; skipped")
            return
        if strict:
            raise
        objects.warnings.append(f"{exc.lines()[0]} (skipped)")
        return
    except UnicodeDecodeError as exc:
        error = _undecodable(label, exc, _head(file))
        if strict:
            raise error from None
        objects.warnings.append(f"{error.lines()[0]} (skipped)")
        return
    _add_documents(objects, docs, label, label)


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


Located = list[tuple[Any, Lines | None]]
"""Documents, each with where it (and each object it lists) starts."""


def _file_documents(file: Path, label: str, objects: ClusterObjects) -> Located:
    """The documents of one file (a streamed dump's items go straight into ``objects``)."""
    size = file.stat().st_size
    if size > MAX_SNAPSHOT_BYTES:
        raise _too_large(label, size)
    if size >= STREAM_FROM_BYTES and (format_for(file) or _guess(_head(file))) == "json":
        with file.open("rb") as raw:
            return _stream_json(_CappedText(raw, label), label, objects, label)
    return _parse_file(file)


def _stdin_documents(objects: ClusterObjects, label: str) -> Located:
    """The documents on stdin, read as a file of the same size would be: large JSON streamed, the same cap."""
    raw = stdin_binary("snapshot")
    head = raw.read(STREAM_FROM_BYTES + 1)
    try:
        if len(head) > STREAM_FROM_BYTES and _guess(head) == "json":
            return _stream_json(_CappedText(raw, label, head), label, objects, STDIN)
    except UnicodeDecodeError as exc:
        raise _undecodable(label, exc, head) from None
    if len(head) > STREAM_FROM_BYTES:
        head += raw.read(max(0, MAX_YAML_BYTES + 1 - len(head)))
    return _parse_data(head, label, None)


def _head(file: Path) -> bytes:
    try:
        with file.open("rb") as fh:
            return fh.read(65536)
    except OSError:
        return b""


def _undecodable(label: str, exc: UnicodeDecodeError, head: bytes) -> InputError:
    """Streamed text that is not UTF-8: binary data (judged from its first bytes) or text in another encoding."""
    if looks_binary(head):
        return InputError.single(label, "", "is not a text file (binary data)")
    return InputError.single(label, "", f"is not UTF-8 text (invalid byte at position {exc.start})")


def _too_large(label: str, size: int | None) -> InputError:
    what = f"is {size / MiB:,.1f} MiB" if size is not None else f"is larger than {MAX_SNAPSHOT_BYTES / MiB:,.6g} MiB"
    return InputError.single(label, "", f"{what}; a snapshot (a file or stdin) is limited to "
                                        f"{MAX_SNAPSHOT_BYTES / MiB:,.6g} MiB — split the dump (for example one "
                                        f"kubectl get … -o json per namespace) into files in one folder and pass "
                                        f"the folder")


def _guess(data: bytes) -> str:
    """``json`` or ``yaml`` from the first character, as parse_structured guesses (without copying the data)."""
    return "json" if data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") else "yaml"


def _yaml_too_large(label: str, size: int) -> InputError:
    return InputError.single(label, "", f"is {size / MiB:.1f} MiB of YAML; YAML snapshots are limited to "
                                        f"{MAX_YAML_BYTES // MiB} MiB (parsing YAML takes about 30× its size in "
                                        f"memory) — dump the cluster as JSON instead (kubectl get … -o json), "
                                        f"which is streamed")


def _parse_file(path: Path) -> Located:
    """A file read whole and parsed (YAML, or JSON below STREAM_FROM_BYTES)."""
    label = display_name(path)
    fmt = format_for(path)
    if fmt == "yaml" and (size := path.stat().st_size) > MAX_YAML_BYTES:
        raise _yaml_too_large(label, size)
    return _parse_data(read_bytes(path, max_bytes=MAX_SNAPSHOT_BYTES, what="snapshot"), label, fmt)


def _parse_data(data: bytes, label: str, fmt: str | None) -> Located:
    """Documents of bytes read whole: text first (binary data is named so), then the YAML size bound."""
    text = decode_text(data, label)
    if len(data) > MAX_YAML_BYTES and (fmt or _guess(data)) == "yaml":
        raise _yaml_too_large(label, len(data))
    lines: list[Lines] = []
    docs = parse_structured(text, label, fmt=fmt, multi=True, lines=lines)
    return list(zip(docs, lines, strict=True))


def _list_metadata(objects: ClusterObjects, doc: Any) -> None:
    """A snapshot saved by a live scan carries the cluster's Kubernetes version on its List."""
    if not isinstance(doc, dict) or not isinstance(doc.get("metadata"), dict):
        return
    annotations = doc["metadata"].get("annotations")
    version = annotations.get(SNAPSHOT_VERSION) if isinstance(annotations, dict) else None
    if isinstance(version, str) and version and objects.kubernetes_version is None:
        objects.kubernetes_version = version


def _add_documents(objects: ClusterObjects, docs: Located, label: str, file: str) -> None:
    """Add the objects of parsed documents; ``file`` names them in ``objects.locations``."""
    skipped: list[str] = []
    for doc, lines in docs:
        _list_metadata(objects, doc)
        for item, where in _flatten(doc, None, skipped, lines):
            _add(objects, item, label, SourceLocation(file, where.line) if where else None)
    if skipped:
        what = ", ".join(sorted(set(skipped))[:3])
        objects.warnings.append(f"{label}: skipped {len(skipped)} document(s) that are not Kubernetes objects "
                                f"({what})")


_SEEN: dict[int, dict[tuple[str, str, str], int]] = {}
"""Per load (keyed by id of the ClusterObjects being filled): where each kind/namespace/name sits."""


def _add(objects: ClusterObjects, obj: dict[str, Any], label: str, where: SourceLocation | None) -> None:
    """Add one object; a second definition of the same kind/namespace/name replaces the first (and its location),
    as kubectl apply."""
    meta = obj["metadata"]
    kind = str(obj.get("kind"))
    key = (kind, str(meta.get("namespace") or ""), str(meta.get("name") or ""))
    seen = _SEEN.setdefault(id(objects), {})
    if key in seen and kind in objects.objects:
        objects.objects[kind][seen[key]] = slim_object(obj)
        objects.warnings.append(f"{label}: {kind} {key[1] + '/' if key[1] else ''}{key[2]} is defined again; "
                                f"the later definition is used")
        if where is not None:
            objects.locations[key] = where
        return
    before = len(objects.of_kind(kind))
    objects.add(slim_object(obj))
    if len(objects.of_kind(kind)) > before:
        seen[key] = before
        if where is not None:
            objects.locations[key] = where


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
    if item_kind and not kind:
        doc = {**doc, "kind": item_kind}
        kind = item_kind
    if not isinstance(kind, str) or not kind or not isinstance(doc.get("metadata"), dict):
        skipped.append("no apiVersion/kind/metadata" if not kind else f"kind {kind} without metadata")
        return
    if kind in NOT_OBJECTS:
        skipped.append(f"kind {kind}")
        return
    yield doc, lines


# --- streaming a large JSON dump -------------------------------------------------------------------

CHUNK = 4 * MiB
_WS = " \t\r\n"


class _Text(Protocol):
    def read(self, size: int = -1, /) -> str: ...


class _CappedText:
    """Text decoded (UTF-8, a BOM dropped) from a file or stdin as it is read; past MAX_SNAPSHOT_BYTES, an error.

    ``head``: bytes already read from ``raw`` (stdin's first block), given back first.
    """

    def __init__(self, raw: BinaryIO, label: str, head: bytes = b"") -> None:
        self.raw = raw
        self.label = label
        self.head = head
        self.total = 0
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def read(self, size: int = -1, /) -> str:
        """About ``size`` characters ("" at the end); everything left when ``size`` is negative."""
        if size < 0:
            return "".join(iter(lambda: self.read(CHUNK), ""))
        while True:
            data, self.head = (self.head, b"") if self.head else (self.raw.read(size), b"")
            self.total += len(data)
            if self.total > MAX_SNAPSHOT_BYTES:
                raise _too_large(self.label, None)
            text = self.decoder.decode(data, final=not data)
            if text or not data:
                return text


class _Stream:
    """A window on a text file that the JSON decoder reads values from, refilled as needed."""

    def __init__(self, fh: _Text, label: str) -> None:
        self.fh = fh
        self.label = label
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.consumed = 0
        self.decoder = json.JSONDecoder()
        self.line = 1
        self.counted = 0
        """``line`` is the line at ``buf[counted]``."""

    def line_here(self) -> int:
        """The 1-based line of the current position."""
        self.line += self.buf.count("\n", self.counted, self.pos)
        self.counted = self.pos
        return self.line

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(CHUNK)
        if "\x00" in chunk:
            raise InputError.single(self.label, "", "is not a text file (binary data)")
        if not chunk:
            self.eof = True
            return False
        if self.pos:
            self.line_here()
            self.consumed += self.pos
            self.buf = self.buf[self.pos:]
            self.pos = self.counted = 0
        self.buf += chunk
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.fill():
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            shown = repr(found) if found else "end of file"
            raise InputError.single(self.label, f"byte {self.consumed + self.pos}",
                                    f"invalid JSON: expected {char!r}, found {shown}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self.fill():
                    continue
                raise InputError.single(self.label, f"byte {self.consumed + exc.pos}",
                                        f"invalid JSON: {exc.msg}") from None
            except RecursionError:
                raise InputError.single(self.label, "", "invalid JSON: nested too deeply") from None
            number_at_end = end >= len(self.buf) and isinstance(value, int | float)
            if number_at_end and not self.eof and self.fill():  # a number may continue in the next chunk
                continue
            self.pos = end
            return value


def _stream_json(fh: _Text, label: str, objects: ClusterObjects, file: str) -> Located:
    """Stream a JSON List: its items go straight into ``objects`` (located in ``file``); returns what is left."""
    stream = _Stream(fh, label)
    if stream.peek() != "{":
        text = stream.buf[stream.pos:] + fh.read()
        return [(parse_structured(text, label, fmt="json")[0], json_lines(text))]
    start = stream.line_here()
    stream.expect("{")
    rest: dict[str, Any] = {}
    pending: list[tuple[Any, int]] = []
    list_kind: str | None = None
    skipped: list[str] = []
    first = True
    while stream.peek() != "}":
        if not first:
            stream.expect(",")
        first = False
        key = stream.value()
        stream.expect(":")
        if key == "items" and stream.peek() == "[":
            stream.expect("[")
            first_item = True
            while stream.peek() != "]":
                if not first_item:
                    stream.expect(",")
                first_item = False
                stream.peek()
                line = stream.line_here()
                item = stream.value()
                if list_kind is None and not (isinstance(item, dict) and item.get("kind")):
                    pending.append((item, line))  # the List's kind may come after its items
                    continue
                for obj, _ in _flatten(item, list_kind, skipped):
                    _add(objects, obj, label, SourceLocation(file, line))
            stream.expect("]")
        else:
            rest[str(key)] = stream.value()
            if key == "kind" and isinstance(rest["kind"], str) and rest["kind"].endswith("List"):
                list_kind = rest["kind"][: -len("List")] or None
    stream.expect("}")
    _list_metadata(objects, rest)
    if stream.peek():
        raise InputError.single(label, f"byte {stream.consumed + stream.pos}", "invalid JSON: extra data after "
                                                                               "the top-level object")
    for item, line in pending:
        for obj, _ in _flatten(item, list_kind, skipped):
            _add(objects, obj, label, SourceLocation(file, line))
    if skipped:
        objects.warnings.append(f"{label}: skipped {len(skipped)} item(s) that are not Kubernetes objects")
    if list_kind is None and "kind" in rest and not str(rest["kind"]).endswith("List"):
        return [(rest, Lines(start))]
    return []
