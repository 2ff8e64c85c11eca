#!/usr/bin/env bash
# Runs the whole TapBot system locally, without Docker:
#   PostgreSQL (database tapbot) + Redis (used if already running, else started/installed),
#   a single-node KRaft Kafka broker on 127.0.0.1:9092 (from its Maven artifacts),
#   and the five services from their packaged jars (built first when missing or out of date).
# Returns once everything is ready; the processes keep running in the background.
#   TAPBOT_SKIP_BUILD=1 ./deploy/local/run.sh   skips the Maven build (jars must exist)
#   ./deploy/local/run.sh --replicas 2           (or TAPBOT_REPLICAS=2) two instances of each service,
#                                                instance i on the service's port + 100*i (8080, 8180, ...)
# Stop with ./deploy/local/stop.sh, check with ./deploy/local/status.sh.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}
REPLICAS=${TAPBOT_REPLICAS:-1}
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --replicas) [[ $# -ge 2 ]] || die "--replicas needs a number"; REPLICAS=$2; shift 2 ;;
    --replicas=*) REPLICAS=${1#--replicas=}; shift ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
check_replicas "$REPLICAS"

T0=$(now_ms)
ensure_run_dirs
on_exit() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    echo "[tapbot] run.sh failed (exit $rc). Whatever it started keeps running: see ./deploy/local/status.sh, stop with ./deploy/local/stop.sh" >&2
  fi
}
trap on_exit EXIT

# Prints why the services must be (re)built, nothing when all five jars are up to date.
build_reason() {
  local svc name dir port jar newer
  for svc in "${TAPBOT_SERVICES[@]}"; do
    read -r name dir port <<<"$svc"
    jar=$(service_jar "$dir")
    if [[ ! -f $jar ]]; then echo "$dir/target/quarkus-app/quarkus-run.jar is missing"; return 0; fi
    newer=$(find "$TAPBOT_ROOT" \
      \( -name .git -o -name .run -o -name target -o -name node_modules -o -path "$TAPBOT_ROOT/deploy" \) -prune -o \
      \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$jar" -print -quit)
    if [[ -n $newer ]]; then echo "${newer#"$TAPBOT_ROOT"/} is newer than $dir/target/quarkus-app/quarkus-run.jar"; return 0; fi
  done
}

# Jars of the services that are not already answering on their port.
missing_jars() {
  local svc name dir port
  for svc in "${TAPBOT_SERVICES[@]}"; do
    read -r name dir port <<<"$svc"
    port_open "$port" && continue
    [[ -f $(service_jar "$dir") ]] || echo "$dir/target/quarkus-app/quarkus-run.jar"
  done
}

check_jars() {
  local missing
  missing=$(missing_jars)
  [[ -z $missing ]] && return 0
  while read -r jar; do
    printf '[tapbot] ERROR: %s not found%s\n' "$jar" "$1" >&2
  done <<<"$missing"
  exit 1
}

if [[ ${TAPBOT_SKIP_BUILD:-0} == 1 ]]; then
  info "TAPBOT_SKIP_BUILD=1: not building"
  check_jars ": build with 'mvn -B package -DskipTests' from the repo root (or run ./deploy/local/run.sh without TAPBOT_SKIP_BUILD=1)"
fi

ensure_postgres
ensure_database tapbot
ensure_redis
start_kafka

BUILD_S=""
if [[ ${TAPBOT_SKIP_BUILD:-0} != 1 ]]; then
  reason=$(build_reason)
  if [[ -n $reason ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to build the services"
    info "Building the services ($reason): mvn -B -q package -DskipTests (log $LOG_DIR/build.log)"
    tb=$(now_ms)
    if ! (cd "$TAPBOT_ROOT" && mvn -B -q package -DskipTests) >"$LOG_DIR/build.log" 2>&1; then
      tail -n 60 "$LOG_DIR/build.log" >&2
      die "the build failed (full log: $LOG_DIR/build.log)"
    fi
    BUILD_S=$(elapsed_s "$tb")
    info "Build done in $BUILD_S s"
    check_jars " after 'mvn -B -q package -DskipTests' (build log $LOG_DIR/build.log): is the module listed in <modules> of the root pom.xml?"
  else
    info "The service jars are up to date, not building"
  fi
fi

if [[ $REPLICAS -gt 1 && -z ${QDRANT_URL:-} ]]; then
  warn "$REPLICAS replicas with the embedded vector store: each instance of ai-service and apartment-service has its own index (instance i > 0 in ${TAPBOT_VECTOR_DATA_DIR:-data/vectors}-i), so search results can differ between instances until Qdrant is used (QDRANT_URL)"
fi

TS=$(now_ms)
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name dir port <<<"$svc"
  for ((i = 0; i < REPLICAS; i++)); do
    start_service "$name" "$dir" "$port" "$i"
  done
done
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name dir port <<<"$svc"
  for ((i = 0; i < REPLICAS; i++)); do
    wait_ready "$(instance_name "$name" "$i")" "$(instance_port "$port" "$i")" 120
  done
done

echo
info "Ready in $(elapsed_s "$T0") s from start${BUILD_S:+ (build $BUILD_S s)}; services ready $(elapsed_s "$TS") s after launch"
cat <<EOF

==========================================================================================
 TapBot is running. Web chat: http://localhost:8080/chat
   logs: .run/logs/    status: ./deploy/local/status.sh    stop: ./deploy/local/stop.sh
   PostgreSQL 127.0.0.1:5432 (db tapbot, user tapbot)  Redis 127.0.0.1:6379  Kafka 127.0.0.1:9092
==========================================================================================
EOF
if [[ $REPLICAS -gt 1 ]]; then
  printf ' %s instances of each service, instance i on its port + 100*i: web chat also on' "$REPLICAS"
  for ((i = 1; i < REPLICAS; i++)); do printf ' http://localhost:%s/chat' "$(instance_port 8080 "$i")"; done
  printf '\n'
fi
