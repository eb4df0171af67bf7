"""Branding: a consultant's firm name and name, logo, colours, footer and paper size, from ``brand.yaml``.

Every problem is one line naming the file and the field; the logo is read once and carried as a
data URI, so rendering never has to open the brand folder again. Colours are checked for WCAG AA contrast
(:mod:`readiness.report.contrast`): one too light for text keeps its place in bars and rules, text uses a darker
shade of it, and :attr:`Branding.notices` says so in one line.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree import ElementTree

from readiness.errors import InputError, Problem
from readiness.io.files import display_name, load_document, read_bytes
from readiness.io.resources import templates_dir
from readiness.io.validate import parse_model
from readiness.models.brand import PAPERS, BrandFile, Paper
from readiness.report.contrast import AA_TEXT, contrast, hex_colour, ink, rgb

MAX_BRAND_BYTES = 64 * 1024
MAX_LOGO_BYTES = 2 * 1024 * 1024
DEFAULT_BRAND = "brand.yaml"
BRAND_FIELDS = ("a mapping of brand fields (firm_name, author, logo, primary_color, accent_color, footer, disclaimer, "
                "paper, technical_appendix)")
_URL_REFERENCE = re.compile(r"""url\(\s*['"]?#([^'")\s]+)""")
MAX_SVG_ELEMENTS = 10_000
"""Elements an SVG logo may draw, references counted as the copies they make. WeasyPrint lays out about 10,000
drawn elements a second: a logo drawing 10,000 adds about 2 s to a PDF, 100,000 about 15 s."""


@dataclass(frozen=True)
class Branding:
    """A validated brand: colours are CSS colours, the logo is a data URI, paper is a4 or letter."""

    firm_name: str | None = None
    logo_data_uri: str | None = None
    primary_color: str = "#1f3a5f"
    accent_color: str = "#0d7f81"
    footer: str | None = None
    disclaimer: str | None = None
    paper: Paper = "a4"
    folder: Path | None = None
    """The brand file's folder: the PDF renderer may read files inside it (and nowhere else but templates)."""
    author: str | None = None
    """The consultant who signs the report (cover and metadata)."""
    technical_appendix: bool = False
    notices: tuple[str, ...] = ()
    """What the loader changed and why, one line each (a colour darkened for contrast)."""

    @property
    def primary_ink(self) -> str:
        """The primary colour as text on white and behind white text: darkened to WCAG AA contrast if need be."""
        return ink(self.primary_color)

    @property
    def accent_ink(self) -> str:
        """The accent colour as text on white and behind white text: darkened to WCAG AA contrast if need be."""
        return ink(self.accent_color)

    def for_templates(self) -> dict[str, str | None]:
        """What a template may read of the brand: its text, colours, paper and logo data URI (no folder)."""
        return {"firm_name": self.firm_name, "logo_data_uri": self.logo_data_uri, "primary_color": self.primary_color,
                "accent_color": self.accent_color, "primary_ink": self.primary_ink, "accent_ink": self.accent_ink,
                "footer": self.footer, "disclaimer": self.disclaimer, "paper": self.paper, "author": self.author}

    def with_paper(self, paper: str | None) -> Branding:
        """The same brand on another paper size (``None`` keeps it)."""
        if paper is None:
            return self
        lowered = paper.strip().lower()
        if lowered not in PAPERS:
            raise ValueError(f"unknown paper size {paper!r}")
        return replace(self, paper="letter" if lowered == "letter" else "a4")


def default_branding() -> Branding:
    """The bundled brand (``readiness/templates/brand.yaml``)."""
    return load_branding(templates_dir() / DEFAULT_BRAND)


def load_branding(path: str | Path) -> Branding:
    """Read and check a brand file (:class:`~readiness.models.brand.BrandFile`); every problem is one line
    naming the file, the field and what was expected. The logo is read once, as a data URI."""
    name = display_name(path)
    raw = load_document(path, what="brand", max_bytes=MAX_BRAND_BYTES)
    folder = Path(path).resolve().parent
    problems: list[Problem] = []
    given = raw.get("logo") if isinstance(raw, dict) else None
    logo = _logo(given.strip(), folder, name, problems) if isinstance(given, str) and given.strip() else None
    try:
        brand = parse_model(raw, BrandFile, name, what="brand", title=BRAND_FIELDS)
    except InputError as exc:  # the logo's problems too, all at once
        raise InputError([*exc.problems, *problems]) from None
    if problems:
        raise InputError(problems)
    defaults = Branding()
    primary = brand.primary_color or defaults.primary_color
    accent = brand.accent_color or defaults.accent_color
    notices = tuple(notice for field, colour in (("primary_color", brand.primary_color),
                                                 ("accent_color", brand.accent_color))
                    if colour and (notice := contrast_notice(name, field, colour)))
    return Branding(firm_name=brand.firm_name, logo_data_uri=logo, primary_color=primary, accent_color=accent,
                    footer=brand.footer, disclaimer=brand.disclaimer, paper=brand.paper or "a4", folder=folder,
                    author=brand.author, technical_appendix=bool(brand.technical_appendix), notices=notices)


def contrast_notice(name: str, field: str, colour: str) -> str:
    """One line when ``colour`` is too light for text on white (WCAG AA, 4.5:1), naming the shade used instead."""
    shade = ink(colour)
    if shade == hex_colour(rgb(colour)):
        return ""
    return (f"{name}: {field}: {colour} has a contrast of {contrast(rgb(colour)):.1f}:1 with white, below the "
            f"{AA_TEXT:g}:1 WCAG AA asks of text; headings, badges and labels use {shade} instead (bars and rules keep "
            f"{colour}); give a darker colour to choose the shade yourself")


def _logo(value: str, folder: Path, name: str, problems: list[Problem]) -> str | None:
    """The logo as a data URI. Only a file inside the brand file's folder is read (checked before reading)."""
    path = (folder / value).resolve()
    if not path.is_relative_to(folder):
        problems.append(Problem(name, "logo", f"{value} is outside the brand file's folder {folder}; put "
                                              f"the logo in that folder (or below it) and name it relative to it"))
        return None
    if not path.is_file():
        problems.append(Problem(name, "logo", f"no such file: {path}"))
        return None
    try:
        data = read_bytes(path, max_bytes=MAX_LOGO_BYTES, what="logo")
    except InputError as exc:
        problems.append(Problem(name, "logo", exc.problems[0].message))
        return None
    mime = _logo_type(data)
    if mime is None:
        problems.append(Problem(name, "logo", f"{path.name} is neither a PNG nor an SVG image"))
        return None
    if mime == "image/svg+xml":
        problem = _svg_problem(data)
        if problem:
            problems.append(Problem(name, "logo", f"{path.name}: {problem}"))
            return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _logo_type(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<svg", b"<?xml", b"<!--", b"<!doctype")) and b"<svg" in data[:65536].lower():
        return "image/svg+xml"
    return None


def _svg_problem(data: bytes) -> str | None:
    """Why an SVG logo cannot be used, or None. A DOCTYPE or ENTITY declaration is refused before parsing
    (entity expansion; WeasyPrint would drop such an image silently), then the SVG must be well-formed XML."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        return ("SVG with a DOCTYPE or ENTITY declaration refused (entity expansion); remove the <!DOCTYPE …> "
                "line and any <!ENTITY …> from the file")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"not well-formed SVG ({exc})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"expected an <svg> document, found <{root.tag.rsplit('}', 1)[-1]}>"
    return _svg_size_problem(root)


def _svg_size_problem(root: ElementTree.Element) -> str | None:
    """Why an SVG logo would draw too much, or None: every element counts, and every reference (``<use
    href="#x">``, ``fill="url(#x)"``) counts the elements it copies again, so nested references are counted as
    the PDF layout would draw them (10 levels of 10 ``<use>`` each: 10 billion elements)."""
    elements = list(root.iter())
    if len(elements) > MAX_SVG_ELEMENTS:
        return f"SVG with {len(elements):,} elements refused (at most {MAX_SVG_ELEMENTS:,}); simplify it or use a PNG"
    ids = {str(e.get("id")): e for e in elements if e.get("id")}
    try:
        drawn = _drawn(root, ids, {}, set())
    except _ReferenceLoop as loop:
        return f"SVG refused: its references loop (#{loop.args[0]} refers back to itself); remove the loop"
    except RecursionError:
        return "SVG refused: its elements or references are nested too deeply; simplify it or use a PNG"
    if drawn > MAX_SVG_ELEMENTS:
        return (f"SVG refused: its <use> and url(#…) references draw more than {MAX_SVG_ELEMENTS:,} elements "
                f"(nested references multiply); simplify it or use a PNG")
    return None


class _ReferenceLoop(Exception):
    """An SVG element refers, directly or through others, to itself or to an element around it."""


def _drawn(element: ElementTree.Element, ids: dict[str, ElementTree.Element], memo: dict[int, int],
           active: set[int]) -> int:
    """How many elements ``element`` draws: itself, its children and what its references copy (capped just
    past :data:`MAX_SVG_ELEMENTS`, which is all a refusal needs)."""
    key = id(element)
    if key in memo:
        return memo[key]
    if key in active:
        raise _ReferenceLoop(element.get("id") or element.tag.rsplit("}", 1)[-1])
    active.add(key)
    total = 1
    for child in [*element, *(ids[r] for r in _references(element) if r in ids)]:
        total = min(total + _drawn(child, ids, memo, active), MAX_SVG_ELEMENTS + 1)
    active.discard(key)
    memo[key] = total
    return total


def _references(element: ElementTree.Element) -> list[str]:
    """The ids an element refers to: ``href``/``xlink:href="#id"`` and ``url(#id)`` in any attribute."""
    found = []
    for name, value in element.attrib.items():
        if name.rsplit("}", 1)[-1] == "href" and value.strip().startswith("#"):
            found.append(value.strip()[1:])
        found += _URL_REFERENCE.findall(value)
    return found
