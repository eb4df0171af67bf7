"""SIGTERM and SIGHUP end ``readiness`` as Ctrl-C does: no temporary file left behind, exit 128 + signal.

By default both signals end the process at once, so an atomic write caught half-way left its hidden
``.NAME.XXXX.tmp`` beside the output. :func:`terminate_on_signals` turns them into :class:`Terminated`, a
BaseException (``except Exception`` does not swallow it), raised in the main thread wherever it is: every
``finally`` runs on the way out, and the command line maps it to exit 143 (SIGTERM) or 129 (SIGHUP).
:func:`deferred` holds signals back for the few statements that must not be cut in two (creating a temp
file and recording it for clean-up).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

TERMINATING = tuple(s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None)
"""The signals that end readiness cleanly (SIGHUP does not exist on Windows)."""
NAMES = {"SIGTERM": "terminated (SIGTERM)", "SIGHUP": "hung up (SIGHUP)"}


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived; ``exit_code`` is 128 + the signal number, as a shell reports it."""

    def __init__(self, signum: int) -> None:
        name = signal.Signals(signum).name
        super().__init__(NAMES.get(name, name))
        self.signum = signum
        self.exit_code = 128 + signum
        self.message = NAMES.get(name, name)


_RECEIVED: list[int] = []
"""The terminating signals that arrived since the handlers were installed."""


def received() -> Terminated | None:
    """The signal that arrived, even when a library caught or wrapped its :class:`Terminated` (pydantic-core
    turns it into a SchemaError, Python 3.11 into a RuntimeError during ``__set_name__``)."""
    return Terminated(_RECEIVED[0]) if _RECEIVED else None


def _raise(signum: int, frame: FrameType | None) -> None:
    _RECEIVED.append(signum)
    raise Terminated(signum)


def terminate_on_signals() -> Callable[[], None]:
    """Raise :class:`Terminated` on SIGTERM and SIGHUP from now on; returns what puts the old handlers back.

    Only the main thread may install handlers; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    _RECEIVED.clear()
    previous = {signum: signal.signal(signum, _raise) for signum in TERMINATING}

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


@contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP back while the block runs; one that arrived is handled right after."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    old = block(signal.SIG_BLOCK, {signal.SIGINT, *TERMINATING})
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, old)
