"""Where the interview keeps its files: the answers file, the resume file, and the command to continue."""

from __future__ import annotations

import json
import shlex
from collections.abc import Sequence
from pathlib import Path

import yaml

from readiness.io.files import STDOUT, atomic_write
from readiness.models import AnswersFile

PARTIAL_SUFFIX = ".partial.yaml"
STDOUT_PARTIAL = "readiness-answers" + PARTIAL_SUFFIX
"""The resume file when the answers go to stdout (``-o -``)."""


def partial_path(output: str) -> str:
    """The resume file kept beside the answers file: ``answers.yaml`` → ``answers.partial.yaml``."""
    if output == STDOUT:
        return STDOUT_PARTIAL
    path = Path(output)
    name = path.name
    for suffix in (".yaml", ".yml", ".json"):
        if name.lower().endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    return str(path.with_name(name + PARTIAL_SUFFIX))


def dump_answers_file(answers_file: AnswersFile) -> str:
    """An answers file as YAML, in a stable, round-trippable form."""
    data = answers_file.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if not data.get("notes"):
        data.pop("notes", None)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def dump_answers(answers_file: AnswersFile, path: str) -> str:
    """An answers file as text for ``path``: JSON for ``*.json``, else YAML (both stable and round-trippable)."""
    if path.lower().endswith(".json"):
        data = answers_file.model_dump(mode="json", exclude_none=True)
        if not data.get("notes"):
            data.pop("notes", None)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return dump_answers_file(answers_file)


def write_answers(answers_file: AnswersFile, path: str) -> None:
    """Save an answers file atomically (``-``: stdout)."""
    atomic_write(path, dump_answers(answers_file, path))


def resume_command(partial: str, output: str, options: Sequence[str] = (), program: str = "readiness") -> str:
    """The exact command that continues an interrupted interview, quoted for a POSIX shell (``program`` is quoted
    already: how this run was started).

    ``options`` are the other options that shaped the run (questionnaire, pre-fill, scan, rates), as typed.
    """
    return " ".join([program, shlex.join(["interview", "--resume", partial, "-o", output, *options])])
