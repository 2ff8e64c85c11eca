#!/usr/bin/env bash
# pg-base-backup.sh: physical base backup of a whole PostgreSQL cluster, the starting point of a
# point-in-time recovery (pg-pitr-restore.sh) together with the WAL archive (pg-wal-archive.sh).
#
# Usage: pg-base-backup.sh [--format plain|tar] [--label LABEL] OUT_DIR
#
#   OUT_DIR          the backup goes into OUT_DIR/<UTC timestamp>/ (printed on stdout when done):
#                      data/         pg_basebackup -X stream --checkpoint=fast
#                                    --manifest-checksums=SHA256: a data directory (plain) or
#                                    base.tar + pg_wal.tar (tar); backup_manifest in both
#                      BACKUP_INFO   start time, label, start WAL location, server version
#   --format         plain (default) or tar
#   --label LABEL    backup label (default: tapbot-<timestamp>)
#
# A plain backup is verified with pg_verifybackup (every file against the manifest's SHA-256, and
# the WAL needed to make it consistent). pg_verifybackup before PostgreSQL 18 cannot read tar
# backups: a tar backup is only listed with `tar -t`.
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass); the role needs the REPLICATION
# attribute and pg_hba.conf a `replication` line for it. PG_BINDIR picks the PostgreSQL programs.
# Run it as the OS user that will restore the backup (usually postgres): the files keep its owner.
# Example:
#   PGHOST=127.0.0.1 PGUSER=postgres ./pg-base-backup.sh /backup/base
# Exit codes: 0 done and verified, 1 failed, 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

format=plain
label=""
positional=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) print_usage; exit 0 ;;
    --format) [[ $# -ge 2 ]] || usage_error "--format needs plain or tar"; format=$2; shift 2 ;;
    --format=*) format=${1#*=}; shift ;;
    --label) [[ $# -ge 2 ]] || usage_error "--label needs a value"; label=$2; shift 2 ;;
    --label=*) label=${1#*=}; shift ;;
    --) shift; positional+=("$@"); break ;;
    -*) usage_error "unknown option: $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -eq 1 ]] || usage_error "expected exactly one OUT_DIR"
[[ $format == plain || $format == tar ]] || usage_error "--format is plain or tar, not '$format'"
out_dir=${positional[0]}

bin=$(pg_bindir)
server_version=$("$bin/psql" -X -q -At -v ON_ERROR_STOP=1 -d "${PGDATABASE:-postgres}" \
  -c "select current_setting('server_version')" 2>&1) \
  || die "cannot connect to PostgreSQL (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)}): $server_version"

start_backup_dir "$out_dir"
label=${label:-tapbot-$stamp}

started=$(iso_now)
info "base backup ($format) of PostgreSQL $server_version at ${PGHOST:-<socket>}:${PGPORT:-5432}, label $label"
t0=$(now_ms)
"$bin/pg_basebackup" -D "$work_dir/data" --format="$format" -X stream --checkpoint=fast \
  --label="$label" --manifest-checksums=SHA256 --no-password \
  || die "pg_basebackup failed"
info "pg_basebackup took $(elapsed_s "$t0") s"

if [[ $format == plain ]]; then
  backup_label=$(cat "$work_dir/data/backup_label")
else
  backup_label=$(tar -xOf "$work_dir/data/base.tar" backup_label) || die "base.tar has no backup_label"
fi
label_field() { sed -n "s/^$1: //p" <<<"$backup_label" | head -n 1; }

if [[ $format == plain ]]; then
  t0=$(now_ms)
  "$bin/pg_verifybackup" "$work_dir/data" >&2 || die "pg_verifybackup found the backup damaged or incomplete"
  info "pg_verifybackup: OK ($(elapsed_s "$t0") s)"
  verified="pg_verifybackup"
else
  for tarfile in "$work_dir"/data/*.tar; do
    tar -tf "$tarfile" >/dev/null || die "cannot read $tarfile"
  done
  warn "pg_verifybackup cannot check tar backups before PostgreSQL 18: only listed the tar files"
  verified="tar -t"
fi

{
  echo "started_at=$started"
  echo "start_time=$(label_field 'START TIME')"
  echo "label=$label"
  echo "start_wal_location=$(label_field 'START WAL LOCATION')"
  echo "format=$format"
  echo "host=${PGHOST:-<socket>}"
  echo "port=${PGPORT:-5432}"
  echo "server_version=$server_version"
  echo "finished_at=$(iso_now)"
  echo "verified_with=$verified"
} > "$work_dir/BACKUP_INFO"
finish_backup_dir "$work_dir" "$final_dir"
trap - EXIT
info "done: $final_dir (started $started)"
printf '%s\n' "$final_dir"
