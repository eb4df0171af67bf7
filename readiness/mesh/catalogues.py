"""Cross-checks of the mesh catalogues (precheck checks, proxy cost figures, mesh-option rules). Pure.

The files live in ``readiness/rules/mesh/`` and are read by :mod:`readiness.app.rules`, which runs these
checks after validating each against its model: every problem is one line naming the file and the field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from readiness.errors import Problem
from readiness.models.business import Pricing
from readiness.models.cost import CostData
from readiness.models.mesh import OPTIONS
from readiness.models.options import OptionRules
from readiness.models.precheck import CheckCatalogue

CHECKS_FILE = "precheck-checks.yaml"
COSTS_FILE = "proxy-costs.yaml"
OPTIONS_FILE = "mesh-options.yaml"
MULTICLUSTER_FILE = "multicluster.yaml"
PRICING_FILE = "pricing.yaml"
MAX_DATA_BYTES = 1024 * 1024


@dataclass(frozen=True)
class MeshRules:
    """What the mesh analysis runs on: the precheck catalogue, the proxy cost figures, the option rules and the
    prices of the business case."""

    checks: CheckCatalogue
    costs: CostData
    options: OptionRules
    pricing: Pricing


def _duplicates(ids: list[str], name: str, field: str) -> Iterator[Problem]:
    for value, count in Counter(ids).items():
        if count > 1:
            yield Problem(name, field, f"id {value!r} appears {count} times")


def check_catalogue_problems(catalogue: CheckCatalogue, name: str) -> list[Problem]:
    """Cross-references inside the check catalogue (ids unique, sources known, logic registered)."""
    from readiness.mesh.precheck import CHECKS

    problems = list(_duplicates([c.id for c in catalogue.checks], name, "checks"))
    problems += _duplicates([s.id for s in catalogue.sources], name, "sources")
    known = {s.id for s in catalogue.sources}
    for i, table in enumerate(catalogue.kubernetes_support):
        for j, release in enumerate(table.releases):
            if release.source not in known:
                problems.append(Problem(name, f"kubernetes_support[{i}].releases[{j}].source",
                                        f"unknown source {release.source!r}"))
    for i, definition in enumerate(catalogue.checks):
        if definition.id not in CHECKS:
            problems.append(Problem(name, f"checks[{i}].id", f"no logic registered for check {definition.id!r} "
                                                            f"(readiness/mesh/precheck.py)"))
    for check_id in sorted(set(CHECKS) - {c.id for c in catalogue.checks}):
        problems.append(Problem(name, "checks", f"check {check_id!r} has logic but no catalogue entry"))
    return problems


def cost_data_problems(data: CostData, name: str) -> list[Problem]:
    """Cross-references inside the cost data (ids unique, every figure's source listed)."""
    problems = list(_duplicates([f.id for f in data.figures], name, "figures"))
    problems += _duplicates([s.id for s in data.sources], name, "sources")
    problems += _duplicates([x.id for x in data.latency], name, "latency")
    known = {s.id for s in data.sources}
    referenced = [(f"figures[{i}].source", f.source) for i, f in enumerate(data.figures)]
    referenced += [(f"figures[{i}].also", s) for i, f in enumerate(data.figures) for s in f.also]
    referenced += [(f"latency[{i}].source", x.source) for i, x in enumerate(data.latency)]
    problems += [Problem(name, where, f"unknown source {source!r}") for where, source in referenced
                 if source not in known]
    figures = {f.id: f for f in data.figures}
    for i, figure in enumerate(data.figures):
        floor = figures.get(figure.scale.floor) if figure.scale and figure.scale.floor else None
        if figure.scale and figure.scale.floor and floor is None:
            problems.append(Problem(name, f"figures[{i}].scale.floor", f"unknown figure {figure.scale.floor!r}"))
        elif floor is not None and (floor.per, floor.component) != (figure.per, figure.component):
            problems.append(Problem(name, f"figures[{i}].scale.floor", "the floor must be a figure of the same "
                                                                       "component and unit"))
    return problems


def option_rules_problems(rules: OptionRules, name: str) -> list[Problem]:
    """Cross-references inside the mesh-option rules."""
    problems = list(_duplicates([o.id for o in rules.options], name, "options"))
    if sorted(o.id for o in rules.options) != sorted(OPTIONS):
        problems.append(Problem(name, "options", f"expected exactly the candidates {', '.join(OPTIONS)}"))
    if sorted(rules.preference) != sorted(OPTIONS):
        problems.append(Problem(name, "preference", f"must order exactly {', '.join(OPTIONS)}"))
    known_sources = {s.id for s in rules.sources}
    features = set(rules.feature_labels)
    for i, option in enumerate(rules.options):
        for feature in option.features:
            if feature not in features:
                problems.append(Problem(name, f"options[{i}].features.{feature}", "not listed in feature_labels"))
        for source in option.sources:
            if source not in known_sources:
                problems.append(Problem(name, f"options[{i}].sources", f"unknown source {source!r}"))
        for source in option.edge_sources:
            if source not in known_sources:
                problems.append(Problem(name, f"options[{i}].edge_sources", f"unknown source {source!r}"))
        for need in sorted(set(rules.edge_labels) - set(option.edge)):
            problems.append(Problem(name, f"options[{i}].edge", f"says nothing of edge need {need!r}"))
        for need in sorted(set(option.edge) - set(rules.edge_labels)):
            problems.append(Problem(name, f"options[{i}].edge.{need}", "not listed in edge_labels"))
    for driver, needed in rules.driver_features.items():
        for feature in needed:
            if feature not in features:
                problems.append(Problem(name, f"driver_features.{driver}", f"unknown feature {feature!r}"))
    return problems
