#!/usr/bin/env bash
# Runs the benchmark goals of issue 2 (Release, SQLite on disk, durable commits), writes
# their JSON results to bench/results/latest.json as one array, and prints PASS/FAIL per
# goal (bench/check_goals.py). Exit status 1 when a goal is missed.
#   REPEAT=3        runs per scenario, each in a fresh store; medians are reported
#   IDLE_SECONDS=60 seconds the idle scenario measures per run (the goal is per minute)
set -euo pipefail
cd "$(dirname "$0")/.."

repeat="${REPEAT:-3}"
idle_seconds="${IDLE_SECONDS:-60}"
results="bench/results/latest.json"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build -c Release bench/EdgeFlows.Bench -nologo -v quiet

goals=(
  "sequence --activities 1000"
  "sequence --activities 4000"
  "fanout --activities 10000"
  "hello --orchestrations 5000"
  "latency --orchestrations 500"
  "idle --seconds $idle_seconds"
)

echo "Machine: $(nproc) cores; $(uptime | sed 's/^.*load/load/')"
i=0
for goal in "${goals[@]}"; do
  i=$((i + 1))
  # shellcheck disable=SC2086 # the goal is words on purpose
  dotnet run -c Release --no-build --project bench/EdgeFlows.Bench -- $goal --store sqlite --json --repeat "$repeat" \
    | tail -n 1 > "$work/$i.json"
done

mkdir -p "$(dirname "$results")"
python3 - "$results" "$work"/*.json <<'PY'
import json, sys
out, *files = sys.argv[1:]
results = [json.load(open(f)) for f in sorted(files, key=lambda f: int(f.rsplit('/', 1)[1].split('.')[0]))]
with open(out, 'w') as f:
    json.dump(results, f, indent=2)
    f.write('\n')
PY
echo "Results: $results"
python3 bench/check_goals.py "$results"
