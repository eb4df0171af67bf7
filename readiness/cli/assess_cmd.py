"""``readiness assess``: answers in, an explained verdict and a phased plan out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from readiness.models import Questionnaire

HELP = """Assess an answers file: score the signals, decide the verdict and plan the adoption.

ANSWERS is a JSON or YAML answers file, or - for stdin. The Assessment is written to -o FILE
(atomically) or to stdout; on a terminal, a short summary is shown instead.

Automation reads the verdict at recommendation.category and the scores at scores.need and
scores.readiness of the Assessment JSON.

Examples:

\b
  readiness assess examples/startup.yaml
  readiness assess answers.json -o assessment.json
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

Exit codes: 0 ok, 1 invalid input (one line per problem: file, field, what was expected; nothing is
written), 2 usage error, 3 bug, 130 interrupted.
"""


def assess(
    answers: str = typer.Argument(..., metavar="ANSWERS", help="answers file (JSON/YAML) or - for stdin"),
    output: str = typer.Option(None, "-o", "--output", metavar="FILE",
                               help="write the assessment to this file (- for stdout)"),
    output_format: str = typer.Option(None, "--format", "-f", metavar="json|md",
                                      help="json or md (default: from the -o extension, else json)"),
    questionnaire: str = typer.Option(None, "--questionnaire", "-q", metavar="ID|FILE",
                                      help="questionnaire id or file (default: the one the answers name)"),
    report: str = typer.Option(None, "--report", metavar="FILE", help="also write a report: .pdf, .html, .md or .json"),
    brand: str = typer.Option(None, "--brand", metavar="FILE",
                              help="brand.yaml for --report (logo, colours, footer, paper)"),
    templates: str = typer.Option(None, "--templates", metavar="DIR", help="folder of template overrides for --report"),
    paper: str = typer.Option(None, "--paper", metavar="a4|letter", help="a4 or letter, for --report"),
    snapshot: list[str] = typer.Option(None, "--snapshot", "-s", metavar="PATH",
                                       help="scan a manifests folder/file or kubectl -o json dump (repeatable)"),
    source: list[str] = typer.Option(None, "--source", metavar="DIR",
                                     help="source checkout for languages, with --snapshot/--context (repeatable)"),
    context: list[str] = typer.Option(None, "--context", "-c", metavar="NAME",
                                      help="scan this kube context live, read-only (repeatable)"),
    kubeconfig: str = typer.Option(None, "--kubeconfig", metavar="FILE", help="kubeconfig for --context"),
    rps: list[str] = typer.Option(None, "--rps", metavar="N|SERVICE=N",
                                  help="requests/s between services, total or per service (repeatable), for the "
                                       "cost estimate"),
) -> None:
    """Assess an answers file."""
    from readiness.cli.common import REPORT_HINT, check_output, is_terminal, now, refuse_report_name, use_color
    from readiness.cli.scan_cmd import request_rates, scan_for_answers
    from readiness.console.summary import summary_text
    from readiness.core.answers import load_answers_file, resolve
    from readiness.core.questionnaire import load_plan_catalogue, load_questionnaire, resolve_questionnaire_path
    from readiness.errors import UsageError
    from readiness.io.files import atomic_write_all, display_name
    from readiness.pipeline import full_assessment
    from readiness.report import render

    fmt = output_format or _format_from(output) or "json"
    if fmt not in ("json", "md"):
        hint = f"; {REPORT_HINT}" if fmt.lower() in ("pdf", "html") else ""
        raise UsageError(f"--format: expected json or md, not {fmt!r}{hint}")
    if not output_format:
        refuse_report_name("-o", output, "the Assessment as JSON or Markdown (.json or .md)")
    check_output("-o", output, answers, *(snapshot or []))
    check_output("--report", report, answers, output)
    if report and output and report != "-" and Path(report).resolve() == Path(output).resolve():
        raise UsageError("--report and -o name the same file; choose two files")
    report_fmt = _check_report_options(report, brand, templates, paper)
    rates = request_rates(rps)
    if answers == "-" and "-" in (snapshot or []):
        raise UsageError("the answers and --snapshot cannot both come from stdin")
    answers_file = load_answers_file(answers)
    ref = questionnaire or answers_file.questionnaire
    q = _questionnaire_for(ref, answers_file.questionnaire, display_name(answers)) if not questionnaire \
        else load_questionnaire(ref)
    catalogue = load_plan_catalogue(q, resolve_questionnaire_path(ref))
    stamp = now()
    scan = scan_for_answers(snapshot, source, context, kubeconfig, stamp)
    resolved = resolve(q, answers_file, display_name(answers), detected=scan.detected)
    assessment = full_assessment(q, catalogue, resolved, stamp, scan, rates)
    for warning in resolved.warnings:
        print(f"readiness: warning: {warning}", file=sys.stderr)
    for item in assessment.disagreements:
        if item.severity == "major":
            print(f"readiness: warning: the scan disagrees on {item.question}: {item.message}", file=sys.stderr)
    document = render(assessment, fmt)
    outputs: list[tuple[str, str | bytes]] = []
    report_done = ""
    if report is not None and report_fmt is not None:  # rendered before anything is written: all or nothing
        from readiness.cli.report_cmd import render_for

        report_data, report_done = render_for(assessment, report, report_fmt, brand=brand, templates=templates,
                                              paper=paper)
        outputs.append((report, report_data))
    show_summary = not output and is_terminal(sys.stdout) and output_format is None
    if not show_summary:
        outputs.insert(0, (output or "-", document))
    atomic_write_all(outputs)
    if show_summary:
        sys.stdout.write(summary_text(assessment, color=use_color(sys.stdout)))
        print("(use -o FILE or --format json|md for the whole assessment)", file=sys.stderr)
    elif output and output != "-" and is_terminal(sys.stderr):
        sys.stderr.write(summary_text(assessment, color=use_color(sys.stderr)))
        print(f"Assessment written to {output}", file=sys.stderr)
    if report_done:
        print(report_done, file=sys.stderr)


def _check_report_options(report: str | None, brand: str | None, templates: str | None,
                          paper: str | None) -> str | None:
    """The --report format, checked before any work; --brand/--templates/--paper need --report."""
    from readiness.cli.report_cmd import check_paper, report_format
    from readiness.errors import UsageError

    if report is None:
        if brand or templates or paper:
            raise UsageError("--brand, --templates and --paper apply to the report; add --report FILE")
        return None
    check_paper(paper)
    return report_format(report, None, option="--report")


def _questionnaire_for(ref: str | None, named: str | None, answers_name: str) -> Questionnaire:
    """The questionnaire an answers file names; a name we do not bundle is an error about that file."""
    from readiness.core.questionnaire import bundled_questionnaires, load_questionnaire
    from readiness.errors import AnswersError, QuestionnaireError

    try:
        return load_questionnaire(ref)
    except QuestionnaireError as exc:
        if named is None:
            raise
        reason = exc.problems[0].message if "version" in exc.problems[0].field else (
            f"not a bundled questionnaire (bundled: {', '.join(bundled_questionnaires())})")
        raise AnswersError.single(answers_name, "questionnaire",
                                  f"answers are for '{named}': {reason}; pass --questionnaire FILE") from None


def _format_from(path: str | None) -> str | None:
    if not path or path == "-":
        return None
    lowered = path.lower()
    if lowered.endswith(".json"):
        return "json"
    if lowered.endswith((".md", ".markdown")):
        return "md"
    return None
