#!/usr/bin/env python3
"""Spreadsheet rendition of a corpus document (openpyxl).

Input: the layout JSON of the document's .docx (`cargo run --release --example
layoutjson -- X.docx`), i.e. exactly the paragraphs and table grids the .docx
prints. Output: an .xlsx the way departments publish their tables in Excel:

- one sheet per table: its title merged across the table, other short lines
  before it (unit, number) as lone cells, the table with thin borders on every
  cell and its merged cells, the note below it merged across;
- the text before, between and after the tables on text-only sheets (one
  paragraph per row, column A, no borders);
- amounts as numbers with a number format (`0.00`, some documents `#,##0.00`
  where that prints the same digits), many stored with sub-display precision
  as a formula-computed 万元 value would be (e.g. 6509.9712 shown 6509.97);
  percentages as numbers under `0.00%`; plain integers as numbers under
  General; everything else as text;
- things a reader must skip: a hidden column of check figures beside each
  table, a hidden row inside each table of more than three rows, a hidden sheet.

Deterministic: the variations come from a hash of the document path, so the
same input gives the same workbook content (openpyxl writes no timestamps we
keep: docProps times are fixed below).

    python3 scripts/sheetgen.py LAYOUT.json OUT.xlsx
"""

import datetime
import hashlib
import json
import re
import sys

import openpyxl
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
DECIMAL = re.compile(r"^-?\d+\.(\d+)$")
INTEGER = re.compile(r"^-?[1-9]\d{0,14}$|^0$")
PERCENT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")


def rng(key):
    """A deterministic integer stream from a key."""
    n = 0
    while True:
        h = hashlib.sha256(f"{key}/{n}".encode()).digest()
        yield int.from_bytes(h[:8], "little")
        n += 1


def cell_value(text, r, grouped):
    """(value, number_format) for a cell's printed text."""
    m = DECIMAL.match(text)
    if m:
        decimals = len(m.group(1))
        fmt = "0." + "0" * decimals
        if grouped and abs(float(text)) < 1000:
            fmt = "#,##0." + "0" * decimals
        value = float(text)
        k = next(r) % 3
        if k == 0:
            # Sub-display precision: a residue below half the last printed digit.
            d = 1 + next(r) % 49
            sign = 1 if next(r) % 2 else -1
            residue = sign * d * 10 ** -(decimals + 2)
            value = float(f"{float(text) + residue:.{decimals + 2}f}")
        return value, fmt
    m = PERCENT.match(text)
    if m:
        decimals = len(m.group(2) or "")
        fmt = "0%" if decimals == 0 else "0." + "0" * decimals + "%"
        return float(m.group(1)) / 100, fmt
    if INTEGER.match(text):
        return int(text), "General"
    return text, "@"


def sheet_title(paras, n, used):
    base = next((p for p in paras if p.endswith("表") or "表" in p), None) or f"表{n}"
    base = re.sub(r"[\[\]:*?/\\]", "", base)[:28] or f"表{n}"
    name, k = base, 2
    while name in used:
        name = f"{base[:26]}{k}"
        k += 1
    used.add(name)
    return name


def is_note(p):
    return p.startswith("注") or p.startswith("说明")


def plan(blocks):
    """Sheets: ('text', [paras]) or ('table', lead, table, trail)."""
    sheets = []
    pending = []
    last_table = None
    for b in blocks:
        if "p" in b:
            pending.append(b["p"])
            continue
        if last_table is not None:
            while pending and is_note(pending[0]):
                last_table[3].append(pending.pop(0))
        lead = []
        while pending and len(lead) < 3 and len(pending[-1]) <= 60 and not is_note(pending[-1]):
            lead.insert(0, pending.pop())
        if pending:
            sheets.append(("text", pending))
        pending = []
        last_table = ("table", lead, b["t"], [])
        sheets.append(last_table)
    if last_table is not None:
        while pending and is_note(pending[0]):
            last_table[3].append(pending.pop(0))
    if pending:
        sheets.append(("text", pending))
    return sheets


def write_table(ws, lead, t, trail, r):
    cols = max(t["cols"], 1)
    row = 1
    title = max(lead, key=len) if lead else None
    for p in lead:
        if p == title:
            ws.cell(row=row, column=1, value=p).alignment = Alignment(horizontal="center")
            if cols > 1:
                ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=cols)
        elif next(r) % 2:
            # A unit line at the right edge, as Excel disclosures print it.
            ws.cell(row=row, column=cols, value=p).alignment = Alignment(horizontal="right")
        else:
            ws.cell(row=row, column=1, value=p)
        row += 1
    top = row
    grouped = next(r) % 4 == 0
    # A hidden row inside the table: before the last row when no merge crosses it.
    hidden_at = None
    if t["rows"] > 3:
        cut = t["rows"] - 1
        if not any(c[0] < cut < c[0] + c[2] for c in t["cells"]):
            hidden_at = cut
    def sheet_row(tr):
        return top + tr + (1 if hidden_at is not None and tr >= hidden_at else 0)
    for tr in range(t["rows"]):
        for tc in range(cols):
            ws.cell(row=sheet_row(tr), column=tc + 1).border = BOX
    for (tr, tc, rs, cs, text) in t["cells"]:
        c = ws.cell(row=sheet_row(tr), column=tc + 1)
        if text != "":
            value, fmt = cell_value(text, r, grouped)
            c.value = value
            c.number_format = fmt
            if isinstance(value, str):
                c.data_type = "s"  # text such as "=1套" is text, not a formula
        if "\n" in text:
            c.alignment = Alignment(wrap_text=True)
        if rs > 1 or cs > 1:
            ws.merge_cells(
                start_row=sheet_row(tr), start_column=tc + 1,
                end_row=sheet_row(tr + rs - 1), end_column=tc + cs,
            )
    last = sheet_row(t["rows"] - 1)
    if hidden_at is not None:
        hr = top + hidden_at
        for tc in range(cols):
            c = ws.cell(row=hr, column=tc + 1, value=9999.99 if tc else "核对行")
            c.border = BOX
        ws.row_dimensions[hr].hidden = True
    # A hidden column of check figures right of the table, bordered like it.
    hc = cols + 1
    for sr in range(top, last + 1):
        c = ws.cell(row=sr, column=hc, value=next(r) % 100000 / 100)
        c.border = BOX
        c.number_format = "0.00"
    ws.column_dimensions[get_column_letter(hc)].hidden = True
    row = last + 1
    for p in trail:
        ws.cell(row=row, column=1, value=p)
        if cols > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=cols)
        row += 1


def main():
    src, dest = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f:
        layout = json.load(f)
    r = rng(layout["path"])
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    used = set()
    n_text = 0
    for i, s in enumerate(plan(layout["blocks"])):
        if s[0] == "text":
            n_text += 1
            name = f"说明{n_text}"
            used.add(name)
            ws = wb.create_sheet(name)
            for k, p in enumerate(s[1]):
                ws.cell(row=k + 1, column=1, value=p)
        else:
            _, lead, t, trail = s
            ws = wb.create_sheet(sheet_title(lead, i + 1, used))
            write_table(ws, lead, t, trail, r)
    hidden = wb.create_sheet("数据源")
    hidden["A1"] = "隐藏的数据源"
    hidden["B1"] = 123.45
    hidden.sheet_state = "hidden"
    fixed = datetime.datetime(2024, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    wb.properties.creator = "gongkai sheetgen"
    wb.save(dest)


if __name__ == "__main__":
    main()
