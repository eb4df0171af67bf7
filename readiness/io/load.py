"""One loader for every document the tool reads: read defensively, then validate (:mod:`readiness.io.validate`).

Answers, assessments, questionnaires, plan catalogues, scan signatures, mesh catalogues and brand files all come
in this way, so every problem is reported alike: one line naming the file, the field and what was expected.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from readiness.errors import InputError, Problem
from readiness.io.files import MiB, display_name, load_document
from readiness.io.kinds import DocumentKind
from readiness.io.validate import Model, RawCheck, parse_model


def load_model(path: str | Path, model: type[Model], *, what: str, max_bytes: int = MiB,
               kind: DocumentKind | None = None, title: str | None = None, before: RawCheck | None = None,
               invalid: RawCheck | None = None, after: Callable[[Model, str], Iterable[Problem]] | None = None,
               error: type[InputError] = InputError, max_problems: int | None = None) -> Model:
    """Read ``path`` (``-`` for stdin, at most ``max_bytes``) and return it as ``model``; raise ``error`` listing
    every problem (the arguments are those of :func:`~readiness.io.validate.parse_model`)."""
    raw = load_document(path, what=what, max_bytes=max_bytes)
    return parse_model(raw, model, display_name(path), what=what, kind=kind, title=title, before=before,
                       invalid=invalid, after=after, error=error, max_problems=max_problems)
