"""Load the mesh data files (precheck catalogue, proxy cost figures, mesh-option rules) and cross-check them.

The files live in ``readiness/rules/mesh/``; every problem is reported at once, one line each, naming the
file and the field. The bundled files are read once per process.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from readiness.core.questionnaire import validation_problems
from readiness.errors import Problem, QuestionnaireError
from readiness.io.files import display_name, load_document
from readiness.io.resources import bundled
from readiness.models.cost import CostData
from readiness.models.mesh import OPTIONS
from readiness.models.options import OptionRules
from readiness.models.precheck import CheckCatalogue

CHECKS_FILE = "precheck-checks.yaml"
COSTS_FILE = "proxy-costs.yaml"
OPTIONS_FILE = "mesh-options.yaml"
MAX_DATA_BYTES = 1024 * 1024

Model = TypeVar("Model", bound=BaseModel)


def mesh_data_dir() -> Path:
    """The bundled ``rules/mesh`` folder."""
    return bundled("rules", "mesh")


def _load(path: Path, model: type[Model], what: str) -> Model:
    name = display_name(path)
    document = load_document(path, what=what, max_bytes=MAX_DATA_BYTES)
    try:
        return model.model_validate(document)
    except ValidationError as exc:
        raise QuestionnaireError(validation_problems(exc, name)) from None


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
    for driver, needed in rules.driver_features.items():
        for feature in needed:
            if feature not in features:
                problems.append(Problem(name, f"driver_features.{driver}", f"unknown feature {feature!r}"))
    return problems


def load_check_catalogue(path: str | Path | None = None) -> CheckCatalogue:
    """The precheck catalogue (bundled unless ``path``)."""
    if path is None:
        return _bundled_catalogue()
    return _checked(Path(path), CheckCatalogue, "precheck catalogue", check_catalogue_problems)


def load_cost_data(path: str | Path | None = None) -> CostData:
    """The published proxy figures (bundled unless ``path``)."""
    if path is None:
        return _bundled_costs()
    return _checked(Path(path), CostData, "proxy cost data", cost_data_problems)


def load_option_rules(path: str | Path | None = None) -> OptionRules:
    """The mesh-option rules (bundled unless ``path``)."""
    if path is None:
        return _bundled_rules()
    return _checked(Path(path), OptionRules, "mesh options", option_rules_problems)


def _checked(path: Path, model: type[Model], what: str,
             cross_check: Callable[[Model, str], list[Problem]]) -> Model:
    loaded = _load(path, model, what)
    problems = cross_check(loaded, display_name(path))
    if problems:
        raise QuestionnaireError(problems)
    return loaded


@lru_cache(maxsize=1)
def _bundled_catalogue() -> CheckCatalogue:
    return _checked(mesh_data_dir() / CHECKS_FILE, CheckCatalogue, "precheck catalogue", check_catalogue_problems)


@lru_cache(maxsize=1)
def _bundled_costs() -> CostData:
    return _checked(mesh_data_dir() / COSTS_FILE, CostData, "proxy cost data", cost_data_problems)


@lru_cache(maxsize=1)
def _bundled_rules() -> OptionRules:
    return _checked(mesh_data_dir() / OPTIONS_FILE, OptionRules, "mesh options", option_rules_problems)
