"""``readiness scan``: inventory clusters (live, read-only) or snapshots, with evidence for every claim."""

from __future__ import annotations

import sys
from typing import Any

import typer

HELP = """Scan Kubernetes clusters or snapshots: services, languages, protocols, mesh, edge, observability.

With no source option the current kube context is scanned live (read-only: get/list only, Secrets are
never read). Every role, language and protocol claim carries its evidence; without evidence a language
is null and a role unknown. Environment variable values and ConfigMap data never appear in the output.

The scan is written as JSON (the Scan contract; see `readiness schema scan`) to -o FILE or stdout,
or as a table with --format table (the default on a terminal). Progress goes to stderr.

Examples:

  readiness scan --snapshot manifests/ --format table

  kubectl get deploy,sts,ds,svc,cm -A -o json | readiness scan --snapshot - -o scan.json

  readiness scan --context prod-eu --context prod-us -o scan.json

  readiness scan --snapshot k8s/ --source ~/src/shop --format table

  readiness scan --check-permissions

  readiness scan --context prod --save-snapshot prod.json

  readiness scan --snapshot k8s/ --precheck --rps 1200 --fail-on error

With --precheck the output is the mesh compatibility precheck (for Istio sidecar, Istio ambient and
Linkerd: each finding with its objects, why it matters, the fix and documentation) followed by the
proxy cost estimate (CPU, memory and added latency per data plane, every figure with its source);
--format json writes both as one JSON document. --rps N (total requests/s between services) or
--rps SERVICE=N (repeatable) adds the per-request-rate lines to the estimate.

Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 bug, 130 interrupted; with --precheck, 4 when a
finding is at or above --fail-on (error, warning (default) or info; never: always 0), as
`istioctl x precheck` fails at warnings.
"""

EXIT_PRECHECK_FAILED = 4
"""``--precheck`` found a finding at or above ``--fail-on``."""
FAIL_ON = ("error", "warning", "info", "never")


def scan(
    snapshot: list[str] = typer.Option(None, "--snapshot", "-s", metavar="PATH",
                                       help="manifests folder, file, kubectl -o json dump, or - for stdin "
                                            "(repeatable: one inventory each)"),
    source: list[str] = typer.Option(None, "--source", metavar="DIR",
                                     help="source checkout: languages from build files and Dockerfiles (repeatable)"),
    context: list[str] = typer.Option(None, "--context", "-c", metavar="NAME",
                                      help="kube context to scan live (repeatable: one inventory per cluster)"),
    all_contexts: bool = typer.Option(False, "--all-contexts", help="scan every context of the kubeconfig"),
    kubeconfig: str = typer.Option(None, "--kubeconfig", metavar="FILE", help="kubeconfig file (default: "
                                                                               "$KUBECONFIG or ~/.kube/config)"),
    in_cluster: bool = typer.Option(False, "--in-cluster", help="use the pod's service account (run inside a pod)"),
    save_snapshot: str = typer.Option(None, "--save-snapshot", metavar="FILE",
                                      help="also keep what the live scan saw (redacted) for offline use"),
    check_permissions: bool = typer.Option(False, "--check-permissions",
                                           help="only check that the RBAC permissions the scan needs are granted"),
    system_namespaces: str = typer.Option(None, "--system-namespaces", metavar="A,B",
                                          help="namespaces (fnmatch patterns) to treat as system/add-on, replacing "
                                               "the built-in list"),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE", help="write the scan here (- for stdout)"),
    precheck: bool = typer.Option(False, "--precheck", help="output the mesh compatibility precheck and the proxy "
                                                            "cost estimate instead of the inventory"),
    fail_on: str = typer.Option("warning", "--fail-on", metavar="LEVEL",
                                help="with --precheck: exit 4 at a finding of this severity or worse "
                                     "(error, warning, info, never)"),
    rps: list[str] = typer.Option(None, "--rps", metavar="N|SERVICE=N",
                                  help="requests/s between services, total or per service (repeatable), for the "
                                       "cost estimate"),
    output_format: str = typer.Option(None, "--format", "-f", help="json or table (default: table on a terminal, "
                                                                   "else json)"),
) -> None:
    """Scan clusters or snapshots."""
    from readiness.cli.common import check_output, is_terminal, now, refuse_report_name
    from readiness.errors import UsageError
    from readiness.io.files import atomic_write
    from readiness.scan.collect import ScanRequest, build_result, collect_objects

    check_output("-o", output, *(snapshot or []))
    refuse_report_name("-o", output, "the scan (or precheck) as JSON or a table")
    check_output("--save-snapshot", save_snapshot, output, *(snapshot or []))
    fmt = output_format or ("table" if output is None and is_terminal(sys.stdout) else "json")
    if fmt not in ("json", "table"):
        raise UsageError(f"--format: expected json or table, not {fmt!r}")
    snapshots, contexts = list(snapshot or []), list(context or [])
    patterns = _patterns(system_namespaces)
    request = ScanRequest(snapshots=snapshots, sources=list(source or []), contexts=contexts,
                          all_contexts=all_contexts, kubeconfig=kubeconfig, in_cluster=in_cluster,
                          system_namespaces=patterns, progress=_progress_for, notice=_notice)
    request.check()
    if check_permissions:
        _check_permissions(request)
        return
    if save_snapshot and not request.live:
        raise UsageError("--save-snapshot keeps what a live scan saw; it needs a live source (--context, "
                         "--all-contexts, --in-cluster or none of --snapshot)")
    if save_snapshot and (len(contexts) > 1 or all_contexts):
        raise UsageError("--save-snapshot takes one cluster; scan one --context at a time")
    objects = collect_objects(request)
    if save_snapshot:
        from readiness.scan import live

        live.save_snapshot(objects[-1], save_snapshot)
        print(f"readiness: snapshot of {objects[-1].name} saved to {save_snapshot}", file=sys.stderr)
    result = build_result(objects, request, now())
    for cluster in result.clusters:
        for warning in cluster.warnings:
            print(f"readiness: warning: {cluster.name}: {warning}", file=sys.stderr)
    for warning in result.warnings:
        print(f"readiness: warning: {warning}", file=sys.stderr)
    if precheck:
        _precheck(objects, result, fmt, output, fail_on, list(rps or []))
        return
    document = _render(result, fmt)
    atomic_write(output or "-", document)
    if output and output != "-":
        print(f"readiness: scan written to {output}", file=sys.stderr)


def _precheck(objects: list[Any], result: Any, fmt: str, output: str | None, fail_on: str, rps: list[str]) -> None:
    """Write the precheck (and the cost estimate) and exit 4 at a finding at or above ``fail_on``."""
    import json

    from readiness.console.precheck_table import precheck_summary, render_precheck
    from readiness.errors import UsageError
    from readiness.io.files import atomic_write
    from readiness.mesh.analysis import cluster_cost, cluster_precheck
    from readiness.mesh.catalogues import load_check_catalogue, load_cost_data
    from readiness.mesh.cost import parse_rps_options, unknown_services
    from readiness.models.mesh import SEVERITIES, severity_rank

    if fail_on not in FAIL_ON:
        raise UsageError(f"--fail-on: expected one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    total, per_service = parse_rps_options(rps)
    for warning in unknown_services(per_service, objects):
        print(f"readiness: warning: {warning}", file=sys.stderr)
    catalogue = load_check_catalogue()
    patterns = {c.name: c.system_namespaces for c in result.clusters}
    report = cluster_precheck(objects, catalogue, patterns, [])
    cost = cluster_cost(objects, load_cost_data(), patterns, [], rps=total, rps_per_service=per_service)
    if fmt == "table":
        document = render_precheck(report, cost)
    else:
        document = json.dumps({"schema_version": "1.0", "precheck": report.model_dump(mode="json"),
                               "cost": cost.model_dump(mode="json")}, indent=2, ensure_ascii=False,
                              allow_nan=False) + "\n"
    atomic_write(output or "-", document)
    worst = report.highest_severity()
    print(f"readiness: precheck: {precheck_summary(report)}", file=sys.stderr)
    if fail_on != "never" and worst is not None and severity_rank(worst) >= SEVERITIES.index(fail_on):
        print(f"readiness: precheck found {worst} findings (--fail-on {fail_on}); exit {EXIT_PRECHECK_FAILED}",
              file=sys.stderr)
        raise typer.Exit(EXIT_PRECHECK_FAILED)


def scan_for_answers(snapshots: list[str] | None, sources: list[str] | None, contexts: list[str] | None,
                     kubeconfig: str | None, stamp: Any) -> Any:
    """The scan that `assess` and `interview` run before resolving answers (none asked: no scan)."""
    from readiness.errors import UsageError
    from readiness.pipeline import NO_SCAN, scan_clusters
    from readiness.scan.collect import ScanRequest

    if not snapshots and not contexts:
        if sources or kubeconfig:
            raise UsageError("--source and --kubeconfig go with --snapshot or --context")
        return NO_SCAN
    request = ScanRequest(snapshots=list(snapshots or []), sources=list(sources or []),
                          contexts=list(contexts or []), kubeconfig=kubeconfig, live_default=False,
                          progress=_progress_for, notice=_notice)
    outcome = scan_clusters(request, stamp)
    assert outcome.result is not None
    for cluster in outcome.result.clusters:
        for warning in cluster.warnings:
            print(f"readiness: warning: {cluster.name}: {warning}", file=sys.stderr)
    for warning in outcome.result.warnings:
        print(f"readiness: warning: {warning}", file=sys.stderr)
    return outcome


def request_rates(rps: list[str] | None) -> Any:
    """``--rps N`` / ``--rps SERVICE=N`` options as request rates for the cost estimate."""
    from readiness.mesh.cost import parse_rps_options
    from readiness.pipeline import RequestRates

    total, per_service = parse_rps_options(list(rps or []))
    return RequestRates(total=total, per_service=per_service or {})


def _patterns(value: str | None) -> list[str] | None:
    if value is None:
        return None
    return [p.strip() for p in value.split(",") if p.strip()]


def _render(result: Any, fmt: str) -> str:
    if fmt == "table":
        from readiness.console.scan_table import render_table

        return str(render_table(result))
    return str(result.model_dump_json(indent=2)) + "\n"


def _notice(message: str) -> None:
    """What a live scan is waiting for (a stalled server, a dead context), on stderr as it happens."""
    print(f"readiness: {message}", file=sys.stderr, flush=True)


def _progress_for(cluster: str) -> Any:
    """A progress callback for one cluster: one updating line on a terminal, a line per kind otherwise."""
    from readiness.cli.common import is_terminal

    live_line = is_terminal(sys.stderr)

    def report(kind: str, count: int) -> None:
        text = f"scanning {cluster}: {kind} ({count})"
        if live_line:
            sys.stderr.write("\r\033[K" + text[:79])
            if kind == "done":
                sys.stderr.write("\n")
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    return report


def _check_permissions(request: Any) -> None:
    import dataclasses

    from readiness.console.scan_table import columns
    from readiness.errors import ReadinessError
    from readiness.scan import live

    contexts = live.list_contexts(request.kubeconfig) if request.all_contexts else (request.contexts or [None])
    missing = 0
    for ctx in contexts:
        checks = (live.check_permissions(ctx, request.kubeconfig, in_cluster=True) if request.in_cluster
                  else live.check_permissions(ctx, request.kubeconfig))
        rows = []
        for check in checks:
            data = dataclasses.asdict(check) if dataclasses.is_dataclass(check) else dict(vars(check))
            allowed = bool(data.get("allowed"))
            missing += not allowed
            what = data.get("resource") or data.get("kind", "")
            group = data.get("group") or "core"
            rows.append([str(what), str(group), str(data.get("verb", "")), "yes" if allowed else "NO",
                         str(data.get("reason") or "")])
        print(f"Permissions for {ctx or 'the current context'}:")
        print(columns(["RESOURCE", "GROUP", "VERB", "ALLOWED", "REASON"], rows))
    if missing:
        raise ReadinessError(f"{missing} permission(s) missing; apply deploy/rbac-readonly.yaml (a read-only "
                             f"ClusterRole) to the identity that runs the scan")
    print("All permissions the scan needs are granted.", file=sys.stderr)
