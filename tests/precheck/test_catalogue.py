"""The data files: catalogue and registry cannot drift, every figure has a source, bad files are one line each."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from readiness.app.rules import bundled_questionnaires, load_check_catalogue, load_cost_data, load_option_rules
from readiness.errors import RulesError
from readiness.io.resources import bundled
from readiness.mesh import precheck
from readiness.mesh.catalogues import CHECKS_FILE, COSTS_FILE, OPTIONS_FILE
from readiness.models import MESHES


def test_catalogue_ids_and_registered_functions_are_the_same() -> None:
    catalogue = load_check_catalogue()
    assert [c.id for c in catalogue.checks] == list(dict.fromkeys(c.id for c in catalogue.checks))
    assert set(precheck.CHECKS) == {c.id for c in catalogue.checks}
    assert precheck.unregistered(catalogue) == []


def test_catalogue_with_an_unregistered_check_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((bundled("rules", "mesh") / CHECKS_FILE).read_text())
    extra = dict(data["checks"][0], id="made_up_check")
    data["checks"].append(extra)
    data["checks"] = [c for c in data["checks"] if c["id"] != "host_network"]
    path = tmp_path / "checks.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(RulesError) as err:
        load_check_catalogue(path)
    lines = err.value.lines()
    assert any("no logic registered for check 'made_up_check'" in line for line in lines)
    assert any("check 'host_network' has logic but no catalogue entry" in line for line in lines)
    assert all(line.startswith(str(path)) for line in lines)


def test_every_check_states_applicability_why_remediation_and_docs() -> None:
    for check in load_check_catalogue().checks:
        assert check.applicability.meshes(), check.id
        for mesh in MESHES:
            assert getattr(check.applicability, mesh).note, (check.id, mesh)
        assert len(check.why) > 60 and len(check.remediation) > 30, check.id
        assert all(d.url.startswith("https://") for d in check.docs)


def test_kubernetes_support_cites_known_sources() -> None:
    catalogue = load_check_catalogue()
    assert {t.mesh for t in catalogue.kubernetes_support} == set(MESHES)
    for table in catalogue.kubernetes_support:
        for release in table.releases:
            source = catalogue.source(release.source)
            assert source.url.startswith("https://") and source.version


def test_istio_release_statuses_follow_the_support_policy_on_the_checked_date() -> None:
    """Istio patches a minor release until six weeks after the N+2 minor release; the newest released is current."""
    import datetime as dt

    for table in load_check_catalogue().kubernetes_support:
        if not table.mesh.startswith("istio"):
            continue
        released = {r.release: r.released for r in table.releases if r.released}
        assert table.current().released == max(released.values())
        for release in table.releases:
            major, minor = release.release.split(".")
            successor = released.get(f"{major}.{int(minor) + 2}")
            ended = successor is not None and successor + dt.timedelta(weeks=6) <= table.status_as_of
            newest = release.released == table.current().released
            expected = "end_of_life" if ended else "current" if newest else "supported"
            assert release.status == expected, (table.mesh, release.release)
            assert release.status in table.status_meaning


def test_linkerd_statuses_say_who_provides_stable_builds() -> None:
    """linkerd.io: since February 2024 the project ships edge releases only; stable builds come from vendors."""
    linkerd = next(t for t in load_check_catalogue().kubernetes_support if t.mesh == "linkerd")
    assert linkerd.current().release.startswith("edge-")
    stable = [r for r in linkerd.releases if not r.release.startswith("edge-")]
    assert all(r.status in ("vendor_stable", "end_of_life") for r in stable)
    assert {r.release for r in stable if r.status == "vendor_stable"} >= {"2.18", "2.19"}
    assert "vendors" in linkerd.status_meaning["vendor_stable"]


def test_every_cost_figure_and_latency_names_a_source_with_version() -> None:
    data = load_cost_data()
    for item in [*data.figures, *data.latency]:
        source = data.source(item.source)
        assert source.version and source.url.startswith("https://")
    for figure in data.figures:
        assert figure.published
        if figure.derived:
            assert figure.also


def test_latency_rule_never_lets_a_benchmark_rule_out_a_data_plane(tmp_path: Path) -> None:
    data = yaml.safe_load((bundled("rules", "mesh") / OPTIONS_FILE).read_text())
    data["rules"]["latency_budget"]["slower"][0] = "ruled_out"
    path = tmp_path / "options.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(RulesError) as err:
        load_option_rules(path)
    assert any("never poor or ruled out" in line for line in err.value.lines())


def test_mesh_data_files_are_not_listed_as_questionnaires() -> None:
    assert not any(name in bundled_questionnaires() for name in ("precheck-checks", "proxy-costs", "mesh-options"))


@pytest.mark.parametrize(("filename", "loader", "edit", "expected"), [
    (COSTS_FILE, load_cost_data, lambda d: d["figures"][0].update(source="nowhere"),
     "figures[0].source: unknown source 'nowhere'"),
    (COSTS_FILE, load_cost_data, lambda d: d["figures"][1].pop("cpu_cores") and d["figures"][1].pop("memory"),
     ": a figure needs cpu_cores or memory"),
    (OPTIONS_FILE, load_option_rules, lambda d: d["options"][0]["features"].update(teleport="yes"),
     "options[0].features.teleport: not listed in feature_labels"),
    (OPTIONS_FILE, load_option_rules, lambda d: d["rules"]["vendor_support"]["fits"].update(linkerd="great"),
     "rules.vendor_support.fits.linkerd"),
    (CHECKS_FILE, load_check_catalogue, lambda d: d["checks"][0].update(severity="fatal"),
     ".severity: Input should be 'info', 'warning' or 'error'"),
])
def test_bad_data_files_are_one_line_per_problem(tmp_path: Path, filename: str, loader, edit, expected: str) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load((bundled("rules", "mesh") / filename).read_text())
    edit(data)
    path = tmp_path / filename
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(RulesError) as err:
        loader(path)
    assert any(expected in line and line.startswith(str(path)) for line in err.value.lines()), err.value.lines()


def test_a_scaled_figure_needs_a_floor_of_the_same_component(tmp_path: Path) -> None:
    data = yaml.safe_load((bundled("rules", "mesh") / COSTS_FILE).read_text())
    istiod = next(f for f in data["figures"] if f["id"] == "istiod_1_20")
    istiod["scale"]["floor"] = "istio_sidecar_requests"
    path = tmp_path / "costs.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(RulesError) as err:
        load_cost_data(path)
    assert any("scale.floor" in line and "same component" in line for line in err.value.lines())
