#!/bin/sh
# Starts one Sentinel. It monitors the master other Sentinels already agree on, else redis-0.
set -eu
self="$(hostname).redis-sentinel-headless.${POD_NAMESPACE}.svc.cluster.local"
conf=/run/sentinel/sentinel.conf
master=""
if reply=$(REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h redis-sentinel -p 26379 --raw \
    SENTINEL get-master-addr-by-name "$SENTINEL_MASTER_NAME" 2>/dev/null); then
  master=$(echo "$reply" | head -n 1)
fi
[ -n "$master" ] || master="redis-0.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
cat > "$conf" <<CONF
port 26379
dir /run/sentinel
sentinel resolve-hostnames yes
sentinel announce-hostnames yes
sentinel announce-ip ${self}
sentinel monitor ${SENTINEL_MASTER_NAME} ${master} 6379 ${SENTINEL_QUORUM}
sentinel auth-pass ${SENTINEL_MASTER_NAME} ${REDIS_PASSWORD}
sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 5000
sentinel failover-timeout ${SENTINEL_MASTER_NAME} 60000
sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1
requirepass ${REDIS_PASSWORD}
CONF
echo "monitoring ${master} as ${SENTINEL_MASTER_NAME} (quorum ${SENTINEL_QUORUM})"
exec redis-server "$conf" --sentinel
