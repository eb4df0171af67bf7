"""How a use case talks to whoever runs it: callables for notices, warnings, result lines and scan progress.

The command line passes functions that write to stderr (:mod:`readiness.console.terminal`); tests and the
interview pass their own. The default says nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

Say = Callable[[str], None]
Progress = Callable[[str, int], None]


def _quiet(text: str) -> None:
    """Say nothing."""


def _let_go(value: object) -> None:
    """Keep nothing: the caller's last reference goes, and the value is freed then."""


class Ui(NamedTuple):
    """Where a use case reports: ``notice`` (what it is doing or waiting for), ``warn``, ``done`` (a result line
    for people, e.g. "Report written to r.pdf"), ``progress`` (a scan's per-cluster progress, or None); and
    whether stdout and stderr are terminals that take colour. A named tuple: made on every command's start, and
    without importing ``dataclasses`` (which nothing else a scan runs needs)."""

    notice: Say = _quiet
    warn: Say = _quiet
    done: Say = _quiet
    progress: Callable[[str], Progress] | None = None
    stdout_terminal: bool = False
    """stdout is a terminal: show people text there rather than a document."""
    stdout_color: bool = False
    stderr_terminal: bool = False
    stderr_color: bool = False
    keep_until_exit: Callable[[object], None] = _let_go
    """Given a large structure a use case is done with (a scan's decoded objects). The command line keeps it:
    the process ends without freeing what it built piece by piece (:func:`readiness.cli.main.exit_now`), and
    freeing the 24 000 objects of a 20 000-pod scan costs more time than writing its output. Any other caller
    keeps nothing (the default), so its memory goes as soon as the use case lets go."""


QUIET = Ui()
