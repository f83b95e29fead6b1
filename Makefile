# Two entry points for a fresh clone: `make demo` and `make test`. Each sets up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint setup

$(BIN)/cleancli: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,dask]'
	touch $@

setup: $(BIN)/cleancli

demo: setup
	$(BIN)/cleancli run fixtures/ --now 2025-07-24T12:00:00Z -o clean.jsonl
	@echo "wrote clean.jsonl"

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy --strict src

test: lint
	$(BIN)/python -m pytest
