//! Tables ruled by horizontal rules only (the booktabs 三线表 of LaTeX: a top rule, a rule
//! under the header rows, a bottom rule, no vertical rule at all).
//!
//! The rules give the table's extent and its header/body split; the columns come from the
//! text. Such tables set their cells in fixed-width columns: text starts at its column's left
//! edge (a spanning label at the left edge of its first column) and numbers end at their
//! column's right edge. So the column starts are the clusters of the left edges of the text
//! pieces (header and body), a number belongs to the last column starting before its right
//! edge, and a line with no number whose pieces all continue cells filled to their right edge
//! is the wrapped rest of the row above. A header label with empty slots on its right up to
//! the next label, over columns that have labels below, spans them (a merged header cell
//! prints its text at its left edge). A table whose bottom rule is on a later page (a long
//! table repeats its header rows) runs to the end of the page; the page continuation of
//! `layout` merges it with the rest.

use super::tables::{self, BodySlot, PageTable};
use super::text::{self, Line};
use super::{Glyph, Page, Rect};
use crate::layout::{Cell, Table};

/// Tolerances of the rules-only finder.
#[derive(Debug, Clone, Copy)]
pub struct RulesTolerances {
    /// A rule is at most this thick (pt) and at least this wide (pt).
    pub max_rule_pt: f32,
    pub min_rule_width: f32,
    /// The rules of one table end within this share of its width of each other.
    pub extent_tol: f32,
    /// Rules closer than this (pt) are one rule (drawn twice, or a double rule).
    pub double_rule_pt: f32,
    /// A header (between the top rule and the next) has at most this many lines.
    pub max_header_lines: usize,
    /// A gap wider than this many em between two glyphs of a line separates two cells.
    pub piece_gap_em: f32,
    /// Left edges within this many em are one column start.
    pub start_tol_em: f32,
    /// The room between columns (em) when no number shows it.
    pub default_gap_em: f32,
    /// At most this many empty rows are read from one blank stretch.
    pub max_empty_rows: usize,
    /// A number starting this close (pt) to a column's start is set flush left there.
    pub flush_pt: f32,
    /// A gap between two full-width glyphs up to this many em is a typed space (see
    /// `typed_space`; a squeezed bracket opening the next column's cell is further).
    pub space_max_em: f32,
    /// Two CJK glyphs at most this many em apart abut (are set solid).
    pub solid_em: f32,
}

/// The tolerances in use (XeLaTeX booktabs longtables at 7 pt: cells 2 × 0.006 linewidth
/// apart, about 1.2 em).
pub const RULES: RulesTolerances = RulesTolerances {
    max_rule_pt: 2.0,
    min_rule_width: 150.0,
    extent_tol: 0.06,
    double_rule_pt: 1.5,
    max_header_lines: 10,
    piece_gap_em: 0.6,
    start_tol_em: 0.8,
    default_gap_em: 1.2,
    max_empty_rows: 8,
    flush_pt: 1.0,
    space_max_em: 0.45,
    solid_em: 0.05,
};

/// Opening brackets and quotes: no line ends on one.
const OPENING: &[char] = &['（', '(', '“', '‘', '《', '【', '[', '〔'];

/// One horizontal rule: its y and x extent.
#[derive(Debug, Clone, Copy)]
struct Rule {
    y: f32,
    x0: f32,
    x1: f32,
}

/// A run of glyphs of one line between two cell gaps.
struct Piece {
    line: Line,
    /// Right-aligned (a number): anchored at its right edge.
    number: bool,
    /// Where its ink begins ([`ink_x0`] of its first glyph).
    ink: f32,
}

/// The tables of `page` ruled only horizontally, each with the indexes of the `lines` it
/// takes. Nothing when the page has a vertical ruling (that is a lattice's business).
pub fn find(page: &Page, lines: &[Line]) -> Vec<(PageTable, Vec<usize>)> {
    let Some(rules) = wide_rules(&page.rulings) else {
        return Vec::new();
    };
    let glyphs = text::dedup_glyphs(&page.glyphs);
    let mut out = Vec::new();
    // top, header rule, bottom (none on a page a long table runs off), top, …
    let mut i = 0;
    while i + 1 < rules.len() {
        let (top, mid) = (rules[i], rules[i + 1]);
        if !same_extent(&top, &mid) {
            i += 1;
            continue;
        }
        let next = rules.get(i + 2);
        let bottom = next.filter(|r| same_extent(&top, r));
        let mut extent = Rule {
            y: top.y,
            x0: top.x0.min(mid.x0).min(bottom.map_or(f32::MAX, |r| r.x0)),
            x1: top.x1.max(mid.x1).max(bottom.map_or(f32::MIN, |r| r.x1)),
        };
        let header = lines_between(lines, &extent, top.y, mid.y);
        let body = lines_between(lines, &extent, mid.y, next.map_or(f32::MAX, |r| r.y));
        // CJK only: the fixed-column setting this finder reads (labels flush left at their
        // column's start, numbers flush right) is how Chinese tables are set; Latin tables
        // centre or right-align their headers, and the word-alignment finder (measured on
        // ICDAR 2013) reads them.
        if header.is_empty()
            || header.len() > RULES.max_header_lines
            || !text::mostly_cjk(header.iter().chain(&body).map(|&k| lines[k].text.as_str()))
        {
            i += 1;
            continue;
        }
        i += if bottom.is_some() { 3 } else { 2 };
        let end = bottom
            .map(|r| r.y)
            .unwrap_or_else(|| body.iter().map(|&k| lines[k].bbox.y1).fold(mid.y, f32::max));
        let body_x0 = body
            .iter()
            .map(|&k| lines[k].bbox.x0)
            .fold(f32::MAX, f32::min);
        let shift = head_shift(&top, bottom, body_x0);
        if bottom.is_none() {
            // the body is as much wider than the head on both sides
            extent.x0 = extent.x0.min(top.x0 - shift);
            extent.x1 = extent.x1.max(top.x1 + shift);
        }
        let head_tol = shift + RULES.start_tol_em * lines[header[0]].size;
        let head = (head_tol, top.x1);
        if let Some(table) = build(&glyphs, lines, (&header, &body), &extent, end, head) {
            let mut idx = header;
            idx.extend(body);
            out.push((table, idx));
        }
    }
    out
}

/// How far the header's text may sit off the body's columns: a long table's header rows
/// are set in a box of their own (longtable's head), centred over the body when narrower, as
/// its top rule shows against the bottom rule, or (the bottom rule on a later page) against
/// the body's left edge `body_x0`.
fn head_shift(top: &Rule, bottom: Option<&Rule>, body_x0: f32) -> f32 {
    match bottom {
        Some(b) => (top.x0 - b.x0).max(b.x1 - top.x1).max(0.0),
        None => (top.x0 - body_x0).max(0.0),
    }
}

/// Two rules of one table: their ends differ by at most [`RULES`]`.extent_tol` of the width.
fn same_extent(a: &Rule, b: &Rule) -> bool {
    let tol = RULES.extent_tol * (a.x1 - a.x0).max(b.x1 - b.x0);
    (a.x0 - b.x0).abs() <= tol && (a.x1 - b.x1).abs() <= tol
}

/// The wide horizontal rules of a page, top to bottom (a rule drawn twice counted once);
/// `None` when the page has a vertical ruling or fewer than two wide rules.
fn wide_rules(rulings: &[Rect]) -> Option<Vec<Rule>> {
    let vertical = rulings
        .iter()
        .any(|r| r.y1 - r.y0 > r.x1 - r.x0 && r.y1 - r.y0 > 5.0);
    if vertical {
        return None;
    }
    let mut rules: Vec<Rule> = rulings
        .iter()
        .filter(|r| r.y1 - r.y0 <= RULES.max_rule_pt && r.x1 - r.x0 >= RULES.min_rule_width)
        .map(|r| Rule {
            y: (r.y0 + r.y1) / 2.0,
            x0: r.x0,
            x1: r.x1,
        })
        .collect();
    rules.sort_by(|a, b| a.y.total_cmp(&b.y));
    rules.dedup_by(|b, a| b.y - a.y < RULES.double_rule_pt);
    // a rule under a spanning header (cmidrule) has no rule of its extent: not a table edge
    let edges: Vec<Rule> = rules
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            rules
                .iter()
                .enumerate()
                .any(|(j, o)| j != *i && same_extent(r, o))
        })
        .map(|(_, r)| *r)
        .collect();
    let rules = edges;
    (rules.len() >= 2).then_some(rules)
}

/// Indexes of the lines whose centre lies between `y0` and `y1` and within the rule's x extent.
fn lines_between(lines: &[Line], rule: &Rule, y0: f32, y1: f32) -> Vec<usize> {
    (0..lines.len())
        .filter(|&k| {
            let b = &lines[k].bbox;
            let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
            cy > y0 && cy < y1 && cx > rule.x0 && cx < rule.x1
        })
        .collect()
}

/// The pieces of line `k`: its glyphs split at gaps wider than [`RULES`]`.piece_gap_em`
/// (a typed space before an opening bracket splits nothing: [`typed_space`]).
fn pieces(glyphs: &[Glyph], line: &Line) -> Vec<Piece> {
    let b = &line.bbox;
    let mut gs: Vec<Glyph> = glyphs
        .iter()
        .filter(|g| {
            let (cx, cy) = ((g.bbox.x0 + g.bbox.x1) / 2.0, (g.bbox.y0 + g.bbox.y1) / 2.0);
            cx >= b.x0 && cx <= b.x1 && cy >= b.y0 && cy <= b.y1 && !g.ch.is_whitespace()
        })
        .copied()
        .collect();
    gs.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let mut runs: Vec<Vec<Glyph>> = Vec::new();
    for g in gs {
        match runs.last_mut() {
            Some(r)
                if typed_space(&r[r.len() - 1], &g)
                    || ink_x0(&g) - r[r.len() - 1].bbox.x1
                        <= RULES.piece_gap_em * g.size.max(line.size) =>
            {
                r.push(g)
            }
            _ => runs.push(vec![g]),
        }
    }
    runs.iter()
        .filter_map(|r| {
            let l = spaced_text(r)?;
            let number = text::is_cell_number(&l.text);
            let ink = ink_x0(&r[0]);
            Some(Piece {
                line: l,
                number,
                ink,
            })
        })
        .collect()
}

/// Is the gap between the full-width glyphs `a` and `b` (CJK, or an em wide) a typed space?
/// TeX prints a space as glue, no glyph: a gap of a space's width, between
/// [`text::LINES`]`.word_gap_em` and [`RULES`]`.space_max_em`.
fn typed_space(a: &Glyph, b: &Glyph) -> bool {
    let full = |g: &Glyph| text::is_cjk(g.ch) || em_wide(g);
    let (gap, em) = (b.bbox.x0 - a.bbox.x1, a.size.max(b.size));
    full(a) && full(b) && gap >= text::LINES.word_gap_em * em && gap <= RULES.space_max_em * em
}

/// The line of one piece's glyphs `r`, with a space at each [`typed_space`] when the piece is
/// set solid (two of its CJK glyphs abut, within [`RULES`]`.solid_em`: a ragged-right TeX
/// cell; letter-spaced text spreads a gap between every two glyphs).
fn spaced_text(r: &[Glyph]) -> Option<Line> {
    let solid = r.windows(2).any(|w| {
        let em = w[0].size.max(w[1].size);
        text::is_cjk(w[0].ch)
            && text::is_cjk(w[1].ch)
            && (w[1].bbox.x0 - w[0].bbox.x1).abs() <= RULES.solid_em * em
    });
    let mut cuts = vec![0];
    if solid {
        cuts.extend((1..r.len()).filter(|&i| typed_space(&r[i - 1], &r[i])));
    }
    cuts.push(r.len());
    let mut out: Option<Line> = None;
    for w in cuts.windows(2) {
        let ls = text::lines(&r[w[0]..w[1]]);
        for (k, m) in ls.iter().enumerate() {
            match out.as_mut() {
                None => out = Some(m.clone()),
                Some(l) => {
                    if k == 0 {
                        l.text.push(' ');
                    }
                    l.text.push_str(&m.text);
                    l.bbox.x1 = l.bbox.x1.max(m.bbox.x1);
                }
            }
        }
    }
    out
}

/// Where a glyph's ink begins: a full-width opening bracket prints in the right half of its
/// em box (the left half is the room TeX squeezes out at a line start), so the gap before it
/// is measured from there.
fn ink_x0(g: &Glyph) -> f32 {
    if OPENING.contains(&g.ch) && em_wide(g) {
        g.bbox.x0 + 0.5 * (g.bbox.x1 - g.bbox.x0)
    } else {
        g.bbox.x0
    }
}

/// Is the glyph's box (nearly) an em wide: a full-width form?
fn em_wide(g: &Glyph) -> bool {
    g.bbox.x1 - g.bbox.x0 >= 0.9 * g.size
}

/// Column starts: clusters of the left edges of the text pieces, the first at the rule's
/// left end. The first `head` rows are the header above the header rule: a header left edge
/// within `head_tol` of a body one is that column's start already (see [`head_shift`]).
fn column_starts(rows: &[Vec<Piece>], head: usize, x0: f32, size: f32, head_tol: f32) -> Vec<f32> {
    // (left edge, opens with a bracket)
    let lefts_of = |rows: &[Vec<Piece>]| -> Vec<(f32, bool)> {
        rows.iter()
            .flatten()
            .filter(|p| !p.number)
            .map(|p| (p.line.bbox.x0, p.ink > p.line.bbox.x0))
            .collect()
    };
    let head = head.min(rows.len());
    let mut lefts = lefts_of(&rows[head..]);
    let tol = RULES.start_tol_em * size;
    let own: Vec<(f32, bool)> = lefts_of(&rows[..head])
        .into_iter()
        .filter(|(x, _)| lefts.iter().all(|(b, _)| (b - x).abs() > head_tol.max(tol)))
        .collect();
    lefts.extend(own);
    lefts.sort_by(|a, b| a.0.total_cmp(&b.0));
    // a cluster starts at its first left edge, or at its first one not opening with a
    // bracket (TeX lets a bracket opening a wrapped line hang left by half an em)
    let mut starts = vec![x0];
    let (mut first, mut plain) = (x0, true);
    for (x, bracket) in lefts {
        let last = starts.len() - 1;
        if x - first > tol {
            starts.push(x);
            (first, plain) = (x, !bracket);
        } else if !plain && !bracket {
            starts[last] = x;
            plain = true;
        }
    }
    starts
}

/// One cell being built: first column, span, lines.
struct Building {
    col: usize,
    span: usize,
    lines: Vec<Line>,
}

fn build(
    glyphs: &[Glyph],
    lines: &[Line],
    (header, body): (&[usize], &[usize]),
    rule: &Rule,
    end: f32,
    (head_tol, head_x1): (f32, f32),
) -> Option<PageTable> {
    let all: Vec<usize> = header.iter().chain(body).copied().collect();
    let pieced: Vec<Vec<Piece>> = all.iter().map(|&k| pieces(glyphs, &lines[k])).collect();
    let mut sizes: Vec<f32> = all.iter().map(|&k| lines[k].size).collect();
    sizes.sort_by(f32::total_cmp);
    let size = sizes.get(sizes.len() / 2).copied().unwrap_or(10.0);
    let starts = column_starts(&pieced, header.len(), rule.x0, size, head_tol);
    let nc = starts.len();
    if nc < 2 {
        return None;
    }
    let mut xs: Vec<f32> = starts.iter().map(|s| s - 1.0).collect();
    xs[0] = rule.x0;
    xs.push(rule.x1);
    let gap = column_gap(&pieced, &starts);
    let limit = |c: usize, span: usize| starts.get(c + span).map_or(rule.x1, |next| next - gap);
    // the head's box ends at its own rule (narrower than the body's when centred over it)
    let head_limit =
        |c: usize, span: usize| starts.get(c + span).map_or(head_x1, |next| next - gap);
    // rows of cells; a line continuing full cells joins the row above
    let mut rows: Vec<(Vec<Building>, f32, f32)> = Vec::new();
    let pitch = line_pitch(lines, &all);
    let mut header_rows = 0;
    for (n, ps) in pieced.into_iter().enumerate() {
        let l = &lines[all[n]];
        let placed: Vec<(usize, usize, Piece)> = ps
            .into_iter()
            .map(|p| {
                let (c0, c1) = columns(&p, &starts);
                (c0, c1, p)
            })
            .collect();
        let in_header = n < header.len();
        let joins = !placed.is_empty()
            && n != header.len()
            && rows.last().is_some_and(|(cells, ..)| {
                placed.iter().all(|(c0, c1, p)| {
                    let lim: &dyn Fn(usize, usize) -> f32 =
                        if in_header { &head_limit } else { &limit };
                    continues(cells, (*c0, *c1), p, lim)
                })
            });
        if joins {
            let (cells, _, y1) = rows.last_mut().expect("checked");
            for (c0, _, p) in placed {
                match cells.iter_mut().find(|b| b.col == c0) {
                    Some(b) => b.lines.push(p.line),
                    None => cells.push(Building {
                        col: c0,
                        span: 1,
                        lines: vec![p.line],
                    }),
                }
            }
            *y1 = y1.max(l.bbox.y1);
            continue;
        }
        // blank lines inside the header or the body are empty rows
        if let Some(&(_, _, prev_y1)) = rows.last().filter(|_| n != header.len()) {
            let missing = ((l.bbox.y1 - prev_y1) / pitch).round() as usize;
            for k in 1..missing.min(RULES.max_empty_rows + 1) {
                let y = prev_y1 + pitch * k as f32;
                rows.push((Vec::new(), y - pitch / 2.0, y));
            }
        }
        let mut cells: Vec<Building> = Vec::new();
        for (c0, c1, p) in placed {
            match cells.iter_mut().find(|b| c0 < b.col + b.span) {
                Some(b) => {
                    // a second piece in the same cell (a gap inside its text)
                    if let Some(last) = b.lines.last_mut() {
                        last.text.push(' ');
                        last.text.push_str(&p.line.text);
                        last.bbox.x1 = last.bbox.x1.max(p.line.bbox.x1);
                    }
                }
                None => cells.push(Building {
                    col: c0,
                    span: c1 + 1 - c0,
                    lines: vec![p.line],
                }),
            }
        }
        rows.push((cells, l.bbox.y0, l.bbox.y1));
        if in_header {
            header_rows = rows.len();
        }
    }
    if rows.len() < 2 {
        return None;
    }
    widen_title_rows(&mut rows[..header_rows], nc);
    widen_header_labels(&mut rows[..header_rows], nc);
    widen_body_labels(&mut rows[header_rows..], nc);
    Some(assemble(rows, &xs, rule, end, &limit))
}

/// A body text cell spans the empty slots on its right when a text of its column crosses
/// into them (TeX sets a multicolumn cell's text from its first column on): see
/// [`tables::widened_body_spans`].
fn widen_body_labels(rows: &mut [(Vec<Building>, f32, f32)], nc: usize) {
    let slots: Vec<BodySlot> = rows
        .iter()
        .enumerate()
        .flat_map(|(row, (cells, ..))| {
            cells.iter().map(move |b| BodySlot {
                row,
                col: b.col,
                span: b.span,
                text: b
                    .lines
                    .last()
                    .is_some_and(|l| !text::is_cell_number(&l.text)),
            })
        })
        .collect();
    let mut spans = tables::widened_body_spans(&slots, nc).into_iter();
    for b in rows.iter_mut().flat_map(|(cells, ..)| cells.iter_mut()) {
        b.span = spans.next().unwrap_or(b.span);
    }
}

/// Does piece `p` (in columns `c0..=c1`) go on the row of `cells` rather than open a row? A
/// text does when it continues a text cell of its column whose last line left no room for
/// what it opens with (a wrap, [`wraps_into`]) and stays within that cell; a number
/// does when its column is empty in the row: a number too wide for its column drops below
/// the glue that right-aligns it (TeX breaks the line there), the row's other cells stay up.
fn continues(
    cells: &[Building],
    (c0, c1): (usize, usize),
    p: &Piece,
    limit: &dyn Fn(usize, usize) -> f32,
) -> bool {
    if p.number {
        return !cells.iter().any(|b| b.col <= c0 && c0 < b.col + b.span);
    }
    // a wrapped line stays in its cell: a text reaching into the next column opens a row
    cells.iter().any(|b| {
        b.col == c0
            && c1 < b.col + b.span
            && b.lines.last().is_some_and(|last| {
                !text::is_cell_number(&last.text) && wraps_into(last, &p.line, limit(b.col, b.span))
            })
    })
}

/// Is `next` the rest of `last`, wrapped at `limit` (where the cell's text must end)? The
/// room left on `last`'s line is narrower than what `next` opens with and cannot be broken:
/// one glyph, or an opening bracket with the glyph after it (no line ends on `（`), a Latin
/// or digit word, with the closing punctuation that no line may start with. A code or an
/// amount (a number) never wraps.
fn wraps_into(last: &Line, next: &Line, limit: f32) -> bool {
    // a CJK glyph (full-width punctuation too) is an em wide, a Latin one about half
    let width: f32 = next
        .text
        .trim_start()
        .chars()
        .take(leading_run(&next.text))
        .map(|c| if text::is_cjk(c) { 1.0 } else { 0.55 })
        .sum();
    fills(last, limit) || limit - last.bbox.x1 < width * next.size
}

/// The number of characters `s` opens with that no line break may split: opening
/// brackets, then a Latin or digit word or one other character, then closing punctuation.
fn leading_run(s: &str) -> usize {
    const CLOSING: &[char] = &[
        '）', ')', '”', '’', '》', '】', ']', '〕', '，', '、', '。', '；', '：', '！', '？', ',',
        '.', ';', ':', '%',
    ];
    let cs: Vec<char> = s.trim_start().chars().collect();
    let open = cs.iter().take_while(|c| OPENING.contains(c)).count();
    let word = cs[open..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ','))
        .count();
    let body = if word > 0 {
        word
    } else {
        usize::from(open < cs.len())
    };
    let close = cs[open + body..]
        .iter()
        .take_while(|c| CLOSING.contains(c))
        .count();
    open + body + close
}

/// The distance between the baselines of two consecutive lines of the table (the smallest
/// one seen more than once, so that wrapped lines and rows count alike).
fn line_pitch(lines: &[Line], all: &[usize]) -> f32 {
    let mut d: Vec<f32> = all
        .windows(2)
        .map(|w| lines[w[1]].bbox.y1 - lines[w[0]].bbox.y1)
        .filter(|d| *d > 0.5)
        .collect();
    d.sort_by(f32::total_cmp);
    let size = all.first().map_or(10.0, |&k| lines[k].size);
    d.get(d.len() / 4).copied().unwrap_or(1.2 * size)
}

/// The room between two columns' texts: a number ends at its column's right edge (or,
/// too wide for its column, beyond it), so the widest room between a number and the next
/// column's start ([`RULES`]`.default_gap_em` when no number has a column on its right).
fn column_gap(rows: &[Vec<Piece>], starts: &[f32]) -> f32 {
    let gaps: Vec<f32> = rows
        .iter()
        .flatten()
        .filter(|p| p.number && !flush_left(p, starts))
        .filter_map(|p| {
            let next = starts.get(starts.partition_point(|&s| s < p.line.bbox.x1))?;
            Some(next - p.line.bbox.x1)
        })
        .collect();
    let size = rows
        .iter()
        .flatten()
        .map(|p| p.line.size)
        .fold(0.0, f32::max);
    let widest = RULES.default_gap_em * size;
    gaps.into_iter()
        .filter(|g| *g <= 2.0 * widest)
        .fold(None, |m: Option<f32>, g| Some(m.map_or(g, |m| m.max(g))))
        .unwrap_or(widest)
}

/// A line fills its cell when the room left before `limit` (where the cell's text must end)
/// is less than one glyph advance: the next glyph did not fit, the text wrapped.
fn fills(l: &Line, limit: f32) -> bool {
    let n = l.text.chars().filter(|c| !c.is_whitespace()).count().max(1);
    let advance = ((l.bbox.x1 - l.bbox.x0) / n as f32).max(l.size);
    limit - l.bbox.x1 < advance
}

/// Does piece `p` start at a column's start (within [`RULES`]`.flush_pt`)? A number set so is
/// too wide for its column (or just fits it): TeX printed it flush left, overfull.
fn flush_left(p: &Piece, starts: &[f32]) -> bool {
    starts
        .iter()
        .any(|s| (p.line.bbox.x0 - s).abs() <= RULES.flush_pt)
}

/// The columns a piece covers: a number the last column starting before its right edge,
/// unless it starts at a column's start and runs past the next one (too wide for its column,
/// TeX set it flush left there, overfull); a text from the column it starts in to the last
/// column it reaches into.
fn columns(p: &Piece, starts: &[f32]) -> (usize, usize) {
    let b = &p.line.bbox;
    let slack = 0.5 * p.line.size;
    let upto = |x: f32| starts.partition_point(|&s| s < x).saturating_sub(1);
    if p.number {
        let c = upto(b.x1);
        let c0 = upto(b.x0 + RULES.flush_pt);
        let c = if c0 < c && flush_left(p, starts) {
            c0
        } else {
            c
        };
        (c, c)
    } else {
        let c0 = upto(p.ink + slack);
        (c0, upto(b.x1 - slack).max(c0))
    }
}

/// The head's top rows of one text each, at the first column, are title or caption rows set
/// across the table (项目支出绩效目标表, (2022年) above a form's labels): they span every
/// column. Below the first row of two or more labels, a lone label is a column's.
fn widen_title_rows(rows: &mut [(Vec<Building>, f32, f32)], nc: usize) {
    for (cells, ..) in rows.iter_mut() {
        match cells.as_mut_slice() {
            [b] if b.col == 0 => b.span = nc,
            _ => break,
        }
    }
}

/// A header label spans the empty slots on its right, up to the next label of its row and
/// within the label above it, over columns that have a label in a row below.
fn widen_header_labels(rows: &mut [(Vec<Building>, f32, f32)], nc: usize) {
    for r in 0..rows.len() {
        // where the nearest label above each column ends
        let above: Vec<usize> = (0..nc)
            .map(|c| {
                rows[..r]
                    .iter()
                    .rev()
                    .find_map(|(cells, ..)| {
                        cells
                            .iter()
                            .find(|b| b.col <= c && c < b.col + b.span)
                            .map(|b| b.col + b.span)
                    })
                    .unwrap_or(nc)
            })
            .collect();
        let below: Vec<bool> = (0..nc)
            .map(|c| {
                rows[r + 1..]
                    .iter()
                    .any(|(cells, ..)| cells.iter().any(|b| b.col <= c && c < b.col + b.span))
            })
            .collect();
        let cells = &mut rows[r].0;
        cells.sort_by_key(|b| b.col);
        let nexts: Vec<usize> = (0..cells.len())
            .map(|i| cells.get(i + 1).map_or(nc, |n| n.col))
            .collect();
        for (b, next) in cells.iter_mut().zip(nexts) {
            let next = next.min(above[b.col]);
            while b.col + b.span < next && below[b.col + b.span] {
                b.span += 1;
            }
        }
    }
}

/// The page table: every slot of every row a cell (empty ones 1 × 1).
fn assemble(
    rows: Vec<(Vec<Building>, f32, f32)>,
    xs: &[f32],
    rule: &Rule,
    end: f32,
    limit: &dyn Fn(usize, usize) -> f32,
) -> PageTable {
    let nc = xs.len() - 1;
    let nr = rows.len();
    let mut ys = vec![rule.y];
    for w in rows.windows(2) {
        ys.push((w[0].2 + w[1].1) / 2.0);
    }
    ys.push(end.max(rows[nr - 1].2));
    let mut slots: Vec<(Cell, bool)> = Vec::new();
    for (r, (row, ..)) in rows.into_iter().enumerate() {
        let mut taken = vec![false; nc];
        for b in &row {
            for t in taken.iter_mut().skip(b.col).take(b.span) {
                *t = true;
            }
        }
        for b in row {
            let e = (xs[b.col], xs[(b.col + b.span).min(nc)]);
            let full = b
                .lines
                .last()
                .is_some_and(|l| fills(l, limit(b.col, b.span)));
            let cell = Cell {
                row: r,
                col: b.col,
                rowspan: 1,
                colspan: b.span,
                text: text::cell_text(&b.lines, Some(e)),
            };
            slots.push((cell, full));
        }
        for (c, _) in taken.iter().enumerate().filter(|(_, t)| !**t) {
            let cell = Cell {
                row: r,
                col: c,
                rowspan: 1,
                colspan: 1,
                text: String::new(),
            };
            slots.push((cell, false));
        }
    }
    slots.sort_by_key(|(c, _)| (c.row, c.col));
    let (cells, full): (Vec<Cell>, Vec<bool>) = slots.into_iter().unzip();
    let table = Table {
        rows: nr,
        cols: nc,
        cells,
        pages: Vec::new(),
    };
    PageTable {
        bbox: Rect {
            x0: rule.x0,
            y0: rule.y,
            x1: rule.x1,
            y1: ys[nr],
        },
        table,
        xs: xs.to_vec(),
        ys,
        irregular: 0,
        full,
        // Bounded by its rules: continued by its outer edges, as a ruled table.
        text_columns: Vec::new(),
        head_on_previous_page: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::page::tables::tests::word;

    fn rule(y: f32) -> Rect {
        Rect {
            x0: 50.0,
            y0: y,
            x1: 400.0,
            y1: y + 0.5,
        }
    }

    /// A 三线表: top rule, two header lines (a label spanning two columns over two
    /// labels), the header rule, body rows (one name wrapped in its column, one amount
    /// dropped below its row), the bottom rule. Columns: 50 | 150 | 250..400.
    fn page() -> Page {
        let mut glyphs = Vec::new();
        let mut put = |s: &str, x: f32, y: f32| glyphs.extend(word(s, x, y, 10.0));
        put("项目", 50.0, 105.0);
        put("支出预算", 152.0, 105.0);
        put("基本支出", 152.0, 117.0);
        put("项目支出", 252.0, 117.0);
        // body: numbers end at their column's right edge (150 - 2, 250 - 2, 400)
        put("一般公共服务", 50.0, 140.0);
        put("1.00", 228.0, 140.0);
        put("2.00", 380.0, 140.0);
        put("其他一般公共服务支", 50.0, 152.0);
        put("3.00", 228.0, 152.0);
        put("出", 50.0, 164.0);
        put("卫生健康", 50.0, 176.0);
        put("4.00", 228.0, 176.0);
        put("12,345.00", 355.0, 188.0);
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings: vec![rule(100.0), rule(130.0), rule(202.0)],
            warnings: Vec::new(),
        }
    }

    fn grid(t: &Table) -> Vec<Vec<String>> {
        let mut g = vec![vec![String::new(); t.cols]; t.rows];
        for c in &t.cells {
            let tag = if c.colspan > 1 {
                format!("{}|c{}", c.text, c.colspan)
            } else {
                c.text.clone()
            };
            g[c.row][c.col] = tag;
        }
        g
    }

    #[test]
    fn three_line_table_read_from_rules_and_alignment() {
        let p = page();
        let lines = text::lines(&p.glyphs);
        let found = find(&p, &lines);
        assert_eq!(found.len(), 1);
        let (t, idx) = &found[0];
        assert_eq!(idx.len(), lines.len(), "every line is in the table");
        assert_eq!(
            grid(&t.table),
            [
                ["项目", "支出预算|c2", ""],
                ["", "基本支出", "项目支出"],
                ["一般公共服务", "1.00", "2.00"],
                ["其他一般公共服务支出", "3.00", ""],
                ["卫生健康", "4.00", "12,345.00"],
            ]
        );
    }

    #[test]
    fn top_head_rows_of_one_text_span_the_table() {
        let cell = |col: usize, text: &str| Building {
            col,
            span: 1,
            lines: vec![Line {
                text: text.into(),
                bbox: Rect {
                    x0: 0.0,
                    y0: 0.0,
                    x1: 1.0,
                    y1: 1.0,
                },
                size: 7.0,
                segments: Vec::new(),
            }],
        };
        let row = |cells: Vec<Building>| (cells, 0.0, 0.0);
        let mut rows = vec![
            row(vec![cell(0, "项目支出绩效目标表")]),
            row(vec![cell(0, "(2022年)")]),
            row(vec![cell(0, "预算单位"), cell(1, "某县统计局")]),
            row(vec![cell(0, "编码")]),
        ];
        widen_title_rows(&mut rows, 4);
        let spans: Vec<Vec<usize>> = rows
            .iter()
            .map(|(cells, ..)| cells.iter().map(|b| b.span).collect())
            .collect();
        // below the first row of two labels a lone label is its column's (a wrapped head)
        assert_eq!(spans, [vec![4], vec![4], vec![1, 1], vec![1]]);
    }

    #[test]
    fn vertical_rulings_or_latin_text_are_not_for_this_finder() {
        let mut p = page();
        p.rulings.push(Rect {
            x0: 150.0,
            y0: 100.0,
            x1: 150.5,
            y1: 202.0,
        });
        let lines = text::lines(&p.glyphs);
        assert!(find(&p, &lines).is_empty());
        let mut p = page();
        p.glyphs
            .extend(word("Total expenditure by function", 60.0, 120.0, 10.0));
        p.glyphs
            .extend(word("Other general public services", 60.0, 145.0, 10.0));
        let lines = text::lines(&p.glyphs);
        assert!(find(&p, &lines).is_empty());
    }

    /// A page with `rules` (y) from 50 to 170 and `words` (text, x, y) at 10 pt.
    fn page_of(rules: &[f32], words: &[(&str, f32, f32)]) -> Page {
        let mut glyphs = Vec::new();
        for &(s, x, y) in words {
            glyphs.extend(word(s, x, y, 10.0));
        }
        let rulings = rules
            .iter()
            .map(|&y| Rect {
                x0: 50.0,
                y0: y,
                x1: 200.0,
                y1: y + 0.5,
            })
            .collect();
        Page {
            number: 1,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings,
            warnings: Vec::new(),
        }
    }

    fn only_table(p: &Page) -> Table {
        let lines = text::lines(&p.glyphs);
        let found = find(p, &lines);
        assert_eq!(found.len(), 1);
        found[0].0.table.clone()
    }

    #[test]
    fn leading_run_is_what_no_break_splits() {
        assert_eq!(leading_run("（基本建设）"), 2);
        assert_eq!(leading_run("出"), 1);
        assert_eq!(leading_run("设）"), 2);
        assert_eq!(leading_run("2021年"), 4);
        assert_eq!(leading_run(""), 0);
    }

    /// Columns 50 | 90 | 130..200; the header label 资本性支出（基本建设） wrapped in its narrow
    /// column: `支出` leaves room for one glyph, but the line broke before `（基` (no line ends
    /// on an opening bracket), which TeX hangs half an em to the left.
    #[test]
    fn header_wrapped_before_an_opening_bracket_is_one_label() {
        let p = page_of(
            &[100.0, 150.0, 170.0],
            &[
                ("项目", 50.0, 103.0),
                ("资本性", 90.0, 103.0),
                ("合计", 130.0, 103.0),
                ("支出", 90.0, 115.0),
                ("（基本", 85.0, 127.0),
                ("建设）", 90.0, 139.0),
                ("一般", 50.0, 155.0),
                ("1.00", 104.0, 155.0),
                ("2.00", 180.0, 155.0),
            ],
        );
        let t = only_table(&p);
        assert_eq!(t.rows, 2, "{:?}", grid(&t));
        let label: String = grid(&t)[0][1].split_whitespace().collect();
        assert_eq!(label, "资本性支出（基本建设）");
    }

    /// The empty table's 合计 in a narrow first column, then a note line crossing the columns:
    /// the note is a row of its own, not the rest of 合计.
    #[test]
    fn line_crossing_columns_is_no_wrap_of_the_cell_above() {
        let p = page_of(
            &[100.0, 115.0, 160.0],
            &[
                ("科目", 50.0, 103.0),
                ("合计", 90.0, 103.0),
                ("金额", 130.0, 103.0),
                ("合计", 56.0, 130.0),
                ("注：本表无数据。", 56.0, 142.0),
            ],
        );
        let g = grid(&only_table(&p));
        assert_eq!(g.len(), 3, "{g:?}");
        // (合计 spans the empty slots the note reaches into, as the merged cell it prints)
        assert_eq!(g[1][0], "合计|c3", "{g:?}");
        assert!(g[2][0].starts_with("注："), "{g:?}");
    }

    /// A number too wide for its column is set flush left at the column's start (overfull):
    /// it belongs to the column it starts in, not to the one its right edge reaches.
    #[test]
    fn overfull_number_stays_in_the_column_it_starts_in() {
        let p = page_of(
            &[100.0, 115.0, 160.0],
            &[
                ("科目", 50.0, 103.0),
                ("合计", 90.0, 103.0),
                ("其他", 130.0, 103.0),
                ("一般", 50.0, 130.0),
                ("12345.00", 90.0, 130.0),
                ("2.00", 180.0, 130.0),
            ],
        );
        let g = grid(&only_table(&p));
        assert_eq!(g[1], ["一般", "12345.00", "2.00"], "{g:?}");
    }

    /// A head set in its own box, centred and 9 pt narrower on each side than the body (the
    /// top rule shows it against the bottom rule): its labels sit 9 pt right of the body's
    /// columns (more than a column start's tolerance) and make no columns of their own.
    #[test]
    fn labels_of_a_narrower_centred_head_take_the_body_columns() {
        let mut p = page_of(
            &[100.0, 115.0, 160.0],
            &[
                ("科目", 59.0, 103.0),
                ("合计", 99.0, 103.0),
                ("一般", 50.0, 130.0),
                ("其他", 50.0, 142.0),
                ("1.00", 230.0, 130.0),
                ("2.00", 230.0, 142.0),
            ],
        );
        for (k, r) in p.rulings.iter_mut().enumerate() {
            (r.x0, r.x1) = if k < 2 { (59.0, 241.0) } else { (50.0, 250.0) };
        }
        let g = grid(&only_table(&p));
        assert_eq!(g, [["科目", "合计"], ["一般", "1.00"], ["其他", "2.00"]]);
    }

    /// TeX prints a typed space as glue: a gap of a space's width (0.3 em) in a cell set
    /// solid is a space, also before an opening bracket (its gap measured from its ink would
    /// split the cell); glyphs spread evenly (letter-spaced) get none.
    #[test]
    fn typed_space_in_a_cell_set_solid_is_a_space() {
        let p = page_of(
            &[100.0, 115.0, 170.0],
            &[
                ("三级指标", 50.0, 103.0),
                ("金额", 170.0, 103.0),
                ("购置", 50.0, 120.0),
                ("行政执法", 73.0, 120.0),
                ("1.00", 180.0, 120.0),
                ("打造", 50.0, 132.0),
                ("《无法》", 73.0, 132.0),
                ("2.00", 180.0, 132.0),
                ("组", 50.0, 144.0),
                ("织", 63.0, 144.0),
                ("会", 76.0, 144.0),
                ("3.00", 180.0, 144.0),
            ],
        );
        let g = grid(&only_table(&p));
        assert_eq!(
            g[1..],
            [
                ["购置 行政执法", "1.00"],
                ["打造 《无法》", "2.00"],
                ["组织会", "3.00"]
            ],
            "{g:?}"
        );
    }

    #[test]
    fn rule_under_a_spanning_label_is_no_table_edge() {
        let mut rulings = vec![rule(100.0), rule(130.0), rule(202.0)];
        rulings.push(Rect {
            x0: 150.0,
            y0: 115.0,
            x1: 400.0,
            y1: 115.4,
        });
        let r = wide_rules(&rulings).expect("rules");
        assert_eq!(
            r.iter().map(|r| r.y as i32).collect::<Vec<_>>(),
            [100, 130, 202]
        );
    }
}
