"""Run a kubeconfig ``exec`` credential plugin under a time limit: ``exec_bound.py SECONDS -- COMMAND [ARG…]``.

The kubernetes client runs exec plugins (``aws eks get-token``, ``kubelogin``, ``gke-gcloud-auth-plugin``) and
waits for them without a limit, so a plugin that never answers hung the scan. The live scan
(:mod:`readiness.scan.live`) starts them through this script instead: it runs the plugin with the same
arguments, environment and working folder, hands its output back unchanged, and stops it — with the
processes it started — when it takes longer than SECONDS (exit 124, one line on stderr naming it).

Standard library only: it runs in a fresh interpreter started with ``-I``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

TIMED_OUT = 124
"""Exit status when the plugin was stopped (as ``timeout(1)`` uses)."""
NOT_FOUND = 127


def command(seconds: float) -> list[str]:
    """The command line prefix that runs a plugin under this script with a limit of ``seconds``."""
    return [sys.executable, "-I", str(Path(__file__).resolve()), f"{seconds:g}", "--"]


def run(plugin: list[str], seconds: float) -> int:
    """Run ``plugin``; pass its stdout (and stderr) on; stop it after ``seconds``. Returns the exit status.

    With a terminal on stdin the plugin may prompt (a login), so it keeps the terminal and writes to stderr
    directly; otherwise it runs in its own process group, so stopping it stops whatever it started too.
    """
    interactive = sys.stdin is not None and sys.stdin.isatty()
    try:
        proc = subprocess.Popen(plugin, stdout=subprocess.PIPE, stderr=None if interactive else subprocess.PIPE,
                                process_group=None if interactive else 0)
    except OSError as exc:
        print(f"cannot run {plugin[0]}: {exc.strerror or exc}", file=sys.stderr)
        return NOT_FOUND
    try:
        out, err = proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        _stop(proc, own_group=not interactive)
        print(f"{plugin[0]} did not answer within {seconds:g}s and was stopped", file=sys.stderr)
        return TIMED_OUT
    sys.stdout.buffer.write(out)
    if err:
        sys.stderr.buffer.write(err)
    return proc.returncode


def _stop(proc: subprocess.Popen[bytes], *, own_group: bool) -> None:
    """Kill the plugin (and its process group when it has one) and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if own_group:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    proc.wait()


def main(argv: list[str]) -> int:
    """``SECONDS -- COMMAND [ARG…]``."""
    if len(argv) < 3 or argv[1] != "--":
        print("usage: exec_bound.py SECONDS -- COMMAND [ARG...]", file=sys.stderr)
        return 2
    return run(argv[2:], float(argv[0]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
