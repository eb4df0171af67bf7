"""``run`` builds only the command it is asked for: it behaves exactly as the whole app does."""

from __future__ import annotations

import importlib
import sys

import pytest

from readiness.cli.main import COMMANDS, run

main = importlib.import_module("readiness.cli.main")   # the package's attribute of that name is the function

CASES = [
    *([name, "--help"] for name in COMMANDS),
    ["questionnaire", "show", "--help"], ["engagement", "init", "--help"],
    ["scan", "--snapsht", "x"],   # a usage error: the suggestion names the option
    ["assess"],   # no arguments: its help
    ["questionnaire"], ["schema", "nonsense"],
    ["--help"], ["--version"], ["scna"], [],
]


def outcome(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = run(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("args", CASES, ids=" ".join)
def test_a_command_alone_behaves_as_in_the_whole_app(args: list[str], capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    alone = outcome(args, capsys)
    monkeypatch.setattr(main, "_app_for", lambda args: main.app)
    whole = outcome(args, capsys)
    assert alone == whole
    assert alone[1] or alone[2]


def test_only_the_named_command_is_built() -> None:
    group = main._app_for(["scan", "--snapshot", "x"])
    assert [c.name for c in group.registered_commands] == ["scan"] and not group.registered_groups
    group = main._app_for(["engagement", "build"])
    assert not group.registered_commands and [g.name for g in group.registered_groups] == ["engagement"]
    assert main._app_for(["--version"]) is main._app_for(["unknown"]) is main.app


def test_without_arguments_run_reads_the_command_line(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["readiness", "--version"])
    assert run() == 0
    assert capsys.readouterr().out.startswith("readiness ")
