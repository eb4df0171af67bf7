"""Batch rendering: ``readiness report A.json B.json … --out-dir DIR --format pdf,html,md``.

Every (assessment, format) pair is a job for a worker process (:mod:`.workers`): WeasyPrint lays out one PDF
on one core, so six PDFs on two cores take about half the time of six runs one after another. A worker loads
its assessment, renders it and returns the bytes; the parent writes all of an assessment's files together
(``atomic_write_all``) once every format of it is rendered, so a broken assessment leaves nothing on disk and a
good one is all there. Each broken assessment is one line at the end (exit 1); the others are written.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from readiness.app.inputs import load_assessment
from readiness.app.outputs import check_output
from readiness.app.render import Style, refused_line, run_report
from readiness.app.ui import QUIET, Ui
from readiness.app.workers import usable_cores, worker_pool
from readiness.errors import InputError, ReadinessError, UsageError
from readiness.io.files import STDIN, atomic_write_all, display_name
from readiness.report import render_report
from readiness.report.branding import Branding

BATCH_FORMATS = ("pdf", "html", "md")
"""What ``--out-dir`` writes (the JSON is the assessment itself)."""
DEFAULT_FORMATS = ("pdf",)
BROKEN = "the process rendering it ended unexpectedly (killed, or out of memory?); render it again on its own"


class BatchFailed(ReadinessError):
    """Some assessments could not be rendered: one line each (the others were written)."""

    def __init__(self, failures: Sequence[str]) -> None:
        super().__init__("; ".join(failures))
        self.failures = list(failures)

    def lines(self) -> list[str]:
        return list(self.failures)


@dataclass(frozen=True)
class Job:
    """One report to render: the assessment file, the format and the file it goes to."""

    source: str
    fmt: str
    target: str


@dataclass(frozen=True)
class Outcome:
    """What a worker returns: the report and its warnings, or the one line that says what is wrong."""

    data: bytes = b""
    pages: int | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None


def run_reports(assessments: Sequence[str], output: str | None, out_dir: str | None, fmt: str | None,
                style: Style = Style(), *, ui: Ui = QUIET) -> None:
    """``readiness report``: one assessment to ``-o`` (or stdout) as before, or any number to ``--out-dir``."""
    if out_dir is None:
        if len(assessments) > 1:
            also = "-o writes one report; " if output is not None else ""
            raise UsageError(f"{len(assessments)} assessments: {also}give --out-dir DIR to write a report for each")
        if fmt is not None and "," in fmt:
            raise UsageError(f"--format {fmt}: a list of formats needs --out-dir DIR")
        run_report(assessments[0], output, fmt, style, ui=ui)
        return
    if output is not None:
        raise UsageError("-o and --out-dir: give one (-o writes one report, --out-dir one per assessment and format)")
    run_batch(assessments, out_dir, batch_formats(fmt), style, ui=ui)


def batch_formats(text: str | None) -> tuple[str, ...]:
    """``--format pdf,html,md`` with ``--out-dir``: the formats in order, each once (none given: PDF)."""
    if text is None:
        return DEFAULT_FORMATS
    chosen: list[str] = []
    for item in text.split(","):
        fmt = item.strip().lower()
        fmt = "md" if fmt == "markdown" else fmt
        if fmt not in BATCH_FORMATS:
            given = f"not {item.strip()!r}" if item.strip() else f"not an empty item in {text!r}"
            raise UsageError(f"--format: with --out-dir, expected a comma list of {', '.join(BATCH_FORMATS)}, {given}")
        if fmt not in chosen:
            chosen.append(fmt)
    return tuple(chosen)


def plan_jobs(assessments: Sequence[str], out_dir: str, formats: Sequence[str]) -> list[Job]:
    """A job per assessment and format, in the order given (so the first assessments are written first, while the
    rest render); each output is named after its assessment (``A.json`` → ``DIR/A.pdf``). Two assessments with
    the same name are a usage error."""
    if not out_dir.strip():
        raise UsageError("--out-dir: the path is empty; name a folder")
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise UsageError(f"--out-dir {out_dir}: is a file; name a folder (it is created if missing)")
    named: dict[str, str] = {}
    for source in assessments:
        if source == STDIN:
            raise UsageError("--out-dir names each report after its assessment file; - (stdin) has no name, so "
                             "give files (or use -o for one report from stdin)")
        stem = Path(source).stem
        if stem in named:
            target = f"{os.path.join(out_dir, stem)}.{formats[0]}"
            if named[stem] == source:
                raise UsageError(f"{source} is given twice (both would write {target}); give it once")
            raise UsageError(f"{named[stem]} and {source} would both write {target}; rename one or render them in "
                             f"separate calls")
        named[stem] = source
    jobs = [Job(source, fmt, os.path.join(out_dir, f"{stem}.{fmt}")) for stem, source in named.items()
            for fmt in formats]
    for job in jobs:
        check_output("--out-dir", job.target, *assessments)
    return jobs


def run_batch(assessments: Sequence[str], out_dir: str, formats: Sequence[str], style: Style = Style(), *,
              ui: Ui = QUIET) -> None:
    """Render every assessment in every format into ``out_dir`` in worker processes; a line of progress per file
    written. The style (brand, templates, paper) is checked once, before any work; an assessment that cannot be
    rendered is one line of the :class:`BatchFailed` raised at the end, after the others are written."""
    jobs = plan_jobs(assessments, out_dir, formats)
    style.check()
    branding = _check_style(style, formats)
    for notice in branding.notices:
        ui.warn(notice)
    workers = min(len(jobs), usable_cores())
    ui.notice(f"rendering {len(jobs)} report{'s' if len(jobs) != 1 else ''} in {workers} "
              f"process{'es' if workers != 1 else ''}…")
    batch = Batch(jobs, formats, ui)
    with worker_pool(workers) as pool:
        pending = {pool.submit(render_job, job, branding, style.templates): job for job in jobs}
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                if future.cancelled():
                    continue
                batch.finished(job, _outcome(future, job))
                if job.source in batch.failures:  # its other formats would be thrown away: skip those not started
                    for other, queued in pending.items():
                        if queued.source == job.source:
                            other.cancel()
    if batch.failures:
        raise BatchFailed([batch.failures[source] for source in assessments if source in batch.failures])


def _check_style(style: Style, formats: Sequence[str]) -> Branding:
    """The brand, read once; the template folder and its text checked; PDF output available if asked for. Any
    problem here is the whole command's (one error, nothing rendered)."""
    from readiness.report.templates import Templates

    Templates(style.templates).text()
    if "pdf" in formats:
        from readiness.report.pdf import require_pdf

        require_pdf()
    return style.branding()


def _outcome(future: Future[Outcome], job: Job) -> Outcome:
    """A finished job's outcome. Ctrl-C that reached a worker mid-layout comes back as KeyboardInterrupt and goes
    on; a worker that died (killed for memory, say) fails the jobs it leaves unfinished, one line each."""
    try:
        return future.result()
    except BrokenProcessPool:
        return Outcome(error=f"{display_name(job.source)}: {BROKEN}")


@dataclass
class Batch:
    """The parent's bookkeeping: rendered files waiting for their assessment's other formats, and failures."""

    jobs: Sequence[Job]
    formats: Sequence[str]
    ui: Ui
    waiting: dict[str, list[tuple[Job, Outcome]]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    warned: set[str] = field(default_factory=set)
    written: int = 0

    def finished(self, job: Job, outcome: Outcome) -> None:
        """Record a job's outcome; write its assessment's files once all its formats are in."""
        if job.source in self.failures:
            return
        if outcome.error is not None:
            self.failures[job.source] = outcome.error
            self.waiting.pop(job.source, None)
            return
        for warning in outcome.warnings:
            if warning not in self.warned:
                self.warned.add(warning)
                self.ui.warn(warning)
        ready = self.waiting.setdefault(job.source, [])
        ready.append((job, outcome))
        if len(ready) == len(self.formats):
            self._write(self.waiting.pop(job.source))

    def _write(self, ready: list[tuple[Job, Outcome]]) -> None:
        ready.sort(key=lambda pair: self.formats.index(pair[0].fmt))
        try:
            atomic_write_all([(job.target, outcome.data) for job, outcome in ready])
        except ReadinessError as exc:
            self.failures[ready[0][0].source] = exc.message
            return
        for job, outcome in ready:
            self.written += 1
            pages = f" ({outcome.pages} pages)" if outcome.pages else ""
            self.ui.done(f"[{self.written}/{len(self.jobs)}] wrote {job.target}{pages}")


def one_line(name: str, exc: ReadinessError) -> str:
    """An error as one line that starts with the assessment's name: its first problem, and how many more."""
    lines = exc.lines()
    more = f" (and {len(lines) - 1} more problem{'s' if len(lines) > 2 else ''})" if len(lines) > 1 else ""
    named = isinstance(exc, InputError) and exc.problems[0].file == name
    return f"{'' if named else name + ': '}{lines[0]}{more}"


def render_job(job: Job, branding: Branding, templates: str | None) -> Outcome:
    """In a worker: load the assessment and render it; a problem with it is the outcome's one line."""
    name = display_name(job.source)
    try:
        rendered = render_report(load_assessment(job.source), job.fmt, branding, templates)
    except ReadinessError as exc:
        return Outcome(error=one_line(name, exc))
    return Outcome(rendered.data, rendered.pages, tuple(refused_line(url) for url in rendered.refused))
