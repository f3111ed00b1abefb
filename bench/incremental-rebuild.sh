#!/usr/bin/env bash
# Times the rebuild after a one-line change: appends a comment line to FILE,
# times `cargo ARGS...`, removes the line and rebuilds; three times.
#
#   bench/incremental-rebuild.sh . "$CARGO_TARGET_DIR" shared/domain/src/customers/mod.rs after build -p ecar-customers
#
# (bench/RESULTS.md, "Incremental rebuild"; FILE must be committed and unmodified:
# the script puts it back with git checkout.)
set -euo pipefail
tree=$1 target=$2 file=$3 label=$4; shift 4
cd "$tree"
export CARGO_TARGET_DIR=$target
cargo "$@" >/dev/null 2>&1   # warm
times=()
for i in 1 2 3; do
  echo "// rebuild probe $i" >> "$file"
  start=$(date +%s.%N)
  cargo "$@" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc)")
  git checkout -q -- "$file"
  cargo "$@" >/dev/null 2>&1
done
echo "$label: ${times[*]}"
