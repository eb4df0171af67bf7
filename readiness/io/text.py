"""Control characters in text quoted in a message.

A piece of a file quoted in a message (a key, a template's tag) may hold terminal control characters: ``ESC c``
resets a terminal, ``ESC ( 0`` switches it to line-drawing glyphs, C1 characters (U+0080–U+009F) are read as
control codes by some terminals. :func:`excerpt` shows them as visible escapes (``\\x1b``), on one line, cut
short. Pure; the standard library only.
"""

from __future__ import annotations

import re


def escape_controls(text: str) -> str:
    """``text`` with every control character (newlines and tabs too) shown as a visible escape: ``\\x1b``."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group(0)):02x}", text)


def excerpt(text: str, limit: int = 60) -> str:
    """A short, escaped piece of ``text`` for a message: controls as escapes, at most ``limit`` characters."""
    shown = escape_controls(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
