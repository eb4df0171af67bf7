"""The terminal front end: questionary prompts (select, checkbox, confirm, validated text).

Every prompt shows its progress (``[5/30]``) in front of the question, pre-selects the default and
shows the question's help text on ``?`` without leaving the prompt. Colours follow prompt_toolkit,
which honours ``NO_COLOR``; everything fits an 80×24 terminal (long lists scroll and can be
narrowed by typing).
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import questionary
from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition, is_done
from prompt_toolkit.formatted_text import ANSI, FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, HSplit, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.layout.dimension import Dimension
from prompt_toolkit.output import ColorDepth, Output, create_output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style
from questionary.prompts.common import InquirerControl

from readiness.console.review import ReviewTable, review_lines
from readiness.interview.prompter import Ask, Parser, SectionIntro
from readiness.models import AnswerValue

STYLE = Style([
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("answer", "fg:ansiyellow bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("instruction", "fg:ansibrightblack"),
    ("placeholder", "fg:ansibrightblack"),
    ("help", "fg:ansibrightblack italic"),
    ("validation-toolbar", "fg:ansired bold"),
    ("search_success", "noinherit fg:ansigreen bold"),
    ("search_none", "noinherit fg:ansired bold"),
    ("section", "bold fg:ansicyan"),
    ("purpose", "italic"),
    ("title", "bold"),
    ("heading", "bold underline"),
    ("note", "fg:ansibrightblack"),
    ("row", ""),
])


class QuestionaryPrompter:
    """Asks in a real terminal (or through prompt_toolkit's pipe input in tests)."""

    def __init__(self, *, input: Input | None = None, output: Output | None = None,
                 color: bool | None = None) -> None:
        self.input = input
        self.output = output if output is not None else create_output(stdout=sys.stderr)
        if color is None:
            color = not os.environ.get("NO_COLOR")
        self.color_depth = None if color else ColorDepth.DEPTH_1_BIT
        """None: the terminal's own depth; monochrome (bold and underline only) with ``NO_COLOR``."""

    @property
    def width(self) -> int:
        """Columns of the terminal."""
        return max(40, self.output.get_size().columns)

    # --- showing -------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        lines = [line if line.startswith("  ") else textwrap.fill(line, self.width - 1)
                 for line in text.splitlines()]
        self._print([("", "\n".join(lines))])

    def show_section(self, intro: SectionIntro) -> None:
        purpose = textwrap.fill(intro.purpose, self.width - 1)
        self._print([("", "\n"), ("class:section", intro.heading), ("", "\n"), ("class:purpose", purpose)])

    def show_table(self, table: ReviewTable) -> None:
        fragments: list[tuple[str, str]] = [("", "\n")]
        for kind, line in review_lines(table, self.width):
            if kind == "heading":
                fragments.append(("", "\n"))
            fragments += [(f"class:{kind}", line), ("", "\n")]
        self._print(fragments[:-1])

    def show_summary(self, text: str) -> None:
        lines = []
        for line in text.rstrip("\n").splitlines():
            if len(line) >= self.width and "\x1b" not in line:
                indent = line[: len(line) - len(line.lstrip())]
                line = textwrap.fill(line, self.width - 1, subsequent_indent=indent + "  ")
            lines.append(line)
        print_formatted_text(ANSI("\n" + "\n".join(lines)), style=STYLE, output=self.output,
                             color_depth=self.color_depth)

    def _print(self, fragments: list[tuple[str, str]]) -> None:
        print_formatted_text(FormattedText(fragments), style=STYLE, output=self.output,
                             color_depth=self.color_depth)

    # --- asking --------------------------------------------------------------------------------

    def ask_choice(self, ask: Ask) -> str:
        choices = [questionary.Choice(o.label, value=o.value, description=o.help) for o in ask.options]
        default = ask.default if isinstance(ask.default, str) and ask.default in {o.value for o in ask.options} \
            else None
        shortcuts = not ask.filterable and len(choices) <= 10
        keys = (f"1-{len(choices)}" if len(choices) < 10 else "0-9") if shortcuts else ""
        how = "type to filter, " if ask.filterable else (f"{keys} or " if shortcuts else "")
        message, instruction = self._layout(ask, self._instruction(f"{how}↑↓, Enter", ask),
                                            max((len(o.label) for o in ask.options), default=0))
        question = questionary.select(
            message, choices=choices, default=default, qmark=self._qmark(ask), style=STYLE,
            use_shortcuts=shortcuts, use_search_filter=ask.filterable, use_jk_keys=not ask.filterable,
            instruction=instruction, **self._io())
        return str(self._run(question, ask))

    def ask_multi(self, ask: Ask) -> list[str]:
        chosen = set(ask.default) if isinstance(ask.default, list) else set()
        choices = [questionary.Choice(o.label, value=o.value, checked=o.value in chosen, description=o.help)
                   for o in ask.options]
        filtering = "type to filter, " if ask.filterable else ""
        message, instruction = self._layout(
            ask, self._instruction(f"Space selects, {filtering}↑↓, Enter when done", ask),
            max([19, *(len(o.label) + 2 for o in ask.options)]))
        question = questionary.checkbox(
            message, choices=choices, qmark=self._qmark(ask), style=STYLE,
            use_search_filter=ask.filterable, use_jk_keys=not ask.filterable,
            instruction=instruction, **self._io())
        values = [str(v) for v in self._run(question, ask)]
        # questionary echoes one choice as "[Go]" and several as "done (3 selections)": the line below always
        # names them all, wrapped at word boundaries
        labels = {o.value: o.label for o in ask.options}
        shown = ", ".join(labels[v] for v in values) if values else "none"
        lines = textwrap.wrap(shown, self.width - 5, break_long_words=False, break_on_hyphens=False) or [shown]
        self._print([("", "  → "), ("class:answer", "\n    ".join(lines))])
        return values

    def ask_bool(self, ask: Ask) -> bool:
        default = bool(ask.default)
        message, instruction = self._layout(ask, self._instruction("Y/n" if default else "y/N", ask), 3,
                                            keeps_instruction=True)
        question = questionary.confirm(
            message, default=default, qmark=self._qmark(ask), style=STYLE, auto_enter=True,
            instruction=instruction + " ", **self._io())
        return bool(self._run(question, ask))

    def ask_number(self, ask: Ask) -> int | float:
        parse = ask.parse
        if parse is None:
            raise ValueError(f"{ask.key}: a number prompt needs a parser")
        default_text = _number_text(ask.default)

        def validate(text: str) -> bool | str:
            if not text.strip():
                return True if default_text else "Type a number."
            return _problem(parse, text) or True

        message, instruction = self._layout(ask, self._instruction("", ask), max(6, len(default_text)),
                                            keeps_instruction=True)
        question = questionary.text(
            message, qmark=self._qmark(ask), style=STYLE, validate=validate, instruction=instruction,
            placeholder=_placeholder(default_text), validate_while_typing=False,
            reserve_space_for_menu=0, **self._io())
        text = str(self._run(question, ask, default_text=default_text))
        value, problem = parse(text or default_text)
        if problem is not None or isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{ask.key}: {problem}")  # the validator accepted it, so this is a bug
        return value

    def ask_text(self, ask: Ask) -> str:
        parse = ask.parse
        default_text = ask.default if isinstance(ask.default, str) else ""

        def validate(text: str) -> bool | str:
            if not text.strip() or parse is None:
                return True
            return _problem(parse, text) or True

        extra: dict[str, Any] = {}
        if ask.prefill:
            extra["default"] = default_text
        elif default_text:
            extra["placeholder"] = _placeholder(default_text)
        hint = ("edit it, or Enter to keep it" if ask.prefill else "") if default_text else "Enter to skip"
        message, instruction = self._layout(ask, self._instruction(hint, ask, help_key=False),
                                            max(20, len(default_text)), keeps_instruction=True)
        question = questionary.text(
            message, qmark=self._qmark(ask), style=STYLE, validate=validate, validate_while_typing=False,
            instruction=instruction, reserve_space_for_menu=0, **extra, **self._io())
        text = str(self._run(question, ask, help_key=False,
                             default_text="" if ask.prefill else default_text))
        return text.strip()

    # --- plumbing ------------------------------------------------------------------------------

    def _io(self) -> dict[str, Any]:
        return {"input": self.input, "output": self.output, "color_depth": self.color_depth}

    @staticmethod
    def _qmark(ask: Ask) -> str:
        return f"[{ask.progress}]" if ask.progress else "?"

    def _layout(self, ask: Ask, instruction: str, answer_width: int = 12, *,
                keeps_instruction: bool = False) -> tuple[str, str]:
        """The message wrapped at word boundaries after the qmark; when the instruction (or, once
        answered, the answer, after the instruction if it stays) would not fit after it, they go to the
        next line. Reads well in 80 columns."""
        qmark = self._qmark(ask)
        width = self.width - 1
        lines = textwrap.wrap(ask.message, width, initial_indent=" " * (len(qmark) + 1)) or [""]
        last = len(lines[-1])
        lines[0] = lines[0].lstrip()
        tail = len(instruction) + 1 + answer_width if keeps_instruction else max(len(instruction), answer_width)
        if last + tail + 3 > width:
            lines[-1] += "\n"
        return "\n".join(lines), instruction

    @staticmethod
    def _instruction(keys: str, ask: Ask, *, help_key: bool = True) -> str:
        parts = [keys] if keys else []
        if ask.help and help_key:
            parts.append("? help")
        return f"({' · '.join(parts)})" if parts else ""

    def _run(self, question: questionary.Question, ask: Ask, *, help_key: bool = True,
             default_text: str = "") -> Any:
        """Add the help panel (toggled by ``?``) and Enter-takes-the-default, then ask; Ctrl-C raises."""
        app = question.application
        _add_more_hint(app, filterable=ask.filterable)
        bindings = KeyBindings()
        if ask.help and help_key:
            shown = [False]
            lines = textwrap.wrap(ask.help, self.width - 3) or [""]
            panel = Window(FormattedTextControl(FormattedText([("class:help", "\n".join("  " + line
                                                                                         for line in lines))])),
                           height=Dimension.exact(len(lines)), dont_extend_height=True)
            app.layout.container = HSplit([
                app.layout.container,
                ConditionalContainer(panel, filter=Condition(lambda: shown[0]) & ~is_done),
                Window(height=Dimension(weight=1000)),  # takes the spare rows, so the help stays under the prompt
            ])

            @bindings.add("?", eager=True)
            def _toggle_help(event: KeyPressEvent) -> None:
                shown[0] = not shown[0]

        if default_text:
            @bindings.add(Keys.ControlM, eager=True)
            def _enter(event: KeyPressEvent) -> None:
                buffer = event.current_buffer
                if not buffer.text.strip():
                    buffer.text = default_text
                    buffer.cursor_position = len(default_text)
                buffer.validate_and_handle()

        if bindings.bindings:
            app.key_bindings = merge_key_bindings([app.key_bindings, bindings]) if app.key_bindings else bindings
        return question.unsafe_ask()


def _add_more_hint(app: Any, *, filterable: bool) -> None:
    """Under a list taller than the terminal, one line saying how many choices are out of sight below (and above):
    ``↓ 6 more below — type to filter``. The list itself scrolls with the pointer."""
    lists = [w for w in app.layout.find_all_windows() if isinstance(w.content, InquirerControl)]
    if not lists:
        return
    window = lists[0]
    action = "type to filter" if filterable else "↓ scrolls"

    def hidden() -> tuple[int, int]:
        info = window.render_info
        if info is None:
            return 0, 0
        above = info.vertical_scroll
        below = info.content_height - above - info.window_height
        return above, max(below, 0)

    def fragments() -> FormattedText:
        above, below = hidden()
        parts = [f"↓ {below} more below — {action}"] if below else []
        if above:
            parts.append(f"↑ {above} above")
        return FormattedText([("class:instruction", "   " + " · ".join(parts))])

    hint = Window(FormattedTextControl(fragments), height=1, dont_extend_height=True)
    app.layout.container = HSplit([
        app.layout.container,
        ConditionalContainer(hint, filter=Condition(lambda: any(hidden())) & ~is_done),
    ])


def _problem(parse: Parser, text: str) -> str | None:
    """What is wrong with typed text, or None. Never raises: an exception inside a prompt_toolkit
    validator would end the prompt with a traceback, so whatever goes wrong is shown as the message."""
    try:
        return parse(text)[1]
    except Exception as exc:
        shown = text.strip()
        shown = shown if len(shown) <= 20 else shown[:19] + "…"
        return f"'{shown}' cannot be taken ({str(exc) or type(exc).__name__}); type it again."


def _placeholder(text: str) -> Callable[[], FormattedText]:
    """The default shown dimmed in an empty input while it is asked (not once it ended: after
    Ctrl-C an empty input must not look answered)."""

    def fragments() -> FormattedText:
        return FormattedText([] if get_app().is_done else [("class:placeholder", text)])

    return fragments


def _number_text(value: AnswerValue | None) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}"
