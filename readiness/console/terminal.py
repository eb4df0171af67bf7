"""Talking to the person at the terminal: status lines and warnings on stderr, colour only where it helps,
progress that updates one line on a terminal and writes a line per step elsewhere. Standard library only."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

PROGRAM = "readiness"


def is_terminal(stream: object) -> bool:
    """Whether a stream is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def use_color(stream: object) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    return is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def message(text: str) -> None:
    """A status message or a result line meant for people: always on stderr, as it is."""
    print(text, file=sys.stderr, flush=True)


def notice(text: str) -> None:
    """What the tool is doing or waiting for (a stalled server, a slow layout): ``readiness: …`` on stderr."""
    message(f"{PROGRAM}: {text}")


def warn(text: str) -> None:
    """A warning: ``readiness: warning: …`` on stderr."""
    message(f"{PROGRAM}: warning: {text}")


def progress_for(cluster: str) -> Callable[[str, int], None]:
    """A scan's progress for one cluster: one updating line on a terminal, a line per kind otherwise."""
    live_line = is_terminal(sys.stderr)

    def report(kind: str, count: int) -> None:
        text = f"scanning {cluster}: {kind} ({count})"
        if live_line:
            sys.stderr.write("\r\033[K" + text[:79])
            if kind == "done":
                sys.stderr.write("\n")
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    return report
