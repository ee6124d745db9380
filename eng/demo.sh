#!/usr/bin/env bash
# Quick start, step one: builds the demo and runs a real orchestration on the durable
# runtime — RetrainPreview over samples/data/breast_cancer_wisconsin.csv: compute check and
# data profile in parallel, training with a retry policy, a durable timer, model
# registration — showing its progress live, then its result and full history.
#
# Needs only the .NET SDK; reads no input (fine under CI=true). Idempotent: its state lives
# in .edgeflows/demo (git-ignored); every run registers the next model version, and a run
# left unfinished (Ctrl-C) is resumed by the next one. Stops the demo it started on exit,
# Ctrl-C or TERM. Exits with the demo's code: 0 when the run completed, 1 otherwise.
# Extra arguments go to the demo, e.g. `eng/demo.sh --simulate-failure` or `eng/demo.sh --help`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# shellcheck source=eng/services/common.sh
source "$root/eng/services/common.sh"

if ! command -v dotnet >/dev/null 2>&1; then
  log "the .NET SDK is needed (the version in global.json); install it and run this again"
  exit 1
fi

project="$root/samples/EdgeFlows.Samples.Demo/EdgeFlows.Samples.Demo.csproj"
log "building the demo (Release)"
dotnet build "$project" -c Release --nologo -v quiet -warnaserror
dll="$(dotnet msbuild "$project" -nologo -p:Configuration=Release -getProperty:TargetPath)"

demo_pid=""
stop_demo() {
  [ -n "$demo_pid" ] || return 0
  if kill -0 "$demo_pid" 2>/dev/null; then
    # TERM lets the host stop cleanly (the run stays checkpointed); KILL if it hangs.
    kill -TERM "$demo_pid" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do
      kill -0 "$demo_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$demo_pid" 2>/dev/null || true
  fi
  wait "$demo_pid" 2>/dev/null || true
  demo_pid=""
}
trap stop_demo EXIT
trap 'stop_demo; exit 130' INT TERM

log "running the RetrainPreview orchestration"
# In the background so that `wait` returns at once when a signal arrives and the trap runs.
dotnet "$dll" \
  --data "$root/samples/data/breast_cancer_wisconsin.csv" \
  --work-dir "$root/.edgeflows/demo" \
  "$@" </dev/null &
demo_pid=$!
status=0
wait "$demo_pid" || status=$?
demo_pid=""
exit "$status"
