#!/usr/bin/env bash
# Runs every EdgeFlows test against real services, then the demo (eng/demo-check.sh).
#
# Installs what the tests need when it is missing (Azurite from npm with a lock file;
# Debian packages through apt-get), starts each service on 127.0.0.1 in a temporary folder,
# builds the solution and the deployment packages (eng/publish.sh, into artifacts/), runs the
# whole suite, and stops what it started, also on failure or Ctrl-C.
# Idempotent: a tool that is already installed is used as it is.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

EDGEFLOWS_TEST_WORK="$(mktemp -d "${TMPDIR:-/tmp}/edgeflows-test.XXXXXX")"
export EDGEFLOWS_TEST_WORK
# shellcheck source=eng/services/common.sh
source "$root/eng/services/common.sh"

cleanup() {
  local rc=$?
  services_stop_all
  rm -rf "$EDGEFLOWS_TEST_WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- services (each script defines <name>_start, which exports the settings tests read) ---
for service in "$root"/eng/services/*.sh; do
  [ "$(basename "$service")" = common.sh ] && continue
  # shellcheck disable=SC1090
  source "$service"
done
services_start_all
# --- end services ---

log "building"
dotnet build EdgeFlows.sln -c Release --nologo -v quiet -warnaserror

# The deployment packages (win-x64 for App Service, linux-x64), checked by the tests in
# tests/EdgeFlows.Functions.Tests/Deployment/. Only the app itself is compiled again per runtime.
log "publishing the deployment packages (eng/publish.sh)"
"$root/eng/publish.sh" --output "$root/artifacts"
export EDGEFLOWS_TEST_PACKAGES="$root/artifacts"

log "running tests"
results="$EDGEFLOWS_TEST_WORK/results"
# A failing run must still reach the summary below, so errexit is off for the pipeline.
set +e
dotnet test EdgeFlows.sln -c Release --no-build --nologo \
  --logger "console;verbosity=normal" --results-directory "$results" \
  -- RunConfiguration.TestSessionTimeout=1500000 2>&1 | tee "$EDGEFLOWS_TEST_WORK/test.log"
status=${PIPESTATUS[0]}
set -e

# The demo, run as a user runs it (its own Azurite and app), checked by its output.
log "running the demo (eng/demo-check.sh: eng/demo.sh with a time limit, its output checked)"
demo_status=0
"$root/eng/demo-check.sh" | tee "$EDGEFLOWS_TEST_WORK/demo.log" || demo_status=${PIPESTATUS[0]}

# Plain closing lines for CI: the demo's verdict, then "N passed, N failed" (summed over the
# test projects).
count() { awk -v key="$1" '$1 == key ":" { sum += $2 } END { print sum + 0 }' "$EDGEFLOWS_TEST_WORK/test.log"; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
if [ "$failed" -gt 0 ]; then
  # Each failed test again, with the start of its message and stack, so that the end of a
  # CI log (often all that is kept) says which test failed and why.
  echo "failed tests:"
  awk '
    /^  (Passed|Skipped) / || /^Test Run / || /^Results File:/ { keep = 0 }
    /^  Failed / { keep = 1; lines = 0 }
    keep && lines < 40 { print; lines++ }
  ' "$EDGEFLOWS_TEST_WORK/test.log"
fi
tail -n 1 "$EDGEFLOWS_TEST_WORK/demo.log"
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2
  exit 1
fi
[ "$status" -ne 0 ] || status=$demo_status
exit "$status"
