#!/usr/bin/env bash
# The project's test command: builds everything and runs all tests (unit, @QuarkusTest and system tests).
# The tests start their own PostgreSQL, Kafka and S3 store (module test-infra) on free ports, so nothing needs
# to be running, and a running deploy/local/up.sh stack does not interfere. Extra arguments go to Maven,
# e.g. deploy/local/test.sh -pl api-service -am   or   deploy/local/test.sh -Dtest=SomeTest -Dsurefire.failIfNoSpecifiedTests=false
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

find_java
# The web page test drives Debian's headless Chromium: installed here when missing (root or sudo), else skipped.
ensure_chromium
cd "$ROOT"
# Maven and the Quarkus build keep their temporary files in target/ too (not /tmp)
mkdir -p "$ROOT/target/tmp"
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.io.tmpdir=$ROOT/target/tmp"
log "Java $(java_major "$JAVA_HOME/bin/java") at $JAVA_HOME; ./mvnw verify $*"
exec ./mvnw -B -ntp -Dstyle.color=never verify "$@"
