# The commands people type. `make build` and `make test` set everything up on a fresh machine,
# installing exactly the versions in requirements.lock (the set the test suite passed with).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
UV := uv==0.13.8
# The lock: one version of each package for every supported Python, with the hash of every file.
LOCK_FLAGS := --extra dev --universal --fork-strategy fewest --python-version 3.10 --generate-hashes

.PHONY: help build test test-latest test-lowest check bench bench-series bench-serve bench-workspace pathological golden gallery schema lint lock sysdeps clean

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

build: $(STAMP)  ## Build the example briefs from inputs/ into output/
	$(BIN)/briefgen build inputs -o output

test: $(STAMP)  ## Run the whole test suite (installs the real clients it checks with)
	@scripts/sysdeps.sh --test
	$(BIN)/pytest

check: $(STAMP)  ## Validate inputs/ without building
	$(BIN)/briefgen check inputs

bench: $(STAMP)  ## Time the DOCX and PDF paths (prints figures)
	$(BIN)/python benchmarks/bench.py

pathological: $(STAMP)  ## Time pathological inputs at n, 2n, 4n and the largest accepted
	$(BIN)/python benchmarks/pathological.py

bench-series: $(STAMP)  ## Time the action tracker and the brief of a long series (prints figures)
	$(BIN)/python benchmarks/series.py

bench-serve: $(STAMP)  ## Time the live preview, from a saved meeting file to its reloaded page
	@scripts/sysdeps.sh --test
	$(BIN)/python benchmarks/serve.py

bench-workspace: $(STAMP)  ## Time briefgen against the scripts people write without it (~20 min)
	@scripts/sysdeps.sh --bench
	$(BIN)/python benchmarks/workspace.py

golden: $(STAMP)  ## Regenerate the golden files after an intended template change
	$(BIN)/python tests/golden.py

gallery: $(STAMP)  ## Regenerate the PNG pages of the example briefs in docs/gallery
	@scripts/sysdeps.sh --test
	$(BIN)/python tests/gallery.py

schema: $(STAMP)  ## Regenerate the JSON Schemas of meeting files and briefgen.yaml from the models
	$(BIN)/briefgen schema meeting -o src/briefgen/schemas/meeting.schema.json
	$(BIN)/briefgen schema workspace -o src/briefgen/schemas/workspace.schema.json

lint: $(STAMP)  ## ruff check and format check
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

sysdeps:  ## Install the system libraries and tools the build and tests need (Debian)
	@scripts/sysdeps.sh --test

lock:  ## Refresh requirements.lock to the newest releases pyproject.toml allows (then run make test)
	test -x .venv-tools/bin/uv || ($(PYTHON) -m venv .venv-tools && .venv-tools/bin/pip install --quiet '$(UV)')
	.venv-tools/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) --upgrade --quiet -o $(LOCK)

test-latest:  ## Run the suite against the newest releases, in .venv-latest (a drift report)
	@scripts/sysdeps.sh --test
	rm -rf .venv-latest && $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	@.venv-latest/bin/python scripts/drift.py $(LOCK)
	.venv-latest/bin/pytest -p no:cacheprovider

test-lowest:  ## Run the suite against the lowest versions pyproject.toml allows, in .venv-lowest
	@scripts/sysdeps.sh --test
	test -x .venv-tools/bin/uv || ($(PYTHON) -m venv .venv-tools && .venv-tools/bin/pip install --quiet '$(UV)')
	rm -rf .venv-lowest && $(PYTHON) -m venv .venv-lowest
	.venv-tools/bin/uv pip compile pyproject.toml --extra dev --resolution lowest-direct --quiet \
		-o .venv-lowest/requirements.txt
	.venv-lowest/bin/python -m pip install --quiet --no-deps -r .venv-lowest/requirements.txt
	.venv-lowest/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@.venv-lowest/bin/python scripts/drift.py $(LOCK)
	.venv-lowest/bin/pytest -p no:cacheprovider

$(STAMP): $(LOCK) pyproject.toml
	@scripts/sysdeps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

clean:  ## Remove the virtual environments and generated briefs
	rm -rf $(VENV) .venv-latest .venv-lowest .venv-tools output dist
