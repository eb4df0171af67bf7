"""The data bundled inside the package, found through ``importlib.resources`` with one lookup.

``readiness/rules/`` holds the rules (questionnaires and their plan catalogues, the scan signatures, the mesh
precheck checks, proxy cost figures and option rules); ``readiness/templates/`` holds the report templates,
their stylesheet, ``text.yaml`` and the default ``brand.yaml``. Both are data, installed with the package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled(*parts: str) -> Path:
    """A bundled file or folder: ``bundled("rules", "scan", "signatures.yaml")``.

    The package is installed as files (a wheel or a checkout), so the resource is a real path that jinja2,
    WeasyPrint and the YAML reader can open; a zipped installation is refused in one line.
    """
    resource = files("readiness").joinpath(*parts)
    if not isinstance(resource, Path):
        raise FileNotFoundError(f"readiness is installed as an archive; its data {'/'.join(parts)} must be files")
    if not resource.exists():
        raise FileNotFoundError(f"bundled data {'/'.join(parts)} is missing from the installation")
    return resource


def questionnaires_dir() -> Path:
    """The bundled questionnaires and their plan catalogues."""
    return bundled("rules", "questionnaires")


def templates_dir() -> Path:
    """The bundled report templates."""
    return bundled("templates")
