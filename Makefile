# ECAR: `make dev` runs everything locally, `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
export ECAR_VENV := $(VENV)
CARGO ?= cargo
PORT ?= 3000

.PHONY: help dev serve test venv frontend-deps frontend rust-checks rust-tests frontend-tests template-checks lambda clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

dev: frontend ## Build the SPA and serve API + SPA on http://127.0.0.1:3000 (embedded store in ./.ecar)
	$(CARGO) run --release -p ecar -- serve --port $(PORT)

serve: ## Serve without rebuilding the SPA
	$(CARGO) run -p ecar -- serve --port $(PORT)

test: venv rust-checks rust-tests frontend-tests template-checks ## Run every test suite
	@echo "make test: all suites passed"

venv: $(VENV)/.installed ## Python tools for the tests (moto, cfn-lint) in .venv
$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

rust-checks: ## Formatting and clippy (warnings are errors)
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

rust-tests: venv ## Every Rust test, the AWS adapter runs against moto included
	$(CARGO) test --workspace --all-targets --locked 2>&1 | infra/scripts/test-summary.sh rust

frontend-deps: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend: frontend-deps ## Build the SPA into frontend/dist
	cd frontend && npm run build

frontend-tests: frontend-deps ## SPA type check and component tests
	cd frontend && npm run lint && npm test

template-checks: venv ## cfn-lint on template.yaml
	infra/scripts/cfn-lint.sh

lambda: venv ## Build every function for arm64 with cargo-lambda and print zipped sizes
	infra/scripts/lambda-build.sh

clean: ## Remove local data and build output
	rm -rf .ecar frontend/dist
