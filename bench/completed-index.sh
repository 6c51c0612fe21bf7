#!/usr/bin/env bash
# The completed-events index alone (CompletedIndexBench): heap after GC, fill time, reopen time and look-up rate with
# N completed ids, in the heap (as the connector kept them before) and in RocksDB. Usage: bench/completed-index.sh [N...]
# (default 0 100000 1000000). Each run is a JVM of its own (-Xmx2g -XX:+UseSerialGC, so heap figures compare).
# The connector's own start-to-ready with N ids: bench/start-to-ready.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-classpath.txt
if [ ! -d target/test-classes/dev/hisabkitab/sync/bench ] || [ -n "$(find src pom.xml -newer target/test-classes -type f -print -quit)" ]; then
  mvn -B -q test-compile
fi
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
echo "| index | ids | fill | heap growth after GC | after 200k look-ups | reopen | look-ups | on disk |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(0 100000 1000000)
for n in "${SIZES[@]}"; do
  for kind in heap rocksdb; do
    java -Xmx2g -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
      dev.hisabkitab.sync.bench.CompletedIndexBench "$kind" "$n" "$WORK/$kind-$n"
  done
done
