#!/usr/bin/env bash
# ai-service's dialog history of replies under a steady load (not one of issue 10's six): ai-service alone reads
# BENCH_REPLIES (4000) replies published on bot.replies at BENCH_RATE (40) a second, after BENCH_WARMUP (2000), and
# stores each in ai.dialog_message and the `conversations` collection. Prints the CPU ms per reply of ai-service, the
# broker, Redis, the harness and the whole machine (PostgreSQL included), from the first publish to the last commit.
# Usage: bench/reply-history.sh   (in turns against another build: bench/compare.sh ai-service REF N -- bench/reply-history.sh)
# Starts its own broker and redis-server and ai-service from its packaged jar, uses PostgreSQL's database
# tapbot_bench; stops all of it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib-stack.sh"
bench_init reply-history
bench_build ai-service
bench_classpath
bench_database
bench_start_redis
bench_start_broker
bench_java kz.tapbot.bench.ReplyHistoryBenchmark
bench_profiles
echo "logs: $BENCH_RUN"
