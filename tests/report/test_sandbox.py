"""The template sandbox holds: templates see plain data only, so a hostile ``--templates`` folder can neither
create, list nor read a file through anything in its context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import Markup

from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report.branding import load_branding
from readiness.report.content import build_content
from readiness.report.html import html_context
from readiness.report.markdown import markdown_context
from readiness.report.plain import DICT_ATTRIBUTES, plain
from readiness.report.templates import Templates
from tests.report.helpers import PNG_1PX

ALLOWED = (dict, list, str, Markup, int, float, bool, type(None))
FILE_METHODS = ("write_text", "write_bytes", "open", "read_text", "read_bytes", "iterdir", "glob", "rglob", "mkdir",
                "touch", "unlink", "rmdir", "rename", "joinpath", "symlink_to", "chmod", "stat", "resolve", "parent",
                "folder", "absolute", "home", "cwd", "model_dump", "model_dump_json", "save", "dump")


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")


def _contexts(assessments: list[Assessment], tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    (tmp_path / "logo.png").write_bytes(PNG_1PX)
    (tmp_path / "brand.yaml").write_text("firm_name: Firm\nlogo: logo.png\nfooter: Confidential\n")
    brand = load_branding(tmp_path / "brand.yaml")
    assert brand.folder is not None, "the brand keeps its folder for the PDF fetch policy, not for templates"
    text = Templates().text()
    for assessment in assessments:
        content = build_content(assessment, text, firm=brand.firm_name, footer=brand.footer)
        yield "html", html_context(content, brand, for_pdf=True)
        yield "md", markdown_context(content)


@pytest.fixture()
def every_context(examples: dict[str, Assessment], scanned: Assessment, meshed: Assessment,
                  tmp_path: Path) -> list[tuple[str, dict[str, Any]]]:
    return list(_contexts([*examples.values(), scanned, meshed], tmp_path))


def test_the_whole_context_is_plain_data(every_context: list[tuple[str, dict[str, Any]]]) -> None:
    seen = 0
    for fmt, context in every_context:
        for path, value in _walk(context):
            seen += 1
            assert type(value) in ALLOWED, f"{fmt}: {path} is a {type(value).__qualname__}"
            if isinstance(value, dict):
                shadowed = DICT_ATTRIBUTES.intersection(value)
                assert not shadowed, f"{fmt}: {path} has keys a template cannot read: {shadowed}"
    assert seen > 5000, "the walk reached the whole report (signals, plan, precheck, cost, options)"


def test_no_context_value_offers_a_file_method(every_context: list[tuple[str, dict[str, Any]]]) -> None:
    """Every value, asked for every file-ish attribute the way a template asks: nothing but str/list/dict
    methods (which the immutable sandbox keeps from changing anything) and undefined."""
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined)
    for fmt, context in every_context:
        for path, value in _walk(context):
            for name in FILE_METHODS:
                found = env.getattr(value, name)
                if isinstance(found, jinja2.Undefined):
                    continue
                assert isinstance(value, dict) and name in value, f"{fmt}: {path}.{name} is {found!r}"


def test_plain_refuses_live_objects() -> None:
    with pytest.raises(TypeError, match=r"builtins\.object is not plain data"):
        plain({"x": [object()]})
    assert plain({"p": Path("/a/b"), "t": (1, 2)}) == {"p": "/a/b", "t": [1, 2]}
    with pytest.raises(TypeError, match="names a dict method"):
        plain({"items": 1})


HOSTILE = [
    "{{ brand.folder.joinpath(TARGET).write_text('pwned') }}",
    "{% for p in brand.folder.iterdir() %}{{ p }}{% endfor %}",
    "{{ brand.folder.joinpath(SECRET).read_text() }}",
    "{{ c.text.update({'x': 1}) }}",
    "{{ c.sections.append(1) }}",
    "{{ t.title.__class__.__mro__ }}",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_template_cannot_write_list_or_read(tmp_path: Path, examples: dict[str, Assessment], source: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "written.pth"
    secret = tmp_path / "brand" / "secret.txt"
    (tmp_path / "brand").mkdir()
    secret.write_text("TOP-SECRET-CANARY")
    (tmp_path / "brand" / "brand.yaml").write_text("firm_name: Firm\n")
    folder = tmp_path / "templates"
    (folder / "html").mkdir(parents=True)
    body = source.replace("TARGET", repr(str(target))).replace("SECRET", repr("secret.txt"))
    (folder / "html" / "summary.html.j2").write_text(f"<p>before</p>\n{body}\n")
    assessment = tmp_path / "assessment.json"
    assessment.write_text(examples["startup"].model_dump_json())
    out = tmp_path / "report.html"
    code = run(["report", str(assessment), "-o", str(out), "--templates", str(folder),
                "--brand", str(tmp_path / "brand" / "brand.yaml")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert len(err.strip().splitlines()) == 1 and "html/summary.html.j2, line 2" in err, err
    assert not target.exists(), "the template wrote a file"
    assert "TOP-SECRET-CANARY" not in err and not out.exists()
