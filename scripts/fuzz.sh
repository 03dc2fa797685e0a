#!/usr/bin/env bash
# Fuzzes tonghop's readers with libFuzzer (and AddressSanitizer), each for a set time, two at a time.
#
#   scripts/fuzz.sh [SECONDS] [READER...]     SECONDS per reader (default 600); READER: JSON CSV XLSX Catalog (default all)
#
# Seeds come from SampleReports/, Tests/Regressions/ and Templates/; the corpus grows in .build-fuzz/corpus/READER and
# is kept between runs. An input that crashes, hangs (over 10 s) or runs out of memory is written to
# .build-fuzz/findings/ and the script exits 1: copy it to Tests/Regressions/fuzz-NAME.EXT and make the reader refuse it
# with a clear message (HostileFileTests checks every fuzz-* file there).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
readers=("$@")
[ ${#readers[@]} -gt 0 ] || readers=(JSON CSV XLSX Catalog)
work=.build-fuzz
mkdir -p "$work/findings"

for reader in "${readers[@]}"; do
  TONGHOP_FUZZ=1 swift build -c release --scratch-path "$work" --product "Fuzz$reader" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing >/dev/null
done
python3 scripts/fuzz-seeds.py "$work/corpus"

run() {
  local reader=$1
  local log="$work/findings/$reader.log"
  # Inputs up to 64 KiB (a report is a few), 10 s at most each, 4 GiB of memory; -close_fd_mask=3 keeps the log short.
  # Memory leaked by an input counts as a finding too (LeakSanitizer, -detect_leaks=1), but for the toolchain's own
  # known leaks listed in scripts/fuzz-lsan.supp.
  if LSAN_OPTIONS="suppressions=$PWD/scripts/fuzz-lsan.supp" "$work/release/Fuzz$reader" "$work/corpus/$reader" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
       -rss_limit_mb=4096 -detect_leaks=1 -artifact_prefix="$work/findings/$reader-" -print_final_stats=1 -close_fd_mask=3 >"$log" 2>&1; then
    echo "$reader: clean after ${seconds}s: $(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}') inputs, $(ls "$work/corpus/$reader" | wc -l) in the corpus"
  else
    echo "$reader: FOUND A PROBLEM; see $log and $work/findings/$reader-*"
    return 1
  fi
}

status=0
pids=()
for reader in "${readers[@]}"; do
  run "$reader" &
  pids+=($!)
  # Two at a time: the machine has two cores.
  if [ ${#pids[@]} -ge 2 ]; then
    wait "${pids[0]}" || status=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
exit $status
