#!/usr/bin/env bash
# `sam build`'s step for one function: template.yaml builds every function with
# `BuildMethod: makefile`, so SAM runs the Makefile's `build-<LogicalId>`, which
# runs this with SAM's ARTIFACTS_DIR:
#
#   infra/scripts/sam-build.sh AuthFunction "$ARTIFACTS_DIR"
#
# It builds the function's binary (its `BuildProperties.Binary`) with
# infra/scripts/lambda-build.sh, for the function's own package, and puts the
# bootstrap in ARTIFACTS_DIR. SAM's own rust-cargolambda method cannot do that:
# it runs `cargo lambda build --bin <Binary>` at the workspace root, where cargo
# unifies the features of every package, so each function would carry the
# embedded store and every AWS client (invoices 5.40 MB zipped instead of 4.84).
set -euo pipefail

logical_id="${1:?usage: sam-build.sh <LogicalId> <ArtifactsDir>}"
artifacts_dir="${2:?usage: sam-build.sh <LogicalId> <ArtifactsDir>}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# The first `Binary:` inside the resource's block (two-space indented keys are
# the resources).
binary="$(awk -v id="$logical_id" '
  $0 ~ "^  " id ":[[:space:]]*$" { inside = 1; next }
  inside && /^  [A-Za-z0-9]+:[[:space:]]*$/ { exit }
  inside && $1 == "Binary:" { print $2; exit }
' "$root/template.yaml")"
if [[ -z "$binary" ]]; then
  echo "template.yaml has no function $logical_id with a BuildProperties.Binary" >&2
  exit 1
fi

"$root/infra/scripts/lambda-build.sh" "$binary"

target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
mkdir -p "$artifacts_dir"
python3 - "$target_dir/lambda/$binary/bootstrap.zip" "$artifacts_dir" <<'PY'
import os, sys, zipfile
archive, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive) as zf:
    zf.extract("bootstrap", out)
os.chmod(os.path.join(out, "bootstrap"), 0o755)
PY
