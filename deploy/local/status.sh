#!/usr/bin/env bash
# One line per component of the local stack: up/down, pid, port. Exit code 0 when all are up.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# listener_pid PORT: pid of the process listening on 127.0.0.1:PORT (via ss), or empty.
listener_pid() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -n1 | cut -d= -f2 || true
}

ALL_UP=1
# the name column widens when instances beyond the first (NAME-I, run.sh --replicas) are listed
NAME_WIDTH=18
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name _ <<<"$svc"
  if [[ $(service_instances "$name" | tail -n1) -gt 0 ]]; then NAME_WIDTH=20; fi
done
# line NAME STATE PID PORT [NOTE]
line() { printf "%-${NAME_WIDTH}s %-6s pid %-8s port %-5s %s\n" "$1" "$2" "${3:--}" "$4" "${5:-}"; [[ $2 == up ]] || ALL_UP=0; }

# component NAME PORT PIDNAME MATCH NOTE
component() {
  local name=$1 port=$2 pid="" state=down
  pid=$(pid_of "$3" "$4" 2>/dev/null || true)
  if port_open "$port"; then
    state=up
    [[ -n $pid ]] || pid=$(listener_pid "$port")
  fi
  line "$name" "$state" "$pid" "$port" "$5"
}

pg_note="(system)"; [[ -f $RUN_DIR/postgres.started-by-tapbot ]] && pg_note="(started by these scripts)"
redis_note="(system)"; [[ -f $RUN_DIR/redis.started-by-tapbot ]] && redis_note="(started by these scripts)"
component postgresql "$PG_PORT" postgres postgres "$pg_note"
component redis "$REDIS_PORT" redis redis-server "$redis_note"
kafka_note="(controller $KAFKA_CONTROLLER_PORT)"
if ! pid_of kafka kafka.Kafka >/dev/null 2>&1 && port_open "$KAFKA_PORT"; then
  kafka_note="(not started by these scripts)"
fi
component kafka "$KAFKA_PORT" kafka kafka.Kafka "$kafka_note"

# one line per instance: 0, those with a pid file, and 0..TAPBOT_REPLICAS-1
service_line() {
  local name=$1 dir=$2 port=$3 pid code
  pid=$(pid_of "$name" "$(service_jar "$dir")" 2>/dev/null || true)
  if port_open "$port"; then
    [[ -n $pid ]] || pid=$(listener_pid "$port")
    code=$(http_status "http://127.0.0.1:$port/q/health/ready")
    if [[ $code == 200 ]]; then line "$name" up "$pid" "$port" "(ready)"
    else line "$name" up "$pid" "$port" "(not ready: /q/health/ready -> $code)"; ALL_UP=0; fi
  elif [[ -n $pid ]]; then
    line "$name" down "$pid" "$port" "(starting: process alive, port not open yet)"
  else
    line "$name" down "" "$port"
  fi
}

for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name dir port <<<"$svc"
  for instance in $(service_instances "$name"); do
    service_line "$(instance_name "$name" "$instance")" "$dir" "$(instance_port "$port" "$instance")"
  done
done

[[ $ALL_UP -eq 1 ]]
