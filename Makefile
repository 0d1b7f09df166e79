# Two commands for a newcomer: `make book` and `make test`. Both first create .venv and
# install what is missing: pip packages; Graphviz's `dot` (apt.txt) and, for the tests,
# Chromium (tests/apt.txt) through apt-get when run as root; the widget JavaScript via npm.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
BOOK_FLAGS := -W -n --keep-going
# Widgets autosave learners' work; tests and the published book start from a blank page.
SCRATCH_WORK = WORKBOOK_WORK_DIR=$$(mktemp -d)

.PHONY: env system book test lab benchmark lock clean

env: $(STAMP) system vendor

# uv installs the same pinned files as pip would, several times faster, and shows progress.
UV_VERSION := 0.13.9
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	  || { echo "The workbook needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; exit 1; }
	@echo "Setting up $(VENV)/ (once; later runs reuse it)"
	$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	@set -o pipefail; $(BIN)/uv pip install --python $(BIN)/python -r requirements.txt 2>&1 \
	  | sed -u '/^ [+-] /d'  # the progress and the summary, not 176 package names
	@touch $@

# The book serves the JavaScript that draws widgets from saved state itself, so pages work
# offline and tell no third party about their readers. Fetched from the npm registry at pinned
# versions (npm checks each tarball's integrity) with their licences; never committed.
VENDOR := book/vendor
TEST_VENDOR := tests/.vendor
NPM_PACKAGES := @jupyter-widgets/html-manager@1.0.6 requirejs@2.3.8 axe-core@4.11.0
vendor: $(VENDOR)/.fetched

$(VENDOR)/.fetched: Makefile
	@command -v npm >/dev/null || { echo "The book needs npm (Node.js) once, to fetch the widget JavaScript."; \
	  echo "  Debian/Ubuntu: sudo apt-get install npm   macOS: brew install node   Windows: winget install OpenJS.NodeJS"; exit 1; }
	@echo "Fetching the widget JavaScript the book serves itself (npm, once)"
	@rm -rf $(VENDOR) $(TEST_VENDOR) && mkdir -p $(VENDOR)/html-manager $(TEST_VENDOR) $(VENDOR)/.pack
	@cd $(VENDOR)/.pack && npm pack --silent $(NPM_PACKAGES) >/dev/null
	@cd $(VENDOR)/.pack && for t in *.tgz; do mkdir -p "$${t%.tgz}" && tar -xzf "$$t" -C "$${t%.tgz}"; done
	@mkdir -p $(VENDOR)/@jupyter-widgets/html-manager/dist
	@cp $(VENDOR)/.pack/jupyter-widgets-html-manager-1.0.6/package/dist/embed-amd.js $(VENDOR)/html-manager/
	@for d in $(VENDOR)/@jupyter-widgets $(VENDOR)/@jupyter-widgets/html-manager/dist; do \
	  cp $(VENDOR)/.pack/jupyter-widgets-html-manager-1.0.6/package/dist/*.woff2 $$d/; done
	@cp $(VENDOR)/.pack/jupyter-widgets-html-manager-1.0.6/package/LICENSE $(VENDOR)/html-manager/LICENSE
	@cp $(VENDOR)/.pack/requirejs-2.3.8/package/require.js $(VENDOR)/require.js
	@cp $(VENDOR)/.pack/axe-core-4.11.0/package/axe.min.js $(VENDOR)/.pack/axe-core-4.11.0/package/LICENSE $(TEST_VENDOR)/
	@cd $(VENDOR)/.pack && { echo "# Third-party JavaScript fetched for the book and its browser tests (npm registry)"; echo; \
	  for d in */; do node -p "const p = require('./$${d}package/package.json'); \
	    '- ' + p.name + ' ' + p.version + ': ' + p.license + ' licence'"; done; } > ../THIRD-PARTY.md
	@rm -rf $(VENDOR)/.pack
	@touch $@

# Graphviz's `dot` is a system program, not a pip package.
system: $(STAMP)
	@$(BIN)/python -m widgets.system_deps --install

# Where the published book can be launched live: optional, e.g.
#   make book REPOSITORY_URL=https://github.com/you/bpd-workbook BINDERHUB_URL=https://mybinder.org
REPOSITORY_URL ?=
BINDERHUB_URL ?=
JUPYTERHUB_URL ?=
BRANCH ?= main
# Where _build/ goes; the test suite builds the same way into a temporary folder.
BOOK_DIR ?= .
LAUNCH_CONFIG = $(BOOK_DIR)/_build/_config.launch.yml
# Lines a reader of the build need not see: parser settings dumped in full, and ipykernel's
# warning that a kernel on this machine's loopback address talks to the build unencrypted.
BOOK_NOISE := MdParserConfig|NbParserConfig|Kernel is running over TCP without encryption

book: env
	@$(BIN)/python -m widgets.book.config --repository "$(REPOSITORY_URL)" \
	  --binderhub "$(BINDERHUB_URL)" --jupyterhub "$(JUPYTERHUB_URL)" --branch "$(BRANCH)" \
	  --out $(LAUNCH_CONFIG)
	@set -o pipefail; $(SCRATCH_WORK) $(BIN)/jupyter-book build . --all $(BOOK_FLAGS) \
	  --config $(LAUNCH_CONFIG) --path-output $(BOOK_DIR) 2>&1 | sed -u -E '/$(BOOK_NOISE)/d'
	@echo "The book is at $(abspath $(BOOK_DIR))/_build/html/index.html"

test: env
	@$(BIN)/python -m widgets.system_deps --install --tests
	$(BIN)/ruff check widgets tests
	$(SCRATCH_WORK) $(BIN)/pytest -n auto --dist loadfile tests chapters \
	  --nbval --nbval-current-env --nbval-sanitize-with tests/nbval-sanitize.cfg

# JupyterLab refuses to start as root (containers, some hubs) unless told it may.
LAB_FLAGS := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
# The port JupyterLab listens on; empty: 8888, or the next free one.
LAB_PORT ?=
# Lab shows a notebook's diagrams and HTML before it runs only if the notebook is trusted:
# the chapters are ours, so trust them (again after every pull). Lab is rooted at the top of
# the workbook, so work/ (saves, and exports in work/exports/) shows in its file browser, and
# opens on chapters/. Lab tells no third party about a reader: no news feed, no update check,
# and jupyter-config/ turns off the plugin that would ask about them.
# JupyterLab brings its own widget code: no npm step needed here.
lab: $(STAMP) system
	@$(BIN)/jupyter trust chapters/*.ipynb >/dev/null \
	  && echo "Trusted the chapters (chapters/*.ipynb): their diagrams show before they run"
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  $(BIN)/jupyter lab $(LAB_FLAGS) --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/chapters \
	  --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate \
	  $(if $(LAB_PORT),--ServerApp.port=$(LAB_PORT) --ServerApp.port_retries=0,)

# Figures, not pass/fail: speed is measured here, never in timed tests.
benchmark: env
	$(BIN)/python tests/benchmarks/schema_builder_latency.py
	$(BIN)/python tests/benchmarks/book_build.py
	$(BIN)/python tests/benchmarks/workshop_report.py
	$(BIN)/python tests/benchmarks/environment.py
	$(BIN)/python tests/benchmarks/feedback_corpus.py
	$(BIN)/python tests/benchmarks/test_suite.py
	$(BIN)/python tests/benchmarks/class_hub.py

# Re-pin every transitive dependency after changing requirements.txt.
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable > constraints.txt

clean:
	rm -rf _build .pytest_cache .ruff_cache $(VENDOR) $(TEST_VENDOR)
