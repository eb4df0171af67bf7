"""Checks of the files a command is asked to write, made before any work: never an input, never a folder, never
JSON under a report's name."""

from __future__ import annotations

import os
from pathlib import Path

from readiness.errors import UsageError


def check_output(option: str, path: str | None, *inputs: str | None) -> None:
    """Refuse an output path that is empty, a directory, or one of the command's inputs."""
    if path is None or path == "-":
        return
    if not path.strip():
        raise UsageError(f"{option}: the path is empty; name a file (or - for stdout)")
    target = Path(path)
    if path.endswith(("/", os.sep)) or target.is_dir():
        raise UsageError(f"{option} {path}: is a directory; name a file in it")
    if not target.exists():
        return
    resolved = target.resolve()
    for source in inputs:
        if not source or source == "-" or not Path(source).exists():
            continue
        origin = Path(source).resolve()
        if resolved == origin or (origin.is_dir() and origin in resolved.parents):
            raise UsageError(f"{option} {path}: would overwrite an input ({source}); write the output to "
                             f"another file")


REPORT_SUFFIXES = (".pdf", ".html", ".htm")
"""File names that ask for a report, which only ``--report`` and ``readiness report`` write."""
REPORT_HINT = ("a PDF or HTML report is written by 'readiness assess ANSWERS --report FILE' or by "
               "'readiness report ASSESSMENT'")


def refuse_report_name(option: str, path: str | None, writes: str) -> None:
    """Refuse a ``.pdf``/``.html`` name for an output that is not a report: it would hold JSON under that name."""
    if path and path != "-" and Path(path).suffix.lower() in REPORT_SUFFIXES:
        raise UsageError(f"{option} {path}: {option} writes {writes}; {REPORT_HINT}")
