"""Fixtures of the report tests: assessments built the way the product builds them (``readiness assess``
goes through ``readiness.app.assess.assess``, so every assessment holds the cost estimate and the
mesh options, and a scan-backed one the cluster findings and the precheck), at a fixed clock."""

from __future__ import annotations

import copy
import os
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from readiness.app.assess import Rules, assess
from readiness.app.inputs import load_answers_file
from readiness.app.rules import load_risk_catalogue
from readiness.app.scan import NO_SCAN, scan_clusters
from readiness.core.answers import parse_answers_file
from readiness.models import AnswersFile, Assessment, PlanCatalogue, Questionnaire
from readiness.scan.collect import ScanRequest
from tests.conftest import EXAMPLES, FIXED_TIME, realdata_dir

EVIL = '<img src="file:///etc/passwd"> {{ 7*7 }}'
"""A client name that tries HTML injection and template injection at once."""

EXAMPLE_NAMES = ("regulated-enterprise", "startup", "monolith")
GOLDEN = Path(__file__).resolve().parent / "golden"
BOUTIQUE = realdata_dir() / "online-boutique" / "kubernetes-manifests.yaml"
SOCK_SHOP = realdata_dir() / "sock-shop" / "complete-demo.yaml"
MESH_FIXTURES = realdata_dir() / "mesh-fixtures"
SCANNED = "regulated-enterprise+online-boutique"
"""The scan-backed example: the regulated answers with the online-boutique manifests as a snapshot."""
T = TypeVar("T")


@pytest.fixture(scope="session")
def once_per_run(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[], T]], T]:
    """``once_per_run(name, make)``: ``make()`` computed by the first pytest-xdist worker that asks and read
    back by the others (PDFs take seconds to render and to read back; each worker would do it again)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent

    def get(name: str, make: Callable[[], T]) -> T:
        try:
            import fcntl
        except ImportError:  # no POSIX locks: every worker makes its own
            return make()
        path = root / f"{name}.pickle"
        with (root / f"{name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                value: T = pickle.loads(path.read_bytes())
                return value
            value = make()
            path.write_bytes(pickle.dumps(value))
            return value

    return get


def product_assessment(questionnaire: Questionnaire, catalogue: PlanCatalogue, answers_file: AnswersFile,
                       name: str, snapshots: Sequence[Path] = ()) -> Assessment:
    """An assessment as ``readiness assess ANSWERS [--snapshot ...]`` builds it, at the fixed time (with the risk
    catalogue beside the questionnaire)."""
    scan = NO_SCAN
    if snapshots:
        scan = scan_clusters(ScanRequest(snapshots=[str(p) for p in snapshots], live_default=False), FIXED_TIME)
    rules = Rules(questionnaire, catalogue, load_risk_catalogue(questionnaire, catalogue))
    return assess(rules, answers_file, name, FIXED_TIME, scan)


@pytest.fixture(scope="session")
def examples(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> dict[str, Assessment]:
    """The three example answers files, assessed as the product does at the fixed time."""
    return {name: product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / f"{name}.yaml"),
                                     f"{name}.yaml")
            for name in EXAMPLE_NAMES}


@pytest.fixture(scope="session")
def scanned(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    """The regulated example with the online-boutique snapshot: cluster findings, precheck, cost, options."""
    return product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / "regulated-enterprise.yaml"),
                              "regulated-enterprise.yaml", [BOUTIQUE])


@pytest.fixture(scope="session")
def meshed(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    """The regulated example with the mesh fixtures (injected sidecars): a precheck that finds things."""
    return product_assessment(questionnaire, catalogue, load_answers_file(EXAMPLES / "regulated-enterprise.yaml"),
                              "regulated-enterprise.yaml", [MESH_FIXTURES])


@pytest.fixture(scope="session")
def evil(questionnaire: Questionnaire, catalogue: PlanCatalogue) -> Assessment:
    """The regulated example with a hostile client, assessor and notes."""
    raw: dict[str, Any] = yaml.safe_load((EXAMPLES / "regulated-enterprise.yaml").read_text())
    raw = copy.deepcopy(raw)
    raw["engagement"].update(client=EVIL, assessor="[x](javascript:alert(1)) *bold* | pipe")
    raw["notes"]["security"] = f"{EVIL} <script>alert(1)</script> # not a heading"
    return product_assessment(questionnaire, catalogue, parse_answers_file(raw, "evil.yaml"), "evil.yaml")


@pytest.fixture(scope="session")
def long_json(once_per_run: Callable[[str, Callable[[], bytes]], bytes],
              tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A long assessment's JSON as a real ``readiness assess`` writes it for a generated snapshot
    (``tests/report/large.py``): 1,500 Deployments × 2 Pods with their Services, nine pre-flight checks finding
    hundreds of objects each, source checkouts for 60 of the services, objects defined twice (scan warnings)."""
    from tests.report.large import assess_large

    return once_per_run("long-assessment", lambda: assess_large(
        tmp_path_factory.mktemp("long"), deployments=1500, pods_per_deployment=2, sources=60).read_bytes())
