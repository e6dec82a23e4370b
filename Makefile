# Two commands do all set-up: `make demo` (the main job on the sample minutes) and `make test`.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/followup demo

# The whole suite on SQLite, then every database test again on a throwaway PostgreSQL.
test: $(STAMP)
	scripts/system-deps
	$(VENV)/bin/python -m pytest
	FOLLOWUP_TEST_DATABASE=postgresql $(VENV)/bin/python -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy followup flows models

bench: $(STAMP)
	$(VENV)/bin/python bench/extract.py

clean:
	rm -rf var/demo
