#!/usr/bin/env python3
"""Development aid only: dump the glyphs and thin rulings of each page of a PDF
as JSON (pdfplumber), so the layout stage can be developed before gongkai's own
content-stream interpreter exists. Writes to /tmp, never into the repository.

usage: dump_pdfplumber.py FILE.pdf [OUT.json]   (default /tmp/pdfdump/<name>.json)
"""
import json
import os
import sys

import pdfplumber

THIN = 2.0  # a rect thinner than this (pt) in one direction is a ruling


def page_dump(i, page):
    chars = [
        {
            "text": c["text"],
            "x0": round(c["x0"], 2),
            "top": round(c["top"], 2),
            "x1": round(c["x1"], 2),
            "bottom": round(c["bottom"], 2),
            "size": round(c["size"], 2),
        }
        for c in page.chars
    ]
    rulings = []
    for r in page.rects:
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if min(w, h) <= THIN and (r.get("fill") or r.get("stroke")):
            rulings.append([r["x0"], r["top"], r["x1"], r["bottom"]])
        elif r.get("stroke"):
            # a stroked box: its four edges are rulings
            x0, y0, x1, y1 = r["x0"], r["top"], r["x1"], r["bottom"]
            rulings += [[x0, y0, x1, y0], [x0, y1, x1, y1], [x0, y0, x0, y1], [x1, y0, x1, y1]]
    for ln in page.lines:
        rulings.append([ln["x0"], ln["top"], ln["x1"], ln["bottom"]])
    for e in page.edges if False else []:
        pass
    return {
        "number": i + 1,
        "width": round(float(page.width), 2),
        "height": round(float(page.height), 2),
        "chars": chars,
        "rulings": [[round(v, 2) for v in r] for r in rulings],
    }


def main():
    src = sys.argv[1]
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        "/tmp/pdfdump", os.path.basename(src) + ".json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with pdfplumber.open(src) as pdf:
        pages = [page_dump(i, p) for i, p in enumerate(pdf.pages)]
        producer = (pdf.metadata or {}).get("Producer") or (pdf.metadata or {}).get("Creator")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"producer": producer, "pages": pages}, f, ensure_ascii=False)
    print(out)


if __name__ == "__main__":
    main()
