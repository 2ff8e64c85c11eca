#!/usr/bin/env bash
# redis-backup.sh: copies a consistent RDB snapshot (and the AOF, when on) of a running Redis.
#
# Usage: redis-backup.sh OUT_DIR
#
#   OUT_DIR  the backup goes into OUT_DIR/<UTC timestamp>/ (printed on stdout when done):
#              dump.rdb         written by a fresh BGSAVE, checked with redis-check-rdb
#              appendonlydir/   the multi-part AOF (Redis 7), when appendonly is yes
#              MANIFEST         dbsize (keys in dump.rdb, less the ones already expired), live
#                               DBSIZE, expires, Redis version, times
#              SHA256SUMS       checked by redis-restore.sh
#
# Runs BGSAVE, waits until LASTSAVE changes (REDIS_BGSAVE_TIMEOUT seconds, default 300), and
# copies the files from the server's `dir` (CONFIG GET dir / dbfilename / appenddirname): run it
# on the Redis host, or in the Redis pod, where that directory is readable. The RDB is the
# restore source; the AOF copy is taken while Redis may append to it, and redis-check-aof may
# report a truncated last command (Redis loads such a file; a warning is printed).
# Connection: REDIS_HOST (default 127.0.0.1), REDIS_PORT (default 6379), REDIS_PASSWORD or
# REDISCLI_AUTH (passed to redis-cli through the environment, never on its command line).
# Example:
#   REDIS_PASSWORD=... ./redis-backup.sh /backup/redis
# Exit codes: 0 done, 1 failed, 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in -h|--help) print_usage; exit 0 ;; esac
[[ $# -eq 1 ]] || usage_error "expected exactly one OUT_DIR"
out_dir=$1
require_commands redis-cli redis-check-rdb redis-check-aof sha256sum

redis_host=${REDIS_HOST:-127.0.0.1}
redis_port=${REDIS_PORT:-6379}
bgsave_timeout=${REDIS_BGSAVE_TIMEOUT:-300}
is_count "$bgsave_timeout" || usage_error "REDIS_BGSAVE_TIMEOUT must be a number of seconds"
if [[ -n ${REDIS_PASSWORD:-} ]]; then export REDISCLI_AUTH=$REDIS_PASSWORD; fi

rcli() { redis-cli --no-auth-warning -h "$redis_host" -p "$redis_port" "$@"; }
# config_value NAME -> the value of CONFIG GET NAME (its second line)
config_value() { rcli --raw CONFIG GET "$1" | sed -n 2p; }
info_field() { rcli --raw INFO "$1" | tr -d '\r' | sed -n "s/^$2://p"; }

pong=$(rcli PING 2>&1) || die "cannot reach Redis at $redis_host:$redis_port: $pong"
[[ $pong == PONG ]] || die "Redis at $redis_host:$redis_port answered PING with: $pong"

redis_dir=$(config_value dir)
rdb_name=$(config_value dbfilename)
aof_on=$(config_value appendonly)
aof_dirname=$(config_value appenddirname)
version=$(info_field server redis_version)
[[ -d $redis_dir && -r $redis_dir ]] \
  || die "the server's dir $redis_dir is not readable here: run this on the Redis host (or copy with 'redis-cli --rdb FILE')"

start_backup_dir "$out_dir"
started=$(iso_now)

# LASTSAVE counts whole seconds: if the last save was in this second, a new one could end in it
# too and go unnoticed. Wait for the server's clock to move past it first.
before=$(rcli LASTSAVE)
while [[ $(rcli --raw TIME | head -n 1) -le $before ]]; do sleep 0.2; done
dbsize_live=$(rcli DBSIZE)
t0=$(now_ms)
reply=$(rcli BGSAVE SCHEDULE 2>&1) || true
case $reply in
  *"saving started"*|*scheduled*) ;;
  *"already in progress"*) info "a background save is already running: using its result" ;;
  *) die "BGSAVE refused: $reply" ;;
esac
deadline=$(( $(date +%s) + bgsave_timeout ))
until [[ $(rcli LASTSAVE) -gt $before ]]; do
  (( $(date +%s) < deadline )) || die "no new save after ${bgsave_timeout} s (LASTSAVE still $before)"
  sleep 0.2
done
[[ $(info_field persistence rdb_last_bgsave_status) == ok ]] || die "BGSAVE failed (rdb_last_bgsave_status), see the Redis log"
info "BGSAVE done in $(elapsed_s "$t0") s"

cp -- "$redis_dir/$rdb_name" "$work_dir/dump.rdb" || die "copying $redis_dir/$rdb_name failed"
check=$(redis-check-rdb "$work_dir/dump.rdb" 2>&1) || { printf '%s\n' "$check" >&2; die "redis-check-rdb rejects the copied dump.rdb"; }
rdb_keys=$(sed -n 's/^\[info\] \([0-9]*\) keys read$/\1/p' <<<"$check")
rdb_expires=$(sed -n 's/^\[info\] \([0-9]*\) expires$/\1/p' <<<"$check")
rdb_expired=$(sed -n 's/^\[info\] \([0-9]*\) already expired$/\1/p' <<<"$check")
[[ -n $rdb_keys ]] || die "cannot read the key count from redis-check-rdb's output"
info "dump.rdb: ${rdb_keys} keys (${rdb_expires:-0} with a TTL, ${rdb_expired:-0} already expired), redis-check-rdb OK"

aof_files=0
if [[ $aof_on == yes ]]; then
  aof_dirname=${aof_dirname:-appendonlydir}
  # a rewrite replaces the AOF files; copy between rewrites
  while [[ $(info_field persistence aof_rewrite_in_progress) == 1 ]]; do
    (( $(date +%s) < deadline )) || die "an AOF rewrite is still running after ${bgsave_timeout} s"
    sleep 0.2
  done
  cp -r -- "$redis_dir/$aof_dirname" "$work_dir/appendonlydir" || die "copying $redis_dir/$aof_dirname failed"
  aof_files=$(find "$work_dir/appendonlydir" -type f | wc -l)
  aof_manifest=$(find "$work_dir/appendonlydir" -maxdepth 1 -name '*.manifest' | head -n 1)
  if [[ -z $aof_manifest ]]; then
    warn "the AOF copy has no manifest file"
  elif ! aof_check=$(redis-check-aof "$aof_manifest" 2>&1); then
    warn "redis-check-aof on the AOF copy: $(tail -n 1 <<<"$aof_check") (the RDB is the restore source)"
  else
    info "appendonlydir: $aof_files files, redis-check-aof OK"
  fi
fi

{
  echo "dbsize=$(( rdb_keys - ${rdb_expired:-0} ))"
  echo "dbsize_live=$dbsize_live"
  echo "rdb_keys=$rdb_keys"
  echo "rdb_expires=${rdb_expires:-0}"
  echo "redis_version=$version"
  echo "host=$redis_host"
  echo "port=$redis_port"
  echo "appendonly=$aof_on"
  echo "aof_files=$aof_files"
  echo "started_at=$started"
  echo "finished_at=$(iso_now)"
} > "$work_dir/MANIFEST"
write_sums "$work_dir"
finish_backup_dir "$work_dir" "$final_dir"
trap - EXIT
info "done: $final_dir"
printf '%s\n' "$final_dir"
