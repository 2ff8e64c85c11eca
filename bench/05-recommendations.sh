#!/usr/bin/env bash
# Recommendations: BENCH_LISTINGS (100,000) generated listings in the embedded vector store (Lucene HNSW, in a
# temporary directory), BENCH_QUERIES (1,000) top-10 searches with random city/price/guests/amenity/date filters
# after a warm-up, as apartment-service's ListingSearch runs them; p50/p99/max latency and recall@10 against an
# exact brute-force search with the same filters (the baseline, also timed), and the 12 slowest queries (city, listings
# through the payload filters).
# Target: p99 <= 20 ms, recall@10 >= 0.95.
# Usage: bench/05-recommendations.sh     (env: BENCH_LISTINGS, BENCH_QUERIES, BENCH_WARMUP; no services, no database;
#        BENCH_INDEX_DIR=dir keeps the index there and reuses it next time, for tuning the search alone;
#        BENCH_COMPACT=0 searches the index as the bulk load left it, without the compaction ListingIndex does)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
java_pid=""
cleanup() {
  if [[ -n $java_pid ]] && kill -0 "$java_pid" 2>/dev/null; then kill "$java_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# vector-store (and what it needs) from this checkout; kept as installed when it does not build right now
mvn -B -o -q install -DskipTests -pl geo,vector-store >"$work/install.log" 2>&1 \
  || echo "[bench] WARNING: could not install geo,vector-store; using the ones in ~/.m2: $(grep -m1 ERROR "$work/install.log")" >&2
mvn -B -o -q -pl bench compile >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
# offline first; a fresh ~/.m2 may lack the dependency plugin, which one online run fetches
mvn -B -o -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp" >/dev/null 2>&1 \
  || mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$work/cp" >"$work/cp.log" 2>&1 \
  || { tail -n 20 "$work/cp.log" >&2; exit 1; }
listings=${BENCH_LISTINGS:-100000} queries=${BENCH_QUERIES:-1000} warmup=${BENCH_WARMUP:-300}
echo "[bench] $listings listings, $queries queries after $warmup warm-up queries (index in ${BENCH_INDEX_DIR:-a temp dir})"
# run from copies: another build replacing a jar in ~/.m2 midway would break the run
mkdir -p "$work/lib"
cp -r bench/target/classes "$work/lib/bench-classes"
classpath="$work/lib/bench-classes"
IFS=: read -ra jars <<<"$(cat "$work/cp")"
for jar in "${jars[@]}"; do
  [[ $jar == *.jar ]] || continue
  cp "$jar" "$work/lib/" && classpath+=":$work/lib/$(basename "$jar")"
done
java ${BENCH_JAVA_OPTS:-} -Xmx3g -cp "$classpath" kz.tapbot.bench.RecommendationBenchmark \
  "$listings" "$queries" "$warmup" ${BENCH_INDEX_DIR:+"$BENCH_INDEX_DIR"} >"$work/out.txt" &
java_pid=$!
wait "$java_pid"
java_pid=""

fig() { sed -n "s/^$1=//p" "$work/out.txt" | head -n1; }
verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (v <= t) : (v >= t); print ok ? "PASS" : "MISS" }'; }
echo
echo "Recommendations ($(date -u +%FT%TZ), $(nproc) cores, $(java -version 2>&1 | head -n1))"
printf '%-34s %10s %8s %16s %8s %s\n' metric value target "baseline (exact)" ratio result
row() { printf '%-34s %10s %8s %16s %8s %s\n' "$@"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }
row "p50 latency (ms)" "$(fig store_p50_ms)" "-" "$(fig exact_p50_ms)" "$(ratio "$(fig store_p50_ms)" "$(fig exact_p50_ms)")" ""
row "p99 latency (ms)" "$(fig store_p99_ms)" "<=20" "$(fig exact_p99_ms)" "$(ratio "$(fig store_p99_ms)" "$(fig exact_p99_ms)")" "$(verdict "$(fig store_p99_ms)" 20 le)"
row "max latency (ms)" "$(fig store_max_ms)" "-" "$(fig exact_max_ms)" "-" ""
row "recall@10" "$(fig recall_at_10)" ">=0.95" "1" "-" "$(verdict "$(fig recall_at_10)" 0.95 ge)"
echo
echo "(ratio: how many times faster than the exact search; latency = the store's filtered search for 50 candidates + the dates check)"
grep -E '^(listings|embed_seconds|index_seconds|compact_seconds|queries_with|recall_at_10\[|slow_query)' "$work/out.txt" | sed 's/^/  /'
