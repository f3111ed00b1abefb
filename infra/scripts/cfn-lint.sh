#!/usr/bin/env bash
# Lints template.yaml with cfn-lint from the project's Python venv
# ($ECAR_VENV, default .venv at the repository root), then what the SAM
# transform makes of it (cfn-lint no longer runs the transform itself, so the
# functions' roles, the API's routes and the event source mappings SAM
# generates are linted only this way). Fails on errors only; warnings and
# informational findings are printed but do not fail the run.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${ECAR_VENV:-$root/.venv}"
cfn_lint="$venv/bin/cfn-lint"
transform=("$venv/bin/python" "$root/infra/scripts/sam-transform.py")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [[ ! -x "$cfn_lint" ]]; then
  echo "cfn-lint not found at $cfn_lint (set ECAR_VENV, or: make venv)" >&2
  exit 1
fi

"$cfn_lint" --non-zero-exit-code error -- "$root/template.yaml" "$root/infra/waf/template.yaml"
echo "cfn-lint: template.yaml and infra/waf/template.yaml have no errors"

"${transform[@]}" "$root/template.yaml" "$work/transformed.json"
"$cfn_lint" --non-zero-exit-code error -- "$work/transformed.json"
echo "cfn-lint: the SAM-transformed template has no errors"

# The check must be able to fail: a function event naming an API that does
# not exist passes cfn-lint on the SAM template, and the transform refuses it.
sed '0,/ApiId: !Ref HttpApi/s//ApiId: !Ref NoSuchHttpApi/' "$root/template.yaml" > "$work/broken.yaml"
if "${transform[@]}" "$work/broken.yaml" "$work/broken.json" 2> "$work/broken.log"; then
  echo "the SAM transform accepted a function event naming no API" >&2
  exit 1
fi
grep -q "ApiId must be a valid reference" "$work/broken.log"
echo "cfn-lint: a broken reference inside a SAM resource is caught by the transform"
