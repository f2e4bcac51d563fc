#!/usr/bin/env python3
"""A .docx as a XeLaTeX document with xeCJK and booktabs 三线表 (scripts/make-producer-corpus).

  latex.py IN.docx OUT.tex

Paragraphs keep their text, centring, bold and size (headings larger); page breaks are kept.
Tables become `longtable`s ruled the booktabs way: \\toprule, one \\midrule under the header
rows (the rows above the first row printing an amount), \\bottomrule, no vertical rules at all;
column widths follow the table grid scaled to the text width, horizontal merges are
\\multicolumn, vertically merged cells print their text in their first row. The page size and
orientation are the document's last section's (landscape documents stay landscape). CJK text is
set in Noto Serif CJK SC (an OpenType/CFF font: xelatex embeds it as a CID-keyed CFF font).
A run of typed spaces between two CJK characters (`购置 行政执法记录仪`, `打造 “无…`) prints as one
control space: xeCJK drops such a space, Word, LibreOffice and Chromium print it (TeX prints any
run of spaces as one interword space). Standard library only.
"""
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")
# the characters xeCJK sets as CJK: ideographs, CJK and full-width punctuation, curly quotes
CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d"
# DejaVu Serif's advance widths (em) of what an amount prints; the tables are set at 7pt
ADVANCE = {"0": 0.636, ",": 0.318, ".": 0.318, "-": 0.338}
TABLE_PT = 7.0
MARGIN = 56
PAD = 0.006  # \tabcolsep, a fraction of the line width
SCALE = 0.98  # the share of the line width the grid's columns take
FIT_SLACK = 0.5  # points a widened column holds beyond its widest amount
CJK_SPACE = re.compile("(?<=[%s]) +(?=[%s])" % (CJK, CJK))


def esc(s):
    out = []
    for ch in CJK_SPACE.sub("\x00", s):
        if ch in "#$%&_{}":
            out.append("\\" + ch)
        elif ch == "\\":
            out.append("\\textbackslash{}")
        elif ch == "~":
            out.append("\\textasciitilde{}")
        elif ch == "^":
            out.append("\\textasciicircum{}")
        elif ch == "\x00":
            out.append("\\ ")
        elif ch == "\u3000":
            out.append("\u3000")
        else:
            out.append(ch)
    return "".join(out)


def attr(el, path, name):
    x = el.find(path)
    return None if x is None else x.get(W + name)


def para_text(p):
    parts = []
    for node in p.iter():
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append(" ")
        elif node.tag == W + "br" and node.get(W + "type") != "page":
            parts.append("\n")
    return "".join(parts)


def para_has_page_break(p):
    if p.find(f"{W}pPr/{W}pageBreakBefore") is not None:
        return True
    return any(b.get(W + "type") == "page" for b in p.iter(W + "br"))


def para_size(p):
    sizes = [int(s.get(W + "val")) for s in p.iter(W + "sz") if s.get(W + "val", "").isdigit()]
    return max(sizes) / 2 if sizes else 10.5


def para_bold(p):
    return any(b.get(W + "val") in (None, "1", "true") for b in p.iter(W + "b"))


def paragraph(p):
    text = para_text(p)
    out = []
    if para_has_page_break(p):
        out.append("\\clearpage")
    if not text.strip():
        out.append("\\medskip")
        return "\n".join(out)
    size = para_size(p)
    body = esc(text).replace("\n", "\\\\\n")
    if para_bold(p):
        body = "\\textbf{" + body + "}"
    if abs(size - 10.5) > 0.6:
        body = "{\\fontsize{%.1fpt}{%.1fpt}\\selectfont %s}" % (size, size * 1.3, body)
    if attr(p, f"{W}pPr/{W}jc", "val") == "center":
        out.append("\\begin{center}" + body + "\\end{center}")
    else:
        out.append("\\noindent " + body + "\\par")
    return "\n".join(out)


def amount_width(text):
    """An amount's printed width in points (DejaVu Serif at the tables' 7pt)."""
    return sum(ADVANCE.get(ch, ADVANCE["0"]) for ch in text) * TABLE_PT


def content_width(frac, span=1):
    """The text width (a fraction of the line width) of a column, or `span` columns, whose share
    of the grid is `frac`: the columns take SCALE of the line, less each column's padding."""
    return frac * SCALE - 2 * PAD * span


def fit_amounts(frac, rows, linewidth):
    """Column fractions of the line width, widened where an amount would overflow its column,
    and how far the table reaches into each margin (None: the grid's widths hold every amount).

    Word and LibreOffice never print an amount over its neighbour (an autofit column grows, a
    fixed one wraps the amount); a p{} column lets it run on into the next column. When an
    amount would reach past its cell's padding (\\tabcolsep, PAD), every column too narrow for
    its widest one-column amount grows to hold it: the table grows into the margins (centred, at
    most half of each), the rest is taken from the columns with room to spare, in proportion to
    that room. A table whose amounts stay within their padding keeps the grid's widths exactly.
    """
    need = [0.0] * len(frac)
    for r in rows:
        for c, s, t in r:
            if s == 1 and AMOUNT.match(t.replace(" ", "")):
                need[c] = max(need[c], amount_width(t.replace(" ", "")) / linewidth)
    content = [content_width(f) for f in frac]
    if all(n <= w + PAD for n, w in zip(need, content)):
        return None
    # a hair more than the amount: TeX breaks an overfull cell at its \\hfill
    need = [n + FIT_SLACK / linewidth if n > w else n for n, w in zip(need, content)]
    deficit = sum(max(n - w, 0) for n, w in zip(need, content))
    grow = min(deficit, MARGIN / linewidth)
    spare = [max(w - n, 0) for n, w in zip(need, content)]
    if sum(spare) < deficit - grow:
        return None
    share = (deficit - grow) / sum(spare)
    fitted = [n if n > w else w - sp * share for n, w, sp in zip(need, content, spare)]
    return [(w + 2 * PAD) / SCALE for w in fitted], grow / 2


def table(tbl, linewidth):
    grid = [int(g.get(W + "w")) for g in tbl.findall(f"{W}tblGrid/{W}gridCol")]
    ncols = len(grid)
    total = sum(grid) or 1
    rows = []
    for tr in tbl.findall(W + "tr"):
        cells, col = [], 0
        for tc in tr.findall(W + "tc"):
            span = int(attr(tc, f"{W}tcPr/{W}gridSpan", "val") or 1)
            vm = tc.find(f"{W}tcPr/{W}vMerge")
            cont = vm is not None and vm.get(W + "val") != "restart"
            text = "\n".join(para_text(p) for p in tc.findall(W + "p")).strip()
            cells.append((col, span, "" if cont else text))
            col += span
        rows.append(cells)
    # header rows: those above the first row printing an amount
    first_data = next(
        (i for i, r in enumerate(rows) if any(AMOUNT.match(t.replace(" ", "")) for _, _, t in r if t)),
        1,
    )
    first_data = max(first_data, 1)
    frac = [g / total for g in grid]
    fitted = fit_amounts(frac, rows, linewidth)
    out = ["{\\fontsize{%gpt}{8.5pt}\\selectfont" % TABLE_PT, "\\setlength{\\tabcolsep}{%g\\linewidth}" % PAD]
    if fitted is not None:  # the grid's own widths, but where amounts would overflow
        frac, into_margin = fitted
        out.append("\\setlength{\\LTleft}{-%.4f\\linewidth}\\setlength{\\LTright}{\\LTleft}" % into_margin)
    width = lambda c, s: "%.4f\\linewidth" % content_width(sum(frac[c : c + s]), s)
    spec = "".join(">{\\raggedright\\arraybackslash}p{%s}" % width(c, 1) for c in range(ncols))
    out += ["\\begin{longtable}{@{}%s@{}}" % spec, "\\toprule"]

    def line(r):
        parts = []
        for c, s, t in r:
            body = esc(t).replace("\n", "\\newline ")
            if AMOUNT.match(t.replace(" ", "")):
                body = "\\hfill " + body
            if s > 1:
                parts.append("\\multicolumn{%d}{>{\\raggedright\\arraybackslash}p{%s}}{%s}" % (s, width(c, s), body))
            else:
                parts.append(body)
        return " & ".join(parts) + " \\\\"

    for i, r in enumerate(rows):
        out.append(line(r))
        if i == first_data - 1:
            out.append("\\midrule")
            out.append("\\endhead")
    out += ["\\bottomrule", "\\end{longtable}", "}"]
    return "\n".join(out)


def main():
    src, dst = sys.argv[1:3]
    with zipfile.ZipFile(src) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    body = root.find(W + "body")
    sect = body.find(W + "sectPr")
    w = int(attr(sect, f"{W}pgSz", "w") or 11906) if sect is not None else 11906
    h = int(attr(sect, f"{W}pgSz", "h") or 16838) if sect is not None else 16838
    parts = [
        "\\documentclass[10pt]{article}",
        "\\usepackage[paperwidth=%.1fpt,paperheight=%.1fpt,margin=%dpt]{geometry}" % (w / 20, h / 20, MARGIN),
        "\\usepackage{xeCJK}",
        "\\setCJKmainfont{Noto Serif CJK SC}",
        "\\setmainfont{DejaVu Serif}",
        "\\usepackage{booktabs,longtable,array}",
        "\\setlength{\\parindent}{0pt}",
        "\\pagestyle{plain}",
        "\\begin{document}",
    ]
    for el in body:
        if el.tag == W + "p":
            parts.append(paragraph(el))
        elif el.tag == W + "tbl":
            parts.append(table(el, w / 20 - 2 * MARGIN))
    parts.append("\\end{document}")
    open(dst, "w", encoding="utf-8").write("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
