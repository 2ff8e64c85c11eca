#!/usr/bin/env bash
# The embedded NLU parser's latency per message (p50/p99/max) and throughput on one thread.
# Usage: bench/00-nlu.sh [rounds]   (builds ai-service's test classes if needed; no broker, no database)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o install -DskipTests -pl events,platform,geo,vector-store >/dev/null 2>&1 || mvn -B -q install -DskipTests -pl events,platform,geo,vector-store
mvn -B -q -pl ai-service test-compile
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -pl ai-service dependency:build-classpath -Dmdep.outputFile="$cpfile" -Dmdep.includeScope=test >/dev/null
classpath=$(cat "$cpfile")
java -cp "ai-service/target/test-classes:ai-service/target/classes:${classpath}" kz.tapbot.ai.nlu.ParseBenchmark "${1:-50}"
