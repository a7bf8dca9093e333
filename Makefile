# Every target installs what it needs from the committed lock (uv.lock, package-lock.json),
# so each works on a fresh clone. uv itself is bootstrapped, pinned, into .tools/.
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
# uv reads its own configuration, never the machine's pip.conf: keep the lock's index only
export UV_NO_CONFIG := 1
SYNC := $(UV) sync --locked --quiet --compile-bytecode
PURELIB = $$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
PTH = "$(PURELIB)/callspec-generated.pth"
COMPILED_PTH = "$(PURELIB)/callspec-compiled.pth"

.PHONY: venv venv-runtime generate check test node clean lock compile-generated bench compiled

# pip's --target needs no virtual environment of its own (creating one costs seconds)
$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(TOOLS) "uv==$(UV_VERSION)"

# Generation needs only the runtime dependencies (jinja2, pyyaml, yaml-rs, orjson, black); --inexact keeps
# the test tools when they are already there.
venv-runtime: $(UV)
	$(SYNC) --no-default-groups --inexact
	@$(MAKE) --no-print-directory _post-sync

# Everything: runtime + the dev group (tests, type checks, benchmarks).
venv: $(UV)
	$(SYNC)
	@$(MAKE) --no-print-directory _post-sync

# The generated client is put on the path with a .pth file rather than installed: an
# editable install would drop build metadata into generated/, which must hold only output.
# The editable generator is byte-compiled here: this machine sets PYTHONDONTWRITEBYTECODE=1,
# so nothing would ever be cached and every `callspec validate` would recompile it; its
# templates too (generator/emit/template_cache.py), or every generation would.
.PHONY: _post-sync
_post-sync:
	@echo "$(CURDIR)/generated/python" > $(PTH)
	@$(PY) -m compileall -q -j 0 generator
	@$(PY) -m generator.emit.template_cache
	@$(MAKE) --no-print-directory compile-generated

compile-generated:
	@$(PY) -m compileall -q -j 0 generated/python

lock: $(UV)
	$(UV) lock

node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

generate: venv-runtime
	@rm -f $(COMPILED_PTH)  # a compiled validator of the old tree must not be picked
	$(VENV)/bin/callspec generate
	@$(MAKE) --no-print-directory compile-generated
	@echo "Changes against the committed generated/openapi.json:"
	@$(VENV)/bin/callspec diff git:HEAD:generated/openapi.json generated/openapi.json || true

check: venv
	$(VENV)/bin/callspec check
	$(VENV)/bin/black --check --quiet generated/python generator tests bench
	$(VENV)/bin/mypy --strict generated/python/realtime_calls
	$(VENV)/bin/mypy --strict generator
	cd generated/testing && $(CURDIR)/$(VENV)/bin/mypy --strict realtime_calls_strategies
	$(PY) tests/zoo/regenerate.py --check

# The optional compiled (mypyc) build of the generated validator, a platform artifact for
# this machine: build/compiled/lib (put on the path, so `realtime_calls.validator_backend()`
# says "compiled") and its wheel in build/compiled/dist. The pure package and its reproducible
# wheel stay pure; `make generate` takes the build off the path again.
compiled: venv
	$(PY) -m generator.validate.compiled --out build/compiled
	@echo "$(CURDIR)/build/compiled/lib" > $(COMPILED_PTH)

test: venv node
	$(VENV)/bin/pytest -q

# All three paths against their anchors in one run, one ratio table (bench/all.py).
bench: venv
	$(PY) bench/all.py

clean:
	rm -rf $(VENV) $(TOOLS) node_modules

# The whole upstream OpenAI document: generate into a temporary directory (or
# UPSTREAM_OUT) and type-check the generated package with mypy --strict.
UPSTREAM_SPEC ?= ../shared/upstream/openai-openapi-5162af9/openapi.yaml

.PHONY: check-upstream
check-upstream: venv
	@out="$${UPSTREAM_OUT:-$$(mktemp -d)}"; \
	$(VENV)/bin/callspec generate --spec $(UPSTREAM_SPEC) --out "$$out" && \
	cd "$$out/python" && $(CURDIR)/$(VENV)/bin/mypy --strict realtime_calls
