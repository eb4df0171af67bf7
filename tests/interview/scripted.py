"""A prompter that answers from a script: for tests and for driving the interview without a terminal."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any

from readiness.console.review import ReviewTable
from readiness.interview.prompter import Ask, SectionIntro
from readiness.models import AnswerValue

INTERRUPT = object()
"""A scripted response that presses Ctrl-C."""

DEFAULT = object()
"""A scripted response that accepts the pre-selected default (presses Enter)."""


class ScriptError(AssertionError):
    """The interview asked something the script does not answer, or got an answer of the wrong kind."""


class ScriptedPrompter:
    """Answers each prompt by its key from a script; records everything shown and asked.

    ``script`` maps a key (question id, ``review``, ``edit``, ``client``, ``note:<section>``…) to one
    response, or to :class:`Responses` used in turn. A response is the value to answer, :data:`DEFAULT`,
    or :data:`INTERRUPT`; for number prompts a string is typed text, parsed (and re-asked on a bad
    value, as a person would be) like the terminal prompt does. Keys not in the script take the
    default when ``accept_defaults`` is true, else raise :class:`ScriptError`.
    """

    def __init__(self, script: Mapping[str, Any] | None = None, *, accept_defaults: bool = True) -> None:
        self.script: dict[str, deque[Any]] = {}
        for key, response in (script or {}).items():
            self.add(key, response)
        self.accept_defaults = accept_defaults
        self.asked: list[Ask] = []
        self.messages: list[str] = []
        self.sections: list[SectionIntro] = []
        self.tables: list[ReviewTable] = []
        self.summaries: list[str] = []
        self.rejected: list[str] = []
        """Messages a number or text prompt showed for bad input before accepting an answer."""

    def add(self, key: str, response: Any) -> None:
        """Queue a response; :class:`Responses` queues several, used in turn."""
        queue = self.script.setdefault(key, deque())
        if isinstance(response, Responses):
            queue.extend(response.items)
        else:
            queue.append(response)

    @property
    def keys(self) -> list[str]:
        """The keys of every prompt asked, in order."""
        return [a.key for a in self.asked]


    # --- Prompter ------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.messages.append(text)

    def show_section(self, intro: SectionIntro) -> None:
        self.sections.append(intro)

    def show_table(self, table: ReviewTable) -> None:
        self.tables.append(table)

    def show_summary(self, text: str) -> None:
        self.summaries.append(text)

    def ask_choice(self, ask: Ask) -> str:
        value = self._respond(ask)
        if not isinstance(value, str) or value not in {o.value for o in ask.options}:
            raise ScriptError(f"{ask.key}: {value!r} is not one of {[o.value for o in ask.options]}")
        return value

    def ask_multi(self, ask: Ask) -> list[str]:
        value = self._respond(ask)
        allowed = {o.value for o in ask.options}
        if not isinstance(value, list) or not set(value) <= allowed:
            raise ScriptError(f"{ask.key}: {value!r} is not a list of {sorted(allowed)}")
        return list(value)

    def ask_bool(self, ask: Ask) -> bool:
        value = self._respond(ask)
        if not isinstance(value, bool):
            raise ScriptError(f"{ask.key}: {value!r} is not true or false")
        return value

    def ask_number(self, ask: Ask) -> int | float:
        while True:
            value: AnswerValue | None = self._respond(ask, record=False)
            if isinstance(value, str) and ask.parse is not None:
                value, problem = ask.parse(value)
                if problem is not None:
                    self.rejected.append(problem)
                    continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ScriptError(f"{ask.key}: {value!r} is not a number")
            self.asked.append(ask)
            return value

    def ask_text(self, ask: Ask) -> str:
        while True:
            value = self._respond(ask, record=False)
            if not isinstance(value, str):
                raise ScriptError(f"{ask.key}: {value!r} is not text")
            if value.strip() and ask.parse is not None:
                _, problem = ask.parse(value)
                if problem is not None:
                    self.rejected.append(problem)
                    continue
            self.asked.append(ask)
            return value

    def _respond(self, ask: Ask, *, record: bool = True) -> AnswerValue:
        if record:
            self.asked.append(ask)
        queue = self.script.get(ask.key)
        if queue:
            response = queue.popleft()
        elif self.accept_defaults:
            response = DEFAULT
        else:
            raise ScriptError(f"no scripted answer for {ask.key!r} ({ask.message})")
        if response is INTERRUPT:
            raise KeyboardInterrupt
        if response is DEFAULT:
            if ask.default is None:
                raise ScriptError(f"{ask.key}: no default to accept")
            return list(ask.default) if isinstance(ask.default, list) else ask.default
        return response  # type: ignore[no-any-return]


class Responses:
    """Several responses to the same key, used in turn: ``{"clusters": Responses(1, 3)}``."""

    def __init__(self, *items: Any) -> None:
        self.items: tuple[Any, ...] = items
