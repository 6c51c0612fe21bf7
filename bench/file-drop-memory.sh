#!/usr/bin/env bash
# Memory benchmark of file drops (docs/performance.md): a 100,000-row invoice CSV processed by the packaged application with the
# heap capped at 256 MB, against the HisabKitab sandbox running as a process of its own (so the sandbox's records do
# not count against the connector's heap). Prints documents per second, peak heap (from the GC log) and peak RSS,
# then stops everything it started. Not part of `mvn verify`.
#
#   bench/file-drop-memory.sh [rows]        # rows default 100000; builds the jar first if it is missing
#
# Settings: HEAP (default 256m), LINES_PER_INVOICE (default 3), BENCH_DIR (default target/bench).
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${1:-100000}
HEAP=${HEAP:-256m}
LINES=${LINES_PER_INVOICE:-3}
DIR=${BENCH_DIR:-target/bench}
JAR=target/quarkus-app/quarkus-run.jar
KEY=bench-key

# the sandbox is its own artifact beside the product (the same build writes both)
SANDBOX_JAR=$(ls target/hisabkitab-sync-*-sandbox.jar 2>/dev/null | head -1 || true)
if [ ! -f "$JAR" ] || [ -z "$SANDBOX_JAR" ]; then
  mvn -B -q package -DskipTests
  SANDBOX_JAR=$(ls target/hisabkitab-sync-*-sandbox.jar | head -1)
fi
rm -rf "$DIR" && mkdir -p "$DIR/inbox" "$DIR/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "Generating $ROWS invoice rows ($LINES lines an invoice)..."
awk -v rows="$ROWS" -v lines="$LINES" 'BEGIN {
  print "documentType,number,date,party_name,lines_item,lines_quantity,lines_rate,lines_discountPercent,lines_gstRate,narration"
  split("Steel Bolt M8|Blue Pen|Installation Service", item, "|")
  split("Sharma Traders|Rathi Stationers", party, "|")
  for (r = 0; r < rows; r++) {
    doc = int(r / lines) + 1
    printf "sale,BENCH-%06d,2025-03-%02d,%s,%s,%d,%.2f,%s,18,Benchmark invoice %d\n", doc, doc % 28 + 1, party[doc % 2 + 1], item[r % 3 + 1], r % 50 + 1, 10 + (r % 97) / 4, (r % 5 == 0 ? "5" : ""), doc
  }
}' > "$DIR/invoices-bench.csv"
ls -l "$DIR/invoices-bench.csv" | awk '{printf "  %.1f MB\n", $5 / 1048576}'

CP="$SANDBOX_JAR:target/quarkus-app/lib/main/*:target/quarkus-app/app/*:target/quarkus-app/lib/boot/*"
java -Xmx2g -cp "$CP" dev.hisabkitab.sync.sandbox.SandboxMain "$PORT" "$KEY" > "$DIR/sandbox.log" 2>&1 &
pids+=($!)

java -Xmx"$HEAP" -Xlog:gc:file="$DIR/gc.log" \
  -Dhisabkitab.base-url="http://127.0.0.1:$PORT/third-party" -Dhisabkitab.api-key="$KEY" \
  -Dhisabkitab.inbox="$DIR/inbox" -Dhisabkitab.idempotency.file="$DIR/data/completed.jsonl" \
  -Dhisabkitab.rate-limit-per-second=0 -Dquarkus.log.category.\"dev.hisabkitab.sync.outcome\".level=WARN \
  -Dhisabkitab.inbox.progress-interval=PT10S \
  -jar "$JAR" > "$DIR/app.log" 2>&1 &
APP=$!
pids+=($APP)
for _ in $(seq 120); do grep -q "Started inbox" "$DIR/app.log" && break; sleep 1; done
grep -q "Started inbox" "$DIR/app.log" || { echo "the application did not start:"; tail -20 "$DIR/app.log"; exit 1; }

# the masters first (parties and items of examples/), then the large file
for f in parties.csv items.csv; do cp "examples/$f" "$DIR/inbox/$f.tmp" && mv "$DIR/inbox/$f.tmp" "$DIR/inbox/$f"; done
for _ in $(seq 60); do [ -f "$DIR/inbox/.done/items.csv.report.csv" ] && break; sleep 1; done
cp "$DIR/invoices-bench.csv" "$DIR/inbox/invoices-bench.csv.tmp"
START=$(date +%s.%N)
mv "$DIR/inbox/invoices-bench.csv.tmp" "$DIR/inbox/invoices-bench.csv"

peak_rss=0
REPORT=""
while [ -z "$REPORT" ]; do
  kill -0 "$APP" 2>/dev/null || { echo "the application stopped:"; tail -30 "$DIR/app.log"; exit 1; }
  rss=$(awk '/VmHWM/ {print $2}' "/proc/$APP/status")
  [ "${rss:-0}" -gt "$peak_rss" ] && peak_rss=$rss
  for folder in .done .failed; do
    [ -f "$DIR/inbox/$folder/invoices-bench.csv" ] && REPORT="$DIR/inbox/$folder/invoices-bench.csv.report.csv"
  done
  sleep 1
done
END=$(date +%s.%N)

docs=$(($(wc -l < "$REPORT") - 1))
ok=$(grep -c ',invoice.create,ok,' "$REPORT" || true)
# GC log lines end in "before->after(capacity) time": the highest "before" is the peak heap in use, the highest
# "after" the most the application kept alive
read -r peak_used peak_live < <(grep -o '[0-9]*M->[0-9]*M' "$DIR/gc.log" | awk -F'M->|M' '
  { if ($1 > u) u = $1; if ($2 > l) l = $2 } END { print u + 0, l + 0 }')
echo
echo "file:           $ROWS rows, $docs documents ($ok ok), report in ${REPORT#$DIR/}"
awk -v d="$docs" -v s="$START" -v e="$END" 'BEGIN { printf "time:           %.0f s, %.0f documents/s\n", e - s, d / (e - s) }'
echo "heap (-Xmx$HEAP): peak in use ${peak_used} MB, peak live after GC ${peak_live} MB ($(grep -c 'Pause' "$DIR/gc.log") GC pauses)"
echo "RSS:            peak $((peak_rss / 1024)) MB"
grep -o 'Inbox file invoices-bench.csv: .*' "$DIR/app.log" | sed 's/^/app log:        /' | tail -4
