"""``make bench`` loads every bench file the way ``bench/run.py`` does: each must load so (the run stops at the
first that does not, after minutes of earlier benchmarks) and offer ``main``, except the shared settings."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

LOAD_ALL = """
import sys
sys.path.insert(0, "bench")
import run
names = []
for path in run.benchmark_files():
    module = run.load(path)
    names.append(f"{path.name}:{hasattr(module, 'main')}")
print(" ".join(names))
"""


def test_every_bench_file_loads_as_make_bench_loads_it() -> None:
    result = subprocess.run([sys.executable, "-c", LOAD_ALL], capture_output=True, text=True, cwd=REPO, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    loaded = dict(entry.rsplit(":", 1) for entry in result.stdout.split())
    assert "report_batch.py" in loaded and "snapshot_scan.py" in loaded
    assert all(has_main == "True" for name, has_main in loaded.items() if name != "settings.py"), loaded
