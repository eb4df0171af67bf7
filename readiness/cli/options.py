"""What the commands share: the options, defined once so their names, metavars and help never drift apart, and
the terminal they report to.

Each option is an ``Annotated`` type: ``def assess(snapshot: Snapshots = None)``. Only typer, the standard
library and light modules of ours are imported here, so ``readiness --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from readiness.app.ui import Ui
from readiness.console import terminal

Snapshots = Annotated[list[str] | None, typer.Option(
    "--snapshot", "-s", metavar="PATH",
    help="manifests folder or file, a `kubectl get -o json` dump, or - for stdin (repeatable: one cluster each)")]
Sources = Annotated[list[str] | None, typer.Option(
    "--source", metavar="DIR",
    help="source checkout: languages from build files and Dockerfiles (repeatable)")]
Contexts = Annotated[list[str] | None, typer.Option(
    "--context", "-c", metavar="NAME", help="kube context to scan live, read-only (repeatable: one cluster each)")]
Kubeconfig = Annotated[str | None, typer.Option(
    "--kubeconfig", metavar="FILE", help="kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")]
Rates = Annotated[list[str] | None, typer.Option(
    "--rps", metavar="N|SERVICE=N",
    help="requests/s between services, in total or per Service (repeatable), for the cost estimate")]
PricingOption = Annotated[str | None, typer.Option(
    "--pricing", metavar="FILE",
    help="prices for the business case (YAML/JSON; any part replaces the defaults; see `readiness schema pricing`)")]
Questionnaire = Annotated[str | None, typer.Option(
    "--questionnaire", "-q", metavar="ID|FILE",
    help="questionnaire id or file (default: the one the answers name, else the bundled one)")]
Brand = Annotated[str | None, typer.Option(
    "--brand", metavar="FILE", help="brand.yaml: firm name, logo, colours, footer, disclaimer, paper")]
Templates = Annotated[str | None, typer.Option(
    "--templates", metavar="DIR", help="folder of template overrides (partials, report.css, text.yaml)")]
Paper = Annotated[str | None, typer.Option(
    "--paper", metavar="a4|letter", help="a4 or letter (default: the brand's, else a4)")]


class _Kept:
    """What the use cases handed over to be kept until the process ends (see ``Ui.keep_until_exit``)."""

    values: list[object] | None = None
    """None (keep nothing) unless the console script runs, which ends the process without freeing them."""

    @classmethod
    def add(cls, value: object) -> None:
        if cls.values is not None:
            cls.values.append(value)


def end_without_freeing() -> None:
    """The process ends by ``os._exit`` after this command (the console script): what the use cases are done with
    is kept until then rather than freed piece by piece. Commands run in-process (tests) keep nothing."""
    _Kept.values = []


def terminal_ui() -> Ui:
    """How every command reports: notices, warnings and result lines on stderr, scan progress on one line."""
    return Ui(notice=terminal.notice, warn=terminal.warn, done=terminal.message, progress=terminal.progress_for,
              stdout_terminal=terminal.is_terminal(sys.stdout), stdout_color=terminal.use_color(sys.stdout),
              stderr_terminal=terminal.is_terminal(sys.stderr), stderr_color=terminal.use_color(sys.stderr),
              keep_until_exit=_Kept.add)


def items(values: list[str] | None) -> tuple[str, ...]:
    """A repeatable option's values (none given: an empty tuple)."""
    return tuple(values or ())
