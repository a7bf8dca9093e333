# Every target creates .venv and installs what it needs, so each works on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: venv generate check test node clean

venv: $(STAMP)

# The generated client is put on the path with a .pth file rather than installed: an
# editable install would drop build metadata into generated/, which must hold only output.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	echo "$(CURDIR)/generated/python" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/callspec-generated.pth"
	touch $(STAMP)

node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

generate: venv
	$(VENV)/bin/callspec generate
	@echo "Changes against the committed generated/openapi.json:"
	@$(VENV)/bin/callspec diff git:HEAD:generated/openapi.json generated/openapi.json || true

check: venv
	$(VENV)/bin/callspec check
	$(VENV)/bin/black --check --quiet generated/python generator tests bench
	$(VENV)/bin/mypy --strict generated/python/realtime_calls

test: venv node
	$(VENV)/bin/pytest -q

clean:
	rm -rf $(VENV) node_modules

# The whole upstream OpenAI document: generate into a temporary directory (or
# UPSTREAM_OUT) and type-check the generated package with mypy --strict.
UPSTREAM_SPEC ?= ../shared/upstream/openai-openapi-5162af9/openapi.yaml

.PHONY: check-upstream
check-upstream: venv
	@out="$${UPSTREAM_OUT:-$$(mktemp -d)}"; \
	$(VENV)/bin/callspec generate --spec $(UPSTREAM_SPEC) --out "$$out" && \
	cd "$$out/python" && $(CURDIR)/$(VENV)/bin/mypy --strict realtime_calls
