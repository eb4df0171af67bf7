"""Bounds on rendering a template, so a custom template can neither hang the tool nor exhaust the machine.

- output size: the pieces a template yields are counted as they come (``Template.generate``);
- time and memory: a watchdog (a repeating SIGALRM on the main thread) stops the template even in a
  loop that yields nothing; where signals are unavailable, time is checked between pieces of output. The
  watchdog samples memory, so one large allocation in C code outruns it: custom templates therefore render in
  a child process with a hard cap on its address space (:mod:`readiness.report.isolate`);
- arithmetic: the sandbox refuses ``*`` and ``**`` results too large to build (C code that no signal
  interrupts), such as ``'x' * 10**10`` or ``10**10**10``.

Every stop is a :class:`RenderStopped` that knows which template (and line) it stopped, when it can tell.
"""

from __future__ import annotations

import math
import operator
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MB = 1_000_000
TICK_SECONDS = 0.1
MAX_POWER_BITS = 4096


@dataclass(frozen=True)
class RenderLimits:
    """How much a template may produce, for how long it may run and how much memory it may take.

    The bundled report is about 0.1 MB, renders in a fraction of a second and needs a few MB; the bounds
    are far above that and far below what hurts.
    """

    max_bytes: int = 20 * MB
    seconds: float = 30.0
    memory_bytes: int = 500 * MB
    """Growth of the process's resident memory while rendering."""


DEFAULT_LIMITS = RenderLimits()


class RenderStopped(Exception):
    """A template went past a limit; ``where`` is its file and line when the stop could tell."""

    def __init__(self, reason: str, where: tuple[str, int | None] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.where = where


def size_text(limit: int) -> str:
    """``20 MB``, or a byte count below one MB."""
    return f"{limit / MB:g} MB" if limit >= MB else f"{limit:,} bytes"


def join_bounded(pieces: Iterator[str], limits: RenderLimits) -> str:
    """Join what a template yields; past ``limits.max_bytes`` (or the deadline) it is stopped and closed."""
    out: list[str] = []
    size = 0
    ends = time.monotonic() + limits.seconds
    try:
        for piece in pieces:
            out.append(piece)
            size += len(piece.encode("utf-8", "surrogatepass"))
            if size > limits.max_bytes:
                raise RenderStopped(f"its output passed {size_text(limits.max_bytes)}")
            if time.monotonic() > ends:  # only matters where no watchdog runs
                raise RenderStopped(f"it ran longer than {limits.seconds:g} s")
    except RenderStopped as exc:  # raised here or, by the watchdog, here or inside the template
        if exc.where is None:
            exc.where = innermost_template(pieces)  # None when the template itself raised: its frames tell
        close = getattr(pieces, "close", None)
        if close is not None:
            close()
        raise
    return "".join(out)


def innermost_template(pieces: Any) -> tuple[str, int | None] | None:
    """The template file and line a suspended ``Template.generate()`` is in, following its includes.

    jinja2 renders ``{% extends %}`` with ``yield from`` and ``{% include %}`` through a generator kept
    in the including frame's ``gen``; compiled frames carry their template as ``__jinja_template__``.
    """
    found = None
    gen = pieces
    for _ in range(256):
        frame = getattr(gen, "gi_frame", None)
        if frame is None:
            break
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(frame.f_lineno))
        gen = getattr(gen, "gi_yieldfrom", None) or frame.f_locals.get("gen")
    return found


@contextmanager
def watchdog(limits: RenderLimits) -> Iterator[None]:
    """Raise :class:`RenderStopped` in whatever runs past ``limits.seconds`` or grows memory past
    ``limits.memory_bytes``. A no-op off the main thread or without SIGALRM.

    The alarm repeats every tick, so code that swallows one exception is interrupted again. An alarm
    set by someone else (a test runner's timeout) is put back afterwards, less the time spent.
    """
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    started = time.monotonic()
    memory_at_start = _resident_bytes()

    def tick(signum: int, frame: object) -> None:
        if time.monotonic() - started > limits.seconds:
            raise RenderStopped(f"it ran longer than {limits.seconds:g} s")
        if memory_at_start is not None and (_resident_bytes() or 0) - memory_at_start > limits.memory_bytes:
            raise RenderStopped(f"it took more than {size_text(limits.memory_bytes)} of memory")

    previous = signal.signal(signal.SIGALRM, tick)
    earlier, interval = signal.setitimer(signal.ITIMER_REAL, TICK_SECONDS, TICK_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)
        if earlier:
            signal.setitimer(signal.ITIMER_REAL, max(earlier - (time.monotonic() - started), 0.001), interval)


def _resident_bytes() -> int | None:
    """The process's resident memory now (Linux), else its peak so far, else None."""
    statm = Path("/proc/self/statm")
    try:
        import os

        return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """jinja2's immutable sandbox, refusing ``*`` and ``**`` results too large to build."""

    intercepted_binops = frozenset({"*", "**"})
    max_sequence = DEFAULT_LIMITS.max_bytes

    def call_binop(self, context: Context, op: str, left: Any, right: Any) -> Any:
        if op == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int) and \
                        len(seq) * times > self.max_sequence:
                    raise SecurityError(f"refused to repeat a sequence of {len(seq):,} items {times:,} times "
                                        f"(more than {self.max_sequence:,})")
            return operator.mul(left, right)
        if op == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and \
                    right * math.log2(abs(left)) > MAX_POWER_BITS:
                raise SecurityError(f"refused to compute {left} ** {right}: the number would be too large")
            return operator.pow(left, right)
        return super().call_binop(context, op, left, right)
