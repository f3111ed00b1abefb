#!/usr/bin/env bash
# Lints template.yaml with cfn-lint from the project's Python venv
# ($ECAR_VENV, default .venv at the repository root). Fails on errors only;
# warnings and informational findings are printed but do not fail the run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${ECAR_VENV:-$root/.venv}"
cfn_lint="$venv/bin/cfn-lint"

if [[ ! -x "$cfn_lint" ]]; then
  echo "cfn-lint not found at $cfn_lint (set ECAR_VENV, or: $venv/bin/pip install cfn-lint)" >&2
  exit 1
fi

"$cfn_lint" --non-zero-exit-code error -- "$root/template.yaml"
echo "cfn-lint: template.yaml has no errors"
