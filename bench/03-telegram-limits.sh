#!/usr/bin/env bash
# Benchmark 3, Telegram's limits: 10,000 replies to 500 chats put on bot.replies at once, against a Bot API stub that
# enforces 30 messages/s per bot and 1/s per chat with 429s: 429s provoked, sustained rate, lost, order per chat.
# Takes about 6 minutes (10,000 / 29.4 per s). Usage: bench/03-telegram-limits.sh   (BENCH_REPLIES=10000 - fewer for a
# quick run -, BENCH_CHATS=500; BENCH_JFR=1 records a JFR profile of the gateway)
# Starts its own broker (a JVM of its own) and redis-server, the gateway from its packaged jar, uses PostgreSQL's
# database tapbot_bench; stops all of it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib-stack.sh"
bench_init telegram-limits
bench_build bot-gateway
bench_classpath
bench_database
bench_start_redis
bench_start_broker
bench_java kz.tapbot.bench.TelegramLimitsBenchmark
bench_profiles
echo "logs: $BENCH_RUN"
