#!/usr/bin/env bash
# Looks at the pages as people see them: a service on the sample reports, Thanh Hóa's week-46 report returned for
# correction, then headless Chromium screenshots of the board, the report's page, the audit log (as staff) and the
# upload and home pages (as Thanh Hóa), the week's synthesis page with its assessment form, each at desktop (1280 px) and phone (390 px) width, into OUT (default /tmp/tonghop-pages).
#   scripts/screenshot-pages.sh [OUT]      (needs a built tonghop, python3 and chromium)
# Chromium is not signed in: a small proxy on the next ports adds the sign-in cookie of the page's reader to each request.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/tonghop-pages}"
work="$(mktemp -d)"
bin="$(swift build --show-bin-path)/tonghop"
export TONGHOP_DB="$work/tonghop.sqlite" TONGHOP_TEMPLATES="$PWD/Templates"
mkdir -p "$out"
"$bin" submit --received-at 2025-11-20T07:00:00+07:00 SampleReports >/dev/null || true
staff=$("$bin" token create --role staff --label "Nguyễn Văn A, Vụ Chính quyền địa phương" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
unit=$("$bin" token create --unit TH --label "Văn phòng UBND tỉnh Thanh Hóa" --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
id=$("$bin" history --unit TH --period 2025-W46 --format json | python3 -c 'import json,sys; print([e["id"] for e in json.load(sys.stdin) if e.get("supersededById") is None][0])')
"$bin" review return "$id" --by "Nguyễn Văn A, Vụ Chính quyền địa phương" --at 2025-11-20T10:00:00+07:00 \
  --reason "Số người được tuyển dụng (400) tăng bất thường so với các tuần trước; đề nghị rà soát, bổ sung, gửi lại." \
  --criterion hr.recruited >/dev/null
port=18700
"$bin" serve --port "$port" >"$work/serve.log" 2>&1 &
serve=$!
trap 'kill $serve $proxies 2>/dev/null; rm -rf "$work"' EXIT
proxies=""
proxy() {  # port token
  python3 - "$1" "$2" "$port" <<'PY' &
import http.server, sys, urllib.request
listen, token, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
class Proxy(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        request = urllib.request.Request(f"http://127.0.0.1:{target}{self.path}", headers={"Cookie": "tonghop_token=" + token})
        try:
            response = urllib.request.urlopen(request)
        except urllib.error.HTTPError as error:
            response = error
        body = response.read()
        self.send_response(response.status)
        self.send_header("Content-Type", response.headers.get("Content-Type", "text/html"))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", listen), Proxy).serve_forever()
PY
  proxies="$proxies $!"
}
proxy $((port + 1)) "$staff"
proxy $((port + 2)) "$unit"
sleep 2
shot() {  # name port path [height]
  for width in 1280 390; do
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$width,${4:-2400}" \
      --screenshot="$out/$1-$width.png" "http://127.0.0.1:$2$3" >/dev/null 2>&1
  done
}
shot board $((port + 1)) "/board?schedule=province-weekly&period=2025-W46&at=2025-11-20T11:00:00%2B07:00"
shot report $((port + 1)) "/reports/$id"
shot audit $((port + 1)) "/audit"
shot upload $((port + 2)) "/upload"
shot home $((port + 2)) "/"
shot synthesis $((port + 1)) "/synthesis/province-weekly/2025-W46?asOf=2025-11-20T11:00:00%2B07:00" 9000
ls "$out"
