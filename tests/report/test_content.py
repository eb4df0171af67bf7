"""One content structure for every format: the same words in HTML and Markdown, readable Markdown,
sections only when they have data, and text.yaml overrides that reach both formats."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from readiness.cli.main import run
from readiness.models import Assessment
from readiness.report import render
from readiness.report.branding import load_branding
from readiness.report.content import OPTIONAL_SECTIONS, build_content
from readiness.report.markdown import md_escape, slug
from readiness.report.templates import Templates
from tests.report.helpers import PNG_1PX, html_text, markdown_to_html


@pytest.mark.parametrize("name", ["regulated-enterprise", "startup", "monolith"])
def test_html_and_markdown_say_the_same_things(examples: dict[str, Assessment], name: str) -> None:
    content = build_content(examples[name], Templates().text())
    html_words, _ = html_text(render(examples[name], "html").decode())
    md_words, _ = html_text(markdown_to_html(render(examples[name], "md").decode()))
    road = content.roadmap
    assert road is not None
    phrases = [content.headline, content.verdict_title, content.summary.decision, content.confidence_sentence,
               content.footer_line, content.cover_note, road.summary, road.schedule_note,
               *(s.intro for s in content.sections if s.intro), *(f.text for g in content.findings for f in g.findings),
               *(x.explanation for g in content.signal_groups for x in g.rows),
               *(x for p in road.phases for x in (*p.activities, *p.exit_criteria, *p.success_metrics)),
               *(p.dates for p in road.phases), *(e.what for e in road.events if e.kind != "phase"),
               *(r.mitigation for r in content.register), *(r.title for r in content.register),
               *content.summary.investment, *content.limitations.counts, *content.limitations.unanswered,
               *(g.meaning for g in content.glossary), *(f for f in content.formulas), *(n.text for n in content.notes)]
    if content.business:
        phrases.append(content.business.summary)
    if content.triggers_none:
        phrases.append(content.triggers_none)
    for phrase in phrases:
        assert phrase in html_words, phrase
        assert phrase in md_words, phrase


def test_trigger_table_and_what_the_search_covered(examples: dict[str, Assessment]) -> None:
    adopt = render(examples["regulated-enterprise"], "md").decode()
    (trigger,) = examples["regulated-enterprise"].recommendation.triggers
    assert trigger.set == {"service_count": 2} and trigger.new_category == "pilot"
    assert "| **Pilot** | If 2 services run in production, the verdict would be “Pilot”. | Services in production: " \
           "48 services → 2 services |" in adopt
    assert "Every other value of each of the 28 answers that feed the scores was tried" in adopt
    monolith = render(examples["monolith"], "md").decode()
    assert "No change of one answer, nor of two answers together, moves the verdict towards adopting a mesh." \
        in monolith
    assert "| **Not yet** | If your traffic needs reach between services (east–west), the verdict would be " \
           "“Not yet”. | Needs only at the edge: yes → no |" in monolith


def test_optional_sections_follow_the_data(examples: dict[str, Assessment], scanned: Assessment,
                                          assess_answers: Callable[..., Assessment]) -> None:
    content = build_content(examples["regulated-enterprise"], Templates().text())
    shown = {s.id for s in content.sections}
    assert {"cost", "mesh_options"} <= shown, "every assessment holds the cost estimate and the mesh options"
    assert not {"cluster", "precheck"} & shown, "no scan, no cluster findings and no precheck"
    assert [s.id for s in content.main_sections] == ["summary", "scorecard", "findings", "mesh_options",
                                                     "multicluster", "plan", "business_case", "risks", "triggers",
                                                     "assumptions"]
    assert [s.label for s in content.main_sections] == [str(n) for n in range(1, 11)]
    assert [s.id for s in content.appendices] == ["signals", "cost", "answers", "notes", "method", "glossary"]
    assert [s.label for s in content.appendices] == ["A", "B", "C", "D", "E", "F"]
    assert set(OPTIONAL_SECTIONS) <= {s.id for s in build_content(scanned, Templates().text()).sections}
    core_only = build_content(assess_answers({"service_count": 3}), Templates().text())
    assert not set(OPTIONAL_SECTIONS) & {s.id for s in core_only.sections}, "an assessment without them renders"
    assert "multicluster" not in {s.id for s in core_only.sections}, "one cluster: nothing to connect"
    startup = build_content(examples["startup"], Templates().text())
    assert "notes" in {s.id for s in startup.sections}
    assert "cost" not in {s.id for s in startup.sections}, "not yet: the business case is a paragraph, no sizing"
    monolith = build_content(examples["monolith"], Templates().text())
    assert "notes" not in {s.id for s in monolith.sections}, "no notes, no appendix for them"


def test_markdown_contents_links_resolve_to_headings(examples: dict[str, Assessment]) -> None:
    md = render(examples["regulated-enterprise"], "md").decode()
    headings = {slug(h) for h in re.findall(r"^#{1,3} (.+)$", md, flags=re.M)}
    links = re.findall(r"^- \[.+\]\(#([^)]+)\)$", md, flags=re.M)
    assert len(links) == 16
    assert set(links) <= headings


def test_markdown_tables_are_well_formed(examples: dict[str, Assessment]) -> None:
    a = examples["regulated-enterprise"]
    html = markdown_to_html(render(a, "md").decode())
    signal_table = html.split("<h2>Appendix A: Signals behind the verdict</h2>")[1].split("</table>")[0]
    assert signal_table.count("<tr>") == 1 + len(a.signals) + 3, "header, one row per signal, three group rows"
    assert signal_table.count("<td") == (len(a.signals) + 3) * 6
    register = html.split("<h2>8. Risk register</h2>")[1].split("</table>")[0]
    assert register.count("<tr>") == 1 + len(a.risks), "header, one row per risk"


def test_markdown_is_not_littered_with_backslashes(examples: dict[str, Assessment]) -> None:
    md = render(examples["regulated-enterprise"], "md").decode()
    assert md.count("\\") == 0, [line for line in md.splitlines() if "\\" in line][:5]
    assert "\n\n\n" not in md and not any(line.endswith(" ") for line in md.splitlines())


@pytest.mark.parametrize(("raw", "escaped"), [
    ("snake_case and C# (.NET), e.g. 5–6 services: +20.0", "snake_case and C# (.NET), e.g. 5–6 services: +20.0"),
    ('<img src="x">', '\\<img src="x">'),
    ("{{ 7*7 }}", "{{ 7\\*7 }}"),
    ("_emphasis_ and __strong__", "\\_emphasis\\_ and \\_\\_strong\\_\\_"),
    ("[link](http://x) `code` a|b ~~s~~ $5", "\\[link\\](http://x) \\`code\\` a\\|b \\~\\~s\\~\\~ \\$5"),
    ("# heading", "\\# heading"), ("- item", "\\- item"), ("12. item", "12\\. item"), ("> quote", "\\> quote"),
    ("CPU 9.6 [5] – 48 [12] cores", "CPU 9.6 [5] – 48 [12] cores"),
    ("[5](http://x) [5][z] [5]: y", "\\[5\\](http://x) \\[5\\]\\[z\\] \\[5\\]: y"),
    ("&amp; & AT&T", "\\&amp; & AT&T"), ("two\nlines", "two lines"), ("need < 65, a<b", "need < 65, a\\<b"),
])
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped
    assert html_text(markdown_to_html(f"x {md_escape(raw)}"))[0] == " ".join(f"x {raw}".split())


def test_text_yaml_override_reaches_every_format(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    (tmp_path / "text.yaml").write_text("sections:\n  summary:\n    title: Management summary\n")
    a = examples["startup"]
    assert "## 1. Management summary" in render(a, "md", templates_dir=tmp_path).decode()
    assert "Management summary" in html_text(render(a, "html", templates_dir=tmp_path).decode())[0]
    assert "Executive summary" not in render(a, "md", templates_dir=tmp_path).decode()
    assert "## 2. Scorecard" in render(a, "md", templates_dir=tmp_path).decode(), "the rest is kept"


def test_text_yaml_typo_is_one_line(tmp_path: Path, examples: dict[str, Assessment],
                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "text.yaml").write_text("sections:\n  sumary:\n    title: x\n")
    assessment = tmp_path / "a.json"
    assessment.write_text(examples["startup"].model_dump_json())
    assert run(["report", str(assessment), "--templates", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "text.yaml: sections.sumary: unknown key" in err[0]


def test_missing_templates_folder_is_one_line(tmp_path: Path, examples: dict[str, Assessment],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assessment = tmp_path / "a.json"
    assessment.write_text(examples["startup"].model_dump_json())
    assert run(["report", str(assessment), "--templates", str(tmp_path / "nope")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_html_is_one_self_contained_file(tmp_path: Path, examples: dict[str, Assessment]) -> None:
    (tmp_path / "logo.png").write_bytes(PNG_1PX)
    (tmp_path / "brand.yaml").write_text("logo: logo.png\n")
    html = render(examples["regulated-enterprise"], "html", load_branding(tmp_path / "brand.yaml")).decode()
    _, tags = html_text(html)
    loaded = [a.get("src") or a.get("href") for tag, a in tags if tag != "a" and (a.get("src") or a.get("href"))]
    assert loaded, "the logo is there"
    assert all(str(s).startswith("data:") for s in loaded), loaded
    links = [str(a.get("href")) for tag, a in tags if tag == "a"]
    assert "#sec-summary" in links, "the contents link to the sections"
    assert all(h.startswith(("#", "https://")) for h in links), "other links are the cited documents, to follow"
    assert not [t for t, _ in tags if t in ("link", "script", "iframe", "object")]
    css = (Templates().default / "report.css").read_text(encoding="utf-8")
    assert css.split("\n", 1)[0] in html and "@page" in html, "the stylesheet is inlined"
    assert html.count("<svg") == 5, ("need versus readiness, scorecard, timeline, the clusters' topology and "
                                     "contributions are inline SVG")


def test_month_names_come_from_text_yaml(tmp_path: Path, examples: dict[str, Assessment],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
    (tmp_path / "text.yaml").write_text(f"months: [{', '.join(months)}]\n", encoding="utf-8")
    assert "| Date | 2 novembre 2026 |" in render(examples["startup"], "md", templates_dir=tmp_path).decode()
    (tmp_path / "text.yaml").write_text("months: [Jan, Feb]\n")
    assessment = tmp_path / "a.json"
    assessment.write_text(examples["startup"].model_dump_json())
    assert run(["report", str(assessment), "--templates", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "text.yaml: months: expected a list of the 12 month names" in err[0]


def test_optional_sections_are_typed_fields(examples: dict[str, Assessment], scanned: Assessment,
                                            meshed: Assessment) -> None:
    """Each optional section's data is a typed field of the content (None when the section is not shown), so a
    template that misspells one meets StrictUndefined instead of a silently empty section."""
    import dataclasses

    from readiness.report.cluster import ClusterFindings
    from readiness.report.content import ReportContent
    from readiness.report.findings import CostView, OptionsView, PrecheckView
    from readiness.report.mesh_sections import CheckTable, FitMatrix, PlaneFigures

    names = {f.name for f in dataclasses.fields(ReportContent)}
    assert not {n for n in names if n.startswith("extra")}, "no untyped side door"
    text = Templates().text()
    full = build_content(meshed, text)
    assert isinstance(full.cluster, ClusterFindings)
    assert isinstance(full.precheck, PrecheckView)
    assert full.precheck_table and all(isinstance(x, CheckTable) for x in full.precheck_table)
    assert "precheck_objects" not in {s.id for s in full.sections} and full.precheck_objects is None, \
        "no finding is long enough for the appendix"
    assert isinstance(full.cost, CostView)
    assert full.cost_figures and all(isinstance(x, PlaneFigures) for x in full.cost_figures)
    assert isinstance(full.mesh_options, OptionsView) and isinstance(full.fit_matrix, FitMatrix)
    bare = build_content(examples["regulated-enterprise"], text)
    assert bare.cluster is None and bare.precheck is None and bare.precheck_table is None
    assert bare.precheck_objects is None and isinstance(bare.cost, CostView)
    short = build_content(examples["startup"], text)
    assert short.cost is None and short.cost_figures is None, "not yet: no proxy sizing appendix"
    shown = build_content(scanned, text)
    assert {s.id for s in shown.sections} >= {"cluster", "precheck"} and shown.cluster and shown.precheck


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_misspelt_section_field_is_one_line(tmp_path: Path, examples: dict[str, Assessment], fmt: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / fmt).mkdir()
    (tmp_path / fmt / f"cost.{fmt}.j2").write_text("{% for r in c.cots.rows %}{{ r.cpu }}{% endfor %}\n")
    assessment = tmp_path / "a.json"
    assessment.write_text(examples["regulated-enterprise"].model_dump_json())
    assert run(["report", str(assessment), "--format", fmt, "--templates", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{fmt}/cost.{fmt}.j2, line 1" in err[0] and "'cots'" in err[0], err
