"""The collector pause used around large scans restores the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from readiness.scan.heap import collection_paused


@pytest.mark.parametrize("enabled_before", [True, False])
def test_paused_inside_and_restored_after(enabled_before: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled_before else gc.disable)()
        with collection_paused():
            assert not gc.isenabled()
            with collection_paused():   # nested: the inner block must not re-enable it early
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


def test_what_the_block_built_is_frozen_so_later_collections_skip_it() -> None:
    with collection_paused():
        built = [{"n": i} for i in range(1000)]
    assert gc.get_freeze_count() >= len(built), "the first collection after the block would walk it all"


def test_restored_when_the_block_raises() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), collection_paused():
        raise ValueError("boom")
    assert gc.isenabled()


def test_as_a_decorator_each_call_pauses() -> None:
    @collection_paused()
    def inside() -> bool:
        return gc.isenabled()

    assert inside() is False and inside() is False
    assert gc.isenabled()



def test_the_scan_reads_and_builds_with_the_collector_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speed goals of ``make bench`` rest on it: seen from inside reading a snapshot and inside building
    its inventory, the collector is off; after each, it is back on."""
    from readiness.scan import inventory, snapshot
    from tests.conftest import realdata_dir

    seen: dict[str, bool] = {}

    def spy(module: object, name: str) -> None:
        real = getattr(module, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            seen[name] = gc.isenabled()
            return real(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    spy(snapshot, "_manifest_files")
    spy(inventory, "extract")
    objects = snapshot.load_snapshot(str(realdata_dir("online-boutique")))
    assert gc.isenabled()
    built = inventory.build_inventory(objects)
    assert gc.isenabled() and built.workloads
    assert seen == {"_manifest_files": False, "extract": False}
