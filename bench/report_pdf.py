"""Benchmark: the full PDF report against WeasyPrint laying out the same HTML alone.

Everything around WeasyPrint (loading text, building the content, charts, templates, the guarded
fetcher) must cost under 20 % on top of WeasyPrint itself. Run: ``python bench/report_pdf.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 7
LIMIT = 0.20


def _assessment():  # type: ignore[no-untyped-def]
    from readiness.answers import load_answers
    from readiness.assessment import build_assessment
    from readiness.questionnaire import load_plan_catalogue, load_questionnaire

    questionnaire = load_questionnaire()
    answers = load_answers(questionnaire, ROOT / "examples" / "regulated-enterprise.yaml")
    return build_assessment(questionnaire, load_plan_catalogue(questionnaire), answers,
                            dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC))


def measure(runs: int = RUNS) -> tuple[float, float, float, float]:
    """Medians (seconds) of the full PDF render, of WeasyPrint alone on the same HTML and of the work
    before WeasyPrint (content, charts, templates), and the median of the paired ratios full/alone.

    Runs are interleaved, and each full render is compared with the WeasyPrint run right before it, so a
    busy machine slows both sides of a pair alike."""
    sys.path.insert(0, str(ROOT))
    import weasyprint

    from readiness.report import render_report
    from readiness.report.branding import default_branding
    from readiness.report.content import build_content
    from readiness.report.html import render_html
    from readiness.report.templates import Templates, templates_dir

    assessment = _assessment()

    def prepare() -> str:
        templates = Templates()
        return render_html(build_content(assessment, templates.text()), default_branding(), templates, for_pdf=True)

    html = prepare()
    base = templates_dir().as_uri() + "/"
    render_report(assessment, "pdf")  # warm up fonts and caches for both measurements
    full, alone, before = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        weasyprint.HTML(string=html, base_url=base).write_pdf()
        alone.append(time.perf_counter() - start)
        start = time.perf_counter()
        render_report(assessment, "pdf")
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        prepare()
        before.append(time.perf_counter() - start)
    ratios = [f / w for f, w in zip(full, alone, strict=True)]
    return statistics.median(full), statistics.median(alone), statistics.median(before), statistics.median(ratios)


def main() -> None:
    """Print the medians and the overhead against the limit."""
    full, alone, before, ratio = measure()
    overhead = ratio - 1
    verdict = "ok" if overhead < LIMIT else "OVER THE LIMIT"
    print(f"report_pdf: full PDF render {full * 1000:.0f} ms; WeasyPrint alone on the same HTML {alone * 1000:.0f} ms "
          f"(median of {RUNS}, interleaved)")
    print(f"report_pdf: overhead {overhead:+.1%} (median of the paired full/alone ratios; limit {LIMIT:.0%}: "
          f"{verdict}); content + charts + templates alone {before * 1000:.1f} ms = {before / alone:.1%} of "
          f"WeasyPrint")


if __name__ == "__main__":
    main()
