#!/usr/bin/env bash
# Runs the pipeline benchmark (issue 4) with both runners (ssh with each client) against the test services it starts
# on 127.0.0.1 (Azurite, docker-registry, sshd; installed when missing, as eng/test.sh does),
# writes the three JSON results to bench/results/pipeline.json and stops the services.
#   RUNS=10   measured runs per runner
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
runs="${RUNS:-10}"

EDGEFLOWS_TEST_WORK="$(mktemp -d "${TMPDIR:-/tmp}/edgeflows-bench.XXXXXX")"
export EDGEFLOWS_TEST_WORK
# shellcheck source=eng/services/common.sh
source "$root/eng/services/common.sh"
for service in azurite registry sshd; do
  # shellcheck disable=SC1090
  source "$root/eng/services/$service.sh"
done
cleanup() {
  services_stop_all
  rm -rf "$EDGEFLOWS_TEST_WORK"
}
trap cleanup EXIT
azurite_start
registry_start
sshd_start

dotnet build -c Release bench/EdgeFlows.Bench -nologo -v quiet
# The interpreter python3 resolves to: a version manager's shim (pyenv's costs ~0.3 s a start)
# would be measured as EdgeFlows' overhead on every wrapper command; a VM runs python3 itself.
python="$(python3 -c 'import sys; print(sys.executable)')"
echo "Machine: $(nproc) cores; $(uptime | sed 's/^.*load/load/'); Python $python"
results="$EDGEFLOWS_TEST_WORK/results"
: >"$results"
for runner in "local" "ssh --ssh-client openssh" "ssh --ssh-client managed"; do
  # shellcheck disable=SC2086 # the runner's options are words on purpose
  dotnet run -c Release --no-build --project bench/EdgeFlows.Bench -- pipeline --runs "$runs" --runner $runner --python "$python" --json | tail -n 1 | tee -a "$results"
done
mkdir -p bench/results
python3 -c 'import json,sys; json.dump([json.loads(l) for l in open(sys.argv[1]) if l.strip()], open(sys.argv[2], "w"), indent=1)' "$results" bench/results/pipeline.json
