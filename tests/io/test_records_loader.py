"""The scanner's rule tables are msgspec records; a broken table still gets one line per problem (io/records)."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.errors import RulesError
from readiness.io.records import load_record
from readiness.scan.multicluster import MulticlusterRules
from readiness.scan.signatures import Signatures


def problems(tmp_path: Path, text: str, record: type) -> list[str]:
    path = tmp_path / "table.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_record(path, record, what="signatures", error=RulesError)
    lines = caught.value.lines()
    assert all(line.startswith(f"{path}: ") for line in lines), lines
    return [line.removeprefix(f"{path}: ") for line in lines]


def test_every_problem_is_named_not_only_the_first(tmp_path: Path) -> None:
    found = problems(tmp_path, "version: one\nimages:\n  - patterns: [redis]\n    role: wizard\n    softwar: redis\n"
                               "bogus: 1\n", Signatures)
    assert found[0].startswith("missing system_namespaces, role_ports, ")
    assert "version: expected a whole number, found the text 'one'" in found
    assert any(p.startswith("images[0].role: expected one of ") and "business" in p and p.endswith("'wizard'")
               for p in found), found
    assert any(p.startswith("images[0].softwar: unknown field (did you mean 'software'?)") for p in found), found
    assert "images[0].software: required, but missing" in found
    assert any(p.startswith("bogus: unknown field") for p in found), found


def test_nested_mappings_and_lists_are_checked_by_their_types(tmp_path: Path) -> None:
    found = problems(tmp_path, "version: 1\nistio: []\nlinkerd:\n  link_api_group: 3\n", MulticlusterRules)
    assert "istio: expected a mapping, found a list" in found or any(p.startswith("istio: expected a mapping")
                                                                      for p in found), found
    assert any(p.startswith("linkerd.link_api_group: expected text") for p in found), found
    assert any(p.startswith("linkerd.gateway: required, but missing") for p in found), found


def test_the_bundled_tables_load(tmp_path: Path) -> None:
    from readiness.io.resources import bundled

    assert load_record(bundled("rules", "scan", "signatures.yaml"), Signatures, what="signatures").software

