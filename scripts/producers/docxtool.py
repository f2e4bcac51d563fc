#!/usr/bin/env python3
"""Docx rewrites for scripts/make-producer-corpus (standard library only).

  docxtool.py font IN OUT FAMILY   every run's font (ascii, hAnsi, eastAsia, cs; theme
                                   fonts too) set to FAMILY, so LibreOffice embeds that
                                   font (a TrueType one gives CIDFontType2 subsets)
"""
import re
import sys
import zipfile

FONT_ATTR = re.compile(rb'w:(ascii|hAnsi|eastAsia|cs)="[^"]*"')
THEME_ATTR = re.compile(rb'\s*w:(ascii|hAnsi|eastAsia|cs)Theme="[^"]*"')


def set_font(src, out, family):
    fam = family.encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                data = THEME_ATTR.sub(b"", data)
                data = FONT_ATTR.sub(lambda m: b'w:' + m.group(1) + b'="' + fam + b'"', data)
            zout.writestr(info, data)


def main():
    if sys.argv[1] == "font":
        set_font(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")


if __name__ == "__main__":
    main()
