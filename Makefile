# Two entry points: `make run` (install and start the bot) and `make test` (install and check everything).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit kb-check bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every dependency is pinned in requirements-dev.lock: the bot's, the dev tools' and the local
# sandbox's (the `sandbox` extra, so `make run` without BOT_TOKEN opens the sandbox chat).
# requirements.lock pins the deployed bot alone (no sandbox, no aiohttp).
# `make lock` re-resolves both to the newest versions pyproject.toml allows.
$(STAMP): $(BIN)/python pyproject.toml requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
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

## Re-resolve the pinned dependencies (run, commit both lock files, then `make test`).
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --upgrade --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links -o requirements.lock pyproject.toml
	$(BIN)/pip-compile --quiet --upgrade --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --extra dev --extra sandbox -o requirements-dev.lock pyproject.toml

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
