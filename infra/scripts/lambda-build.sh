#!/usr/bin/env bash
# Builds every function that template.yaml names (BuildProperties.Binary) with
# cargo-lambda in release mode for arm64, zips each bootstrap and prints its
# zipped size against the 5 MB target of issue 23 (5,000,000 bytes). Fails if a
# function is over it.
#
#   infra/scripts/lambda-build.sh             # arm64, as deployed
#   infra/scripts/lambda-build.sh ecar-auth   # only the binaries named
#   LAMBDA_ARCH=x86_64 infra/scripts/lambda-build.sh
#
# cargo-lambda and Zig (the cross-linker) come from PyPI into the project's
# venv ($ECAR_VENV, default .venv at the repository root). The Rust standard
# library for the target must be in the compiler's sysroot (see below).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="${ECAR_VENV:-$root/.venv}"
target_bytes=5000000

case "${LAMBDA_ARCH:-arm64}" in
  arm64) arch_flag=--arm64 triple=aarch64-unknown-linux-gnu ;;
  x86_64) arch_flag=--x86-64 triple=x86_64-unknown-linux-gnu ;;
  *) echo "LAMBDA_ARCH must be arm64 or x86_64" >&2; exit 2 ;;
esac

# Tools: cargo-lambda, and Zig as the `ziglang` module that cargo-zigbuild
# runs with `python -m ziglang` when no `zig` is on the PATH.
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
if [[ ! -x "$venv/bin/cargo-lambda" ]] || ! "$venv/bin/python" -c 'import ziglang' 2>/dev/null; then
  "$venv/bin/pip" install --quiet cargo-lambda ziglang
fi
export PATH="$venv/bin:$PATH"

# The target's standard library must be in the compiler's sysroot: rustup's
# (`rustup target add`), or else Debian's rustc-web, whose standard library
# for arm64 is a package (no rustup download needed):
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install rustc-web cargo-web libstd-rust-web-dev:arm64
has_target() { [[ -d "$("$1" --print sysroot)/lib/rustlib/$triple" ]]; }
if ! has_target rustc; then
  if [[ -x /usr/bin/rustc ]] && has_target /usr/bin/rustc; then
    echo "$(rustc -V) has no $triple standard library; building with Debian's $(/usr/bin/rustc -V)" >&2
    export PATH="$venv/bin:/usr/bin:$PATH" RUSTC=/usr/bin/rustc CARGO=/usr/bin/cargo
  else
    echo "$(rustc -V) has no standard library for $triple:" >&2
    echo "  rustup target add $triple" >&2
    echo "  or Debian's: apt-get install rustc-web cargo-web libstd-rust-web-dev:arm64" >&2
    exit 1
  fi
fi

mapfile -t named < <(
  sed -n 's/^[[:space:]]*Binary:[[:space:]]*\([A-Za-z0-9_-][A-Za-z0-9_-]*\)[[:space:]]*$/\1/p' \
    "$root/template.yaml" | sort -u
)
if (( ${#named[@]} == 0 )); then
  echo "template.yaml names no BuildProperties.Binary" >&2
  exit 1
fi
binaries=("${named[@]}")
if (( $# > 0 )); then
  for binary in "$@"; do
    if [[ " ${named[*]} " != *" $binary "* ]]; then
      echo "template.yaml names no function binary $binary (it has: ${named[*]})" >&2
      exit 1
    fi
  done
  binaries=("$@")
fi

# Honours CARGO_TARGET_DIR and any target-dir in cargo's configuration.
target_dir="$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
  "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
lambda_dir="$target_dir/lambda"

# The package of each binary.
declare -A package_of
while read -r binary package; do
  package_of[$binary]=$package
done < <(
  cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
    "$venv/bin/python" -c '
import json, sys
for package in json.load(sys.stdin)["packages"]:
    for target in package["targets"]:
        if "bin" in target["kind"]:
            print(target["name"], package["name"])
'
)

# One cargo invocation per function, for its own package: cargo unifies the
# features of every package an invocation builds, and a function must build
# with its own (the AWS clients of the ports it uses, no embedded store), as
# `cargo build -p <function>` does. Dependencies whose features are the same
# compile once; each function's own link (LTO) is per binary anyway.
for binary in "${binaries[@]}"; do
  package="${package_of[$binary]:-}"
  if [[ -z "$package" ]]; then
    echo "no package of the workspace has a binary $binary" >&2
    exit 1
  fi
  cargo lambda build \
    --manifest-path "$root/Cargo.toml" \
    --release \
    --locked \
    "$arch_flag" \
    --output-format zip \
    --lambda-dir "$lambda_dir" \
    --package "$package" \
    --bin "$binary"
done

echo
"$venv/bin/python" - "$lambda_dir" "$target_bytes" "$triple" "${binaries[@]}" <<'PY'
import sys
import zipfile
from pathlib import Path

lambda_dir, target, triple, binaries = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
mib = 1024 * 1024
over = []
print(f"{'function':<22}{'bootstrap':>12}{'zipped':>12}{'bytes':>12}{'of ' + format(target / 1e6, 'g') + ' MB':>10}")
for binary in binaries:
    archive = lambda_dir / binary / "bootstrap.zip"
    with zipfile.ZipFile(archive) as zf:
        unzipped = sum(info.file_size for info in zf.infolist())
    zipped = archive.stat().st_size
    share = zipped / target
    verdict = "ok" if share <= 1 else "OVER"
    if share > 1:
        over.append(binary)
    print(f"{binary:<22}{unzipped / mib:>8.2f} MiB{zipped / mib:>8.2f} MiB{zipped:>12,}{share:>10.0%}  {verdict}")
print(f"\n{triple} archives in {lambda_dir}/<function>/bootstrap.zip")
if over:
    print(f"over the {target / 1e6:g} MB target: {', '.join(over)}", file=sys.stderr)
    sys.exit(1)
PY
