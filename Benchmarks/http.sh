#!/usr/bin/env bash
# Benchmark (not a test): uploads over HTTP at commune scale. `tonghop serve` (release build) on a fresh database with
# a token for each of 1,000 workload units; wrk with 32 connections on 2 threads for 10 s, each request a new report
# (a unit's report for a week it has not sent), then the same with every request a duplicate. Prints requests per
# second, latency percentiles and the service's peak memory (/usr/bin/time -v).
#   Benchmarks/http.sh [units] [BINARY]      (needs python3, wrk and /usr/bin/time: apt-get install wrk time)
set -euo pipefail
# The binary deploy/install.sh installs, as scripts/build-release.sh builds it (Swift and Foundation linked in, every
# module's generic metadata reached without demangling; see that script).
cd "$(dirname "$0")/.."
units="${1:-3321}"
work="${BENCH_WORK:-bench-work}"
bin="${2:-}"
if [ -z "$bin" ]; then
  scripts/build-release.sh --product tonghop >/dev/null 2>&1
  bin="$(scripts/build-release.sh --show-bin-path)/tonghop"
fi
[ -f "$work/reports/X0000.json" ] || python3 Benchmarks/make-workload.py "$work" "$units" >/dev/null
# BENCH_TEMPLATES: the templates for a binary of an earlier release, when a round added a key to them.
export TONGHOP_DB="$work/http.sqlite" TONGHOP_TEMPLATES="${BENCH_TEMPLATES:-$work/Templates}"
rm -f "$work"/http.sqlite*
"$bin" init >/dev/null
# A token for each of the first 1,000 units (with 60 weeks each, 60,000 distinct new reports: more than 10 s can send).
: > "$work/uploads.txt"
for report in $(ls "$work"/reports/*.json | head -1000); do
  unit=$(basename "$report" .json)
  printf '%s\t%s\n' "$("$bin" token create --unit "$unit" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')" \
    "$report" >> "$work/uploads.txt"
done 2>/dev/null
port=18600
/usr/bin/time -v "$bin" serve --host 127.0.0.1 --port "$port" > "$work/serve.log" 2> "$work/serve.time" &
time_pid=$!
for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.25; done
export WRK_UPLOADS="$work/uploads.txt"
echo "new reports:"
wrk -t2 -c32 -d10s --latency -s Benchmarks/upload.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|requests in"
echo "duplicates:"
WRK_DUPLICATES=1 wrk -t2 -c32 -d10s --latency -s Benchmarks/upload.lua "http://127.0.0.1:$port" | grep -E "Requests/sec|50%|90%|99%|Non-2xx|requests in"
pkill -TERM -P "$time_pid" || true
wait "$time_pid" || true
grep "Maximum resident" "$work/serve.time"
echo "stored: $(sqlite3 "$work/http.sqlite" 'SELECT count(*) FROM submission') submissions"
