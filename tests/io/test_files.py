"""Atomic writes: whole files or nothing, and special files left as they are."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from readiness.errors import ReadinessError
from readiness.io.files import atomic_write


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.json"
    atomic_write(target, "first")
    atomic_write(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["out.json"]


def test_atomic_write_leaves_devices_and_pipes_in_place(tmp_path: Path) -> None:
    atomic_write(os.devnull, "discarded")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode), "/dev/null must stay a character device"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_atomic_write_refuses_a_directory(tmp_path: Path) -> None:
    with pytest.raises(ReadinessError, match="is a directory"):
        atomic_write(tmp_path, "x")


def test_a_document_in_parts_is_written_whole_everywhere(tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
                                                         ) -> None:
    """A large document and its final newline are written one after the other (not joined first): to a file, to a
    pipe and to stdout alike."""
    parts = (b'{"a": 1}', b"", b"\n")
    target = tmp_path / "out.json"
    atomic_write(target, parts)
    assert target.read_bytes() == b'{"a": 1}\n'
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, parts)
        assert os.read(reader, 100) == b'{"a": 1}\n'
    finally:
        os.close(reader)
    atomic_write("-", parts)
    assert capfdbinary.readouterr().out == b'{"a": 1}\n'
