#!/usr/bin/env bash
# Concerto distributed mode on one machine, without Docker: the local infrastructure
# (deploy/local/infra.sh: Kafka, PostgreSQL, Redis) plus one Node.js process per service
# (directory, alerts, cases, scheduling, notifications) and the gateway, each in the background
# with a pid file and a log.
#
#   deploy/local/stack.sh up [--no-build]      infra up, npm run build, start all, wait for every /ready
#   deploy/local/stack.sh down [--infra]       stop the processes (and the infrastructure with --infra)
#   deploy/local/stack.sh status               state, pid, port and readiness of each process
#   deploy/local/stack.sh logs <svc> [-f]      print or follow a service's log
#   deploy/local/stack.sh start|stop|restart <svc>
#   deploy/local/stack.sh kill9 <svc>          SIGKILL (fault tests); `start <svc>` brings it back
#   deploy/local/stack.sh env                  export lines for clients (gateway URL, DATA_DIR)
#   deploy/local/stack.sh token --user <id>    a development access token for the running stack
#   deploy/local/stack.sh clock advance 25h    move every service's clock forward (show, reset; DEV_CLOCK_CONTROL)
#   deploy/local/stack.sh dead-letters list    events a consumer gave up on; `replay` sends them back once fixed
#
# State: $STACK_DIR (default <repo>/.stack): run/<svc>.pid, logs/<svc>.log, data/ (DATA_DIR:
# the development issuer's key pair; mailbox/: invitations, SMS and letters of the notifications
# service, which has no SMTP relay here), stack.env (generated INTERNAL_API_TOKEN, PSEUDONYM_SECRET,
# RSVP_LINK_SECRET, PERSON_VAULT_KEY).
# See deploy/local/README.md.
set -Eeuo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"
INFRA="$SCRIPT_DIR/infra.sh"

STACK_DIR="${STACK_DIR:-$REPO_DIR/.stack}"
case "$STACK_DIR" in /*) ;; *) STACK_DIR="$PWD/$STACK_DIR" ;; esac
export STACK_DIR

HOST=127.0.0.1
GATEWAY_PORT="${STACK_GATEWAY_PORT:-3000}"
ALERTS_PORT="${STACK_ALERTS_PORT:-3101}"
CASES_PORT="${STACK_CASES_PORT:-3102}"
DIRECTORY_PORT="${STACK_DIRECTORY_PORT:-3103}"
SCHEDULING_PORT="${STACK_SCHEDULING_PORT:-3104}"
NOTIFICATIONS_PORT="${STACK_NOTIFICATIONS_PORT:-3105}"
# The scheduling service's inbound SMTP listener for calendar answers (iTIP REPLY, ADR 0023).
INBOUND_SMTP_STACK_PORT="${STACK_INBOUND_SMTP_PORT:-2525}"
READY_TIMEOUT="${STACK_READY_TIMEOUT:-90}"
STOP_TIMEOUT="${STACK_STOP_TIMEOUT:-35}"

RUN_DIR="$STACK_DIR/run"
LOG_DIR="$STACK_DIR/logs"
DATA_DIR="$STACK_DIR/data"
SECRETS_FILE="$STACK_DIR/stack.env"
LOCK_FILE="$STACK_DIR/.stack.lock"

# Start order: the directory first (alerts and cases call it), scheduling before notifications
# (notifications reads its delivery cards), the gateway last.
SERVICES=(directory alerts cases scheduling notifications gateway)

log()  { printf '[stack] %s\n' "$*"; }
warn() { printf '[stack] WARNING: %s\n' "$*" >&2; }
die()  { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }
now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

valid_service() {
  case "${1:-}" in directory|alerts|cases|scheduling|notifications|gateway) return 0 ;; *) die "unknown service '${1:-}' (expected directory|alerts|cases|scheduling|notifications|gateway)" ;; esac
}

port_of() {
  case "$1" in
    gateway) echo "$GATEWAY_PORT" ;;
    alerts) echo "$ALERTS_PORT" ;;
    cases) echo "$CASES_PORT" ;;
    directory) echo "$DIRECTORY_PORT" ;;
    scheduling) echo "$SCHEDULING_PORT" ;;
    notifications) echo "$NOTIFICATIONS_PORT" ;;
  esac
}

main_of() { echo "dist/apps/$1/src/main.js"; }
pid_file() { echo "$RUN_DIR/$1.pid"; }
log_file() { echo "$LOG_DIR/$1.log"; }

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

# The pid from the pid file, if it is still our node process (guards against pid reuse).
service_pid() {
  local f pid cmd
  f="$(pid_file "$1")"
  [ -f "$f" ] || return 0
  pid="$(head -n1 "$f" | tr -dc '0-9')"
  pid_alive "$pid" || return 0
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmd" == *"$(main_of "$1")"* ]] && echo "$pid"
  return 0
}

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

is_ready() { curl -fsS -m 3 -o /dev/null "http://$HOST:$(port_of "$1")/ready" 2>/dev/null; }

wait_gone() {
  local pid="$1" deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
}

take_lock() {
  mkdir -p "$STACK_DIR"
  [ -f "$STACK_DIR/.gitignore" ] || printf '*\n' >"$STACK_DIR/.gitignore"
  exec 8>"$LOCK_FILE"
  flock -w 300 8 || die "could not acquire $LOCK_FILE"
}

random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# Secrets generated once and kept (mode 600), so restarts keep correlating persons and calling each other.
ensure_secrets() {
  mkdir -p "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"
  if [ ! -f "$SECRETS_FILE" ]; then
    (umask 077 && printf 'INTERNAL_API_TOKEN=%s\nPSEUDONYM_SECRET=%s\n' "$(random_hex 24)" "$(random_hex 32)" >"$SECRETS_FILE")
    log "generated INTERNAL_API_TOKEN and PSEUDONYM_SECRET in $SECRETS_FILE"
  fi
  # Added later than the two above: appended to an existing stack.env once.
  if ! grep -q '^RSVP_LINK_SECRET=' "$SECRETS_FILE"; then
    (umask 077 && printf 'RSVP_LINK_SECRET=%s\n' "$(random_hex 32)" >>"$SECRETS_FILE")
    log "generated RSVP_LINK_SECRET in $SECRETS_FILE"
  fi
  # The key of the personal data at rest (identity vault, care-team contacts): base64 of 32 bytes.
  if ! grep -q '^PERSON_VAULT_KEY=' "$SECRETS_FILE"; then
    (umask 077 && printf 'PERSON_VAULT_KEY=%s\n' "$(head -c 32 /dev/urandom | base64 | tr -d '\n')" >>"$SECRETS_FILE")
    log "generated PERSON_VAULT_KEY in $SECRETS_FILE"
  fi
}

# The environment of one service process: infrastructure endpoints, ports, URLs, secrets.
service_env() {
  local svc="$1"
  # shellcheck disable=SC1090
  eval "$("$INFRA" env)"
  set -a
  # shellcheck disable=SC1090
  . "$SECRETS_FILE"
  set +a
  # Least privilege: each service connects as its own PostgreSQL role (DML on its own schema only)
  # and migrates through the migration role; the gateway needs no database, and Redis only for the
  # browser sessions (shared by every gateway replica, ADR 0022).
  if [ "$svc" = gateway ]; then
    unset DATABASE_URL MIGRATION_DATABASE_URL
  else
    local app_url="APP_DATABASE_URL_${svc^^}"
    export DATABASE_URL="${!app_url}"
  fi
  unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE REDISCLI_AUTH
  local v
  for v in $(compgen -v APP_DATABASE_URL_); do unset "$v"; done
  export CONCERTO_MODE=distributed
  export LOG_LEVEL="${LOG_LEVEL:-log}"
  export DATA_DIR
  export PORT="$GATEWAY_PORT" ALERTS_PORT CASES_PORT DIRECTORY_PORT SCHEDULING_PORT NOTIFICATIONS_PORT
  export ALERTS_URL="http://$HOST:$ALERTS_PORT" CASES_URL="http://$HOST:$CASES_PORT" DIRECTORY_URL="http://$HOST:$DIRECTORY_PORT"
  export SCHEDULING_URL="http://$HOST:$SCHEDULING_PORT" NOTIFICATIONS_URL="http://$HOST:$NOTIFICATIONS_PORT"
  # Answer links in invitations open on the gateway.
  export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://$HOST:$GATEWAY_PORT}"
  # This is a development stack: its clock can be moved forward (`$0 clock advance 25h`) so that
  # reminders and escalations days away can be seen firing. DEV_CLOCK_CONTROL=false turns it off.
  export DEV_CLOCK_CONTROL="${DEV_CLOCK_CONTROL:-true}"
  # Without SMTP_URL, the notifications service serves what it captured at GET /v1/dev/mailbox
  # (admins; coordinators of the message's bassin). DEV_MAILBOX=false turns it off.
  export DEV_MAILBOX="${DEV_MAILBOX:-true}"
  # Only scheduling listens for calendar answers; every service reads the same value (it decides
  # whether invitations carry a reply address), so it is exported to all.
  export INBOUND_SMTP_PORT="${INBOUND_SMTP_PORT:-$INBOUND_SMTP_STACK_PORT}"
  if [ "$svc" = gateway ]; then
    # No AUTH_JWKS_URL: the gateway is the development issuer (keys in DATA_DIR/keys) and serves its JWKS.
    unset AUTH_JWKS_URL
  else
    export AUTH_JWKS_URL="http://$HOST:$GATEWAY_PORT/dev-idp/jwks"
  fi
}

start_service() {
  local svc="$1" pid port log_f
  pid="$(service_pid "$svc")"
  if [ -n "$pid" ]; then
    log "    $svc already running (pid $pid)"
    return 0
  fi
  [ -f "$REPO_DIR/$(main_of "$svc")" ] || die "$(main_of "$svc") not found: run 'npm run build' (or '$0 up')"
  port="$(port_of "$svc")"
  local deadline=$((SECONDS + 10))
  while port_open "$port"; do
    [ "$SECONDS" -ge "$deadline" ] && die "$svc: port $HOST:$port is in use by another process (set STACK_${svc^^}_PORT to move it)"
    sleep 0.2
  done
  ensure_secrets
  log_f="$(log_file "$svc")"
  if [ -f "$log_f" ] && [ "$(stat -c %s "$log_f")" -gt $((50 * 1024 * 1024)) ]; then mv -f "$log_f" "$log_f.1"; fi
  (
    service_env "$svc"
    cd "$REPO_DIR"
    # shellcheck disable=SC2086 # STACK_NODE_ARGS is a list of node flags (e.g. --cpu-prof, not allowed in NODE_OPTIONS)
    exec setsid nohup node --enable-source-maps ${STACK_NODE_ARGS:-} "$(main_of "$svc")" </dev/null >>"$log_f" 2>&1 8>&- 9>&-
  ) &
  echo $! >"$(pid_file "$svc")"
  log "    $svc started (pid $!, port $port, log $log_f)"
}

wait_ready() {
  local svc="$1" t0 pid deadline
  t0="$(now)"
  deadline=$((SECONDS + READY_TIMEOUT))
  until is_ready "$svc"; do
    # The pid file names the launching subshell until it execs node (service_pid checks the
    # command line, which is still bash's for a moment), so only "that pid is gone" means "exited".
    pid="$(head -n1 "$(pid_file "$svc")" 2>/dev/null | tr -dc '0-9')"
    if ! pid_alive "$pid"; then
      tail -n 30 "$(log_file "$svc")" >&2 || true
      die "$svc exited during start-up (log: $(log_file "$svc"))"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$(log_file "$svc")" >&2 || true
      die "$svc not ready after ${READY_TIMEOUT}s (http://$HOST:$(port_of "$svc")/ready)"
    fi
    sleep 0.2
  done
  log "    $svc ready on http://$HOST:$(port_of "$svc") in $(elapsed "$t0")"
}

stop_service() {
  local svc="$1" pid
  pid="$(service_pid "$svc")"
  if [ -z "$pid" ]; then
    log "    $svc not running"
    rm -f "$(pid_file "$svc")"
    return 0
  fi
  local t0; t0="$(now)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
    warn "$svc (pid $pid) did not stop within ${STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "$svc (pid $pid) survived SIGKILL"
  fi
  rm -f "$(pid_file "$svc")"
  log "    $svc stopped (pid $pid, SIGTERM) in $(elapsed "$t0")"
}

cmd_up() {
  local build=1 a
  for a in "$@"; do
    case "$a" in --no-build) build=0 ;; *) die "usage: $0 up [--no-build]" ;; esac
  done
  local t0; t0="$(now)"
  # 8>&-: the components infra.sh starts run for long; they must not inherit (and so hold) this script's lock.
  "$INFRA" up 8>&-
  if [ "$build" -eq 1 ]; then
    local tb; tb="$(now)"
    log "--> npm run build"
    if ! (cd "$REPO_DIR" && npm run -s build); then
      die "npm run build failed (see above): fix it, or run the last build with '$0 up --no-build'"
    fi
    log "    build: done in $(elapsed "$tb")"
  fi
  ensure_secrets
  local ts; ts="$(now)"
  log "--> starting services"
  local svc
  for svc in "${SERVICES[@]}"; do
    start_service "$svc"
  done
  for svc in "${SERVICES[@]}"; do
    wait_ready "$svc"
  done
  log "services ready in $(elapsed "$ts"); stack up in $(elapsed "$t0")"
  log "gateway: http://$HOST:$GATEWAY_PORT  (docs: /docs)   token: $0 token --user coord-nord"
}

cmd_down() {
  local infra=0 a
  for a in "$@"; do
    case "$a" in --infra|--all) infra=1 ;; *) die "usage: $0 down [--infra]" ;; esac
  done
  local t0 svc i; t0="$(now)"
  for ((i = ${#SERVICES[@]} - 1; i >= 0; i--)); do
    svc="${SERVICES[$i]}"
    stop_service "$svc"
  done
  log "services down in $(elapsed "$t0")"
  if [ "$infra" -eq 1 ]; then
    "$INFRA" down 8>&-
  else
    log "infrastructure left running ('$0 down --infra' or '$INFRA down' stops it)"
  fi
}

cmd_status() {
  local svc pid state ready all=0
  printf '%-14s %-8s %-8s %-6s %s\n' SERVICE STATE PID READY ENDPOINT
  for svc in "${SERVICES[@]}"; do
    pid="$(service_pid "$svc")"
    if [ -n "$pid" ]; then
      state=running
      if is_ready "$svc"; then ready=yes; else ready=no; all=3; fi
    else
      state=stopped; pid=-; ready=-; all=3
    fi
    printf '%-14s %-8s %-8s %-6s %s\n' "$svc" "$state" "$pid" "$ready" "http://$HOST:$(port_of "$svc")"
  done
  echo "state dir: $STACK_DIR (logs in $LOG_DIR)"
  return "$all"
}

cmd_logs() {
  local svc="" follow=0 a
  for a in "$@"; do
    case "$a" in -f|--follow) follow=1 ;; *) svc="$a" ;; esac
  done
  valid_service "$svc"
  local f; f="$(log_file "$svc")"
  [ -f "$f" ] || die "no log yet: $f"
  if [ "$follow" -eq 1 ]; then exec tail -n "${LOG_LINES:-100}" -F "$f"; else tail -n "${LOG_LINES:-200}" "$f"; fi
}

cmd_kill9() {
  local svc="${1:-}"; valid_service "$svc"
  local pid; pid="$(service_pid "$svc")"
  [ -n "$pid" ] || die "$svc is not running"
  kill -KILL "$pid"
  wait_gone "$pid" 10 || die "$svc (pid $pid) still alive after SIGKILL"
  log "$svc: SIGKILL sent to pid $pid (process gone)"
}

cmd_env() {
  cat <<EOF
export CONCERTO_GATEWAY_URL=http://$HOST:$GATEWAY_PORT
export DATA_DIR=$DATA_DIR
EOF
}

cmd_clock() {
  cd "$REPO_DIR"
  DATA_DIR="$DATA_DIR" exec node scripts/clock.mjs "$@"
}

cmd_dead_letters() {
  eval "$("$INFRA" env)"
  cd "$REPO_DIR"
  exec node scripts/dead-letters.mjs "$@"
}

cmd_token() {
  [ -f "$DATA_DIR/keys/dev-signing-key.jwk.json" ] || die "no development key yet in $DATA_DIR/keys: start the stack first ('$0 up')"
  cd "$REPO_DIR"
  DATA_DIR="$DATA_DIR" exec node scripts/token.mjs "$@"
}

usage() {
  sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<EOF

ports: gateway $GATEWAY_PORT, alerts $ALERTS_PORT, cases $CASES_PORT, directory $DIRECTORY_PORT,
       scheduling $SCHEDULING_PORT, notifications $NOTIFICATIONS_PORT,
       calendar answers (SMTP, scheduling) $INBOUND_SMTP_STACK_PORT
       (STACK_GATEWAY_PORT, STACK_ALERTS_PORT, STACK_CASES_PORT, STACK_DIRECTORY_PORT,
        STACK_SCHEDULING_PORT, STACK_NOTIFICATIONS_PORT, STACK_INBOUND_SMTP_PORT)
EOF
}

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    up)       take_lock; cmd_up "$@" ;;
    down)     take_lock; cmd_down "$@" ;;
    start)    take_lock; valid_service "${1:-}"; start_service "$1"; wait_ready "$1" ;;
    stop)     take_lock; valid_service "${1:-}"; stop_service "$1" ;;
    restart)  take_lock; valid_service "${1:-}"; stop_service "$1"; start_service "$1"; wait_ready "$1" ;;
    kill9|kill-9) take_lock; cmd_kill9 "$@" ;;
    status)   cmd_status ;;
    logs)     cmd_logs "$@" ;;
    env)      cmd_env ;;
    token)    cmd_token "$@" ;;
    clock)    cmd_clock "$@" ;;
    dead-letters) cmd_dead_letters "$@" ;;
    -h|--help|help|"") usage ;;
    *)        usage >&2; exit 2 ;;
  esac
}

main "$@"
