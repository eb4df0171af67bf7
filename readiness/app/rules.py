"""The rules the engine and the mesh analysis run on, read from the package or from files a user names; and the
``questionnaire validate|show`` use cases.

Questionnaires and their plan catalogues, and the mesh catalogues (precheck checks, proxy cost figures,
mesh-option rules, multicluster approaches), each validated and cross-checked on load; the bundled ones are read
once per process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from readiness.console.questions import questionnaire_text
from readiness.core.multicluster import rules_problems
from readiness.core.plan_checks import RISKS_SUFFIX, parse_plan_catalogue, parse_risk_catalogue
from readiness.core.questionnaire import (
    DEFAULT_QUESTIONNAIRE,
    MAX_QUESTIONNAIRE_BYTES,
    PLAN_SUFFIX,
    parse_questionnaire,
)
from readiness.errors import InputError, QuestionnaireError, RulesError, UsageError
from readiness.io.files import display_name, load_document
from readiness.io.load import load_model
from readiness.io.resources import bundled, questionnaires_dir
from readiness.mesh.business import currency_problems, missing_defaults, resolve_pricing
from readiness.mesh.catalogues import (
    CHECKS_FILE,
    COSTS_FILE,
    MAX_DATA_BYTES,
    MULTICLUSTER_FILE,
    OPTIONS_FILE,
    PRICING_FILE,
    MeshRules,
    check_catalogue_problems,
    cost_data_problems,
    option_rules_problems,
)
from readiness.models import PlanCatalogue, Questionnaire, RiskCatalogue
from readiness.models.business import Pricing, PricingFile
from readiness.models.cost import CostData
from readiness.models.multicluster import MulticlusterRules
from readiness.models.options import OptionRules
from readiness.models.precheck import CheckCatalogue
from readiness.models.respondents import RespondentRules

RESPONDENTS_FILE = "respondents.yaml"


def bundled_questionnaires() -> list[str]:
    """Ids of the questionnaires shipped with the tool."""
    return sorted(p.name.removesuffix(".yaml") for p in questionnaires_dir().glob("*.yaml")
                  if not p.name.endswith((PLAN_SUFFIX, RISKS_SUFFIX)))


def resolve_questionnaire_path(ref: str | None) -> Path:
    """A questionnaire file from an ``id``, ``id@version`` or path (None: the default questionnaire)."""
    if ref is None:
        ref = DEFAULT_QUESTIONNAIRE
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml", ".json") or candidate.exists():
        return candidate
    qid = ref.split("@", 1)[0]
    path = questionnaires_dir() / f"{qid}.yaml"
    if not path.is_file():
        known = ", ".join(bundled_questionnaires())
        raise QuestionnaireError.single(ref, "", f"no such questionnaire file or bundled id (bundled: {known})")
    return path


def load_questionnaire(ref: str | None = None) -> Questionnaire:
    """Load and cross-check a questionnaire; raise :class:`QuestionnaireError` listing every problem."""
    path = resolve_questionnaire_path(ref)
    raw = load_document(path, what="questionnaire", max_bytes=MAX_QUESTIONNAIRE_BYTES)
    questionnaire = parse_questionnaire(raw, display_name(path))
    if ref and "@" in ref and not Path(ref).exists():
        wanted = ref.split("@", 1)[1]
        if wanted != questionnaire.version:
            raise QuestionnaireError.single(
                ref, "version", f"bundled questionnaire is version {questionnaire.version}, not {wanted}")
    return questionnaire


def _beside(questionnaire: Questionnaire, questionnaire_path: Path | None, suffix: str, what: str) -> Path:
    """The ``<id><suffix>`` file beside a questionnaire, else the bundled one of that id."""
    folder = questionnaire_path.parent if questionnaire_path else questionnaires_dir()
    path = folder / f"{questionnaire.id}{suffix}"
    if not path.is_file():
        path = questionnaires_dir() / f"{questionnaire.id}{suffix}"
    if not path.is_file():
        raise QuestionnaireError.single(str(path), "", f"{what} not found next to the questionnaire")
    return path


def load_plan_catalogue(questionnaire: Questionnaire, questionnaire_path: Path | None = None) -> PlanCatalogue:
    """The plan catalogue beside a questionnaire (``<id>.plan.yaml``), else the bundled one of that id."""
    path = _beside(questionnaire, questionnaire_path, PLAN_SUFFIX, "plan catalogue")
    raw = load_document(path, what="plan catalogue", max_bytes=MAX_QUESTIONNAIRE_BYTES)
    return parse_plan_catalogue(raw, questionnaire, display_name(path))


def load_risk_catalogue(questionnaire: Questionnaire, plan: PlanCatalogue,
                        questionnaire_path: Path | None = None) -> RiskCatalogue:
    """The risk catalogue beside a questionnaire (``<id>.risks.yaml``), else the bundled one of that id; checked
    against the questionnaire and its plan catalogue (roles and phases)."""
    path = _beside(questionnaire, questionnaire_path, RISKS_SUFFIX, "risk catalogue")
    raw = load_document(path, what="risk catalogue", max_bytes=MAX_QUESTIONNAIRE_BYTES)
    return parse_risk_catalogue(raw, questionnaire, plan, display_name(path))


def validate_questionnaire(path: str) -> str:
    """Check a questionnaire and the plan catalogue beside it (raising with every problem); the line that says so."""
    if not Path(path).exists():
        raise QuestionnaireError.single(path, "", "no such file")
    questionnaire = load_questionnaire(path)
    plan_path = Path(path).parent / f"{questionnaire.id}{PLAN_SUFFIX}"
    risks_path = Path(path).parent / f"{questionnaire.id}{RISKS_SUFFIX}"
    q = questionnaire
    counted = f"{q.ref}, {len(q.questions())} questions in {len(q.sections)} sections"
    if plan_path.is_file():
        plan = load_plan_catalogue(questionnaire, Path(path))
        load_risk_catalogue(questionnaire, plan, Path(path))
        risks = f", risk catalogue {risks_path.name} ok" if risks_path.is_file() else ""
        return f"{path}: ok — {counted}; plan catalogue {plan_path.name} ok{risks}"
    return f"{path}: ok — {counted} (no plan catalogue beside it; the bundled one is used)"


def show_questionnaire(ref: str | None, fmt: str) -> str:
    """A questionnaire as ``text`` or ``md`` (Markdown): sections, questions, choices, defaults, conditions, help."""
    if fmt not in ("text", "md"):
        raise UsageError(f"--format: expected text or md, not {fmt!r}")
    return questionnaire_text(load_questionnaire(ref), markdown=fmt == "md")


def load_check_catalogue(path: str | Path | None = None) -> CheckCatalogue:
    """The precheck catalogue (bundled unless ``path``)."""
    if path is None:
        return _bundled_checks()
    return load_model(path, CheckCatalogue, what="precheck catalogue", max_bytes=MAX_DATA_BYTES,
                      after=check_catalogue_problems, error=RulesError)


def load_cost_data(path: str | Path | None = None) -> CostData:
    """The published proxy figures (bundled unless ``path``)."""
    if path is None:
        return _bundled_costs()
    return load_model(path, CostData, what="proxy cost data", max_bytes=MAX_DATA_BYTES, after=cost_data_problems,
                      error=RulesError)


def load_option_rules(path: str | Path | None = None) -> OptionRules:
    """The mesh-option rules (bundled unless ``path``)."""
    if path is None:
        return _bundled_options()
    return load_model(path, OptionRules, what="mesh options", max_bytes=MAX_DATA_BYTES, after=option_rules_problems,
                      error=RulesError)


def load_multicluster_rules(path: str | Path | None = None) -> MulticlusterRules:
    """The multicluster approaches and how each data plane realises them (bundled unless ``path``)."""
    if path is None:
        return _bundled_multicluster()
    return load_model(path, MulticlusterRules, what="multicluster rules", max_bytes=MAX_DATA_BYTES,
                      after=rules_problems, error=RulesError)


def load_pricing(path: str | Path | None = None) -> Pricing:
    """The prices a business case uses: the bundled defaults, with the parts a pricing file (``--pricing``) gives
    over them; a bad file is one line per problem (file, field, what was expected)."""
    if path is None:
        return _bundled_pricing()
    defaults = _bundled_pricing_file()
    override = load_model(path, PricingFile, what="pricing file", max_bytes=MAX_DATA_BYTES,
                          after=lambda f, name: currency_problems(f, name, defaults), error=InputError)
    return resolve_pricing(defaults, override, display_name(path))


def mesh_rules(pricing: Pricing | None = None) -> MeshRules:
    """The bundled mesh catalogues, read once per process, and the prices (the bundled defaults unless given)."""
    return MeshRules(load_check_catalogue(), load_cost_data(), load_option_rules(), pricing or load_pricing())


def load_respondent_rules(path: str | Path | None = None) -> RespondentRules:
    """Which role owns which sections when several respondents answer (bundled unless ``path``, ``--roles``)."""
    if path is None:
        return _bundled_respondents()
    return load_model(path, RespondentRules, what="respondents rules", max_bytes=MAX_DATA_BYTES, error=RulesError)


def respondent_rules_name(path: str | Path | None) -> str:
    """How messages name the respondents rules in use."""
    return display_name(path) if path is not None else RESPONDENTS_FILE


@lru_cache(maxsize=1)
def _bundled_respondents() -> RespondentRules:
    return load_respondent_rules(bundled("rules", RESPONDENTS_FILE))


@lru_cache(maxsize=1)
def _bundled_checks() -> CheckCatalogue:
    return load_check_catalogue(bundled("rules", "mesh", CHECKS_FILE))


@lru_cache(maxsize=1)
def _bundled_costs() -> CostData:
    return load_cost_data(bundled("rules", "mesh", COSTS_FILE))


@lru_cache(maxsize=1)
def _bundled_options() -> OptionRules:
    return load_option_rules(bundled("rules", "mesh", OPTIONS_FILE))


@lru_cache(maxsize=1)
def _bundled_multicluster() -> MulticlusterRules:
    return load_multicluster_rules(bundled("rules", "mesh", MULTICLUSTER_FILE))


@lru_cache(maxsize=1)
def _bundled_pricing_file() -> PricingFile:
    return load_model(bundled("rules", "mesh", PRICING_FILE), PricingFile, what="default pricing",
                      max_bytes=MAX_DATA_BYTES, after=missing_defaults, error=RulesError)


@lru_cache(maxsize=1)
def _bundled_pricing() -> Pricing:
    return resolve_pricing(_bundled_pricing_file())
