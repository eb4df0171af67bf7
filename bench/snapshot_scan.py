"""Benchmark (issue 17): ``readiness scan --snapshot FILE -o out.json`` against ``json.load`` of the same file.

The dumps are ``kubectl get -o json``-style Lists the bench writes itself (``tests/k8s_server/synth.py``,
``kubectl_list_items``): Deployments, each with a Service and 10 pods — 2,000 of them (20 000 pods, 17 MiB) and
10,000 (100 000 pods, 85 MiB); ``BENCH_PODS`` picks one size instead. Every measurement is a whole fresh
process, start-up included, as a user would run it:

- ``scan``: ``readiness scan --snapshot FILE -o out.json``;
- ``json.load``: ``python -c 'import json,sys; json.load(open(sys.argv[1]))' FILE``, the collector on (the goal's
  baseline) and off (for comparison);
- ``scan, lines counted``: the scan with the lines of every object counted as it is read, which is what source
  locations (issue 14) cost a run that needs them (``--precheck`` with findings), against the same scan started the
  same way (``scan, run by the bench``), which counts them only when a finding asks.

The commands run in turn (scan, json.load, json.load without the collector, …), ``BENCH_SNAPSHOT_RUNS`` rounds
(default 5); each figure is the median wall time and the largest peak resident memory (the child's own, read
through a small runner process: a child inherits a large parent's peak in ``ru_maxrss``).
Goals: the scan within 1.2× of ``json.load``'s time and at most 1.0× its peak memory.

The children may write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped for them), so the warm-up round caches
``readiness``'s as any installed copy has it: else every timed run would compile the package from source first
(about 0.03 s) while ``json.load`` reads the standard library's cached bytecode.

Run: ``python bench/snapshot_scan.py [--pods N] [--repeat N]`` or through ``make bench``.
"""

from __future__ import annotations

import argparse
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

TIME_GOAL = 1.2
MEMORY_GOAL = 1.0
SIZES = (20_000, 100_000)
PODS_PER_DEPLOYMENT = 10
MiB = 1024 * 1024
CHILD_ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
JSON_LOAD = "import json,sys; json.load(open(sys.argv[1]))"
JSON_LOAD_NO_GC = "import gc,json,sys; gc.disable(); json.load(open(sys.argv[1]))"


def commands(dump: Path, out: Path) -> dict[str, list[str]]:
    """What is timed, by label."""
    readiness = str(Path(sys.executable).parent / "readiness")
    return {
        "scan": [readiness, "scan", "--snapshot", str(dump), "-o", str(out)],
        "json.load": [sys.executable, "-c", JSON_LOAD, str(dump)],
        "json.load, collector off": [sys.executable, "-c", JSON_LOAD_NO_GC, str(dump)],
        "scan, run by the bench": [sys.executable, __file__, "--scan", "lazy", str(dump), str(out)],
        "scan, lines counted": [sys.executable, __file__, "--scan", "counted", str(dump), str(out)],
    }


def measure(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS bytes of one run of a command (it must succeed)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, env=CHILD_ENV)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    assert child.stderr is not None
    errors = child.stderr.read().decode(errors="replace")
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed ({status}): {errors}")
    return seconds, usage.ru_maxrss * 1024


def rounds(dump: Path, out: Path, repeat: int) -> dict[str, tuple[float, int]]:
    """Median seconds and largest peak per command, the commands run in turn (one warm-up round first)."""
    todo = commands(dump, out)
    for command in todo.values():
        measure(command)
    samples: dict[str, list[tuple[float, int]]] = {label: [] for label in todo}
    for _ in range(repeat):
        for label, command in todo.items():
            samples[label].append(measure(command))
    return {label: (statistics.median(s for s, _ in runs), max(m for _, m in runs)) for label, runs in samples.items()}


def report(pods: int, repeat: int) -> None:
    from tests.k8s_server.synth import write_kubectl_list

    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        dump, out = Path(tmp) / "cluster.json", Path(tmp) / "out.json"
        started = time.perf_counter()
        items = write_kubectl_list(dump, pods // PODS_PER_DEPLOYMENT, PODS_PER_DEPLOYMENT)
        print(f"dump: {pods:,} pods, {items:,} objects, {dump.stat().st_size / MiB:,.1f} MiB, written in "
              f"{time.perf_counter() - started:.1f} s; median of {repeat} rounds, each command a fresh process")
        found = rounds(dump, out, repeat)
    base_t, base_m = found["json.load"]
    for label, (seconds, peak) in found.items():
        line = f"  {label:<26} {seconds:7.2f} s  peak {peak / MiB:7,.0f} MiB"
        if label == "scan":
            ok = seconds <= TIME_GOAL * base_t and peak <= MEMORY_GOAL * base_m
            line += (f"   {seconds / base_t:4.2f}× time, {peak / base_m:4.2f}× memory of json.load  "
                     f"[{'met' if ok else 'MISSED'}: goal ≤ {TIME_GOAL}× time, ≤ {MEMORY_GOAL}× memory]")
        print(line)
    counted_t, bare_t = found["scan, lines counted"][0], found["scan, run by the bench"][0]
    print(f"  source locations cost {100 * (counted_t / bare_t - 1):+.1f} % of the scan's time when every line is "
          f"counted (goal ≤ 10 %)")


def scan(locations: str, dump: str, out: str) -> None:
    """Child process: the scan command, its JSON reader counting every object's line at once (``counted``) or only
    when a location is asked for (``lazy``, as the command does)."""
    if locations == "counted":
        from readiness.scan import fastjson

        class Counted(fastjson.ItemLines):
            def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
                super().__init__(*args, **kwargs)
                if args[1]:   # an array with entries: every line, now
                    self.line(0)

        fastjson.ItemLines = Counted  # type: ignore[misc]
    sys.argv = ["readiness", "scan", "--snapshot", dump, "-o", out]
    from readiness.cli import main

    main()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pods", type=int, action="append", help="pods in the dump (repeatable)")
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_SNAPSHOT_RUNS", "5")))
    parser.add_argument("--here", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scan", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else ([] if __name__ != "__main__" else None))
    if args.scan:
        scan(*args.scan)
        return
    sizes = args.pods or ([int(os.environ["BENCH_PODS"])] if os.environ.get("BENCH_PODS") else list(SIZES))
    if not args.here:   # measure from a small fresh process: see the module docstring
        extra = [f"--pods={n}" for n in sizes]
        subprocess.run([sys.executable, __file__, "--here", f"--repeat={args.repeat}", *extra], check=True, cwd=REPO,
                       env={**os.environ, "PYTHONPATH": str(REPO)})
        return
    for pods in sizes:
        report(pods, args.repeat)


if __name__ == "__main__":
    main()
