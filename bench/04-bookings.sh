#!/usr/bin/env bash
# Booking contention: BENCH_ATTEMPTS (500) concurrent attempts at one apartment's same nights and at a trip's
# last seat (exactly one winner each), then non-conflicting bookings/s with BENCH_WORKERS (20 = the services'
# connection pool, quarkus.datasource.jdbc.max-size) against pgbench's simple-update rate (-N) on the same
# PostgreSQL with as many clients. Target: bookings/s >= 30% of pgbench's rate.
# Usage: bench/04-bookings.sh     (env: BENCH_ATTEMPTS, BENCH_WORKERS, BENCH_SECONDS=20, BENCH_WARMUP_SECONDS=60; BENCH_JFR=1 records a JFR
#        profile of each harness JVM in bench/target/jfr/ and prints its hottest frames; BENCH_ONLY=taxi|apartment)
# The services' own booking code runs in a JVM harness: TaxiBookingBenchmark and ApartmentBookingBenchmark, in
# the services' test sources, start the service (Quarkus test mode: CDI, JTA, Agroal pool, Flyway, outbox relay,
# an in-process Kafka broker) on database tapbot_bench and call TaxiBookings.carryOut / ApartmentBookings.request
# in one transaction each, as the bot.messages consumer does. pgbench runs on database tapbot_bench_pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# shellcheck source=../deploy/local/lib.sh
source deploy/local/lib.sh
export BENCH_ATTEMPTS=${BENCH_ATTEMPTS:-500} BENCH_WORKERS=${BENCH_WORKERS:-20} BENCH_SECONDS=${BENCH_SECONDS:-20}
export BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-60}
PGBENCH=$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)

work=$(mktemp -d)
mvn_pid=""
cleanup() {
  if [[ -n $mvn_pid ]] && kill -0 "$mvn_pid" 2>/dev/null; then kill -- "-$mvn_pid" 2>/dev/null || kill "$mvn_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_postgres >/dev/null
ensure_database tapbot_bench >/dev/null
ensure_database tapbot_bench_pgbench >/dev/null
db_url=jdbc:postgresql://127.0.0.1:5432/tapbot_bench

run_harness() { # MODULE CLASS OUT
  local try
  echo "[bench] $2: $BENCH_ATTEMPTS attempts at once, then $BENCH_WORKERS workers for $BENCH_SECONDS s"
  # up to 3 tries: a build of the same module running at the same time (another checkout user) can spoil one
  for try in 1 2 3; do
    set -m
    local profile=()
    if [[ ${BENCH_JFR:-0} == 1 ]]; then
      mkdir -p "$root/bench/target/jfr"
      profile=("-DargLine=-XX:StartFlightRecording=filename=$root/bench/target/jfr/$2.jfr,settings=profile")
    fi
    TAPBOT_TEST_DB_URL=$db_url BENCH_OUT=$3 mvn -B -o -q -pl "$1" test -Dtest="$2" "${profile[@]}" \
      -Dsurefire.failIfNoSpecifiedTests=false >"$work/$2.log" 2>&1 &
    mvn_pid=$!
    set +m
    if wait "$mvn_pid" && [[ -s $3 ]]; then
      mvn_pid=""
      return 0
    fi
    mvn_pid=""
    warn "$2 failed (try $try): $(grep -m1 -E 'Caused by|ERROR\]' "$work/$2.log")"
  done
  tail -n 80 "$work/$2.log" >&2
  die "$2 failed 3 times (log above)"
}
# the services' upstream modules from this checkout (kept as installed when they do not build right now)
mvn -B -o -q install -DskipTests -pl events,platform,geo,vector-store,test-support >"$work/install.log" 2>&1 \
  || warn "could not install the upstream modules (see below); using the ones in ~/.m2: $(grep -m1 ERROR "$work/install.log")"
# pgbench before and after the harnesses, the baseline their mean: on a shared machine the rate drifts by a
# quarter within minutes (4,059 and 3,103 tps in two runs minutes apart), and one reading taken after the
# harnesses only would let that drift into the ratio
export PGPASSWORD=tapbot
"$PGBENCH" -h 127.0.0.1 -U tapbot -i -q -s 10 tapbot_bench_pgbench >"$work/pgbench-init.log" 2>&1 \
  || { cat "$work/pgbench-init.log" >&2; die "pgbench -i failed"; }
busy_ticks() { awk 'NR == 1 { for (i = 2; i <= NF; i++) if (i != 5 && i != 6) busy += $i; print busy }' /proc/stat; }
run_pgbench() { # LOG; appends the machine's busy CPU ticks (10 ms) during the run
  local from
  echo "[bench] pgbench -N (simple-update), $BENCH_WORKERS clients, $BENCH_SECONDS s, on tapbot_bench_pgbench"
  from=$(busy_ticks)
  "$PGBENCH" -h 127.0.0.1 -U tapbot -N -M prepared -c "$BENCH_WORKERS" -j 2 -T "$BENCH_SECONDS" tapbot_bench_pgbench \
    >"$1" 2>&1 || { cat "$1" >&2; die "pgbench failed"; }
  echo "busy_ticks = $(($(busy_ticks) - from))" >>"$1"
}
# machine CPU ms per pgbench transaction (client included, as the harness's figure includes its JVM)
pgbench_cpu() { awk '/^number of transactions actually processed/ { split($NF, n, "/"); tx = n[1] } /^busy_ticks/ { t = $3 }
  END { if (tx > 0) printf "%.3f", t * 10 / tx }' "$1"; }
pgbench_tps() { sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$1"; }
run_pgbench "$work/pgbench-before.log"
touch "$work/taxi.txt" "$work/apartment.txt"
[[ ${BENCH_ONLY:-taxi} == taxi ]] && run_harness taxi-service TaxiBookingBenchmark "$work/taxi.txt"
[[ ${BENCH_ONLY:-apartment} == apartment ]] && run_harness apartment-service ApartmentBookingBenchmark "$work/apartment.txt"

run_pgbench "$work/pgbench.log"
pg_before=$(pgbench_tps "$work/pgbench-before.log")
pg_after=$(pgbench_tps "$work/pgbench.log")
pg_tps=$(awk -v a="$pg_before" -v b="$pg_after" 'BEGIN { printf "%.1f", (a + b) / 2 }')
pg_lat=$(sed -n 's/^latency average = \(.*\)$/\1/p' "$work/pgbench.log")

fig() { sed -n "s/^$1=//p" "$work/taxi.txt" "$work/apartment.txt" | head -n1; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "eq") ? (v == t) : (v >= t); print ok ? "PASS" : "MISS" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "-" }'; }

echo
echo "Booking contention ($(date -u +%FT%TZ), $(nproc) cores, PostgreSQL $(psql -h 127.0.0.1 -U tapbot -d tapbot_bench -Atc 'show server_version'))"
printf '%-52s %12s %10s %14s %8s %s\n' metric value target baseline ratio result
row() { printf '%-52s %12s %10s %14s %8s %s\n' "$@"; }
[[ -s $work/apartment.txt ]] && row "apartment: winners of $(fig apartment.same_nights.attempts) for the same nights" "$(fig apartment.same_nights.winners)" "1" "-" "-" "$(verdict "$(fig apartment.same_nights.winners)" 1 eq)"
[[ -s $work/taxi.txt ]] && row "taxi: winners of $(fig taxi.last_seat.attempts) for the last seat" "$(fig taxi.last_seat.winners)" "1" "-" "-" "$(verdict "$(fig taxi.last_seat.winners)" 1 eq)"
[[ -s $work/taxi.txt ]] && row "taxi: seats free after the race" "$(fig taxi.last_seat.seats_free_after)" "0" "-" "-" "$(verdict "$(fig taxi.last_seat.seats_free_after)" 0 eq)"
pg_min=$(awk -v t="$pg_tps" 'BEGIN { printf "%.1f", 0.3 * t }')
for svc in taxi apartment; do
  [[ -s $work/$svc.txt ]] || continue
  rate=$(fig "$svc.throughput.per_second")
  row "$svc: non-conflicting bookings/s ($(fig "$svc.throughput.workers") workers)" "$rate" ">=$pg_min" "$pg_tps tps" "$(ratio "$rate" "$pg_tps")" "$(verdict "$rate" "$pg_min" ge)"
done
echo
[[ -s $work/apartment.txt ]] && echo "losers' outcome, apartment: $(fig apartment.same_nights.outcomes) in $(fig apartment.same_nights.ms) ms"
[[ -s $work/taxi.txt ]] && echo "losers' outcome, taxi:      $(fig taxi.last_seat.outcomes) in $(fig taxi.last_seat.ms) ms; open requests left: $(fig taxi.last_seat.open_requests)"
[[ -s $work/taxi.txt ]] && echo "taxi: $(fig taxi.throughput.bookings) bookings in $(fig taxi.throughput.seconds) s (after $BENCH_WARMUP_SECONDS s warm-up), not seated: $(fig taxi.throughput.not_seated); CPU ms per booking: harness JVM $(fig taxi.throughput.cpu_ms_per_booking.jvm), PostgreSQL $(fig taxi.throughput.cpu_ms_per_booking.postgres), machine $(fig taxi.throughput.cpu_ms_per_booking.machine)"
[[ -s $work/apartment.txt ]] && echo "apartment: $(fig apartment.throughput.bookings) bookings in $(fig apartment.throughput.seconds) s (after $BENCH_WARMUP_SECONDS s warm-up), refused: $(fig apartment.throughput.refused); CPU ms per booking: harness JVM $(fig apartment.throughput.cpu_ms_per_booking.jvm), PostgreSQL $(fig apartment.throughput.cpu_ms_per_booking.postgres), machine $(fig apartment.throughput.cpu_ms_per_booking.machine)"
echo "pgbench -N -M prepared -c $BENCH_WORKERS -j 2 -T $BENCH_SECONDS (scale 10): $pg_before tps before the harnesses, $pg_after after (latency average $pg_lat); baseline $pg_tps; machine CPU ms per transaction $(pgbench_cpu "$work/pgbench-before.log") / $(pgbench_cpu "$work/pgbench.log")"
echo "(a taxi booking is one transaction of 3 round trips: the seats with the driver, the booking, its two events in one batch; a pgbench -N transaction is 3 updates/inserts and a select)"
if [[ ${BENCH_JFR:-0} == 1 ]]; then
  for jfr in bench/target/jfr/*BookingBenchmark.jfr; do
    [[ -f $jfr ]] || continue
    echo
    echo "profile of the booking threads (JFR execution samples, whole run) in $jfr:"
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$jfr" | awk -f bench/jfr-booking-threads.awk
  done
fi
