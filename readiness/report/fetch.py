"""What the PDF renderer may fetch: ``data:`` URIs and files inside the allowed folders, nothing else.

The policy records every request, allowed or refused, so the refusals can be shown and tested.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


class FetchPolicy:
    """Allow-list for the URLs a document references while it is rendered."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [Path(f).resolve() for f in folders]
        self.requested: list[str] = []
        self.refused: list[str] = []

    def check(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else why not; every call is recorded."""
        self.requested.append(url)
        reason = self._reason(url)
        if reason is not None:
            self.refused.append(url)
        return reason

    def _reason(self, url: str) -> str | None:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return None
        if scheme != "file":
            return f"refused to fetch {_short(url)}: only data: URIs and files inside the template and brand " \
                   f"folders may be used"
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return f"refused to fetch {_short(url)}: remote file URL"
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(folder) for folder in self.folders):
            return f"refused to fetch {_short(url)}: outside the template and brand folders"
        if not path.is_file():
            return f"cannot fetch {_short(url)}: no such file"
        return None


def _short(url: str) -> str:
    return url if len(url) <= 120 else url[:117] + "..."
