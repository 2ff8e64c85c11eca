# Sourced by bench/01-ingest.sh, 02-e2e.sh and 03-telegram-limits.sh: what they share to run the real parts.
#   bench_init NAME            run folder bench/target/NAME (logs, pid files); a trap stops everything started
#   bench_build MODULES...     installs the modules (offline) and packages the services' jars (BENCH_SKIP_BUILD=1: not)
#   bench_classpath            the bench module's classpath (its classes first), in $BENCH_CP
#   bench_start_broker         a KRaft broker in a JVM of its own (test-support's KafkaTestBroker), in $BENCH_KAFKA
#   bench_start_redis          a redis-server of its own on a free port, in $BENCH_REDIS_URL
#   bench_database [fresh]     PostgreSQL database tapbot_bench (created when missing), in $BENCH_DB_URL; fresh: the
#                              services' schemas dropped first
#   bench_java MAIN ARGS...    runs a harness class; the services it starts write their pids to $BENCH_PIDS
#   bench_profiles             with BENCH_JFR=1: each service's hottest methods (top frames of jdk.ExecutionSample)
# Every process started is recorded in $BENCH_PIDS and stopped on exit, however the script ends.
BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

bench_init() {
  BENCH_RUN="$BENCH_ROOT/bench/target/$1"
  rm -rf "$BENCH_RUN"
  mkdir -p "$BENCH_RUN"
  BENCH_PIDS="$BENCH_RUN/pids"
  : >"$BENCH_PIDS"
  export BENCH_RUN BENCH_PIDS
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
}

bench_cleanup() {
  local pid
  # the harness first (its shutdown hooks stop its services), then whatever is left, newest first
  for pid in $(tac "$BENCH_PIDS" 2>/dev/null); do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for _ in $(seq 1 100); do
    local alive=0
    for pid in $(cat "$BENCH_PIDS" 2>/dev/null); do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive == 0)) && break
    sleep 0.2
  done
  for pid in $(cat "$BENCH_PIDS" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
}

bench_build() {
  local modules
  if [[ ${BENCH_SKIP_BUILD:-0} == 1 ]]; then echo "BENCH_SKIP_BUILD=1: using the jars as they are"; return 0; fi
  modules=$(IFS=,; echo "$*")
  echo "building $modules (offline) ..."
  (cd "$BENCH_ROOT" && mvn -B -o -q install -DskipTests -pl "events,platform,geo,vector-store,test-support,$modules,bench" \
      >"$BENCH_RUN/build.log" 2>&1) || { tail -n 40 "$BENCH_RUN/build.log"; echo "build failed (log: $BENCH_RUN/build.log)"; exit 1; }
}

bench_classpath() {
  # offline first; a fresh ~/.m2 may lack the dependency plugin, which one online run fetches
  (cd "$BENCH_ROOT" && { mvn -B -o -q -pl bench dependency:build-classpath -Dmdep.outputFile="$BENCH_RUN/classpath.txt" \
      || mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$BENCH_RUN/classpath.txt"; } \
      >"$BENCH_RUN/classpath.log" 2>&1) || { tail -n 20 "$BENCH_RUN/classpath.log"; exit 1; }
  # a copy of the harness' classes: a rebuild of the module while the benchmark runs cannot pull them away
  cp -r "$BENCH_ROOT/bench/target/classes" "$BENCH_RUN/classes"
  BENCH_CP="$BENCH_RUN/classes:$(cat "$BENCH_RUN/classpath.txt")"
  export BENCH_CP
}

bench_start_broker() {
  local file="$BENCH_RUN/kafka.bootstrap"
  (cd "$BENCH_RUN" && exec java -Xms512m -Xmx1g -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$BENCH_CP" kz.tapbot.bench.BenchBroker "$file" \
      >"$BENCH_RUN/kafka.log" 2>&1) &
  echo $! >>"$BENCH_PIDS"
  BENCH_KAFKA_PID=$!
  export BENCH_KAFKA_PID
  for _ in $(seq 1 720); do   # up to 3 minutes: a loaded machine is slow to start a broker
    [[ -s $file ]] && break
    sleep 0.25
  done
  [[ -s $file ]] || { tail -n 30 "$BENCH_RUN/kafka.log"; echo "the Kafka broker did not start"; exit 1; }
  BENCH_KAFKA=$(cat "$file")
  export BENCH_KAFKA
  echo "Kafka broker: $BENCH_KAFKA"
}

bench_start_redis() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$BENCH_RUN" \
      >"$BENCH_RUN/redis.log" 2>&1 &
  echo $! >>"$BENCH_PIDS"
  BENCH_REDIS_PID=$!
  export BENCH_REDIS_PID
  for _ in $(seq 1 40); do
    [[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]] && break
    sleep 0.25
  done
  BENCH_REDIS_URL="redis://127.0.0.1:$port"
  export BENCH_REDIS_URL
  echo "Redis: $BENCH_REDIS_URL (its own redis-server)"
}

bench_database() {
  "$BENCH_ROOT/deploy/local/lib.sh" ensure_database tapbot_bench >/dev/null
  if [[ ${1:-} == fresh ]]; then
    # the services' schemas go (their migrations make them again at start), as the run's vector directory and
    # broker are new: ai-service would otherwise rebuild its conversations from every earlier run's history
    PGPASSWORD=tapbot psql -X -q -h 127.0.0.1 -U tapbot -d tapbot_bench -v ON_ERROR_STOP=1 \
      -c 'DROP SCHEMA IF EXISTS gateway, ai, taxi, apartments, analytics CASCADE' >/dev/null
  fi
  BENCH_DB_URL="jdbc:postgresql://127.0.0.1:5432/tapbot_bench"
  export BENCH_DB_URL
  echo "PostgreSQL: $BENCH_DB_URL"
}

bench_java() {
  local main=$1; shift
  java -Xmx2g -Dsun.net.httpserver.nodelay=true -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$BENCH_CP" -Dtapbot.root="$BENCH_ROOT" "$main" "$@" 2>>"$BENCH_RUN/harness.log" &
  local pid=$!
  echo "$pid" >>"$BENCH_PIDS"
  local rc=0
  wait "$pid" || rc=$?
  if ((rc != 0)); then
    echo "--- the harness failed (rc $rc); tail of $BENCH_RUN/harness.log:"
    tail -n 40 "$BENCH_RUN/harness.log"
  fi
  return "$rc"
}

bench_profiles() {
  [[ ${BENCH_JFR:-0} == 1 ]] || return 0
  local jfr
  for jfr in "$BENCH_RUN"/*.jfr; do
    [[ -f $jfr ]] || continue
    echo "--- $(basename "$jfr" .jfr): hottest methods (top frame of the CPU samples; full profile: jfr print $jfr)"
    jfr print --events jdk.ExecutionSample "$jfr" 2>/dev/null \
      | awk '/stackTrace = \[/ {getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print}' \
      | sort | uniq -c | sort -rn | awk 'NR <= 15'
  done
}
