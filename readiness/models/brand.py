"""The brand file (``brand.yaml``): a consultant's firm name and name, logo, colours, footer, disclaimer, paper size,
and whether the report carries a technical appendix.

Each field says what it expects in its own words, so a mistake is one line naming the field; the logo's path is
checked against the brand file's folder when it is loaded (:func:`readiness.report.branding.load_branding`).
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator

from readiness.models.common import StrictModel

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = ("a4", "letter")
MAX_TEXT_CHARS = 2000

_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_CSS_NAMES = """
aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred
darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink
deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold
goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush
lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey
lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow
lime limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin
navajowhite navy oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise
palevioletred papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue
saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey snow
springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen
"""
CSS_COLOUR_NAMES = frozenset(_CSS_NAMES.split())
"""The CSS named colours (CSS Color Module Level 4)."""
COLOUR_HELP = "#rgb, #rrggbb or a CSS colour name such as navy"


def is_colour(value: str) -> bool:
    """Whether ``value`` is a colour this tool accepts: ``#rgb``, ``#rrggbb`` or a CSS colour name."""
    return bool(_HEX.match(value)) or value.lower() in CSS_COLOUR_NAMES


class BrandFile(StrictModel):
    """A brand file as written; every field may be left out (the bundled brand fills it)."""

    firm_name: str | None = Field(default=None, description="shown on the cover and in the footer")
    author: str | None = Field(default=None, description="the consultant who signs the report: named on the cover "
                                                          "(Prepared by) and in the document's metadata")
    logo: str | None = Field(default=None, description="a PNG or SVG file, relative to the brand file's folder")
    primary_color: str | None = Field(default=None, description=f"headings, cover band, chart marks: {COLOUR_HELP}")
    accent_color: str | None = Field(default=None, description=f"highlights and the verdict badge: {COLOUR_HELP}")
    footer: str | None = Field(default=None, description="one line at the foot of every page")
    disclaimer: str | None = Field(default=None, description="a paragraph at the end and under the cover")
    paper: Paper | None = Field(default=None, description="a4 or letter (--paper overrides it)")
    technical_appendix: bool | None = Field(
        default=None, description="true: add an appendix for the assessor's records (tool and catalogue versions, "
                                  "the files the scan read, warnings); the client copy leaves it out")

    @field_validator("firm_name", "author", "footer", "disclaimer", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"expected text, found {_describe(value)}")
        if len(value) > MAX_TEXT_CHARS:
            raise ValueError(f"expected at most {MAX_TEXT_CHARS:,} characters, found {len(value):,}")
        return value.strip() or None

    @field_validator("logo", mode="before")
    @classmethod
    def _logo(cls, value: Any) -> Any:
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValueError("expected the path of a PNG or SVG file beside the brand file")
        return value.strip() if isinstance(value, str) else value

    @field_validator("primary_color", "accent_color", mode="before")
    @classmethod
    def _colour(cls, value: Any) -> Any:
        if value is None:  # `primary_color: #336699` unquoted: YAML reads a comment, so the value is empty
            raise ValueError("no colour given; quote a hex colour (primary_color: '#336699'): in YAML an unquoted "
                             "# starts a comment")
        if not isinstance(value, str):
            raise ValueError(f"expected a colour ({COLOUR_HELP}), found {_describe(value)}")
        if not is_colour(value.strip()):
            raise ValueError(f"unknown colour {value[:40]!r}; expected {COLOUR_HELP}")
        return value.strip().lower()

    @field_validator("technical_appendix", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> Any:
        if value is not None and not isinstance(value, bool):
            found = repr(value[:20]) if isinstance(value, str) else _describe(value)
            raise ValueError(f"expected true or false, found {found}")
        return value

    @field_validator("paper", mode="before")
    @classmethod
    def _paper(cls, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or value.strip().lower() not in PAPERS:
            found = repr(value[:20]) if isinstance(value, str) else _describe(value)
            raise ValueError(f"expected a4 or letter, found {found}")
        return value.strip().lower()


def _describe(value: Any) -> str:
    """A value as a message names it (models import nothing of ours, so not ``errors.describe``)."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "a list"
    return "a mapping" if isinstance(value, dict) else type(value).__name__
