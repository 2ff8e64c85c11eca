#!/usr/bin/env bash
# pg-dump-schemas.sh: logical backup of the services' PostgreSQL schemas, one file per schema.
#
# Usage: pg-dump-schemas.sh [--keep-days N] OUT_DIR [SCHEMA...]
#
#   OUT_DIR       the backup goes into OUT_DIR/<UTC timestamp>/ (printed on stdout when done):
#                   <schema>.dump   pg_dump -Fc -n <schema>, read back with pg_restore --list
#                   SHA256SUMS      checked by pg-restore-schema.sh before it restores
#                   MANIFEST        database, server and pg_dump versions, start and end time
#   SCHEMA...     default: gateway ai taxi apartments analytics (one schema per service);
#                 a schema that does not exist is skipped with a warning
#   --keep-days N after a successful backup, delete timestamp directories in OUT_DIR older than
#                 N days (other files and directories in OUT_DIR are never touched)
#
# Connection: the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD (or ~/.pgpass), PGDATABASE.
# PG_BINDIR picks the PostgreSQL programs (default: the newest /usr/lib/postgresql/*/bin).
# Example:
#   PGHOST=127.0.0.1 PGUSER=tapbot PGDATABASE=tapbot ./pg-dump-schemas.sh --keep-days 14 /backup/pg
# Exit codes: 0 done, 1 failed, 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEFAULT_SCHEMAS=(gateway ai taxi apartments analytics)

keep_days=""
positional=()
while [[ $# -gt 0 ]]; do
  case $1 in
    -h|--help) print_usage; exit 0 ;;
    --keep-days) [[ $# -ge 2 ]] || usage_error "--keep-days needs a number of days"
                 keep_days=$2; shift 2 ;;
    --keep-days=*) keep_days=${1#*=}; shift ;;
    --) shift; positional+=("$@"); break ;;
    -*) usage_error "unknown option: $1" ;;
    *) positional+=("$1"); shift ;;
  esac
done
[[ ${#positional[@]} -ge 1 ]] || usage_error "OUT_DIR is missing"
[[ -z $keep_days ]] || is_count "$keep_days" || usage_error "--keep-days takes a whole number of days, not '$keep_days'"
out_dir=${positional[0]}
schemas=("${positional[@]:1}")
[[ ${#schemas[@]} -gt 0 ]] || schemas=("${DEFAULT_SCHEMAS[@]}")
for schema in "${schemas[@]}"; do
  # pg_dump -n takes a pattern; plain identifiers keep it an exact name
  [[ $schema =~ ^[a-z_][a-z0-9_]*$ ]] || usage_error "not a plain schema name: '$schema'"
done

bin=$(pg_bindir)
psql_at() { "$bin/psql" -X -q -At -v ON_ERROR_STOP=1 "$@"; }

started=$(iso_now)
identity=$(psql_at -c "select current_database() || '|' || current_setting('server_version')" 2>&1) \
  || die "cannot connect to PostgreSQL (PGHOST=${PGHOST:-<socket>} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)} PGDATABASE=${PGDATABASE:-<user name>}): $identity"
database=${identity%%|*}
server_version=${identity#*|}

start_backup_dir "$out_dir"

info "database $database on PostgreSQL $server_version -> $final_dir"
dumped=()
missing=()
for schema in "${schemas[@]}"; do
  exists=$(printf "select count(*) from pg_namespace where nspname = :'schema';\n" | psql_at -v schema="$schema") \
    || die "cannot look up schema $schema"
  if [[ $exists != 1 ]]; then
    warn "schema '$schema' does not exist in database $database: skipped"
    missing+=("$schema")
    continue
  fi
  t0=$(now_ms)
  "$bin/pg_dump" -Fc -n "\"$schema\"" -f "$work_dir/$schema.dump" || die "pg_dump of schema $schema failed"
  listing=$("$bin/pg_restore" --list "$work_dir/$schema.dump") || die "pg_restore cannot read back $schema.dump"
  tables=$(grep -c ' TABLE DATA ' <<<"$listing" || true)
  info "schema $schema: $tables tables, $(stat -c %s "$work_dir/$schema.dump") bytes, $(elapsed_s "$t0") s"
  dumped+=("$schema")
done
[[ ${#dumped[@]} -gt 0 ]] || die "none of the schemas (${schemas[*]}) exists in database $database: nothing backed up"

{
  echo "database=$database"
  echo "host=${PGHOST:-<socket>}"
  echo "port=${PGPORT:-5432}"
  echo "server_version=$server_version"
  echo "pg_dump_version=$("$bin/pg_dump" --version)"
  echo "schemas=${dumped[*]}"
  echo "missing_schemas=${missing[*]}"
  echo "started_at=$started"
  echo "finished_at=$(iso_now)"
} > "$work_dir/MANIFEST"
(cd "$work_dir" && sha256sum -- *.dump > SHA256SUMS)
finish_backup_dir "$work_dir" "$final_dir"
trap - EXIT

if [[ -n $keep_days ]]; then
  cutoff=$(( $(date +%s) - keep_days * 86400 ))
  for dir in "$out_dir"/*/; do
    name=$(basename "$dir")
    [[ $name =~ ^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z$ ]] || continue
    [[ $name == "$stamp" ]] && continue
    taken=$(date -u -d "${BASH_REMATCH[1]}-${BASH_REMATCH[2]}-${BASH_REMATCH[3]} ${BASH_REMATCH[4]}:${BASH_REMATCH[5]}:${BASH_REMATCH[6]}" +%s)
    if (( taken < cutoff )); then
      info "deleting $dir (older than $keep_days days)"
      rm -rf -- "$out_dir/$name"
    fi
  done
fi

info "done: ${dumped[*]}"
printf '%s\n' "$final_dir"
