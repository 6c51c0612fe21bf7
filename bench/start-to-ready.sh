#!/usr/bin/env bash
# Start-to-ready and heap of the packaged connector with many completed ids in the Kafka store (StartToReadyBench,
# docs/performance.md): for each N the completed-events topic is filled to N records as the connector writes them, then
# the connector starts with a new index (rebuilt from the topic, as a new pod) and again on the kept index (a restart).
# Prints a Markdown table; exits 1 when a target is missed (heap growth ≤ 64 MB at the largest N, ready ≤ 30 s
# after a restart), 2 when it could not run. Everything it starts ends with it.
#
#   bench/start-to-ready.sh [N...]      # default 0 1000000 5000000
#
# Settings (environment): CONNECTOR_JAVA_OPTS (-Xmx384m -Xms8m -XX:+UseSerialGC, as the Kubernetes pod's JVM),
# BENCH_DIR (target/bench-start), MVN_ARGS (extra Maven arguments for the build, e.g. -o).
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-target/bench-start}
. bench/build.sh
rm -rf "$DIR"
mkdir -p "$DIR"
java -Xmx1g -XX:+UseSerialGC -Djava.io.tmpdir="$DIR" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -Dbench.dir="$DIR" -Dbench.jar="$JAR" -Dbench.connector-java-options="${CONNECTOR_JAVA_OPTS:--Xmx384m -Xms8m -XX:+UseSerialGC}" \
  -cp "target/test-classes:target/classes:target/sandbox-classes:$(cat "$CP_FILE")" \
  dev.hisabkitab.sync.bench.StartToReadyBench "$@" | tee "$DIR/results.md"
exit "${PIPESTATUS[0]}"
