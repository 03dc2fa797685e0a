#!/usr/bin/env python3
"""Seeds the fuzz corpora (scripts/fuzz.sh) from the sample reports, the hostile files and the templates.

The XLSX and Catalog harnesses read their first byte as a choice of what the rest is (see Fuzz/*/), so their seeds are
written with that byte in front."""
import os
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
corpus = sys.argv[1]
LIMIT = 65536


def files(folder, ext):
    for base, _, names in os.walk(os.path.join(ROOT, folder)):
        for name in sorted(names):
            if name.endswith(ext):
                yield os.path.join(base, name)


def seed(reader, name, data):
    if len(data) > LIMIT:
        return
    os.makedirs(os.path.join(corpus, reader), exist_ok=True)
    with open(os.path.join(corpus, reader, "seed-" + name), "wb") as f:
        f.write(data)


for ext, reader in ((".json", "JSON"), (".csv", "CSV")):
    for path in list(files("SampleReports", ext))[:60] + list(files("Tests/Regressions", ext)):
        with open(path, "rb") as f:
            seed(reader, os.path.relpath(path, ROOT).replace("/", "_"), f.read())

parts = ["", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
         "xl/worksheets/sheet2.xml", "[Content_Types].xml"]
for path in list(files("SampleReports/forms", ".xlsx")) + list(files("Tests/Workbooks", ".xlsx")) + list(files("Tests/Regressions", ".xlsx")):
    name = os.path.relpath(path, ROOT).replace("/", "_")
    with open(path, "rb") as f:
        data = f.read()
    seed("XLSX", name, b"\x00" + data)
    if "forms" in path or "Workbooks" in path:
        with zipfile.ZipFile(path) as z:
            for mode, part in enumerate(parts):
                if part and part in z.namelist():
                    seed("XLSX", "%s-%d" % (name, mode), bytes([mode]) + z.read(part))

for mode, name in enumerate(["schedules.yaml", "units.yaml", "criteria/province-weekly.yaml", "synthesis.yaml"]):
    with open(os.path.join(ROOT, "Templates", name), "rb") as f:
        seed("Catalog", name.replace("/", "_"), bytes([mode]) + f.read())
for path in files("Templates/criteria", ".yaml"):
    with open(path, "rb") as f:
        seed("Catalog", os.path.basename(path), b"\x02" + f.read())
# Staff assessments (the Catalog harness' mode 4): paragraphs, items and a topic's summary.
seed("Catalog", "assessment.txt", b"\x04" + "Bộ máy cấp xã vận hành ổn định.\n\n- Đôn đốc các địa phương.\n\n## Đánh giá chung\nTóm tắt.\n".encode())

# A kept registry's body (RegistryCache): the version, then two units, each text its length (4 bytes, little-endian) first.
def text(value):
    data = value.encode("utf-8")
    return len(data).to_bytes(4, "little") + data


def unit(code, name, name_en, kind, schedules, valid_from, valid_to, mail):
    out = text(code) + text(name) + (b"\x01" + text(name_en) if name_en else b"\x00") + text(kind)
    out += len(schedules).to_bytes(4, "little") + b"".join(text(s) for s in schedules) + text(valid_from)
    out += (b"\x01" + text(valid_to) if valid_to else b"\x00") + len(mail).to_bytes(4, "little") + b"".join(text(m) for m in mail)
    return out


body = text("2025.07") + (2).to_bytes(4, "little")
body += unit("HN", "Thành phố Hà Nội", "Hanoi", "city", ["province-weekly", "monthly"], "2025-07-01", None, ["vp@hanoi.gov.vn"])
body += unit("BNV", "Bộ Nội vụ", None, "ministry", ["central-weekly"], "2025-03-01", "2030-12-31", [])
seed("Catalog", "registry-cache", b"\x05" + body)
