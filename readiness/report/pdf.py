"""HTML to PDF with WeasyPrint: the only module that imports it, and only when a PDF is asked for.

Every resource the document references goes through :class:`FetchPolicy`; anything but ``data:``
URIs and files inside the allowed folders is refused (and reported), never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.errors import ReportError
from readiness.report.fetch import FetchPolicy

MISSING_LIBRARIES = ("PDF output needs WeasyPrint and the Pango library ({reason}); on Debian/Ubuntu: "
                     "apt-get install libpango-1.0-0 libpangoft2-1.0-0; HTML and Markdown reports work without them")


@dataclass(frozen=True)
class PdfResult:
    """The PDF bytes and how many pages it has."""

    data: bytes
    pages: int


def _weasyprint() -> Any:
    """The weasyprint module, or a one-line ReportError when it or its system libraries are missing."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: cannot load library 'libgobject-2.0-0' / pango
        raise ReportError(MISSING_LIBRARIES.format(reason=str(exc).splitlines()[0][:120])) from None
    return weasyprint


def pdf_available() -> bool:
    """Whether PDFs can be rendered on this machine."""
    try:
        _weasyprint()
    except ReportError:
        return False
    return True


def html_to_pdf(html: str, policy: FetchPolicy, base: Path) -> PdfResult:
    """Lay out ``html`` and write the PDF; relative URLs resolve inside ``base`` (a template folder)."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/",
                               url_fetcher=guarded_fetcher(policy)).render()
    data = document.write_pdf()
    return PdfResult(bytes(data) if data is not None else b"", len(document.pages))


def guarded_fetcher(policy: FetchPolicy) -> Any:
    """A WeasyPrint URL fetcher that asks ``policy`` before fetching anything."""
    from weasyprint.urls import URLFetcher

    class GuardedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            reason = policy.check(url)
            if reason is not None:
                raise PermissionError(reason)
            return super().fetch(url, headers)

    return GuardedFetcher(allowed_protocols=("data", "file"), allow_redirects=False)
