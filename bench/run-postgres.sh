#!/usr/bin/env bash
# Runs the runtime's throughput and latency scenarios (issue 2's goals, measured there on
# SQLite) on the PostgreSQL store: starts a throw-away PostgreSQL on 127.0.0.1 with its
# durable defaults (fsync on, synchronous_commit on; eng/services/postgres.sh with
# EDGEFLOWS_POSTGRES_DURABLE=1), runs each scenario in a fresh schema, writes the JSON results
# to bench/results/postgres.json as one array and stops the server.
#   REPEAT=3   runs per scenario; medians are reported
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
repeat="${REPEAT:-3}"

EDGEFLOWS_TEST_WORK="$(mktemp -d "${TMPDIR:-/tmp}/edgeflows-bench.XXXXXX")"
export EDGEFLOWS_TEST_WORK EDGEFLOWS_POSTGRES_DURABLE=1
# shellcheck source=eng/services/common.sh
source "$root/eng/services/common.sh"
# shellcheck source=eng/services/postgres.sh
source "$root/eng/services/postgres.sh"
cleanup() {
  services_stop_all
  rm -rf "$EDGEFLOWS_TEST_WORK"
}
trap cleanup EXIT
postgres_start
export EDGEFLOWS_BENCH_POSTGRES="$EDGEFLOWS_TEST_POSTGRES"

dotnet build -c Release bench/EdgeFlows.Bench -nologo -v quiet
scenarios=(
  "sequence --activities 1000"
  "fanout --activities 10000"
  "hello --orchestrations 5000"
  "latency --orchestrations 500"
)
echo "Machine: $(nproc) cores; $(uptime | sed 's/^.*load/load/')"
results="$EDGEFLOWS_TEST_WORK/results"
: >"$results"
for scenario in "${scenarios[@]}"; do
  # shellcheck disable=SC2086 # the scenario is words on purpose
  dotnet run -c Release --no-build --project bench/EdgeFlows.Bench -- $scenario --store postgres --json --repeat "$repeat" \
    | tail -n 1 | tee -a "$results"
done
mkdir -p bench/results
python3 -c 'import json,sys; json.dump([json.loads(l) for l in open(sys.argv[1]) if l.strip()], open(sys.argv[2], "w"), indent=2)' "$results" bench/results/postgres.json
echo "Results: bench/results/postgres.json"
