#!/usr/bin/env bash
# Passes `cargo test` output through and ends with one summary line per suite:
# the totals, the per-adapter counts of the port contract suites (so a run
# shows that both the embedded and the AWS adapters were exercised), and the
# property tests (those in a `properties` module) with the cases they ran:
# proptest runs PROPTEST_CASES cases per test (256 unless set; no test sets
# its own count).
# Usage: cargo test ... | test-summary.sh SUITE [ADAPTER ...]
# Every ADAPTER named must have run contract cases, or the summary fails.
set -euo pipefail
suite="${1:-rust}"
shift || true
required=("$@")
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
tee "$log"

passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '; [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}')
ignored=$(grep -Eo '; [0-9]+ ignored' "$log" | awk '{s+=$2} END {print s+0}')

echo
echo "== $suite summary =="
status=0
for adapter in "${required[@]}"; do
  count=$(grep -Ec "^test ${adapter}::[^ ]+ \.\.\. ok$" "$log" || true)
  echo "contract suites, $adapter adapter: $count passed"
  if [ "$count" -eq 0 ]; then
    echo "$suite: no contract case ran against the $adapter adapter" >&2
    status=1
  fi
done
properties=$(grep -Ec '^test ([^ ]+::)?properties::[^ ]+ \.\.\. ok$' "$log" || true)
cases_per_test="${PROPTEST_CASES:-256}"
echo "property tests: $properties passed, $((properties * cases_per_test)) cases ($cases_per_test each)"
if [ "$ignored" -gt 0 ]; then
  echo "$suite: $ignored tests ignored: none may be skipped" >&2
  exit 1
fi
echo "$suite: $passed passed, $failed failed"
exit "$status"
