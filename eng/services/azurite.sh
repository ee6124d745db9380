#!/usr/bin/env bash
# Azurite's blob service for the storage tests (sourced by eng/test.sh after common.sh).
#
# Installs the Azurite version pinned in eng/azurite/package-lock.json with `npm ci` into
# eng/azurite/node_modules (gitignored) unless that exact version is already there, starts
# azurite-blob on 127.0.0.1 at a free port with its data in $EDGEFLOWS_TEST_WORK, and exports
# EDGEFLOWS_TEST_AZURITE_BLOB=http://127.0.0.1:PORT/devstoreaccount1 for the tests.
# Needs no stdin (CI=true); calling azurite_start again while it runs does nothing.
# Strict API version checking stays on: the client sends 2019-07-07, which Azurite accepts.

_azurite_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../azurite" && pwd)"
# Kept when this file is sourced again, so a running Azurite is not forgotten or started twice.
_azurite_pid="${_azurite_pid:-}"

# azurite_install: npm ci from the lock file, skipped when the pinned version is installed.
azurite_install() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  local want have
  want=$(node -p "require('$_azurite_dir/package.json').dependencies.azurite")
  have=$(node -p "require('$_azurite_dir/node_modules/azurite/package.json').version" 2>/dev/null || true)
  if [ "$have" = "$want" ] && [ -x "$_azurite_dir/node_modules/.bin/azurite-blob" ]; then
    return 0
  fi
  log "installing azurite $want (npm ci)"
  (cd "$_azurite_dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null) >&2
}

azurite_start() {
  if [ -n "$_azurite_pid" ] && kill -0 "$_azurite_pid" 2>/dev/null; then
    return 0
  fi
  : "${EDGEFLOWS_TEST_WORK:?EDGEFLOWS_TEST_WORK must name a temporary folder}"
  azurite_install
  local port dir
  port=$(free_port)
  dir="$EDGEFLOWS_TEST_WORK/azurite"
  mkdir -p "$dir/data"
  # --silent: no access log (listing benchmarks make millions of lines); errors still print.
  "$_azurite_dir/node_modules/.bin/azurite-blob" \
    --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/data" \
    --disableTelemetry --silent \
    </dev/null >"$dir/azurite.log" 2>&1 &
  _azurite_pid=$!
  services_on_stop "kill $_azurite_pid; wait $_azurite_pid"
  if ! wait_for_port "$port" 60 azurite; then
    tail -n 20 "$dir/azurite.log" >&2
    return 1
  fi
  export EDGEFLOWS_TEST_AZURITE_BLOB="http://127.0.0.1:$port/devstoreaccount1"
  log "azurite blob service at $EDGEFLOWS_TEST_AZURITE_BLOB"
}

case " ${_services_names[*]} " in
  *" azurite "*) ;;
  *) services_register azurite ;;
esac
