#!/usr/bin/env bash
# Throughput benchmark (docs/performance.md): the packaged connector against a plain Camel kafka → http route, each as a process of
# its own, with a real Kafka broker (KRaft, its own process) and the HisabKitab sandbox (its own process) answering every
# call after a fixed added latency L. Prints a Markdown table (throughput, throughput ÷ (C / L), added latency p50/p99,
# CPU per 1,000 events, peak and idle RSS, start-to-ready, per-key order; a column per listener the connector ran
# against: PLAINTEXT and SASL_SSL, and their ratio) and exits non-zero when a check failed (an event without exactly
# one outcome, a dead letter, per-key order, the load not done within LOAD_TIMEOUT_S, a secret in a log).
# Everything it starts is stopped when it ends, however it ends. Not part of `mvn verify` (ThroughputSmokeIT is).
#
#   bench/throughput.sh [N]         # N events through the connector, default 20000; builds the jar when missing or stale
#
# Settings (environment): LATENCY_MS (50), WARMUP_EVENTS (5000, through the connector before the load, not measured),
# MAX_IN_FLIGHT (C: else hisabkitab.kafka.max-in-flight of application.properties, else 64; passed to the connector
# as -Dhisabkitab.kafka.max-in-flight), KEYS (1000), PARTITIONS (8), BUSINESS_SHARE (0.5), PLAIN_EVENTS
# (min(N, 2000)), PLAIN_CONSUMERS (1, Camel's default), LOAD_TIMEOUT_S (300), PACED_SECONDS (10), CONNECTOR_JAVA_OPTS
# (-Xmx384m -Xms8m -XX:+UseSerialGC: what the JVM picks in the Kubernetes pod), BENCH_DIR (target/bench), MVN_ARGS (extra Maven arguments for the build, e.g. -o),
# SECURITY (plaintext,sasl_ssl: the broker listeners the connector runs against, one connector run each, in this
# order, same workload; sasl_ssl = SCRAM-SHA-512 over TLS, the settings given to the connector in its environment).
# Output in BENCH_DIR: results.md (the table), logs/, metrics/<epoch-millis>.prom (GET /q/metrics every second;
# the SASL_SSL run's in metrics-sasl-ssl/).
set -euo pipefail
cd "$(dirname "$0")/.."

N=${1:-20000}
DIR=${BENCH_DIR:-target/bench}
. bench/build.sh

# The harness JVM stops the processes it started (shutdown hook); the pid files are the fallback should it be killed.
HARNESS=""
cleanup() {
  if [ -n "$HARNESS" ] && kill -0 "$HARNESS" 2>/dev/null; then
    kill "$HARNESS" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$HARNESS" 2>/dev/null || break; sleep 1; done
  fi
  for f in "$DIR"/pids/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$f"
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

props=(-Dbench.events="$N" -Dbench.dir="$DIR" -Dbench.repo=.)
add() { [ -z "${2:-}" ] || props+=("-Dbench.$1=$2"); }
add latency-ms "${LATENCY_MS:-}"
add warmup-events "${WARMUP_EVENTS:-}"
add max-in-flight "${MAX_IN_FLIGHT:-}"
add keys "${KEYS:-}"
add partitions "${PARTITIONS:-}"
add business-share "${BUSINESS_SHARE:-}"
add plain-events "${PLAIN_EVENTS:-}"
add plain-consumers "${PLAIN_CONSUMERS:-}"
add load-timeout-s "${LOAD_TIMEOUT_S:-}"
add paced-seconds "${PACED_SECONDS:-}"
add connector-java-options "${CONNECTOR_JAVA_OPTS:-}"
add security "${SECURITY:-}"

java -Xmx1g -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager "${props[@]}" \
  dev.hisabkitab.sync.bench.ThroughputBench &
HARNESS=$!
set +e
wait "$HARNESS"
status=$?
set -e
HARNESS=""
exit $status
