"""A corpus of bad answers files: each ends with exit 1, one clear line, no traceback, no output file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

CORPUS = Path(__file__).parent / "bad_answers"
CASES: dict[str, str] = yaml.safe_load((CORPUS / "cases.yaml").read_text())


def run_assess(answers: Path | str, out_dir: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("READINESS_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "readiness", "assess", str(answers), "-o", str(out_dir / "assessment.json")],
        input=stdin.decode("latin-1") if stdin is not None else None, capture_output=True, text=True,
        env=env, timeout=60, check=False)


def assert_one_clean_error(result: subprocess.CompletedProcess[str], name: str, fragment: str,
                           out_dir: Path) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith(f"readiness: error: {name}"), lines[0]
    assert fragment in lines[0], lines[0]
    assert result.stdout == ""
    assert list(out_dir.iterdir()) == [], "nothing may be written on failure"


def test_corpus_is_large_enough() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.name != "cases.yaml"}
    assert files == set(CASES), "every corpus file has an expected message and vice versa"
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_answers_file(name: str, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    path = CORPUS / name
    result = run_assess(path, out_dir)
    assert_one_clean_error(result, str(path), CASES[name], out_dir)


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as fh:
        fh.write("answers:\n  service_count: 3\n")
        fh.write(("# padding" + " " * 90 + "\n") * (50 * 1024 * 1024 // 100))
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_assess(big, out_dir)
    assert_one_clean_error(result, str(big), "answers files are limited to 1.0 MB", out_dir)


def test_binary_garbage(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(bytes(range(256)) * 64)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_assess(garbage, out_dir)
    assert_one_clean_error(result, str(garbage), "is not a text file (binary data at byte 0)", out_dir)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    missing = tmp_path / "nope.yaml"
    assert_one_clean_error(run_assess(missing, out_dir), str(missing), "no such file", out_dir)
    assert_one_clean_error(run_assess(tmp_path, out_dir), str(tmp_path), "is a directory", out_dir)


def test_garbage_on_stdin(tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_assess("-", out_dir, stdin=b"answers: [unclosed\n")
    assert_one_clean_error(result, "<stdin>", "invalid YAML", out_dir)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    answers = tmp_path / "several.yaml"
    answers.write_text("answers:\n  service_count: -1\n  architecture: soa\n  languages: [go, klingon]\n"
                       "  servce_count: 3\n")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_assess(answers, out_dir)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert len(lines) == 4, result.stderr
    fields = sorted(line.split(": ")[3] for line in lines)
    assert fields == ["answers.architecture", "answers.languages", "answers.servce_count", "answers.service_count"]
    assert list(out_dir.iterdir()) == []
