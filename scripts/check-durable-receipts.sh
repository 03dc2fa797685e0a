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
  swift build --product tonghop >/dev/null
  binary="$(swift build --show-bin-path)/tonghop"
fi
command -v strace >/dev/null || { echo "strace is needed (apt-get install strace)" >&2; exit 2; }
work=$(mktemp -d)
serve=""
trap '[ -n "$serve" ] && pkill -KILL -P "$serve"; rm -rf "$work"' EXIT
export TONGHOP_DB="$work/tonghop.sqlite" TONGHOP_TEMPLATES="$PWD/Templates"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"$binary" init >/dev/null
sequential=(HN HP DNG CT QNI)
together=(LS TH NA HUE GL KH BN CB DB DLK)
declare -A token
for unit in "${sequential[@]}" "${together[@]}"; do
  token[$unit]=$("$binary" token create --unit "$unit" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
done

strace -f -y -qq -e trace=fdatasync,fsync,pwrite64,write,writev,sendmsg,read,readv,recvfrom,recvmsg -o "$work/trace.log" \
  "$binary" serve --host 127.0.0.1 --port "$port" >"$work/serve.log" 2>&1 &
serve=$!
up=""
for _ in $(seq 1 80); do curl -fsS "http://127.0.0.1:$port/health" >/dev/null 2>&1 && { up=yes; break; }; sleep 0.25; done
if [ -z "$up" ]; then
  echo "tonghop serve did not answer /health:" >&2
  cat "$work/serve.log" >&2
  exit 1
fi

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
import bisect, re, sys
trace, sequential, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
if any(code != "201" for code in codes):
    sys.exit(f"uploads answered {codes}, expected 201 each")
writes, syncs = [], []   # lines of the writes to the WAL and of its syncs
request_read = {}        # a socket (fd and peer) -> line where a request was last read from it
answers = []
for number, line in enumerate(open(trace, encoding="utf-8", errors="replace")):
    call = re.match(r"\d+\s+(\w+)\((\d+)<([^>]*)>", line)
    if not call:
        continue
    name, fd, path = call.group(1), call.group(2), call.group(3)
    socket = path.startswith("TCP") or path.startswith("socket:")
    if path.endswith("-wal") and name in ("pwrite64", "write", "writev"):
        writes.append(number)
    elif path.endswith("-wal") and name in ("fdatasync", "fsync"):
        syncs.append(number)
    elif socket and name in ("read", "readv", "recvfrom", "recvmsg") and (re.search(r"\) = [1-9]", line) or "<unfinished" in line):
        # A read that strace shows in two parts (another thread ran between) is taken where it started.
        request_read[fd + path] = number
    elif socket and "201 Created" in line:
        answers.append(number)
        read = request_read.get(fd + path)
        if read is None:
            sys.exit(f"trace line {number + 1}: a receipt on a connection whose request was not seen")
        # A WAL write after the request was read, synced, and only then the answer: the report is on disk.
        synced = [s for s in syncs[bisect.bisect_right(syncs, read):] if s < number]
        if not any(bisect.bisect_right(writes, read) < bisect.bisect_left(writes, s) for s in synced):
            sys.exit(f"trace line {number + 1}: a receipt (201 Created) sent before the WAL written for its report was synced")
if len(answers) != len(codes):
    sys.exit(f"{len(answers)} answers 201 Created found in the trace, {len(codes)} expected")
together = len(codes) - sequential
shared = len([s for s in syncs if s > answers[sequential - 1]])
print(f"durable receipts: {len(answers)} receipts, each sent after a WAL write made since its request was read had been "
      f"synced; {together} uploads at once took {shared} syncs")
PY
