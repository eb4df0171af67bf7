"""--source: languages per service from build files and Dockerfiles, matched to workloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readiness.scan.checkouts import scan_sources
from readiness.scan.collect import ScanRequest, scan
from tests.scan.scan_helpers import run_cli

TREE: dict[str, str] = {
    "services/cart/go.mod": "module example.com/cart\n\ngo 1.22\n",
    "services/cart/Dockerfile": "FROM golang:1.22 AS build\nRUN go build ./...\nFROM gcr.io/distroless/static\n",
    "services/orders/pom.xml": "<project><artifactId>orders</artifactId></project>\n",
    "services/orders/Dockerfile": "FROM maven:3 AS build\nFROM eclipse-temurin:21-jre\nCOPY --from=build /a.jar /\n",
    "services/web/package.json": '{"name": "web", "devDependencies": {"typescript": "^5.4.0"}}\n',
    "services/web/tsconfig.json": "{}\n",
    "services/web/Dockerfile": "FROM node:20 AS build\nFROM nginx:stable-alpine\n",
    "services/recommend/requirements.txt": "grpcio==1.62.0\n",
    "services/recommend/Dockerfile": "FROM python:3.12-slim\n",
    "services/basket/Dockerfile": "FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\n"
                                  "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n",
    "services/basket/src/Basket.csproj": "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n",
    "services/catalog/Cargo.toml": "[package]\nname = \"catalog\"\n",
    "services/legacy/Gemfile": "source 'https://rubygems.org'\ngem 'rails'\n",
    "services/shop/composer.json": '{"require": {"php": ">=8.2"}}\n',
    "services/engine/CMakeLists.txt": "project(engine LANGUAGES CXX)\n",
    "services/billing/build.gradle.kts": "plugins { kotlin(\"jvm\") version \"1.9.0\" }\n",
    "services/mixed/package.json": '{"name": "tools"}\n',
    "services/mixed/pom.xml": "<project/>\n",
    "services/web/node_modules/left-pad/package.json": '{"name": "left-pad"}\n',
}
EXPECTED = {"cart": "go", "orders": "java", "web": "typescript", "recommend": "python", "basket": "csharp",
            "catalog": "rust", "legacy": "ruby", "shop": "php", "engine": "cpp", "billing": "kotlin", "mixed": None}


def deployment(name: str, image: str, labels: dict[str, str] | None = None) -> str:
    labels = labels or {"app": name}
    label_text = ", ".join(f"{k}: {v}" for k, v in labels.items())
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}, namespace: shop}}
spec:
  selector: {{matchLabels: {{{label_text}}}}}
  template:
    metadata: {{labels: {{{label_text}}}}}
    spec:
      containers: [{{name: main, image: "{image}", ports: [{{containerPort: 8080}}]}}]
"""


MANIFESTS = [
    deployment("cart", "registry.example.com/shop/cart:1.0"),
    deployment("orders", "registry.example.com/shop/orders:1.0"),
    deployment("web-v2", "registry.example.com/shop/frontend:2.0", {"app": "web", "version": "v2"}),
    deployment("recommendations", "registry.example.com/shop/recommend:1.0"),  # matched by image name
    deployment("basketservice", "registry.example.com/shop/basketservice:1.0"),  # matched without suffix
    deployment("catalog", "registry.example.com/shop/catalog:1.0"),
    deployment("legacy", "registry.example.com/shop/legacy:1.0"),
    deployment("shop", "registry.example.com/shop/storefront:1.0"),
    deployment("engine", "registry.example.com/shop/engine:1.0"),
    deployment("billing", "registry.example.com/shop/billing:1.0"),
    deployment("mixed", "registry.example.com/shop/mixed:1.0"),
    deployment("payments", "registry.example.com/shop/payments:1.0"),  # no source: stays null
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("src")
    for rel, text in TREE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    manifests = root.parent / f"{root.name}-manifests"
    manifests.mkdir()
    (manifests / "all.yaml").write_text("---\n".join(MANIFESTS))
    return root


def test_each_service_in_the_tree_gets_its_language(tree: Path) -> None:
    findings, warnings = scan_sources([str(tree)])
    assert {f.name: f.language for f in findings} == EXPECTED
    basket = next(f for f in findings if f.name == "basket")
    assert any("Basket.csproj" in e for e in basket.evidence)
    cart = next(f for f in findings if f.name == "cart")
    assert "build file services/cart/go.mod" in cart.evidence
    assert any("FROM golang:1.22" in e for e in cart.evidence)
    assert next(f for f in findings if f.name == "mixed").evidence[0].startswith("ambiguous: java, javascript")
    assert warnings == []


def test_source_languages_are_assigned_to_the_matching_workloads(tree: Path) -> None:
    manifests = tree.parent / f"{tree.name}-manifests"
    result = scan(ScanRequest(snapshots=[str(manifests)], sources=[str(tree)], live_default=False))
    workloads = {w.name: w for w in result.clusters[0].workloads}
    expected = {"cart": "go", "orders": "java", "web-v2": "typescript", "recommendations": "python",
                "basketservice": "csharp", "catalog": "rust", "legacy": "ruby", "shop": "php", "engine": "cpp",
                "billing": "kotlin", "mixed": None, "payments": None}
    assert {n: w.language for n, w in workloads.items()} == expected
    for name, language in expected.items():
        w = workloads[name]
        if language:
            assert w.language_source == "source" and w.source_path is not None
            assert any(e.topic == "language" and e.text.startswith("source ") for e in w.evidence)
    assert "image name recommend" in next(e.text for e in workloads["recommendations"].evidence
                                          if e.text.startswith("source "))
    matched = {f.name: f.matched for f in result.sources}
    assert matched["cart"] == [f"{manifests.name}/shop/cart"]
    assert result.clusters[0].totals.languages == sorted({v for v in expected.values() if v})


def test_scan_command_with_source_in_table_and_json(tree: Path) -> None:
    manifests = tree.parent / f"{tree.name}-manifests"
    table = run_cli("scan", "--snapshot", str(manifests), "--source", str(tree), "--format", "table")
    assert table.returncode == 0, table.stderr
    assert "Source checkouts" in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())
    data = json.loads(run_cli("scan", "--snapshot", str(manifests), "--source", str(tree)).stdout)
    assert {s["name"]: s["language"] for s in data["sources"]} == EXPECTED


def test_source_must_be_a_directory(tmp_path: Path) -> None:
    result = run_cli("scan", "--snapshot", str(tmp_path), "--source", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"readiness: error: {tmp_path / 'missing'}: is not a directory (--source expects a source checkout)"]


def test_a_fifo_named_dockerfile_is_skipped_not_read(tmp_path: Path) -> None:
    import os

    (tmp_path / "svc" / "cart").mkdir(parents=True)
    (tmp_path / "svc" / "cart" / "go.mod").write_text("module cart\n")
    (tmp_path / "svc" / "pipe").mkdir()
    os.mkfifo(tmp_path / "svc" / "pipe" / "Dockerfile")   # opening it for reading would block forever
    os.mkfifo(tmp_path / "svc" / "cart" / "package.json")
    (tmp_path / "k8s.yaml").write_text("apiVersion: v1\nkind: Service\nmetadata: {name: cart}\nspec: {}\n")
    result = run_cli("scan", "--snapshot", str(tmp_path / "k8s.yaml"), "--source", str(tmp_path / "svc"))
    assert result.returncode == 0, result.stderr
    assert f"{tmp_path / 'svc' / 'pipe' / 'Dockerfile'}: not a regular file" in result.stderr
    assert f"{tmp_path / 'svc' / 'cart' / 'package.json'}: not a regular file" in result.stderr
    findings = {f["name"]: f["language"] for f in json.loads(result.stdout)["sources"]}
    assert findings == {"cart": "go"}
