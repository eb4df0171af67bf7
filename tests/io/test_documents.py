"""Each of readiness's documents handed to a command that reads another kind: one line naming what it is and
which command takes it, exit code 1, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.app.rules import resolve_questionnaire_path
from readiness.cli import run
from readiness.io.files import load_document
from readiness.io.kinds import kind_of
from tests.conftest import realdata_dir

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "startup.yaml"


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One real document of each kind, written by the commands themselves."""
    folder = tmp_path_factory.mktemp("documents")
    assessment, scan = folder / "assessment.json", folder / "scan.json"
    assert run(["assess", str(EXAMPLE), "-o", str(assessment)]) == 0
    assert run(["scan", "--snapshot", str(realdata_dir("bookinfo")), "-o", str(scan)]) == 0
    return {"answers": EXAMPLE, "assessment": assessment, "questionnaire": resolve_questionnaire_path(None),
            "scan": scan}


def test_each_document_is_recognised(documents: dict[str, Path]) -> None:
    for kind, path in documents.items():
        assert kind_of(load_document(path, what=kind, max_bytes=64 * 1024 * 1024)) == kind
    assert kind_of({"answers": []}) is None and kind_of([1, 2]) is None and kind_of({"x": 1}) is None


def test_answers_written_without_the_answers_key_are_not_taken_for_a_scan(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``clusters`` is an answer id as well as the scan's top-level list: flat answers keep their own advice."""
    flat = tmp_path / "flat.yaml"
    flat.write_text("service_count: 3\nclusters: 2\n")
    assert kind_of({"service_count": 3, "clusters": 2}) is None
    assert run(["assess", str(flat)]) == 1
    assert "answers go under an 'answers' key" in capsys.readouterr().err


ADVICE = {
    "answers": "assess it with 'readiness assess FILE' first",
    "assessment": "render it with 'readiness report FILE'",
    "questionnaire": "pass it with --questionnaire FILE",
    "scan": "pass the cluster itself: --snapshot PATH or --context NAME",
}
COMMANDS = {  # the command, and the kind it reads
    "assess": (["assess"], "answers"),
    "report": (["report"], "assessment"),
    "validate": (["questionnaire", "validate"], "questionnaire"),
}


MISTAKES = [(command, given) for command, (_, reads) in COMMANDS.items() for given in ADVICE if given != reads]


@pytest.mark.parametrize(("command", "given"), MISTAKES)
def test_a_document_of_the_wrong_kind_says_which_command_takes_it(
        documents: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
        given: str) -> None:
    args, reads = COMMANDS[command]
    out = tmp_path / "out.json"
    extra = ["-o", str(out)] if command != "validate" else []
    capsys.readouterr()
    assert run([*args, str(documents[given]), *extra]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"readiness: error: {documents[given]}: this is ")
    assert f", not {'an' if reads in ('answers', 'assessment') else 'a'} {reads}" in err[0]
    assert err[0].endswith(ADVICE[given]), err[0]
    assert not out.exists()
