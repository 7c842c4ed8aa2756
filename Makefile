# ACO-MS — two commands for a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Find a Python >= 3.12: $(PYTHON) if given, then python3.13/python3.12 on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3 /usr/local/bin/python3 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: help venv demo test test-postgres test-browser test-spark lock clean

help:
	@echo "make demo   - run ACO-MS with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test   - run the whole test suite"

# The virtual environment is rebuilt whenever the lock file or pyproject.toml changes.
$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: ACO-MS needs Python >= 3.12 (set PYTHON=/path/to/python3.12)"; exit 1; }
	@echo "Building $(VENV) with $(PYTHON) from requirements.lock"
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-virtualenv -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	PORT=$(PORT) $(BIN)/acoms demo --serve

test: $(STAMP)
	$(BIN)/pytest -n 2 -m "not browser and not spark" $(PYTEST_ARGS)

test-postgres: $(STAMP)
	$(BIN)/pytest -n 2 -m "not browser and not spark" $(PYTEST_ARGS)

test-browser: $(STAMP)
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

test-spark: $(STAMP)
	$(BIN)/pytest -m spark $(PYTEST_ARGS)

# Re-resolve every pin (direct and transitive) after editing pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra spark --python-version 3.12 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache
