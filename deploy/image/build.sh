#!/usr/bin/env bash
# Builds and (with --push) pushes the five service images: REGISTRY/SERVICE:TAG.
#   ./deploy/image/build.sh [--push] [REGISTRY] [TAG]      e.g. ./deploy/image/build.sh --push registry.tapbot.kz/tapbot 0.1.0
# Needs docker (or a compatible CLI as DOCKER=podman) and the jars: it runs `mvn -B package -DskipTests` first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
push=false
if [ "${1:-}" = "--push" ]; then push=true; shift; fi
registry=${1:-tapbot}
tag=${2:-0.1.0}
docker=${DOCKER:-docker}
command -v "$docker" >/dev/null || { echo "$docker not found: images need a container engine" >&2; exit 1; }
mvn -B -q package -DskipTests
for service in bot-gateway ai-service taxi-service apartment-service analytics-service; do
  "$docker" build -f deploy/image/Dockerfile --build-arg SERVICE="$service" -t "$registry/$service:$tag" .
  if $push; then "$docker" push "$registry/$service:$tag"; fi
done
