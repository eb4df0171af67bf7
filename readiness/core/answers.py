"""Load answers files and check them against a questionnaire, reporting every problem at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from readiness.core.conditions import describe, holds
from readiness.core.values import coerce, default_value, did_you_mean, display
from readiness.errors import AnswersError, Problem
from readiness.io.files import display_name, load_document
from readiness.io.kinds import wrong_kind
from readiness.models import (
    Answers,
    AnswersFile,
    AnswerSource,
    AnswerValue,
    DetectedAnswer,
    Questionnaire,
    ResolvedAnswer,
)

MAX_ANSWERS_BYTES = 1024 * 1024
MAX_NOTE_CHARS = 10_000


def load_answers_file(path: str | Path) -> AnswersFile:
    """Read an answers file (JSON or YAML, ``-`` for stdin) and check its envelope."""
    name = display_name(path)
    raw = load_document(path, what="answers", max_bytes=MAX_ANSWERS_BYTES)
    return parse_answers_file(raw, name)


def parse_answers_file(raw: Any, name: str) -> AnswersFile:
    """Check the envelope of a parsed answers document (answers are checked by :func:`resolve`)."""
    if not isinstance(raw, dict):
        raise AnswersError.single(name, "", f"expected a mapping with an 'answers' key at the top level, "
                                            f"found {_kind(raw)}")
    mistake = wrong_kind(raw, "answers")
    if mistake:
        raise AnswersError.single(name, "", mistake)
    problems: list[Problem] = []
    known = set(AnswersFile.model_fields)
    unknown = [str(key) for key in raw if key not in known]
    expected = f"expected {', '.join(sorted(known))}"
    if len(unknown) == 1:
        hint = did_you_mean(unknown[0], known)
        if not hint and "answers" not in raw:
            hint = " (answers go under an 'answers' key)"
        problems.append(Problem(name, unknown[0], f"unknown top-level field{hint}; {expected}"))
    elif unknown:
        hint = " (answers go under an 'answers' key)" if "answers" not in raw else ""
        problems.append(Problem(name, "", f"unknown top-level fields {', '.join(unknown[:5])}"
                                          f"{' …' if len(unknown) > 5 else ''}{hint}; {expected}"))
    if "answers" in raw and not isinstance(raw["answers"], dict):
        problems.append(Problem(name, "answers", f"expected a mapping of question ids to values, "
                                                 f"found {_kind(raw['answers'])}"))
    elif isinstance(raw.get("answers"), dict):
        odd = [key for key in raw["answers"] if not isinstance(key, str)]
        if odd:
            problems.append(Problem(name, "answers", f"keys must be question ids (text), found {odd[0]!r}"))
    for section in ("engagement", "notes"):
        if section in raw and raw[section] is not None and not isinstance(raw[section], dict):
            what = "client, assessor, date, firm" if section == "engagement" else "section or question ids"
            problems.append(Problem(name, section, f"expected a mapping of {what}, found {_kind(raw[section])}"))
    if problems:
        raise AnswersError(problems)
    try:
        return AnswersFile.model_validate(raw)
    except ValidationError as exc:
        raise AnswersError(_pydantic_problems(exc, name)) from None


def resolve(questionnaire: Questionnaire, answers_file: AnswersFile, name: str,
            detected: Mapping[str, DetectedAnswer] | None = None) -> Answers:
    """Validate every answer, apply aliases, defaults and conditions; raise listing all problems.

    An answered value wins over a detected one, a detected one over the default.
    """
    problems: list[Problem] = []
    warnings: list[str] = []
    given = answers_file.answers
    questions = {q.id: q for q in questionnaire.questions()}
    for qid in given:
        if qid not in questions:
            problems.append(Problem(name, f"answers.{qid}",
                                    f"unknown question id{did_you_mean(str(qid), questions)}"))
    values: dict[str, AnswerValue] = {}
    items: list[ResolvedAnswer] = []
    for section in questionnaire.sections:
        for question in section.questions:
            raw = given.get(question.id)
            value: AnswerValue | None = None
            source: AnswerSource = "default"
            evidence: list[str] = []
            if raw is not None:
                value, problem = coerce(question, raw)
                if problem:
                    problems.append(Problem(name, f"answers.{question.id}", problem))
                    continue
                source = "answered"
            elif detected and question.id in detected:
                value, problem = coerce(question, detected[question.id].value)
                if problem is None:
                    source = "detected"
                    evidence = list(detected[question.id].evidence)
                else:
                    value = None
                    warnings.append(f"detected value for {question.id} ignored: {problem}")
            applicable = holds(question.when, values)
            if not applicable and source != "default":
                if source == "answered":
                    warnings.append(f"{name}: answers.{question.id}: ignored, it applies only when "
                                    f"{describe(question.when)}")
                value, source, evidence = None, "default", []
            if value is None:
                value = default_value(question, values)
            values[question.id] = value
            items.append(ResolvedAnswer(
                id=question.id, section=section.id, prompt=question.prompt, value=value,
                display=display(question, value), source=source, evidence=evidence, applicable=applicable))
    problems.extend(_note_problems(questionnaire, answers_file.notes, name))
    if answers_file.questionnaire:
        qid, _, version = answers_file.questionnaire.partition("@")
        if qid != questionnaire.id:
            problems.append(Problem(name, "questionnaire", f"answers are for '{qid}', not '{questionnaire.id}'"))
        elif version and version.split(".")[0] != questionnaire.version.split(".")[0]:
            problems.append(Problem(name, "questionnaire", f"answers are for version {version}; "
                                                           f"this questionnaire is {questionnaire.version}"))
    if problems:
        raise AnswersError(problems)
    if given and not any(item.source != "default" for item in items):
        warnings.append(f"{name}: none of the answers applies; every answer is the questionnaire's default")
    elif not given and not detected:
        warnings.append(f"{name}: no answers given; every answer is the questionnaire's default (confidence 0%)")
    return Answers(questionnaire=questionnaire.ref, engagement=answers_file.engagement,
                   notes=dict(sorted(answers_file.notes.items())), items=items, warnings=warnings)


def load_answers(questionnaire: Questionnaire, path: str | Path,
                 detected: Mapping[str, DetectedAnswer] | None = None) -> Answers:
    """Load an answers file and resolve it against a questionnaire."""
    return resolve(questionnaire, load_answers_file(path), display_name(path), detected)


def dump_answers_file(answers_file: AnswersFile) -> str:
    """An answers file as YAML, in a stable, round-trippable form."""
    data = answers_file.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
    if not data.get("notes"):
        data.pop("notes", None)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)


def _note_problems(questionnaire: Questionnaire, notes: Mapping[str, str], name: str) -> Iterable[Problem]:
    targets = {s.id for s in questionnaire.sections} | {q.id for q in questionnaire.questions()} | {"general"}
    for key, text in notes.items():
        if key not in targets:
            yield Problem(name, f"notes.{key}", f"not a section or question id{did_you_mean(key, targets)}")
        elif len(text) > MAX_NOTE_CHARS:
            yield Problem(name, f"notes.{key}", f"note is {len(text)} characters; the limit is {MAX_NOTE_CHARS}")


_MESSAGES = {"extra_forbidden": "unknown field", "string_type": "expected text", "dict_type": "expected a mapping",
             "model_type": "expected a mapping"}


def _pydantic_problems(exc: ValidationError, name: str) -> list[Problem]:
    problems = []
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        message = _MESSAGES.get(err["type"], err["msg"].removeprefix("Value error, "))
        if err["type"] == "string_too_long":
            message = f"text longer than {err.get('ctx', {}).get('max_length', '?')} characters"
        if err["type"] == "extra_forbidden" and err["loc"] and err["loc"][0] == "engagement":
            message = "unknown field; expected client, assessor, date, firm"
        problems.append(Problem(name, path, message))
    return problems


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "a boolean",
            type(None): "nothing"}.get(type(value), type(value).__name__)
