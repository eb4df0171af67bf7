"""The safe accessors give what their definitions say for any value an untrusted object may hold."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from readiness.scan.access import str_map


class Text(str):
    """A str subclass (YAML loaders may give one): converted to a plain str like any other value."""


scalars = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False),
                    st.text(max_size=5).map(Text))
values = st.one_of(scalars, st.lists(scalars, max_size=2), st.dictionaries(st.text(max_size=3), scalars, max_size=2))


@given(st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.text(max_size=4).map(Text)),
                       values, max_size=6))
def test_str_map_is_a_copy_with_plain_strings(value: dict[Any, Any]) -> None:
    before = dict(value)
    found = str_map(value)
    assert found == {str(k): str(v) for k, v in value.items()}
    assert list(found) == list(dict.fromkeys(str(k) for k in value)), "in the mapping's order"
    assert all(type(k) is str and type(v) is str for k, v in found.items())
    found["another"] = "x"
    assert value == before, "the mapping read is never changed"


@given(st.one_of(scalars, st.lists(scalars)))
def test_str_map_of_anything_else_is_empty(value: Any) -> None:
    assert str_map(value) == {}


def test_str_map_of_a_dict_subclass() -> None:
    assert str_map(OrderedDict([("a", 1), (2, "b")])) == {"a": "1", "2": "b"}
