"""Issue 17: ``readiness scan --snapshot FILE -o out.json`` imports nothing it does not use (start-up is timed)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.scan.scan_helpers import realdata_dir

REPO = Path(__file__).resolve().parents[2]
UNUSED = ("kubernetes", "weasyprint", "jinja2", "questionary", "readiness.core", "readiness.mesh", "readiness.report",
          "readiness.interview", "readiness.app.rules", "readiness.console.precheck_table",
          "readiness.models.assessment", "readiness.models.answers", "readiness.models.precheck",
          "pydantic", "readiness.models.scan")
"""Not needed to write a scan as JSON: the scanner builds msgspec records (readiness.models.scan_records)."""


def imported(*args: str, cache: Path | None = None) -> set[str]:
    """The modules loaded by ``readiness ARGS`` (``cache``: the folder of parsed rule tables)."""
    code = ("import sys\nfrom readiness.cli import run\ncode = run(sys.argv[1:])\n"
            "print('MODULES=' + ','.join(sorted(sys.modules)), file=sys.stderr)\n")
    env = {**os.environ, "READINESS_CACHE_DIR": str(cache)} if cache else None
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO,
                            timeout=60, check=False, env=env)
    line = next(x for x in result.stderr.splitlines() if x.startswith("MODULES="))
    return set(line.removeprefix("MODULES=").split(","))


def loaded(modules: set[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


def test_a_json_snapshot_scan_loads_only_the_scan(tmp_path: Path) -> None:
    """Once the bundled rule tables' parses are cached, not even PyYAML (the first run parses them)."""
    dump = realdata_dir("derived-online-boutique-list") / "online-boutique.kubectl-list.json"
    command = ("scan", "--snapshot", str(dump), "-o", str(tmp_path / "scan.json"))
    assert loaded(imported(*command, cache=tmp_path / "cache"), "yaml")
    modules = imported(*command, cache=tmp_path / "cache")
    assert (tmp_path / "scan.json").exists()
    assert "msgspec" in modules and "readiness.scan.fastjson" in modules
    assert [m for m in (*UNUSED, "yaml") if loaded(modules, m)] == []


def test_a_yaml_snapshot_scan_does_not_load_the_json_decoder(tmp_path: Path) -> None:
    modules = imported("scan", "--snapshot", str(realdata_dir("bookinfo")), "-o", str(tmp_path / "scan.json"))
    assert not loaded(modules, "readiness.scan.fastjson")   # msgspec is loaded: the records are msgspec's
    assert [m for m in UNUSED if loaded(modules, m)] == []
