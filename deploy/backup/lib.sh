#!/usr/bin/env bash
# Shared helpers of the deploy/backup scripts; sourced, not run. Keep this file next to them when
# copying the scripts to a host (pg-wal-archive.sh alone needs nothing from here).
#
# Exit codes used by every script:
#   0 done, 1 failed (the message says what), 2 refused (a checksum that does not match, a
#   target that is not empty, ...: nothing was changed), 64 wrong usage.

BACKUP_SCRIPT=$(basename "$0")
# set -e also inside $(...): a failing step there stops the script instead of yielding ""
shopt -s inherit_errexit

info() { printf '[%s] %s\n' "$BACKUP_SCRIPT" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$BACKUP_SCRIPT" "$*" >&2; }
die() { printf '[%s] ERROR: %s\n' "$BACKUP_SCRIPT" "$*" >&2; exit 1; }
refuse() { printf '[%s] REFUSED: %s\n' "$BACKUP_SCRIPT" "$*" >&2; exit 2; }
usage_error() {
  printf '[%s] %s\n' "$BACKUP_SCRIPT" "$*" >&2
  printf "Run '%s --help' for usage.\n" "$BACKUP_SCRIPT" >&2
  exit 64
}

# Prints the comment block at the top of the calling script (its usage), without the '# '.
print_usage() {
  awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"
}

require_commands() {
  local c
  for c in "$@"; do
    command -v "$c" >/dev/null 2>&1 || die "'$c' is not installed or not on PATH"
  done
}

# A UTC time stamp that sorts by time and is safe in a file name: 20250131T235959Z.
backup_stamp() { date -u +%Y%m%dT%H%M%SZ; }
iso_now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

now_ms() { date +%s%3N; }
elapsed_s() { local d=$(( $(now_ms) - $1 )); printf '%d.%d' $((d / 1000)) $(((d % 1000) / 100)); }

# The directory of the PostgreSQL client and server programs: $PG_BINDIR when set, else the newest
# /usr/lib/postgresql/*/bin (Debian and Ubuntu keep pg_ctl and initdb only there), else
# `pg_config --bindir`, else the directory of pg_dump on PATH. A newer pg_dump reads older servers.
pg_bindir() {
  if [[ -n ${PG_BINDIR:-} ]]; then
    [[ -x $PG_BINDIR/pg_dump ]] || die "PG_BINDIR=$PG_BINDIR holds no pg_dump"
    printf '%s\n' "$PG_BINDIR"
    return
  fi
  local newest
  newest=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -n $newest && -x $newest/pg_dump ]]; then printf '%s\n' "$newest"; return; fi
  if command -v pg_config >/dev/null 2>&1; then
    newest=$(pg_config --bindir)
    if [[ -x $newest/pg_dump ]]; then printf '%s\n' "$newest"; return; fi
  fi
  command -v pg_dump >/dev/null 2>&1 || die "no PostgreSQL programs found: install them or set PG_BINDIR"
  dirname "$(command -v pg_dump)"
}

# sha256_of FILE -> the hex digest
sha256_of() { sha256sum "$1" | cut -d ' ' -f 1; }

# verify_sums DIR: checks every entry of DIR/SHA256SUMS; refuses (exit 2) on any mismatch.
verify_sums() {
  local dir=$1
  [[ -f $dir/SHA256SUMS ]] || die "$dir has no SHA256SUMS"
  local report
  if ! report=$(cd "$dir" && sha256sum --check --strict SHA256SUMS 2>&1); then
    printf '%s\n' "$report" | grep -v ': OK$' >&2 || true
    refuse "checksum mismatch in $dir: the backup is damaged or was changed after it was taken"
  fi
}

# expected_sum SUMS_FILE NAME -> the digest recorded for NAME, or nothing
expected_sum() {
  awk -v name="$2" '{ file = $2; sub(/^\*/, "", file); if (file == name) { print $1; exit } }' "$1"
}

# write_sums DIR: SHA256SUMS over every regular file below DIR (paths relative to DIR).
write_sums() {
  local dir=$1
  (cd "$dir" && find . -type f ! -name 'SHA256SUMS*' -printf '%P\n' | LC_ALL=C sort | xargs -r -d '\n' sha256sum) \
    > "$dir/SHA256SUMS.tmp"
  mv "$dir/SHA256SUMS.tmp" "$dir/SHA256SUMS"
}

# start_backup_dir OUT_DIR: sets stamp, final_dir (OUT_DIR/<UTC time>) and work_dir (a hidden .partial directory
# the backup is written into, removed on exit unless finish_backup_dir renamed it).
start_backup_dir() {
  mkdir -p "$1"
  stamp=$(backup_stamp)
  final_dir="$1/$stamp"
  work_dir="$1/.$stamp.partial"
  [[ -e $final_dir ]] && die "$final_dir already exists (two backups in the same second?)"
  mkdir "$work_dir"
  trap 'rm -rf "$work_dir"' EXIT
}

# finish_backup_dir PARTIAL FINAL: a backup becomes visible under its final name only when
# complete, so a crashed run never looks like a usable backup.
finish_backup_dir() {
  [[ -e $2 ]] && die "$2 already exists"
  mv "$1" "$2"
}

# A command-line integer check: is_count VALUE
is_count() { [[ $1 =~ ^[0-9]+$ ]]; }

# SQL-literal quoting for postgresql.conf values and SQL: doubles single quotes.
conf_quote() { printf "'%s'" "${1//\'/\'\'}"; }
