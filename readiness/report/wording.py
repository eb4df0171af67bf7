"""Filling the report's words from ``text.yaml``: ``$name`` placeholders and labels looked up by id.

Every label a reader sees lives in ``text.yaml`` (so ``--templates DIR`` can reword it); the builders of
the report content use these two helpers to put numbers and names into it. Pure.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any


def fill(template: str, **values: object) -> str:
    """Fill ``$name`` placeholders of a text.yaml sentence (string.Template: no attribute access)."""
    return string.Template(template).safe_substitute({k: str(v) for k, v in values.items()})


def label(labels: Mapping[str, Any], key: str) -> str:
    """The label of an id (``needs_attention`` → ``needs attention``); an id text.yaml lacks is shown readably."""
    found = labels.get(key)
    return str(found) if found is not None else key.replace("_", " ")
