#!/usr/bin/env bash
# Installs tonghop on a Debian or Ubuntu server, as docs/operations.md ("Install on a server") says, step by step:
#
#   1. the binary: a self-contained one (built by scripts/build-release.sh), checked with ldd to need no library of the
#      Swift toolchain, into PREFIX/bin;
#   2. the templates, the README and docs/ into PREFIX;
#   3. the system user `tonghop` and its data folder DATA (the database lives there), readable by no one else;
#   4. the database, created by `tonghop init` as that user, which also checks the templates;
#   5. the systemd units: the HTTP service, the late check's timer, the reminders' and the nightly backup's, with PREFIX and
#      DATA written in (the mail server's settings go in /etc/tonghop/mail.env: see docs/operations.md);
#   6. systemctl: enabled and started, then checked with `systemctl status` and `curl /health`.
#
# Usage: sudo deploy/install.sh [--binary FILE] [--prefix DIR] [--data DIR] [--port N] [--notify URL] [--allow-dynamic]
#   --binary FILE    the tonghop to install (default: .build/release/tonghop, built first when missing)
#   --prefix DIR     where the program and templates go (default /opt/tonghop)
#   --data DIR       where the database goes (default /var/lib/tonghop)
#   --port N         the port `tonghop serve` listens on, on 127.0.0.1 behind the TLS proxy (default 8080)
#   --notify URL     a webhook the late check posts newly flagged units to (default: none; the journal has them)
#   --allow-dynamic  accept a binary that needs the toolchain's libraries (for tests with a debug build)
#
# DESTDIR=/some/folder installs into that folder as if it were /, for a test or a package: nothing outside it is
# touched, no user is created, systemctl is not run, and the database is made by the user running the script.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=".build/release/tonghop"
prefix="/opt/tonghop"
data="/var/lib/tonghop"
port="8080"
notify=""
allow_dynamic=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --notify) notify="$2"; shift 2 ;;
    --allow-dynamic) allow_dynamic=1; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
  esac
done
root="${DESTDIR:-}"
step() { printf '\n== %s\n' "$*"; }

step "1. The binary"
if [ ! -x "$binary" ]; then
  echo "building $binary (scripts/build-release.sh; about sixteen minutes on two cores)"
  scripts/build-release.sh
fi
# A binary linked with --static-swift-stdlib carries Swift and Foundation inside; it still uses the system's C
# libraries (glibc, libsqlite3, libxml2, zlib), which every Debian server has.
toolchain_libraries=$(ldd "$binary" | grep -E 'libswift|libFoundation|lib_FoundationICU|libdispatch|libBlocksRuntime' || true)
if [ -n "$toolchain_libraries" ] && [ "$allow_dynamic" -eq 0 ]; then
  echo "install.sh: $binary needs the Swift toolchain's libraries, which a server does not have:" >&2
  echo "$toolchain_libraries" >&2
  echo "build it with: scripts/build-release.sh (swift build -c release --static-swift-stdlib and one flag more)" >&2
  exit 1
fi
missing=$(ldd "$binary" | grep 'not found' || true)
if [ -n "$missing" ]; then
  echo "install.sh: $binary needs libraries this machine lacks (apt-get install libsqlite3-0 libxml2 zlib1g):" >&2
  echo "$missing" >&2
  exit 1
fi
ldd "$binary" | sed 's/^/   /'
install -D -m 0755 "$binary" "$root$prefix/bin/tonghop"
echo "installed $root$prefix/bin/tonghop ($("$root$prefix/bin/tonghop" --version))"

step "2. The templates, the README and docs/"
rm -rf "$root$prefix/Templates" "$root$prefix/docs"
mkdir -p "$root$prefix"
cp -R Templates "$root$prefix/Templates"
cp -R docs "$root$prefix/docs"
install -m 0644 README.md "$root$prefix/README.md"
chmod -R u=rwX,go=rX "$root$prefix"
echo "installed $root$prefix/Templates, $root$prefix/README.md and $root$prefix/docs"

step "3. The user tonghop and $data"
owner="$(id -un)"
if [ -z "$root" ]; then
  if ! id tonghop >/dev/null 2>&1; then
    useradd --system --home-dir "$data" --no-create-home --shell /usr/sbin/nologin --comment "tonghop reports" tonghop
    echo "created the system user tonghop"
  fi
  owner="tonghop"
fi
install -d -m 0750 -o "$owner" -g "$(id -gn "$owner")" "$root$data" "$root$data/backups"
echo "$root$data (and $data/backups, for the nightly backups) belongs to $owner, mode 750"

step "4. The database"
run_as() {
  if [ -z "$root" ] && [ "$(id -un)" != "tonghop" ]; then runuser -u tonghop -- "$@"; else "$@"; fi
}
run_as "$root$prefix/bin/tonghop" init --db "$root$data/tonghop.sqlite" --templates "$root$prefix/Templates"

step "5. The systemd units"
units="$root/etc/systemd/system"
mkdir -p "$units"
for unit in tonghop-serve.service tonghop-late.service tonghop-late.timer tonghop-backup.service tonghop-backup.timer \
  tonghop-remind.service tonghop-remind.timer; do
  sed -e "s|/opt/tonghop|$prefix|g" -e "s|/var/lib/tonghop|$data|g" -e "s|--port 8080|--port $port|" "deploy/$unit" > "$units/$unit"
  chmod 0644 "$units/$unit"
done
if [ -n "$notify" ]; then
  sed -i "s|^ExecStart=\(.*\) late$|ExecStart=\1 late --notify $notify|" "$units/tonghop-late.service"
fi
grep -H '^ExecStart=' "$units"/tonghop-*.service

if [ -n "$root" ]; then
  step "Installed into $root (DESTDIR): systemctl not run"
  exit 0
fi

step "6. Start and check"
systemctl daemon-reload
systemctl enable --now tonghop-serve.service tonghop-late.timer tonghop-backup.timer tonghop-remind.timer
for _ in $(seq 1 20); do
  if curl -fsS "http://127.0.0.1:$port/health"; then echo; break; fi
  sleep 0.5
done
systemctl --no-pager status tonghop-serve.service | head -n 5
systemctl --no-pager list-timers tonghop-late.timer tonghop-backup.timer tonghop-remind.timer
curl -fsS "http://127.0.0.1:$port/health" >/dev/null || { echo "install.sh: the service does not answer /health; see journalctl -u tonghop-serve" >&2; exit 1; }
echo
echo "tonghop answers on 127.0.0.1:$port. Next: put the TLS proxy in front of it, and issue the tokens:"
echo "  sudo -u tonghop TONGHOP_DB=$data/tonghop.sqlite TONGHOP_TEMPLATES=$prefix/Templates $prefix/bin/tonghop token create --role staff --label 'Nguyễn Văn A, Vụ Chính quyền địa phương'"
echo "  sudo -u tonghop TONGHOP_DB=$data/tonghop.sqlite TONGHOP_TEMPLATES=$prefix/Templates $prefix/bin/tonghop token create --unit HN"
