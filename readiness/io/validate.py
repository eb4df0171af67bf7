"""Validating a parsed document against its model, and the one translator of what is wrong with it. No I/O.

Every input — answers, assessment, questionnaire, plan catalogue, scan signatures, mesh catalogues, brand —
goes the same way: read defensively (:mod:`readiness.io.files`), refuse another kind of readiness document
with the right advice (:mod:`readiness.io.kinds`), run the document's own checks of the raw data, validate it
against its pydantic model, then its cross-checks. Every problem is a :class:`~readiness.errors.Problem`
naming the file, the field (list items by their ``id`` where they have one) and what was expected.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from readiness.errors import InputError, Problem, describe, did_you_mean, kind_of
from readiness.io.kinds import DocumentKind, wrong_kind

Model = TypeVar("Model", bound=BaseModel)
RawCheck = Callable[[Mapping[str, Any], str], Iterable[Problem]]
"""Checks of the raw mapping before validation (``(raw, name) -> problems``)."""

EXPECTED = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "int_from_float": "a whole number", "float_type": "a number", "float_parsing": "a number",
    "bool_type": "true or false", "bool_parsing": "true or false", "list_type": "a list", "tuple_type": "a list",
    "dict_type": "a mapping", "model_type": "a mapping", "model_attributes_type": "a mapping",
    "date_type": "a date as YYYY-MM-DD", "date_parsing": "a date as YYYY-MM-DD", "date_from_datetime_parsing":
    "a date as YYYY-MM-DD",
}
"""What a pydantic type error expected, in words."""


def parse_model(raw: Any, model: type[Model], name: str, *, what: str, kind: DocumentKind | None = None,
                title: str | None = None, before: RawCheck | None = None, invalid: RawCheck | None = None,
                after: Callable[[Model, str], Iterable[Problem]] | None = None,
                error: type[InputError] = InputError, max_problems: int | None = None) -> Model:
    """A parsed document as ``model``; raise ``error`` listing every problem.

    ``what`` names the document ("answers file", "brand"); ``title`` names it where it is not one at all ("an
    Assessment"). ``kind`` refuses another kind of readiness document with advice. ``before`` checks the raw
    mapping, ``invalid`` adds what the raw data shows when the model refuses it, ``after`` cross-checks the
    validated model.
    """
    if not isinstance(raw, dict):
        expected = title or f"{_a(what)}: a mapping of fields at the top level"
        raise error.single(name, "", f"expected {expected}, found {kind_of(raw)}")
    if kind is not None:
        mistake = wrong_kind(raw, kind)
        if mistake:
            raise error.single(name, "", mistake)
    problems = list(before(raw, name)) if before else []
    if problems:
        raise error(_capped(problems, name, max_problems))
    try:
        value = model.model_validate(raw)
    except ValidationError as exc:
        problems = problems_from(exc, name, raw, model, title=title) + list(invalid(raw, name) if invalid else [])
        raise error(_capped(problems, name, max_problems)) from None
    problems = list(after(value, name)) if after else []
    if problems:
        raise error(_capped(problems, name, max_problems))
    return value


def problems_from(exc: ValidationError, name: str, raw: Any = None, model: type[BaseModel] | None = None, *,
                  title: str | None = None) -> list[Problem]:
    """Pydantic's errors as problems: dotted paths (list items by id), messages in words, never the input itself
    beyond a short excerpt. Top-level fields that are missing are named together in one line."""
    errors = exc.errors()
    missing = [str(e["loc"][0]) for e in errors if e["type"] == "missing" and len(e["loc"]) == 1]
    problems: list[Problem] = []
    if missing:
        what = f"not {title}: " if title else ""
        problems.append(Problem(name, "", f"{what}missing {', '.join(missing)}"))
    for err in errors:
        if err["type"] == "missing" and len(err["loc"]) == 1:
            continue
        problems.append(Problem(name, dotted(err["loc"], raw), _message(err, model)))
    return problems


def dotted(loc: Sequence[Any], raw: Any = None) -> str:
    """``sections.scale.questions.service_count.min``: list items named by their ``id`` where the raw data has
    one, else ``[i]``; pydantic's union and wrapper steps left out."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            out += f".{ident}" if isinstance(ident, str) and ident and out else f"[{part}]"
            node = item
            continue
        if part in ("clause", "term") or (isinstance(part, str) and ("[" in part or part.startswith("function-"))):
            continue
        out += f".{part}" if out else str(part)
        node = node.get(part) if isinstance(node, dict) else None
    return out


def _message(err: Mapping[str, Any], model: type[BaseModel] | None) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = fields_at(model, err["loc"][:-1]) if model else []
        if not allowed:
            return "unknown field"
        return f"unknown field{did_you_mean(str(err['loc'][-1]), allowed)}; expected one of {', '.join(allowed)}"
    if kind == "missing":
        return "required, but missing"
    if kind in EXPECTED:
        return f"expected {EXPECTED[kind]}, found {describe(err.get('input'))}"
    if kind == "string_too_long":
        limit = err.get("ctx", {}).get("max_length", "?")
        found = err.get("input")
        return f"expected at most {limit:,} characters, found {len(found):,}" if isinstance(found, str) and \
            isinstance(limit, int) else f"text longer than {limit} characters"
    message = str(err["msg"])
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def fields_at(model: type[BaseModel] | None, loc: Sequence[Any]) -> list[str]:
    """The field names (as written in files) of the model found at ``loc`` inside ``model``; [] if unknown."""
    current: Any = model
    for part in loc:
        current = _unwrap(current, part)
        if current is None:
            return []
    current = _unwrap(current, None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or field for field, info in current.model_fields.items()]
    return []


def _unwrap(annotation: Any, part: Any) -> Any:
    """One step into an annotation: a model's field, a list's item, a dict's value, through Optional."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found = _unwrap(arg, part)
                if found is not None:
                    return found
        return None
    if part is None:
        return annotation
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for field, info in annotation.model_fields.items():
            if part in (field, info.alias):
                return info.annotation
        return None
    if origin in (list, tuple, Sequence) and isinstance(part, int):
        args = typing.get_args(annotation)
        return args[0] if args else None
    if origin in (dict, Mapping):
        args = typing.get_args(annotation)
        return args[1] if len(args) == 2 else None
    return None


def _capped(problems: list[Problem], name: str, limit: int | None) -> list[Problem]:
    if limit is None or len(problems) <= limit:
        return problems
    extra = len(problems) - limit + 1
    return [*problems[: limit - 1], Problem(name, "", f"… and {extra} more problems")]


def _a(what: str) -> str:
    return f"{'an' if what[:1].lower() in 'aeiou' else 'a'} {what}"
