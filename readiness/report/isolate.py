"""Custom templates render in a child process under a hard memory limit.

The watchdog of :mod:`.limits` looks at memory ten times a second, so one allocation made by C code
(``'x'.ljust(2000000000)``) is complete before it looks: a custom template reached about 2 GB before it was
stopped. A child process whose address space is capped (``RLIMIT_AS``) cannot get that memory at all: the
allocation fails with MemoryError in the child, which reports one line, and the parent only ever receives the
rendered text or that line. A child that dies without a word (killed by the kernel, say) is one line too.

The bundled templates are ours and render in the process itself. Where ``fork`` or ``resource`` is missing
(Windows), custom templates render in the process with the watchdog alone.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from readiness.errors import ReadinessError, ReportError
from readiness.report.limits import RenderLimits, size_text

RESERVE_BYTES = 4 * 1024 * 1024
"""Memory the child sets aside under its cap and frees to send its reply when a template used up the rest."""
GRACE_SECONDS = 5.0
"""How long past its own deadline the parent waits for the child (whose watchdog should have stopped it)."""


def render_isolated(work: Callable[[], str], limits: RenderLimits, name: str) -> str:
    """``work()`` (rendering template ``name``) in a child process limited to ``limits.memory_bytes`` more
    address space than this process has; its text, or a :class:`ReportError` of one line."""
    try:
        import multiprocessing
        import resource  # noqa: F401  (the child needs it; without it there is no hard limit to set)

        context = multiprocessing.get_context("fork")
    except (ImportError, ValueError):
        return work()
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, writer, limits.memory_bytes), daemon=True)
    child.start()
    writer.close()
    try:
        return _result(reader, child, limits, name)
    finally:
        reader.close()
        if child.is_alive():
            child.kill()
        child.join()


def _result(reader: Connection, child: Any, limits: RenderLimits, name: str) -> str:
    """What the child sent: its text, or its one-line error; a child that ended without a word is one line."""
    if not reader.poll(limits.seconds + GRACE_SECONDS):
        raise ReportError(f"template {name}: template stopped: it ran longer than {limits.seconds:g} s; check its "
                          f"loops")
    try:
        kind, payload = reader.recv()
    except (EOFError, OSError):
        child.join(GRACE_SECONDS)
        raise ReportError(f"template {name}: template stopped: its process ended without a result "
                          f"({_how(child.exitcode)}); it may have needed more than "
                          f"{size_text(limits.memory_bytes)} of memory") from None
    if kind == "error":
        raise ReportError(str(payload))
    return str(payload)


def _how(exitcode: int | None) -> str:
    """How a child ended: ``killed by SIGKILL``, ``exit code 1``."""
    if exitcode is not None and exitcode < 0:
        return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit code {exitcode}"


def _child(work: Callable[[], str], writer: Connection, memory_bytes: int) -> None:
    """In the child: cap the address space, render, send ``("text", …)`` or ``("error", line)``, and leave at
    once (``os._exit``: nothing of the parent's, such as buffered output, is flushed twice)."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends the child
        _cap_address_space(memory_bytes)
        reserve: bytearray | None = bytearray(RESERVE_BYTES)
        reply: tuple[str, str] = ("error", f"template stopped: it took more than {size_text(memory_bytes)} of "
                                           f"memory")
        try:
            reply = ("text", work())
        except ReadinessError as exc:
            reply = ("error", exc.message)
        except MemoryError:
            pass  # the reply above; sent below, once the exception and what its frames held are gone
        reserve = None
        del reserve
        writer.send(reply)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _cap_address_space(memory_bytes: int) -> None:
    """Limit this process's address space to what it has now plus ``memory_bytes``."""
    import resource

    current = _virtual_bytes()
    if current is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = current + memory_bytes
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _virtual_bytes() -> int | None:
    """This process's address space now (Linux ``VmSize``), or None where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None
