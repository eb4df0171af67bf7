"""The engagement use cases: set up a consultant's engagement folder, and build every deliverable from it.

An engagement folder holds ``engagement.yaml`` (client, assessor, firm, date, brand, paper, formats), ``answers/``
(one answers file per respondent), ``scans/`` (snapshot files or folders, one per cluster) and ``reports/``. ``build``
assesses the answers with every scan and writes the Assessment and each report format into ``reports/`` all or
nothing; with a previous engagement's assessment as ``baseline.json``, the progress report too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from readiness.app.assess import assess, load_respondents, tell
from readiness.app.clock import now
from readiness.app.inputs import load_assessment
from readiness.app.render import Style, render_to
from readiness.app.scan import scan_for_answers
from readiness.app.ui import QUIET, Ui
from readiness.core.compare import check_comparable, compare
from readiness.errors import EngagementError, Problem, UsageError
from readiness.io.files import atomic_write, atomic_write_all
from readiness.io.load import load_model
from readiness.io.validate import parse_model
from readiness.models import Assessment, Engagement
from readiness.models.engagement import EngagementConfig
from readiness.report import render_report
from readiness.scan.collect import ScanRequest

CONFIG = "engagement.yaml"
ANSWERS, SCANS, REPORTS = "answers", "scans", "reports"
BASELINE = "baseline.json"
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
UNFINISHED = ".partial.yaml"
"""The suffix of an interview stopped half-way (resumable): never assessed."""

__all__ = ["BASELINE", "CONFIG", "BuildResult", "InitCommand", "build_engagement", "init_engagement"]


@dataclass(frozen=True)
class InitCommand:
    """What ``readiness engagement init`` was asked."""

    folder: str
    client: str
    assessor: str | None = None
    firm: str | None = None
    date: str | None = None
    brand: str | None = None
    paper: str | None = None


def init_engagement(command: InitCommand, *, ui: Ui = QUIET) -> Path:
    """Scaffold an engagement folder: ``engagement.yaml`` and the empty ``answers/``, ``scans/``, ``reports/``.
    An existing ``engagement.yaml`` is never overwritten."""
    folder = Path(command.folder)
    config_path = folder / CONFIG
    raw = {key: value for key, value in (("client", command.client), ("assessor", command.assessor),
                                         ("firm", command.firm), ("date", command.date),
                                         ("brand", command.brand), ("paper", command.paper)) if value is not None}
    if not command.client.strip():
        raise UsageError("--client: expected the client's name")
    Style(paper=command.paper).check()
    try:
        config = parse_model(raw, EngagementConfig, "engagement init", what="engagement", error=EngagementError)
    except EngagementError as exc:
        raise UsageError("; ".join(f"--{p.field.split('.')[0]}: {p.message}" for p in exc.problems)) from None
    if config_path.exists():
        raise EngagementError.single(str(config_path), "", "an engagement is already set up here; build it with "
                                                           f"'readiness engagement build {folder}'")
    if folder.exists() and not folder.is_dir():
        raise EngagementError.single(str(folder), "", "not a folder")
    for sub in (ANSWERS, SCANS, REPORTS):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    atomic_write(config_path, _config_text(config))
    ui.done(f"Engagement for {config.client} set up in {folder}/. Next:\n"
            f"  readiness interview --respondent NAME --role ROLE -o {folder / ANSWERS}/NAME.yaml   (one per person)\n"
            f"  kubectl get … -o json > {folder / SCANS}/CLUSTER.json   (or copy manifest folders there)\n"
            f"  readiness engagement build {folder}")
    return config_path


def _config_text(config: EngagementConfig) -> str:
    """engagement.yaml with a comment on each part of the folder."""
    data = config.model_dump(mode="json", exclude_none=True, exclude={"schema_version"})
    return ("# readiness engagement: `readiness engagement build .` assesses answers/ with scans/ into reports/.\n"
            "# answers/   one answers file per respondent (readiness interview --respondent NAME --role ROLE)\n"
            "# scans/     snapshot files or folders, one per cluster (kubectl get … -o json, or manifests)\n"
            "# baseline.json (optional) a previous engagement's assessment: build adds the progress report\n"
            + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` wrote, in order."""

    assessment: Assessment
    written: list[str]


def build_engagement(folder: str, *, ui: Ui = QUIET) -> BuildResult:
    """Assess every respondent's answers with every scan and write the Assessment and the reports (and, with a
    baseline, the progress report) into ``reports/``, all or nothing."""
    root = Path(folder)
    if not (root / CONFIG).is_file():
        raise EngagementError.single(str(root / CONFIG), "", "no engagement here; set one up with 'readiness "
                                                             f"engagement init {folder} --client NAME'")
    config = load_model(root / CONFIG, EngagementConfig, what="engagement", error=EngagementError)
    answers = _answers_files(root, ui)
    scans = _entries(root / SCANS)
    style = Style(brand=str(root / config.brand) if config.brand else None, paper=config.paper)
    style.check()
    baseline = root / BASELINE
    before = load_assessment(baseline) if baseline.exists() else None   # a broken baseline fails before any work
    stamp = now()
    assessment = _assess(root, config, answers, scans, stamp, ui)
    reports = root / REPORTS
    outputs: list[tuple[str | Path, str | bytes]] = [(reports / "assessment.json",
                                                      render_report(assessment, "json").data)]
    outputs += [(reports / f"report.{fmt}", render_to(assessment, str(reports / f"report.{fmt}"), fmt, style,
                                                      ui=ui).data) for fmt in config.formats]
    if before is not None:
        outputs += _progress(before, assessment, reports, config.formats, style, ui)
    atomic_write_all(outputs)
    written = [str(path) for path, _ in outputs]
    for path in written:
        ui.done(f"wrote {path}")
    return BuildResult(assessment, written)


def _answers_files(root: Path, ui: Ui) -> list[Path]:
    """The respondents' answers files, by name; unfinished interviews are skipped with a warning."""
    found = []
    for path in _entries(root / ANSWERS):
        if path.name.endswith(UNFINISHED):
            ui.warn(f"{path}: skipped, an unfinished interview (finish it with 'readiness interview --resume {path}')")
        elif path.is_file() and path.suffix.lower() in ANSWER_SUFFIXES:
            found.append(path)
        else:
            ui.warn(f"{path}: skipped, not an answers file ({', '.join(ANSWER_SUFFIXES)})")
    if not found:
        raise EngagementError.single(str(root / ANSWERS), "", "no answers files; write one per respondent with "
                                                              f"'readiness interview -o {root / ANSWERS}/NAME.yaml'")
    return found


def _entries(folder: Path) -> list[Path]:
    """The visible entries of one of the engagement's folders, by name (a missing folder is an error)."""
    if not folder.is_dir():
        raise EngagementError([Problem(str(folder), "", "missing; 'readiness engagement init' creates it")])
    return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)


def _assess(root: Path, config: EngagementConfig, answers: Sequence[Path], scans: Sequence[Path], stamp: dt.datetime,
            ui: Ui) -> Assessment:
    """The Assessment of the respondents' answers (merged, their conflicts listed) with the scans, on the
    engagement's cover details."""
    roles = str(root / config.roles) if config.roles else None
    rules, merged = load_respondents([str(p) for p in answers], config.questionnaire, roles)
    engagement = Engagement(client=config.client, assessor=config.assessor, firm=config.firm, date=config.date)
    merged = replace(merged, answers=merged.answers.model_copy(update={"engagement": engagement}))
    scan = scan_for_answers(ScanRequest(snapshots=[str(p) for p in scans], live_default=False), stamp, ui.warn)
    assessment = assess(rules, merged.answers, merged.name, stamp, scan, merged=merged)
    tell(assessment, ui)
    return assessment


def _progress(before: Assessment, assessment: Assessment, reports: Path, formats: Sequence[str], style: Style,
              ui: Ui) -> list[tuple[str | Path, str | bytes]]:
    """The progress report since the baseline assessment, in each format, and the comparison as JSON."""
    check_comparable(before, assessment, (BASELINE, "this build"))
    comparison = compare(before, assessment)
    return [(reports / f"progress.{fmt}", render_to(comparison, str(reports / f"progress.{fmt}"), fmt, style,
                                                     ui=ui).data) for fmt in ("json", *formats)]
