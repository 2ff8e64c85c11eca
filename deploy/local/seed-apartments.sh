#!/usr/bin/env bash
# Loads the generated seed listings (210 across Almaty, Astana and Shymkent) into the running local
# apartment-service, so the local stack has something to search. Re-running updates them in place.
#   ./deploy/local/seed-apartments.sh [count]
set -euo pipefail
count="${1:-210}"
token="${TAPBOT_ADMIN_TOKEN:-tapbot-local-admin}"
curl -fsS -X POST -H "Authorization: Bearer ${token}" \
  "http://127.0.0.1:${TAPBOT_APARTMENTS_PORT:-8083}/api/admin/seed?count=${count}" \
  | sed -E 's/"ids":\[[^]]*\]/"ids":[...]/'
echo
