//! Table grids from one page: lattice tables from rulings (merged cells from
//! missing rulings), stream tables from text alignment.

use super::text::{self, Line};
use super::{Glyph, Rect};
use crate::layout::{Cell, Table};

/// Tolerances of rulings → table grids, tuned on the producers of the corpus
/// (WPS/Excel borders drawn as thin filled rectangles, double lines, hatching).
#[derive(Debug, Clone, Copy)]
pub struct GridTolerances {
    /// Coordinates closer than this (pt) are the same grid line.
    pub snap: f32,
    /// Collinear segments with a gap up to this (pt) are joined.
    pub join_gap: f32,
    /// A ruling thicker than this (pt) in both directions is not a line.
    pub max_thick: f32,
    /// Rows or columns thinner than this (pt) come from double lines: dropped.
    pub min_slot: f32,
    /// A grid whose median row height or column width is below this (pt) is
    /// hatching or a drawing, not a table.
    pub min_median_slot: f32,
    /// Grids larger than this many slots are not tables (hatching, drawings).
    pub max_slots: usize,
}

/// The tolerances in use.
pub const GRID: GridTolerances = GridTolerances {
    snap: 2.0,
    join_gap: 3.0,
    max_thick: 4.0,
    min_slot: 3.0,
    min_median_slot: 5.0,
    max_slots: 40_000,
};

/// A table found on one page, with the geometry needed to merge it with a
/// continuation on the next page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageTable {
    pub table: Table,
    pub bbox: Rect,
    /// Column boundaries (cols + 1 values, left to right).
    pub xs: Vec<f32>,
    /// Row boundaries (rows + 1 values, top to bottom).
    pub ys: Vec<f32>,
    /// Merged regions that were not rectangles, split back into slots.
    pub irregular: usize,
    /// Per cell (parallel to `table.cells`): its text's last line ends
    /// within about an em of the cell's right edge, as when the text wraps
    /// on (a row split by a page break continues on the next page).
    pub full: Vec<bool>,
    /// A table found from text alignment ([`whitespace`](super::whitespace)):
    /// the x extent of each column's text, left to right (the cross-page
    /// merge matches columns by them, an unruled table having no edges).
    /// Empty for ruled and amount-column tables.
    pub text_columns: Vec<(f32, f32)>,
    /// The table's first header row is the last line of the page before (a borderless grid
    /// whose head the page break cut off: [`cjk_grid`](super::cjk_grid)); that line's
    /// paragraph is the table's, and the table starts on the page before.
    pub head_on_previous_page: bool,
}

/// A horizontal (`pos` = y, span in x) or vertical (`pos` = x, span in y) segment.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seg {
    pos: f32,
    a: f32,
    b: f32,
}

/// Split rulings into horizontal and vertical segments.
fn segments(rulings: &[Rect]) -> (Vec<Seg>, Vec<Seg>) {
    let mut h = Vec::new();
    let mut v = Vec::new();
    for r in rulings {
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        let (y0, y1) = (r.y0.min(r.y1), r.y0.max(r.y1));
        let (w, ht) = (x1 - x0, y1 - y0);
        if !(w.is_finite() && ht.is_finite()) {
            continue;
        }
        if ht <= GRID.max_thick && w > ht && w >= 1.0 {
            // Extend by half the thickness of a crossing line: filled
            // rectangles stop at the crossing line's edge.
            h.push(Seg {
                pos: (y0 + y1) / 2.0,
                a: x0,
                b: x1,
            });
        } else if w <= GRID.max_thick && ht > w && ht >= 1.0 {
            v.push(Seg {
                pos: (x0 + x1) / 2.0,
                a: y0,
                b: y1,
            });
        }
    }
    (h, v)
}

/// Cluster values within `tol` of their neighbour (clusters at most
/// 1.5 × `tol` wide); returns the representative
/// (mean) for each input, in input order, and the sorted distinct values.
fn snap(values: &[f32], tol: f32) -> (Vec<f32>, Vec<f32>) {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut reps = Vec::new();
    let mut start = 0;
    while start < idx.len() {
        let mut end = start + 1;
        // Neighbours within `tol`, and the whole cluster no wider than
        // 1.5 × `tol` (no chaining through dense hatching).
        while end < idx.len()
            && values[idx[end]] - values[idx[end - 1]] <= tol
            && values[idx[end]] - values[idx[start]] <= 1.5 * tol
        {
            end += 1;
        }
        let mean = idx[start..end].iter().map(|&i| values[i]).sum::<f32>() / (end - start) as f32;
        for &i in &idx[start..end] {
            out[i] = mean;
        }
        reps.push(mean);
        start = end;
    }
    (out, reps)
}

/// Snap positions, then join collinear overlapping or nearly touching segments.
fn normalise(segs: &[Seg]) -> Vec<Seg> {
    let pos: Vec<f32> = segs.iter().map(|s| s.pos).collect();
    let (snapped, _) = snap(&pos, GRID.snap);
    let mut s: Vec<Seg> = segs
        .iter()
        .zip(snapped)
        .map(|(s, p)| Seg { pos: p, ..*s })
        .collect();
    s.sort_by(|a, b| a.pos.total_cmp(&b.pos).then(a.a.total_cmp(&b.a)));
    let mut out: Vec<Seg> = Vec::new();
    for seg in s {
        if let Some(last) = out.last_mut()
            && last.pos == seg.pos
            && seg.a <= last.b + GRID.join_gap
        {
            last.b = last.b.max(seg.b);
            continue;
        }
        out.push(seg);
    }
    out
}

fn touches(h: &Seg, v: &Seg) -> bool {
    v.pos >= h.a - GRID.join_gap
        && v.pos <= h.b + GRID.join_gap
        && h.pos >= v.a - GRID.join_gap
        && h.pos <= v.b + GRID.join_gap
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Connected groups of rulings: (horizontal, vertical) per region.
fn regions(h: &[Seg], v: &[Seg]) -> Vec<(Vec<Seg>, Vec<Seg>)> {
    let n = h.len() + v.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for (i, hs) in h.iter().enumerate() {
        for (j, vs) in v.iter().enumerate() {
            if touches(hs, vs) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, h.len() + j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut roots: Vec<usize> = Vec::new();
    let mut out: Vec<(Vec<Seg>, Vec<Seg>)> = Vec::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        let k = match roots.iter().position(|&x| x == r) {
            Some(k) => k,
            None => {
                roots.push(r);
                out.push((Vec::new(), Vec::new()));
                roots.len() - 1
            }
        };
        if i < h.len() {
            out[k].0.push(h[i]);
        } else {
            out[k].1.push(v[i - h.len()]);
        }
    }
    out
}

/// Does some segment at `pos` cover most of [a, b]? `segs` sorted by `pos`.
fn covered(segs: &[Seg], pos: f32, a: f32, b: f32) -> bool {
    let len = b - a;
    if len <= 0.0 {
        return true;
    }
    let mut cov = 0.0;
    let from = segs.partition_point(|s| s.pos < pos - GRID.snap);
    for s in segs[from..].iter().take_while(|s| s.pos <= pos + GRID.snap) {
        let lo = s.a.max(a);
        let hi = s.b.min(b);
        if hi > lo {
            cov += hi - lo;
        }
    }
    cov >= 0.6 * len
}

/// Lattice tables from a page's rulings; glyphs inside go to their cells.
pub fn lattice(rulings: &[Rect], glyphs: &[Glyph]) -> Vec<PageTable> {
    let (h, v) = segments(rulings);
    let (h, v) = (normalise(&h), normalise(&v));
    let mut tables = Vec::new();
    for (rh, rv) in regions(&h, &v) {
        if rh.is_empty() || rv.is_empty() {
            continue;
        }
        if let Some(t) = grid(&rh, &rv, glyphs) {
            tables.push(t);
        }
    }
    tables.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    drop_bands(tables)
}

/// One-row grids of a banded table: every other row drawn as a shaded box,
/// the rows between unruled. Two or more one-row grids of one page with the
/// same column edges, each within three of its heights of the next, are
/// bands, not tables: their text goes to the borderless finder with the rows
/// between them.
fn drop_bands(tables: Vec<PageTable>) -> Vec<PageTable> {
    let one_row: Vec<usize> = (0..tables.len())
        .filter(|&i| tables[i].table.rows == 1 && tables[i].table.cols >= 2)
        .collect();
    let same_cols = |a: &PageTable, b: &PageTable| {
        a.xs.len() == b.xs.len()
            && a.xs
                .iter()
                .zip(&b.xs)
                .all(|(x, y)| (x - y).abs() <= GRID.snap)
    };
    let mut band = vec![false; tables.len()];
    for w in one_row.windows(2) {
        let (a, b) = (&tables[w[0]], &tables[w[1]]);
        let h = (a.bbox.y1 - a.bbox.y0).max(b.bbox.y1 - b.bbox.y0);
        if same_cols(a, b) && b.bbox.y0 - a.bbox.y1 <= 3.0 * h {
            band[w[0]] = true;
            band[w[1]] = true;
        }
    }
    tables
        .into_iter()
        .zip(band)
        .filter(|(_, b)| !b)
        .map(|(t, _)| t)
        .collect()
}

/// Remove boundaries closer than [`GRID.min_slot`] to their neighbour, keeping
/// the outer edges.
fn drop_thin(v: &mut Vec<f32>) {
    let mut i = 1;
    while i < v.len() {
        if v[i] - v[i - 1] < GRID.min_slot {
            if i + 1 == v.len() {
                if v.len() > 2 {
                    v.remove(i - 1);
                } else {
                    v.remove(i);
                }
            } else {
                v.remove(i);
            }
        } else {
            i += 1;
        }
    }
}

/// Move each segment onto the nearest grid boundary when it lies within
/// [`GRID.min_slot`] + [`GRID.snap`] of it (a boundary dropped by [`drop_thin`]);
/// result sorted by position.
fn onto_grid(segs: &[Seg], grid: &[f32]) -> Vec<Seg> {
    let mut out: Vec<Seg> = segs
        .iter()
        .map(|s| {
            let i = grid.partition_point(|&g| g < s.pos);
            let near = [i.checked_sub(1), Some(i)]
                .into_iter()
                .flatten()
                .filter_map(|k| grid.get(k))
                .min_by(|a, b| (*a - s.pos).abs().total_cmp(&(*b - s.pos).abs()));
            match near {
                Some(&g)
                    if (g - s.pos).abs() > GRID.snap
                        && (g - s.pos).abs() < GRID.min_slot + GRID.snap =>
                {
                    Seg { pos: g, ..*s }
                }
                _ => *s,
            }
        })
        .collect();
    out.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    out
}

fn grid(h: &[Seg], v: &[Seg], glyphs: &[Glyph]) -> Option<PageTable> {
    let mut h = h.to_vec();
    let mut v = v.to_vec();
    h.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    v.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let (h, v) = (h.as_slice(), v.as_slice());
    // Region extent.
    let x_min = h
        .iter()
        .map(|s| s.a)
        .chain(v.iter().map(|s| s.pos))
        .fold(f32::MAX, f32::min);
    let x_max = h
        .iter()
        .map(|s| s.b)
        .chain(v.iter().map(|s| s.pos))
        .fold(f32::MIN, f32::max);
    let y_min = v
        .iter()
        .map(|s| s.a)
        .chain(h.iter().map(|s| s.pos))
        .fold(f32::MAX, f32::min);
    let y_max = v
        .iter()
        .map(|s| s.b)
        .chain(h.iter().map(|s| s.pos))
        .fold(f32::MIN, f32::max);
    let mut xv: Vec<f32> = v.iter().map(|s| s.pos).collect();
    xv.extend([x_min, x_max]);
    let mut yv: Vec<f32> = h.iter().map(|s| s.pos).collect();
    yv.extend([y_min, y_max]);
    let (_, mut xs) = snap(&xv, GRID.snap);
    let (_, mut ys) = snap(&yv, GRID.snap);
    // Slots thinner than GRID.min_slot (double borders, or two sections of one
    // table whose column edges differ by a hair) are no rows/columns; the
    // rulings of a dropped boundary count for the one kept beside it.
    drop_thin(&mut xs);
    drop_thin(&mut ys);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (h, v) = (onto_grid(h, &ys), onto_grid(v, &xs));
    let (h, v) = (h.as_slice(), v.as_slice());
    let (nr, nc) = (ys.len() - 1, xs.len() - 1);
    if nr * nc < 2 || nr * nc > GRID.max_slots {
        return None;
    }
    // Mostly tiny slots: hatching or a drawing, not a table.
    let median_gap = |v: &[f32]| {
        let mut d: Vec<f32> = v.windows(2).map(|w| w[1] - w[0]).collect();
        d.sort_by(f32::total_cmp);
        d.get(d.len() / 2).copied().unwrap_or(0.0)
    };
    if median_gap(&xs) < GRID.min_median_slot || median_gap(&ys) < GRID.min_median_slot {
        return None;
    }
    // Walls: right wall of slot (r, c) and bottom wall of slot (r, c).
    let right = |r: usize, c: usize| covered(v, xs[c + 1], ys[r], ys[r + 1]);
    let bottom = |r: usize, c: usize| covered(h, ys[r + 1], xs[c], xs[c + 1]);
    // Flood fill slots into merged components.
    let mut comp = vec![vec![usize::MAX; nc]; nr];
    let mut comps: Vec<Vec<(usize, usize)>> = Vec::new();
    for r0 in 0..nr {
        for c0 in 0..nc {
            if comp[r0][c0] != usize::MAX {
                continue;
            }
            let id = comps.len();
            let mut stack = vec![(r0, c0)];
            let mut members = Vec::new();
            comp[r0][c0] = id;
            while let Some((r, c)) = stack.pop() {
                members.push((r, c));
                let mut nb = Vec::with_capacity(4);
                if c + 1 < nc && !right(r, c) {
                    nb.push((r, c + 1));
                }
                if c > 0 && !right(r, c - 1) {
                    nb.push((r, c - 1));
                }
                if r + 1 < nr && !bottom(r, c) {
                    nb.push((r + 1, c));
                }
                if r > 0 && !bottom(r - 1, c) {
                    nb.push((r - 1, c));
                }
                for (rr, cc) in nb {
                    if comp[rr][cc] == usize::MAX {
                        comp[rr][cc] = id;
                        stack.push((rr, cc));
                    }
                }
            }
            comps.push(members);
        }
    }
    // Components that are not rectangles fall back to single slots.
    let mut cells: Vec<(usize, usize, usize, usize)> = Vec::new(); // row, col, rowspan, colspan
    let mut irregular = 0;
    for m in &comps {
        let r0 = m.iter().map(|p| p.0).min().unwrap_or(0);
        let r1 = m.iter().map(|p| p.0).max().unwrap_or(0);
        let c0 = m.iter().map(|p| p.1).min().unwrap_or(0);
        let c1 = m.iter().map(|p| p.1).max().unwrap_or(0);
        if (r1 - r0 + 1) * (c1 - c0 + 1) == m.len() {
            cells.push((r0, c0, r1 - r0 + 1, c1 - c0 + 1));
        } else {
            irregular += 1;
            cells.extend(m.iter().map(|&(r, c)| (r, c, 1, 1)));
        }
    }
    if cells.len() < 2 {
        return None;
    }
    cells.sort();
    // Slot → cell index.
    let mut owner = vec![vec![0usize; nc]; nr];
    for (i, &(r, c, rs, cs)) in cells.iter().enumerate() {
        for row in owner.iter_mut().skip(r).take(rs) {
            for o in row.iter_mut().skip(c).take(cs) {
                *o = i;
            }
        }
    }
    // Glyphs to cells by centre.
    let mut cell_glyphs: Vec<Vec<Glyph>> = vec![Vec::new(); cells.len()];
    for g in glyphs {
        let cx = (g.bbox.x0 + g.bbox.x1) / 2.0;
        let cy = (g.bbox.y0 + g.bbox.y1) / 2.0;
        if cx < xs[0] || cx > xs[nc] || cy < ys[0] || cy > ys[nr] {
            continue;
        }
        let c = xs.partition_point(|&x| x <= cx).clamp(1, nc) - 1;
        let r = ys.partition_point(|&y| y <= cy).clamp(1, nr) - 1;
        cell_glyphs[owner[r][c]].push(*g);
    }
    let cell_lines: Vec<Vec<text::Line>> = cell_glyphs.iter().map(|gs| text::lines(gs)).collect();
    if rules_only(&cells, &cell_lines, nr) {
        return None;
    }
    let mut full = Vec::with_capacity(cells.len());
    let mut out_cells = Vec::with_capacity(cells.len());
    for (&(row, col, rowspan, colspan), ls) in cells.iter().zip(cell_lines) {
        let edges = (xs[col], xs[col + colspan]);
        full.push(ls.last().is_some_and(|l| text::fills(l, edges)));
        out_cells.push(Cell {
            row,
            col,
            rowspan,
            colspan,
            text: text::cell_text(&ls, Some(edges)),
        });
    }
    let table = Table {
        rows: nr,
        cols: nc,
        cells: out_cells,
        pages: Vec::new(),
    };
    Some(PageTable {
        table,
        bbox: Rect {
            x0: xs[0],
            y0: ys[0],
            x1: xs[nc],
            y1: ys[nr],
        },
        xs,
        ys,
        irregular,
        full,
        text_columns: Vec::new(),
        head_on_previous_page: false,
    })
}

/// Are the rulings of a grid only the rules between rows (and a few header
/// walls) of a table whose columns are aligned text? It is when, in at least
/// half of its rows (and three), a cell holds a line of three or more
/// separate pieces ([`whitespace`](super::whitespace)): the columns are not
/// in the grid, so the grid is left to the borderless finder. So it is when
/// the rows are not in the rulings: two cells of one row each hold a column
/// of three or more lines of numbers (the body printed in one ruled box).
fn rules_only(
    cells: &[(usize, usize, usize, usize)],
    lines: &[Vec<text::Line>],
    nr: usize,
) -> bool {
    use super::whitespace::{is_numeric_line, piece_count};
    let mut rows = vec![false; nr];
    let mut stacked = vec![0usize; nr];
    for (&(r, ..), ls) in cells.iter().zip(lines) {
        if ls.iter().any(|l| piece_count(l) >= 3) {
            rows[r] = true;
        }
        if ls.len() >= 3 && ls.iter().all(is_numeric_line) {
            stacked[r] += 1;
        }
    }
    let n = rows.iter().filter(|&&b| b).count();
    (n >= 3 && 2 * n >= nr) || stacked.iter().any(|&k| k >= 2)
}

/// A cell of an unruled grid's body as [`widened_body_spans`] sees it.
#[derive(Debug, Clone, Copy)]
pub struct BodySlot {
    pub row: usize,
    pub col: usize,
    pub span: usize,
    /// A text, not an amount.
    pub text: bool,
}

/// The spans of an unruled grid's body cells (rows top to bottom) with every text cell
/// widened over the empty slots on its right, up to the next filled slot of its row, when a
/// text of its column (in its row or below) reaches into them and no cell below starts
/// inside them. Text set from a cell's first column on that crosses a column start is a
/// multi-column cell: a form's rows above gave the grid columns the rows below do not have
/// (三级指标 over 组织拟上市企业培训活动, whose text runs over two of the form's columns).
pub fn widened_body_spans(cells: &[BodySlot], nc: usize) -> Vec<usize> {
    cells
        .iter()
        .map(|c| {
            let end = c.col + c.span;
            let next = cells
                .iter()
                .filter(|o| o.row == c.row && o.col >= end)
                .map(|o| o.col)
                .min()
                .unwrap_or(nc);
            let reaches = cells
                .iter()
                .any(|o| o.row >= c.row && o.col == c.col && o.col + o.span > end);
            let starts_inside = cells
                .iter()
                .any(|o| o.row > c.row && (end..next).contains(&o.col));
            if c.text && next > end && reaches && !starts_inside {
                next - c.col
            } else {
                c.span
            }
        })
        .collect()
}

/// Is a glyph inside any of these tables?
pub fn inside(tables: &[PageTable], g: &Glyph) -> bool {
    let cx = (g.bbox.x0 + g.bbox.x1) / 2.0;
    let cy = (g.bbox.y0 + g.bbox.y1) / 2.0;
    tables
        .iter()
        .any(|t| cx >= t.bbox.x0 && cx <= t.bbox.x1 && cy >= t.bbox.y0 && cy <= t.bbox.y1)
}

// ---------------------------------------------------------------- stream

/// An amount-like token: digits with optional thousands commas, a decimal
/// part, a sign; or a dash standing for zero.
fn is_amount_token(s: &str) -> bool {
    let t = s.trim();
    let t = t.strip_prefix(['-', '－']).unwrap_or(t);
    if t.is_empty() {
        return false;
    }
    let mut digits = 0;
    let mut points = 0;
    for c in t.chars() {
        match c {
            '0'..='9' => digits += 1,
            ',' => {}
            '.' => points += 1,
            _ => return false,
        }
    }
    digits > 0 && points <= 1 && (points == 1 || t.contains(',') || digits <= 12)
}

/// An amount that cannot be a code or a year: it has a decimal point or
/// thousands commas.
fn is_strong_amount(s: &str) -> bool {
    is_amount_token(s) && s.contains(['.', ','])
}

fn amount_count(l: &Line) -> usize {
    l.segments
        .iter()
        .flat_map(|s| s.text.split(' '))
        .filter(|t| is_strong_amount(t))
        .count()
}

/// Stream tables: runs of ≥ 3 consecutive lines each carrying ≥ 3 decimal
/// amounts, right edges of the amounts aligned. Columns come from the
/// segments' aligned right edges (amounts) and left edges (text). Only
/// `lines` not already inside lattice tables should be given.
pub fn stream(lines: &[Line]) -> Vec<(PageTable, Vec<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if amount_count(&lines[i]) < 3 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < lines.len() && amount_count(&lines[j]) >= 3 {
            j += 1;
        }
        if j - i >= 3
            && let Some(t) = stream_grid(&lines[i..j])
        {
            out.push((t, (i..j).collect()));
        }
        i = j;
    }
    out
}

fn stream_grid(lines: &[Line]) -> Option<PageTable> {
    // Column anchors: right edges of amount segments, clustered.
    let mut rights: Vec<f32> = Vec::new();
    for l in lines {
        for s in &l.segments {
            if is_strong_amount(&s.text) {
                rights.push(s.x1);
            }
        }
    }
    let (_, anchors) = snap(&rights, 4.0);
    // Each anchor must be used by most lines to count as a column.
    let anchors: Vec<f32> = anchors
        .into_iter()
        .filter(|a| {
            let n = lines
                .iter()
                .filter(|l| l.segments.iter().any(|s| (s.x1 - a).abs() <= 4.0))
                .count();
            n * 2 >= lines.len()
        })
        .collect();
    if anchors.len() < 3 {
        return None;
    }
    // Every amount segment must sit on an anchor, or we are not sure.
    for l in lines {
        for s in &l.segments {
            if is_strong_amount(&s.text) && !anchors.iter().any(|a| (s.x1 - a).abs() <= 4.0) {
                return None;
            }
        }
    }
    // Boundaries: a text column before the first amount column, then one
    // column per anchor.
    let left = lines.iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min) - 1.0;
    let first_amount_x0 = lines
        .iter()
        .flat_map(|l| l.segments.iter())
        .filter(|s| is_strong_amount(&s.text))
        .map(|s| s.x0)
        .fold(f32::MAX, f32::min);
    let mut xs = vec![left];
    let has_text_col = lines.iter().any(|l| {
        l.segments
            .first()
            .is_some_and(|s| s.x1 < first_amount_x0 && !is_strong_amount(&s.text))
    });
    if has_text_col {
        // Left-aligned text columns (codes, names): segment starts shared by
        // at least two lines.
        let starts: Vec<f32> = lines
            .iter()
            .flat_map(|l| l.segments.iter())
            .filter(|s| s.x1 < first_amount_x0 && !is_strong_amount(&s.text))
            .map(|s| s.x0)
            .collect();
        let (_, text_anchors) = snap(&starts, 4.0);
        for a in text_anchors {
            let support = lines
                .iter()
                .filter(|l| l.segments.iter().any(|s| (s.x0 - a).abs() <= 4.0))
                .count();
            let b = a - 1.0;
            if support >= 2 && b > left + 1.0 && b < first_amount_x0 - 2.0 {
                xs.push(b);
            }
        }
        xs.push(first_amount_x0 - 1.0);
    }
    let mut prev = *xs.last().unwrap_or(&left);
    for a in &anchors {
        let b = a + 2.0;
        if b > prev {
            xs.push(b);
            prev = b;
        }
    }
    let nc = xs.len() - 1;
    if nc < 3 {
        return None;
    }
    let mut cells = Vec::new();
    let mut ys = vec![lines[0].bbox.y0];
    for (r, l) in lines.iter().enumerate() {
        let mut texts = vec![String::new(); nc];
        for s in &l.segments {
            let cx = if is_strong_amount(&s.text) {
                s.x1 - 0.5
            } else {
                s.x0 + 0.5
            };
            let c = xs.partition_point(|&x| x <= cx).clamp(1, nc) - 1;
            if !texts[c].is_empty() {
                texts[c].push(' ');
            }
            texts[c].push_str(&s.text);
        }
        for (c, t) in texts.into_iter().enumerate() {
            cells.push(Cell {
                row: r,
                col: c,
                rowspan: 1,
                colspan: 1,
                text: t,
            });
        }
        ys.push(l.bbox.y1);
    }
    let bbox = Rect {
        x0: xs[0],
        y0: ys[0],
        x1: xs[nc],
        y1: ys[lines.len()],
    };
    Some(PageTable {
        table: Table {
            rows: lines.len(),
            cols: nc,
            cells,
            pages: Vec::new(),
        },
        bbox,
        xs,
        ys,
        irregular: 0,
        full: vec![false; lines.len() * nc],
        text_columns: Vec::new(),
        head_on_previous_page: false,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::read::page::Glyph;

    pub fn hline(y: f32, x0: f32, x1: f32) -> Rect {
        Rect {
            x0,
            y0: y - 0.48,
            x1,
            y1: y + 0.48,
        }
    }
    pub fn vline(x: f32, y0: f32, y1: f32) -> Rect {
        Rect {
            x0: x - 0.48,
            y0,
            x1: x + 0.48,
            y1,
        }
    }
    pub fn word(s: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for ch in s.chars() {
            let w = if text::is_cjk(ch) { size } else { size / 2.0 };
            out.push(Glyph {
                ch,
                bbox: Rect {
                    x0: x,
                    y0: y,
                    x1: x + w,
                    y1: y + size,
                },
                size,
            });
            x += w;
        }
        out
    }
    fn texts(t: &Table) -> Vec<(usize, usize, usize, usize, String)> {
        t.cells
            .iter()
            .map(|c| (c.row, c.col, c.rowspan, c.colspan, c.text.clone()))
            .collect()
    }

    #[test]
    fn lattice_3x3() {
        let mut r = Vec::new();
        for k in 0..4 {
            r.push(hline(100.0 + 20.0 * k as f32, 50.0, 350.0));
            r.push(vline(50.0 + 100.0 * k as f32, 100.0, 160.0));
        }
        let mut g = Vec::new();
        for row in 0..3 {
            for col in 0..3 {
                g.extend(word(
                    &format!("{row}{col}"),
                    60.0 + 100.0 * col as f32,
                    104.0 + 20.0 * row as f32,
                    10.0,
                ));
            }
        }
        let t = lattice(&r, &g);
        assert_eq!(t.len(), 1);
        let tb = &t[0].table;
        assert_eq!((tb.rows, tb.cols), (3, 3));
        assert_eq!(tb.cells.len(), 9);
        assert_eq!(tb.cell_at(2, 1).map(|c| c.text.as_str()), Some("21"));
        assert_eq!(tb.cell_at(0, 0).map(|c| c.text.as_str()), Some("00"));
    }

    /// WPS-style: filled thin rectangles split at every crossing, slightly
    /// jittered coordinates; a header with a colspan and a rowspan.
    #[test]
    fn lattice_merged_header() {
        // cols at 50, 150, 250, 350; rows at 100, 120, 140, 160.
        let mut r = vec![
            hline(100.0, 50.0, 350.0),
            // row line 120 only under cols 1..2 (col 0 spans rows 0-1)
            hline(120.3, 150.0, 250.0),
            hline(119.8, 250.0, 350.0),
            hline(140.0, 50.0, 350.0),
            hline(160.0, 50.0, 350.0),
            vline(50.0, 100.0, 160.0),
            vline(350.0, 100.0, 160.0),
            // x=150 full height
            vline(150.4, 100.0, 160.0),
            // x=250 missing in row 0 (cols 1-2 merged in header row 0)
            vline(250.0, 120.0, 141.0),
            vline(249.7, 139.0, 160.0),
        ];
        r.push(Rect {
            x0: 10.0,
            y0: 10.0,
            x1: 500.0,
            y1: 60.0,
        }); // a big filled box: not a ruling
        let mut g = word("项目", 80.0, 120.0, 10.0); // centred over rows 0-1
        g.extend(word("支出", 230.0, 104.0, 10.0));
        g.extend(word("基本", 180.0, 124.0, 10.0));
        g.extend(word("项目", 280.0, 124.0, 10.0));
        g.extend(word("合计", 60.0, 144.0, 10.0));
        g.extend(word("1.00", 200.0, 144.0, 10.0));
        g.extend(word("2.00", 300.0, 144.0, 10.0));
        let t = lattice(&r, &g);
        assert_eq!(t.len(), 1);
        let tb = &t[0].table;
        assert_eq!((tb.rows, tb.cols), (3, 3));
        assert_eq!(
            texts(tb),
            vec![
                (0, 0, 2, 1, "项目".to_string()),
                (0, 1, 1, 2, "支出".to_string()),
                (1, 1, 1, 1, "基本".to_string()),
                (1, 2, 1, 1, "项目".to_string()),
                (2, 0, 1, 1, "合计".to_string()),
                (2, 1, 1, 1, "1.00".to_string()),
                (2, 2, 1, 1, "2.00".to_string()),
            ]
        );
    }

    #[test]
    fn multi_line_cell_text() {
        let r = vec![
            hline(100.0, 50.0, 250.0),
            hline(140.0, 50.0, 250.0),
            vline(50.0, 100.0, 140.0),
            vline(150.0, 100.0, 140.0),
            vline(250.0, 100.0, 140.0),
        ];
        let mut g = word("事业单位", 60.0, 105.0, 10.0);
        g.extend(word("经营收入", 60.0, 120.0, 10.0));
        g.extend(word("1,234,56", 160.0, 105.0, 10.0));
        g.extend(word("7.00", 160.0, 120.0, 10.0));
        let t = lattice(&r, &g);
        let tb = &t[0].table;
        assert_eq!(
            tb.cell_at(0, 0).map(|c| c.text.as_str()),
            Some("事业单位\n经营收入")
        );
        assert_eq!(
            tb.cell_at(0, 1).map(|c| c.text.as_str()),
            Some("1,234,567.00")
        );
    }

    #[test]
    fn double_border_gives_no_thin_column() {
        let mut r = Vec::new();
        for y in [100.0, 120.0, 140.0] {
            r.push(hline(y, 50.0, 252.5));
        }
        for x in [50.0, 150.0, 250.0, 252.5] {
            r.push(vline(x, 100.0, 140.0));
        }
        let t = lattice(&r, &word("甲", 60.0, 104.0, 10.0));
        assert_eq!((t[0].table.rows, t[0].table.cols), (2, 2));
        let mut v = vec![0.0, 1.0, 2.5, 50.0, 52.0, 100.0, 101.0];
        drop_thin(&mut v);
        assert_eq!(v, [0.0, 50.0, 101.0]);
    }

    #[test]
    fn lone_box_is_not_a_table() {
        let r = vec![
            hline(100.0, 50.0, 250.0),
            hline(140.0, 50.0, 250.0),
            vline(50.0, 100.0, 140.0),
            vline(250.0, 100.0, 140.0),
        ];
        assert!(lattice(&r, &word("注意", 60.0, 110.0, 10.0)).is_empty());
    }

    #[test]
    fn stream_table_from_alignment() {
        let mk = |parts: &[(&str, f32)], y: f32| {
            let mut g = Vec::new();
            for (s, x) in parts {
                // amounts right-aligned at x
                let w: f32 = s
                    .chars()
                    .map(|c| if text::is_cjk(c) { 10.0 } else { 5.0 })
                    .sum();
                let x0 = if s.contains(['.', ',']) { x - w } else { *x };
                g.extend(word(s, x0, y, 10.0));
            }
            g
        };
        let mut g = mk(
            &[
                ("一般公共服务支出", 50.0),
                ("1,200.00", 300.0),
                ("1,000.00", 400.0),
                ("200.00", 500.0),
            ],
            100.0,
        );
        g.extend(mk(
            &[
                ("行政运行", 50.0),
                ("1,000.00", 300.0),
                ("1,000.00", 400.0),
                ("0.00", 500.0),
            ],
            115.0,
        ));
        g.extend(mk(
            &[
                ("合计", 50.0),
                ("12,200.00", 300.0),
                ("11,000.00", 400.0),
                ("1,200.00", 500.0),
            ],
            130.0,
        ));
        let ls = text::lines(&g);
        let t = stream(&ls);
        assert_eq!(t.len(), 1);
        let tb = &t[0].0.table;
        assert_eq!((tb.rows, tb.cols), (3, 4));
        assert_eq!(tb.cell_at(1, 0).map(|c| c.text.as_str()), Some("行政运行"));
        assert_eq!(tb.cell_at(2, 1).map(|c| c.text.as_str()), Some("12,200.00"));
        assert_eq!(tb.cell_at(0, 3).map(|c| c.text.as_str()), Some("200.00"));
        // With a code column.
        let mut g = mk(
            &[
                ("201", 20.0),
                ("一般公共服务支出", 70.0),
                ("1,200.00", 300.0),
                ("1,000.00", 400.0),
                ("200.00", 500.0),
            ],
            100.0,
        );
        g.extend(mk(
            &[
                ("20101", 20.0),
                ("行政运行", 70.0),
                ("1,000.00", 300.0),
                ("1,000.00", 400.0),
                ("0.00", 500.0),
            ],
            115.0,
        ));
        g.extend(mk(
            &[
                ("合计", 30.0),
                ("12,200.00", 300.0),
                ("11,000.00", 400.0),
                ("1,200.00", 500.0),
            ],
            130.0,
        ));
        let t = stream(&text::lines(&g));
        let tb = &t[0].0.table;
        assert_eq!((tb.rows, tb.cols), (3, 5));
        assert_eq!(tb.cell_at(1, 0).map(|c| c.text.as_str()), Some("20101"));
        assert_eq!(tb.cell_at(1, 1).map(|c| c.text.as_str()), Some("行政运行"));
        assert_eq!(tb.cell_at(2, 0).map(|c| c.text.as_str()), Some("合计"));
        assert_eq!(tb.cell_at(2, 2).map(|c| c.text.as_str()), Some("12,200.00"));
        // Two amount lines are not enough.
        assert!(stream(&ls[..2]).is_empty());
    }

    #[test]
    fn prose_with_numbers_is_not_a_stream_table() {
        let mut g = Vec::new();
        for (i, t) in [
            "收入预算3,121.42万元，其中财政拨款3,121.42万元，比上年增加107.62万元。",
            "支出预算3,121.42万元，基本支出2,512.11万元，项目支出609.31万元。",
            "一般公共预算拨款支出预算3,121.42万元，政府性基金0万元，国有资本0万元。",
        ]
        .iter()
        .enumerate()
        {
            g.extend(word(t, 50.0, 100.0 + 15.0 * i as f32, 10.0));
        }
        assert!(stream(&text::lines(&g)).is_empty());
        // Amount columns that do not line up: not a table either.
        let mut g = Vec::new();
        for (i, x) in [200.0, 260.0, 330.0].iter().enumerate() {
            let y = 200.0 + 15.0 * i as f32;
            g.extend(word("项目", 50.0, y, 10.0));
            g.extend(word("1,000.00", *x, y, 10.0));
            g.extend(word("2,000.00", x + 120.0, y, 10.0));
            g.extend(word("3,000.00", x + 240.0, y, 10.0));
        }
        assert!(stream(&text::lines(&g)).is_empty());
    }

    /// Two sections of one ruled table whose inner column edges differ by
    /// less than a slot (100 vs 102.9): the thin slot goes, the walls of
    /// both sections stay.
    #[test]
    fn near_edges_of_two_sections_keep_their_walls() {
        let mut r = vec![
            hline(100.0, 50.0, 250.0),
            hline(120.0, 50.0, 250.0),
            hline(140.0, 50.0, 250.0),
            vline(50.0, 100.0, 140.0),
            vline(250.0, 100.0, 140.0),
            vline(100.0, 100.0, 120.0),
            vline(102.9, 120.0, 140.0),
        ];
        r.push(vline(175.0, 100.0, 140.0));
        let mut g = word("甲", 60.0, 104.0, 10.0);
        g.extend(word("乙", 110.0, 104.0, 10.0));
        g.extend(word("丙", 60.0, 124.0, 10.0));
        g.extend(word("丁", 110.0, 124.0, 10.0));
        let t = lattice(&r, &g);
        assert_eq!(t.len(), 1);
        let tb = &t[0].table;
        assert_eq!((tb.rows, tb.cols), (2, 3));
        assert_eq!(tb.cells.len(), 6);
        assert_eq!(tb.cell_at(1, 0).map(|c| c.text.as_str()), Some("丙"));
        assert_eq!(tb.cell_at(1, 1).map(|c| c.text.as_str()), Some("丁"));
    }

    #[test]
    fn a_body_text_crossing_a_column_start_spans_the_slots_its_column_reaches() {
        let slot = |row, col, span, text| BodySlot {
            row,
            col,
            span,
            text,
        };
        // columns 0..6; 三级指标 over col 2 alone, its indicators reaching cols 3 and 4,
        // 指标值 at col 5; no cell below starts in cols 3 or 4
        let cells = [
            slot(0, 0, 1, true),
            slot(0, 2, 1, true),
            slot(0, 5, 1, true),
            slot(1, 2, 2, true),
            slot(1, 5, 1, true),
            slot(2, 2, 3, true),
            slot(2, 5, 1, true),
            slot(3, 2, 1, true),
        ];
        let spans = widened_body_spans(&cells, 7);
        assert_eq!(spans, [1, 3, 1, 3, 1, 3, 1, 1]);
        // a cell starting inside the slots below (款 under a 类 label) keeps the label narrow
        let coded = [
            slot(0, 0, 1, true),
            slot(1, 0, 2, true),
            slot(2, 1, 1, false),
        ];
        assert_eq!(widened_body_spans(&coded, 3), [1, 2, 1]);
        // an amount is never widened
        let amounts = [slot(0, 0, 1, false), slot(1, 0, 2, true)];
        assert_eq!(widened_body_spans(&amounts, 3), [1, 2]);
    }
}
