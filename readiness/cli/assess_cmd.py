"""``readiness assess``: answers in, an explained verdict and a phased plan out."""

from __future__ import annotations

import typer

from readiness.cli.loading import loading_modules
from readiness.cli.options import (
    Brand,
    Contexts,
    Kubeconfig,
    Paper,
    PricingOption,
    Questionnaire,
    Rates,
    Snapshots,
    Sources,
    Templates,
    items,
    terminal_ui,
)

HELP = """Assess an answers file: score the signals, decide the verdict and plan the adoption.

ANSWERS is a JSON or YAML answers file, or - for stdin. The Assessment is written to -o FILE
(atomically) or to stdout; on a terminal, a short summary is shown instead.

Several respondents' files (each may name its respondent: name and role) are merged: equal answers
agree; where they differ, the answer of the respondent whose role owns the question's section is
used (bundled: the CTO owns scale and constraints, the engineering lead languages and delivery, the
platform lead operations, topology and platform, the security lead security and compliance; --roles
FILE sets others), else the last file's. The Assessment lists each difference in conflicts[], the
report shows them ("Where your people disagree") and the confidence counts them as partly known.

Automation reads the verdict at recommendation.category and the scores at scores.need and
scores.readiness of the Assessment JSON.

Examples:

\b
  readiness assess examples/startup.yaml
  readiness assess answers.json -o assessment.json
  readiness assess cto.yaml platform.yaml security.yaml -o assessment.json --report report.pdf
  readiness assess answers.json -o assessment.json --report report.pdf --brand brand.yaml
  cat answers.yaml | readiness assess - --format json | jq .recommendation.category
  readiness assess answers.yaml --snapshot k8s/ --source ~/src/shop -o assessment.json

With --snapshot or --context the cluster is scanned first: what it shows (service count, languages,
protocols, clusters, observability, platform, existing mesh) fills the questions the answers leave
open, marked "detected" with its evidence. An answered value always wins; where the scan disagrees
with it (e.g. answered 3 services, 42 found), the assessment lists the disagreement.

Every assessment compares the candidate data planes (Istio sidecar, Istio ambient, Linkerd, or an
ingress/API gateway only) and estimates proxy CPU, memory and latency from published figures, each
with its source (pods from the scan, else from service_count; --rps adds per-request-rate lines).
With a scan it also holds the mesh compatibility precheck of each cluster.

The business case prices the recommended data plane in money (compute, people, support; low, base
and high; monthly and for the first year) with default prices whose sources are stated; --pricing
FILE replaces any part of them (currency, price per vCPU-month and GiB-month, loaded cost of an
engineer, support range, staffing assumptions).

Exit codes: 0 ok, 1 invalid input (one line per problem: file, field, what was expected; nothing is
written), 2 usage error, 3 bug, 130 interrupted.
"""


def assess(
    answers: list[str] = typer.Argument(..., metavar="ANSWERS",
                                        help="answers file(s) (JSON/YAML), or - for stdin; several are merged"),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE",
                               help="write the assessment to this file (- for stdout)"),
    output_format: str = typer.Option(None, "--format", "-f", metavar="json|md",
                                      help="json or md (default: from the -o extension, else json)"),
    questionnaire: Questionnaire = None,
    report: str = typer.Option(None, "--report", metavar="FILE", help="also write a report: .pdf, .html, .md or .json"),
    brand: Brand = None,
    templates: Templates = None,
    paper: Paper = None,
    snapshot: Snapshots = None,
    source: Sources = None,
    context: Contexts = None,
    kubeconfig: Kubeconfig = None,
    rps: Rates = None,
    pricing: PricingOption = None,
    roles: str = typer.Option(None, "--roles", metavar="FILE",
                              help="respondents rules: which role owns which sections (default: the bundled ones)"),
) -> None:
    """Assess an answers file."""
    with loading_modules():
        from readiness.app.assess import AssessCommand, ScanRequest, Style, run_assess

    ui = terminal_ui()
    scan = ScanRequest(snapshots=items(snapshot), sources=items(source), contexts=items(context),
                       kubeconfig=kubeconfig, live_default=False, progress=ui.progress, notice=ui.notice)
    command = AssessCommand(answers=tuple(answers), output=output, fmt=output_format, questionnaire=questionnaire,
                            report=report, style=Style(brand, templates, paper), scan=scan, rps=items(rps),
                            pricing=pricing, roles=roles)
    summary = run_assess(command, ui=ui).summary
    if summary is not None:
        typer.echo(summary, nl=False)
