#!/usr/bin/env bash
# Throughput benchmark (docs/performance.md): the packaged connector against a plain Camel kafka → http route, each as a process of
# its own, with a real Kafka broker (KRaft, its own process) and the HisabKitab sandbox (its own process) answering every
# call after a fixed added latency L. For each L of LATENCIES (and each listener of SECURITY) a connector run of its own:
# a load phase of N events, a paced phase (added latency) and a file-drop phase (an invoices CSV of FILE_ROWS rows into
# its inbox, timed until the file is in .done/); the plain route at each L. Prints a Markdown table (a column per run:
# throughput, C / L and throughput ÷ (C / L), the file drop's rows/s and its ÷ (C / L), added latency p50/p99, CPU per
# 1,000 events and rows, RSS, start-to-ready, per-key and per-party order) and exits non-zero when a check failed (an
# event or file row without exactly one outcome, a dead letter, per-key or per-party order, the load or file not done
# in time, a secret in a log). Everything it starts is stopped when it ends, however it ends. Not part of `mvn verify`
# (ThroughputSmokeIT is). The onboarding run (master data batching) is bench/onboarding.sh.
#
#   bench/throughput.sh [N]         # N events through the connector, default 20000; builds the jar when missing or stale
#
# Settings (environment): LATENCIES (200,50: the sandbox latencies L in ms, a connector run each; LATENCY_MS=n for one),
# WARMUP_EVENTS (5000, through the connector before the load, not measured), MAX_IN_FLIGHT (C: else
# hisabkitab.kafka.max-in-flight of application.properties, else 64; passed to the connector as
# -Dhisabkitab.kafka.max-in-flight), FILE_ROWS (20000; 0: no file-drop phase), FILE_MAX_IN_FLIGHT (the file's C: else
# hisabkitab.inbox.max-in-flight of application.properties, else 64; passed as -Dhisabkitab.inbox.max-in-flight),
# FILE_TIMEOUT_S (600), KEYS (1000), PARTITIONS (8), BUSINESS_SHARE (0.5), PLAIN_EVENTS (min(N, 2000)), PLAIN_CONSUMERS
# (PARTITIONS: one consumer per partition, as a Kafka Connect sink with tasks.max = partitions), LOAD_TIMEOUT_S (300),
# PACED_SECONDS (10), CONNECTOR_JAVA_OPTS (-Xmx384m -Xms8m -XX:+UseSerialGC: what the JVM picks in the Kubernetes pod),
# BENCH_DIR (target/bench), MVN_ARGS (extra Maven arguments for the build, e.g. -o), SECURITY (plaintext: the broker
# listeners the connector runs against at each L, one connector run each, in this order, same workload;
# plaintext,sasl_ssl adds SASL_SSL = SCRAM-SHA-512 over TLS, the settings given to the connector in its environment).
# Output in BENCH_DIR: results.md (the table), logs/, metrics/<epoch-millis>.prom (GET /q/metrics every second during
# the load, paced and file phases; a later run's in metrics-<tag>/, e.g. metrics-l50/, metrics-sasl-ssl/).
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
add latencies "${LATENCIES:-}"
add latency-ms "${LATENCY_MS:-}"
add file-rows "${FILE_ROWS:-}"
add inbox-max-in-flight "${FILE_MAX_IN_FLIGHT:-}"
add file-timeout-s "${FILE_TIMEOUT_S:-}"
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
# bench/onboarding.sh
add mode "${BENCH_MODE:-}"
add onboard-events "${ONBOARD_N:-}"
add onboard-batching "${ONBOARD_BATCHING:-}"
add onboard-timeout-s "${ONBOARD_TIMEOUT_S:-}"
add rate-limit "${RATE_LIMIT:-}"

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
