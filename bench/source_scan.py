"""Benchmark: ``readiness scan --snapshot SHOP --source TREE`` over 1,000 / 2,000 / 4,000 / 8,000 service folders.

Issue 16 (item 5) found the source scan quadratic: 2,000 folders took 42 s, 4,000 took 168 s and 8,000 did not
finish in 600 s. Each tree comes from ``tests/scan/source_trees.py`` (five layouts in turn, two or three small
files per service) with a snapshot deploying one workload per service, so matching workloads to folders is
measured too. Each size runs the real command in a fresh process; the figure is the median wall time
after one warm-up run.

Goal: linear — the time per folder stays about the same as the tree doubles (at most 1.5× from the smallest
size to the largest).
Run: ``python bench/source_scan.py [--sizes 1000,2000,4000,8000] [--repeat N]`` or through ``make bench``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.run import median_seconds  # noqa: E402  (needs the repository on sys.path)
from tests.scan.source_trees import write_snapshot, write_source_tree  # noqa: E402

SIZES = (1_000, 2_000, 4_000, 8_000)
GOAL = 1.5
"""Most growth of the time per folder from the smallest size to the largest."""


def scan_seconds(tree: Path, snapshot: Path, repeat: int) -> float:
    """Median wall time of one ``readiness scan`` with ``--source`` in a fresh process (after a warm-up run)."""
    return median_seconds([sys.executable, "-m", "readiness", "scan", "--snapshot", str(snapshot),
                           "--source", str(tree), "--format", "json", "-o", os.devnull], runs=repeat)


def measure(size: int, repeat: int) -> float:
    with tempfile.TemporaryDirectory(prefix="readiness-bench-src-") as tmp:
        tree = Path(tmp) / "src"
        write_source_tree(tree, size)
        snapshot = write_snapshot(Path(tmp) / "shop.json", size)
        return scan_seconds(tree, snapshot, repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SOURCE_SIZES", ",".join(map(str, SIZES))),
                        help="comma-separated folder counts")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_SOURCE_RUNS", "3")))
    args = parser.parse_args(argv if argv is not None else ([] if __name__ != "__main__" else None))
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"scan --snapshot (one workload per service) --source TREE; median of {args.repeat} runs after a "
          f"warm-up, each in a fresh process")
    per_folder: list[float] = []
    for size in sizes:
        seconds = measure(size, args.repeat)
        per_folder.append(seconds / size)
        print(f"{size:>7,} folders {seconds:8.2f} s  {seconds / size * 1000:6.2f} ms per folder")
    growth = per_folder[-1] / per_folder[0]
    verdict = "ok" if growth <= GOAL else "MISSED"
    print(f"time per folder, largest vs smallest size: {growth:.2f}×  [{verdict}: goal ≤ {GOAL}× (linear)]")


if __name__ == "__main__":
    main()
