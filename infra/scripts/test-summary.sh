#!/usr/bin/env bash
# Passes `cargo test` output through and ends with one summary line per suite:
# the totals, and the per-adapter counts of the port contract suites (so a run
# shows that both the embedded and the AWS adapters were exercised).
set -euo pipefail
suite="${1:-rust}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
tee "$log"

passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '; [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}')
ignored=$(grep -Eo '; [0-9]+ ignored' "$log" | awk '{s+=$2} END {print s+0}')

echo
echo "== $suite summary =="
for adapter in embedded dynamodb s3 sns; do
  count=$(grep -Ec "^test ${adapter}::[^ ]+ \.\.\. ok$" "$log" || true)
  [ "$count" -gt 0 ] && echo "contract suite, $adapter adapter: $count passed"
done
if [ "$ignored" -gt 0 ]; then
  echo "$suite: $ignored tests ignored: none may be skipped" >&2
  exit 1
fi
echo "$suite: $passed passed, $failed failed"
