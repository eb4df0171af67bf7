"""Helpers for the offline scan tests: realdata apps, their TRUTH, and running the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from readiness.models.scan import ClusterInventory, Workload
from readiness.scan.inventory import build_inventory
from readiness.scan.snapshot import load_snapshot
from tests.conftest import realdata_dir

REPO = Path(__file__).resolve().parents[2]


def apps() -> list[str]:
    """Every app folder with a TRUTH.yaml."""
    return sorted(p.parent.name for p in realdata_dir().glob("*/TRUTH.yaml"))


@cache
def truth(app: str) -> dict[str, Any]:
    data = yaml.safe_load((realdata_dir() / app / "TRUTH.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def inventory(app: str) -> ClusterInventory:
    """The snapshot inventory of one app (TRUTH.yaml sits in the folder and is skipped as non-Kubernetes)."""
    return build_inventory(load_snapshot(str(realdata_dir() / app)))


def workload(inv: ClusterInventory, name: str) -> Workload:
    matches = [w for w in inv.workloads if w.name == name]
    assert len(matches) == 1, f"expected one workload {name}, found {[w.name for w in inv.workloads]}"
    return matches[0]


def run_cli(*args: str, stdin: str | bytes | None = None, cwd: Path | None = None,
            env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m readiness ARGS`` with captured output (no terminal: JSON by default)."""
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1", **(env or {})}
    full_env.pop("READINESS_DEBUG", None)
    data = stdin.decode("latin-1") if isinstance(stdin, bytes) else stdin
    return subprocess.run([sys.executable, "-m", "readiness", *args], input=data, capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=timeout, check=False)
