#!/usr/bin/env bash
# Stops what ./deploy/local/run.sh started: the five services (every instance of each) and the Kafka
# broker (by their pid files: TERM, wait up to 20 s, then KILL). Redis and PostgreSQL are stopped only
# if these scripts started them; a server that was already running is left alone.
#   ./deploy/local/stop.sh --purge   also deletes the Kafka data folder (.run/kafka/data)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $arg (usage: $0 [--purge])" ;;
  esac
done
ensure_run_dirs

# The services, every instance (run.sh --replicas), in parallel (each: TERM, up to 20 s, then KILL; 45 s
# for one that writes its class-data archive as it exits),
# then the broker they use.
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name dir _ <<<"$svc"
  for instance in $(service_instances "$name"); do
    stop_service "$(instance_name "$name" "$instance")" "$dir" &
  done
done
wait

stop_kafka

if [[ -f $RUN_DIR/redis.started-by-tapbot ]]; then
  if redis_ping; then
    info "Redis: stopping the server these scripts started (shutdown nosave)"
    redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    for ((i = 0; i < 40; i++)); do redis_ping || break; sleep 0.25; done
    redis_ping && warn "Redis still answers on $REDIS_HOST:$REDIS_PORT"
  fi
  rm -f "$RUN_DIR/redis.started-by-tapbot" "$PID_DIR/redis.pid"
else
  info "Redis: left running (not started by these scripts)"
fi

if [[ -f $RUN_DIR/postgres.started-by-tapbot ]]; then
  ver=$(cat "$RUN_DIR/postgres.started-by-tapbot")
  info "PostgreSQL $ver: stopping the cluster these scripts started"
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main stop >/dev/null 2>&1 || warn "pg_ctlcluster $ver main stop failed"
  rm -f "$RUN_DIR/postgres.started-by-tapbot"
else
  info "PostgreSQL: left running (not started by these scripts)"
fi

if [[ $PURGE -eq 1 ]]; then
  if port_open "$KAFKA_PORT" "$KAFKA_HOST" && ! pid_of kafka kafka.Kafka >/dev/null; then
    info "Kafka: a broker not started by these scripts still listens on $KAFKA_PORT; purging $KAFKA_DATA_DIR anyway"
  fi
  rm -rf "$KAFKA_DATA_DIR"
  info "Kafka: data folder $KAFKA_DATA_DIR deleted"
fi
info "Stopped."
