"""Small helpers shared by the commands: clock, terminals, output."""

from __future__ import annotations

import datetime as dt
import os
import sys


def now() -> dt.datetime:
    """The time stamped on outputs: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)


def is_terminal(stream: object) -> bool:
    """Whether a stream is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def use_color(stream: object) -> bool:
    """Colour only on a terminal, and never when ``NO_COLOR`` is set."""
    return is_terminal(stream) and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def message(text: str) -> None:
    """A progress or status message: always to stderr."""
    print(text, file=sys.stderr)
