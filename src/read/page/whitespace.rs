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
    /// At most this many one-piece label lines above the first tabular line.
    pub max_labels_above: usize,
    /// At most this many header lines above the body.
    pub max_header_lines: usize,
    /// A piece longer than this many characters is running text, unless a number.
    pub max_cell_chars: usize,
    /// At least this fraction of a table's pieces are short or numbers.
    pub min_cell_like: f32,
    /// Gaps in the x-projection may hold pieces of up to one body line in this many.
    pub stray_per: usize,
    /// A column continued on the next page overlaps its column on the page
    /// before over at least this fraction of the narrower text extent.
    pub min_column_overlap: f32,
    /// A line lower than this fraction of its font size is text turned a
    /// quarter (see [`turned`]).
    pub turned_height: f32,
    /// Rulings meet within this many points to close a box (see [`is_figure`]).
    pub box_tol: f32,
    /// Rulings this far (pt) outside a table's text still box its cells.
    pub box_reach: f32,
    /// Boxes closer than this (pt) touch: the cells of one ruled block.
    pub box_gap: f32,
    /// A table with at least this fraction of its filled cells in boxes of
    /// one column each is a figure.
    pub min_boxed: f32,
}

/// The tolerances in use.
pub const STREAM: StreamTolerances = StreamTolerances {
    max_row_gap_em: 2.2,
    blank_ratio: 3.0,
    max_singles: 2,
    min_rows: 3,
    min_cols: 3,
    max_labels_above: 2,
    max_header_lines: 8,
    max_cell_chars: 40,
    min_cell_like: 0.8,
    stray_per: 20,
    min_column_overlap: 0.5,
    turned_height: 0.75,
    box_tol: 2.0,
    box_reach: 10.0,
    box_gap: 4.0,
    min_boxed: 0.5,
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

/// Is a line made of numbers only (one or more pieces)?
pub fn is_numeric_line(l: &Line) -> bool {
    let ps = pieces(l);
    !ps.is_empty() && ps.iter().all(|p| is_numeric(&p.text))
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

// ---- False tables: figures ----

/// Is `l` made of glyphs turned a quarter on the page (an axis label, a
/// label written up a chart's side): their boxes are shorter than the font
/// size (the advance runs down the page)? Each such "line" is one character
/// of several turned labels side by side, no row of a table.
fn turned(l: &Line) -> bool {
    l.bbox.y1 - l.bbox.y0 < STREAM.turned_height * l.size
}

/// Closed rectangles drawn with rulings near `area`: two walls of the
/// same height, a rule along the top and along the bottom that end at
/// them (a box of a diagram; the cells of a ruled row run on past their
/// walls, so they are no such boxes, only the row's outer box is).
fn boxes(rulings: &[Rect], area: &Rect) -> Vec<Rect> {
    let (tol, m) = (STREAM.box_tol, STREAM.box_reach);
    let near = |r: &&Rect| {
        r.x1 >= area.x0 - m && r.x0 <= area.x1 + m && r.y1 >= area.y0 - m && r.y0 <= area.y1 + m
    };
    let (walls, rules): (Vec<&Rect>, Vec<&Rect>) = rulings
        .iter()
        .filter(near)
        .partition(|r| r.y1 - r.y0 > r.x1 - r.x0);
    let cx = |r: &Rect| (r.x0 + r.x1) / 2.0;
    let cy = |r: &Rect| (r.y0 + r.y1) / 2.0;
    let rule_at = |y: f32, x0: f32, x1: f32| {
        rules.iter().any(|h| {
            (cy(h) - y).abs() <= tol && (h.x0 - x0).abs() <= tol && (h.x1 - x1).abs() <= tol
        })
    };
    let mut out = Vec::new();
    for a in &walls {
        let right = walls
            .iter()
            .filter(|b| {
                cx(b) > cx(a) + tol && (b.y0 - a.y0).abs() <= tol && (b.y1 - a.y1).abs() <= tol
            })
            .min_by(|b, c| cx(b).total_cmp(&cx(c)));
        if let Some(b) = right {
            let (x0, x1) = (cx(a), cx(b));
            if rule_at(a.y0, x0, x1) && rule_at(a.y1, x0, x1) {
                out.push(Rect {
                    x0,
                    y0: a.y0,
                    x1,
                    y1: a.y1,
                });
            }
        }
    }
    out
}

/// The boxes that stand apart: none other touches them side by side or
/// stacked (the cells of a ruled header share their walls and rules; the
/// boxes of a diagram are drawn with room for arrows between them).
fn apart(boxes: &[Rect]) -> Vec<Rect> {
    let gap = STREAM.box_gap;
    let touch = |a: &Rect, b: &Rect| {
        let rows = a.y0 < b.y1 && b.y0 < a.y1;
        let cols = a.x0 < b.x1 && b.x0 < a.x1;
        (rows && ((a.x1 - b.x0).abs() <= gap || (b.x1 - a.x0).abs() <= gap))
            || (cols && ((a.y1 - b.y0).abs() <= gap || (b.y1 - a.y0).abs() <= gap))
    };
    boxes
        .iter()
        .enumerate()
        .filter(|&(i, a)| !boxes.iter().enumerate().any(|(j, b)| i != j && touch(a, b)))
        .map(|(_, a)| *a)
        .collect()
}

/// Is a table found from text alignment the labels of a figure: most of its
/// filled cells (at least [`STREAM.min_boxed`]) sit in drawn boxes that
/// stand apart ([`apart`]) and each hold cells of one column only (a flow
/// chart's boxes side by side)?
/// A table's rules hold whole rows or whole columns.
pub fn is_figure(t: &PageTable, rulings: &[Rect]) -> bool {
    let bs = apart(&boxes(rulings, &t.bbox));
    if bs.len() < 2 {
        return false;
    }
    let (xs, ys) = (&t.xs, &t.ys);
    let centre = |c: &Cell| {
        let x = (xs[c.col] + xs[(c.col + c.colspan).min(xs.len() - 1)]) / 2.0;
        let y = (ys[c.row] + ys[(c.row + 1).min(ys.len() - 1)]) / 2.0;
        (x, y)
    };
    let filled: Vec<&Cell> = t
        .table
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    let boxed = filled
        .iter()
        .filter(|c| {
            bs.iter().any(|b| {
                let inside = |d: &Cell| {
                    let (x, y) = centre(d);
                    x > b.x0 && x < b.x1 && y > b.y0 && y < b.y1
                };
                inside(c) && filled.iter().filter(|d| inside(d)).all(|d| d.col == c.col)
            })
        })
        .count();
    boxed >= 2 && boxed as f32 >= STREAM.min_boxed * filled.len() as f32
}

// ---- Wrapped row labels ----

/// Endings of a label that goes on on the next line: a separator or an
/// opening bracket left at the line end ("American Indian/", "non-").
const WRAP_ENDINGS: &[char] = &['/', '-', ',', '&', '(', ':'];

/// Words a label does not end with: it goes on on the next line.
const WRAP_WORDS: &[&str] = &[
    "and", "or", "of", "the", "for", "in", "to", "with", "by", "on", "at", "from", "a", "an",
    "than", "per", "nor", "as",
];

/// Does the text of a label go on with `tail` (a line of its own under it)?
/// The label ends with a separator, an unclosed bracket or a function word,
/// or `tail` starts in lower case.
fn label_goes_on(head: &str, tail: &str) -> bool {
    let head = head.trim_end();
    let last = head.rsplit(' ').next().unwrap_or("").to_lowercase();
    head.ends_with(WRAP_ENDINGS)
        || head.matches('(').count() > head.matches(')').count()
        || WRAP_WORDS.contains(&last.as_str())
        || tail.chars().next().is_some_and(char::is_lowercase)
}

/// Is a line of one piece in the label column the rest of the label of the
/// body row above (a label wrapped in its cell, the row's values on its
/// first line): that row has values, the piece does not start left of its
/// label, and the label reads on (see [`label_goes_on`])? A section label
/// (a line of its own over rows of values) starts a capitalized phrase
/// after a complete label, so it stays a row.
fn wraps_label(row: &Row, opened: &[Piece], placed: &[(usize, usize, &Piece)]) -> bool {
    let [(0, 0, piece)] = placed else {
        return false;
    };
    let Some(label) = opened.first() else {
        return false;
    };
    let has_values = row.cells[1..].iter().any(Option::is_some);
    let head = row.cells[0].as_ref().map_or("", |(t, _)| t.as_str());
    has_values && piece.x0 >= label.x0 - 1.0 && label_goes_on(head, &piece.text)
}

impl Row {
    /// Append the rest of a wrapped label to the row's label cell: no space
    /// after a slash or a hyphen left at the line end.
    fn wrap_label(&mut self, l: &Line, tail: &str) {
        self.y1 = self.y1.max(l.bbox.y1);
        if let Some((t, _)) = &mut self.cells[0] {
            if !t.ends_with(['/', '-']) {
                t.push(' ');
            }
            t.push_str(tail);
        }
    }
}

/// Borderless tables among `lines` (top to bottom, outside lattice tables),
/// each with the indices of the lines it takes.
pub fn find(lines: &[Line]) -> Vec<(PageTable, Vec<usize>)> {
    let rows: Vec<Vec<Piece>> = lines
        .iter()
        .map(|l| if turned(l) { Vec::new() } else { pieces(l) })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    // Lines before this index belong to a table already found.
    let mut done = 0;
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
        // One-piece lines just above: spanning header labels, when they
        // turn out to sit over the value columns (see `grid`).
        let mut top = i;
        while top > done
            && i - top < STREAM.max_labels_above
            && rows[top - 1].len() == 1
            && is_cell_like(&rows[top - 1][0].text)
            && lines[top].bbox.y0 - lines[top - 1].bbox.y1
                <= STREAM.max_row_gap_em * lines[top].size.max(lines[top - 1].size)
        {
            top -= 1;
        }
        match grid(&lines[top..=last], &rows[top..=last], i - top) {
            Some((t, start)) => {
                out.push((t, (top + start..=last).collect()));
                i = last + 1;
                done = i;
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

/// The grid of one block, or None when it is no table, with the index of
/// its first line: of the `above` one-piece lines the block starts with,
/// those from the last one that does not sit over the value columns (right
/// of the label column, within the table) upwards are left out (a caption).
fn grid(lines: &[Line], rows: &[Vec<Piece>], above: usize) -> Option<(PageTable, usize)> {
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
    let start = (0..above)
        .rev()
        .find(|&k| {
            !rows[k]
                .iter()
                .all(|p| p.x0 > cols[0].1 && p.x1 <= cols[nc - 1].1 + 2.0)
        })
        .map_or(0, |k| k + 1);
    let (lines, rows) = (&lines[start..], &rows[start..]);
    let numeric = |r: usize| rows[r].iter().skip(1).any(|p| is_numeric(&p.text));
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
    // The pieces of the line that opened the last row.
    let mut opened: &[Piece] = &[];
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
            Some(row) if !in_header && wraps_label(row, opened, &placed) => {
                row.wrap_label(l, &ps[0].text)
            }
            _ => {
                let mut row = Row::new(nc, l);
                row.add(l, &placed);
                out.push(row);
                opened = ps;
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
    let table = PageTable {
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
        text_columns: cols,
        head_on_previous_page: false,
    };
    Some((table, start))
}

// ---- Continuation across pages (used by `layout::continue_table`) ----

/// Do the text columns of a table at the top of a page continue those of an
/// unruled table ending the page before? The same number of columns, each
/// column's text overlapping the same column's over at least
/// [`STREAM.min_column_overlap`] of the narrower one (left-aligned labels
/// share their start, right-aligned amounts their end, whatever the
/// widths of the texts on either page).
pub fn same_columns(prev: &[(f32, f32)], next: &[(f32, f32)]) -> bool {
    prev.len() == next.len()
        && !prev.is_empty()
        && prev.iter().zip(next).all(|(a, b)| {
            let overlap = a.1.min(b.1) - a.0.max(b.0);
            let narrower = (a.1 - a.0).min(b.1 - b.0).max(1.0);
            overlap >= STREAM.min_column_overlap * narrower
        })
}

/// The text columns of a table and of its continuation (same count) as one:
/// each column's extent is the union of both.
pub fn merge_columns(prev: &[(f32, f32)], next: &[(f32, f32)]) -> Vec<(f32, f32)> {
    prev.iter()
        .zip(next)
        .map(|(a, b)| (a.0.min(b.0), a.1.max(b.1)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::page::tables::tests::{hline, word};
    use crate::read::page::{Glyph, text};

    /// One line of pieces at (text, x), font size 10 (Latin glyphs 5 pt wide).
    fn line(parts: &[(&str, f32)], y: f32) -> Vec<Glyph> {
        parts
            .iter()
            .flat_map(|(s, x)| word(s, *x, y, 10.0))
            .collect()
    }

    fn cell(t: &Table, r: usize, c: usize) -> Option<(&str, usize)> {
        t.cell_at(r, c).map(|c| (c.text.as_str(), c.colspan))
    }

    #[test]
    fn numbers_percentages_ranges_and_dashes_are_numeric() {
        for s in [
            "61,206",
            "(4.7)",
            "(1.1–1.4)",
            "95%",
            "—",
            "-",
            "$1,200",
            "12*",
        ] {
            assert!(is_numeric(s), "{s}");
        }
        for s in ["Ref", "Male", "4-year-olds", "", "n/a", "2,862x"] {
            assert!(!is_numeric(s), "{s}");
        }
    }

    #[test]
    fn pieces_split_between_numbers_and_at_leader_dots() {
        // "2,862 (4.7)" is one segment (a one-space gap) but two cells;
        // "Grade 4" stays one label; leader dots are a gap.
        let ls = text::lines(&word("Grade 4 2,862 (4.7) 7", 50.0, 100.0, 10.0));
        let p: Vec<String> = pieces(&ls[0]).into_iter().map(|p| p.text).collect();
        assert_eq!(p, ["Grade 4", "2,862", "(4.7)", "7"]);
        let ls = text::lines(&word("0.99 ........ 800 880", 50.0, 100.0, 10.0));
        let p = pieces(&ls[0]);
        let t: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(t, ["0.99", "800", "880"]);
        // Each piece keeps its own extent.
        assert_eq!((p[1].x0, p[1].x1), (50.0 + 14.0 * 5.0, 50.0 + 17.0 * 5.0));
        // A rule typed as text is no piece at all.
        let ls = text::lines(&word("-----------", 50.0, 100.0, 10.0));
        assert!(pieces(&ls[0]).is_empty());
    }

    /// A borderless table: a spanning label over two columns, a header cell
    /// wrapped on two lines, a section label, right-aligned amounts.
    fn borderless() -> Vec<Glyph> {
        let mut g = line(&[("Housing 2007", 225.0)], 100.0);
        g.extend(line(&[("Total", 150.0), ("Inadequate", 210.0)], 112.0));
        g.extend(line(
            &[
                ("Characteristic", 50.0),
                ("units", 150.0),
                ("no.", 210.0),
                ("(%)", 260.0),
            ],
            124.0,
        ));
        g.extend(line(&[("Sex", 50.0)], 136.0));
        g.extend(line(
            &[
                ("Male", 50.0),
                ("61,206", 150.0),
                ("2,862", 205.0),
                ("(4.7)", 260.0),
            ],
            148.0,
        ));
        g.extend(line(
            &[
                ("Female", 50.0),
                ("49,486", 150.0),
                ("2,909", 205.0),
                ("(5.9)", 260.0),
            ],
            160.0,
        ));
        g.extend(line(
            &[
                ("Total", 50.0),
                ("110,692", 145.0),
                ("5,771", 205.0),
                ("(5.2)", 260.0),
            ],
            172.0,
        ));
        g
    }

    #[test]
    fn columns_from_alignment_with_spanning_and_wrapped_header_cells() {
        let ls = text::lines(&borderless());
        let found = find(&ls);
        assert_eq!(found.len(), 1);
        let (pt, idx) = &found[0];
        assert_eq!(idx, &(0..7).collect::<Vec<_>>());
        let t = &pt.table;
        assert_eq!(t.cols, 4);
        // The spanning label: its own row, from its first column on.
        assert_eq!(cell(t, 0, 2), Some(("Housing 2007", 2)));
        // Two header lines without a spanning piece: one row, wrapped cell joined.
        assert_eq!(cell(t, 1, 1), Some(("Total units", 1)));
        assert_eq!(cell(t, 1, 0), Some(("Characteristic", 1)));
        assert_eq!(cell(t, 1, 2), Some(("Inadequate no.", 1)));
        assert_eq!(cell(t, 1, 3), Some(("(%)", 1)));
        // The section label is a row of the body, not of the header.
        assert_eq!(cell(t, 2, 0), Some(("Sex", 1)));
        assert_eq!(cell(t, 3, 1), Some(("61,206", 1)));
        assert_eq!(cell(t, 5, 1), Some(("110,692", 1)));
        assert_eq!(cell(t, 5, 3), Some(("(5.2)", 1)));
        assert_eq!(t.rows, 6);
        assert_eq!(pt.xs.len(), 5);
        assert_eq!(pt.ys.len(), 7);
        // A caption just above, starting over the label column, is no
        // header label: left out, the table the same.
        let mut g = line(&[("Table 1.", 50.0)], 88.0);
        g.extend(borderless());
        let found = find(&text::lines(&g));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, (1..8).collect::<Vec<_>>());
        assert_eq!(&found[0].0.table, t);
    }

    #[test]
    fn running_text_is_no_table() {
        let mut g = Vec::new();
        for (i, s) in [
            "The total indicative amounts available to new Member States under",
            "ERDF and Cohesion Funds for 2007-2013 are summarised in tabular form",
            "below. According to the Regulation, the annual appropriations are",
            "limited to a ceiling fixed with regard to its capacity for absorption.",
        ]
        .iter()
        .enumerate()
        {
            g.extend(word(s, 50.0, 100.0 + 12.0 * i as f32, 10.0));
        }
        assert!(find(&text::lines(&g)).is_empty());
        // Two columns of running text side by side: long pieces, no table.
        let mut g = Vec::new();
        for i in 0..5 {
            let y = 100.0 + 12.0 * i as f32;
            g.extend(word(
                "a long line of the left column of text",
                50.0,
                y,
                10.0,
            ));
            g.extend(word(
                "and the right column goes on with more words",
                300.0,
                y,
                10.0,
            ));
            g.extend(word("x", 560.0, y, 10.0));
        }
        assert!(find(&text::lines(&g)).is_empty());
        // Two aligned columns are not enough (a contents list: title, page).
        let mut g = Vec::new();
        for (i, s) in ["Background", "Methods", "Results"].iter().enumerate() {
            g.extend(line(&[(s, 50.0), ("12", 400.0)], 100.0 + 12.0 * i as f32));
        }
        assert!(find(&text::lines(&g)).is_empty());
    }

    #[test]
    fn a_blank_line_between_tightly_set_lines_ends_a_table() {
        let mut g = Vec::new();
        let mut y = 100.0;
        for block in 0..2 {
            for i in 0..4 {
                let label = format!("0.{}{i}", 9 - block);
                g.extend(line(&[(&label, 50.0), ("800", 150.0), ("1,040", 200.0)], y));
                y += 11.0;
            }
            y += 14.0; // a blank line
        }
        let found = find(&text::lines(&g));
        assert_eq!(found.len(), 2);
        assert!(
            found
                .iter()
                .all(|(t, _)| t.table.rows == 4 && t.table.cols == 3)
        );
    }

    #[test]
    fn a_ruled_box_holding_stacked_rows_of_numbers_is_read_from_its_text() {
        use crate::read::page::tables::{lattice, tests::vline};
        // Header row and body row ruled, the body's rows not: each body cell
        // holds a column of numbers.
        let mut r = vec![
            hline(95.0, 45.0, 300.0),
            hline(108.0, 45.0, 300.0),
            hline(150.0, 45.0, 300.0),
        ];
        r.extend([45.0, 120.0, 200.0, 300.0].map(|x| vline(x, 95.0, 150.0)));
        let mut g = line(&[("Group", 50.0), ("Freq.", 130.0), ("Cum.", 210.0)], 97.0);
        for (i, (a, b, c)) in [
            ("0", "138", "6.9"),
            ("1", "178", "15.7"),
            ("2", "626", "46.8"),
        ]
        .iter()
        .enumerate()
        {
            g.extend(line(
                &[(a, 50.0), (b, 130.0), (c, 210.0)],
                110.0 + 12.0 * i as f32,
            ));
        }
        assert!(lattice(&r, &g).is_empty());
        let found = find(&text::lines(&g));
        assert_eq!(found.len(), 1);
        let t = &found[0].0.table;
        assert_eq!((t.rows, t.cols), (4, 3));
        assert_eq!(cell(t, 2, 1), Some(("178", 1)));
        // Stacked lines of text (a header wrapped in two cells) are a grid.
        let mut g = Vec::new();
        for (i, w) in ["General", "public", "budget"].iter().enumerate() {
            let y = 110.0 + 12.0 * i as f32;
            g.extend(line(&[(w, 130.0), (w, 210.0)], y));
        }
        assert_eq!(lattice(&r, &g).len(), 1);
    }

    #[test]
    fn one_row_grids_of_a_banded_table_are_no_tables() {
        use crate::read::page::tables::{lattice, tests::vline};
        // A shaded band: a box with inner walls at 100 and 200.
        let band = |y: f32| {
            let mut r = vec![hline(y, 45.0, 300.0), hline(y + 12.0, 45.0, 300.0)];
            r.extend([45.0, 100.0, 200.0, 300.0].map(|x| vline(x, y, y + 12.0)));
            r
        };
        let mut g = line(&[("Cases", 50.0), ("217", 150.0), ("197", 250.0)], 101.0);
        g.extend(line(
            &[("Terms", 50.0), ("148", 150.0), ("107", 250.0)],
            113.0,
        ));
        g.extend(line(
            &[("Months", 50.0), ("52", 150.0), ("48", 250.0)],
            125.0,
        ));
        // Alone, a one-row grid is a table (a row continued from the page before).
        assert_eq!(lattice(&band(100.0), &g).len(), 1);
        // Bands every other row: no lattice table; the borderless finder
        // reads the three rows as one table.
        let mut r = band(100.0);
        r.extend(band(124.0));
        assert!(lattice(&r, &g).is_empty());
        let found = find(&text::lines(&g));
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0.table.rows, found[0].0.table.cols), (3, 3));
    }

    #[test]
    fn a_grid_ruled_only_between_rows_is_read_from_its_text() {
        // Rules under every row and one outer box, no inner walls: the
        // columns are in the text. The lattice leaves it, the borderless
        // finder reads it with its columns.
        let mut rulings = vec![
            crate::read::page::tables::tests::vline(45.0, 95.0, 155.0),
            crate::read::page::tables::tests::vline(300.0, 95.0, 155.0),
        ];
        let mut g = Vec::new();
        for (i, (name, a, b)) in [
            ("Country", "Domestic", "Total"),
            ("Austria", "86.2", "3,375"),
            ("Belgium", "0", "3,973"),
            ("Bulgaria", "0", "1,136"),
            ("Cyprus", "81.0", "158"),
        ]
        .iter()
        .enumerate()
        {
            let y = 95.0 + 12.0 * i as f32;
            rulings.push(hline(y, 45.0, 300.0));
            g.extend(line(&[(name, 50.0), (a, 150.0), (b, 240.0)], y + 1.0));
        }
        rulings.push(hline(155.0, 45.0, 300.0));
        assert!(crate::read::page::tables::lattice(&rulings, &g).is_empty());
        let page = crate::read::page::Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs: g,
            rulings,
            warnings: Vec::new(),
        };
        let l = crate::read::page::layout::build(&[page], &crate::recognize::hints::BUDGET);
        let tables: Vec<&Table> = l
            .blocks
            .iter()
            .filter_map(|b| match b {
                crate::layout::Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        assert_eq!((tables[0].rows, tables[0].cols), (5, 3));
        assert_eq!(cell(tables[0], 1, 1), Some(("86.2", 1)));
        assert_eq!(cell(tables[0], 4, 2), Some(("158", 1)));
    }

    #[test]
    fn continued_columns_match_by_their_text_not_by_its_width() {
        // Labels share their start, right-aligned amounts their end.
        let prev = [(50.0, 90.0), (200.0, 250.0), (310.0, 340.0)];
        let next = [(50.0, 130.0), (235.0, 250.0), (290.0, 340.0)];
        assert!(same_columns(&prev, &next));
        assert_eq!(
            merge_columns(&prev, &next),
            [(50.0, 130.0), (200.0, 250.0), (290.0, 340.0)]
        );
        // Another count, or a column beside its place: no match.
        assert!(!same_columns(&prev, &next[..2]));
        let shifted = [(50.0, 90.0), (252.0, 300.0), (310.0, 340.0)];
        assert!(!same_columns(&prev, &shifted));
        assert!(!same_columns(&[], &[]));
    }

    #[test]
    fn a_label_reads_on_after_a_separator_a_function_word_or_before_lower_case() {
        for (head, tail) in [
            ("American Indian/", "Alaska Native"),
            ("Loans to", "Households"),
            ("Other (incl.", "Malta)"),
            ("Interest and", "Dividends"),
            ("Total", "excluding VAT"),
        ] {
            assert!(label_goes_on(head, tail), "{head} | {tail}");
        }
        for (head, tail) in [("Female", "Race/Ethnicity"), ("West", "Disability status")] {
            assert!(!label_goes_on(head, tail), "{head} | {tail}");
        }
    }

    /// A row label wrapped in its cell (values on its first line) is one
    /// cell; a section label after a complete label stays a row of its own.
    #[test]
    fn wrapped_row_label_joins_its_row_a_section_label_does_not() {
        let mut g = line(&[("Race", 50.0), ("no.", 150.0), ("(%)", 200.0)], 100.0);
        g.extend(line(
            &[("White", 55.0), ("3,051", 150.0), ("(4.1)", 200.0)],
            112.0,
        ));
        g.extend(line(
            &[("American Indian/", 55.0), ("512", 150.0), ("(6.2)", 200.0)],
            124.0,
        ));
        g.extend(line(&[("Alaska Native", 55.0)], 136.0));
        g.extend(line(
            &[("Asian", 55.0), ("901", 150.0), ("(3.0)", 200.0)],
            148.0,
        ));
        g.extend(line(&[("Disability status", 50.0)], 160.0));
        g.extend(line(
            &[("Yes", 55.0), ("77", 150.0), ("(9.9)", 200.0)],
            172.0,
        ));
        let found = find(&text::lines(&g));
        assert_eq!(found.len(), 1);
        let t = &found[0].0.table;
        assert_eq!((t.rows, t.cols), (6, 3));
        assert_eq!(cell(t, 2, 0), Some(("American Indian/Alaska Native", 1)));
        assert_eq!(cell(t, 2, 1), Some(("512", 1)));
        assert_eq!(cell(t, 3, 0), Some(("Asian", 1)));
        assert_eq!(cell(t, 4, 0), Some(("Disability status", 1)));
        assert_eq!(cell(t, 4, 1), Some(("", 1)));
    }

    /// Tick labels written up a chart's axis: each character of each label
    /// is a glyph as wide as the font size and 0.6 of it tall, the labels side
    /// by side, so their characters make "lines" of pieces. No table.
    #[test]
    fn labels_turned_a_quarter_are_no_table() {
        let mut g = Vec::new();
        for (i, label) in ["0", "500", "1.000", "1.500", "2.000", "2.500"]
            .iter()
            .enumerate()
        {
            let x = 100.0 + 25.0 * i as f32;
            for (k, ch) in label.chars().enumerate() {
                let y = 200.0 + 6.0 * k as f32;
                g.push(Glyph {
                    ch,
                    bbox: crate::read::page::Rect {
                        x0: x,
                        y0: y,
                        x1: x + 10.0,
                        y1: y + 6.0,
                    },
                    size: 10.0,
                });
            }
        }
        let ls = text::lines(&g);
        assert!(ls.len() >= 3, "{ls:?}");
        assert!(ls.iter().all(turned));
        assert!(find(&ls).is_empty());
        // Upright lines are not turned.
        assert!(!text::lines(&borderless()).iter().any(turned));
    }

    /// Rulings of a box (x0..x1 × y0..y1): two walls, a top and a bottom rule.
    fn drawn_box(x0: f32, x1: f32, y0: f32, y1: f32) -> Vec<Rect> {
        use crate::read::page::tables::tests::vline;
        vec![
            hline(y0, x0, x1),
            hline(y1, x0, x1),
            vline(x0, y0, y1),
            vline(x1, y0, y1),
        ]
    }

    /// The labels of a flow chart (each in its own box, the boxes apart)
    /// line up as a table would; they are a figure. The same labels in
    /// boxes sharing their walls (the cells of a ruled header), or with no
    /// boxes at all, are not.
    #[test]
    fn labels_in_boxes_standing_apart_are_a_figure() {
        let mut g = Vec::new();
        for (i, row) in [
            ["Taxes", "Budget", "Ministry"],
            ["Local", "Funds", "Schools"],
            ["Board", "Office", "Pupils"],
        ]
        .iter()
        .enumerate()
        {
            let y = 100.0 + 20.0 * i as f32;
            g.extend(line(&[(row[0], 50.0), (row[1], 150.0), (row[2], 250.0)], y));
        }
        let found = find(&text::lines(&g));
        assert_eq!(found.len(), 1);
        let t = &found[0].0;
        let rows_of_boxes = |walls: &[(f32, f32)]| -> Vec<Rect> {
            (0..3)
                .flat_map(|i| {
                    let y = 97.0 + 20.0 * i as f32;
                    walls
                        .iter()
                        .flat_map(move |&(a, b)| drawn_box(a, b, y, y + 15.0))
                })
                .collect()
        };
        let apart = rows_of_boxes(&[(45.0, 95.0), (145.0, 195.0), (245.0, 300.0)]);
        assert!(is_figure(t, &apart));
        let shared = rows_of_boxes(&[(45.0, 145.0), (145.0, 245.0), (245.0, 300.0)]);
        assert!(!is_figure(t, &shared));
        assert!(!is_figure(t, &[]));
    }
}
