#!/usr/bin/env python3
"""Writes Tests/Workbooks/: one report form as tonghop writes it, and the same form as other writers store it.

Each variant is what a real writer does to a workbook: LibreOffice and openpyxl save it again; older Excel for Mac counts
dates from 1904; some writers bind SpreadsheetML to a prefix (`<x:c>`), put text in CDATA, escape characters as Excel's
`_xHHHH_`, add phonetic hints (`<rPh>`), or leave a formula's result with binary noise (258.00000000000006). Every one
of these must read as the same report. Three more give a cell, a row or a sheet twice: Excel would not know which is
meant, and tonghop refuses them with the place named.

Needs tonghop built (`swift build`), LibreOffice (soffice) and python3 with openpyxl. The files are committed, so the
tests need none of these; run this again only when the form's layout changes:

    python3 scripts/make-workbook-variants.py
"""
import html
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "Workbooks")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def tonghop_form(work):
    subprocess.run(["swift", "build", "--product", "tonghop"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    out = os.path.join(work, "tonghop-form.xlsx")
    subprocess.run(
        [os.path.join(binary, "tonghop"), "form", "--db", os.path.join(work, "empty.sqlite"), "--templates", os.path.join(ROOT, "Templates"),
         "--unit", "HN", "--period", "2025-W47", "--at", "2025-11-26T15:00:00+07:00",
         "--from", os.path.join(ROOT, "SampleReports", "province-2025-W46", "HN.json"), "--out", out],
        check=True, stdout=subprocess.DEVNULL)
    return out


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info.filename)) for info in archive.infolist()]


def write(name, items):
    with zipfile.ZipFile(os.path.join(OUT, name), "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in items:
            info = zipfile.ZipInfo(path, date_time=(2025, 11, 26, 15, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def xml_parts(items):
    """The SpreadsheetML parts: the workbook, its sheets, shared strings and styles."""
    return [p for p, _ in items if p.startswith("xl/") and p.endswith(".xml") and "_rels" not in p]


def edit(items, change, only=None):
    paths = set(only if only is not None else xml_parts(items))
    return [(p, change(p, d.decode("utf-8")).encode("utf-8") if p in paths else d) for p, d in items]


def date_styles(items):
    """Indices of the cell formats that show a date (tonghop's form writes one custom date format)."""
    styles = dict(items)["xl/styles.xml"].decode("utf-8")
    formats = {m.group(1) for m in re.finditer(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles) if "yy" in m.group(2)}
    cell_formats = styles[styles.index("<cellXfs"):styles.index("</cellXfs>")]
    ids = re.findall(r'<xf numFmtId="(\d+)"', cell_formats)
    return {str(i) for i, f in enumerate(ids) if f in formats or 14 <= int(f) <= 17}


def in_1904(items):
    dates = date_styles(items)

    def shift(m):
        return m.group(1) + str(int(float(m.group("v"))) - 1462) + "</v>" if m.group("s") in dates else m.group(0)

    def change(path, text):
        if path == "xl/workbook.xml":
            return text.replace("<bookViews>", '<workbookPr date1904="1"/><bookViews>', 1)
        return re.sub(r'(<c r="[A-Z]+\d+" s="(?P<s>\d+)"><v>)(?P<v>[\d.]+)</v>', shift, text)
    return edit(items, change, only=[p for p in xml_parts(items) if "worksheets" in p or p == "xl/workbook.xml"])


def prefixed(items):
    def change(path, text):
        text = text.replace(f'xmlns="{MAIN}"', f'xmlns:x="{MAIN}"', 1)
        # Every element without a prefix is SpreadsheetML's: give it the prefix; `<?xml` and prefixed ones are left.
        return re.sub(r"<(/?)([A-Za-z][A-Za-z0-9]*)([\s/>])", r"<\1x:\2\3", text)
    return edit(items, change)


def in_cdata(items):
    def change(path, text):
        def wrap(m):
            content = html.unescape(m.group(2))
            return m.group(1) + "<![CDATA[" + content + "]]></t>" if "]]>" not in content else m.group(0)
        return re.sub(r"(<t(?: [^>]*)?>)([^<]*)</t>", wrap, text)
    return edit(items, change)


def excel_escaped(items):
    """Line breaks and letters outside ASCII written as Excel's `_xHHHH_`, as exporters with a narrow character set do."""
    def change(path, text):
        def escape(m):
            return m.group(1) + "".join(
                c if 32 <= ord(c) < 128 else "".join(f"_x{u:04X}_" for u in utf16(c)) for c in m.group(2)) + "</t>"
        return re.sub(r"(<t(?: [^>]*)?>)([^<]*)</t>", escape, text)
    return edit(items, change, only=[p for p in xml_parts(items) if "worksheets" in p or "sharedStrings" in p])


def utf16(c):
    data = c.encode("utf-16-be")
    return [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]


def with_phonetic_hints(items):
    def change(path, text):
        text = re.sub(r"(<is>.*?)(</is>)", r'\1<rPh sb="0" eb="1"><t>フリガナ</t></rPh>\2', text)
        return re.sub(r"(<si>.*?)(</si>)", r'\1<rPh sb="0" eb="1"><t>ヨミ</t></rPh>\2', text)
    return edit(items, change, only=[p for p in xml_parts(items) if "worksheets" in p or "sharedStrings" in p])


def with_formula_noise(items):
    """Every whole number in a yellow cell as the formula `=N*1` whose cached result carries one bit of noise."""
    dates = date_styles(items)

    def change(path, text):
        def noisy(m):
            if m.group("s") in dates:
                return m.group(0)
            value = float(m.group("v"))
            return f'{m.group(1)}><f>{m.group("v")}*1</f><v>{repr(math.nextafter(value, math.inf))}</v>'
        return re.sub(r'(<c r="D\d+" s="(?P<s>\d+)")><v>(?P<v>\d+)</v>', noisy, text)
    return edit(items, change, only=["xl/worksheets/sheet1.xml"])


def duplicate_cell(items):
    def change(path, text):
        return re.sub(r'(<c r="D12" s="7"><v>\d+</v></c>)', r'\1<c r="D12" s="7"><v>999</v></c>', text, count=1)
    return edit(items, change, only=["xl/worksheets/sheet1.xml"])


def duplicate_row(items):
    """Row 12 given again after itself, with another value: which one holds the answer?"""
    def change(path, text):
        row = re.search(r'<row r="12"[^>]*>.*?</row>', text)
        again = row.group(0).replace("<v>", "<v>9", 1)
        return text[:row.end()] + again + text[row.end():]
    return edit(items, change, only=["xl/worksheets/sheet1.xml"])


def duplicate_sheet(items):
    def change(path, text):
        return text.replace('<sheet name="Khó khăn"', '<sheet name="báo cáo"', 1)
    return edit(items, change, only=["xl/workbook.xml"])


def main():
    os.makedirs(OUT, exist_ok=True)
    work = tempfile.mkdtemp()
    try:
        source = tonghop_form(work)
        shutil.copy(source, os.path.join(OUT, "tonghop-form.xlsx"))
        subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", os.path.join(work, "lo"), source],
                       check=True, stdout=subprocess.DEVNULL)
        shutil.copy(os.path.join(work, "lo", "tonghop-form.xlsx"), os.path.join(OUT, "libreoffice-saved.xlsx"))
        import openpyxl
        openpyxl.load_workbook(source).save(os.path.join(OUT, "openpyxl-saved.xlsx"))
        items = parts(source)
        write("date-system-1904.xlsx", in_1904(items))
        write("namespace-prefixes.xlsx", prefixed(items))
        write("text-in-cdata.xlsx", in_cdata(items))
        write("excel-escapes.xlsx", excel_escaped(items))
        write("phonetic-hints.xlsx", with_phonetic_hints(items))
        write("formula-noise.xlsx", with_formula_noise(items))
        write("refused-cell-twice.xlsx", duplicate_cell(items))
        write("refused-row-twice.xlsx", duplicate_row(items))
        write("refused-sheet-twice.xlsx", duplicate_sheet(items))
    finally:
        shutil.rmtree(work)
    for name in sorted(os.listdir(OUT)):
        print(name, os.path.getsize(os.path.join(OUT, name)))


if __name__ == "__main__":
    sys.exit(main())
