"""brand.yaml: a valid brand changes the report; every mistake is one line and exit code 1."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from readiness.cli.main import run
from readiness.errors import InputError
from readiness.models import Assessment
from readiness.models.brand import is_colour
from readiness.report import render
from readiness.report.branding import default_branding, load_branding
from readiness.report.contrast import AA_TEXT, contrast, rgb
from tests.report.helpers import PNG_1PX, html_text

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text y="20">&c;</text></svg>
"""
SVG_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="120" height="30" ' \
           'fill="#c0ffee"/></svg>'


@pytest.fixture()
def assessment_file(tmp_path: Path, examples: dict[str, Assessment]) -> Path:
    path = tmp_path / "assessment.json"
    path.write_text(examples["monolith"].model_dump_json())
    return path


def test_default_brand_is_valid() -> None:
    brand = default_branding()
    assert brand.paper == "a4" and is_colour(brand.primary_color) and brand.logo_data_uri is None
    assert not brand.notices, "the bundled colours need no adjusting"
    assert min(contrast(rgb(brand.primary_color)), contrast(rgb(brand.accent_color))) >= AA_TEXT


def test_brand_sets_firm_logo_colours_footer_and_paper(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    (tmp_path / "logo.svg").write_text(SVG_LOGO)
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text("firm_name: Contoso Consulting\nlogo: logo.svg\nprimary_color: '#336699'\n"
                          "accent_color: DarkOrange\nfooter: Contoso · confidential\ndisclaimer: Not legal advice.\n"
                          "paper: Letter\n")
    brand = load_branding(brand_file)
    assert brand.paper == "letter" and brand.accent_color == "darkorange"
    assert brand.logo_data_uri == "data:image/svg+xml;base64," + base64.b64encode(SVG_LOGO.encode()).decode()
    html = render(examples["monolith"], "html", brand).decode()
    text, tags = html_text(html)
    assert "Contoso · confidential" in text and "Not legal advice." in text
    assert ("img", {"class": "logo", "src": brand.logo_data_uri, "alt": "Contoso Consulting"}) in tags
    assert "#336699" in html and "size: letter" in html
    assert "Example Advisory" not in text


@pytest.mark.parametrize(("content", "expected"), [
    ("logo: missing.png\n", "logo: no such file: "),
    ("primary_color: blurple\n", "primary_color: unknown colour 'blurple'; expected #rgb, #rrggbb or a CSS colour"),
    ("accent_color: '#12345'\n", "accent_color: unknown colour '#12345'"),
    ("paper: a3\n", "paper: expected a4 or letter, found 'a3'"),
    ("colour: red\n", "colour: unknown field; expected one of firm_name, author, logo"),
    ("logo: notes.txt\n", "logo: notes.txt is neither a PNG nor an SVG image"),
    ("- just\n- a list\n", "expected a mapping of brand fields"),
    ("footer: 5\n", "footer: expected text, found 5"),
    ("firm_name: [a, b]\n", "firm_name: expected text, found a list"),
    ("disclaimer: yes\n", "disclaimer: expected text, found true (a yes/no value)"),
    (f"footer: {'x' * 2001}\n", "footer: expected at most 2,000 characters, found 2,001"),
    ("primary_color: #336699\n", "primary_color: no colour given; quote a hex colour"),
    ("accent_color: 7\n", "accent_color: expected a colour (#rgb, #rrggbb or a CSS colour name such as navy), "
                          "found 7"),
    ("paper: 4\n", "paper: expected a4 or letter, found 4"),
    ("logo: evil.svg\n", "logo: evil.svg: SVG with a DOCTYPE or ENTITY declaration refused (entity expansion)"),
    ("logo: entity.svg\n", "logo: entity.svg: SVG with a DOCTYPE or ENTITY declaration refused"),
    ("logo: broken.svg\n", "logo: broken.svg: not well-formed SVG"),
])
def test_brand_mistakes_are_one_line_and_exit_1(tmp_path: Path, assessment_file: Path, content: str,
                                                expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("not an image")
    (tmp_path / "evil.svg").write_text(BILLION_LAUGHS)
    (tmp_path / "entity.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><!ENTITY x "y"></svg>')
    (tmp_path / "broken.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text(content)
    out = tmp_path / "report.pdf"
    assert run(["report", str(assessment_file), "-o", str(out), "--brand", str(brand_file)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith(f"readiness: error: {brand_file}: ") and expected in err[0]
    assert "2,000" not in err[0] or "found 2,001" in err[0], "the length limit is named only when it is passed"
    assert not out.exists()


@pytest.mark.parametrize("logo", ["{outside}", "../outside/logo.png", "../../../etc/hostname", "link.png",
                                  "/usr/share/pixmaps/debian-logo.png"])
def test_a_logo_outside_the_brand_folder_is_refused_unread(tmp_path: Path, assessment_file: Path, logo: str,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside" / "logo.png"
    outside.parent.mkdir()
    outside.write_bytes(PNG_1PX)
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / "link.png").symlink_to(outside)
    brand_file = folder / "brand.yaml"
    brand_file.write_text(f"logo: {logo.format(outside=outside)}\n")

    def no_read(*args: object, **kwargs: object) -> bytes:
        raise AssertionError(f"read {args[0]}, a file outside the brand folder")

    monkeypatch.setattr("readiness.report.branding.read_bytes", no_read)
    out = tmp_path / "report.html"
    assert run(["report", str(assessment_file), "-o", str(out), "--brand", str(brand_file)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert f"{brand_file}: logo: " in err[0] and f"is outside the brand file's folder {folder}" in err[0]
    assert not out.exists()


def test_a_logo_in_a_subfolder_of_the_brand_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text(SVG_LOGO)
    (tmp_path / "brand.yaml").write_text(f"logo: {tmp_path / 'assets' / 'logo.svg'}\n")
    assert load_branding(tmp_path / "brand.yaml").logo_data_uri is not None
    (tmp_path / "brand.yaml").write_text("logo: assets/../assets/logo.svg\n")
    assert load_branding(tmp_path / "brand.yaml").logo_data_uri is not None


def test_every_brand_problem_is_reported_at_once(tmp_path: Path) -> None:
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text("logo: gone.svg\nprimary_color: nope\npaper: a5\n")
    with pytest.raises(InputError) as caught:
        load_branding(brand_file)
    assert [p.field for p in caught.value.problems] == ["primary_color", "paper", "logo"]


def test_png_logo_is_embedded(tmp_path: Path) -> None:
    png = PNG_1PX
    (tmp_path / "logo.png").write_bytes(png)
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n")
    assert load_branding(tmp_path / "brand.yaml").logo_data_uri == (
        "data:image/png;base64," + base64.b64encode(png).decode())


def _use_bomb(levels: int, fan_out: int) -> str:
    """An SVG whose level n is a group of ``fan_out`` <use> of level n-1: it draws ``fan_out ** levels`` rects."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" '
             'height="40"><defs><rect id="l0" width="1" height="1" fill="#1f3a5f"/>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#l{level - 1}" x="{i}"/>' for i in range(fan_out))
        parts.append(f'<g id="l{level}">{uses}</g>')
    return "".join(parts) + f'</defs><use href="#l{levels}"/></svg>'


PATTERN_LOOP = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs><pattern id="p" width="2" '
                'height="2"><rect width="1" height="1" fill="url(#p)"/></pattern></defs>'
                '<rect width="10" height="10" fill="url(#p)"/></svg>')


BOMB = "SVG refused: its <use> and url(#…) references draw more than 10,000 elements (nested references multiply); " \
       "simplify it or use a PNG"


@pytest.mark.parametrize(("svg", "message"), [
    (_use_bomb(10, 10), BOMB),
    (_use_bomb(4, 10), BOMB),
    (PATTERN_LOOP, "SVG refused: its references loop (#p refers back to itself); remove the loop"),
    ('<svg xmlns="http://www.w3.org/2000/svg">' + "<rect/>" * 10_001 + "</svg>",
     "SVG with 10,002 elements refused (at most 10,000); simplify it or use a PNG"),
])
def test_an_svg_logo_that_would_draw_too_much_is_refused(tmp_path: Path, assessment_file: Path, svg: str,
                                                         message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "logo.svg").write_text(svg)
    (tmp_path / "brand.yaml").write_text("logo: logo.svg\n")
    out = tmp_path / "report.pdf"
    assert run(["report", str(assessment_file), "-o", str(out), "--brand", str(tmp_path / "brand.yaml")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"readiness: error: {tmp_path / 'brand.yaml'}: logo: logo.svg: {message}"]
    assert not out.exists()


def test_an_svg_logo_with_a_few_references_is_used(tmp_path: Path) -> None:
    svg = _use_bomb(3, 10)
    (tmp_path / "logo.svg").write_text(svg)
    (tmp_path / "brand.yaml").write_text("logo: logo.svg\n")
    assert load_branding(tmp_path / "brand.yaml").logo_data_uri == (
        "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode())


def test_a_colour_too_light_for_text_is_darkened_with_a_warning(tmp_path: Path, assessment_file: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A gold accent (2.4:1 on white) keeps its shade in bars and rules; text and badges get a darker one that
    meets WCAG AA (4.5:1), and the command says so."""
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text("firm_name: Meridian Partners\nauthor: Dana Whitfield\naccent_color: '#d4a017'\n")
    brand = load_branding(brand_file)
    assert contrast(rgb(brand.accent_ink)) >= AA_TEXT > contrast(rgb("#d4a017"))
    assert run(["report", str(assessment_file), "--brand", str(brand_file), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert "accent_color: #d4a017 has a contrast of 2.4:1 with white, below the 4.5:1 WCAG AA asks of text" in err
    html = (tmp_path / "r.html").read_text()
    text, _ = html_text(html)
    assert "Prepared by Dana Whitfield, Meridian Partners" in text, "the brand names the consultant"
    assert brand.accent_ink in html and "#d4a017" in html


def test_a_dark_enough_colour_is_kept_without_a_warning(tmp_path: Path, assessment_file: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text("accent_color: '#0b5394'\n")
    assert load_branding(brand_file).accent_ink == "#0b5394"
    assert run(["report", str(assessment_file), "--brand", str(brand_file), "-o", str(tmp_path / "r.md")]) == 0
    assert "contrast" not in capsys.readouterr().err


def test_footer_and_disclaimer_reach_every_format(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    """The confidential footer is visible in the HTML on screen (print has it in the page margin) and closes the
    Markdown, with the disclaimer."""
    brand_file = tmp_path / "brand.yaml"
    brand_file.write_text("footer: Contoso · client confidential\ndisclaimer: Not legal advice.\n")
    brand = load_branding(brand_file)
    md = render(examples["startup"], "md", brand).decode()
    assert "Contoso · client confidential" in md.split("## 1.")[0], "at the top"
    assert md.rstrip().endswith("Not legal advice."), "and the disclaimer at the end"
    html = render(examples["startup"], "html", brand).decode()
    css = html.split("<style>")[1].split("</style>")[0]
    assert '<div class="screen-banner">Contoso · client confidential</div>' in html
    assert ".screen-banner { display: block;" in css.split("@media screen")[1], "shown on screen"
