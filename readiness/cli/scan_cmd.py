"""``readiness scan``: inventory clusters (live, read-only) or snapshots, with evidence for every claim."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.cli.options import Contexts, Kubeconfig, Rates, Snapshots, Sources, items, terminal_ui

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

  readiness scan --snapshot k8s/ --precheck --format sarif -o precheck.sarif

With --precheck the output is the mesh compatibility precheck (for Istio sidecar, Istio ambient and
Linkerd: each finding with its objects, why it matters, the fix and documentation) followed by the
proxy cost estimate (CPU, memory and added latency per data plane, every figure with its source);
--format json writes both as one JSON document. For CI, --format sarif writes SARIF 2.1.0 for
code-scanning UIs (one rule per check, one result per object at its manifest file and line) and --format
junit writes JUnit XML (a suite per data plane, a case per check and object, failing at --fail-on).
--rps N (total requests/s between services) or --rps SERVICE=N (repeatable) adds the per-request-rate
lines to the estimate.

Limits: a snapshot file or stdin is at most 1 GiB of JSON (YAML 32 MiB; split larger dumps into files
of one folder and pass the folder); a live scan reads at most 2,000 pages per kind and 256 MiB per
answer (past either, it keeps what it read and warns), and a kubeconfig exec credential plugin that does
not answer within 30 s is stopped and named.

Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 bug, 130 interrupted; with --precheck, 4 when a
finding is at or above --fail-on (error, warning (default) or info; never: always 0), as
`istioctl x precheck` fails at warnings.
"""


def scan(
    snapshot: Snapshots = None,
    source: Sources = None,
    context: Contexts = None,
    all_contexts: bool = typer.Option(False, "--all-contexts", help="scan every context of the kubeconfig"),
    kubeconfig: Kubeconfig = None,
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
    rps: Rates = None,
    output_format: str = typer.Option(None, "--format", "-f", metavar="json|table|sarif|junit",
                                      help="json or table (default: table on a terminal, else json); with "
                                           "--precheck also sarif or junit for CI"),
) -> None:
    """Scan clusters or snapshots."""
    with loading_modules():
        from readiness.app.scan import ScanCommand, ScanRequest, now, run_scan

    ui = terminal_ui()
    patterns = [p.strip() for p in system_namespaces.split(",") if p.strip()] if system_namespaces is not None \
        else None
    request = ScanRequest(snapshots=items(snapshot), sources=items(source), contexts=items(context),
                          all_contexts=all_contexts, kubeconfig=kubeconfig, in_cluster=in_cluster,
                          system_namespaces=patterns, progress=ui.progress, notice=ui.notice)
    command = ScanCommand(request=request, output=output, fmt=output_format, save_snapshot=save_snapshot,
                          check_permissions=check_permissions, precheck=precheck, fail_on=fail_on, rps=items(rps))
    code = run_scan(command, now(), ui=ui)
    if code:
        raise typer.Exit(code)
