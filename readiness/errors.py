"""One error hierarchy. Each error knows its exit code and renders as one line per problem."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_PRECHECK_FAILED = 4
"""``scan --precheck`` found a finding at or above ``--fail-on``."""
EXIT_INTERRUPTED = 130
HUGE = 10**15
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")


class ReadinessError(Exception):
    """Base class of every error the tool reports to the user (exit code 1 by default)."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def lines(self) -> list[str]:
        """The message as the lines printed to stderr (one per problem)."""
        return [self.message]


class UsageError(ReadinessError):
    """The command line itself is wrong (exit code 2)."""

    exit_code = EXIT_USAGE


class Problem:
    """One problem found in an input file: where it is and what was expected."""

    __slots__ = ("field", "file", "message")

    def __init__(self, file: str, field: str, message: str) -> None:
        self.file = file
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class InputError(ReadinessError):
    """An input file is unreadable or invalid; carries every problem found, one per line."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        if not self.problems:
            raise ValueError("InputError needs at least one problem")
        super().__init__("; ".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]

    @classmethod
    def single(cls, file: str, field: str, message: str) -> InputError:
        """An error with exactly one problem."""
        return cls([Problem(file, field, message)])


class RulesError(InputError):
    """A rules file is invalid: questionnaire, plan catalogue, scan signatures or a mesh catalogue."""


class QuestionnaireError(RulesError):
    """The questionnaire or plan catalogue data is invalid."""


class AnswersError(InputError):
    """An answers file does not fit the questionnaire."""


class EngagementError(InputError):
    """An engagement folder is incomplete or its engagement.yaml is invalid."""


class ScanError(ReadinessError):
    """A cluster could not be scanned (unreachable, unauthorised, unreadable snapshot)."""


class ReportError(ReadinessError):
    """A report could not be rendered (bad branding, bad template)."""


class Interrupted(ReadinessError):
    """The user pressed Ctrl-C (exit code 130)."""

    exit_code = EXIT_INTERRUPTED


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest option, or an empty string."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def kind_of(value: Any) -> str:
    """What kind of value this is, never what it says: ``a string``, ``a list``, ``a number``, ``nothing``.

    For the top of a document that may be some other file altogether, whose content must not be echoed.
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a yes/no value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple | set | frozenset):
        return "a list"
    return "a mapping" if isinstance(value, dict) else "binary data" if isinstance(value, bytes) else "a value"


def describe(value: Any) -> str:
    """A value as an error message names it: ``the text 'x'``, ``a list``, ``true (a yes/no value)``, ``5``.

    Text is cut to 40 characters, so a message never quotes more than a short excerpt of a file.
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, str):
        return f"the text {value[:40]!r}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, set | frozenset):
        return "a set (write a list with - items)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bytes | bytearray):
        return "binary data"
    if isinstance(value, dt.datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int) and abs(value) > HUGE:
        return f"a number with more than {len(str(HUGE))} digits"
    if isinstance(value, int | float):
        return str(value)
    return type(value).__name__


def is_field_name(key: str) -> bool:
    """Whether a key looks like a field name, so a message may quote it (a line of another kind of file may not)."""
    return bool(_FIELD_NAME.match(key))
