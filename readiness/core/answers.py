"""Answers: the envelope of an answers file, the one precedence of answers (given > detected > default) and
their check against a questionnaire, every problem reported at once. Pure: reading files is the use cases' job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from readiness.core.conditions import describe, holds
from readiness.core.values import coerce, default_value, display
from readiness.errors import AnswersError, Problem, did_you_mean, is_field_name
from readiness.errors import describe as describe_value
from readiness.io.validate import parse_model
from readiness.models import (
    Answers,
    AnswersFile,
    AnswerSource,
    AnswerValue,
    DetectedAnswer,
    Question,
    Questionnaire,
    ResolvedAnswer,
    Section,
)

MAX_ANSWERS_BYTES = 1024 * 1024
MAX_NOTE_CHARS = 10_000


def parse_answers_file(raw: Any, name: str) -> AnswersFile:
    """Check the envelope of a parsed answers document (the answers themselves are checked by :func:`resolve`)."""
    return parse_model(raw, AnswersFile, name, what="answers file", title="a mapping with an 'answers' key at the "
                       "top level", kind="answers", before=_envelope_problems,
                       error=AnswersError)


def _envelope_problems(raw: Mapping[str, Any], name: str) -> list[Problem]:
    """What the model alone would say less helpfully: answers given at the top level, a misspelt key."""
    problems: list[Problem] = []
    known = set(AnswersFile.model_fields)
    unknown = [str(key) for key in raw if key not in known]
    expected = f"expected {', '.join(sorted(known))}"
    hint = " (answers go under an 'answers' key)" if "answers" not in raw else ""
    if len(unknown) == 1 and is_field_name(unknown[0]):
        hint = did_you_mean(unknown[0], known) or hint
        problems.append(Problem(name, unknown[0], f"unknown top-level field{hint}; {expected}"))
    elif unknown and all(is_field_name(key) for key in unknown):
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        problems.append(Problem(name, "", f"unknown top-level fields {', '.join(unknown[:5])}{more}{hint}; {expected}"))
    elif unknown:  # not field names at all (another kind of file): named by count, never quoted
        problems.append(Problem(name, "", f"{len(unknown)} unknown top-level entries{hint}; {expected}"))
    if "answers" in raw and not isinstance(raw["answers"], dict):
        problems.append(Problem(name, "answers", f"expected a mapping of question ids to values, "
                                                 f"found {describe_value(raw['answers'])}"))
    elif isinstance(raw.get("answers"), dict):
        odd = [key for key in raw["answers"] if not isinstance(key, str)]
        if odd:
            problems.append(Problem(name, "answers", f"keys must be question ids (text), found "
                                                     f"{describe_value(odd[0])}"))
    for section, what in (("engagement", "client, assessor, date, firm"), ("respondent", "name, role"),
                          ("notes", "section or question ids")):
        if section in raw and raw[section] is not None and not isinstance(raw[section], dict):
            problems.append(Problem(name, section, f"expected a mapping of {what}, found "
                                                   f"{describe_value(raw[section])}"))
    return problems


@dataclass(frozen=True)
class Layer:
    """One question as the answers, the scan and the defaults leave it (see :func:`layer_answers`)."""

    section: Section
    question: Question
    applicable: bool
    value: AnswerValue
    source: AnswerSource
    evidence: tuple[str, ...] = ()
    given: bool = False
    """An answer was given for it (whether or not the question applies)."""

    @property
    def answered(self) -> bool:
        """An answer was given and the question applies, so the answer counts."""
        return self.given and self.applicable


def layer_answers(questionnaire: Questionnaire, given: Mapping[str, AnswerValue],
                  detected: Mapping[str, DetectedAnswer] | None = None,
                  ignored: Callable[[str, str], None] | None = None) -> list[Layer]:
    """The one precedence of answers, in questionnaire order: an answer given wins (``answered``), then a value
    the scan detected (``detected``, with its evidence), then the question's default (``default``).

    ``given`` values must already be checked (:func:`~readiness.core.values.coerce`). A question applies when
    its ``when`` holds on the values before it, defaults included; a question that does not apply takes its
    default, whatever was given or detected. ``ignored(question_id, why)`` hears of a detected value that does
    not fit its question.
    """
    values: dict[str, AnswerValue] = {}
    layers: list[Layer] = []
    for section in questionnaire.sections:
        for question in section.questions:
            applicable = holds(question.when, values)
            value: AnswerValue | None = None
            source: AnswerSource = "default"
            evidence: tuple[str, ...] = ()
            if applicable and question.id in given:
                value, source = given[question.id], "answered"
            elif applicable and detected and question.id in detected:
                found, problem = coerce(question, detected[question.id].value)
                if problem is None:
                    value, source, evidence = found, "detected", tuple(detected[question.id].evidence)
                elif ignored is not None:
                    ignored(question.id, problem)
            if value is None:
                value, source, evidence = default_value(question, values), "default", ()
            values[question.id] = value
            layers.append(Layer(section, question, applicable, value, source, evidence, question.id in given))
    return layers


def resolve(questionnaire: Questionnaire, answers_file: AnswersFile, name: str,
            detected: Mapping[str, DetectedAnswer] | None = None) -> Answers:
    """Check every answer and layer it over the scan and the defaults (:func:`layer_answers`); raise listing
    every problem at once."""
    warnings: list[str] = []
    given, problems = checked_answers(questionnaire, answers_file, name)
    layers = layer_answers(questionnaire, given, detected,
                           ignored=lambda qid, why: warnings.append(f"detected value for {qid} ignored: {why}"))
    for item in layers:
        if item.given and not item.applicable:
            warnings.append(f"{name}: answers.{item.question.id}: ignored, it applies only when "
                            f"{describe(item.question.when)}")
    problems.extend(_note_problems(questionnaire, answers_file.notes, name))
    problems.extend(_questionnaire_problems(questionnaire, answers_file, name))
    if problems:
        raise AnswersError(problems)
    items = [ResolvedAnswer(id=x.question.id, section=x.section.id, prompt=x.question.prompt, value=x.value,
                            display=display(x.question, x.value), source=x.source, evidence=list(x.evidence),
                            applicable=x.applicable,
                            assumed=x.source == "default" and x.applicable and x.question.unknown == "assumed")
             for x in layers]
    if answers_file.answers and not any(item.source != "default" for item in items):
        warnings.append(f"{name}: none of the answers applies; every answer is the questionnaire's default")
    elif not answers_file.answers and not detected:
        warnings.append(f"{name}: no answers given; every answer is the questionnaire's default (confidence 0%)")
    return Answers(questionnaire=questionnaire.ref, engagement=answers_file.engagement,
                   notes=dict(sorted(answers_file.notes.items())), items=items, warnings=warnings)


def checked_answers(questionnaire: Questionnaire, answers_file: AnswersFile,
                    name: str) -> tuple[dict[str, AnswerValue], list[Problem]]:
    """The answers given, checked and normalised (:func:`~readiness.core.values.coerce`) by question id, and the
    problems of those that are not (an unknown id, a value the question does not take)."""
    problems: list[Problem] = []
    given: dict[str, AnswerValue] = {}
    questions = {q.id: q for q in questionnaire.questions()}
    for qid in answers_file.answers:
        if qid not in questions:
            hint = _nearest(str(qid), questions.values())
            problems.append(Problem(name, f"answers.{qid}", f"unknown question id{hint}; 'readiness questionnaire "
                                                            f"show' lists every question"))
    for qid, question in questions.items():
        raw = answers_file.answers.get(qid)
        if raw is not None:
            value, problem = coerce(question, raw)
            if problem or value is None:
                problems.append(Problem(name, f"answers.{qid}", problem or "expected a value"))
            else:
                given[qid] = value
    return given, problems


def _questionnaire_problems(questionnaire: Questionnaire, answers_file: AnswersFile, name: str) -> list[Problem]:
    """The questionnaire an answers file names must be this one, of the same major version."""
    if not answers_file.questionnaire:
        return []
    qid, _, version = answers_file.questionnaire.partition("@")
    if qid != questionnaire.id:
        return [Problem(name, "questionnaire", f"answers are for '{qid}', not '{questionnaire.id}'")]
    if version and version.split(".")[0] != questionnaire.version.split(".")[0]:
        return [Problem(name, "questionnaire", f"answers are for version {version}; this questionnaire is "
                                               f"{questionnaire.version}")]
    return []


def _note_problems(questionnaire: Questionnaire, notes: Mapping[str, str], name: str) -> Iterable[Problem]:
    targets = {s.id for s in questionnaire.sections} | {q.id for q in questionnaire.questions()} | {"general"}
    for key, text in notes.items():
        if key not in targets:
            yield Problem(name, f"notes.{key}", f"not a section or question id{did_you_mean(key, targets)}")
        elif len(text) > MAX_NOTE_CHARS:
            yield Problem(name, f"notes.{key}", f"note is {len(text)} characters; the limit is {MAX_NOTE_CHARS}")




def _nearest(qid: str, questions: Iterable[Question]) -> str:
    """`` (did you mean 'x'?)`` for a close id, else `` (nearest: a, b, c)``: the ids that share a word or a
    keyword with it (``mttr_hours`` → time_to_localize)."""
    questions = list(questions)
    close = did_you_mean(qid, [q.id for q in questions])
    if close:
        return close
    words = set(qid.lower().replace("-", "_").split("_"))
    sharing = [q.id for q in questions if words & {*q.id.split("_"), *(k.lower() for k in q.keywords)}]
    return f" (nearest: {', '.join(sharing[:3])})" if sharing else ""
