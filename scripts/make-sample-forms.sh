#!/usr/bin/env bash
# Writes SampleReports/forms/: week-47 report forms of three provinces, made by `tonghop form` from their week-46
# reports and saved again the way people save them: two by LibreOffice (as `libreoffice --headless --convert-to xlsx`
# does), one by openpyxl. Needs LibreOffice (soffice) and python3 with openpyxl. The files are committed, so the
# tests need neither; run this again only when the form's layout changes.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product tonghop >/dev/null
bin="$(swift build --show-bin-path)/tonghop"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p SampleReports/forms

# Made as on the afternoon they are filled, 26 November 2025, from an empty database: every task assigned by then is
# listed, those of week 46 filled from that report; the officer then sets the others (Dispatch 171's) in progress.
for unit in HN DNG LS; do
  source=$(ls SampleReports/province-2025-W46/"$unit".* | head -1)
  "$bin" form --db "$work/empty.sqlite" --unit "$unit" --period 2025-W47 --at 2025-11-26T15:00:00+07:00 --from "$source" \
    --out "$work/made-$unit.xlsx" >/dev/null
  python3 - "$work/made-$unit.xlsx" "$work/province-2025-W47-$unit.xlsx" <<'PY'
import sys, openpyxl
workbook = openpyxl.load_workbook(sys.argv[1])
tasks = workbook['Nhiệm vụ']
for row in range(3, tasks.max_row + 1):
    if tasks.cell(row, 1).value and not tasks.cell(row, 5).value:
        tasks.cell(row, 5).value = 'Đang thực hiện'
workbook.save(sys.argv[2])
PY
done
for unit in HN DNG; do
  soffice --headless --convert-to xlsx --outdir "$work/libreoffice" "$work/province-2025-W47-$unit.xlsx" >/dev/null
  cp "$work/libreoffice/province-2025-W47-$unit.xlsx" SampleReports/forms/
done
python3 - "$work/province-2025-W47-LS.xlsx" SampleReports/forms/province-2025-W47-LS.xlsx <<'PY'
import sys, openpyxl
workbook = openpyxl.load_workbook(sys.argv[1])
workbook.save(sys.argv[2])
PY
ls -l SampleReports/forms
