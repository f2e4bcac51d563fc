#!/usr/bin/env python3
"""PDF rewrites for scripts/make-producer-corpus (pikepdf).

  pdftool.py strip-tounicode IN OUT   delete every /ToUnicode (fonts and descendants)
  pdftool.py rotate90 IN OUT          set /Rotate 90 on every page (content untouched:
                                      the viewer shows the text turned)
  pdftool.py landscape IN OUT         each page's content drawn turned by 90° on a page
                                      whose MediaBox is swapped, with /Rotate 90 so it
                                      displays upright (how printers store landscape pages)
  pdftool.py normalize FILE...        in place, same length (xref offsets stay valid): dates
                                      → 2022-01-01, /ID and XMP uuids → zeros, LibreOffice's
                                      /DocChecksum → zeros (only where not compressed)
"""
import re
import sys

import pikepdf
from pikepdf import Name


def strip_tounicode(pdf):
    n = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and Name.ToUnicode in obj:
            del obj[Name.ToUnicode]
            n += 1
    return n


def rotate90(pdf):
    for page in pdf.pages:
        page.obj[Name.Rotate] = 90


def landscape(pdf):
    for page in pdf.pages:
        x0, y0, x1, y1 = [float(v) for v in page.mediabox]
        w, h = x1 - x0, y1 - y0
        # content turned 90° counter-clockwise into a w×h → h×w box: (x, y) → (h - y, x)
        prefix = pdf.make_stream(b"q 0 1 -1 0 %.4f %.4f cm 1 0 0 1 %.4f %.4f cm\n" % (h, 0.0, -x0, -y0))
        suffix = pdf.make_stream(b"\nQ\n")
        page.contents_coalesce()
        page.obj[Name.Contents] = pikepdf.Array([prefix, page.obj[Name.Contents], suffix])
        page.mediabox = [0, 0, h, w]
        if Name.CropBox in page.obj:
            del page.obj[Name.CropBox]
        page.obj[Name.Rotate] = 90


def save(pdf, out):
    for k in (Name.CreationDate, Name.ModDate):
        if Name.Info in pdf.trailer and k in pdf.trailer.Info:
            del pdf.trailer.Info[k]
    pdf.save(out, deterministic_id=True, linearize=False)


def zeros(m):
    return re.sub(rb"[0-9A-Fa-f]", b"0", m.group(0))


def normalize_bytes(x):
    y = re.sub(rb"D:\d{14}", b"D:20220101000000", x)
    y = re.sub(rb"(?<=[>\"])\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", b"2022-01-01T00:00:00", y)
    y = re.sub(rb"/ID\s*\[\s*<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", zeros, y)
    y = re.sub(rb"uuid:[0-9a-fA-F-]{36}", lambda m: b"uuid:" + zeros(re.match(rb".*", m.group(0)[5:])), y)
    y = re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + b"0" * 32, y)
    assert len(x) == len(y)
    return y


def main():
    if sys.argv[1] == "normalize":
        for path in sys.argv[2:]:
            data = open(path, "rb").read()
            open(path, "wb").write(normalize_bytes(data))
        return
    cmd, src, out = sys.argv[1:4]
    pdf = pikepdf.open(src)
    if cmd == "strip-tounicode":
        if strip_tounicode(pdf) == 0:
            sys.exit(f"{src}: no /ToUnicode to remove")
    elif cmd == "rotate90":
        rotate90(pdf)
    elif cmd == "landscape":
        landscape(pdf)
    else:
        sys.exit(f"unknown command {cmd}")
    save(pdf, out)


if __name__ == "__main__":
    main()
