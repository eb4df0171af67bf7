"""Where the text of a PDF sits: every character with its size and box, read back with pdfminer.six.

Used by the PDF tests to check the layout itself — no text below a readable size, nothing past the
margins, no line split in the middle of a page counter — rather than only the words.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextLine

MM = 72 / 25.4
"""PDF points per millimetre."""


@dataclass(frozen=True)
class Glyph:
    """One character: its text, its font size in points and its box (points, origin bottom left)."""

    text: str
    size: float
    x0: float
    x1: float
    y0: float


@dataclass(frozen=True)
class Line:
    """A line of text as pdfminer groups it, with its box."""

    text: str
    x0: float
    x1: float
    y0: float


@dataclass(frozen=True)
class Page:
    """One page's glyphs and lines, and its size."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    lines: list[Line]


def _walk(item: object) -> Iterator[object]:
    yield item
    if isinstance(item, LTChar):
        return
    try:
        children = list(item)  # type: ignore[call-overload]
    except TypeError:
        return
    for child in children:
        yield from _walk(child)


def _size(char: LTChar) -> float:
    """The font size as printed. pdfminer measures ``size`` along the page's vertical, so a glyph turned by
    90° (the need axis label) is measured across its width instead."""
    a, b, _, _, _, _ = char.matrix
    return float(char.width if abs(b) > abs(a) else char.size)


def pdf_pages(data: bytes) -> list[Page]:
    """Every page of a PDF with its glyphs and lines."""
    pages = []
    for number, layout in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams()), start=1):
        glyphs, lines = [], []
        for item in _walk(layout):
            if isinstance(item, LTChar) and item.get_text().strip():
                glyphs.append(Glyph(item.get_text(), _size(item), item.x0, item.x1, item.y0))
            elif isinstance(item, LTTextLine):
                lines.append(Line(" ".join(item.get_text().replace("\xa0", " ").split()), item.x0, item.x1,
                                  item.y0))
        pages.append(Page(number, layout.width, layout.height, glyphs, lines))
    return pages
