"""The data bundled inside the package: files beside its modules.

``readiness/rules/`` holds the rules (questionnaires and their plan catalogues, the scan signatures, the mesh
precheck checks, proxy cost figures and option rules); ``readiness/templates/`` holds the report templates,
their stylesheet, ``text.yaml`` and the default ``brand.yaml``. Both are data, installed with the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
"""The installed ``readiness`` package (``importlib.resources`` would find the same folder, and costs a scan about
3 ms of imports)."""


def bundled(*parts: str) -> Path:
    """A bundled file or folder: ``bundled("rules", "scan", "signatures.yaml")``.

    The package is installed as files (a wheel or a checkout), so the resource is a real path that jinja2,
    WeasyPrint and the YAML reader can open; a zipped installation is refused in one line.
    """
    if not PACKAGE.is_dir():
        raise FileNotFoundError(f"readiness is installed as an archive; its data {'/'.join(parts)} must be files")
    resource = PACKAGE.joinpath(*parts)
    if not resource.exists():
        raise FileNotFoundError(f"bundled data {'/'.join(parts)} is missing from the installation")
    return resource


def questionnaires_dir() -> Path:
    """The bundled questionnaires and their plan catalogues."""
    return bundled("rules", "questionnaires")


def templates_dir() -> Path:
    """The bundled report templates."""
    return bundled("templates")
