"""Reading JSON/YAML inputs defensively and writing outputs atomically.

Every input problem becomes an :class:`InputError` naming the file; no parser exception escapes.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from readiness.errors import InputError, ReadinessError
from readiness.io.lines import Lines
from readiness.io.signals import deferred

MiB = 1024 * 1024

STDIN = "-"


def display_name(path: str | Path) -> str:
    """How a path is named in messages (``<stdin>`` for ``-``)."""
    return "<stdin>" if str(path) == STDIN else str(path)


def _a(what: str) -> str:
    """``what`` with its indefinite article (an answers file, a snapshot file)."""
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}"


def special_file_kind(path: str | Path) -> str | None:
    """What ``path`` is when reading it as a file would block or fail: ``a FIFO (named pipe)``, ``a socket``,
    ``a device``, ``a symlink loop`` or ``a broken symbolic link``. None for regular files, folders and
    paths that do not exist (opening those says so itself)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symlink loop"
        if exc.errno == errno.ENOENT and os.path.islink(path):
            return "a broken symbolic link"
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _mode_kind(mode)


def _mode_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file" if stat.S_ISREG(mode) else "a special file"


def not_regular(name: str, kind: str, what: str) -> InputError:
    """The error for an input named directly that is not a regular file (it is never opened)."""
    pipe = "; to read from a pipe, pass - and feed it on stdin" if "FIFO" in kind or "device" in kind else ""
    return InputError.single(name, "", f"is {kind}, not a regular file; expected {_a(what)} file{pipe}")


def read_bytes(path: str | Path, *, max_bytes: int, what: str) -> bytes:
    """Read a file (or stdin for ``-``) refusing anything larger than ``max_bytes``.

    A FIFO, socket or device named directly is refused before it is opened (reading one may block forever);
    only ``-`` reads a pipe.
    """
    name = display_name(path)
    try:
        if str(path) == STDIN:
            data = _read_stdin(name, max_bytes, what)
        else:
            data = _read_regular(Path(path), name, max_bytes, what)
    except FileNotFoundError:
        raise InputError.single(name, "", "no such file") from None
    except PermissionError:
        raise InputError.single(name, "", "permission denied") from None
    except IsADirectoryError:
        raise InputError.single(name, "", f"is a directory; expected {_a(what)} file") from None
    except OSError as exc:
        raise InputError.single(name, "", f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:
        raise InputError.single(name, "", f"is larger than {_human(max_bytes)}, the limit for {what} files")
    return data


def _read_stdin(name: str, max_bytes: int, what: str) -> bytes:
    return stdin_binary(what).read(max_bytes + 1)


def stdin_binary(what: str) -> BinaryIO:
    """Standard input (``-``) as bytes, to be read by the caller; on a terminal, how to end it is said first."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError.single(display_name(STDIN), "", "is closed; pass a file instead of -")
    if sys.stdin.isatty():
        print(f"readiness: reading {_a(what)} file from the terminal; end it with Ctrl-D", file=sys.stderr)
    return sys.stdin.buffer


def _read_regular(path: Path, name: str, max_bytes: int, what: str) -> bytes:
    """Read a regular file: checked before opening, opened without blocking and checked again once open."""
    if path.is_dir():
        raise InputError.single(name, "", f"is a directory; expected {_a(what)} file")
    kind = special_file_kind(path)
    if kind:
        raise not_regular(name, kind, what)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):   # replaced between the check and the open
            raise not_regular(name, _mode_kind(info.st_mode), what)
        if info.st_size > max_bytes:
            raise InputError.single(
                name, "", f"is {_human(info.st_size)}; {what} files are limited to {_human(max_bytes)}")
        return fh.read(max_bytes + 1)


_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
"""Bytes that text files do not hold: C0 controls other than tab, newlines, form feed and escape, and DEL."""
BINARY_SHARE = 0.01
"""Share of such bytes, in a file's first 64 KiB, from which it is called binary data rather than text."""


def looks_binary(data: bytes | bytearray) -> bool:
    """Whether ``data`` is binary rather than text in some encoding: a NUL byte, or control bytes throughout."""
    head = data[:65536]
    if b"\x00" in head:
        return True
    return len(_CONTROL.findall(head)) > BINARY_SHARE * max(len(head), 1)


def decode_text(data: bytes | bytearray, name: str) -> str:
    """Decode UTF-8 text, refusing binary data and empty input."""
    _check_start(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(data, name, exc.start) from None
    return text


VALIDATE_BLOCK = 16 * MiB


def check_text(data: bytes | bytearray, name: str) -> None:
    """Refuse what :func:`decode_text` refuses, without building the text (a large dump is checked block by block,
    and ASCII at once)."""
    _check_start(data, name)
    if data.isascii():
        return
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), VALIDATE_BLOCK):
        pending = len(decoder.getstate()[0])   # the start of a character cut at the previous block's end
        try:
            decoder.decode(view[start:start + VALIDATE_BLOCK], final=start + VALIDATE_BLOCK >= len(data))
        except UnicodeDecodeError as exc:
            raise _not_utf8(data, name, start - pending + exc.start) from None


def _check_start(data: bytes | bytearray, name: str) -> None:
    if not data or data.isspace():
        raise InputError.single(name, "", "is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(name, "", "is UTF-16 text (as PowerShell's > writes it); save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError.single(name, "", f"is not a text file (binary data at byte {nul})")


def _not_utf8(data: bytes | bytearray, name: str, at: int) -> InputError:
    if looks_binary(data):
        return InputError.single(name, "", f"is not a text file (binary data, invalid UTF-8 at byte {at})")
    return InputError.single(name, "", f"is not UTF-8 text (invalid byte at position {at})")


def parse_structured(text: str, name: str, *, fmt: str | None = None, multi: bool = False,
                     what: str | None = None, lines: list[Lines] | None = None) -> list[Any]:
    """Parse JSON or YAML text into documents (exactly one unless ``multi``).

    ``fmt`` is ``json``, ``yaml`` or None to guess from the first character. YAML that holds no document
    (only comments, ``---`` or ``~``) gives an empty list with ``multi``, else an error naming ``what``.
    ``lines``, when given, receives where each document (and each entry it lists) starts.
    """
    if fmt is None:
        fmt = "json" if text.lstrip()[:1] in ("{", "[") else "yaml"
    if fmt == "json":
        doc = _parse_json(text, name)
        if lines is not None:
            lines.append(json_lines(text))
        return [doc]
    from readiness.io.yamlparse import parse_yaml  # PyYAML, only for YAML

    docs = parse_yaml(text, name, lines)
    if not multi and not docs:
        expected = f"; expected {_a(what)} file" if what else ""
        raise InputError.single(name, "", f"is empty (no document: only comments, '---' or '~'){expected}")
    if not multi and len(docs) > 1:
        raise InputError.single(name, "", f"holds {len(docs)} YAML documents; expected one")
    return docs


def format_for(path: str | Path) -> str | None:
    """``json``/``yaml`` from a file extension, or None when it does not say."""
    suffix = Path(str(path)).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return None


def load_document(path: str | Path, *, what: str, max_bytes: int = MiB) -> Any:
    """Read and parse one JSON/YAML document from a file or stdin."""
    return parse_document(read_bytes(path, max_bytes=max_bytes, what=what), path, what=what)


def parse_document(data: bytes, path: str | Path, *, what: str) -> Any:
    """The one JSON/YAML document in ``data``, read from ``path`` (which names it and gives its format)."""
    name = display_name(path)
    return parse_structured(decode_text(data, name), name, fmt=format_for(path), what=what)[0]


def _reject_constant(token: str) -> Any:
    raise ValueError(f"{token} is not valid JSON")


class _DuplicateKey(ValueError):
    """A JSON object names the same key twice."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_pairs)
    except _DuplicateKey as exc:
        raise InputError.single(name, str(exc), "given twice in the same object; keep one") from None
    except json.JSONDecodeError as exc:
        raise InputError.single(
            name, f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise InputError.single(name, "", f"invalid JSON: {exc}") from None
    except RecursionError:
        raise InputError.single(name, "", "invalid JSON: nested too deeply") from None


_WS = re.compile(r"[ \t\r\n]*")


def json_lines(text: str) -> Lines:
    """Where valid JSON text's value starts, and its listed entries (see :class:`Lines`); line 1 when too deep."""
    counted = [0, 1]   # position up to which newlines are counted, and the line there

    def line_at(pos: int) -> int:
        counted[1] += text.count("\n", counted[0], pos)
        counted[0] = pos
        return counted[1]

    decoder = json.JSONDecoder()

    def walk(pos: int) -> tuple[Lines, int]:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        line, first = line_at(pos), text[pos:pos + 1]
        if first not in ("[", "{"):
            return Lines(line), decoder.raw_decode(text, pos)[1]
        entries: tuple[Lines, ...] = ()
        found: list[Lines] = []
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        while text[pos] not in "]}":
            if first == "[":
                entry, pos = walk(pos)
                found.append(entry)
            else:
                key, pos = decoder.raw_decode(text, pos)
                pos = _WS.match(text, _WS.match(text, pos).end() + 1).end()  # type: ignore[union-attr]
                if key == "items" and text[pos] == "[":
                    listed, pos = walk(pos)
                    entries = listed.items
                else:
                    pos = decoder.raw_decode(text, pos)[1]
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text[pos] == ",":
                pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
        return Lines(line, tuple(found) if first == "[" else entries), pos + 1

    try:
        return walk(0)[0]
    except (RecursionError, ValueError, IndexError):
        return Lines(1)


Content = str | bytes | tuple[bytes, ...]
"""What an output holds: text, bytes, or bytes in parts written one after another (a large document and its final
newline, without copying the document to join them)."""


def atomic_write(path: str | Path, data: Content) -> None:
    """Write a file atomically (temp file in the same folder, then rename); ``-`` writes stdout."""
    atomic_write_all([(path, data)])


def _parts(data: Content) -> tuple[bytes, ...]:
    if isinstance(data, str):
        return (data.encode("utf-8"),)
    return data if isinstance(data, tuple) else (data,)


def atomic_write_all(outputs: Sequence[tuple[str | Path, Content]]) -> None:
    """Write several outputs all or nothing: every temp file is written before any is renamed into place.

    ``-`` writes stdout and devices or pipes are written in place; both come after the files.
    """
    staged: list[tuple[str, Path]] = []
    direct: list[tuple[Path | None, tuple[bytes, ...]]] = []
    try:
        for path, data in outputs:
            payload = _parts(data)
            if str(path) == STDOUT:
                direct.append((None, payload))
                continue
            target = Path(path)
            if target.is_symlink():
                target = target.resolve()  # write through the link, keep the link
            if target.exists() and not target.is_file():
                direct.append((target, payload))
                continue
            _stage(target, payload, staged)
        for tmp, target in staged:
            try:
                os.replace(tmp, target)
            except OSError as exc:
                raise ReadinessError(f"{target}: cannot write ({exc.strerror or exc})") from None
    finally:   # also on Ctrl-C, SIGTERM and SIGHUP (readiness.io.signals): no temp file is left behind
        with deferred():
            for tmp, _ in staged:
                Path(tmp).unlink(missing_ok=True)
    for special, payload in direct:
        if special is None:
            _write_stdout(payload)
        else:
            _write_special(special, payload)


def _stage(target: Path, payload: tuple[bytes, ...], staged: list[tuple[str, Path]]) -> None:
    """Write ``payload`` to a temp file beside ``target``, recorded in ``staged`` (the caller removes it).

    The temp file is created and recorded with signals held back, so no signal can leave it unrecorded.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with deferred():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            staged.append((tmp, target))
    except OSError as exc:
        raise ReadinessError(f"{target}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            for part in payload:
                fh.write(part)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
    except OSError as exc:
        raise ReadinessError(f"{target}: cannot write ({exc.strerror or exc})") from None


STDOUT = "-"


def _write_stdout(payload: tuple[bytes, ...]) -> None:
    if sys.stdout is None or sys.stdout.closed:
        raise ReadinessError("stdout is closed; write to a file with -o FILE")
    try:
        for part in payload:
            sys.stdout.buffer.write(part)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise ReadinessError(f"stdout: cannot write ({exc.strerror or exc})") from None


def _write_special(target: Path, payload: tuple[bytes, ...]) -> None:
    """Devices and pipes (``/dev/null``, ``/dev/stdout``, a FIFO) are written in place, never replaced."""
    if target.is_dir():
        raise ReadinessError(f"{target}: is a directory; expected an output file")
    try:
        with target.open("wb") as fh:
            for part in payload:
                fh.write(part)
    except OSError as exc:
        raise ReadinessError(f"{target}: cannot write ({exc.strerror or exc})") from None


def _human(size: int) -> str:
    if size >= MiB:
        return f"{size / MiB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
