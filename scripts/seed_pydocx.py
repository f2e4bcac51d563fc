#!/usr/bin/env python3
"""Independent rendition of the seed transcription with python-docx.

Usage: python3 scripts/seed_pydocx.py [SEED_JSON] [OUT_DOCX]
(defaults: scripts/corpusgen/seed.json, corpus/seed/changji-finance-office-2022-pydocx.docx)
Needs: pip install python-docx

Layout differs from the docx-rs rendition on purpose:
- every table title is a paragraph above its table, 表5–表7 included (their title row and
  编制部门/单位 row leave the table); the two 项目支出绩效目标表 lose their title and (2022年)
  rows to paragraphs as well;
- 编制部门 … 单位 is one paragraph line;
- merges are made with python-docx `merge()` (so vMerge/gridSpan are python-docx's own);
- text that Word keeps hidden in vMerge continuation cells (`continuation_text`) is not written.
The output is deterministic: fixed core properties and fixed zip entry dates.
"""
import io
import json
import os
import re
import sys
import zipfile
import datetime

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

HERE = os.path.dirname(os.path.abspath(__file__))
FIXED = datetime.datetime(2022, 1, 1, 0, 0, 0)


def layout(table):
    """Place cells: returns list of (row, col, rowspan, colspan, text); checks coverage."""
    nrows, ncols = len(table["rows"]), table["cols"]
    owner = [[None] * ncols for _ in range(nrows)]
    placed = []
    for r, row in enumerate(table["rows"]):
        c = 0
        for cell in row:
            while c < ncols and owner[r][c] is not None:
                c += 1
            cs, rs = cell.get("colspan", 1), cell.get("rowspan", 1)
            if c + cs > ncols or r + rs > nrows:
                raise ValueError(f"{table.get('label')}: row {r} overflows")
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    if owner[rr][cc] is not None:
                        raise ValueError(f"{table.get('label')}: overlap at {rr},{cc}")
                    owner[rr][cc] = len(placed)
            placed.append((r, c, rs, cs, cell["text"]))
            c += cs
        if any(o is None for o in owner[r]):
            raise ValueError(f"{table.get('label')}: row {r} not covered")
    return placed


def squeeze(s):
    return re.sub(r"\s+", "", s)


def split_caption(table):
    """Leading rows that are captions (title / (year) / 编制部门 rows) -> their paragraphs."""
    paras = []
    rows = table["rows"]
    k = 0
    while k < len(rows) and k < table["header_rows"]:
        row = rows[k]
        texts = [c["text"] for c in row]
        joined = " ".join(texts)
        full = len(row) == 1 and row[0].get("colspan", 1) == table["cols"]
        if full and (re.search(r"表\s*\d+", joined) or squeeze(joined).endswith("表")
                     or re.fullmatch(r"\(\d{4}年\)", squeeze(joined))):
            for line in row[0]["text"].split("\n"):
                if line.strip():
                    paras.append(line.strip())
            k += 1
        elif "编制部门" in joined:
            dept = [t.strip() for t in texts if t.strip()]
            paras.append("                    ".join(dept))
            k += 1
        else:
            break
    return paras, k


def add_text_paragraph(container_par, text):
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = container_par.add_run(line)
        if i + 1 < len(lines):
            run.add_break()


def set_cell_text(cell, text):
    parts = text.split("\n")
    first = cell.paragraphs[0]
    if parts[0]:
        first.add_run(parts[0]).font.size = Pt(9)
    for p in parts[1:]:
        par = cell.add_paragraph()
        if p:
            par.add_run(p).font.size = Pt(9)


def build(seed):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(11906), Twips(16838)
    sec.left_margin = sec.right_margin = Twips(1134)
    sec.top_margin = sec.bottom_margin = Twips(1440)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for lvl in (1, 2, 3):
        st = doc.styles[f"Heading {lvl}"]
        st.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "黑体")

    for block in seed["blocks"]:
        if block["kind"] == "paragraph":
            level = block.get("heading")
            if level:
                p = doc.add_paragraph(style=f"Heading {level}")
            else:
                p = doc.add_paragraph()
            if block["text"]:
                add_text_paragraph(p, block["text"])
            continue
        caption, skip = split_caption(block)
        for line in caption:
            doc.add_paragraph(line)
        sub = dict(block)
        sub["rows"] = block["rows"][skip:]
        placed = layout(sub)
        nrows, ncols = len(sub["rows"]), sub["cols"]
        widths = block["widths"]
        t = doc.add_table(rows=nrows, cols=ncols)
        t.style = "Table Grid"
        t.autofit = False
        for r in range(nrows):
            for c in range(ncols):
                t.cell(r, c).width = Twips(widths[c])
        for (r, c, rs, cs, text) in placed:
            cell = t.cell(r, c)
            if rs > 1 or cs > 1:
                cell = cell.merge(t.cell(r + rs - 1, c + cs - 1))
            set_cell_text(cell, text)
    cp = doc.core_properties
    cp.author = "gongkai corpus"
    cp.last_modified_by = "gongkai corpus"
    cp.created = FIXED
    cp.modified = FIXED
    cp.last_printed = FIXED
    cp.revision = 1
    cp.title = "昌吉回族自治州金融工作办公室2022年部门预算公开"
    return doc


def deterministic_bytes(doc):
    raw = io.BytesIO()
    doc.save(raw)
    src = zipfile.ZipFile(io.BytesIO(raw.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()


def main():
    seed_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpusgen", "seed.json")
    out_path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        HERE, "..", "corpus", "seed", "changji-finance-office-2022-pydocx.docx")
    with open(seed_path, encoding="utf-8") as f:
        seed = json.load(f)
    data = deterministic_bytes(build(seed))
    with open(out_path, "wb") as f:
        f.write(data)
    print(f"wrote {out_path} ({len(data)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
