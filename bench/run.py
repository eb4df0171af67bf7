"""`make bench`: start-up and assessment timings, then every other benchmark in this folder.

Speed goals live here, not in timed tests. Each figure is the median of several runs. Every other
``bench/*.py`` with a ``main()`` runs after these: the live scan, the snapshot scan, the precheck, the PDF
report and the source scan (``source_scan.py``: ``scan --source`` at 1,000 / 2,000 / 4,000 / 8,000 folders;
``BENCH_SOURCE_SIZES`` picks other sizes).
report_large.py: pages, seconds and peak memory of the 100 000-pod PDF report.
report_batch.py: six PDFs in one ``report --out-dir`` call against six separate ``report -o`` calls (goal 0.8).
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent
RUNS = int(os.environ.get("BENCH_RUNS", "15"))


def median_seconds(command: Sequence[str], runs: int = RUNS) -> float:
    """Median wall time of a command (after one warm-up run)."""
    subprocess.run(command, capture_output=True, check=True, cwd=REPO)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, cwd=REPO)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def startup_and_assess() -> None:
    """`readiness --help` against bare `import typer`, and `assess` on each example."""
    readiness = str(BIN / "readiness")
    baseline = median_seconds([sys.executable, "-c", "import typer"])
    help_time = median_seconds([readiness, "--help"])
    label = 'python -c "import typer"'
    print(f"{label:<52} {baseline * 1000:8.1f} ms")
    print(f"{'readiness --help':<52} {help_time * 1000:8.1f} ms  ({help_time / baseline:.2f}× import typer)")
    for example in sorted((REPO / "examples").glob("*.yaml")):
        seconds = median_seconds([readiness, "assess", str(example), "-o", os.devnull, "--format", "json"])
        print(f"{'readiness assess examples/' + example.name:<52} {seconds * 1000:8.1f} ms")


def benchmark_files() -> list[Path]:
    """Every other bench/*.py file, in the order they run."""
    return [path for path in sorted(BENCH.glob("*.py")) if path.name not in ("run.py", "__init__.py")]


def load(path: Path) -> ModuleType:
    """A bench file as a module (registered first, as the importlib recipe does: dataclasses look it up there)."""
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def other_benchmarks() -> None:
    """Run ``main()`` of every other bench/*.py file."""
    for path in benchmark_files():
        module = load(path)
        if hasattr(module, "main"):
            print(f"\n== {path.name}")
            module.main()


def main() -> None:
    print(f"== start-up and assessment (median of {RUNS} runs)")
    startup_and_assess()
    other_benchmarks()


if __name__ == "__main__":
    main()
