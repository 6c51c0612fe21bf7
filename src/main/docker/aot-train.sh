#!/bin/sh
# The AOT cache's training run (JEP 483/514/515, Java 25; docs/performance.md "Start to ready"), run by
# Dockerfile.jvm when the image is built and runnable here against target/quarkus-app:
#   src/main/docker/aot-train.sh <app dir with quarkus-run.jar> <cache file to write>
# Starts the packaged connector as it starts in a pod, but with nothing outside the process: no Kafka (file drops
# only), HisabKitab at an address nobody answers (no call is made: the inbox stays empty), the completed ids and
# the inbox in a temporary folder. Once GET /q/health/ready answers UP it is stopped with SIGTERM, and the JVM writes
# the cache as it exits: the classes the start loaded and linked, and the method profiles it gathered. The cache
# belongs to this jar and this JVM build: the image's final stage must run the same java on the same files.
# Exit 1 when the start or the cache fails (the image build stops rather than ship an image without its cache).
set -eu
APP=$(cd "${1:?app dir}" && pwd)
CACHE=${2:?cache file}
PORT=${AOT_TRAINING_PORT:-18079}
JAVA=${JAVA:-java}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/inbox"
# file drops only (an empty KAFKA_BROKERS would still count as set)
unset KAFKA_BROKERS

# JVM options: the pod's (k8s/base/deployment.yaml) unless given, and the GC the JVM picks in a pod of one CPU (a
# build machine with more would pick another): the GC decides which cached objects a start can use
# shellcheck disable=SC2086
HISABKITAB_API_KEY=aot-training HTTP_PORT=$PORT \
  "$JAVA" ${AOT_TRAINING_JAVA_OPTS:--XX:MaxRAMPercentage=75 -XX:+UseSerialGC} -XX:AOTCacheOutput="$CACHE" \
  -Dhisabkitab.base-url=http://127.0.0.1:9/third-party -Dhisabkitab.inbox="$WORK/inbox" \
  -Dhisabkitab.idempotency.file="$WORK/completed.jsonl" -Dhisabkitab.idempotency.dir="$WORK/completed-index" \
  -jar "$APP/quarkus-run.jar" > "$WORK/training.log" 2>&1 &
PID=$!

ready() {
  if command -v curl > /dev/null; then
    curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1
  else
    wget -q -O /dev/null "http://127.0.0.1:$PORT/q/health/ready" > /dev/null 2>&1
  fi
}
tries=0
until ready; do
  tries=$((tries + 1))
  if ! kill -0 "$PID" 2> /dev/null || [ "$tries" -gt 1200 ]; then
    echo "aot-train: the connector did not get ready (120 s):" >&2
    cat "$WORK/training.log" >&2
    kill "$PID" 2> /dev/null || true
    exit 1
  fi
  sleep 0.1
done
kill -TERM "$PID"
wait "$PID" || true
if [ ! -s "$CACHE" ]; then
  echo "aot-train: no AOT cache written to $CACHE:" >&2
  cat "$WORK/training.log" >&2
  exit 1
fi
echo "aot-train: ready after $tries probes; AOT cache $CACHE ($(du -m "$CACHE" | cut -f1) MB)"
