# Front door. Two commands do all set-up on a fresh machine: `make book` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help book test lint unit nbval build-check browser-deps notebooks data validate run bench pdf clean diff hooks

help: ## list what you can do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

# The venv is (re)built only when requirements.txt or pyproject.toml changes (stamp file).
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Sphinx copies assets/ only when a page is rebuilt, so a change to assets/ alone rebuilds all.
ASSETS_CHANGED = $(shell find assets -newer _build/html/searchindex.js -type f 2>/dev/null | head -1)
book: $(STAMP) ## build the book into _build/html (warnings are errors)
	$(BIN)/jupyter-book build . -n -W --keep-going $(if $(ASSETS_CHANGED),--all)
	@echo "book: $(CURDIR)/_build/html/index.html"

test: browser-deps lint unit nbval build-check ## every check: lint, unit tests, nbval, a fresh -W build, browser test

lint: $(STAMP) ## ruff over the package, tests and the chapter notebooks
	$(BIN)/ruff check .

unit: $(STAMP) ## unit tests (no built book needed)
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not built" tests

nbval: $(STAMP) ## re-execute every chapter and compare with the committed outputs
	$(BIN)/python -m pytest --nbval -n 2 --dist loadfile chapters/

build-check: $(STAMP) ## build the book from scratch (-W), then check the built pages in a browser
	rm -rf _build
	$(BIN)/jupyter-book build . -n -W --keep-going
	$(BIN)/python -m pytest -m built tests

# Debian's chromium for the browser test. It is installed with apt-get when the user may do
# so (root); otherwise make stops with one line saying what to install.
browser-deps:
	@test -x $(CHROMIUM) || { test "$$(id -u)" = 0 && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	|| { echo "make test needs Debian's chromium for the browser test: run 'sudo apt-get install chromium' (make book does not need it)" >&2; exit 1; }

notebooks: $(STAMP) ## re-execute every chapter in place (default parameters), volatile metadata stripped
	$(BIN)/borderledger-run --in-place

data: $(STAMP) ## regenerate data/clean/ and data/datapackage.json from data/raw/
	$(BIN)/borderledger-clean
	$(BIN)/borderledger-datapackage

validate: $(STAMP) ## check data/raw/ and print every problem with file, line and column
	$(BIN)/borderledger-validate

run: $(STAMP) ## execute chapters with parameters: make run ARGS="-p start_date 2019-01-01"
	$(BIN)/borderledger-run $(ARGS)

pdf: $(STAMP) browser-deps ## a printable PDF of the whole book: _build/border-ledger.pdf
	$(BIN)/jupyter-book build . --builder singlehtml
	$(BIN)/borderledger-pdf _build/singlehtml _build/border-ledger.pdf

bench: $(STAMP) ## speed and size figures, as ratios (bench/bench.py)
	$(BIN)/python bench/bench.py $(ARGS)

diff: $(STAMP) ## notebook changes for review: make diff (vs HEAD) or make diff REV=main~3
	$(BIN)/nbdiff $(or $(REV),HEAD) -- chapters/

hooks: $(STAMP) ## install the nbstripout filter (keeps outputs) and nbdime's diff driver in this clone
	$(BIN)/nbstripout --install
	$(BIN)/nbdime config-git --enable

clean: ## remove built and generated work files
	rm -rf _build runs bench/out
