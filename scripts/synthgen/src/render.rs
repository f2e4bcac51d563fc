//! The format-neutral [`Doc`] as .docx bytes (docx-rs writer; no embedded fonts or images).

use crate::out::{Block, Doc, Slot};
use docx_rs::{
    BreakType, Docx, PageMargin, PageOrientationType, Paragraph, Run, RunFonts, Table, TableCell,
    TableRow, VMergeType, WidthType,
};

fn run(text: &str, font: &str, size: usize, bold: bool) -> Run {
    let mut r = Run::new()
        .fonts(RunFonts::new().east_asia(font).ascii(font).hi_ansi(font))
        .size(size);
    if bold {
        r = r.bold();
    }
    // line breaks inside a cell / paragraph
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    r
}

pub fn docx_bytes(doc: &Doc) -> Result<Vec<u8>, String> {
    let (w, h) = if doc.landscape {
        (16838, 11906)
    } else {
        (11906, 16838)
    };
    let mut d = Docx::new()
        .page_size(w, h)
        .page_margin(
            PageMargin::new()
                .top(1134)
                .bottom(1134)
                .left(1020)
                .right(1020),
        )
        .default_fonts(RunFonts::new().east_asia(doc.font.as_str()));
    if doc.landscape {
        d = d.page_orient(PageOrientationType::Landscape);
    }
    for b in &doc.blocks {
        match b {
            Block::Para {
                text,
                center,
                bold,
                size,
            } => {
                let mut p = Paragraph::new().add_run(run(text, &doc.font, *size, *bold));
                if *center {
                    p = p.align(docx_rs::AlignmentType::Center);
                }
                d = d.add_paragraph(p);
            }
            Block::PageBreak => {
                d = d
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
            }
            Block::Table(g) => {
                let mut rows = Vec::new();
                for (r, row) in g.slots.iter().enumerate() {
                    let mut cells = Vec::new();
                    let mut c = 0;
                    while c < g.cols {
                        match &row[c] {
                            Slot::Cell(x) => {
                                let width: usize = g.widths[c..c + x.colspan].iter().sum();
                                let mut tc = TableCell::new()
                                    .add_paragraph(
                                        Paragraph::new()
                                            .add_run(run(&x.text, &doc.font, 15, x.bold)),
                                    )
                                    .width(width, WidthType::Dxa);
                                if x.colspan > 1 {
                                    tc = tc.grid_span(x.colspan);
                                }
                                if x.rowspan > 1 {
                                    tc = tc.vertical_merge(VMergeType::Restart);
                                }
                                cells.push(tc);
                                c += x.colspan;
                            }
                            Slot::Covered(r0, c0) => {
                                if *c0 == c && *r0 < r {
                                    // vertical continuation of a merged cell
                                    let span = match &g.slots[*r0][*c0] {
                                        Slot::Cell(x) => x.colspan,
                                        _ => 1,
                                    };
                                    let width: usize = g.widths[c..c + span].iter().sum();
                                    let mut tc = TableCell::new()
                                        .add_paragraph(Paragraph::new())
                                        .vertical_merge(VMergeType::Continue)
                                        .width(width, WidthType::Dxa);
                                    if span > 1 {
                                        tc = tc.grid_span(span);
                                    }
                                    cells.push(tc);
                                    c += span;
                                } else {
                                    c += 1;
                                }
                            }
                            Slot::Empty => {
                                cells.push(
                                    TableCell::new()
                                        .add_paragraph(Paragraph::new())
                                        .width(g.widths[c], WidthType::Dxa),
                                );
                                c += 1;
                            }
                        }
                    }
                    rows.push(TableRow::new(cells));
                }
                let total: usize = g.widths.iter().sum();
                let t = Table::new(rows)
                    .set_grid(g.widths.clone())
                    .width(total, WidthType::Dxa)
                    .margins(docx_rs::TableCellMargins::new().margin(0, 40, 0, 40));
                d = d.add_table(t);
                // Word needs a paragraph between consecutive tables
                d = d.add_paragraph(Paragraph::new());
            }
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    d.build()
        .pack(&mut buf)
        .map_err(|e| format!("docx pack: {e}"))?;
    let repeats: Vec<usize> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(g) => Some(g.repeat_rows),
            _ => None,
        })
        .collect();
    deflate(&buf.into_inner(), &repeats)
}

/// Mark the first `repeats[t]` rows of table t as repeated header rows
/// (docx-rs 0.4 has no API for w:tblHeader; every row it writes starts with `<w:trPr />`).
fn mark_header_rows(xml: &str, repeats: &[usize]) -> String {
    if repeats.iter().all(|&r| r == 0) {
        return xml.to_string();
    }
    let mut out = String::with_capacity(xml.len() + 1024);
    let mut table: Option<usize> = None;
    let mut row = 0usize;
    let mut rest = xml;
    let tbl = "<w:tbl>";
    let tr = "<w:tr><w:trPr />";
    loop {
        let a = rest.find(tbl);
        let b = rest.find(tr);
        match (a, b) {
            (Some(i), Some(j)) if i < j => {
                out.push_str(&rest[..i + tbl.len()]);
                rest = &rest[i + tbl.len()..];
                table = Some(table.map_or(0, |t| t + 1));
                row = 0;
            }
            (Some(i), None) => {
                out.push_str(&rest[..i + tbl.len()]);
                rest = &rest[i + tbl.len()..];
                table = Some(table.map_or(0, |t| t + 1));
                row = 0;
            }
            (_, Some(j)) => {
                out.push_str(&rest[..j]);
                let n = table.and_then(|t| repeats.get(t)).copied().unwrap_or(0);
                if row < n {
                    out.push_str("<w:tr><w:trPr><w:tblHeader /></w:trPr>");
                } else {
                    out.push_str(tr);
                }
                rest = &rest[j + tr.len()..];
                row += 1;
            }
            (None, None) => {
                out.push_str(rest);
                break;
            }
        }
    }
    out
}

/// docx-rs stores its parts uncompressed: rewrite the package deflated
/// (fixed 1980 timestamps, same order) so the corpus stays small.
fn deflate(stored: &[u8], repeats: &[usize]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut a =
        zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(|e| format!("zip read: {e}"))?;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opt = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..a.len() {
        let mut f = a.by_index(i).map_err(|e| format!("zip entry: {e}"))?;
        if f.is_dir() {
            continue;
        }
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data)
            .map_err(|e| format!("zip read {name}: {e}"))?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(data).map_err(|e| format!("document.xml: {e}"))?;
            data = mark_header_rows(&xml, repeats).into_bytes();
        }
        w.start_file(name.as_str(), opt)
            .map_err(|e| format!("zip write {name}: {e}"))?;
        w.write_all(&data)
            .map_err(|e| format!("zip write {name}: {e}"))?;
    }
    let out = w.finish().map_err(|e| format!("zip finish: {e}"))?;
    Ok(out.into_inner())
}
