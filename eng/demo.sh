#!/usr/bin/env bash
# Quick start, step one: the real thing on this machine. Starts Azurite (blob storage) and the
# EdgeFlows app with its embedded defaults, uploads the Breast Cancer Wisconsin data set to
# the watched container in part files plus a `_SUCCESS` marker, and shows the blob-triggered
# Retrain run step by step to its result: the model version with its metrics, the promotion
# gate's decision, the model image and its digest, the signed webhook. Then a second delivery
# (the rest of the rows) trains version 2, and the gate decides on the two versions' metrics.
#
# Needs the .NET SDK, Node.js/npm (for Azurite; installed with apt-get when missing, as is
# python3 for the trainer). Reads no input; plain output when not on a terminal or CI=true.
# Every run starts afresh in its own folder, .edgeflows/demo (or $EDGEFLOWS_DEMO_DIR), wiped
# at the start and left behind for a look afterwards: app.log, the SQLite store, the jobs'
# folders, the OCI image layout. Stops everything it started on exit, Ctrl-C or TERM.
# Exits 0 when both runs completed and their webhooks arrived signed, non-zero otherwise.
#
#   EDGEFLOWS_DEMO_DIR=/tmp/x        where the demo's state goes (must be empty or a former demo folder)
#   EDGEFLOWS_DEMO_REGISTRY=host:port push the images to that registry (plain HTTP) instead of a layout;
#                                    unset, a registry answering anonymously at 127.0.0.1:5000 (a local
#                                    docker-registry's default) is used if there is one; "none": the layout
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# shellcheck source=eng/services/common.sh
source "$root/eng/services/common.sh"

container=training-data
dataset=breast-cancer
receiver_path=/edgeflows/events

# --- the demo's folder: fresh for every run ---
demo_dir="${EDGEFLOWS_DEMO_DIR:-$root/.edgeflows/demo}"
mkdir -p "$demo_dir"
demo_dir="$(cd "$demo_dir" && pwd)"
if [ -n "$(ls -A "$demo_dir")" ] && [ ! -e "$demo_dir/.edgeflows-demo" ] && [ "$demo_dir" != "$root/.edgeflows/demo" ]; then
  log "$demo_dir is not empty and not a former demo folder; give an empty EDGEFLOWS_DEMO_DIR"
  exit 2
fi
find "$demo_dir" -mindepth 1 -delete
touch "$demo_dir/.edgeflows-demo"
# The service scripts keep their data under EDGEFLOWS_TEST_WORK.
export EDGEFLOWS_TEST_WORK="$demo_dir"

# --- stop what was started, whatever happens ---
app_pid=""
client_pid=""
stop_pid() {
  local pid=$1 seconds=$2 i
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < seconds * 10; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$client_pid" 10
  # The app's graceful shutdown is bounded by EdgeFlows:Host:ShutdownTimeout (45 s).
  stop_pid "$app_pid" 50
  services_stop_all
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ---
if ! command -v dotnet >/dev/null 2>&1; then
  log "the .NET SDK is needed (the version in global.json); install it and run this again"
  exit 1
fi
command -v python3 >/dev/null 2>&1 || apt_install python3
# shellcheck source=eng/services/azurite.sh
source "$root/eng/services/azurite.sh"

# --- build ---
log "building the app, the edgeflows CLI and the demo client (Release)"
for project in functions/EdgeFlows.Functions cli/EdgeFlows.Cli samples/EdgeFlows.Samples.Demo; do
  dotnet build "$project" -c Release --nologo -v quiet -warnaserror >"$demo_dir/build.log" 2>&1 || {
    cat "$demo_dir/build.log" >&2
    exit 1
  }
done
app_dll="$root/functions/EdgeFlows.Functions/bin/Release/net10.0/EdgeFlows.Functions.dll"
cli_dll="$root/cli/EdgeFlows.Cli/bin/Release/net10.0/edgeflows.dll"
client_dll="$root/samples/EdgeFlows.Samples.Demo/bin/Release/net10.0/EdgeFlows.Samples.Demo.dll"

# --- storage ---
log "starting Azurite"
azurite_start
# Azurite's well-known development account key (public, documented by Microsoft).
storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=$EDGEFLOWS_TEST_AZURITE_BLOB;"

# --- the app, with the demo's settings: secrets in the environment, the rest on its command line ---
host_key="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"
webhook_secret="whsec_$(head -c 32 /dev/urandom | base64)"
app_port=$(free_port)
receiver_port=$(free_port)
app_url="http://127.0.0.1:$app_port"
settings=(
  --urls "$app_url"
  --EdgeFlows:Host:DataFolder="$demo_dir/app"
  --EdgeFlows:BlobTrigger:PollInterval=00:00:01
  --EdgeFlows:BlobTrigger:Watches:0:Container="$container"
  --EdgeFlows:BlobTrigger:Watches:0:PathPattern="{dataset}/{*path}"
  --EdgeFlows:BlobTrigger:Watches:0:Readiness=Marker
  --EdgeFlows:BlobTrigger:Watches:0:MarkerName=_SUCCESS
  --EdgeFlows:BlobTrigger:Watches:0:Orchestrator=Retrain
  --EdgeFlows:Targets:local:WorkRoot="$demo_dir/jobs"
  --EdgeFlows:Datasets:$dataset:Container="$container"
  --EdgeFlows:Datasets:$dataset:Prefix="$dataset/"
  --EdgeFlows:Retrain:Wait:FirstPollInterval=00:00:01
  --EdgeFlows:Retrain:Wait:MaxPollInterval=00:00:02
  --EdgeFlows:Webhooks:Endpoints:ops:Url="http://127.0.0.1:$receiver_port$receiver_path"
)
client_args=(--app "$app_url" --receiver-port "$receiver_port" --receiver-path "$receiver_path"
  --data "$root/samples/data/breast_cancer_wisconsin.csv" --container "$container" --dataset "$dataset"
  --cli "$cli_dll")
registry="${EDGEFLOWS_DEMO_REGISTRY:-}"
if [ -z "$registry" ] && command -v curl >/dev/null 2>&1; then
  # A registry speaks the distribution API: 200 on /v2/ with this header. One that wants a
  # login answers 401 and is left alone (the demo has no credentials for it).
  if curl -fsS --max-time 2 -o /dev/null -D - http://127.0.0.1:5000/v2/ 2>/dev/null | grep -qi '^docker-distribution-api-version: *registry/2'; then
    registry=127.0.0.1:5000
    log "a registry answers at 127.0.0.1:5000: the model images go there (EDGEFLOWS_DEMO_REGISTRY=none writes an OCI layout instead)"
  fi
fi
[ "$registry" != none ] || registry=""
if [ -n "$registry" ]; then
  settings+=(--EdgeFlows:Image:Registry="$registry" --EdgeFlows:Image:AllowInsecureHttp=true)
  client_args+=(--registry "$registry")
else
  settings+=(--EdgeFlows:Image:LayoutFolder="$demo_dir/images")
  client_args+=(--layout "$demo_dir/images")
fi

log "starting the EdgeFlows app at $app_url (log: $demo_dir/app.log)"
(
  cd "$demo_dir"
  export EdgeFlows__Keys__Host="$host_key"
  export EdgeFlows__Storage__ConnectionString="$storage"
  export EdgeFlows__BlobTrigger__ConnectionString="$storage"
  export EdgeFlows__Webhooks__Endpoints__ops__Secret="$webhook_secret"
  exec dotnet "$app_dll" --contentRoot "$(dirname "$app_dll")" "${settings[@]}" </dev/null >"$demo_dir/app.log" 2>&1
) &
app_pid=$!
# Up when it listens; an app that exits (bad settings, say) is reported at once with its log.
for ((i = 0; ; i++)); do
  if ! kill -0 "$app_pid" 2>/dev/null; then
    log "the app exited while starting; the end of $demo_dir/app.log:"
    tail -n 30 "$demo_dir/app.log" >&2
    exit 1
  fi
  (exec 3<>"/dev/tcp/127.0.0.1/$app_port") 2>/dev/null && break
  if ((i >= 1200)); then
    log "the app did not listen on $app_url within 120 s; see $demo_dir/app.log"
    exit 1
  fi
  sleep 0.1
done

# --- the demo client: webhook receiver, uploads, watching, checks ---
# In the background so that `wait` returns at once when a signal arrives and the trap runs.
EDGEFLOWS_DEMO_KEY="$host_key" EDGEFLOWS_DEMO_STORAGE="$storage" EDGEFLOWS_DEMO_WEBHOOK_SECRET="$webhook_secret" \
  dotnet "$client_dll" "${client_args[@]}" </dev/null &
client_pid=$!
status=0
wait "$client_pid" || status=$?
client_pid=""
if [ "$status" -ne 0 ]; then
  log "the demo failed (exit $status); the end of $demo_dir/app.log:"
  tail -n 30 "$demo_dir/app.log" >&2
fi
exit "$status"
