"""One error hierarchy. Each error knows its exit code and renders as one line per problem."""

from __future__ import annotations

from collections.abc import Iterable

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BUG = 3
EXIT_INTERRUPTED = 130


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


class QuestionnaireError(InputError):
    """The questionnaire or plan catalogue data is invalid."""


class AnswersError(InputError):
    """An answers file does not fit the questionnaire."""


class ScanError(ReadinessError):
    """A cluster could not be scanned (unreachable, unauthorised, unreadable snapshot)."""


class ReportError(ReadinessError):
    """A report could not be rendered (bad branding, bad template)."""


class Interrupted(ReadinessError):
    """The user pressed Ctrl-C (exit code 130)."""

    exit_code = EXIT_INTERRUPTED
