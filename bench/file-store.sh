#!/usr/bin/env bash
# The file store (no Kafka) with N completed ids (FileStoreBench): heap after GC with the store open and after a restart,
# the first start (index built from the whole file), the restart (index checkpoint: no line read again), records per
# second (each line synced) and look-ups; next to the same file read whole into the heap, as the store did before its
# index. Usage: bench/file-store.sh [N...] (default 0 100000 1000000). One JVM per row (-Xmx2g -XX:+UseSerialGC).
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=target/bench-classpath.txt
if [ ! -d target/test-classes/dev/hisabkitab/sync/bench ] || [ -n "$(find src pom.xml -newer target/test-classes -type f -print -quit)" ]; then
  mvn -B -q test-compile
fi
if [ ! -s "$CP_FILE" ] || [ pom.xml -nt "$CP_FILE" ]; then
  mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE"
fi
WORK=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/file-store.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "| store | ids | first start | restart | heap growth, open | after restart and 200k look-ups | records (synced) | look-ups | on disk (file + index) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(0 100000 1000000)
for n in "${SIZES[@]}"; do
  for kind in heap file; do
    java -Xmx2g -XX:+UseSerialGC -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" \
      dev.hisabkitab.sync.bench.FileStoreBench "$kind" "$n" "$WORK/$kind-$n" 2>"$WORK/$kind-$n.log" \
      || { cat "$WORK/$kind-$n.log" >&2; exit 1; }
  done
done
