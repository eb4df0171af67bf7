"""``engagement.yaml``: a consultant's engagement folder — who it is for, who runs it, how its reports look."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models.answers import Engagement

ReportFormat = Literal["pdf", "html", "md"]
ALL_FORMATS: list[ReportFormat] = ["pdf", "html", "md"]


class EngagementConfig(Engagement):
    """The engagement file at the root of an engagement folder (``readiness engagement init`` writes it).

    The folder beside it holds ``answers/`` (one answers file per respondent), ``scans/`` (snapshot files or
    folders, one per cluster), ``reports/`` (what ``readiness engagement build`` writes) and, optionally,
    ``baseline.json``: a previous engagement's assessment, for the progress report.
    """

    schema_version: Literal["1.0"] = "1.0"
    client: str = Field(min_length=1, max_length=200, description="the client the reports are for")
    brand: str | None = Field(default=None, description="a brand.yaml for the reports, relative to the folder")
    paper: Literal["a4", "letter"] | None = Field(default=None, description="paper size (default: the brand's)")
    questionnaire: str | None = Field(default=None, description="questionnaire id, id@version or file (default: the "
                                                                 "one the answers name, else the bundled one)")
    roles: str | None = Field(default=None, description="a respondents rules file (which role owns which sections), "
                                                        "relative to the folder (default: the bundled one)")
    formats: list[ReportFormat] = Field(default_factory=lambda: list(ALL_FORMATS), min_length=1,
                                        description="the report formats to write")
