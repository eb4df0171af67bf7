"""Several respondents' answers files merged into one: equal answers agree, different answers are conflicts
(of the questions that apply with the answers used; an answer to another is ignored with a warning, as always).

The answer used in a conflict is that of a respondent whose role owns the question's section (the respondents
rules, ``rules/respondents.yaml``), else that of the last file given that answers it. Answers only one respondent
gave are simply used. The engagement, notes and questionnaire reference merge too. Pure: the use case reads the
files and the rules and passes them in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from readiness.core.answers import checked_answers, layer_answers, resolve
from readiness.core.strength import expr_inputs
from readiness.core.values import display
from readiness.errors import AnswersError, Problem, RulesError, did_you_mean
from readiness.models import AnswersFile, AnswerValue, Engagement, Questionnaire
from readiness.models.respondents import Conflict, ConflictValue, RespondentEntry, RespondentRules


@dataclass(frozen=True)
class GivenFile:
    """One respondent's answers file: ``name`` as messages name it, ``label`` its file name only (reports)."""

    name: str
    label: str
    answers: AnswersFile


@dataclass(frozen=True)
class Merged:
    """The answers file the assessment rests on, who gave the files merged into it and where they disagree."""

    answers: AnswersFile
    name: str
    """How messages name the merged answers: the one file's name, or the files' names together."""
    respondents: list[RespondentEntry] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def rules_problems(rules: RespondentRules, questionnaire: Questionnaire, name: str) -> list[Problem]:
    """Every section a role owns must be a section of the questionnaire."""
    sections = [s.id for s in questionnaire.sections]
    return [Problem(name, f"roles.{role}.owns", f"unknown section '{sid}'{did_you_mean(sid, sections)}; the "
                                                f"sections of {questionnaire.ref}: {', '.join(sections)}")
            for role, rule in rules.roles.items() for sid in rule.owns if sid not in sections]


def role_problems(rules: RespondentRules, files: Sequence[GivenFile]) -> list[Problem]:
    """A respondent's role must be one of the rules' roles."""
    problems = []
    for given in files:
        respondent = given.answers.respondent
        if respondent is not None and respondent.role is not None and respondent.role not in rules.roles:
            known = list(rules.roles)
            problems.append(Problem(given.name, "respondent.role",
                                    f"unknown role '{respondent.role}'{did_you_mean(respondent.role, known)}; "
                                    f"expected one of {', '.join(known)} (or name other roles with --roles FILE)"))
    return problems


def merge_respondents(questionnaire: Questionnaire, rules: RespondentRules, files: Sequence[GivenFile],
                      rules_name: str = "respondents rules") -> Merged:
    """The answers of ``files`` (in the order given) merged; raise listing every problem of every file at once."""
    problems = role_problems(rules, files)
    entries = [_entry(item, rules) for item in files if item.answers.respondent is not None or len(files) > 1]
    if len(files) == 1:  # its answers are checked as they are resolved
        if problems:
            raise AnswersError(problems)
        return Merged(files[0].answers, files[0].name, entries)
    if found := rules_problems(rules, questionnaire, rules_name):
        raise RulesError(found)
    given: list[dict[str, AnswerValue]] = []
    for item in files:
        values, found = checked_answers(questionnaire, item.answers, item.name)
        given.append(values)
        if not found:  # the rest of a file's checks (notes, questionnaire) once its answers are good
            try:
                resolve(questionnaire, item.answers, item.name)
            except AnswersError as exc:
                found = list(exc.problems)
        problems += found
    if problems:
        raise AnswersError(problems)
    answers, conflicts = _answers(questionnaire, rules, files, given)
    engagement, warnings = _engagement(files)
    merged = AnswersFile(questionnaire=next((f.answers.questionnaire for f in files if f.answers.questionnaire), None),
                         engagement=engagement, notes=_notes(files, rules), answers=answers)
    return Merged(merged, ", ".join(f.label for f in files), entries, conflicts, warnings)


def _entry(item: GivenFile, rules: RespondentRules) -> RespondentEntry:
    respondent = item.answers.respondent
    role = respondent.role if respondent else None
    rule = rules.roles.get(role) if role else None
    return RespondentEntry(file=item.label, name=respondent.name if respondent else None, role=role,
                           role_title=rule.title if rule else None, owns=list(rule.owns) if rule else [])


def _same(value: AnswerValue) -> object:
    """What two answers are compared by: a list's items in any order."""
    return tuple(sorted(value)) if isinstance(value, list) else value


def _answers(questionnaire: Questionnaire, rules: RespondentRules, files: Sequence[GivenFile],
             given: Sequence[dict[str, AnswerValue]]) -> tuple[dict[str, AnswerValue], list[Conflict]]:
    scored = {qid for spec in questionnaire.scoring.signals for qid in expr_inputs(spec.strength)}
    merged: dict[str, AnswerValue] = {}
    conflicts = []
    for section in questionnaire.sections:
        for question in section.questions:
            answered = [(item, values[question.id]) for item, values in zip(files, given, strict=True)
                        if question.id in values]
            if not answered:
                continue
            merged[question.id] = answered[-1][1]
            if len({_same(value) for _, value in answered}) == 1:
                continue
            owners = [(item, value) for item, value in answered if _owns(item, rules, section.id)]
            chosen, used = (owners or answered)[-1]
            owner = _owner(chosen, rules) if owners else None
            merged[question.id] = used
            if owner is not None:
                reason = f"the {rules.roles[owner].title} owns the {section.title} section"
            else:
                reason = (f"no respondent whose role owns the {section.title} section answered it; the last file "
                          f"given that answers it, {chosen.label}, is used")
            conflicts.append(Conflict(
                question=question.id, section=section.id, prompt=question.prompt,
                values=[ConflictValue(file=item.label, respondent=_name(item), role=_owner(item, rules),
                                      value=value, display=display(question, value)) for item, value in answered],
                used=used, used_display=display(question, used), used_file=chosen.label,
                rule="owner" if owner is not None else "last_file", owner=owner, reason=reason,
                confidence_share=rules.conflict_credit if question.id in scored else None))
    applies = {layer.question.id for layer in layer_answers(questionnaire, merged) if layer.applicable}
    return merged, [c for c in conflicts if c.question in applies]  # the others are ignored, with a warning


def _owner(item: GivenFile, rules: RespondentRules) -> str | None:
    """The file's respondent's role, when it is one of the rules'."""
    respondent = item.answers.respondent
    role = respondent.role if respondent else None
    return role if role in rules.roles else None


def _owns(item: GivenFile, rules: RespondentRules, section: str) -> bool:
    """Whether the file's respondent's role owns the section."""
    role = _owner(item, rules)
    return role is not None and section in rules.roles[role].owns


def _name(item: GivenFile) -> str | None:
    return item.answers.respondent.name if item.answers.respondent else None


def _engagement(files: Sequence[GivenFile]) -> tuple[Engagement | None, list[str]]:
    """Each engagement field as the files give it: the latest date; for the others, the last file's value, with a
    warning where the files name different ones."""
    given = [(item, item.answers.engagement) for item in files if item.answers.engagement is not None]
    if not given:
        return None, []
    merged: dict[str, object] = {}
    warnings = []
    for key in Engagement.model_fields:
        values = [(item, getattr(e, key)) for item, e in given if getattr(e, key) is not None]
        if not values:
            continue
        if key == "date":
            merged[key] = max(value for _, value in values)
            continue
        merged[key] = values[-1][1]
        if len({value for _, value in values}) > 1:
            said = ", ".join(f"{item.label} {value!r}" for item, value in values)
            warnings.append(f"engagement.{key} differs between the answers files ({said}); the last is used")
    return Engagement.model_validate(merged), warnings


def _notes(files: Sequence[GivenFile], rules: RespondentRules) -> dict[str, str]:
    """Each note key's texts: one text when they agree, else every text followed by who wrote it."""
    texts: dict[str, list[tuple[GivenFile, str]]] = {}
    for item in files:
        for key, text in item.answers.notes.items():
            texts.setdefault(key, []).append((item, text))
    notes = {}
    for key, written in sorted(texts.items()):
        if len({text for _, text in written}) == 1:
            notes[key] = written[0][1]
        else:
            notes[key] = " ".join(f"{text} ({_who(item, rules)})" for item, text in written)
    return notes


def _who(item: GivenFile, rules: RespondentRules) -> str:
    """``Dana Reyes, Security lead``; the file's name when it names no respondent."""
    respondent = item.answers.respondent
    if respondent is None:
        return item.label
    role = _owner(item, rules)
    return f"{respondent.name}, {rules.roles[role].title}" if role else respondent.name
