#!/usr/bin/env bash
# Concerto local infrastructure: real Apache Kafka (KRaft), PostgreSQL and Redis,
# without Docker and without root-owned runtime state.
#
#   deploy/local/infra.sh install|up|down|status|env|reset
#   deploy/local/infra.sh logs [kafka|postgres|redis] [-f]
#   deploy/local/infra.sh start|stop|kill9 <kafka|postgres|redis>
#   deploy/local/infra.sh pg-stop-immediate
#
# All state lives under $STACK_DIR (default: <repo>/.stack). See deploy/local/README.md.
set -Eeuo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$SCRIPT_DIR/../.." && pwd)"

# ---------------------------------------------------------------------------
# Configuration (all overridable through the environment)
# ---------------------------------------------------------------------------
STACK_DIR="${STACK_DIR:-$REPO_DIR/.stack}"
case "$STACK_DIR" in /*) ;; *) STACK_DIR="$PWD/$STACK_DIR" ;; esac

BIND_HOST=127.0.0.1
KAFKA_PORT="${KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
PG_PORT="${PG_PORT:-15432}"
REDIS_PORT="${REDIS_PORT:-16379}"

# Kafka artifacts on Maven Central. 4.3.1 is the newest 4.x whose full artifact set
# is published (4.4.0 lacks kafka-tools-api on Central at the time of writing).
KAFKA_VERSION="${KAFKA_VERSION:-4.3.1}"
SCALA_BINARY="2.13"
LOG4J_VERSION="${LOG4J_VERSION:-2.25.4}"   # same log4j2 line as Kafka 4.3.1 itself
MVN_DEP_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-180}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"
# After a SIGKILL the restarted controller keeps the dead broker registered until this
# session timeout expires (Kafka default 9000 ms); lower = faster crash-restart in fault tests.
KAFKA_SESSION_TIMEOUT_MS="${KAFKA_SESSION_TIMEOUT_MS:-5000}"

PG_DB="${PG_DB:-concerto}"
PG_USER="${PG_USER:-concerto}"
PG_PASSWORD="${PG_PASSWORD:-concerto}"
PG_OS_USER_DEFAULT="${PG_OS_USER:-concerto}"   # only used when running as root
PG_START_TIMEOUT="${PG_START_TIMEOUT:-300}"
PG_STOP_TIMEOUT="${PG_STOP_TIMEOUT:-60}"

# Least-privilege roles (distributed mode): PG_USER is the cluster's superuser and only administers
# it; PG_MIGRATOR owns the services' schemas and runs their migrations (DDL); each service connects
# as its own role, with DML on its own schema only (granted by the migrator at every start, see
# libs/persistence grantApplicationRole), so no service reaches another's schema, the alerts
# service's identity vault included. Their passwords are generated once into $INFRA_SECRETS.
PG_MIGRATOR="${PG_MIGRATOR:-concerto_migrator}"
PG_APP_SERVICES=(directory alerts cases scheduling notifications)
pg_app_role() { echo "concerto_$1"; }

REDIS_STOP_TIMEOUT="${REDIS_STOP_TIMEOUT:-30}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-120}"

KAFKA_HOME="$STACK_DIR/kafka"
KAFKA_LIBS="$KAFKA_HOME/libs"
KAFKA_CONF="$KAFKA_HOME/config"
KAFKA_DATA="$KAFKA_HOME/data"
KAFKA_LOG="$KAFKA_HOME/kafka.log"
KAFKA_PID="$KAFKA_HOME/kafka.pid"

PG_HOME="$STACK_DIR/postgres"
PG_DATA="$PG_HOME/data"
PG_RUN="$PG_HOME/run"
PG_LOG="$PG_HOME/postgres.log"

REDIS_HOME="$STACK_DIR/redis"
REDIS_DATA="$REDIS_HOME/data"
REDIS_CONF="$REDIS_HOME/redis.conf"
REDIS_LOG="$REDIS_HOME/redis.log"
REDIS_PID="$REDIS_HOME/redis.pid"

M2_REPO="$STACK_DIR/m2"
# Generated once (mode 600): REDIS_PASSWORD, PG_MIGRATOR_PASSWORD and one PG_APP_PASSWORD_<SERVICE> each.
INFRA_SECRETS="$STACK_DIR/infra.env"
LOCK_FILE="$STACK_DIR/.infra.lock"

COMPONENTS=(kafka postgres redis)

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
log()  { printf '[infra] %s\n' "$*"; }
warn() { printf '[infra] WARNING: %s\n' "$*" >&2; }
die()  { printf '[infra] ERROR: %s\n' "$*" >&2; exit 1; }

now() { echo "${EPOCHREALTIME/,/.}"; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# step "description" command args...   -> runs the command and prints its duration
step() {
  local desc="$1"; shift
  local t0; t0="$(now)"
  log "--> $desc"
  "$@"
  log "    $desc: done in $(elapsed "$t0")"
}

is_root() { [ "$(id -u)" -eq 0 ]; }

port_open() { (exec 3<>"/dev/tcp/$BIND_HOST/$1") 2>/dev/null; }

pid_exists() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
# zombie: exited but not reaped yet by its (new) parent, usually PID 1
pid_zombie() { [ "$(sed -n 's/^.*) \(.\).*$/\1/p' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
pid_alive() { pid_exists "${1:-}" && ! pid_zombie "$1"; }

# pid_matches PID PATTERN: alive and its command line contains PATTERN (guards against pid reuse)
pid_matches() {
  local pid="$1" pat="$2" cmd
  pid_alive "$pid" || return 1
  cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmd" == *"$pat"* ]]
}

read_pidfile() { [ -f "$1" ] && head -n1 "$1" 2>/dev/null | tr -dc '0-9' || true; }

# wait_gone PID TIMEOUT_SECONDS -> 0 when the process is gone
wait_gone() {
  local pid="$1" deadline=$((SECONDS + $2))
  while pid_alive "$pid"; do
    [ "$SECONDS" -ge "$deadline" ] && return 1
    sleep 0.2
  done
  return 0
}

# term_then_kill NAME PID TIMEOUT: SIGTERM, wait, SIGKILL after the timeout
term_then_kill() {
  local name="$1" pid="$2" timeout="$3"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$timeout"; then
    warn "$name (pid $pid) did not stop within ${timeout}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || die "$name (pid $pid) survived SIGKILL"
  fi
}

require_cmd() {
  local cmd="$1" hint="$2"
  command -v "$cmd" >/dev/null 2>&1 || die "'$cmd' not found. $hint"
}

# A process killed a moment ago may still hold its port for a short while.
check_port_free() {
  local name="$1" port="$2" deadline=$((SECONDS + 10))
  while port_open "$port"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      die "$name: port $BIND_HOST:$port is already in use by another process (not ours). Stop it or override the port (see README)."
    fi
    sleep 0.2
  done
}

# The previous instance (pid file) may still be exiting / not yet reaped after a SIGKILL.
wait_previous_gone() {
  local name="$1" old="$2"
  [ -n "$old" ] || return 0
  if ! wait_gone "$old" 10; then
    warn "$name: pid $old from the old pid file is still alive (pid reused?), continuing"
  fi
}

tail_log() {
  local file="$1" n="${2:-40}"
  if [ -f "$file" ]; then
    echo "----- last $n lines of $file -----" >&2
    tail -n "$n" "$file" >&2 || true
    echo "-----" >&2
  fi
}

rotate_log() {
  local f="$1"
  if [ -f "$f" ] && [ "$(stat -c %s "$f" 2>/dev/null || echo 0)" -gt $((50 * 1024 * 1024)) ]; then
    mv -f "$f" "$f.1"
  fi
}

ensure_stack_dir() {
  mkdir -p "$STACK_DIR"
  # keep the whole folder out of git without touching the repository's .gitignore
  [ -f "$STACK_DIR/.gitignore" ] || printf '*\n' >"$STACK_DIR/.gitignore"
}

# Serialize mutating commands (e.g. two test runners calling `up` at once).
take_lock() {
  require_cmd flock "Install util-linux."
  ensure_stack_dir
  exec 9>"$LOCK_FILE"
  if ! flock -w 900 9; then die "could not acquire $LOCK_FILE"; fi
}

# ---------------------------------------------------------------------------
# PostgreSQL binaries / OS user
# ---------------------------------------------------------------------------
PG_BINDIR=""
find_pg_bindir() {
  if [ -n "${PGBIN:-}" ]; then
    [ -x "$PGBIN/postgres" ] || die "PGBIN=$PGBIN has no postgres binary"
    PG_BINDIR="$PGBIN"; return 0
  fi
  if [ -x /usr/lib/postgresql/15/bin/postgres ]; then PG_BINDIR=/usr/lib/postgresql/15/bin; return 0; fi
  local d best="" bestv=0 v
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/postgres" ] || continue
    v="$(basename "$(dirname "$d")")"; v="${v%%.*}"
    if [ "$v" -gt "$bestv" ] 2>/dev/null; then bestv="$v"; best="$d"; fi
  done
  [ -n "$best" ] && { PG_BINDIR="$best"; return 0; }
  return 1
}

pg_os_user() {
  if is_root; then echo "$PG_OS_USER_DEFAULT"; else id -un; fi
}

# Run a command as the PostgreSQL OS user (initdb/postgres refuse to run as root).
as_pg() {
  if is_root; then
    local u; u="$(pg_os_user)"
    if command -v runuser >/dev/null 2>&1; then
      (cd "$PG_HOME" && runuser -u "$u" -- "$@")
    else
      local q; q="$(printf '%q ' "$@")"
      (cd "$PG_HOME" && su -s /bin/sh "$u" -c "$q")
    fi
  else
    (cd "$PG_HOME" && "$@")
  fi
}

ensure_pg_os_user() {
  is_root || return 0
  local u; u="$(pg_os_user)"
  if ! id -u "$u" >/dev/null 2>&1; then
    require_cmd useradd "Cannot create the unprivileged user '$u' needed to run PostgreSQL as root."
    log "creating unprivileged system user '$u' to own and run PostgreSQL"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$u"
  fi
}

# ---------------------------------------------------------------------------
# install
# ---------------------------------------------------------------------------
check_java() {
  require_cmd java "Install a JDK/JRE 17+ (Debian: apt-get install openjdk-17-jre-headless)."
  local v major
  v="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${v%%.*}"; [ "$major" = "1" ] && major="$(echo "$v" | cut -d. -f2)"
  if [ -z "$major" ] || [ "$major" -lt 17 ] 2>/dev/null; then
    die "Kafka $KAFKA_VERSION needs Java 17+, found '${v:-unknown}'."
  fi
}

apt_install() {
  local pkgs=("$@")
  local sudo=()
  if ! is_root; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      die "need to install Debian packages (${pkgs[*]}) but not root and 'sudo' is not available. Install them manually: apt-get install -y --no-install-recommends ${pkgs[*]}"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || \
    die "'apt-get' not found: install ${pkgs[*]} with your package manager (PostgreSQL server binaries must be under /usr/lib/postgresql/<ver>/bin, or set PGBIN)."

  # Debian's postinst scripts would start system-wide services (port 5432/6379).
  # Prevent that for the duration of the install when no policy is in place.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ] && [ -z "${INFRA_ALLOW_SERVICE_START:-}" ]; then
    guard=/usr/sbin/policy-rc.d
    "${sudo[@]}" sh -c 'printf "#!/bin/sh\n# temporary, created by concerto deploy/local/infra.sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
  fi
  local rc=0 aptlog="$STACK_DIR/apt-install.log"
  log "    apt-get update && apt-get install --no-install-recommends ${pkgs[*]} (output: $aptlog)"
  {
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${pkgs[@]}"
  } </dev/null >"$aptlog" 2>&1 || rc=$?
  if [ -n "$guard" ]; then "${sudo[@]}" rm -f "$guard"; fi
  if [ "$rc" -ne 0 ]; then
    tail_log "$aptlog" 30
    die "apt-get install ${pkgs[*]} failed (exit $rc). If you cannot use apt, install them manually (PostgreSQL server under /usr/lib/postgresql/<ver>/bin or set PGBIN; redis-server/redis-cli on PATH)."
  fi
}

install_os_packages() {
  local pkgs=()
  find_pg_bindir || pkgs+=(postgresql)
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    pkgs+=(redis-server redis-tools)
  fi
  if [ "${#pkgs[@]}" -eq 0 ]; then
    log "    Debian packages already present (postgres: $PG_BINDIR, redis: $(command -v redis-server))"
    return 0
  fi
  log "    installing Debian packages: ${pkgs[*]}"
  apt_install "${pkgs[@]}"
  find_pg_bindir || die "PostgreSQL server binaries still not found under /usr/lib/postgresql/*/bin after install."
  command -v redis-server >/dev/null 2>&1 || die "redis-server still not found after install."
}

write_kafka_pom() {
  mkdir -p "$KAFKA_HOME"
  cat >"$KAFKA_HOME/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- generated by deploy/local/infra.sh: resolves the Kafka broker runtime from Maven Central -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.concerto.infra</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <!-- broker (kafka.Kafka) + storage tool (kafka.tools.StorageTool); pulls kafka-server,
         kafka-storage, kafka-metadata, kafka-raft, kafka-clients, coordinators, scala... -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_${SCALA_BINARY}</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>
    <!-- logging backend: Kafka 4.x logs through slf4j 1.7 -> log4j2 -->
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>${LOG4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
EOF
}

fetch_kafka() {
  local marker="$KAFKA_LIBS/.complete-kafka_${SCALA_BINARY}-${KAFKA_VERSION}-log4j-${LOG4J_VERSION}"
  if [ -f "$marker" ]; then
    log "    Kafka $KAFKA_VERSION jars already in $KAFKA_LIBS ($(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars)"
    return 0
  fi
  require_cmd mvn "Install Maven 3.6+ (Debian: apt-get install maven)."
  write_kafka_pom
  local tmp="$KAFKA_HOME/libs.tmp"
  rm -rf "$tmp"
  mkdir -p "$M2_REPO"
  log "    resolving org.apache.kafka:kafka_${SCALA_BINARY}:${KAFKA_VERSION} (+ log4j ${LOG4J_VERSION}) with Maven into $KAFKA_LIBS (cache: $M2_REPO)"
  local mvnlog="$KAFKA_HOME/mvn.log"
  if ! mvn -B --no-transfer-progress -Dstyle.color=never -f "$KAFKA_HOME/pom.xml" -Dmaven.repo.local="$M2_REPO" \
        "$MVN_DEP_PLUGIN:copy-dependencies" \
        -DoutputDirectory="$tmp" -DincludeScope=runtime </dev/null >"$mvnlog" 2>&1; then
    tail_log "$mvnlog" 30
    die "Maven could not resolve Kafka $KAFKA_VERSION from Maven Central (network? proxy? version?). Full log: $mvnlog"
  fi
  [ -f "$tmp/kafka_${SCALA_BINARY}-${KAFKA_VERSION}.jar" ] || die "Maven run finished but kafka_${SCALA_BINARY}-${KAFKA_VERSION}.jar is missing in $tmp"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  touch "$KAFKA_LIBS/.complete-kafka_${SCALA_BINARY}-${KAFKA_VERSION}-log4j-${LOG4J_VERSION}"
  log "    $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars, $(du -sh "$KAFKA_LIBS" | cut -f1)"
}

write_kafka_config() {
  mkdir -p "$KAFKA_CONF" "$KAFKA_DATA"
  cat >"$KAFKA_CONF/server.properties" <<EOF
# generated by deploy/local/infra.sh -- regenerated on every start, edit the script instead
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=$BIND_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT,CONTROLLER://$BIND_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$BIND_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=$KAFKA_DATA
metadata.log.dir=$KAFKA_DATA

num.partitions=6
default.replication.factor=1
min.insync.replicas=1
auto.create.topics.enable=false
delete.topic.enable=true
group.initial.rebalance.delay.ms=0

offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1

# faster re-registration after a crash (see KAFKA_SESSION_TIMEOUT_MS in infra.sh)
broker.heartbeat.interval.ms=1000
broker.session.timeout.ms=$KAFKA_SESSION_TIMEOUT_MS

# small footprint: 2-core machine shared with the test suites
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=2
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=33554432
log.retention.hours=168
EOF
  cat >"$KAFKA_CONF/log4j2.properties" <<'EOF'
# generated by deploy/local/infra.sh
status = warn
name = concerto-kafka
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
logger.common.name = org.apache.kafka.common.utils.AppInfoParser
logger.common.level = WARN
EOF
  cat >"$KAFKA_CONF/tools-log4j2.properties" <<'EOF'
status = error
name = concerto-kafka-tools
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = %p %m (%c)%n
rootLogger.level = ERROR
rootLogger.appenderRef.stderr.ref = STDERR
EOF
  # Fallback readiness probe when kafkajs is not installed in the repository.
  cat >"$KAFKA_CONF/KafkaReady.java" <<'EOF'
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
public class KafkaReady {
  public static void main(String[] a) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", a[0]);
    p.put("request.timeout.ms", "5000");
    p.put("default.api.timeout.ms", "8000");
    try (Admin ad = Admin.create(p)) {
      int n = ad.describeCluster().nodes().get(8, TimeUnit.SECONDS).size();
      int t = ad.listTopics().names().get(8, TimeUnit.SECONDS).size();
      System.out.println("brokers=" + n + " topics=" + t);
    }
  }
}
EOF
}

kafka_java() {
  java -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" "$@"
}

format_kafka_storage() {
  if [ -f "$KAFKA_DATA/meta.properties" ]; then
    local fmt_port
    fmt_port="$(sed -n 's/^controller_port=//p' "$KAFKA_HOME/format.info" 2>/dev/null || true)"
    if [ -n "$fmt_port" ] && [ "$fmt_port" != "$KAFKA_CONTROLLER_PORT" ]; then
      die "Kafka storage was formatted with controller port $fmt_port but KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT; use the old port or run '$0 reset'."
    fi
    log "    Kafka storage already formatted (cluster id $(sed -n 's/^cluster.id=//p' "$KAFKA_DATA/meta.properties"))"
    return 0
  fi
  local cid
  if [ -s "$KAFKA_HOME/cluster.id" ]; then
    cid="$(cat "$KAFKA_HOME/cluster.id")"
  else
    cid="$(kafka_java kafka.tools.StorageTool random-uuid | tail -n1 | tr -d '[:space:]')"
    [ -n "$cid" ] || die "kafka.tools.StorageTool random-uuid returned nothing"
    echo "$cid" >"$KAFKA_HOME/cluster.id"
  fi
  log "    formatting Kafka storage (kafka.tools.StorageTool format --standalone, cluster id $cid)"
  if ! kafka_java kafka.tools.StorageTool format -t "$cid" -c "$KAFKA_CONF/server.properties" --standalone \
        >"$KAFKA_HOME/format.log" 2>&1; then
    tail_log "$KAFKA_HOME/format.log" 30
    die "Kafka storage format failed"
  fi
  log "    $(tail -n1 "$KAFKA_HOME/format.log")"
  printf 'cluster_id=%s\ncontroller_port=%s\nkafka_version=%s\n' "$cid" "$KAFKA_CONTROLLER_PORT" "$KAFKA_VERSION" >"$KAFKA_HOME/format.info"
}

prepare_kafka() {
  write_kafka_config
  format_kafka_storage
}

write_pg_config() {
  local sock_dirs="$PG_RUN"
  local sock_path="$PG_RUN/.s.PGSQL.$PG_PORT"
  if [ "${#sock_path}" -gt 100 ]; then
    warn "unix socket path '$sock_path' is too long; PostgreSQL will listen on TCP only"
    sock_dirs=""
  fi
  # Regenerated each start (ports may be overridden); included from postgresql.conf.
  local tmp; tmp="$(mktemp "$PG_HOME/.concerto-local.conf.XXXXXX")"
  cat >"$tmp" <<EOF
# generated by deploy/local/infra.sh -- regenerated on every start
listen_addresses = '$BIND_HOST'
port = $PG_PORT
unix_socket_directories = '$sock_dirs'
password_encryption = 'scram-sha-256'
max_connections = 200
shared_buffers = 128MB
# durability (defaults, stated explicitly: fault tests rely on them)
fsync = on
synchronous_commit = on
full_page_writes = on
wal_sync_method = fdatasync
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
  chmod 0600 "$tmp"
  if is_root; then chown "$(pg_os_user):" "$tmp"; fi
  mv -f "$tmp" "$PG_DATA/concerto-local.conf"
  if ! grep -q "^include_if_exists 'concerto-local.conf'" "$PG_DATA/postgresql.conf"; then
    printf "\n# concerto local stack (deploy/local/infra.sh)\ninclude_if_exists 'concerto-local.conf'\n" >>"$PG_DATA/postgresql.conf"
  fi
}

# As root, PostgreSQL runs as an unprivileged user that must be able to reach STACK_DIR.
check_pg_user_access() {
  is_root || return 0
  ensure_pg_os_user
  local u; u="$(pg_os_user)"
  mkdir -p "$PG_HOME"
  chown "$u:" "$PG_HOME"
  if ! as_pg test -w "$PG_HOME" 2>/dev/null; then
    die "user '$u' (runs PostgreSQL, which refuses to run as root) cannot access $PG_HOME: a parent directory of $STACK_DIR is not traversable (e.g. /root is 0700). Set STACK_DIR to a path under a world-traversable directory (e.g. STACK_DIR=/tmp/concerto-stack), or 'chmod o+x' the parents."
  fi
}

init_postgres() {
  find_pg_bindir || die "PostgreSQL server binaries not found (run '$0 install')."
  ensure_pg_os_user
  local u; u="$(pg_os_user)"
  mkdir -p "$PG_HOME" "$PG_RUN"
  if is_root; then
    chown "$u:" "$PG_HOME" "$PG_RUN"
    if [ -d "$PG_DATA" ] && [ "$(stat -c %U "$PG_DATA")" != "$u" ]; then chown -R "$u:" "$PG_DATA"; fi
    touch "$PG_LOG"; chown "$u:" "$PG_LOG"
    check_pg_user_access
  fi
  chmod 0755 "$PG_RUN"
  if [ -f "$PG_DATA/PG_VERSION" ]; then
    local have want
    have="$(cat "$PG_DATA/PG_VERSION")"
    want="$("$PG_BINDIR/postgres" --version | awk '{print $3}' | cut -d. -f1)"
    [ "$have" = "$want" ] || die "$PG_DATA was created by PostgreSQL $have but binaries are $want ($PG_BINDIR). Run '$0 reset' or set PGBIN."
    log "    PostgreSQL cluster already initialized ($PG_DATA, v$have)"
  else
    log "    initdb $PG_DATA (PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}'), superuser '$PG_USER', OS user '$u')"
    local pw="$PG_HOME/.pwfile"
    ( umask 077; printf '%s\n' "$PG_PASSWORD" >"$pw" )
    if is_root; then chown "$u:" "$pw"; fi
    if ! as_pg "$PG_BINDIR/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pw" \
          --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_HOME/initdb.log" 2>&1; then
      rm -f "$pw"
      tail_log "$PG_HOME/initdb.log" 30
      die "initdb failed"
    fi
    rm -f "$pw"
  fi
  write_pg_config
}

cmd_install() {
  local t0; t0="$(now)"
  ensure_stack_dir
  step "prerequisites (java, mvn)" check_prereqs
  step "Debian packages (postgresql, redis-server)" install_os_packages
  step "Kafka $KAFKA_VERSION jars (Maven Central)" fetch_kafka
  step "Kafka config + storage format" prepare_kafka
  step "PostgreSQL cluster" init_postgres
  step "Redis config" write_redis_config
  log "install complete in $(elapsed "$t0") (state in $STACK_DIR)"
}

check_prereqs() {
  check_java
  if [ ! -f "$KAFKA_LIBS/.complete-kafka_${SCALA_BINARY}-${KAFKA_VERSION}-log4j-${LOG4J_VERSION}" ]; then
    require_cmd mvn "Install Maven 3.6+ (Debian: apt-get install maven)."
  fi
  require_cmd flock "Install util-linux."
  require_cmd setsid "Install util-linux."
  if is_root && ! command -v runuser >/dev/null 2>&1 && ! command -v su >/dev/null 2>&1; then
    die "running as root but neither 'runuser' nor 'su' is available to drop privileges for PostgreSQL."
  fi
  check_pg_user_access
  log "    java: $(java -version 2>&1 | head -n1); node: $(command -v node >/dev/null && node -v || echo 'absent (Java probe fallback)')"
}

is_installed() {
  [ -f "$KAFKA_LIBS/.complete-kafka_${SCALA_BINARY}-${KAFKA_VERSION}-log4j-${LOG4J_VERSION}" ] &&
  find_pg_bindir && [ -f "$PG_DATA/PG_VERSION" ] &&
  command -v redis-server >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1
}

# ---------------------------------------------------------------------------
# Kafka
# ---------------------------------------------------------------------------
kafka_pid() {
  local pid; pid="$(read_pidfile "$KAFKA_PID")"
  if pid_matches "$pid" "kafka.Kafka"; then echo "$pid"; fi
}

kafka_probe() {
  local bootstrap="$BIND_HOST:$KAFKA_PORT"
  if command -v node >/dev/null 2>&1 && (cd "$REPO_DIR" && node -e "require.resolve('kafkajs')" >/dev/null 2>&1); then
    (cd "$REPO_DIR" && timeout 20 node -e '
      const { Kafka, logLevel } = require("kafkajs");
      const kafka = new Kafka({ clientId: "infra-probe", brokers: [process.argv[1]], logLevel: logLevel.NOTHING,
        connectionTimeout: 3000, requestTimeout: 5000, retry: { retries: 0 } });
      const admin = kafka.admin();
      const timer = setTimeout(() => { console.error("probe timeout"); process.exit(2); }, 15000);
      (async () => {
        await admin.connect();
        const c = await admin.describeCluster();
        const topics = await admin.listTopics();
        if (!c.brokers.length || c.controller === null || c.controller === undefined) throw new Error("no controller yet");
        await admin.disconnect();
        clearTimeout(timer);
        console.log(`brokers=${c.brokers.length} controller=${c.controller} topics=${topics.length}`);
      })().catch((e) => { console.error(e.message); process.exit(1); });
    ' "$bootstrap")
  else
    timeout 30 java -cp "$KAFKA_LIBS/*" -Dlog4j2.configurationFile="$KAFKA_CONF/tools-log4j2.properties" \
      "$KAFKA_CONF/KafkaReady.java" "$bootstrap"
  fi
}

kafka_wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT)) out
  while ! port_open "$KAFKA_PORT"; do
    pid_alive "$pid" || { tail_log "$KAFKA_LOG" 60; die "Kafka (pid $pid) exited during startup"; }
    [ "$SECONDS" -ge "$deadline" ] && { tail_log "$KAFKA_LOG" 60; die "Kafka port $KAFKA_PORT not open after ${KAFKA_START_TIMEOUT}s"; }
    sleep 0.5
  done
  while true; do
    if out="$(kafka_probe 2>&1)"; then
      log "    Kafka serves metadata ($out)"
      return 0
    fi
    pid_alive "$pid" || { tail_log "$KAFKA_LOG" 60; die "Kafka (pid $pid) exited during startup"; }
    [ "$SECONDS" -ge "$deadline" ] && { echo "$out" >&2; tail_log "$KAFKA_LOG" 60; die "Kafka not serving metadata after ${KAFKA_START_TIMEOUT}s"; }
    sleep 1
  done
}

start_kafka() {
  local pid; pid="$(kafka_pid)"
  if [ -n "$pid" ]; then
    log "    Kafka already running (pid $pid)"
    kafka_wait_ready "$pid"
    return 0
  fi
  [ -f "$KAFKA_LIBS/.complete-kafka_${SCALA_BINARY}-${KAFKA_VERSION}-log4j-${LOG4J_VERSION}" ] || die "Kafka jars missing: run '$0 install'"
  check_java
  wait_previous_gone kafka "$(read_pidfile "$KAFKA_PID")"
  check_port_free kafka "$KAFKA_PORT"
  check_port_free kafka-controller "$KAFKA_CONTROLLER_PORT"
  prepare_kafka
  rotate_log "$KAFKA_LOG"
  rm -f "$KAFKA_PID"
  printf '\n===== %s starting Kafka %s =====\n' "$(date -Is)" "$KAFKA_VERSION" >>"$KAFKA_LOG"
  # shellcheck disable=SC2086
  KAFKA_PIDFILE="$KAFKA_PID" setsid nohup bash -c '
      echo $$ > "$KAFKA_PIDFILE"
      ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
      exec "$@"' kafka-launch \
    java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
      -Djava.awt.headless=true -Dlog4j2.configurationFile="$KAFKA_CONF/log4j2.properties" \
      -Dkafka.logs.dir="$KAFKA_HOME" \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_CONF/server.properties" \
    </dev/null >>"$KAFKA_LOG" 2>&1 9>&- &
  local i=0
  while [ ! -s "$KAFKA_PID" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
  pid="$(read_pidfile "$KAFKA_PID")"
  [ -n "$pid" ] || die "Kafka did not start (no pid file)"
  log "    Kafka started (pid $pid), waiting for broker on $BIND_HOST:$KAFKA_PORT"
  kafka_wait_ready "$pid"
}

stop_kafka() {
  local pid; pid="$(kafka_pid)"
  if [ -z "$pid" ]; then log "    Kafka not running"; rm -f "$KAFKA_PID"; return 0; fi
  log "    stopping Kafka (pid $pid, SIGTERM, timeout ${KAFKA_STOP_TIMEOUT}s)"
  term_then_kill kafka "$pid" "$KAFKA_STOP_TIMEOUT"
  rm -f "$KAFKA_PID"
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------
pg_pid() {
  local pid
  pid="$(read_pidfile "$PG_DATA/postmaster.pid" 2>/dev/null)"
  if pid_matches "$pid" "postgres"; then echo "$pid"; fi
}

pg_ready() {
  "$PG_BINDIR/pg_isready" -q -h "$BIND_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -t 3
}

# A postmaster killed with SIGKILL leaves postmaster.pid behind. PostgreSQL itself
# handles a stale file, but refuses while that pid still exists, e.g. as a zombie
# that PID 1 has not reaped yet: wait for the reap, and drop the file only if the
# pid is verifiably a zombie (it cannot hold any resource).
pg_clear_stale_lock() {
  local old; old="$(read_pidfile "$PG_DATA/postmaster.pid")"
  [ -n "$old" ] || return 0
  wait_previous_gone postgres "$old"
  local deadline=$((SECONDS + 5))
  while pid_zombie "$old"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      warn "old postmaster $old is an unreaped zombie; removing stale $PG_DATA/postmaster.pid"
      rm -f "$PG_DATA/postmaster.pid"
      break
    fi
    sleep 0.2
  done
}

# Processes (other than a live postmaster) whose working directory is our data dir:
# the children of a postmaster that was killed with SIGKILL. Each child is its own
# session leader, so they are found by cwd rather than by process group.
pg_orphans() {
  local p cwd real
  real="$(readlink -f "$PG_DATA" 2>/dev/null || echo "$PG_DATA")"
  for p in $(pgrep -x postgres 2>/dev/null || true); do
    cwd="$(readlink "/proc/$p/cwd" 2>/dev/null || true)"
    [ "$cwd" = "$real" ] && echo "$p"
  done
  return 0
}

# After `kill -9` of the postmaster its children exit on their own shortly after;
# a new postmaster refuses to start while they still hold the old shared memory.
pg_drain_orphans() {
  local deadline=$((SECONDS + 15)) left
  while left="$(pg_orphans | tr '\n' ' ')" && [ -n "${left// /}" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      warn "orphaned PostgreSQL processes of a dead postmaster still alive ($left), sending SIGKILL"
      # shellcheck disable=SC2086
      kill -KILL $left 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
}

random_hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }

# The passwords of the Redis server and of the PostgreSQL roles other than the superuser: generated
# on first use and kept, so restarts and `env` agree. REDIS_PASSWORD in the environment wins.
ensure_infra_secrets() {
  ensure_stack_dir
  local svc key tmp
  local wanted=(REDIS_PASSWORD PG_MIGRATOR_PASSWORD)
  for svc in "${PG_APP_SERVICES[@]}"; do wanted+=("PG_APP_PASSWORD_${svc^^}"); done
  for key in "${wanted[@]}"; do
    if ! grep -q "^$key=" "$INFRA_SECRETS" 2>/dev/null; then
      tmp="$(umask 077 && mktemp "$STACK_DIR/.infra.env.XXXXXX")"
      { cat "$INFRA_SECRETS" 2>/dev/null || true; printf '%s=%s\n' "$key" "$(random_hex 24)"; } >"$tmp"
      mv -f "$tmp" "$INFRA_SECRETS"
    fi
  done
  chmod 0600 "$INFRA_SECRETS"
  local saved_redis="${REDIS_PASSWORD:-}"
  set -a
  # shellcheck disable=SC1090
  . "$INFRA_SECRETS"
  set +a
  [ -n "$saved_redis" ] && REDIS_PASSWORD="$saved_redis"
  return 0
}

pg_url() { echo "postgres://$1:$2@$BIND_HOST:$PG_PORT/$PG_DB"; }

psql_admin() {
  PGPASSWORD="$PG_PASSWORD" "$PG_BINDIR/psql" -h "$BIND_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -Xq -v ON_ERROR_STOP=1 "$@"
}

# Idempotent (every start): the migrator and the per-service roles exist with the current passwords,
# nobody but them (and the superuser) connects, only the migrator may create schemas, and schemas
# left by an earlier stack that migrated as the superuser are handed over to the migrator.
ensure_pg_roles() {
  ensure_infra_secrets
  local svc role pw_var schemas="" roles_sql
  roles_sql="SELECT pg_temp.ensure_role('$PG_MIGRATOR', '$PG_MIGRATOR_PASSWORD');"$'\n'
  for svc in "${PG_APP_SERVICES[@]}"; do
    role="$(pg_app_role "$svc")"; pw_var="PG_APP_PASSWORD_${svc^^}"
    roles_sql+="SELECT pg_temp.ensure_role('$role', '${!pw_var}');"$'\n'
    schemas+="${schemas:+,}'$svc'"
  done
  psql_admin >/dev/null <<SQL || die "creating the PostgreSQL roles failed"
CREATE FUNCTION pg_temp.ensure_role(r text, pw text) RETURNS void LANGUAGE plpgsql AS \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('CREATE ROLE %I LOGIN', r);
  END IF;
  EXECUTE format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', r, pw);
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), r);
END \$\$;
$roles_sql
REVOKE ALL ON DATABASE "$PG_DB" FROM PUBLIC;
GRANT CREATE ON DATABASE "$PG_DB" TO "$PG_MIGRATOR";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
DO \$\$
DECLARE s text; r record;
BEGIN
  FOREACH s IN ARRAY ARRAY[$schemas] LOOP
    CONTINUE WHEN NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = s);
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', s, '$PG_MIGRATOR');
    FOR r IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = s AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                AND c.relowner <> '$PG_MIGRATOR'::regrole
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                  AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
    LOOP
      EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', s, r.relname, '$PG_MIGRATOR');
    END LOOP;
    FOR r IN SELECT p.oid::regprocedure AS fn FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = s AND p.proowner <> '$PG_MIGRATOR'::regrole
    LOOP
      EXECUTE format('ALTER ROUTINE %s OWNER TO %I', r.fn, '$PG_MIGRATOR');
    END LOOP;
  END LOOP;
END \$\$;
SQL
}

start_postgres() {
  find_pg_bindir || die "PostgreSQL binaries not found: run '$0 install'"
  [ -f "$PG_DATA/PG_VERSION" ] || die "PostgreSQL cluster not initialized: run '$0 install'"
  local pid; pid="$(pg_pid)"
  if [ -n "$pid" ]; then
    log "    PostgreSQL already running (pid $pid)"
  else
    pg_clear_stale_lock
    pg_drain_orphans
    check_port_free postgres "$PG_PORT"
    init_postgres >/dev/null
    rotate_log "$PG_LOG"
    local out="$PG_HOME/pg_ctl.out"
    : >"$out"
    if is_root; then chown "$(pg_os_user):" "$out"; fi
    if ! as_pg setsid -w "$PG_BINDIR/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -w -t "$PG_START_TIMEOUT" \
         </dev/null >"$out" 2>&1 9>&-; then
      cat "$out" >&2 || true
      tail_log "$PG_LOG" 40
      die "PostgreSQL failed to start"
    fi
    pid="$(pg_pid)"
    log "    PostgreSQL started (pid $pid)"
  fi
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until pg_ready; do
    [ "$SECONDS" -ge "$deadline" ] && { tail_log "$PG_LOG" 40; die "PostgreSQL not ready after ${PG_START_TIMEOUT}s"; }
    sleep 0.5
  done
  # Ensure the application database exists (first start after initdb).
  local exists
  exists="$(PGPASSWORD="$PG_PASSWORD" "$PG_BINDIR/psql" -h "$BIND_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
            -XtAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" || die "cannot connect to PostgreSQL as $PG_USER"
  if [ "$exists" != "1" ]; then
    PGPASSWORD="$PG_PASSWORD" "$PG_BINDIR/psql" -h "$BIND_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
      -Xq -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" || die "CREATE DATABASE $PG_DB failed"
    log "    created database '$PG_DB'"
  fi
  ensure_pg_roles
  log "    PostgreSQL ready on $BIND_HOST:$PG_PORT (db '$PG_DB', superuser '$PG_USER', migrations '$PG_MIGRATOR', one role per service: $(pg_app_role '<service>'))"
}

stop_postgres() {
  local mode="${1:-fast}"
  local pid; pid="$(pg_pid)"
  if [ -z "$pid" ]; then log "    PostgreSQL not running"; return 0; fi
  find_pg_bindir || die "PostgreSQL binaries not found"
  log "    stopping PostgreSQL (pid $pid, pg_ctl stop -m $mode)"
  if ! as_pg "$PG_BINDIR/pg_ctl" stop -D "$PG_DATA" -m "$mode" -w -t "$PG_STOP_TIMEOUT" 9>&-; then
    if [ "$mode" != immediate ]; then
      warn "pg_ctl stop -m $mode failed/timed out, trying -m immediate"
      as_pg "$PG_BINDIR/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 20 9>&- || true
    fi
    if pid_alive "$pid"; then
      warn "PostgreSQL (pid $pid) still alive, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 10 || true
    fi
  fi
}

# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------
write_redis_config() {
  mkdir -p "$REDIS_HOME" "$REDIS_DATA"
  ensure_infra_secrets
  # The file holds the password: owner-only.
  (umask 077 && : >"$REDIS_CONF")
  chmod 0600 "$REDIS_CONF"
  cat >"$REDIS_CONF" <<EOF
# generated by deploy/local/infra.sh -- regenerated on every start
bind $BIND_HOST
protected-mode yes
port $REDIS_PORT
daemonize no
supervised no
pidfile $REDIS_PID
logfile ""
loglevel notice
dir $REDIS_DATA
databases 16
# durability: AOF, fsync every second; RDB snapshots off (AOF has an RDB preamble)
appendonly yes
appendfilename "appendonly.aof"
appenddirname "appendonlydir"
appendfsync everysec
aof-use-rdb-preamble yes
aof-load-truncated yes
save ""
# BullMQ requires noeviction
maxmemory 0
maxmemory-policy noeviction
# clients authenticate (AUTH, or the password in REDIS_URL); anything else gets NOAUTH
requirepass $REDIS_PASSWORD
EOF
}

redis_pid() {
  local pid; pid="$(read_pidfile "$REDIS_PID")"
  if pid_matches "$pid" "redis-server"; then echo "$pid"; fi
}

redis_cli() { ensure_infra_secrets; REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h "$BIND_HOST" -p "$REDIS_PORT" "$@"; }

start_redis() {
  command -v redis-server >/dev/null 2>&1 || die "redis-server not found: run '$0 install'"
  local pid; pid="$(redis_pid)"
  if [ -n "$pid" ]; then
    log "    Redis already running (pid $pid)"
  else
    wait_previous_gone redis "$(read_pidfile "$REDIS_PID")"
    check_port_free redis "$REDIS_PORT"
    write_redis_config
    rotate_log "$REDIS_LOG"
    rm -f "$REDIS_PID"
    setsid nohup redis-server "$REDIS_CONF" </dev/null >>"$REDIS_LOG" 2>&1 9>&- &
    local i=0
    while [ -z "$(redis_pid)" ] && [ $i -lt 100 ]; do
      sleep 0.1; i=$((i + 1))
    done
    pid="$(redis_pid)"
    [ -n "$pid" ] || { tail_log "$REDIS_LOG" 30; die "Redis failed to start"; }
    log "    Redis started (pid $pid)"
  fi
  local deadline=$((SECONDS + REDIS_START_TIMEOUT)) reply
  while true; do
    reply="$(redis_cli ping 2>&1 || true)"
    [ "$reply" = "PONG" ] && break
    pid_alive "$pid" || { tail_log "$REDIS_LOG" 30; die "Redis (pid $pid) exited during startup"; }
    [ "$SECONDS" -ge "$deadline" ] && { tail_log "$REDIS_LOG" 30; die "Redis not answering PING after ${REDIS_START_TIMEOUT}s (last reply: $reply)"; }
    sleep 0.2
  done
  log "    Redis ready on $BIND_HOST:$REDIS_PORT (PING -> PONG, $(redis_cli dbsize 2>/dev/null || echo '?') keys in db0)"
}

stop_redis() {
  local pid; pid="$(redis_pid)"
  if [ -z "$pid" ]; then log "    Redis not running"; return 0; fi
  log "    stopping Redis (pid $pid, SIGTERM, timeout ${REDIS_STOP_TIMEOUT}s)"
  term_then_kill redis "$pid" "$REDIS_STOP_TIMEOUT"
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
component_pid() {
  case "$1" in
    kafka) kafka_pid ;;
    postgres) find_pg_bindir >/dev/null 2>&1 || true; pg_pid ;;
    redis) redis_pid ;;
  esac
}

valid_component() {
  case "${1:-}" in kafka|postgres|redis) return 0 ;; *) die "unknown component '${1:-}' (expected kafka|postgres|redis)" ;; esac
}

cmd_up() {
  local t0; t0="$(now)"
  if ! is_installed; then
    log "stack not fully installed yet, running install first"
    cmd_install
  else
    # cheap checks: config may depend on env overrides
    check_java
  fi
  step "PostgreSQL up" start_postgres
  step "Redis up" start_redis
  step "Kafka up" start_kafka
  log "stack up in $(elapsed "$t0")"
  cmd_status || true
}

cmd_down() {
  local t0; t0="$(now)"
  step "Kafka down" stop_kafka
  step "Redis down" stop_redis
  step "PostgreSQL down" stop_postgres fast
  log "stack down in $(elapsed "$t0") (data kept in $STACK_DIR)"
}

cmd_start() {
  local c="${1:-}"; valid_component "$c"
  case "$c" in
    kafka) step "Kafka start" start_kafka ;;
    postgres) step "PostgreSQL start" start_postgres ;;
    redis) step "Redis start" start_redis ;;
  esac
}

cmd_stop() {
  local c="${1:-}"; valid_component "$c"
  case "$c" in
    kafka) step "Kafka stop" stop_kafka ;;
    postgres) step "PostgreSQL stop" stop_postgres fast ;;
    redis) step "Redis stop" stop_redis ;;
  esac
}

cmd_kill9() {
  local c="${1:-}"; valid_component "$c"
  local pid; pid="$(component_pid "$c")"
  [ -n "$pid" ] || die "$c is not running"
  kill -KILL "$pid"
  wait_gone "$pid" 10 || die "$c (pid $pid) still alive after SIGKILL"
  log "$c: SIGKILL sent to pid $pid (process gone)"
}

cmd_pg_stop_immediate() {
  step "PostgreSQL stop -m immediate" stop_postgres immediate
}

cmd_reset() {
  cmd_down
  local t0; t0="$(now)"
  rm -rf "$KAFKA_DATA" "$KAFKA_HOME/cluster.id" "$KAFKA_HOME/format.info" "$KAFKA_PID" \
         "$PG_DATA" "$PG_RUN" "$REDIS_DATA" "$REDIS_PID"
  log "reset: deleted Kafka, PostgreSQL and Redis data under $STACK_DIR in $(elapsed "$t0") (kept jars in $KAFKA_LIBS and Maven cache $M2_REPO; 'rm -rf $STACK_DIR' removes everything)"
}

cmd_status() {
  local c pid state port all=0
  printf '%-9s %-8s %-8s %s\n' COMPONENT STATE PID ENDPOINT
  for c in "${COMPONENTS[@]}"; do
    pid="$(component_pid "$c" 2>/dev/null || true)"
    if [ -n "$pid" ]; then state=running; else state=stopped; pid=-; all=3; fi
    case "$c" in
      kafka) port="$BIND_HOST:$KAFKA_PORT (controller $BIND_HOST:$KAFKA_CONTROLLER_PORT, Kafka $KAFKA_VERSION KRaft)" ;;
      postgres) port="$BIND_HOST:$PG_PORT (db $PG_DB, superuser $PG_USER/$PG_PASSWORD; other roles: $INFRA_SECRETS)" ;;
      redis) port="$BIND_HOST:$REDIS_PORT (requirepass: REDIS_PASSWORD in $INFRA_SECRETS)" ;;
    esac
    printf '%-9s %-8s %-8s %s\n' "$c" "$state" "$pid" "$port"
  done
  echo "state dir: $STACK_DIR"
  return "$all"
}

cmd_env() {
  ensure_infra_secrets
  cat <<EOF
export KAFKA_BROKERS=$BIND_HOST:$KAFKA_PORT
export DATABASE_URL=$(pg_url "$PG_USER" "$PG_PASSWORD")
export PGHOST=$BIND_HOST PGPORT=$PG_PORT PGUSER=$PG_USER PGPASSWORD=$PG_PASSWORD PGDATABASE=$PG_DB
export MIGRATION_DATABASE_URL=$(pg_url "$PG_MIGRATOR" "$PG_MIGRATOR_PASSWORD")
EOF
  local svc pw_var
  for svc in "${PG_APP_SERVICES[@]}"; do
    pw_var="PG_APP_PASSWORD_${svc^^}"
    echo "export APP_DATABASE_URL_${svc^^}=$(pg_url "$(pg_app_role "$svc")" "${!pw_var}")"
  done
  cat <<EOF
export REDIS_URL=redis://:$REDIS_PASSWORD@$BIND_HOST:$REDIS_PORT
export REDISCLI_AUTH=$REDIS_PASSWORD
EOF
}

cmd_logs() {
  local follow=0 comps=() a
  for a in "$@"; do
    case "$a" in
      -f|--follow) follow=1 ;;
      kafka|postgres|redis) comps+=("$a") ;;
      *) die "usage: $0 logs [kafka|postgres|redis] [-f]" ;;
    esac
  done
  [ "${#comps[@]}" -gt 0 ] || comps=("${COMPONENTS[@]}")
  local files=() c
  for c in "${comps[@]}"; do
    case "$c" in
      kafka) files+=("$KAFKA_LOG") ;;
      postgres) files+=("$PG_LOG") ;;
      redis) files+=("$REDIS_LOG") ;;
    esac
  done
  local existing=() f
  for f in "${files[@]}"; do [ -f "$f" ] && existing+=("$f"); done
  [ "${#existing[@]}" -gt 0 ] || die "no log files yet (${files[*]})"
  if [ "$follow" -eq 1 ]; then
    exec tail -n "${LOG_LINES:-100}" -F "${existing[@]}"
  else
    tail -n "${LOG_LINES:-200}" "${existing[@]}"
  fi
}

usage() {
  cat <<EOF
usage: $0 <command>

  install                    install Debian packages (postgresql, redis-server) if missing, fetch
                             Kafka $KAFKA_VERSION jars with Maven, initdb, format Kafka storage
  up                         start PostgreSQL, Redis, Kafka (idempotent; waits until each serves)
  down                       graceful stop of all (SIGTERM, then SIGKILL after a timeout); keeps data
  status                     running/stopped, pid, endpoint (exit 3 if something is stopped)
  env                        print export lines for the endpoints (eval "\$($0 env)")
  logs [kafka|postgres|redis] [-f]
                             print (or follow) the logs
  start <kafka|postgres|redis>   start one component (e.g. after kill9)
  stop <kafka|postgres|redis>    gracefully stop one component
  kill9 <kafka|postgres|redis>   SIGKILL the component's main process (fault tests)
  pg-stop-immediate          pg_ctl stop -m immediate (crash-like stop; next start does recovery)
  reset                      down, then delete all data (keeps downloaded jars / Maven cache)

state dir: $STACK_DIR (STACK_DIR=...)
ports:     Kafka $BIND_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT), PostgreSQL $PG_PORT, Redis $REDIS_PORT
           (KAFKA_PORT, KAFKA_CONTROLLER_PORT, PG_PORT, REDIS_PORT)
EOF
}

main() {
  local cmd="${1:-}"; shift || true
  case "$cmd" in
    install)            take_lock; cmd_install ;;
    up)                 take_lock; cmd_up ;;
    down)               take_lock; cmd_down ;;
    start)              take_lock; cmd_start "$@" ;;
    stop)               take_lock; cmd_stop "$@" ;;
    kill9|kill-9)       take_lock; cmd_kill9 "$@" ;;
    pg-stop-immediate)  take_lock; cmd_pg_stop_immediate ;;
    reset)              take_lock; cmd_reset ;;
    status)             cmd_status ;;
    env)                cmd_env ;;
    logs)               cmd_logs "$@" ;;
    -h|--help|help|"")  usage ;;
    *)                  usage >&2; exit 2 ;;
  esac
}

main "$@"
