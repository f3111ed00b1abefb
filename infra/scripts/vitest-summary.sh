#!/usr/bin/env bash
# Passes Vitest output through and ends with the plain summary line
# "frontend: N passed, M failed" (Vitest's own closing lines differ).
set -euo pipefail
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
tee "$log"
line=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s+Tests\s' | tail -1)
passed=$(grep -Eo '[0-9]+ passed' <<<"$line" | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Eo '[0-9]+ failed' <<<"$line" | grep -Eo '[0-9]+' || echo 0)
skipped=$(grep -Eo '[0-9]+ skipped' <<<"$line" | grep -Eo '[0-9]+' || echo 0)
echo
if [ "$skipped" -gt 0 ]; then
  echo "frontend: $skipped tests skipped: none may be skipped" >&2
  exit 1
fi
echo "frontend: $passed passed, $failed failed"
