#!/usr/bin/env python3
"""Golden file of one producer-route PDF, from the model (scripts/make-producer-corpus).

  golden.py SRC_GOLDEN PDF REL_PATH PAGES_TXT OUT_JSON

SRC_GOLDEN is the document's .docx golden (golden/synthetic/<name>.docx.json, written by the
generator from its model, or golden/seed/<name>.docx.json): every fact stays as it is; only
`source` (path REL_PATH, format, sha256, bytes, pages, producer of PDF) and each table's `pages`
change (the page count and /Producer as pikepdf reads them). Table pages come from PAGES_TXT (`pdftotext -layout` of the PDF the route's pagination
comes from; pages split at form feeds), as `synthgen pdf-golden` does for corpus/synthetic: a table
starts on the first page (from the previous table's start) that prints its title, and ends on
the last page up to the next table's start that prints its last non-blank cell text.
"""
import hashlib
import json
import re
import sys


def squash(s):
    return "".join(ch for ch in s if not ch.isspace())


def producer_and_pages(path):
    """The info dictionary's /Producer (None when absent) and the page count, as a reader
    sees them (pikepdf: object streams and encryption included)."""
    import pikepdf

    with pikepdf.open(path) as pdf:
        prod = pdf.docinfo.get("/Producer") if pdf.trailer.get("/Info") is not None else None
        return (str(prod) if prod is not None else None), len(pdf.pages)


def table_pages(tables, pages):
    starts, frm = [], 0
    for t in tables:
        title = squash(t.get("title") or "").replace("“", "").replace("”", "")
        p = next((i for i in range(frm, len(pages)) if title in pages[i].replace("“", "").replace("”", "")), frm)
        starts.append(p)
        frm = p
    out = []
    for k, t in enumerate(tables):
        s = starts[k]
        end = max(starts[k + 1] if k + 1 < len(starts) else max(len(pages) - 1, 0), s)
        texts = [c.get("text") or "" for c in t["grid"]["cells"]]
        last = next((squash(x) for x in reversed(texts) if x.strip()), "")
        e = s
        for p in range(s, min(end, len(pages) - 1) + 1):
            if last and last in pages[p]:
                e = p
        out.append(list(range(s + 1, e + 2)))
    return out


def replace_values(text, key_re, values):
    """Replace, in order, the JSON value after each match of `key_re` (a pattern ending
    right before the value) with the next of `values`, printed compactly: the rest of the
    file keeps its formatting."""
    dec = json.JSONDecoder()
    out, pos, it = [], 0, iter(values)
    for m in re.finditer(key_re, text):
        if m.start() < pos:
            continue
        _, end = dec.raw_decode(text, m.end())
        out.append(text[pos:m.end()])
        out.append(json.dumps(next(it), ensure_ascii=False, separators=(",", ":")))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def main():
    src, pdf_path, rel, txt, out = sys.argv[1:6]
    text = open(src, encoding="utf-8").read()
    g = json.loads(text)
    pdf = open(pdf_path, "rb").read()
    pages = [squash(p) for p in open(txt, encoding="utf-8").read().split("\f")]
    producer, npages = producer_and_pages(pdf_path)
    source = {
        "path": rel,
        "format": "pdf",
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "bytes": len(pdf),
        "pages": npages,
        "producer": producer,
    }
    tpages = table_pages(g["tables"], pages)
    # the source golden's own formatting is kept: only these values are rewritten
    text = replace_values(text, r'(?m)^  "source": ', [source])
    text = replace_values(text, r'(?m)^      "pages": ', tpages)
    g["source"] = source
    for t, pg in zip(g["tables"], tpages):
        t["pages"] = pg
    assert json.loads(text) == g, "rewrite kept every other value"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
