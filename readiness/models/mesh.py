"""What the mesh models share: the data planes and candidates, severities, and the source of every figure."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from readiness.models.common import Identifier, StrictModel

MeshId = Literal["istio_sidecar", "istio_ambient", "linkerd"]
"""The data planes the precheck and the cost estimate cover."""

MESHES: tuple[MeshId, ...] = ("istio_sidecar", "istio_ambient", "linkerd")

MESH_TITLES: dict[MeshId, str] = {
    "istio_sidecar": "Istio (sidecar)",
    "istio_ambient": "Istio (ambient)",
    "linkerd": "Linkerd",
}

Severity = Literal["info", "warning", "error"]
"""How much a finding matters, ascending: ``info`` < ``warning`` < ``error`` (as ``istioctl analyze``)."""

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")

OptionId = Literal["istio_sidecar", "istio_ambient", "linkerd", "gateway_only"]
"""Candidates the mesh options compare: the three data planes and "an ingress/API gateway only"."""

OPTIONS: tuple[OptionId, ...] = ("istio_sidecar", "istio_ambient", "linkerd", "gateway_only")

Url = str
"""An https URL (validated where used)."""


def severity_rank(severity: Severity) -> int:
    """0 for info, 1 for warning, 2 for error."""
    return SEVERITIES.index(severity)


class SourceRef(StrictModel):
    """Where a figure or a requirement comes from, and which version it applies to."""

    id: Identifier
    title: str = Field(min_length=1, description="publication or file, e.g. istio.io \"Performance and Scalability\"")
    url: Url = Field(pattern=r"^https://\S+$")
    version: str = Field(min_length=1, description="the product version the figure was published for")
    note: str = Field(default="", description="test conditions and caveats")


def source_by_id(sources: list[SourceRef], source_id: str) -> SourceRef:
    """A source of a catalogue by id (KeyError if absent)."""
    for source in sources:
        if source.id == source_id:
            return source
    raise KeyError(source_id)


class DocLink(StrictModel):
    """A documentation page a finding points to."""

    title: str = Field(min_length=1)
    url: Url = Field(pattern=r"^https://\S+$")
