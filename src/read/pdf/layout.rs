//! Pages → [`Layout`]: tables and paragraphs in reading order, tables
//! continued across pages merged into one.

use std::sync::OnceLock;

use regex::Regex;

use super::tables::{self, PageTable};
use super::text::{self, Line};
use super::{Glyph, Page};
use crate::layout::{Block, Cell, Layout, Note, Paragraph, Table};

/// Column boundaries of a continuation may differ by this much (pt).
const CONTINUATION_X_TOL: f32 = 3.0;
/// At most this many leading rows are taken for a repeated header.
const MAX_HEADER_ROWS: usize = 6;

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
pub fn build(pages: &[Page]) -> Layout {
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
    for (page, (lattice, lines)) in pages.iter().zip(staged) {
        warnings.extend(page.warnings.iter().cloned());
        let items = page_items(page, lattice, lines, &mut warnings);
        let mut first = true;
        let margins = margins(&items, page.width);
        let body_size = body_size(&items);
        for item in items {
            match item {
                Item::Table(t) => {
                    if let Some((p, ..)) = para.take() {
                        out.push(Built::Para(p));
                    }
                    let merged = first
                        && open_table.is_some_and(|i| match &mut out[i] {
                            Built::Table(prev) => continue_table(prev, &t, page.number),
                            Built::Para(_) => false,
                        });
                    if !merged {
                        let mut t = t;
                        t.table.pages = vec![page.number];
                        out.push(Built::Table(t));
                    }
                    open_table = Some(out.len() - 1);
                }
                Item::Line(l) => {
                    open_table = None;
                    para = Some(match para.take() {
                        Some((mut p, prev, pm, pb))
                            if joins(&prev, pm, pb, &l, margins, body_size, !first) =>
                        {
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
    let streams = tables::stream(&lines);
    let mut in_stream = vec![false; lines.len()];
    for (_, idx) in &streams {
        for &i in idx {
            in_stream[i] = true;
        }
    }
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
    items.extend(streams.into_iter().map(|(t, _)| Item::Table(t)));
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

/// Left and right text margins of the page's body lines. The right margin
/// is at least the mirror of the left one (pages with only short lines).
fn margins(items: &[Item], width: f32) -> (f32, f32) {
    let mut l = f32::MAX;
    let mut r = f32::MIN;
    for it in items {
        if let Item::Line(line) = it {
            l = l.min(line.bbox.x0);
            r = r.max(line.bbox.x1);
        }
    }
    if l <= r && width > 0.0 {
        r = r.max(width - l);
    }
    (l, r)
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

fn heading_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[）)]|第[一二三四五六七八九十百\d]+[部章节条]|表\s*[\d一二三四五六七八九十]+|附件|附表|注[：:]|\d{1,2}\s*[、．]|\d{1,2}\.(?:\D|$|\d{4}年)|\d{1,2}\s*[）)])",
        )
        .expect("static regex")
    })
}

/// A heading pattern ("一、", "（一）", "第一部分", "表3", "1．") starts a new paragraph.
pub fn is_heading(s: &str) -> bool {
    heading_re().is_match(s)
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
    pm: (f32, f32),
    pb: f32,
    next: &Line,
    nm: (f32, f32),
    nb: f32,
    same_page: bool,
) -> bool {
    let size = prev.size.max(next.size);
    if (prev.size - next.size).abs() > 0.15 * size {
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
            && !is_heading(&next.text);
    }
    // Previous line reaches (near) the right margin; ragged right edges
    // (ONLYOFFICE) fall up to ~2 em short, more when the next line starts
    // with an unbreakable Latin/digit word ("161.62万元") that did not fit.
    if prev.bbox.x1 < pm.1 - (3.0 + leading_run_em(&next.text)) * size {
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
    !is_heading(&next.text)
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
    for k in 1..=MAX_HEADER_ROWS
        .min(next.rows.saturating_sub(1))
        .min(first.rows)
    {
        match (head_rows(first, k), head_rows(next, k)) {
            (Some(a), Some(b)) if a == b && a.iter().any(|c| !c.4.is_empty()) => best = k,
            _ => {}
        }
    }
    best
}

/// Map each column boundary of `next` to the index of the same boundary in
/// `prev`; `None` unless every boundary of `next` is one of `prev`'s and
/// both share the outer edges (a continuation whose rows merge some columns
/// has a subset of the boundaries).
fn map_columns(prev: &[f32], next: &[f32]) -> Option<Vec<usize>> {
    let (pf, pl) = (prev.first()?, prev.last()?);
    let (nf, nl) = (next.first()?, next.last()?);
    if (pf - nf).abs() > CONTINUATION_X_TOL || (pl - nl).abs() > CONTINUATION_X_TOL {
        return None;
    }
    next.iter()
        .map(|x| {
            prev.iter()
                .position(|p| (p - x).abs() <= CONTINUATION_X_TOL)
        })
        .collect()
}

/// Append `next` (top of page `page`) to `prev` if it continues it: the
/// same column boundaries (or a subset of them). Repeated header rows are
/// dropped.
fn continue_table(prev: &mut PageTable, next: &PageTable, page: u32) -> bool {
    let Some(map) = map_columns(&prev.xs, &next.xs) else {
        return false;
    };
    let same = map.len() == prev.xs.len();
    let skip = if same {
        repeated_header(&prev.table, &next.table)
    } else {
        0
    };
    let offset = prev.table.rows;
    for c in next.table.cells.iter().filter(|c| c.row >= skip) {
        let col = map[c.col];
        let end = map[(c.col + c.colspan).min(map.len() - 1)];
        prev.table.cells.push(Cell {
            row: c.row - skip + offset,
            col,
            colspan: end.saturating_sub(col).max(1),
            ..c.clone()
        });
    }
    prev.table.rows += next.table.rows - skip;
    if !prev.table.pages.contains(&page) {
        prev.table.pages.push(page);
    }
    if same {
        prev.xs = next.xs.clone();
    }
    prev.ys = next.ys.clone();
    prev.bbox = next.bbox;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::pdf::tables::tests::{hline, vline, word};
    use crate::read::pdf::{Glyph, Rect};

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
        l.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect()
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
    fn heading_patterns() {
        for s in [
            "一、部门",
            "（一）收入",
            "第一部分 概况",
            "表3 支出",
            "1．2025年",
            "1.2025年部门",
            "注：本表",
        ] {
            assert!(is_heading(s), "{s}");
        }
        for s in ["2025年收入", "12.50万元", "3.5%", "财政拨款"] {
            assert!(!is_heading(s), "{s}");
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
}
