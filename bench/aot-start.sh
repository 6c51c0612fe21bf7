#!/usr/bin/env bash
# Start to ready of the packaged connector on Java 17, on Java 25, and on Java 25 with an AOT cache (JEP 483/514/515,
# docs/performance.md "Start to ready"): a real Kafka broker and the sandbox as processes of their own on loopback,
# then ROUNDS rounds, each starting the connector once per variant (interleaved, so a machine's drift hits all
# alike) with a fresh data folder, timed from launch until GET /q/health/ready answers UP. Prints the median and
# range per variant as a Markdown table. The AOT cache is made first by a training run on Java 25
# (-XX:AOTCacheOutput): the connector starts, books the example files dropped in its inbox, and is stopped with SIGTERM
# (the cache is written as it exits). A fourth variant uses the cache the image makes: src/main/docker/aot-train.sh
# (the Dockerfile's training run: file drops only, no Kafka, stopped once ready). Everything it starts ends with it.
#
#   bench/aot-start.sh              # ROUNDS=5
#
# Settings (environment): ROUNDS (5), JAVA25 (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), CONNECTOR_JAVA_OPTS
# (-Xmx384m -Xms8m -XX:+UseSerialGC, as the Kubernetes pod's JVM), BENCH_DIR (target/bench-aot), MVN_ARGS (e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=$(realpath -m "${BENCH_DIR:-target/bench-aot}")
ROUNDS=${ROUNDS:-5}
JAVA17=java
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
OPTS=${CONNECTOR_JAVA_OPTS:--Xmx384m -Xms8m -XX:+UseSerialGC}
PORT=${HTTP_PORT:-18399}
. bench/build.sh
[ -x "$JAVA25" ] || { echo "No Java 25 at $JAVA25 (set JAVA25)"; exit 2; }
rm -rf "$DIR"
mkdir -p "$DIR"
LOAD_AT_START=$(cut -d' ' -f1 /proc/loadavg)
TEST_CP="target/test-classes:target/classes:target/sandbox-classes:$(cat "$CP_FILE")"
PIDS=()
cleanup() { for p in "${CONNECTOR_PID:-}" "${PIDS[@]}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# the line a child prints once it serves, e.g. KAFKA_BOOTSTRAP=127.0.0.1:35083
await_line() {
  local file=$1 pattern=$2 pid=$3
  for _ in $(seq 1 1200); do
    if grep -q "$pattern" "$file" 2>/dev/null; then grep -m1 "$pattern" "$file"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "exited: see $file" >&2; return 1; }
    sleep 0.1
  done
  echo "no '$pattern' in $file after 120 s" >&2
  return 1
}

java -Xmx512m -cp "$TEST_CP" dev.hisabkitab.sync.bench.BrokerMain 8 > "$DIR/broker.log" 2>&1 &
PIDS+=($!)
BROKER=$(await_line "$DIR/broker.log" '^KAFKA_BOOTSTRAP=' "$!" | sed 's/^KAFKA_BOOTSTRAP=\([^ ]*\).*/\1/')
# the connector's key is one the sandbox accepts (any other is refused: the training's files would wait for ever)
API_KEY="bench-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
java -Xmx256m -cp "$TEST_CP" dev.hisabkitab.sync.sandbox.SandboxMain --port=0 --latency-ms=0 --api-keys="$API_KEY" > "$DIR/sandbox.log" 2>&1 &
PIDS+=($!)
SANDBOX=$(await_line "$DIR/sandbox.log" 'listening on' "$!" | sed 's/.*listening on \([^ ]*\).*/\1/')

# start_connector <name> <java> [jvm options...]: launches it and waits until ready; sets READY_MS, CONNECTOR_PID, DATA
start_connector() {
  local name=$1 javacmd=$2; shift 2
  DATA=$(mktemp -d "$DIR/$name.XXXX")
  mkdir -p "$DATA/inbox"
  local t0; t0=$(date +%s%N)
  # shellcheck disable=SC2086
  HISABKITAB_API_KEY="$API_KEY" KAFKA_BROKERS="$BROKER" HTTP_PORT=$PORT \
    "$javacmd" $OPTS "$@" -Dhisabkitab.base-url="$SANDBOX" -Dhisabkitab.inbox="$DATA/inbox" \
    -Dhisabkitab.idempotency.file="$DATA/completed.jsonl" -Dhisabkitab.idempotency.dir="$DATA/completed-index" \
    -Dhisabkitab.kafka.group-id="bench-aot-$name-$RANDOM" -jar "$JAR" > "$DATA/connector.log" 2>&1 &
  CONNECTOR_PID=$!
  until curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1; do
    kill -0 "$CONNECTOR_PID" 2>/dev/null || { echo "connector exited: see $DATA/connector.log" >&2; return 1; }
    sleep 0.02
  done
  READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

stop_connector() {
  kill -TERM "$CONNECTOR_PID" 2>/dev/null || true
  wait "$CONNECTOR_PID" 2>/dev/null || true
}

echo "Training run on Java 25 (the AOT cache: $DIR/app.aot)..."
start_connector training "$JAVA25" -XX:AOTCacheOutput="$DIR/app.aot"
# masters first (the inbox takes them before the documents dropped with them), then the documents
cp examples/*.csv "$DATA/inbox/"
for _ in $(seq 1 3000); do
  [ -z "$(find "$DATA/inbox" -maxdepth 1 -name '*.csv' -print -quit)" ] && break
  sleep 0.2
done
[ -z "$(find "$DATA/inbox" -maxdepth 1 -name '*.csv' -print -quit)" ] || echo "(training: the example files were not all booked after 10 minutes; the cache is made from what ran)"
stop_connector
[ -s "$DIR/app.aot" ] || { echo "The training run wrote no AOT cache: see $DATA/connector.log"; exit 2; }

echo "Training run of the image (src/main/docker/aot-train.sh) on Java 25: $DIR/image.aot"
JAVA="$JAVA25" AOT_TRAINING_JAVA_OPTS="$OPTS" sh src/main/docker/aot-train.sh target/quarkus-app "$DIR/image.aot"

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  for variant in java17 java25 java25-aot java25-aot-image; do
    case $variant in
      java17) start_connector "$variant" "$JAVA17" ;;
      java25) start_connector "$variant" "$JAVA25" ;;
      java25-aot) start_connector "$variant" "$JAVA25" -XX:AOTCache="$DIR/app.aot" ;;
      java25-aot-image) start_connector "$variant" "$JAVA25" -XX:AOTCache="$DIR/image.aot" ;;
    esac
    stop_connector
    RESULTS[$variant]="${RESULTS[$variant]:-} $READY_MS"
    echo "round $round $variant: $READY_MS ms" >&2
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
range() { tr ' ' '\n' | grep . | sort -n | awk 'NR==1{lo=$1} {hi=$1} END {print lo " – " hi}'; }
{
  echo "Start to ready (ms), $ROUNDS rounds, $(nproc) cores, load average $LOAD_AT_START at the start, $(cut -d' ' -f1 /proc/loadavg) at the end, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'):"
  echo
  echo "| | median | range |"
  echo "|---|---:|---:|"
  for variant in java17 java25 java25-aot java25-aot-image; do
    echo "| $variant | $(echo "${RESULTS[$variant]}" | median) | $(echo "${RESULTS[$variant]}" | range) |"
  done
  echo
  echo "AOT cache: $(du -m "$DIR/app.aot" | cut -f1) MB (training with Kafka and the example files), $(du -m "$DIR/image.aot" | cut -f1) MB (the image's)"
} | tee "$DIR/results.md"
