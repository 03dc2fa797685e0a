#!/usr/bin/env python3
"""Writes Tests/Regressions/: report files built from the samples with one thing broken, as a hostile or careless
sender would make them. Each once crashed, hung or quietly changed tonghop, or gave a message a person could not act
on; `HostileFileTests` asserts the clear error each now gets (or, for the two that are good files, what is read).

Deterministic: running it again writes the same bytes. Files the fuzzer found are added to the same folder by hand
(named fuzz-*), not by this script.
"""
import json
import os
import re
import struct
import sys
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "SampleReports")
OUT = os.path.join(ROOT, "Tests", "Regressions")
FORM = os.path.join(SAMPLES, "forms", "province-2025-W47-HN.xlsx")


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


def sample_json():
    with open(os.path.join(SAMPLES, "province-2025-W46", "HN.json"), encoding="utf-8") as f:
        return f.read()


def sample_csv():
    with open(os.path.join(SAMPLES, "province-2025-W46", "BN.csv"), encoding="utf-8-sig") as f:
        return f.read().replace("\r\n", "\n")


def form_parts():
    with zipfile.ZipFile(FORM) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def package(parts):
    """A ZIP archive of the parts, deflated, with a fixed time so the bytes are the same every run."""
    import io
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2025, 11, 20, 7, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buffer.getvalue()


def form(edit_sheet=None, edit_strings=None, edit_styles=None):
    parts = []
    for name, data in form_parts():
        if name == "xl/worksheets/sheet1.xml" and edit_sheet:
            data = edit_sheet(data)
        if name == "xl/sharedStrings.xml" and edit_strings:
            data = edit_strings(data)
        if name == "xl/styles.xml" and edit_styles:
            data = edit_styles(data)
        parts.append((name, data))
    return package(parts)


def cell(row, text):
    """Replaces the value cell D<row> of the report sheet with `text` (the whole <c>…</c> element)."""
    def edit(data):
        s = data.decode("utf-8")
        s, n = re.subn(r'<c r="D%d"[^>]*?(/>|>.*?</c>)' % row, text, s, count=1, flags=re.S)
        assert n == 1, row
        return s.encode("utf-8")
    return edit


def main():
    os.makedirs(OUT, exist_ok=True)

    # --- Crashes: numbers from the file used unchecked, and dependencies that trap -------------------------------
    # D13 is dc.tasks_received, D44 it.online_on_time_rate, D51 gen.data_cutoff_date.
    write("xlsx-shared-string-out-of-range.xlsx", form(cell(13, '<c r="D13" s="8" t="s"><v>99999</v></c>')))
    write("xlsx-shared-string-negative.xlsx", form(cell(13, '<c r="D13" s="8" t="s"><v>-1</v></c>')))
    write("xlsx-absurd-column.xlsx", form(cell(13, '<c r="ZZZZZZZZZZZZZZZ13" s="8"><v>1134</v></c>')))
    write("xlsx-row-at-int64-edge.xlsx", form(lambda d: d.replace(b'<row r="13"', b'<row r="9223372036854775807"', 1)
                                              .replace(b'r="A13"', b'r="A9223372036854775807"', 1)))
    write("xlsx-row-below-int64.xlsx", form(lambda d: d.replace(b'<row r="13"', b'<row r="-9223372036854775808"', 1)))
    # An element name that is not UTF-8: FoundationXML's parser itself traps on it.
    write("xlsx-element-name-not-utf8.xlsx", form(lambda d: d.replace(b"<sheetData>", b"<sheetData><\xff\xfe/>", 1)))
    write("xlsx-attribute-name-not-utf8.xlsx", form(lambda d: d.replace(b'<row r="4"', b'<row \xc3\x28="1" r="4"', 1)))

    # Damaged archives: every offset and size in a ZIP is a number from the file.
    good = form()
    eocd = good.rfind(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", good[eocd + 12:eocd + 20])
    # The central directory entry and the local header of the report sheet, a part tonghop reads.
    first = good.find(b"PK\x01\x02", cd_offset)
    while good[first + 46:first + 46 + struct.unpack("<H", good[first + 28:first + 30])[0]] != b"xl/worksheets/sheet1.xml":
        first = good.find(b"PK\x01\x02", first + 4)
    local = struct.unpack("<I", good[first + 42:first + 46])[0]
    # A central directory that says a part is larger than the whole file.
    lying = bytearray(good)
    lying[first + 20:first + 24] = struct.pack("<I", 0x7FFFFFF0)
    write("xlsx-part-larger-than-file.xlsx", bytes(lying))
    # A central directory said to start after it ends (ZIPFoundation traps on such a range).
    backwards = bytearray(good)
    backwards[eocd + 12:eocd + 20] = struct.pack("<II", 0xFFFFFFF0, cd_offset)
    write("xlsx-directory-past-the-end.xlsx", bytes(backwards))
    # A local header offset beyond the file.
    far = bytearray(good)
    far[first + 42:first + 46] = struct.pack("<I", len(good) + 1000)
    write("xlsx-local-header-beyond-file.xlsx", bytes(far))
    # A name length that runs past the directory.
    long_name = bytearray(good)
    long_name[first + 28:first + 30] = struct.pack("<H", 0xFFFF)
    write("xlsx-name-longer-than-directory.xlsx", bytes(long_name))
    # Cut short: the end record gone.
    write("xlsx-cut-short.xlsx", good[: len(good) // 2])
    # A part whose deflated bytes are corrupt, and one whose checksum lies.
    corrupt = bytearray(good)
    name_len, extra_len = struct.unpack("<HH", corrupt[local + 26:local + 30])
    start = local + 30 + name_len + extra_len
    for i in range(start, start + 40):
        corrupt[i] ^= 0x5A
    write("xlsx-corrupt-deflate.xlsx", bytes(corrupt))
    crc = bytearray(good)
    crc[first + 16:first + 20] = b"\x00\x00\x00\x00"
    write("xlsx-wrong-checksum.xlsx", bytes(crc))

    # --- Hangs: work that grew with the square of what the file holds --------------------------------------------
    report = json.loads(sample_json())
    values = dict(report["values"])
    values["x" * 300_000] = 1
    report["values"] = values
    write("json-unknown-criterion-300kb.json", json.dumps(report, ensure_ascii=False, indent=2))
    rows = sample_csv().rstrip("\n").split("\n")
    rows += ["value,unknown.criterion_%05d,1" % i for i in range(30_000)]
    write("csv-30000-unknown-criteria.csv", "\n".join(rows) + "\n")

    # --- Quietly wrong: accepted and stored changed ---------------------------------------------------------------
    write("xlsx-nan-in-a-number-cell.xlsx", form(cell(13, '<c r="D13" s="8"><v>NaN</v></c>')))
    write("xlsx-infinity-in-a-number-cell.xlsx", form(cell(13, '<c r="D13" s="8"><v>INF</v></c>')))
    text = sample_json().replace('"gen.data_cutoff_date": "2025-11-19"', '"gen.data_cutoff_date": "2025-+1-19"')
    assert "+1-19" in text
    write("json-date-with-a-sign.json", text)
    report = json.loads(sample_json())
    write("json-difficulty-field-twice.json", sample_json().replace(
        '"field": "%s",' % report["difficulties"][0]["field"],
        '"field": "%s", "field": "other",' % report["difficulties"][0]["field"], 1))
    write("json-nul-in-results.json", sample_json().replace('"general": "', '"general": "Trong tu\\u0000', 1))
    write("json-escape-in-preparedBy.json", sample_json().replace('"preparedBy": "', '"preparedBy": "\\u001b[31m', 1))
    write("json-number-too-large.json", sample_json().replace('"dc.tasks_received": ', '"dc.tasks_received": 1e999, "x": ', 1))
    write("json-whole-number-beyond-2-53.json", sample_json().replace('"dc.tasks_received": ', '"dc.tasks_received": 12345678901234567, "x": ', 1))
    csv_rows = sample_csv().split("\n")
    for i, row in enumerate(csv_rows):
        if row.startswith("difficulty,"):
            csv_rows[i] = row.replace(',"', ',"\x1b[2J\x00', 1)
            break
    write("csv-control-characters-in-a-difficulty.csv", "\n".join(csv_rows))
    # A document type with an entity in the shared strings: read up to the entity, the rest was dropped.
    write("xlsx-doctype-in-shared-strings.xlsx", form(edit_strings=lambda d: d.replace(
        b"?>", b'?><!DOCTYPE sst [<!ENTITY e "x">]>', 1).replace(b"<t>unit</t>", b"<t>unit&e;</t>", 1)))

    # --- Messages a person could not act on -----------------------------------------------------------------------
    write("json-template-version-as-number.json", sample_json().replace('"templateVersion": "1.1"', '"templateVersion": 1.1'))
    csv_rows = sample_csv().split("\n")
    for i, row in enumerate(csv_rows):
        if row.startswith("value,it.avg_processing_days,"):
            csv_rows[i] = "value,it.avg_processing_days," + row.split(",")[2].replace(".", ",")
            break
    write("csv-decimal-comma-makes-a-cell-too-many.csv", "\n".join(csv_rows))
    def difficulty(data):
        s, n = re.subn(rb'<c r="B3" s="(\d+)" t="s"><v>\d+</v></c>', '<c r="B3" s="\\1" t="inlineStr"><is><t>Thời tiết [weather]</t></is></c>'.encode(), data, count=1)
        assert n == 1
        return s
    write("xlsx-unknown-difficulty-field.xlsx", package([
        (name, difficulty(data) if name == "xl/worksheets/sheet2.xml" else data) for name, data in form_parts()]))
    write("json-ministry-on-the-province-template.json", sample_json().replace('"unit": "HN"', '"unit": "BXD"'))
    write("xlsx-not-a-zip.xlsx", "record,key,value\nmeta,unit,HN\n")
    write("xlsx-old-excel-97.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)

    # --- Good files read as their sender meant --------------------------------------------------------------------
    # Excel under Vietnamese settings saves "CSV" with semicolons.
    semi = []
    import csv
    import io
    for record in csv.reader(io.StringIO(sample_csv())):
        out = io.StringIO()
        csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(record)
        semi.append(out.getvalue())
    write("csv-semicolon-separated.csv", "".join(semi))
    # 93,4% typed into a percent-formatted cell: Excel stores 0.934 with a percent style.
    # The new style goes last, so its index is the count of styles before it.
    styles = int(re.search(rb'cellXfs count="(\d+)"', dict(form_parts())["xl/styles.xml"]).group(1))
    write("xlsx-percent-typed-the-excel-way.xlsx", form(
        cell(44, f'<c r="D44" s="{styles}" t="n"><v>0.93400000000000005</v></c>'),
        edit_styles=lambda d: d.replace(b'</cellXfs>', b'<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>', 1)
        .replace(b'cellXfs count="%d"' % styles, b'cellXfs count="%d"' % (styles + 1), 1)))


if __name__ == "__main__":
    sys.exit(main())
