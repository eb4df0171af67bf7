"""Benchmark: a live scan of a synthetic cluster through the local Kubernetes API server.

A separate process serves a synthetic cluster (BENCH_PODS, default 100 000 pods in about 20 000 workloads, see
``tests/k8s_server/synth.py``) over HTTP. We time and measure (a) ``readiness.scan.live.scan_live`` — the real
``kubernetes`` client, paginated lists, trimming — against (b) the floor: fetching exactly the same pages with
plain urllib3 and ``json.loads``. Goal (issue 5): (a) within 1.3x of (b); since issue 17 each page is parsed once,
its items trimmed as they are decoded (msgspec), so (a) takes less time and memory than (b). Peak memory is the
tracemalloc peak of each pass (Python allocations of this process only; the server is another process).

Run: ``python bench/live_scan.py [--pods N] [--page-size N] [--repeat N]`` or through ``make bench``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.settings import bench_pods  # noqa: E402  (needs the repository on sys.path)

GOAL = 1.3
MiB = 1024 * 1024


def start_server(pods: int) -> tuple[subprocess.Popen[str], str, str, int]:
    """The synthetic API server in its own process: (process, url, token, objects)."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.k8s_server.synth", "--pods", str(pods)], cwd=REPO,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.stdout is not None
    line = proc.stdout.readline().split()
    if not line or line[0] != "READY":
        proc.kill()
        raise SystemExit(f"the synthetic API server did not start (got {line!r})")
    return proc, line[1], line[2], int(line[3])


def raw_fetch(url: str, token: str, page_size: int, pause_gc: bool = False) -> tuple[int, int, int]:
    """The floor: the same list pages with urllib3 + json.loads; returns (objects, pages, bytes).

    ``pause_gc`` pauses the cyclic garbage collector as scan_live does (the fairest floor for it)."""
    import urllib3

    collecting = gc.isenabled()
    if pause_gc:
        gc.disable()
    try:
        return _raw_fetch(url, token, page_size, urllib3)
    finally:
        if collecting:
            gc.enable()


def _raw_fetch(url: str, token: str, page_size: int, urllib3: Any) -> tuple[int, int, int]:
    from readiness.scan.objects import SCANNED_KINDS

    http = urllib3.PoolManager(retries=False)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    kept: list[list[Any]] = []
    objects = pages = size = 0
    for kind in SCANNED_KINDS:
        base = f"/apis/{kind.group}/{kind.version}" if kind.group else f"/api/{kind.version}"
        token_ = ""
        while True:
            fields = {"limit": str(page_size), **({"continue": token_} if token_ else {})}
            resp = http.request("GET", f"{url}{base}/{kind.plural}", fields=fields, headers=headers)
            if resp.status != 200:
                break
            doc = json.loads(resp.data)
            pages += 1
            size += len(resp.data)
            kept.append(doc["items"])
            objects += len(doc["items"])
            token_ = doc["metadata"].get("continue") or ""
            if not token_:
                break
    http.clear()
    return objects, pages, size


def live_scan(kubeconfig: str, page_size: int) -> int:
    from readiness.scan.live import ScanSettings, scan_live

    result = scan_live(None, kubeconfig, settings=ScanSettings(page_size=page_size))
    assert not result.warnings, result.warnings
    return sum(len(v) for v in result.objects.values())


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    started = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - started
    gc.collect()
    return elapsed, value


def peak(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / MiB
    finally:
        tracemalloc.stop()
        gc.collect()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="live scan benchmark")
    parser.add_argument("--pods", type=int, default=bench_pods())
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="timed passes of each (the best is reported)")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc passes")
    args = parser.parse_args(argv if argv is not None else [])

    import kubernetes.client  # noqa: F401  (import cost is not part of the scan)

    from tests.k8s_server import write_kubeconfig

    started = time.perf_counter()
    proc, url, token, served = start_server(args.pods)
    setup = time.perf_counter() - started
    try:
        with tempfile.TemporaryDirectory() as tmp:
            kubeconfig = str(write_kubeconfig(Path(tmp) / "kubeconfig", [("bench", url, token)], current="bench"))
            raw_fetch(url, token, args.page_size)  # warm the server's page cache
            raw_times, floor_times, live_times = [], [], []
            objects = pages = size = scanned = 0
            for _ in range(max(1, args.repeat)):
                t, (objects, pages, size) = timed(lambda: raw_fetch(url, token, args.page_size))
                raw_times.append(t)
                t, _ = timed(lambda: raw_fetch(url, token, args.page_size, pause_gc=True))
                floor_times.append(t)
                t, scanned = timed(lambda: live_scan(kubeconfig, args.page_size))
                live_times.append(t)
            raw_mem = live_mem = float("nan")
            if not args.no_memory:
                raw_mem = peak(lambda: raw_fetch(url, token, args.page_size))
                live_mem = peak(lambda: live_scan(kubeconfig, args.page_size))
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)

    raw_t, floor_t, live_t = min(raw_times), min(floor_times), min(live_times)
    ratio = live_t / raw_t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"live scan: {args.pods:,} pods, {served:,} objects served, {objects:,} read in {pages:,} pages "
          f"of {args.page_size} ({size / MiB:,.0f} MB JSON); server ready in {setup:.1f}s")
    print(f"  (b)  raw urllib3 + json.loads          {raw_t:7.2f} s   peak {raw_mem:8,.0f} MB")
    print(f"  (b') the same, garbage collector paused {floor_t:7.2f} s")
    print(f"  (a)  readiness scan_live               {live_t:7.2f} s   peak {live_mem:8,.0f} MB"
          f"   ({scanned:,} objects kept, trimmed)")
    verdict = "met" if ratio <= GOAL else "NOT met"
    print(f"  ratio (a)/(b) {ratio:.2f}x — goal <= {GOAL}x {verdict}; (a)/(b') {live_t / floor_t:.2f}x; "
          f"process max RSS {rss:,.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
