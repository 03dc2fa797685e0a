#!/usr/bin/env python3
"""Prints, as JSON, every cell of each workbook named as openpyxl reads it: the second reader of the differential test
(Tests/TonghopIngestTests/WorkbookDifferentialTests.swift), which compares them cell by cell with tonghop's reading.

    python3 scripts/xlsx-cells.py FILE.xlsx...
    → {"FILE.xlsx": {"sheets": [{"name": "Báo cáo", "cells": {"A1": ["text", "unit"], "D12": ["number", 126], ...}}]}}

A file openpyxl cannot read gets {"error": "..."} instead. Numbers are given as a spreadsheet shows them (15 significant
digits), dates as YYYY-MM-DD, formulas by their cached result (openpyxl's data_only), errors as their text ("#DIV/0!").

One rule is added to openpyxl's reading: Excel's escapes `_xHHHH_` in cell text (ECMA-376 Part 1, 22.9.2.19 ST_Xstring)
are decoded, as Excel decodes them. openpyxl 3.1 (and LibreOffice 7.4) leave them as written; Excel shows `_x000D_` as a
carriage return, and tonghop reads what Excel shows.
"""
import datetime
import json
import sys
import warnings

import re

import openpyxl

ESCAPE = re.compile(r"_[xX]([0-9A-Fa-f]{4})_")


def excel_unescaped(text):
    """One pass, left to right; a surrogate only with its pair, else left as written."""
    out = []
    position = 0
    while True:
        m = ESCAPE.search(text, position)
        if not m:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:m.start()])
        unit = int(m.group(1), 16)
        following = ESCAPE.match(text, m.end())
        if 0xD800 <= unit < 0xDC00 and following and 0xDC00 <= int(following.group(1), 16) < 0xE000:
            low = int(following.group(1), 16)
            out.append(chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
            position = following.end()
        elif 0xD800 <= unit < 0xE000:
            out.append(m.group(0))
            position = m.end()
        else:
            out.append(chr(unit))
            position = m.end()


def cell(value):
    if isinstance(value, bool):
        return ["bool", value]
    if isinstance(value, (int, float)):
        return ["number", float("%.15g" % value)]
    if isinstance(value, datetime.datetime):
        return ["date", value.date().isoformat()]
    if isinstance(value, datetime.date):
        return ["date", value.isoformat()]
    if isinstance(value, datetime.time):
        return ["time", value.isoformat()]
    return ["text", excel_unescaped(str(value))]


def read(path):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, data_only=True)
    except Exception as error:  # openpyxl raises many kinds; any is "cannot read"
        return {"error": f"{type(error).__name__}: {error}"}
    sheets = []
    for sheet in workbook.worksheets:
        # The cells the sheet holds (iter_rows would walk the whole rectangle, a million rows for one far cell).
        cells = {c.coordinate: cell(c.value) for c in sheet._cells.values() if c.value is not None and c.value != ""}
        sheets.append({"name": sheet.title, "cells": cells})
    return {"sheets": sheets}


if __name__ == "__main__":
    json.dump({path: read(path) for path in sys.argv[1:]}, sys.stdout, ensure_ascii=False)
