#!/usr/bin/env bash
# Footprint: the README's quick start (TAPBOT_SKIP_BUILD=1 ./deploy/local/run.sh) to a bot answering a message
# through the local web chat API, and the CPU each process of that stack uses while idle (over BENCH_IDLE_CPU_S,
# 30 s, from BENCH_IDLE_CPU_SETTLE_S, 30 s, after the bot answered); then for each service, restarted alone on the
# running stack the way run.sh starts it (same JVM flags, same environment): JVM start -> /q/health/ready 200,
# Quarkus's own "started in", and idle RSS BENCH_IDLE_S (10) seconds after ready. BENCH_ROUNDS (3) restarts per
# service, median reported, against BENCH_BASELINE_ROUNDS (1) restarts in the same run with the JVM's defaults (no
# class-data archive, the default JIT thresholds).
# BENCH_BUILD=1 also times the build run.sh does when the jars are out of date (mvn -B -q package -DskipTests),
# reported apart. Targets: each service ready <= 3 s after its JVM starts, idle RSS <= 250 MB.
# Needs the ports of the local stack (8080-8084, Kafka 9092) free: stop any running stack first
# (./deploy/local/stop.sh); this script stops the stack it started when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../deploy/local/lib.sh
source deploy/local/lib.sh
ROUNDS=${BENCH_ROUNDS:-3}
IDLE_S=${BENCH_IDLE_S:-10}
work=$(mktemp -d)
started_stack=0
sse_pid=""
cleanup() {
  if [[ -n $sse_pid ]]; then kill "$sse_pid" 2>/dev/null || true; fi
  if [[ $started_stack == 1 ]]; then ./deploy/local/stop.sh >"$work/stop.log" 2>&1 || cat "$work/stop.log" >&2; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in 8080 8081 8082 8083 8084 "$KAFKA_PORT"; do
  port_open "$port" && die "port $port is in use: another stack runs (./deploy/local/status.sh; stop it with ./deploy/local/stop.sh)"
done

build_s="-"
if [[ ${BENCH_BUILD:-0} == 1 ]]; then
  echo "[bench] building the services as run.sh does: mvn -B -q package -DskipTests"
  tb=$(now_ms)
  mvn -B -q package -DskipTests >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; die "the build failed"; }
  build_s=$(elapsed_s "$tb")
fi
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name dir port <<<"$svc"
  [[ -f $(service_jar "$dir") ]] || die "$dir has no packaged jar: mvn -B -o -q package -DskipTests -pl $dir -am"
done

# --- the quick start, to a bot answering
archives=0
for svc in "${TAPBOT_SERVICES[@]}"; do read -r name dir port <<<"$svc"; if cds_fresh "$dir"; then archives=$((archives + 1)); fi; done
echo "[bench] TAPBOT_SKIP_BUILD=1 ./deploy/local/run.sh (log $work/run.log), $archives of ${#TAPBOT_SERVICES[@]} services with a class-data archive from an earlier run"
t0=$(now_ms)
started_stack=1
TAPBOT_SKIP_BUILD=1 ./deploy/local/run.sh >"$work/run.log" 2>&1 || { cat "$work/run.log" >&2; die "run.sh failed"; }
run_ms=$(($(now_ms) - t0))
chat=$((900000000 + RANDOM))
curl -sN "http://127.0.0.1:8080/chat/api/taxi/chats/$chat/events" >"$work/sse.txt" 2>/dev/null &
sse_pid=$!
sleep 0.3
sent=$(now_ms)
curl -sf -H 'Content-Type: application/json' -d "{\"chatId\":$chat,\"firstName\":\"Bench\",\"languageCode\":\"ru\",\"text\":\"/start\"}" \
  "http://127.0.0.1:8080/chat/api/taxi/updates" >/dev/null || die "the web chat refused the message"
answer_ms=""
for ((i = 0; i < 600; i++)); do
  if grep -q '^data:' "$work/sse.txt"; then answer_ms=$(($(now_ms) - t0)); reply_ms=$(($(now_ms) - sent)); break; fi
  sleep 0.05
done
kill "$sse_pid" 2>/dev/null || true
sse_pid=""
[[ -n $answer_ms ]] || die "the taxi bot did not answer /start within 30 s"
echo "[bench] run.sh ready after $run_ms ms; the taxi bot answered /start $reply_ms ms after it was sent, $answer_ms ms after run.sh began"

# --- idle CPU of the running stack (see the header): each process's user + system ticks from /proc
IDLE_CPU_S=${BENCH_IDLE_CPU_S:-30}
IDLE_CPU_SETTLE_S=${BENCH_IDLE_CPU_SETTLE_S:-30}
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
ms_per_s() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v s="$IDLE_CPU_S" 'BEGIN { printf "%.1f", t * 1000 / hz / s }'; }
declare -A idle_pid idle_start idle_cpu
idle_names=(kafka)
for svc in "${TAPBOT_SERVICES[@]}"; do read -r name _ _ <<<"$svc"; idle_names+=("$name"); done
sleep "$IDLE_CPU_SETTLE_S"
for name in "${idle_names[@]}"; do
  idle_pid[$name]=$(cat "$PID_DIR/$name.pid")
  idle_start[$name]=$(cpu_ticks "${idle_pid[$name]}")
done
sleep "$IDLE_CPU_S"
total_ticks=0
for name in "${idle_names[@]}"; do
  ticks=$(($(cpu_ticks "${idle_pid[$name]}") - idle_start[$name]))
  total_ticks=$((total_ticks + ticks))
  idle_cpu[$name]=$(ms_per_s "$ticks")
done
idle_total=$(ms_per_s "$total_ticks")
idle_list=$(for n in "${idle_names[@]}"; do printf ' %s %s' "$n" "${idle_cpu[$n]}"; done)
echo "[bench] idle CPU (ms per s) over ${IDLE_CPU_S} s, ${IDLE_CPU_SETTLE_S} s after the bot answered:$idle_list, total $idle_total"

# --- each service alone, restarted on the running stack: BENCH_BASELINE_ROUNDS (1) restarts as the JVM starts
# it by default (no class-data archive, the JVM's own JIT thresholds and heap sizing: TAPBOT_CDS=0
# TAPBOT_SERVICE_JIT_OPTS="" TAPBOT_SERVICE_MEMORY_OPTS=""), then ROUNDS restarts as run.sh starts it (its archive,
# recorded when the first of these stops the one run.sh started, if it had none, and the flags of service_jit_opts
# and service_memory_opts)
BASELINE_ROUNDS=${BENCH_BASELINE_ROUNDS:-1}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# measure NAME DIR PORT LABEL: one restart; sets ok (ms to ready), quarkus (s), rss (MB)
measure() {
  local name=$1 dir=$2 port=$3 label=$4 pid i
  stop_service "$name" "$dir" >/dev/null
  sleep 2
  ts=$(now_ms)
  start_service "$name" "$dir" "$port" >/dev/null
  pid=$(cat "$PID_DIR/$name.pid")
  ok=""
  for ((i = 0; i < 2400; i++)); do
    if [[ $(http_status "http://127.0.0.1:$port/q/health/ready") == 200 ]]; then ok=$(($(now_ms) - ts)); break; fi
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$LOG_DIR/$name.log" >&2; die "$name exited while starting"; }
    sleep 0.05
  done
  [[ -n $ok ]] || die "$name was not ready within 120 s"
  sleep "$IDLE_S"
  rss=$(awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
  rss_file=$(awk '/^RssFile/ { printf "%d", $2 / 1024 }' "/proc/$pid/status")
  quarkus=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$LOG_DIR/$name.log" | tail -n1)
  local archive="no archive"
  grep -q 'SharedArchiveFile' "/proc/$pid/cmdline" && archive="archive $(du -m "$(cds_archive "$dir")" | cut -f1) MB"
  echo "[bench] $name $label: ready after ${ok} ms (Quarkus: started in ${quarkus}s), RSS ${rss} MB after ${IDLE_S} s idle, of which ${rss_file} MB file-backed ($archive)"
}
declare -A ready_ms started_s rss_mb base_ready_ms base_rss_mb
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name dir port <<<"$svc"
  readies=() rsss=()
  for ((r = 1; r <= BASELINE_ROUNDS; r++)); do
    TAPBOT_CDS=0 TAPBOT_SERVICE_JIT_OPTS="" TAPBOT_SERVICE_MEMORY_OPTS="" measure "$name" "$dir" "$port" "baseline round $r (JVM defaults, no archive)"
    readies+=("$ok") rsss+=("$rss")
  done
  base_ready_ms[$name]=$(median "${readies[@]}")
  base_rss_mb[$name]=$(median "${rsss[@]}")
  readies=() starts=() rsss=()
  for ((r = 1; r <= ROUNDS; r++)); do
    measure "$name" "$dir" "$port" "round $r"
    readies+=("$ok") starts+=("${quarkus:-0}") rsss+=("$rss")
  done
  ready_ms[$name]=$(median "${readies[@]}")
  started_s[$name]=$(median "${starts[@]}")
  rss_mb[$name]=$(median "${rsss[@]}")
done

verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "PASS" : "MISS" }'; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
echo
echo "Footprint ($(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -n1), JVM flags of run.sh: -Xmx384m $(service_jit_opts) $(service_memory_opts) ${TAPBOT_SERVICE_JAVA_OPTS:-})"
printf '%-48s %10s %8s %22s %8s %s\n' metric value target baseline ratio result
row() { printf '%-48s %10s %8s %22s %8s %s\n' "$@"; }
for svc in "${TAPBOT_SERVICES[@]}"; do
  read -r name _ _ <<<"$svc"
  s=$(secs "${ready_ms[$name]}")
  b=$(secs "${base_ready_ms[$name]}")
  row "$name: JVM start -> ready (s)" "$s" "<=3" "JVM defaults $b" \
    "$(awk -v a="$s" -v b="$b" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$(verdict "$s" 3) (Quarkus 'started in' ${started_s[$name]})"
  row "$name: idle RSS (MB)" "${rss_mb[$name]}" "<=250" "JVM defaults ${base_rss_mb[$name]}" \
    "$(awk -v a="${rss_mb[$name]}" -v b="${base_rss_mb[$name]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" "$(verdict "${rss_mb[$name]}" 250)"
done
row "run.sh (TAPBOT_SKIP_BUILD=1) -> ready (s)" "$(secs "$run_ms")" "-" "-" "-" ""
row "run.sh (TAPBOT_SKIP_BUILD=1) -> bot answers (s)" "$(secs "$answer_ms")" "-" "-" "-" ""
row "  of which /start -> first reply (s)" "$(secs "$reply_ms")" "-" "-" "-" ""
for name in "${idle_names[@]}"; do
  row "$name: idle CPU (ms per s)" "${idle_cpu[$name]}" "-" "-" "-" ""
done
row "the stack idle, all of the above (ms per s)" "$idle_total" "-" "-" "-" "(PostgreSQL and Redis not included)"
row "build, as run.sh does it (s)" "$build_s" "-" "-" "-" "$([[ $build_s == - ]] && echo '(BENCH_BUILD=1 to measure)')"
echo
echo "(median of $ROUNDS restarts per service as run.sh starts it: class-data archive and the flags above;"
echo " baseline: median of $BASELINE_ROUNDS with the JVM's defaults and no archive; ready = the spawn of the JVM to /q/health/ready 200,"
echo " polled every 50 ms, with the rest of the stack running idle; RSS = VmRSS $IDLE_S s after ready)"
