# Two entry points: `make run` (install and start the bot) and `make test` (install and check everything).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit kb-check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

## Start the bot: on Telegram when BOT_TOKEN is set, otherwise in the local sandbox chat.
run: $(STAMP)
	$(BIN)/python -m bot start

## Lint, type-check, validate the knowledge base and run the whole test suite.
test: $(STAMP) lint typecheck kb-check unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

kb-check: $(STAMP)
	$(BIN)/python -m bot kb check

unit: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/retrieval_accuracy.py
	$(BIN)/python benchmarks/retrieval_speed.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
