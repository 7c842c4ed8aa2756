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
BENCH_SIZE ?= 10000
DEMO_DIR := $(or $(DATA_DIR),var)

.PHONY: help venv demo demo-reset test test-postgres test-browser test-spark test-spark-finance lint bench lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | \
		awk -F '\t' '{printf "make %-19s %s\n", $$1, $$2}'

# The virtual environment is rebuilt whenever the lock file or pyproject.toml changes.
$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: ACO-MS needs Python >= 3.12 (set PYTHON=/path/to/python3.12)"; exit 1; }
	@echo "Building $(VENV) with $(PYTHON) from requirements.lock (a few minutes the first time)"
	rm -rf $(VENV)
	@echo "[1/4] Creating the virtual environment"
	$(PYTHON) -m venv $(VENV)
	@echo "[2/4] Updating pip"
	$(BIN)/pip install --quiet --upgrade pip
	@echo "[3/4] Installing the locked packages (pip shows each one)"
	$(BIN)/pip install --progress-bar on --require-virtualenv -r requirements.lock
	@echo "[4/4] Installing ACO-MS itself"
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP) ## build the virtual environment from requirements.lock

demo: $(STAMP) ## run ACO-MS with demo data at http://127.0.0.1:PORT (PORT=8000); Ctrl-C stops it
	PORT=$(PORT) $(BIN)/acoms demo --serve

demo-reset: ## delete the demo's data folder (DATA_DIR, default var/): the next `make demo` starts afresh
	@test -e "$(DEMO_DIR)/acoms.sqlite3" || { echo "$(DEMO_DIR) holds no demo database: nothing deleted"; exit 1; }
	rm -rf -- "$(DEMO_DIR)"
	@echo "Deleted $(DEMO_DIR). Run make demo to start again."

# --check-parameter-reads: a run of the whole suite fails if a parameter table row is read by no code.
test: $(STAMP) ## run the test suite (SQLite, or the database DATABASE_URL names)
	$(BIN)/pytest -n 2 -m "not browser and not spark" --check-parameter-reads $(PYTEST_ARGS)

test-postgres: ## run the test suite on PostgreSQL (DATABASE_URL=postgres://...)
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "error: set DATABASE_URL=postgres://user@host:port/db"; exit 1;; esac
	$(MAKE) test

test-browser: $(STAMP) ## run the browser tests in headless Chromium
	$(BIN)/pytest -m browser $(PYTEST_ARGS)

# The suite's ~60 Spark tests share one SparkSession; the 20,000-beneficiary equality at its end needs more than the
# engine's 2 GB default driver heap once the earlier tests have run (docs/operations.md, PySpark).
SPARK_TEST_DRIVER_MEMORY ?= 6g
test-spark: $(STAMP) ## run the analytics tests on PySpark (the financial engine's: make test-spark-finance)
	ACOMS_SPARK_DRIVER_MEMORY=$(SPARK_TEST_DRIVER_MEMORY) $(BIN)/pytest -m "spark and not spark_finance" --timeout 900 $(PYTEST_ARGS)

test-spark-finance: $(STAMP) ## the financial engine on PySpark (runs out of memory on 2 cores today: docs/finance.md)
	$(BIN)/pytest -m spark_finance $(PYTEST_ARGS)

lint: $(STAMP) ## ruff check, ruff format --check and mypy (configured in pyproject.toml)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

bench: $(STAMP) ## run benchmarks/ at a small size (BENCH_SIZE beneficiaries)
	$(BIN)/python benchmarks/cclf.py --sizes $(BENCH_SIZE)
	$(BIN)/python benchmarks/assignment.py --sizes $(BENCH_SIZE)
	$(BIN)/python benchmarks/participants.py --participants 1000 --providers 10000 --repeat 1
	$(BIN)/python benchmarks/reconcile.py
	$(BIN)/python benchmarks/search.py --acos 50 --participants 5000 --registry 50000

# Re-resolve every pin (direct and transitive) after editing pyproject.toml.
lock: $(STAMP) ## re-resolve requirements.lock after editing pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra spark --python-version 3.12 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean: ## remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache
