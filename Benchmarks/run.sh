#!/usr/bin/env bash
# Benchmark (not a test): one week at commune scale, 3,321 report files of ~37 values each, checked and
# stored by one `tonghop submit` (release build), against the sqlite3 shell importing the same values
# in one transaction. Prints the best of 3 runs of each and their ratio.
#   Benchmarks/run.sh [units]        (needs python3 and the sqlite3 command-line tool)
set -euo pipefail
cd "$(dirname "$0")/.."
units="${1:-3321}"
work="${BENCH_WORK:-bench-work}"
swift build -c release --product tonghop >/dev/null
bin="$(swift build -c release --show-bin-path)/tonghop"
python3 Benchmarks/make-workload.py "$work" "$units"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.4f", b - a }'; }
best() { sort -n | head -1; }

tonghop_times=()
for i in 1 2 3; do
  rm -f "$work"/bench.sqlite*
  start=$(now)
  "$bin" submit --db "$work/bench.sqlite" --templates "$work/Templates" --received-at 2025-11-20T07:00:00+07:00 \
    --format json "$work/reports" > "$work/submit.json"
  tonghop_times+=("$(since "$start")")
done
python3 - "$work/submit.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["counts"]
assert c["accepted"] == c["files"], c
print(f"tonghop stored {c['accepted']} of {c['files']} files")
PY

sqlite_times=()
for i in 1 2 3; do
  rm -f "$work"/import.sqlite*
  start=$(now)
  sqlite3 "$work/import.sqlite" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE value(unit TEXT, period TEXT, criterion TEXT, value TEXT);
.mode csv
.import $work/values.csv value
SQL
  sqlite_times+=("$(since "$start")")
done

t=$(printf '%s\n' "${tonghop_times[@]}" | best)
s=$(printf '%s\n' "${sqlite_times[@]}" | best)
values=$(wc -l < "$work/values.csv")
printf 'tonghop submit: %.3f s   sqlite3 .import: %.3f s   (%d values, best of 3)\n' "$t" "$s" "$values"
printf 'ratio: %.2f (target: at most 3)\n' "$(awk -v t="$t" -v s="$s" 'BEGIN { print t / s }')"
