"""The questionary front end, driven by real key sequences through prompt_toolkit's pipe input."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from functools import partial

import pyte
import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from readiness.console.review import ReviewRow, ReviewTable
from readiness.interview.flow import FILTER_FROM, Interview
from readiness.interview.parsing import parse_date, parse_number
from readiness.interview.prompter import Ask, Option, SectionIntro
from readiness.interview.prompts import QuestionaryPrompter
from readiness.interview.session import Session
from readiness.models import Questionnaire
from tests.interview.conftest import TODAY
from tests.interview.scripted import ScriptedPrompter

DOWN, BACKSPACE, CTRL_C, ENTER = "\x1b[B", "\x7f", "\x03", "\r"
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[25];[0-9;]+)m")


@pytest.fixture
def keys() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe:
        yield pipe


class Screen:
    """A Vt100 output into a string, read back through a terminal emulator (pyte, 80×24)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.output = Vt100_Output(self.buffer, lambda: Size(rows=24, columns=80), term="xterm-256color",
                                   enable_cpr=False)
        self._screen = pyte.Screen(80, 24)
        self._stream = pyte.Stream(self._screen)
        self._fed = 0
        self._lock = threading.Lock()

    @property
    def text(self) -> str:
        """The screen as it looks now (lines right-stripped)."""
        with self._lock:
            raw = self.buffer.getvalue()
            self._stream.feed(raw[self._fed:])
            self._fed = len(raw)
            return "\n".join(line.rstrip() for line in self._screen.display)


class Typist(threading.Thread):
    """Types in steps: each step waits until the screen shows some text, so intermediate states get drawn."""

    def __init__(self, keys: PipeInput, screen: Screen, steps: list[tuple[str, str]]) -> None:
        super().__init__(daemon=True)
        self.keys, self.screen, self.steps = keys, screen, steps
        self.missing: str | None = None

    def run(self) -> None:
        for wait_for, typed in self.steps:
            deadline = time.monotonic() + 30
            while wait_for not in self.screen.text:
                if time.monotonic() > deadline:
                    self.missing = wait_for
                    self.keys.close()  # ends the prompt with EOFError
                    return
                time.sleep(0.01)
            self.keys.send_text(typed)


def ask_for(questionnaire: Questionnaire, qid: str, **answers: object) -> Ask:
    """The Ask the interview builds for a question (same progress, help, options and default)."""
    session = Session(questionnaire, answers=answers)  # type: ignore[arg-type]
    return Interview(session, ScriptedPrompter(), today=TODAY).question_ask(session.slot(qid))


def prompter(keys: PipeInput, screen: Screen | None = None) -> QuestionaryPrompter:
    return QuestionaryPrompter(input=keys, output=screen.output if screen else DummyOutput())


# --- select --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "answer"), [
    (ENTER, "microservices"),          # the default is pre-selected
    ("1" + ENTER, "monolith"),         # number shortcuts
    (DOWN + ENTER, "mixed"),           # arrows move from the default
    (DOWN + DOWN + ENTER, "monolith"),  # and wrap around
])
def test_select_pre_selects_the_default_and_takes_keys(questionnaire: Questionnaire, keys: PipeInput, typed: str,
                                                       answer: str) -> None:
    keys.send_text(typed)
    assert prompter(keys).ask_choice(ask_for(questionnaire, "architecture")) == answer


def test_a_long_select_is_narrowed_by_typing(keys: PipeInput) -> None:
    options = (*(Option(f"q{i}", f"Question number {i}") for i in range(30)),
               Option("clusters", "How many clusters (or separate environments)?"))
    keys.send_text("clus" + ENTER)
    ask = Ask(key="edit", kind="choice", message="Which answer?", options=options, default="q0", filterable=True)
    assert prompter(keys).ask_choice(ask) == "clusters"


# --- checkbox ------------------------------------------------------------------------------------


def test_checkbox_keeps_defaults_checked(questionnaire: Questionnaire, keys: PipeInput) -> None:
    keys.send_text(ENTER)
    assert prompter(keys).ask_multi(ask_for(questionnaire, "observability")) == ["metrics", "logs"]


def test_checkbox_toggles_with_space(questionnaire: Questionnaire, keys: PipeInput) -> None:
    keys.send_text(" " + DOWN + " " + ENTER)  # un-check HTTP, check gRPC
    assert prompter(keys).ask_multi(ask_for(questionnaire, "protocols")) == ["grpc"]


def test_the_long_language_list_is_filtered_by_typing(questionnaire: Questionnaire, keys: PipeInput) -> None:
    ask = ask_for(questionnaire, "languages")
    assert ask.filterable and len(ask.options) >= FILTER_FROM
    keys.send_text("go " + BACKSPACE * 2 + "java " + BACKSPACE * 4 + "pyth " + ENTER)
    screen = Screen()
    assert prompter(keys, screen).ask_multi(ask) == ["go", "java", "python"]
    assert "→ Go, Java, Python" in screen.text


# --- confirm -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "answer"), [(ENTER, False), ("y", True), ("Y", True), ("n", False)])
def test_confirm(questionnaire: Questionnaire, keys: PipeInput, typed: str, answer: bool) -> None:
    keys.send_text(typed)
    assert prompter(keys).ask_bool(ask_for(questionnaire, "shared_framework")) is answer


# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "answer"), [(ENTER, 3), ("12" + ENTER, 12), ("1,500" + ENTER, 1500)])
def test_number_input_takes_the_default_on_enter(questionnaire: Questionnaire, keys: PipeInput, typed: str,
                                                 answer: int) -> None:
    keys.send_text(typed)
    value = prompter(keys).ask_number(ask_for(questionnaire, "service_count"))
    assert value == answer and isinstance(value, int)


def test_a_bad_number_is_refused_with_a_clear_message_and_asked_again(questionnaire: Questionnaire,
                                                                       keys: PipeInput) -> None:
    screen = Screen()
    typist = Typist(keys, screen, [
        ("tolerate?", "abc" + ENTER),
        ("'abc' is not a number; type a number greater than 0 and at most 100000.", BACKSPACE * 3 + "0" + ENTER),
        ("Expected greater than 0, found 0.", BACKSPACE + "2.5" + ENTER),
    ])
    typist.start()
    assert prompter(keys, screen).ask_number(ask_for(questionnaire, "latency_budget_ms")) == 2.5
    typist.join()
    assert typist.missing is None


def test_a_number_far_too_large_is_refused_and_asked_again(questionnaire: Questionnaire, keys: PipeInput) -> None:
    """400 digits once made the validator raise: a traceback, then a hang at "Press ENTER to continue"."""
    keys.send_text("9" * 400 + ENTER + BACKSPACE * 400 + "12" + ENTER)
    screen = Screen()
    assert prompter(keys, screen).ask_number(ask_for(questionnaire, "service_count")) == 12
    assert "Traceback" not in screen.text and "Press ENTER" not in screen.text


def test_whatever_goes_wrong_while_checking_a_number_is_shown_as_a_message(keys: PipeInput) -> None:
    def parse(text: str) -> tuple[int | None, str | None]:
        if len(text) > 3:
            raise OverflowError("int too large to convert to float")
        return int(text), None

    screen = Screen()
    typist = Typist(keys, screen, [
        ("How many?", "123456" + ENTER),
        ("'123456' cannot be taken (int too large to convert to float); type it again.", BACKSPACE * 6 + "7" + ENTER),
    ])
    typist.start()
    ask = Ask(key="n", kind="number", message="How many?", default=3, parse=parse)
    assert prompter(keys, screen).ask_number(ask) == 7
    typist.join()
    assert typist.missing is None


def test_enter_on_an_empty_number_shows_the_default_as_the_answer(questionnaire: Questionnaire,
                                                                   keys: PipeInput) -> None:
    keys.send_text(ENTER)
    screen = Screen()
    prompter(keys, screen).ask_number(ask_for(questionnaire, "latency_budget_ms"))
    last = [line for line in screen.text.splitlines() if line.strip()][-1]
    assert last.endswith("? help) 50") or last.rstrip().endswith("50")


# --- free text -----------------------------------------------------------------------------------


def test_text_input(keys: PipeInput) -> None:
    keys.send_text("ACME Corp" + ENTER + ENTER)
    p = prompter(keys)
    ask = Ask(key="client", kind="text", message="Who is this assessment for?", default="")
    assert p.ask_text(ask) == "ACME Corp"
    assert p.ask_text(ask) == ""


def test_a_date_is_validated_and_defaults_to_today(keys: PipeInput) -> None:
    screen = Screen()
    typist = Typist(keys, screen, [
        ("Date of the assessment", "soon" + ENTER),
        ("'soon' is not a date; type it as YYYY-MM-DD", BACKSPACE * 4 + "2026-02-01" + ENTER)])
    typist.start()
    p = prompter(keys, screen)
    ask = Ask(key="date", kind="text", message="Date of the assessment", default="2026-01-15", parse=parse_date)
    assert p.ask_text(ask) == "2026-02-01"
    typist.join()
    assert typist.missing is None
    keys.send_text(ENTER)
    assert p.ask_text(ask) == "2026-01-15"


def test_a_note_is_pre_filled_for_editing(keys: PipeInput) -> None:
    keys.send_text(BACKSPACE * 5 + "March" + ENTER)
    ask = Ask(key="note:constraints", kind="text", message="Notes", default="Freeze until April", prefill=True)
    assert prompter(keys).ask_text(ask) == "Freeze until March"


# --- help, Ctrl-C, colour ------------------------------------------------------------------------


def test_question_mark_shows_the_help_without_leaving_the_prompt(questionnaire: Questionnaire,
                                                                 keys: PipeInput) -> None:
    ask = ask_for(questionnaire, "architecture")
    screen = Screen()
    typist = Typist(keys, screen, [
        ("[3/37] Which best describes your architecture?\n (1-4 or ↑↓, Enter · ? help)", "?"),
        ("  A monolith has few network hops to manage; a mesh manages the hops between", "4"),
        ("» 4) Mixed", ENTER)])
    typist.start()
    assert prompter(keys, screen).ask_choice(ask) == "mixed"
    typist.join()
    assert typist.missing is None
    assert "A monolith has few" not in screen.text  # the help goes away with the answered prompt


@pytest.mark.parametrize(("qid", "first_line", "answer"), [
    ("service_count", "  A mesh pays off when there are many service-to-service calls to secure and", 3),
    ("languages", "  With one language and one framework, a shared library can handle TLS,", []),
    ("platform_tooling", "  If a platform team already maintains per-service libraries for telemetry", False),
    ("observability", "  A mesh emits metrics and traces, but something has to collect, store and",
     ["metrics", "logs"]),
])
def test_question_mark_works_in_every_kind_of_prompt(questionnaire: Questionnaire, keys: PipeInput, qid: str,
                                                     first_line: str, answer: object) -> None:
    ask = ask_for(questionnaire, qid, **({"observability": ["metrics"]} if qid != "observability" else {}))
    screen = Screen()
    typist = Typist(keys, screen, [(ask.message[:30], "?"), (first_line, "?"), (ask.message[:30], ENTER)])
    typist.start()
    p = prompter(keys, screen)
    kinds = {"number": p.ask_number, "multi": p.ask_multi, "bool": p.ask_bool}
    assert kinds[ask.kind](ask) == answer
    typist.join()
    assert typist.missing is None


def test_the_language_list_and_its_help_fit_an_80x24_terminal(questionnaire: Questionnaire,
                                                              keys: PipeInput) -> None:
    ask = ask_for(questionnaire, "languages")
    screen = Screen()
    seen: list[str] = []
    typist = Typist(keys, screen, [("» ○ Go", "?"), ("a mesh does it once, outside the code.", "")])
    typist.start()
    keys_after = threading.Thread(target=lambda: (typist.join(), seen.append(screen.text), keys.send_text(ENTER)))
    keys_after.start()
    prompter(keys, screen).ask_multi(ask)
    keys_after.join()
    assert typist.missing is None
    shown = seen[0].splitlines()
    assert len(shown) == 24
    assert shown[0].startswith("[5/37] In which languages") and shown[1].startswith(" (Space selects")
    assert shown[2] == " » ○ Go"
    assert shown[-1] == "  language; a mesh does it once, outside the code."


@pytest.mark.parametrize("method", ["ask_choice", "ask_multi", "ask_bool", "ask_number", "ask_text"])
def test_ctrl_c_raises_keyboard_interrupt_from_every_prompt(questionnaire: Questionnaire, keys: PipeInput,
                                                            method: str) -> None:
    qid = {"ask_choice": "architecture", "ask_multi": "protocols", "ask_bool": "shared_framework",
           "ask_number": "service_count"}.get(method)
    ask = ask_for(questionnaire, qid) if qid else Ask(key="client", kind="text", message="Client?", default="")
    keys.send_text(CTRL_C)
    with pytest.raises(KeyboardInterrupt):
        getattr(prompter(keys), method)(ask)


def test_colour_unless_no_color(questionnaire: Questionnaire, keys: PipeInput, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("PROMPT_TOOLKIT_COLOR_DEPTH", raising=False)
    ask = ask_for(questionnaire, "architecture")
    keys.send_text(ENTER)
    coloured = Screen()
    prompter(keys, coloured).ask_choice(ask)
    assert COLOUR.search(coloured.buffer.getvalue())

    monkeypatch.setenv("NO_COLOR", "1")
    keys.send_text("?" + ENTER)
    plain = Screen()
    p = prompter(keys, plain)
    p.ask_choice(ask)
    p.show_section(SectionIntro("scale", "Scale and architecture", "How many services.", 1, 8))
    p.show_table(ReviewTable(rows=(ReviewRow(1, "service_count", "Scale", "How many?", "3 services", "answered"),)))
    p.show_summary("\x1b[1m\x1b[32mVerdict: Pilot (pilot)\x1b[0m\n")
    raw = plain.buffer.getvalue()
    assert "Verdict: Pilot (pilot)" in plain.text and "service_count" in plain.text
    assert not COLOUR.search(raw), repr(COLOUR.search(raw))


def test_prompts_fit_80_columns(questionnaire: Questionnaire, keys: PipeInput) -> None:
    """Long questions wrap at word boundaries before the terminal would cut a word."""
    ask = ask_for(questionnaire, "platform_tooling")
    keys.send_text(ENTER)
    screen = Screen()
    prompter(keys, screen).ask_bool(ask)
    lines = [line for line in screen.text.splitlines() if line.strip()]
    assert lines == ["[8/37] Does a team of dedicated engineers build your own tooling or",
                     "instrumentation into every service? (y/N · ? help) No"]


def test_number_parser_is_the_one_the_interview_uses(questionnaire: Questionnaire) -> None:
    ask = ask_for(questionnaire, "clusters")
    assert ask.parse is not None
    expected = partial(parse_number, questionnaire.question("clusters"))
    assert ask.parse("0") == expected("0")
