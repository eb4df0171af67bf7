"""Where the bundled data lives: next to the package in a wheel, at the repository root in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The bundled ``questionnaires`` or ``report_templates`` folder."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder {name!r} is missing from the installation")


def questionnaires_dir() -> Path:
    """The folder of bundled questionnaires and plan catalogues."""
    return data_dir("questionnaires")


def templates_dir() -> Path:
    """The folder of bundled report templates."""
    return data_dir("report_templates")
