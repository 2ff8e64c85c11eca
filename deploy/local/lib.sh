#!/usr/bin/env bash
# Shared functions for the local TapBot stack (no Docker): PostgreSQL, Redis, a single-node KRaft
# Kafka broker run from its Maven artifacts, and the five Quarkus services.
#
# Sourced by run.sh, stop.sh, status.sh and test.sh. It can also be run directly to call one
# function, e.g.  ./deploy/local/lib.sh start_kafka   or   ./deploy/local/lib.sh ensure_database tapbot
#
# Works as root on a fresh Debian 12 / Ubuntu machine that has only a JDK 17 and Maven (it installs
# postgresql, redis-server, chromium with apt-get when they are missing), and on a machine where
# PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) already run (it then just uses them).
set -euo pipefail

TAPBOT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TAPBOT_LOCAL_DIR="$TAPBOT_ROOT/deploy/local"
RUN_DIR="$TAPBOT_ROOT/.run"              # git-ignored
LOG_DIR="$RUN_DIR/logs"
PID_DIR="$RUN_DIR/pids"
KAFKA_DIR="$RUN_DIR/kafka"
KAFKA_DATA_DIR="$KAFKA_DIR/data"
KAFKA_POM="$TAPBOT_LOCAL_DIR/kafka/pom.xml"

PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379
KAFKA_HOST=127.0.0.1
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093

# The five services: name, module directory, HTTP port.
# shellcheck disable=SC2034  # used by run.sh, stop.sh, status.sh
TAPBOT_SERVICES=(
  "bot-gateway bot-gateway 8080"
  "ai-service ai-service 8081"
  "taxi-service taxi-service 8082"
  "apartment-service apartment-service 8083"
  "analytics-service analytics-service 8084"
)

# ----------------------------------------------------------------------------------------------
# Small helpers
# ----------------------------------------------------------------------------------------------

info() { printf '[tapbot] %s\n' "$*"; }
warn() { printf '[tapbot] WARNING: %s\n' "$*" >&2; }
die() { printf '[tapbot] ERROR: %s\n' "$*" >&2; exit 1; }

now_ms() { date +%s%3N; }
# elapsed_s START_MS -> "12.3"
elapsed_s() { local d=$(( $(now_ms) - $1 )); printf '%d.%d' $((d / 1000)) $(((d % 1000) / 100)); }

ensure_run_dirs() { mkdir -p "$LOG_DIR" "$PID_DIR" "$KAFKA_DIR"; }

# port_open PORT [HOST]: true when something accepts TCP connections there.
port_open() {
  local port=$1 host=${2:-127.0.0.1}
  timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# http_status URL -> prints the HTTP status code (000 when nothing answers). Uses curl when it is
# installed, else a bare HTTP/1.0 request over bash's /dev/tcp (only http://host:port/path URLs).
http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true
    return 0
  fi
  local rest=${url#http://} hostport path host port line
  hostport=${rest%%/*}; path=/${rest#*/}; host=${hostport%%:*}; port=${hostport##*:}
  line=$(timeout 5 bash -c "exec 3<>/dev/tcp/$host/$port || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' '$path' '$host' >&3
    head -n1 <&3" 2>/dev/null || true)
  if [[ $line =~ ^HTTP/[0-9.]+\ ([0-9]{3}) ]]; then echo "${BASH_REMATCH[1]}"; else echo 000; fi
}

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

_APT_UPDATED=0
# apt_install PKG...: apt-get update (once per script run) + install, non-interactive.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand"
  if [[ $_APT_UPDATED -eq 0 ]]; then
    info "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null || die "apt-get update failed"
    _APT_UPDATED=1
  fi
  info "apt-get install -y $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null \
    || die "apt-get install $* failed"
}

# pid_of NAME MATCH: prints the pid recorded in $PID_DIR/NAME.pid when that process is alive and its
# command line contains MATCH (guards against a recycled pid); returns 1 otherwise.
pid_of() {
  local name=$1 match=$2 pidfile="$PID_DIR/$1.pid" pid
  [[ -f $pidfile ]] || return 1
  pid=$(cat "$pidfile" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  local cmdline
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$match"* ]] || return 1
  echo "$pid"
}

# stop_pid NAME MATCH TIMEOUT_S: TERM the process of NAME.pid, wait, then KILL; removes the pid file.
# STOP_PID_KILLED is 1 after it had to KILL, else 0.
STOP_PID_KILLED=0
stop_pid() {
  local name=$1 match=$2 timeout_s=$3 pid i
  STOP_PID_KILLED=0
  if ! pid=$(pid_of "$name" "$match"); then
    if [[ -f "$PID_DIR/$name.pid" ]]; then info "$name: not running (removing stale pid file)"; rm -f "$PID_DIR/$name.pid"; fi
    return 0
  fi
  info "$name: stopping pid $pid (TERM)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < timeout_s * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name: still alive after ${timeout_s}s, sending KILL"
    STOP_PID_KILLED=1
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PID_DIR/$name.pid"
  info "$name: stopped"
}

# spawn_detached PIDFILE LOGFILE CMD...: runs CMD in its own session (survives Ctrl-C of the caller
# and the end of the calling script), stdout+stderr appended to LOGFILE, its pid written to PIDFILE.
spawn_detached() {
  local pidfile=$1 logfile=$2; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$ and $@ expand in the child bash
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  local i
  for ((i = 0; i < 50; i++)); do [[ -s $pidfile ]] && return 0; sleep 0.1; done
  die "could not start: $* (no pid file $pidfile)"
}

# rotate_log FILE: keeps one previous log as FILE.1
rotate_log() { [[ -f $1 ]] && mv -f "$1" "$1.1"; return 0; }

java_bin() { if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi; }

# ----------------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------------

pg_ready() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 2
  else
    port_open "$PG_PORT" "$PG_HOST"
  fi
}

PG_ETC=/etc/postgresql
# pg_latest_version: newest installed PostgreSQL major version (from /etc/postgresql), or empty.
pg_latest_version() {
  [[ -d $PG_ETC ]] || return 0
  find "$PG_ETC" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort -V | tail -n1
}

ensure_postgres() {
  ensure_run_dirs
  if pg_ready; then
    info "PostgreSQL: using the server on $PG_HOST:$PG_PORT"
    return 0
  fi
  local ver
  ver=$(pg_latest_version)
  if [[ -z $ver ]]; then
    info "PostgreSQL: not installed, installing it"
    apt_install postgresql postgresql-client
    ver=$(pg_latest_version)
    [[ -n $ver ]] || die "PostgreSQL installed but $PG_ETC is empty"
    # The package may already have started its cluster (where the init system allows it).
    if pg_ready; then
      info "PostgreSQL $ver: started by the package, ready on $PG_HOST:$PG_PORT"
      echo "$ver" >"$RUN_DIR/postgres.started-by-tapbot"
      return 0
    fi
  fi
  if [[ ! -d $PG_ETC/$ver/main ]]; then
    info "PostgreSQL $ver: creating cluster 'main'"
    as_root pg_createcluster "$ver" main >/dev/null
  fi
  info "PostgreSQL $ver: starting cluster 'main'"
  local out
  if ! out=$(as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start 2>&1); then
    grep -qi 'already running' <<<"$out" || { printf '%s\n' "$out" >&2; die "PostgreSQL $ver: pg_ctlcluster start failed"; }
  fi
  echo "$ver" >"$RUN_DIR/postgres.started-by-tapbot"
  local i
  for ((i = 0; i < 60; i++)); do
    if pg_ready; then info "PostgreSQL $ver: ready on $PG_HOST:$PG_PORT"; return 0; fi
    sleep 0.5
  done
  if command -v pg_lsclusters >/dev/null 2>&1; then pg_lsclusters >&2 || true; fi
  tail -n 30 "/var/log/postgresql/postgresql-$ver-main.log" >&2 2>/dev/null || true
  die "PostgreSQL $ver did not accept connections on $PG_HOST:$PG_PORT within 30 s"
}

_PG_SUPER_MODE=""
# pg_super ARGS...: psql as the PostgreSQL superuser, on database postgres. Prefers the Unix socket
# with peer auth as the 'postgres' OS user (fresh Debian install), falls back to TCP as user postgres
# (trust auth, e.g. this dev machine).
pg_super() {
  if [[ -z $_PG_SUPER_MODE ]]; then
    if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1 && command -v runuser >/dev/null 2>&1 \
      && (cd / && runuser -u postgres -- psql -X -p "$PG_PORT" -Atqc 'select 1' -d postgres) >/dev/null 2>&1; then
      _PG_SUPER_MODE=peer
    elif psql -X -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1 </dev/null; then
      _PG_SUPER_MODE=tcp
    else
      die "cannot reach PostgreSQL as superuser: neither 'runuser -u postgres -- psql' (socket, peer auth) nor 'psql -h $PG_HOST -U postgres' (TCP) works"
    fi
  fi
  if [[ $_PG_SUPER_MODE == peer ]]; then
    (cd / && runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -Atq -p "$PG_PORT" -d postgres "$@")
  else
    psql -X -v ON_ERROR_STOP=1 -Atq -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres "$@"
  fi
}

# ensure_database NAME: login role tapbot/tapbot + database NAME owned by tapbot; checks that tapbot
# can log in over TCP on 127.0.0.1 with its password.
ensure_database() {
  local db=${1:?usage: ensure_database NAME}
  [[ $db =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "invalid database name: $db"
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  pg_super <<'SQL' >/dev/null || die "could not create/update role tapbot"
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tapbot') THEN
    CREATE ROLE tapbot LOGIN PASSWORD 'tapbot';
  ELSE
    ALTER ROLE tapbot WITH LOGIN PASSWORD 'tapbot';
  END IF;
END
$$;
SQL
  local owner
  owner=$(pg_super -c "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = '$db'" </dev/null)
  if [[ -z $owner ]]; then
    pg_super -c "CREATE DATABASE \"$db\" OWNER tapbot" </dev/null >/dev/null || die "could not create database $db"
    info "PostgreSQL: created database $db (owner tapbot)"
  elif [[ $owner != tapbot ]]; then
    pg_super -c "ALTER DATABASE \"$db\" OWNER TO tapbot" </dev/null >/dev/null || die "could not change owner of $db"
    info "PostgreSQL: database $db existed (owner $owner), owner set to tapbot"
  else
    info "PostgreSQL: database $db exists (owner tapbot)"
  fi
  if ! PGPASSWORD=tapbot PGCONNECT_TIMEOUT=5 psql -X -h "$PG_HOST" -p "$PG_PORT" -U tapbot -d "$db" -Atqc 'select 1' </dev/null >/dev/null; then
    die "role tapbot cannot log in to $db over TCP $PG_HOST:$PG_PORT with its password: check pg_hba.conf (needs a 'host $db tapbot 127.0.0.1/32 scram-sha-256' (or md5/trust) line)"
  fi
}

# ----------------------------------------------------------------------------------------------
# Redis
# ----------------------------------------------------------------------------------------------

redis_ping() { [[ $(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

ensure_redis() {
  ensure_run_dirs
  command -v redis-cli >/dev/null 2>&1 || apt_install redis-tools
  if redis_ping; then
    info "Redis: using the server on $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1; then
    info "Redis: not installed, installing it"
    apt_install redis-server redis-tools
    if redis_ping; then
      info "Redis: started by the package, ready on $REDIS_HOST:$REDIS_PORT"
      return 0
    fi
  fi
  local dir="$RUN_DIR/redis"
  mkdir -p "$dir"
  info "Redis: starting redis-server on $REDIS_HOST:$REDIS_PORT (data $dir, log $LOG_DIR/redis.log)"
  local args=(--daemonize yes --port "$REDIS_PORT" --dir "$dir" --logfile "$LOG_DIR/redis.log" --pidfile "$PID_DIR/redis.pid")
  # '-::1' (optional IPv6 bind) needs Redis >= 7; fall back to IPv4 only on older servers.
  redis-server "${args[@]}" --bind 127.0.0.1 -::1 >/dev/null 2>&1 \
    || redis-server "${args[@]}" --bind 127.0.0.1 >/dev/null \
    || die "redis-server failed to start (see $LOG_DIR/redis.log)"
  : >"$RUN_DIR/redis.started-by-tapbot"
  local i
  for ((i = 0; i < 40; i++)); do
    if redis_ping; then info "Redis: ready on $REDIS_HOST:$REDIS_PORT"; return 0; fi
    sleep 0.25
  done
  tail -n 30 "$LOG_DIR/redis.log" >&2 2>/dev/null || true
  die "Redis did not answer PONG on $REDIS_HOST:$REDIS_PORT within 10 s"
}

# ----------------------------------------------------------------------------------------------
# Chromium (headless browser test)
# ----------------------------------------------------------------------------------------------

ensure_chromium() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    info "Chromium: /usr/bin/chromium and /usr/bin/chromedriver present"
    return 0
  fi
  info "Chromium: installing chromium and chromium-driver"
  apt_install chromium chromium-driver
  [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] \
    || die "chromium installed but /usr/bin/chromium or /usr/bin/chromedriver is missing"
}

# ----------------------------------------------------------------------------------------------
# Kafka (single-node KRaft broker+controller from the Maven artifacts in deploy/local/kafka/pom.xml)
# ----------------------------------------------------------------------------------------------

KAFKA_CLASSPATH_FILE="$KAFKA_DIR/classpath.txt"
KAFKA_CLASSPATH_STAMP="$KAFKA_DIR/classpath.pom.sha256"

# kafka_classpath: resolves (once, again only when the pom changed or a jar vanished) and prints it.
kafka_classpath() {
  ensure_run_dirs
  local sum cp jar ok=1
  sum=$(sha256sum "$KAFKA_POM" | cut -d' ' -f1)
  if [[ -s $KAFKA_CLASSPATH_FILE && -f $KAFKA_CLASSPATH_STAMP && $(cat "$KAFKA_CLASSPATH_STAMP") == "$sum" ]]; then
    cp=$(cat "$KAFKA_CLASSPATH_FILE")
    local jars
    IFS=: read -ra jars <<<"$cp"
    for jar in "${jars[@]}"; do [[ -f $jar ]] || { ok=0; break; }; done
    if [[ $ok -eq 1 ]]; then printf '%s' "$cp"; return 0; fi
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to resolve the Kafka broker classpath"
  info "Kafka: resolving the broker classpath with Maven ($KAFKA_POM)" >&2
  if ! mvn -B -q -Dstyle.color=never -f "$KAFKA_POM" dependency:build-classpath \
      -Dmdep.outputFile="$KAFKA_CLASSPATH_FILE" >"$LOG_DIR/kafka-classpath.log" 2>&1; then
    tail -n 40 "$LOG_DIR/kafka-classpath.log" >&2
    die "Kafka: mvn dependency:build-classpath failed (full log: $LOG_DIR/kafka-classpath.log)"
  fi
  [[ -s $KAFKA_CLASSPATH_FILE ]] || die "Kafka: empty classpath in $KAFKA_CLASSPATH_FILE"
  echo "$sum" >"$KAFKA_CLASSPATH_STAMP"
  cat "$KAFKA_CLASSPATH_FILE"
}

kafka_write_config() {
  mkdir -p "$KAFKA_DATA_DIR"
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by deploy/local/lib.sh (start_kafka); edits are overwritten at each start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT,CONTROLLER://$KAFKA_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$KAFKA_HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA_DIR
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
  cat >"$KAFKA_DIR/log4j2.properties" <<'EOF'
# Written by deploy/local/lib.sh: broker logs to stdout (redirected to .run/logs/kafka.log).
status = warn
name = tapbot-local-kafka
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.authorizer.name = kafka.authorizer.logger
logger.authorizer.level = WARN
EOF
  cat >"$KAFKA_DIR/tools-log4j2.properties" <<'EOF'
# Written by deploy/local/lib.sh: command line tools (kafka_run_class) log warnings only, to stderr.
status = warn
name = tapbot-local-kafka-tools
appender.stderr.type = Console
appender.stderr.name = STDERR
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = STDERR
EOF
}

# kafka_run_class MAIN ARGS...: runs a Kafka main class (tools too) in the foreground with the
# broker's classpath and log4j2 config, e.g.
#   kafka_run_class org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
kafka_run_class() {
  local cp main=$1; shift
  cp=$(kafka_classpath)
  [[ -f $KAFKA_DIR/tools-log4j2.properties ]] || kafka_write_config
  "$(java_bin)" -Xmx256m -Dlog4j2.configurationFile="$KAFKA_DIR/tools-log4j2.properties" -cp "$cp" "$main" "$@"
}

kafka_format_storage() {
  if [[ -f $KAFKA_DATA_DIR/meta.properties ]]; then return 0; fi
  local cp id
  cp=$(kafka_classpath)
  id=$("$(java_bin)" -Dlog4j2.configurationFile="$KAFKA_DIR/tools-log4j2.properties" -cp "$cp" kafka.tools.StorageTool random-uuid 2>>"$LOG_DIR/kafka-format.log" | tail -n1) || true
  [[ -n $id ]] || die "Kafka: 'StorageTool random-uuid' printed nothing (see $LOG_DIR/kafka-format.log)"
  info "Kafka: formatting storage $KAFKA_DATA_DIR (cluster id $id)"
  if ! "$(java_bin)" -Dlog4j2.configurationFile="$KAFKA_DIR/tools-log4j2.properties" -cp "$cp" kafka.tools.StorageTool \
      format -t "$id" -c "$KAFKA_DIR/server.properties" >>"$LOG_DIR/kafka-format.log" 2>&1; then
    tail -n 20 "$LOG_DIR/kafka-format.log" >&2
    die "Kafka: storage format failed (see $LOG_DIR/kafka-format.log)"
  fi
}

kafka_wait_started() {
  local pid=$1 timeout_s=${2:-60} i
  for ((i = 0; i < timeout_s * 4; i++)); do
    if grep -q 'Kafka Server started' "$LOG_DIR/kafka.log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "----- tail of $LOG_DIR/kafka.log -----" >&2; tail -n 40 "$LOG_DIR/kafka.log" >&2 || true
      die "Kafka: the broker process (pid $pid) exited during startup"
    fi
    sleep 0.25
  done
  echo "----- tail of $LOG_DIR/kafka.log -----" >&2; tail -n 40 "$LOG_DIR/kafka.log" >&2 || true
  die "Kafka: broker not started within ${timeout_s} s (log: $LOG_DIR/kafka.log)"
}

start_kafka() {
  ensure_run_dirs
  local t0 pid cp
  t0=$(now_ms)
  if pid=$(pid_of kafka kafka.Kafka); then
    if port_open "$KAFKA_PORT" "$KAFKA_HOST"; then
      info "Kafka: already running (pid $pid) on $KAFKA_HOST:$KAFKA_PORT"
      return 0
    fi
    info "Kafka: pid $pid is starting, waiting for it"
    kafka_wait_started "$pid" 60
    return 0
  fi
  if port_open "$KAFKA_PORT" "$KAFKA_HOST"; then
    info "Kafka: something already listens on $KAFKA_HOST:$KAFKA_PORT, using it (not starting another broker)"
    return 0
  fi
  command -v "$(java_bin)" >/dev/null 2>&1 || die "java not found (JDK 17 needed)"
  cp=$(kafka_classpath)
  kafka_write_config
  kafka_format_storage
  rotate_log "$LOG_DIR/kafka.log"
  info "Kafka: starting the KRaft broker on $KAFKA_HOST:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT, log $LOG_DIR/kafka.log)"
  spawn_detached "$PID_DIR/kafka.pid" "$LOG_DIR/kafka.log" \
    "$(java_bin)" -Xms256m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.properties" \
    -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
  pid=$(cat "$PID_DIR/kafka.pid")
  kafka_wait_started "$pid" 60
  info "Kafka: started (pid $pid) in $(elapsed_s "$t0") s"
}

stop_kafka() {
  ensure_run_dirs
  if ! pid_of kafka kafka.Kafka >/dev/null && port_open "$KAFKA_PORT" "$KAFKA_HOST"; then
    info "Kafka: the broker on $KAFKA_HOST:$KAFKA_PORT was not started by these scripts, leaving it running"
    rm -f "$PID_DIR/kafka.pid"
    return 0
  fi
  stop_pid kafka kafka.Kafka 20
}

# ----------------------------------------------------------------------------------------------
# Services
# ----------------------------------------------------------------------------------------------

service_jar() { echo "$TAPBOT_ROOT/$1/target/quarkus-app/quarkus-run.jar"; }

# Instances of a service (run.sh --replicas N): instance I listens on PORT + 100*I. Instance 0 keeps
# the plain NAME (pid file, log), so a single replica looks exactly as it always did.
MAX_REPLICAS=10
# instance_name NAME I -> NAME for instance 0, NAME-I otherwise
instance_name() { if [[ ${2:-0} -eq 0 ]]; then echo "$1"; else echo "$1-$2"; fi; }
# instance_port PORT I -> the port of instance I of the service whose first instance uses PORT
instance_port() { echo $(($1 + 100 * ${2:-0})); }

# check_replicas N: dies unless N is a whole number from 1 to MAX_REPLICAS.
check_replicas() {
  [[ $1 =~ ^[1-9][0-9]*$ ]] && (($1 <= MAX_REPLICAS)) \
    || die "replicas must be a number from 1 to $MAX_REPLICAS (instance i of a service listens on its port + 100*i), got '$1'"
}

# service_instances NAME: the instance numbers to show or stop, one a line: 0, every instance with a pid
# file, and 0..TAPBOT_REPLICAS-1.
service_instances() {
  local name=$1 replicas=${TAPBOT_REPLICAS:-1} file base i
  {
    echo 0
    if [[ $replicas =~ ^[1-9][0-9]*$ ]]; then for ((i = 1; i < replicas && i < MAX_REPLICAS; i++)); do echo "$i"; done; fi
    for file in "$PID_DIR/$name"-*.pid; do
      base=${file##*/}
      if [[ $base =~ ^$name-([1-9][0-9]*)\.pid$ ]]; then echo "${BASH_REMATCH[1]}"; fi
    done
  } | sort -nu
}

# JVM flags every service starts with, here and in the image (deploy/k8s/base/config.yaml JAVA_OPTS): C2
# compiles a method after 10x the default number of calls, so it does not spend one of the two cores on code
# that only runs while the service starts; the code that serves requests still reaches C2 within seconds under
# load. Measured on the running stack: 18-22% off the time to ready, ~20 MB less idle RSS (docs/benchmarks.md, 6).
# TAPBOT_SERVICE_JIT_OPTS replaces them (empty: the JVM's defaults).
DEFAULT_SERVICE_JIT_OPTS="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"
service_jit_opts() { echo "${TAPBOT_SERVICE_JIT_OPTS-$DEFAULT_SERVICE_JIT_OPTS}"; }

# Memory an idle service gives back, here and in the image (config.yaml JAVA_OPTS): G1 (the JVM would pick the
# serial collector under a 1-CPU limit) runs a concurrent cycle after 5 s without a collection, and shrinks the heap
# to at most 40% free space. A start churns through most of the initial heap (1/64 of the machine's memory, capped by
# -Xmx) and nothing else would ever return it: ai-service sat at 252-279 MB idle, 174-177 MB with these
# (docs/benchmarks.md, 6). TAPBOT_SERVICE_MEMORY_OPTS replaces them (empty: the JVM's defaults).
DEFAULT_SERVICE_MEMORY_OPTS="-XX:+UseG1GC -XX:G1PeriodicGCInterval=5000 -XX:MaxHeapFreeRatio=40 -XX:MinHeapFreeRatio=10"
service_memory_opts() { echo "${TAPBOT_SERVICE_MEMORY_OPTS-$DEFAULT_SERVICE_MEMORY_OPTS}"; }

# Class-data sharing (AppCDS): the JVM maps the classes a service loaded from an archive instead of loading and
# verifying them again. A service started without a fresh archive records one when it exits
# (-XX:ArchiveClassesAtExit, JDK 17): stop_service keeps it if the JVM exited by itself within its time, and every
# later start maps it, until anything in target/quarkus-app is rebuilt (mvn clean removes it). TAPBOT_CDS=0: none.
cds_archive() { echo "$TAPBOT_ROOT/$1/target/quarkus-app/tapbot-cds.jsa"; }
cds_fresh() {
  local archive
  archive=$(cds_archive "$1")
  [[ -s $archive ]] || return 1
  [[ -z $(find "$(dirname "$archive")" -type f -newer "$archive" ! -name 'tapbot-cds.jsa*' -print -quit 2>/dev/null) ]]
}

# cds_opts MODULE_DIR INSTANCE: the archive when it is fresh; else, for instance 0, the flags that record one at
# exit (-Xlog:cds=off keeps the dump's notes on classes it skips out of the log).
cds_opts() {
  local dir=$1 instance=$2
  [[ ${TAPBOT_CDS:-1} == 1 ]] || return 0
  if cds_fresh "$dir"; then
    echo "-XX:SharedArchiveFile=$(cds_archive "$dir")"
  elif [[ $instance == 0 ]]; then
    echo "-XX:ArchiveClassesAtExit=$(cds_archive "$dir").recording -Xlog:cds=off"
  fi
}

# start_service NAME MODULE_DIR PORT [INSTANCE]: PORT is the service's own port (its instance 0);
# instance I > 0 runs as NAME-I on PORT + 100*I with TAPBOT_VECTOR_DATA_DIR suffixed with -I, so no
# two instances open the same embedded vector index.
start_service() {
  local name=${1:?} dir=${2:?} port=${3:?} instance=${4:-0} jar pid
  name=$(instance_name "$name" "$instance")
  port=$(instance_port "$port" "$instance")
  ensure_run_dirs
  jar=$(service_jar "$dir")
  if pid=$(pid_of "$name" "$jar"); then
    info "$name: already running (pid $pid)"
    return 0
  fi
  if port_open "$port"; then
    info "$name: something already answers on port $port, not starting another"
    return 0
  fi
  [[ -f $jar ]] || die "$dir/target/quarkus-app/quarkus-run.jar not found: build with 'mvn -B package -DskipTests' from the repo root (or run ./deploy/local/run.sh without TAPBOT_SKIP_BUILD=1)"
  rotate_log "$LOG_DIR/$name.log"
  info "$name: starting on port $port (log $LOG_DIR/$name.log)"
  (
    cd "$TAPBOT_ROOT/$dir"
    export TAPBOT_DB_URL="${TAPBOT_DB_URL:-jdbc:postgresql://127.0.0.1:5432/tapbot}"
    export TAPBOT_DB_USER="${TAPBOT_DB_USER:-tapbot}"
    export TAPBOT_DB_PASSWORD="${TAPBOT_DB_PASSWORD:-tapbot}"
    export TAPBOT_REDIS_URL="${TAPBOT_REDIS_URL:-redis://127.0.0.1:6379}"
    export TAPBOT_KAFKA_BOOTSTRAP_SERVERS="${TAPBOT_KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}"
    # spans only when there is somewhere to send them (./deploy/local/traces.sh prints them)
    if [[ -z ${TAPBOT_OTLP_ENDPOINT:-} ]]; then export TAPBOT_TRACING_DISABLED="${TAPBOT_TRACING_DISABLED:-true}"; fi
    if [[ $instance -gt 0 ]]; then export TAPBOT_VECTOR_DATA_DIR="${TAPBOT_VECTOR_DATA_DIR:-data/vectors}-$instance"; fi
    # shellcheck disable=SC2086,SC2046  # TAPBOT_SERVICE_JAVA_OPTS and the *_opts functions are lists of options
    spawn_detached "$PID_DIR/$name.pid" "$LOG_DIR/$name.log" \
      "$(java_bin)" -Xmx384m $(service_jit_opts) $(service_memory_opts) $(cds_opts "$dir" "$instance") \
      ${TAPBOT_SERVICE_JAVA_OPTS:-} \
      -Dquarkus.http.port="$port" -jar "$jar"
  )
}

# wait_ready NAME PORT [TIMEOUT_S]: polls /q/health/ready until HTTP 200.
wait_ready() {
  local name=${1:?} port=${2:?} timeout_s=${3:-120} code pid="" i
  [[ -f $PID_DIR/$name.pid ]] && pid=$(cat "$PID_DIR/$name.pid" 2>/dev/null || true)
  for ((i = 0; i < timeout_s * 2; i++)); do
    code=$(http_status "http://127.0.0.1:$port/q/health/ready")
    if [[ $code == 200 ]]; then info "$name: ready on port $port"; return 0; fi
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "----- tail of $LOG_DIR/$name.log -----" >&2; tail -n 60 "$LOG_DIR/$name.log" >&2 2>/dev/null || true
      die "$name: the process (pid $pid) exited before it was ready (log: $LOG_DIR/$name.log)"
    fi
    sleep 0.5
  done
  echo "----- tail of $LOG_DIR/$name.log -----" >&2; tail -n 60 "$LOG_DIR/$name.log" >&2 2>/dev/null || true
  die "$name: http://127.0.0.1:$port/q/health/ready not 200 within ${timeout_s} s (last status $code; log: $LOG_DIR/$name.log)"
}

# stop_service NAME MODULE_DIR: TERM, up to 20 s, then KILL. A service recording its class-data archive gets
# 45 s (it writes the archive as it exits); the archive is kept only when the JVM exited by itself.
stop_service() {
  local name=$1 dir=$2 jar pid archive recording="" timeout_s=20
  jar=$(service_jar "$dir")
  archive=$(cds_archive "$dir")
  if pid=$(pid_of "$name" "$jar") && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "-XX:ArchiveClassesAtExit=$archive.recording"; then
    recording="$archive.recording"
    timeout_s=45
  fi
  stop_pid "$name" "$jar" "$timeout_s"
  [[ -n $recording ]] || return 0
  if [[ $STOP_PID_KILLED == 0 && -s $recording ]]; then
    mv -f "$recording" "$archive"
    info "$name: class-data archive recorded ($(du -m "$archive" | cut -f1) MB), mapped from its next start"
  else
    rm -f "$recording"
    warn "$name: no class-data archive recorded (the JVM did not exit by itself); the next start records again"
  fi
}

# Run one function directly: ./deploy/local/lib.sh FUNCTION [ARGS...]
if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  [[ $# -gt 0 ]] || die "usage: $0 FUNCTION [ARGS...]   (e.g. $0 start_kafka)"
  declare -F "$1" >/dev/null || die "no such function: $1"
  "$@"
fi
