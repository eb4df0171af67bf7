"""The questionnaire as data: the bundled one is valid and complete; broken ones report every problem."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readiness.app.rules import resolve_questionnaire_path
from readiness.cli import run
from readiness.core.questionnaire import CORE_TYPES
from readiness.models import Questionnaire


def test_bundled_questionnaire_covers_the_contract(questionnaire: Questionnaire) -> None:
    questions = questionnaire.questions()
    assert 25 <= len(questions) <= 40
    by_id = {q.id: q for q in questions}
    for qid, kind in CORE_TYPES.items():
        assert by_id[qid].type == kind
        assert by_id[qid].core, f"{qid} is part of the public contract"
    assert [s.id for s in questionnaire.sections] == [
        "scale", "languages", "delivery", "operations", "security", "topology", "platform", "constraints"]
    for q in questions:
        assert len(q.help.split()) >= 8, f"{q.id} needs help text that says why it matters"
    assert any(q.when is not None for q in questions), "follow-up questions are declared with `when`"


def test_signals_cover_the_design_lists(questionnaire: Questionnaire) -> None:
    ids = {s.id for s in questionnaire.scoring.signals}
    raise_need = {"many_services", "polyglot", "third_party", "utility_rework", "security_compliance",
                  "localization_pain", "multicluster"}
    lower = {"few_services", "single_stack", "platform_tooling_in_place", "all_at_once_releases",
             "unsuited_protocols", "tight_latency_budget"}
    ready = {"kubernetes_platform", "kubernetes_skills", "observability_baseline", "headroom"}
    assert raise_need | lower | ready <= ids


def _broken(tmp_path: Path) -> Path:
    data = yaml.safe_load(resolve_questionnaire_path(None).read_text())
    scale = data["sections"][0]["questions"]
    scale.append(dict(scale[0]))  # duplicate id service_count
    scale[1]["when"] = {"question": "no_such_question", "gt": 1}  # unknown reference
    data["scoring"]["signals"][0]["weight"] = 25  # need weights no longer add up to 100
    data["scoring"]["signals"][1]["strength"]["question"] = "servce_count"  # unknown question in a signal
    data["sections"][1]["questions"][0]["default"] = ["klingon"]  # default not among the choices
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def test_validate_reports_every_problem_with_its_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _broken(tmp_path)
    code = run(["questionnaire", "validate", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    expected = [
        "sections.scale.questions.service_count: duplicate question id",
        "sections.scale.questions.expected_service_count_12m.when: refers to unknown question 'no_such_question'",
        "sections.languages.questions.languages.default: unknown value 'klingon'",
        "scoring.signals.service_growth.strength.question: unknown question 'servce_count'",
        "scoring.signals: need signal weights add up to 105; expected 100",
    ]
    for fragment in expected:
        assert any(fragment in line for line in err), (fragment, err)
    assert all(line.startswith(f"readiness: error: {path}: ") for line in err)
    assert len(err) == len(expected)


def test_validate_reports_model_errors_with_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = yaml.safe_load(resolve_questionnaire_path(None).read_text())
    data["sections"][0]["questions"][0]["type"] = "integer"
    data["sections"][2]["questions"][0]["colour"] = "blue"
    scale = data["sections"][0]["questions"]
    scale.append(dict(scale[1]))  # a duplicate id as well: cross-checks still run when the model is invalid
    path = tmp_path / "bad-model.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert run(["questionnaire", "validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "sections.scale.questions.service_count.type: Input should be 'int'" in err
    assert "sections.delivery.questions.release_style.colour: unknown field" in err
    assert "sections.scale.questions.expected_service_count_12m: duplicate question id" in err


def test_validate_accepts_the_bundled_questionnaire(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["questionnaire", "validate", str(resolve_questionnaire_path(None))]) == 0
    assert "ok — service-mesh-readiness@" in capsys.readouterr().err


def test_show_prints_sections_questions_and_conditions(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["questionnaire", "show"]) == 0
    out = capsys.readouterr().out
    assert "Section 1 of 8: Scale and architecture [scale]" in out, "with the id --sections takes"
    assert "service_count [core]: How many independently deployed services" in out
    assert "asked when: clusters > 1" in out
    assert "golang" in out  # aliases are shown
    assert run(["questionnaire", "show", "--format", "md"]) == 0
    assert "## Section 8 of 8: Constraints" in capsys.readouterr().out
