#!/usr/bin/env bash
# The picture of the Grafana dashboard (docs/grafana/hisabkitab-sync.json) with real data, without Grafana (docs/operations.md, Dashboard):
# a small Java2D renderer (src/test/java/dev/hisabkitab/sync/bench/dashboard) evaluates the dashboard's PromQL over
# scrapes of GET /q/metrics (files <epoch-millis>.prom, one a second) and draws its panels on Grafana's grid.
#
#   bench/dashboard.sh [snapshot-dir] [out.png]           # render; defaults target/bench/metrics, docs/grafana/hisabkitab-sync.png
#   bench/dashboard.sh --load [seconds] [snapshot-dir] [out.png]
#       first a load run (DashboardLoad, about seconds + 60 s; seconds default 120): a Kafka broker and the sandbox
#       (40 ms latency, some 429/503) in one JVM, the packaged app as a process, Kafka events for two companies with
#       bad ones among them and a batch of inbox files, /q/metrics scraped every second into snapshot-dir
#
# Settings: NOTE (text at the top right of the picture), DASHBOARD_WIDTH (pixels, default 1600), DASHBOARD_ZONE (time
# zone of the axes, default UTC), MVN (default "mvn -B -q"; e.g. "mvn -B -q -o" offline). Stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

LOAD=""
LOAD_SECONDS=120
if [ "${1:-}" = "--load" ]; then
  LOAD=1
  shift
  if [[ "${1:-}" =~ ^[0-9]+$ ]]; then LOAD_SECONDS=$1; shift; fi
fi
SNAPSHOTS=${1:-target/bench/metrics}
OUT=${2:-docs/grafana/hisabkitab-sync.png}
JAR=target/quarkus-app/quarkus-run.jar
CLASSPATH_FILE=target/bench/test-classpath.txt
WORK=target/bench/dashboard-work
MVN=${MVN:-mvn -B -q}

mkdir -p target/bench
# the renderer and the load run are test classes (the sandbox joins them): compile them when missing or older than their sources
if [ ! -f target/test-classes/dev/hisabkitab/sync/bench/dashboard/RenderDashboard.class ] \
   || [ ! -f target/test-classes/dev/hisabkitab/sync/sandbox/HisabKitabSandbox.class ] \
   || [ -n "$(find src/test/java/dev/hisabkitab/sync/bench/dashboard -newer target/test-classes/dev/hisabkitab/sync/bench/dashboard/RenderDashboard.class -name '*.java' | head -1)" ]; then
  $MVN test-compile
fi
if [ ! -s "$CLASSPATH_FILE" ] || [ pom.xml -nt "$CLASSPATH_FILE" ]; then
  $MVN dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CLASSPATH_FILE"
fi
CP="target/test-classes:target/classes:$(cat "$CLASSPATH_FILE")"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ -n "$LOAD" ]; then
  [ -f "$JAR" ] || $MVN package -DskipTests
  rm -rf "$SNAPSHOTS" "$WORK"
  echo "Load run: $LOAD_SECONDS s of load (app log in $WORK/app.log)"
  # the load JVM starts the app as its child and stops it (and the broker, the sandbox) when it ends or is stopped
  java -Xmx768m -XX:+UseSerialGC -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -cp "$CP" dev.hisabkitab.sync.bench.dashboard.DashboardLoad "$JAR" "$SNAPSHOTS" "$WORK" "$LOAD_SECONDS" &
  pids+=($!)
  wait "${pids[-1]}"
  pids=()
fi

[ -d "$SNAPSHOTS" ] || { echo "no snapshot directory $SNAPSHOTS (run with --load, or point it at a benchmark's scrapes)"; exit 1; }
java -Djava.awt.headless=true -Ddashboard.width="${DASHBOARD_WIDTH:-1600}" -Ddashboard.zone="${DASHBOARD_ZONE:-UTC}" \
  -cp "$CP" dev.hisabkitab.sync.bench.dashboard.RenderDashboard docs/grafana/hisabkitab-sync.json "$SNAPSHOTS" "$OUT" \
  "${NOTE:-rendered by bench/dashboard.sh (Java2D, not Grafana)}"
