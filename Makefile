# The one source of commands: CI, the README and developers all call these targets.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

PORT ?= 8000
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run test test-sqlite test-postgres lint bench clean

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv

# Python dependencies from uv.lock, front-end packages from package-lock.json.
install: $(UV)
	$(UV) sync --frozen --quiet
	npm ci --no-audit --no-fund --loglevel=error

# Development: DEBUG=1 (tracebacks, the development key, plain HTTP) — `sokkel serve` says so.
# In production, run `sokkel serve` with SECRET_KEY and ALLOWED_HOSTS set (docs/operations.md).
run: install
	DEBUG=1 $(BIN)/sokkel manage migrate --noinput
	DEBUG=1 $(BIN)/sokkel demo
	DEBUG=1 $(BIN)/sokkel serve --port $(PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

# The whole suite on SQLite, the platform's part again on PostgreSQL when one is
# reachable; browser tests run whenever Chromium is installed. CI=true turns every
# such skip into a failure.
test: install lint
	$(BIN)/python scripts/run_tests.py

bench: install
	for script in benchmarks/*.py; do $(BIN)/python "$$script"; done

clean:
	rm -rf $(VENV) .tools node_modules .pytest_cache
