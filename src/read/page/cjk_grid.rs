//! Borderless CJK tables placed by a table layout: an HTML table printed with no borders
//! (a web page printed to PDF), a form whose cells are laid out by a grid with padding.
//!
//! Such a table has no rule at all and Chinese text has no word gaps, so neither the lattice
//! nor the word-alignment finder ([`whitespace`](super::whitespace)) sees it. What it does
//! have: every cell's text starts at its column's left edge (labels, codes and amounts
//! alike), cells are a padding apart, rows are taller than their text (padding), and a
//! cell's wrapped lines are set closer than the rows. So:
//! - pieces are runs of glyphs on one baseline split at gaps wider than the padding
//!   ([`GRID`]`.piece_gap_em`; a letter-spaced `合 计` stays one piece);
//! - column starts are the clusters of the pieces' left edges;
//! - a cell is the pieces of one column stacked at line spacing (a wrapped text), its
//!   columns those its text reaches into;
//! - rows are the clusters of the cells' tops (text sits at the top of its cell);
//! - in the rows above the first row holding a number (the header), a label spans the
//!   empty slots on its right, up to the next label, over columns that have text below
//!   (收入 over 项目 | 预算数), and within the label above it;
//! - below it, a text crossing a column start spans the empty slots its column's texts reach
//!   into (a cell spanning columns of a form above: 三级指标 under 项目资金 | 年度资金总额 | …).
//!
//! It takes a run of lines of one font size (cut before the caption of a table set right
//! under another; going on over empty rows) only when most letters are CJK, the page has
//! no vertical ruling (a lattice's business), and the text forms a padded grid: 3+
//! columns; 3+ rows with two rows of 3+ cells (or one, two rows of 2+ cells, a column
//! filled in 3+ rows and a number: a page of a two-sided table), or a header row of 5+
//! cells and another row (a second header row, or caption rows above it: an HTML table
//! keeping its title in rows of one cell; its body on the next page); the median room between rows at
//! least 1.5 em (cell padding) and no cell reaching over two rows below its own. Running
//! text, contents lists and tables set at the line spacing of their text never do (the
//! word-alignment finder reads those). A page continuing a grid (its open column starts,
//! [`starts_of`]) reads its top lines on those columns when every piece starts at one (a
//! lone 合计 row, one side of a two-sided table). A found table keeps its columns' text
//! extents (`PageTable::text_columns`, left edge first) for the cross-page merge, and a
//! cell whose last line fills it is `full` (a row cut by the page break is joined).

use super::tables::{self, BodySlot, PageTable};
use super::text::{self, Line};
use super::{Glyph, Page, Rect};
use crate::layout::{Cell, Table};

/// Tolerances of the CJK grid finder.
#[derive(Debug, Clone, Copy)]
pub struct GridTolerances {
    /// A gap wider than this many em between two glyphs of one baseline separates two cells.
    pub piece_gap_em: f32,
    /// Glyphs whose vertical centres differ by at most this many em share a baseline.
    pub baseline_em: f32,
    /// Left edges within this many points are one column start.
    pub start_tol_pt: f32,
    /// Two pieces of one column at most this many em apart vertically are one cell.
    pub cell_line_gap_em: f32,
    /// Cell tops within this many em are one row.
    pub row_tol_em: f32,
    /// Rows of a table are padded: the median room between rows is at least this many em.
    pub min_row_gap_em: f32,
    /// See `rows_of`: an amount this many em below its row's text may still be in it.
    pub low_cell_em: f32,
    /// Lines further apart than this many em (per row pitch) are not one table.
    pub run_gap_em: f32,
    /// A line a whole number of row pitches below the one before, within this share of a
    /// pitch, is in the same table (empty rows between).
    pub empty_row_tol: f32,
    /// Lines of one table differ in font size by at most this share.
    pub size_tol: f32,
    /// A table has at least this many columns and rows.
    pub min_cols: usize,
    pub min_rows: usize,
    /// A header row of this many cells and another row is a table (its body on the next
    /// page).
    pub header_cells: usize,
}

/// The tolerances in use (Chromium 156 printing LibreOffice's HTML export with borders
/// removed: 7 pt cell text, 0.9 em between cells, rows 4.9 em apart, wrapped lines 2.2 em).
pub const GRID: GridTolerances = GridTolerances {
    piece_gap_em: 0.5,
    baseline_em: 0.3,
    start_tol_pt: 1.0,
    cell_line_gap_em: 1.5,
    row_tol_em: 0.5,
    min_row_gap_em: 1.5,
    low_cell_em: 2.0,
    run_gap_em: 6.0,
    empty_row_tol: 0.15,
    size_tol: 0.15,
    min_cols: 3,
    min_rows: 3,
    header_cells: 5,
};

/// A run of glyphs on one baseline between two cell gaps.
#[derive(Debug, Clone)]
struct Piece {
    glyphs: Vec<Glyph>,
    bbox: Rect,
}

/// One cell: the pieces of one column stacked at line spacing, and the columns it covers.
#[derive(Debug, Clone)]
struct Block {
    pieces: Vec<Piece>,
    bbox: Rect,
    col: usize,
    span: usize,
}

/// The borderless CJK tables among `lines` (the page's lines not yet in a table), each with
/// the indexes of the lines it takes.
/// `open`: the column starts of a grid that ended the page before ([`starts_of`]), empty
/// when none did; the run at the top of the page is read against them when every piece of
/// it starts at one of them (a continuation too small to be a grid of its own: the last
/// 合计 row, two columns of a two-sided table).
/// `head`: the glyphs of the line that ended the page before as a paragraph of its own
/// (empty when none did); a grid opening this page takes it as its first header row when
/// it is a head cut off by the page break (see [`with_head`]), and then says so in
/// `PageTable::head_on_previous_page`; the page's first run may then be shorter than a
/// table (the second header row and the amounts under a head), when the two make one of
/// [`GRID`]`.min_rows` rows or more.
pub fn find(
    page: &Page,
    lines: &[Line],
    open: &[f32],
    head: &[Glyph],
) -> Vec<(PageTable, Vec<usize>)> {
    if page
        .rulings
        .iter()
        .any(|r| r.y1 - r.y0 > r.x1 - r.x0 && r.y1 - r.y0 > 5.0)
    {
        return Vec::new();
    }
    let glyphs = text::dedup_glyphs(&page.glyphs);
    let owned = glyphs_of_lines(&glyphs, lines);
    runs(lines, open, !head.is_empty())
        .into_iter()
        .flat_map(|run| split_at_captions(lines, run))
        .filter(|run| text::mostly_cjk(run.iter().map(|&k| lines[k].text.as_str())))
        .filter_map(|run| {
            let gs: Vec<Glyph> = run.iter().flat_map(|&k| owned[k].iter().copied()).collect();
            let size = median_size(lines, &run);
            let first = run.first() == Some(&0);
            let continued = (first && !open.is_empty())
                .then(|| build_on(&gs, size, open))
                .flatten();
            // a run opening the page after a cut head may be short: the head is a row
            let short = run.len() < GRID.min_rows;
            let fresh = || {
                let t = (!short || (first && !head.is_empty()))
                    .then(|| build(&gs, size))
                    .flatten()?;
                let headed = first
                    .then(|| with_head(&t, &gs, head, size, row_pitch(lines)))
                    .flatten();
                match headed {
                    Some(mut h) if h.table.rows >= GRID.min_rows => {
                        h.head_on_previous_page = true;
                        Some(h)
                    }
                    _ => (!short).then_some(t),
                }
            };
            continued.or_else(fresh).map(|t| (t, run))
        })
        .collect()
}

/// The grid `t` (of the glyphs `gs`) with `head` on top, one row pitch above its first
/// row, when that is a head cut from it by the page break: two or more pieces of the
/// grid's text size, no number among them, each starting at one of the grid's column
/// starts (财政拨款收入 | 财政拨款支出 over 项目 | 预算数 | 项目 | 合计 …).
fn with_head(
    t: &PageTable,
    gs: &[Glyph],
    head: &[Glyph],
    size: f32,
    pitch: f32,
) -> Option<PageTable> {
    let starts = starts_of(t);
    let ps = pieces(head, size);
    let on_start = |p: &Piece| {
        starts
            .iter()
            .any(|s| (p.bbox.x0 - s).abs() <= GRID.start_tol_pt)
    };
    let fits = |p: &Piece| {
        let chars: String = p.glyphs.iter().map(|g| g.ch).collect();
        p.glyphs
            .iter()
            .all(|g| (g.size - size).abs() <= GRID.size_tol * size)
            && !text::is_cell_number(chars.trim())
    };
    let head_top = ps.iter().map(|p| p.bbox.y0).fold(f32::MAX, f32::min);
    if ps.len() < 2 || pitch == f32::MAX || !ps.iter().all(|p| on_start(p) && fits(p)) {
        return None;
    }
    let dy = t.bbox.y0 - pitch - head_top;
    let moved = head.iter().map(|g| Glyph {
        bbox: Rect {
            y0: g.bbox.y0 + dy,
            y1: g.bbox.y1 + dy,
            ..g.bbox
        },
        ..*g
    });
    let all: Vec<Glyph> = moved.chain(gs.iter().copied()).collect();
    let same = |a: &[f32]| {
        a.len() == starts.len()
            && a.iter()
                .zip(&starts)
                .all(|(x, s)| (x - s).abs() <= GRID.start_tol_pt)
    };
    build(&all, size).filter(|h| h.table.rows == t.table.rows + 1 && same(&starts_of(h)))
}

/// Each line's glyphs: those whose centre lies in its box (a glyph in one line only).
pub fn glyphs_of_lines(glyphs: &[Glyph], lines: &[Line]) -> Vec<Vec<Glyph>> {
    let mut out = vec![Vec::new(); lines.len()];
    for g in glyphs {
        let (cx, cy) = ((g.bbox.x0 + g.bbox.x1) / 2.0, (g.bbox.y0 + g.bbox.y1) / 2.0);
        let inside = |b: &Rect| cx >= b.x0 && cx <= b.x1 && cy >= b.y0 && cy <= b.y1;
        if let Some(k) = lines.iter().position(|l| inside(&l.bbox)) {
            out[k].push(*g);
        }
    }
    out
}

/// Runs of consecutive lines of one font size, each at most the row pitch below the one
/// before, or a whole number of row pitches (empty rows between: top to top within
/// [`GRID`]`.empty_row_tol` of 2 or 3 pitches; two tables a caption apart are not).
/// Runs shorter than a table are dropped, but for a grid continued from the page before
/// (`open`) and the page's first run when the page before left a head (`headed`).
fn runs(lines: &[Line], open: &[f32], headed: bool) -> Vec<Vec<usize>> {
    let pitch = row_pitch(lines);
    let mut out: Vec<Vec<usize>> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        let joins = out.last().and_then(|r| r.last()).is_some_and(|&p| {
            let prev = &lines[p];
            let size = prev.size.max(l.size);
            let dy = l.bbox.y0 - prev.bbox.y0;
            let rows = (dy / pitch).round();
            let whole = (2.0..=3.0).contains(&rows)
                && (dy - rows * pitch).abs() <= GRID.empty_row_tol * pitch;
            let near = (dy <= (1.0 + GRID.empty_row_tol) * pitch || whole)
                && l.bbox.y0 - prev.bbox.y1 <= GRID.run_gap_em * size * rows.max(1.0);
            let run = out.last().expect("checked");
            (prev.size - l.size).abs() <= GRID.size_tol * size
                && (near || on_run_columns(lines, run, open, l))
        });
        if joins {
            out.last_mut().expect("checked").push(k);
        } else {
            out.push(vec![k]);
        }
    }
    out.retain(|r| {
        !open.is_empty() || r.len() >= GRID.min_rows || (headed && r.first() == Some(&0))
    });
    out
}

/// A run cut before the caption of a table set right under another (LibreOffice's HTML
/// keeps adjacent tables in one grid): two lines of one segment each at the run's left
/// edge, after a line holding a number, with no number before the next line of two or
/// more segments (the next table's header). The caption opens the second part.
fn split_at_captions(lines: &[Line], run: Vec<usize>) -> Vec<Vec<usize>> {
    let left = run
        .iter()
        .map(|&k| lines[k].bbox.x0)
        .fold(f32::MAX, f32::min);
    let single = |k: usize| {
        lines[k].segments.len() == 1 && (lines[k].bbox.x0 - left).abs() <= GRID.start_tol_pt
    };
    let numbered = |k: usize| {
        lines[k]
            .segments
            .iter()
            .any(|s| text::is_cell_number(&s.text))
    };
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    let mut body = false;
    for (n, &k) in run.iter().enumerate() {
        let caption = body
            && single(k)
            && run.get(n + 1).is_some_and(|&j| single(j))
            && run[n + 2..]
                .iter()
                .find(|&&j| lines[j].segments.len() >= 2)
                .is_some_and(|&j| !numbered(j));
        if caption {
            out.push(Vec::new());
            body = false;
        }
        body |= numbered(k);
        out.last_mut().expect("one part at least").push(k);
    }
    out
}

/// Does line `l` (below a gap) go on the columns of the run: two or more segments, each
/// starting where a segment of the run does or a column of the grid continued from the
/// page before (`open`) starts (a total row after empty rows; a caption of the next table
/// is one segment)?
fn on_run_columns(lines: &[Line], run: &[usize], open: &[f32], l: &Line) -> bool {
    let near = |x: f32, s: f32| (x - s).abs() <= GRID.start_tol_pt;
    l.segments.len() >= 2
        && l.segments.iter().all(|s| {
            open.iter().any(|&o| near(o, s.x0))
                || run
                    .iter()
                    .flat_map(|&k| &lines[k].segments)
                    .any(|o| near(o.x0, s.x0))
        })
}

/// The row pitch of the page: the most frequent distance (to the half point) between the
/// tops of two consecutive lines of one size, the larger on a tie.
fn row_pitch(lines: &[Line]) -> f32 {
    let mut seen: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
    for w in lines.windows(2) {
        let dy = w[1].bbox.y0 - w[0].bbox.y0;
        if (w[0].size - w[1].size).abs() <= GRID.size_tol * w[0].size.max(w[1].size)
            && dy > w[0].size
        {
            *seen.entry((dy * 2.0).round() as i64).or_default() += 1;
        }
    }
    seen.iter()
        .max_by_key(|(k, n)| (**n, **k))
        .map_or(f32::MAX, |(k, _)| *k as f32 / 2.0)
}

/// The column starts of a table this finder found (empty for any other table).
pub fn starts_of(t: &PageTable) -> Vec<f32> {
    if t.text_columns.len() + 1 == t.xs.len() && t.xs.len() >= 2 {
        let starts: Vec<f32> = t.xs[..t.xs.len() - 1].iter().map(|x| x + 1.0).collect();
        let aligned = starts
            .iter()
            .zip(&t.text_columns)
            .all(|(s, c)| (s - c.0).abs() <= GRID.start_tol_pt);
        if aligned {
            return starts;
        }
    }
    Vec::new()
}

fn median_size(lines: &[Line], run: &[usize]) -> f32 {
    let mut sizes: Vec<f32> = run.iter().map(|&k| lines[k].size).collect();
    sizes.sort_by(f32::total_cmp);
    sizes.get(sizes.len() / 2).copied().unwrap_or(10.0).max(1.0)
}

fn union(a: Rect, b: Rect) -> Rect {
    Rect {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    }
}

/// The pieces of these glyphs: baselines (centres within [`GRID`]`.baseline_em`), each cut
/// at gaps wider than [`GRID`]`.piece_gap_em` (white space glyphs go with the piece they
/// sit in and measure no gap).
fn pieces(glyphs: &[Glyph], size: f32) -> Vec<Piece> {
    let centre = |g: &Glyph| (g.bbox.y0 + g.bbox.y1) / 2.0;
    let mut gs: Vec<Glyph> = glyphs.to_vec();
    gs.sort_by(|a, b| centre(a).total_cmp(&centre(b)));
    let mut baselines: Vec<Vec<Glyph>> = Vec::new();
    for g in gs {
        match baselines.last_mut() {
            Some(b) if (centre(&g) - centre(&b[0])).abs() <= GRID.baseline_em * size => b.push(g),
            _ => baselines.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for mut b in baselines {
        b.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let mut cur: Vec<Glyph> = Vec::new();
        let mut last_x1: Option<f32> = None;
        for g in b {
            if !g.ch.is_whitespace() {
                if last_x1.is_some_and(|x1| g.bbox.x0 - x1 > GRID.piece_gap_em * size) {
                    out.extend(piece(std::mem::take(&mut cur)));
                }
                last_x1 = Some(g.bbox.x1);
            }
            cur.push(g);
        }
        out.extend(piece(cur));
    }
    out
}

/// A piece of these glyphs (none when all are white space).
fn piece(glyphs: Vec<Glyph>) -> Option<Piece> {
    let bbox = glyphs
        .iter()
        .filter(|g| !g.ch.is_whitespace())
        .map(|g| g.bbox)
        .reduce(union)?;
    Some(Piece { glyphs, bbox })
}

/// Column starts: clusters of the pieces' left edges, left to right.
fn column_starts(pieces: &[Piece]) -> Vec<f32> {
    let mut lefts: Vec<f32> = pieces.iter().map(|p| p.bbox.x0).collect();
    lefts.sort_by(f32::total_cmp);
    let mut starts: Vec<f32> = Vec::new();
    for x in lefts {
        if starts.last().is_none_or(|s| x - s > GRID.start_tol_pt) {
            starts.push(x);
        }
    }
    starts
}

/// The column a left edge `x` starts in (the last start at or before it).
fn column_of(starts: &[f32], x: f32) -> usize {
    starts
        .partition_point(|&s| s <= x + GRID.start_tol_pt)
        .saturating_sub(1)
}

/// The cells: per column, pieces stacked at most [`GRID`]`.cell_line_gap_em` apart.
fn blocks(pieces: Vec<Piece>, starts: &[f32], size: f32) -> Vec<Block> {
    let mut ps = pieces;
    ps.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let mut out: Vec<Block> = Vec::new();
    for p in ps {
        let col = column_of(starts, p.bbox.x0);
        let last = column_of(starts, p.bbox.x1 - GRID.start_tol_pt).max(col);
        let open = out.iter_mut().rev().find(|b| b.col == col);
        match open {
            Some(b) if p.bbox.y0 - b.bbox.y1 <= GRID.cell_line_gap_em * size => {
                b.bbox = union(b.bbox, p.bbox);
                b.span = b.span.max(last + 1 - col);
                b.pieces.push(p);
            }
            _ => out.push(Block {
                bbox: p.bbox,
                col,
                span: last + 1 - col,
                pieces: vec![p],
            }),
        }
    }
    out
}

/// The lines of a cell's text (its pieces top to bottom, each as one line).
fn block_lines(b: &Block) -> Vec<Line> {
    b.pieces
        .iter()
        .filter_map(|p| {
            let ls = text::lines(&p.glyphs);
            let mut l = ls.first()?.clone();
            for m in &ls[1..] {
                l.text.push_str(&m.text);
                l.bbox = union(l.bbox, m.bbox);
            }
            Some(l)
        })
        .collect()
}

/// The characters of a cell, white space left out.
fn block_chars(b: &Block) -> String {
    b.pieces
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| !g.ch.is_whitespace())
        .map(|g| g.ch)
        .collect()
}

/// Rows: clusters of the cells' tops (top to bottom); each block's row index. A row of
/// amounts only, each in a column the row above leaves free, starting less than
/// [`GRID`]`.low_cell_em` below that row's text, is part of it when it holds an amount too
/// (an amount whose cell opens with an empty line).
fn rows_of(blocks: &[Block], size: f32) -> (Vec<f32>, Vec<usize>) {
    let mut order: Vec<usize> = (0..blocks.len()).collect();
    order.sort_by(|&a, &b| blocks[a].bbox.y0.total_cmp(&blocks[b].bbox.y0));
    let mut rows: Vec<f32> = Vec::new();
    let mut of = vec![0usize; blocks.len()];
    for i in order {
        if rows
            .last()
            .is_none_or(|&r| blocks[i].bbox.y0 - r > GRID.row_tol_em * size)
        {
            rows.push(blocks[i].bbox.y0);
        }
        of[i] = rows.len() - 1;
    }
    let in_row = |of: &[usize], r: usize| -> Vec<usize> {
        (0..blocks.len()).filter(|&i| of[i] == r).collect()
    };
    let number = |i: usize| text::is_cell_number(&block_chars(&blocks[i]));
    let mut r = 1;
    while r < rows.len() {
        let (above, here) = (in_row(&of, r - 1), in_row(&of, r));
        let bottom = above
            .iter()
            .map(|&i| blocks[i].bbox.y1)
            .fold(f32::MIN, f32::max);
        let free = |i: usize| {
            let b = &blocks[i];
            !above.iter().any(|&j| {
                let a = &blocks[j];
                b.col < a.col + a.span && a.col < b.col + b.span
            })
        };
        let low = here.iter().all(|&i| number(i) && free(i))
            && above.iter().any(|&i| number(i))
            && rows[r] - bottom < GRID.low_cell_em * size;
        if low {
            for o in of.iter_mut() {
                if *o >= r {
                    *o -= 1;
                }
            }
            rows.remove(r);
        } else {
            r += 1;
        }
    }
    (rows, of)
}

/// Is this a grid (see the module comment)?
fn is_grid(cells: &[(usize, Block, String)], nr: usize, nc: usize) -> bool {
    if nc < GRID.min_cols || nr < 2 {
        return false;
    }
    let per_row = |r: usize| cells.iter().filter(|(row, ..)| *row == r).count();
    let wide_rows = (0..nr).filter(|&r| per_row(r) >= 3).count();
    let paired_rows = (0..nr).filter(|&r| per_row(r) >= 2).count();
    let per_col = |c: usize| cells.iter().filter(|(_, b, _)| b.col == c).count();
    let tall_col = (0..nc).any(|c| per_col(c) >= GRID.min_rows);
    let numbers = cells.iter().any(|(.., t)| text::is_cell_number(t));
    let widest = (0..nr).map(per_row).max().unwrap_or(0);
    let body = nr >= GRID.min_rows
        && (wide_rows >= 2 || (wide_rows >= 1 && paired_rows >= 2 && tall_col && numbers));
    body || (nr >= 2 && widest >= GRID.header_cells)
}

/// Are the rows padded: the median room between a row's text and the next row's top at
/// least [`GRID`]`.min_row_gap_em` (a table laid out with cell padding; tables set at the
/// line spacing of their text are the word-alignment finder's), and no cell running over
/// two rows below its own?
fn tall_rows(cells: &[(usize, Block, String)], tops: &[f32], size: f32) -> bool {
    let mut gaps: Vec<f32> = (1..tops.len())
        .map(|r| {
            let bottom = cells
                .iter()
                .filter(|(row, ..)| *row == r - 1)
                .map(|(_, b, _)| b.bbox.y1)
                .fold(f32::MIN, f32::max);
            tops[r] - bottom
        })
        .collect();
    gaps.sort_by(f32::total_cmp);
    // and no cell reaching over two rows below its own (a column of lines set at the line
    // spacing of running text stacks into one cell beside the rows: a contents list; a
    // header cell spans one row down)
    let inside = cells.iter().all(|(r, b, _)| {
        let over = tops[r + 1..]
            .iter()
            .filter(|&&t| t + GRID.row_tol_em * size < b.bbox.y1)
            .count();
        over < 2
    });
    inside
        && gaps
            .get(gaps.len() / 2)
            .is_some_and(|g| *g >= GRID.min_row_gap_em * size)
}

/// In the header rows, a label spans the empty slots on its right, up to the next label of
/// its row, over columns that have a label in a header row below, and within the label
/// above it: never into a column that a label of a header row above covers without
/// covering the label's own (公务用车运行维护费 stops before 公务接待费's columns; a
/// one-column label above spans down over the slot: 功能分类科目名称 over the slot beside
/// 类 | 款 | 项). A caption row on top (one label at the first column: 项目支出绩效目标表,
/// the year) spans every column.
fn widen_header_labels(cells: &mut [(usize, Block, String)], header_rows: usize, nc: usize) {
    let in_row = |cells: &[(usize, Block, String)], r: usize| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].0 == r).collect();
        idx.sort_by_key(|&i| cells[i].1.col);
        idx
    };
    let covers = |b: &Block, c: usize| b.col <= c && c < b.col + b.span;
    let mut captions = true;
    for r in 0..header_rows {
        let idx = in_row(cells, r);
        captions &= idx.len() == 1 && cells[idx[0]].1.col == 0;
        if captions {
            cells[idx[0]].1.span = nc;
            continue;
        }
        let open: Vec<bool> = (0..nc)
            .map(|c| {
                cells
                    .iter()
                    .any(|(row, b, _)| *row > r && *row < header_rows && covers(b, c))
            })
            .collect();
        for (n, &i) in idx.iter().enumerate() {
            let next = idx.get(n + 1).map_or(nc, |&j| cells[j].1.col);
            let col = cells[i].1.col;
            let within = |c: usize| {
                !cells
                    .iter()
                    .any(|(row, a, _)| *row < r && covers(a, c) && !covers(a, col))
            };
            let mut span = cells[i].1.span;
            while col + span < next && open[col + span] && within(col + span) {
                span += 1;
            }
            cells[i].1.span = span;
        }
    }
}

/// Below the header, a text cell spans the empty slots on its right when a text of its
/// column crosses into them (an HTML cell spanning columns sets its text from its first
/// column on: 三级指标 over the form's columns, its indicators running over two of them); see
/// [`tables::widened_body_spans`].
fn widen_body_labels(cells: &mut [(usize, Block, String)], header_rows: usize, nc: usize) {
    let body = |r: usize| r >= header_rows;
    let slots: Vec<BodySlot> = cells
        .iter()
        .filter(|(r, ..)| body(*r))
        .map(|(r, b, t)| BodySlot {
            row: *r,
            col: b.col,
            span: b.span,
            text: !text::is_cell_number(t),
        })
        .collect();
    let mut spans = tables::widened_body_spans(&slots, nc).into_iter();
    for (_, b, _) in cells.iter_mut().filter(|(r, ..)| body(*r)) {
        b.span = spans.next().unwrap_or(b.span);
    }
}

/// The rows of a table continued from the page before, on its column starts `open`: when
/// every piece of these glyphs starts at one of them.
fn build_on(glyphs: &[Glyph], size: f32, open: &[f32]) -> Option<PageTable> {
    let ps = pieces(glyphs, size);
    let on_start = |p: &Piece| {
        open.iter()
            .any(|s| (p.bbox.x0 - s).abs() <= GRID.start_tol_pt)
    };
    if ps.is_empty() || !ps.iter().all(on_start) {
        return None;
    }
    grid(ps, open.to_vec(), size, false)
}

/// The table of these glyphs (the lines of one run), if they form a grid.
fn build(glyphs: &[Glyph], size: f32) -> Option<PageTable> {
    let ps = pieces(glyphs, size);
    let starts = column_starts(&ps);
    grid(ps, starts, size, true)
}

/// The table of these pieces on these column starts; `check`: only if they form a grid.
fn grid(ps: Vec<Piece>, starts: Vec<f32>, size: f32, check: bool) -> Option<PageTable> {
    let nc = starts.len();
    let right = ps.iter().map(|p| p.bbox.x1).fold(f32::MIN, f32::max);
    let bs = blocks(ps, &starts, size);
    let (tops, row_of) = rows_of(&bs, size);
    let nr = tops.len();
    // (row, block, text) with the text read with the cell's edges (soft CJK wraps joined)
    let edge = |c: usize| starts.get(c).map_or(right + 1.0, |s| s - 1.0);
    let mut cells: Vec<(usize, Block, String)> = bs
        .into_iter()
        .zip(row_of)
        .map(|(b, r)| {
            let e = (edge(b.col), edge(b.col + b.span));
            let t = text::cell_text(&block_lines(&b), Some(e));
            (r, b, t)
        })
        .collect();
    if check && !(is_grid(&cells, nr, nc) && tall_rows(&cells, &tops, size)) {
        return None;
    }
    // two texts starting in one slot: not a grid this finder reads
    let mut slots: Vec<(usize, usize)> = cells.iter().map(|(r, b, _)| (*r, b.col)).collect();
    slots.sort();
    if slots.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let header_rows = (0..nr)
        .find(|&r| {
            cells
                .iter()
                .any(|(row, _, t)| *row == r && text::is_cell_number(t))
        })
        .unwrap_or(nr);
    widen_header_labels(&mut cells, header_rows, nc);
    widen_body_labels(&mut cells, header_rows, nc);
    Some(assemble(cells, &starts, &tops, right, nr))
}

/// The page table: every slot of every row a cell (empty ones 1 × 1).
fn assemble(
    cells: Vec<(usize, Block, String)>,
    starts: &[f32],
    tops: &[f32],
    right: f32,
    nr: usize,
) -> PageTable {
    let nc = starts.len();
    let bottom = cells
        .iter()
        .map(|(_, b, _)| b.bbox.y1)
        .fold(f32::MIN, f32::max);
    let top = cells
        .iter()
        .map(|(_, b, _)| b.bbox.y0)
        .fold(f32::MAX, f32::min);
    let mut text_columns: Vec<(f32, f32)> = starts.iter().map(|&s| (s, s + 1.0)).collect();
    let mut taken = vec![vec![false; nc]; nr];
    let edge = |c: usize| starts.get(c).map_or(right + 1.0, |s| s - 1.0);
    // (cell, its last line fills it: the text may go on in the next page's first row)
    let mut out: Vec<(Cell, bool)> = Vec::new();
    for (r, b, t) in cells {
        let span = b.span.min(nc - b.col).max(1);
        let full = block_lines(&b)
            .last()
            .is_some_and(|l| text::fills(l, (edge(b.col), edge(b.col + span))));
        for s in taken[r].iter_mut().skip(b.col).take(span) {
            *s = true;
        }
        if span == 1 {
            let tc = &mut text_columns[b.col];
            tc.1 = tc.1.max(b.bbox.x1);
        }
        let cell = Cell {
            row: r,
            col: b.col,
            rowspan: 1,
            colspan: span,
            text: t,
        };
        out.push((cell, full));
    }
    // every slot no text covers: an empty 1 × 1 cell
    let empty = |(row, col)| Cell {
        row,
        col,
        rowspan: 1,
        colspan: 1,
        ..Cell::default()
    };
    out.extend(
        (0..nr)
            .flat_map(|r| (0..nc).map(move |c| (r, c)))
            .filter(|&(r, c)| !taken[r][c])
            .map(|slot| (empty(slot), false)),
    );
    out.sort_by_key(|(c, _)| (c.row, c.col));
    let (out, full): (Vec<Cell>, Vec<bool>) = out.into_iter().unzip();
    let mut xs: Vec<f32> = starts.iter().map(|s| s - 1.0).collect();
    xs.push(right + 1.0);
    let mut ys: Vec<f32> = tops.to_vec();
    ys.push(bottom);
    PageTable {
        table: Table {
            rows: nr,
            cols: nc,
            cells: out,
            pages: Vec::new(),
        },
        bbox: Rect {
            x0: xs[0],
            y0: top,
            x1: right + 1.0,
            y1: bottom,
        },
        xs,
        ys,
        irregular: 0,
        full,
        text_columns,
        head_on_previous_page: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `s` from `x` on the line whose top is `y`, 7 pt text (CJK 7 pt wide,
    /// digits and points 3.9 pt, a space 1.8 pt as Chromium sets 合 计).
    fn run(s: &str, x: f32, y: f32) -> Vec<Glyph> {
        let mut x0 = x;
        s.chars()
            .map(|ch| {
                let w = match ch {
                    ' ' => 1.8,
                    c if c.is_ascii() => 3.9,
                    _ => 7.0,
                };
                let g = Glyph {
                    ch,
                    bbox: Rect {
                        x0,
                        y0: y,
                        x1: x0 + w,
                        y1: y + 9.1,
                    },
                    size: 7.0,
                };
                x0 += w;
                g
            })
            .collect()
    }

    /// A page of rows (cells at their x), `pitch` apart from y = 100.
    fn page(rows: &[&[(&str, f32)]], pitch: f32) -> Page {
        let glyphs = rows
            .iter()
            .enumerate()
            .flat_map(|(r, cells)| {
                cells
                    .iter()
                    .flat_map(move |(s, x)| run(s, *x, 100.0 + pitch * r as f32))
            })
            .collect();
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs,
            ..Page::default()
        }
    }

    fn find_on(p: &Page, open: &[f32]) -> Vec<(PageTable, Vec<usize>)> {
        let lines = text::lines(&text::dedup_glyphs(&p.glyphs));
        find(p, &lines, open, &[])
    }

    const BUDGET: &[&[(&str, f32)]] = &[
        &[("收 入", 59.0), ("支 出", 303.0)],
        &[
            ("项 目", 59.0),
            ("预算数", 205.0),
            ("功能分类", 303.0),
            ("预算数", 449.0),
        ],
        &[
            ("财政拨款", 59.0),
            ("2719.73", 205.0),
            ("一般公共服务支出", 303.0),
            ("1215.61", 449.0),
        ],
        &[
            ("一般公共预算", 59.0),
            ("2719.73", 205.0),
            ("外交支出", 303.0),
        ],
        &[
            ("事业收入", 59.0),
            ("社会保障和就业支出", 303.0),
            ("196.70", 449.0),
        ],
    ];

    #[test]
    fn padded_rows_on_left_aligned_columns_are_a_table() {
        let found = find_on(&page(BUDGET, 34.3), &[]);
        assert_eq!(found.len(), 1);
        let t = &found[0].0.table;
        assert_eq!((t.rows, t.cols), (5, 4));
        // the spanning header labels widened over the columns labelled below
        let c = t.cell_at(0, 0).unwrap();
        assert_eq!((c.text.as_str(), c.colspan), ("收 入", 2));
        assert_eq!(t.cell_at(0, 2).unwrap().colspan, 2);
        assert_eq!(t.cell_at(2, 1).unwrap().text, "2719.73");
        assert_eq!(t.cell_at(3, 3).unwrap().text, "");
        assert_eq!(found[0].0.text_columns.len(), 4);
    }

    #[test]
    fn rows_at_the_line_spacing_of_running_text_are_not() {
        // the same cells set 1.5 em apart: the word-alignment finder's business
        assert!(find_on(&page(BUDGET, 10.5), &[]).is_empty());
    }

    #[test]
    fn running_text_and_latin_tables_are_not() {
        let prose: Vec<&[(&str, f32)]> =
            vec![
                &[("某市街道办事处收入预算二千七百万元比上年增加", 57.0)];
                6
            ];
        assert!(find_on(&page(&prose, 34.3), &[]).is_empty());
        let latin: &[&[(&str, f32)]] = &[
            &[("Item", 59.0), ("Budget", 205.0), ("Outturn", 303.0)],
            &[("Wages", 59.0), ("12.00", 205.0), ("11.00", 303.0)],
            &[("Rent", 59.0), ("3.00", 205.0), ("4.00", 303.0)],
        ];
        assert!(find_on(&page(latin, 34.3), &[]).is_empty());
    }

    #[test]
    fn continuation_rows_are_read_on_the_open_columns() {
        // a lone total row at the top of the next page: no grid of its own
        let rows: &[&[(&str, f32)]] = &[&[("合 计", 59.0), ("2719.73", 205.0)]];
        let p = page(rows, 34.3);
        assert!(find_on(&p, &[]).is_empty());
        let found = find_on(&p, &[59.0, 205.0, 303.0, 449.0]);
        assert_eq!(found.len(), 1);
        let t = &found[0].0.table;
        assert_eq!((t.rows, t.cols), (1, 4));
        assert_eq!(starts_of(&found[0].0), vec![59.0, 205.0, 303.0, 449.0]);
    }

    #[test]
    fn a_cell_wrapped_at_line_spacing_is_one_cell() {
        let mut p = page(BUDGET, 34.3);
        // the rest of the last row's label, 15.7 pt below its first line
        p.glyphs
            .extend(run("（补助）", 303.0, 100.0 + 4.0 * 34.3 + 15.7));
        let found = find_on(&p, &[]);
        let t = &found[0].0.table;
        assert_eq!(t.rows, 5);
        assert_eq!(
            t.cell_at(4, 2).unwrap().text,
            "社会保障和就业支出\n（补助）"
        );
        assert_eq!(t.cell_at(4, 3).unwrap().text, "196.70");
    }

    #[test]
    fn a_header_label_widens_only_within_the_label_above() {
        // 运行费 (second header row, cols 4-5) ends its row, but 接待费 above owns cols 6-7
        let x = |c: usize| 59.0 + 40.0 * c as f32;
        let head = ["预算数", "决算数"];
        let amounts = [
            "1.08", "0.56", "0.33", "0.00", "0.18", "0.00", "0.56", "0.56",
        ];
        let rows: Vec<Vec<(&str, f32)>> = vec![
            vec![("合计", x(0)), ("车辆费", x(2)), ("接待费", x(6))],
            vec![("小计", x(2)), ("运行费", x(4))],
            (0..8).map(|c| (head[c % 2], x(c))).collect(),
            (0..8).map(|c| (amounts[c], x(c))).collect(),
        ];
        let rows: Vec<&[(&str, f32)]> = rows.iter().map(Vec::as_slice).collect();
        let found = find_on(&page(&rows, 34.3), &[]);
        let t = &found[0].0.table;
        assert_eq!((t.rows, t.cols), (4, 8));
        let span = |r: usize, c: usize| t.cell_at(r, c).map(|c| (c.text.as_str(), c.colspan));
        assert_eq!(span(0, 2), Some(("车辆费", 4)));
        assert_eq!(span(0, 6), Some(("接待费", 2)));
        assert_eq!(span(1, 4), Some(("运行费", 2)));
        assert_eq!(span(1, 6), Some(("", 1)));
    }

    #[test]
    fn caption_rows_over_a_header_row_ending_a_page_are_a_grid() {
        // an HTML table's caption rows (one cell each) over its header row of 6 cells, the
        // body on the next page
        let x = |c: usize| 59.0 + 60.0 * c as f32;
        let heads = [
            "科目编码",
            "科目名称",
            "总计",
            "基本支出",
            "项目支出",
            "其他支出",
        ];
        let rows: Vec<Vec<(&str, f32)>> = vec![
            vec![("表2", x(0))],
            vec![("部门收入总体情况表", x(0))],
            heads.iter().enumerate().map(|(c, h)| (*h, x(c))).collect(),
        ];
        let rows: Vec<&[(&str, f32)]> = rows.iter().map(Vec::as_slice).collect();
        let found = find_on(&page(&rows, 34.3), &[]);
        assert_eq!(found.len(), 1);
        let t = &found[0].0.table;
        assert_eq!((t.rows, t.cols), (3, 6));
        assert_eq!(t.cell_at(0, 0).unwrap().colspan, 6);
        assert_eq!(t.cell_at(2, 5).unwrap().text, "其他支出");
    }

    #[test]
    fn two_rows_opening_a_page_under_a_head_cut_off_are_a_grid() {
        // the head (合 计 | 出国费 | 车辆费 | 接待费) ended the page before; this page holds
        // the second header row and the amounts only, too few rows for a grid of their own
        let x = |c: usize| 59.0 + 60.0 * c as f32;
        let amounts = ["0.93", "0.00", "0.00", "0.00", "0.00", "0.93"];
        let rows: Vec<Vec<(&str, f32)>> = vec![
            vec![("合计", x(2)), ("购置费", x(3)), ("运行费", x(4))],
            amounts
                .iter()
                .enumerate()
                .map(|(c, a)| (*a, x(c)))
                .collect(),
        ];
        let rows: Vec<&[(&str, f32)]> = rows.iter().map(Vec::as_slice).collect();
        let p = page(&rows, 34.3);
        let head: Vec<Glyph> = [("合 计", 0), ("出国费", 1), ("车辆费", 2), ("接待费", 5)]
            .iter()
            .flat_map(|(s, c)| run(s, x(*c), 760.0))
            .collect();
        let lines = text::lines(&text::dedup_glyphs(&p.glyphs));
        assert!(find(&p, &lines, &[], &[]).is_empty());
        let found = find(&p, &lines, &[], &head);
        assert_eq!(found.len(), 1);
        let t = &found[0].0;
        assert!(t.head_on_previous_page);
        assert_eq!((t.table.rows, t.table.cols), (3, 6));
        let span = |r: usize, c: usize| t.table.cell_at(r, c).map(|c| (c.text.as_str(), c.colspan));
        assert_eq!(span(0, 2), Some(("车辆费", 3)));
        assert_eq!(span(1, 3), Some(("购置费", 1)));
        assert_eq!(span(2, 5), Some(("0.93", 1)));
    }
}
