"""Questionnaires: validated and cross-checked, every problem reported at once. Pure.

Reading the files is the use cases' job (:mod:`readiness.app.rules`); this module checks what was read. The plan
and risk catalogues beside a questionnaire are checked in :mod:`readiness.core.plan_checks`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from readiness.core.conditions import referenced_questions
from readiness.core.values import coerce, counted_terms
from readiness.errors import Problem, QuestionnaireError
from readiness.io.validate import parse_model
from readiness.models import CATEGORIES, Condition, Expr, Question, Questionnaire, SignalSpec

DEFAULT_QUESTIONNAIRE = "service-mesh-readiness"
PLAN_SUFFIX = ".plan.yaml"
MAX_QUESTIONNAIRE_BYTES = 2 * 1024 * 1024

CORE_TYPES: dict[str, str] = {
    "service_count": "int",
    "expected_service_count_12m": "int",
    "languages": "multi",
    "shared_framework": "bool",
    "platform_tooling": "bool",
    "architecture": "choice",
    "release_style": "choice",
    "protocols": "multi",
    "third_party_integration": "bool",
    "utility_rework": "choice",
    "compliance": "multi",
    "encryption_in_transit_required": "bool",
    "time_to_localize": "choice",
    "localize_vs_fix": "choice",
    "clusters": "int",
    "multicluster_needs": "multi",
    "platform": "choice",
    "kubernetes_experience": "choice",
    "observability": "multi",
    "latency_budget_ms": "number",
    "north_south_only": "bool",
}
"""The public answers contract of DESIGN.md: these ids must exist with these types."""

CORE_CHOICES: dict[str, set[str]] = {
    "architecture": {"monolith", "modular_monolith", "microservices", "mixed"},
    "release_style": {"all_at_once_manual", "release_train", "independent_continuous"},
    "protocols": {"http", "grpc", "websocket", "tcp_custom", "messaging", "databases", "udp"},
    "utility_rework": {"never", "sometimes", "often"},
    "compliance": {"pci_dss", "hipaa", "sox", "gdpr", "soc2", "iso27001", "fedramp", "other"},
    "time_to_localize": {"minutes", "hours", "days"},
    "localize_vs_fix": {"localizing_takes_longer", "about_equal", "fixing_takes_longer"},
    "multicluster_needs": {"failover", "location_routing", "team_isolation", "unified_trust", "single_pane"},
    "platform": {"kubernetes", "vms", "mixed", "serverless"},
    "kubernetes_experience": {"none", "learning", "production", "expert"},
    "observability": {"metrics", "logs", "tracing"},
}


def parse_questionnaire(raw: Any, name: str) -> Questionnaire:
    """A parsed questionnaire document, validated and cross-checked; every problem is reported with its path."""
    return parse_model(raw, Questionnaire, name, what="questionnaire", kind="questionnaire", invalid=_raw_problems,
                       after=check_questionnaire, error=QuestionnaireError)


def _raw_problems(raw: Mapping[str, Any], name: str) -> Iterator[Problem]:
    """Duplicate ids and unknown condition references, read from the raw data when the model is invalid."""
    sections: list[Any] = raw["sections"] if isinstance(raw.get("sections"), list) else []
    questions = [(s, q) for s in sections if isinstance(s, dict) and isinstance(s.get("questions"), list)
                 for q in s["questions"] if isinstance(q, dict)]
    ids = [q.get("id") for _, q in questions]
    seen: set[Any] = set()
    for section, question in questions:
        path = f"sections.{section.get('id')}.questions.{question.get('id')}"
        if question.get("id") in seen:
            yield Problem(name, path, "duplicate question id")
        seen.add(question.get("id"))
        when = question.get("when")
        refs = [when.get("question")] if isinstance(when, dict) else []
        for group in ("all", "any"):
            if isinstance(when, dict) and isinstance(when.get(group), list):
                refs += [c.get("question") for c in when[group] if isinstance(c, dict)]
        for ref in refs:
            if ref is not None and ref not in ids:
                yield Problem(name, f"{path}.when", f"refers to unknown question '{ref}'")


def check_questionnaire(q: Questionnaire, name: str) -> Iterator[Problem]:
    """Every cross-reference problem of a questionnaire that the models alone cannot see."""
    questions = q.questions()
    by_id: dict[str, Question] = {}
    for dup, n in Counter(s.id for s in q.sections).items():
        if n > 1:
            yield Problem(name, f"sections.{dup}", f"duplicate section id ({n} times)")
    seen_before: set[str] = set()
    for section in q.sections:
        for question in section.questions:
            path = f"sections.{section.id}.questions.{question.id}"
            if question.id in by_id:
                yield Problem(name, path, "duplicate question id")
            by_id.setdefault(question.id, question)
            yield from _check_question(question, path, name)
            for ref in referenced_questions(question.when):
                if ref == question.id:
                    yield Problem(name, f"{path}.when", "condition refers to its own question")
                elif ref not in seen_before:
                    where = "unknown question" if ref not in {x.id for x in questions} else "a later question"
                    yield Problem(name, f"{path}.when", f"refers to {where} '{ref}'")
            if question.when is not None:
                yield from _check_condition_values(question.when, by_id, f"{path}.when", name)
            for i, conditional in enumerate(question.default_when):
                where = f"{path}.default_when[{i}].when"
                for ref in referenced_questions(conditional.when):
                    if ref not in seen_before:
                        yield Problem(name, where, f"refers to '{ref}', which is not asked before this question")
                yield from _check_condition_values(conditional.when, by_id, where, name)
            seen_before.add(question.id)
    for qid in _unknown_default_from(by_id):
        yield Problem(name, f"questions.{qid}", "default_from refers to an unknown question")
    yield from _check_core(by_id, name)
    yield from _check_scoring(q, by_id, name)


def _unknown_default_from(by_id: dict[str, Question]) -> list[str]:
    """Questions whose ``default_from`` names no question."""
    return [q.id for q in by_id.values() if q.default_from and q.default_from not in by_id]


def _check_question(question: Question, path: str, name: str) -> Iterator[Problem]:
    kind = question.type
    choice_ids = [c.id for c in question.choices]
    if kind in ("choice", "multi"):
        if not question.choices:
            yield Problem(name, f"{path}.choices", f"a {kind} question needs choices")
        for dup, n in Counter(choice_ids).items():
            if n > 1:
                yield Problem(name, f"{path}.choices.{dup}", f"duplicate choice id ({n} times)")
        aliases = Counter(a.lower() for c in question.choices for a in c.aliases)
        for dup, n in aliases.items():
            if n > 1 or dup in choice_ids:
                yield Problem(name, f"{path}.choices", f"alias '{dup}' is ambiguous")
    elif question.choices:
        yield Problem(name, f"{path}.choices", f"a {kind} question takes no choices")
    if question.min is not None and question.max is not None and question.min > question.max:
        yield Problem(name, f"{path}.min", f"min {question.min} is above max {question.max}")
    if question.type == "bool" and not question.statement_no:
        yield Problem(name, f"{path}.statement_no", "a yes/no question needs the statement of the answer no")
    if question.type != "bool" and "{value}" not in question.statement:
        yield Problem(name, f"{path}.statement", "the statement needs a {value} placeholder for the answer")
    if question.steps and question.type not in ("int", "number"):
        yield Problem(name, f"{path}.steps", f"a {kind} question takes no steps (they are for numbers)")
    for i, conditional in enumerate(question.default_when):
        problem = default_problem(question, conditional.value)
        if problem:
            yield Problem(name, f"{path}.default_when[{i}].value", problem)
    if question.default is None and question.default_from is None:
        yield Problem(name, f"{path}.default", "every question needs a default (or default_from)")
    if question.default is not None:
        problem = default_problem(question, question.default)
        if problem:
            yield Problem(name, f"{path}.default", problem)


def default_problem(question: Question, value: Any) -> str | None:
    """Why a value does not fit its question (as a default or lever candidate), or None."""
    return coerce(question, value)[1]


def _check_condition_values(cond: Condition, by_id: dict[str, Question], path: str, name: str) -> Iterator[Problem]:
    """Values a condition compares with must be valid for the question it reads."""
    if cond.all is not None or cond.any is not None:
        for i, sub in enumerate(cond.all or cond.any or []):
            yield from _check_condition_values(sub, by_id, f"{path}[{i}]", name)
        return
    clause = cond.clause
    if clause is None or clause.question is None or clause.question not in by_id:
        return
    question = by_id[clause.question]
    ids = {c.id for c in question.choices}
    wanted = [v for v in (clause.equals, clause.not_equals, clause.contains) if isinstance(v, str)]
    wanted += clause.in_ or []
    for value in wanted:
        if question.type in ("choice", "multi") and value not in ids:
            yield Problem(name, path, f"'{value}' is not a choice of '{question.id}'")
    if question.type in ("choice",) and clause.contains is not None:
        yield Problem(name, path, f"'contains' needs a list question; '{question.id}' is a single choice")


def _check_core(by_id: dict[str, Question], name: str) -> Iterator[Problem]:
    for qid, kind in CORE_TYPES.items():
        question = by_id.get(qid)
        if question is None:
            yield Problem(name, f"questions.{qid}", "core answer id of the public contract is missing")
            continue
        if question.type != kind:
            yield Problem(name, f"questions.{qid}.type", f"core answer must be of type {kind}")
        missing = CORE_CHOICES.get(qid, set()) - {c.id for c in question.choices}
        if missing:
            yield Problem(name, f"questions.{qid}.choices", f"core values missing: {', '.join(sorted(missing))}")


def _check_scoring(q: Questionnaire, by_id: dict[str, Question], name: str) -> Iterator[Problem]:
    scoring = q.scoring
    for dup, n in Counter(s.id for s in scoring.signals).items():
        if n > 1:
            yield Problem(name, f"scoring.signals.{dup}", f"duplicate signal id ({n} times)")
    for signal in scoring.signals:
        path = f"scoring.signals.{signal.id}"
        yield from _check_expr(signal.strength, by_id, f"{path}.strength", name)
        yield from _check_explanations(signal, by_id, f"{path}.explain", name)
    for kind in ("need", "readiness"):
        total = sum(s.weight for s in scoring.signals if s.kind == kind)
        if abs(total - 100) > 1e-6:
            yield Problem(name, "scoring.signals", f"{kind} signal weights add up to {total:g}; expected 100")
    if not scoring.verdict or scoring.verdict[-1].when is not None:
        yield Problem(name, "scoring.verdict", "the last verdict rule must have no 'when' (the fallback)")
    for i, rule in enumerate(scoring.verdict):
        for ref in referenced_questions(rule.when):
            if ref not in by_id:
                yield Problem(name, f"scoring.verdict[{i}].when", f"refers to unknown question '{ref}'")
    for category in CATEGORIES:
        if category not in scoring.categories:
            yield Problem(name, f"scoring.categories.{category}", "text for this category is missing")



SIDES: dict[str, tuple[str, ...]] = {"need": ("raise", "none"), "dampener": ("dampen", "none"),
                                     "readiness": ("ready", "gap")}
"""The sides a signal of each kind can take: each needs a sentence that always applies (no ``when``)."""


def _check_explanations(signal: SignalSpec, by_id: dict[str, Question], path: str, name: str) -> Iterator[Problem]:
    """Every sentence is of a side the signal can take, names known questions, and each side has a fallback."""
    sides = SIDES[signal.kind]
    counted = {f"{t.question}_counted" for t in counted_terms(signal.strength)}
    for i, case in enumerate(signal.explain):
        where = f"{path}[{i}]"
        if case.side not in sides:
            yield Problem(name, f"{where}.side", f"a {signal.kind} signal takes the sides {', '.join(sides)}, "
                                                 f"not {case.side}")
        for placeholder in _placeholders(case.text):
            if placeholder not in by_id and placeholder not in counted:
                yield Problem(name, f"{where}.text", f"unknown placeholder {{{placeholder}}}")
        for ref in referenced_questions(case.when):
            if ref not in by_id:
                yield Problem(name, f"{where}.when", f"refers to unknown question '{ref}'")
    for side in sides:
        if not any(case.side == side and case.when is None for case in signal.explain):
            yield Problem(name, path, f"no sentence for the side '{side}' that always applies (one without 'when')")


def _check_expr(expr: Expr, by_id: dict[str, Question], path: str, name: str) -> Iterator[Problem]:
    if expr.terms is not None:
        for i, sub in enumerate(expr.terms):
            yield from _check_expr(sub, by_id, f"{path}.terms[{i}]", name)
        return
    term = expr.term
    assert term is not None
    question = by_id.get(term.question)
    if question is None:
        yield Problem(name, f"{path}.question", f"unknown question '{term.question}'")
        return
    if term.measure in ("count", "share") and question.type != "multi":
        yield Problem(name, f"{path}.measure",
                      f"'{term.measure}' needs a list question; '{question.id}' is {question.type}")
    if term.measure == "value" and question.type == "multi":
        yield Problem(name, f"{path}.measure", f"'{question.id}' is a list: use measure count or share")
    if term.map is not None:
        valid = {"true", "false"} if question.type == "bool" else {c.id for c in question.choices}
        if question.type in ("int", "number") or term.measure != "value":
            yield Problem(name, f"{path}.map", "a map needs a choice or bool answer; use points for numbers")
        else:
            for key in term.map:
                if key not in valid:
                    yield Problem(name, f"{path}.map.{key}", f"not a value of '{question.id}'")
            missing = valid - set(term.map)
            if missing:
                yield Problem(name, f"{path}.map", f"no strength for {', '.join(sorted(missing))}")
        for key, strength in term.map.items():
            if not 0 <= strength <= 1:
                yield Problem(name, f"{path}.map.{key}", f"strength {strength:g} outside 0–1")
    if term.points is not None:
        if question.type in ("choice", "bool"):
            yield Problem(name, f"{path}.points", "points need a number or a list measure")
        xs = [x for x, _ in term.points]
        if xs != sorted(xs) or len(set(xs)) != len(xs):
            yield Problem(name, f"{path}.points", "x values must be strictly ascending")
        for x, strength in term.points:
            if not 0 <= strength <= 1:
                yield Problem(name, f"{path}.points", f"strength {strength:g} at {x:g} outside 0–1")
    if term.count_of is not None:
        for value in term.count_of:
            if value not in {c.id for c in question.choices}:
                yield Problem(name, f"{path}.count_of", f"'{value}' is not a choice of '{question.id}'")


def _placeholders(text: str) -> list[str]:
    import string

    return [field for _, field, _, _ in string.Formatter().parse(text) if field]
