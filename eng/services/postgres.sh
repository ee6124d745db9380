#!/usr/bin/env bash
# PostgreSQL for the PostgreSQL store's tests (sourced by eng/test.sh after common.sh).
#
# Installs Debian's postgresql when missing and runs a throw-away cluster of its own (initdb
# into a temporary folder, never the system's cluster) on 127.0.0.1 at a free port, with a
# generated password (scram-sha-256) for the superuser `edgeflows`. PostgreSQL refuses to run
# as root, so as root the cluster belongs to the `postgres` system user the package creates.
# fsync is off: the cluster is thrown away, and tests should not wait for the disk;
# EDGEFLOWS_POSTGRES_DURABLE=1 keeps PostgreSQL's durable defaults (the benchmark's setting).
# Exports for the tests:
#   EDGEFLOWS_TEST_POSTGRES   an Npgsql connection string for the database `edgeflows`; tests
#                             create their own databases with it (the user is a superuser)
# Calling postgres_start again while it runs does nothing.

_postgres_dir="${_postgres_dir:-}"

_postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

postgres_start() {
  if [ -n "$_postgres_dir" ] && [ -f "$_postgres_dir/data/postmaster.pid" ]; then
    return 0
  fi
  : "${EDGEFLOWS_TEST_WORK:?EDGEFLOWS_TEST_WORK must name a temporary folder}"
  local bin
  bin=$(_postgres_bin) || true
  if [ -z "$bin" ]; then
    apt_install postgresql
    bin=$(_postgres_bin) || { log "postgresql installed, but no initdb under /usr/lib/postgresql"; return 1; }
  fi
  # As root, everything runs as the postgres user, which cannot enter the 0700 test folder:
  # the cluster gets a folder of its own, removed on stop.
  local as=() owner
  owner=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    as=(runuser -u postgres --)
  fi
  _postgres_dir=$(mktemp -d /tmp/edgeflows-postgres.XXXXXX)
  chown "$owner" "$_postgres_dir"
  chmod 0700 "$_postgres_dir"
  services_on_stop "rm -rf '$_postgres_dir'"

  local password port
  password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  port=$(free_port)
  printf '%s\n' "$password" >"$_postgres_dir/pwfile"
  chown "$owner" "$_postgres_dir/pwfile"
  chmod 0600 "$_postgres_dir/pwfile"
  "${as[@]}" "$bin/initdb" -D "$_postgres_dir/data" -U edgeflows --pwfile="$_postgres_dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$_postgres_dir/initdb.log" 2>&1 || {
    tail -n 20 "$_postgres_dir/initdb.log" >&2
    return 1
  }
  rm -f "$_postgres_dir/pwfile"
  cat >>"$_postgres_dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$_postgres_dir'
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
CONF
  if [ "${EDGEFLOWS_POSTGRES_DURABLE:-0}" != 1 ]; then
    printf '%s\n' 'fsync = off' 'synchronous_commit = off' 'full_page_writes = off' >>"$_postgres_dir/data/postgresql.conf"
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$_postgres_dir/data" -l "$_postgres_dir/postgres.log" -w -t 60 start >/dev/null || {
    tail -n 20 "$_postgres_dir/postgres.log" >&2
    return 1
  }
  services_on_stop "${as[*]} '$bin/pg_ctl' -D '$_postgres_dir/data' -m fast -w -t 30 stop"
  wait_for_port "$port" 30 postgres || return 1
  PGPASSWORD="$password" "$bin/psql" -h 127.0.0.1 -p "$port" -U edgeflows -d postgres -qAt \
    -c 'CREATE DATABASE edgeflows' >/dev/null || return 1
  export EDGEFLOWS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=edgeflows;Password=$password;Database=edgeflows"
  log "postgres at 127.0.0.1:$port"
}

case " ${_services_names[*]} " in
  *" postgres "*) ;;
  *) services_register postgres ;;
esac
