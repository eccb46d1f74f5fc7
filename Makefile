# The commands people type. `make build` and `make test` set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help build test check bench golden gallery lint sysdeps clean

help:  ## List the commands
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

build: $(STAMP)  ## Build the example briefs from inputs/ into output/
	$(BIN)/briefgen build inputs -o output

test: $(STAMP)  ## Run the whole test suite (installs the real clients it checks with)
	@scripts/sysdeps.sh --test
	$(BIN)/pytest

check: $(STAMP)  ## Validate inputs/ without building
	$(BIN)/briefgen check inputs

bench: $(STAMP)  ## Time the DOCX and PDF paths (prints figures)
	$(BIN)/python benchmarks/bench.py

golden: $(STAMP)  ## Regenerate the golden files after an intended template change
	$(BIN)/python tests/golden.py

gallery: $(STAMP)  ## Regenerate the PNG pages of the example briefs in docs/gallery
	@scripts/sysdeps.sh --test
	$(BIN)/python tests/gallery.py

lint: $(STAMP)  ## ruff check and format check
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

sysdeps:  ## Install the system libraries and tools the build and tests need (Debian)
	@scripts/sysdeps.sh --test

$(STAMP): pyproject.toml
	@scripts/sysdeps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:  ## Remove the virtual environment and generated briefs
	rm -rf $(VENV) output dist
