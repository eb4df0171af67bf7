"""The wheel carries the questionnaires and templates: install it outside the repository and assess there."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow


def test_wheel_installs_and_assesses_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(dist), str(REPO)], check=True, timeout=300, capture_output=True)
    wheel = next(dist.glob("readiness-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "readiness/rules/questionnaires/service-mesh-readiness.yaml" in names
    assert "readiness/rules/questionnaires/service-mesh-readiness.plan.yaml" in names
    assert "readiness/rules/questionnaires/service-mesh-readiness.risks.yaml" in names
    assert any(n.startswith("readiness/templates/") for n in names)
    for rules in ("signatures", "precheck-checks", "proxy-costs", "mesh-options"):
        assert any(n.startswith("readiness/rules/") and n.endswith(f"/{rules}.yaml") for n in names), rules
    assert not [n for n in names if "scripted" in n or n.startswith("tests/")], "test doubles stay out of the wheel"

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # dependencies come from the development environment (no network needed); the project only from the wheel
    (site / "dev-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, timeout=300, capture_output=True)
    script = env_dir / "bin" / "readiness"
    assert script.exists(), "the wheel installs the console script"

    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copy(EXAMPLES / "regulated-enterprise.yaml", work / "answers.yaml")
    result = subprocess.run([str(script), "assess", "answers.yaml", "-o", "assessment.json"], cwd=work,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads((work / "assessment.json").read_text())["recommendation"]["category"] == "adopt_now"
    where = subprocess.run([str(python), "-c", "import readiness; print(readiness.__file__)"],
                           cwd=work, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(site)), "the installed wheel, not the checkout, was used"
