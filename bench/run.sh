#!/usr/bin/env bash
# `make bench`: release binaries, then every benchmark, written to
# bench/RESULTS.md (and printed).
#
#   BENCH_SIZES=1000,100000     customers seeded for the DynamoDB cost table
#   BENCH_WARM_CUSTOMERS=100000 customers seeded for the warm-speed run
#   BENCH_RUNS=20               cold starts per binary
#   BENCH_INVOCATIONS=1000      invocations of each binary's warm run
#   BENCH_COLD_CUSTOMERS=2      customers seeded into moto for those runs (moto's memory
#                               grows with every transaction: 100 exhausted 16 GB)
#   BENCH_IMPORT_CUSTOMERS=2000 customers of the generated Django export imported
#                               into the embedded store, and into moto
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="${ECAR_VENV:-$root/.venv}"
sizes="${BENCH_SIZES:-1000,100000}"
warm_customers="${BENCH_WARM_CUSTOMERS:-100000}"
runs="${BENCH_RUNS:-20}"
invocations="${BENCH_INVOCATIONS:-1000}"
cold_customers="${BENCH_COLD_CUSTOMERS:-2}"
import_customers="${BENCH_IMPORT_CUSTOMERS:-2000}"
work="$(mktemp -d)"
trap 'kill "${moto_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# The functions as deployed first: each built on its own, so that its features
# are unified with no other package's (no embedded adapter in a Lambda binary,
# no SDK client of a port it does not use); then the tools (the bench, the
# local runner, the hello-lambda floor).
for manifest in functions/*/Cargo.toml; do
  cargo build --release -p "$(sed -n 's/^name = "\(.*\)"/\1/p' "$manifest" | head -1)" --bins
done
cargo build --release -p ecar -p ecar-bench --bins
bin="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release"

# The emulator the functions start against, with the table created.
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$venv/bin/moto_server" -p "$port" > /dev/null 2>&1 &
moto_pid=$!
export AWS_ENDPOINT_URL="http://127.0.0.1:$port" AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1
export TOPIC_ARN=arn:aws:sns:us-east-1:123456789012:ecar-bench
until curl -s -o /dev/null "$AWS_ENDPOINT_URL"; do sleep 0.2; done
ECAR_BACKEND=aws "$bin/ecar" table create > /dev/null

{
  echo "# ECAR benchmarks"
  echo
  echo "Written by \`make bench\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB RAM, $(uname -sr); $(rustc -V)."
  echo "Release profile: opt-level s, fat LTO, one codegen unit, stripped."
  echo
  echo "## DynamoDB capacity per API operation"
  echo
  echo "\`ecar-bench cost --sizes $sizes\`: the store is seeded by \`ecar seed\`'s code"
  echo "(1.5 cars a customer, 2 services a car, in memory), then each operation runs once"
  echo "through the real routers over the counting table (\`shared/http/src/store/counting.rs\`:"
  echo "4 KB a read unit per item for gets and per total for queries, half on GSIs; 1 KB a"
  echo "write unit; transactions double). The session cache is off: every request pays the"
  echo "session read of a cold container. Prices: on-demand, us-east-1, \$0.125 per million"
  echo "read request units and \$0.625 per million write request units. The mix weights are"
  echo "in \`bench/src/cost.rs\`."
  echo
  "$bin/ecar-bench" cost --sizes "$sizes"
  echo "## Cold start, and warm invocations"
  echo
  echo "\`ecar-bench cold --runs $runs --invocations $invocations --customers $cold_customers\`:"
  echo "$cold_customers customers (with their cars and services) are seeded into moto_server,"
  echo "then each release binary is started against a local Lambda Runtime API"
  echo "(\`infra/src/local_aws/runtime.rs\`) serving a sample event from \`events/\` (aimed at a seeded"
  echo "customer and car, with a staff or that customer's token). Init is process start to"
  echo "the function's first request for an event; response is process start to the posted"
  echo "response; peak RSS is VmHWM then. The warm run keeps one process and hands it"
  echo "$invocations events in turn: latency is event handed out to response posted, peak"
  echo "RSS is VmHWM after the last. \`hello-lambda\` is the floor: \`lambda_http\` answering"
  echo "hello, built in the same run. Every store call goes to moto_server, a Python"
  echo "emulator on the same machine, so response times are the emulator's more than the"
  echo "functions'."
  echo
  "$bin/ecar-bench" cold --endpoint "$AWS_ENDPOINT_URL" --bin-dir "$bin" --runs "$runs" \
    --invocations "$invocations" --customers "$cold_customers"
  echo "## Building the routes at a cold start"
  echo
  echo "\`ecar-bench routers --runs $runs\`: each function's routes built once in a fresh"
  echo "process, with their OpenAPI description (\`api()\`) and without (\`router()\`, what"
  echo "the Lambda entry serves); median of the runs."
  echo
  "$bin/ecar-bench" routers --runs "$runs"
  echo "## First requests through the deployed shape"
  echo
  echo "\`ecar-bench deployed --runs $runs\`: \`ecar local-aws\` with these release binaries:"
  echo "each function as the template configures it (its environment, the JWT key set read"
  echo "from Secrets Manager at init, every AWS call to a moto of its own), behind the HTTP"
  echo "API front (payload 2.0 events). Each run stops the function's environment, then"
  echo "times one request through the front (a cold start: init, then the request) and 10"
  echo "warm ones after it. Init is process start to its first poll of the Runtime API."
  echo "The floor is \`hello-lambda\` behind the same front. Requests are a staff member's"
  echo "list reads on an almost empty table."
  echo
  "$bin/ecar-bench" deployed --bin-dir "$bin" --runs "$runs" --venv "$venv"
  echo
  echo "## Moving a garage over from the Django ECAR"
  echo
  echo "\`ecar-bench import --customers $import_customers\`: a generated export in the Django"
  echo "ECAR's dumpdata form, shaped like the reference export (per customer: a login, 1.33"
  echo "cars with a reading each, two services a car with three items between them, a paid"
  echo "invoice for the completed one, three notifications), imported as \`ecar import django\`"
  echo "does: one transaction per row, into a fresh embedded store on disk (flushed once, at"
  echo "the end) and into DynamoDB on the tests' serial moto_server (its transactions patched"
  echo "to save only the items they name, as \`shared/http/src/testing/moto.rs\` says). Rows written"
  echo "counts a service's items."
  echo
  "$bin/ecar-bench" import --customers "$import_customers" --emulator-customers "$import_customers" \
    --venv "$venv"
  echo
  echo "## Bootstrap sizes"
  echo
  echo "\`make lambda\` (\`infra/scripts/lambda-build.sh\`): cargo-lambda's release build for"
  echo "arm64 (panic = abort, target-cpu neoverse-n1, as \`sam build\` makes them), each"
  echo "bootstrap zipped."
  echo
  echo '```'
  infra/scripts/lambda-build.sh 2> "$work/lambda.log" || echo "(a function is over the target; build log: lambda.log)"
  echo '```'
  echo
  echo "## Warm speed of the local runner"
  echo
  "$bin/ecar" seed --customers "$warm_customers" --data-dir "$work/store" > "$work/seed.log" 2>&1
  echo "\`ecar seed --customers $warm_customers\`: $(tail -1 "$work/seed.log")."
  echo
  python3 bench/warm.py "$bin/ecar" "$work/store"
} | tee bench/RESULTS.md.new
mv bench/RESULTS.md.new bench/RESULTS.md
