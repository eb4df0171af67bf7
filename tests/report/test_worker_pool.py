"""A worker ended while it sends a large reply does not leave the command hanging at exit (readiness.app.workers)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = textwrap.dedent('''
    import sys, time
    from pathlib import Path
    from readiness.app.workers import worker_pool

    def big(size):
        return b"x" * size

    try:
        with worker_pool(1) as pool:
            pool.submit(big, 1_500_000_000)
            worker = next(iter(pool._processes.values()))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:   # until the worker is in the middle of writing its reply
                if "pipe_write" in Path(f"/proc/{worker.pid}/wchan").read_text():
                    break
                time.sleep(0.005)
            else:
                sys.exit("the worker was never seen writing its reply")
            raise RuntimeError("stop")
    except RuntimeError:
        print("stopped", flush=True)
''')


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="reads a process's wait channel from Linux /proc")
def test_a_worker_stopped_mid_reply_does_not_hang_the_exit() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO, timeout=120,
                          check=False)
    assert done.stdout.strip() == "stopped", done.stderr
    assert done.returncode == 0, done.stderr
