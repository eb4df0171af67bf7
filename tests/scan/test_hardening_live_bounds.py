"""Issue 16, item 10: a live scan is bounded in pages per list and in bytes per answer.

A server that hands out a new continue token on every page was paged 2,016 times; a 1 GB answer took 9.5 GB of
memory and exited 0. Against the tests' local API server (``endless`` and ``oversized`` faults), with the real
kubernetes client: past a bound the list stops, what was read is kept, a warning names the kind; with nothing
usable at all, the scan is one error.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from readiness.cli.main import run
from readiness.errors import ScanError
from readiness.scan import live
from readiness.scan.live import DEFAULT_SETTINGS, ScanSettings, scan_live
from readiness.scan.objects import SCANNED_KINDS
from tests.k8s_server import FakeKubeServer
from tests.k8s_server.fixtures import Sleeps, realdata_dir, running

MiB = 1024 * 1024


def settings(**overrides: Any) -> ScanSettings:
    values: dict[str, Any] = {"connect_timeout": 2.0, "read_timeout": 10.0, "sleep": Sleeps()}
    return ScanSettings(**{**values, **overrides})


def scan(server: FakeKubeServer, tmp_path: Path, config: ScanSettings) -> Any:
    return scan_live("test", str(server.write_kubeconfig(tmp_path / "kubeconfig")), settings=config)


def list_requests(server: FakeKubeServer, plural: str) -> list[Any]:
    return [r for r in server.requests if r.path.endswith(f"/{plural}")]


def test_a_list_that_never_ends_stops_at_the_page_bound_and_keeps_what_it_read(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("deployments", "endless", times=200)   # a broken server; 200 so an unbounded client ends
        result = scan(server, tmp_path, settings(page_size=2, max_pages=10))
    assert len(list_requests(server, "deployments")) == 10
    assert len({r.url for r in list_requests(server, "deployments")}) == 10, "every page had a new token"
    assert len(result.of_kind("Deployment")) == 6, "the pages read are kept"
    [warning] = [w for w in result.warnings if "Deployment" in w]
    assert warning == ("Deployment (deployments.apps): the API server kept answering with one more page (a new "
                       "continue token); listing stopped after 10 pages, the limit per list, with 6 Deployments "
                       "read — more may exist")
    assert len(result.of_kind("Service")) == 4 and len(result.warnings) == 1


def test_the_default_bounds_fit_a_million_objects_per_list() -> None:
    assert DEFAULT_SETTINGS.max_pages == 2_000
    assert DEFAULT_SETTINGS.max_pages * DEFAULT_SETTINGS.page_size >= 1_000_000
    assert DEFAULT_SETTINGS.max_response_bytes == 256 * MiB


def traced_peak(server: FakeKubeServer, tmp_path: Path, config: ScanSettings) -> tuple[Any, int]:
    """A scan and the most memory Python allocations took during it."""
    tracemalloc.start()
    try:
        result = scan(server, tmp_path, config)
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_oversized_answer_is_not_read_whole(chunked: bool, tmp_path: Path) -> None:
    config = settings(max_response_bytes=1 * MiB)
    with running(realdata_dir("bookinfo")) as server:
        _, baseline = traced_peak(server, tmp_path, config)   # also imports the client: not the answer's memory
        server.inject("pods", "oversized", size=64 * MiB, chunked=chunked, times=None)
        server.requests.clear()
        result, peak = traced_peak(server, tmp_path, config)
    assert peak < baseline + 8 * MiB, f"{(peak - baseline) / MiB:.0f} MiB more for a 64 MiB answer"
    assert len(list_requests(server, "pods")) == 1, "an oversized answer is not retried"
    [warning] = [w for w in result.warnings if w.startswith("Pod ")]
    assert warning == ("Pod (pods): an answer of the API server was larger than 1 MiB, the limit per response; it "
                       "was not read, Pods may be missing")
    assert len(result.of_kind("Deployment")) == 6 and result.of_kind("Pod") == []


def test_an_answer_within_the_bound_is_read(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        server.inject("pods", "oversized", size=MiB - 100, chunked=True)
        result = scan(server, tmp_path, settings(max_response_bytes=1 * MiB))
    assert [p["metadata"]["name"] for p in result.of_kind("Pod")] == ["big"]
    assert result.warnings == []


def test_nothing_usable_is_one_error(tmp_path: Path) -> None:
    with running(realdata_dir("bookinfo")) as server:
        for kind in SCANNED_KINDS:
            server.inject(kind.plural, "oversized", size=2 * MiB, times=None)
        url = server.url
        with pytest.raises(ScanError) as caught:
            scan(server, tmp_path, settings(max_response_bytes=1 * MiB))
    message = str(caught.value)
    assert message.startswith(f"nothing usable was read from {url} (context test): ")
    assert "larger than 1 MiB, the limit per response" in message


def test_cli_keeps_partial_results_with_a_warning_and_fails_on_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(live, "DEFAULT_SETTINGS", settings(page_size=2, max_pages=5, max_response_bytes=MiB))
    out = tmp_path / "scan.json"
    with running(realdata_dir("bookinfo")) as server:
        server.inject("services", "endless", times=100)
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "readiness: warning: test: Service (services): the API server kept answering with one more page" in err
    cluster = json.loads(out.read_text(encoding="utf-8"))["clusters"][0]
    assert any("listing stopped after 5 pages" in w for w in cluster["warnings"])
    assert len(cluster["workloads"]) == 6

    with running(realdata_dir("bookinfo")) as server:
        for kind in SCANNED_KINDS:
            server.inject(kind.plural, "oversized", size=2 * MiB, times=None)
        kubeconfig = server.write_kubeconfig(tmp_path / "kubeconfig")
        code = run(["scan", "--kubeconfig", str(kubeconfig), "-o", str(tmp_path / "none.json")])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("readiness: error")]
    assert code == 1 and len(errors) == 1, errors
    assert "nothing usable was read from" in errors[0] and "larger than 1 MiB" in errors[0]
    assert not (tmp_path / "none.json").exists()
