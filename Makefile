# Two commands for a newcomer: `make book` and `make test`. Both first create .venv and
# install what is missing (pip packages, and Graphviz's `dot` through apt.txt when run as root).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going
# Widgets autosave learners' work; tests and the published book start from a blank page.
SCRATCH_WORK = WORKBOOK_WORK_DIR=$$(mktemp -d)

.PHONY: env system book test lab benchmark lock clean

env: $(STAMP) system

$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "The workbook needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

# Graphviz's `dot` is a system program, not a pip package.
system: $(STAMP)
	@$(BIN)/python -m widgets.system_deps --install

book: env
	$(SCRATCH_WORK) $(BIN)/jupyter-book build . --all $(BOOK_FLAGS)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

test: env
	$(BIN)/ruff check widgets tests
	$(SCRATCH_WORK) $(BIN)/pytest tests chapters --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

# JupyterLab refuses to start as root (containers, some hubs) unless told it may.
LAB_FLAGS := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
lab: env
	$(BIN)/jupyter lab $(LAB_FLAGS) chapters/

# Figures, not pass/fail: speed is measured here, never in timed tests.
benchmark: env
	$(BIN)/python tests/benchmarks/schema_builder_latency.py

# Re-pin every transitive dependency after changing requirements.txt.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf _build .pytest_cache .ruff_cache
