"""Without WeasyPrint's system libraries a PDF is one clear line, and nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES

BROKEN_WEASYPRINT = 'raise OSError("cannot load library \'libgobject-2.0-0\': cannot open shared object file")\n'


def test_pdf_without_pango_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    stub = tmp_path / "stub"
    stub.mkdir()
    (stub / "weasyprint.py").write_text(BROKEN_WEASYPRINT)
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "PYTHONPATH": str(stub)}
    env.pop("READINESS_DEBUG", None)
    result = subprocess.run([sys.executable, "-m", "readiness", "assess", str(EXAMPLES / "startup.yaml"),
                             "-o", str(out / "a.json"), "--report", str(out / "r.pdf")],
                            capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("readiness: error:")]
    assert len(errors) == 1 and "PDF output needs WeasyPrint and the Pango library" in errors[0]
    assert "Traceback" not in result.stderr
    assert list(out.iterdir()) == []
    check = subprocess.run([sys.executable, "-c", "from readiness.report.pdf import pdf_available as a; print(a())"],
                           capture_output=True, text=True, env=env, timeout=60, check=True)
    assert check.stdout.strip() == "False"
