#!/usr/bin/env bash
# Booking contention: BENCH_ATTEMPTS (500) concurrent attempts at one apartment's same nights and at a trip's
# last seat (exactly one winner each), then non-conflicting bookings/s with BENCH_WORKERS (20 = the services'
# connection pool, quarkus.datasource.jdbc.max-size) against pgbench's simple-update rate (-N) on the same
# PostgreSQL with as many clients. Target: bookings/s >= 30% of pgbench's rate. The counted BENCH_SECONDS are
# BENCH_SLICES (4) slices that take turns with as many pgbench slices of the same length: each booking slice ends
# once the relay has published its events (counted in the bookings' time), then the harness JVM is stopped while
# pgbench runs. This machine's speed drifts by a quarter within minutes, and a baseline taken only before and after
# the harness saw another machine than the bookings did.
# Usage: bench/04-bookings.sh     (env: BENCH_ATTEMPTS, BENCH_WORKERS, BENCH_SECONDS=20, BENCH_SLICES=4, BENCH_WARMUP_SECONDS=180; BENCH_JFR=1 records a JFR
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
# 180 s: on the slowest host the JIT was still compiling the booking path after 60 s (the harness JVM's CPU per
# booking 1.37-1.49 ms after 60 s, 0.87-0.96 ms after 180 s), so 60 s measured a cold JVM against a warm pgbench
export BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-180}
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

run_harness() { # MODULE CLASS NAME: figures to $work/NAME.txt, its pgbench slices to $work/NAME-pgbench.log
  local try out=$work/$3.txt
  echo "[bench] $2: $BENCH_ATTEMPTS attempts at once, then $BENCH_WORKERS workers for $BENCH_SECONDS s in $BENCH_SLICES slices, pgbench -N (simple-update, $BENCH_WORKERS clients) between them"
  # up to 3 tries: a build of the same module running at the same time (another checkout user) can spoil one
  for try in 1 2 3; do
    set -m
    local profile=()
    if [[ ${BENCH_JFR:-0} == 1 ]]; then
      mkdir -p "$root/bench/target/jfr"
      # 256 frames a stack: at JFR's default 64, 89% of the booking threads' stacks were cut before their root
      profile=("-DargLine=-XX:FlightRecorderOptions=stackdepth=256 -XX:StartFlightRecording=filename=$root/bench/target/jfr/$2.jfr,settings=profile")
    fi
    : >"$work/$3-pgbench.log"
    TAPBOT_TEST_DB_URL=$db_url BENCH_OUT=$out BENCH_BASELINE_CMD="$work/pgbench-slice.sh $work/$3-pgbench.log" \
      mvn -B -o -q -pl "$1" test -Dtest="$2" "${profile[@]}" -Dsurefire.failIfNoSpecifiedTests=false >"$work/$2.log" 2>&1 &
    mvn_pid=$!
    set +m
    if wait "$mvn_pid" && [[ -s $out ]]; then
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
export PGPASSWORD=tapbot PGBENCH
"$PGBENCH" -h 127.0.0.1 -U tapbot -i -q -s 10 tapbot_bench_pgbench >"$work/pgbench-init.log" 2>&1 \
  || { cat "$work/pgbench-init.log" >&2; die "pgbench -i failed"; }
# one slice of the baseline, which the harness runs between its own slices: pgbench for SECONDS; appends its tps,
# its transactions and the machine's busy CPU ticks (10 ms) during it to LOG. The harness JVM that started it is
# stopped meanwhile (SIGSTOP, SIGCONT at the end): held, its workers book nothing, but its JIT compiler, in-process
# broker and relay poll took 3-16% of the machine during the slices
cat >"$work/pgbench-slice.sh" <<'SLICE'
#!/usr/bin/env bash
set -euo pipefail
log=$1 seconds=$2 harness=$PPID
kill -STOP "$harness"
trap 'kill -CONT "$harness"' EXIT
busy_ticks() { awk 'NR == 1 { for (i = 2; i <= NF; i++) if (i != 5 && i != 6) busy += $i; print busy }' /proc/stat; }
from=$(busy_ticks)
"$PGBENCH" -h 127.0.0.1 -U tapbot -N -M prepared -c "$BENCH_WORKERS" -j 2 -T "$seconds" tapbot_bench_pgbench \
  >"$log.out" 2>&1 || { cat "$log.out" >&2; exit 1; }
ticks=$(($(busy_ticks) - from))
awk -v ticks="$ticks" '/^number of transactions actually processed/ { split($NF, n, "/"); tx = n[1] }
  /^tps = .*without initial connection time/ { tps = $3 } END { print "tps", tps, "tx", tx, "ticks", ticks }' \
  "$log.out" >>"$log"
SLICE
chmod +x "$work/pgbench-slice.sh"
export BENCH_SLICES=${BENCH_SLICES:-4}
touch "$work/taxi.txt" "$work/apartment.txt"
[[ ${BENCH_ONLY:-taxi} == taxi ]] && run_harness taxi-service TaxiBookingBenchmark taxi
[[ ${BENCH_ONLY:-apartment} == apartment ]] && run_harness apartment-service ApartmentBookingBenchmark apartment
# the baseline of each harness: the mean tps of its pgbench slices; machine CPU ms per pgbench transaction
pgbench_tps() { awk '{ sum += $2; n++ } END { if (n > 0) printf "%.1f", sum / n }' "$1"; }
pgbench_slices() { awk '{ printf "%s%.0f", (NR > 1 ? " / " : ""), $2 }' "$1"; }
pgbench_cpu() { awk '{ tx += $4; t += $6 } END { if (tx > 0) printf "%.3f", t * 10 / tx }' "$1"; }

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
for svc in taxi apartment; do
  [[ -s $work/$svc.txt ]] || continue
  rate=$(fig "$svc.throughput.per_second")
  pg_tps=$(pgbench_tps "$work/$svc-pgbench.log")
  pg_min=$(awk -v t="$pg_tps" 'BEGIN { printf "%.1f", 0.3 * t }')
  row "$svc: non-conflicting bookings/s ($(fig "$svc.throughput.workers") workers)" "$rate" ">=$pg_min" "$pg_tps tps" "$(ratio "$rate" "$pg_tps")" "$(verdict "$rate" "$pg_min" ge)"
done
echo
[[ -s $work/apartment.txt ]] && echo "losers' outcome, apartment: $(fig apartment.same_nights.outcomes) in $(fig apartment.same_nights.ms) ms"
[[ -s $work/taxi.txt ]] && echo "losers' outcome, taxi:      $(fig taxi.last_seat.outcomes) in $(fig taxi.last_seat.ms) ms; open requests left: $(fig taxi.last_seat.open_requests)"
[[ -s $work/taxi.txt ]] && echo "taxi: $(fig taxi.throughput.bookings) bookings in $(fig taxi.throughput.seconds) s (after $BENCH_WARMUP_SECONDS s warm-up; of it $(fig taxi.throughput.settle_seconds) s waiting for the relay to publish each slice's events), not seated: $(fig taxi.throughput.not_seated); CPU ms per booking: harness JVM $(fig taxi.throughput.cpu_ms_per_booking.jvm), PostgreSQL $(fig taxi.throughput.cpu_ms_per_booking.postgres), machine $(fig taxi.throughput.cpu_ms_per_booking.machine)"
[[ -s $work/apartment.txt ]] && echo "apartment: $(fig apartment.throughput.bookings) bookings in $(fig apartment.throughput.seconds) s (after $BENCH_WARMUP_SECONDS s warm-up; of it $(fig apartment.throughput.settle_seconds) s waiting for the relay to publish each slice's events), refused: $(fig apartment.throughput.refused); CPU ms per booking: harness JVM $(fig apartment.throughput.cpu_ms_per_booking.jvm), PostgreSQL $(fig apartment.throughput.cpu_ms_per_booking.postgres), machine $(fig apartment.throughput.cpu_ms_per_booking.machine)"
for svc in taxi apartment; do
  [[ -s $work/$svc.txt ]] || continue
  echo "$svc's baseline: pgbench -N -M prepared -c $BENCH_WORKERS -j 2 (scale 10) in $BENCH_SLICES slices between the harness's: $(pgbench_slices "$work/$svc-pgbench.log") tps; machine CPU ms per transaction $(pgbench_cpu "$work/$svc-pgbench.log"); the harness JVM's CPU meanwhile (stopped) $(fig "$svc.baseline.cpu_ms.jvm") ms of the machine's $(fig "$svc.baseline.cpu_ms.machine") ms"
done
echo "(a taxi booking is one transaction of 2 statements and a commit: the seats with the driver and the booking in one, its event (confirmed, when seated at once) in the other; a pgbench -N transaction is 3 updates/inserts and a select)"
if [[ ${BENCH_JFR:-0} == 1 ]]; then
  for jfr in bench/target/jfr/*BookingBenchmark.jfr; do
    [[ -f $jfr ]] || continue
    echo
    echo "profile of the booking threads (JFR execution samples, whole run) in $jfr:"
    jfr print --stack-depth 256 --events jdk.ExecutionSample "$jfr" | awk -f bench/jfr-booking-threads.awk
  done
fi
