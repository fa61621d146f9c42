# Front door. Two commands do all set-up on a fresh machine: `make book` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium

.PHONY: hooks book test lint unit nbval build-check notebooks data run bench clean diff browser-deps

# The venv is (re)built only when requirements.txt changes (stamp file).
$(STAMP): requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -c "import site, pathlib; pathlib.Path(site.getsitepackages()[0], 'borderledger-root.pth').write_text('$(CURDIR)\n')"
	@touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . -n -W --keep-going
	@echo "book: $(CURDIR)/_build/html/index.html"

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 -m "not built" tests

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval -n 2 --dist loadfile chapters/

build-check: book
	$(BIN)/python -m pytest -m built tests

test: browser-deps lint unit nbval build-check

# Debian's chromium for the browser test, installed by the project's own setup when missing.
browser-deps:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

notebooks: $(STAMP)
	$(BIN)/python scripts/run_chapters.py --in-place

data: $(STAMP)
	$(BIN)/python scripts/clean_data.py

run: $(STAMP)
	$(BIN)/python scripts/run_chapters.py $(ARGS)

bench: $(STAMP)
	$(BIN)/python scripts/bench.py $(ARGS)

# Notebook diffs for reviewers: `make diff` (working tree vs HEAD) or `make diff REV=main~3`.
diff: $(STAMP)
	$(BIN)/nbdiff $(or $(REV),HEAD) -- chapters/

# Install the nbstripout git filter (keeps outputs) and nbdime's git diff driver in this clone.
hooks: $(STAMP)
	$(BIN)/nbstripout --install
	$(BIN)/nbdime config-git --enable

clean:
	rm -rf _build runs bench/out
