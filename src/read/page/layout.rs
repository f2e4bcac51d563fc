//! Pages → [`Layout`]: tables and paragraphs in reading order, tables
//! continued across pages merged into one.

use super::tables::{self, PageTable};
use super::text::{self, Line};
use super::{Glyph, Page};
use super::{cjk_grid, rules, whitespace};
use crate::layout::{Block, Cell, Layout, LayoutHints, Note, Paragraph, Table};

/// Tolerances of the cross-page table merge.
#[derive(Debug, Clone, Copy)]
pub struct ContinuationTolerances {
    /// Column boundaries of a continuation may differ by this much (pt).
    pub continuation_x_tol: f32,
    /// At most this many leading rows are taken for a repeated header.
    pub max_header_rows: usize,
}

/// The tolerances in use.
pub const CONTINUATION: ContinuationTolerances = ContinuationTolerances {
    continuation_x_tol: 3.0,
    max_header_rows: 6,
};

/// One block being built, with what the cross-page merge needs.
enum Built {
    Para(Paragraph),
    Table(PageTable),
}

enum Item {
    Line(Line),
    Table(PageTable),
}

impl Item {
    fn top(&self) -> f32 {
        match self {
            Item::Line(l) => l.bbox.y0,
            Item::Table(t) => t.bbox.y0,
        }
    }
}

/// Build the layout of a document from its pages (pure). `pages` is the page
/// count; warnings of the pages are carried over. The producer is left for
/// the caller.
pub fn build(pages: &[Page], hints: &LayoutHints) -> Layout {
    // Per page: lattice tables, and the lines outside them.
    let mut staged: Vec<(Vec<PageTable>, Vec<Line>)> = pages
        .iter()
        .map(|page| {
            let glyphs = text::dedup_glyphs(&page.glyphs);
            let lattice = tables::lattice(&page.rulings, &glyphs);
            let rest: Vec<Glyph> = glyphs
                .into_iter()
                .filter(|g| !tables::inside(&lattice, g))
                .collect();
            (lattice, text::lines(&rest))
        })
        .collect();
    // Running headers/footers and page numbers (never table content).
    let flags = {
        let view: Vec<(f32, &[Line])> = pages
            .iter()
            .zip(&staged)
            .map(|(p, (_, ls))| (p.height, ls.as_slice()))
            .collect();
        text::running_lines(&view)
    };
    for ((_, lines), fl) in staged.iter_mut().zip(&flags) {
        let mut k = 0;
        lines.retain(|_| {
            k += 1;
            !fl[k - 1]
        });
    }
    let mut out: Vec<Built> = Vec::new();
    let mut warnings: Vec<Note> = Vec::new();
    // Index in `out` of a table that ends its page (candidate to continue).
    let mut open_table: Option<usize> = None;
    // The paragraph being built: text, its last line, and that line's page
    // geometry (margins, body size), so a paragraph can continue on the next page.
    let mut para: Option<(Paragraph, Line, (f32, f32), f32)> = None;
    let mut prev_page: Option<&Page> = None;
    for (page, (lattice, lines)) in pages.iter().zip(staged) {
        warnings.extend(page.warnings.iter().cloned());
        // The column starts of a borderless grid ending the page before: its rows may go on.
        let open_starts: Vec<f32> = match open_table.map(|i| &out[i]) {
            Some(Built::Table(t)) => cjk_grid::starts_of(t),
            _ => Vec::new(),
        };
        // A line that ended the page before as a paragraph of its own: a table head cut
        // off by the page break when a borderless grid opens this page.
        let head = match (&para, prev_page) {
            (Some((p, l, ..)), Some(prev)) if p.text == l.text && p.page == Some(prev.number) => {
                let glyphs = text::dedup_glyphs(&prev.glyphs);
                cjk_grid::glyphs_of_lines(&glyphs, std::slice::from_ref(l)).remove(0)
            }
            _ => Vec::new(),
        };
        prev_page = Some(page);
        let items = page_items(page, lattice, lines, (&open_starts, &head), &mut warnings);
        let mut first = true;
        let margins = margins(&items, page.width);
        let body_size = body_size(&items);
        for item in items {
            match item {
                Item::Table(t) => {
                    // a grid that took the page before's last line as its head
                    let headed = first && t.head_on_previous_page;
                    if let Some((p, ..)) = para.take().filter(|_| !headed) {
                        out.push(Built::Para(p));
                    }
                    let merged = first
                        && open_table.is_some_and(|i| match &mut out[i] {
                            Built::Table(prev) => continue_table(prev, &t, page.number, hints),
                            Built::Para(_) => false,
                        });
                    if !merged {
                        let mut t = t;
                        t.table.pages = if headed {
                            vec![page.number.saturating_sub(1), page.number]
                        } else {
                            vec![page.number]
                        };
                        out.push(Built::Table(t));
                    }
                    open_table = Some(out.len() - 1);
                }
                Item::Line(l) => {
                    open_table = None;
                    para = Some(match para.take() {
                        Some((mut p, prev, pm, pb))
                            if joins(&prev, (pm, pb), &l, (margins, body_size), !first, hints) =>
                        {
                            // A line broken short is a line break in the
                            // paragraph, a wrap is none.
                            if short_of_margin(&prev, pm, &l) {
                                p.text.push('\n');
                            }
                            join_text(&mut p.text, &l.text);
                            (p, l, margins, body_size)
                        }
                        other => {
                            if let Some((p, ..)) = other {
                                out.push(Built::Para(p));
                            }
                            (
                                Paragraph {
                                    text: l.text.clone(),
                                    heading: None,
                                    page: Some(page.number),
                                },
                                l,
                                margins,
                                body_size,
                            )
                        }
                    });
                }
            }
            first = false;
        }
    }
    if let Some((p, ..)) = para.take() {
        out.push(Built::Para(p));
    }
    Layout {
        blocks: out
            .into_iter()
            .map(|b| match b {
                Built::Para(p) => Block::Paragraph(p),
                Built::Table(t) => Block::Table(t.table),
            })
            .collect(),
        pages: Some(pages.len() as u32),
        producer: None,
        warnings,
    }
}

/// Tables and body lines of one page, top to bottom.
fn page_items(
    page: &Page,
    lattice: Vec<PageTable>,
    lines: Vec<Line>,
    (open_starts, head): (&[f32], &[Glyph]),
    warnings: &mut Vec<Note>,
) -> Vec<Item> {
    for t in lattice.iter().filter(|t| t.irregular > 0) {
        warnings.push(Note {
            code: "pdf.table_irregular_merge".into(),
            message: format!(
                "{} merged region(s) of a {}x{} table are not rectangles: split into single cells",
                t.irregular, t.table.rows, t.table.cols
            ),
            at: Some(format!("page {}", page.number)),
        });
    }
    // Borderless tables from word alignment, then the amount-column
    // stream tables among the lines left.
    let mut in_stream = vec![false; lines.len()];
    let mut streams: Vec<PageTable> = Vec::new();
    // Tables ruled horizontally only (三线表) first: their rules bound them.
    let mut ruled = rules::find(page, &lines);
    for (_, idx) in &ruled {
        for &i in idx {
            in_stream[i] = true;
        }
    }
    // The labels of a figure (boxes standing apart) are no table.
    let unruled = |ls: &[Line]| {
        whitespace::find(ls)
            .into_iter()
            .filter(|(t, _)| !whitespace::is_figure(t, &page.rulings))
            .collect::<Found>()
    };
    // Borderless CJK grids (cells placed by a table layout, no rule at all) before the
    // word-alignment finder, which sees no gaps in Chinese text.
    claim(&mut in_stream, &mut streams, &lines, |ls: &[Line]| {
        cjk_grid::find(page, ls, open_starts, head)
    });
    claim(&mut in_stream, &mut streams, &lines, unruled);
    claim(&mut in_stream, &mut streams, &lines, tables::stream);
    streams.extend(ruled.drain(..).map(|(t, _)| t));
    if !streams.is_empty() {
        warnings.push(Note {
            code: "pdf.stream_table".into(),
            message: format!(
                "{} table(s) without vertical rulings rebuilt from text alignment",
                streams.len()
            ),
            at: Some(format!("page {}", page.number)),
        });
    }
    let mut items: Vec<Item> = lattice.into_iter().map(Item::Table).collect();
    items.extend(streams.into_iter().map(Item::Table));
    items.extend(
        lines
            .into_iter()
            .zip(in_stream)
            .filter(|(_, s)| !s)
            .map(|(l, _)| Item::Line(l)),
    );
    items.sort_by(|a, b| a.top().total_cmp(&b.top()));
    items
}

/// What a line-based table finder finds: tables with the indexes of the lines each takes.
type Found = Vec<(PageTable, Vec<usize>)>;

/// Run a line-based table finder on the lines not yet in a table; mark the lines it takes.
fn claim(
    in_stream: &mut [bool],
    streams: &mut Vec<PageTable>,
    lines: &[Line],
    finder: impl Fn(&[Line]) -> Found,
) {
    let left: Vec<usize> = (0..lines.len()).filter(|&i| !in_stream[i]).collect();
    let rest: Vec<Line> = left.iter().map(|&i| lines[i].clone()).collect();
    for (t, idx) in finder(&rest) {
        for i in idx {
            in_stream[left[i]] = true;
        }
        streams.push(t);
    }
}

/// Left and right text margins of the page's body lines. The right margin
/// is at least the mirror of the left one (pages with only short lines).
fn margins(items: &[Item], width: f32) -> (f32, f32) {
    let mut l = f32::MAX;
    let mut r = f32::MIN;
    for it in items {
        if let Item::Line(line) = it {
            l = l.min(ink_left(line));
            r = r.max(line.bbox.x1);
        }
    }
    if l <= r && width > 0.0 {
        r = r.max(width - l);
    }
    (l, r)
}

/// Where a line's ink begins. A full-width opening bracket prints in the
/// right half of its em box, and TeX (xeCJK) hangs one that opens a line
/// into the margin by that half: such a line (`（一）…`) does not set the
/// left margin further left than the text beside it.
fn ink_left(l: &Line) -> f32 {
    let hangs = l
        .text
        .starts_with(['\u{FF08}', '\u{3010}', '\u{300A}', '\u{3014}']);
    l.bbox.x0 + if hangs { 0.5 * l.size } else { 0.0 }
}

/// The most common line size on the page (body text).
fn body_size(items: &[Item]) -> f32 {
    let mut sizes: Vec<(i32, usize)> = Vec::new();
    for it in items {
        if let Item::Line(l) = it {
            let k = (l.size * 2.0).round() as i32;
            let n = l.text.chars().count();
            match sizes.iter_mut().find(|(s, _)| *s == k) {
                Some(e) => e.1 += n,
                None => sizes.push((k, n)),
            }
        }
    }
    sizes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(k, _)| k as f32 / 2.0)
        .unwrap_or(12.0)
}

/// Is a title line: clearly larger than body text, or centred with wide
/// empty space on both sides.
fn is_title(l: &Line, (left, right): (f32, f32), body: f32) -> bool {
    if l.size > body * 1.15 {
        return true;
    }
    let (ml, mr) = (l.bbox.x0 - left, right - l.bbox.x1);
    ml > 4.0 * l.size && mr > 4.0 * l.size && (ml - mr).abs() < 2.0 * l.size
}

/// Is `next` a wrap of `prev` within one paragraph? `pm`/`pb` are the
/// margins and body size of `prev`'s page, `nm`/`nb` those of `next`'s;
/// `same_page` asks for `next` to be close below `prev`.
fn joins(
    prev: &Line,
    (pm, pb): ((f32, f32), f32),
    next: &Line,
    (nm, nb): ((f32, f32), f32),
    same_page: bool,
    h: &LayoutHints,
) -> bool {
    let size = prev.size.max(next.size);
    // One paragraph has one size: a heading one step up (小四 12 pt over
    // 五号 10.5 pt, 12.5 % apart) is a paragraph of its own.
    if (prev.size - next.size).abs() > 0.1 * size {
        return false;
    }
    let (tp, tn) = (is_title(prev, pm, pb), is_title(next, nm, nb));
    if tp || tn {
        // A long centred title wrapped onto a second centred line of the
        // same size.
        let gap = next.bbox.y0 - prev.bbox.y1;
        let centre = |l: &Line| (l.bbox.x0 + l.bbox.x1) / 2.0;
        return tn
            && same_page
            && (prev.size - next.size).abs() < 0.5
            && (-0.5 * size..=1.2 * size).contains(&gap)
            && (centre(prev) - centre(next)).abs() < 1.5 * size
            && (centre(prev) - (pm.0 + pm.1) / 2.0).abs() < 1.5 * size
            && prev.bbox.x1 - prev.bbox.x0 >= 0.6 * (pm.1 - pm.0)
            && !(h.is_heading)(&next.text);
    }
    // Previous line reaches (near) the right margin; ragged right edges
    // (ONLYOFFICE) fall up to ~2 em short, more when the next line starts
    // with an unbreakable Latin/digit word ("161.62万元") that did not fit.
    // A line broken short (a manual line break) still goes on when the next
    // line can only continue it: it starts with a comma, or with the unit
    // of the number the previous line ends with ("增加17.64" + "万元，…").
    if short_of_margin(prev, pm, next) && !continues_short_line(&prev.text, &next.text, h) {
        return false;
    }
    // New line at the left margin, not indented relative to the previous one.
    if next.bbox.x0 > nm.0 + 0.5 * size || (same_page && next.bbox.x0 > prev.bbox.x0 + 0.5 * size) {
        return false;
    }
    // Close below.
    let gap = next.bbox.y0 - prev.bbox.y1;
    if same_page && !(-0.5 * size..=1.2 * size).contains(&gap) {
        return false;
    }
    // A line split into wide-gapped segments is tabular, not prose.
    if prev.segments.len() > 1 || next.segments.len() > 1 {
        return false;
    }
    !(h.is_heading)(&next.text)
}

/// Does `prev` stop clearly short of the right margin `pm.1` (not a wrap)?
fn short_of_margin(prev: &Line, pm: (f32, f32), next: &Line) -> bool {
    let size = prev.size.max(next.size);
    prev.bbox.x1 < pm.1 - (3.0 + leading_run_em(&next.text)) * size
}

/// Does `next` continue `prev` even though `prev` stops short of the right
/// margin? `prev` must not end a sentence or clause (。；：！？ …), and
/// `next` starts with punctuation no line may start with (，、。；：）) or
/// with a unit / percent sign right after a number.
fn continues_short_line(prev: &str, next: &str, h: &LayoutHints) -> bool {
    let (p, n) = (prev.trim_end(), next.trim_start());
    let Some(last) = p.chars().last() else {
        return false;
    };
    if matches!(
        last,
        '。' | '；' | '：' | '！' | '？' | '!' | '?' | ';' | ':' | '…'
    ) {
        return false;
    }
    if n.starts_with(['，', '、', '。', '；', '：', '）', ',']) {
        return true;
    }
    last.is_ascii_digit() && (h.starts_with_unit)(n)
}

/// Width (em) of the unbreakable run a line starts with, which may have
/// pushed it off the previous line: a Latin/digit word ("161.62"), or a short
/// bracketed group ("（项）").
fn leading_run_em(s: &str) -> f32 {
    let ascii = s
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%'))
        .count();
    if ascii > 0 {
        return 0.55 * ascii as f32;
    }
    if s.starts_with(['（', '('])
        && let Some(end) = s.chars().take(6).position(|c| matches!(c, '）' | ')'))
    {
        return (end + 1) as f32;
    }
    0.0
}

fn join_text(acc: &mut String, next: &str) {
    let a = acc.chars().last();
    let b = next.chars().next();
    if let (Some(a), Some(b)) = (a, b)
        && a.is_ascii_alphabetic()
        && b.is_ascii_alphabetic()
    {
        acc.push(' ');
    }
    acc.push_str(next);
}

/// Cells of the first `k` rows, as comparable tuples; `None` when a cell
/// spans out of those rows (the header block is not closed at `k`).
/// A cell as (row, col, rowspan, colspan, text without white space).
type CellKey = (usize, usize, usize, usize, String);

fn head_rows(t: &Table, k: usize) -> Option<Vec<CellKey>> {
    let mut v = Vec::new();
    for c in t.cells.iter().filter(|c| c.row < k) {
        if c.row + c.rowspan > k {
            return None;
        }
        let text: String = c.text.chars().filter(|c| !c.is_whitespace()).collect();
        v.push((c.row, c.col, c.rowspan, c.colspan, text));
    }
    v.sort();
    Some(v)
}

/// Number of leading rows of `next` repeating the header of `first`.
fn repeated_header(first: &Table, next: &Table) -> usize {
    let mut best = 0;
    for k in 1..=CONTINUATION
        .max_header_rows
        .min(next.rows.saturating_sub(1))
        .min(first.rows)
    {
        match (head_rows(first, k), head_rows(next, k)) {
            (Some(a), Some(b))
                if a.len() == b.len()
                    && a.iter().zip(&b).all(|(x, y)| same_header_cell(x, y))
                    && a.iter().any(|c| !c.4.is_empty()) =>
            {
                best = k
            }
            _ => {}
        }
    }
    best
}

/// Is `rep` (a cell of a header row repeated at the top of a page) the cell
/// `orig` of the header? The same slot and text, or the text cut short:
/// LibreOffice draws a repeated header row no taller than it fits and clips
/// its cells' last lines ("政府性基金预算拨款" repeated as "政府性基金预算拨").
fn same_header_cell(orig: &CellKey, rep: &CellKey) -> bool {
    orig.0 == rep.0
        && orig.1 == rep.1
        && orig.2 == rep.2
        && orig.3 == rep.3
        && (orig.4 == rep.4 || (!rep.4.is_empty() && orig.4.starts_with(rep.4.as_str())))
}

/// Column boundaries of a table and of its continuation merged: both must
/// share the outer edges (within [`CONTINUATION.continuation_x_tol`]); inner boundaries
/// are the union of both (LibreOffice draws each section of a table with its
/// own column edges, and a page may hold rows that merge columns). Returns
/// the union and, for each boundary of `prev` and of `next`, its index in
/// the union.
fn union_columns(prev: &[f32], next: &[f32]) -> Option<(Vec<f32>, Vec<usize>, Vec<usize>)> {
    let (pf, pl) = (prev.first()?, prev.last()?);
    let (nf, nl) = (next.first()?, next.last()?);
    if (pf - nf).abs() > CONTINUATION.continuation_x_tol
        || (pl - nl).abs() > CONTINUATION.continuation_x_tol
    {
        return None;
    }
    let mut all: Vec<f32> = prev.to_vec();
    for &x in next {
        if !all
            .iter()
            .any(|p| (p - x).abs() <= CONTINUATION.continuation_x_tol)
        {
            all.push(x);
        }
    }
    all.sort_by(f32::total_cmp);
    let index = |x: f32| {
        (0..all.len())
            .min_by(|&a, &b| (all[a] - x).abs().total_cmp(&(all[b] - x).abs()))
            .unwrap_or(0)
    };
    let pm: Vec<usize> = prev.iter().map(|&x| index(x)).collect();
    let nm: Vec<usize> = next.iter().map(|&x| index(x)).collect();
    Some((all, pm, nm))
}

/// Column boundaries of an unruled table ([`whitespace`], [`cjk_grid`]) and of its
/// continuation, which have no outer edges to share: the columns match by
/// their text ([`whitespace::same_columns`]: the same count, each column's
/// text over the same one's), or the continuation repeats the header with
/// as many columns. The boundaries are `prev`'s with the outer ones widened
/// to `next`'s, each table's mapped one to one (as [`union_columns`]).
/// Tables of different column counts match by their columns' left edges
/// ([`aligned_starts`]).
fn unruled_columns(
    prev: &PageTable,
    next: &PageTable,
) -> Option<(Vec<f32>, Vec<usize>, Vec<usize>)> {
    let (a, b) = (&prev.text_columns, &next.text_columns);
    if a.len() != b.len() {
        return aligned_starts(prev, next);
    }
    if prev.xs.len() != next.xs.len()
        || !(whitespace::same_columns(a, b) || repeated_header(&prev.table, &next.table) > 0)
    {
        return None;
    }
    let mut xs = prev.xs.clone();
    let last = xs.len() - 1;
    xs[0] = xs[0].min(next.xs[0]);
    xs[last] = xs[last].max(next.xs[last]);
    let one_to_one: Vec<usize> = (0..xs.len()).collect();
    Some((xs, one_to_one.clone(), one_to_one))
}

/// Two unruled tables of different column counts whose text starts at its columns' left
/// edges ([`cjk_grid`]: a page of a long table leaves some columns empty — 217 金融支出
/// … under 支出 only — or the other page has a column the first never filled): every
/// column of the narrower table starts where one of the wider's does (the first ones
/// alike, within [`CONTINUATION`]`.continuation_x_tol`). The boundaries are the wider
/// table's (outer ones widened), the narrower's columns mapped onto them.
fn aligned_starts(
    prev: &PageTable,
    next: &PageTable,
) -> Option<(Vec<f32>, Vec<usize>, Vec<usize>)> {
    let prev_wider = prev.text_columns.len() > next.text_columns.len();
    let (wide, narrow) = if prev_wider {
        (prev, next)
    } else {
        (next, prev)
    };
    let starts = |t: &PageTable| -> Vec<f32> { t.text_columns.iter().map(|c| c.0).collect() };
    let (ws, ns) = (starts(wide), starts(narrow));
    let tol = CONTINUATION.continuation_x_tol;
    if wide.xs.len() != ws.len() + 1
        || narrow.xs.len() != ns.len() + 1
        || (ws.first()? - ns.first()?).abs() > tol
    {
        return None;
    }
    let mut map: Vec<usize> = Vec::with_capacity(ns.len() + 1);
    for s in &ns {
        let j = ws.iter().position(|w| (w - s).abs() <= tol)?;
        if map.last().is_some_and(|&l| l >= j) {
            return None;
        }
        map.push(j);
    }
    map.push(ws.len());
    let mut xs = wide.xs.clone();
    let last = xs.len() - 1;
    xs[0] = xs[0].min(narrow.xs[0]);
    xs[last] = xs[last].max(narrow.xs[ns.len()]);
    let one_to_one: Vec<usize> = (0..xs.len()).collect();
    Some(if prev_wider {
        (xs, one_to_one, map)
    } else {
        (xs, map, one_to_one)
    })
}

/// The text columns of an unruled table after `next` joined it (`cols`
/// columns now, `pm` / `nm` each table's boundaries on the joined grid):
/// both tables' extents merged, or none when either table is ruled or a
/// joined column has no text extent (the columns were split by the merge).
fn continued_text_columns(
    (prev, pm): (&PageTable, &[usize]),
    (next, nm): (&PageTable, &[usize]),
    cols: usize,
) -> Vec<(f32, f32)> {
    let mut out: Vec<Option<(f32, f32)>> = vec![None; cols];
    for (t, map) in [(prev, pm), (next, nm)] {
        if t.text_columns.is_empty() || t.text_columns.len() + 1 != map.len() {
            return Vec::new();
        }
        for (c, &i) in t.text_columns.iter().zip(map) {
            let Some(slot) = out.get_mut(i) else {
                return Vec::new();
            };
            *slot = Some(slot.map_or(*c, |o| whitespace::merge_columns(&[o], &[*c])[0]));
        }
    }
    out.into_iter()
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default()
}

/// A cell moved onto a finer column grid (`map`: old boundary → new).
fn remap_cell(c: &Cell, map: &[usize]) -> Cell {
    let last = map.len().saturating_sub(1);
    let col = map[c.col.min(last)];
    let end = map[(c.col + c.colspan).min(last)];
    Cell {
        col,
        colspan: end.saturating_sub(col).max(1),
        ..c.clone()
    }
}

/// A cell of an unruled table moved onto the joined columns (`map`: old column → new, as
/// [`aligned_starts`] gives it): it spans from its first column's place to its last one's
/// (the joined columns between them that its page left empty are not its own).
fn remap_column(c: &Cell, map: &[usize]) -> Cell {
    let last = map.len().saturating_sub(1);
    let col = map[c.col.min(last)];
    let end = map[(c.col + c.colspan.max(1) - 1).min(last)] + 1;
    Cell {
        col,
        colspan: end.saturating_sub(col).max(1),
        ..c.clone()
    }
}

/// Only digits, separators, signs and percent: an amount, never the tail of
/// a wrapped label.
fn is_numeric(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '%' | '-' | '+' | ' ' | '\n'))
}

/// Is the first row of `next` (cells of row 0, already on `prev`'s column
/// grid) the rest of `prev`'s last row, cut by the page break (LibreOffice
/// and Word let a row break across pages and repeat nothing)? Every cell of
/// that row must sit exactly under a cell ending at `prev`'s last row; each
/// one with text must continue a cell whose text is not a number and whose
/// last line runs up to the cell's right edge (the text wrapped there), and
/// hold no number itself. Returns (index in `next`, index in `prev`) pairs
/// and whether the row is only partly such a rest: a header row whose
/// vertically merged cells are cut by the page break while its other cells
/// open a row of their own under a wider cell (项目 over 科目编码 | 科目名称,
/// beside 本年收入 / 合计 and 财政拨款 / 收入). Then the pairs are the cells
/// continuing a merged cell (text, or an empty box under a text cell), and
/// the rest of the row stays a row.
fn split_row(
    prev: &PageTable,
    next: &[Cell],
    h: &LayoutHints,
) -> Option<(Vec<(usize, usize)>, bool)> {
    let rows = prev.table.rows;
    let mut pairs = Vec::new();
    let mut any_text = false;
    let mut partial = false;
    let mut any_number = false;
    let mut any_dangling = false;
    for (i, c) in next.iter().enumerate().filter(|(_, c)| c.row == 0) {
        let Some(j) =
            prev.table.cells.iter().position(|p| {
                p.row + p.rowspan == rows && p.col == c.col && p.colspan == c.colspan
            })
        else {
            if is_numeric(&c.text) {
                return None;
            }
            partial = true;
            continue;
        };
        let p = &prev.table.cells[j];
        if !c.text.trim().is_empty() {
            if p.text.trim().is_empty() || !prev.full.get(j).copied().unwrap_or(false) {
                return None;
            }
            match (is_numeric(&p.text), is_numeric(&c.text)) {
                // A text opening with an enumeration ("二十一、", "（三）")
                // is the next item, not the rest of a wrapped one.
                (false, false) if (h.is_heading)(&c.text) => return None,
                // A label opening with the next code of the column ("229 …" /
                // "230…") is the next row, not the rest of a wrapped one.
                (false, false) if next_code(&p.text, &c.text) => return None,
                (false, false) => {}
                // An amount wrapped in a narrow cell ("3,634,24" / "1.32"):
                // the digits before the break filled the cell, and both
                // parts read as one amount.
                (true, true) if wrapped_amount(&p.text, &c.text, h).is_some() => {
                    any_number = true;
                    any_dangling |= dangling(&p.text, &c.text);
                }
                _ => return None,
            }
            any_text = true;
        }
        pairs.push((i, j));
    }
    // Wrapped amounts go on only with the rest of their own row. A label
    // beside them (continuing a label that filled its cell, checked above)
    // could also open a new row, so then one amount must be visibly cut
    // ("1179." / "27", "3,634,24" / "1.32"): a fragment is no amount of its own.
    let labels = next
        .iter()
        .any(|c| c.row == 0 && !c.text.trim().is_empty() && !is_numeric(&c.text));
    if any_number && (partial || (labels && !any_dangling)) {
        return None;
    }
    if partial {
        // Only cells under a text cell continue it; the others belong to
        // the new row.
        pairs.retain(|&(_, j)| !prev.table.cells[j].text.trim().is_empty());
    }
    any_text.then_some((pairs, partial))
}

/// Is `t`'s last row an empty strip left by a row the page break moved to
/// the next page whole (Chromium prints a table row that does not fit on the
/// next page): every cell starting in it empty, and cells from above spanning
/// into it (their part beside the moved row, cut by the break)?
fn moved_row_strip(t: &Table) -> bool {
    let Some(last) = t.rows.checked_sub(1) else {
        return false;
    };
    t.cells
        .iter()
        .filter(|c| c.row == last)
        .all(|c| c.text.trim().is_empty())
        && t.cells
            .iter()
            .any(|c| c.row < last && c.row + c.rowspan == t.rows)
}

/// The grid rows at the top of a continuation that hold the one row moved
/// there whole (see [`moved_row_strip`]): the first `k ≥ 2` rows no row
/// boundary closes, in which the moved row's text cells span all `k`, the
/// cut cells go on beside them as empty boxes on the first row (shorter by
/// the strip they left on the page before), and only empty slots lie under
/// those boxes. `None` when the top of `next` is not such a band.
fn moved_row_band(next: &[(Cell, bool)]) -> Option<usize> {
    let mut k = 1;
    while let Some(end) = next
        .iter()
        .filter(|(c, _)| c.row < k)
        .map(|(c, _)| c.row + c.rowspan)
        .max()
        .filter(|&e| e > k)
    {
        k = end;
    }
    let empty = |c: &Cell| c.text.trim().is_empty();
    let first = || next.iter().map(|(c, _)| c).filter(|c| c.row == 0);
    let gap_empty = next
        .iter()
        .filter(|(c, _)| c.row > 0 && c.row < k)
        .all(|(c, _)| empty(c));
    let boxes = first().any(|c| c.rowspan < k && empty(c));
    let moved = first().any(|c| c.rowspan == k && !empty(c));
    (k >= 2 && gap_empty && boxes && moved).then_some(k)
}

/// Join a row the page break moved whole (`band` rows at the top of the
/// continuation `next`, see [`moved_row_band`]) back into one row, and drop
/// the empty strip it left at the bottom of `prev`: a cell cut by the break
/// keeps its rows, its box on the next page standing for its part in the
/// strip; the other cells spanning into the strip lose it. Returns the rows
/// removed from `next`.
fn rejoin_moved_row(prev: &mut PageTable, next: &mut Vec<(Cell, bool)>, band: usize) -> usize {
    let last = prev.table.rows - 1;
    let full = prev.full.iter().copied().chain(std::iter::repeat(false));
    let (cells, full): (Vec<Cell>, Vec<bool>) = std::mem::take(&mut prev.table.cells)
        .into_iter()
        .zip(full)
        .filter(|(c, _)| c.row != last)
        .unzip();
    prev.table.cells = cells;
    prev.full = full;
    let is_box = |c: &Cell| c.row == 0 && c.rowspan < band && c.text.trim().is_empty();
    for p in prev
        .table
        .cells
        .iter_mut()
        .filter(|p| p.row + p.rowspan > last)
    {
        match next
            .iter()
            .position(|(c, _)| is_box(c) && c.col == p.col && c.colspan == p.colspan)
        {
            Some(i) => drop(next.remove(i)),
            None => p.rowspan -= 1,
        }
    }
    next.retain(|(c, _)| c.row == 0 || c.row >= band);
    for (c, _) in next.iter_mut() {
        if c.row == 0 {
            c.rowspan = c.rowspan.saturating_sub(band - 1).max(1);
        } else {
            c.row -= band - 1;
        }
    }
    prev.table.rows = last;
    band - 1
}

/// The digits a label opens with, when a non-digit follows them ("229 其他支出"
/// → 229; an amount "1.00" or a plain number has none).
fn leading_code(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = t[digits..].trim_start();
    let opens_text = rest
        .chars()
        .next()
        .is_some_and(|c| !c.is_ascii_digit() && !matches!(c, '.' | ',' | '%'));
    ((3..=9).contains(&digits) && opens_text)
        .then(|| t[..digits].parse().ok())
        .flatten()
}

/// Does `tail` (top of the next page) open with a code of the same length
/// as the one `head` opens with, and a later one? Then it is the next item of
/// a coded column (科目编码 in the label: "229 其他支出" / "230转移性支出"),
/// not the rest of a label cut by the page break.
fn next_code(head: &str, tail: &str) -> bool {
    let digits = |s: &str| {
        s.trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .count()
    };
    match (leading_code(head), leading_code(tail)) {
        (Some(a), Some(b)) => b > a && digits(head) == digits(tail),
        _ => false,
    }
}

/// Is an amount visibly cut between `head` and `tail`: a separator left
/// dangling at the break, or thousands grouping that only the join completes?
fn dangling(head: &str, tail: &str) -> bool {
    let (h, t) = (head.trim(), tail.trim());
    if h.ends_with(['.', ',']) || t.starts_with(['.', ',']) {
        return true;
    }
    h.rsplit_once(',')
        .is_some_and(|(_, last)| !last.contains('.') && last.len() != 3)
}

/// The amount printed as `head` at the bottom of a cell and `tail` at the
/// top of the next page: digits, separators and one point joined without a
/// break, read as one exact amount with a decimal point (budget amounts
/// print their cents; a count such as "31" is not cut).
fn wrapped_amount(head: &str, tail: &str, h: &LayoutHints) -> Option<String> {
    let joined = format!("{}{}", head.trim(), tail.trim());
    if joined.matches('.').count() != 1 || joined.contains(['%', ' ', '\n']) {
        return None;
    }
    (h.is_amount)(&joined).then_some(joined)
}

/// Text (white space removed) of a title row at the top of `t`: one cell
/// spanning every column of row 0 whose text ends in 表 (项目支出绩效目标表,
/// 表5 …支出情况表), and not a continuation title (续).
fn title_row(t: &Table, h: &LayoutHints) -> Option<String> {
    let mut filled = t
        .cells
        .iter()
        .filter(|c| c.row == 0 && !c.text.trim().is_empty());
    let c = filled.next()?;
    if filled.next().is_some() || c.col != 0 || c.colspan != t.cols {
        return None;
    }
    let text: String = c.text.chars().filter(|c| !c.is_whitespace()).collect();
    (h.is_table_title)(&text).then_some(text)
}

/// Text (white space removed) of the cell at column 0 of row `r`.
fn first_label(t: &Table, r: usize) -> Option<String> {
    t.cells
        .iter()
        .find(|c| c.row == r && c.col == 0)
        .map(|c| c.text.chars().filter(|c| !c.is_whitespace()).collect())
}

/// Does `next` (top of a page, on the same column grid as `prev`) begin a
/// table of its own although nothing printed separates them? It does when it
/// opens with a title row (see [`title_row`]) and either that title is not
/// `prev`'s, or it is the same form filled again: after the rows both share
/// (a repeated header would end there), the next row starts with the same
/// label in both (项目支出绩效目标表 … 预算单位 | 项目名称: one table per project).
/// A header repeated by the application (title included) is followed by
/// data rows, never by the label of `prev`'s first row after its header.
fn starts_new_table(prev: &Table, next: &Table, h: &LayoutHints) -> bool {
    let Some(title) = title_row(next, h) else {
        return false;
    };
    if title_row(prev, h).as_deref() != Some(title.as_str()) {
        return true;
    }
    let k = repeated_header(prev, next);
    k < prev.rows
        && k < next.rows
        && first_label(prev, k).is_some_and(|a| !a.is_empty() && first_label(next, k) == Some(a))
}

/// Append `next` (top of page `page`) to `prev` if it continues it: the
/// same outer edges, inner column boundaries merged; two unruled tables
/// (no edges, only text columns) match column by column instead
/// ([`unruled_columns`]). Repeated header
/// rows are dropped, a first row that is the rest of a row cut by the page
/// break is joined to that row, and a merged cell cut by it spans on.
fn continue_table(prev: &mut PageTable, next: &PageTable, page: u32, h: &LayoutHints) -> bool {
    let unruled = !prev.text_columns.is_empty() && !next.text_columns.is_empty();
    let matched = if unruled {
        unruled_columns(prev, next)
    } else {
        union_columns(&prev.xs, &next.xs)
    };
    let Some((xs, pm, nm)) = matched else {
        return false;
    };
    let cols = xs.len() - 1;
    // Ruled tables map their boundaries onto the joined grid, unruled ones their columns.
    let remap = |c: &Cell, map: &[usize]| {
        if unruled {
            remap_column(c, map)
        } else {
            remap_cell(c, map)
        }
    };
    let moved = Table {
        cells: next.table.cells.iter().map(|c| remap(c, &nm)).collect(),
        cols,
        ..next.table.clone()
    };
    let remapped = Table {
        cells: prev.table.cells.iter().map(|c| remap(c, &pm)).collect(),
        cols,
        ..prev.table.clone()
    };
    if starts_new_table(&remapped, &moved, h) {
        return false;
    }
    prev.text_columns = continued_text_columns((prev, &pm), (next, &nm), cols);
    prev.table = remapped;
    prev.xs = xs;
    let skip = repeated_header(&prev.table, &moved);
    let mut cells: Vec<(Cell, bool)> = Vec::new();
    for (c, &f) in moved.cells.iter().zip(&next.full) {
        if c.row >= skip {
            let mut c = c.clone();
            c.row -= skip;
            cells.push((c, f));
        }
    }
    let mut next_rows = next.table.rows - skip;
    let band = (skip == 0 && moved_row_strip(&prev.table))
        .then(|| moved_row_band(&cells))
        .flatten();
    if let Some(band) = band {
        next_rows = next_rows.saturating_sub(rejoin_moved_row(prev, &mut cells, band));
    }
    let plain: Vec<Cell> = cells.iter().map(|(c, _)| c.clone()).collect();
    let split = split_row(prev, &plain, h);
    let mut offset = prev.table.rows;
    let mut drop = vec![false; cells.len()];
    if let Some((pairs, partial)) = &split {
        if !partial {
            offset = offset.saturating_sub(1);
        }
        for &(i, j) in pairs {
            let (c, f) = &cells[i];
            let p = &mut prev.table.cells[j];
            if !c.text.trim().is_empty() {
                // The last line on the page reached the cell edge: a wrap.
                if let Some(amount) = wrapped_amount(&p.text, &c.text, h) {
                    p.text = amount;
                } else {
                    if !text::is_cjk_wrap(&p.text, &c.text) {
                        p.text.push('\n');
                    }
                    p.text.push_str(c.text.trim());
                }
                if let Some(pf) = prev.full.get_mut(j) {
                    *pf = *f;
                }
            }
            p.rowspan += if *partial {
                c.rowspan
            } else {
                c.rowspan.saturating_sub(1)
            };
            drop[i] = true;
        }
    } else {
        // A vertically merged cell cut by the page break goes on as an
        // empty box spanning rows at the top of the next page (nothing is
        // repeated): both parts span rows, the first holds the text.
        let rows = prev.table.rows;
        for (i, (c, _)) in cells.iter().enumerate() {
            if c.row != 0 || c.rowspan < 2 || !c.text.trim().is_empty() {
                continue;
            }
            if let Some(p) = prev.table.cells.iter_mut().find(|p| {
                p.row + p.rowspan == rows
                    && p.col == c.col
                    && p.colspan == c.colspan
                    && p.rowspan >= 2
                    && !p.text.trim().is_empty()
            }) {
                p.rowspan += c.rowspan;
                drop[i] = true;
            }
        }
    }
    for ((c, f), d) in cells.into_iter().zip(drop) {
        if !d {
            prev.table.cells.push(Cell {
                row: c.row + offset,
                ..c
            });
            prev.full.push(f);
        }
    }
    prev.table.rows = offset + next_rows;
    if !prev.table.pages.contains(&page) {
        prev.table.pages.push(page);
    }
    prev.ys = next.ys.clone();
    prev.bbox = next.bbox;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader with the budget template's hints.
    fn build(pages: &[Page]) -> Layout {
        super::build(pages, &crate::recognize::hints::BUDGET)
    }
    use crate::read::page::tables::tests::{hline, vline, word};
    use crate::read::page::{Glyph, Rect};

    /// A 2-col table: header row "项目 | 金额", then data rows.
    fn table_page(number: u32, top: f32, title: Option<&str>, rows: &[(&str, &str)]) -> Page {
        let mut glyphs = Vec::new();
        let mut rulings = Vec::new();
        if let Some(t) = title {
            glyphs.extend(word(t, 200.0, top - 40.0, 16.0));
        }
        let n = rows.len() + 1;
        for k in 0..=n {
            rulings.push(hline(top + 20.0 * k as f32, 50.0, 450.0));
        }
        for x in [50.0, 250.0, 450.0] {
            rulings.push(vline(x, top, top + 20.0 * n as f32));
        }
        glyphs.extend(word("项目", 60.0, top + 4.0, 10.0));
        glyphs.extend(word("金额", 260.0, top + 4.0, 10.0));
        for (i, (a, b)) in rows.iter().enumerate() {
            let y = top + 20.0 * (i + 1) as f32 + 4.0;
            glyphs.extend(word(a, 60.0, y, 10.0));
            glyphs.extend(word(b, 400.0, y, 10.0));
        }
        Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn table_over_two_pages_merged_header_dropped() {
        let p1 = table_page(
            1,
            100.0,
            Some("部门收入预算总表"),
            &[("行政运行", "1.00"), ("一般行政", "2.00")],
        );
        let p2 = table_page(2, 60.0, None, &[("住房公积金", "3.00"), ("合计", "6.00")]);
        let l = build(&[p1, p2]);
        assert_eq!(l.pages, Some(2));
        let tables: Vec<&Table> = l
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 1);
        let t = tables[0];
        assert_eq!(t.pages, vec![1, 2]);
        assert_eq!((t.rows, t.cols), (5, 2));
        let col0: Vec<&str> = (0..t.rows)
            .map(|r| t.cell_at(r, 0).map_or("", |c| c.text.as_str()))
            .collect();
        assert_eq!(col0, ["项目", "行政运行", "一般行政", "住房公积金", "合计"]);
        assert_eq!(t.cell_at(4, 1).map(|c| c.text.as_str()), Some("6.00"));
        // Title paragraph comes before the table.
        match &l.blocks[0] {
            Block::Paragraph(p) => {
                assert_eq!(p.text, "部门收入预算总表");
                assert_eq!(p.page, Some(1));
            }
            other => panic!("expected title paragraph, got {other:?}"),
        }
    }

    #[test]
    fn continuation_with_merged_total_row() {
        let p1 = table_page(1, 100.0, Some("支出表"), &[("行政运行", "1.00")]);
        // Page 2: only a total row whose label spans... here a 1-col row
        // (no middle ruling) and a 2-col row: boundaries are a subset.
        let mut p2 = Page {
            number: 2,
            ..table_page(2, 60.0, None, &[])
        };
        p2.rulings = vec![
            hline(60.0, 50.0, 450.0),
            hline(80.0, 50.0, 450.0),
            vline(50.0, 60.0, 80.0),
            vline(450.0, 60.0, 80.0),
            hline(100.0, 50.0, 450.0),
            vline(50.0, 80.0, 100.0),
            vline(450.0, 80.0, 100.0),
        ];
        p2.glyphs = word("合计", 60.0, 64.0, 10.0);
        p2.glyphs.extend(word("备", 60.0, 84.0, 10.0));
        let l = build(&[p1, p2]);
        let t: Vec<&Table> = l
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].pages, vec![1, 2]);
        assert_eq!(t[0].rows, 4);
        let last = t[0].cell_at(2, 0).expect("total row");
        assert_eq!((last.colspan, last.text.as_str()), (2, "合计"));
    }

    #[test]
    fn titled_table_on_next_page_is_not_merged() {
        let p1 = table_page(1, 100.0, Some("表一"), &[("行政运行", "1.00")]);
        let p2 = table_page(2, 100.0, Some("表二"), &[("住房公积金", "3.00")]);
        let l = build(&[p1, p2]);
        let n = l
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Table(_)))
            .count();
        assert_eq!(n, 2);
    }

    fn text_page(lines: &[(&str, f32, f32)]) -> Page {
        let mut glyphs = Vec::new();
        for (s, x, y) in lines {
            glyphs.extend(word(s, *x, *y, 12.0));
        }
        Page {
            number: 1,
            // Text block 60..420: symmetric margins.
            width: 480.0,
            height: 842.0,
            glyphs,
            ..Default::default()
        }
    }

    fn paras(l: &Layout) -> Vec<String> {
        l.paragraph_texts().into_iter().map(String::from).collect()
    }

    /// xeCJK hangs a bracket that opens a line (`（一）…`) half an em into the margin: the
    /// page's wrapped lines at the margin are still joined.
    #[test]
    fn bracket_hung_into_the_margin_keeps_the_margin() {
        let full = "这是一段很长的正文内容用于测试自动换行的拼接效果啊啊啊啊"; // 60..420
        let p = text_page(&[
            ("（一）机关运行经费情况", 52.0, 100.0),
            (full, 60.0, 120.0),
            ("末行。", 60.0, 140.0),
        ]);
        let l = build(&[p]);
        assert_eq!(
            paras(&l),
            [
                "（一）机关运行经费情况".to_string(),
                format!("{full}末行。")
            ]
        );
    }

    #[test]
    fn paragraph_wraps_joined() {
        let full = "这是一段很长的正文内容用于测试自动换行的拼接效果啊啊啊啊"; // 30 chars = 360pt
        let p = text_page(&[
            ("一、部门主要职能", 60.0, 100.0),
            (
                "这是第一段首行缩进的文字内容用于测试换行拼接效果啊啊",
                84.0,
                120.0,
            ), // ends at 420
            (full, 60.0, 140.0),
            ("末行。", 60.0, 160.0),
            ("（一）下一个标题", 60.0, 180.0),
            ("  第二段首行缩进", 84.0, 200.0),
        ]);
        let l = build(&[p]);
        let got = paras(&l);
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[0], "一、部门主要职能");
        assert_eq!(
            got[1],
            format!("这是第一段首行缩进的文字内容用于测试换行拼接效果啊啊{full}末行。")
        );
        assert_eq!(got[2], "（一）下一个标题");
    }

    /// A heading set one size up (12 pt over 10.5 pt body) that runs to the
    /// right margin is not wrapped into the body line below it, which is
    /// not indented either; a body paragraph still wraps.
    #[test]
    fn full_width_heading_in_larger_font_not_joined() {
        let mut glyphs = word(
            "四、关于财政拨款收支预算情况的总体说明啊啊",
            60.0,
            100.0,
            12.0,
        ); // 21 × 12 = 252pt
        let body = "本年度财政拨款收支总预算二千八百九十七万元整其中一般公"; // 27 × 10.5 ≈ 284pt, the right margin
        glyphs.extend(word(body, 60.0, 116.0, 10.5));
        glyphs.extend(word("共预算支出。", 60.0, 130.0, 10.5));
        let p = Page {
            number: 1,
            width: 403.0,
            height: 842.0,
            glyphs,
            ..Default::default()
        };
        let got = paras(&build(&[p]));
        assert_eq!(
            got,
            [
                "四、关于财政拨款收支预算情况的总体说明啊啊".to_string(),
                format!("{body}共预算支出。")
            ]
        );
    }

    #[test]
    fn wrapped_title_joined_short_titles_not() {
        let mut glyphs = word(
            "第三部分某某部门二〇二四年度部门决算情况",
            40.0,
            100.0,
            18.0,
        ); // 40..418
        glyphs.extend(word("说明", 211.0, 122.0, 18.0));
        glyphs.extend(word("收入决算表", 195.0, 160.0, 18.0));
        glyphs.extend(word("编制单位：某某部门", 40.0, 190.0, 12.0));
        let l = build(&[Page {
            number: 1,
            width: 460.0,
            height: 842.0,
            glyphs,
            ..Default::default()
        }]);
        assert_eq!(
            paras(&l),
            [
                "第三部分某某部门二〇二四年度部门决算情况说明",
                "收入决算表",
                "编制单位：某某部门"
            ]
        );
    }

    #[test]
    fn paragraph_continues_on_next_page() {
        let full = "这是一段很长的正文内容用于测试自动换行的拼接效果啊啊啊啊"; // 60..420
        let mut p1 = text_page(&[("二、标题", 60.0, 100.0), (full, 60.0, 780.0)]);
        p1.number = 1;
        let mut p2 = text_page(&[("续行。", 60.0, 60.0), ("  新段落", 84.0, 80.0)]);
        p2.number = 2;
        let l = build(&[p1, p2]);
        assert_eq!(
            paras(&l),
            [
                "二、标题".to_string(),
                format!("{full}续行。"),
                "新段落".to_string()
            ]
        );
        match &l.blocks[1] {
            Block::Paragraph(p) => assert_eq!(p.page, Some(1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn page_numbers_not_in_text() {
        let mut pages = Vec::new();
        for n in 1..=3u32 {
            let mut p = text_page(&[("正文", 60.0, 100.0)]);
            p.number = n;
            p.glyphs.extend(word(&n.to_string(), 290.0, 800.0, 10.0));
            pages.push(p);
        }
        let l = build(&pages);
        assert_eq!(paras(&l), ["正文", "正文", "正文"]);
    }

    #[test]
    fn lone_number_in_table_at_page_bottom_kept() {
        let mut pages = Vec::new();
        for n in 1..=3u32 {
            let mut p = table_page(n, 760.0, Some(&format!("表{n}")), &[("合计", "0")]);
            p.glyphs.extend(word(&n.to_string(), 290.0, 820.0, 10.0));
            pages.push(p);
        }
        let l = build(&pages);
        let mut zeros = 0;
        for b in &l.blocks {
            match b {
                Block::Table(t) => {
                    assert_eq!(t.cell_at(1, 1).map(|c| c.text.as_str()), Some("0"));
                    zeros += 1;
                }
                Block::Paragraph(p) => assert!(p.text.starts_with('表'), "{p:?}"),
            }
        }
        assert_eq!(zeros, 3);
    }

    /// Pathological pages (leader dots, hatching) stay cheap and table-free.
    #[test]
    fn many_glyphs_and_rulings() {
        let mut p = text_page(&[]);
        for i in 0..20_000 {
            let (x, y) = ((i % 200) as f32 * 2.0, (i / 200) as f32 * 8.0);
            p.glyphs.extend(word("…", x, y, 6.0));
            p.glyphs.extend(word("…", x + 0.2, y, 6.0)); // fake bold twin
        }
        for i in 0..1500 {
            p.rulings.push(hline(i as f32 * 0.5, 0.0, 400.0));
            p.rulings.push(vline(i as f32 * 0.5, 0.0, 400.0));
        }
        let l = build(&[p]);
        for b in &l.blocks {
            if let Block::Table(t) = b {
                panic!("table {}x{}", t.rows, t.cols);
            }
        }
    }

    /// Random glyphs and rulings (including NaN and huge values) never panic.
    #[test]
    fn random_pages_do_not_panic() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let chars = ['合', '计', '1', ',', '.', '0', ' ', '表', '-', '一', '、'];
        for round in 0..30 {
            let mut pages = Vec::new();
            for n in 1..=3u32 {
                let mut p = Page {
                    number: n,
                    width: 595.0,
                    height: 842.0,
                    ..Default::default()
                };
                for _ in 0..(next() % 300) {
                    let x = (next() % 600) as f32;
                    let y = (next() % 850) as f32;
                    let size = (next() % 20) as f32;
                    let ch = chars[(next() % chars.len() as u64) as usize];
                    p.glyphs.extend(word(&ch.to_string(), x, y, size));
                }
                for _ in 0..(next() % 60) {
                    let a = (next() % 600) as f32;
                    let b = (next() % 850) as f32;
                    let len = (next() % 400) as f32;
                    if next() % 2 == 0 {
                        p.rulings.push(hline(b, a, a + len));
                    } else {
                        p.rulings.push(vline(a, b, b + len));
                    }
                }
                if round % 5 == 0 {
                    p.glyphs.push(Glyph {
                        ch: '1',
                        bbox: Rect {
                            x0: f32::NAN,
                            y0: 1.0,
                            x1: f32::INFINITY,
                            y1: 2.0,
                        },
                        size: 10.0,
                    });
                    p.rulings.push(Rect {
                        x0: f32::NAN,
                        y0: 0.0,
                        x1: 1e30,
                        y1: 0.5,
                    });
                }
                pages.push(p);
            }
            let l = build(&pages);
            for b in &l.blocks {
                if let Block::Table(t) = b {
                    let slots = t.slots();
                    assert!(slots.iter().flatten().all(|s| s.is_some()));
                }
            }
        }
    }

    #[test]
    fn non_rulings_ignored() {
        let mut p = text_page(&[("正文", 60.0, 100.0)]);
        p.rulings.push(Rect {
            x0: 0.0,
            y0: 0.0,
            x1: 595.0,
            y1: 842.0,
        });
        let l = build(&[p]);
        assert_eq!(paras(&l), ["正文"]);
    }

    /// A ruled grid with column edges `xs`, rows 20 pt high from `top`,
    /// texts 3 pt right of each cell's left edge (10 pt glyphs).
    fn grid_page(number: u32, top: f32, title: Option<&str>, xs: &[f32], rows: &[&[&str]]) -> Page {
        let mut glyphs = Vec::new();
        let mut rulings = Vec::new();
        if let Some(t) = title {
            glyphs.extend(word(t, 100.0, top - 40.0, 16.0));
        }
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        for k in 0..=rows.len() {
            rulings.push(hline(top + 20.0 * k as f32, x0, x1));
        }
        for &x in xs {
            rulings.push(vline(x, top, top + 20.0 * rows.len() as f32));
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                glyphs.extend(word(t, xs[c] + 3.0, top + 20.0 * r as f32 + 5.0, 10.0));
            }
        }
        Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings,
            warnings: Vec::new(),
        }
    }

    fn tables_of(l: &Layout) -> Vec<&Table> {
        l.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn column(t: &Table, c: usize) -> Vec<String> {
        (0..t.rows)
            .map(|r| t.cell_at(r, c).map_or(String::new(), |x| x.text.clone()))
            .collect()
    }

    /// LibreOffice clips the cells of a header row repeated on the next page
    /// to the height it gives that row: the repeat is still a header.
    #[test]
    fn clipped_repeated_header_dropped() {
        let xs = [50.0, 130.0, 250.0];
        let p1 = grid_page(
            1,
            100.0,
            Some("收入表"),
            &xs,
            &[&["科目名称", "政府性基金预算拨款"], &["行政运行", "1.00"]],
        );
        let p2 = grid_page(
            2,
            60.0,
            None,
            &xs,
            &[&["科目名称", "政府性基金预算拨"], &["合计", "1.00"]],
        );
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        assert_eq!(column(t[0], 0), ["科目名称", "行政运行", "合计"]);
        // A row whose cell is empty where the header has text is no repeat.
        let p1 = grid_page(
            1,
            100.0,
            Some("收入表"),
            &xs,
            &[&["科目名称", "金额"], &["行政运行", "1.00"]],
        );
        let p2 = grid_page(2, 60.0, None, &xs, &[&["科目名称", ""], &["合计", "1.00"]]);
        assert_eq!(tables_of(&build(&[p1, p2]))[0].rows, 4);
    }

    /// A grid at `top` of page `number` whose rows are (col, colspan, text)
    /// cells; vertical rulings are drawn per cell.
    fn span_page(number: u32, top: f32, xs: &[f32], rows: &[&[(usize, usize, &str)]]) -> Page {
        let (x0, x1) = (xs[0], xs[xs.len() - 1]);
        let mut glyphs = Vec::new();
        let mut rulings = Vec::new();
        for k in 0..=rows.len() {
            rulings.push(hline(top + 20.0 * k as f32, x0, x1));
        }
        for (r, row) in rows.iter().enumerate() {
            let (y0, y1) = (top + 20.0 * r as f32, top + 20.0 * (r + 1) as f32);
            for &(c, span, t) in row.iter() {
                rulings.push(vline(xs[c], y0, y1));
                rulings.push(vline(xs[c + span], y0, y1));
                glyphs.extend(word(t, xs[c] + 3.0, y0 + 5.0, 10.0));
            }
        }
        Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings,
            warnings: Vec::new(),
        }
    }

    /// A header row cut by the page break whose vertically merged cells go
    /// on under it ("本年收入" / "合计"), while the cells under a wider cell
    /// ("项目" over 科目编码 | 科目名称) open the row below: the merged cells
    /// are joined and span both rows, the other cells stay a row.
    #[test]
    fn header_with_merged_cells_cut_by_page_break() {
        let xs = [50.0, 100.0, 150.0, 195.0, 245.0];
        let p1 = span_page(
            1,
            700.0,
            &xs,
            &[&[(0, 2, "项目"), (2, 1, "本年收入"), (3, 1, "事业收入")]],
        );
        let p2 = span_page(
            2,
            60.0,
            &xs,
            &[
                &[(0, 1, "编码"), (1, 1, "名称"), (2, 1, "合计"), (3, 1, "")],
                &[
                    (0, 1, "205"),
                    (1, 1, "教育"),
                    (2, 1, "1.00"),
                    (3, 1, "2.00"),
                ],
            ],
        );
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].rows, 3);
        let c = t[0].cell_at(0, 2).expect("merged header cell");
        assert_eq!((c.text.as_str(), c.rowspan), ("本年收入合计", 2));
        let c = t[0].cell_at(0, 3).expect("merged header cell");
        assert_eq!((c.text.as_str(), c.rowspan), ("事业收入", 2));
        assert_eq!(column(t[0], 0), ["项目", "编码", "205"]);
        assert_eq!(column(t[0], 1)[1], "名称");
        // With an amount in the row below the header, nothing is joined.
        let p2 = span_page(
            2,
            60.0,
            &xs,
            &[&[(0, 1, "编码"), (1, 1, "名称"), (2, 1, "1.00"), (3, 1, "")]],
        );
        let l = build(&[p1_again(&xs), p2]);
        let t = tables_of(&l);
        assert_eq!(
            t[0].cell_at(0, 2).map(|c| (c.text.as_str(), c.rowspan)),
            Some(("本年收入", 1))
        );
    }

    fn p1_again(xs: &[f32]) -> Page {
        span_page(
            1,
            700.0,
            xs,
            &[&[(0, 2, "项目"), (2, 1, "本年收入"), (3, 1, "事业收入")]],
        )
    }

    /// A 2-column grid whose first row is one cell spanning both columns
    /// (a title row inside the table), at `top` of page `number`.
    fn form_page(number: u32, top: f32, title: &str, rows: &[[&str; 2]]) -> Page {
        let xs = [50.0, 150.0, 300.0];
        let n = rows.len() + 1;
        let mut glyphs = word(title, xs[0] + 3.0, top + 5.0, 10.0);
        let mut rulings = Vec::new();
        for k in 0..=n {
            rulings.push(hline(top + 20.0 * k as f32, xs[0], xs[2]));
        }
        rulings.push(vline(xs[0], top, top + 20.0 * n as f32));
        rulings.push(vline(xs[1], top + 20.0, top + 20.0 * n as f32));
        rulings.push(vline(xs[2], top, top + 20.0 * n as f32));
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                glyphs.extend(word(
                    t,
                    xs[c] + 3.0,
                    top + 20.0 * (r + 1) as f32 + 5.0,
                    10.0,
                ));
            }
        }
        Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings,
            warnings: Vec::new(),
        }
    }

    /// A table at the top of a page that opens with its own title row is a
    /// new table: the same form filled for another project (one 项目支出绩效
    /// 目标表 per project), or another title. A title row repeated with the
    /// header (Word's repeated header rows) and followed by data continues.
    #[test]
    fn title_row_at_top_of_page_starts_a_new_table() {
        let p1 = form_page(
            1,
            100.0,
            "项目支出绩效目标表",
            &[["项目名称", "甲"], ["指标", ">=1次"]],
        );
        // The same form for another project.
        let p2 = form_page(
            2,
            60.0,
            "项目支出绩效目标表",
            &[["项目名称", "乙"], ["指标", ">=2次"]],
        );
        let l = build(&[p1.clone(), p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 2);
        assert_eq!(column(t[1], 1)[1], "乙");
        // Another title.
        let p2 = form_page(
            2,
            60.0,
            "另一个情况表",
            &[["项目", "金额"], ["合计", "1.00"]],
        );
        assert_eq!(tables_of(&build(&[p1.clone(), p2])).len(), 2);
        // The title and header rows repeated, then data: one table.
        let p2 = form_page(
            2,
            60.0,
            "项目支出绩效目标表",
            &[["项目名称", "甲"], ["指标二", ">=3次"]],
        );
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].pages, vec![1, 2]);
        assert_eq!(
            column(t[0], 0),
            ["项目支出绩效目标表", "项目名称", "指标", "指标二"]
        );
    }

    /// LibreOffice breaks a row across pages and repeats nothing: the
    /// wrapped label's last glyph ("疗") opens the next page.
    #[test]
    fn row_split_by_page_break_rejoined() {
        let xs = [50.0, 130.0, 250.0];
        let p1 = grid_page(
            1,
            100.0,
            Some("收入表"),
            &xs,
            &[
                &["项目", "金额"],
                &["事业运行", "1.00"],
                &["行政事业单位医", "15.53"],
            ],
        );
        let p2 = grid_page(2, 60.0, None, &xs, &[&["疗", ""], &["合计", "16.53"]]);
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].pages, vec![1, 2]);
        assert_eq!(
            column(t[0], 0),
            ["项目", "事业运行", "行政事业单位医疗", "合计"]
        );
        assert_eq!(column(t[0], 1), ["金额", "1.00", "15.53", "16.53"]);
    }

    /// A genuine row at the top of the next page stays a row: it holds an
    /// amount, or the previous label did not fill its cell.
    #[test]
    fn first_row_of_next_page_not_joined_when_genuine() {
        let xs = [50.0, 130.0, 250.0];
        let p1 = grid_page(
            1,
            100.0,
            Some("收入表"),
            &xs,
            &[&["项目", "金额"], &["行政事业单位医", "1.00"]],
        );
        let p2 = grid_page(2, 60.0, None, &xs, &[&["合计", "1.00"]]);
        let t = build(&[p1, p2]);
        assert_eq!(
            column(tables_of(&t)[0], 0),
            ["项目", "行政事业单位医", "合计"]
        );
        let p1 = grid_page(
            1,
            100.0,
            Some("收入表"),
            &xs,
            &[&["项目", "金额"], &["事业运行", "1.00"]],
        );
        let p2 = grid_page(2, 60.0, None, &xs, &[&["其中：", ""], &["合计", "1.00"]]);
        let t = build(&[p1, p2]);
        assert_eq!(
            column(tables_of(&t)[0], 0),
            ["项目", "事业运行", "其中：", "合计"]
        );
    }

    /// A label that fills its cell at the bottom of a page and a next-page
    /// row opening with the next enumeration ("二十、…" / "二十一、…"): two
    /// rows, no wrap.
    #[test]
    fn enumerated_row_after_full_label_not_joined() {
        let xs = [50.0, 170.0, 250.0];
        let p1 = grid_page(
            1,
            100.0,
            Some("收入支出决算总表"),
            &xs,
            &[&["项目", "决算数"], &["二十、粮油物资储备支出", ""]],
        );
        let p2 = grid_page(
            2,
            60.0,
            None,
            &xs,
            &[&["二十一、国有资本经营", ""], &["合计", "1.00"]],
        );
        let l = build(&[p1, p2]);
        assert_eq!(
            column(tables_of(&l)[0], 0),
            [
                "项目",
                "二十、粮油物资储备支出",
                "二十一、国有资本经营",
                "合计"
            ]
        );
    }

    /// Chromium (seed, no ToUnicode): "229 其他支出" fills its cell at the
    /// bottom of a page and "230转移性支出" opens the next: the next code of
    /// the column is a row of its own, not the rest of a wrapped label.
    #[test]
    fn coded_row_after_full_label_not_joined() {
        let xs = [50.0, 120.0, 250.0];
        let p1 = grid_page(
            1,
            100.0,
            Some("收支总表"),
            &xs,
            &[&["项目", "预算数"], &["229 其他支出", ""]],
        );
        let p2 = grid_page(
            2,
            60.0,
            None,
            &xs,
            &[&["230转移性支出", ""], &["合计", "1.00"]],
        );
        let l = build(&[p1, p2]);
        assert_eq!(
            column(tables_of(&l)[0], 0),
            ["项目", "229 其他支出", "230转移性支出", "合计"]
        );
        // a wrapped label whose rest opens with digits is still joined
        assert!(next_code("229 其他支出", "230转移性支出"));
        assert!(!next_code("其他支出（含", "2022年结转）"));
        assert!(!next_code("229 其他支出", "22年结转"));
        assert!(!next_code("230 其他", "229 支出"));
        assert_eq!(leading_code("1.00"), None);
    }

    /// An amount wrapped in a narrow cell whose row the page break cuts:
    /// the digits that filled the cell and the rest on the next page are one
    /// amount (also when the row's label is cut by the same break). An
    /// amount that did not fill its cell, a row opening with a new label, or
    /// a count without cents stays a row of its own.
    #[test]
    fn amount_wrapped_across_page_break_rejoined() {
        let xs = [50.0, 130.0, 180.0];
        let page1 = |amount: &str| {
            grid_page(
                1,
                100.0,
                Some("支出表"),
                &xs,
                &[&["项目", "金额"], &["职业年金缴费支", amount]],
            )
        };
        let p2 = grid_page(2, 60.0, None, &xs, &[&["", "1.32"], &["合计", "9.00"]]);
        let t = build(&[page1("3,634,24"), p2.clone()]);
        assert_eq!(
            column(tables_of(&t)[0], 1),
            ["金额", "3,634,241.32", "9.00"]
        );
        let t = build(&[page1("1.00"), p2]);
        assert_eq!(
            column(tables_of(&t)[0], 1),
            ["金额", "1.00", "1.32", "9.00"]
        );
        // A label beside a well-formed amount may open a new row: apart.
        let p2 = grid_page(2, 60.0, None, &xs, &[&["住房", "1.32"], &["合计", "9.00"]]);
        let t = build(&[page1("3,634"), p2]);
        assert_eq!(
            column(tables_of(&t)[0], 1),
            ["金额", "3,634", "1.32", "9.00"]
        );
        // The label cut by the same break continues beside it: the whole row
        // goes on ("一般公共服务支" / "出", "1179." / "27").
        let p2 = grid_page(2, 60.0, None, &xs, &[&["出", "1.32"], &["合计", "9.00"]]);
        let t = build(&[page1("3,634,24"), p2]);
        assert_eq!(
            column(tables_of(&t)[0], 1),
            ["金额", "3,634,241.32", "9.00"]
        );
        assert_eq!(
            column(tables_of(&t)[0], 0),
            ["项目", "职业年金缴费支出", "合计"]
        );
        // A count without cents: no amount wrap.
        let p2 = grid_page(2, 60.0, None, &xs, &[&["", "1"], &["合计", "9"]]);
        let t = build(&[page1("3,634,24"), p2]);
        assert_eq!(column(tables_of(&t)[0], 1), ["金额", "3,634,24", "1", "9"]);
    }

    /// The continuation's grid has an extra column edge (a later section
    /// of the same table): the merged table takes the union of the edges.
    #[test]
    fn continuation_with_other_inner_edges_merged() {
        let p1 = grid_page(
            1,
            100.0,
            Some("收支表"),
            &[50.0, 130.0, 250.0, 450.0],
            &[&["项目", "合计", "说明"], &["事业运行", "1.00", "甲"]],
        );
        let p2 = grid_page(
            2,
            60.0,
            None,
            &[50.0, 130.0, 251.5, 350.0, 449.0],
            &[&["合计", "1.00", "乙", "丙"]],
        );
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].rows, t[0].cols), (3, 4));
        let s = t[0].cell_at(0, 2).expect("说明");
        assert_eq!((s.text.as_str(), s.colspan), ("说明", 2));
        assert_eq!(t[0].cell_at(2, 3).map(|c| c.text.as_str()), Some("丙"));
        assert!(t[0].slots().iter().flatten().all(|s| s.is_some()));
    }

    #[test]
    fn short_line_continued_by_unit_or_comma() {
        let p = text_page(&[
            ("（三）具体使用情况", 60.0, 100.0),
            ("比上年预算增加17.64", 60.0, 120.0),
            ("万元，增长100%。", 60.0, 140.0),
            ("本年无变化。", 60.0, 160.0),
            ("万元为单位。", 60.0, 180.0),
        ]);
        assert_eq!(
            paras(&build(&[p])),
            [
                "（三）具体使用情况",
                "比上年预算增加17.64\n万元，增长100%。",
                "本年无变化。",
                "万元为单位。"
            ]
        );
    }

    /// A label merged over rows and cut by the page break goes on as an
    /// empty merged box on the next page: one cell again.
    #[test]
    fn merged_cell_cut_by_page_break_spans_on() {
        let xs = [50.0, 130.0, 250.0];
        let mut p1 = grid_page(
            1,
            100.0,
            Some("绩效目标表"),
            &xs,
            &[&["一级", "指标"], &["产出指标", "甲"], &["", "乙"]],
        );
        // No ruling between rows 1 and 2 in column 0: "产出指标" spans both.
        p1.rulings.retain(|r| !(r.y0 > 138.0 && r.y1 < 142.0));
        p1.rulings.push(hline(140.0, 130.0, 250.0));
        let mut p2 = grid_page(2, 60.0, None, &xs, &[&["", "丙"], &["", "丁"]]);
        p2.rulings.retain(|r| !(r.y0 > 78.0 && r.y1 < 82.0));
        p2.rulings.push(hline(80.0, 130.0, 250.0));
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        let c = t[0].cell_at(1, 0).expect("产出指标");
        assert_eq!((c.text.as_str(), c.rowspan), ("产出指标", 4));
        assert_eq!(column(t[0], 1), ["指标", "甲", "乙", "丙", "丁"]);
        assert!(t[0].slots().iter().flatten().all(|s| s.is_some()));
    }

    /// A page of an unruled table (no rulings at all): a label column at
    /// x = 50 and right-aligned number columns ending at `rights`, one line
    /// every 12 pt from `top`, then `after` lines of text under it.
    fn unruled_page(
        number: u32,
        top: f32,
        rights: &[f32],
        rows: &[&[&str]],
        after: &[&str],
    ) -> Page {
        let mut glyphs = Vec::new();
        let mut y = top;
        for row in rows {
            glyphs.extend(word(row[0], 50.0, y, 10.0));
            for (t, r) in row[1..].iter().zip(rights) {
                glyphs.extend(word(t, r - 5.0 * t.chars().count() as f32, y, 10.0));
            }
            y += 12.0;
        }
        for t in after {
            glyphs.extend(word(t, 50.0, y + 12.0, 10.0));
            y += 12.0;
        }
        // A page number: page furniture, no text between the two parts.
        glyphs.extend(word(&number.to_string(), 290.0, 810.0, 10.0));
        Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs,
            rulings: Vec::new(),
            warnings: Vec::new(),
        }
    }

    const HEAD: &[&str] = &["Country", "Households", "Inadequate"];

    /// An unruled table continued on the next page, its header repeated
    /// there, its texts of other widths (so the boundaries between its
    /// columns fall elsewhere): one table with the same three columns, the
    /// repeated header dropped.
    #[test]
    fn unruled_table_continued_on_next_page_is_one_table() {
        let rights = [250.0, 340.0];
        let p1 = unruled_page(
            1,
            700.0,
            &rights,
            &[
                HEAD,
                &["Austria", "43,445", "2,571"],
                &["Belgium", "7,328", "1,286"],
                &["Bulgaria", "13,337", "6,091"],
            ],
            &[],
        );
        let p2 = unruled_page(
            2,
            60.0,
            &rights,
            &[
                HEAD,
                &["North Macedonia", "31,403", "3,922"],
                &["Belarus", "8", "87"],
                &["Malta", "1,536,000", "2,486"],
            ],
            &[],
        );
        let l = build(&[p1.clone(), p2.clone()]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!((t[0].rows, t[0].cols), (7, 3));
        assert_eq!(t[0].pages, [1, 2]);
        assert_eq!(
            column(t[0], 1),
            [
                "Households",
                "43,445",
                "7,328",
                "13,337",
                "31,403",
                "8",
                "1,536,000"
            ]
        );
        assert_eq!(column(t[0], 0)[4], "North Macedonia");
        assert!(t[0].slots().iter().flatten().all(|s| s.is_some()));
        // Without the repeated header the columns alone match.
        let mut p2b = p2.clone();
        p2b.glyphs.retain(|g| g.bbox.y0 > 65.0);
        let t2 = build(&[p1.clone(), p2b]);
        let t2 = tables_of(&t2);
        assert_eq!(t2.len(), 1);
        assert_eq!((t2[0].rows, t2[0].cols), (7, 3));
        // A note under the table on its page ends it: two tables.
        let mut noted = unruled_page(
            1,
            700.0,
            &rights,
            &[
                HEAD,
                &["Austria", "43,445", "2,571"],
                &["Belgium", "7,328", "1,286"],
            ],
            &["See notes at end of table."],
        );
        noted.number = 1;
        assert_eq!(tables_of(&build(&[noted, p2.clone()])).len(), 2);
    }

    /// The next page's first unruled table has other columns (one more, or
    /// its columns elsewhere): a table of its own.
    #[test]
    fn unruled_table_with_other_columns_on_next_page_is_a_new_table() {
        let p1 = unruled_page(
            1,
            700.0,
            &[250.0, 340.0],
            &[
                HEAD,
                &["Austria", "43,445", "2,571"],
                &["Belgium", "7,328", "1,286"],
            ],
            &[],
        );
        let four = unruled_page(
            2,
            60.0,
            &[250.0, 340.0, 430.0],
            &[
                &["Region", "2007", "2008", "2009"],
                &["North", "31.4", "3.9", "4.0"],
                &["South", "8.7", "8.7", "9.1"],
            ],
            &[],
        );
        assert_eq!(tables_of(&build(&[p1.clone(), four])).len(), 2);
        let moved = unruled_page(
            2,
            60.0,
            &[400.0, 520.0],
            &[
                &["Region", "2007", "2008"],
                &["North", "31.4", "3.9"],
                &["South", "8.7", "8.7"],
            ],
            &[],
        );
        assert_eq!(tables_of(&build(&[p1, moved])).len(), 2);
    }

    /// Chromium prints a table row that does not fit at the page bottom
    /// whole on the next page; the cells spanning into it from above are cut:
    /// an empty strip under 公务用车 at the bottom of page 1, and on page 2
    /// boxes beside the moved row (小计 | 购置), shorter than it by that
    /// strip, with an empty gap under them. The strip and the gap are no rows:
    /// the moved row is the second header row, 合计 and 接待 span both.
    #[test]
    fn row_moved_whole_to_the_next_page_rejoins_the_cells_cut_beside_it() {
        let page = |number, texts: &[(&str, f32, f32)], rulings| Page {
            number,
            width: 595.0,
            height: 842.0,
            glyphs: texts
                .iter()
                .flat_map(|&(t, x, y)| word(t, x, y, 10.0))
                .collect(),
            rulings,
            warnings: Vec::new(),
        };
        // Page 1: 合计 and 接待 run on below 公务用车 into the strip (720–735).
        let p1 = page(
            1,
            &[
                ("合计", 53.0, 705.0),
                ("公务用车", 103.0, 705.0),
                ("接待", 203.0, 705.0),
            ],
            vec![
                hline(700.0, 50.0, 250.0),
                hline(720.0, 100.0, 200.0),
                vline(50.0, 700.0, 735.0),
                vline(100.0, 700.0, 735.0),
                vline(200.0, 700.0, 735.0),
                vline(250.0, 700.0, 735.0),
            ],
        );
        // Page 2: the moved row (60–80), the cut cells' boxes beside it (60–70).
        let mut rulings = vec![
            hline(60.0, 50.0, 250.0),
            hline(70.0, 50.0, 100.0),
            hline(70.0, 200.0, 250.0),
            hline(80.0, 50.0, 250.0),
            hline(100.0, 50.0, 250.0),
            vline(50.0, 60.0, 70.0),
            vline(250.0, 60.0, 70.0),
        ];
        rulings.extend([100.0, 150.0, 200.0].map(|x| vline(x, 60.0, 80.0)));
        rulings.extend([50.0, 100.0, 150.0, 200.0, 250.0].map(|x| vline(x, 80.0, 100.0)));
        let texts = [
            ("小计", 103.0, 65.0),
            ("购置", 153.0, 65.0),
            ("1.00", 53.0, 85.0),
            ("0.50", 103.0, 85.0),
            ("0.50", 153.0, 85.0),
            ("2.00", 203.0, 85.0),
        ];
        let p2 = page(2, &texts, rulings);
        let l = build(&[p1, p2]);
        let t = tables_of(&l);
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].rows, t[0].cols), (3, 4));
        let spans = |r, c| {
            t[0].cell_at(r, c)
                .map(|c| (c.text.as_str(), c.rowspan, c.colspan))
        };
        assert_eq!(spans(0, 0), Some(("合计", 2, 1)));
        assert_eq!(spans(0, 1), Some(("公务用车", 1, 2)));
        assert_eq!(spans(0, 3), Some(("接待", 2, 1)));
        assert_eq!(spans(1, 1), Some(("小计", 1, 1)));
        assert_eq!(spans(1, 2), Some(("购置", 1, 1)));
        assert_eq!(column(t[0], 3), ["接待", "", "2.00"]);
        assert_eq!(t[0].cells.len(), 9);
    }
}
