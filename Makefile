# Two commands do all set-up: `make demo` (the main job on the sample minutes) and `make test`.
# Packages come from requirements.lock (every version pinned); `make lock` regenerates it.
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.PHONY: demo test lint bench lock clean

$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r $(LOCK)
	$(VENV)/bin/pip install --quiet --no-deps -e .
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
	$(VENV)/bin/python bench/pass.py
	$(VENV)/bin/python bench/backfill.py --max-n 100

# The lock covers the runtime packages and the dev and postgres extras, for CPython 3.11 on
# x86-64 Linux. uv is used only here, never to install.
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet uv
	$(VENV)-lock/bin/uv pip compile pyproject.toml --extra dev --extra postgres \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 -o $(LOCK)

clean:
	rm -rf var/demo
