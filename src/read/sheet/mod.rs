//! Spreadsheets (.xlsx, .xls, WPS .et) → [`Layout`].
//!
//! Values come from `calamine` (shared strings, RK numbers, cached formula
//! results, merged regions, sheet visibility); what calamine does not expose
//! is read here from the file itself: for .xlsx the hidden rows and columns
//! of each sheet part (`xlsx.rs`), for .xls/.et the BIFF8 XF records (number
//! format, borders) of every cell and the hidden rows and columns
//! (`biff.rs`). Each cell's text is its displayed value ([`numfmt`]).
//!
//! One workbook is one document; every visible worksheet, in workbook order,
//! gives its blocks ([`sheet_blocks`]): rows whose cells carry a border are
//! a table (consecutive such rows, spans from the merge list); the rows
//! around them without borders are paragraphs (a title merged across the
//! table, a unit line, a note), as a Word document prints them around its
//! table. A sheet without any border falls back to shape: leading rows
//! holding one text are paragraphs, the rest is the table.

mod biff;
pub mod numfmt;
mod xls;
mod xlsx;

use crate::error::Error;
use crate::layout::{Block, Cell, Layout, Note, Paragraph, Table};
use std::collections::{BTreeMap, BTreeSet};

/// At most this many slots in one sheet's used area (a hostile file naming
/// cell XFD1048576 must not allocate the whole sheet).
pub const MAX_SHEET_SLOTS: u64 = 4_000_000;

/// One cell as read: its displayed text and whether it is drawn with a border.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SheetCell {
    pub text: String,
    pub bordered: bool,
}

/// A merged region, inclusive, 0-based (row, col).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Merge {
    pub first: (u32, u32),
    pub last: (u32, u32),
}

/// A worksheet as the format readers give it.
#[derive(Debug, Default)]
pub(crate) struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), SheetCell>,
    pub merges: Vec<Merge>,
    pub hidden_rows: BTreeSet<u32>,
    pub hidden_cols: BTreeSet<u32>,
}

/// The visible worksheets of a calamine workbook, in order: name, values,
/// and a [`Sheet`] holding its merged regions (`merges`: the workbook type's
/// own merge list, which calamine does not put behind `Reader`).
pub(super) fn visible_sheets<RS, W>(
    wb: &mut W,
    mut merges: impl FnMut(&mut W, &str) -> Result<Vec<calamine::Dimensions>, W::Error>,
) -> Result<Vec<(String, calamine::Range<calamine::Data>, Sheet)>, Error>
where
    RS: std::io::Read + std::io::Seek,
    W: calamine::Reader<RS>,
    W::Error: std::fmt::Display,
{
    use calamine::{SheetType, SheetVisible};
    let meta: Vec<calamine::Sheet> = wb.sheets_metadata().to_vec();
    let mut out = Vec::new();
    for m in meta {
        if m.visible != SheetVisible::Visible || m.typ != SheetType::WorkSheet {
            continue;
        }
        let range = wb
            .worksheet_range(&m.name)
            .map_err(|e| Error::Corrupt(format!("sheet {}: {e}", m.name)))?;
        let dims = merges(wb, &m.name)
            .map_err(|e| Error::Corrupt(format!("sheet {}: merged cells: {e}", m.name)))?;
        let sheet = Sheet::new(&m.name, &dims);
        out.push((m.name, range, sheet));
    }
    Ok(out)
}

impl Sheet {
    /// A sheet named `name` with calamine's merged regions.
    fn new(name: &str, merges: &[calamine::Dimensions]) -> Sheet {
        Sheet {
            name: name.to_string(),
            merges: merges
                .iter()
                .map(|d| Merge {
                    first: d.start,
                    last: d.end,
                })
                .collect(),
            ..Sheet::default()
        }
    }

    /// Each used cell's displayed text under the format code `code_at` gives.
    fn fill(
        &mut self,
        range: &calamine::Range<calamine::Data>,
        warnings: &mut Vec<Note>,
        code_at: impl Fn((u32, u32)) -> String,
    ) {
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut unformatted = 0usize;
        for (dr, dc, data) in range.used_cells() {
            let pos = (r0 + dr as u32, c0 + dc as u32);
            let text = xls::display(data, &code_at(pos), &mut unformatted);
            if !text.is_empty() {
                self.cells.entry(pos).or_default().text = text;
            }
        }
        xls::note_unformatted(&self.name, unformatted, warnings);
    }
}

/// Which spreadsheet container the bytes are, whatever the extension says.
enum Container {
    Zip,
    Ole,
}

/// Read a workbook (.xlsx, .xls or .et: the bytes decide which reader).
pub fn read(bytes: &[u8]) -> Result<Layout, Error> {
    let container = if bytes.starts_with(b"PK") {
        Container::Zip
    } else if bytes.starts_with(&crate::read::doc::OLE_MAGIC) {
        Container::Ole
    } else {
        return Err(Error::UnsupportedFormat(
            "spreadsheet that is neither an Excel 2007+ workbook (zip) nor an Excel 97-2003 / \
             compatible WPS workbook (OLE); save it as .xlsx or .xls"
                .into(),
        ));
    };
    let mut warnings = Vec::new();
    let sheets = match container {
        Container::Zip => xlsx::sheets(bytes, &mut warnings)?,
        Container::Ole => xls::sheets(bytes, &mut warnings)?,
    };
    let mut layout = Layout {
        warnings,
        ..Layout::default()
    };
    for sheet in &sheets {
        layout
            .blocks
            .extend(sheet_blocks(sheet, &mut layout.warnings));
    }
    if layout.blocks.is_empty() {
        return Err(Error::Corrupt("the workbook has no visible cell".into()));
    }
    Ok(layout)
}

/// A merge's covering region for each slot, anchored at its top-left.
fn merge_index(sheet: &Sheet) -> BTreeMap<(u32, u32), Merge> {
    let mut out = BTreeMap::new();
    for m in &sheet.merges {
        let slots = (u64::from(m.last.0 - m.first.0) + 1) * (u64::from(m.last.1 - m.first.1) + 1);
        if slots > MAX_SHEET_SLOTS {
            continue;
        }
        for r in m.first.0..=m.last.0 {
            for c in m.first.1..=m.last.1 {
                out.insert((r, c), *m);
            }
        }
    }
    out
}

/// The sheet's blocks: bordered row runs → tables, the other rows → paragraphs.
pub(crate) fn sheet_blocks(sheet: &Sheet, warnings: &mut Vec<Note>) -> Vec<Block> {
    let merges = merge_index(sheet);
    let visible =
        |r: u32, c: u32| !sheet.hidden_rows.contains(&r) && !sheet.hidden_cols.contains(&c);
    // A slot is bordered when its cell is, or the anchor of the merge covering it is.
    let bordered = |r: u32, c: u32| {
        let anchor = merges.get(&(r, c)).map_or((r, c), |m| m.first);
        sheet.cells.get(&(r, c)).is_some_and(|x| x.bordered)
            || sheet.cells.get(&anchor).is_some_and(|x| x.bordered)
    };
    let mut rows: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for &(r, c) in sheet.cells.keys() {
        if visible(r, c) {
            rows.entry(r).or_default().push(c);
        }
    }
    let any_border = rows
        .iter()
        .any(|(&r, cols)| cols.iter().any(|&c| bordered(r, c)));
    let texts = |r: u32| -> Vec<(u32, &str)> {
        rows.get(&r)
            .map(|cols| {
                cols.iter()
                    .filter(|&&c| merges.get(&(r, c)).is_none_or(|m| m.first == (r, c)))
                    .filter_map(|&c| {
                        // Kept as written (a .docx paragraph keeps its leading spaces too).
                        let t = sheet.cells[&(r, c)].text.as_str();
                        (!t.trim().is_empty()).then_some((c, t))
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    // Row kinds: true = a table row.
    let row_list: Vec<u32> = rows.keys().copied().collect();
    let kinds: Vec<bool> = if any_border {
        row_list
            .iter()
            .map(|&r| rows[&r].iter().any(|&c| bordered(r, c)))
            .collect()
    } else {
        // No border anywhere: leading rows with at most one text are paragraphs.
        let mut leading = true;
        row_list
            .iter()
            .map(|&r| {
                if leading && texts(r).len() <= 1 {
                    false
                } else {
                    leading = false;
                    true
                }
            })
            .collect()
    };
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < row_list.len() {
        if !kinds[i] {
            let t: Vec<&str> = texts(row_list[i]).into_iter().map(|(_, t)| t).collect();
            if !t.is_empty() {
                blocks.push(Block::Paragraph(Paragraph {
                    text: t.join(" ").replace("\r\n", "\n"),
                    ..Paragraph::default()
                }));
            }
            i += 1;
            continue;
        }
        // A run of table rows, consecutive in the sheet (an empty or hidden
        // row between two bordered runs ends the table only when empty).
        let start = i;
        while i < row_list.len()
            && kinds[i]
            && (i == start || gap_is_hidden(sheet, row_list[i - 1], row_list[i]))
        {
            i += 1;
        }
        match table(sheet, &merges, &row_list[start..i], &visible) {
            Some(t) => blocks.push(Block::Table(t)),
            None => warnings.push(Note {
                code: "sheet_too_large".into(),
                message: format!("a table of more than {MAX_SHEET_SLOTS} cells was left out"),
                at: Some(format!("sheet {}", sheet.name)),
            }),
        }
    }
    blocks
}

/// Rows `a` < `b` follow each other once hidden rows are left out.
fn gap_is_hidden(sheet: &Sheet, a: u32, b: u32) -> bool {
    (a + 1..b).all(|r| sheet.hidden_rows.contains(&r))
}

/// The grid of `rows` (visible, sheet order) over the visible columns they use.
fn table(
    sheet: &Sheet,
    merges: &BTreeMap<(u32, u32), Merge>,
    rows: &[u32],
    visible: &dyn Fn(u32, u32) -> bool,
) -> Option<Table> {
    let (mut lo, mut hi) = (u32::MAX, 0);
    for &r in rows {
        for (&(_, c), _) in sheet.cells.range((r, 0)..=(r, u32::MAX)) {
            if visible(r, c) {
                let end = merges.get(&(r, c)).map_or(c, |m| m.last.1);
                lo = lo.min(c);
                hi = hi.max(end);
            }
        }
    }
    if lo > hi {
        return None;
    }
    let cols: Vec<u32> = (lo..=hi)
        .filter(|c| !sheet.hidden_cols.contains(c))
        .collect();
    if rows.len() as u64 * cols.len() as u64 > MAX_SHEET_SLOTS {
        return None;
    }
    let row_at: BTreeMap<u32, usize> = rows.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let col_at: BTreeMap<u32, usize> = cols.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut cells = Vec::new();
    for (ri, &r) in rows.iter().enumerate() {
        for (ci, &c) in cols.iter().enumerate() {
            let (text_at, rowspan, colspan) = match merges.get(&(r, c)) {
                Some(m) => {
                    // The merge's first visible slot inside this table holds it.
                    let first_row = (m.first.0..=m.last.0).find(|x| row_at.contains_key(x));
                    let first_col = (m.first.1..=m.last.1).find(|x| col_at.contains_key(x));
                    if first_row != Some(r) || first_col != Some(c) {
                        continue;
                    }
                    let rs = (m.first.0..=m.last.0)
                        .filter(|x| row_at.contains_key(x))
                        .count();
                    let cs = (m.first.1..=m.last.1)
                        .filter(|x| col_at.contains_key(x))
                        .count();
                    (m.first, rs, cs)
                }
                None => ((r, c), 1, 1),
            };
            let text = sheet
                .cells
                .get(&text_at)
                .map(|x| x.text.replace("\r\n", "\n"))
                .unwrap_or_default();
            cells.push(Cell {
                row: ri,
                col: ci,
                rowspan,
                colspan,
                text,
            });
        }
    }
    Some(Table {
        rows: rows.len(),
        cols: cols.len(),
        cells,
        pages: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, bordered: bool) -> SheetCell {
        SheetCell {
            text: text.into(),
            bordered,
        }
    }

    fn sheet(rows: &[&[(&str, bool)]]) -> Sheet {
        let mut s = Sheet {
            name: "S".into(),
            ..Sheet::default()
        };
        for (r, row) in rows.iter().enumerate() {
            for (c, &(t, b)) in row.iter().enumerate() {
                if !t.is_empty() || b {
                    s.cells.insert((r as u32, c as u32), cell(t, b));
                }
            }
        }
        s
    }

    fn texts(t: &Table) -> Vec<(usize, usize, usize, usize, &str)> {
        t.cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.as_str()))
            .collect()
    }

    #[test]
    fn title_merged_across_and_note_are_paragraphs_the_bordered_rows_a_table() {
        let mut s = sheet(&[
            &[("Title", false), ("", false), ("", false)],
            &[("unit: x", false)],
            &[("H", true), ("", true), ("V", true)],
            &[("a", true), ("1.00", true), ("", true)],
            &[("note", false)],
        ]);
        s.merges.push(Merge {
            first: (0, 0),
            last: (0, 2),
        });
        s.merges.push(Merge {
            first: (2, 0),
            last: (2, 1),
        });
        let mut w = Vec::new();
        let b = sheet_blocks(&s, &mut w);
        assert_eq!(b.len(), 4, "{b:?}");
        let Block::Paragraph(p) = &b[0] else { panic!() };
        assert_eq!(p.text, "Title");
        let Block::Paragraph(p) = &b[1] else { panic!() };
        assert_eq!(p.text, "unit: x");
        let Block::Table(t) = &b[2] else { panic!() };
        assert_eq!((t.rows, t.cols), (2, 3));
        assert_eq!(
            texts(t),
            [
                (0, 0, 1, 2, "H"),
                (0, 2, 1, 1, "V"),
                (1, 0, 1, 1, "a"),
                (1, 1, 1, 1, "1.00"),
                (1, 2, 1, 1, "")
            ]
        );
        let Block::Paragraph(p) = &b[3] else { panic!() };
        assert_eq!(p.text, "note");
        assert!(w.is_empty());
    }

    #[test]
    fn hidden_rows_and_columns_are_left_out_and_spans_shrink() {
        let mut s = sheet(&[
            &[("A", true), ("secret", true), ("B", true), ("", true)],
            &[("x", true), ("9", true), ("1", true), ("2", true)],
            &[("hidden", true), ("9", true), ("9", true), ("9", true)],
            &[("y", true), ("9", true), ("3", true), ("4", true)],
        ]);
        s.merges.push(Merge {
            first: (0, 2),
            last: (0, 3),
        });
        s.merges.push(Merge {
            first: (1, 0),
            last: (2, 0),
        });
        s.hidden_cols.insert(1);
        s.hidden_rows.insert(2);
        let b = sheet_blocks(&s, &mut Vec::new());
        assert_eq!(b.len(), 1);
        let Block::Table(t) = &b[0] else { panic!() };
        assert_eq!((t.rows, t.cols), (3, 3));
        assert_eq!(
            texts(t),
            [
                (0, 0, 1, 1, "A"),
                (0, 1, 1, 2, "B"),
                (1, 0, 1, 1, "x"),
                (1, 1, 1, 1, "1"),
                (1, 2, 1, 1, "2"),
                (2, 0, 1, 1, "y"),
                (2, 1, 1, 1, "3"),
                (2, 2, 1, 1, "4")
            ]
        );
    }

    #[test]
    fn an_empty_row_between_bordered_runs_makes_two_tables() {
        let s = sheet(&[
            &[("a", true), ("1", true)],
            &[],
            &[("b", true), ("2", true)],
        ]);
        let b = sheet_blocks(&s, &mut Vec::new());
        assert_eq!(b.len(), 2);
        assert!(b.iter().all(|x| matches!(x, Block::Table(_))));
    }

    #[test]
    fn without_borders_leading_single_texts_are_paragraphs() {
        let s = sheet(&[
            &[("Title", false)],
            &[("H1", false), ("H2", false)],
            &[("total", false), ("", false)],
        ]);
        let b = sheet_blocks(&s, &mut Vec::new());
        assert_eq!(b.len(), 2, "{b:?}");
        let Block::Table(t) = &b[1] else { panic!() };
        assert_eq!((t.rows, t.cols), (2, 2));
        // A text-only sheet is all paragraphs.
        let s = sheet(&[&[("one", false)], &[("two", false)]]);
        let b = sheet_blocks(&s, &mut Vec::new());
        assert_eq!(b.len(), 2);
        assert!(b.iter().all(|x| matches!(x, Block::Paragraph(_))));
    }
}
