"""End to end in a real terminal: the `readiness interview` console script in an 80×24 pty, answered
by keystrokes, its screen read through a terminal emulator."""

from __future__ import annotations

import itertools
import json
import os
import re
import select
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from readiness.interview.flow import Interview
from readiness.interview.session import Session
from readiness.interview.store import dump_answers_file
from readiness.models import Questionnaire
from tests.interview.conftest import TODAY
from tests.interview.scripted import Responses, ScriptedPrompter
from tests.interview.terminal import READINESS, Terminal, plain, terminal_env
from tests.interview.test_flow import A_TEAM

pytestmark = pytest.mark.slow

ENTER, DOWN, BACKSPACE, CTRL_C = "\r", "\x1b[B", "\x7f", "\x03"

# (text to wait for, keys to type, how many times the text must have appeared)
Step = tuple[str, str, int]

STEPS: list[Step] = [
    ("Who is running the assessment?", "Ana Assessor" + ENTER, 1),
    ("Date of the assessment", ENTER, 1),
    ("[1/37] How many independently deployed services", "14" + ENTER, 1),
    ("[2/37] How many do you expect", ENTER, 1),
    ("[3/37] Which best describes your architecture?", "4" + ENTER, 1),
    ("[4/37] How many teams own production services?", "abc" + ENTER, 1),
    ("'abc' is not a number; type a whole number from 1 to 10000.", BACKSPACE * 3 + "4" + ENTER, 1),
    ("Notes on scale and architecture", "Counts from the platform team" + ENTER, 1),
    ("[5/37] In which languages are your services written?", "?", 1),
    ("language; a mesh does it once, outside the code.",
     "go " + BACKSPACE * 2 + "java " + BACKSPACE * 4 + "pyth " + ENTER, 1),
    ("[6/37] Are all services built on one common", "n", 1),
    ("[7/37] Is a migration from one language", "y", 1),
    ("[8/37] Does a team of dedicated engineers build", ENTER, 1),
    ("[9/37] Do you integrate third-party code", ENTER, 1),
    ("[10/37] How often do teams re-solve", "3" + ENTER, 1),
    ("Notes on languages and frameworks", ENTER, 1),
    ("[11/37] How do services reach production?", "3" + ENTER, 1),
    ("[12/37] Do you want canary releases", "y", 1),
    ("[13/37] Which protocols do your services use", DOWN + " " + ENTER, 1),
    ("Notes on delivery", ENTER, 1),
    ("[14/37] When a request fails across services", "3" + ENTER, 1),
    ("[15/37] Which takes longer", "1" + ENTER, 1),
    ("[16/37] How often do incidents involve", ENTER, 1),
    ("[17/37] Which observability do you run", DOWN + DOWN + " " + ENTER, 1),
    ("[18/37] How many services propagate trace context", "1" + ENTER, 1),
    ("[19/37] How much added p99 latency", "5" + ENTER, 1),
    ("Notes on operations and time to resolve", ENTER, 1),
    ("[20/37] Which compliance regimes apply", " " + ENTER, 1),
    ("[21/37] Must traffic between services be encrypted", "y", 1),
    ("[22/37] Is there a zero-trust", ENTER, 1),
    ("[23/37] How do services authenticate each other", "2" + ENTER, 1),
    ("Notes on security and compliance", ENTER, 1),
    ("[24/37] How many clusters", "3" + ENTER, 1),
    ("[25/37] What do you need across clusters?", " " + ENTER, 1),
    ("[26/37] Can pods in one cluster reach pods in another directly?", ENTER, 1),
    ("[27/37] Do the same services run in several clusters", ENTER, 1),
    ("[28/37] Are your traffic needs only at the edge", ENTER, 1),
    ("Notes on topology and multicluster", ENTER, 1),
    ("[29/36] Where do your services run?", ENTER, 1),
    ("[30/36] How experienced is the team with Kubernetes?", "4" + ENTER, 1),
    ("[31/36] How much spare CPU and memory", ENTER, 1),
    ("[32/36] Who would own and operate the mesh?", "3" + ENTER, 1),
    ("[33/36] Is a service mesh already in use", ENTER, 1),
    ("Notes on platform and team readiness", ENTER, 1),
    ("[34/36] When could you start platform work", "1" + ENTER, 1),
    ("[35/36] Do you need commercial support", ENTER, 1),
    ("[36/36] How heavy is the change approval", ENTER, 1),
    ("Notes on constraints", "Freeze until March" + ENTER, 1),
    ("Ready to save?", "2" + ENTER, 1),                                  # change an answer…
    ("Which answer do you want to change?", "north" + ENTER, 1),          # …found by typing part of its id
    ("[28/36] Are your traffic needs only at the edge", "y", 1),
    ("[29/37] Which edge capabilities do you need?", ENTER, 1),          # the follow-up it brings up
    ("Ready to save?", ENTER, 2),
    ("Also write:", " " + ENTER, 1),                          # the assessment JSON
]
INTERRUPT_AT = next(i for i, step in enumerate(STEPS) if step[0].startswith("[19/37]"))


def run_steps(term: Terminal, steps: list[Step]) -> None:
    for text, keys, count in steps:
        term.wait_for(text, count=count)
        term.send(keys)


def expected_answers(questionnaire: Questionnaire) -> str:
    """The same interview through the scripted prompter: what the keystrokes above must save."""
    prompter = ScriptedPrompter({
        **A_TEAM, "assessor": "Ana Assessor", "north_south_only": Responses(False, True),
        "review": Responses("edit", "save"), "edit": "north_south_only",
        "note:scale": "Counts from the platform team", "note:constraints": "Freeze until March"})
    saved = Interview(Session(questionnaire), prompter, today=TODAY, client="ACME Corp").run()
    return dump_answers_file(saved)


def assess(cwd: Path, answers: str) -> dict[str, object]:
    done = subprocess.run([str(READINESS), "assess", answers, "--format", "json"], cwd=cwd, env=terminal_env(),
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Terminal, int]]:
    """One uninterrupted interview, answered by keystrokes."""
    cwd = tmp_path_factory.mktemp("whole")
    term = Terminal([str(READINESS), "interview", "-o", "answers.yaml", "--client", "ACME Corp"], cwd)
    try:
        run_steps(term, STEPS)
        code = term.wait_exit()
        yield cwd, term, code
    finally:
        term.close()


def test_a_whole_interview_by_keystrokes_saves_an_answers_file_that_assess_accepts(
        whole_run: tuple[Path, Terminal, int], questionnaire: Questionnaire) -> None:
    cwd, term, code = whole_run
    assert code == 0, term.display()
    saved = (cwd / "answers.yaml").read_text()
    assert saved == expected_answers(questionnaire)
    assert not (cwd / "answers.partial.yaml").exists()
    data = yaml.safe_load(saved)
    assert data["engagement"] == {"client": "ACME Corp", "assessor": "Ana Assessor", "date": "2026-01-15"}
    assert data["answers"]["languages"] == ["go", "java", "python"]
    assert data["answers"]["edge_needs"] == ["tls_termination"]

    # the verdict matches the same answers given as a file, typed out by hand (in another order). Every question
    # the interview asked is answered in its file, defaults accepted included: the hand-written file must say them
    # too, since an answer left out of a file is unknown, not the default
    assert {k: data["answers"][k] for k in A_TEAM} == {k: v for k, v in A_TEAM.items()}
    by_hand = dict(reversed(list(data["answers"].items())))
    (cwd / "by-hand.yaml").write_text(yaml.safe_dump({"answers": by_hand}))
    interviewed, typed = assess(cwd, "answers.yaml"), assess(cwd, "by-hand.yaml")
    assert interviewed["recommendation"] == typed["recommendation"]
    assert {k: v for k, v in interviewed["scores"].items() if k not in ("confidence", "confidence_label")} == \
        {k: v for k, v in typed["scores"].items() if k not in ("confidence", "confidence_label")}

    # the assessment the interview offered to write is exactly what `readiness assess` writes
    assert json.loads((cwd / "answers.assessment.json").read_text()) == interviewed


def test_the_screen_shows_progress_sections_help_the_review_and_the_verdict(
        whole_run: tuple[Path, Terminal, int]) -> None:
    _, term, _ = whole_run
    text = term.transcript()
    assert "Section 1 of 8 · Scale and architecture" in text
    assert "Section 8 of 8 · Constraints" in text
    assert "[5/37] In which languages are your services written?\n done (3 selections)\n  → Go, Java, Python" in text
    assert "  24  clusters" in text and "answered" in text
    assert "Your change brings up a follow-up question: Which edge capabilities do you\nneed?" in text
    assert re.search(r"Verdict: .+ \((not_yet|gateway_only|prepare_first|pilot|adopt_now)\)", text)
    assert "Saved 37 answers to answers.yaml." in text
    assert "Writing answers.assessment.json…" in text
    # everything was wrapped at word boundaries: no line runs into the terminal's last column
    assert max(len(line) for line in text.splitlines()) < 80


def test_ctrl_c_halfway_then_resume_gives_the_same_file_as_an_uninterrupted_run(
        whole_run: tuple[Path, Terminal, int], tmp_path: Path) -> None:
    whole_dir, _, _ = whole_run
    first = Terminal([str(READINESS), "interview", "-o", "answers.yaml", "--client", "ACME Corp"], tmp_path)
    try:
        run_steps(first, STEPS[:INTERRUPT_AT])
        first.wait_for(STEPS[INTERRUPT_AT][0])
        first.send(CTRL_C)
        first.wait_for("Continue where you left off with:")
        assert first.wait_exit() == 130
    finally:
        first.close()
    text = first.transcript()
    assert "Interrupted. Your 18 answers are saved in answers.partial.yaml." in text
    # the question being asked is left unanswered on screen (its default is not shown as if given)
    assert "[19/37] How much added p99 latency (ms) can your most sensitive path tolerate?\n  (? help)\n" in text
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if " interview --resume " in line)
    command = lines[at]
    while len(lines[at]) >= 79 and at + 1 < len(lines) and lines[at + 1].strip():
        # the terminal wrapped the long command (the hint's last line): join the rows back; a row of 79 is one whose
        # 80th column held the space it broke at, trimmed from the transcript
        at += 1
        command += ("" if len(lines[at - 1]) >= 80 else " ") + lines[at]
    command = command.strip()
    program, *rest = shlex.split(command)
    assert rest == ["interview", "--resume", "answers.partial.yaml", "-o", "answers.yaml"]
    on_path = shutil.which("readiness", path=terminal_env()["PATH"])
    assert program == ("readiness" if on_path and Path(on_path).resolve() == READINESS.resolve() else str(READINESS)), \
        "the hint names the program the way it was started, so it runs as shown"
    assert not (tmp_path / "answers.yaml").exists()
    assert yaml.safe_load((tmp_path / "answers.partial.yaml").read_text())["engagement"]["client"] == "ACME Corp"

    second = Terminal([shutil.which(program) or program, *rest], tmp_path)
    try:
        second.wait_for("Continuing: 18 answered")
        run_steps(second, STEPS[INTERRUPT_AT:])
        assert second.wait_exit() == 0
    finally:
        second.close()
    assert "Who is running the assessment?" not in second.transcript()
    assert (tmp_path / "answers.yaml").read_bytes() == (whole_dir / "answers.yaml").read_bytes()
    assert not (tmp_path / "answers.partial.yaml").exists()


@pytest.mark.parametrize(("ttys", "problem"), [
    ((), "neither stdin, stdout nor stderr is one"),
    (("stdout", "stderr"), "stdin is not one"),
    (("stdin",), "neither stdout nor stderr is one"),  # readiness interview > out 2> err, typed in a terminal
])
def test_without_a_terminal_it_stops_at_once_with_one_line_naming_the_stream(
        tmp_path: Path, ttys: tuple[str, ...], problem: str) -> None:
    master, slave = os.openpty()
    streams = {name: (slave if name in ttys else (subprocess.DEVNULL if name == "stdin" else subprocess.PIPE))
               for name in ("stdin", "stdout", "stderr")}
    try:
        done = subprocess.run([str(READINESS), "interview"], cwd=tmp_path, env=terminal_env(), timeout=30,
                              **streams)  # type: ignore[call-overload]
        os.close(slave)
        on_terminal = _drain(master).replace(b"\r\n", b"\n").decode()
    finally:
        os.close(master)
    assert done.returncode == 2
    error = done.stderr.decode() if "stderr" not in ttys else on_terminal
    assert error == (f"readiness: error: the interview needs a terminal ({problem}); without prompts, "
                     "use: readiness assess ANSWERS\n")
    assert (done.stdout or b"") == b"" and on_terminal in ("", error)
    assert list(tmp_path.iterdir()) == []


def _drain(master: int) -> bytes:
    """What a program wrote to a pty, once it has exited."""
    data = b""
    while select.select([master], [], [], 0.1)[0]:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: nothing more
            break
        if not chunk:
            break
        data += chunk
    return data


def test_no_color_is_respected_in_a_real_terminal(tmp_path: Path) -> None:
    colour = re.compile(rb"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")
    for env, coloured in ((terminal_env(), True), (terminal_env(NO_COLOR="1"), False)):
        term = Terminal([str(READINESS), "interview"], tmp_path, env=env)
        try:
            term.wait_for("Who is this assessment for?")
            term.send(ENTER)
            term.wait_for("[1/37] How many independently deployed services")
            term.send(CTRL_C)
            assert term.wait_exit() == 130
        finally:
            term.close()
        assert bool(colour.search(bytes(term.raw))) is coloured
        assert "Interrupted before the first answer; nothing to save." in plain(bytes(term.raw))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("rows", "columns"), [(24, 80), (30, 100)])
def test_the_first_hour_at_80x24_and_100x30(tmp_path: Path, rows: int, columns: int) -> None:
    """The whole interview at two terminal sizes: the long language list says how much is out of sight, the
    counter's total never grows, a default follows an earlier answer, HTML is offered and confirmed."""
    steps = [s for s in STEPS[:STEPS.index(("Ready to save?", "2" + ENTER, 1))]
             if not s[0].startswith(("[5/37]", "language; a mesh"))]
    at_languages = next(i for i, s in enumerate(steps) if s[0].startswith("[6/37]"))
    at_encryption = next(i for i, s in enumerate(steps) if s[0].startswith("[21/37]"))
    term = Terminal([str(READINESS), "interview", "-o", "answers.yaml", "--client", "ACME Corp"], tmp_path,
                    rows=rows, columns=columns)
    try:
        run_steps(term, steps[:at_languages])
        term.wait_for("[5/37] In which languages")
        term.wait_for("○ " + ("Perl" if rows == 24 else "Another language"))
        if rows == 24:   # the hint is drawn after the list, and may come in a later write than the last line
            term.wait_for("more below")
        term.pump(0.3)
        screen = term.display().splitlines()
        shown = sum(1 for line in screen if "○" in line or "●" in line)
        hints = [line.strip() for line in screen if "more below" in line]
        if rows == 24:   # 28 languages do not fit: the rest are counted
            assert shown < 28 and hints == [f"↓ {28 - shown} more below — type to filter"], "\n".join(screen)
        else:            # they fit: no hint
            assert shown == 28 and not hints, "\n".join(screen)
        term.send("java " + ENTER)
        run_steps(term, steps[at_languages:at_encryption])
        term.wait_for("[21/37] Must traffic between services be encrypted")
        term.pump(0.3)
        screen = term.display().split("[21/37]")[1]
        assert "(Y/n" in screen.split("[22/37]")[0], "after a compliance regime, encryption in transit defaults to yes"
        term.send(ENTER)
        run_steps(term, steps[at_encryption + 1:])
        term.wait_for("Ready to save?")
        term.send(ENTER)
        term.wait_for("Also write:")
        term.pump(0.3)
        options = [line for line in term.display().splitlines() if "○" in line]
        html = next(i for i, line in enumerate(options) if "HTML" in line and "answers.report.html" in line)
        term.send(DOWN * html + " " + ENTER)
        assert term.wait_exit() == 0, term.display()
    finally:
        term.close()
    text = term.transcript()
    totals = [int(n) for n in re.findall(r"\[\d+/(\d+)\]", text)]
    numbers = [int(n) for n in re.findall(r"\[(\d+)/\d+\]", text)]
    assert totals and all(a >= b for a, b in itertools.pairwise(totals)), "the total never grows"
    assert numbers == sorted(numbers) and numbers[-1] == totals[-1], "the counter counts up to its total"
    assert "up to 37 questions" in text
    assert re.search(r"Written: .*HTML.* to answers\.report\.html \([\d.]+ [KMk]?B\)\.", text.replace("\n", " "))
    assert (tmp_path / "answers.report.html").read_text().startswith("<!DOCTYPE html>")
    assert max(len(line) for line in text.splitlines()) < columns
