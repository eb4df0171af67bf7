"""Record a real interview session as text for docs/interview-session.md.

Runs the `readiness interview` console script in an 80×24 terminal (the end-to-end tests' harness),
answers it by keystrokes and writes what the screen showed, escape codes removed:

    .venv/bin/python -m tests.interview.record_session > docs/interview-session.md
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from readiness.app.rules import load_questionnaire
from tests.interview.terminal import READINESS, Terminal
from tests.interview.test_e2e import CTRL_C, STEPS, run_steps

TOTAL = len(load_questionnaire().questions())
"""The progress counter's total: every question of the bundled questionnaire."""
LANGUAGES = next(i for i, step in enumerate(STEPS) if "In which languages are your services written?" in step[0])


def whole_session(folder: Path) -> tuple[str, str]:
    """The transcript of a whole interview, and the live screen of the language question with its help."""
    term = Terminal([str(READINESS), "interview", "-o", "acme.yaml", "--client", "ACME Corp"], folder)
    try:
        run_steps(term, STEPS[: LANGUAGES + 1])  # up to pressing '?' on the language question
        term.wait_for(STEPS[LANGUAGES + 1][0])
        term.send("pyth ")
        term.wait_for("● Python")
        live = term.display()
        term.send("\x7f" * 4 + "go " + "\x7f" * 2 + "java " + "\x7f" * 4 + "\r")
        run_steps(term, STEPS[LANGUAGES + 2:])
        term.wait_exit()
    finally:
        term.close()
    return term.transcript(), live


def interrupted_session(folder: Path) -> str:
    """A session stopped with Ctrl-C after a few answers, then the start of its resumption."""
    first = Terminal([str(READINESS), "interview"], folder)
    try:
        first.wait_for("Who is this assessment for?")
        first.send("\r")
        run_steps(first, [(f"[1/{TOTAL}]", "14\r", 1), (f"[2/{TOTAL}]", "20\r", 1), (f"[3/{TOTAL}]", "3\r", 1)])
        first.wait_for(f"[4/{TOTAL}]")
        first.send(CTRL_C)
        first.wait_exit()
    finally:
        first.close()
    second = Terminal([str(READINESS), "interview", "--resume", "answers.partial.yaml", "-o", "answers.yaml"], folder)
    try:
        second.wait_for(f"[4/{TOTAL}] How many teams own production services?")
        text = second.display()
        second.send(CTRL_C)
        second.wait_exit()
    finally:
        second.close()
    command = "$ readiness interview\n"
    resumed = "$ readiness interview --resume answers.partial.yaml -o answers.yaml\n"
    return command + first.transcript() + resumed + text.rstrip() + "\n"


def section(text: str, start: str, end: str | None = None) -> str:
    """The lines of ``text`` from the one holding ``start`` up to (not including) the one holding ``end``."""
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if start in line)
    last = next((i for i, line in enumerate(lines) if end and end in line and i > first), len(lines))
    return "\n".join(lines[first:last]).rstrip() + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "whole").mkdir()
        (folder / "stop").mkdir()
        transcript, live = whole_session(folder / "whole")
        stopped = interrupted_session(folder / "stop")
    beginning = section(transcript, "Service mesh readiness", "Section 3 of 8")
    ending = section(transcript, "Your answers (")
    out = sys.stdout
    out.write(
        "# A recorded interview session\n\n"
        "Recorded from a real run of `readiness interview` in an 80×24 terminal (the end-to-end tests'\n"
        "harness; regenerate with `.venv/bin/python -m tests.interview.record_session`). Colours are left out.\n\n"
        "## The start\n\n"
        "`readiness interview -o acme.yaml --client \"ACME Corp\"`: consultant mode asks for the assessor, the\n"
        f"date and a note at the end of each section. `[4/{TOTAL}]` is the progress; defaults are pre-selected.\n\n"
        f"```text\n$ readiness interview -o acme.yaml --client \"ACME Corp\"\n{beginning}```\n\n"
        "## A long list, with its help open\n\n"
        "The screen while answering the language question: `?` opened the help under the list, and typing\n"
        "`pyth` narrowed the 28 languages to one, checked with Space.\n\n"
        f"```text\n{live.rstrip()}\n```\n\n"
        "## The review, the verdict and the files\n\n"
        "One answer was changed in the review (`north_south_only`), which brought up its follow-up question;\n"
        "then the answers were saved, the verdict shown, and the assessment written next to them.\n\n"
        f"```text\n{ending}```\n\n"
        "## Ctrl-C, then resume\n\n"
        "Every answer is saved as it is given. Ctrl-C prints the command that continues; the resumed run\n"
        "starts at the first unanswered question (the `1` after it is its default, shown dimmed until\n"
        "something is typed; Enter takes it).\n\n"
        f"```text\n{stopped}```\n")


if __name__ == "__main__":
    main()
