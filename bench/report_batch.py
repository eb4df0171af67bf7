"""Benchmark: six PDF reports in one ``readiness report … --out-dir`` call against six separate ``-o`` calls.

The six assessments are the three examples (``readiness assess examples/X.yaml``), each saved twice under
another name. The separate calls run one after another, as a shell loop would; the batch call renders in
worker processes, one per core. Goal: the batch takes at most 0.8 of the time. Runs are interleaved (separate,
batch, separate, …) and each batch is compared with the separate calls right before it, so a busy machine slows
both sides of a pair alike. ``BENCH_BATCH_RUNS`` sets the number of pairs (default 3).
Run: ``python bench/report_batch.py``.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
READINESS = str(Path(sys.executable).parent / "readiness")
RUNS = int(os.environ.get("BENCH_BATCH_RUNS", "3"))
GOAL = 0.8
STAMP = "1795165200"
"""SOURCE_DATE_EPOCH of the assessments, so every run renders the same reports."""


def _run(command: Sequence[str]) -> None:
    subprocess.run(command, capture_output=True, check=True, cwd=ROOT,
                   env={**os.environ, "SOURCE_DATE_EPOCH": STAMP})


def assessments(folder: Path) -> list[Path]:
    """The three examples assessed, each saved twice (``startup-1.json``, ``startup-2.json``, …)."""
    made = []
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        first = folder / f"{example.stem}-1.json"
        _run([READINESS, "assess", str(example), "-o", str(first)])
        second = folder / f"{example.stem}-2.json"
        shutil.copyfile(first, second)
        made += [first, second]
    return made


class Timer:
    """Wall seconds and CPU seconds (user + system, of every process started and waited for meanwhile)."""

    def __enter__(self) -> Timer:
        self.wall = time.perf_counter()
        self.cpu = _children_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = _children_cpu() - self.cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def separate(inputs: Sequence[Path], out: Path) -> Timer:
    """One ``readiness report A.json -o out/A.pdf`` per assessment, one after another."""
    with Timer() as timer:
        for source in inputs:
            _run([READINESS, "report", str(source), "-o", str(out / f"{source.stem}.pdf")])
    return timer


def batch_command(inputs: Sequence[Path], out: Path) -> list[str]:
    """The one call that renders every PDF."""
    return [READINESS, "report", *map(str, inputs), "--out-dir", str(out), "--format", "pdf"]


def batch(inputs: Sequence[Path], out: Path) -> Timer:
    """The one ``--out-dir`` call."""
    with Timer() as timer:
        _run(batch_command(inputs, out))
    return timer


@dataclass(frozen=True)
class Figures:
    """Medians of wall and CPU seconds of each side, the median of the paired wall ratios, how many PDFs."""

    alone: float
    together: float
    alone_cpu: float
    together_cpu: float
    ratio: float
    count: int


def measure(runs: int = RUNS) -> Figures:
    """Interleaved runs of the separate calls and of the batch call."""
    with tempfile.TemporaryDirectory(prefix="readiness-batch-") as tmp:
        folder = Path(tmp)
        inputs = assessments(folder)
        out_one, out_batch = folder / "separate", folder / "batch"
        out_one.mkdir()
        separate(inputs[:1], out_one)  # warm-up: font caches, the page cache
        alone, together = [], []
        for _ in range(runs):
            alone.append(separate(inputs, out_one))
            together.append(batch(inputs, out_batch))
        written = sorted(p.name for p in out_batch.iterdir())
        assert written == sorted(f"{p.stem}.pdf" for p in inputs), written
    median = statistics.median
    ratios = [b.wall / s.wall for b, s in zip(together, alone, strict=True)]
    return Figures(median(t.wall for t in alone), median(t.wall for t in together), median(t.cpu for t in alone),
                   median(t.cpu for t in together), median(ratios), len(inputs))


def main() -> None:
    """Print the medians, the ratio against the goal and the command."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    found = measure()
    verdict = "ok" if found.ratio <= GOAL else "OVER THE GOAL"
    print(f"report_batch: {found.count} PDFs of the three examples (each twice), {cores} cores, load average "
          f"{os.getloadavg()[0]:.1f}, median of {RUNS} pairs")
    print(f"report_batch: {found.count} separate 'readiness report A.json -o A.pdf' calls {found.alone:.2f} s "
          f"({found.alone_cpu:.2f} s CPU); one 'readiness report A.json … --out-dir DIR --format pdf' call "
          f"{found.together:.2f} s ({found.together_cpu:.2f} s CPU)")
    print(f"report_batch: batch/separate {found.ratio:.2f} (median of the paired ratios of wall time; goal at most "
          f"{GOAL}: {verdict})")


if __name__ == "__main__":
    main()
