"""Benchmark: the full PDF report against WeasyPrint laying out the same HTML alone.

The report is the biggest realistic one, built as ``readiness assess --snapshot ...`` builds it
(``readiness.pipeline``): the regulated example, which runs 3 clusters, with three real public
manifests as their snapshots (online-boutique, sock-shop, the mesh fixtures) — cluster findings,
precheck, cost estimate and mesh options for each. Without the real data it falls back to the example
alone (cost estimate and mesh options, no scan) and says so.

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
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
RUNS = 7
LIMIT = 0.20
SNAPSHOTS = ("online-boutique/kubernetes-manifests.yaml", "sock-shop/complete-demo.yaml", "mesh-fixtures")


def _assessment():  # type: ignore[no-untyped-def]
    """The full assessment, and a line describing it."""
    from readiness.app.assess import assess, load_rules
    from readiness.app.inputs import load_answers_file
    from readiness.app.scan import NO_SCAN, scan_clusters
    from readiness.scan.collect import ScanRequest
    from tests.conftest import realdata_dir

    stamp = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)
    paths = [realdata_dir() / p for p in SNAPSHOTS]
    scan = NO_SCAN
    if all(p.exists() for p in paths):
        scan = scan_clusters(ScanRequest(snapshots=[str(p) for p in paths], live_default=False), stamp)
        what = f"regulated example + {len(paths)} real snapshots as its clusters"
    else:
        what = f"regulated example without a scan ({realdata_dir()} not found)"
    answers = load_answers_file(ROOT / "examples" / "regulated-enterprise.yaml")
    return assess(load_rules(None), answers, "regulated-enterprise.yaml", stamp, scan), what


def measure(runs: int = RUNS) -> tuple[float, float, float, float, int, str]:
    """Medians (seconds) of the full PDF render, of WeasyPrint alone on the same HTML and of the work
    before WeasyPrint (content, charts, templates), and the median of the paired ratios full/alone.

    Runs are interleaved, and each full render is compared with the WeasyPrint run right before it, so a
    busy machine slows both sides of a pair alike."""
    import weasyprint

    from readiness.report import render_report
    from readiness.report.branding import default_branding
    from readiness.report.content import build_content
    from readiness.report.html import render_html
    from readiness.report.templates import Templates, templates_dir

    assessment, what = _assessment()

    def prepare() -> str:
        templates = Templates()
        return render_html(build_content(assessment, templates.text()), default_branding(), templates, for_pdf=True)

    html = prepare()
    base = templates_dir().as_uri() + "/"
    pages = render_report(assessment, "pdf").pages or 0  # also warms up fonts and caches for both sides
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
    return (statistics.median(full), statistics.median(alone), statistics.median(before), statistics.median(ratios),
            pages, what)


def main() -> None:
    """Print the medians and the overhead against the limit."""
    full, alone, before, ratio, pages, what = measure()
    overhead = ratio - 1
    verdict = "ok" if overhead < LIMIT else "OVER THE LIMIT"
    print(f"report_pdf: {what}: {pages} pages")
    print(f"report_pdf: full PDF render {full * 1000:.0f} ms; WeasyPrint alone on the same HTML {alone * 1000:.0f} ms "
          f"(median of {RUNS}, interleaved)")
    print(f"report_pdf: overhead {overhead:+.1%} (median of the paired full/alone ratios; limit {LIMIT:.0%}: "
          f"{verdict}); content + charts + templates alone {before * 1000:.1f} ms = {before / alone:.1%} of "
          f"WeasyPrint")


if __name__ == "__main__":
    main()
