# Every target creates .venv and installs what it needs, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: venv generate check test node clean

venv: $(STAMP)

$(STAMP): pyproject.toml generated/python/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]' -e generated/python
	touch $(STAMP)

node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

generate: venv
	$(VENV)/bin/callspec generate

check: venv
	$(VENV)/bin/callspec check
	$(VENV)/bin/black --check --quiet generated/python generator tests bench
	$(VENV)/bin/mypy --strict generated/python/realtime_calls

test: venv node
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) node_modules
