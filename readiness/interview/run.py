"""A whole interview run: start, resume or pre-fill; ask; save; show the verdict; offer more files.

Progress is saved to a resume file after every answer, so Ctrl-C (or a closed terminal) loses
nothing; Ctrl-C also prints the exact command that continues the interview.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from readiness.app.assess import GivenFile, assess, load_rules, merge_answers_files
from readiness.app.inputs import load_answers_file
from readiness.app.rules import load_respondent_rules
from readiness.app.scan import NO_SCAN, ScanOutcome
from readiness.console.summary import summary_text
from readiness.errors import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, ReadinessError, UsageError, did_you_mean
from readiness.interview.flow import Interview
from readiness.interview.parsing import parse_name
from readiness.interview.prompter import Ask, Option, Prompter
from readiness.interview.session import Session
from readiness.interview.store import dump_answers_file, partial_path, resume_command, write_answers
from readiness.io.files import STDOUT, atomic_write, display_name
from readiness.mesh.analysis import NO_RATES
from readiness.mesh.cost import RequestRates
from readiness.models import AnswersFile, Assessment, DetectedAnswer, Questionnaire
from readiness.models.answers import Respondent

SECONDS_PER_QUESTION = 20


@dataclass(frozen=True)
class OutputOffer:
    """A file offered after the answers are saved (the assessment, a report)."""

    key: str
    label: str
    path: str
    render: Callable[[Assessment], bytes]
    available: Callable[[], bool] | None = None
    """Whether the file can be made here (e.g. a PDF needs its system libraries); asked only at the offer."""


@dataclass(frozen=True)
class InterviewRequest:
    """What the command line asked for."""

    today: dt.date
    generated_at: dt.datetime
    output: str = "answers.yaml"
    questionnaire: str | None = None
    resume: str | None = None
    answers: str | None = None
    review_all: bool = False
    client: str | None = None
    scan: ScanOutcome = NO_SCAN
    """A cluster scan (``--snapshot``/``--context``): its detected values are the pre-selected defaults,
    shown with their evidence, and its findings go into the assessment as with ``readiness assess``."""
    rates: RequestRates = NO_RATES
    snapshots: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kubeconfig: str | None = None
    rps: tuple[str, ...] = ()
    """The scan and rate options as typed (``scan`` and ``rates`` are what they produced): the command
    that resumes an interrupted interview repeats them."""
    respondent: str | None = None
    """Who is interviewed (``--respondent``), saved in the answers file with ``role`` (``--role``)."""
    role: str | None = None
    sections: tuple[str, ...] = ()
    """The section ids the interview covers (``--sections``; empty: every section)."""
    offers: tuple[OutputOffer, ...] = ()
    color: bool = False
    width: int = 80
    program: str = "readiness"
    """How this run was started, so the command that resumes it runs as shown (``.venv/bin/readiness``)."""


def _detected(request: InterviewRequest) -> Mapping[str, DetectedAnswer] | None:
    return request.scan.detected or None


def rerun_options(request: InterviewRequest) -> list[str]:
    """The options that shaped this run, as typed, for the command that resumes it.

    ``--client``, ``--respondent`` and ``--role`` are not among them: the engagement and the respondent are saved
    in the resume file. With ``--review-all``
    the resume file holds only the answers confirmed so far, so the pre-fill file is named again.
    """
    options: list[str] = []
    if request.questionnaire:
        options += ["--questionnaire", request.questionnaire]
    if request.review_all and request.answers:
        options += ["--answers", request.answers, "--review-all"]
    for flag, values in (("--snapshot", request.snapshots), ("--context", request.contexts)):
        for value in values:
            options += [flag, value]
    if request.kubeconfig:
        options += ["--kubeconfig", request.kubeconfig]
    if request.sections:
        options += ["--sections", ",".join(request.sections)]
    for flag, values in (("--source", request.sources), ("--rps", request.rps)):
        for value in values:
            options += [flag, value]
    return options


class _Autosave:
    """Writes the resume file after every change; warns once if it cannot."""

    def __init__(self, path: str, prompter: Prompter) -> None:
        self.path = path
        self.prompter = prompter
        self.warned = False

    def __call__(self, session: Session) -> bool:
        """Save; whether the resume file now holds the session."""
        if session.is_empty():
            return False
        try:
            atomic_write(self.path, dump_answers_file(session.to_resume_file()))
        except ReadinessError as exc:
            if not self.warned:
                self.prompter.show_message(f"warning: progress cannot be saved ({exc.message}); "
                                           f"keep this terminal open until the end")
                self.warned = True
            return False
        return True


def run_interview(request: InterviewRequest, prompter: Prompter) -> int:
    """Run the interview to the end; the exit code (0 saved, 1 an offered file not written, 130 interrupted)."""
    _check(request)
    partial = request.resume or partial_path(request.output)
    prefill = load_answers_file(request.answers) if request.answers else None
    resumed = load_answers_file(request.resume) if request.resume else None
    if resumed is None and Path(partial).is_file():
        found = load_answers_file(partial)
        if _continue_unfinished(prompter, found, partial):
            resumed = found
    resuming = resumed is not None
    ref = request.questionnaire or next((f.questionnaire for f in (resumed, prefill) if f and f.questionnaire), None)
    rules = load_rules(ref)
    questionnaire = rules.questionnaire
    sections = checked_sections(questionnaire, request.sections)
    warnings: list[str] = []
    if prefill is not None and request.answers is not None:
        session, warnings = Session.from_answers_file(questionnaire, prefill, display_name(request.answers),
                                                      detected=_detected(request), review_all=request.review_all,
                                                      sections=sections)
    else:
        session = Session(questionnaire, detected=_detected(request), review_all=request.review_all,
                          sections=sections)
    if resumed is not None:
        warnings += session.resume(resumed, display_name(partial))
    if request.respondent is not None:
        session.respondent = respondent_of(request.respondent, request.role)
    _welcome(prompter, request, session, resuming, warnings)
    autosave = _Autosave(partial, prompter)
    interview = Interview(session, prompter, today=request.today, client=request.client,
                          ask_client=not resuming, save_label=_save_label(request.output), on_change=autosave,
                          hints=request.scan.hints)
    try:
        saved = interview.run()
    except (KeyboardInterrupt, EOFError):
        return _interrupted(prompter, session, partial, request)
    try:
        write_answers(saved, request.output)
    except ReadinessError:
        if autosave(session):
            command = resume_command(partial, request.output, rerun_options(request), request.program)
            prompter.show_message(f"Your answers are kept in {partial}; once {request.output} can be written, "
                                  f"continue with:\n  {command}")
        else:
            prompter.show_message("Your answers could not be saved anywhere; here they are:\n"
                                  + dump_answers_file(saved))
        raise
    if partial != request.output and Path(partial).is_file():
        Path(partial).unlink()
    where = "standard output" if request.output == STDOUT else request.output
    prompter.show_message(f"Saved {len(saved.answers)} answers to {where}.")
    name = display_name(request.output)
    merged = merge_answers_files(rules, [GivenFile(name, Path(request.output).name, saved)])
    assessment = assess(rules, saved, name, request.generated_at, request.scan, request.rates, merged=merged)
    prompter.show_summary(summary_text(assessment, color=request.color, width=max(40, request.width - 2)))
    return _offer(prompter, request, assessment)


def checked_sections(questionnaire: Questionnaire, sections: Sequence[str]) -> tuple[str, ...] | None:
    """The ``--sections`` ids, each a section of the questionnaire (else a usage error naming the valid ids)."""
    if not sections:
        return None
    known = [s.id for s in questionnaire.sections]
    for sid in sections:
        if sid not in known:
            raise UsageError(f"--sections: unknown section id '{sid}'{did_you_mean(sid, known)}; the sections are "
                             f"{', '.join(known)}")
    return tuple(sections)


def respondent_of(name: str, role: str | None) -> Respondent:
    """The ``--respondent`` and ``--role`` given, checked as an answers file's respondent is (the role one of the
    respondents rules)."""
    try:
        respondent = Respondent(name=name, role=role)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        option = "--respondent" if field == "name" else "--role"
        raise UsageError(f"{option}: expected {'a name' if field == 'name' else 'a role id such as security_lead'}"
                         ) from None
    roles = load_respondent_rules().roles
    if respondent.role is not None and respondent.role not in roles:
        raise UsageError(f"--role: unknown role '{respondent.role}'{did_you_mean(respondent.role, list(roles))}; "
                         f"expected one of {', '.join(roles)}")
    return respondent


def _check(request: InterviewRequest) -> None:
    if request.review_all and not request.answers:
        raise UsageError("--review-all needs --answers FILE: it asks again the questions that file answers")
    if request.review_all and request.answers and request.answers != STDOUT:
        partial = request.resume or partial_path(request.output)
        if Path(request.answers).resolve() == Path(partial).resolve():
            raise UsageError(f"--answers {request.answers}: is the resume file of this run, which keeps only the "
                             f"answers confirmed so far; copy it, or continue it with --resume {request.answers}")
    if request.output != STDOUT:
        target = Path(request.output)
        if target.is_dir():
            raise UsageError(f"-o {request.output}: is a folder; name a file, e.g. {target / 'answers.yaml'}")
        folder = next((p for p in (target.parent, *target.parent.parents) if p.exists()), Path("."))
        if not os.access(folder, os.W_OK):
            raise UsageError(f"-o {request.output}: cannot write in {folder} (permission denied)")
    if request.role is not None and request.respondent is None:
        raise UsageError("--role needs --respondent NAME: the role is the respondent's")
    if request.respondent is not None:
        respondent_of(request.respondent, request.role)
    if request.client is not None:
        _, problem = parse_name(request.client)
        if problem or not request.client.strip():
            raise UsageError(f"--client: {problem or 'expected a name'}")


def _continue_unfinished(prompter: Prompter, found: AnswersFile, partial: str) -> bool:
    count = len(found.answers)
    keep = prompter.ask_bool(Ask(
        key="continue", kind="bool", default=True,
        message=f"An unfinished interview ({count} answer{'s' if count != 1 else ''}) is saved in {partial}. "
                f"Continue it?",
        help="Yes continues where it stopped. No starts afresh, and the unfinished answers are replaced "
             "as soon as you answer the first question."))
    return keep


def _welcome(prompter: Prompter, request: InterviewRequest, session: Session, resuming: bool,
             warnings: list[str]) -> None:
    q = session.questionnaire
    counted = session.counted()
    sections = len({s.section.id for s in counted})
    todo = len(session.pending())
    minutes = max(1, round(todo * SECONDS_PER_QUESTION / 60))
    follow_ups = sum(1 for s in counted if not s.applicable)
    lines = [f"{q.title} — {'up to ' if follow_ups else ''}{len(counted)} questions in {sections} sections."]
    if resuming and request.review_all:
        lines.append(f"Continuing the review: {session.done_count()} confirmed, {todo} to go (about {minutes} min); "
                     f"the others pre-selected from {request.answers}.")
    elif resuming:
        lines.append(f"Continuing: {session.done_count()} answered, {todo} to go (about {minutes} min).")
    elif request.answers:
        if request.review_all:
            asked = f"asking every question again ({todo}), your earlier answers pre-selected"
        elif todo:
            asked = f"asking only what is missing ({todo} question{'s' if todo != 1 else ''})"
        else:
            asked = "every question is answered, so on to the review"
        lines.append(f"Pre-filled {session.answered_count()} answers from {request.answers}; {asked}.")
    else:
        lines.append(f"About {minutes} minutes. Defaults are pre-selected: Enter accepts them.")
    lines.append("Press ? on a question to see why it matters. Ctrl-C pauses: your answers are kept.")
    for warning in warnings:
        lines.append(f"warning: {warning}")
    prompter.show_message("\n".join(lines))


def _save_label(output: str) -> str:
    if output == STDOUT:
        return "Save: write the answers to standard output"
    exists = Path(output).exists()
    return f"Save the answers to {output}" + (" (replaces that file)" if exists else "")


def _interrupted(prompter: Prompter, session: Session, partial: str, request: InterviewRequest) -> int:
    if session.is_empty():
        prompter.show_message("Interrupted before the first answer; nothing to save.")
        return EXIT_INTERRUPTED
    kept = session.to_resume_file()
    text = dump_answers_file(kept)
    try:
        atomic_write(partial, text)
    except ReadinessError as exc:
        prompter.show_message(f"Interrupted, and the answers cannot be saved ({exc.message}). Here they are:\n"
                              + text)
        return EXIT_INTERRUPTED
    count = len(kept.answers)
    if request.review_all:
        saved = (f"Interrupted. {count} reviewed answer{'s are' if count != 1 else ' is'} saved in {partial}; "
                 f"the others are still in {request.answers}.")
    else:
        saved = f"Interrupted. Your {count} answer{'s are' if count != 1 else ' is'} saved in {partial}."
    prompter.show_message(
        f"{saved}\nContinue where you left off with:\n"
        f"  {resume_command(partial, request.output, rerun_options(request), request.program)}")
    return EXIT_INTERRUPTED


def _offer(prompter: Prompter, request: InterviewRequest, assessment: Assessment) -> int:
    later = f"readiness assess {request.output} -o assessment.json" if request.output != STDOUT else ""
    offers = [o for o in request.offers if o.available is None or o.available()]
    if not offers:
        if later:
            prompter.show_message(f"Assess these answers again any time with:\n  {later}")
        return EXIT_OK
    try:
        chosen = prompter.ask_multi(Ask(
            key="outputs", kind="multi", message="Also write:",
            help="The assessment is the whole result as JSON (scores, signals, the phased plan); "
                 "the report is for people.",
            options=tuple(Option(o.key, f"{o.label}: {o.path}") for o in offers), default=[]))
    except (KeyboardInterrupt, EOFError):
        prompter.show_message(f"Interrupted. Your answers are saved in {request.output}.")
        return EXIT_INTERRUPTED
    failed = False
    for offer in offers:
        if offer.key in chosen:
            prompter.show_message(f"Writing {offer.path}…")
            try:
                data = offer.render(assessment)
                atomic_write(offer.path, data)
                prompter.show_message(f"Written: {offer.label} to {offer.path} ({_size(len(data))}).")
            except (ReadinessError, OSError, ImportError) as exc:  # e.g. a PDF library missing: the answers are saved
                reason = exc.message if isinstance(exc, ReadinessError) else str(exc) or type(exc).__name__
                prompter.show_message(f"error: {offer.label} not written to {offer.path}: {_one_line(reason)}")
                failed = True
    if not chosen and later:
        prompter.show_message(f"Assess these answers again any time with:\n  {later}")
    return EXIT_INVALID if failed else EXIT_OK


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _size(count: int) -> str:
    """``12 KB``: a file's size as people read it."""
    return f"{count / 1_000_000:.1f} MB" if count >= 1_000_000 else f"{max(1, round(count / 1000))} KB"
