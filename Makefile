# ECAR: `make dev` runs everything locally, `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= $(CURDIR)/.venv
export ECAR_VENV := $(VENV)
CARGO ?= cargo
PORT ?= 3000
# The ecar binary of the dev profile, wherever cargo puts its target directory.
ECAR = $(shell $(CARGO) metadata --format-version 1 --no-deps | $(PYTHON) -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/debug/ecar

BIN_DIR = $(dir $(ECAR))

.PHONY: help dev dev-aws serve test e2e-local-aws deploy-spa summary-reset venv frontend-deps frontend rust-checks rust-tests frontend-tests e2e template-checks schemathesis openapi lambda bench clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

dev: frontend ## Build the SPA and serve API + SPA on http://127.0.0.1:3000 (embedded store in ./.ecar)
	$(CARGO) run --release -p ecar -- serve --port $(PORT)

dev-aws: frontend venv ## The suite as deployed on http://127.0.0.1:3000: each function's Lambda binary on a local AWS (moto)
	$(CARGO) build --workspace --bins
	$(ECAR) local-aws --port $(PORT) --bin-dir $(BIN_DIR)

STACK ?= ecar
deploy-spa: frontend venv ## Upload the SPA to the deployed stack STACK (default ecar; AWS credentials from the environment)
	$(VENV)/bin/python infra/scripts/deploy-spa.py --stack $(STACK) $(if $(REGION),--region $(REGION))

serve: ## Serve without rebuilding the SPA
	$(CARGO) run -p ecar -- serve --port $(PORT)

# Each suite appends its closing line here; `make test` ends with all of them and the total.
SUMMARY := $(CURDIR)/.test-summary

test: summary-reset venv rust-checks rust-tests frontend-tests e2e e2e-local-aws template-checks schemathesis ## Run every test suite
	@echo
	@echo "== make test summary =="
	@cat $(SUMMARY)
	@awk '/ passed, [0-9]+ failed$$/ {p+=$$(NF-3); f+=$$(NF-1)} END {printf "total: %d passed, %d failed\n", p, f}' $(SUMMARY)

summary-reset:
	@rm -f $(SUMMARY)

venv: $(VENV)/.installed ## Python tools for the tests (moto, cfn-lint) in .venv
$(VENV)/.installed: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

rust-checks: ## Formatting and clippy (warnings are errors)
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --all-features --locked -- -D warnings

rust-tests: venv ## Every Rust test, the AWS adapter runs against moto included
	$(CARGO) test --workspace --all-targets --all-features --locked 2>&1 | infra/scripts/test-summary.sh rust embedded dynamodb s3 sns | tee -a /dev/stderr | grep -E '^(rust: |contract suites, |property tests: )' >> $(SUMMARY)

frontend-deps: frontend/node_modules/.installed
frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend: frontend-deps ## Build the SPA into frontend/dist
	cd frontend && npm run build

frontend-tests: frontend-deps ## SPA type check and component tests
	cd frontend && npm run lint && npm run check:api
	cd frontend && npm test 2>&1 | ../infra/scripts/vitest-summary.sh | tee -a /dev/stderr | grep -E '^frontend: ' >> $(SUMMARY)

e2e: frontend ## The SPA's end-to-end scenario: Chromium against `ecar serve --in-memory`
	$(CARGO) build -q -p ecar
	cd frontend && ECAR_BIN=$(ECAR) npm run e2e 2>&1 | tee -a /dev/stderr | grep -E '^e2e: ' >> $(SUMMARY)

e2e-local-aws: frontend venv ## The same end-to-end scenario against the Lambdas of `ecar local-aws`
	$(CARGO) build -q --workspace --bins
	cd frontend && ECAR_E2E_HOST=local-aws ECAR_BIN=$(ECAR) npm run e2e 2>&1 | tee -a /dev/stderr | grep -E '^e2e \(local AWS\): ' >> $(SUMMARY)

template-checks: venv ## cfn-lint on template.yaml, template routes against the routers, each function's AWS ports against its role, OpenAPI document not stale
	infra/scripts/cfn-lint.sh
	$(CARGO) build -q -p ecar
	$(VENV)/bin/python infra/scripts/check-template-routes.py $(ECAR) routes | tee -a $(SUMMARY)
	$(VENV)/bin/python infra/scripts/check-template-ports.py | tee -a $(SUMMARY)
	$(ECAR) openapi | diff -q - shared/openapi.json > /dev/null || \
	  { echo "shared/openapi.json is stale: run make openapi" >&2; exit 1; }
	@echo "openapi: shared/openapi.json matches the routers" | tee -a $(SUMMARY)

schemathesis: venv ## schemathesis on `ecar serve --in-memory` as admin, staff, customer and anonymous
	$(CARGO) build -q -p ecar
	$(VENV)/bin/python infra/scripts/schemathesis.py $(ECAR) $(SUMMARY)

openapi: ## Regenerate shared/openapi.json from the routers
	$(CARGO) build -q -p ecar
	$(ECAR) openapi > shared/openapi.json

lambda: venv ## Build every function for arm64 with cargo-lambda and print zipped sizes
	infra/scripts/lambda-build.sh

# `sam build` runs build-<LogicalId> for each function (template.yaml:
# BuildMethod makefile) with ARTIFACTS_DIR set: the function alone, for arm64.
build-%:
	infra/scripts/sam-build.sh $* "$(ARTIFACTS_DIR)"

bench: venv ## Release build, then DynamoDB cost, cold starts, sizes and warm speed into bench/RESULTS.md
	bench/run.sh

clean: ## Remove local data and build output
	rm -rf .ecar frontend/dist
