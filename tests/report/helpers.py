"""Helpers of the report tests: rendered Markdown/HTML as the text a reader sees."""

from __future__ import annotations

import base64
import os
from html.parser import HTMLParser
from pathlib import Path

import markdown_it

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
"""The smallest valid PNG: one pixel."""


class _Text(HTMLParser):
    """Collects the visible text of an HTML document and the tags in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> tuple[str, list[tuple[str, dict[str, str | None]]]]:
    """The visible text (whitespace collapsed) and the elements of an HTML document."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()), parser.tags


def markdown_to_html(text: str) -> str:
    """Markdown rendered as GitHub would (CommonMark plus tables and strikethrough)."""
    return markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)


def check_golden(path: Path, actual: str) -> None:
    """Compare with a golden file; ``UPDATE_GOLDEN=1`` rewrites it instead."""
    if os.environ.get("UPDATE_GOLDEN") == "1" or not path.exists():
        if os.environ.get("UPDATE_GOLDEN") != "1":
            raise AssertionError(f"{path} is missing; run with UPDATE_GOLDEN=1 to create it")
        path.write_text(actual, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs from the golden file (UPDATE_GOLDEN=1 to accept the change)"
