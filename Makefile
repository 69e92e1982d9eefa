# The README names two commands: `make run` and `make test`. The rest are helpers.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WEB_DIST := bot/web/static/dist/.built
WEB_SOURCES := $(wildcard web/package.json web/package-lock.json web/build.mjs web/src/*)

.PHONY: help run test shell setup eval bench clean

help:
	@echo "make run   – sæt alt op og start assistenten (chat på http://localhost:$${WEB_PORT:-8080}/)"
	@echo "make test  – sæt op om nødvendigt og kør alle tests"
	@echo "make shell – chat med assistenten i terminalen"
	@echo "make eval  – mål NLU-kvaliteten og skriv en rapport i reports/"
	@echo "make bench – mål svartider og hukommelse"

$(STAMP): requirements.txt requirements-dev.txt constraints.txt scripts/find-python.sh
	@python=$$(scripts/find-python.sh) || exit 1; \
	if [ ! -x $(PY) ]; then echo "· Opretter $(VENV) med $$python"; "$$python" -m venv $(VENV) || exit 1; fi
	$(PY) -m pip install --quiet --disable-pip-version-check pip==24.0
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	@touch $(STAMP)

# The chat page's JavaScript, bundled from the npm registry's packages at build time (no CDN at run time).
$(WEB_DIST): $(WEB_SOURCES)
	@if [ -f web/package.json ]; then \
		echo "· Bygger chatsidens JavaScript"; \
		cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build && touch ../$(WEB_DIST); \
	fi

setup: $(STAMP) $(WEB_DIST)

run: setup
	@$(PY) -m bot run

shell: setup
	@$(PY) -m bot shell

test: setup
	@$(PY) -m pytest

eval: setup
	@$(PY) -m bot eval

bench: setup
	@$(PY) -m bot bench

clean:
	rm -rf var/ models/*.tar.gz reports/ data/nlu/generated/ bot/web/static/dist/
