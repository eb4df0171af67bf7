"""Where parsed values start, for the JSON reader (``io.files``) and the YAML reader (``io.yamlparse``) alike."""

from __future__ import annotations

import msgspec


class Lines(msgspec.Struct, frozen=True):
    """Where a parsed value starts (1-based line), and where each entry of the objects it lists starts: the
    entries of a sequence, or of a mapping's ``items`` sequence (a ``kind: List``)."""

    line: int
    items: tuple[Lines, ...] = ()
