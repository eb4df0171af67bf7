"""A real terminal for end-to-end tests: a pty (pexpect) read through a VT emulator (pyte).

The emulator answers cursor-position requests like a terminal does, keeps the scrollback, and lets
a test wait for text to appear on the screen (with a timeout, never a sleep).
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pexpect
import pyte

REPO = Path(__file__).resolve().parents[2]
READINESS = REPO / ".venv" / "bin" / "readiness"
FIXED_EPOCH = "1768469400"  # 2026-01-15 09:30 UTC


class _Screen(pyte.Screen):  # type: ignore[misc]
    """A screen that keeps the lines scrolled off its top and answers cursor-position requests."""

    def __init__(self, columns: int, lines: int, reply: object) -> None:
        super().__init__(columns, lines)
        self._reply = reply
        self.scrolled: list[str] = []

    def index(self) -> None:
        top, bottom = self.margins or (0, self.lines - 1)
        if self.cursor.y == bottom:
            row = self.buffer[top]
            self.scrolled.append("".join(row[x].data for x in range(self.columns)).rstrip())
        super().index()

    def write_process_input(self, data: str) -> None:
        self._reply(data)  # type: ignore[operator]


def terminal_env(**extra: str) -> dict[str, str]:
    """A clean environment for the program under test: a real TERM, UTF-8, a fixed clock."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PROMPT_TOOLKIT_", "READINESS_")) and k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH=FIXED_EPOCH)
    env.update(extra)
    return env


class Terminal:
    """One program running in an 80×24 (by default) terminal."""

    def __init__(self, argv: list[str], cwd: Path, *, env: dict[str, str] | None = None, rows: int = 24,
                 columns: int = 80) -> None:
        self.child = pexpect.spawn(argv[0], argv[1:], cwd=str(cwd), env=env or terminal_env(),
                                   dimensions=(rows, columns), encoding=None)
        self.child.delaybeforesend = None  # keys go out at once; waits are on screen text, not sleeps
        self.screen = _Screen(columns, rows, self._reply)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.closed = False

    def _reply(self, data: str) -> None:
        if not self.closed:
            self.child.send(data.encode())

    # --- reading -------------------------------------------------------------------------------

    def pump(self, timeout: float = 0.05) -> None:
        """Read what the program wrote (waiting up to ``timeout``) into the emulator."""
        if self.closed:
            return
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.closed = True
            return
        self.raw += data
        self.stream.feed(data)

    def display(self) -> str:
        """The visible screen, lines right-stripped."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def transcript(self) -> str:
        """Scrollback and screen: everything still readable, as a person would see it."""
        lines = self.screen.scrolled + [line.rstrip() for line in self.screen.display]
        while lines and not lines[-1]:
            lines.pop()
        return "\n".join(lines) + "\n"

    def wait_for(self, text: str, *, count: int = 1, timeout: float = 30) -> None:
        """Wait until ``text`` shows ``count`` times in the scrollback and screen; fail with the screen."""
        deadline = time.monotonic() + timeout
        while self.transcript().count(text) < count:
            if time.monotonic() > deadline or self.closed:
                self.pump(0.2)
                if self.transcript().count(text) >= count:
                    return
                raise AssertionError(f"{text!r} did not appear (x{count}) within {timeout}s; "
                                     f"the screen:\n{self.display()}")
            self.pump()

    # --- typing --------------------------------------------------------------------------------

    def send(self, keys: str) -> None:
        """Type keys (``\\r`` is Enter, ``\\x03`` Ctrl-C, ``\\x1b[B`` arrow down, ``\\x7f`` Backspace)."""
        self.child.send(keys.encode())

    def wait_exit(self, timeout: float = 20) -> int:
        """Wait for the program to end; its exit status."""
        deadline = time.monotonic() + timeout
        while not self.closed:
            if time.monotonic() > deadline:
                self.child.terminate(force=True)
                raise AssertionError(f"the program did not exit within {timeout}s; the screen:\n{self.display()}")
            self.pump(0.1)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else 128 + self.child.signalstatus)

    def close(self) -> None:
        if self.child.isalive():
            self.child.terminate(force=True)


def plain(data: bytes) -> str:
    """Terminal output with its escape sequences removed (for checking what was sent, e.g. colours)."""
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", data.decode("utf-8", "replace"))
