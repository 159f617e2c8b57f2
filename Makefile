# Two commands for a fresh machine: `make site` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SIZES ?= S,M,L
REPEAT ?= 3

.PHONY: install site test check lint serve clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)  ## Create .venv and install the generator with its test tools

site: $(STAMP)  ## Build the shipped dossier into site/ (website and PDF)
	$(BIN)/dossier build

test: $(STAMP)  ## Run lint, the type checker and the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy generator
	$(BIN)/python -m pytest

check: $(STAMP)  ## Validate the data without building
	$(BIN)/dossier check

serve: $(STAMP)  ## Preview with live reload
	$(BIN)/dossier serve

bench: $(STAMP)  ## Scale benchmark: synthetic dossiers S, M, L through the whole build (long; SIZES=S,M REPEAT=1)
	$(BIN)/python -m benchmarks.run --sizes $(SIZES) --repeat $(REPEAT)

clean:  ## Remove the build output (not docs/ pages you wrote)
	rm -rf site .dossier-build
