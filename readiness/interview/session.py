"""The state of one interview and what follows from it. Pure: no terminal, no files.

A :class:`Session` holds the answers given so far. From them it derives, in questionnaire order,
which questions apply (their ``when`` conditions are evaluated on the answers before them,
defaults included), which are still to be asked, the progress, and the answers file to save.
Answers to questions that stop applying are kept in memory, so changing an answer back restores
them, but they are not saved.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from readiness.core.answers import layer_answers, resolve
from readiness.core.conditions import referenced_questions
from readiness.core.values import coerce, display
from readiness.models import (
    AnswersFile,
    AnswerSource,
    AnswerValue,
    DetectedAnswer,
    Engagement,
    Question,
    Questionnaire,
    Section,
)
from readiness.models.answers import Respondent


@dataclass(frozen=True)
class Slot:
    """One question as things stand: does it apply, its value and where that value comes from."""

    section: Section
    question: Question
    applicable: bool
    value: AnswerValue
    source: AnswerSource
    answered: bool

    @property
    def id(self) -> str:
        """The question id."""
        return self.question.id

    @property
    def display(self) -> str:
        """The value as people read it."""
        return display(self.question, self.value)


@dataclass(frozen=True)
class Progress:
    """Where a question sits: section k of n, question i of m (counting questions that apply)."""

    section_index: int
    section_count: int
    question_index: int
    question_count: int

    @property
    def label(self) -> str:
        """``section 2 of 8, question 5 of 30``."""
        return (f"section {self.section_index} of {self.section_count}, "
                f"question {self.question_index} of {self.question_count}")

    @property
    def short(self) -> str:
        """``5/30``: shown in front of each question."""
        return f"{self.question_index}/{self.question_count}"


@dataclass(frozen=True)
class Change:
    """What an answer changed: follow-up questions that now apply, and those that no longer do."""

    appeared: tuple[str, ...]
    disappeared: tuple[str, ...]


class Session:
    """Answers given so far, plus engagement metadata and notes; everything else is derived."""

    def __init__(self, questionnaire: Questionnaire, *, answers: Mapping[str, AnswerValue] | None = None,
                 detected: Mapping[str, DetectedAnswer] | None = None, engagement: Engagement | None = None,
                 notes: Mapping[str, str] | None = None, review_all: bool = False,
                 respondent: Respondent | None = None, sections: Collection[str] | None = None) -> None:
        self.questionnaire = questionnaire
        self._questions = {q.id: q for q in questionnaire.questions()}
        self.answers: dict[str, AnswerValue] = {}
        for qid, value in (answers or {}).items():
            self._store(qid, value)
        self.detected: dict[str, DetectedAnswer] = dict(detected or {})
        self.engagement = engagement
        self.notes: dict[str, str] = dict(notes or {})
        self.review_all = review_all
        self.respondent = respondent
        """Who is interviewed (saved in the answers file)."""
        self.sections = frozenset(sections) if sections else None
        """The sections this interview covers (``--sections``); None: every section."""
        self.confirmed: set[str] = set()
        """Questions asked in this run (with ``review_all``, pre-filled answers are asked once more)."""

    @classmethod
    def from_answers_file(cls, questionnaire: Questionnaire, answers_file: AnswersFile, name: str, *,
                          detected: Mapping[str, DetectedAnswer] | None = None,
                          review_all: bool = False, sections: Collection[str] | None = None
                          ) -> tuple[Session, list[str]]:
        """A session pre-filled from an answers file (resume file or earlier answers) and its warnings.

        The file is checked exactly as ``readiness assess`` checks it: every problem is raised at once.
        """
        resolved = resolve(questionnaire, answers_file, name, detected)
        answers = {qid: raw for qid, raw in answers_file.answers.items() if raw is not None}
        session = cls(questionnaire, answers=answers, detected=detected, engagement=answers_file.engagement,
                      notes=answers_file.notes, review_all=review_all, respondent=answers_file.respondent,
                      sections=sections)
        return session, list(resolved.warnings)

    def resume(self, resumed: AnswersFile, name: str) -> list[str]:
        """Continue from a resume file, on top of any pre-fill; its warnings.

        Its answers count as given in this run (with ``review_all`` they are not asked again); its
        engagement and notes, saved from the interrupted run, replace the pre-fill's. The file is
        checked as ``readiness assess`` checks it.
        """
        resolved = resolve(self.questionnaire, resumed, name, self.detected or None)
        for qid, raw in resumed.answers.items():
            if raw is not None:
                self._store(qid, raw)
                self.confirmed.add(qid)
        self.engagement = resumed.engagement
        self.respondent = resumed.respondent or self.respondent
        self.notes = dict(resumed.notes)
        return list(resolved.warnings)

    # --- answers -------------------------------------------------------------------------------

    def question(self, qid: str) -> Question:
        """The question with this id."""
        return self._questions[qid]

    def set_answer(self, qid: str, value: AnswerValue) -> Change:
        """Record an answer (checked and normalised like an answers file) and say what it changed."""
        before = self._applicable_ids()
        self._store(qid, value)
        self.confirmed.add(qid)
        after = self._applicable_ids()
        order = [q.id for q in self.questionnaire.questions()]
        return Change(appeared=tuple(q for q in order if q in after and q not in before),
                      disappeared=tuple(q for q in order if q in before and q not in after))

    def set_note(self, key: str, text: str) -> None:
        """A note for a section (or question, or ``general``); blank text removes it."""
        cleaned = text.strip()
        if cleaned:
            self.notes[key] = cleaned
        else:
            self.notes.pop(key, None)

    def _store(self, qid: str, value: AnswerValue) -> None:
        question = self._questions.get(qid)
        if question is None:
            raise ValueError(f"unknown question id {qid!r}")
        normalised, problem = coerce(question, value)
        if problem is not None or normalised is None:
            raise ValueError(f"{qid}: {problem}")
        self.answers[qid] = normalised

    # --- derived state -------------------------------------------------------------------------

    def slots(self) -> list[Slot]:
        """Every question in order, with whether it applies, its value and its source: answered, detected or
        default, by the one precedence that ``readiness assess`` uses (:func:`readiness.core.answers.layer_answers`)."""
        return [Slot(section=x.section, question=x.question, applicable=x.applicable, value=x.value, source=x.source,
                     answered=x.answered) for x in layer_answers(self.questionnaire, self.answers, self.detected)]

    def slot(self, qid: str) -> Slot:
        """The slot of one question."""
        for slot in self.slots():
            if slot.id == qid:
                return slot
        raise KeyError(qid)

    def applicable(self) -> list[Slot]:
        """The questions that apply, in order (of the sections this interview covers)."""
        return [s for s in self.slots() if s.applicable and self.covers(s)]

    def covers(self, slot: Slot) -> bool:
        """Whether the question is in a section this interview covers (``--sections``; every section without)."""
        return self.sections is None or slot.section.id in self.sections

    def pending(self) -> list[Slot]:
        """Questions still to ask: applicable and unanswered (with ``review_all``: not yet asked in this run)."""
        return [s for s in self.applicable()
                if not s.answered or (self.review_all and s.id not in self.confirmed)]

    def next_pending(self) -> Slot | None:
        """The first question still to ask, or None when every applicable question is answered."""
        pending = self.pending()
        return pending[0] if pending else None

    def counted(self) -> list[Slot]:
        """The questions the progress counts: those that apply, and follow-ups that may still appear because a
        question their condition reads is not answered yet. So the total only ever shrinks as answers come."""
        return [s for s in self.slots() if self.covers(s) and (s.applicable or any(
            ref not in self.answers for ref in referenced_questions(s.question.when)))]

    def progress(self, qid: str) -> Progress:
        """Section k of n and question i of m for a question (counting what applies or may still apply)."""
        slots = self.counted()
        sections = list(dict.fromkeys(s.section.id for s in slots))
        for index, slot in enumerate(slots, start=1):
            if slot.id == qid:
                return Progress(section_index=sections.index(slot.section.id) + 1, section_count=len(sections),
                                question_index=index, question_count=len(slots))
        raise KeyError(f"{qid} does not apply")

    def section_progress(self, section_id: str) -> tuple[int, int]:
        """(k, n): the section's place among the sections that have questions that apply."""
        sections = list(dict.fromkeys(s.section.id for s in self.applicable()))
        return sections.index(section_id) + 1, len(sections)

    def answered_count(self) -> int:
        """How many applicable questions have an answer."""
        return sum(1 for s in self.applicable() if s.answered)

    def done_count(self) -> int:
        """How many applicable questions need no asking (with ``review_all``: confirmed in this run)."""
        return len(self.applicable()) - len(self.pending())

    def is_empty(self) -> bool:
        """Nothing to save: no answer, no engagement, no note."""
        return not self.answers and self.engagement is None and not self.notes

    @property
    def consultant(self) -> bool:
        """Consultant mode: engagement metadata with a client name, and a note per section."""
        return self.engagement is not None and bool(self.engagement.client)

    def _applicable_ids(self) -> set[str]:
        return {s.id for s in self.slots() if s.applicable}

    # --- saving --------------------------------------------------------------------------------

    def to_answers_file(self) -> AnswersFile:
        """The answers file to save: answers to applicable questions in questionnaire order, engagement, notes."""
        answers = {s.id: s.value for s in self.applicable() if s.answered}
        return AnswersFile(questionnaire=self.questionnaire.ref, engagement=self.engagement,
                           respondent=self.respondent, notes=dict(sorted(self.notes.items())), answers=answers)

    def to_resume_file(self) -> AnswersFile:
        """What the resume file keeps: the answers file so far; with ``review_all``, only the answers
        confirmed in this run, so that the review continues at the first one not yet confirmed (the
        others are still in the pre-fill file, which the resume command names again)."""
        saved = self.to_answers_file()
        if not self.review_all:
            return saved
        confirmed = {qid: value for qid, value in saved.answers.items() if qid in self.confirmed}
        return saved.model_copy(update={"answers": confirmed})
