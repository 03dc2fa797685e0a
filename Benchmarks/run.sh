#!/usr/bin/env bash
# Benchmark (not a test): one week at commune scale, 3,321 report files of ~37 values each, checked and
# stored by one `tonghop submit` (release build), against the sqlite3 shell importing the same values
# in one transaction. Prints the best of 5 runs of each and their ratio.
#   Benchmarks/run.sh [units]        (needs python3 and the sqlite3 command-line tool)
set -euo pipefail
# The binary deploy/install.sh installs, as scripts/build-release.sh builds it (Swift and Foundation linked in, every
# module's generic metadata reached without demangling; see that script).
cd "$(dirname "$0")/.."
units="${1:-3321}"
work="${BENCH_WORK:-bench-work}"
scripts/build-release.sh --product tonghop >/dev/null
bin="$(scripts/build-release.sh --show-bin-path)/tonghop"
python3 Benchmarks/make-workload.py "$work" "$units"
sync  # What was just written goes to the disk before anything is timed (see lib.sh).

. Benchmarks/lib.sh

run_tonghop() {
  rm -f "$work"/bench.sqlite*
  warm "$bin" "$work/Templates" "$work/reports"
  local start; start=$(now)
  "$bin" submit --lang en --db "$work/bench.sqlite" --templates "$work/Templates" --received-at 2025-11-20T07:00:00+07:00 \
    "$work/reports" > "$work/submit.txt"
  since "$start"
}

run_sqlite() {
  rm -f "$work"/import.sqlite*
  warm "$(command -v sqlite3)" "$work/values.csv"
  local start; start=$(now)
  sqlite3 "$work/import.sqlite" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE value(unit TEXT, period TEXT, criterion TEXT, value TEXT);
.mode csv
.import $work/values.csv value
SQL
  since "$start"
}

# The machine's speed drifts from one minute to the next, so the two are run in turns, 5 times each.
tonghop_times=()
sqlite_times=()
for i in 1 2 3 4 5; do
  tonghop_times+=("$(run_tonghop)")
  sqlite_times+=("$(run_sqlite)")
done

# The summary line of the default (text) output, e.g. "3321 files: 3321 accepted, ...".
summary=$(tail -1 "$work/submit.txt")
echo "tonghop: $summary"
case "$summary" in "$units files: $units accepted"*) ;; *) echo "not every file was accepted" >&2; exit 1 ;; esac

t=$(printf '%s\n' "${tonghop_times[@]}" | best)
s=$(printf '%s\n' "${sqlite_times[@]}" | best)
values=$(wc -l < "$work/values.csv")
printf 'tonghop submit: %.3f s   sqlite3 .import: %.3f s   (%d values, best of 5 each, run in turns)\n' "$t" "$s" "$values"
printf 'ratio: %.2f (target of issue 26: at most 2)\n' "$(awk -v t="$t" -v s="$s" 'BEGIN { print t / s }')"
