#!/usr/bin/env bash
# Benchmark (not a test): two release binaries side by side on the same commune-scale workload, in turns, best of 5
# each: one week's `submit` (against `sqlite3 .import`), each format of the week's synthesis and the late check over
# 52 weeks of history, and the peak memory of each (/usr/bin/time -v). For a round's before and after:
#   Benchmarks/compare.sh BEFORE_BINARY AFTER_BINARY [units]      (needs python3, sqlite3, /usr/bin/time)
# Build the one before in a worktree of the previous release with its own scratch path, e.g.
#   git worktree add /tmp/base <commit> && (cd /tmp/base && swift build -c release --static-swift-stdlib --product tonghop \
#     -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors)
# and the one after with scripts/build-release.sh, which runs that same command (a release older than the script lacks
# it): both binaries built the same way, or the start-up differs by 6–8 ms and every command by a tenth of its
# instructions.
set -euo pipefail
cd "$(dirname "$0")/.."
before="$1"
after="$2"
units="${3:-3321}"
work="${BENCH_WORK:-bench-work}"
python3 Benchmarks/make-workload.py "$work" "$units" --valid-from 2024-11-01 >/dev/null
sync  # What was just written goes to the disk before anything is timed (see lib.sh).
# The templates each binary reads: a round that adds a key to them gives the binary before its own copy without it
# (BEFORE_TEMPLATES=dir); by default both read the workload's.
before_templates="${BEFORE_TEMPLATES:-$work/Templates}"
templates_of() { [ "$1" = "$before" ] && echo "$before_templates" || echo "$work/Templates"; }

. Benchmarks/lib.sh
# Peak resident memory of one run, in MiB.
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk '/Maximum resident/ { printf "%.0f", $6 / 1024 }'; }

submit() {  # binary database
  rm -f "$2"*
  "$1" submit --lang en --db "$2" --templates "$(templates_of "$1")" --received-at 2025-11-20T07:00:00+07:00 "$work/reports" >/dev/null
}
import() {
  rm -f "$work"/import.sqlite*
  sqlite3 "$work/import.sqlite" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE value(unit TEXT, period TEXT, criterion TEXT, value TEXT);
.mode csv
.import $work/values.csv value
SQL
}
timed() { local start; start=$(now); "$@" >/dev/null; since "$start"; }

declare -A times
# Each run's binary and inputs read into the page cache just before it (see `warm` in lib.sh).
for _ in 1 2 3 4 5; do
  warm "$before" "$before_templates" "$work/reports"
  times[before-submit]+="$(timed submit "$before" "$work/before.sqlite") "
  warm "$after" "$work/Templates" "$work/reports"
  times[after-submit]+="$(timed submit "$after" "$work/after.sqlite") "
  warm "$(command -v sqlite3)" "$work/values.csv"
  times[import]+="$(timed import) "
done
show() { printf '%s\n' ${times[$1]} | best; }
printf 'submit of the week: before %.3f s, after %.3f s; sqlite3 .import %.3f s; ratio before %.2f, after %.2f\n' \
  "$(show before-submit)" "$(show after-submit)" "$(show import)" \
  "$(awk -v t="$(show before-submit)" -v s="$(show import)" 'BEGIN { print t / s }')" \
  "$(awk -v t="$(show after-submit)" -v s="$(show import)" 'BEGIN { print t / s }')"
rm -f "$work"/before.sqlite* "$work"/after.sqlite*
printf 'peak memory of submit: before %s MiB, after %s MiB\n' \
  "$(peak "$before" submit --db "$work/before.sqlite" --templates "$before_templates" --received-at 2025-11-20T07:00:00+07:00 "$work/reports")" \
  "$(peak "$after" submit --db "$work/after.sqlite" --templates "$work/Templates" --received-at 2025-11-20T07:00:00+07:00 "$work/reports")"

# A year of history, made once with the binary after; both read the same copy.
rm -f "$work"/history.sqlite*
"$after" submit --db "$work/history.sqlite" --templates "$work/Templates" --received-at 2025-11-20T07:00:00+07:00 "$work/reports" >/dev/null
python3 Benchmarks/make-history.py "$work/history.sqlite" 2025-W46 52 >/dev/null
sync  # What was just written goes to the disk before anything is timed (see lib.sh).
at=2025-11-20T09:00:00+07:00
"$after" late --db "$work/history.sqlite" --templates "$work/Templates" --at "$at" >/dev/null
# The late check writes what it looked at (a mark with a digest of the registry) and looks again only at what changed
# since: each binary checks its own copy, or two releases that write different digests would each undo the other's mark
# and both check everything at every run.
for side in before after; do
  rm -f "$work/$side-history.sqlite"*
  sqlite3 "$work/history.sqlite" ".backup $work/$side-history.sqlite"
  bin=$([ "$side" = before ] && echo "$before" || echo "$after")
  "$bin" late --db "$work/$side-history.sqlite" --templates "$(templates_of "$bin")" --at "$at" >/dev/null
done
# Each binary reads the history for its syntheses through a link of its own: a binary keeps the registry and the templates'
# files it read beside the database it was given (`<db>-registry`, `<db>-catalog`, keyed by the binary), and two binaries
# sharing them would each replace the other's at every run. SQLite follows the link, so both read the same database and its WAL.
for side in before after; do
  rm -f "$work/$side-synthesis.sqlite"*
  ln -s history.sqlite "$work/$side-synthesis.sqlite"
done
for what in late json csv md html xlsx docx; do
  for _ in 1 2 3 4 5; do
    for side in before after; do
      bin=$([ "$side" = before ] && echo "$before" || echo "$after")
      if [ "$what" = late ]; then
        warm "$bin" "$(templates_of "$bin")" "$work/$side-history.sqlite"*
        times[$side-$what]+="$(timed "$bin" late --db "$work/$side-history.sqlite" --templates "$(templates_of "$bin")" --at "$at") "
      else
        warm "$bin" "$(templates_of "$bin")" "$work"/history.sqlite* "$work/$side-synthesis.sqlite-registry" \
          "$work/$side-synthesis.sqlite-catalog"
        times[$side-$what]+="$(timed "$bin" synthesize --db "$work/$side-synthesis.sqlite" --templates "$(templates_of "$bin")" --as-of "$at" \
          --format "$what" --out "$work/$side.$what") "
      fi
    done
  done
  printf '%-6s before %.3f s, after %.3f s\n' "$what" "$(show before-$what)" "$(show after-$what)"
done
for format in json xlsx docx; do
  printf 'peak memory of synthesize --format %s: before %s MiB, after %s MiB\n' "$format" \
    "$(peak "$before" synthesize --db "$work/before-synthesis.sqlite" --templates "$before_templates" --as-of "$at" --format "$format" --out "$work/b.$format")" \
    "$(peak "$after" synthesize --db "$work/after-synthesis.sqlite" --templates "$work/Templates" --as-of "$at" --format "$format" --out "$work/a.$format")"
done
for format in json csv md html xlsx docx; do
  cmp -s "$work/before.$format" "$work/after.$format" && echo "$format: the same bytes" || echo "$format: differs"
done
