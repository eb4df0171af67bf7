"""docs/ARCHITECTURE.md stays true: every folder it lists exists, every package folder is listed, at most five
modules sit at the package root, and the import contract it shows is the one lint-imports enforces."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import REPO

DOC = (REPO / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
LISTED = re.findall(r"^\| `([\w/.-]+)/` \|", DOC, flags=re.MULTILINE)


def test_every_folder_the_document_lists_exists() -> None:
    assert len(LISTED) >= 12
    missing = [folder for folder in LISTED if not (REPO / folder).is_dir()]
    assert not missing, f"docs/ARCHITECTURE.md lists folders that do not exist: {missing}"


def test_every_package_folder_is_listed() -> None:
    packages = sorted(f"readiness/{p.parent.name}" for p in (REPO / "readiness").glob("*/__init__.py"))
    data = sorted(f"readiness/{p.name}" for p in (REPO / "readiness").iterdir()
                  if p.is_dir() and not (p / "__init__.py").exists() and p.name != "__pycache__")
    unlisted = [folder for folder in packages + data if folder not in LISTED]
    assert not unlisted, f"add these folders to docs/ARCHITECTURE.md: {unlisted}"


def test_at_most_five_modules_at_the_package_root() -> None:
    root = sorted(p.name for p in (REPO / "readiness").glob("*.py"))
    assert len(root) <= 5, root
    assert all(f"`{name}`" in DOC for name in root), "the document names every root module"


def test_the_layers_shown_are_the_layers_enforced() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    layers = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")["layers"]
    shown = " → ".join(" | ".join(part.split(".")[-1] for part in layer.split(" | ")) for layer in layers)
    assert shown in DOC, f"docs/ARCHITECTURE.md should show the layers as: {shown}"
