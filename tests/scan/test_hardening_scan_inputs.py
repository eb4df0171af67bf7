"""Issue 16, items 2, 3 and 6 for scan inputs: symlink loops, FIFOs and binary data, given directly or in folders.

A path given directly is one error line (exit 1); inside a snapshot or ``--source`` folder it is skipped with a
warning naming what it is, and the rest is scanned. Binary data is called binary data, never a Helm template.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from tests.scan.scan_helpers import run_cli
from tests.scan.test_snapshot_inputs import DEPLOYMENT, assert_one_error


def symlink_loop(folder: Path, name: str) -> Path:
    """Two links pointing at each other; ``folder/name`` is one of them."""
    first, second = folder / name, folder / f".{name}.other"
    first.symlink_to(second.name)
    second.symlink_to(first.name)
    return first


def random_bytes(size: int, *, nul: bool) -> bytes:
    """Deterministic random data, with ``{{`` and ``}}`` in it (a template check must not be fooled by them)."""
    data = bytearray(random.Random(16).randbytes(size))
    if not nul:
        data = bytearray(b or 1 for b in data)
    data[100:104] = b"{{ }}"[:4]
    data[200:202] = b"}}"
    return bytes(data)


# ----- symlink loops ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["loop.yaml", "loop"])
def test_a_symlink_loop_given_as_snapshot_is_one_line(name: str, tmp_path: Path) -> None:
    loop = symlink_loop(tmp_path, name)
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(loop), "-o", str(out))
    assert_one_error(result, "is a symlink loop, not a regular file", out)
    assert f"readiness: error: {loop}: " in result.stderr


def test_symlink_loops_in_a_snapshot_folder_are_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    loop = symlink_loop(tmp_path, "loop.yaml")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "self.yaml").symlink_to("self.yaml")
    (tmp_path / "sub" / "up").symlink_to("..")          # a cycle of folders: not followed
    out = tmp_path / "out" / "scan.json"
    result = run_cli("scan", "--snapshot", str(tmp_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"{loop}: not a regular file (a symlink loop); skipped" in result.stderr
    assert f"{tmp_path / 'sub' / 'self.yaml'}: not a regular file (a symlink loop); skipped" in result.stderr
    assert json.loads(out.read_text())["clusters"][0]["totals"]["workloads"] == 1


def test_symlink_loops_in_a_source_folder_are_skipped_with_a_warning(tmp_path: Path) -> None:
    services = tmp_path / "src"
    (services / "cart").mkdir(parents=True)
    (services / "cart" / "go.mod").write_text("module cart\n")
    (services / "web").mkdir()
    dockerfile = symlink_loop(services / "web", "Dockerfile")
    package = symlink_loop(services / "cart", "package.json")
    symlink_loop(services, "api")                       # a loop where a service folder would be
    (services / "cart" / "up").symlink_to("..")
    (tmp_path / "k8s.yaml").write_text(DEPLOYMENT)
    result = run_cli("scan", "--snapshot", str(tmp_path / "k8s.yaml"), "--source", str(services))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert f"{dockerfile}: not a regular file (a symlink loop); ignored" in result.stderr
    assert f"{package}: not a regular file (a symlink loop); ignored" in result.stderr
    findings = {f["name"]: f["language"] for f in json.loads(result.stdout)["sources"]}
    assert findings == {"cart": "go"}


def test_a_symlink_loop_given_as_source_is_one_line(tmp_path: Path) -> None:
    loop = symlink_loop(tmp_path, "src")
    (tmp_path / "k8s.yaml").write_text(DEPLOYMENT)
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(tmp_path / "k8s.yaml"), "--source", str(loop), "-o", str(out))
    assert_one_error(result, f"{loop}: is a symlink loop, not a directory (--source expects a source checkout)",
                     out)


# ----- FIFOs and binary data ---------------------------------------------------------------------------------

def test_a_fifo_given_as_snapshot_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "dump.json"
    os.mkfifo(fifo)                                    # no writer: opening it for reading blocks forever
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(fifo), "-o", str(out), timeout=20)
    assert_one_error(result, "is a FIFO (named pipe), not a regular file; expected a snapshot file", out)


@pytest.mark.parametrize("nul", [True, False], ids=["with-nul", "without-nul"])
def test_a_binary_snapshot_file_is_called_binary_data(nul: bool, tmp_path: Path) -> None:
    path = tmp_path / "dump.yaml"
    path.write_bytes(random_bytes(300_000, nul=nul))
    out = tmp_path / "scan.json"
    result = run_cli("scan", "--snapshot", str(path), "-o", str(out))
    line = result.stderr.strip()
    assert_one_error(result, "is not a text file (binary data", out)
    assert "template" not in line.lower()


def test_a_binary_file_in_a_snapshot_folder_is_skipped_as_binary_data(tmp_path: Path) -> None:
    (tmp_path / "app.yaml").write_text(DEPLOYMENT)
    (tmp_path / "noise.yaml").write_bytes(random_bytes(300_000, nul=False))
    out = tmp_path / "out" / "scan.json"
    result = run_cli("scan", "--snapshot", str(tmp_path), "-o", str(out))
    assert result.returncode == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if "noise.yaml" in line]
    assert "is not a text file (binary data" in warning and "template" not in warning.lower()
    assert json.loads(out.read_text())["clusters"][0]["totals"]["workloads"] == 1


def test_a_device_given_as_snapshot_is_refused() -> None:
    result = run_cli("scan", "--snapshot", "/dev/urandom", "-o", os.devnull, timeout=20)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == ("readiness: error: /dev/urandom: is a device, not a regular file; expected a "
                                     "snapshot file; to read from a pipe, pass - and feed it on stdin")
