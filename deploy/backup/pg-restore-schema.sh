#!/usr/bin/env bash
# pg-restore-schema.sh: restores one schema dump made by pg-dump-schemas.sh.
#
# Usage: pg-restore-schema.sh [--create-database] [--no-owner] DUMP_FILE [TARGET_DATABASE]
#
#   DUMP_FILE          a <schema>.dump (pg_dump -Fc). When a SHA256SUMS file lies next to it, the
#                      dump's entry is checked first and a mismatch is refused (exit 2) before
#                      anything touches the database.
#   TARGET_DATABASE    default: $PGDATABASE
#   --create-database  create TARGET_DATABASE first when it does not exist (else that is an error)
#   --no-owner         do not restore object owners (when the original roles do not exist here)
#
# The restore runs pg_restore --clean --if-exists --single-transaction: the schema's objects are
# dropped and recreated in one transaction, so a failure leaves the database as it was. Objects in
# the target schema that are not in the dump make the DROP SCHEMA fail (and so the restore).
#
# Connection: PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass); creating a database connects to
# the `postgres` maintenance database. PG_BINDIR picks the PostgreSQL programs.
# Example:
#   PGHOST=127.0.0.1 PGUSER=postgres ./pg-restore-schema.sh --create-database \
#       /backup/pg/20250131T020000Z/taxi.dump tapbot_restored
# Exit codes: 0 restored, 1 failed, 2 refused (checksum mismatch), 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

create_database=false
restore_options=()
positional=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) print_usage; exit 0 ;;
    --create-database) create_database=true; shift ;;
    --no-owner) restore_options+=(--no-owner); shift ;;
    --) shift; positional+=("$@"); break ;;
    -*) usage_error "unknown option: $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -ge 1 && ${#positional[@]} -le 2 ]] || usage_error "expected DUMP_FILE [TARGET_DATABASE]"
dump=${positional[0]}
target=${positional[1]:-${PGDATABASE:-}}
[[ -n $target ]] || usage_error "no TARGET_DATABASE given and PGDATABASE is not set"
[[ -f $dump ]] || die "no such dump file: $dump"

sums="$(dirname "$dump")/SHA256SUMS"
if [[ -f $sums ]]; then
  expected=$(expected_sum "$sums" "$(basename "$dump")")
  if [[ -z $expected ]]; then
    warn "$sums has no entry for $(basename "$dump"): checksum not verified"
  else
    actual=$(sha256_of "$dump")
    [[ $actual == "$expected" ]] \
      || refuse "checksum mismatch for $dump: SHA256SUMS says $expected, the file has $actual; not restoring a damaged or altered dump"
    info "checksum OK ($actual)"
  fi
else
  warn "no SHA256SUMS next to $dump: checksum not verified"
fi

bin=$(pg_bindir)
listing=$("$bin/pg_restore" --list "$dump" 2>&1) || die "pg_restore cannot read $dump: $listing"
schema=$(awk '$4 == "SCHEMA" && $5 == "-" { print $6; exit }' <<<"$listing")
[[ -n $schema ]] || schema=$(basename "$dump" .dump)

exists=$(printf "select count(*) from pg_database where datname = :'db';\n" \
  | "$bin/psql" -X -q -At -v ON_ERROR_STOP=1 -v db="$target" -d postgres 2>&1) \
  || die "cannot connect to PostgreSQL (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432}): $exists"
if [[ $exists != 1 ]]; then
  $create_database || die "database $target does not exist (use --create-database to create it)"
  "$bin/createdb" --maintenance-db=postgres "$target" || die "could not create database $target"
  info "created database $target"
fi

t0=$(now_ms)
"$bin/pg_restore" --clean --if-exists --single-transaction --exit-on-error ${restore_options[@]+"${restore_options[@]}"} \
  -d "$target" "$dump" || die "restore of $dump into $target failed; the transaction was rolled back"
tables=$(printf "select count(*) from pg_tables where schemaname = :'schema';\n" \
  | "$bin/psql" -X -q -At -v ON_ERROR_STOP=1 -v schema="$schema" -d "$target")
info "restored schema $schema into database $target: $tables tables, $(elapsed_s "$t0") s"
