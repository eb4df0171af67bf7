"""Generated source checkouts of N small services, with the snapshot that deploys them (tests and bench).

Five layouts take turns, so every rule of ``readiness.scan.checkouts`` is exercised at any size: a Dockerfile
beside the build file, a package.json with tsconfig.json (TypeScript), a build file under ``src/`` claimed by
the Dockerfile folder above it, a build-file-only service with a nested build file that is not a service of
its own, and a .csproj.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LAYOUTS: tuple[tuple[dict[str, str], str], ...] = (
    ({"go.mod": "module example.com/{name}\n\ngo 1.22\n", "Dockerfile": "FROM golang:1.22 AS build\n"
      "FROM gcr.io/distroless/static\n"}, "go"),
    ({"package.json": '{{"name": "{name}"}}\n', "tsconfig.json": "{{}}\n",
      "Dockerfile": "FROM node:20-alpine\n"}, "typescript"),
    ({"Dockerfile": "FROM eclipse-temurin:21-jre\n", "src/pom.xml": "<project><artifactId>{name}</artifactId>"
      "</project>\n"}, "java"),
    ({"requirements.txt": "flask==3.0.0\n", "tools/setup.py": "from setuptools import setup\n"}, "python"),
    ({"{name}.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>\n',
      "Dockerfile": "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n"}, "csharp"),
)


def service_name(i: int) -> str:
    return f"svc{i:05d}"


def write_source_tree(root: Path, count: int) -> dict[str, str]:
    """``count`` service folders under ``root``; returns service name → the language the scan must find."""
    root.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}
    for i in range(count):
        name = service_name(i)
        files, language = LAYOUTS[i % len(LAYOUTS)]
        for relative, text in files.items():
            path = root / name / relative.format(name=name)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.format(name=name), encoding="utf-8")
        expected[name] = language
    return expected


def deployment(name: str) -> dict[str, Any]:
    labels = {"app": name}
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": "shop"},
            "spec": {"selector": {"matchLabels": labels}, "template": {"metadata": {"labels": labels}, "spec": {
                "containers": [{"name": "main", "image": f"registry.example.com/shop/{name}:1.0",
                                "ports": [{"containerPort": 8080, "name": "http"}]}]}}}}


def write_snapshot(path: Path, count: int) -> Path:
    """A kubectl-style List with one Deployment per generated service (so every service is matched)."""
    items = [deployment(service_name(i)) for i in range(count)]
    path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": items}), encoding="utf-8")
    return path
