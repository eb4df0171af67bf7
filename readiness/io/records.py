"""Loading bundled rule tables into msgspec records, with every problem named as :mod:`readiness.io.validate`
names a pydantic model's.

The scanner's tables (signatures, multicluster signatures) are msgspec records so that a scan imports no
pydantic (issue 17: importing it is about a quarter of what a 20 000-pod scan may cost). msgspec stops at the first
problem; when it finds one, :func:`record_problems` walks the whole document against the record type and lists
them all, in the words :mod:`readiness.io.validate` uses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import msgspec
from msgspec import inspect

from readiness.errors import InputError, Problem, describe, did_you_mean, kind_of
from readiness.io.files import MiB, display_name, load_document

Record = TypeVar("Record")

_SCALARS: dict[type[inspect.Type], tuple[str, tuple[type, ...]]] = {
    inspect.StrType: ("text", (str,)), inspect.IntType: ("a whole number", (int,)),
    inspect.FloatType: ("a number", (int, float)), inspect.BoolType: ("true or false", (bool,)),
}


def load_record(path: str | Path, record: type[Record], *, what: str, error: type[InputError] = InputError,
                max_bytes: int = MiB, bundled: bool = False) -> Record:
    """Read ``path`` (YAML or JSON) as ``record``; raise ``error`` listing every problem, one per line. A
    ``bundled`` table's parse is cached (:mod:`readiness.io.parsecache`)."""
    if bundled:
        from readiness.io.parsecache import load_cached_document

        raw = load_cached_document(path, what=what, max_bytes=max_bytes)
    else:
        raw = load_document(path, what=what, max_bytes=max_bytes)
    name = display_name(path)
    if not isinstance(raw, dict):
        raise error.single(name, "", f"expected a {what}: a mapping of fields at the top level, found {kind_of(raw)}")
    try:
        return msgspec.convert(raw, record)
    except msgspec.ValidationError as exc:
        problems = record_problems(raw, record, name) or [Problem(name, "", str(exc))]
        raise error(problems) from None


def record_problems(raw: Any, record: Any, name: str) -> list[Problem]:
    """Every problem of ``raw`` against the record type; missing top-level fields named together in one line."""
    found = list(_problems(raw, inspect.type_info(record), ""))
    missing = [field for field, message in found if message == "required, but missing" and "." not in field
               and "[" not in field]
    problems = [Problem(name, "", f"missing {', '.join(missing)}")] if missing else []
    return problems + [Problem(name, field, message) for field, message in found if field not in missing
                       or message != "required, but missing"]


def _problems(value: Any, info: inspect.Type, at: str) -> Iterator[tuple[str, str]]:
    if isinstance(info, inspect.AnyType):
        return
    if isinstance(info, inspect.UnionType):
        options = [t for t in info.types if not isinstance(t, inspect.NoneType)]
        if value is None and len(options) < len(info.types):
            return
        tried = [list(_problems(value, t, at)) for t in options]
        if tried and all(tried):
            yield from tried[0]
        return
    if isinstance(info, inspect.LiteralType):
        if value not in info.values:
            yield at, f"expected one of {', '.join(map(str, info.values))}, found {describe(value)}"
        return
    scalar = _SCALARS.get(type(info))
    if scalar is not None:
        words, types = scalar
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            yield at, f"expected {words}, found {describe(value)}"
        return
    if isinstance(info, inspect.ListType):
        if not isinstance(value, list):
            yield at, f"expected a list, found {describe(value)}"
            return
        for i, item in enumerate(value):
            yield from _problems(item, info.item_type, f"{at}[{i}]")
        return
    if isinstance(info, inspect.DictType):
        if not isinstance(value, dict):
            yield at, f"expected a mapping, found {describe(value)}"
            return
        for key, item in value.items():
            where = f"{at}.{key}" if at else str(key)
            yield from _problems(key, info.key_type, where)
            yield from _problems(item, info.value_type, where)
        return
    if isinstance(info, inspect.StructType):
        if not isinstance(value, dict):
            yield at, f"expected a mapping, found {describe(value)}"
            return
        fields = {f.encode_name: f for f in info.fields}
        for key in value:
            if key not in fields:
                yield (f"{at}.{key}" if at else str(key),
                       f"unknown field{did_you_mean(str(key), list(fields))}; expected one of {', '.join(fields)}")
        for field_name, field in fields.items():
            where = f"{at}.{field_name}" if at else field_name
            if field_name in value:
                yield from _problems(value[field_name], field.type, where)
            elif field.required:
                yield where, "required, but missing"
        return
    yield at, f"unexpected {describe(value)}"
