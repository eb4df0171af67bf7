"""The scan use case: read clusters (live, snapshots, source checkouts) into inventories and detected answers,
or, with ``--precheck``, into what breaks a mesh rollout there and what its proxies would cost.

Progress and notices go to the callables of the :class:`~readiness.scan.collect.ScanRequest`; warnings to the
``warn`` callable each function takes. Nothing here prints.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from readiness.app.clock import now
from readiness.app.outputs import check_output, refuse_report_name
from readiness.app.ui import QUIET, Ui
from readiness.errors import EXIT_OK, EXIT_PRECHECK_FAILED, ReadinessError, UsageError
from readiness.io.files import STDOUT, atomic_write
from readiness.io.text import escape_c1_json, escape_c1_json_utf8
from readiness.models.scan_records import encode, to_model
from readiness.scan.collect import ScanRequest, build_result, collect_objects

if TYPE_CHECKING:   # the precheck, its rules and the tables are imported where used: `scan -o` loads none of them
    from readiness.mesh.cost import RequestRates
    from readiness.models import DetectedAnswer, ScanResult
    from readiness.models.mesh import Severity
    from readiness.models.precheck import PrecheckReport
    from readiness.models.scan_records import ScanResult as ScanRecord
    from readiness.scan.objects import ClusterObjects

Warn = Callable[[str], None]

__all__ = ["FAIL_ON", "FORMATS", "NO_SCAN", "ScanCommand", "ScanOutcome", "ScanRequest", "now", "permissions",
           "precheck", "run_scan", "save_snapshot", "scan_clusters", "scan_for_answers", "scan_warnings"]


class ScanOutcome(msgspec.Struct, frozen=True):
    """What a scan contributes: the inventories, the raw objects for the precheck, the detected answers."""

    result: ScanResult | None = None
    objects: tuple[ClusterObjects, ...] = ()
    detected: Mapping[str, DetectedAnswer] = msgspec.field(default_factory=dict)
    hints: Mapping[str, DetectedAnswer] = msgspec.field(default_factory=dict)
    """Partial evidence that is not an answer (languages seen in only some services): for people to read."""


NO_SCAN = ScanOutcome()


def scan_clusters(request: ScanRequest, generated_at: dt.datetime, warn: Warn | None = None) -> ScanOutcome:
    """Scan what the request names and turn what it shows into detected answers; warnings go to ``warn``."""
    from readiness.models.scan import ScanResult
    from readiness.scan.detect import detect_answers, detection_hints

    objects = collect_objects(request)
    result = to_model(build_result(objects, request, generated_at), ScanResult)
    if warn is not None:
        for line in scan_warnings(result):
            warn(line)
    return ScanOutcome(result=result, objects=tuple(objects), detected=detect_answers(result),
                       hints=detection_hints(result))


def scan_for_answers(request: ScanRequest, generated_at: dt.datetime, warn: Warn | None = None) -> ScanOutcome:
    """The scan `assess` and `interview` run before the answers are layered: none unless a snapshot or a
    context is named (``--source`` and ``--kubeconfig`` only refine one)."""
    if not request.snapshots and not request.contexts:
        if request.sources or request.kubeconfig:
            raise UsageError("--source and --kubeconfig go with --snapshot or --context")
        return NO_SCAN
    return scan_clusters(request, generated_at, warn)


def scan_warnings(result: ScanResult | ScanRecord) -> list[str]:
    """Every warning of a scan, each cluster's named after it."""
    return [f"{c.name}: {w}" for c in result.clusters for w in c.warnings] + list(result.warnings)


FORMATS = ("json", "table", "sarif", "junit")
"""``--format`` values; ``sarif`` and ``junit`` are the precheck's CI formats."""
CI_FORMATS = ("sarif", "junit")

FAIL_ON = ("error", "warning", "info", "never")
"""``--fail-on`` levels: the least severe finding that fails the run (``never``: none does)."""


def check_fail_on(level: str) -> str:
    """``level`` if it is a ``--fail-on`` level, else a usage error."""
    if level not in FAIL_ON:
        raise UsageError(f"--fail-on: expected one of {', '.join(FAIL_ON)}, not {level!r}")
    return level


def precheck(objects: Sequence[ClusterObjects], result: ScanResult,
             rates: RequestRates | None = None) -> tuple[PrecheckReport, list[str]]:
    """The precheck and proxy cost of the scanned clusters (each with the system namespaces it was inventoried
    with), and the warnings (a ``--rps`` service the scan does not have)."""
    from readiness.app.rules import mesh_rules
    from readiness.mesh.analysis import NO_RATES, analyse_clusters
    from readiness.models.precheck import PrecheckReport

    namespaces = {c.name: list(c.system_namespaces) for c in result.clusters}
    analysis = analyse_clusters(objects, mesh_rules(), namespaces, rates or NO_RATES)
    return PrecheckReport(precheck=analysis.precheck, cost=analysis.cost), analysis.warnings


def failing(report: PrecheckReport, fail_on: str) -> Severity | None:
    """The worst severity found when it is at or above ``fail_on`` (the run then fails), else None."""
    from readiness.models.mesh import SEVERITIES, severity_rank

    worst = report.precheck.highest_severity()
    if fail_on == "never" or worst is None or severity_rank(worst) < SEVERITIES.index(fail_on):
        return None
    return worst


class ScanCommand(msgspec.Struct, frozen=True):
    """What ``readiness scan`` was asked: what to scan, where the output goes, and whether it is the precheck."""

    request: ScanRequest
    output: str | None = None
    fmt: str | None = None
    """One of :data:`FORMATS` (None: a table on a terminal, else JSON)."""
    save_snapshot: str | None = None
    check_permissions: bool = False
    precheck: bool = False
    fail_on: str = "warning"
    rps: tuple[str, ...] = ()


def run_scan(command: ScanCommand, generated_at: dt.datetime, *, ui: Ui = QUIET) -> int:
    """``readiness scan``: inventory (or precheck) the clusters asked for and write it; the exit code (0, or
    :data:`~readiness.errors.EXIT_PRECHECK_FAILED` when the precheck finds something at ``fail_on`` or worse)."""
    request = command.request
    snapshots = list(request.snapshots)
    check_output("-o", command.output, *snapshots)
    refuse_report_name("-o", command.output, "the scan (or precheck) as JSON or a table")
    check_output("--save-snapshot", command.save_snapshot, command.output, *snapshots)
    fmt = command.fmt or ("table" if command.output is None and ui.stdout_terminal else "json")
    if fmt not in FORMATS:
        raise UsageError(f"--format: expected {', '.join(FORMATS[:-1])} or {FORMATS[-1]}, not {fmt!r}")
    if fmt in CI_FORMATS and not command.precheck:
        raise UsageError(f"--format {fmt} writes the precheck for CI; add --precheck (the inventory is json or "
                         f"table)")
    fail_on = check_fail_on(command.fail_on)
    rates = None
    if command.rps or command.precheck:
        from readiness.mesh.cost import RequestRates

        rates = RequestRates.parse(command.rps)
    request.check()
    if command.check_permissions:
        return permissions(request, ui=ui)
    _check_snapshot_option(command)
    objects = collect_objects(request)
    ui.keep_until_exit(objects)   # the command line frees nothing piece by piece at its end (see Ui)
    if command.save_snapshot:
        save_snapshot(objects[-1], command.save_snapshot)
        ui.notice(f"snapshot of {objects[-1].name} saved to {command.save_snapshot}")
    record = build_result(objects, request, generated_at)
    ui.keep_until_exit(record)
    for line in scan_warnings(record):
        ui.warn(line)
    target = command.output or STDOUT
    if not command.precheck and fmt == "json":   # the records' JSON is the contract's: no pydantic model needed
        del objects   # the raw objects are not needed for the inventory's output: their memory goes first
        atomic_write(target, (escape_c1_json_utf8(encode(record)), b"\n"))   # apart: joined, the document is copied
        if target != STDOUT:
            ui.notice(f"scan written to {target}")
        return EXIT_OK
    from readiness.models.scan import ScanResult

    result = to_model(record, ScanResult)
    del record
    if not command.precheck:
        del objects
        from readiness.console.scan_table import render_table

        atomic_write(target, render_table(result))
        if target != STDOUT:
            ui.notice(f"scan written to {target}")
        return EXIT_OK
    from readiness.console.precheck_table import precheck_summary

    report, warnings = precheck(objects, result, rates)
    for line in warnings:
        ui.warn(line)
    atomic_write(target, _precheck_text(report, fmt, fail_on))
    ui.notice(f"precheck: {precheck_summary(report.precheck)}")
    worst = failing(report, fail_on)
    if worst is None:
        return EXIT_OK
    ui.notice(f"precheck found {worst} findings (--fail-on {fail_on}); exit {EXIT_PRECHECK_FAILED}")
    return EXIT_PRECHECK_FAILED


def _precheck_text(report: PrecheckReport, fmt: str, fail_on: str) -> str:
    """The precheck in the format asked for (SARIF file URIs relative to the working directory)."""
    from readiness.app.rules import mesh_rules

    if fmt == "table":
        from readiness.console.precheck_table import render_precheck

        return render_precheck(report.precheck, report.cost)
    if fmt == "sarif":
        from readiness.console.sarif import render_sarif

        return escape_c1_json(render_sarif(report.precheck, mesh_rules().checks, base=os.getcwd()))
    if fmt == "junit":
        from readiness.console.junit import render_junit

        return render_junit(report.precheck, mesh_rules().checks, fail_on)
    return escape_c1_json(report.model_dump_json(indent=2)) + "\n"


def _check_snapshot_option(command: ScanCommand) -> None:
    """``--save-snapshot`` keeps what one live cluster showed."""
    request = command.request
    if command.save_snapshot and not request.live:
        raise UsageError("--save-snapshot keeps what a live scan saw; it needs a live source (--context, "
                         "--all-contexts, --in-cluster or none of --snapshot)")
    if command.save_snapshot and (len(request.contexts) > 1 or request.all_contexts):
        raise UsageError("--save-snapshot takes one cluster; scan one --context at a time")


def permissions(request: ScanRequest, *, ui: Ui = QUIET) -> int:
    """``scan --check-permissions``: whether the identity may get and list every kind the scan reads, as a table
    per context on stdout; a missing permission is an error naming the read-only ClusterRole to apply."""
    from readiness.console.scan_table import permissions_table
    from readiness.scan import live  # the kubernetes client, only for a live cluster

    contexts: list[str | None] = [*live.list_contexts(request.kubeconfig)] if request.all_contexts else \
        [*request.contexts] or [None]
    missing = 0
    for context in contexts:
        checks = live.check_permissions(context, request.kubeconfig, in_cluster=request.in_cluster)
        missing += sum(1 for check in checks if not check.allowed)
        atomic_write(STDOUT, f"Permissions for {context or 'the current context'}:\n{permissions_table(checks)}\n")
    if missing:
        raise ReadinessError(f"{missing} permission(s) missing; apply deploy/rbac-readonly.yaml (a read-only "
                             f"ClusterRole) to the identity that runs the scan")
    ui.done("All permissions the scan needs are granted.")
    return EXIT_OK


def save_snapshot(objects: ClusterObjects, path: str) -> None:
    """Keep what a live scan saw (redacted) as a ``kubectl get -o json`` style List, for offline use."""
    from readiness.scan import live  # the kubernetes client, only for a live cluster

    live.save_snapshot(objects, path)
