//! Tables: titles → kinds, header paths → column keys, rows → records.
//!
//! For each `Block::Table` of the layout (the reader already merged page
//! continuations): its context (title, 表N, 编制部门, 单位 from the lines just
//! before it or from title rows at its top, a 注/备注 note just after it), its
//! kind from the [`catalog`], its header rows and the header path of every
//! value column, and one record per data row (two per row — revenue, then
//! expenditure — in two-sided tables). The grid itself is output as printed.

mod context;
mod perf;

use crate::amount;
use crate::layout::{Block, Cell, Layout, Table};
use crate::model::{Column, Grid, GridCell, Record, Side, TableKind, TableOut, Values, Warning};
use crate::recognize::catalog::{self, Role, normalize};
use context::Context;
use regex::Regex;
use std::sync::LazyLock;

/// Recognize every table of the layout, in document order.
pub fn recognize(layout: &Layout) -> (Vec<TableOut>, Vec<Warning>) {
    let mut out: Vec<TableOut> = Vec::new();
    let mut warnings = Vec::new();
    let mut prev_signature: Option<(Vec<Vec<String>>, TableKind)> = None;
    let blocks = &layout.blocks;
    // the caption rows a grid ended with (`表7` printed under the previous table, at the
    // bottom of its page): they caption the next table
    let mut carried: Vec<String> = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let Block::Table(table) = block else { continue };
        let caption = std::mem::take(&mut carried);
        // paragraphs between the previous table and this one
        let mut before: Vec<&str> = Vec::new();
        for b in blocks[..i].iter().rev() {
            match b {
                Block::Paragraph(p) => before.push(p.text.as_str()),
                Block::Table(_) => break,
            }
        }
        before.extend(caption.iter().rev().map(String::as_str));
        before.reverse();
        // paragraphs right after: the note
        let mut notes: Vec<String> = Vec::new();
        let after = &blocks[i + 1..];
        for (j, b) in after.iter().enumerate() {
            match b {
                Block::Paragraph(p) if p.text.trim().is_empty() => continue,
                Block::Paragraph(p) if context::is_note(&p.text) => {
                    notes.push(p.text.trim().to_string())
                }
                // A line between two note paragraphs that announces the next one
                // (决算 template: `注：…` / `无…的，仍保留该表格式，并在本表下方作下述说明：`
                // / `说明：…`) belongs to the note.
                Block::Paragraph(p)
                    if !notes.is_empty()
                        && p.text.trim_end().ends_with(['：', ':'])
                        && matches!(after.get(j + 1), Some(Block::Paragraph(q)) if context::is_note(&q.text)) =>
                {
                    notes.push(p.text.trim().to_string())
                }
                _ => break,
            }
        }
        let mut parts = split_at_titles(table);
        if parts.len() > 1
            && blocks[i + 1..].iter().any(|b| matches!(b, Block::Table(_)))
            && let Some(texts) = parts.last().and_then(|p| caption_only(&p.0))
        {
            parts.pop();
            carried = texts;
        }
        let n = parts.len();
        for (k, part) in parts.iter().enumerate() {
            let id = format!("t{}", out.len() + 1);
            // only the first part has paragraphs before it, only the last a note after it
            let ctx = if k == 0 {
                context::before(&before)
            } else {
                warnings.push(Warning {
                    code: "table.split".into(),
                    message: format!(
                        "{id}: a title row inside the grid starts a new table (rows from {})",
                        part.1
                    ),
                    at: Some(id.clone()),
                });
                Context::default()
            };
            let part_notes = if k + 1 == n {
                notes.clone()
            } else {
                Vec::new()
            };
            let (t, sig) = recognize_table(
                &part.0,
                &id,
                ctx,
                part_notes,
                prev_signature.as_ref(),
                &mut warnings,
            );
            prev_signature = Some((sig, t.kind));
            out.push(t);
        }
    }
    (out, warnings)
}

/// The texts of a grid made only of caption rows (表N and/or a catalog title), in
/// reading order; None when any row holds something else.
fn caption_only(table: &Table) -> Option<Vec<String>> {
    let g = G::new(table);
    let mut ctx = Context::default();
    let mut texts = Vec::new();
    for r in 0..table.rows {
        for c in g.starting_in(r).into_iter().filter(|c| !blank(&c.text)) {
            context::scan_cell(&c.text, &mut ctx)?;
            texts.push(c.text.clone());
        }
    }
    (!texts.is_empty()).then_some(texts)
}

/// Split a grid where a row inside it (not at its top) is a table title
/// (`表5` / a catalog title): two tables printed back to back that the reader
/// (or the producing application) joined. Returns each part with the grid row
/// it started at; a grid without such rows comes back whole.
fn split_at_titles(table: &Table) -> Vec<(Table, usize)> {
    let g = G::new(table);
    let mut starts: Vec<usize> = vec![0];
    let mut seen_body = false;
    for r in 0..table.rows {
        let cells: Vec<&Cell> = g
            .starting_in(r)
            .into_iter()
            .filter(|c| !blank(&c.text))
            .collect();
        if cells.is_empty() {
            continue;
        }
        let mut ctx = Context::default();
        let mut titled = false;
        let all_info = cells
            .iter()
            .all(|c| match context::scan_cell(&c.text, &mut ctx) {
                None => false,
                Some((title, number)) => {
                    let known = title
                        && ctx
                            .title
                            .as_deref()
                            .is_some_and(|t| catalog::kind_of_title(t, None).is_some());
                    titled |= number || known;
                    true
                }
            });
        if all_info && titled {
            if seen_body && starts.last() != Some(&r) {
                starts.push(r);
            }
            seen_body = false;
        } else if !all_info {
            seen_body = true;
        }
    }
    if starts.len() == 1 {
        return vec![(table.clone(), 0)];
    }
    let mut parts = Vec::new();
    for (k, &a) in starts.iter().enumerate() {
        let b = starts.get(k + 1).copied().unwrap_or(table.rows);
        let cells: Vec<Cell> = table
            .cells
            .iter()
            .filter(|c| c.row >= a && c.row < b)
            .map(|c| Cell {
                row: c.row - a,
                col: c.col,
                rowspan: (c.row + c.rowspan).min(b).saturating_sub(c.row).max(1),
                colspan: c.colspan,
                text: c.text.clone(),
            })
            .collect();
        parts.push((
            Table {
                rows: b - a,
                cols: table.cols,
                cells,
                pages: table.pages.clone(),
            },
            a,
        ));
    }
    parts
}

/// A table grid with a dense slot → cell index view.
pub(crate) struct G<'a> {
    pub t: &'a Table,
    pub slots: Vec<Vec<Option<usize>>>,
}

impl<'a> G<'a> {
    pub fn new(t: &'a Table) -> Self {
        G {
            t,
            slots: t.slots(),
        }
    }
    pub fn idx(&self, r: usize, c: usize) -> Option<usize> {
        self.slots
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .flatten()
    }
    /// The cell covering (r, c).
    pub fn covering(&self, r: usize, c: usize) -> Option<&'a Cell> {
        self.idx(r, c).and_then(|i| self.t.cells.get(i))
    }
    /// Text of the cell covering (r, c), "" if none.
    pub fn text(&self, r: usize, c: usize) -> &'a str {
        self.covering(r, c).map_or("", |c| c.text.as_str())
    }
    /// The cell whose top-left slot is (r, c).
    pub fn own(&self, r: usize, c: usize) -> Option<&'a Cell> {
        self.covering(r, c).filter(|x| x.row == r && x.col == c)
    }
    /// Cells whose top-left slot is in row r, left to right.
    pub fn starting_in(&self, r: usize) -> Vec<&'a Cell> {
        let mut v: Vec<&Cell> = self.t.cells.iter().filter(|c| c.row == r).collect();
        v.sort_by_key(|c| c.col);
        v
    }
    pub fn row_blank(&self, r: usize) -> bool {
        self.starting_in(r).iter().all(|c| blank(&c.text))
    }
}

/// Blank: nothing but white space (incl. `　`).
pub(crate) fn blank(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Printed text with all white space removed.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

static ENUM_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?:\D|$))",
    )
    .expect("static regex")
});
static CODE_NAME_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{3}(?:\d{2}){0,2})\s*(\D.*)$").expect("static regex"));

/// 合计 / 总计 / 收入总计 / 本年支出合计 / 人员经费合计 …
fn is_total_label(n: &str) -> bool {
    n.ends_with("合计") || n.ends_with("总计")
}

/// A row that holds data (amounts, codes, enumerated items or a lone total).
fn is_data_row(g: &G, r: usize) -> bool {
    let cells: Vec<&Cell> = g
        .starting_in(r)
        .into_iter()
        .filter(|c| !blank(&c.text))
        .collect();
    if cells.is_empty() {
        return false;
    }
    let mut all_totals = true;
    for c in &cells {
        let n = normalize(&c.text);
        if catalog::ROWNUM_TEXTS.contains(&n.as_str()) {
            return false;
        }
        if matches!(amount::parse_cell(&c.text), amount::Cell::Amount { .. }) {
            return true;
        }
        if ENUM_RE.is_match(&n) || CODE_NAME_RE.is_match(&n) {
            return true;
        }
        all_totals &= is_total_label(&n);
    }
    all_totals
}

/// A row whose every non-blank cell is a known header word (预算数, 合计, 基本支出, 类 …).
fn is_header_vocabulary_row(g: &G, r: usize) -> bool {
    let cells: Vec<&Cell> = g
        .starting_in(r)
        .into_iter()
        .filter(|c| !blank(&c.text))
        .collect();
    !cells.is_empty()
        && cells.iter().all(|c| {
            let n = vec![normalize(&c.text)];
            catalog::AMOUNT_TEXTS.contains(&n[0].as_str())
                || catalog::column_key(&n, "", false).is_some()
                || catalog::role_of_path(&n) != Role::Value
        })
}

/// Top rows made only of title information (表N, title, 编制部门, 单位, year).
fn title_rows(g: &G) -> (usize, Context) {
    let mut ctx = Context::default();
    let mut r = 0;
    while r < g.t.rows {
        let cells: Vec<&Cell> = g
            .starting_in(r)
            .into_iter()
            .filter(|c| !blank(&c.text))
            .collect();
        if cells.is_empty() {
            break;
        }
        let mut trial = ctx.clone();
        let all_info = cells
            .iter()
            .all(|c| context::scan_cell(&c.text, &mut trial).is_some());
        if !all_info {
            break;
        }
        ctx = trial;
        r += 1;
    }
    (r, ctx)
}

/// Rows at the bottom holding only a note (注：…).
fn note_rows(g: &G, from: usize) -> (Vec<usize>, Vec<String>) {
    let mut rows = Vec::new();
    let mut notes = Vec::new();
    let mut r = g.t.rows;
    while r > from {
        r -= 1;
        let cells: Vec<&Cell> = g
            .starting_in(r)
            .into_iter()
            .filter(|c| !blank(&c.text))
            .collect();
        if cells.is_empty() {
            continue;
        }
        if cells.len() == 1 && context::is_note(&cells[0].text) {
            rows.push(r);
            notes.push(cells[0].text.trim().to_string());
        } else {
            break;
        }
    }
    notes.reverse();
    (rows, notes)
}

/// One column's header: printed path (white space removed), normalized path
/// for matching (side headers left out), role.
#[derive(Debug, Clone)]
struct ColHead {
    /// First grid column of the group.
    col: usize,
    /// One past the last grid column: grid columns under one header cell form one group.
    to: usize,
    printed: Vec<String>,
    matching: Vec<String>,
    role: Role,
    /// The deepest header cell covering the column.
    leaf: Option<usize>,
}

/// A header row that only numbers the columns (决算 templates: `栏次 | 1 | 栏次 | 2`):
/// it says nothing about what a column holds.
fn is_column_number_row(g: &G, r: usize) -> bool {
    let cells: Vec<&Cell> = g
        .starting_in(r)
        .into_iter()
        .filter(|c| !blank(&c.text))
        .collect();
    let mut label = false;
    !cells.is_empty()
        && cells.iter().all(|c| {
            let n = normalize(&c.text);
            if catalog::ROWNUM_TEXTS.contains(&n.as_str()) {
                label = true;
                true
            } else {
                n.len() <= 3 && n.chars().all(|ch| ch.is_ascii_digit())
            }
        })
        && label
}

fn header_paths(g: &G, top: usize, end: usize, side_cells: &[usize]) -> Vec<ColHead> {
    let skip: Vec<usize> = (top..end).filter(|&r| is_column_number_row(g, r)).collect();
    (0..g.t.cols)
        .map(|c| {
            let mut printed: Vec<String> = Vec::new();
            let mut matching: Vec<String> = Vec::new();
            let mut last: Option<usize> = None;
            for r in top..end {
                if skip.contains(&r) {
                    continue;
                }
                let Some(i) = g.idx(r, c) else { continue };
                if last == Some(i) {
                    continue;
                }
                last = Some(i);
                let text = &g.t.cells[i].text;
                let n = normalize(text);
                if n.is_empty() || printed.last().is_some_and(|p| normalize(p) == n) {
                    continue;
                }
                printed.push(squeeze(text));
                if !side_cells.contains(&i) {
                    matching.push(n);
                }
            }
            let role = catalog::role_of_path(&matching);
            let leaf = (top..end)
                .rev()
                .find(|r| !skip.contains(r))
                .and_then(|r| g.idx(r, c));
            ColHead {
                col: c,
                to: c + 1,
                printed,
                matching,
                role,
                leaf,
            }
        })
        .collect()
}

/// Merge neighbouring grid columns that sit under the same deepest header
/// cell (a header spanning two grid columns is one printed column).
fn group_heads(heads: Vec<ColHead>) -> Vec<ColHead> {
    let mut out: Vec<ColHead> = Vec::new();
    for h in heads {
        if let Some(last) = out.last_mut()
            && h.leaf.is_some()
            && last.leaf == h.leaf
        {
            last.to = h.to;
            continue;
        }
        out.push(h);
    }
    out
}

/// The first non-blank cell covering row r within grid columns [from, to).
fn cell_in<'a>(g: &G<'a>, r: usize, from: usize, to: usize) -> Option<&'a Cell> {
    (from..to)
        .filter_map(|c| g.covering(r, c))
        .find(|c| !blank(&c.text))
}

/// The first non-blank cell *starting* at row r within grid columns [from, to).
fn own_in<'a>(g: &G<'a>, r: usize, from: usize, to: usize) -> Option<&'a Cell> {
    (from..to)
        .filter_map(|c| g.own(r, c))
        .find(|c| !blank(&c.text))
}

/// Revenue/expenditure column ranges of a two-sided table from its top header
/// row, with the indices of those side-header cells.
fn side_ranges(g: &G, top: usize, end: usize) -> Option<(usize, Vec<usize>)> {
    if top >= end {
        return None;
    }
    let mut rev: Option<(usize, usize)> = None;
    let mut exp: Option<(usize, usize)> = None;
    for c in g.starting_in(top) {
        let n = normalize(&c.text);
        let Some(i) = g.idx(c.row, c.col) else {
            continue;
        };
        if n.contains("收入") && !n.contains("支出") && rev.is_none() {
            rev = Some((c.col, i));
        } else if n.contains("支出") && !n.contains("收入") && exp.is_none() {
            exp = Some((c.col, i));
        }
    }
    match (rev, exp) {
        (Some((rc, ri)), Some((ec, ei))) if rc < ec => Some((ec, vec![ri, ei])),
        _ => None,
    }
}

/// Header signature used to recognize an untitled table that repeats the previous one's header.
type Signature = Vec<Vec<String>>;

/// One table through the stages of recognition, in order:
/// 1. [`title_and_context`]: title rows, notes, kind (from the catalog);
/// 2. [`header_end`]: where the header rows stop and the data rows begin;
/// 3. [`column_heads`] and [`parts`]: header paths → column heads, sides and
///    blocks; [`column_keys`]: each value column's key;
/// 4. [`rows_to_records`]: one record per data row and part, with
///    [`fill_down_project`] for merged project cells.
///
/// Performance-target tables leave after stage 1 ([`perf`]).
fn recognize_table(
    table: &Table,
    id: &str,
    ctx: Context,
    notes: Vec<String>,
    prev: Option<&(Signature, TableKind)>,
    warnings: &mut Vec<Warning>,
) -> (TableOut, Signature) {
    let g = G::new(table);
    let tc = title_and_context(&g, ctx, notes, id, warnings);
    let mut out = table_out(table, id, &tc);

    // performance targets: their own shape
    if tc.kind.is_none_or(|k| k == TableKind::PerformanceTargets)
        && let Some(p) = perf::recognize(&g, tc.top, &tc.note_rows)
    {
        out.kind = TableKind::PerformanceTargets;
        if out.department.is_none() {
            out.department = p.department;
        }
        out.grid.header_rows = p.header_rows;
        out.columns = p.columns;
        out.records = p.records;
        out.empty = is_empty(&out.records);
        return (out, Vec::new());
    }

    let end = header_end(&g, tc.top, &tc.note_rows);
    out.grid.header_rows = end;
    let signature: Signature = header_paths(&g, tc.top, end, &[])
        .into_iter()
        .map(|h| h.printed)
        .collect();
    if let Some(k) = inherited_kind(&tc, &signature, prev) {
        out.kind = k;
    }
    let kind = out.kind;
    let kind_s = kind.to_string();

    let data_rows: Vec<usize> = (end..table.rows)
        .filter(|r| !tc.note_rows.contains(r) && !g.row_blank(*r))
        .collect();
    let (heads, split) = column_heads(&g, tc.top, end, kind, &data_rows, id, warnings);
    let parts = parts(&heads, split, table.cols);
    let side_cols = column_keys(&heads, &parts, &kind_s, &mut out.columns);
    let title = out.title.as_deref().unwrap_or(id).to_string();
    out.records = rows_to_records(&g, &side_cols, &data_rows, &kind_s, id, &title, warnings);
    out.empty = is_empty(&out.records);
    (out, signature)
}

/// No record holds a value.
fn is_empty(records: &[Record]) -> bool {
    !records
        .iter()
        .any(|r| r.values.0.iter().any(|(_, v)| v.is_some()))
}

/// Stage 1 result: what the table says about itself.
#[derive(Debug)]
struct TitleContext {
    /// First row after the title rows.
    top: usize,
    ctx: Context,
    /// Bottom rows holding only a note.
    note_rows: Vec<usize>,
    notes: Vec<String>,
    /// Kind from the catalog, `None` when untitled or unknown.
    kind: Option<TableKind>,
}

/// Stage 1: title rows at the top (what the table prints inside wins over the
/// paragraphs before it), note rows at the bottom, the kind from the title.
/// A title the catalog does not know is a `table.unknown_title` warning.
fn title_and_context(
    g: &G,
    outer: Context,
    mut notes: Vec<String>,
    id: &str,
    warnings: &mut Vec<Warning>,
) -> TitleContext {
    let (top, mut ctx) = title_rows(g);
    ctx.fill_from(&outer);
    let (note_rows, inner_notes) = note_rows(g, top);
    notes.extend(inner_notes);
    let kind = ctx
        .title
        .as_deref()
        .and_then(|t| catalog::kind_of_title(t, ctx.department.as_deref()));
    if ctx.title.is_some() && kind.is_none() {
        warnings.push(Warning {
            code: "table.unknown_title".into(),
            message: format!(
                "table title '{}' is not in the catalog",
                ctx.title.as_deref().unwrap_or("")
            ),
            at: Some(id.to_string()),
        });
    }
    TitleContext {
        top,
        ctx,
        note_rows,
        notes,
        kind,
    }
}

/// The output table before its header and records are known: the grid as printed.
fn table_out(table: &Table, id: &str, tc: &TitleContext) -> TableOut {
    let grid = Grid {
        rows: table.rows,
        cols: table.cols,
        header_rows: 0,
        cells: table
            .cells
            .iter()
            .map(|c| GridCell {
                row: c.row,
                col: c.col,
                rowspan: c.rowspan,
                colspan: c.colspan,
                text: c.text.clone(),
            })
            .collect(),
    };
    TableOut {
        id: id.to_string(),
        number: tc.ctx.number.clone(),
        title: tc.ctx.title.clone(),
        kind: tc.kind.unwrap_or_default(),
        unit: tc.ctx.unit.clone(),
        department: tc.ctx.department.clone(),
        pages: table.pages.clone(),
        empty: true,
        note: if tc.notes.is_empty() {
            None
        } else {
            Some(tc.notes.join("\n"))
        },
        grid,
        columns: Vec::new(),
        records: Vec::new(),
    }
}

/// Stage 2: the header/data split. Header rows run from `top` to the first
/// blank, data or note row; a blank spacer row inside the header (a PDF gap
/// above 预算数/决算数) is crossed when the next non-blank row is still made
/// of header words. Returns one past the last header row.
fn header_end(g: &G, top: usize, note_rows: &[usize]) -> usize {
    let rows = g.t.rows;
    let mut end = top;
    loop {
        while end < rows && !g.row_blank(end) && !is_data_row(g, end) && !note_rows.contains(&end) {
            end += 1;
        }
        let mut next = end;
        while next < rows && g.row_blank(next) {
            next += 1;
        }
        if end > top
            && next > end
            && next < rows
            && !is_data_row(g, next)
            && !note_rows.contains(&next)
            && is_header_vocabulary_row(g, next)
        {
            end = next;
            continue;
        }
        return end;
    }
}

/// An untitled table whose header repeats the previous table's takes its kind.
fn inherited_kind(
    tc: &TitleContext,
    signature: &Signature,
    prev: Option<&(Signature, TableKind)>,
) -> Option<TableKind> {
    if tc.kind.is_none()
        && tc.ctx.title.is_none()
        && let Some((sig, k)) = prev
        && sig == signature
        && !sig.iter().all(Vec::is_empty)
        && *k != TableKind::Unknown
    {
        return Some(*k);
    }
    None
}

/// Stage 3a: header paths → column heads with their roles, and the first
/// column of the expenditure side of a two-sided table (from the 收入/支出
/// header cells, else from the second name column).
fn column_heads(
    g: &G,
    top: usize,
    end: usize,
    kind: TableKind,
    data_rows: &[usize],
    id: &str,
    warnings: &mut Vec<Warning>,
) -> (Vec<ColHead>, Option<usize>) {
    let two_sided_kind = catalog::TWO_SIDED.contains(&kind);
    let kind_s = kind.to_string();
    let mut split: Option<usize> = None;
    let mut side_cells: Vec<usize> = Vec::new();
    if let Some((at, cells)) = side_ranges(g, top, end)
        && (two_sided_kind || kind == TableKind::Unknown)
    {
        split = Some(at);
        side_cells = cells;
    }
    let mut heads = group_heads(header_paths(g, top, end, &side_cells));
    project_as_name(&mut heads, &kind_s);
    if two_sided_kind && split.is_none() {
        // no 收入/支出 header: the second name column starts the expenditure side
        let names: Vec<usize> = heads
            .iter()
            .filter(|h| h.role == Role::Name)
            .map(|h| h.col)
            .collect();
        if names.len() >= 2 {
            split = Some(names[1]);
        } else {
            warnings.push(Warning {
                code: "table.sides_not_found".into(),
                message: format!(
                    "{id}: two-sided table without recognizable revenue/expenditure sides"
                ),
                at: Some(id.to_string()),
            });
        }
    }
    if kind == TableKind::Unknown && split.is_some() {
        let names = heads.iter().filter(|h| h.role == Role::Name).count();
        if names < 2 {
            split = None;
            heads = group_heads(header_paths(g, top, end, &[]));
            project_as_name(&mut heads, &kind_s);
        }
    }
    refine_roles(g, &mut heads, data_rows, &kind_s);
    (heads, split)
}

/// One part of a table: a side (or the whole width) or a block of a side.
#[derive(Debug, Clone, PartialEq)]
struct Part {
    side: Option<Side>,
    from: usize,
    to: usize,
    /// The group header naming the block (功能分类, 支出用途 …).
    group: Option<String>,
}

/// Stage 3b: the parts of the width: two sides, or side-by-side blocks
/// (基本支出决算表 prints two code/name/amount blocks next to each other), or
/// the whole width. Each side is split again into blocks: a three-group
/// summary prints 收入 | 支出（按功能分类） | 支出（按经济分类/支出用途）, each
/// group with its own name and amount columns; the group header names the
/// records' `group` — only when every block names its own (side-by-side blocks
/// of one 经济分类 table are not groups).
fn parts(heads: &[ColHead], split: Option<usize>, cols: usize) -> Vec<Part> {
    let sides: Vec<(Option<Side>, usize, usize)> = match split {
        Some(s) => vec![
            (Some(Side::Revenue), 0, s),
            (Some(Side::Expenditure), s, cols),
        ],
        None => vec![(None, 0, cols)],
    };
    let mut out = Vec::new();
    for (side, from, to) in sides {
        let bs = blocks(heads, from, to);
        let mut groups: Vec<Option<String>> =
            bs.iter().map(|&(a, b)| block_group(heads, a, b)).collect();
        let distinct = groups.len() >= 2
            && groups.iter().all(Option::is_some)
            && groups
                .iter()
                .enumerate()
                .all(|(i, g)| !groups[..i].contains(g));
        if !distinct {
            groups = vec![None; bs.len()];
        }
        for ((from, to), group) in bs.into_iter().zip(groups) {
            out.push(Part {
                side,
                from,
                to,
                group,
            });
        }
    }
    out
}

/// The columns of one part, by role.
struct SideCols<'h> {
    side: Option<Side>,
    /// Grid columns of the 类/款/项 (code) groups.
    code: Vec<usize>,
    /// Grid column range [from, to) of the name group.
    name: Option<(usize, usize)>,
    project: Option<(usize, usize)>,
    /// Every non-value column of the part (where a stray 合计 label may sit).
    labels: Vec<usize>,
    values: Vec<(String, &'h ColHead)>,
    group: Option<String>,
}

/// A table printing both 决算 and 预算数 value columns (budget is the secondary figure).
fn budget_secondary(heads: &[ColHead]) -> bool {
    let leaves: Vec<&str> = heads
        .iter()
        .filter(|h| h.role == Role::Value)
        .filter_map(|h| h.matching.last().map(String::as_str))
        .collect();
    leaves.iter().any(|l| l.contains("决算")) && leaves.iter().any(|l| l.contains("预算数"))
}

/// Stage 3c: header paths → keys. Every value column of a part gets its
/// catalog key (once per part; a repeat or an unknown path is `c<col>`) and is
/// listed in `columns`; code, name, project and label columns are gathered.
fn column_keys<'h>(
    heads: &'h [ColHead],
    parts: &[Part],
    kind: &str,
    columns: &mut Vec<Column>,
) -> Vec<SideCols<'h>> {
    let secondary = budget_secondary(heads);
    let mut side_cols: Vec<SideCols> = Vec::new();
    for part in parts {
        let in_side: Vec<&ColHead> = heads
            .iter()
            .filter(|h| h.col >= part.from && h.col < part.to)
            .collect();
        let mut used: Vec<&'static str> = Vec::new();
        let mut values = Vec::new();
        for h in in_side.iter().filter(|h| h.role == Role::Value) {
            let key = match catalog::column_key(&h.matching, kind, secondary) {
                Some(k) if !used.contains(&k) => {
                    used.push(k);
                    k.to_string()
                }
                _ => format!("c{}", h.col),
            };
            columns.push(Column {
                key: key.clone(),
                header: h.printed.clone(),
                side: part.side,
                col: h.col,
            });
            values.push((key, *h));
        }
        side_cols.push(SideCols {
            side: part.side,
            code: in_side
                .iter()
                .filter(|h| h.role == Role::Code)
                .flat_map(|h| h.col..h.to)
                .collect(),
            // from the first name column to the last one: label columns of
            // a block without values of their own (政府采购: 品目 | 专项 | 物品)
            name: in_side
                .iter()
                .find(|h| h.role == Role::Name)
                .zip(in_side.iter().rev().find(|h| h.role == Role::Name))
                .map(|(a, b)| (a.col, b.to)),
            project: in_side
                .iter()
                .find(|h| h.role == Role::Project)
                .map(|h| (h.col, h.to)),
            labels: in_side
                .iter()
                .filter(|h| h.role != Role::Value)
                .flat_map(|h| h.col..h.to)
                .collect(),
            values,
            group: part.group.clone(),
        });
    }
    side_cols
}

/// Stage 4: rows → records, part by part (revenue records before
/// expenditure ones). A row without name, code or any value makes no record.
fn rows_to_records(
    g: &G,
    side_cols: &[SideCols],
    data_rows: &[usize],
    kind: &str,
    id: &str,
    title: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<Record> {
    let project_table = kind == "general_budget_project_expenditure";
    let mut records = Vec::new();
    for sc in side_cols {
        for &r in data_rows {
            let (code, level, mut name, label_group) =
                code_and_name(g, r, &sc.code, sc.name, id, warnings);
            let group = match (&sc.group, label_group) {
                (Some(a), Some(b)) => Some(format!("{a}/{b}")),
                (a, b) => a.clone().or(b),
            };
            let vals = row_values(g, r, &sc.values, id, title, warnings);
            if name.as_deref().is_some_and(str::is_empty) {
                name = None;
            }
            if name.is_none() {
                // 合计 printed in another label column (the seed's 表7 puts it under 项目名称)
                name = sc
                    .labels
                    .iter()
                    .map(|&c| squeeze(g.text(r, c)))
                    .find(|t| is_total_label(&normalize(t)));
            }
            if name.is_none() && code.is_none() && vals.iter().all(|(_, v)| v.is_none()) {
                continue;
            }
            let total = name
                .as_deref()
                .is_some_and(|n| is_total_label(&normalize(n)));
            let project = project_table.then(|| fill_down_project(g, r, sc.project));
            records.push(Record {
                side: sc.side,
                code,
                level,
                name,
                values: Values(vals),
                total,
                row: r,
                project,
                group,
            });
        }
    }
    records
}

/// The values of row `r` under each keyed column: an amount, or `None` for a
/// blank cell; text in an amount column is a `table.non_numeric_amount`
/// warning and `None`.
fn row_values(
    g: &G,
    r: usize,
    values: &[(String, &ColHead)],
    id: &str,
    title: &str,
    warnings: &mut Vec<Warning>,
) -> Vec<(String, Option<String>)> {
    let mut vals: Vec<(String, Option<String>)> = Vec::new();
    for (key, h) in values {
        let v = match own_in(g, r, h.col, h.to) {
            None => None,
            Some(cell) => match amount::parse_cell(&cell.text) {
                amount::Cell::Blank => None,
                amount::Cell::Amount { value, .. } => Some(value.to_string()),
                amount::Cell::Text(t) => {
                    warnings.push(Warning {
                        code: "table.non_numeric_amount".into(),
                        message: format!(
                            "{title}: text '{t}' in amount column '{key}' (row {r}), kept as null"
                        ),
                        at: Some(format!("{id} row {r} col {}", h.col)),
                    });
                    None
                }
            },
        };
        vals.push((key.clone(), v));
    }
    vals
}

/// Fill-down of a project table's project: the cell covering row `r` in the
/// project columns, so a project printed in a merged cell names every row it
/// spans. A merged 合计 label spreading over the project column from the left
/// is not a project, nor is a total.
fn fill_down_project(g: &G, r: usize, project: Option<(usize, usize)>) -> Option<String> {
    project
        .and_then(|(a, b)| cell_in(g, r, a, b).filter(|cell| cell.col >= a))
        .map(|cell| squeeze(&cell.text))
        .filter(|s| !s.is_empty() && !is_total_label(&normalize(s)))
}

/// Side-by-side blocks of [from, to): each starts at a name column (with the
/// code columns just before it) and holds at least one value column; a block
/// without a value column joins its neighbour.
fn blocks(heads: &[ColHead], from: usize, to: usize) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = Vec::new();
    for (i, h) in heads.iter().enumerate() {
        if h.col < from || h.col >= to || h.role != Role::Name {
            continue;
        }
        let mut k = i;
        while k > 0 && heads[k - 1].role == Role::Code && heads[k - 1].col >= from {
            k -= 1;
        }
        starts.push(heads[k].col);
    }
    if starts.len() < 2 {
        return vec![(from, to)];
    }
    starts[0] = from;
    let has_values = |(a, b): (usize, usize)| {
        heads
            .iter()
            .any(|h| h.col >= a && h.col < b && h.role == Role::Value)
    };
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(to);
        match out.last_mut() {
            Some(last) if !has_values(*last) => last.1 = e,
            _ => out.push((s, e)),
        }
    }
    if out.len() >= 2
        && let Some(&last) = out.last()
        && !has_values(last)
    {
        out.pop();
        if let Some(prev) = out.last_mut() {
            prev.1 = last.1;
        }
    }
    out
}

/// The group header (功能分类, 支出用途, 支出（按经济分类）…) over a block.
fn block_group(heads: &[ColHead], from: usize, to: usize) -> Option<String> {
    heads
        .iter()
        .filter(|h| h.col >= from && h.col < to)
        .flat_map(|h| h.printed.iter())
        .find(|p| catalog::is_summary_group(&normalize(p)))
        .cloned()
}

/// In a table that is not a project table, a 项目名称 column is the row label.
fn project_as_name(heads: &mut [ColHead], kind: &str) {
    if kind != "general_budget_project_expenditure" {
        for h in heads.iter_mut().filter(|h| h.role == Role::Project) {
            h.role = Role::Name;
        }
    }
}

/// Adjust roles from the data: an unlabeled column of text is a name column
/// when there is none; an unkeyed all-text column is not a value column.
fn refine_roles(g: &G, heads: &mut [ColHead], data_rows: &[usize], kind: &str) {
    let mut has_name = heads.iter().any(|h| h.role == Role::Name);
    let mut seen_value = false;
    for i in 0..heads.len() {
        let (before, rest) = heads.split_at_mut(i);
        let Some(h) = rest.first_mut() else { break };
        if h.role != Role::Value {
            continue;
        }
        let mut amounts = 0;
        let mut texts = 0;
        for &r in data_rows {
            if let Some(c) = own_in(g, r, h.col, h.to) {
                match amount::parse_cell(&c.text) {
                    amount::Cell::Amount { .. } => amounts += 1,
                    amount::Cell::Text(_) => texts += 1,
                    amount::Cell::Blank => {}
                }
            }
        }
        h.role = if h.matching.is_empty() {
            if texts > 0
                && amounts == 0
                && let Some(prev) = before.last_mut()
                && prev.role == Role::Name
                && prev.to == h.col
            {
                // an unlabeled column of text right of the name column: the
                // inner labels of a hierarchy whose header spans both
                prev.to = h.to;
                Role::Ignore
            } else if texts > 0 && amounts == 0 && !has_name {
                Role::Name
            } else if texts == 0 && amounts == 0 {
                Role::Ignore // unlabeled and empty: not a value column
            } else {
                Role::Value
            }
        } else if texts > 0
            && amounts == 0
            && catalog::column_key(&h.matching, kind, false).is_none()
        {
            if !seen_value && !before.iter().any(|b| b.role == Role::Name) {
                // the row labels of a table without a 项目/科目名称 header (the
                // 政府信息公开 tables of hzq*: 信息内容, or a note-like header cell),
                // or outer labels left of the name column (政府采购: 采购品目大类)
                Role::Name
            } else {
                Role::Ignore // an unkeyed column of text (备注, 说明 …)
            }
        } else {
            Role::Value
        };
        has_name |= h.role == Role::Name;
        seen_value |= h.role == Role::Value;
    }
}

/// Code (from the 类/款/项 columns or a `201 一般公共服务支出` name), level and name of a row.
fn code_and_name(
    g: &G,
    r: usize,
    code_cols: &[usize],
    name_cols: Option<(usize, usize)>,
    id: &str,
    warnings: &mut Vec<Warning>,
) -> (Option<String>, Option<u8>, Option<String>, Option<String>) {
    let mut parts: Vec<String> = Vec::new();
    let mut seen: Vec<usize> = Vec::new();
    let mut label: Option<String> = None;
    // The innermost label when the name spans several grid columns holding a
    // hierarchy (`三、本年度办理结果` | `（三）不予公开` | `1.属于国家秘密`).
    let name_cell = name_cols.and_then(|(a, b)| {
        (a..b)
            .rev()
            .filter_map(|c| g.covering(r, c))
            .find(|c| !blank(&c.text))
    });
    for &c in code_cols {
        let Some(i) = g.idx(r, c) else { continue };
        if seen.contains(&i) {
            continue;
        }
        seen.push(i);
        let t = normalize(&g.t.cells[i].text);
        if t.is_empty() {
            continue;
        }
        if t.chars().all(|ch| ch.is_ascii_digit()) {
            parts.push(t);
        } else if !catalog::CODE_TEXTS.contains(&t.as_str())
            && label.is_none()
            && !name_cell.is_some_and(|n| std::ptr::eq(n, &g.t.cells[i]))
        {
            label = Some(squeeze(&g.t.cells[i].text));
        }
    }
    // The outer labels of a hierarchy printed in merged cells (一般公共预算资金
    // over 小计 / 公共财政拨款(补助)资金 / 专项收入): the record's group.
    let mut outer: Vec<&Cell> = Vec::new();
    if let (Some((a, b)), Some(n)) = (name_cols, name_cell) {
        for c in a..b {
            if let Some(cell) = g.covering(r, c)
                && !blank(&cell.text)
                && !std::ptr::eq(cell, n)
                && cell.col < n.col
                && !outer.iter().any(|o| std::ptr::eq(*o, cell))
            {
                outer.push(cell);
            }
        }
    }
    let group = if outer.is_empty() {
        None
    } else {
        Some(
            outer
                .iter()
                .map(|c| squeeze(&c.text))
                .collect::<Vec<_>>()
                .join("/"),
        )
    };
    let mut name = name_cell
        .map(|c| squeeze(&c.text))
        .filter(|s| !s.is_empty());
    if name.is_none() {
        name = label;
    }
    let mut code: Option<String> = None;
    let mut level: Option<u8> = None;
    if parts.len() == 1 {
        level = level_of_len(parts[0].len());
        code = Some(parts.remove(0));
    } else if !parts.is_empty() {
        if parts.len() <= 3 {
            level = Some(parts.len() as u8);
        }
        if parts.iter().skip(1).any(|p| p.len() != 2) || parts[0].len() != 3 {
            warnings.push(Warning {
                code: "table.code_parts".into(),
                message: format!("{id}: classification code parts {parts:?} (row {r}) are not 3+2+2 digits; kept as printed"),
                at: Some(format!("{id} row {r}")),
            });
        }
        code = Some(parts.concat());
    }
    if code.is_none()
        && let Some(n) = &name
        && let Some(m) = CODE_NAME_RE.captures(n)
    {
        let c = m[1].to_string();
        level = level_of_len(c.len());
        name = Some(m[2].to_string());
        code = Some(c);
    }
    (code, level, name, group)
}

fn level_of_len(len: usize) -> Option<u8> {
    match len {
        3 => Some(1),
        5 => Some(2),
        7 => Some(3),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
