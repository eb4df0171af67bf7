"""The interview conversation: engagement, questions section by section, review. No terminal code.

:class:`Interview` drives a :class:`~readiness.interview.prompter.Prompter` over a
:class:`~readiness.interview.session.Session`. Every answer is recorded at once and reported to
``on_change`` (the runner saves progress there), so an interruption loses nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import partial

from readiness.console.review import ReviewRow, ReviewTable
from readiness.core.conditions import describe
from readiness.core.values import coerce, display
from readiness.interview.parsing import parse_date, parse_name, parse_number
from readiness.interview.prompter import Ask, AskKind, Option, Prompter, SectionIntro
from readiness.interview.session import Change, Session, Slot
from readiness.models import AnswersFile, AnswerValue, DetectedAnswer, Engagement, Section

FILTER_FROM = 11
"""Choice lists this long (or longer) can be narrowed by typing."""

KINDS: dict[str, AskKind] = {"int": "number", "number": "number", "bool": "bool", "choice": "choice",
                             "multi": "multi"}


class Interview:
    """One interview over a session: ``run()`` returns the answers file to save."""

    def __init__(self, session: Session, prompter: Prompter, *, today: dt.date, client: str | None = None,
                 ask_client: bool = True, save_label: str = "Save the answers",
                 on_change: Callable[[Session], object] | None = None,
                 hints: Mapping[str, DetectedAnswer] | None = None) -> None:
        self.session = session
        self.hints = dict(hints or {})
        """Partial scan evidence for questions the scan could not answer: shown in the help, never pre-selected."""
        self.prompter = prompter
        self.today = today
        self.client = client
        self.ask_client = ask_client
        self.save_label = save_label
        self.on_change = on_change

    def run(self) -> AnswersFile:
        """Engagement (consultant mode), every pending question, then the review; the answers file."""
        self.engagement()
        self.ask_pending(notes=self.session.consultant)
        self.review()
        return self.session.to_answers_file()

    # --- engagement ----------------------------------------------------------------------------

    def engagement(self) -> None:
        """Who the assessment is for, by whom and when (asked once; skipped with an empty client)."""
        session = self.session
        if session.engagement is None:
            client = self.client
            if client is None and self.ask_client:
                client = self._text(Ask(
                    key="client", kind="text", message="Who is this assessment for? (client or organisation)",
                    help="Named on the report's cover. With a name, the interview also asks for the assessor, "
                         "the date and a note at the end of each section (consultant mode). Leave it empty "
                         "to skip.",
                    default="", parse=parse_name))
            if not client:
                return
            session.engagement = Engagement(client=client)
            self._changed()
        elif self.client:
            session.engagement = _engagement(session.engagement, client=self.client)
            self._changed()
        current = session.engagement
        if current is not None and current.client and current.date is None:
            self._engagement_details(current)

    def _engagement_details(self, current: Engagement) -> None:
        assessor = self._text(Ask(
            key="assessor", kind="text", message="Who is running the assessment? (your name)",
            help="Named on the report as the assessor. Leave it empty to skip.",
            default=current.assessor or "", parse=parse_name, prefill=bool(current.assessor)))
        default_date = (current.date or self.today).isoformat()
        date = self._text(Ask(
            key="date", kind="text", message="Date of the assessment",
            help="Shown on the report's cover, as YYYY-MM-DD.", default=default_date, parse=parse_date))
        self.session.engagement = _engagement(current, assessor=assessor or None,
                                              date=dt.date.fromisoformat(date or default_date))
        self._changed()

    # --- questions -----------------------------------------------------------------------------

    def ask_pending(self, *, notes: bool, intros: bool = True) -> None:
        """Ask every applicable unanswered question in order, introducing each section (and its note)."""
        current: Section | None = None
        while (slot := self.session.next_pending()) is not None:
            if current is None or slot.section.id != current.id:
                if notes and current is not None:
                    self._note(current)
                current = slot.section
                if intros:
                    index, count = self.session.section_progress(current.id)
                    self.prompter.show_section(SectionIntro(section_id=current.id, title=current.title,
                                                            purpose=current.purpose, index=index, count=count))
            self.ask_question(slot)
        if notes and current is not None:
            self._note(current)

    def question_ask(self, slot: Slot) -> Ask:
        """The prompt for a question: progress, help, options, and its current value pre-selected."""
        question = slot.question
        return Ask(key=question.id, kind=KINDS[question.type], message=question.prompt, help=self.help_text(slot),
                   progress=self.session.progress(question.id).short,
                   options=tuple(Option(c.id, c.label, c.help) for c in question.choices),
                   default=slot.value, unit=question.unit,
                   parse=partial(parse_number, question) if question.type in ("int", "number") else None,
                   filterable=len(question.choices) >= FILTER_FROM)

    def ask_question(self, slot: Slot) -> Change:
        """Ask one question, record the answer (re-asking if it is not valid), say what it changed."""
        question = slot.question
        ask = self.question_ask(slot)
        while True:
            raw = self._ask(ask)
            value, problem = coerce(question, raw)
            if problem is None and value is not None:
                break
            self.prompter.show_message(f"{problem}; please answer again.")
        change = self.session.set_answer(question.id, value)
        self._changed()
        return change

    def help_text(self, slot: Slot) -> str:
        """Why the question matters, why it is asked (follow-ups) and what a scan detected."""
        parts = [slot.question.help.strip()]
        if slot.question.when is not None:
            parts.append(f"Asked because {describe(slot.question.when)}.")
        found = self.session.detected.get(slot.id)
        if found is not None:
            value, problem = coerce(slot.question, found.value)
            if problem is None and value is not None:
                seen = "; ".join(found.evidence[:3])
                parts.append(f"Detected: {display(slot.question, value)}" + (f" ({seen})." if seen else "."))
        hint = self.hints.get(slot.id) if found is None else None
        if hint is not None:
            parts.append("Seen in the scan, not enough to pre-select: " + "; ".join(hint.evidence[:3]) + ".")
        return " ".join(parts)

    def _note(self, section: Section) -> None:
        text = self._text(Ask(
            key=f"note:{section.id}", kind="text", message=f"Notes on {section.title.lower()} (optional)",
            help="Free text for the report, e.g. what the client said or what to verify. Enter skips.",
            default=self.session.notes.get(section.id, ""), prefill=True))
        self.session.set_note(section.id, text)
        self._changed()

    # --- review --------------------------------------------------------------------------------

    def review(self) -> None:
        """Show every answer with its source; change any of them (follow-ups included) until saved."""
        while True:
            self.ask_pending(notes=False, intros=False)
            self.prompter.show_table(self.review_table())
            action = self.prompter.ask_choice(Ask(
                key="review", kind="choice", message="Ready to save?",
                help="Changing an answer asks any follow-up question it brings up; questions that stop "
                     "applying are left out of the saved file.",
                options=(Option("save", self.save_label), Option("edit", "Change an answer"),
                         Option("note", "Write or change a note"),
                         Option("engagement", "Change the client, assessor and date")),
                default="save"))
            if action == "save":
                return
            if action == "edit":
                self._edit_answer()
            elif action == "note":
                self._edit_note()
            elif action == "engagement":
                self._edit_engagement()

    def review_table(self) -> ReviewTable:
        """Every applicable answer, numbered, with its source; follow-ups that do not apply listed apart."""
        slots = self.session.slots()
        rows = tuple(ReviewRow(number=n, question_id=s.id, section_title=s.section.title, prompt=s.question.prompt,
                               answer=s.display, source=s.source)
                     for n, s in enumerate(self.session.applicable(), start=1))
        return ReviewTable(rows=rows, not_applicable=tuple(s.question.prompt for s in slots
                                                           if not s.applicable and self.session.covers(s)))

    def _edit_answer(self) -> None:
        applicable = self.session.applicable()
        options = (Option("", "← Back to the review"), *(
            Option(s.id, f"{n}. {s.id} — {_shorten(s.display, 40)}") for n, s in enumerate(applicable, start=1)))
        qid = self.prompter.ask_choice(Ask(
            key="edit", kind="choice", message="Which answer do you want to change?",
            help="The numbers and ids are those of the table above. Type part of an id to narrow the list.",
            options=options, default="", filterable=True))
        if not qid:
            return
        change = self.ask_question(self.session.slot(qid))
        for appeared in change.appeared:
            slot = self.session.slot(appeared)
            if slot.answered:
                self.prompter.show_message(f"Applies again, with your earlier answer ({slot.display}): "
                                           f"{slot.question.prompt}")
            else:
                self.prompter.show_message(f"Your change brings up a follow-up question: {slot.question.prompt}")
        for gone in change.disappeared:
            self.prompter.show_message(f"No longer applies, so it is left out: {self.session.question(gone).prompt}")

    def _edit_note(self) -> None:
        session = self.session
        sections = list(dict.fromkeys(s.section.id for s in session.applicable()))
        titles = {s.id: s.title for s in session.questionnaire.sections}
        options = (Option("", "← Back to the review"), Option("general", "General note"), *(
            Option(sid, titles[sid] + (" (has a note)" if sid in session.notes else "")) for sid in sections))
        key = self.prompter.ask_choice(Ask(key="note", kind="choice", message="A note on which part?",
                                           help="Notes are shown in the report.", options=options, default=""))
        if not key:
            return
        title = "general" if key == "general" else titles[key].lower()
        text = self._text(Ask(key=f"note:{key}", kind="text", message=f"Notes on {title}",
                              help="Free text for the report. Empty removes the note.",
                              default=session.notes.get(key, ""), prefill=True))
        session.set_note(key, text)
        self._changed()

    def _edit_engagement(self) -> None:
        current = self.session.engagement or Engagement()
        client = self._text(Ask(key="client", kind="text", message="Who is this assessment for? (client or "
                                "organisation)", help="Empty removes the client, assessor and date.",
                                default=current.client or "", parse=parse_name, prefill=bool(current.client)))
        if not client:
            self.session.engagement = None
            self._changed()
            return
        self._engagement_details(_engagement(current, client=client))

    # --- plumbing ------------------------------------------------------------------------------

    def _ask(self, ask: Ask) -> AnswerValue:
        prompter = self.prompter
        if ask.kind == "choice":
            return prompter.ask_choice(ask)
        if ask.kind == "multi":
            return prompter.ask_multi(ask)
        if ask.kind == "bool":
            return prompter.ask_bool(ask)
        if ask.kind == "number":
            return prompter.ask_number(ask)
        return prompter.ask_text(ask)

    def _text(self, ask: Ask) -> str:
        """Free text, re-asked until ``ask.parse`` accepts it; empty text is always accepted."""
        while True:
            text = self.prompter.ask_text(ask).strip()
            if not text or ask.parse is None:
                return text
            value, problem = ask.parse(text)
            if problem is None:
                return str(value)
            self.prompter.show_message(problem)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self.session)


def _engagement(current: Engagement, **changes: object) -> Engagement:
    """A copy of an engagement with some fields changed (validated like the answers file)."""
    return Engagement.model_validate({**current.model_dump(), **changes})


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
