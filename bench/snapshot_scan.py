"""Benchmark: scanning a kubectl-style JSON dump of a synthetic cluster, against ``json.load`` of the same file.

The dump is written from ``tests/k8s_server/synth.py`` (BENCH_PODS, default 100 000 pods in about 20 000 workloads) as
``kubectl get ... -o json`` prints it (one ``kind: List``). Each measurement runs in a fresh process, which
reports its wall time and peak resident memory (ru_maxrss):

- ``json.load``: the floor — parse the whole file into Python objects;
- ``json.load``, collector paused: the same with the cyclic garbage collector off, as the scan runs (for
  comparison: the goal is against plain ``json.load``);
- ``load_snapshot``: the streamed snapshot reader (items trimmed as they arrive);
- ``scan``: ``load_snapshot`` plus ``build_inventory`` (the whole offline scan).

Goal (issue 5): the scan within 1.5× of ``json.load``, with a peak memory below ``json.load``'s.
Run: ``python bench/snapshot_scan.py [--pods N] [--repeat N]`` or through ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.settings import bench_pods  # noqa: E402  (needs the repository on sys.path)

GOAL = 1.5
MiB = 1024 * 1024


def write_dump(path: Path, pods: int) -> int:
    """A kubectl-style List dump of the synthetic cluster, written item by item; returns the item count."""
    from readiness.scan.objects import SCANNED_KINDS
    from tests.k8s_server.synth import synthetic_objects

    kinds = {(k.group, k.plural): k for k in SCANNED_KINDS}
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write('{\n    "apiVersion": "v1",\n    "items": [\n')
        for group, plural, obj in synthetic_objects(pods):
            kind = kinds[(group, plural)]
            item = {"apiVersion": kind.api_version, "kind": kind.kind, **obj}
            fh.write((",\n" if count else "") + json.dumps(item, indent=4))
            count += 1
        fh.write('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')
    return count


def measure(mode: str, path: str) -> None:
    """Child process: run one mode and print ``seconds max_rss_bytes objects``."""
    import resource

    if mode == "json-paused":
        import gc

        gc.disable()
    if not mode.startswith("json"):  # imports are start-up cost (see bench/run.py), not scan time
        from readiness.scan.inventory import build_inventory
        from readiness.scan.snapshot import load_snapshot
    start = time.perf_counter()
    if mode.startswith("json"):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        objects = len(data["items"])
    else:
        snapshot = load_snapshot(path)
        objects = sum(len(v) for v in snapshot.objects.values())
        if mode == "scan":
            inventory = build_inventory(snapshot)
            objects = len(inventory.workloads)
    seconds = time.perf_counter() - start
    print(f"{seconds:.4f} {_peak_rss(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)} {objects}")


def _peak_rss(fallback: int) -> int:
    """This process's own peak RSS (VmHWM). ru_maxrss survives fork and exec on Linux, so a child of a
    large parent (``make bench`` runs the other benchmarks first) would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return fallback


def run(mode: str, path: Path, repeat: int) -> tuple[float, int, int]:
    times, peaks, objects = [], [], 0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--measure", mode, str(path)], capture_output=True,
                             text=True, check=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        seconds, rss, objects = out.stdout.split()
        times.append(float(seconds))
        peaks.append(int(rss))
    return statistics.median(times), max(peaks), int(objects)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pods", type=int, default=bench_pods())
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_SNAPSHOT_RUNS", "1")))
    parser.add_argument("--measure", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else ([] if __name__ != "__main__" else None))
    if args.measure:
        measure(*args.measure)
        return
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        dump = Path(tmp) / "cluster.json"
        start = time.perf_counter()
        items = write_dump(dump, args.pods)
        size = dump.stat().st_size
        print(f"dump: {items:,} objects, {size / MiB:,.0f} MiB, written in {time.perf_counter() - start:.1f} s "
              f"({args.pods:,} pods); median of {args.repeat} runs, each in a fresh process")
        base_t, base_m, _ = run("json", dump, args.repeat)
        print(f"{'json.load (floor)':<34} {base_t:7.2f} s  peak {base_m / MiB:7,.0f} MiB")
        paused_t, paused_m, _ = run("json-paused", dump, args.repeat)
        print(f"{'json.load, collector paused':<34} {paused_t:7.2f} s  peak {paused_m / MiB:7,.0f} MiB")
        for mode, label in (("load", "load_snapshot (streamed)"), ("scan", "scan (load + inventory)")):
            t, m, n = run(mode, dump, args.repeat)
            verdict = "ok" if t <= GOAL * base_t and m < base_m else "MISSED"
            print(f"{label:<34} {t:7.2f} s  peak {m / MiB:7,.0f} MiB  {t / base_t:4.2f}× time, "
                  f"{m / base_m:4.2f}× memory  [{verdict}: goal ≤ {GOAL}× time, < 1× memory]"
                  + (f"  ({n:,} workloads)" if mode == "scan" else ""))
            print(f"{'':<34} {t / paused_t:4.2f}× the paused json.load's time")


if __name__ == "__main__":
    main()
