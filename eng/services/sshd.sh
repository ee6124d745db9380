#!/usr/bin/env bash
# OpenSSH's sshd for the ssh training-runner tests (sourced by eng/test.sh after common.sh).
#
# Installs openssh-server and openssh-client when missing, makes a throw-away host key and
# user key in $EDGEFLOWS_TEST_WORK/sshd, and runs /usr/sbin/sshd in the foreground as a child
# (-D -e) on 127.0.0.1 at a free port: key authentication only, for the current user, with
# the authorized keys and pid file in that folder. Exports for the tests:
#   EDGEFLOWS_TEST_SSH_HOST, EDGEFLOWS_TEST_SSH_PORT, EDGEFLOWS_TEST_SSH_USER,
#   EDGEFLOWS_TEST_SSH_KEY               the user's private key file
#   EDGEFLOWS_TEST_SSH_KNOWN_HOSTS       pins the server's host key: [127.0.0.1]:PORT ssh-ed25519 ...
#   EDGEFLOWS_TEST_SSH_WRONG_KNOWN_HOSTS pins another key for the same host (a "changed host key")
# Calling sshd_start again while it runs does nothing.

_sshd_pid="${_sshd_pid:-}"

sshd_start() {
  if [ -n "$_sshd_pid" ] && kill -0 "$_sshd_pid" 2>/dev/null; then
    return 0
  fi
  : "${EDGEFLOWS_TEST_WORK:?EDGEFLOWS_TEST_WORK must name a temporary folder}"
  if [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
    apt_install openssh-server openssh-client
  fi
  local dir port user sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  # sshd refuses to start without its privilege-separation folder, which a fresh container may lack.
  if [ ! -d /run/sshd ]; then
    $sudo mkdir -p /run/sshd && $sudo chmod 0755 /run/sshd
  fi
  dir="$EDGEFLOWS_TEST_WORK/sshd"
  mkdir -p "$dir"
  chmod 0700 "$dir"
  port=$(free_port)
  user=$(id -un)
  rm -f "$dir"/host_key* "$dir"/other_host_key* "$dir"/user_key*
  ssh-keygen -q -t ed25519 -N '' -C edgeflows-test-host -f "$dir/host_key"
  ssh-keygen -q -t ed25519 -N '' -C edgeflows-test-other-host -f "$dir/other_host_key"
  ssh-keygen -q -t ed25519 -N '' -C edgeflows-test-user -f "$dir/user_key"
  cp "$dir/user_key.pub" "$dir/authorized_keys"
  chmod 0600 "$dir/authorized_keys"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/host_key.pub")" >"$dir/known_hosts"
  printf '[127.0.0.1]:%s %s\n' "$port" "$(cut -d' ' -f1,2 "$dir/other_host_key.pub")" >"$dir/wrong_known_hosts"
  # StrictModes no: the keys live under /tmp, which is world-writable, and StrictModes checks
  # every folder above authorized_keys. Everything here is 0700/0600 and owned by this user.
  # MaxSessions 10 is sshd's default, as on a real VM: the runner multiplexes commands over one
  # connection per target and must keep below it.
  # SetEnv SHLVL=1: Debian's bash sources ~/.bashrc for every command sshd runs unless SHLVL
  # says it is not the top-level shell. A VM's service account has a .bashrc that returns at
  # once for non-interactive shells; this machine's user may not (a root .bashrc running
  # `pyenv init` adds ~0.65 s to every command), and the tests stand in for the VM's account.
  cat >"$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $user
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
MaxSessions 10
MaxStartups 64
LogLevel VERBOSE
SetEnv SHLVL=1
CONF
  /usr/sbin/sshd -t -f "$dir/sshd_config" || return 1
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" </dev/null >"$dir/sshd.log" 2>&1 &
  _sshd_pid=$!
  services_on_stop "kill $_sshd_pid; wait $_sshd_pid"
  if ! wait_for_port "$port" 30 sshd; then
    tail -n 20 "$dir/sshd.log" >&2
    return 1
  fi
  # A real login, so a broken setup fails here with sshd's log rather than in every test.
  if ! ssh -F /dev/null -p "$port" -i "$dir/user_key" -o BatchMode=yes -o IdentitiesOnly=yes \
    -o StrictHostKeyChecking=yes -o UserKnownHostsFile="$dir/known_hosts" -o ConnectTimeout=10 \
    -- "$user@127.0.0.1" true </dev/null; then
    log "cannot log in to the test sshd as $user"
    tail -n 20 "$dir/sshd.log" >&2
    return 1
  fi
  export EDGEFLOWS_TEST_SSH_HOST=127.0.0.1
  export EDGEFLOWS_TEST_SSH_PORT="$port"
  export EDGEFLOWS_TEST_SSH_USER="$user"
  export EDGEFLOWS_TEST_SSH_KEY="$dir/user_key"
  export EDGEFLOWS_TEST_SSH_KNOWN_HOSTS="$dir/known_hosts"
  export EDGEFLOWS_TEST_SSH_WRONG_KNOWN_HOSTS="$dir/wrong_known_hosts"
  log "sshd at $user@127.0.0.1:$port"
}

case " ${_services_names[*]} " in
  *" sshd "*) ;;
  *) services_register sshd ;;
esac
