"""The scanner's msgspec records and the pydantic Scan contract are one contract (issue 17).

``readiness scan -o`` writes the records' JSON without building the pydantic models; these tests hold the two
definitions together: the same fields in the same order with the same defaults, and, on every realdata set and a
generated dump, the records' JSON is byte for byte what the contract writes for the same scan.
"""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pydantic import BaseModel

from readiness.models import scan as contract
from readiness.models import scan_records as records
from readiness.scan.collect import ScanRequest, build_result
from readiness.scan.snapshot import load_snapshot
from tests.scan.scan_helpers import realdata_dir

RECORDS = {name: cls for name, cls in vars(records).items()
           if inspect.isclass(cls) and issubclass(cls, records.Record) and cls is not records.Record}


def _default(value: Any) -> Any:
    """A default as a value (a factory is called)."""
    return value() if callable(value) else value


def test_every_contract_model_of_the_scan_has_a_record_and_back() -> None:
    models = {name for name, cls in vars(contract).items() if inspect.isclass(cls) and issubclass(cls, BaseModel)
              and cls.__module__ == contract.__name__}
    assert set(RECORDS) == models - {"Outcome", "Disagreement"}   # those two belong to the assessment


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_a_record_has_the_models_fields_in_order_with_the_same_defaults(name: str) -> None:
    model: type[BaseModel] = getattr(contract, name)
    info = msgspec.inspect.type_info(RECORDS[name])
    assert isinstance(info, msgspec.inspect.StructType)
    fields = {f.name: f for f in info.fields}
    assert list(fields) == list(model.model_fields), name
    for field_name, spec in model.model_fields.items():
        field = fields[field_name]
        assert field.required == spec.is_required(), f"{name}.{field_name}"
        if not field.required:
            mine = _default(field.default_factory) if field.default is msgspec.NODEFAULT else field.default
            theirs = spec.get_default(call_default_factory=True)
            if isinstance(theirs, BaseModel):
                theirs = theirs.model_dump()
                mine = msgspec.to_builtins(mine)
            assert mine == theirs, f"{name}.{field_name}"


def _dumped_both_ways(folders: list[Path]) -> tuple[str, str]:
    request = ScanRequest(snapshots=[str(f) for f in folders], live_default=False)
    record = build_result([load_snapshot(str(f)) for f in folders], request,
                          dt.datetime(2026, 12, 5, 10, 0, 0, 123456, tzinfo=dt.UTC))
    model = records.to_model(record, contract.ScanResult)
    return records.encode(record).decode(), model.model_dump_json(indent=2)


@pytest.mark.parametrize("app", sorted(p.name for p in realdata_dir().iterdir() if p.is_dir()))
def test_the_records_json_is_the_contracts_json_on_realdata(app: str) -> None:
    mine, theirs = _dumped_both_ways([realdata_dir() / app])
    assert '"workloads": [\n' in mine   # every realdata set has workloads: the comparison covers them
    assert mine == theirs


def test_the_records_json_is_the_contracts_json_for_a_fleet_and_a_generated_dump(tmp_path: Path) -> None:
    from tests.k8s_server.synth import write_kubectl_list

    dump = tmp_path / "cluster.json"
    write_kubectl_list(dump, 30, 3)
    mine, theirs = _dumped_both_ways([dump, realdata_dir() / "bookinfo", realdata_dir() / "mesh-fixtures"])
    assert '"fleet": {' in mine
    assert mine == theirs


def test_a_record_refuses_what_the_contract_refuses() -> None:
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"topic": "nonsense", "text": "x"}, records.Evidence)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert({"topic": "role", "text": "x", "extra": 1}, records.Evidence)
