#!/usr/bin/env bash
# Receives the services' spans over OTLP/HTTP on 127.0.0.1:${1:-4318} and prints every trace as a tree (service,
# span, start offset, duration) once it has been quiet for 2 s. In another terminal start the stack with
#   TAPBOT_OTLP_ENDPOINT=http://127.0.0.1:4318 TAPBOT_OTLP_PROTOCOL=http/protobuf ./deploy/local/run.sh
# (services already running keep their settings: ./deploy/local/stop.sh first). Ctrl-C stops it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

jar=$(ls "$TAPBOT_ROOT"/test-support/target/test-support-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)
if [[ -z $jar ]]; then
  info "building test-support (the receiver lives there)"
  (cd "$TAPBOT_ROOT" && mvn -B -q package -DskipTests -pl test-support)
  jar=$(ls "$TAPBOT_ROOT"/test-support/target/test-support-*.jar | head -n 1)
fi
exec "$(java_bin)" -cp "$jar" kz.tapbot.testing.OtlpTraceReceiver "${1:-4318}"
