"""JSON snapshots and API list pages decoded with msgspec, trimmed while they are decoded.

A ``kubectl get -o json`` dump is read whole as bytes and split into its items without building them (msgspec
``Raw``); each item is then decoded into only the fields the scan keeps (:data:`readiness.scan.slim.KEPT`): the
rest is skipped by the decoder and never becomes Python objects. The parts siblings repeat
(:class:`~readiness.scan.slim.Shared`) are decoded once per distinct text and shared. So a dump costs its bytes
plus the trimmed objects, well below what ``json.load`` of it holds, in a fraction of its time. An item of an
unexpected shape (a field of another type) is decoded whole with the standard library and trimmed by
:func:`readiness.scan.slim.slim_object`, which keeps the same fields.

This replaced a hand-written streamer that cut the text into items with ``json.JSONDecoder.raw_decode``: it
held less text at once, but parsed every item whole and took longer than ``json.load`` itself.

The common dump, a List whose items all have the shapes the decoder expects, is decoded in one pass instead
(:func:`_whole_list`: no decoder call and no ``Raw`` per item, about a fifth less time); anything else falls back to
the item-by-item way, which gives the same objects.

Each item's line is counted from its offset (``Raw`` lengths give the offsets), for
:class:`~readiness.scan.objects.SourceLocation`, when a location is first asked for (:class:`ItemLines`): only
findings name them, so a scan that reports none never counts a line (nor splits a List decoded in one pass).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import repeat
from typing import Any, Optional, TypedDict, TypeGuard

import msgspec

from readiness.errors import InputError
from readiness.io.files import json_lines, parse_structured
from readiness.io.lines import Lines
from readiness.scan.slim import ANY, DROPPED_ANNOTATIONS, KEEP_STATUS, KEPT, KEYS, Shared, Spec, finish, fits, keep

EXACT_ERRORS_UP_TO = 8 * 1024 * 1024
"""Invalid JSON up to this size is parsed again by the standard library, whose messages name line and column
and the problem as before; larger invalid JSON is named by line and column of msgspec's finding."""

_WS = re.compile(rb"[ \t\r\n]*")
_SEPARATOR = re.compile(rb"[ \t\r\n,]*")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BYTE = re.compile(r"\(byte (\d+)\)")
_DROP = object()
"""A shared part that has another shape than its spec: the field is left out (as slim_object does)."""

Entry = tuple[Any, int, Lines | None]
"""A decoded value, where it starts, and None when it is a trimmed and finished object (with the List's item kind
if it had none); else (a value parsed whole, to be flattened and trimmed) where it and the entries it lists start.
Where it starts: its line, or its index in :attr:`Decoded.lines` when that is set."""


Split = Callable[[], list[msgspec.Raw]]
"""Gives the entries of an array undecoded (``Raw``), for their offsets."""


class ItemLines:
    """The line each entry of a JSON array starts on, counted for all entries the first time one is asked for (the
    offsets follow from the entries' ``Raw`` lengths, which ``split`` gives: split again then when the entries
    were decoded whole). Holds the document's bytes until then."""

    def __init__(self, data: bytes | bytearray, split: Split, entries: int, at: int, line: int) -> None:
        self.source: tuple[bytes | bytearray, Split, int, int] | None = (data, split, at, line)
        self.entries = entries
        self.size = len(data)
        """Bytes held until the lines are counted."""
        self.lines: list[int] = []

    def line(self, index: int) -> int:
        """The line entry ``index`` starts on (1-based)."""
        self.count()
        return self.lines[index]

    def count(self) -> None:
        """Count every entry's line now, and let the document's bytes go."""
        if self.source is not None:
            data, split, at, line = self.source
            self.lines = _count_lines(data, split(), at, line)
            self.source, self.size = None, 0


def _count_lines(data: bytes | bytearray, raws: list[msgspec.Raw], at: int, line: int) -> list[int]:
    """The line each entry of the array at offset ``at`` (on ``line``) starts on."""
    pos = at + 1
    separator, count, lines = _SEPARATOR.match, data.count, []
    for raw in raws:
        begin = separator(data, pos).end()  # type: ignore[union-attr]
        line += count(b"\n", pos, begin)
        lines.append(line)
        pos = begin + len(raw)
        line += count(b"\n", begin, pos)
    return lines


class Decoded(msgspec.Struct):
    """The values of one JSON document: the items of a List (with the List's item kind and metadata), the
    entries of an array, or the document itself."""

    entries: Iterator[Entry]
    item_kind: str | None = None
    list_metadata: Any = None
    lines: ItemLines | None = None
    """Set when the entries are an array's: then each entry gives its index there, not its line."""


def _type(spec: Spec, name: str) -> Any:
    """The msgspec type that decodes what ``spec`` keeps (null accepted where a mapping or a list is; a shared
    part left undecoded)."""
    if isinstance(spec, Shared):
        return msgspec.Raw
    if spec is ANY:
        return Any
    if spec is KEYS:
        return Optional[dict[str, msgspec.Raw]]  # noqa: UP045  (a runtime type for msgspec)
    if isinstance(spec, list):
        return Optional[list[_mapping(spec[0], name)]]  # type: ignore[misc]  # noqa: UP045
    return Optional[_mapping(spec, name)]  # noqa: UP045


def _mapping(spec: dict[str, Spec], name: str) -> Any:
    fields = {key: _type(child, f"{name}_{key}") for key, child in spec.items()}
    return TypedDict(name, fields, total=False)  # type: ignore[operator]


def _shared_paths(spec: dict[str, Spec]) -> dict[str, Any]:
    """The branches of ``spec`` that lead to shared parts: {key: Shared, or the same for a mapping below}."""
    found: dict[str, Any] = {}
    for key, child in spec.items():
        if isinstance(child, Shared):
            found[key] = child
        elif isinstance(child, dict) and (below := _shared_paths(child)):
            found[key] = below
    return found


@cache
def _object_type() -> Any:
    """The type one trimmed object is decoded as."""
    return _mapping(KEPT, "Object")


@cache
def _decoders() -> tuple[msgspec.json.Decoder[Any], msgspec.json.Decoder[Any], msgspec.json.Decoder[Any]]:
    """(one trimmed object, an object's fields undecoded, an array's entries undecoded)."""
    return (msgspec.json.Decoder(_object_type()), msgspec.json.Decoder(dict[str, msgspec.Raw]),
            msgspec.json.Decoder(list[msgspec.Raw]))


class _ListFields(TypedDict, total=False):
    apiVersion: msgspec.Raw
    kind: msgspec.Raw
    metadata: msgspec.Raw
    items: list[msgspec.Raw]


@cache
def _list_decoder() -> msgspec.json.Decoder[_ListFields]:
    """A ``kubectl get -o json`` List's fields, its items undecoded, in one pass (other fields are skipped)."""
    return msgspec.json.Decoder(_ListFields)


@cache
def _whole_list_decoder() -> msgspec.json.Decoder[Any]:
    """A List's fields undecoded but its items, decoded trimmed in the same pass (see :func:`_whole_list`)."""
    item = _object_type()
    fields = {"apiVersion": msgspec.Raw, "kind": msgspec.Raw, "metadata": msgspec.Raw, "items": list[item]}  # type: ignore[valid-type]
    return msgspec.json.Decoder(TypedDict("WholeList", fields, total=False))  # type: ignore[operator]


@cache
def _part_decoder(part: Shared) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(Any if part.spec is ANY else _type(part.spec, "Part"))


SHARED = _shared_paths(KEPT)
assert all(all(isinstance(p, Shared) for p in inner.values()) for inner in SHARED.values()), "one level down"
ANNOTATIONS: Shared = KEPT["metadata"]["annotations"]


class Trimmer:
    """Decodes objects trimmed; remembers the shared parts it decoded (one per snapshot file, or live scan)."""

    def __init__(self) -> None:
        self.decode = _decoders()[0].decode
        self.parts: dict[Shared, dict[bytes, Any]] = {part: {} for part in _parts(SHARED)}
        self.plan = [(outer, [(key, part, self.parts[part]) for key, part in inner.items()])
                     for outer, inner in SHARED.items()]
        """The shared parts by the field that holds them (all one level down in KEPT)."""

    def item(self, raw: Any, kind: str | None = None) -> tuple[Any, bool]:
        """One object (bytes or ``Raw``) trimmed as it is decoded and finished (``kind``: the kind of a List's
        items, for those without one); (value, True). An object of an unexpected shape, or a List: (the whole
        value, False)."""
        try:
            obj = self.decode(raw)
        except msgspec.ValidationError:
            return json.loads(bytes(raw)), False
        if not self.trim_all([obj], kind):   # a List
            return json.loads(bytes(raw)), False
        return obj, True

    def trim_all(self, objs: list[dict[str, Any]], kind: str | None) -> bool:
        """Objects decoded as :func:`_object_type` (their shared parts still ``Raw``) finished in place, in one loop
        (a List's items: one call, not one per item); False at the first object that is itself a List (it and those
        after it left as decoded)."""
        plan = self.plan
        for obj in objs:
            found_kind = obj.get("kind")
            if type(found_kind) is str and found_kind.endswith("List"):   # as _is_list, inline
                return False
            if kind and not found_kind:
                obj["kind"] = found_kind = kind
            for outer, parts in plan:
                holder = obj.get(outer)
                if type(holder) is dict:
                    for key, part, known in parts:
                        raw_part = holder.get(key)
                        if raw_part is not None:
                            text = bytes(raw_part)
                            found = known.get(text, known)
                            if found is known:
                                found = known[text] = _part(text, part)
                            if found is _DROP:
                                del holder[key]
                            else:
                                holder[key] = found
            # finish(obj), but for the annotations, which are a shared part: _part has dropped what it drops
            if "status" in obj and found_kind not in KEEP_STATUS:
                del obj["status"]
            if "data" in obj or "binaryData" in obj:
                finish(obj)
        return True


def _parts(paths: dict[str, Any]) -> Iterator[Shared]:
    for below in paths.values():
        if isinstance(below, Shared):
            yield below
        else:
            yield from _parts(below)


def _part(text: bytes, part: Shared) -> Any:
    """A shared part decoded trimmed (a part of another shape: parsed whole and trimmed, or left out)."""
    try:
        value = _part_decoder(part).decode(text)
    except msgspec.ValidationError:
        value = json.loads(text)
        if not fits(value, part):
            return _DROP
        value = keep(value, part)
    if part is ANNOTATIONS and isinstance(value, dict):
        for key in DROPPED_ANNOTATIONS:
            value.pop(key, None)
    return value


def decode_page(data: bytes, trimmer: Trimmer, kind: str) -> tuple[list[tuple[Any, bool]], Any] | None:
    """A list answer of the API server: its items of ``kind`` (see :meth:`Trimmer.item`) and its metadata; None
    when it is no JSON object with an array (or null) of items."""
    _, fields, entries = _decoders()
    try:
        top = fields.decode(data)
        raws = entries.decode(top["items"]) if "items" in top and not _null(top["items"]) else []
        metadata = msgspec.json.decode(top["metadata"]) if "metadata" in top else None
        return [trimmer.item(raw, kind) for raw in raws], metadata
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None


def decode_snapshot(data: bytes | bytearray, label: str) -> Decoded:
    """The values of a JSON snapshot (UTF-8 already checked); invalid JSON is one error naming the file."""
    base = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    view = memoryview(data)[base:]
    start = _WS.match(data, base).end()  # type: ignore[union-attr]
    try:
        return _decode(data, view, base, start, Trimmer())
    except msgspec.DecodeError as exc:
        if len(data) <= EXACT_ERRORS_UP_TO:
            text = data[base:].decode("utf-8")
            doc = parse_structured(text, label, fmt="json")[0]   # raises, or reads what msgspec does not
            return Decoded(iter([(doc, 1, json_lines(text))]))
        found = _BYTE.search(str(exc))
        message = _BYTE.sub("", str(exc).removeprefix("JSON is malformed: ")).strip()
        where = _line_column(data, base + int(found.group(1))) if found else ""
        if message == "trailing characters":
            message = "extra data after the top-level value"
        elif message == "Input data was truncated":
            message, where = "unexpected end of the data", _line_column(data, len(data.rstrip()))
        raise InputError.single(label, where, f"invalid JSON: {message}") from None


def _decode(data: bytes | bytearray, view: memoryview, base: int, start: int, trimmer: Trimmer) -> Decoded:
    _, fields, entries = _decoders()
    first = data[start:start + 1]
    line = 1 + data.count(b"\n", 0, start)
    if first == b"[":
        return _array(data, entries.decode(view), trimmer, start, line, None)
    if first != b"{":
        return Decoded(iter([(msgspec.json.decode(view), line, Lines(line))]))
    whole = _whole_list(data, view, start, trimmer)
    if whole is not None:
        return whole
    try:
        listed: _ListFields | None = _list_decoder().decode(view)
    except msgspec.ValidationError:
        listed = None
    if listed is not None and "items" in listed and (found := _list_fields(data, start, listed)):
        return _array(data, listed["items"], trimmer, *found)
    top = fields.decode(view)   # not a List with only the usual fields: every field undecoded
    items = top.get("items")
    if items is not None and bytes(memoryview(items)[:1]) == b"[" and (found := _list_fields(data, start, top)):
        return _array(data, entries.decode(items), trimmer, *found)   # every key is in top: found unless no List
    value, trimmed = trimmer.item(view)
    return Decoded(iter([(value, line, None if trimmed else _shifted(json_lines(_text(view)), line - 1))]))


def _whole_list(data: bytes | bytearray, view: memoryview, start: int, trimmer: Trimmer) -> Decoded | None:
    """A List whose items all have the shapes the scan keeps, decoded in one pass: the common dump, without a
    decoder call and a ``Raw`` per item. None for anything else (an item of another shape, a List inside, a field
    the walk to ``items`` does not know), which is decoded item by item instead."""
    try:
        listed = _whole_list_decoder().decode(view)
    except msgspec.ValidationError:
        return None
    found = _list_fields(data, start, listed) if "items" in listed else None
    if found is None:
        return None
    at, line, item_kind, metadata = found
    trimmed = listed["items"]
    if not trimmer.trim_all(trimmed, item_kind):   # a List among the items
        return None
    lines = ItemLines(data, lambda: _list_decoder().decode(view)["items"], len(trimmed), at, line)
    return Decoded(zip(trimmed, range(len(trimmed)), repeat(None)), item_kind, metadata, lines)


def _is_list(kind: Any) -> TypeGuard[str]:
    """Whether an object's kind names a List (``List``, ``PodList``, …)."""
    return isinstance(kind, str) and kind.endswith("List")


def _list_fields(data: bytes | bytearray, start: int, fields: Any) -> tuple[int, int, str | None, Any] | None:
    """Of a List whose ``kind`` and ``metadata`` ``fields`` holds undecoded: where its items array starts (offset
    and line), the kind of its items and its metadata. None when it is no List, or a field before ``items`` is
    not in ``fields``."""
    kind = msgspec.json.decode(fields["kind"]) if "kind" in fields else None
    if not _is_list(kind):
        return None
    at = _value_at(data, start, fields, "items")
    if at is None:
        return None
    metadata = msgspec.json.decode(fields["metadata"]) if "metadata" in fields else None
    return at, 1 + data.count(b"\n", 0, at), kind[: -len("List")] or None, metadata


def _array(data: bytes | bytearray, raws: list[msgspec.Raw], trimmer: Trimmer, at: int, line: int,
           kind: str | None, metadata: Any = None) -> Decoded:
    """The entries of the array at offset ``at`` (on ``line``), decoded one by one, each with its index."""
    lines = ItemLines(data, lambda: raws, len(raws), at, line)
    return Decoded(_items(raws, lines, trimmer, kind), kind, metadata, lines)


def _items(raws: list[msgspec.Raw], lines: ItemLines, trimmer: Trimmer, kind: str | None) -> Iterator[Entry]:
    item = trimmer.item
    for index, raw in enumerate(raws):
        value, trimmed = item(raw, kind)
        if trimmed:
            yield value, index, None
        else:   # parsed whole: where its own entries start is needed now
            yield value, index, _shifted(json_lines(_text(raw)), lines.line(index) - 1)


def _null(raw: msgspec.Raw) -> bool:
    return len(raw) == 4 and bytes(raw) == b"null"


def _text(raw: Any) -> str:
    """One value's text, from its first character on (lines counted from there)."""
    text = bytes(raw).decode("utf-8")
    return text[len(text) - len(text.lstrip()):]


def _shifted(lines: Lines, by: int) -> Lines:
    return Lines(lines.line + by, tuple(_shifted(entry, by) for entry in lines.items))


def _value_at(data: bytes | bytearray, start: int, top: Any, wanted: str) -> int | None:
    """The offset of the array of the top-level key ``wanted``, walking the keys before it (each value's length is
    its ``Raw``'s in ``top``; None when a key before it is not there); a key given twice is an error, as it would
    hide which value counts."""
    pos = _WS.match(data, start + 1).end()  # type: ignore[union-attr]
    while True:
        found = _STRING.match(data, pos)
        if found is None:   # unreachable for JSON msgspec decoded
            raise msgspec.DecodeError("JSON is malformed: expected a key")
        key = json.loads(found.group())
        pos = _WS.match(data, _WS.match(data, found.end()).end() + 1).end()  # type: ignore[union-attr]
        if key == wanted:
            if data[pos:pos + 1] != b"[":
                raise _twice(key)
            return pos
        if key not in top:
            return None
        raw = bytes(top[key])
        if data[pos:pos + len(raw)] != raw:
            raise _twice(key)
        pos = _SEPARATOR.match(data, pos + len(raw)).end()  # type: ignore[union-attr]


def _twice(key: str) -> msgspec.DecodeError:
    return msgspec.DecodeError(f"JSON is malformed: key {key!r} given twice in the top-level object")


def _line_column(data: bytes | bytearray, pos: int) -> str:
    line_start = data.rfind(b"\n", 0, pos) + 1
    line = data.count(b"\n", 0, pos) + 1
    return f"line {line}, column {pos - line_start + 1}"
