"""Worker processes for work that is slow per item (laying out PDFs): a process pool that leaves nothing behind.

Workers compute and return; they write no file, so stopping them loses nothing but time. Ctrl-C at a terminal
reaches the whole process group: workers ignore it (outside a PDF layout, which turns it into an exception the
parent receives) and the parent stops them. SIGTERM or SIGHUP to the parent alone is :class:`Terminated` there;
either way :func:`worker_pool` ends every worker before the error goes on. A worker ended by SIGTERM first ends
the processes it started (custom templates render in a child of their own), and on Linux a worker whose parent
dies gets that SIGTERM from the kernel, so no worker outlives the command.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from types import FrameType

from readiness.io.signals import TERMINATING, deferred

STOP_SECONDS = 5.0
"""How long a worker has to end after SIGTERM before it is killed."""
PR_SET_PDEATHSIG = 1


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system tells it), at least 1."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return max(1, len(affinity(0)))
    return max(1, os.cpu_count() or 1)


@contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of ``workers`` processes (forked where the system can: they start with our modules loaded). On a
    normal exit it waits for them; on any error, Ctrl-C or SIGTERM it cancels what has not started and ends
    every worker before the exception goes on."""
    context: BaseContext
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        context = multiprocessing.get_context()
    executor = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield executor
    except BaseException:
        _stop(executor)
        raise
    executor.shutdown(wait=True)


def _stop(executor: ProcessPoolExecutor) -> None:
    """End every worker now: SIGTERM, then SIGKILL for one that does not end in time. Signals wait meanwhile."""
    with deferred():
        processes = list((getattr(executor, "_processes", None) or {}).values())
        results = getattr(executor, "_result_queue", None)   # shutdown forgets it
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(STOP_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()
        _unblock_results(results)


def _unblock_results(results: object) -> None:
    """Close the parent's copy of the pool's result pipe, once no worker holds it: a worker ended while sending
    a large reply (a PDF) leaves half a message there, and the pool's thread would wait for the rest forever and
    the interpreter for that thread at exit (CPython's executor reads the reply whole). With no writer left, the
    read ends and the thread stops as for a broken pool."""
    writer = getattr(results, "_writer", None)
    if writer is not None:
        writer.close()


def _start_worker(parent: int) -> None:
    """In a worker: Ctrl-C is the parent's to handle; SIGTERM/SIGHUP end it and its children at once; the
    parent's death sends it SIGTERM (Linux)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in TERMINATING:
        signal.signal(signum, _end_worker)
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _end_worker(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGHUP in a worker: kill the processes it started, then leave without clean-up."""
    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    for child in children:
        child.join(STOP_SECONDS)  # reaped here, not left a zombie for whoever adopts it
    os._exit(128 + signum)


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when its parent ends (``prctl(PR_SET_PDEATHSIG)``); elsewhere,
    nothing."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        return
