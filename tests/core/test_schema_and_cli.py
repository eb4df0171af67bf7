"""Schemas exported from the models, the assess command's outputs, and lazy imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from readiness.cli import run
from readiness.models import Assessment
from tests.conftest import EXAMPLES, REPO
from tests.core.test_properties import answers_strategy

AssessFn = Callable[..., Assessment]


def schema(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert run(["schema", name]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(document)
    return document


@pytest.fixture(scope="module")
def assessment_schema() -> dict[str, object]:
    from readiness.app.schemas import schema_for

    return schema_for("assessment")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=answers_strategy)
def test_every_assessment_validates_against_the_exported_schema(
        assess_answers: AssessFn, assessment_schema: dict[str, object], answers: dict[str, object]) -> None:
    document = json.loads(assess_answers(answers).model_dump_json())
    jsonschema.validate(document, assessment_schema)
    assert all(s["explanation"] for s in document["signals"])


def test_schema_command_prints_valid_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("answers", "assessment", "brand", "comparison", "precheck", "questionnaire", "scan"):
        assert schema(name, capsys)["$id"].endswith(f"/{name}.json")  # type: ignore[union-attr]


def test_the_bundled_brand_and_a_consultants_brand_validate_against_the_brand_schema(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brand_schema = schema("brand", capsys)
    bundled = yaml.safe_load((REPO / "readiness" / "templates" / "brand.yaml").read_text())
    jsonschema.validate(bundled, brand_schema)
    jsonschema.validate({"firm_name": "Contoso", "logo": "logo.png", "primary_color": "#336699", "paper": "letter"},
                        brand_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"colour": "red"}, brand_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"paper": "a3"}, brand_schema)


def test_precheck_output_validates_against_the_precheck_schema(tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import realdata_dir

    precheck_schema = schema("precheck", capsys)
    out = tmp_path / "precheck.json"
    for app in ("sock-shop", "mesh-fixtures"):
        code = run(["scan", "--snapshot", str(realdata_dir(app)), "--precheck", "--fail-on", "never", "--rps", "900",
                    "-o", str(out)])
        assert code == 0
        document = json.loads(out.read_text())
        jsonschema.validate(document, precheck_schema)
        assert document["schema_version"] == "1.0" and document["precheck"]["clusters"]
        assert document["cost"]["data_planes"]


def test_examples_validate_against_the_answers_schema(capsys: pytest.CaptureFixture[str]) -> None:
    answers_schema = schema("answers", capsys)
    for example in EXAMPLES.glob("*.yaml"):
        document = json.loads(json.dumps(yaml.safe_load(example.read_text()), default=str))
        jsonschema.validate(document, answers_schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"answers": {"service_count": -1}}, answers_schema)


def test_assess_writes_json_with_the_stable_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "assessment.json"
    assert run(["assess", str(EXAMPLES / "regulated-enterprise.yaml"), "-o", str(out)]) == 0
    document = json.loads(out.read_text())
    assert document["recommendation"]["category"] == "adopt_now"
    assert 0 <= document["scores"]["need"] <= 100 and 0 <= document["scores"]["readiness"] <= 100
    assert [p.name for p in tmp_path.iterdir()] == ["assessment.json"]


def test_assess_markdown_and_stdin(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "assessment.md"
    assert run(["assess", str(EXAMPLES / "startup.yaml"), "-o", str(out)]) == 0
    text = out.read_text()
    assert "Tiny Rocket Ltd" in text and "Not yet" in text
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b'{"answers": {"service_count": 3, '
                                                                  b'"north_south_only": true}}')))
    assert run(["assess", "-", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["recommendation"]["category"] == "gateway_only"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["assess", str(EXAMPLES / "startup.yaml"), "--format", "docx"]) == 2
    assert run(["assess"]) == 2
    assert run(["no-such-command"]) == 2
    assert run(["schema", "nonsense"]) == 2


@pytest.mark.parametrize("name", ["assessment.pdf", "report.HTML"])
def test_assess_output_named_like_a_report_points_to_report(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            name: str) -> None:
    """-o takes the Assessment; a .pdf or .html name would otherwise get JSON under a report's name."""
    out = tmp_path / name
    assert run(["assess", str(EXAMPLES / "startup.yaml"), "-o", str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"readiness: error: -o {out}: -o writes the Assessment as JSON or Markdown (.json or .md); a PDF "
                   f"or HTML report is written by 'readiness assess ANSWERS --report FILE' or by 'readiness report "
                   f"ASSESSMENT'"]
    assert not out.exists()


def test_hidden_follow_up_answer_is_ignored_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  clusters: 1\n  multicluster_needs: [failover]\n")
    assert run(["assess", str(answers), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "multicluster_needs: ignored, it applies only when clusters > 1" in captured.err
    document = json.loads(captured.out)
    item = next(a for a in document["answers"] if a["id"] == "multicluster_needs")
    assert item["source"] == "default" and item["applicable"] is False


def _imported_heavy(args: list[str]) -> list[str]:
    code = ("import sys\nfrom readiness.cli import run\ncode = run(sys.argv[1:])\n"
            "roots = {m.split('.')[0] for m in sys.modules}\n"
            "heavy = sorted(roots & {'weasyprint', 'kubernetes'})\n"
            "print('HEAVY=' + ','.join(heavy), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "SOURCE_DATE_EPOCH": "1764000000"}, timeout=60, check=False)
    line = next(x for x in result.stderr.splitlines() if x.startswith("HEAVY="))
    return [m for m in line.removeprefix("HEAVY=").split(",") if m]


def test_help_and_assess_import_neither_weasyprint_nor_kubernetes(tmp_path: Path) -> None:
    assert _imported_heavy(["--help"]) == []
    assert _imported_heavy(["assess", str(EXAMPLES / "startup.yaml"), "-o", str(tmp_path / "a.json")]) == []
    assert (tmp_path / "a.json").exists()


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "readiness", "--version"], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0 and result.stdout.startswith("readiness ")


def test_an_empty_answers_file_warns_that_everything_is_a_default(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "empty.yaml"
    answers.write_text("answers: {}\n")
    assert run(["assess", str(answers), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "no answers given; every answer is the questionnaire's default" in captured.err
    assert json.loads(captured.out)["scores"]["confidence"] == 0


@pytest.mark.parametrize("command", [["assess"], ["scan"], ["report"], ["interview"], ["schema"],
                                     ["questionnaire", "show"], ["questionnaire", "validate"]])
def test_every_option_names_what_it_takes(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Options say FILE, NAME, json|md…, never a bare <str>; every command's help has examples."""
    assert run([*command, "--help"]) == 0
    text = capsys.readouterr().out
    options = [line for line in text.splitlines() if line.strip().startswith("-")]
    assert options and not [line for line in options if "<str>" in line or "<int>" in line], options
    if command[0] != "questionnaire":
        assert "Example" in text
