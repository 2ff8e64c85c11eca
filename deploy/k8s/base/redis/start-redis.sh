#!/bin/sh
# Starts one Redis pod of the StatefulSet. The master is whoever Sentinel says it is; with no Sentinel answering
# (first start of the whole set) redis-0 is the master and the others replicate it.
set -eu
self="$(hostname).redis-headless.${POD_NAMESPACE}.svc.cluster.local"
conf=/run/redis/redis.conf
cp /config/redis.conf "$conf"
{
  echo "requirepass ${REDIS_PASSWORD}"
  echo "masterauth ${REDIS_PASSWORD}"
  echo "replica-announce-ip ${self}"
} >> "$conf"
master=""
if reply=$(REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h redis-sentinel -p 26379 --raw \
    SENTINEL get-master-addr-by-name "$SENTINEL_MASTER_NAME" 2>/dev/null); then
  master=$(echo "$reply" | head -n 1)
fi
if [ -z "$master" ] && [ "$(hostname)" != "redis-0" ]; then
  master="redis-0.redis-headless.${POD_NAMESPACE}.svc.cluster.local"
fi
if [ -n "$master" ] && [ "$master" != "$self" ]; then
  echo "replicaof ${master} 6379" >> "$conf"
  echo "starting as a replica of ${master}"
else
  echo "starting as the master"
fi
exec redis-server "$conf"
