#!/usr/bin/env bash
# Onboarding benchmark (docs/performance.md): a company's master data arriving at once, as when it is first connected.
# ONBOARD_N party.upsert events (new customers of one company, each its own key) through the packaged connector with
# the per-company quota at its default (hisabkitab.rate-limit-per-second, 20 calls/s), the sandbox at L: once with
# -Dhisabkitab.master-batch.enabled=true and once with false, each a connector run of its own (same broker and
# sandbox processes as bench/throughput.sh). Measures the time from the first event produced to the last reply, checks
# one reply per event, each ok, no dead letter; prints a Markdown table (also in BENCH_DIR/onboarding.md) and exits
# non-zero when a check failed. Without batching a party is about one call, so the run takes N ÷ 20 s: about 500 s for
# the default 10,000 (the batched run less, once the connector batches; a connector without batching ignores the
# setting and both runs take that long).
#
#   bench/onboarding.sh [N]         # N party.upsert events per run, default 10000 (e.g. 1000: about 50 s a run)
#
# Settings (environment): ONBOARD_N (the argument), ONBOARD_BATCHING (true,false: the runs, in this order),
# LATENCY_MS (200), RATE_LIMIT (else hisabkitab.rate-limit-per-second of application.properties, else 20),
# ONBOARD_TIMEOUT_S (2 × N ÷ quota + 60, at least 120), PARTITIONS (8), CONNECTOR_JAVA_OPTS, BENCH_DIR
# (target/bench-onboarding), MVN_ARGS.
set -euo pipefail
cd "$(dirname "$0")/.."
export BENCH_MODE=onboarding
export ONBOARD_N=${1:-${ONBOARD_N:-10000}}
export BENCH_DIR=${BENCH_DIR:-target/bench-onboarding}
export LATENCY_MS=${LATENCY_MS:-200}
exec bench/throughput.sh
