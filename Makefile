# Two commands matter: `make run` (the API on SQLite with sample data) and `make test`.
# Needs only Python 3.11+ and make: uv is bootstrapped into .tools/, the app's
# virtualenv is .venv/ from uv.lock.

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PORT ?= 8000
CORPUS ?= ../shared/corpus

.PHONY: run test lint openapi eval bench bench-all bench-quick compiled clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --quiet
	@touch $@

# The pipeline's hot modules compiled with Cython when a C compiler is here (else the
# .py files run, with the same results); returns at once when the build is current.
compiled: $(VENV)/.synced
	@$(VENV)/bin/python tools/compile_pipeline.py

run: compiled  ## start the API on SQLite (./sitrep.db) with the sample articles
	$(VENV)/bin/sitrep quickstart --port $(PORT)

test: compiled  ## every test; PostgreSQL ones too when SITREP_TEST_POSTGRES_URL is set
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest

lint: $(VENV)/.synced
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy app

openapi: $(VENV)/.synced  ## regenerate openapi/openapi.json after changing the API
	$(VENV)/bin/python -m app.openapi > openapi/openapi.json

eval: compiled  ## score the classifier on the labelled corpus
	@if [ -d "$(CORPUS)" ]; then $(VENV)/bin/sitrep eval --corpus $(CORPUS); \
	else echo "no corpus at $(CORPUS) (set CORPUS=...)"; exit 1; fi

bench: compiled
	$(VENV)/bin/python bench/bench_pipeline.py

bench-all: compiled  ## every benchmark of issue 6 (needs wrk; PostgreSQL optional)
	$(VENV)/bin/python bench/run.py $(BENCH_ARGS)

bench-quick: compiled  ## the same at 10k passages with short runs
	$(VENV)/bin/python bench/run.py --quick $(BENCH_ARGS)

clean:
	rm -rf .tools $(VENV) app/pipeline/_compiled sitrep.db sitrep.db-wal sitrep.db-shm
