#!/usr/bin/env bash
# ai-service's `conversations` collection under write load, for tuning its HNSW graph (not one of issue 10's six):
# BENCH_MESSAGES (20,000) dialog messages embedded as ai-service embeds them (ngram-768), upserted one by one at
# BENCH_RATE (400) a second into the embedded store (a commit every BENCH_COMMIT_SECONDS, 1; merges in the
# background), once per ef_construct in BENCH_EF (100 32: the engines' default first, as the baseline). Prints the
# process's CPU time per message, merges included, and recall@10 of unfiltered searches against exact ones (strict,
# and with ties counted).
# Usage: bench/conversation-inserts.sh     (no services, no database)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -B -o -q install -DskipTests -pl geo,vector-store >"$work/install.log" 2>&1 \
  || echo "[bench] WARNING: could not install geo,vector-store; using the ones in ~/.m2" >&2
mvn -B -o -q -pl bench compile >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
mvn -B -o -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null 2>&1 \
  || mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp" >"$work/cp.log" 2>&1 \
  || { tail -n 20 "$work/cp.log" >&2; exit 1; }
echo "Conversation inserts ($(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -n1))"
# shellcheck disable=SC2086
java ${BENCH_JAVA_OPTS:-} -Xmx1g -cp "bench/target/classes:$(cat "$work/cp")" kz.tapbot.bench.ConversationInsertBenchmark \
  "${BENCH_MESSAGES:-20000}" "${BENCH_RATE:-400}" ${BENCH_EF:-100 32}
