"""Bundled rule tables' parses cached by the hash of their bytes (issue 17: a scan need not import PyYAML)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import msgspec
import pytest

from readiness.errors import RulesError
from readiness.io import parsecache
from readiness.io.records import load_record
from readiness.scan.signatures import Signatures, load_signatures

TABLE = "version: 1\nnames: [a, b]\nports: {http: 80}\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(parsecache.CACHE_ENV, str(folder))
    return folder


def parses(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bytes of every document the cache parses from now on."""
    seen: list[bytes] = []
    real = parsecache.parse_document

    def counting(data: bytes, *args: Any, **kwargs: Any) -> Any:
        seen.append(data)
        return real(data, *args, **kwargs)

    monkeypatch.setattr(parsecache, "parse_document", counting)
    return seen


def test_the_second_load_reads_the_cache_and_a_changed_table_is_parsed_again(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "table.yaml"
    table.write_text(TABLE)
    seen = parses(monkeypatch)
    first = parsecache.load_cached_document(table, what="table")
    assert first == {"version": 1, "names": ["a", "b"], "ports": {"http": 80}} and len(seen) == 1
    assert len(list(cache.glob("*.msgpack"))) == 1
    assert parsecache.load_cached_document(table, what="table") == first and len(seen) == 1
    table.write_text(TABLE.replace("80", "8080"))
    assert parsecache.load_cached_document(table, what="table")["ports"] == {"http": 8080} and len(seen) == 2


@pytest.mark.parametrize("stale", [
    b"\xc1 not msgpack",
    # entries are named by size and CRC: two texts may share a name, so the entry's own bytes decide
    msgspec.msgpack.encode((TABLE.replace("a", "x").encode(), {"version": 666})),
], ids=["corrupt", "other-bytes"])
def test_an_entry_that_is_not_this_tables_is_parsed_again_and_replaced(
        stale: bytes, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "table.yaml"
    table.write_text(TABLE)
    parsecache.load_cached_document(table, what="table")
    [entry] = cache.glob("*.msgpack")
    entry.write_bytes(stale)
    seen = parses(monkeypatch)
    assert parsecache.load_cached_document(table, what="table")["version"] == 1 and len(seen) == 1
    assert msgspec.msgpack.decode(entry.read_bytes())[1]["names"] == ["a", "b"]


def test_a_cache_that_cannot_be_written_only_means_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(parsecache.CACHE_ENV, str(blocker / "cache"))
    table = tmp_path / "table.yaml"
    table.write_text(TABLE)
    seen = parses(monkeypatch)
    for _ in range(2):
        assert parsecache.load_cached_document(table, what="table")["version"] == 1
    assert len(seen) == 2 and blocker.read_text() == "not a folder"


def test_a_document_msgpack_would_change_is_not_cached(tmp_path: Path, cache: Path) -> None:
    table = tmp_path / "table.yaml"
    table.write_text("when: 2026-01-01\nset: !!set {a: null}\n")
    assert parsecache.load_cached_document(table, what="table") == {"when": dt.date(2026, 1, 1), "set": {"a"}}
    assert list(cache.glob("*")) == []


def test_an_invalid_table_names_the_same_problems_from_the_cache(tmp_path: Path, cache: Path) -> None:
    table = tmp_path / "signatures.yaml"
    table.write_text("version: one\n")
    messages = []
    for _ in range(2):
        with pytest.raises(RulesError) as caught:
            load_record(table, Signatures, what="signatures", error=RulesError, bundled=True)
        messages.append(str(caught.value))
    assert len(list(cache.glob("*.msgpack"))) == 1
    assert messages[0] == messages[1] and "version" in messages[0]


def test_the_bundled_signatures_are_the_same_parsed_or_cached(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_signatures.cache_clear()
    parsed = load_signatures()
    load_signatures.cache_clear()
    assert len(list(cache.glob("*.msgpack"))) == 1
    seen = parses(monkeypatch)
    assert load_signatures() == parsed and seen == []   # read back from the cache, not parsed
    load_signatures.cache_clear()


def test_the_folder_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(parsecache.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert parsecache.cache_dir() == tmp_path / "xdg" / "readiness"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parsecache.cache_dir() == tmp_path / "home" / ".cache" / "readiness"
