"""What the interview asks of a front end: the :class:`Prompter` protocol and the data it is given.

The interview logic (:mod:`readiness.interview.flow`) only talks to a ``Prompter``; the questionary
front end (:mod:`readiness.interview.prompts`) draws real terminal prompts, the scripted one
(:mod:`tests.interview.scripted`) answers from a script in tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from readiness.console.review import ReviewTable
from readiness.models import AnswerValue

AskKind = Literal["choice", "multi", "bool", "number", "text"]

Parser = Callable[[str], tuple[AnswerValue | None, str | None]]
"""Text typed by a person → (value, None), or (None, a message saying what is expected)."""


@dataclass(frozen=True)
class Option:
    """One entry of a choice or multi prompt."""

    value: str
    label: str
    help: str | None = None


@dataclass(frozen=True)
class Ask:
    """One prompt: a question of the questionnaire, or a menu or text field of the interview itself.

    ``key`` is the question id for questionnaire questions, else a stable name such as ``review``,
    ``edit``, ``client`` or ``note:<section>`` (the scripted prompter answers by key).
    """

    key: str
    kind: AskKind
    message: str
    help: str = ""
    progress: str = ""
    options: tuple[Option, ...] = ()
    default: AnswerValue | None = None
    unit: str | None = None
    parse: Parser | None = None
    prefill: bool = False
    """text: put the default into the input to edit it (else Enter on an empty input takes it)."""
    filterable: bool = False
    """choice/multi: long lists can be narrowed by typing."""


@dataclass(frozen=True)
class SectionIntro:
    """Shown when the interview enters a section."""

    section_id: str
    title: str
    purpose: str
    index: int
    count: int

    @property
    def heading(self) -> str:
        """``Section 2 of 8 · Languages and frameworks``."""
        return f"Section {self.index} of {self.count} · {self.title}"


class Prompter(Protocol):
    """A front end for the interview. Every ``ask_*`` may raise ``KeyboardInterrupt`` (Ctrl-C)."""

    def show_message(self, text: str) -> None:
        """Show a line (or a few) of text."""

    def show_section(self, intro: SectionIntro) -> None:
        """Introduce a section with its purpose."""

    def show_table(self, table: ReviewTable) -> None:
        """Show the review table."""

    def show_summary(self, text: str) -> None:
        """Show the verdict summary (already formatted text)."""

    def ask_choice(self, ask: Ask) -> str:
        """One of ``ask.options`` (its value); ``ask.default`` is pre-selected."""

    def ask_multi(self, ask: Ask) -> list[str]:
        """Any of ``ask.options``; the values in ``ask.default`` are pre-selected."""

    def ask_bool(self, ask: Ask) -> bool:
        """Yes or no."""

    def ask_number(self, ask: Ask) -> int | float:
        """A number accepted by ``ask.parse`` (re-ask with its message on bad input)."""

    def ask_text(self, ask: Ask) -> str:
        """Free text (empty for none), accepted by ``ask.parse`` when given."""
