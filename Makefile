# readiness — developer entry points. `make demo` and `make test` work on a fresh machine with Python ≥ 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT := out
PYTEST_WORKERS ?= auto

.PHONY: venv demo test lint bench clean help

help:
	@echo "make demo   set up .venv, install readiness and write a sample report under $(OUT)/"
	@echo "make test   set up .venv and run lint (ruff, mypy, import-linter) and the whole test suite"
	@echo "make lint   ruff, mypy and the import-linter contracts"
	@echo "make bench  timing and overhead benchmarks, about 10 min (BENCH_PODS=20000 for a quicker run)"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "readiness needs Python >= 3.11 on PATH (or set PYTHON=/path/to/python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

venv: $(STAMP)

demo: venv
	@mkdir -p $(OUT)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1795165200} $(BIN)/readiness assess examples/regulated-enterprise.yaml -o $(OUT)/assessment.json
	$(BIN)/readiness report $(OUT)/assessment.json -o $(OUT)/report.md
	$(BIN)/readiness report $(OUT)/assessment.json -o $(OUT)/report.html
	$(BIN)/readiness report $(OUT)/assessment.json -o $(OUT)/report.pdf
	@echo "wrote $(OUT)/assessment.json, $(OUT)/report.md, $(OUT)/report.html and $(OUT)/report.pdf"

lint: venv
	$(BIN)/ruff check readiness tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	$(BIN)/pytest -q -n $(PYTEST_WORKERS)

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(OUT) dist build .pytest_cache .mypy_cache .ruff_cache .hypothesis
