#!/usr/bin/env bash
# pg-wal-archive.sh: PostgreSQL archive_command that never loses or overwrites a WAL file.
#
# Usage: pg-wal-archive.sh WAL_PATH WAL_NAME ARCHIVE_DIR
#
#   in postgresql.conf:
#     archive_mode = on
#     archive_command = '/opt/tapbot/backup/pg-wal-archive.sh %p %f /backup/wal'
#
# Copies WAL_PATH to a temporary name in ARCHIVE_DIR, flushes it to disk, then links it to
# ARCHIVE_DIR/WAL_NAME (a link fails if the name exists, so nothing is ever overwritten) and
# flushes the directory. PostgreSQL deletes or recycles a WAL file only after this exits 0.
#   - WAL_NAME already archived with identical content (a retry after a crash): exit 0
#   - WAL_NAME already archived with DIFFERENT content: exit 1, PostgreSQL keeps the file and
#     retries; an operator must look (two clusters archiving into one directory?)
#   - ARCHIVE_DIR missing: exit 1 (it is not created: a missing mount must not go unnoticed)
# Runs as the server's OS user; messages go to the server log. Self-contained (no lib.sh).
# The seed plan used `cp %p /backup/wal/%f`, which can overwrite and can leave half a file.
set -euo pipefail

me=$(basename "$0")
fail() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }

case ${1:-} in
  -h|--help) awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$0"; exit 0 ;;
esac
if [[ $# -ne 3 ]]; then
  printf '%s: expected WAL_PATH WAL_NAME ARCHIVE_DIR (got %d arguments); see --help\n' "$me" $# >&2
  exit 64
fi
wal_path=$1
wal_name=$2
archive_dir=$3

[[ $wal_name =~ ^[0-9A-Za-z._-]+$ ]] || fail "unexpected WAL file name '$wal_name'"
[[ -f $wal_path ]] || fail "no such WAL file: $wal_path"
[[ -d $archive_dir ]] || fail "archive directory $archive_dir does not exist (not mounted?)"

target="$archive_dir/$wal_name"
if [[ -e $target ]]; then
  if cmp -s -- "$wal_path" "$target"; then
    exit 0
  fi
  fail "$target already exists with different content; refusing to overwrite it"
fi

tmp="$archive_dir/.$wal_name.$$.tmp"
trap 'rm -f -- "$tmp"' EXIT
cp -- "$wal_path" "$tmp" || fail "copying $wal_path to $archive_dir failed"
sync -- "$tmp" || fail "fsync of $tmp failed"
if ! ln -- "$tmp" "$target" 2>/dev/null; then
  if [[ -e $target ]]; then
    # another archiver got there between the check and the link
    cmp -s -- "$wal_path" "$target" && exit 0
    fail "$target appeared meanwhile with different content; refusing to overwrite it"
  fi
  # a file system without hard links: a no-clobber rename (renameat2 NOREPLACE on Linux)
  mv -n -- "$tmp" "$target" || fail "could not rename $tmp to $target"
  [[ -e $tmp ]] && fail "$target appeared meanwhile; refusing to overwrite it"
fi
sync -- "$archive_dir" || fail "fsync of directory $archive_dir failed"
