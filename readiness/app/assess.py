"""The assess use case: an answers file (and an optional scan) in, the whole Assessment out.

One path for ``readiness assess`` and ``readiness interview``, so both give the same document: the answers
are layered over what the scan detected and the defaults, scored and planned, the scan's disagreements listed,
then the precheck, cost estimate and mesh options attached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from readiness.app.clock import now
from readiness.app.inputs import load_answers_file
from readiness.app.outputs import REPORT_HINT, check_output, refuse_report_name
from readiness.app.render import Style, render_to, report_format
from readiness.app.rules import (
    bundled_questionnaires,
    load_multicluster_rules,
    load_plan_catalogue,
    load_pricing,
    load_questionnaire,
    load_respondent_rules,
    load_risk_catalogue,
    mesh_rules,
    resolve_questionnaire_path,
    respondent_rules_name,
)
from readiness.app.scan import NO_SCAN, ScanOutcome, scan_for_answers
from readiness.app.ui import QUIET, Ui
from readiness.console.summary import summary_text
from readiness.core.answers import resolve
from readiness.core.assessment import build_assessment, if_detected
from readiness.core.plan import tailor_plan
from readiness.core.respondents import GivenFile, Merged, merge_respondents
from readiness.errors import AnswersError, QuestionnaireError, UsageError
from readiness.io.files import STDOUT, atomic_write_all, display_name
from readiness.mesh.analysis import NO_RATES, with_mesh_analysis
from readiness.mesh.cost import RequestRates
from readiness.mesh.risks import with_analysis_risks
from readiness.models import AnswersFile, Assessment, PlanCatalogue, Questionnaire, RiskCatalogue
from readiness.models.business import Pricing
from readiness.report import render_report
from readiness.scan.collect import ScanRequest
from readiness.scan.detect import disagreements

__all__ = ["AssessCommand", "Assessed", "GivenFile", "Rules", "ScanRequest", "Style", "assess", "load_respondents",
           "load_rules", "merge_answers_files", "rules_for", "run_assess", "tell"]


@dataclass(frozen=True)
class Rules:
    """The questionnaire an assessment is scored with and the plan and risk catalogues beside it."""

    questionnaire: Questionnaire
    catalogue: PlanCatalogue
    risks: RiskCatalogue


def load_rules(ref: str | None) -> Rules:
    """The questionnaire ``ref`` names (id, id@version or file; None: the bundled one) and its plan and risk
    catalogues."""
    questionnaire = load_questionnaire(ref)
    path = resolve_questionnaire_path(ref)
    catalogue = load_plan_catalogue(questionnaire, path)
    return Rules(questionnaire, catalogue, load_risk_catalogue(questionnaire, catalogue, path))


def rules_for(answers_file: AnswersFile, name: str, questionnaire: str | None = None) -> Rules:
    """The rules to assess an answers file with: ``questionnaire`` when given, else the one the file names (a
    name that is not bundled is a problem of the answers file ``name``), else the bundled one."""
    if questionnaire is not None:
        return load_rules(questionnaire)
    named = answers_file.questionnaire
    try:
        return load_rules(named)
    except QuestionnaireError as exc:
        if named is None:
            raise
        reason = exc.problems[0].message if "version" in exc.problems[0].field else (
            f"not a bundled questionnaire (bundled: {', '.join(bundled_questionnaires())})")
        raise AnswersError.single(name, "questionnaire",
                                  f"answers are for '{named}': {reason}; pass --questionnaire FILE") from None


def assess(rules: Rules, answers_file: AnswersFile, name: str, generated_at: dt.datetime,
           scan: ScanOutcome = NO_SCAN, rates: RequestRates = NO_RATES, pricing: Pricing | None = None,
           merged: Merged | None = None) -> Assessment:
    """The whole assessment of ``answers_file`` (named ``name`` in messages): verdict and plan, the scan's
    findings and disagreements, precheck, cost, options and the business case (at ``pricing``, else the default
    prices), the risk register. The scan's detected values fill the answers' gaps; the plan is put in the words of
    the data plane the mesh options recommend. ``merged``: the respondents the answers came from and their
    conflicts (:func:`merge_answers_files`)."""
    answers = resolve(rules.questionnaire, answers_file, name, scan.detected)
    found = disagreements(answers, dict(scan.detected), scan.result) if scan.result is not None else []
    found = if_detected(rules.questionnaire, answers_file, name, scan.detected, found)
    assessment = build_assessment(rules.questionnaire, rules.catalogue, answers, generated_at, scan=scan.result,
                                  disagreements=found, risks=rules.risks, merged=merged,
                                  multicluster=load_multicluster_rules())
    analysed = with_mesh_analysis(assessment, mesh_rules(pricing), list(scan.objects), rates=rates)
    analysed = with_analysis_risks(analysed, rules.risks, rules.catalogue)
    recommended = analysed.mesh_options.recommended if analysed.mesh_options else None
    plan = tailor_plan(analysed.plan, rules.catalogue, recommended, analysed.multicluster)
    return analysed.model_copy(update={"plan": plan})


@dataclass(frozen=True)
class AssessCommand:
    """What ``readiness assess`` was asked: the answers, where the Assessment and a report go, the scan."""

    answers: tuple[str, ...]
    """One answers file, or several respondents' files to merge (``-``: stdin, for one of them)."""
    output: str | None = None
    fmt: str | None = None
    """``json`` or ``md`` as given with ``--format`` (None: from the ``-o`` extension, else JSON)."""
    questionnaire: str | None = None
    report: str | None = None
    style: Style = field(default_factory=Style)
    scan: ScanRequest = field(default_factory=lambda: ScanRequest(live_default=False))
    rps: tuple[str, ...] = ()
    pricing: str | None = None
    """A pricing file for the business case (None: the default prices)."""
    roles: str | None = None
    """A respondents rules file: which role owns which sections (None: the bundled rules)."""


@dataclass(frozen=True)
class Assessed:
    """What ``assess`` produced: the Assessment, and the terminal summary to show on stdout (None: not shown)."""

    assessment: Assessment
    summary: str | None


def run_assess(command: AssessCommand, *, ui: Ui = QUIET) -> Assessed:
    """``readiness assess``: check the options, scan, assess, render, then write every output all or nothing.

    With no ``-o`` on a terminal (and no ``--format``) a summary is returned for stdout instead of the JSON;
    with ``-o FILE`` and stderr on a terminal, the summary goes to ``ui.done``.
    """
    fmt = _assessment_format(command)
    check_output("-o", command.output, *command.answers, *command.scan.snapshots)
    check_output("--report", command.report, *command.answers, command.output)
    report_fmt = _report_format(command)
    rates = RequestRates.parse(command.rps)
    pricing = load_pricing(command.pricing) if command.pricing is not None else None
    _check_answers(command)
    rules, merged = load_respondents(command.answers, command.questionnaire, command.roles)
    stamp = now()
    scan = scan_for_answers(command.scan, stamp, ui.warn)
    assessment = assess(rules, merged.answers, merged.name, stamp, scan, rates, pricing, merged)
    tell(assessment, ui)
    outputs: list[tuple[str, str | bytes]] = []
    report_done = ""
    if command.report is not None and report_fmt is not None:  # rendered before anything is written
        rendered = render_to(assessment, command.report, report_fmt, command.style, ui=ui)
        outputs.append((command.report, rendered.data))
        report_done = rendered.done
    show_summary = command.output is None and ui.stdout_terminal and command.fmt is None
    if not show_summary:
        outputs.insert(0, (command.output or STDOUT, render_report(assessment, fmt).data))
    atomic_write_all(outputs)
    summary = summary_text(assessment, color=ui.stdout_color) if show_summary else None
    if show_summary:
        ui.done("(use -o FILE or --format json|md for the whole assessment)")
    elif command.output and command.output != STDOUT and ui.stderr_terminal:
        ui.done(summary_text(assessment, color=ui.stderr_color).rstrip("\n"))
        ui.done(f"Assessment written to {command.output}")
    if report_done:
        ui.done(report_done)
    return Assessed(assessment, summary)


def tell(assessment: Assessment, ui: Ui) -> None:
    """What a user should hear of an assessment: its warnings, where the respondents disagree, and where the scan
    contradicts an answer enough to matter."""
    for warning in assessment.warnings:
        ui.warn(warning)
    for conflict in assessment.conflicts:
        said = "; ".join(f"{v.respondent or v.file}: {v.display}" for v in conflict.values)
        ui.notice(f"the respondents disagree on {conflict.question} ({said}); used {conflict.used_display}: "
                  f"{conflict.reason}")
    for item in assessment.disagreements:
        if item.severity == "major":
            what_if = item.if_detected
            verdict = f" (with the scan's value: {what_if.category}, need {what_if.need:g})" if what_if else ""
            ui.warn(f"the scan disagrees on {item.question}: {item.message}{verdict}")


def load_respondents(paths: Sequence[str], questionnaire: str | None = None,
                     roles: str | None = None) -> tuple[Rules, Merged]:
    """Read each respondent's answers file, pick the rules (``questionnaire``, else the first file that names
    one), and merge the files by the respondents rules ``roles`` names (None: the bundled ones)."""
    files = [GivenFile(display_name(path), _file_label(path), load_answers_file(path)) for path in paths]
    first = next((f for f in files if f.answers.questionnaire), files[0])
    rules = rules_for(first.answers, first.name, questionnaire)
    return rules, merge_answers_files(rules, files, roles)


def merge_answers_files(rules: Rules, files: Sequence[GivenFile], roles: str | None = None) -> Merged:
    """Several respondents' answers files as one (:func:`~readiness.core.respondents.merge_respondents`), by the
    respondents rules ``roles`` names (None: the bundled ones); one file as it is, with its respondent."""
    return merge_respondents(rules.questionnaire, load_respondent_rules(roles), files, respondent_rules_name(roles))


def _check_answers(command: AssessCommand) -> None:
    """At least one answers file, stdin at most once (and not for --snapshot too), no file twice."""
    if not command.answers:
        raise UsageError("name an answers file (or - for stdin)")
    stdin = [a for a in command.answers if a == STDOUT]
    if len(stdin) > 1:
        raise UsageError("only one answers file can come from stdin (-)")
    if stdin and STDOUT in command.scan.snapshots:
        raise UsageError("the answers and --snapshot cannot both come from stdin")
    seen: dict[Path, str] = {}
    for path in command.answers:
        if path == STDOUT:
            continue
        key = Path(path).resolve()
        if key in seen:
            also = f" (as {seen[key]} too)" if seen[key] != path else ""
            raise UsageError(f"{path}: named twice{also}; name each respondent's file once")
        seen[key] = path


def _file_label(path: str) -> str:
    """How reports name an answers file: its name, never its folder."""
    return display_name(path) if path == STDOUT else Path(path).name


def _assessment_format(command: AssessCommand) -> str:
    """``json`` or ``md`` for the Assessment: ``--format``, else the ``-o`` extension, else JSON."""
    fmt = command.fmt or {".json": "json", ".md": "md", ".markdown": "md"}.get(
        Path(command.output or "").suffix.lower(), "json")
    if fmt not in ("json", "md"):
        hint = f"; {REPORT_HINT}" if fmt.lower() in ("pdf", "html") else ""
        raise UsageError(f"--format: expected json or md, not {fmt!r}{hint}")
    if not command.fmt:
        refuse_report_name("-o", command.output, "the Assessment as JSON or Markdown (.json or .md)")
    return fmt


def _report_format(command: AssessCommand) -> str | None:
    """The ``--report`` format, checked before any work; ``--brand``/``--templates``/``--paper`` need it."""
    report = command.report
    if report is None:
        if command.style != Style():
            raise UsageError("--brand, --templates and --paper apply to the report; add --report FILE")
        return None
    if command.output and report != STDOUT and Path(report).resolve() == Path(command.output).resolve():
        raise UsageError("--report and -o name the same file; choose two files")
    command.style.check()
    return report_format(report, None, option="--report")
