"""Issue 16, item 10 (snapshots): one documented cap for snapshot files and stdin alike.

JSON files were streamed with no cap while stdin was read whole and capped at 256 MB. Now both are capped at
``MAX_SNAPSHOT_BYTES`` (named in the message) and large JSON on stdin is streamed as a file's is.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from readiness.errors import InputError
from readiness.scan import snapshot
from readiness.scan.inventory import build_inventory
from readiness.scan.snapshot import MAX_SNAPSHOT_BYTES, load_snapshot
from tests.scan.scan_helpers import realdata_dir, run_cli
from tests.scan.test_snapshot_inputs import DEPLOYMENT, assert_one_error

MiB = 1024 * 1024
DUMP = realdata_dir() / "derived-online-boutique-list" / "online-boutique.kubectl-list.json"


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room (a refused file must be refused from its size)."""
    with path.open("wb") as fh:
        fh.truncate(size)
    return path


def stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_the_cap_holds_a_100k_pod_dump_and_is_documented() -> None:
    assert 850 * MiB <= snapshot.MAX_SNAPSHOT_BYTES, "kubectl get -o json of 100 000 pods is about 850 MiB"
    assert "MAX_SNAPSHOT_BYTES" in (snapshot.__doc__ or "")


@pytest.mark.parametrize("name", ["dump.json", "dump"])
def test_a_file_over_the_cap_is_one_line_naming_it(name: str, tmp_path: Path) -> None:
    path = sparse(tmp_path / name, MAX_SNAPSHOT_BYTES + 1)
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(path), "-o", str(out), timeout=30)
    assert_one_error(result, f"{path}: is 1,024.0 MiB; a snapshot (a file or stdin) is limited to 1,024 MiB", out)
    assert "split the dump" in result.stderr


def test_a_file_over_the_cap_in_a_folder_is_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    big = sparse(tmp_path / "huge.json", MAX_SNAPSHOT_BYTES + 1)
    out = tmp_path / "out" / "scan.json"
    result = run_cli("scan", "--snapshot", str(tmp_path), "-o", str(out), timeout=30)
    assert result.returncode == 0, result.stderr
    assert f"{big}: is 1,024.0 MiB; a snapshot (a file or stdin) is limited to 1,024 MiB" in result.stderr
    assert json.loads(out.read_text())["clusters"][0]["totals"]["workloads"] == 1


def test_stdin_and_a_file_share_the_cap(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    data = DUMP.read_bytes()
    monkeypatch.setattr(snapshot, "MAX_SNAPSHOT_BYTES", len(data) - 1)
    copy = tmp_path / "dump.json"
    copy.write_bytes(data)
    with pytest.raises(InputError, match=r"is .* MiB; a snapshot \(a file or stdin\) is limited to "):
        load_snapshot(str(copy))
    stdin(monkeypatch, data)
    with pytest.raises(InputError, match=r"<stdin>: is larger than .* MiB; a snapshot \(a file or stdin\) is "
                                         r"limited to "):
        load_snapshot("-")
    monkeypatch.setattr(snapshot, "MAX_SNAPSHOT_BYTES", len(data))
    stdin(monkeypatch, data)
    assert load_snapshot("-").of_kind("Deployment")


def test_json_on_stdin_is_read_in_blocks_to_the_same_inventory(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = build_inventory(load_snapshot(str(DUMP)))
    monkeypatch.setattr(snapshot, "HEAD_BYTES", 100)
    monkeypatch.setattr(snapshot, "STDIN_BLOCK", 97)    # blocks end mid-token, many times
    data = "\ufeff".encode() + DUMP.read_bytes()         # with a byte order mark, as PowerShell writes
    stdin(monkeypatch, data)
    reads: list[int] = []
    buffer = sys.stdin.buffer
    original = buffer.read

    def counting_read(size: int = -1) -> bytes:
        reads.append(size)
        return original(size)

    monkeypatch.setattr(buffer, "read", counting_read)
    from_stdin = build_inventory(load_snapshot("-"))
    assert from_stdin.model_dump(exclude={"name", "source"}) == parsed.model_dump(exclude={"name", "source"})
    assert len(reads) > len(data) // 97 and max(reads) <= 100, "stdin was read in blocks, never whole"


def test_binary_data_on_stdin_is_named_and_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin(monkeypatch, b"{" + bytes(range(1, 256)) * 100)
    with pytest.raises(InputError, match=r"<stdin>: is not a text file \(binary data"):
        load_snapshot("-")
