#!/usr/bin/env bash
# pg-pitr-restore.sh: point-in-time recovery of a base backup into a NEW data directory.
#
# Usage: pg-pitr-restore.sh BASE_BACKUP_DIR WAL_ARCHIVE_DIR TARGET_TIME NEW_DATA_DIR [PORT]
#
#   BASE_BACKUP_DIR  a directory made by pg-base-backup.sh (plain or tar; its data/ is used), or
#                    a plain pg_basebackup data directory itself
#   WAL_ARCHIVE_DIR  the directory pg-wal-archive.sh archives into
#   TARGET_TIME      e.g. '2025-01-31 14:05:00+05'; recovery stops before the first transaction
#                    that committed after it (give a time zone: without one the server's applies)
#   NEW_DATA_DIR     must not exist or be empty: the base backup is copied there, the backup
#                    itself is never changed
#   PORT             default 5433; the server listens on 127.0.0.1 only
#
# Run it as the OS user that owns PostgreSQL data (usually `postgres`, e.g.
# `runuser -u postgres -- ./pg-pitr-restore.sh ...`); PostgreSQL refuses to run as root.
# It writes restore_command, recovery_target_time and recovery_target_action = 'promote' into
# NEW_DATA_DIR/postgresql.auto.conf (also archive_mode = off, so the restored copy does not write
# into the production archive, and logging_collector = off), touches recovery.signal, starts the
# server with pg_ctl (log: NEW_DATA_DIR/pitr-restore.log), waits until pg_is_in_recovery() is
# false and prints where recovery stopped. The server is left running, a new timeline, writable:
# inspect it, copy data out of it, or make it the new primary; stop it with
#   pg_ctl -D NEW_DATA_DIR stop
# PITR_TIMEOUT (seconds, default 600) bounds the wait. PG_BINDIR picks the PostgreSQL programs.
# Example:
#   runuser -u postgres -- ./pg-pitr-restore.sh /backup/base/20250131T020000Z /backup/wal \
#       '2025-01-31 14:05:00+05' /var/lib/postgresql/pitr 5433
# Exit codes: 0 recovered and promoted, 1 failed, 2 refused (run as root, NEW_DATA_DIR not
# empty), 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case ${1:-} in -h|--help) print_usage; exit 0 ;; esac
[[ $# -ge 4 && $# -le 5 ]] || usage_error "expected BASE_BACKUP_DIR WAL_ARCHIVE_DIR TARGET_TIME NEW_DATA_DIR [PORT]"
base_dir=$1
archive_dir=$2
target_time=$3
new_dir=$4
port=${5:-5433}
timeout_s=${PITR_TIMEOUT:-600}
is_count "$port" || usage_error "PORT must be a number, not '$port'"
is_count "$timeout_s" || usage_error "PITR_TIMEOUT must be a number of seconds"
[[ -n $target_time ]] || usage_error "TARGET_TIME is empty"
[[ $target_time != *[[:cntrl:]]* ]] || usage_error "TARGET_TIME holds a control character (a newline?): '$target_time'"

[[ $EUID -ne 0 ]] || refuse "PostgreSQL does not run as root: run this as the OS user that owns PostgreSQL data, e.g. runuser -u postgres -- $0 ..."
[[ -d $base_dir ]] || die "no such base backup directory: $base_dir"
[[ -d $archive_dir ]] || die "no such WAL archive directory: $archive_dir"
[[ $archive_dir != *\"* ]] || die "WAL_ARCHIVE_DIR must not contain a double quote"
archive_dir=$(cd "$archive_dir" && pwd)
if [[ -e $new_dir ]]; then
  [[ -d $new_dir ]] || refuse "$new_dir exists and is not a directory"
  [[ -z $(ls -A "$new_dir") ]] || refuse "$new_dir is not empty: recovery goes into a NEW data directory only"
fi

source_dir=$base_dir
[[ -d $base_dir/data ]] && source_dir=$base_dir/data
bin=$(pg_bindir)

mkdir -p "$new_dir"
chmod 700 "$new_dir"
new_dir=$(cd "$new_dir" && pwd)
t0=$(now_ms)
if [[ -f $source_dir/PG_VERSION ]]; then
  cp -a "$source_dir"/. "$new_dir"/ || die "copying $source_dir failed"
elif [[ -f $source_dir/base.tar ]]; then
  tar -xf "$source_dir/base.tar" -C "$new_dir" || die "extracting base.tar failed"
  if [[ -f $source_dir/pg_wal.tar ]]; then
    tar -xf "$source_dir/pg_wal.tar" -C "$new_dir/pg_wal" || die "extracting pg_wal.tar failed"
  fi
else
  die "$source_dir is neither a plain base backup (PG_VERSION) nor a tar one (base.tar)"
fi
info "copied the base backup into $new_dir ($(elapsed_s "$t0") s)"

# A backup taken with pg_basebackup -R would otherwise come up as a standby that never promotes.
rm -f "$new_dir/standby.signal" "$new_dir/postmaster.pid"
# Debian keeps postgresql.conf in /etc: a backup of such a cluster has none, and the server needs one.
[[ -f $new_dir/postgresql.conf ]] || : > "$new_dir/postgresql.conf"

cat >> "$new_dir/postgresql.auto.conf" <<EOF
# pg-pitr-restore.sh $(iso_now): recovery to $target_time
restore_command = $(conf_quote "cp \"$archive_dir/%f\" \"%p\"")
recovery_target_time = $(conf_quote "$target_time")
recovery_target_action = 'promote'
archive_mode = off
logging_collector = off
port = $port
listen_addresses = '127.0.0.1'
EOF
touch "$new_dir/recovery.signal"

log="$new_dir/pitr-restore.log"
info "starting PostgreSQL on 127.0.0.1:$port, recovery target time $target_time"
t0=$(now_ms)
# why_stopped: the server's last FATAL line, which names the reason (e.g. "recovery ended before
# configured recovery target was reached": the target lies after the last archived WAL)
why_stopped() { grep -Eo 'FATAL: .*' "$log" | tail -n 1 || true; }
if ! "$bin/pg_ctl" -D "$new_dir" -l "$log" -w -t "$timeout_s" start >/dev/null; then
  tail -n 20 "$log" >&2 || true
  die "the server did not start: $(why_stopped) (log above, $log)"
fi

in_recovery=""
deadline=$(( $(date +%s) + timeout_s ))
while :; do
  in_recovery=$("$bin/psql" -X -q -At -h 127.0.0.1 -p "$port" -d postgres -c 'select pg_is_in_recovery()' 2>/dev/null || true)
  [[ $in_recovery == f ]] && break
  if ! "$bin/pg_ctl" -D "$new_dir" status >/dev/null 2>&1; then
    tail -n 20 "$log" >&2 || true
    die "the server stopped during recovery: $(why_stopped) (log above, $log)"
  fi
  (( $(date +%s) < deadline )) || die "still in recovery after $timeout_s s; the server is running, see $log"
  sleep 0.5
done

reached=$(grep -Eo 'recovery stopping (before|after) .*' "$log" | tail -n 1 || true)
last_tx=$(grep -Eo 'last completed transaction was at log time .*' "$log" | tail -n 1 || true)
timeline=$(grep -Eo 'selected new timeline ID: [0-9]+' "$log" | tail -n 1 || true)
if [[ -z $reached ]]; then
  warn "no 'recovery stopping' line in $log: recovery ran to the end of the archived WAL without passing $target_time"
fi
info "promoted after $(elapsed_s "$t0") s; server running on 127.0.0.1:$port, stop it with: pg_ctl -D $new_dir stop"
echo "recovery target time: $target_time"
echo "reached: ${reached:-end of archived WAL}"
[[ -z $last_tx ]] || echo "$last_tx"
[[ -z $timeline ]] || echo "$timeline"
