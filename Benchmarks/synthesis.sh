#!/usr/bin/env bash
# Benchmark (not a test): the synthesis and the late check at commune scale. One week of 3,321 reports is stored by
# `tonghop submit`, grown to 52 weeks of history (about 6.4 million values) by make-history.py, then each format of
# the week's synthesis and the late check are timed, best of 5 runs each (release build, whole command).
#   Benchmarks/synthesis.sh [units]        (needs python3)
set -euo pipefail
# The binary deploy/install.sh installs, as scripts/build-release.sh builds it (Swift and Foundation linked in, every
# module's generic metadata reached without demangling; see that script).
cd "$(dirname "$0")/.."
units="${1:-3321}"
work="${BENCH_WORK:-bench-work}"
scripts/build-release.sh --product tonghop >/dev/null
bin="$(scripts/build-release.sh --show-bin-path)/tonghop"
python3 Benchmarks/make-workload.py "$work" "$units" --valid-from 2024-11-01
rm -f "$work"/history.sqlite*
"$bin" submit --db "$work/history.sqlite" --templates "$work/Templates" --received-at 2025-11-20T07:00:00+07:00 "$work/reports" | tail -1
python3 Benchmarks/make-history.py "$work/history.sqlite" 2025-W46 52
sync  # What was just written goes to the disk before anything is timed (see lib.sh).

at=2025-11-20T09:00:00+07:00
. Benchmarks/lib.sh
run() {
  local times=()
  for i in 1 2 3 4 5; do
    warm "$bin" "$work/Templates" "$work"/history.sqlite*
    local start; start=$(now)
    "$@" >/dev/null
    times+=("$(since "$start")")
  done
  printf '%s\n' "${times[@]}" | best
}

# The first late check flags the units of the registry that never reported (the ministries); the cron job's runs
# after it are what each deadline costs.
warm "$bin" "$work/Templates" "$work"/history.sqlite*
first=$( { start=$(now); "$bin" late --db "$work/history.sqlite" --templates "$work/Templates" --at "$at" >/dev/null; since "$start"; } )
printf 'late check, first run:  %.3f s\n' "$first"
printf 'late check, each run after: %.3f s\n' "$(run "$bin" late --db "$work/history.sqlite" --templates "$work/Templates" --at "$at")"
for format in json csv md html xlsx docx; do
  t=$(run "$bin" synthesize --db "$work/history.sqlite" --templates "$work/Templates" --as-of "$at" --format "$format" --out "$work/synthesis.$format")
  printf 'synthesize --format %-5s %.3f s  (%s bytes)\n' "$format" "$t" "$(wc -c < "$work/synthesis.$format")"
done
printf 'loading the templates and the %s-unit registry alone (init): %.3f s\n' "$units" \
  "$(run "$bin" init --db "$work/history.sqlite" --templates "$work/Templates")"
