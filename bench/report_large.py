"""Benchmark: the PDF report of a 100 000-pod assessment — pages, seconds and peak memory.

The assessment is built as a user builds it: a generated ``kubectl get -o json`` List of 10 000 Deployments × 10
Pods with their Services (``tests/report/large.py``: most pre-flight checks find thousands of objects), assessed
by ``readiness assess``. Then ``readiness report assessment.json -o report.pdf`` runs in a fresh process that
reports its wall time and its own peak resident memory (VmHWM); the pages are read back from the PDF.

Goal (issue 16): at most about 60 pages within a minute. ``BENCH_PODS`` (default 100 000) sets the size, ten pods
per Deployment. Run: ``python bench/report_large.py [--pods N]`` or through ``make bench``.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.settings import bench_pods  # noqa: E402  (needs the repository on sys.path)

PODS_PER_DEPLOYMENT = 10
GOAL_PAGES = 60
GOAL_SECONDS = 60.0
MiB = 1024 * 1024


def measure(assessment: str, pdf: str) -> None:
    """Child process: ``readiness report ASSESSMENT -o PDF`` in this process; prints ``seconds peak_bytes``."""
    from readiness.cli.main import run

    start = time.perf_counter()
    code = run(["report", assessment, "-o", pdf])
    seconds = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"readiness report exited {code}")
    print(f"{seconds:.3f} {_peak_rss()}")


def _peak_rss() -> int:
    """This process's own peak resident memory (VmHWM; ru_maxrss would include the parent's, inherited at fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main(argv: list[str] | None = None) -> None:
    """Generate and assess the cluster, then measure ``readiness report -o report.pdf`` in a fresh process."""
    import subprocess

    import pypdf

    from tests.report.large import assess_large

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pods", type=int, default=bench_pods())
    parser.add_argument("--measure", nargs=2, metavar=("ASSESSMENT", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else ([] if __name__ != "__main__" else None))
    if args.measure:
        measure(*args.measure)
        return
    deployments = max(1, args.pods // PODS_PER_DEPLOYMENT)
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        start = time.perf_counter()
        assessment = assess_large(Path(tmp), deployments, PODS_PER_DEPLOYMENT)
        snapshot = (Path(tmp) / "cluster.json").stat().st_size
        print(f"report_large: {deployments:,} Deployments × {PODS_PER_DEPLOYMENT} pods: snapshot {snapshot / MiB:,.0f} "
              f"MiB, assessment {assessment.stat().st_size / MiB:,.1f} MiB (generated and assessed in "
              f"{time.perf_counter() - start:.1f} s)")
        pdf = Path(tmp) / "report.pdf"
        out = subprocess.run([sys.executable, __file__, "--measure", str(assessment), str(pdf)], capture_output=True,
                             text=True, check=True, cwd=REPO)
        seconds, peak = out.stdout.split()
        pages = len(pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    verdict = "ok" if pages <= GOAL_PAGES and float(seconds) <= GOAL_SECONDS else "MISSED"
    print(f"report_large: readiness report -o report.pdf: {pages} pages in {float(seconds):.1f} s, peak "
          f"{int(peak) / MiB:,.0f} MiB  [{verdict}: goal ≤ {GOAL_PAGES} pages within {GOAL_SECONDS:.0f} s]")


if __name__ == "__main__":
    main()
