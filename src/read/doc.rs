//! Word 97–2003 binary documents (.doc, and WPS Writer .wps saved in that
//! format) → [`Layout`], natively: no external program.
//!
//! The file is an OLE compound file (the `cfb` crate). From the
//! `WordDocument` stream's FIB come the main text length (`ccpText`), the
//! table stream (`0Table`/`1Table`) and in it the piece table (CLX: which
//! file bytes hold which characters, 8-bit or UTF-16) and the paragraph
//! properties (PlcBtePapx → PAPX FKPs, with `sprmPHugePapx` into the `Data`
//! stream). Paragraphs end at `\r`; in a table a cell ends at `\x07` and a row
//! at the `\x07` whose paragraph has `sprmPFTtp`, whose `sprmTDefTable` (the
//! TAP) gives each cell's left/right edge and its merge flags. Cells are laid
//! on the grid of every distinct edge of the table (a wider cell spans
//! several grid columns, as `gridSpan` does in .docx), `fVertMerge` cells
//! continue the cell above (rowspan), legacy `fMerged` cells the one to the
//! left. Field codes are dropped (results kept), nested tables flattened
//! into their cell's text, headers, footnotes and text boxes are not read
//! (the .docx reader reads the body only, too).
//!
//! Where a table cannot be rebuilt (a row without its TAP, a TAP whose cell
//! count disagrees with the cells), LibreOffice converts the file to .docx
//! when `soffice` is on PATH (`--headless --convert-to docx`, in a temporary
//! folder, with a timeout) and the .docx reader reads it; every layout says
//! in a warning which path was taken (`doc_native`, `doc_via_libreoffice`).

use crate::error::Error;
use crate::layout::{Block, Cell, Layout, Note, Paragraph, Table};
use std::io::Cursor;
use std::time::Duration;

/// The first bytes of every OLE compound file.
pub const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// Largest stream we read from the compound file.
const MAX_STREAM: u64 = 64 * 1024 * 1024;
/// Word's limit: 63 cells in a row.
const MAX_CELLS: usize = 63;
/// Edges closer than this (twips, 1/20 pt) are one grid line: writers round
/// cell widths per row.
const EDGE_SNAP: i32 = 30;
/// How long LibreOffice may take to convert one file.
const SOFFICE_TIMEOUT: Duration = Duration::from_secs(120);

/// Read a .doc / .wps file.
pub fn read(bytes: &[u8]) -> Result<Layout, Error> {
    if !bytes.starts_with(&OLE_MAGIC) {
        return Err(not_ole(bytes));
    }
    match native(bytes) {
        Ok(mut layout) => {
            layout.warnings.insert(
                0,
                Note {
                    code: "doc_native".into(),
                    message: "read natively (Word 97-2003 binary format)".into(),
                    at: None,
                },
            );
            Ok(layout)
        }
        Err(Unbuilt::Error(e)) => Err(e),
        Err(Unbuilt::Table(why)) => via_libreoffice(bytes, &why),
    }
}

/// Why a file is no Word 97-2003 document, from its first bytes.
fn not_ole(bytes: &[u8]) -> Error {
    let head = &bytes[..bytes.len().min(512)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let what = if bytes.starts_with(b"{\\rtf") {
        "an RTF document named .doc: save it as .docx"
    } else if bytes.starts_with(b"PK") {
        "a zip file (a .docx named .doc?): rename it to .docx"
    } else if lower.contains("<html") || lower.contains("mime-version") || lower.contains("<?xml") {
        "a web page (HTML/MHT/XML) saved as .doc: save it as .docx"
    } else if bytes.starts_with(b"%PDF") {
        "a PDF named .doc: rename it to .pdf"
    } else {
        "not a Word 97-2003 document (no OLE compound file header)"
    };
    Error::UnsupportedFormat(what.into())
}

/// A failure of the native reader: a hard error, or a table it cannot rebuild.
enum Unbuilt {
    Error(Error),
    Table(String),
}

impl From<Error> for Unbuilt {
    fn from(e: Error) -> Self {
        Unbuilt::Error(e)
    }
}

use crate::read::{le_u16 as u16_at, le_u32 as u32_at};

fn i16_at(d: &[u8], i: usize) -> Option<i16> {
    Some(i16::from_le_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn corrupt(what: &str) -> Error {
    Error::Corrupt(format!("Word 97-2003 document: {what}"))
}

struct Streams {
    word: Vec<u8>,
    table: Vec<u8>,
    data: Vec<u8>,
}

fn streams(bytes: &[u8]) -> Result<Streams, Error> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| Error::Corrupt(format!("damaged OLE compound file: {e}")))?;
    if !cfb.is_stream("/WordDocument") {
        return Err(Error::UnsupportedFormat(
            if cfb.is_stream("/Workbook") || cfb.is_stream("/Book") {
                "an Excel workbook named as a Word document: rename it to .xls".into()
            } else if cfb.exists("/EncryptedPackage") {
                return Err(Error::Protected("Word document"));
            } else {
                "OLE file without a WordDocument stream: not a Word 97-2003-compatible document \
                 (a WPS or Works file in its own format? save it as .doc or .docx)"
                    .into()
            },
        ));
    }
    let mut read = |name: &str| -> Result<Vec<u8>, Error> {
        if !cfb.is_stream(name) {
            return Ok(Vec::new());
        }
        let s = cfb
            .open_stream(name)
            .map_err(|e| Error::Corrupt(format!("stream {name}: {e}")))?;
        crate::read::read_capped(s, MAX_STREAM, &format!("stream {name}"))
    };
    let word = read("/WordDocument")?;
    let flags = u16_at(&word, 0x0A).ok_or_else(|| corrupt("FIB cut short"))?;
    if u16_at(&word, 0) != Some(0xA5EC) {
        return Err(corrupt("bad FIB signature"));
    }
    if flags & 0x0100 != 0 {
        return Err(Error::Protected("Word document"));
    }
    let nfib = u16_at(&word, 2).unwrap_or(0);
    if nfib < 0x00C1 {
        return Err(Error::UnsupportedFormat(
            "Word 6/95 (or older) binary document: save it as .docx".into(),
        ));
    }
    let table = read(if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    })?;
    if table.is_empty() {
        return Err(corrupt("the table stream is missing"));
    }
    let data = read("/Data")?;
    Ok(Streams { word, table, data })
}

/// The FIB fields we use.
struct Fib {
    ccp_text: u32,
    clx: (u32, u32),
    papx: (u32, u32),
}

fn fib(word: &[u8]) -> Result<Fib, Error> {
    let cut = || corrupt("FIB cut short");
    let csw = u16_at(word, 32).ok_or_else(cut)? as usize;
    let lw = 34 + csw * 2;
    let cslw = u16_at(word, lw).ok_or_else(cut)? as usize;
    let rg_lw = lw + 2;
    let ccp_text = u32_at(word, rg_lw + 3 * 4).ok_or_else(cut)?;
    let fclcb = rg_lw + cslw * 4 + 2;
    let pair = |i: usize| -> Result<(u32, u32), Error> {
        Ok((
            u32_at(word, fclcb + i * 8).ok_or_else(cut)?,
            u32_at(word, fclcb + i * 8 + 4).ok_or_else(cut)?,
        ))
    };
    Ok(Fib {
        ccp_text,
        clx: pair(33)?,
        papx: pair(13)?,
    })
}

/// One character of the main text with the file position of its bytes.
struct Char {
    c: u16,
    fc: u32,
}

/// The main document text from the piece table, CP 0 .. ccpText.
fn main_text(s: &Streams, fib: &Fib) -> Result<Vec<Char>, Error> {
    let (fc, lcb) = fib.clx;
    let clx = s
        .table
        .get(fc as usize..(fc as usize).saturating_add(lcb as usize))
        .ok_or_else(|| corrupt("piece table outside the table stream"))?;
    // Skip the Prc entries (0x01 cb grpprl), then the Pcdt (0x02 lcb PlcPcd).
    let mut i = 0;
    while clx.get(i) == Some(&0x01) {
        let cb = u16_at(clx, i + 1).ok_or_else(|| corrupt("CLX cut short"))? as usize;
        i += 3 + cb;
    }
    if clx.get(i) != Some(&0x02) {
        return Err(corrupt("no piece table in the CLX"));
    }
    let lcb = u32_at(clx, i + 1).ok_or_else(|| corrupt("CLX cut short"))? as usize;
    let plc = clx
        .get(i + 5..i + 5 + lcb)
        .ok_or_else(|| corrupt("piece table cut short"))?;
    let n = plc.len().saturating_sub(4) / 12;
    let mut text = Vec::new();
    for k in 0..n {
        let cp0 = u32_at(plc, k * 4).unwrap_or(0);
        let cp1 = u32_at(plc, (k + 1) * 4).unwrap_or(0);
        if cp0 >= fib.ccp_text {
            break;
        }
        let cp1 = cp1.min(fib.ccp_text);
        let pcd = (n + 1) * 4 + k * 8;
        let raw = u32_at(plc, pcd + 2).ok_or_else(|| corrupt("piece descriptor cut short"))?;
        let compressed = raw & 0x4000_0000 != 0;
        let fc = raw & 0x3FFF_FFFF;
        for j in 0..cp1.saturating_sub(cp0) {
            let (at, c) = if compressed {
                let at = fc / 2 + j;
                let b = *s
                    .word
                    .get(at as usize)
                    .ok_or_else(|| corrupt("text outside the WordDocument stream"))?;
                (at, cp1252(b))
            } else {
                let at = fc + 2 * j;
                let c = u16_at(&s.word, at as usize)
                    .ok_or_else(|| corrupt("text outside the WordDocument stream"))?;
                (at, c)
            };
            text.push(Char { c, fc: at });
        }
    }
    Ok(text)
}

/// An 8-bit piece's byte as UTF-16 (Windows-1252; Word maps 0x80-0x9F so).
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => u16::from(b),
    }
}

/// Paragraph properties we use.
#[derive(Debug, Clone, Default)]
struct Pap {
    in_table: bool,
    ttp: bool,
    itap: u32,
    inner_ttp: bool,
    /// The TAP of a row end: cell edges (twips) and TC80 flags.
    edges: Vec<i32>,
    tc_flags: Vec<u16>,
}

/// The PAPX runs: (fc start, fc end, grpprl) of every paragraph-property run.
fn papx_runs(s: &Streams, fib: &Fib) -> Result<Vec<(u32, u32, Vec<u8>)>, Error> {
    let (fc, lcb) = fib.papx;
    let plc = s
        .table
        .get(fc as usize..(fc as usize).saturating_add(lcb as usize))
        .ok_or_else(|| corrupt("paragraph properties outside the table stream"))?;
    let n = plc.len().saturating_sub(4) / 8;
    let mut runs = Vec::new();
    for k in 0..n {
        let pn = u32_at(plc, (n + 1) * 4 + k * 4).unwrap_or(0) as usize;
        let Some(page) = s.word.get(pn * 512..pn * 512 + 512) else {
            return Err(corrupt(
                "paragraph property page outside the WordDocument stream",
            ));
        };
        let crun = page[511] as usize;
        for r in 0..crun.min(101) {
            let (Some(f0), Some(f1)) = (u32_at(page, r * 4), u32_at(page, r * 4 + 4)) else {
                break;
            };
            let bx = (crun + 1) * 4 + r * 13;
            let off = *page.get(bx).unwrap_or(&0) as usize * 2;
            let grpprl = if off == 0 {
                Vec::new()
            } else {
                let cb = *page.get(off).unwrap_or(&0) as usize;
                let (start, len) = if cb == 0 {
                    (off + 2, *page.get(off + 1).unwrap_or(&0) as usize * 2)
                } else {
                    (off + 1, cb * 2 - 1)
                };
                // istd (2 bytes) then the sprms.
                page.get(start + 2..(start + len).min(512))
                    .unwrap_or(&[])
                    .to_vec()
            };
            runs.push((f0, f1, grpprl));
        }
    }
    Ok(runs)
}

/// The operand length of a sprm at `d[i..]` (after its 2-byte opcode).
fn operand_len(op: u16, d: &[u8], i: usize) -> Option<usize> {
    Some(match op >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => match op {
            // sprmTDefTable / sprmTDefTable10: a 2-byte cb counting itself once.
            0xD608 | 0xD606 => (u16_at(d, i)? as usize).max(1) + 1,
            // sprmPChgTabs: cb 255 means a longer form; count its parts.
            0xC615 if *d.get(i)? == 255 => {
                let del = *d.get(i + 1)? as usize;
                let add = *d.get(i + 2 + del * 4)? as usize;
                2 + del * 4 + 1 + add * 3
            }
            _ => *d.get(i)? as usize + 1,
        },
    })
}

fn parse_pap(grpprl: &[u8], data: &[u8], depth: u8) -> Pap {
    let mut p = Pap::default();
    let mut i = 0;
    while let Some(op) = u16_at(grpprl, i) {
        i += 2;
        let Some(len) = operand_len(op, grpprl, i) else {
            break;
        };
        let Some(arg) = grpprl.get(i..i + len) else {
            break;
        };
        match op {
            0x2416 => p.in_table = arg[0] != 0,
            0x2417 => p.ttp = arg[0] != 0,
            0x244C => p.inner_ttp = arg[0] != 0,
            0x6649 => p.itap = u32_at(arg, 0).unwrap_or(0),
            0xD608 => tap(&arg[2..], &mut p),
            // sprmPHugePapx: the real properties are in the Data stream.
            0x6646 | 0x6645 if depth == 0 => {
                let at = u32_at(arg, 0).unwrap_or(0) as usize;
                if let Some(cb) = u16_at(data, at)
                    && let Some(huge) = data.get(at + 2..at + 2 + cb as usize)
                {
                    // A PrcData: cbGrpprl then the sprms (no istd).
                    let inner = parse_pap(huge, data, 1);
                    p = merge_pap(p, inner);
                }
            }
            _ => {}
        }
        i += len;
    }
    p
}

fn merge_pap(a: Pap, b: Pap) -> Pap {
    Pap {
        in_table: a.in_table || b.in_table,
        ttp: a.ttp || b.ttp,
        itap: a.itap.max(b.itap),
        inner_ttp: a.inner_ttp || b.inner_ttp,
        edges: if b.edges.is_empty() { a.edges } else { b.edges },
        tc_flags: if b.tc_flags.is_empty() {
            a.tc_flags
        } else {
            b.tc_flags
        },
    }
}

/// sprmTDefTable's operand after its cb: itcMac, rgdxaCenter, rgTc80.
fn tap(d: &[u8], p: &mut Pap) {
    let Some(&n) = d.first() else { return };
    let n = (n as usize).min(MAX_CELLS);
    p.edges = (0..=n)
        .map_while(|k| i16_at(d, 1 + k * 2).map(i32::from))
        .collect();
    let tcs = 1 + (n + 1) * 2;
    p.tc_flags = (0..n)
        .map(|k| u16_at(d, tcs + k * 20).unwrap_or(0))
        .collect();
}

/// The properties of the paragraph whose mark is at file position `fc`.
fn pap_at(runs: &[(u32, u32, Vec<u8>)], data: &[u8], fc: u32) -> Pap {
    match runs.binary_search_by(|(f0, f1, _)| {
        if fc < *f0 {
            std::cmp::Ordering::Greater
        } else if fc >= *f1 {
            std::cmp::Ordering::Less
        } else {
            std::cmp::Ordering::Equal
        }
    }) {
        Ok(i) => parse_pap(&runs[i].2, data, 0),
        Err(_) => runs
            .iter()
            .find(|(f0, f1, _)| fc >= *f0 && fc < *f1)
            .map(|r| parse_pap(&r.2, data, 0))
            .unwrap_or_default(),
    }
}

/// A paragraph of text with the properties of its mark.
struct Para {
    text: String,
    /// Ended by a cell mark (`\x07`), not `\r`.
    cell_mark: bool,
    pap: Pap,
}

/// Split the text into paragraphs, dropping field codes and control characters.
fn paragraphs(text: &[Char], runs: &[(u32, u32, Vec<u8>)], data: &[u8]) -> Vec<Para> {
    let mut out = Vec::new();
    let mut units: Vec<u16> = Vec::new();
    // One entry per open field: true while in its code part (before \x14).
    let mut fields: Vec<bool> = Vec::new();
    for ch in text {
        match ch.c {
            0x0D | 0x07 => {
                let pap = pap_at(runs, data, ch.fc);
                out.push(Para {
                    text: String::from_utf16_lossy(&units),
                    cell_mark: ch.c == 0x07,
                    pap,
                });
                units.clear();
                fields.clear();
            }
            0x13 => fields.push(true),
            0x14 => {
                if let Some(f) = fields.last_mut() {
                    *f = false;
                }
            }
            0x15 => {
                fields.pop();
            }
            _ if fields.iter().any(|&code| code) => {}
            0x0B => units.push(u16::from(b'\n')),
            0x09 => units.push(0x09),
            0x1E => units.push(u16::from(b'-')),
            0x00..=0x1F => {} // pictures, objects, page breaks, soft hyphens, note marks
            c => units.push(c),
        }
    }
    if units
        .iter()
        .any(|&u| !char::from_u32(u32::from(u)).is_some_and(char::is_whitespace))
    {
        out.push(Para {
            text: String::from_utf16_lossy(&units),
            cell_mark: false,
            pap: Pap::default(),
        });
    }
    out
}

/// One row as read: its cells' texts and its TAP.
struct Row {
    cells: Vec<String>,
    edges: Vec<i32>,
    tc_flags: Vec<u16>,
}

fn native(bytes: &[u8]) -> Result<Layout, Unbuilt> {
    let s = streams(bytes)?;
    let fib = fib(&s.word)?;
    let text = main_text(&s, &fib)?;
    let runs = papx_runs(&s, &fib)?;
    let paras = paragraphs(&text, &runs, &s.data);
    let mut blocks = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut cell: Vec<String> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    for p in paras {
        let depth = if p.pap.in_table { p.pap.itap.max(1) } else { 0 };
        if depth == 0 {
            if !rows.is_empty() || !cells.is_empty() || !cell.is_empty() {
                if !cells.is_empty() || !cell.is_empty() {
                    return Err(Unbuilt::Table("a table row without its row end".into()));
                }
                blocks.push(Block::Table(build(std::mem::take(&mut rows))?));
            }
            if !p.text.trim().is_empty() {
                blocks.push(Block::Paragraph(Paragraph {
                    text: p.text,
                    ..Paragraph::default()
                }));
            }
            continue;
        }
        if depth > 1 {
            // A nested table: its paragraphs become lines of the outer cell,
            // its row ends are dropped.
            if !p.pap.inner_ttp {
                cell.push(p.text);
            }
            continue;
        }
        if p.pap.ttp {
            if p.pap.edges.is_empty() {
                return Err(Unbuilt::Table(
                    "a table row without cell widths (TAP)".into(),
                ));
            }
            rows.push(Row {
                cells: std::mem::take(&mut cells),
                edges: p.pap.edges,
                tc_flags: p.pap.tc_flags,
            });
            continue;
        }
        cell.push(p.text);
        if p.cell_mark {
            // Trailing empty paragraphs of a cell are not lines (as in .docx).
            let keep = cell
                .iter()
                .rposition(|t| !t.is_empty())
                .map_or(0, |i| i + 1);
            cells.push(cell[..keep].join("\n"));
            cell.clear();
        }
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(build(rows)?));
    }
    if blocks.is_empty() {
        return Err(Unbuilt::Error(corrupt("no text in the document")));
    }
    Ok(Layout {
        blocks,
        ..Layout::default()
    })
}

/// Lay the rows out on the grid of every distinct cell edge.
fn build(rows: Vec<Row>) -> Result<Table, Unbuilt> {
    let mut lines: Vec<i32> = Vec::new();
    for r in &rows {
        if r.edges.len() != r.cells.len() + 1 {
            return Err(Unbuilt::Table(format!(
                "a row of {} cells whose TAP describes {}",
                r.cells.len(),
                r.edges.len().saturating_sub(1)
            )));
        }
        lines.extend(&r.edges);
    }
    lines.sort_unstable();
    let mut grid: Vec<i32> = Vec::new();
    for x in lines {
        if grid.last().is_none_or(|&g| x - g > EDGE_SNAP) {
            grid.push(x);
        }
    }
    let col_of = |x: i32| grid.iter().rposition(|&g| g <= x + EDGE_SNAP).unwrap_or(0);
    let cols = grid.len().saturating_sub(1);
    let mut cells: Vec<Cell> = Vec::new();
    // For each grid column, the cell covering it in the row above.
    let mut above: Vec<Option<usize>> = vec![None; cols];
    for (ri, row) in rows.iter().enumerate() {
        let mut owner: Vec<Option<usize>> = vec![None; cols];
        let mut left: Option<usize> = None;
        for (k, text) in row.cells.iter().enumerate() {
            let (c0, c1) = (col_of(row.edges[k]), col_of(row.edges[k + 1]));
            if c1 <= c0 {
                continue; // a zero-width cell
            }
            let flags = row.tc_flags.get(k).copied().unwrap_or(0);
            let vmerge_continue = flags & 0x0020 != 0 && flags & 0x0040 == 0;
            let hmerge_continue = flags & 0x0002 != 0 && flags & 0x0001 == 0;
            let idx = if hmerge_continue && let Some(i) = left {
                cells[i].colspan += c1 - c0;
                i
            } else if vmerge_continue
                && let Some(i) = above[c0]
                && cells[i].col == c0
                && cells[i].colspan == c1 - c0
                && cells[i].row + cells[i].rowspan == ri
            {
                cells[i].rowspan += 1;
                i
            } else {
                cells.push(Cell {
                    row: ri,
                    col: c0,
                    rowspan: 1,
                    colspan: c1 - c0,
                    text: text.clone(),
                });
                cells.len() - 1
            };
            for o in &mut owner[c0..c1] {
                *o = Some(idx);
            }
            left = Some(idx);
        }
        above = owner;
    }
    cells.sort_by_key(|c| (c.row, c.col));
    Ok(Table {
        rows: rows.len(),
        cols,
        cells,
        pages: Vec::new(),
    })
}

/// `soffice` (or `libreoffice`) on PATH.
fn soffice() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| [d.join("soffice"), d.join("libreoffice")])
        .find(|p| p.is_file())
}

/// The fallback: LibreOffice converts the file to .docx, the .docx reader reads it.
fn via_libreoffice(bytes: &[u8], why: &str) -> Result<Layout, Error> {
    let Some(exe) = soffice() else {
        return Err(Error::Corrupt(format!(
            "Word 97-2003 document: {why}; the native reader cannot rebuild this table and \
             LibreOffice (soffice) is not on PATH to convert it"
        )));
    };
    use std::sync::atomic::{AtomicU64, Ordering};
    static SEQ: AtomicU64 = AtomicU64::new(0);
    let dir = std::env::temp_dir().join(format!(
        "gongkai-doc-{}-{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed)
    ));
    let result = convert(&exe, &dir, bytes);
    let _ = std::fs::remove_dir_all(&dir);
    let mut layout = crate::read::docx::read(&result?)?;
    layout.warnings.insert(
        0,
        Note {
            code: "doc_via_libreoffice".into(),
            message: format!("converted to .docx by LibreOffice ({why})"),
            at: None,
        },
    );
    Ok(layout)
}

fn convert(exe: &std::path::Path, dir: &std::path::Path, bytes: &[u8]) -> Result<Vec<u8>, Error> {
    let io = |e: std::io::Error| Error::Io(format!("LibreOffice conversion: {e}"));
    std::fs::create_dir_all(dir).map_err(io)?;
    let input = dir.join("input.doc");
    std::fs::write(&input, bytes).map_err(io)?;
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let mut child = std::process::Command::new(exe)
        .args([
            profile.as_str(),
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
        ])
        .arg("--outdir")
        .arg(dir)
        .arg(&input)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(io)?;
    let start = std::time::Instant::now();
    loop {
        match child.try_wait().map_err(io)? {
            Some(_) => break,
            None if start.elapsed() > SOFFICE_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Error::Corrupt(format!(
                    "Word 97-2003 document: LibreOffice did not convert it within {} s",
                    SOFFICE_TIMEOUT.as_secs()
                )));
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    std::fs::read(dir.join("input.docx")).map_err(|_| {
        Error::Corrupt("Word 97-2003 document: LibreOffice could not convert it".into())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str], edges: &[i32], flags: &[u16]) -> Row {
        Row {
            cells: cells.iter().map(|s| s.to_string()).collect(),
            edges: edges.to_vec(),
            tc_flags: flags.to_vec(),
        }
    }

    #[test]
    fn cells_on_the_grid_of_all_edges_with_spans() {
        // Row 0: one wide cell over two grid columns + one; row 1: three cells;
        // row 2: first cell continues the vertical merge from row 1.
        let t = build(vec![
            row(&["A", "B"], &[0, 2000, 3000], &[0, 0]),
            row(&["x", "1", "2"], &[0, 1000, 2010, 3000], &[0x60, 0, 0]),
            row(&["", "3", "4"], &[0, 1000, 2000, 3000], &[0x20, 0, 0]),
        ])
        .ok()
        .unwrap();
        assert_eq!((t.rows, t.cols), (3, 3));
        let got: Vec<_> = t
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (0, 0, 1, 2, "A"),
                (0, 2, 1, 1, "B"),
                (1, 0, 2, 1, "x"),
                (1, 1, 1, 1, "1"),
                (1, 2, 1, 1, "2"),
                (2, 1, 1, 1, "3"),
                (2, 2, 1, 1, "4"),
            ]
        );
    }

    #[test]
    fn a_tap_that_disagrees_with_the_cells_is_unbuilt() {
        let r = build(vec![row(&["A", "B"], &[0, 1000], &[])]);
        assert!(matches!(r, Err(Unbuilt::Table(_))));
    }

    #[test]
    fn sprm_lengths() {
        assert_eq!(operand_len(0x2416, &[1], 0), Some(1));
        assert_eq!(operand_len(0x6649, &[1, 0, 0, 0], 0), Some(4));
        assert_eq!(operand_len(0xD608, &[5, 0], 0), Some(6));
        assert_eq!(operand_len(0xC60D, &[3], 0), Some(4));
    }

    #[test]
    fn field_codes_dropped_results_kept() {
        let chars: Vec<Char> = "a\u{13} PAGE \u{14}7\u{15}b\r"
            .encode_utf16()
            .enumerate()
            .map(|(i, c)| Char { c, fc: i as u32 })
            .collect();
        let p = paragraphs(&chars, &[], &[]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].text, "a7b");
    }

    #[test]
    fn not_a_doc_says_what_it_is() {
        let msg = |b: &[u8]| read(b).unwrap_err().to_string();
        assert!(msg(b"{\\rtf1 hello}").contains("RTF"));
        assert!(msg(b"<html><body>x</body></html>").contains("web page"));
        assert!(msg(b"PK\x03\x04....").contains(".docx"));
        assert!(msg(b"%PDF-1.4").contains("PDF"));
        assert!(msg(b"hello").contains("not a Word 97-2003"));
    }
}
