"""Issue 16, items 2 and 3: inputs that hold no document, and inputs that are not regular files.

Every loader reads through ``readiness.io.files``; these tests go through the real command line, one process
per case, so an ``IndexError`` (exit 3) or a read that blocks (the timeout) fails them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

EMPTY_DOCUMENTS = {
    "comment": b"# nothing here yet\n",
    "separator": b"---\n",
    "tilde": b"~\n",
    "separators-and-comments": b"# a\n---\n# b\n---\n",
    "null-document": b"--- ~\n...\n",
}
TIMEOUT = 20
"""Seconds a refused input may take at most: the process must answer at once, not block on an open()."""


def readiness(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m readiness ARGS``: output captured, never interactive, killed after TIMEOUT seconds."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    env.pop("READINESS_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "readiness", *args],
                          input=stdin.decode("latin-1") if stdin is not None else None,
                          stdin=subprocess.DEVNULL if stdin is None else None, capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=TIMEOUT, check=False)


def assert_one_line(result: subprocess.CompletedProcess[str], name: str, fragment: str) -> str:
    """Exit 1, no traceback, nothing on stdout, exactly one error line naming ``name`` and saying ``fragment``."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"readiness: error: {name}: "), lines[0]
    assert fragment in lines[0], lines[0]
    assert result.stdout == ""
    return lines[0]


@pytest.fixture(scope="module")
def assessment(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid saved Assessment for the ``report`` cases."""
    path = tmp_path_factory.mktemp("assessment") / "assessment.json"
    result = readiness("assess", str(EXAMPLES / "startup.yaml"), "-o", str(path))
    assert result.returncode == 0, result.stderr
    return path


def commands(assessment: Path) -> dict[str, Callable[[str], list[str]]]:
    """Each loader, given one input path, as a command line."""
    return {
        "answers": lambda p: ["assess", p, "-o", os.devnull],
        "assessment": lambda p: ["report", p, "--format", "md", "-o", os.devnull],
        "questionnaire": lambda p: ["questionnaire", "validate", p],
        "brand": lambda p: ["report", str(assessment), "--brand", p, "--format", "md", "-o", os.devnull],
        "assess --questionnaire": lambda p: ["assess", str(EXAMPLES / "startup.yaml"), "--questionnaire", p,
                                             "-o", os.devnull],
    }


LOADERS = ("answers", "assessment", "questionnaire", "brand", "assess --questionnaire")


# ----- item 2: empty documents ----------------------------------------------------------------------------

@pytest.mark.parametrize("content", sorted(EMPTY_DOCUMENTS))
@pytest.mark.parametrize("loader", LOADERS)
def test_a_file_without_a_document_is_one_line_not_an_internal_error(
        loader: str, content: str, assessment: Path, tmp_path: Path) -> None:
    path = tmp_path / "input.yaml"
    path.write_bytes(EMPTY_DOCUMENTS[content])
    result = readiness(*commands(assessment)[loader](str(path)))
    assert_one_line(result, str(path), "is empty (no document")


@pytest.mark.parametrize("content", sorted(EMPTY_DOCUMENTS))
@pytest.mark.parametrize("command", [["assess", "-", "-o", os.devnull], ["report", "-", "--format", "md"]])
def test_stdin_without_a_document_is_one_line(command: list[str], content: str) -> None:
    result = readiness(*command, stdin=EMPTY_DOCUMENTS[content])
    assert_one_line(result, "<stdin>", "is empty (no document")


def test_the_message_names_what_was_expected(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes(b"# only a comment\n")
    line = assert_one_line(readiness("assess", str(path)), str(path), "is empty (no document")
    assert "expected an answers file" in line


def test_a_real_document_after_comments_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_bytes(b"# my answers\n---\n" + (EXAMPLES / "startup.yaml").read_bytes())
    result = readiness("assess", str(path), "--format", "json", "-o", str(tmp_path / "a.json"))
    assert result.returncode == 0, result.stderr


# ----- item 3: inputs that are not regular files ------------------------------------------------------------

@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO nobody writes to: opening it for reading blocks forever."""
    path = tmp_path / "input.yaml"
    os.mkfifo(path)
    yield path


@pytest.mark.parametrize("loader", LOADERS)
def test_a_fifo_given_as_input_is_refused_at_once(loader: str, fifo: Path, assessment: Path) -> None:
    result = readiness(*commands(assessment)[loader](str(fifo)))
    assert_one_line(result, str(fifo), "is a FIFO (named pipe), not a regular file")


def test_a_fifo_given_as_snapshot_file_is_refused_at_once(fifo: Path, tmp_path: Path) -> None:
    out = tmp_path / "scan.json"
    result = readiness("scan", "--snapshot", str(fifo), "-o", str(out))
    assert_one_line(result, str(fifo), "is a FIFO (named pipe), not a regular file")
    assert not out.exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_a_fifo_given_as_kubeconfig_is_refused_at_once(how: str, fifo: Path, tmp_path: Path) -> None:
    args = ["scan", "-o", str(tmp_path / "scan.json")]
    if how == "option":
        args += ["--kubeconfig", str(fifo)]
        result = readiness(*args)
    else:
        env = {**os.environ, "KUBECONFIG": str(fifo), "NO_COLOR": "1"}
        env.pop("READINESS_DEBUG", None)
        result = subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, env=env, timeout=TIMEOUT, check=False)
    assert_one_line(result, str(fifo), "is a FIFO (named pipe), not a regular file")


def test_a_socket_given_as_input_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.yaml"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        result = readiness("assess", str(path), "-o", os.devnull)
    assert_one_line(result, str(path), "is a socket, not a regular file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_given_as_input_is_refused(device: str) -> None:
    result = readiness("assess", device, "-o", os.devnull)
    assert_one_line(result, device, "is a device, not a regular file")
    result = readiness("scan", "--snapshot", device, "-o", os.devnull)
    assert_one_line(result, device, "is a device, not a regular file")


def test_stdin_may_still_be_a_pipe(tmp_path: Path) -> None:
    result = readiness("assess", "-", "--format", "json", "-o", str(tmp_path / "a.json"),
                       stdin=(EXAMPLES / "startup.yaml").read_bytes())
    assert result.returncode == 0, result.stderr
