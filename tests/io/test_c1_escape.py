"""C1 controls and DEL are written as ``\\u`` escapes, from text or straight from UTF-8 bytes alike."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from readiness.io.text import escape_c1_json, escape_c1_json_utf8


def test_c1_and_del_become_escapes_and_other_text_stays() -> None:
    document = json.dumps({"k": "a\x7fb\x85c\x9f d\xa0 é \u2028"}, ensure_ascii=False)
    assert escape_c1_json(document) == '{"k": "a\\u007fb\\u0085c\\u009f d\xa0 é \u2028"}'
    assert json.loads(escape_c1_json(document)) == json.loads(document)


@given(st.text())
def test_the_bytes_escape_is_the_text_escape(text: str) -> None:
    document = json.dumps({"k": text}, ensure_ascii=False)
    escaped = escape_c1_json_utf8(document.encode("utf-8", "surrogatepass"))
    assert escaped == escape_c1_json(document).encode("utf-8", "surrogatepass")
