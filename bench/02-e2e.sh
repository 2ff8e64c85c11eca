#!/usr/bin/env bash
# Benchmark 2, end to end: a steady 100 updates/s of taxi and apartment dialogs through gateway -> ai -> domain ->
# gateway -> Bot API stub; p50/p99 from the webhook to the stub receiving the reply, against the same rate through
# three hops of the broker alone.
# Usage: bench/02-e2e.sh   (BENCH_E2E_RATE=100, BENCH_E2E_WARMUP_SECONDS=180, BENCH_E2E_RAMP_SECONDS=90 (the first
#                           part of the warm-up, over which the rate climbs from a tenth of BENCH_E2E_RATE to all
#                           of it), BENCH_E2E_SECONDS=60, BENCH_E2E_BASELINE_SECONDS=20; BENCH_JFR=1 records a JFR
#                           profile of every service)
# Starts its own broker (a JVM of its own) and redis-server, all five services from their packaged jars, uses
# PostgreSQL's database tapbot_bench (the services' schemas dropped first); stops all of it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib-stack.sh"
bench_init e2e
bench_build bot-gateway ai-service taxi-service apartment-service analytics-service
bench_classpath
bench_database fresh
bench_start_redis
bench_start_broker
bench_java kz.tapbot.bench.EndToEndBenchmark
bench_profiles
echo "logs: $BENCH_RUN"
