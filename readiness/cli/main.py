"""The ``readiness`` app: registers the commands and maps errors to exit codes.

Heavy modules (pydantic models, weasyprint, kubernetes) are imported inside the commands,
so ``readiness --help`` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, ParamSpec

import typer

from readiness import __version__
from readiness.cli import (
    assess_cmd,
    compare_cmd,
    engagement_cmd,
    interview_cmd,
    questionnaire_cmd,
    report_cmd,
    scan_cmd,
    schema_cmd,
)
from readiness.cli.options import end_without_freeing
from readiness.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_USAGE, Interrupted, ReadinessError
from readiness.io.signals import Terminated, received, terminate_on_signals

HELP = """Do you need a service mesh now, why, and how would you adopt one?

Interview people or read an answers file, optionally scan Kubernetes clusters read-only,
score the signals transparently and write a recommendation with a phased adoption plan.

Examples:

\b
  readiness interview -o answers.yaml
  readiness assess answers.yaml -o assessment.json
  readiness assess answers.yaml --snapshot k8s/ --report report.pdf
  readiness scan --context prod --precheck
  readiness report assessment.json -o report.pdf --brand brand.yaml
  readiness compare last-quarter.json assessment.json -o progress.pdf
  readiness engagement build acme/

Exit codes: 0 ok, 1 invalid input or domain error, 2 usage error, 3 bug, 4 precheck findings
at or above --fail-on (scan --precheck), 129 hung up (SIGHUP), 130 interrupted (Ctrl-C),
143 terminated (SIGTERM). Nothing half-written is left behind in any of them.
"""

P = ParamSpec("P")
MAX_ERROR_LINES = 50
"""Problems printed before the rest are summarised in one line."""
STREAM_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG})
"""Why writing to stdout or stderr fails (a full disk or a broken terminal): one error line, not a bug."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"readiness {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Do you need a service mesh now, why, and how would you adopt one?"""


def _interruptible(command: Callable[P, None]) -> Callable[P, None]:
    """Ctrl-C inside a command becomes :class:`Interrupted` (typer would turn it into a silent exit 130)."""

    @functools.wraps(command)
    def run_command(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None

    return run_command


Registration = typer.Typer | tuple[Callable[..., None], dict[str, Any]]
COMMANDS: dict[str, Registration] = {
    "interview": (interview_cmd.interview, {"help": interview_cmd.HELP}),
    "assess": (assess_cmd.assess, {"help": assess_cmd.HELP, "no_args_is_help": True}),
    "scan": (scan_cmd.scan, {"help": scan_cmd.HELP}),
    "report": (report_cmd.report, {"help": report_cmd.HELP, "no_args_is_help": True}),
    "compare": (compare_cmd.compare, {"help": compare_cmd.HELP, "no_args_is_help": True}),
    "questionnaire": questionnaire_cmd.app,
    "engagement": engagement_cmd.app,
    "schema": (schema_cmd.schema, {"help": schema_cmd.HELP, "no_args_is_help": True}),
}
"""The commands in the order ``readiness --help`` lists them: a function with its ``command`` options, or a group."""


def _group(*names: str) -> typer.Typer:
    """The ``readiness`` app with the commands ``names``."""
    group = typer.Typer(name="readiness", help=HELP, no_args_is_help=True, add_completion=False,
                        pretty_exceptions_enable=False, rich_markup_mode=None,
                        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
    group.callback()(_root)
    for name in names:
        registration = COMMANDS[name]
        if isinstance(registration, typer.Typer):
            group.add_typer(registration, name=name)
        else:
            function, options = registration
            group.command(name, **options)(_interruptible(function))
    return group


app = _group(*COMMANDS)


def _app_for(args: list[str]) -> typer.Typer:
    """The app to run ``args``: with only the command they name, as typer builds the click command of every command
    it has on each run (reading its function's signature and options: 5 ms for all of them, most of a scan's
    dispatch); the whole app for anything else (the root's help and version, a mistyped command)."""
    return _group(args[0]) if args and args[0] in COMMANDS else app


def run(argv: Sequence[str] | None = None) -> int:
    """Run the app and return its exit code; every error becomes one line per problem on stderr."""
    restore_signals = terminate_on_signals()  # SIGTERM/SIGHUP: temp files removed, exit 143/129
    try:
        args = list(argv) if argv is not None else sys.argv[1:]
        result = _app_for(args)(args=args, prog_name="readiness", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        print("readiness: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Interrupted as exc:
        print(f"readiness: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except ReadinessError as exc:
        if (terminated := received()) is not None:  # our own except-Exception turned it into an error
            return _ended_by(terminated)
        lines = exc.lines()
        for line in lines[:MAX_ERROR_LINES]:
            print(f"readiness: error: {line}", file=sys.stderr)
        if len(lines) > MAX_ERROR_LINES:
            print(f"readiness: error: … and {len(lines) - MAX_ERROR_LINES} more problems", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("readiness: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated as exc:
        return _ended_by(exc)
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except Exception as exc:
        if (terminated := received()) is not None:  # a library caught or wrapped it (pydantic, __set_name__)
            return _ended_by(terminated)
        if _is_cli_usage_error(exc):  # click/typer parsing errors know how to show themselves
            exc.show()  # type: ignore[attr-defined]
            return int(getattr(exc, "exit_code", EXIT_USAGE))
        if isinstance(exc, OSError) and exc.errno in STREAM_WRITE_ERRORS:
            # files are written through io.files, which names them: what reaches here is help, the version or a
            # document echoed to stdout
            _stdout_failed(exc)
            return EXIT_INVALID
        print(f"readiness: internal error ({type(exc).__name__}: {exc}); this is a bug — please report it "
              f"(set READINESS_DEBUG=1 for the traceback)", file=sys.stderr)
        if os.environ.get("READINESS_DEBUG"):
            import traceback  # only here: it imports the tokenizer

            traceback.print_exc()
        return EXIT_BUG
    finally:
        restore_signals()
    return result if isinstance(result, int) else EXIT_OK


def _stdout_failed(exc: OSError) -> None:
    """Say that stdout could not be written, on stderr if it can take the line (it may be as full as stdout)."""
    with contextlib.suppress(OSError):
        print(f"readiness: error: stdout: cannot write ({exc.strerror or exc})", file=sys.stderr)


def _ended_by(signal: Terminated) -> int:
    """SIGTERM or SIGHUP ended the command (temp files are gone by now): one line, exit 128 + signal."""
    print(f"readiness: {signal.message}", file=sys.stderr)
    return signal.exit_code


def _is_cli_usage_error(exc: Exception) -> bool:
    """A command-line parsing error of click (or typer's vendored click): it has ``show`` and ``exit_code``."""
    return callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int)


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's final flush stays quiet."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def main() -> None:
    """Console-script entry point (and ``python -m readiness``)."""
    end_without_freeing()
    exit_now(run())


def exit_now(code: int) -> None:
    """End the process with ``code`` once stdout and stderr are flushed, without the interpreter's teardown.

    Every file the command writes is complete and closed when :func:`run` returns (atomic writes). What is left
    is freeing each object a big scan built and unloading every module, which costs more than writing its
    output, for memory the system takes back at once anyway (mypy ends the same way, for the same reason).
    No atexit work is skipped: the project registers none, and a worker pool is shut down before this."""
    for name, stream in (("stdout", sys.stdout), ("stderr", sys.stderr)):
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):   # a reader that went away; a stream closed
            pass
        except OSError as exc:   # what the command wrote is flushed as it is written: only text echoed late
            if name == "stdout":
                _stdout_failed(exc)
                code = code or EXIT_INVALID
    os._exit(code)
