#!/usr/bin/env bash
# qdrant-snapshot.sh: collection snapshots of Qdrant through its HTTP API.
#
# Usage:
#   qdrant-snapshot.sh create COLLECTION              snapshot now (waits); prints its name
#   qdrant-snapshot.sh list COLLECTION                one line per snapshot: name, size, creation
#                                                     time, sha256 (tab-separated)
#   qdrant-snapshot.sh download COLLECTION NAME OUT_FILE
#                                                     downloads and checks the sha256 that `list`
#                                                     reports (and the size)
#   qdrant-snapshot.sh recover COLLECTION FILE_OR_URL
#                                                     a local file is uploaded (multipart field
#                                                     `snapshot`, with its sha256 for Qdrant to
#                                                     check); an http(s):// or file:// URL is
#                                                     fetched by Qdrant itself. Priority
#                                                     `snapshot`: the snapshot wins over replicas.
#                                                     Overwrites the collection on that node.
#   qdrant-snapshot.sh backup OUT_DIR [COLLECTION...]
#                                                     create + download + verify each collection
#                                                     (default: apartments conversations faq) on
#                                                     every node, into OUT_DIR/<UTC timestamp>/
#                                                     <node index>/ with MANIFEST and SHA256SUMS;
#                                                     a collection a node does not have is
#                                                     skipped with a warning
#
# A snapshot holds only the data of the node it is taken on: in a distributed Qdrant, `backup`
# must reach every node. List their URLs, space-separated, in QDRANT_HTTP_URLS (node index =
# position, from 0); other commands talk to QDRANT_HTTP_URL (default http://localhost:6333),
# which is also `backup`'s only node when QDRANT_HTTP_URLS is empty.
# QDRANT_API_KEY, when set, is sent as the `api-key` header (through curl's config on stdin, so
# it is neither on a command line nor in any output). QDRANT_TIMEOUT: seconds per request
# (default 600; creating a snapshot of a large collection takes time).
# Any non-2xx answer fails with its HTTP status and Qdrant's error message.
# Example:
#   QDRANT_HTTP_URLS="http://qdrant-0.qdrant:6333 http://qdrant-1.qdrant:6333" \
#     QDRANT_API_KEY=... ./qdrant-snapshot.sh backup /backup/qdrant
# Exit codes: 0 done, 1 failed, 2 refused (a local file that does not match its SHA256SUMS),
# 64 wrong usage.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DEFAULT_COLLECTIONS=(apartments conversations faq)

request_timeout=${QDRANT_TIMEOUT:-600}
is_count "$request_timeout" || usage_error "QDRANT_TIMEOUT must be a number of seconds"
node_url=${QDRANT_HTTP_URL:-http://localhost:6333}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
body="$scratch/body"

urlencode() {
  if [[ $1 =~ ^[A-Za-z0-9._~-]+$ ]]; then printf '%s\n' "$1"; return; fi
  python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"
}

# http METHOD URL_PATH [curl args...]: sets $status, the answer's body is in $body.
http() {
  local method=$1 path=$2
  shift 2
  local args=(--silent --show-error --connect-timeout 10 --max-time "$request_timeout"
              -X "$method" -o "$body" -w '%{http_code}' "$@" "${node_url%/}$path")
  local rc=0
  if [[ -n ${QDRANT_API_KEY:-} ]]; then
    local key=${QDRANT_API_KEY//\\/\\\\}
    key=${key//\"/\\\"}
    status=$(printf 'header = "api-key: %s"\n' "$key" | curl -K - "${args[@]}") || rc=$?
  else
    status=$(curl "${args[@]}") || rc=$?
  fi
  [[ $rc -eq 0 ]] || die "no answer from Qdrant at $node_url for $method $path (curl exit code $rc)"
}

# error_message: Qdrant's {"status":{"error":"..."}} or the start of whatever body came back
error_message() {
  python3 - "$body" <<'PY'
import json, sys
raw = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
try:
    status = json.loads(raw).get('status')
    if isinstance(status, dict) and 'error' in status:
        print(status['error'])
    elif isinstance(status, str) and status != 'ok':
        print(status)
    else:
        print(raw[:500])
except Exception:
    print(raw[:500].strip() or '(empty body)')
PY
}

# http_ok METHOD URL_PATH [curl args...]: like http, but any non-2xx answer is fatal.
http_ok() {
  http "$@"
  [[ $status == 2?? ]] || die "HTTP $status from $1 ${node_url%/}$2: $(error_message)"
}

# create_snapshot COLLECTION -> snapshot name; returns 3 when the collection does not exist
create_snapshot() {
  http POST "/collections/$(urlencode "$1")/snapshots?wait=true"
  [[ $status == 404 ]] && return 3
  [[ $status == 2?? ]] || die "HTTP $status from POST ${node_url%/}/collections/$1/snapshots: $(error_message)"
  python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["result"]["name"])' "$body" \
    || die "unexpected answer to creating a snapshot of $1: $(head -c 300 "$body")"
}

# list_snapshots COLLECTION: name<TAB>size<TAB>creation_time<TAB>checksum per line
list_snapshots() {
  http_ok GET "/collections/$(urlencode "$1")/snapshots"
  python3 - "$body" <<'PY'
import json, sys
for s in json.load(open(sys.argv[1]))["result"]:
    print("\t".join(str(s.get(k) if s.get(k) is not None else "") for k in ("name", "size", "creation_time", "checksum")))
PY
}

# download_snapshot COLLECTION NAME OUT_FILE: prints the verified sha256
download_snapshot() {
  local collection=$1 name=$2 out=$3 listed size checksum actual
  listed=$(list_snapshots "$collection" | awk -F '\t' -v n="$name" '$1 == n')
  [[ -n $listed ]] || die "collection $collection on $node_url has no snapshot named $name"
  size=$(cut -f 2 <<<"$listed")
  checksum=$(cut -f 4 <<<"$listed")
  mkdir -p "$(dirname "$out")"
  http GET "/collections/$(urlencode "$collection")/snapshots/$(urlencode "$name")"
  if [[ $status != 2?? ]]; then
    die "HTTP $status from GET ${node_url%/}/collections/$collection/snapshots/$name: $(error_message)"
  fi
  actual=$(sha256_of "$body")
  if [[ -n $checksum && $actual != "$checksum" ]]; then
    die "checksum mismatch for snapshot $name of $collection: Qdrant lists $checksum, the download has $actual"
  fi
  if [[ -n $size && $(stat -c %s "$body") != "$size" ]]; then
    die "size mismatch for snapshot $name of $collection: Qdrant lists $size bytes, the download has $(stat -c %s "$body")"
  fi
  [[ -n $checksum ]] || warn "Qdrant reports no checksum for $name (older server): only the size was checked"
  mv -- "$body" "$out"
  printf '%s\n' "$actual"
}

cmd_recover() {
  local collection=$1 source=$2
  if [[ $source =~ ^(https?|file):// ]]; then
    local json
    json=$(python3 -c 'import json, sys; print(json.dumps({"location": sys.argv[1], "priority": "snapshot"}))' "$source")
    http_ok PUT "/collections/$(urlencode "$collection")/snapshots/recover?wait=true" \
      -H 'Content-Type: application/json' --data-binary "$json"
    info "collection $collection on $node_url recovered from $source"
    return
  fi
  [[ -f $source ]] || die "no such snapshot file: $source (a URL must start with http://, https:// or file://)"
  local sum expected sums
  sum=$(sha256_of "$source")
  sums="$(dirname "$source")/SHA256SUMS"
  if [[ -f $sums ]]; then
    expected=$(awk -v n="$(basename "$source")" '{ f = $2; sub(/^\*/, "", f); sub(/.*\//, "", f); if (f == n) { print $1; exit } }' "$sums")
    if [[ -n $expected && $expected != "$sum" ]]; then
      refuse "checksum mismatch for $source: SHA256SUMS says $expected, the file has $sum; not uploading it"
    fi
  fi
  # a snapshot file name may hold characters curl's -F syntax treats specially: upload a link
  ln -s "$(cd "$(dirname "$source")" && pwd)/$(basename "$source")" "$scratch/upload.snapshot"
  http_ok POST "/collections/$(urlencode "$collection")/snapshots/upload?priority=snapshot&wait=true&checksum=$sum" \
    -F "snapshot=@$scratch/upload.snapshot;type=application/octet-stream"
  info "collection $collection on $node_url recovered from the uploaded $source ($(stat -L -c %s "$source") bytes, sha256 $sum)"
}

cmd_backup() {
  local out_dir=$1
  shift
  local collections=("$@")
  [[ ${#collections[@]} -gt 0 ]] || collections=("${DEFAULT_COLLECTIONS[@]}")
  local nodes
  read -r -a nodes <<<"${QDRANT_HTTP_URLS:-$node_url}"
  [[ ${#nodes[@]} -gt 0 ]] || usage_error "QDRANT_HTTP_URLS holds no URL"

  mkdir -p "$out_dir"
  local stamp final_dir
  stamp=$(backup_stamp)
  final_dir="$out_dir/$stamp"
  work_dir="$out_dir/.$stamp.partial"  # global: the EXIT trap needs it
  [[ -e $final_dir ]] && die "$final_dir already exists (two backups in the same second?)"
  mkdir "$work_dir"
  trap 'rm -rf "$scratch" "$work_dir"' EXIT

  local i name sum saved=0 rc
  {
    echo "started_at=$(iso_now)"
    echo "nodes=${#nodes[@]}"
  } > "$work_dir/MANIFEST"
  for i in "${!nodes[@]}"; do
    node_url=${nodes[$i]}
    mkdir -p "$work_dir/$i"
    echo "node.$i=$node_url" >> "$work_dir/MANIFEST"
    for collection in "${collections[@]}"; do
      rc=0
      name=$(create_snapshot "$collection") || rc=$?
      if [[ $rc -eq 3 ]]; then
        warn "node $i ($node_url) has no collection $collection: skipped"
        continue
      fi
      [[ $rc -eq 0 ]] || exit "$rc"
      sum=$(download_snapshot "$collection" "$name" "$work_dir/$i/$name")
      echo "snapshot.$i.$collection=$name sha256=$sum size=$(stat -c %s "$work_dir/$i/$name")" >> "$work_dir/MANIFEST"
      info "node $i ($node_url): $collection -> $i/$name, sha256 verified"
      saved=$((saved + 1))
    done
  done
  [[ $saved -gt 0 ]] || die "no snapshot taken: none of the collections (${collections[*]}) exists on any node"
  echo "finished_at=$(iso_now)" >> "$work_dir/MANIFEST"
  write_sums "$work_dir"
  finish_backup_dir "$work_dir" "$final_dir"
  info "done: $saved snapshots from ${#nodes[@]} node(s) in $final_dir"
  printf '%s\n' "$final_dir"
}

command=${1:-}
[[ $# -gt 0 ]] && shift
case $command in
  -h|--help|help) print_usage ;;
  create)
    [[ $# -eq 1 ]] || usage_error "usage: create COLLECTION"
    rc=0
    name=$(create_snapshot "$1") || rc=$?
    [[ $rc -ne 3 ]] || die "HTTP 404 from POST ${node_url%/}/collections/$1/snapshots: $(error_message)"
    [[ $rc -eq 0 ]] || exit "$rc"
    printf '%s\n' "$name" ;;
  list)
    [[ $# -eq 1 ]] || usage_error "usage: list COLLECTION"
    list_snapshots "$1" ;;
  download)
    [[ $# -eq 3 ]] || usage_error "usage: download COLLECTION NAME OUT_FILE"
    sum=$(download_snapshot "$1" "$2" "$3")
    info "downloaded $2 to $3, sha256 $sum verified" ;;
  recover)
    [[ $# -eq 2 ]] || usage_error "usage: recover COLLECTION FILE_OR_URL"
    cmd_recover "$1" "$2" ;;
  backup)
    [[ $# -ge 1 ]] || usage_error "usage: backup OUT_DIR [COLLECTION...]"
    cmd_backup "$@" ;;
  "") usage_error "no command given (create, list, download, recover, backup)" ;;
  *) usage_error "unknown command: $command (create, list, download, recover, backup)" ;;
esac
