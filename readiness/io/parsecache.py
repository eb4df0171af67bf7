"""Parsed bundled rule tables, cached as MessagePack by their bytes (as Python caches bytecode).

A scan reads two bundled YAML tables (signatures, multicluster signatures). Importing PyYAML and parsing them
costs about 15 ms of every scan, a twentieth of a 20 000-pod snapshot scan (issue 17). The first run parses
them and writes what it parsed to the cache; later runs read it back, without importing PyYAML, as long as the
table's bytes are the same. The cache holds the parsed document, not the record: each run still converts it to
the record type it defines (so a changed record type never reads a stale shape), and every problem is found as
before.

The cache lives in ``$READINESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/readiness``, else ``~/.cache/readiness``.
Anything wrong with it (missing, unreadable, not writable, corrupt) only means the table is parsed again; a
document MessagePack cannot give back as parsed (a date, a set) is never cached.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path
from typing import Any

import msgspec

from readiness.errors import ReadinessError
from readiness.io.files import MiB, atomic_write, format_for, parse_document, read_bytes

CACHE_ENV = "READINESS_CACHE_DIR"
FORMAT = "p1"
"""Part of every entry's name: a new format makes every old entry unread."""


def cache_dir() -> Path:
    """Where parsed tables are cached (see the module docstring)."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "readiness"


def load_cached_document(path: str | Path, *, what: str, max_bytes: int = MiB) -> Any:
    """One JSON/YAML document of a bundled file, as :func:`readiness.io.files.load_document` parses it, read
    from the cache when the file's bytes were parsed before."""
    data = read_bytes(path, max_bytes=max_bytes, what=what)
    entry = cache_dir() / f"{FORMAT}-{format_for(path)}-{len(data)}-{zlib.crc32(data):08x}.msgpack"
    try:
        source, document = msgspec.msgpack.decode(entry.read_bytes(), type=tuple[bytes, Any])
        if source == data:   # the name only narrows it down: the entry holds the very bytes it parsed
            return document
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        pass
    document = parse_document(data, path, what=what)
    _store(entry, data, document)
    return document


def _store(entry: Path, data: bytes, document: Any) -> None:
    """Write the bytes parsed and ``document`` to the cache, atomically; nothing when it cannot be written or
    read back the same."""
    try:
        blob = msgspec.msgpack.encode((data, document))
        if msgspec.msgpack.decode(blob, type=tuple[bytes, Any])[1] != document:
            return
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(entry, blob)
    except (OSError, ReadinessError, TypeError, ValueError, msgspec.EncodeError):
        return
