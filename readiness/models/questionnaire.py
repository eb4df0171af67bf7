"""The questionnaire as data: sections, questions, conditions, signals, verdict rules, levers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from readiness.models.common import Category, Identifier, StrictModel

QuestionType = Literal["int", "number", "bool", "choice", "multi"]
ScoreName = Literal["need", "readiness", "strength"]
"""What a ``score`` clause tests: the need or readiness score, or (in explanations only) the signal's strength."""


class Choice(StrictModel):
    """One allowed value of a choice or multi question."""

    id: Identifier
    label: str
    aliases: list[str] = Field(default_factory=list, description="other spellings that normalise to this id")
    help: str | None = None
    words: str | None = Field(default=None, description="the choice inside a sentence (default: its id in words)")


class Clause(StrictModel):
    """One test on an answer or a score; all the tests given must hold."""

    question: Identifier | None = None
    score: ScoreName | None = None
    equals: bool | int | float | str | None = None
    not_equals: bool | int | float | str | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    contains: str | None = None
    not_empty: bool | None = None
    gt: float | None = None
    gte: float | None = None
    lt: float | None = None
    lte: float | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> Clause:
        if (self.question is None) == (self.score is None):
            raise ValueError("a clause names exactly one of 'question' or 'score'")
        tests = [self.equals, self.not_equals, self.in_, self.contains, self.not_empty,
                 self.gt, self.gte, self.lt, self.lte]
        if all(t is None for t in tests):
            raise ValueError("a clause needs a test (equals, not_equals, in, contains, not_empty, gt, gte, lt, lte)")
        return self


class Condition(StrictModel):
    """A declarative condition: a single clause, or ``all``/``any`` of conditions."""

    all: list[Condition] | None = None
    any: list[Condition] | None = None
    clause: Clause | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """Accept a bare clause (``{question: clusters, gt: 1}``) as shorthand."""
        if isinstance(data, dict) and ("question" in data or "score" in data):
            return {"clause": data}
        return data

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        given = [x for x in (self.all, self.any, self.clause) if x is not None]
        if len(given) != 1:
            raise ValueError("a condition is one clause, or 'all' or 'any' of conditions")
        return self


class ConditionalDefault(StrictModel):
    """A default that follows earlier answers: ``value`` when ``when`` holds on them."""

    when: Condition
    value: bool | int | float | str | list[str]


class Question(StrictModel):
    """One question: its type, constraints, default, help text and follow-up condition."""

    id: Identifier
    type: QuestionType
    prompt: str
    help: str = Field(description="why the question matters; shown in the interview and the report")
    core: bool = Field(default=False, description="part of the public answers contract")
    default: bool | int | float | str | list[str] | None = None
    default_from: Identifier | None = Field(
        default=None, description="take the default from another question's value")
    default_when: list[ConditionalDefault] = Field(
        default_factory=list, description="defaults that follow earlier answers: the first whose condition holds")
    choices: list[Choice] = Field(default_factory=list)
    min: float | None = None
    max: float | None = None
    exclusive_min: bool = False
    when: Condition | None = None
    unit: str | None = Field(default=None, description="unit shown after numbers (plural)")
    unit_one: str | None = Field(default=None, description="the unit after exactly 1 (default: unit)")
    topic: str = Field(description="what the question is about, in a few words (\"Kubernetes experience\")")
    statement: str = Field(description="the answer as a clause of a sentence, {value} the answer as people read it "
                                       "(\"the team's Kubernetes experience is {value}\")")
    statement_no: str | None = Field(default=None, description="for yes/no questions: the statement of the answer "
                                                               "no (``statement`` is that of yes)")
    unknown: Literal["neutral", "assumed"] = Field(
        default="assumed", description="what an unanswered, undetected question means: neutral (the signals that "
        "read it leave it out and take no side) or assumed (its default is used and shown as an assumption)")
    keywords: list[str] = Field(default_factory=list, description="other words people use for it (mttr, k8s): "
                                "an unknown answer id that uses one is pointed to this question")
    steps: list[float] = Field(default_factory=list, description="numbers tried, besides the answer, when "
                               "searching what would change the verdict (int and number questions)")


class Section(StrictModel):
    """A group of questions with a one-line purpose."""

    id: Identifier
    title: str
    purpose: str
    questions: list[Question]


class Term(StrictModel):
    """How one answer maps to a strength in [0, 1]."""

    question: Identifier
    measure: Literal["value", "count", "share"] = Field(
        default="value",
        description="value: the answer itself; count: how many list items (of count_of, if given); "
        "share: count_of items as a share of the list")
    count_of: list[str] | None = None
    map: dict[str, float] | None = Field(default=None, description="value → strength (bools as 'true'/'false')")
    points: list[tuple[float, float]] | None = Field(
        default=None, description="piecewise-linear (x, strength) points, x ascending")

    @model_validator(mode="after")
    def _one_mapping(self) -> Term:
        if (self.map is None) == (self.points is None):
            raise ValueError("a term has exactly one of 'map' or 'points'")
        return self


class Expr(StrictModel):
    """A strength expression: a term, or terms combined by max, min, product or weighted mean."""

    term: Term | None = None
    combine: Literal["max", "min", "product", "mean"] | None = None
    terms: list[Expr] | None = None
    weight: float = Field(default=1.0, gt=0, description="weight inside a 'mean'")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        """Accept a bare term (``{question: …, map: …}``) as shorthand."""
        if isinstance(data, dict) and "question" in data:
            weight = data.get("weight", 1.0)
            term = {k: v for k, v in data.items() if k != "weight"}
            return {"term": term, "weight": weight}
        return data

    @model_validator(mode="after")
    def _shape(self) -> Expr:
        if (self.term is None) == (self.combine is None):
            raise ValueError("an expression is a term, or 'combine' with 'terms'")
        if self.combine is not None and not self.terms:
            raise ValueError("'combine' needs a non-empty 'terms' list")
        return self


Side = Literal["raise", "dampen", "ready", "gap", "none"]
"""The side a signal takes: it raises the need, dampens it, shows readiness, shows a readiness gap, or none."""


class Explanation(StrictModel):
    """One sentence for one side of a signal, chosen when ``when`` holds on the answers (and ``strength``).

    ``{question_id}`` placeholders are filled in with the answers as people read them.
    """

    side: Side
    when: Condition | None = None
    text: str


SignalKind = Literal["need", "dampener", "readiness"]


class SignalSpec(StrictModel):
    """A signal: what raises the need, lowers the urgency, or makes an organisation ready."""

    id: Identifier
    kind: SignalKind
    name: str
    weight: float = Field(ge=0, le=100)
    strength: Expr
    explain: list[Explanation] = Field(description="sentences by side; the first whose side and condition fit")
    detail: str | None = Field(default=None, description="the domain reasoning, for the report's method section")


class VerdictRule(StrictModel):
    """First matching rule decides the category; a rule without ``when`` always matches."""

    category: Category
    when: Condition | None = None
    reason: str


class CategoryText(StrictModel):
    """How a category is described to people."""

    title: str
    headline: str


class Bands(StrictModel):
    """Score thresholds used to describe strengths and confidence."""

    high: float = 0.66
    medium: float = 0.33


class Scoring(StrictModel):
    """Signals, verdict rules and the categories' wording."""

    signals: list[SignalSpec]
    verdict: list[VerdictRule]
    strength_bands: Bands = Field(default_factory=Bands)
    confidence_bands: Bands = Field(default_factory=lambda: Bands(high=0.8, medium=0.5))
    categories: dict[Category, CategoryText]
    method: str


class Questionnaire(StrictModel):
    """A whole questionnaire file."""

    schema_version: Literal[1] = 1
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    version: str
    title: str
    description: str
    sections: list[Section]
    scoring: Scoring

    @property
    def ref(self) -> str:
        """The questionnaire's ``id@version`` reference."""
        return f"{self.id}@{self.version}"

    def questions(self) -> list[Question]:
        """All questions in interview order."""
        return [q for s in self.sections for q in s.questions]

    def question(self, qid: str) -> Question:
        """The question with this id (KeyError if absent)."""
        for q in self.questions():
            if q.id == qid:
                return q
        raise KeyError(qid)
