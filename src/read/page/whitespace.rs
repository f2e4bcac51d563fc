//! Tables without vertical rulings (borderless, whitespace-aligned, or ruled
//! only between header and body), found from the alignment of the words of
//! the lines outside lattice tables:
//! - a line is *tabular* when it splits into two or more pieces: segments
//!   (a gap of an em or more) and, inside a segment, numbers side by side
//!   ("2,862 (4.7)");
//! - a block is a run of tabular lines, close below each other, with at most
//!   [`STREAM.max_singles`] one-piece lines between them (section labels);
//! - columns are the x ranges covered by the pieces of the block's body
//!   lines (gaps in the x-projection, a few stray pieces tolerated);
//! - header lines (above the first line with a number beside its label) are
//!   rows of their own when a piece spans several columns (a spanning label,
//!   placed at its first column with a colspan), and are joined into one row
//!   otherwise (a header cell wrapped on several lines);
//! - running text is no table: a block needs [`STREAM.min_rows`] tabular
//!   lines and [`STREAM.min_cols`] columns, and most of its pieces must be
//!   short or numbers.

use super::Rect;
use super::tables::PageTable;
use super::text::Line;
use crate::layout::{Cell, Table};

/// Tolerances of the borderless table finder.
#[derive(Debug, Clone, Copy)]
pub struct StreamTolerances {
    /// Lines of one table are at most this many line heights apart.
    pub max_row_gap_em: f32,
    /// A gap over a line height and this many times the median gap of the
    /// lines above ends a table (a blank line).
    pub blank_ratio: f32,
    /// At most this many one-piece lines in a row inside a table.
    pub max_singles: usize,
    /// A table has at least this many tabular lines.
    pub min_rows: usize,
    /// A table has at least this many columns.
    pub min_cols: usize,
    /// At most this many header lines above the body.
    pub max_header_lines: usize,
    /// A piece longer than this many characters is running text, unless a number.
    pub max_cell_chars: usize,
    /// At least this fraction of a table's pieces are short or numbers.
    pub min_cell_like: f32,
    /// Gaps in the x-projection may hold pieces of up to one body line in this many.
    pub stray_per: usize,
}

/// The tolerances in use.
pub const STREAM: StreamTolerances = StreamTolerances {
    max_row_gap_em: 2.2,
    blank_ratio: 3.0,
    max_singles: 2,
    min_rows: 3,
    min_cols: 3,
    max_header_lines: 8,
    max_cell_chars: 40,
    min_cell_like: 0.8,
    stray_per: 20,
};

/// A cell candidate: a run of words of one line.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    text: String,
    x0: f32,
    x1: f32,
}

/// A number, a percentage, a parenthesized figure or range, or a dash
/// standing for none ("61,206", "(4.7)", "(1.1–1.4)", "95%", "—").
pub fn is_numeric(s: &str) -> bool {
    let mut digits = 0;
    for c in s.chars() {
        match c {
            '0'..='9' => digits += 1,
            '(' | ')' | '[' | ']' | '%' | '$' | '€' | '£' | '+' | '-' | '–' | '—' | '−' | ','
            | '.' | '*' | '‡' | '†' => {}
            _ => return false,
        }
    }
    digits > 0 || (!s.is_empty() && s.chars().all(|c| matches!(c, '-' | '–' | '—' | '−')))
}

/// Leader dots ("........") or a rule typed as text ("-----", "_____").
fn is_leader(w: &str) -> bool {
    let n = w.chars().count();
    (n >= 3 && w.chars().all(|c| matches!(c, '.' | '·' | '…')))
        || (n >= 5 && w.chars().all(|c| matches!(c, '-' | '_' | '=' | '—' | '–')))
}

/// The pieces of a line: its segments, each split between two numbers.
fn pieces(l: &Line) -> Vec<Piece> {
    let mut out = Vec::new();
    for s in &l.segments {
        let words: Vec<&str> = s.text.split(' ').collect();
        if words.len() != s.words.len() {
            out.push(Piece {
                text: s.text.clone(),
                x0: s.x0,
                x1: s.x1,
            });
            continue;
        }
        let mut cur: Option<Piece> = None;
        for (i, (w, &(x0, x1))) in words.iter().zip(&s.words).enumerate() {
            if is_leader(w) {
                // Leader dots or a rule typed as text: a gap, not a cell.
                out.extend(cur.take());
                continue;
            }
            let split = i > 0 && is_numeric(words[i - 1]) && is_numeric(w);
            match cur.as_mut() {
                Some(p) if !split => {
                    p.text.push(' ');
                    p.text.push_str(w);
                    p.x1 = x1;
                }
                _ => {
                    out.extend(cur.take());
                    cur = Some(Piece {
                        text: (*w).to_string(),
                        x0,
                        x1,
                    });
                }
            }
        }
        out.extend(cur);
    }
    out
}

/// How many pieces a line splits into.
pub fn piece_count(l: &Line) -> usize {
    pieces(l).len()
}

/// Column spans of the x-projection of `rows`' pieces: ranges covered by more
/// than `stray` pieces, left to right.
fn projection(rows: &[&Vec<Piece>], stray: usize) -> Vec<(f32, f32)> {
    let mut ev: Vec<(f32, i32)> = Vec::new();
    for p in rows.iter().flat_map(|r| r.iter()) {
        ev.push((p.x0, 1));
        ev.push((p.x1, -1));
    }
    // Ends before starts at one x: touching pieces leave no gap, though.
    ev.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut spans: Vec<(f32, f32)> = Vec::new();
    let mut count = 0i32;
    let mut open: Option<f32> = None;
    for (x, d) in ev {
        count += d;
        let covered = count > stray as i32;
        match open {
            None if covered => open = Some(x),
            Some(a) if !covered => {
                spans.push((a, x));
                open = None;
            }
            _ => {}
        }
    }
    // Spans closer than a hair are one column.
    let mut out: Vec<(f32, f32)> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(l) if s.0 - l.1 < 1.0 => l.1 = s.1,
            _ => out.push(s),
        }
    }
    out
}

/// The columns a piece covers: (first, last), or the nearest column.
fn columns_of(p: &Piece, cols: &[(f32, f32)]) -> (usize, usize) {
    let hit: Vec<usize> = (0..cols.len())
        .filter(|&c| p.x1.min(cols[c].1) - p.x0.max(cols[c].0) > 0.5)
        .collect();
    match (hit.first(), hit.last()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => {
            let mid = (p.x0 + p.x1) / 2.0;
            let c = (0..cols.len())
                .min_by(|&a, &b| {
                    let da = (mid - (cols[a].0 + cols[a].1) / 2.0).abs();
                    let db = (mid - (cols[b].0 + cols[b].1) / 2.0).abs();
                    da.total_cmp(&db)
                })
                .unwrap_or(0);
            (c, c)
        }
    }
}

/// One output row being built: per column (text, colspan), and its y extent.
struct Row {
    cells: Vec<Option<(String, usize)>>,
    y0: f32,
    y1: f32,
}

impl Row {
    fn new(nc: usize, l: &Line) -> Row {
        Row {
            cells: vec![None; nc],
            y0: l.bbox.y0,
            y1: l.bbox.y1,
        }
    }
    fn add(&mut self, l: &Line, ps: &[(usize, usize, &Piece)]) {
        self.y0 = self.y0.min(l.bbox.y0);
        self.y1 = self.y1.max(l.bbox.y1);
        for &(a, b, p) in ps {
            match &mut self.cells[a] {
                Some((t, span)) => {
                    t.push(' ');
                    t.push_str(&p.text);
                    *span = (*span).max(b - a + 1);
                }
                slot => *slot = Some((p.text.clone(), b - a + 1)),
            }
        }
    }
}

/// Borderless tables among `lines` (top to bottom, outside lattice tables),
/// each with the indices of the lines it takes.
pub fn find(lines: &[Line]) -> Vec<(PageTable, Vec<usize>)> {
    let rows: Vec<Vec<Piece>> = lines.iter().map(pieces).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if rows[i].len() < 2 {
            i += 1;
            continue;
        }
        let mut last = i;
        let mut j = i + 1;
        let mut gaps: Vec<f32> = Vec::new();
        while j < lines.len() {
            let h = lines[j - 1].size.max(lines[j].size);
            let gap = lines[j].bbox.y0 - lines[j - 1].bbox.y1;
            if gap > STREAM.max_row_gap_em * h || blank_line(&gaps, gap, h) {
                break;
            }
            gaps.push(gap);
            if rows[j].len() >= 2 {
                last = j;
            } else if rows[j].is_empty() {
                // A typed rule: neither a row nor a break.
            } else if j - last > STREAM.max_singles
                || rows[j].first().is_some_and(|p| !is_cell_like(&p.text))
            {
                break;
            }
            j += 1;
        }
        match grid(&lines[i..=last], &rows[i..=last]) {
            Some(t) => {
                out.push((t, (i..=last).collect()));
                i = last + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// Is `gap` a blank line between two tables of tightly set lines: over a
/// line height and over [`STREAM.blank_ratio`] times the median gap of the
/// (at least four) lines so far?
fn blank_line(gaps: &[f32], gap: f32, h: f32) -> bool {
    if gaps.len() < 3 || gap <= h {
        return false;
    }
    let mut g = gaps.to_vec();
    g.sort_by(f32::total_cmp);
    gap > STREAM.blank_ratio * g[g.len() / 2].max(0.0)
}

fn is_cell_like(s: &str) -> bool {
    is_numeric(s) || s.chars().count() <= STREAM.max_cell_chars
}

/// The grid of one block, or None when it is no table.
fn grid(lines: &[Line], rows: &[Vec<Piece>]) -> Option<PageTable> {
    let tabular: Vec<usize> = (0..rows.len()).filter(|&r| rows[r].len() >= 2).collect();
    if tabular.len() < STREAM.min_rows {
        return None;
    }
    let all = rows.iter().flatten().count();
    let like = rows
        .iter()
        .flatten()
        .filter(|p| is_cell_like(&p.text))
        .count();
    if (like as f32) < STREAM.min_cell_like * all as f32 {
        return None;
    }
    // Body lines: a number beside the label.
    let numeric = |r: usize| rows[r].iter().skip(1).any(|p| is_numeric(&p.text));
    let body: Vec<&Vec<Piece>> = tabular
        .iter()
        .filter(|&&r| numeric(r))
        .map(|&r| &rows[r])
        .collect();
    let proj: Vec<&Vec<Piece>> = if body.len() >= STREAM.min_rows {
        body
    } else {
        tabular.iter().map(|&r| &rows[r]).collect()
    };
    let cols = projection(&proj, proj.len() / STREAM.stray_per);
    let nc = cols.len();
    if nc < STREAM.min_cols {
        return None;
    }
    // Header lines: before the first body line, up to the last one with
    // something beside the label.
    let first_body = (0..rows.len()).find(|&r| rows[r].len() >= 2 && numeric(r));
    let header = first_body.map_or(0, |f| {
        (0..f)
            .rev()
            .find(|&r| rows[r].iter().any(|p| columns_of(p, &cols).1 > 0))
            .map_or(0, |r| r + 1)
    });
    let header = if header > STREAM.max_header_lines {
        0
    } else {
        header
    };
    let mut out: Vec<Row> = Vec::new();
    let mut joining = false;
    for (r, (l, ps)) in lines.iter().zip(rows).enumerate() {
        if ps.is_empty() {
            continue;
        }
        let placed: Vec<(usize, usize, &Piece)> = ps
            .iter()
            .map(|p| {
                let (a, b) = columns_of(p, &cols);
                (a, b, p)
            })
            .collect();
        let spans = placed.iter().any(|&(a, b, _)| b > a);
        let in_header = r < header;
        match out.last_mut() {
            Some(row) if in_header && !spans && joining => row.add(l, &placed),
            _ => {
                let mut row = Row::new(nc, l);
                row.add(l, &placed);
                out.push(row);
            }
        }
        joining = in_header && !spans;
    }
    let left = cols[0].0 - 1.0;
    let right = cols[nc - 1].1 + 1.0;
    let mut xs = vec![left];
    for w in cols.windows(2) {
        xs.push((w[0].1 + w[1].0) / 2.0);
    }
    xs.push(right);
    let mut ys = vec![out[0].y0];
    ys.extend(out.iter().map(|r| r.y1));
    let mut cells = Vec::new();
    for (r, row) in out.iter().enumerate() {
        let mut c = 0;
        while c < nc {
            let (mut text, span) = row.cells[c].clone().unwrap_or_default();
            let span = span.clamp(1, nc - c);
            // Pieces under a spanning one are its text too.
            for (t, _) in row.cells[c + 1..c + span].iter().flatten() {
                text.push(' ');
                text.push_str(t);
            }
            cells.push(Cell {
                row: r,
                col: c,
                rowspan: 1,
                colspan: span,
                text,
            });
            c += span;
        }
    }
    let n = cells.len();
    Some(PageTable {
        table: Table {
            rows: out.len(),
            cols: nc,
            cells,
            pages: Vec::new(),
        },
        bbox: Rect {
            x0: left,
            y0: ys[0],
            x1: right,
            y1: *ys.last().unwrap_or(&ys[0]),
        },
        xs,
        ys,
        irregular: 0,
        full: vec![false; n],
    })
}
