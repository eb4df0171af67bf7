"""The one clock of the tool: the time stamped on assessments, scans and interviews."""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """The time stamped on outputs: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(tz=dt.UTC).replace(microsecond=0)
