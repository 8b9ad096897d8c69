#!/usr/bin/env bash
# Starts the whole imagequeue service on this machine, without Docker: PostgreSQL, Kafka (KRaft), s3proxy,
# the provider simulator, the API and N workers. State and logs live in .run/ at the repository root.
# Running it again only starts what is not running yet. Stop everything with deploy/local/down.sh.
set -euo pipefail

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/providers.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/providers.sh"

usage() {
  cat <<EOF
Usage: deploy/local/up.sh [--workers N] [--no-build]

  --workers N   number of worker processes (default 1; ports 18091..18090+N)
  --no-build    never run Maven for the applications (fail if a jar is missing)

Builds the applications when a jar is missing or older than a source file, then starts
PostgreSQL :15432, Kafka :19092, s3proxy :19000, the provider simulator :18100, the API :18080 and
the workers :1809x. State and logs: $RUN_DIR

Providers: one whose IMAGEQUEUE_PROVIDERS_<NAME>_BASE_URL or _API_KEY is set, in the environment or
in deploy/local/providers.env (KEY=VALUE lines; another file: IMAGEQUEUE_PROVIDERS_FILE), is used as
set; the simulator serves the others. NAME is one of: BFL OPENAI GEMINI DASHSCOPE STABILITY IDEOGRAM
AUTOMATIC1111. deploy/local/providers.env.example shows the form.
EOF
}

WORKERS=1
BUILD=auto
while (($#)); do
  case "$1" in
    --workers)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]?$ ]] || die "--workers needs a number from 1 to 99"
      WORKERS="$2"
      shift 2
      ;;
    --workers=*)
      WORKERS="${1#--workers=}"
      [[ "$WORKERS" =~ ^[1-9][0-9]?$ ]] || die "--workers needs a number from 1 to 99"
      shift
      ;;
    --no-build) BUILD=never; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

T_START=$SECONDS
find_java
JAVA="$JAVA_HOME/bin/java"
cd "$ROOT"
mkdir -p "$RUN_DIR/tmp" "$RUN_DIR/lib"
log "repository $ROOT, Java $(java_major "$JAVA") at $JAVA_HOME, state in $RUN_DIR"

MVN=("$ROOT/mvnw" -B -q -Dstyle.color=never)
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djava.io.tmpdir=$RUN_DIR/tmp"

PG_PORT=15432
KAFKA_PORT=19092
KAFKA_CONTROLLER_PORT=19093
S3_PORT=19000
SIM_PORT=18100
API_PORT=18080
WORKER_BASE_PORT=18090
PROVIDERS=(BFL OPENAI GEMINI DASHSCOPE STABILITY IDEOGRAM AUTOMATIC1111)

# (the IMAGEQUEUE_*_JAR variables run other builds of the applications; not needed normally)
API_JAR="${IMAGEQUEUE_API_JAR:-$ROOT/api-service/target/quarkus-app/quarkus-run.jar}"
WORKER_JAR="${IMAGEQUEUE_WORKER_JAR:-$ROOT/worker-service/target/quarkus-app/quarkus-run.jar}"
SIM_JAR="${IMAGEQUEUE_SIMULATOR_JAR:-$ROOT/provider-simulator/target/provider-simulator.jar}"
KAFKA_LIB="$RUN_DIR/lib/kafka"
S3PROXY_JAR="$RUN_DIR/lib/s3proxy.jar"

BUILD_PID=""
cleanup() {
  if [[ -n "$BUILD_PID" ]] && kill -0 "$BUILD_PID" 2>/dev/null; then
    warn "stopping the background build (pid $BUILD_PID)"
    kill -TERM "$BUILD_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- infrastructure jars (cached in .run/lib)

if ! compgen -G "$KAFKA_LIB/kafka_2.13-*.jar" >/dev/null || [[ ! -f "$S3PROXY_JAR" ]]; then
  log "fetching Kafka and s3proxy jars into $RUN_DIR/lib (Maven)"
  t0=$SECONDS
  rm -rf "$KAFKA_LIB"
  "${MVN[@]}" -f deploy/local/infra/pom.xml dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIB" >"$RUN_DIR/fetch.log" 2>&1 \
    || { show_log_tail "$RUN_DIR/fetch.log"; die "could not fetch the Kafka jars"; }
  "${MVN[@]}" -f deploy/local/infra/pom.xml dependency:copy \
    -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$RUN_DIR/lib" \
    -Dmdep.stripVersion=true -Dmdep.stripClassifier=true >>"$RUN_DIR/fetch.log" 2>&1 \
    || { show_log_tail "$RUN_DIR/fetch.log"; die "could not fetch the s3proxy jar"; }
  log "jars fetched in $((SECONDS - t0))s"
fi

# ---------------------------------------------------------------- application build (in the background)

build_needed() {
  local jar
  for jar in "$API_JAR" "$WORKER_JAR" "$SIM_JAR"; do
    [[ -f "$jar" ]] || return 0
  done
  # every source file and pom against the oldest jar
  local oldest="$API_JAR"
  for jar in "$WORKER_JAR" "$SIM_JAR"; do
    [[ "$jar" -ot "$oldest" ]] && oldest="$jar"
  done
  [[ -n "$(find pom.xml ./*/pom.xml ./*/src -type f -newer "$oldest" -print -quit 2>/dev/null)" ]]
}

apps_running() {
  local name
  for name in api simulator $(pid_names 'worker-*'); do
    is_running "$name" && return 0
  done
  return 1
}

if [[ "$BUILD" == auto ]] && build_needed && apps_running; then
  # rebuilding would swap jars under running JVMs without restarting them
  warn "sources changed since the last build, but applications are running: not rebuilding." \
    "To run the new code: deploy/local/down.sh && deploy/local/up.sh"
elif [[ "$BUILD" == auto ]] && build_needed; then
  log "building the applications in the background (log: $RUN_DIR/build.log)"
  BUILD_T0=$SECONDS
  "${MVN[@]}" -DskipTests -pl api-service,worker-service,provider-simulator,cli -am package \
    >"$RUN_DIR/build.log" 2>&1 &
  BUILD_PID=$!
fi

# ---------------------------------------------------------------- PostgreSQL (Debian's binaries)

# The bin directory of the newest PostgreSQL under /usr/lib/postgresql (Debian's layout), or nothing.
find_pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/psql" ]] && printf '%s\n' "$dir"
  done | sort -V | tail -n 1
}

PG_BIN="$(find_pg_bin)"
if [[ -z "$PG_BIN" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    log "PostgreSQL binaries not found: apt-get install postgresql-15"
    {
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 \
        || DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
    } >"$RUN_DIR/apt.log" 2>&1 || { show_log_tail "$RUN_DIR/apt.log"; die "could not install PostgreSQL"; }
    PG_BIN="$(find_pg_bin)"
  fi
  [[ -n "$PG_BIN" ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin.
Install them (Debian/Ubuntu: sudo apt-get install postgresql-15, or postgresql) and re-run."
fi

PG_DIR="$RUN_DIR/pg"
PG_DATA="$PG_DIR/data"
PG_LOG="$(log_file postgres)"
# initdb and postgres refuse to run as root: as root, run them as the 'postgres' user
PG_AS=()
if [[ $EUID -eq 0 ]]; then
  id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to run PostgreSQL as"
  PG_AS=(runuser -u postgres --)
fi

pg_running() {
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

psql_admin() {
  "${PG_AS[@]}" "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres "$@"
}

start_postgres() {
  local t0=$SECONDS
  if pg_running; then
    log "PostgreSQL already running (127.0.0.1:$PG_PORT)"
  else
    mkdir -p "$PG_DIR"
    if [[ $EUID -eq 0 ]]; then
      chown postgres:postgres "$PG_DIR"
      runuser -u postgres -- test -x "$PG_DIR" \
        || die "the 'postgres' user cannot reach $PG_DIR (a parent directory is not world-traversable, e.g. /root); move the checkout elsewhere"
    fi
    local socket="$PG_DIR/.s.PGSQL.$PG_PORT"
    ((${#socket} < 100)) || die "path too long for PostgreSQL's socket ($socket): use a shorter checkout path"
    touch "$PG_LOG"
    [[ $EUID -eq 0 ]] && chown postgres:postgres "$PG_LOG"
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      log "PostgreSQL: initdb ($PG_BIN)"
      rm -rf "$PG_DATA"
      "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 --no-sync >>"$PG_LOG" 2>&1 \
        || { show_log_tail "$PG_LOG"; die "initdb failed"; }
    fi
    port_open 127.0.0.1 "$PG_PORT" && die "port $PG_PORT is taken by another process"
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start >/dev/null \
      || { show_log_tail "$PG_LOG"; die "PostgreSQL did not start"; }
  fi
  head -n 1 "$PG_DATA/postmaster.pid" >"$(pid_file postgres)"
  if [[ "$(psql_admin -tAc "select 1 from pg_roles where rolname = 'imagequeue'")" != 1 ]]; then
    psql_admin -c "create role imagequeue login password 'imagequeue'" >/dev/null
  fi
  if [[ "$(psql_admin -tAc "select 1 from pg_database where datname = 'imagequeue'")" != 1 ]]; then
    psql_admin -c "create database imagequeue owner imagequeue" >/dev/null
  fi
  log "PostgreSQL ready on 127.0.0.1:$PG_PORT in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- Kafka (KRaft, single node)

start_kafka() {
  local t0=$SECONDS logfile
  logfile="$(log_file kafka)"
  if is_running kafka; then
    log "Kafka already running (127.0.0.1:$KAFKA_PORT)"
    return
  fi
  port_open 127.0.0.1 "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process"
  mkdir -p "$RUN_DIR/kafka/data"
  cat >"$RUN_DIR/kafka/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$RUN_DIR/kafka/data
num.partitions=6
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
  local cp="$KAFKA_LIB/*"
  if [[ ! -f "$RUN_DIR/kafka/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$("$JAVA" -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    "$JAVA" -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$RUN_DIR/kafka/server.properties" \
      >>"$logfile" 2>&1 || { show_log_tail "$logfile"; die "formatting Kafka's storage failed"; }
  fi
  start_bg kafka "$JAVA" -Xms64m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m \
    -XX:ReservedCodeCacheSize=64m -Djava.io.tmpdir="$RUN_DIR/tmp" \
    -cp "$cp" kafka.Kafka "$RUN_DIR/kafka/server.properties"
  wait_for kafka 90 "$logfile" port_open 127.0.0.1 "$KAFKA_PORT"
  log "Kafka ready on 127.0.0.1:$KAFKA_PORT in $((SECONDS - t0))s"
}

# ---------------------------------------------------------------- s3proxy

start_s3proxy() {
  local t0=$SECONDS logfile
  logfile="$(log_file s3proxy)"
  if is_running s3proxy; then
    log "s3proxy already running (127.0.0.1:$S3_PORT)"
    return
  fi
  port_open 127.0.0.1 "$S3_PORT" && die "port $S3_PORT is taken by another process"
  mkdir -p "$RUN_DIR/s3/data"
  cat >"$RUN_DIR/s3/s3proxy.properties" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=imagequeue
s3proxy.credential=imagequeue-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$RUN_DIR/s3/data
EOF
  start_bg s3proxy "$JAVA" -Xmx128m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m \
    -Djava.io.tmpdir="$RUN_DIR/tmp" -jar "$S3PROXY_JAR" --properties "$RUN_DIR/s3/s3proxy.properties"
  wait_for s3proxy 60 "$logfile" port_open 127.0.0.1 "$S3_PORT"
  log "s3proxy ready on 127.0.0.1:$S3_PORT in $((SECONDS - t0))s"
}

# The three start concurrently; each reports its own time. A failure in one fails up.sh.
INFRA_T0=$SECONDS
start_postgres &
pg_job=$!
start_kafka &
kafka_job=$!
start_s3proxy &
s3_job=$!
infra_ok=true
wait "$pg_job" || infra_ok=false
wait "$kafka_job" || infra_ok=false
wait "$s3_job" || infra_ok=false
$infra_ok || die "the infrastructure did not come up (see the messages above; deploy/local/down.sh stops what did)"
log "infrastructure ready in $((SECONDS - INFRA_T0))s"

# ---------------------------------------------------------------- applications

if [[ -n "$BUILD_PID" ]]; then
  log "waiting for the build"
  if ! wait "$BUILD_PID"; then
    BUILD_PID=""
    show_log_tail "$RUN_DIR/build.log"
    die "the build failed (log: $RUN_DIR/build.log); the infrastructure keeps running"
  fi
  BUILD_PID=""
  log "build finished in $((SECONDS - BUILD_T0))s"
fi

for jar in "$SIM_JAR" "$API_JAR" "$WORKER_JAR"; do
  [[ -f "$jar" ]] || die "$jar is missing$([[ $BUILD == never ]] && echo ' (--no-build given)' || echo ' after the build'): build it with ./mvnw -DskipTests package"
done

API_KEY_FILE="$RUN_DIR/api-key"
if [[ ! -s "$API_KEY_FILE" ]]; then
  (umask 077 && printf 'iq_local_%s\n' "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" >"$API_KEY_FILE")
fi
API_KEY="$(tr -d '\n' <"$API_KEY_FILE")"
# The admin API's token (deploy/local/admin.sh reads it), generated once like the key.
ADMIN_TOKEN_FILE="$RUN_DIR/admin-token"
if [[ ! -s "$ADMIN_TOKEN_FILE" ]]; then
  (umask 077 && printf 'iqadm_%s\n' "$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')" >"$ADMIN_TOKEN_FILE")
fi

WEBHOOK_KEY_FILE="$RUN_DIR/webhook-signing-key"
[[ -s "$WEBHOOK_KEY_FILE" ]] || (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >"$WEBHOOK_KEY_FILE")

APP_JVM=(-Xms64m -Xmx256m -XX:+UseSerialGC -Djava.io.tmpdir="$RUN_DIR/tmp")
COMMON_ENV=(
  QUARKUS_HTTP_HOST=127.0.0.1
  QUARKUS_DATASOURCE_USERNAME=imagequeue
  QUARKUS_DATASOURCE_PASSWORD=imagequeue
  QUARKUS_DATASOURCE_REACTIVE_URL="postgresql://127.0.0.1:$PG_PORT/imagequeue"
  QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/imagequeue"
  KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
  IMAGEQUEUE_STORAGE_ENDPOINT="http://127.0.0.1:$S3_PORT"
  IMAGEQUEUE_STORAGE_ACCESS_KEY=imagequeue
  IMAGEQUEUE_STORAGE_SECRET_KEY=imagequeue-secret
  # Webhooks: receivers on 127.0.0.1 work locally; the signing key is kept across restarts.
  IMAGEQUEUE_WEBHOOKS_ALLOW_PRIVATE_DESTINATIONS=true
  IMAGEQUEUE_WEBHOOKS_SIGNING_KEY="$(tr -d '\n' <"$WEBHOOK_KEY_FILE")"
  # Human-readable logs in .run/*.log; the services log JSON lines by default (production, k8s).
  QUARKUS_LOG_CONSOLE_JSON_ENABLED=false
)

# start_app NAME PORT READY_URL JAR [ENV...]: starts it unless running; prints nothing else
STARTED_APPS=()
start_app() {
  local name="$1" port="$2" jar="$3"
  shift 3
  if is_running "$name"; then
    log "$name already running (127.0.0.1:$port)"
    return
  fi
  port_open 127.0.0.1 "$port" && die "port $port (for $name) is taken by another process"
  start_bg "$name" env "QUARKUS_HTTP_PORT=$port" "${COMMON_ENV[@]}" "$@" "$JAVA" "${APP_JVM[@]}" -jar "$jar"
  STARTED_APPS+=("$name")
}

APPS_T0=$SECONDS
if is_running simulator; then
  log "provider simulator already running (127.0.0.1:$SIM_PORT)"
else
  port_open 127.0.0.1 "$SIM_PORT" && die "port $SIM_PORT (provider simulator) is taken by another process"
  start_bg simulator "$JAVA" -Xmx256m -XX:+UseSerialGC -Djava.io.tmpdir="$RUN_DIR/tmp" \
    -jar "$SIM_JAR" --port "$SIM_PORT" --latency-ms 1500
  STARTED_APPS+=(simulator)
fi

start_app api "$API_PORT" "$API_JAR" \
  IMAGEQUEUE_BOOTSTRAP_API_KEY="$API_KEY" IMAGEQUEUE_BOOTSTRAP_TENANT=local \
  IMAGEQUEUE_ADMIN_TOKEN="$(tr -d '\n' <"$ADMIN_TOKEN_FILE")"

load_providers_file "${IMAGEQUEUE_PROVIDERS_FILE:-$ROOT/deploy/local/providers.env}"
choose_providers "http://127.0.0.1:$SIM_PORT" "${PROVIDERS[@]}"
for ((i = 1; i <= WORKERS; i++)); do
  start_app "worker-$i" "$((WORKER_BASE_PORT + i))" "$WORKER_JAR" "${SIMULATED_ENV[@]}"
done

# wait for everything started above (they boot in parallel)
wait_for simulator 60 "$(log_file simulator)" http_ok "http://127.0.0.1:$SIM_PORT/health"
wait_for api 120 "$(log_file api)" http_ok "http://127.0.0.1:$API_PORT/q/health/ready"
for ((i = 1; i <= WORKERS; i++)); do
  wait_for "worker-$i" 120 "$(log_file "worker-$i")" http_ok "http://127.0.0.1:$((WORKER_BASE_PORT + i))/q/health/ready"
done
if ((${#STARTED_APPS[@]})); then
  log "started ${STARTED_APPS[*]}: ready in $((SECONDS - APPS_T0))s"
fi

# ---------------------------------------------------------------- env file and summary

RUNNING_WORKERS=()
while IFS= read -r name; do
  is_running "$name" && RUNNING_WORKERS=("$name" "${RUNNING_WORKERS[@]}")
done < <(pid_names 'worker-*')

cat >"$RUN_DIR/env" <<EOF
# written by deploy/local/up.sh; source it: . .run/env
export IMAGEQUEUE_URL=http://127.0.0.1:$API_PORT
export IMAGEQUEUE_API_KEY=$API_KEY
export IMAGEQUEUE_DB_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/imagequeue
export IMAGEQUEUE_DB_USER=imagequeue
export IMAGEQUEUE_DB_PASSWORD=imagequeue
export IMAGEQUEUE_KAFKA=127.0.0.1:$KAFKA_PORT
export IMAGEQUEUE_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export IMAGEQUEUE_S3_ACCESS_KEY=imagequeue
export IMAGEQUEUE_S3_SECRET_KEY=imagequeue-secret
export IMAGEQUEUE_SIMULATOR_URL=http://127.0.0.1:$SIM_PORT
EOF

worker_lines=""
for name in "${RUNNING_WORKERS[@]}"; do
  worker_lines+="$(printf '\n  %-10s http://127.0.0.1:%s   log .run/%s.log' "$name" "$((WORKER_BASE_PORT + ${name#worker-}))" "$name")"
done

cat <<EOF

imagequeue is up ($((SECONDS - T_START))s)
  API        http://127.0.0.1:$API_PORT   log .run/api.log   (OpenAPI: /q/openapi, health: /q/health)$worker_lines
  simulator  http://127.0.0.1:$SIM_PORT   log .run/simulator.log
  PostgreSQL 127.0.0.1:$PG_PORT  db/user/password imagequeue   log .run/postgres.log
  Kafka      127.0.0.1:$KAFKA_PORT  log .run/kafka.log
  s3proxy    http://127.0.0.1:$S3_PORT  access key imagequeue / secret imagequeue-secret   log .run/s3proxy.log
Providers (of workers started now; running workers keep theirs):$(describe_providers)
  API key in .run/api-key; addresses in .run/env.   Stop: deploy/local/down.sh  (--purge also deletes .run/)

Try it:
  . $RUN_DIR/env
  curl -s -X POST "\$IMAGEQUEUE_URL/v2/image/flux/generate" -H "Authorization: Bearer \$IMAGEQUEUE_API_KEY" -H 'Content-Type: application/json' -d '{"prompt":"a lighthouse at dawn","width":1024,"height":768,"async":true}'
  curl -s "\$IMAGEQUEUE_URL/v2/tasks/<task_address>" -H "Authorization: Bearer \$IMAGEQUEUE_API_KEY"
EOF
