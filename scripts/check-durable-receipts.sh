#!/usr/bin/env bash
# Checks that a receipt leaves only once its report is on disk: runs `tonghop serve` under strace, uploads reports one
# at a time and ten at once, and reads the trace. Every answer "201 Created" written to a socket must come after an
# fdatasync (or fsync) of the database's WAL that itself comes after the last write to the WAL. Run by .ci/run.
#
#   scripts/check-durable-receipts.sh [TONGHOP_BINARY]     (default: the debug build, `swift build` first)
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-}
if [ -z "$binary" ]; then
  swift build --product tonghop >/dev/null 2>&1
  binary="$(swift build --show-bin-path)/tonghop"
fi
command -v strace >/dev/null || { echo "strace is needed (apt-get install strace)" >&2; exit 2; }
work=$(mktemp -d)
serve=""
trap '[ -n "$serve" ] && pkill -KILL -P "$serve"; rm -rf "$work"' EXIT
export TONGHOP_DB="$work/tonghop.sqlite" TONGHOP_TEMPLATES="$PWD/Templates"
port=$((20000 + RANDOM % 20000))

"$binary" init >/dev/null
sequential=(HN HP DNG CT QNI)
together=(LS TH NA HUE GL KH BN CB DB DLK)
declare -A token
for unit in "${sequential[@]}" "${together[@]}"; do
  token[$unit]=$("$binary" token create --unit "$unit" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
done

strace -f -y -qq -e trace=fdatasync,fsync,pwrite64,write,writev,sendmsg -o "$work/trace.log" \
  "$binary" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
serve=$!
for _ in $(seq 1 80); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.25; done

upload() {  # UNIT: its week-46 sample report, with its unit's token; prints the HTTP status
  local file type
  file=$(ls SampleReports/province-2025-W46/"$1".* | head -1)
  case "$file" in *.json) type=application/json ;; *) type=text/csv ;; esac
  curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer ${token[$1]}" -H "Content-Type: $type" \
    --data-binary @"$file" "http://127.0.0.1:$port/api/v1/submissions?fileName=$(basename "$file")"
}
codes=()
# One at a time: each receipt must follow the sync of its own report's commit.
for unit in "${sequential[@]}"; do codes+=("$(upload "$unit")"); done
# Ten at once: they share commits (group commit), and each receipt still follows a sync.
pids=()
for unit in "${together[@]}"; do upload "$unit" >"$work/code-$unit" & pids+=($!); done
wait "${pids[@]}"
for unit in "${together[@]}"; do codes+=("$(cat "$work/code-$unit")"); done
# Stop the service itself (strace, its parent, ends with it) as systemd would.
pkill -TERM -P "$serve" || true
wait "$serve" 2>/dev/null || true
serve=""

python3 - "$work/trace.log" "${#sequential[@]}" "${codes[@]}" <<'PY'
import re, sys
trace, sequential, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
if any(code != "201" for code in codes):
    sys.exit(f"uploads answered {codes}, expected 201 each")
last_write = None      # line of the last write to the WAL
synced_after = False   # whether the WAL was synced after that write
syncs = []             # lines of every WAL sync
answers = []
for number, line in enumerate(open(trace, encoding="utf-8", errors="replace")):
    call = re.match(r"\d+\s+(\w+)\((\d+)<([^>]*)>", line)
    if not call:
        continue
    name, path = call.group(1), call.group(3)
    if path.endswith("-wal") and name in ("pwrite64", "write", "writev"):
        last_write, synced_after = number, False
    elif path.endswith("-wal") and name in ("fdatasync", "fsync"):
        synced_after = last_write is not None
        syncs.append(number)
    elif not path.endswith("-wal") and not path.endswith(".sqlite") and "201 Created" in line:
        answers.append(number)
        # One at a time, nothing else is written between a report's commit and its receipt: the WAL's last write must
        # be synced. Together, a later batch may already be writing; the receipt must still follow a sync.
        if len(answers) <= sequential and not synced_after:
            sys.exit(f"trace line {number + 1}: a receipt (201 Created) was sent before its report's WAL write was synced")
        if not syncs:
            sys.exit(f"trace line {number + 1}: a receipt (201 Created) was sent before any sync of the WAL")
if len(answers) != len(codes):
    sys.exit(f"{len(answers)} answers 201 Created found in the trace, {len(codes)} expected")
together = len(codes) - sequential
shared = len([s for s in syncs if s > answers[sequential - 1]])
print(f"durable receipts: {len(answers)} receipts, each sent after its WAL write was synced; "
      f"{together} uploads at once took {shared} syncs")
PY
