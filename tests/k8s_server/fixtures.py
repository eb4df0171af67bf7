"""Helpers the live-scan tests and benchmarks share: where the real manifests are, a running server, settings."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.conftest import realdata_dir as realdata_dir
from tests.conftest import shared_dir as shared_dir
from tests.k8s_server.server import FakeKubeServer

REPO = Path(__file__).resolve().parents[2]
REALDATA_APPS = ("aks-store-demo", "bookinfo", "derived-online-boutique-list", "emojivoto", "mesh-fixtures",
                 "online-boutique", "sock-shop")
FIXTURES = Path(__file__).resolve().parent / "manifests"
PLANTED = re.compile(r"PLANTED-[A-Za-z0-9-]+")


@contextmanager
def running(*paths: str | Path, **options: Any) -> Iterator[FakeKubeServer]:
    """A started server holding the objects of ``paths``; stopped afterwards."""
    server = FakeKubeServer(**options)
    for path in paths:
        server.load(path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Sleeps(list[float]):
    """An injectable ``sleep`` that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def planted_values() -> set[str]:
    """Every value planted in ``manifests/planted.yaml`` (and the base64 forms of Secret/binaryData ones):
    none may appear in any output."""
    text = (FIXTURES / "planted.yaml").read_text(encoding="utf-8")
    values = set(PLANTED.findall(text))
    for encoded in re.findall(r"(?<=: )[A-Za-z0-9+/]{16,}={0,2}", text):
        decoded = base64.b64decode(encoded).decode()
        if decoded.startswith("PLANTED-"):
            values |= {decoded, encoded}
    return values
