"""The plan and risk catalogues beside a questionnaire: validated and cross-checked, every problem at once. Pure.

Beyond their models, the checks make the catalogues' promises hold: every condition names questions and values
the questionnaire has; every ``{question}`` a sentence states is an answer its own condition tests (so no sentence
states an answer nobody gave); every ``{term}`` is a word each data plane has, and a sentence names terms or
answers, never both (so it can be put in a data plane's words after the mesh analysis); every role, phase and
answer the schedule reads exists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from readiness.core.conditions import referenced_questions
from readiness.core.plan import SPECIAL
from readiness.core.questionnaire import _check_condition_values
from readiness.core.sentences import fill, line_sentences, placeholders
from readiness.errors import Problem, QuestionnaireError
from readiness.io.validate import parse_model
from readiness.models import CATEGORIES, Condition, PlanCatalogue, Question, Questionnaire, RiskCatalogue, Sentence
from readiness.models.plan import TERM_SETS

RISKS_SUFFIX = ".risks.yaml"


def parse_plan_catalogue(raw: Any, questionnaire: Questionnaire, name: str) -> PlanCatalogue:
    """A parsed plan catalogue, validated and cross-checked against its questionnaire."""
    return parse_model(raw, PlanCatalogue, name, what="plan catalogue", error=QuestionnaireError,
                       after=lambda catalogue, where: check_plan_catalogue(catalogue, questionnaire, where))


def parse_risk_catalogue(raw: Any, questionnaire: Questionnaire, plan: PlanCatalogue, name: str) -> RiskCatalogue:
    """A parsed risk catalogue, validated and cross-checked against its questionnaire and plan catalogue."""
    return parse_model(raw, RiskCatalogue, name, what="risk catalogue", error=QuestionnaireError,
                       after=lambda risks, where: check_risk_catalogue(risks, questionnaire, plan, where))


def duplicate_ids(ids: Sequence[str], path: str, what: str, name: str) -> Iterator[Problem]:
    """One problem per id that appears more than once."""
    for dup, n in Counter(ids).items():
        if n > 1:
            yield Problem(name, f"{path}.{dup}", f"duplicate {what} id ({n} times)")


def condition_problems(condition: Condition | None, by_id: Mapping[str, Question], path: str,
                       name: str) -> Iterator[Problem]:
    """A condition names known questions, with values those questions take."""
    for ref in referenced_questions(condition):
        if ref not in by_id:
            yield Problem(name, path, f"unknown question '{ref}'")
    if condition is not None:
        yield from _check_condition_values(condition, dict(by_id), path, name)


def sentence_problems(sentence: Sentence, by_id: Mapping[str, Question], terms: Iterable[str], path: str,
                      name: str, special: Iterable[str] = ()) -> Iterator[Problem]:
    """A sentence's condition is valid; each placeholder is a term, a value the plan fills, or an answer the
    condition tests; and it names terms or answers, not both."""
    yield from condition_problems(sentence.when, by_id, f"{path}.when", name)
    tested = set(referenced_questions(sentence.when))
    names = placeholders(sentence.text)
    term_names, extra = set(terms), set(special)
    for placeholder in names:
        if placeholder in term_names or placeholder in extra:
            continue
        if placeholder not in by_id:
            yield Problem(name, f"{path}.text", f"unknown placeholder {{{placeholder}}}")
        elif placeholder not in tested:
            yield Problem(name, f"{path}.text", f"{{{placeholder}}} states an answer the sentence's 'when' does not "
                                                f"test: add a condition on '{placeholder}'")
    if any(n in term_names for n in names) and any(n not in term_names for n in names):
        yield Problem(name, f"{path}.text", "a sentence names data-plane terms or answers, not both")


def _phase_sentences(catalogue: PlanCatalogue) -> Iterator[tuple[str, Sentence]]:
    """Every sentence of the phases, with its path."""
    for phase in catalogue.phases:
        base = f"phases.{phase.id}"
        yield f"{base}.goal", Sentence(text=phase.goal)
        for field in ("activities", "entry_criteria", "exit_criteria", "success_metrics"):
            for i, line in enumerate(getattr(phase, field)):
                for j, sentence in enumerate(line_sentences(line)):
                    yield f"{base}.{field}[{i}]" + (f"[{j}]" if not isinstance(line, str) else ""), sentence
        for i, sentence in enumerate(phase.why):
            yield f"{base}.why[{i}]", sentence


def check_plan_catalogue(catalogue: PlanCatalogue, q: Questionnaire, name: str) -> Iterator[Problem]:
    """Cross-check a plan catalogue against its questionnaire."""
    if catalogue.questionnaire != q.id:
        yield Problem(name, "questionnaire", f"belongs to '{catalogue.questionnaire}', not '{q.id}'")
    by_id = {x.id: x for x in q.questions()}
    yield from _phase_problems(catalogue, q, by_id, name)
    yield from _template_problems(catalogue, name)
    yield from _role_problems(catalogue.roles, by_id, name)
    yield from _term_problems(catalogue, by_id, name)
    yield from _schedule_problems(catalogue, by_id, name)
    terms = catalogue.mesh_terms.get("neutral", {})
    for path, sentence in _phase_sentences(catalogue):
        yield from sentence_problems(sentence, by_id, terms, path, name, SPECIAL)
    for i, sentence in enumerate(catalogue.baseline):
        yield from sentence_problems(sentence, by_id, (), f"baseline[{i}]", name)
    for i, sentence in enumerate(catalogue.pilot_scope.notes):
        yield from sentence_problems(sentence, by_id, (), f"pilot_scope.notes[{i}]", name)
    experience = by_id.get("kubernetes_experience")
    missing = {c.id for c in experience.choices} - set(catalogue.scaling.experience) if experience else set()
    if missing:
        yield Problem(name, "scaling.experience", f"no factor for {', '.join(sorted(missing))}")


def _phase_problems(catalogue: PlanCatalogue, q: Questionnaire, by_id: Mapping[str, Question],
                    name: str) -> Iterator[Problem]:
    yield from duplicate_ids([p.id for p in catalogue.phases], "phases", "phase", name)
    signal_ids = {s.id for s in q.scoring.signals}
    for phase in catalogue.phases:
        path = f"phases.{phase.id}"
        if phase.weeks.min > phase.weeks.max:
            yield Problem(name, f"{path}.weeks", "min is above max")
        if (phase.every_months is None) == (phase.weeks.max == 0):
            yield Problem(name, f"{path}.weeks", "a recurring review (every_months) takes 0 weeks; any other phase "
                                                 "at least 1")
        if phase.owner not in catalogue.roles:
            yield Problem(name, f"{path}.owner", f"unknown role '{phase.owner}'")
        for sig in phase.driven_by:
            if sig not in signal_ids:
                yield Problem(name, f"{path}.driven_by", f"unknown signal '{sig}'")
        yield from condition_problems(phase.include_when, by_id, f"{path}.include_when", name)
        for i, boost in enumerate(phase.boosts):
            yield from condition_problems(boost.when, by_id, f"{path}.boosts[{i}].when", name)
        for i, adjustment in enumerate(phase.adjust):
            yield from condition_problems(adjustment.when, by_id, f"{path}.adjust[{i}].when", name)


def _template_problems(catalogue: PlanCatalogue, name: str) -> Iterator[Problem]:
    phase_ids = {p.id for p in catalogue.phases}
    for category in CATEGORIES:
        template = catalogue.plans.get(category)
        if template is None:
            yield Problem(name, f"plans.{category}", "plan for this category is missing")
            continue
        for pid in template.phases:
            if pid not in phase_ids:
                yield Problem(name, f"plans.{category}.phases", f"unknown phase '{pid}'")


def _role_problems(roles: Mapping[str, Sequence[Sentence]], by_id: Mapping[str, Question],
                   name: str) -> Iterator[Problem]:
    for role, wordings in roles.items():
        if not wordings or wordings[-1].when is not None:
            yield Problem(name, f"roles.{role}", "the last wording must have no 'when' (it always applies)")
        for i, sentence in enumerate(wordings):
            yield from sentence_problems(sentence, by_id, (), f"roles.{role}[{i}]", name)


def _term_problems(catalogue: PlanCatalogue, by_id: Mapping[str, Question], name: str) -> Iterator[Problem]:
    """Every data plane has every term; no term is named like a question; a neutral sentence reads as one
    data plane's sentence only."""
    terms = catalogue.mesh_terms
    neutral = terms.get("neutral", {})
    for term_set in TERM_SETS:
        if term_set not in terms:
            yield Problem(name, f"mesh_terms.{term_set}", "missing")
        elif set(terms[term_set]) != set(neutral):
            odd = sorted(set(terms[term_set]) ^ set(neutral))
            yield Problem(name, f"mesh_terms.{term_set}", f"must have the neutral terms exactly (differs: "
                                                          f"{', '.join(odd)})")
    for term in neutral:
        if term in by_id or term in SPECIAL:
            yield Problem(name, f"mesh_terms.neutral.{term}", "a term cannot be named like a question")
    plain = {s.text for _, s in _phase_sentences(catalogue) if not placeholders(s.text)}
    seen: dict[str, str] = {}
    for path, sentence in _phase_sentences(catalogue):
        names = placeholders(sentence.text)
        if not names or not all(n in neutral for n in names):
            continue
        rendered = fill(sentence.text, neutral)
        if rendered in plain or seen.get(rendered, sentence.text) != sentence.text:
            yield Problem(name, f"{path}.text", "reads, in neutral terms, like another sentence of the catalogue")
        seen[rendered] = sentence.text


def _schedule_problems(catalogue: PlanCatalogue, by_id: Mapping[str, Question], name: str) -> Iterator[Problem]:
    schedule = catalogue.schedule
    if schedule.go_no_go_by not in catalogue.roles:
        yield Problem(name, "schedule.go_no_go_by", f"unknown role '{schedule.go_no_go_by}'")
    for question, keys, path in (("adoption_window", schedule.windows, "schedule.windows"),
                                 ("change_approval", schedule.approval, "schedule.approval")):
        if question not in by_id:
            continue
        choices = {c.id for c in by_id[question].choices}
        for key in sorted(set(keys) - choices):
            yield Problem(name, f"{path}.{key}", f"not a choice of '{question}'")
        for key in sorted(choices - set(keys)):
            yield Problem(name, path, f"no entry for '{key}'")


def check_risk_catalogue(risks: RiskCatalogue, q: Questionnaire, plan: PlanCatalogue,
                         name: str) -> Iterator[Problem]:
    """Cross-check a risk catalogue against its questionnaire and the plan catalogue's roles and phases."""
    if risks.questionnaire != q.id:
        yield Problem(name, "questionnaire", f"belongs to '{risks.questionnaire}', not '{q.id}'")
    by_id = {x.id: x for x in q.questions()}
    phase_ids = {p.id for p in plan.phases}
    yield from duplicate_ids([r.id for r in risks.risks], "risks", "risk", name)
    for rule in risks.risks:
        path = f"risks.{rule.id}"
        yield from condition_problems(rule.when, by_id, f"{path}.when", name)
        yield from sentence_problems(Sentence(text=rule.title, when=rule.when), by_id, (), f"{path}.title", name)
        for i, level in enumerate(rule.levels):
            yield from condition_problems(level.when, by_id, f"{path}.levels[{i}].when", name)
        for i, wording in enumerate(rule.mitigation):
            when = Condition(all=[c for c in (rule.when, wording.when) if c is not None]) if rule.when else wording.when
            yield from sentence_problems(Sentence(text=wording.text, when=when), by_id, (),
                                         f"{path}.mitigation[{i}]", name)
        if rule.mitigation[-1].when is not None:
            yield Problem(name, f"{path}.mitigation", "the last wording must have no 'when' (it always applies)")
        yield from _reference_problems(rule.owner, rule.phase, plan, phase_ids, path, name)
    yield from _reference_problems(risks.precheck.owner, risks.precheck.phase, plan, phase_ids, "precheck", name)
    if risks.disagreement.owner not in plan.roles:
        yield Problem(name, "disagreement.owner", f"unknown role '{risks.disagreement.owner}'")


def _reference_problems(owner: str, phases: Sequence[str], plan: PlanCatalogue, phase_ids: set[str], path: str,
                        name: str) -> Iterator[Problem]:
    if owner not in plan.roles:
        yield Problem(name, f"{path}.owner", f"unknown role '{owner}' (roles: {', '.join(sorted(plan.roles))})")
    for phase in phases:
        if phase not in phase_ids:
            yield Problem(name, f"{path}.phase", f"unknown phase '{phase}'")
