"""Telling readiness's own documents apart, so that one passed to the wrong command gets the right advice.

Answers files, assessments, questionnaires and scan inventories are all JSON or YAML mappings; handed to the
wrong command, each would otherwise fail as a list of unknown fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

DocumentKind = Literal["answers", "assessment", "questionnaire", "scan"]

NAMES: dict[DocumentKind, str] = {
    "answers": "an answers file",
    "assessment": "an assessment (written by 'readiness assess')",
    "questionnaire": "a questionnaire",
    "scan": "a scan inventory (written by 'readiness scan')",
}
ADVICE: dict[DocumentKind, str] = {
    "answers": "assess it with 'readiness assess FILE' first",
    "assessment": "render it with 'readiness report FILE'",
    "questionnaire": "pass it with --questionnaire FILE",
    "scan": "to take a cluster into an assessment, pass the cluster itself: --snapshot PATH or --context NAME",
}


def kind_of(raw: Any) -> DocumentKind | None:
    """Which of readiness's documents a parsed mapping is, by its top-level keys; None when none fits."""
    if not isinstance(raw, Mapping):
        return None
    keys = set(raw)
    if {"sections", "scoring"} <= keys:
        return "questionnaire"
    if {"recommendation", "scores", "signals"} <= keys:
        return "assessment"
    if {"clusters", "generated_at"} <= keys and isinstance(raw["clusters"], list):  # `clusters` is an answer id too
        return "scan"
    if isinstance(raw.get("answers"), Mapping):
        return "answers"
    return None


def wrong_kind(raw: Any, expected: DocumentKind) -> str | None:
    """The one-line message for a document of another kind than ``expected``; None when it is not one."""
    kind = kind_of(raw)
    if kind is None or kind == expected:
        return None
    return f"this is {NAMES[kind]}, not {NAMES[expected]}; {ADVICE[kind]}"
