#!/usr/bin/env bash
# Runs every test of the project: makes sure PostgreSQL (database tapbot_test, user tapbot), Redis,
# redis-server on PATH (tests start a private one too) and a headless Chromium + chromedriver are
# there, then `mvn -B verify` from the repo root. Extra arguments go to Maven, e.g.
#   ./deploy/local/test.sh -pl taxi-service -am
# The tests start their own in-process Kafka broker: no broker is started here.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
ensure_database tapbot_test
ensure_redis
ensure_chromium
if ! command -v redis-server >/dev/null 2>&1; then
  info "redis-server is not on PATH (the tests start a private one): installing it"
  apt_install redis-server
fi
command -v redis-server >/dev/null 2>&1 || die "redis-server not on PATH: the tests need it (apt-get install -y redis-server)"
command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven is needed to run the tests"
# the backup drills (deploy/tests) run PostgreSQL's own binaries as the postgres user, and redis-check-aof/-rdb
id postgres >/dev/null 2>&1 || die "no postgres OS user: the backup drills run PostgreSQL as it (apt-get install -y postgresql)"
command -v kubectl >/dev/null 2>&1 || \
  info "kubectl not found: the Kubernetes manifest validation (deploy/tests ManifestValidationTest) will be skipped"

cd "$TAPBOT_ROOT"
# tests talk to local stubs only: a key in the environment must not reach OpenAI from a test
unset OPENAI_API_KEY OPENAI_BASE_URL
info "mvn -B verify $*"
exec mvn -B verify "$@"
