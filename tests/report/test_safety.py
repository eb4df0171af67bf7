"""Safety: hostile client text stays text in every format, custom templates are sandboxed, and the PDF
renderer fetches nothing outside the template and brand folders — never the network."""

from __future__ import annotations

import http.server
import io
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report import Rendered, render, render_report
from readiness.report.fetch import FetchPolicy
from tests.report.conftest import EVIL
from tests.report.helpers import PNG_1PX, html_text, markdown_to_html

pytestmark = pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")



def _no_injection(html: str) -> None:
    text, tags = html_text(html)
    assert EVIL in text, "the client's name is shown literally"
    assert "> 49" not in text and "49 " not in text.split(EVIL)[0][-5:]
    assert not [a for tag, a in tags if tag == "img" and "passwd" in str(a.get("src"))]
    assert not [tag for tag, _ in tags if tag == "script"]


def test_hostile_client_is_literal_text_in_html(evil: Assessment) -> None:
    html = render(evil, "html").decode("utf-8")
    _no_injection(html)
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_hostile_client_is_literal_text_in_markdown(evil: Assessment) -> None:
    md = render(evil, "md").decode("utf-8")
    assert "{{ 7\\*7 }}" in md and "49" not in md.split("\n")[0]
    shown = markdown_to_html(md)
    _no_injection(shown)
    text, tags = html_text(shown)
    assert "[x](javascript:alert(1)) *bold* | pipe" in text, "assessor text is neither a link nor emphasis"
    assert not [a for tag, a in tags if tag == "a" and "javascript" in str(a.get("href"))]
    assert "# not a heading" in text


def test_hostile_client_is_literal_text_in_json(evil: Assessment) -> None:
    data = json.loads(render(evil, "json"))
    assert data["engagement"]["client"] == EVIL


@pytest.fixture(scope="module")
def hostile_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, list[str]]]:
    """A template override that references forbidden resources, a local HTTP server that counts hits,
    and a file outside every allowed folder."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG_1PX)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    outside = tmp_path_factory.mktemp("outside") / "secret.png"
    outside.write_bytes(PNG_1PX)
    folder = tmp_path_factory.mktemp("templates")
    (folder / "html").mkdir()
    (folder / "allowed.png").write_bytes(PNG_1PX)
    (folder / "html" / "glossary.html.j2").write_text(f"""
<p>custom glossary</p>
<img src="file:///etc/passwd" alt="a">
<img src="http://127.0.0.1:{port}/img.png" alt="b">
<img src="{outside.as_uri()}" alt="c">
<img src="../{outside.parent.name}/secret.png" alt="d">
<img src="allowed.png" alt="e">
<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css">
<div style="background: url('http://example.com/bg.png')">x</div>
""")
    yield folder, outside, hits
    server.shutdown()


@pytest.fixture(scope="module")
def hostile_pdf(evil: Assessment, hostile_templates: tuple[Path, Path, list[str]]) -> Rendered:
    return render_report(evil, "pdf", templates_dir=hostile_templates[0])


def test_pdf_fetches_nothing_outside_the_allowed_folders(hostile_pdf: Rendered,
                                                         hostile_templates: tuple[Path, Path, list[str]]) -> None:
    folder, outside, hits = hostile_templates
    assert hits == [], "no request reached the HTTP server"
    refused = set(hostile_pdf.refused)
    assert "file:///etc/passwd" in refused
    assert outside.as_uri() in refused
    assert any(u.startswith("http://127.0.0.1:") and u.endswith("/img.png") for u in refused)
    assert any(u.endswith("/style.css") for u in refused)
    assert "http://example.com/bg.png" in refused
    assert all(u == outside.as_uri() for u in refused if "secret.png" in u), "../ resolves to the same refused file"
    allowed = [u for u in hostile_pdf.requested if u not in refused]
    assert allowed == [(folder / "allowed.png").as_uri()], "the file inside the template folder is the only fetch"


def test_hostile_client_is_literal_text_in_pdf(hostile_pdf: Rendered) -> None:
    reader = pypdf.PdfReader(io.BytesIO(hostile_pdf.data))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert EVIL in text
    assert "custom glossary" in text, "the overriding partial was used"
    assert "Infrastructure that handles service-to-service traffic" not in text
    assert "Answers and their sources" in text, "the other partials fell back to the bundled ones"


def test_fetch_policy_allows_only_data_and_files_inside_folders(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    inside.mkdir()
    (inside / "logo.png").write_bytes(PNG_1PX)
    (tmp_path / "out.png").write_bytes(PNG_1PX)
    (inside / "link.png").symlink_to(tmp_path / "out.png")
    policy = FetchPolicy([inside])
    assert policy.check("data:image/png;base64,AAAA") is None
    assert policy.check((inside / "logo.png").as_uri()) is None
    for url in ((tmp_path / "out.png").as_uri(), (inside / "link.png").as_uri(), inside.as_uri() + "/../out.png",
                "file:///etc/passwd", "http://example.com/x.png", "https://example.com/", "ftp://example.com/x",
                "file://remote-host/share/x.png", "javascript:alert(1)"):
        assert policy.check(url) is not None, url
    assert len(policy.requested) == 11 and len(policy.refused) == 9


@pytest.mark.parametrize("source", ["{{ ''.__class__.__mro__ }}", "{{ c.__class__ }}",
                                    "{% for x in c.sections %}{{ x.__init__.__globals__ }}{% endfor %}",
                                    "{{ cycler.__init__.__globals__.os }}"])
def test_templates_cannot_reach_python_internals(tmp_path: Path, examples: dict[str, Assessment], source: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    (folder / "html").mkdir(parents=True)
    (folder / "html" / "summary.html.j2").write_text(f"<p>before</p>\n{source}\n")
    assessment = tmp_path / "assessment.json"
    assessment.write_text(examples["startup"].model_dump_json())
    out = tmp_path / "report.html"
    code = run(["report", str(assessment), "-o", str(out), "--templates", str(folder)])
    err = capsys.readouterr().err
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "html/summary.html.j2, line 2" in lines[0] and "sandbox" in lines[0] and "unsafe" in lines[0]
    assert not out.exists(), "nothing is written when rendering fails"


def test_template_syntax_errors_are_one_line(tmp_path: Path, examples: dict[str, Assessment],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "templates"
    (folder / "md").mkdir(parents=True)
    (folder / "md" / "risks.md.j2").write_text("ok\n{% for x in %}\n")
    assessment = tmp_path / "a.json"
    assessment.write_text(examples["regulated-enterprise"].model_dump_json())
    assert run(["report", str(assessment), "--format", "md", "--templates", str(folder)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "md/risks.md.j2, line 2: template syntax error" in err[0]
