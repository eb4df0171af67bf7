"""The business case in money (issue 11 item 5): compute = vCPU × price + GiB × price, people from the answers and the
plan × the loaded cost of an engineer, support where asked for; settable prices; the short form for 'not yet' and
'gateway only'."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from readiness.app.rules import load_pricing, mesh_rules
from readiness.mesh.analysis import with_mesh_analysis
from readiness.models import Assessment
from readiness.models.business import BusinessCase, Money, Pricing
from tests.conftest import EXAMPLES
from tests.precheck.test_mesh_options import STRONG
from tests.precheck.test_option_rule import random_answers
from tests.scan.scan_helpers import run_cli

Build = Callable[..., Assessment]
SIMPLE = "currency: EUR\ncompute: {vcpu_month: 10, gib_month: 1}\npeople: {fte_year: 100000}\n" \
         "support: {per_cluster_year: {low: 1000, base: 2000, high: 4000}}\n"


@pytest.fixture(scope="module")
def simple(tmp_path_factory: pytest.TempPathFactory) -> Pricing:
    path = tmp_path_factory.mktemp("pricing") / "prices.yaml"
    path.write_text(SIMPLE)
    return load_pricing(path)


def case_of(assessment: Assessment, pricing: Pricing | None = None) -> BusinessCase:
    case = with_mesh_analysis(assessment, mesh_rules(pricing)).business_case
    assert case is not None
    return case


def item(case: BusinessCase, item_id: str) -> Any:
    return next(i for i in case.items if i.id == item_id)


def test_compute_is_cores_times_price_plus_gib_times_price(assess_answers: Build, simple: Pricing) -> None:
    """STRONG: Linkerd for 40 services × 2 pods = 80 proxies. Base: default requests 100m CPU / 20Mi per proxy,
    plus the control plane's one published figure, 365 MB (its CPU is not published)."""
    assessment = assess_answers(STRONG)
    case = case_of(assessment, simple)
    assert case.data_plane == "linkerd" and case.currency == "EUR" and case.form == "full"
    cpu, memory_mib = 80 * 0.1, 80 * 20 + 365e6 / 2**20
    expected = cpu * 10 + memory_mib / 1024 * 1
    compute = item(case, "compute")
    assert compute.monthly.base == pytest.approx(expected, abs=0.01)
    weeks = (assessment.plan.total_weeks.min + assessment.plan.total_weeks.max) / 2
    months = 12 * (weeks / 52 * 0.5 + 1 - weeks / 52)     # half the cost while the rollout lasts
    assert compute.first_year.base == pytest.approx(expected * months, abs=0.05)
    assert any("control plane CPU is not published" in a for a in case.assumptions)


def test_people_are_fte_from_the_answers_times_the_loaded_cost(assess_answers: Build, simple: Pricing) -> None:
    """STRONG: expert Kubernetes (× 0.85), a dedicated team (× 1), one team, one cluster."""
    assessment = assess_answers(STRONG)
    case = case_of(assessment, simple)
    weeks = (assessment.plan.total_weeks.min + assessment.plan.total_weeks.max) / 2
    adoption = 1.0 * 0.85 * min(weeks, 52) / 52 + 1 * 2 / 52 * min(1, 52 / weeks)
    assert item(case, "people_adoption").first_year.base == pytest.approx(adoption * 100_000, abs=0.05)
    run = item(case, "people_run")
    assert run.monthly.base == pytest.approx(0.5 * 0.85 * 100_000 / 12, abs=0.01)
    assert run.first_year.base == pytest.approx(0.5 * 0.85 * 100_000 * max(52 - weeks, 0) / 52, abs=0.05)
    assert case.fte.base == pytest.approx(adoption + 0.5 * 0.85 * max(52 - weeks, 0) / 52, abs=0.01)
    more = case_of(assess_answers({**STRONG, "kubernetes_experience": "learning", "team_count": 8}), simple)
    assert item(more, "people_adoption").first_year.base > item(case, "people_adoption").first_year.base


def test_support_only_where_asked_for_as_a_range_to_be_quoted(assess_answers: Build, simple: Pricing) -> None:
    assert not any(i.id == "support" for i in case_of(assess_answers(STRONG), simple).items)
    case = case_of(assess_answers({**STRONG, "vendor_support": True, "clusters": 3}), simple)
    support = item(case, "support")
    assert support.to_be_quoted
    assert (support.first_year.low, support.first_year.base, support.first_year.high) == (3000, 6000, 12000)
    assert "to be quoted" in case.summary


def test_totals_add_up_and_the_summary_quotes_them(assess_answers: Build, simple: Pricing) -> None:
    case = case_of(assess_answers({**STRONG, "vendor_support": True}), simple)
    for bound in ("low", "base", "high"):
        assert getattr(case.first_year, bound) == pytest.approx(
            sum(getattr(i.first_year, bound) for i in case.items), abs=0.05)
        assert getattr(case.monthly, bound) == pytest.approx(
            sum(getattr(i.monthly, bound) for i in case.items if i.monthly), abs=0.05)
    assert f"EUR {case.first_year.base:,.0f}" in case.summary and f"EUR {case.monthly.base:,.0f}" in case.summary


def ordered(money: Money) -> bool:
    return money.low <= money.base <= money.high


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=random_answers)
def test_every_case_is_a_range_around_its_base(assess_answers: Build, answers: dict[str, Any]) -> None:
    case = case_of(assess_answers(answers))
    assert ordered(case.monthly) and ordered(case.first_year) and ordered(case.fte)
    assert all(ordered(i.first_year) and (i.monthly is None or ordered(i.monthly)) for i in case.items)
    category = assess_answers(answers).recommendation.category
    assert case.form == ("short" if category in ("not_yet", "gateway_only") else "full")
    assert "{" not in case.summary


def example_case(name: str, *args: str, tmp_path: Path) -> dict[str, Any]:
    import json

    out = tmp_path / f"{name}.json"
    result = run_cli("assess", str(EXAMPLES / name), *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    document: dict[str, Any] = json.loads(out.read_text())
    return document


@pytest.mark.parametrize("name", ["startup.yaml", "monolith.yaml"])
def test_not_yet_and_gateway_only_get_the_short_when_you_adopt_form(name: str, tmp_path: Path) -> None:
    document = example_case(name, tmp_path=tmp_path)
    case = document["business_case"]
    assert document["recommendation"]["category"] in ("not_yet", "gateway_only")
    assert case["form"] == "short" and case["horizon"] == "when_you_adopt"
    assert case["summary"].startswith("When you adopt") and case["summary"].count(". ") <= 2
    assert case["items"], "the figures are kept for the short form"


def test_adopt_now_gets_the_full_case(tmp_path: Path) -> None:
    case = example_case("regulated-enterprise.yaml", tmp_path=tmp_path)["business_case"]
    assert case["form"] == "full" and case["horizon"] == "now" and case["data_plane"] == "linkerd"
    assert case["summary"].startswith("Adopting Linkerd would cost about USD")
    assert {i["id"] for i in case["items"]} == {"compute", "people_adoption", "people_run", "support"}


def test_a_pricing_file_overrides_the_defaults_and_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "prices.yaml"
    path.write_text("people: {fte_year: 120000}\n")
    pricing, defaults = load_pricing(path), load_pricing()
    assert pricing.people.fte_year == 120000 and defaults.people.fte_year != 120000
    assert pricing.people.source is not None and not pricing.people.source.assumption
    assert pricing.people.source.title.startswith("set in ") and pricing.people.source.title.endswith("prices.yaml")
    assert pricing.compute == defaults.compute and pricing.currency == defaults.currency
    assert "prices.yaml" in pricing.origin
    cheap = example_case("regulated-enterprise.yaml", "--pricing", str(path), tmp_path=tmp_path)["business_case"]
    default = example_case("regulated-enterprise.yaml", tmp_path=tmp_path)["business_case"]
    assert cheap["first_year"]["base"] < default["first_year"]["base"]


def test_the_default_prices_state_their_source_and_date() -> None:
    pricing = load_pricing()
    for part in (pricing.compute, pricing.people, pricing.support):
        assert part.source is not None and part.source.title and part.source.date and part.source.assumption
    assert pricing.compute.vcpu_month == pytest.approx(0.04048 * pricing.hours_per_month)
    assert pricing.compute.gib_month == pytest.approx(0.004445 * pricing.hours_per_month)


@pytest.mark.parametrize(("text", "expected"), [
    ("compute: {vcpu_month: -3, gib_month: 1}\n", "compute.vcpu_month: Input should be greater than 0"),
    ("people: {fte_yr: 1}\n", "people.fte_yr: unknown field (did you mean 'fte_year'?)"),
    ("currency: EUR\ncompute: {vcpu_month: 20, gib_month: 2}\n", "people: currency is EUR but the people prices"),
    ("currency: euro\n", "currency:"),
])
def test_a_bad_pricing_file_is_one_line_per_problem_and_exit_1(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    out = tmp_path / "a.json"
    result = run_cli("assess", str(EXAMPLES / "startup.yaml"), "--pricing", str(path), "-o", str(out))
    assert result.returncode == 1 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert any(expected in line and "bad.yaml" in line for line in lines), lines
    assert "Traceback" not in result.stderr


def test_schema_pricing_prints_the_files_schema() -> None:
    import json

    result = run_cli("schema", "pricing")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert {"currency", "compute", "people", "support", "staffing"} <= set(schema["properties"])
    assert schema.get("required", []) == [], "every part of a pricing file is optional"
