#!/usr/bin/env bash
# Runs one benchmark in turns against two builds of one service, so that a noisy host's drift falls on both alike
# (on the twelfth session's host the same jar's figure varied 3x within the hour; docs/benchmarks.md, 1).
#   bench/compare.sh MODULE GIT_REF [ROUNDS] -- BENCHMARK [ENV=VALUE ...]
#   e.g. bench/compare.sh bot-gateway 66dfcb4 2 -- bench/01-ingest.sh BENCH_INGEST_WARMUP_SECONDS=60
# Builds MODULE at GIT_REF in a git worktree (offline), then ROUNDS times: the benchmark with GIT_REF's jar, then with
# the working tree's (which must be packaged already, as BENCH_SKIP_BUILD=1 needs). Each run's log is kept in
# bench/target/compare/; its figures table is printed as it ends. The working tree's jar is put back however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
module=${1:?MODULE}
ref=${2:?GIT_REF}
rounds=3
shift 2
if [[ ${1:-} != -- ]]; then rounds=${1:?ROUNDS}; shift; fi
[[ ${1:-} == -- ]] || { echo "usage: bench/compare.sh MODULE GIT_REF [ROUNDS] -- BENCHMARK [ENV=VALUE ...]" >&2; exit 2; }
shift
benchmark=${1:?BENCHMARK}
shift
app="$module/target/quarkus-app"
[[ -f $app/quarkus-run.jar ]] || { echo "$app/quarkus-run.jar is missing: package $module first" >&2; exit 1; }

out=bench/target/compare
mkdir -p "$out"
work=$(mktemp -d)
tree="$work/tree"
cleanup() {
  if [[ -d $work/head-app ]]; then rm -rf "$app"; mv "$work/head-app" "$app"; fi
  git worktree remove --force "$tree" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "building $module at $ref (offline) in $tree"
git worktree add -f "$tree" "$ref" >/dev/null
(cd "$tree" && mvn -B -o -q package -DskipTests -pl "$module" -am >"$work/build.log" 2>&1) \
  || { tail -n 30 "$work/build.log"; echo "could not build $module at $ref" >&2; exit 1; }
cp -r "$app" "$work/head-app"

for round in $(seq 1 "$rounds"); do
  # the working tree's side has a name no git ref has: with GIT_REF HEAD both sides were called HEAD, and both ran
  # the working tree's jar
  for side in "$ref" working-tree; do
    rm -rf "$app"
    if [[ $side == working-tree ]]; then cp -r "$work/head-app" "$app"; else cp -r "$tree/$app" "$app"; fi
    log="$out/$side-$round.log"
    echo "== round $round, $module at $side ($benchmark)"
    env BENCH_SKIP_BUILD=1 "$@" "$benchmark" >"$log" 2>&1 || echo "   (the benchmark exited with $?; see $log)"
    grep -E '^\| |^  \* CPU' "$log" | grep -v '^|--' || tail -n 20 "$log"
  done
done
