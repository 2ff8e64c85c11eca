#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md, or the ones named:
#   bench/run.sh                 all of them, in order
#   bench/run.sh ingest e2e      only those (names: the bench/*.sh scripts without their number and .sh)
# Each benchmark prints its figures and its baseline measured in the same run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
selected=("$@")
for script in [0-9][0-9]-*.sh; do
  name=${script#[0-9][0-9]-}
  name=${name%.sh}
  if ((${#selected[@]} == 0)) || [[ " ${selected[*]} " == *" $name "* ]]; then
    echo "=== benchmark: $name ($(date -u +%FT%TZ))"
    "./$script"
  fi
done
