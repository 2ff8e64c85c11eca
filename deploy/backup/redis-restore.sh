#!/usr/bin/env bash
# redis-restore.sh: restores a backup made by redis-backup.sh into a stopped instance's data
# directory and starts Redis on it.
#
# Usage: redis-restore.sh [--config REDIS_CONF] BACKUP_DIR DATA_DIR [PORT]
#
#   BACKUP_DIR   an OUT_DIR/<timestamp> of redis-backup.sh; its SHA256SUMS is checked first
#   DATA_DIR     the data directory (`dir`) of the instance; a dump.rdb or AOF directory already
#                there is moved to DATA_DIR/pre-restore-<timestamp>/, never deleted
#   PORT         default 6379; nothing may answer on it (stop the instance first)
#   --config F   start redis-server with this configuration file (the instance's own); its
#                dbfilename and appenddirname are honoured and it is updated by CONFIG REWRITE
#                at the end. Without it Redis starts with the seed's persistence settings
#                (save 21600 1, appendfsync everysec), bound to 127.0.0.1, without a password.
#
# Steps: dump.rdb goes into DATA_DIR; redis-server starts with --appendonly no (Redis 7 started
# with appendonly yes on a directory holding only dump.rdb loads no keys: it trusts the empty
# AOF); DBSIZE must equal the key count recorded in the backup (less keys whose TTL ran out
# since); then CONFIG SET appendonly yes, wait until the AOF rewrite is done, and CONFIG REWRITE
# when a config file is in use so appendonly stays on after a restart. Redis is left running
# (log DATA_DIR/redis-restore.log unless the config file names one); the key count is printed
# on stdout.
# Connection for the checks: 127.0.0.1 (REDIS_HOST to change it), PORT; REDIS_PASSWORD or
# REDISCLI_AUTH only with --config (when that file sets requirepass). REDIS_START_TIMEOUT
# (seconds, default 300) bounds loading and the AOF rewrite.
# Example:
#   ./redis-restore.sh --config /etc/redis/redis.conf /backup/redis/20250131T020000Z /var/lib/redis
# Exit codes: 0 restored, 1 failed, 2 refused (checksum mismatch, port in use), 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

config=""
positional=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) print_usage; exit 0 ;;
    --config) [[ $# -ge 2 ]] || usage_error "--config needs a file"; config=$2; shift 2 ;;
    --config=*) config=${1#*=}; shift ;;
    --) shift; positional+=("$@"); break ;;
    -*) usage_error "unknown option: $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -ge 2 && ${#positional[@]} -le 3 ]] || usage_error "expected BACKUP_DIR DATA_DIR [PORT]"
backup_dir=${positional[0]}
data_dir=${positional[1]}
port=${positional[2]:-6379}
is_count "$port" || usage_error "PORT must be a number, not '$port'"
timeout_s=${REDIS_START_TIMEOUT:-300}
is_count "$timeout_s" || usage_error "REDIS_START_TIMEOUT must be a number of seconds"
require_commands redis-server redis-cli redis-check-rdb sha256sum setsid

[[ -f $backup_dir/dump.rdb ]] || die "$backup_dir has no dump.rdb"
[[ -z $config || -f $config ]] || die "no such config file: $config"
verify_sums "$backup_dir"
info "SHA256SUMS of $backup_dir OK"
recorded=$(sed -n 's/^dbsize=//p' "$backup_dir/MANIFEST" 2>/dev/null || true)

host=${REDIS_HOST:-127.0.0.1}
if [[ -n $config ]]; then
  config=$(cd "$(dirname "$config")" && pwd)/$(basename "$config")
  if [[ -n ${REDIS_PASSWORD:-} ]]; then export REDISCLI_AUTH=$REDIS_PASSWORD; fi
else
  unset REDISCLI_AUTH
fi
rcli() { redis-cli --no-auth-warning -h "$host" -p "$port" "$@"; }
info_field() { rcli --raw INFO "$1" | tr -d '\r' | sed -n "s/^$2://p"; }
# conf_setting NAME DEFAULT -> the value in the config file, else DEFAULT
conf_setting() {
  local value=""
  [[ -z $config ]] || value=$(awk -v k="$1" 'tolower($1) == k { v = $2 } END { gsub(/"/, "", v); print v }' "$config")
  printf '%s\n' "${value:-$2}"
}

if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
  refuse "something already listens on $host:$port: stop the instance before restoring into its data directory"
fi

mkdir -p "$data_dir"
data_dir=$(cd "$data_dir" && pwd)
rdb_name=$(conf_setting dbfilename dump.rdb)
aof_dirname=$(conf_setting appenddirname appendonlydir)
aside="$data_dir/pre-restore-$(backup_stamp)"
for old in "$rdb_name" "$aof_dirname" appendonly.aof; do
  if [[ -e $data_dir/$old ]]; then
    mkdir -p "$aside"
    mv -- "$data_dir/$old" "$aside/"
    info "moved the existing $old to $aside/"
  fi
done
cp -- "$backup_dir/dump.rdb" "$data_dir/$rdb_name"

# keys_expected: keys in the file less those whose TTL has already run out (Redis skips those)
keys_expected() {
  local report keys expired
  report=$(redis-check-rdb "$data_dir/$rdb_name" 2>&1) || { printf '%s\n' "$report" >&2; die "redis-check-rdb rejects $rdb_name"; }
  keys=$(sed -n 's/^\[info\] \([0-9]*\) keys read$/\1/p' <<<"$report")
  expired=$(sed -n 's/^\[info\] \([0-9]*\) already expired$/\1/p' <<<"$report")
  echo $(( keys - ${expired:-0} ))
}
expected_before=$(keys_expected)
if [[ -n $recorded && $recorded != "$expected_before" ]]; then
  info "the backup recorded $recorded keys; $((recorded - expected_before)) of them have expired since"
fi

log="$data_dir/redis-restore.log"
server_args=(--port "$port" --dir "$data_dir" --appendonly no)
if [[ -z $config ]]; then
  server_args+=(--bind 127.0.0.1 --dbfilename "$rdb_name" --save "21600 1" --appendfsync everysec)
fi
t0=$(now_ms)
info "starting redis-server on $host:$port with --appendonly no"
# setsid: the server outlives this script and its terminal
setsid redis-server ${config:+"$config"} "${server_args[@]}" >>"$log" 2>&1 </dev/null &
launcher=$!

deadline=$(( $(date +%s) + timeout_s ))
until [[ $(rcli PING 2>/dev/null) == PONG && $(info_field persistence loading) == 0 ]]; do
  if ! kill -0 "$launcher" 2>/dev/null && ! rcli PING >/dev/null 2>&1; then
    wait "$launcher" || true
    tail -n 20 "$log" >&2 || true
    die "redis-server did not start (log above, $log)"
  fi
  (( $(date +%s) < deadline )) || die "redis-server still loading after $timeout_s s, see $log"
  sleep 0.2
done
pid=$(info_field server process_id)
dbsize=$(rcli DBSIZE)
info "loaded $dbsize keys in $(elapsed_s "$t0") s (pid $pid)"
if [[ $dbsize != "$expected_before" ]]; then
  # keys with a TTL may have expired between the check and the load
  expected_after=$(keys_expected)
  if (( dbsize > expected_before || dbsize < expected_after )); then
    rcli SHUTDOWN NOSAVE >/dev/null 2>&1 || true
    die "DBSIZE $dbsize after loading, expected $expected_before from dump.rdb; stopped the server (SHUTDOWN NOSAVE)"
  fi
fi

t0=$(now_ms)
rewrites_before=$(info_field persistence aof_rewrites)
reply=$(rcli CONFIG SET appendonly yes 2>&1)
[[ $reply == OK ]] || die "CONFIG SET appendonly yes failed: $reply"
until [[ $(info_field persistence aof_rewrite_in_progress) == 0 && $(info_field persistence aof_rewrite_scheduled) == 0 \
         && $(info_field persistence aof_rewrites) -gt $rewrites_before ]]; do
  (( $(date +%s) < deadline )) || die "the AOF rewrite did not finish within $timeout_s s, see $log"
  sleep 0.2
done
[[ $(info_field persistence aof_last_bgrewrite_status) == ok ]] || die "the AOF rewrite failed, see $log"
info "appendonly yes: AOF rewritten into $data_dir/$aof_dirname in $(elapsed_s "$t0") s"

config_file=$(info_field server config_file)
if [[ -n $config_file ]]; then
  reply=$(rcli CONFIG REWRITE 2>&1)
  [[ $reply == OK ]] || die "CONFIG REWRITE of $config_file failed: $reply"
  info "CONFIG REWRITE: $config_file now says appendonly yes"
fi

dbsize=$(rcli DBSIZE)
info "restored $dbsize keys; Redis runs on $host:$port (pid $pid), data in $data_dir"
printf '%s\n' "$dbsize"
