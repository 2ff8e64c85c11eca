#!/usr/bin/env bash
# Benchmark 1, webhook ingest: updates/s bot-gateway acknowledges with 64 concurrent senders, p50/p99, against the raw
# Kafka producer (ProducerPerformance) on the same broker with the same record size and acks.
# Usage: bench/01-ingest.sh    (BENCH_INGEST_SECONDS=30, BENCH_INGEST_WARMUP_SECONDS=90, BENCH_INGEST_SENDERS=64,
#                               BENCH_INGEST_RAW_RECORDS=500000; BENCH_JFR=1 records a JFR profile of the gateway)
# Starts its own broker (a JVM of its own) and redis-server, uses PostgreSQL's database tapbot_bench; stops all of it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib-stack.sh"
bench_init ingest
bench_build bot-gateway
bench_classpath
bench_database
bench_start_redis
bench_start_broker
bench_java kz.tapbot.bench.IngestBenchmark
bench_profiles
echo "logs: $BENCH_RUN"
