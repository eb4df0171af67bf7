"""The collector pause used around large scans restores the collector as it found it."""

from __future__ import annotations

import gc

import pytest

from readiness.heap import collection_paused


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
