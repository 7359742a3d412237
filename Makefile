# Two commands a new user needs: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed-test

.PHONY: run test lint bench screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The app alone for `make run`; with the test and bench extras (Anki's own library, pytest…)
# for everything else. Each is reinstalled when pyproject.toml changes.
$(APP_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(APP_STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(STAMP) $(APP_STAMP)

run: $(APP_STAMP)
	$(BIN)/glosscards-app

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

# Each bench runs even when one before it misses a target or lacks ../shared (`-`).
bench: $(STAMP)
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_import.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_import_update.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_review.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_fsrs.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_deck.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_browser.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_export.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_startup.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_stats.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_parse.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_textdiff.py
	-QT_QPA_PLATFORM=offscreen $(BIN)/python bench/bench_sync.py

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m glosscards.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
