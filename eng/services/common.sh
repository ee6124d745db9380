#!/usr/bin/env bash
# Helpers shared by eng/test.sh, eng/demo.sh and the service scripts beside this file.
# A service script defines <name>_start (install if missing, start on 127.0.0.1 under
# $EDGEFLOWS_TEST_WORK, export the settings tests read) and registers its stop command
# with services_on_stop.

_services_stop_cmds=()
_services_names=()

log() { printf '\033[1m[edgeflows]\033[0m %s\n' "$*" >&2; }

# Registers a service so services_start_all starts it: services_register NAME.
services_register() { _services_names+=("$1"); }

# Registers a command that services_stop_all runs (in reverse order).
services_on_stop() { _services_stop_cmds+=("$1"); }

services_start_all() {
  local name
  for name in "${_services_names[@]}"; do
    log "starting $name"
    "${name}_start"
  done
}

services_stop_all() {
  local i
  for ((i = ${#_services_stop_cmds[@]} - 1; i >= 0; i--)); do
    eval "${_services_stop_cmds[$i]}" >/dev/null 2>&1 || true
  done
  _services_stop_cmds=()
}

# apt_install PKG...: installs the Debian packages that are missing (apt-get update once).
_apt_updated=0
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ "$_apt_updated" -eq 0 ]; then
    log "apt-get update"
    $sudo apt-get update -qq >/dev/null
    _apt_updated=1
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# wait_for_port PORT SECONDS NAME: waits until 127.0.0.1:PORT accepts connections.
wait_for_port() {
  local port=$1 seconds=$2 name=$3 i
  for ((i = 0; i < seconds * 10; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "$name did not start listening on 127.0.0.1:$port within ${seconds}s"
  return 1
}
