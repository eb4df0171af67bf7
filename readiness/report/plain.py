"""Plain data for templates: what a template may see is dicts, lists, strings, numbers, booleans and None.

A custom template (``--templates DIR``) is code written by someone else. jinja2's sandbox refuses
underscore attributes, but not the ordinary methods of a live object: ``brand.folder.joinpath(...)
.write_text(...)`` on a ``Path`` writes a file. So the template context is converted to plain data before
any template sees it: a dataclass becomes a dict of its fields and properties, a path a string, a date its
ISO form; anything else is a bug and raises :class:`TypeError`. The immutable sandbox then stops templates
from changing the dicts and lists themselves.

Every string loses its terminal control characters and escape sequences on the way
(:func:`readiness.io.text.strip_controls`): client text (a name, a note) may hold ``ESC c`` or C1 bytes, and a
Markdown or HTML report may be printed on a terminal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from readiness.io.text import strip_controls

PLAIN_SCALARS = (str, int, float, bool, type(None))
"""The leaf types a template context may hold (``str`` includes markupsafe's ``Markup``)."""
DICT_ATTRIBUTES = frozenset(dir(dict))
"""Names a dict key must not take: ``x.items`` in a template finds the dict's method before the key."""


def plain(value: Any) -> Any:
    """``value`` as plain data (see the module docstring); raises TypeError for anything that is not data."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, PLAIN_SCALARS):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, PurePath):
        return str(value)
    if isinstance(value, bytes):
        return _text(value.decode("utf-8", "replace"))
    if isinstance(value, Mapping):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [plain(v) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        fields.update({name: getattr(value, name) for name in _properties(type(value))})
        return {_key(k): plain(v) for k, v in fields.items()}
    raise TypeError(f"{type(value).__module__}.{type(value).__qualname__} is not plain data for a template")


def _text(value: str) -> str:
    """``value`` without control characters, still :class:`Markup` when it was."""
    stripped = strip_controls(value)
    if stripped is value or stripped == value:
        return value
    return Markup(stripped) if isinstance(value, Markup) else stripped


def _key(key: Any) -> str:
    text = str(key)
    if text in DICT_ATTRIBUTES:
        raise TypeError(f"{text!r} cannot be a key a template reads: it names a dict method")
    return text


def _properties(cls: type) -> list[str]:
    """The public properties a dataclass defines (``section.anchor``), computed once per object."""
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        names += [n for n, attr in vars(klass).items() if isinstance(attr, property) and not n.startswith("_")]
    return list(dict.fromkeys(names))
