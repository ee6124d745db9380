#!/usr/bin/env bash
# Three docker-registry (CNCF distribution) instances for the image tests, and skopeo to
# check what they hold (sourced by eng/test.sh after common.sh).
#
# * open:  no auth. EDGEFLOWS_TEST_REGISTRY=127.0.0.1:PORT
# * basic: htpasswd basic auth. EDGEFLOWS_TEST_REGISTRY_AUTH=127.0.0.1:PORT,
#          EDGEFLOWS_TEST_REGISTRY_USER / EDGEFLOWS_TEST_REGISTRY_PASSWORD (random per run)
# * token: bearer-token auth. Its realm is EDGEFLOWS_TEST_REGISTRY_TOKEN_REALM on a port
#          nobody listens on yet: the tests run the token server there themselves (Kestrel),
#          signing JWTs with EDGEFLOWS_TEST_REGISTRY_TOKEN_KEY (a PEM RSA key) whose
#          self-signed certificate (…_TOKEN_CERT) the registry trusts; the JWT's issuer and
#          audience must be …_TOKEN_ISSUER and …_TOKEN_SERVICE.
#          EDGEFLOWS_TEST_REGISTRY_TOKEN=127.0.0.1:PORT
#
# Plain HTTP on loopback (no TLS), deletes enabled, storage under $EDGEFLOWS_TEST_WORK.
# The bcrypt htpasswd line comes from htpasswd when apache2-utils is there, else from
# Python's crypt module (glibc's bcrypt; the module is gone from Python 3.13), else
# apache2-utils is installed. Calling registry_start again while they run does nothing.

# Kept when this file is sourced again, so running registries are not forgotten or started twice.
_registry_pids="${_registry_pids:-}"

# registry_bcrypt PASSWORD: prints a bcrypt hash of PASSWORD for an htpasswd file. Cost 4, the
# lowest: the registry checks it on every request, and this throw-away password guards nothing.
registry_bcrypt() {
  local password=$1 hash=""
  if ! command -v htpasswd >/dev/null 2>&1; then
    hash=$(REGISTRY_PASSWORD="$password" python3 -W ignore -c \
      'import crypt, os; print(crypt.crypt(os.environ["REGISTRY_PASSWORD"], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))' \
      2>/dev/null || true)
    case "$hash" in
      '$2'*) printf '%s\n' "$hash"; return 0 ;;
    esac
    apt_install apache2-utils
  fi
  # -i reads the password from stdin, so it never shows in the process list.
  printf '%s' "$password" | htpasswd -niB -C 4 x | cut -d: -f2-
}

# registry_run NAME PORT AUTH_YAML: writes NAME's config (with AUTH_YAML as its auth section, or
# none) and starts it on 127.0.0.1:PORT.
registry_run() {
  local name=$1 port=$2 auth=$3 dir="$EDGEFLOWS_TEST_WORK/registry/$1"
  mkdir -p "$dir/data"
  cat >"$dir/config.yml" <<EOF
version: 0.1
log:
  level: info
storage:
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
  secret: $(head -c 24 /dev/urandom | base64)
$auth
EOF
  docker-registry serve "$dir/config.yml" </dev/null >"$dir/registry.log" 2>&1 &
  local pid=$!
  _registry_pids="$_registry_pids $pid"
  services_on_stop "kill $pid; wait $pid"
  if ! wait_for_port "$port" 30 "docker-registry ($name)"; then
    tail -n 20 "$dir/registry.log" >&2
    return 1
  fi
}

registry_start() {
  local pid running=1
  for pid in $_registry_pids; do kill -0 "$pid" 2>/dev/null || running=0; done
  if [ -n "$_registry_pids" ] && [ "$running" -eq 1 ]; then
    return 0
  fi
  : "${EDGEFLOWS_TEST_WORK:?EDGEFLOWS_TEST_WORK must name a temporary folder}"
  command -v docker-registry >/dev/null 2>&1 || apt_install docker-registry
  command -v skopeo >/dev/null 2>&1 || apt_install skopeo
  command -v openssl >/dev/null 2>&1 || apt_install openssl
  _registry_pids=""
  local dir="$EDGEFLOWS_TEST_WORK/registry" open_port basic_port token_port realm_port password
  mkdir -p "$dir"

  open_port=$(free_port)
  registry_run open "$open_port" ""

  basic_port=$(free_port)
  password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
  printf 'edgeflows:%s\n' "$(registry_bcrypt "$password")" >"$dir/htpasswd"
  registry_run basic "$basic_port" "auth:
  htpasswd:
    realm: edgeflows-test
    path: $dir/htpasswd"

  # The token server's signing key and the certificate the registry checks tokens against.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=edgeflows-test-token-server" \
    -keyout "$dir/token-key.pem" -out "$dir/token-cert.pem" >/dev/null 2>&1
  token_port=$(free_port)
  realm_port=$(free_port)
  registry_run token "$token_port" "auth:
  token:
    realm: http://127.0.0.1:$realm_port/oauth2/token
    service: edgeflows-test-registry
    issuer: edgeflows-test-token-server
    rootcertbundle: $dir/token-cert.pem"

  export EDGEFLOWS_TEST_REGISTRY="127.0.0.1:$open_port"
  export EDGEFLOWS_TEST_REGISTRY_AUTH="127.0.0.1:$basic_port"
  export EDGEFLOWS_TEST_REGISTRY_USER=edgeflows
  export EDGEFLOWS_TEST_REGISTRY_PASSWORD="$password"
  export EDGEFLOWS_TEST_REGISTRY_TOKEN="127.0.0.1:$token_port"
  export EDGEFLOWS_TEST_REGISTRY_TOKEN_REALM="http://127.0.0.1:$realm_port/oauth2/token"
  export EDGEFLOWS_TEST_REGISTRY_TOKEN_SERVICE=edgeflows-test-registry
  export EDGEFLOWS_TEST_REGISTRY_TOKEN_ISSUER=edgeflows-test-token-server
  export EDGEFLOWS_TEST_REGISTRY_TOKEN_KEY="$dir/token-key.pem"
  export EDGEFLOWS_TEST_REGISTRY_TOKEN_CERT="$dir/token-cert.pem"
  log "docker-registry at $EDGEFLOWS_TEST_REGISTRY (open), $EDGEFLOWS_TEST_REGISTRY_AUTH (basic auth), $EDGEFLOWS_TEST_REGISTRY_TOKEN (token auth)"
}

case " ${_services_names[*]} " in
  *" registry "*) ;;
  *) services_register registry ;;
esac
