# Backprop Lab: `make run` starts the app, `make test` runs every check. Both create the
# virtual environment in .venv on first use and reinstall only when a requirements file changes.

PYTHON ?= python3
VENV   ?= .venv
PORT   ?= 8501
BIN    := $(VENV)/bin

.PHONY: run test lint format benchmark clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Backprop Lab needs Python 3.11 or newer; try: make $(MAKECMDGOALS) PYTHON=python3.12"; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.app-installed $@

run: $(VENV)/.app-installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

benchmark: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/app.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis artifacts
