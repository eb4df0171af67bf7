"""``readiness compare BEFORE AFTER``: the examples assessed with ``readiness assess -o`` and compared, the JSON
against its schema, the "Progress since DATE" report in Markdown, HTML and PDF (read back), a scan-backed pair
with findings opened and closed, and the one-line refusals."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pypdf
import pytest
import yaml

from readiness.app.schemas import schema_for
from readiness.cli.main import run
from tests.conftest import EXAMPLES, realdata_dir
from tests.report.helpers import html_text, markdown_to_html

BOOKINFO = realdata_dir("bookinfo") / "bookinfo.yaml"


def _assess(folder: Path, name: str, *extra: str) -> Path:
    out = folder / f"{name}.json"
    assert run(["assess", str(EXAMPLES / f"{name.split('+')[0]}.yaml"), *extra, "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The startup and regulated examples, assessed by the command line."""
    folder = tmp_path_factory.mktemp("assessed")
    return _assess(folder, "startup"), _assess(folder, "regulated-enterprise")


def _compare(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run(["compare", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _json(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def test_startup_to_regulated_moves_from_not_yet_to_adopt_now(pair: tuple[Path, Path], tmp_path: Path) -> None:
    before, after = pair
    out = tmp_path / "comparison.json"
    assert run(["compare", str(before), str(after), "-o", str(out)]) == 0
    comparison = _json(out)
    jsonschema.validate(comparison, schema_for("comparison"))
    old, new = _json(before), _json(after)
    assert old["recommendation"]["category"] == "not_yet" and new["recommendation"]["category"] == "adopt_now"
    assert comparison["verdict"]["before"]["category"] == "not_yet"
    assert comparison["verdict"]["after"]["category"] == "adopt_now" and comparison["verdict"]["changed"]
    assert comparison["verdict"]["after"]["title"] == new["recommendation"]["title"]
    for score in ("need", "readiness", "confidence"):
        delta = comparison["scores"][score]
        assert (delta["before"], delta["after"]) == (old["scores"][score], new["scores"][score])
        assert delta["change"] == pytest.approx(new["scores"][score] - old["scores"][score], abs=0.05)
    changed = {c["question"]: c for c in comparison["changed_answers"]}
    shown = {a["id"]: a["display"] for a in new["answers"]}
    assert "service_count" in changed
    assert changed["service_count"]["after"] == shown["service_count"]
    assert changed["service_count"]["before"] == {a["id"]: a["display"] for a in old["answers"]}["service_count"]
    assert changed["service_count"]["after_source"] == "answered"
    assert (comparison["before"]["date"], comparison["after"]["date"]) == (
        old["engagement"]["date"], new["engagement"]["date"])
    assert comparison["before"]["questionnaire"] == old["questionnaire"] and comparison["schema_version"] == "1.0"
    signals = {s["id"]: s for s in comparison["signals"]}
    assert "service_count" in signals["many_services"]["because"]
    statuses = {p["phase"]: p["status"] for p in comparison["plan"]}
    assert {statuses[p["id"]] for p in old["plan"]["phases"]} == {"met"}  # adopt_now's plan has none of them
    assert {statuses[p["id"]] for p in new["plan"]["phases"]} == {"added"}
    reached = [t for t in comparison["triggers"] if t["reached"]]
    assert reached and all(all(a["holds"] for a in t["answers"]) for t in reached)
    assert comparison["precheck"] is None and comparison["notes"] == []


def test_the_markdown_progress_report(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _compare(capsys, str(pair[0]), str(pair[1]))
    assert code == 0 and err == ""
    text, _ = html_text(markdown_to_html(out))
    assert out.startswith("# Progress since 2 November 2026: Northwind Payments plc")
    assert "The verdict moved from “Not yet” to “Adopt now”." in text
    assert "How many independently deployed services run in production today? 2 services 48 services answered" in text
    for title in ("What changed in the answers", "Signals that moved", "Progress on the plan", "Triggers reached"):
        assert f"## {title}" not in out and title in text
    assert "Pre-flight findings" not in text  # neither assessment scanned a cluster
    assert "service_count" not in out and "not_yet" not in out  # no ids in the client document


def test_the_pdf_progress_report_reads_back(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "progress.pdf"
    assert run(["compare", str(pair[0]), str(pair[1]), "-o", str(out)]) == 0
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    text = " ".join(pages)
    assert len(pages) >= 3 and "Progress since 2 November 2026" in pages[0] and "Northwind Payments plc" in pages[0]
    for expected in ("Not yet", "Adopt now", "48 services", "Signals that moved", "Progress on the plan",
                     "Triggers reached", "Prepare cheaply"):
        assert expected in text, expected
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.pdf"]  # written atomically, nothing left over


def test_an_assessment_compared_with_itself_has_no_changes(pair: tuple[Path, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "same.json"
    assert run(["compare", str(pair[1]), str(pair[1]), "--format", "json", "-o", str(out)]) == 0
    same = _json(out)
    assert same["changed_answers"] == [] and same["signals"] == [] and not same["verdict"]["changed"]
    assert all(same["scores"][s]["change"] == 0 for s in ("need", "readiness", "confidence"))
    assert {p["status"] for p in same["plan"]} == {"open"} and not any(t["reached"] for t in same["triggers"])
    code, markdown, _ = _compare(capsys, str(pair[1]), str(pair[1]), "--format", "md")
    assert code == 0 and "No answer changed." in markdown and "No signal moved." in markdown
    assert "The verdict is still “Adopt now”." in markdown


def test_different_major_versions_are_refused_in_one_line(pair: tuple[Path, Path], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    later = _json(pair[1])
    name, _, _ = later["questionnaire"].partition("@")
    for version, expected in (("2.0.0", 1), ("1.7.0", 0)):
        moved = tmp_path / f"v{version}.json"
        moved.write_text(json.dumps({**later, "questionnaire": f"{name}@{version}"}), encoding="utf-8")
        out = tmp_path / f"v{version}.md"
        code, _, err = _compare(capsys, str(pair[0]), str(moved), "-o", str(out))
        assert code == expected
        if expected:
            assert len(err.strip().splitlines()) == 1 and "major version" in err and f"@{version}" in err
            assert not out.exists()


@pytest.mark.parametrize(("make", "message"), [
    (lambda folder: folder / "missing.json", "no such file"),
    (lambda folder: EXAMPLES / "startup.yaml", "this is an answers file, not an assessment"),
    (lambda folder: _written(folder / "broken.json", "{ not json"), "broken.json"),
    (lambda folder: _written(folder / "other.json", '{"questionnaire": "x@1"}'), "not an Assessment"),
])
def test_a_bad_or_non_assessment_file_is_one_line(pair: tuple[Path, Path], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str], make: Callable[[Path], Path],
                                                  message: str) -> None:
    code, out, err = _compare(capsys, str(pair[0]), str(make(tmp_path)))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and message in err and "Traceback" not in err


def test_both_from_stdin_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _compare(capsys, "-", "-")
    assert code == 2 and "stdin" in err and len(err.strip().splitlines()) == 1


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _fixed_bookinfo(folder: Path) -> Path:
    """Bookinfo after some work: details-v1 got a readiness probe and resource requests (its findings close), and
    a ratings-v2 Deployment without either was added (its findings open)."""
    documents = [d for d in yaml.safe_load_all(BOOKINFO.read_text(encoding="utf-8")) if d]
    for document in list(documents):
        if document["kind"] != "Deployment":
            continue
        if document["metadata"]["name"] == "details-v1":
            container = document["spec"]["template"]["spec"]["containers"][0]
            container["readinessProbe"] = {"httpGet": {"path": "/health", "port": 9080}}
            container["resources"] = {"requests": {"cpu": "50m", "memory": "64Mi"}}
        if document["metadata"]["name"] == "ratings-v1":
            added = json.loads(json.dumps(document))
            added["metadata"]["name"] = "ratings-v2"
            for labels in (added["metadata"]["labels"], added["spec"]["selector"]["matchLabels"],
                           added["spec"]["template"]["metadata"]["labels"]):
                labels["version"] = "v2"
            documents.append(added)
    path = folder / "bookinfo.yaml"
    path.write_text(yaml.safe_dump_all(documents), encoding="utf-8")
    return path


def test_a_scan_backed_pair_shows_findings_opened_and_closed(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    before = _assess(tmp_path, "regulated-enterprise", "--snapshot", str(BOOKINFO))
    changed = tmp_path / "changed"
    changed.mkdir()
    after = _assess(changed, "regulated-enterprise+fixed", "--snapshot", str(_fixed_bookinfo(changed)))
    out = tmp_path / "comparison.json"
    assert run(["compare", str(before), str(after), "-o", str(out)]) == 0
    precheck = _json(out)["precheck"]
    opened = {(f["check"], f["object"]) for f in precheck["opened"]}
    closed = {(f["check"], f["object"]) for f in precheck["closed"]}
    assert closed == {("missing_readiness_probe", "Deployment/details-v1"),
                      ("missing_resource_requests", "Deployment/details-v1")}
    assert opened == {("missing_readiness_probe", "Deployment/ratings-v2"),
                      ("missing_resource_requests", "Deployment/ratings-v2")}
    old = _json(before)["precheck"]["clusters"][0]["findings"]
    assert precheck["unchanged"] == sum(len(f["objects"]) for f in old) - len(closed) > 0
    code, markdown, _ = _compare(capsys, str(before), str(after), "--format", "md")
    assert code == 0 and "Pre-flight findings opened and closed" in markdown
    assert "### Opened (2)" in markdown and "### Closed (2)" in markdown and "Deployment/ratings-v2" in markdown
    code, alone, _ = _compare(capsys, str(_assess(tmp_path, "startup")), str(after), "--format", "json")
    assert code == 0 and json.loads(alone)["precheck"] is None
    assert "only the later one did" in json.loads(alone)["notes"][0]


def test_the_format_option_wins_over_the_extension_and_html_renders(pair: tuple[Path, Path],
                                                                    tmp_path: Path) -> None:
    out = tmp_path / "progress.txt"
    assert run(["compare", str(pair[0]), str(pair[1]), "-o", str(out), "--format", "html"]) == 0
    text, tags = html_text(out.read_text(encoding="utf-8"))
    assert "Progress since 2 November 2026" in text and "48 services" in text
    assert not any(tag == "script" for tag, _ in tags)
    assert run(["compare", str(pair[0]), str(pair[1]), "-o", str(tmp_path / "progress.txt")]) == 2


def test_the_comparison_schema_is_published(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["schema", "comparison"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"].endswith("/comparison.json") and "changed_answers" in schema["properties"]


def test_each_score_row_adds_up_as_shown(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    """The change is the difference of the whole numbers shown (a CTO adds them up), in points for confidence."""
    code, out, _ = _compare(capsys, str(pair[0]), str(pair[1]))
    assert code == 0
    text, _ = html_text(markdown_to_html(out))
    old, new = _json(pair[0])["scores"], _json(pair[1])["scores"]
    for label, name, unit in (("Need", "need", ""), ("Readiness", "readiness", ""), ("Confidence", "confidence", "%")):
        before, after = round(old[name]), round(new[name])
        change = after - before
        sign = "+" if change > 0 else "−" if change < 0 else ""
        points = " points" if name == "confidence" and change else ""
        row = re.escape(f"{label} {before}{unit} {after}{unit} {sign}{abs(change)}{points}")
        assert re.search(row + r"(?![\d.])", text), text[:600]
