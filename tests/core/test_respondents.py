"""Several respondents: `readiness assess A B C` merges their answers files, lists where they disagree with each
answer, the one used and the rule that chose it, and counts those answers as partly known for the confidence."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.app.rules import load_respondent_rules
from readiness.cli import run
from readiness.core.respondents import rules_problems
from readiness.io import resources
from readiness.models import Questionnaire
from tests.conftest import EXAMPLES

TEAM = EXAMPLES / "respondents"
CTO, PLATFORM, SECURITY = (str(TEAM / f"{n}.yaml") for n in ("cto", "platform-lead", "security-lead"))


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795165200")


def assess(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    """The Assessment `readiness assess ARGV --format json` prints."""
    assert run(["assess", *argv, "--format", "json"]) == 0, capsys.readouterr().err
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def failure(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 1) -> list[str]:
    """The error lines of a `readiness assess ARGV` that must fail with ``code``."""
    assert run(["assess", *argv]) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.strip().splitlines()


def by_question(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["question"]: c for c in document["conflicts"]}


def test_three_respondents_with_two_conflicting_answers_give_exactly_two_conflicts(
        capsys: pytest.CaptureFixture[str]) -> None:
    document = assess(capsys, CTO, PLATFORM, SECURITY)
    conflicts = by_question(document)
    assert list(conflicts) == ["service_count", "utility_rework"]
    count = conflicts["service_count"]
    assert [(v["file"], v["respondent"], v["role"], v["value"]) for v in count["values"]] == [
        ("cto.yaml", "Maria Chen", "cto", 48), ("platform-lead.yaml", "Sam Okafor", "platform_lead", 40),
        ("security-lead.yaml", "Dana Reyes", "security_lead", 48)]
    assert (count["used"], count["used_display"], count["used_file"]) == (48, "48 services", "cto.yaml")
    rework = conflicts["utility_rework"]
    assert [(v["file"], v["value"]) for v in rework["values"]] == [("cto.yaml", "sometimes"),
                                                                  ("platform-lead.yaml", "often")]
    assert (rework["used"], rework["used_file"]) == ("often", "platform-lead.yaml")
    answers = {a["id"]: a["value"] for a in document["answers"]}
    assert answers["service_count"] == 48 and answers["utility_rework"] == "often"
    assert [(r["file"], r["name"], r["role_title"]) for r in document["respondents"]] == [
        ("cto.yaml", "Maria Chen", "CTO"), ("platform-lead.yaml", "Sam Okafor", "Platform lead"),
        ("security-lead.yaml", "Dana Reyes", "Security lead")]


def test_equal_answers_agree_whatever_the_order_of_a_list_and_single_answers_are_used(
        capsys: pytest.CaptureFixture[str]) -> None:
    document = assess(capsys, CTO, PLATFORM, SECURITY)
    answers = {a["id"]: a for a in document["answers"]}
    # compliance: [pci_dss, soc2, gdpr] (CTO) and [soc2, pci_dss, gdpr] (security lead); languages likewise
    assert "compliance" not in by_question(document) and "languages" not in by_question(document)
    assert sorted(answers["compliance"]["value"]) == ["gdpr", "pci_dss", "soc2"]
    assert answers["zero_trust_mandate"]["value"] is True  # only the security lead answered it
    assert answers["kubernetes_experience"]["value"] == "production"  # only the platform lead
    assert answers["adoption_window"]["source"] == "answered"  # only the CTO


def test_the_role_that_owns_a_section_decides_whatever_the_order(capsys: pytest.CaptureFixture[str]) -> None:
    for order in ((CTO, PLATFORM, SECURITY), (PLATFORM, SECURITY, CTO), (SECURITY, CTO, PLATFORM)):
        count = by_question(assess(capsys, *order))["service_count"]
        assert (count["used"], count["rule"], count["owner"]) == (48, "owner", "cto"), order
        assert count["reason"] == "the CTO owns the Scale and architecture section"


def test_without_an_owner_the_last_file_decides(capsys: pytest.CaptureFixture[str]) -> None:
    # the engineering lead owns the languages section, and none was interviewed
    forward = by_question(assess(capsys, CTO, PLATFORM, SECURITY))["utility_rework"]
    backward = by_question(assess(capsys, PLATFORM, CTO, SECURITY))["utility_rework"]
    assert (forward["used"], forward["rule"], forward["owner"]) == ("often", "last_file", None)
    assert (backward["used"], backward["rule"], backward["used_file"]) == ("sometimes", "last_file", "cto.yaml")
    assert "platform-lead.yaml" in forward["reason"] and "Languages and frameworks" in forward["reason"]


def test_a_roles_file_changes_who_owns_what(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text(yaml.safe_dump({"roles": {
        "cto": {"title": "CTO", "owns": ["constraints"]},
        "platform_lead": {"title": "Platform lead", "owns": ["scale", "languages"]},
        "security_lead": {"title": "Security lead", "owns": ["security"]}}}))
    conflicts = by_question(assess(capsys, CTO, PLATFORM, SECURITY, "--roles", str(roles)))
    assert (conflicts["service_count"]["used"], conflicts["service_count"]["owner"]) == (40, "platform_lead")
    assert (conflicts["utility_rework"]["used"], conflicts["utility_rework"]["rule"]) == ("often", "owner")


def test_a_roles_file_owning_an_unknown_section_is_one_line(capsys: pytest.CaptureFixture[str],
                                                            tmp_path: Path) -> None:
    roles = tmp_path / "roles.yaml"
    roles.write_text("roles:\n  cto: {title: CTO, owns: [scael]}\n")
    lines = failure(capsys, CTO, PLATFORM, "--roles", str(roles))
    assert len(lines) == 1 and f"{roles}: roles.cto.owns: unknown section 'scael' (did you mean 'scale'?)" in lines[0]


def test_the_bundled_roles_own_real_sections_each_once(questionnaire: Questionnaire) -> None:
    rules = load_respondent_rules()
    assert rules_problems(rules, questionnaire, "respondents.yaml") == []
    owned = [sid for role in rules.roles.values() for sid in role.owns]
    assert len(owned) == len(set(owned)), "a section has one owner"
    assert "security" in rules.roles["security_lead"].owns
    security = next(s for s in questionnaire.sections if s.id == "security")
    assert {q.id for q in security.questions} >= {"compliance", "encryption_in_transit_required"}


def test_conflicts_on_scored_answers_lower_the_confidence_by_the_rules_credit(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    merged = assess(capsys, CTO, PLATFORM, SECURITY)
    roles = tmp_path / "roles.yaml"
    bundled = yaml.safe_load(resources.bundled("rules", "respondents.yaml").read_text())
    roles.write_text(yaml.safe_dump({**bundled, "conflict_credit": 1}))
    agreed = assess(capsys, CTO, PLATFORM, SECURITY, "--roles", str(roles))
    assert [c["confidence_share"] for c in merged["conflicts"]] == [0.5, 0.5]
    assert merged["scores"]["confidence"] < agreed["scores"]["confidence"]
    assert (merged["scores"]["need"], merged["recommendation"]["category"]) == (
        agreed["scores"]["need"], agreed["recommendation"]["category"]), "the answers used are the same"
    assert "respondents answered differently counts 0.5" in merged["method"]["confidence_formula"]
    assert "respondents" not in agreed["method"]["confidence_formula"].split("scan")[0]


def test_the_merged_confidence_is_that_of_one_file_with_the_answers_used_minus_the_disputed_share(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    merged = assess(capsys, CTO, PLATFORM, SECURITY)
    one = tmp_path / "one.yaml"
    one.write_text(yaml.safe_dump({"answers": {a["id"]: a["value"] for a in merged["answers"]
                                               if a["source"] == "answered"}}))
    single = assess(capsys, str(one))
    weights = {s["id"]: (s["weight"], s["inputs"]) for s in single["signals"]}
    total = sum(w for w, _ in weights.values())
    disputed = {c["question"] for c in merged["conflicts"]}
    lost = sum(w * 0.5 * len(disputed & set(inputs)) / len(inputs) for w, inputs in weights.values())
    assert lost > 0
    assert merged["scores"]["confidence"] == pytest.approx(single["scores"]["confidence"] - 100 * lost / total,
                                                           abs=0.051)
    assert single["conflicts"] == [] and single["respondents"] == []


def test_files_are_named_without_their_folder_and_the_engagement_and_notes_merge(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "client" / "answers"
    folder.mkdir(parents=True)
    for path in (CTO, PLATFORM, SECURITY):
        shutil.copy(path, folder)
    other = yaml.safe_load(Path(PLATFORM).read_text())
    other["engagement"]["client"] = "Northwind"
    other["notes"]["scale"] = "Forty services are in production; eight are being retired."
    (folder / "platform-lead.yaml").write_text(yaml.safe_dump(other))
    document = assess(capsys, *(str(folder / Path(p).name) for p in (CTO, PLATFORM, SECURITY)))
    text = json.dumps({k: document[k] for k in ("respondents", "conflicts", "warnings", "notes")})
    assert str(tmp_path) not in text and "client/answers" not in text
    assert document["engagement"] == {"client": "Northwind Payments plc", "assessor": "Alex Consultant",
                                      "date": "2026-11-20", "firm": "Example Advisory"}
    assert any("engagement.client differs" in w and "platform-lead.yaml 'Northwind'" in w and "the last is used" in w
               for w in document["warnings"])
    assert document["notes"]["scale"] == ("Two acquisitions this year bring their own services. (Maria Chen, CTO) "
                                          "Forty services are in production; eight are being retired. "
                                          "(Sam Okafor, Platform lead)")
    assert document["notes"]["security"].startswith("The PCI DSS assessor")


def test_stdin_may_be_one_of_the_files_but_not_two(capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(Path(SECURITY).read_bytes())))
    document = assess(capsys, CTO, PLATFORM, "-")
    assert document["respondents"][2]["file"] == "<stdin>"
    assert [c["question"] for c in document["conflicts"]] == ["service_count", "utility_rework"]
    lines = failure(capsys, "-", CTO, "-", code=2)
    assert len(lines) == 1 and "only one answers file can come from stdin" in lines[0]
    lines = failure(capsys, CTO, CTO, code=2)
    assert len(lines) == 1 and "named twice; name each" in lines[0], "the same spelling is not repeated"
    other = str(Path(CTO).parent / ".." / Path(CTO).parent.name / Path(CTO).name)
    lines = failure(capsys, CTO, other, code=2)
    assert len(lines) == 1 and f"named twice (as {CTO} too)" in lines[0]


def test_every_bad_file_is_named_once_and_nothing_is_written(capsys: pytest.CaptureFixture[str],
                                                             tmp_path: Path) -> None:
    bad_role = tmp_path / "cfo.yaml"
    bad_role.write_text("respondent: {name: Lee, role: cfo}\nanswers: {service_count: 12}\n")
    bad_answer = tmp_path / "intern.yaml"
    bad_answer.write_text("respondent: {name: Kim}\nanswers: {service_count: many}\n")
    out = tmp_path / "assessment.json"
    assert run(["assess", CTO, str(bad_role), str(bad_answer), "-o", str(out)]) == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"readiness: error: {bad_role}: respondent.role: unknown role 'cfo'")
    assert lines[1].startswith(f"readiness: error: {bad_answer}: answers.service_count:")
    assert not out.exists()


def test_one_file_with_a_respondent_is_assessed_as_before(capsys: pytest.CaptureFixture[str]) -> None:
    alone = assess(capsys, SECURITY)
    assert alone["conflicts"] == []
    assert alone["respondents"] == [{"file": "security-lead.yaml", "name": "Dana Reyes", "role": "security_lead",
                                     "role_title": "Security lead", "owns": ["security"]}]
    plain = assess(capsys, str(EXAMPLES / "startup.yaml"))
    assert plain["respondents"] == [] and plain["conflicts"] == []


def test_the_answers_schema_shows_the_respondent(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "answers"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "respondent" in schema["properties"]
    respondent = schema["$defs"]["Respondent"]
    assert set(respondent["properties"]) == {"name", "role"} and respondent["required"] == ["name"]


def test_the_terminal_hears_of_each_conflict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(["assess", CTO, PLATFORM, SECURITY, "-o", str(tmp_path / "a.json")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if "disagree" in line] == [
        "readiness: the respondents disagree on service_count (Maria Chen: 48 services; Sam Okafor: 40 services; "
        "Dana Reyes: 48 services); used 48 services: the CTO owns the Scale and architecture section",
        "readiness: the respondents disagree on utility_rework (Maria Chen: Sometimes; Sam Okafor: Often — every team "
        "has its own); used Often — every team has its own: no respondent whose role owns the Languages and "
        "frameworks section answered it; the last file given that answers it, platform-lead.yaml, is used"]


def test_a_disagreement_on_a_question_that_does_not_apply_is_no_conflict(capsys: pytest.CaptureFixture[str],
                                                                         tmp_path: Path) -> None:
    one, two = tmp_path / "one.yaml", tmp_path / "two.yaml"
    one.write_text("answers: {clusters: 1, multicluster_needs: [failover]}\n")
    two.write_text("answers: {clusters: 1, multicluster_needs: [team_isolation]}\n")
    document = assess(capsys, str(one), str(two))
    assert document["conflicts"] == []
    assert any("answers.multicluster_needs: ignored, it applies only when" in w for w in document["warnings"])
