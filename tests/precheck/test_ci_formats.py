"""``scan --precheck --format sarif|junit``: CI formats read back with typed readers, locations against the files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from junitparser import Failure, JUnitXml, Skipped, TestSuite
from pydantic import BaseModel
from sarif_pydantic import Sarif

from readiness.cli.main import run
from readiness.models.mesh import MESH_TITLES, MESHES, SEVERITIES
from readiness.models.precheck import PrecheckReport
from tests.conftest import realdata_dir
from tests.k8s_server.fixtures import FIXTURES, running

Capture = pytest.CaptureFixture[str]
MANIFESTS = Path(__file__).parent / "ci_manifests"
SOCK_SHOP = realdata_dir() / "sock-shop"


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository checkout holding the fixture manifests under ``deploy/``, as the working directory."""
    repo = tmp_path / "repo"
    shutil.copytree(MANIFESTS, repo / "deploy")
    monkeypatch.chdir(repo)
    return repo


def _strict(model: BaseModel, path: str = "sarif") -> list[str]:
    """Keys the SARIF model does not know (sarif-pydantic allows extras; only property bags may hold them)."""
    unknown = [f"{path}.{key}" for key in (model.model_extra or {})]
    for name, value in model:
        if name == "properties":
            continue
        children = value if isinstance(value, list) else [value]
        for i, child in enumerate(children):
            if isinstance(child, BaseModel):
                unknown += _strict(child, f"{path}.{name}[{i}]")
    return unknown


def _sarif(args: list[str], capsys: Capture, code: int = 4) -> tuple[Sarif, dict[str, Any]]:
    assert run(["scan", *args, "--precheck", "--format", "sarif", "-o", "out.sarif"]) == code, capsys.readouterr()
    capsys.readouterr()
    raw = json.loads(Path("out.sarif").read_text(encoding="utf-8"))
    log = Sarif.model_validate(raw)
    assert _strict(log) == []
    return log, raw


def _document(lines: list[str], start: int, json_file: bool) -> list[str]:
    """The lines of the document that starts at ``start`` (1-based): to the next ``---`` in YAML, to the closing
    brace of the mapping in JSON."""
    if not json_file:
        end = next((i for i in range(start, len(lines)) if lines[i].startswith("---")), len(lines))
        return lines[start - 1:end]
    depth = 0
    for i in range(start - 1, len(lines)):
        depth += lines[i].count("{") - lines[i].count("}")
        if depth <= 0:
            return lines[start - 1:i + 1]
    raise AssertionError(f"no mapping starts at line {start}")


def test_sarif_locates_every_finding_at_its_document(checkout: Path, capsys: Capture) -> None:
    log, raw = _sarif(["--snapshot", "deploy"], capsys)
    assert log.version == "2.1.0" and len(log.runs) == 1
    run_ = log.runs[0]
    rules = run_.tool.driver.rules or []
    results = run_.results or []
    expected = _objects_from_json(["--snapshot", "deploy"], capsys)
    assert sorted((r.rule_id, (r.properties or {})["kind"], (r.properties or {})["name"]) for r in results) == \
        sorted(expected)
    seen_files = set()
    for result in results:
        assert result.rule_id is not None and result.rule_index is not None
        assert rules[result.rule_index].id == result.rule_id
        props = result.properties or {}
        location = (result.locations or [])[0]
        physical = location.physical_location
        assert physical is not None and physical.artifact_location is not None and physical.region is not None, \
            f"{result.rule_id} {props['kind']}/{props['name']} has no file and line"
        uri, line = physical.artifact_location.uri, physical.region.start_line
        assert uri is not None and line is not None and uri.startswith("deploy/") and "://" not in uri
        seen_files.add(uri)
        text = (checkout / uri).read_text(encoding="utf-8").splitlines()
        first = text[line - 1].strip()
        assert first and not first.startswith(("#", "---")), f"{uri}:{line} is not where a document starts"
        document = "\n".join(_document(text, line, uri.endswith(".json")))
        kind, name = props["kind"], props["name"]
        assert any(f"kind: {kind}" in d or f'"kind": "{kind}"' in d for d in document.splitlines()), (uri, line)
        assert f"name: {name}" in document or f'"name": "{name}"' in document, (uri, line, kind, name)
        logical = (location.logical_locations or [])[0]
        assert logical.fully_qualified_name == f"deploy/shop/{kind}/{name}"
    assert seen_files == {"deploy/shop.yaml", "deploy/data/mongo.json", "deploy/edge/gateway.yml"}
    levels = {r.level.value if hasattr(r.level, "value") else r.level for r in results}
    assert levels == {"error", "warning", "note"}
    assert raw["runs"][0]["results"][0]["partialFingerprints"]


def _objects_from_json(args: list[str], capsys: Capture) -> list[tuple[str, str, str]]:
    """(check, kind, name) of every affected object, from the JSON precheck: what SARIF must list."""
    run(["scan", *args, "--precheck", "--format", "json", "-o", "out.json"])
    capsys.readouterr()
    report = PrecheckReport.model_validate_json(Path("out.json").read_text(encoding="utf-8"))
    return [(f.check, o.kind, o.name) for c in report.precheck.clusters for f in c.findings for o in f.objects]


def test_sarif_rules_describe_each_check(checkout: Path, capsys: Capture) -> None:
    log, _ = _sarif(["--snapshot", "deploy"], capsys)
    rules = log.runs[0].tool.driver.rules or []
    assert len(rules) == 12 and len({r.id for r in rules}) == 12
    for rule in rules:
        assert rule.name and rule.short_description and rule.short_description.text
        assert rule.full_description and rule.full_description.text
        assert rule.help and rule.help.text and "Documentation:" in rule.help.text and rule.help.markdown
        assert rule.help_uri and rule.help_uri.startswith("https://")
        assert rule.default_configuration and rule.default_configuration.level
    proxy_uid = next(r for r in rules if r.id == "proxy_uid")
    assert proxy_uid.default_configuration is not None
    level = proxy_uid.default_configuration.level
    assert (level.value if hasattr(level, "value") else level) == "error"


def test_sarif_of_a_live_scan_has_logical_locations_only(tmp_path: Path, capsys: Capture,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with running(str(SOCK_SHOP), FIXTURES / "cluster.yaml") as server:
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig", context="prod")
        log, _ = _sarif(["--kubeconfig", str(kubeconfig), "--context", "prod"], capsys)
    results = log.runs[0].results or []
    assert results
    for result in results:
        location = (result.locations or [])[0]
        assert location.physical_location is None
        assert (location.logical_locations or [])[0].fully_qualified_name.startswith("prod/")


def test_sarif_of_a_dump_points_into_the_dump(tmp_path: Path, capsys: Capture,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A ``kubectl get -o json`` dump given as one file: each object at the line its item starts on."""
    monkeypatch.chdir(tmp_path)
    items = []
    for path in sorted(SOCK_SHOP.glob("*.yaml")):
        items += [d for d in yaml.safe_load_all(path.read_text()) if isinstance(d, dict) and d.get("kind")]
    Path("dump.json").write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=4))
    log, _ = _sarif(["--snapshot", "dump.json"], capsys)
    text = Path("dump.json").read_text().splitlines()
    for result in log.runs[0].results or []:
        physical = (result.locations or [])[0].physical_location
        assert physical and physical.artifact_location and physical.region
        assert physical.artifact_location.uri == "dump.json"
        line = physical.region.start_line or 0
        document = "\n".join(_document(text, line, True))
        name = (result.properties or {})["name"]
        assert f'"name": "{name}"' in document


def _junit(args: list[str], fail_on: str, capsys: Capture) -> tuple[int, JUnitXml]:
    code = run(["scan", *args, "--precheck", "--format", "junit", "--fail-on", fail_on, "-o", "out.xml"])
    capsys.readouterr()
    return code, JUnitXml.fromfile("out.xml")


@pytest.mark.parametrize(("fail_on", "code"), [("warning", 4), ("error", 4), ("info", 4), ("never", 0)])
def test_junit_fails_the_cases_at_or_above_fail_on(checkout: Path, capsys: Capture, fail_on: str,
                                                   code: int) -> None:
    expected_failing: dict[str, set[str]] = {m: set() for m in MESHES}
    objects: dict[str, set[str]] = {m: set() for m in MESHES}
    run(["scan", "--snapshot", "deploy", "--precheck", "--format", "json", "-o", "out.json"])
    report = PrecheckReport.model_validate_json(Path("out.json").read_text(encoding="utf-8"))
    for finding in report.precheck.clusters[0].findings:
        for obj in finding.objects:
            for mesh in obj.meshes:
                name = f"{finding.check} {obj.ref}"
                objects[mesh].add(name)
                level = obj.severity_for(mesh)
                if fail_on != "never" and level and SEVERITIES.index(level) >= SEVERITIES.index(fail_on):
                    expected_failing[mesh].add(name)
    exit_code, xml = _junit(["--snapshot", "deploy"], fail_on, capsys)
    assert exit_code == code
    suites = {s.name: s for s in xml if isinstance(s, TestSuite)}
    assert list(suites) == [MESH_TITLES[m] for m in MESHES]
    for mesh in MESHES:
        suite = suites[MESH_TITLES[mesh]]
        failing = {c.name for c in suite if any(isinstance(r, Failure) for r in c.result)}
        skipped = {c.name for c in suite if any(isinstance(r, Skipped) for r in c.result)}
        names = [c.name for c in suite]
        assert failing == expected_failing[mesh], mesh
        assert objects[mesh] <= set(names), mesh
        assert skipped == {"kubernetes_version"}
        assert suite.tests == len(names) and suite.failures == len(failing) and suite.skipped == len(skipped)
    if fail_on == "warning":
        sidecar = {c.name: c for c in suites["Istio (sidecar)"]}
        case = sidecar["proxy_uid Deployment/shop/orders"]
        failure = next(r for r in case.result if isinstance(r, Failure))
        assert failure.type == "error" and "UID 1337" in (failure.message or "")
        assert "deploy/shop.yaml:" in (failure.text or "") and "Fix: " in (failure.text or "")
        assert "proxy_uid Deployment/shop/orders" not in {c.name for c in suites["Linkerd"]}


def test_ci_formats_need_the_precheck(tmp_path: Path, capsys: Capture) -> None:
    out = tmp_path / "out.sarif"
    assert run(["scan", "--snapshot", str(MANIFESTS), "--format", "sarif", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--format sarif writes the precheck for CI; add --precheck" in err and "Traceback" not in err
    assert not out.exists()
    assert run(["scan", "--snapshot", str(MANIFESTS), "--precheck", "--format", "xml", "-o", str(out)]) == 2
    assert "--format: expected json, table, sarif or junit, not 'xml'" in capsys.readouterr().err
