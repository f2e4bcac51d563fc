//! corpusgen: the seed transcription (`seed.json`) as data, and what is generated from it:
//! a Word rendition written with docx-rs, the text dump it was transcribed from, and `truth.json`.
//!
//! The transcription lists blocks in document order: paragraphs (text, optional heading level)
//! and tables (rows of the cells that *start* in that row, with colspan/rowspan). A cell's
//! paragraphs are joined with `\n`; a line break inside a body paragraph is `\n` too.
//! `continuation_text` holds text that Word keeps (hidden) in the vMerge continuation cells
//! below a rowspan cell (one entry per covered row, top to bottom).

#![allow(clippy::needless_range_loop)]

pub mod pdf;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    pub source: String,
    #[serde(default)]
    pub notes: Vec<String>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    Paragraph(Para),
    Table(Table),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Para {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heading: Option<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub cols: usize,
    pub header_rows: usize,
    /// Grid column widths in twips (tblGrid).
    pub widths: Vec<usize>,
    pub rows: Vec<Vec<Cell>>,
}

fn one() -> usize {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    pub text: String,
    #[serde(default = "one")]
    pub colspan: usize,
    #[serde(default = "one")]
    pub rowspan: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub continuation_text: Vec<String>,
}

/// A cell placed on the table grid (top-left position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

/// One `<w:tc>` of a Word row: either a cell starting here, or a vMerge continuation of a
/// cell started above (`k` = rows below its start, 1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Start(usize),
    Continue(usize, usize),
}

/// The laid-out grid of a table.
#[derive(Debug, Clone)]
pub struct Grid {
    pub cells: Vec<Placed>,
    /// Per row, the Word `<w:tc>` slots in column order (indices into `cells`).
    pub slots: Vec<Vec<Slot>>,
    /// owner[r][c] = index of the cell covering (r, c).
    pub owner: Vec<Vec<usize>>,
}

pub fn load_seed(text: &str) -> Result<Seed, String> {
    let seed: Seed = serde_json::from_str(text).map_err(|e| format!("seed.json: {e}"))?;
    for (i, b) in seed.blocks.iter().enumerate() {
        if let Block::Table(t) = b {
            layout(t).map_err(|e| format!("block {i} ({:?}): {e}", t.label))?;
        }
    }
    Ok(seed)
}

/// Places every cell on the grid; errors if a row does not cover exactly `cols` columns,
/// spans overlap or run off the table, or the widths do not match.
pub fn layout(t: &Table) -> Result<Grid, String> {
    let nrows = t.rows.len();
    if t.widths.len() != t.cols {
        return Err(format!("{} widths for {} columns", t.widths.len(), t.cols));
    }
    if t.header_rows > nrows {
        return Err("header_rows exceeds row count".into());
    }
    let mut owner: Vec<Vec<Option<usize>>> = vec![vec![None; t.cols]; nrows];
    let mut cells = Vec::new();
    for (r, row) in t.rows.iter().enumerate() {
        let mut c = 0;
        for cell in row {
            while c < t.cols && owner[r][c].is_some() {
                c += 1;
            }
            if cell.colspan == 0 || cell.rowspan == 0 {
                return Err(format!("row {r}: zero span"));
            }
            if c + cell.colspan > t.cols {
                return Err(format!(
                    "row {r}: cell {:?} runs past column {}",
                    cell.text, t.cols
                ));
            }
            if r + cell.rowspan > nrows {
                return Err(format!(
                    "row {r}: rowspan of {:?} runs past the table",
                    cell.text
                ));
            }
            if cell.continuation_text.len() > cell.rowspan - 1 {
                return Err(format!("row {r}: too much continuation_text"));
            }
            let idx = cells.len();
            for rr in r..r + cell.rowspan {
                for cc in c..c + cell.colspan {
                    if owner[rr][cc].is_some() {
                        return Err(format!(
                            "row {r}: cell {:?} overlaps ({rr},{cc})",
                            cell.text
                        ));
                    }
                    owner[rr][cc] = Some(idx);
                }
            }
            cells.push(Placed {
                row: r,
                col: c,
                rowspan: cell.rowspan,
                colspan: cell.colspan,
                text: cell.text.clone(),
            });
            c += cell.colspan;
        }
        if let Some(gap) = owner[r].iter().position(|o| o.is_none()) {
            return Err(format!("row {r}: column {gap} not covered"));
        }
    }
    let owner: Vec<Vec<usize>> = owner
        .into_iter()
        .map(|row| row.into_iter().map(|o| o.unwrap_or(usize::MAX)).collect())
        .collect();
    let mut slots = Vec::with_capacity(nrows);
    for r in 0..nrows {
        let mut row = Vec::new();
        let mut c = 0;
        while c < t.cols {
            let idx = owner[r][c];
            let p = &cells[idx];
            if p.row == r {
                row.push(Slot::Start(idx));
            } else {
                row.push(Slot::Continue(idx, r - p.row));
            }
            c += p.colspan;
        }
        slots.push(row);
    }
    Ok(Grid {
        cells,
        slots,
        owner,
    })
}

fn cell_of<'a>(t: &'a Table, g: &Grid, idx: usize) -> &'a Cell {
    let p = &g.cells[idx];
    let start_in_row = g.slots[p.row]
        .iter()
        .filter(|s| matches!(s, Slot::Start(_)))
        .position(|s| *s == Slot::Start(idx))
        .unwrap_or(0);
    &t.rows[p.row][start_in_row]
}

/// Text of a Word slot: the cell's own text, or the (hidden) continuation text.
fn slot_text(t: &Table, g: &Grid, s: Slot) -> String {
    match s {
        Slot::Start(i) => g.cells[i].text.clone(),
        Slot::Continue(i, k) => cell_of(t, g, i)
            .continuation_text
            .get(k - 1)
            .cloned()
            .unwrap_or_default(),
    }
}

/// Re-creates the text dump the transcription was made from: a paragraph per line, a tab
/// before each Word cell (vMerge continuation cells included), a blank line after each row.
pub fn dump_text(seed: &Seed) -> Result<String, String> {
    let mut out = String::new();
    for b in &seed.blocks {
        match b {
            Block::Paragraph(p) => {
                out.push_str(&p.text);
                out.push('\n');
            }
            Block::Table(t) => {
                let g = layout(t)?;
                for row in &g.slots {
                    for s in row {
                        out.push('\t');
                        out.push_str(&slot_text(t, &g, *s));
                        out.push('\n');
                    }
                    out.push('\n');
                }
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------- docx

pub const DOCX_DATE: &str = "2022-01-01T00:00:00Z";

/// Font size of table text, in half-points (9 pt).
pub const TABLE_FONT_HALF_POINTS: usize = 18;

fn para_with_text(text: &str, size: Option<usize>) -> docx_rs::Paragraph {
    use docx_rs::{BreakType, Paragraph, Run};
    let mut p = Paragraph::new();
    if text.is_empty() {
        return p;
    }
    let mut run = Run::new();
    if let Some(sz) = size {
        run = run.size(sz);
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    p = p.add_run(run);
    p
}

fn cell_paragraphs(mut tc: docx_rs::TableCell, text: &str) -> docx_rs::TableCell {
    for line in text.split('\n') {
        tc = tc.add_paragraph(para_with_text(line, Some(TABLE_FONT_HALF_POINTS)));
    }
    tc
}

fn docx_table(t: &Table) -> Result<docx_rs::Table, String> {
    use docx_rs::{TableCell, TableLayoutType, TableRow, VMergeType, WidthType};
    let g = layout(t)?;
    let mut rows = Vec::new();
    for row in &g.slots {
        let mut tcs = Vec::new();
        for s in row {
            let (idx, restart) = match s {
                Slot::Start(i) => (*i, true),
                Slot::Continue(i, _) => (*i, false),
            };
            let p = &g.cells[idx];
            let w: usize = t.widths[p.col..p.col + p.colspan].iter().sum();
            let mut tc = TableCell::new().width(w, WidthType::Dxa);
            if p.colspan > 1 {
                tc = tc.grid_span(p.colspan);
            }
            if p.rowspan > 1 {
                tc = tc.vertical_merge(if restart {
                    VMergeType::Restart
                } else {
                    VMergeType::Continue
                });
            }
            tc = cell_paragraphs(tc, &slot_text(t, &g, *s));
            tcs.push(tc);
        }
        rows.push(TableRow::new(tcs));
    }
    let total: usize = t.widths.iter().sum();
    Ok(docx_rs::Table::new(rows)
        .set_grid(t.widths.clone())
        .width(total, WidthType::Dxa)
        .layout(TableLayoutType::Fixed))
}

/// Writes the Word rendition: paragraphs and tables in order (表5–表7 titles are inside
/// their tables, as the transcription has them), headings styled Heading1–3.
pub fn build_docx(seed: &Seed) -> Result<Vec<u8>, String> {
    use docx_rs::{Docx, PageMargin, RunFonts, Style, StyleType};
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(1440)
                .bottom(1440)
                .left(1134)
                .right(1134),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .east_asia("宋体"),
        )
        .default_size(21)
        .created_at(DOCX_DATE)
        .updated_at(DOCX_DATE);
    for (lvl, size) in [(1usize, 32usize), (2, 28), (3, 24)] {
        docx = docx.add_style(
            Style::new(format!("Heading{lvl}"), StyleType::Paragraph)
                .name(format!("heading {lvl}"))
                .based_on("Normal")
                .next("Normal")
                .bold()
                .size(size)
                .outline_lvl(lvl - 1),
        );
    }
    for b in &seed.blocks {
        match b {
            Block::Paragraph(p) => {
                let mut para = para_with_text(&p.text, None);
                if let Some(h) = p.heading {
                    para = para.style(&format!("Heading{h}"));
                }
                docx = docx.add_paragraph(para);
            }
            Block::Table(t) => docx = docx.add_table(docx_table(t)?),
        }
    }
    let mut buf = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut buf)
        .map_err(|e| format!("docx pack: {e}"))?;
    deflate_zip(&buf.into_inner())
}

/// Re-packs a zip with deflate (docx-rs stores entries uncompressed), keeping entry order and
/// the fixed default timestamps, so the output stays small and byte-identical across runs.
pub fn deflate_zip(stored: &[u8]) -> Result<Vec<u8>, String> {
    use std::io::{Read, Write};
    let mut input =
        zip::ZipArchive::new(std::io::Cursor::new(stored)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..input.len() {
        let mut f = input.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().to_string();
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(|e| e.to_string())?;
        out.start_file(name, opts).map_err(|e| e.to_string())?;
        out.write_all(&data).map_err(|e| e.to_string())?;
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

// ---------------------------------------------------------------- truth

/// Removes all white space (ASCII and full-width).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn after<'a>(s: &'a str, key: &str) -> Option<&'a str> {
    let i = s.find(key)?;
    let rest = s[i + key.len()..].trim_start();
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let v = &rest[..end];
    if v.is_empty() {
        None
    } else {
        Some(v)
    }
}

fn table_number(s: &str) -> Option<String> {
    let t = squeeze(s);
    let rest = t.strip_prefix('表')?;
    if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
        Some(t)
    } else {
        None
    }
}

#[derive(Default, Debug)]
struct Caption {
    number: Option<String>,
    title: Option<String>,
    unit: Option<String>,
    department: Option<String>,
}

impl Caption {
    /// Reads caption lines (paragraph lines or lines of a title cell) in order.
    fn feed(&mut self, lines: &[String]) {
        let mut want_title = false;
        for line in lines {
            let sq = squeeze(line);
            if sq.is_empty() {
                continue;
            }
            if let Some(n) = table_number(line) {
                self.number = Some(n);
                want_title = true;
                continue;
            }
            if line.contains("编制部门") || line.contains("单位：") {
                if let Some(d) = after(line, "编制部门：") {
                    self.department = Some(d.to_string());
                }
                if let Some(u) = after(line, "单位：") {
                    self.unit = Some(u.to_string());
                }
                continue;
            }
            if want_title || sq.ends_with("表") {
                if self.title.is_none() {
                    self.title = Some(sq);
                }
                want_title = false;
            }
        }
    }
}

/// truth.json: per table number/title/unit/department, grid rows and cells; the narrative
/// paragraphs; the curated figures and projects merged in from `curated`.
pub fn build_truth(seed: &Seed, curated: &Value) -> Result<Value, String> {
    let mut tables = Vec::new();
    let mut paragraphs = Vec::new();
    // caption paragraphs seen since the previous table: (block index, text)
    let mut pending: Vec<(usize, String)> = Vec::new();
    let mut caption_blocks = std::collections::BTreeSet::new();
    let mut table_ids = Vec::new();
    for (bi, b) in seed.blocks.iter().enumerate() {
        match b {
            Block::Paragraph(p) => {
                if p.heading.is_some() {
                    pending.clear();
                } else if !squeeze(&p.text).is_empty() {
                    pending.push((bi, p.text.clone()));
                }
            }
            Block::Table(t) => {
                let g = layout(t)?;
                let mut cap = Caption::default();
                // caption paragraphs: a trailing run of 表N / title / 编制部门 lines
                let mut start = pending.len();
                while start > 0 {
                    let txt = &pending[start - 1].1;
                    let sq = squeeze(txt);
                    if table_number(txt).is_some()
                        || txt.contains("编制部门")
                        || (sq.ends_with("表") && sq.chars().count() <= 30)
                    {
                        start -= 1;
                    } else {
                        break;
                    }
                }
                let lines: Vec<String> = pending[start..].iter().map(|(_, t)| t.clone()).collect();
                for (bi2, _) in &pending[start..] {
                    caption_blocks.insert(*bi2);
                }
                cap.feed(&lines);
                // title rows inside the table (表5–表7, performance-target tables)
                for p in g.cells.iter().filter(|p| p.row < t.header_rows) {
                    let lines: Vec<String> = p.text.split('\n').map(str::to_string).collect();
                    if p.colspan == t.cols
                        || p.text.contains("编制部门")
                        || p.text.contains("单位：")
                    {
                        cap.feed(&lines);
                    }
                }
                if cap.department.is_none() {
                    // performance-target tables: the cell right of 预算单位
                    let row0 = g.cells.iter().position(|p| squeeze(&p.text) == "预算单位");
                    if let Some(i) = row0 {
                        let p = &g.cells[i];
                        let right = g.owner[p.row].get(p.col + p.colspan).copied();
                        if let Some(j) = right {
                            cap.department = Some(squeeze(&g.cells[j].text));
                        }
                    }
                }
                let rows: Vec<Value> = (0..t.rows.len())
                    .map(|r| {
                        Value::Array(
                            (0..t.cols)
                                .map(|c| {
                                    let p = &g.cells[g.owner[r][c]];
                                    if p.row == r && p.col == c {
                                        Value::String(p.text.clone())
                                    } else {
                                        Value::Null
                                    }
                                })
                                .collect(),
                        )
                    })
                    .collect();
                let cells: Vec<Value> = g
                    .cells
                    .iter()
                    .map(|p| {
                        json!({"row": p.row, "col": p.col, "rowspan": p.rowspan,
                               "colspan": p.colspan, "text": p.text})
                    })
                    .collect();
                // text Word keeps in vMerge continuation cells (not printed)
                let mut hidden = Vec::new();
                for p in &g.cells {
                    let cell = cell_of(t, &g, g.owner[p.row][p.col]);
                    for (k, txt) in cell.continuation_text.iter().enumerate() {
                        if !txt.is_empty() {
                            hidden.push(json!({"row": p.row + k + 1, "col": p.col, "text": txt}));
                        }
                    }
                }
                let data_empty = g.cells.iter().filter(|p| p.row >= t.header_rows).all(|p| {
                    let s = squeeze(&p.text);
                    s.is_empty() || s == "合计"
                });
                let mut m = Map::new();
                m.insert("id".into(), json!(format!("t{}", tables.len() + 1)));
                m.insert("number".into(), json!(cap.number));
                m.insert("title".into(), json!(cap.title));
                m.insert("unit".into(), json!(cap.unit));
                m.insert("department".into(), json!(cap.department));
                m.insert("empty".into(), json!(data_empty));
                m.insert("note".into(), Value::Null);
                m.insert("rows_count".into(), json!(t.rows.len()));
                m.insert("cols".into(), json!(t.cols));
                m.insert("header_rows".into(), json!(t.header_rows));
                m.insert("rows".into(), Value::Array(rows));
                m.insert("cells".into(), Value::Array(cells));
                m.insert("hidden".into(), Value::Array(hidden));
                table_ids.push(bi);
                tables.push(m);
                pending.clear();
            }
        }
    }
    // notes: the first non-empty paragraph after a table starting with 备注/注：
    for (ti, &bi) in table_ids.iter().enumerate() {
        let next = seed.blocks[bi + 1..]
            .iter()
            .enumerate()
            .find_map(|(k, b)| match b {
                Block::Paragraph(p) if !squeeze(&p.text).is_empty() => Some((bi + 1 + k, p)),
                Block::Table(_) => None,
                _ => None,
            });
        if let Some((nbi, p)) = next {
            let sq = squeeze(&p.text);
            if sq.starts_with("备注") || sq.starts_with("注：") {
                tables[ti].insert("note".into(), json!(p.text.trim()));
                caption_blocks.insert(nbi);
            }
        }
    }
    for (bi, b) in seed.blocks.iter().enumerate() {
        if let Block::Paragraph(p) = b {
            if !squeeze(&p.text).is_empty() && !caption_blocks.contains(&bi) {
                paragraphs.push(Value::String(p.text.trim().to_string()));
            }
        }
    }
    let mut top = Map::new();
    top.insert("schema".into(), json!("gongkai.seed-truth/1"));
    top.insert("source".into(), json!(seed.source));
    top.insert(
        "note".into(),
        json!("Generated by scripts/corpusgen from seed.json (tables, paragraphs) and curated.json (figures, projects). rows: one entry per grid column, null where covered by a span; hidden: text held by vMerge continuation cells (not printed by Word); cell text paragraphs joined with \\n; paragraphs trimmed at both ends, empty ones and table captions left out."),
    );
    top.insert(
        "tables".into(),
        Value::Array(tables.into_iter().map(Value::Object).collect()),
    );
    top.insert("paragraphs".into(), Value::Array(paragraphs));
    for key in ["figures", "projects"] {
        let v = curated
            .get(key)
            .cloned()
            .ok_or_else(|| format!("curated.json: missing {key}"))?;
        top.insert(key.into(), v);
    }
    Ok(Value::Object(top))
}

/// JSON with 2-space indentation where arrays/objects holding only scalars are written on
/// one line (a grid row, a cell, a figure), and a trailing newline.
pub fn to_pretty(v: &Value) -> String {
    fn flat(v: &Value) -> bool {
        match v {
            Value::Array(a) => a.iter().all(|x| !x.is_array() && !x.is_object()),
            Value::Object(m) => m.values().all(|x| !x.is_array() && !x.is_object()),
            _ => true,
        }
    }
    fn inline(v: &Value) -> String {
        match v {
            Value::Array(a) => {
                let items: Vec<String> = a.iter().map(inline).collect();
                format!("[{}]", items.join(", "))
            }
            Value::Object(m) => {
                let items: Vec<String> = m
                    .iter()
                    .map(|(k, x)| format!("{}: {}", Value::String(k.clone()), inline(x)))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            _ => v.to_string(),
        }
    }
    fn write(v: &Value, ind: usize, out: &mut String) {
        if flat(v) {
            out.push_str(&inline(v));
            return;
        }
        let pad = "  ".repeat(ind + 1);
        match v {
            Value::Array(a) => {
                out.push_str("[\n");
                for (i, x) in a.iter().enumerate() {
                    out.push_str(&pad);
                    write(x, ind + 1, out);
                    out.push_str(if i + 1 < a.len() { ",\n" } else { "\n" });
                }
                out.push_str(&"  ".repeat(ind));
                out.push(']');
            }
            Value::Object(m) => {
                out.push_str("{\n");
                for (i, (k, x)) in m.iter().enumerate() {
                    out.push_str(&pad);
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push_str(": ");
                    write(x, ind + 1, out);
                    out.push_str(if i + 1 < m.len() { ",\n" } else { "\n" });
                }
                out.push_str(&"  ".repeat(ind));
                out.push('}');
            }
            _ => out.push_str(&v.to_string()),
        }
    }
    let mut s = String::new();
    write(v, 0, &mut s);
    s.push('\n');
    s
}

// ---------------------------------------------------------------- curated figures

/// Units a narrative figure may carry, longest first.
pub const UNITS: &[&str] = &[
    "台（套）",
    "平方米",
    "万元",
    "亿元",
    "元",
    "%",
    "人",
    "个",
    "辆",
    "台",
    "套",
    "次",
    "条",
];

/// The paragraphs of 第一部分 and 第三部分 (the narrative), line breaks removed.
pub fn narrative_paragraphs(seed: &Seed) -> Vec<String> {
    let mut part = String::new();
    let mut out = Vec::new();
    for b in &seed.blocks {
        if let Block::Paragraph(p) = b {
            if p.heading == Some(1) {
                part = squeeze(&p.text).chars().take(4).collect();
                continue;
            }
            if (part == "第一部分" || part == "第三部分") && !squeeze(&p.text).is_empty() {
                out.push(p.text.replace('\n', ""));
            }
        }
    }
    out
}

/// Every `number [space] unit` in the text, in order: (paragraph, byte offset, value, unit).
pub fn scan_figures(paras: &[String]) -> Vec<(usize, usize, String, String)> {
    let mut found = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let b = p.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let prev_ok = i == 0 || !(b[i - 1].is_ascii_digit() || b[i - 1] == b'.');
            if b[i].is_ascii_digit() && prev_ok {
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                let value = &p[start..i];
                let rest = p[i..].trim_start();
                if let Some(u) = UNITS.iter().find(|u| rest.starts_with(**u)) {
                    found.push((pi, start, value.to_string(), u.to_string()));
                }
            } else {
                i += 1;
            }
        }
    }
    found
}

/// Checks curated.json against the transcription: each figure's sentence occurs in the
/// narrative and holds its value and unit, the figures are in text order, and together they
/// are exactly the `number unit` occurrences of the narrative (no figure missed or invented).
/// Each project's name, basis and allocation items occur in the text.
pub fn check_curated(seed: &Seed, curated: &Value) -> Result<(), String> {
    let paras = narrative_paragraphs(seed);
    let scanned = scan_figures(&paras);
    let figures = curated
        .get("figures")
        .and_then(Value::as_array)
        .ok_or("curated.json: figures must be an array")?;
    let field = |f: &Value, k: &str| -> Result<String, String> {
        f.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("curated figure {f}: missing {k}"))
    };
    if figures.len() != scanned.len() {
        let got: Vec<String> = scanned.iter().map(|s| format!("{}{}", s.2, s.3)).collect();
        return Err(format!(
            "curated.json has {} figures, the narrative has {}: {}",
            figures.len(),
            scanned.len(),
            got.join(" ")
        ));
    }
    for (n, (f, (pi, off, value, unit))) in figures.iter().zip(&scanned).enumerate() {
        let fv = field(f, "value")?;
        let fu = field(f, "unit")?;
        let sentence = field(f, "sentence")?;
        if fv != *value || fu != *unit {
            return Err(format!(
                "figure {n}: curated {fv}{fu}, text has {value}{unit} in {:?}",
                paras[*pi]
            ));
        }
        let p = &paras[*pi];
        let ok = p
            .match_indices(sentence.as_str())
            .any(|(s, _)| s <= *off && *off < s + sentence.len());
        if !ok {
            return Err(format!(
                "figure {n} ({fv}{fu}): sentence {sentence:?} does not hold it in {p:?}"
            ));
        }
    }
    let all_text: String = seed
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.replace('\n', "")),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let projects = curated
        .get("projects")
        .and_then(Value::as_array)
        .ok_or("curated.json: projects must be an array")?;
    for pr in projects {
        for k in ["name", "basis", "executor", "period"] {
            let v = field(pr, k)?;
            if !all_text.contains(&v) {
                return Err(format!("project {k} {v:?} not in the text"));
            }
        }
        let allocs = pr
            .get("allocations")
            .and_then(Value::as_array)
            .ok_or("project: allocations")?;
        for a in allocs {
            let item = field(a, "item")?;
            let amount = field(a, "amount")?;
            let unit = field(a, "unit")?;
            let ok = all_text.match_indices(item.as_str()).any(|(s, _)| {
                let rest = all_text[s + item.len()..].trim_start();
                rest.strip_prefix(amount.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(unit.as_str()))
            });
            if !ok {
                return Err(format!(
                    "allocation {item:?} {amount}{unit} not in the text"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const SEED: &str = include_str!("../seed.json");
    const CURATED: &str = include_str!("../curated.json");
    const DUMP: &str = "/work/shared/seed/000_b4db3b08202be5bf.txt";

    fn seed() -> Seed {
        load_seed(SEED).expect("seed.json loads and lays out")
    }

    fn tables(seed: &Seed) -> Vec<&Table> {
        seed.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_row_covers_its_columns() {
        let s = seed();
        let ts = tables(&s);
        assert_eq!(ts.len(), 11);
        for t in &ts {
            let g = layout(t).unwrap();
            for r in 0..t.rows.len() {
                let covered: usize = g.slots[r]
                    .iter()
                    .map(|sl| match sl {
                        Slot::Start(i) | Slot::Continue(i, _) => g.cells[*i].colspan,
                    })
                    .sum();
                assert_eq!(covered, t.cols, "{:?} row {r}", t.label);
            }
        }
        let cols: Vec<usize> = ts.iter().map(|t| t.cols).collect();
        assert_eq!(cols, [4, 12, 7, 8, 7, 6, 16, 6, 7, 7, 7]);
    }

    #[test]
    fn word_cell_counts_per_row_match_the_dump_shape() {
        // <w:tc> per row (vMerge continuations included), as the dump prints them.
        let s = seed();
        let ts = tables(&s);
        let counts =
            |t: &Table| -> Vec<usize> { layout(t).unwrap().slots.iter().map(Vec::len).collect() };
        let t2 = counts(ts[1]);
        assert_eq!(t2[0], 10);
        assert!(t2[1..].iter().all(|&n| n == 12));
        let t4 = counts(ts[3]);
        assert_eq!(t4[0], 2);
        assert!(t4[1..33].iter().all(|&n| n == 7));
        assert_eq!(t4[33], 8, "表4 total row has an 8th cell");
        assert_eq!(&counts(ts[4])[..5], &[1, 3, 2, 5, 7]);
        assert_eq!(&counts(ts[6])[..4], &[1, 4, 14, 16]);
        assert_eq!(counts(ts[7]), vec![4, 6, 6, 6, 6, 6, 6]);
        assert_eq!(&counts(ts[9])[..6], &[1, 1, 4, 7, 2, 4]);
    }

    #[test]
    fn layout_rejects_rows_that_do_not_fit() {
        let mut t = tables(&seed())[0].clone();
        t.rows[3].push(Cell {
            text: "x".into(),
            colspan: 1,
            rowspan: 1,
            continuation_text: vec![],
        });
        assert!(layout(&t).is_err());
        let mut t = tables(&seed())[0].clone();
        t.rows[3].pop();
        assert!(layout(&t).unwrap_err().contains("not covered"));
        let mut t = tables(&seed())[0].clone();
        t.rows[2][0].rowspan = 2;
        assert!(layout(&t).is_err());
    }

    #[test]
    fn merged_headers_are_as_printed() {
        let s = seed();
        let ts = tables(&s);
        let g3 = layout(ts[2]).unwrap();
        let find = |g: &Grid, text: &str| {
            g.cells
                .iter()
                .find(|p| squeeze(&p.text) == text)
                .cloned()
                .unwrap()
        };
        let code = find(&g3, "功能分类科目编码");
        assert_eq!(
            (code.row, code.col, code.colspan, code.rowspan),
            (1, 0, 3, 1)
        );
        assert_eq!(find(&g3, "功能分类科目名称").rowspan, 2);
        assert_eq!(find(&g3, "支出预算").colspan, 3);
        let g8 = layout(ts[7]).unwrap();
        let car = find(&g8, "公务用车购置及运行费");
        assert_eq!((car.col, car.colspan), (2, 3));
        assert_eq!(find(&g8, "因公出国（境）费").rowspan, 2);
        assert_eq!(find(&g8, "公务接待费").rowspan, 2);
        // 表3 合计 row: 基本支出 cell is an empty paragraph then 205.68
        let last = ts[2].rows.last().unwrap();
        assert_eq!(last[5].text, "\n205.68");
        // performance targets: 产出指标 spans its 14 rows
        let gp = layout(ts[9]).unwrap();
        assert_eq!(find(&gp, "产出指标").rowspan, 14);
    }

    #[test]
    fn transcription_reproduces_the_dump() {
        let Ok(orig) = std::fs::read_to_string(DUMP) else {
            eprintln!("skipped: {DUMP} not present");
            return;
        };
        let ours = dump_text(&seed()).unwrap();
        let orig = format!("{orig}\n");
        if ours != orig {
            let (a, b): (Vec<&str>, Vec<&str>) = (ours.lines().collect(), orig.lines().collect());
            let i = a
                .iter()
                .zip(&b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            panic!(
                "dump differs at line {}: ours {:?} vs seed {:?}",
                i + 1,
                a.get(i),
                b.get(i)
            );
        }
    }

    fn document_xml(docx: &[u8]) -> String {
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
        let mut s = String::new();
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn docx_round_trips_text_and_merges() {
        let s = seed();
        let docx = build_docx(&s).unwrap();
        assert_eq!(docx, build_docx(&s).unwrap(), "deterministic");
        let xml = document_xml(&docx);
        assert_eq!(xml.matches("<w:tbl>").count(), 11);
        assert_eq!(
            xml.matches("<w:tr>").count(),
            tables(&s).iter().map(|t| t.rows.len()).sum::<usize>()
        );
        // all text, in order
        let mut got = String::new();
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("<w:t xml:space=\"preserve\">") {
            rest = &rest[i + 26..];
            let j = rest.find("</w:t>").unwrap();
            got.push_str(&unescape(&rest[..j]));
            rest = &rest[j..];
        }
        let want: String = dump_text(&s)
            .unwrap()
            .chars()
            .filter(|c| *c != '\n' && *c != '\t')
            .collect();
        assert_eq!(got, want);
        // merges
        let mut spans = 0;
        let mut restarts = 0;
        let mut continues = 0;
        for t in tables(&s) {
            let g = layout(t).unwrap();
            for row in &g.slots {
                for sl in row {
                    let (i, start) = match sl {
                        Slot::Start(i) => (*i, true),
                        Slot::Continue(i, _) => (*i, false),
                    };
                    spans += usize::from(g.cells[i].colspan > 1);
                    if g.cells[i].rowspan > 1 {
                        if start {
                            restarts += 1
                        } else {
                            continues += 1
                        }
                    }
                }
            }
        }
        assert_eq!(xml.matches("<w:gridSpan").count(), spans);
        assert_eq!(xml.matches("<w:vMerge w:val=\"restart\"").count(), restarts);
        assert_eq!(
            xml.matches("<w:vMerge w:val=\"continue\"").count(),
            continues
        );
        assert!(xml.matches("<w:tblGrid>").count() == 11);
        assert!(xml.contains("<w:pStyle w:val=\"Heading1\""));
    }

    #[test]
    fn truth_tables_and_captions() {
        let s = seed();
        let curated: Value = serde_json::from_str(CURATED).unwrap();
        let t = build_truth(&s, &curated).unwrap();
        let ts = t["tables"].as_array().unwrap();
        assert_eq!(ts.len(), 11);
        let numbers: Vec<Value> = ts.iter().map(|x| x["number"].clone()).collect();
        let mut want: Vec<Value> = (1..=9).map(|n| json!(format!("表{n}"))).collect();
        want.extend([Value::Null, Value::Null]);
        assert_eq!(numbers, want);
        assert_eq!(ts[4]["title"], "一般公共预算支出情况表");
        assert_eq!(ts[5]["title"], "一般公共预算基本支出情况表");
        assert_eq!(ts[10]["title"], "项目支出绩效目标表");
        assert!(ts
            .iter()
            .take(9)
            .all(|x| x["unit"] == "万元" && x["department"] == "昌吉回族自治州金融工作办公室"));
        assert_eq!(ts[10]["department"], "昌吉回族自治州金融工作办公室");
        assert_eq!(ts[8]["empty"], true);
        assert_eq!(
            ts[7]["hidden"],
            json!([{"row": 1, "col": 1, "text": "合计"}])
        );
        assert!(ts.iter().filter(|x| x["hidden"] != json!([])).count() == 1);
        assert_eq!(ts[8]["note"], "备注：我单位无政府性基金预算，此表为空表。");
        assert!(ts.iter().take(8).all(|x| x["empty"] == false));
        let paras = t["paragraphs"].as_array().unwrap();
        assert!(paras
            .iter()
            .all(|p| !p.as_str().unwrap().starts_with("编制部门")));
        assert_eq!(
            paras
                .iter()
                .filter(|p| p.as_str().unwrap().starts_with("资金执行时间"))
                .count(),
            2
        );
        assert_eq!(
            t["figures"].as_array().unwrap().len(),
            scan_figures(&narrative_paragraphs(&s)).len()
        );
    }

    #[test]
    fn curated_figures_match_the_text() {
        let s = seed();
        let curated: Value = serde_json::from_str(CURATED).unwrap();
        check_curated(&s, &curated).unwrap();
        let figs = curated["figures"].as_array().unwrap();
        assert!(
            figs.iter()
                .any(|f| f["value"] == "255.68" && f["unit"] == "元"),
            "the 255.68元 mistake is kept"
        );
        // dropping, reordering or altering a figure is caught
        let mut c = curated.clone();
        c["figures"].as_array_mut().unwrap().remove(20);
        assert!(check_curated(&s, &c).is_err());
        let mut c = curated.clone();
        c["figures"].as_array_mut().unwrap().swap(10, 11);
        assert!(check_curated(&s, &c).is_err());
        let mut c = curated.clone();
        c["figures"][5]["sentence"] = json!("不存在的句子");
        assert!(check_curated(&s, &c).is_err());
        let mut c = curated.clone();
        c["projects"][1]["allocations"][3]["amount"] = json!("3.6");
        assert!(check_curated(&s, &c).is_err());
    }
    fn corpus_file(name: &str) -> Option<Vec<u8>> {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../corpus/seed")
            .join(name);
        std::fs::read(p).ok()
    }

    #[test]
    fn committed_docx_and_truth_are_up_to_date() {
        let s = seed();
        let Some(docx) = corpus_file("changji-finance-office-2022.docx") else {
            panic!("corpus/seed/changji-finance-office-2022.docx missing: run scripts/make-seed-corpus");
        };
        assert!(
            docx == build_docx(&s).unwrap(),
            "committed docx is stale: run scripts/make-seed-corpus"
        );
        let curated: Value = serde_json::from_str(CURATED).unwrap();
        let truth = to_pretty(&build_truth(&s, &curated).unwrap());
        let committed = corpus_file("truth.json").expect("truth.json");
        assert!(
            committed == truth.as_bytes(),
            "committed truth.json is stale: run scripts/make-seed-corpus"
        );
    }

    /// All w:t text of a docx, white space removed.
    fn docx_text(docx: &[u8]) -> String {
        let xml = document_xml(docx);
        let mut got = String::new();
        let mut rest = xml.as_str();
        while let Some(i) = rest.find("<w:t") {
            rest = &rest[i + 4..];
            // <w:t> or <w:t xml:space=...>, not <w:tbl>, <w:tc>, ...
            if !(rest.starts_with('>') || rest.starts_with(' ')) {
                continue;
            }
            let Some(gt) = rest.find('>') else { break };
            rest = &rest[gt + 1..];
            let Some(j) = rest.find("</w:t>") else { break };
            got.push_str(&unescape(&rest[..j]));
            rest = &rest[j..];
        }
        squeeze(&got)
    }

    #[test]
    fn other_renditions_hold_every_visible_text_in_order() {
        let s = seed();
        // visible text pieces in order: paragraphs and the cells that start in a row
        let mut pieces = Vec::new();
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => pieces.push(squeeze(&p.text)),
                Block::Table(t) => {
                    pieces.extend(layout(t).unwrap().cells.iter().map(|p| squeeze(&p.text)))
                }
            }
        }
        for (name, tables) in [
            ("changji-finance-office-2022-pydocx.docx", 11),
            // LibreOffice joins the adjacent tables 表4–表7 into one
            ("changji-finance-office-2022-lo.docx", 8),
        ] {
            let Some(docx) = corpus_file(name) else {
                panic!("corpus/seed/{name} missing: run scripts/make-seed-corpus");
            };
            assert_eq!(
                document_xml(&docx).matches("<w:tbl>").count(),
                tables,
                "{name}"
            );
            let text = docx_text(&docx);
            let mut at = 0;
            for piece in pieces.iter().filter(|p| !p.is_empty()) {
                match text[at..].find(piece.as_str()) {
                    Some(i) => at += i + piece.len(),
                    None => panic!("{name}: {piece:?} not found after byte {at}"),
                }
            }
        }
    }
}
