#!/usr/bin/env bash
# The synthesis MoHA signs is a report of a few pages: the body (up to the signature) of each sample week's DOCX and of
# the sample month's, as LibreOffice lays it out on A4, is at most 8 pages; the detail follows in appendices.
# Usage: check-docx-pages.sh TONGHOP
set -euo pipefail
tonghop="$(realpath "$1")"
limit=8
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
TONGHOP_TEMPLATES="$repo/Templates" "$tonghop" weekly --db "$work/tonghop.sqlite" --replay "$repo/SampleReports/receipts.csv" \
  --at 2025-11-20T09:00:00+07:00 --out "$work/synthesis" > weekly.log
# The provinces' week with a staff assessment of a page (docs/examples/), as MoHA signs it.
TONGHOP_TEMPLATES="$repo/Templates" "$tonghop" synthesize --db "$work/tonghop.sqlite" --period 2025-W46 \
  --as-of 2025-11-20T09:00:00+07:00 --assessment "$repo/docs/examples/danh-gia-2025-W46.txt" --format docx \
  --out "$work/synthesis/province-weekly-2025-W46.docx" 2> /dev/null
TONGHOP_TEMPLATES="$repo/Templates" "$tonghop" synthesize --db "$work/tonghop.sqlite" --schedule monthly --period 2025-10 \
  --as-of 2025-11-20T09:00:00+07:00 --format docx --out "$work/synthesis/monthly-2025-10.docx"
status=0
for docx in synthesis/*.docx; do
  soffice --headless --convert-to pdf --outdir "$work/pdf" "$docx" > /dev/null 2>&1
  pdf="$work/pdf/$(basename "${docx%.docx}").pdf"
  pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
  # The body ends on the page before the first appendix ("PHỤ LỤC I" opens a page of its own).
  body="$(pdftotext -layout "$pdf" - | awk '/\f/ {page++} /PHỤ LỤC I$/ && !found {print page; found = 1}')"
  if [ -z "$body" ]; then body="$pages"; fi
  echo "$(basename "$docx"): body $body of $pages pages"
  if [ "$body" -gt "$limit" ]; then
    echo "  the body is longer than $limit pages" >&2
    status=1
  fi
done
exit "$status"
