"""HTML to PDF with WeasyPrint: the only module that imports it, and only when a PDF is asked for.

Every resource the document references goes through :class:`FetchPolicy`; anything but ``data:``
URIs and files inside the allowed folders is refused (and reported), never fetched.

Ctrl-C interrupts the layout (:func:`interruptible`), even where WeasyPrint catches every exception: it
draws each SVG image (the logo, the charts) inside ``except BaseException`` and would go on without it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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


def require_pdf() -> None:
    """Load WeasyPrint now, or raise the one-line ReportError that says what is missing."""
    _weasyprint()


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
    with interruptible():
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


REPEAT_SECONDS = 0.05
"""After a Ctrl-C, how often the interrupt is raised again until it gets past WeasyPrint."""


@contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C raises KeyboardInterrupt in the block even where the block catches it: after the first, it is
    raised again every :data:`REPEAT_SECONDS` until it leaves the block, and once more if the block ends as if
    nothing happened. The handlers and the timer in place before are put back (the timer less the time spent).
    A no-op off the main thread."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    started = time.monotonic()
    state = _Interrupt()
    previous = signal.signal(signal.SIGINT, state.on_interrupt)
    try:
        yield
    finally:
        state.restore(previous, time.monotonic() - started)
    if state.pressed:
        raise KeyboardInterrupt


class _Interrupt:
    """Ctrl-C in :func:`interruptible`: the first one arms a repeating SIGALRM that raises it again."""

    def __init__(self) -> None:
        self.pressed = False
        self.active = True
        self.alarm: Any = None
        self.timer = (0.0, 0.0)

    def on_interrupt(self, signum: int, frame: object) -> None:
        """SIGINT: raise KeyboardInterrupt; the first time, arm the timer that raises it again."""
        if not self.pressed:
            self.pressed = True
            self.alarm = signal.signal(signal.SIGALRM, self.again)
            self.timer = signal.setitimer(signal.ITIMER_REAL, REPEAT_SECONDS, REPEAT_SECONDS)
        raise KeyboardInterrupt

    def again(self, signum: int, frame: object) -> None:
        """SIGALRM after a Ctrl-C: raise KeyboardInterrupt again, until the block is left."""
        if self.active:
            raise KeyboardInterrupt

    def restore(self, interrupt: Any, spent: float) -> None:
        """Put back the handlers and the timer; an interrupt arriving meanwhile does not cut this short."""
        while True:
            try:
                self.active = False
                if self.pressed:
                    remaining, interval = self.timer
                    signal.setitimer(signal.ITIMER_REAL, max(remaining - spent, 0.001) if remaining else 0,
                                     interval)
                    signal.signal(signal.SIGALRM, self.alarm if self.alarm is not None else signal.SIG_DFL)
                signal.signal(signal.SIGINT, interrupt if interrupt is not None else signal.SIG_DFL)
                return
            except KeyboardInterrupt:
                continue
