//! A PDF rendition of the seed transcription written the way report servers and older
//! producers write Chinese PDFs: one **non-embedded** Type0 font `STSong-Light` with a
//! predefined CMap (`UniGB-UCS2-H` or `GBK-EUC-H`), a `CIDFontType0` descendant of the
//! Adobe-GB1 collection, `/DW 1000` plus a `/W` array for the half-width ASCII CIDs, and **no
//! ToUnicode**: a reader has to know the predefined CMap (and Adobe-GB1) to read the text.
//!
//! Layout: A4, paragraphs wrapped at the right margin (CJK per character, Latin/digit words
//! kept whole, no closing punctuation at a line start), wrapped lines justified with `TJ`
//! kerning, body paragraphs indented by 2 em, headings larger and stroked (fake bold, `Tr 2`),
//! table captions centred above their tables, the 编制部门…单位 line split left/right, tables as
//! a lattice of stroked cell borders (`m`/`l`/`S`, no line through a merged cell), names
//! left-aligned, amounts right-aligned, header rows centred, rows that do not fit continue on
//! the next page under a repeat of the column-header rows, and "- N -" page numbers.
//! Text is placed with `Td` (paragraphs) and `Tm` (table cells), cell text clipped to its
//! cell. The two renditions differ like two producers: the UCS-2 one strokes every cell's
//! border and sizes text with `Tf`; the GBK one strokes the lattice as long merged lines and
//! sizes cell text with the text matrix (`/F1 1 Tf` + `9 0 0 9 x y Tm`). Output is
//! deterministic (fixed /ID and dates).

use crate::{layout, Block, Seed, Table};
use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream, StringFormat};

/// The text encoding (predefined CMap) of the font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// `/UniGB-UCS2-H`: UCS-2 big-endian, two bytes per character.
    Ucs2,
    /// `/GBK-EUC-H`: GBK, ASCII as single bytes.
    Gbk,
}

impl Encoding {
    pub fn cmap_name(self) -> &'static str {
        match self {
            Encoding::Ucs2 => "UniGB-UCS2-H",
            Encoding::Gbk => "GBK-EUC-H",
        }
    }

    /// Encodes text for `Tj`/`TJ`; errors on characters the CMap cannot show.
    pub fn encode(self, s: &str) -> Result<Vec<u8>, String> {
        match self {
            Encoding::Ucs2 => {
                let mut out = Vec::with_capacity(s.len() * 2);
                for c in s.chars() {
                    let u = c as u32;
                    if u > 0xFFFF || (0xD800..0xE000).contains(&u) {
                        return Err(format!("{c:?} is outside UCS-2"));
                    }
                    out.extend_from_slice(&(u as u16).to_be_bytes());
                }
                Ok(out)
            }
            Encoding::Gbk => {
                let (bytes, _, bad) = encoding_rs::GBK.encode(s);
                if bad {
                    return Err(format!("{s:?} is not encodable in GBK"));
                }
                Ok(bytes.into_owned())
            }
        }
    }
}

const PAGE_W: f32 = 595.3;
const PAGE_H: f32 = 841.9;
const LEFT: f32 = 56.7;
const RIGHT: f32 = PAGE_W - 56.7;
const TOP: f32 = PAGE_H - 72.0;
const BOTTOM: f32 = 72.0;
const BODY: f32 = 10.5;
const LEADING: f32 = 1.6;
const CELL_PAD: f32 = 2.0;
const TABLE_SIZE: f32 = 9.0;

/// Advance width of a character in em: half-width for printable ASCII (the proportional
/// Adobe-GB1 CIDs 1–95 of UniGB-UCS2-H and the half-width CIDs 814–907/7716 of GBK-EUC-H,
/// all given 500 in /W), full width for everything else (/DW 1000).
fn char_em(c: char) -> f32 {
    if (' '..='~').contains(&c) {
        0.5
    } else {
        1.0
    }
}

fn text_w(s: &str, size: f32) -> f32 {
    s.chars().map(char_em).sum::<f32>() * size
}

fn r2(v: f32) -> Object {
    Object::Real((v * 100.0).round() / 100.0)
}

fn is_opening(c: char) -> bool {
    "（《“(".contains(c)
}

fn is_closing(c: char) -> bool {
    "，。；：、）》”%,.;:)".contains(c)
}

/// Wraps one line of text to `width` points: breaks between any two characters except
/// inside a Latin/digit word, never before closing punctuation.
fn wrap(s: &str, size: f32, width: f32, first_indent: f32) -> Vec<String> {
    // Units: runs of ASCII alnum (+ . % -) stay together, everything else per char; closing
    // punctuation sticks to the unit before it, opening punctuation to the unit after it.
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-');
    let mut units: Vec<String> = Vec::new();
    for c in s.chars() {
        if let Some(last) = units.last_mut() {
            let lc = last.chars().last().unwrap_or(' ');
            if (is_word(c) && is_word(lc)) || is_closing(c) || is_opening(lc) {
                last.push(c);
                continue;
            }
        }
        units.push(c.to_string());
    }
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut avail = width - first_indent;
    for u in units {
        if !cur.is_empty() && text_w(&cur, size) + text_w(&u, size) > avail + 0.01 {
            lines.push(std::mem::take(&mut cur));
            avail = width;
        }
        cur.push_str(&u);
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn is_amount(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// What a paragraph is, for layout.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Body,
    Heading(u8),
    /// "表N" above a table.
    Number,
    /// The table title above a table.
    Title,
    /// "编制部门：…    单位：万元" above a table.
    Unit,
}

/// Table typesetting: the default (9 pt, rows at least 2.2 em) or a compact report-server
/// style (smaller type, tighter rows) that prints two short tables on one page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub table_size: f32,
    pub row_em: f32,
    /// Height added to a cell's lines (padding and rule).
    pub row_pad: f32,
    /// A run of tables without captions above them (their titles are grid rows, as in
    /// 项目支出绩效目标表) starts on a new page, so the run's short tables share pages.
    pub keep_whole: bool,
}

impl Style {
    pub const DEFAULT: Style = Style {
        table_size: TABLE_SIZE,
        row_em: 2.2,
        row_pad: 2.0 * CELL_PAD + 2.0,
        keep_whole: false,
    };
    pub const COMPACT: Style = Style {
        table_size: 5.0,
        row_em: 1.4,
        row_pad: 1.5,
        keep_whole: true,
    };
}

struct Writer {
    enc: Encoding,
    style: Style,
    pages: Vec<Vec<Operation>>,
    ops: Vec<Operation>,
    y: f32,
}

fn op(name: &str, args: Vec<Object>) -> Operation {
    Operation::new(name, args)
}

impl Writer {
    fn new(enc: Encoding, style: Style) -> Self {
        Writer {
            enc,
            style,
            pages: Vec::new(),
            ops: Vec::new(),
            y: TOP,
        }
    }

    fn new_page(&mut self) {
        self.pages.push(std::mem::take(&mut self.ops));
        self.y = TOP;
    }

    fn at_top(&self) -> bool {
        self.ops.is_empty()
    }

    fn string(&self, s: &str) -> Result<Object, String> {
        Ok(Object::String(
            self.enc.encode(s)?,
            match self.enc {
                Encoding::Ucs2 => StringFormat::Hexadecimal,
                Encoding::Gbk => StringFormat::Literal,
            },
        ))
    }

    /// One text object at (x, y) with `Tm`.
    fn show_tm(&mut self, x: f32, y: f32, size: f32, s: &str) -> Result<(), String> {
        let st = self.string(s)?;
        // the GBK rendition sizes its cell text through the text matrix (`/F1 1 Tf`,
        // `9 0 0 9 x y Tm`), as several report servers do; the UCS-2 one through Tf
        let (tf, m) = match self.enc {
            Encoding::Ucs2 => (size, 1.0),
            Encoding::Gbk => (1.0, size),
        };
        self.ops.extend([
            op("BT", vec![]),
            op("Tf", vec!["F1".into(), r2(tf)]),
            op("Tm", vec![r2(m), 0.into(), 0.into(), r2(m), r2(x), r2(y)]),
            op("Tj", vec![st]),
            op("ET", vec![]),
        ]);
        Ok(())
    }

    /// A paragraph's lines `(x, baseline, text, justify)` in one text object, moved with `Td`;
    /// a line marked `justify` is stretched to the right margin with `TJ` kerning.
    fn show_lines(
        &mut self,
        lines: &[(f32, f32, String, bool)],
        size: f32,
        bold: bool,
    ) -> Result<(), String> {
        if lines.is_empty() {
            return Ok(());
        }
        if bold {
            self.ops.push(op("q", vec![]));
        }
        self.ops.push(op("BT", vec![]));
        self.ops.push(op("Tf", vec!["F1".into(), r2(size)]));
        if bold {
            self.ops.push(op("Tr", vec![2.into()]));
            self.ops.push(op("w", vec![r2(size / 30.0)]));
        }
        let mut prev: Option<(f32, f32)> = None;
        for (x, y, text, justify) in lines {
            let (dx, dy) = match prev {
                None => (*x, *y),
                Some((px, py)) => (x - px, y - py),
            };
            self.ops.push(op("Td", vec![r2(dx), r2(dy)]));
            prev = Some((*x, *y));
            let n = text.chars().count();
            if *justify && n > 1 {
                let extra = (RIGHT - x) - text_w(text, size);
                let k = -(extra / (n - 1) as f32) * 1000.0 / size;
                let mut arr = Vec::with_capacity(2 * n);
                for (i, c) in text.chars().enumerate() {
                    if i > 0 && k.abs() > 0.05 {
                        arr.push(r2(k));
                    }
                    arr.push(self.string(&c.to_string())?);
                }
                self.ops.push(op("TJ", vec![Object::Array(arr)]));
            } else {
                let st = self.string(text)?;
                self.ops.push(op("Tj", vec![st]));
            }
        }
        self.ops.push(op("ET", vec![]));
        if bold {
            // Tr and w are graphics state: restore them
            self.ops.push(op("Q", vec![]));
        }
        Ok(())
    }

    fn paragraph(&mut self, text: &str, role: Role) -> Result<(), String> {
        let (size, bold, indent) = match role {
            Role::Body => (BODY, false, 2.0 * BODY),
            Role::Heading(1) => (16.0, true, 0.0),
            Role::Heading(2) => (14.0, true, 0.0),
            Role::Heading(_) => (12.0, true, 0.0),
            Role::Number => (BODY, false, 0.0),
            Role::Title => (15.0, true, 0.0),
            Role::Unit => (BODY, false, 0.0),
        };
        let lead = size * LEADING;
        if text.trim().is_empty() {
            // an empty paragraph is blank space (not at the top of a page)
            if !self.at_top() {
                self.y -= lead;
                if self.y < BOTTOM {
                    self.new_page();
                }
            }
            return Ok(());
        }
        if role == Role::Unit {
            if self.y - lead < BOTTOM {
                self.new_page();
            }
            self.y -= lead;
            // split at the first run of 2+ spaces: left part at the margin, rest right-aligned
            let t = text.trim();
            let (l, r) = match t.find("  ") {
                Some(i) => (t[..i].trim(), t[i..].trim()),
                None => (t, ""),
            };
            let y = self.y;
            self.show_tm(LEFT, y, size, l)?;
            if !r.is_empty() {
                self.show_tm(RIGHT - text_w(r, size), y, size, r)?;
            }
            return Ok(());
        }
        let mut placed = Vec::new();
        for (pi, part) in text.split('\n').enumerate() {
            let part = part.trim_end();
            let centred = matches!(role, Role::Number | Role::Title);
            let ind = if pi == 0 { indent } else { 0.0 };
            let lines = wrap(part.trim_start(), size, RIGHT - LEFT, ind);
            let n = lines.len();
            for (i, l) in lines.into_iter().enumerate() {
                if self.y - lead < BOTTOM {
                    self.show_lines(&std::mem::take(&mut placed), size, bold)?;
                    self.new_page();
                }
                self.y -= lead;
                let x = if centred {
                    (LEFT + RIGHT - text_w(&l, size)) / 2.0
                } else if i == 0 {
                    LEFT + ind
                } else {
                    LEFT
                };
                placed.push((x, self.y, l, i + 1 < n && !centred));
            }
        }
        self.show_lines(&placed, size, bold)?;
        if matches!(role, Role::Heading(_) | Role::Title) {
            self.y -= size * 0.3;
        }
        Ok(())
    }

    fn stroke_rect(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) {
        self.ops.extend([
            op("m", vec![r2(x0), r2(y0)]),
            op("l", vec![r2(x1), r2(y0)]),
            op("l", vec![r2(x1), r2(y1)]),
            op("l", vec![r2(x0), r2(y1)]),
            op("l", vec![r2(x0), r2(y0)]),
            op("S", vec![]),
        ]);
    }

    /// Strokes edges `(horizontal, position, from, to)` as maximal lines: collinear edges
    /// that touch or overlap are joined, each line drawn once with `m`/`l`/`S`.
    fn stroke_merged(&mut self, mut edges: Vec<(bool, f32, f32, f32)>) {
        let key = |v: f32| (v * 100.0).round() as i64;
        edges.sort_by(|a, b| {
            (a.0, key(a.1), key(a.2))
                .cmp(&(b.0, key(b.1), key(b.2)))
                .then(a.3.total_cmp(&b.3))
        });
        let mut lines: Vec<(bool, f32, f32, f32)> = Vec::new();
        for e in edges {
            match lines.last_mut() {
                Some(l) if l.0 == e.0 && key(l.1) == key(e.1) && key(e.2) <= key(l.3) => {
                    l.3 = l.3.max(e.3);
                }
                _ => lines.push(e),
            }
        }
        for (horizontal, at, from, to) in lines {
            let (a, b) = if horizontal {
                ((from, at), (to, at))
            } else {
                ((at, from), (at, to))
            };
            self.ops.extend([
                op("m", vec![r2(a.0), r2(a.1)]),
                op("l", vec![r2(b.0), r2(b.1)]),
                op("S", vec![]),
            ]);
        }
    }

    fn table(&mut self, t: &Table) -> Result<(), String> {
        let g = layout(t)?;
        let nrows = t.rows.len();
        let total: f32 = t.widths.iter().map(|w| *w as f32 / 20.0).sum();
        let scale = ((RIGHT - LEFT) / total).min(1.0);
        let widths: Vec<f32> = t.widths.iter().map(|w| *w as f32 / 20.0 * scale).collect();
        let x_left = LEFT + ((RIGHT - LEFT) - total * scale) / 2.0;
        let mut xs = vec![x_left];
        for w in &widths {
            let last = *xs.last().unwrap_or(&x_left);
            xs.push(last + w);
        }
        let cell_w = |c: usize, span: usize| xs[c + span] - xs[c] - 2.0 * CELL_PAD;
        // font size: every amount fits its cell on one line
        let mut size = self.style.table_size;
        for p in &g.cells {
            if is_amount(&p.text) {
                let need = text_w(p.text.trim(), 1.0);
                let fit = cell_w(p.col, p.colspan) / need;
                size = size.min((fit * 2.0).floor() / 2.0);
            }
        }
        let size = size.max(5.0);
        let lh = size * 1.3;
        // wrapped lines per cell
        let cell_lines: Vec<Vec<String>> = g
            .cells
            .iter()
            .map(|p| {
                let w = cell_w(p.col, p.colspan);
                let mut out = Vec::new();
                for part in p.text.split('\n') {
                    out.extend(wrap(part.trim(), size, w, 0.0));
                }
                out
            })
            .collect();
        let need = |i: usize| cell_lines[i].len() as f32 * lh + self.style.row_pad;
        let mut heights = vec![size * self.style.row_em; nrows];
        for (i, p) in g.cells.iter().enumerate() {
            if p.rowspan == 1 {
                heights[p.row] = heights[p.row].max(need(i));
            }
        }
        for (i, p) in g.cells.iter().enumerate() {
            if p.rowspan > 1 {
                let have: f32 = heights[p.row..p.row + p.rowspan].iter().sum();
                if have < need(i) {
                    heights[p.row + p.rowspan - 1] += need(i) - have;
                }
            }
        }
        // a break is allowed before row r unless a cell spans across it or r is in the header
        let breakable: Vec<bool> = (0..=nrows)
            .map(|r| {
                r > t.header_rows
                    && r < nrows
                    && !g.cells.iter().any(|p| p.row < r && r < p.row + p.rowspan)
            })
            .collect();
        // rows repeated on a continuation page: the column-header rows (not the title rows,
        // not the 编制部门/预算单位… rows)
        let repeat: Vec<usize> = (0..t.header_rows)
            .filter(|&r| {
                let starts: Vec<&crate::Placed> = g.cells.iter().filter(|p| p.row == r).collect();
                let full = starts.len() == 1 && starts[0].colspan == t.cols;
                let meta = starts.iter().any(|p| {
                    ["编制部门", "预算单位", "项目资金", "总体目标", "(2022年)"]
                        .iter()
                        .any(|k| p.text.contains(k))
                });
                !full && !meta
            })
            .collect();
        // blocks of rows that stay together
        let mut blocks: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        for r in 1..=nrows {
            if r == nrows || breakable[r] {
                blocks.push((start, r));
                start = r;
            }
        }
        // chunks: (rows drawn on one page)
        let mut first = true;
        for (a, b) in blocks {
            let h: f32 = heights[a..b].iter().sum();
            if self.y - h < BOTTOM && !(self.at_top()) {
                self.new_page();
                if !first {
                    let rows = repeat.clone();
                    self.draw_rows(t, &g, &xs, &heights, &cell_lines, size, lh, &rows, true)?;
                }
            }
            if self.y - h < BOTTOM {
                // too tall for a page: as many rows as fit, then continue on the next page
                let mut chunk: Vec<usize> = Vec::new();
                let mut room = self.y - BOTTOM;
                for r in a..b {
                    if heights[r] > room && !chunk.is_empty() {
                        self.draw_rows(t, &g, &xs, &heights, &cell_lines, size, lh, &chunk, false)?;
                        chunk.clear();
                        self.new_page();
                        let rows = repeat.clone();
                        self.draw_rows(t, &g, &xs, &heights, &cell_lines, size, lh, &rows, true)?;
                        room = self.y - BOTTOM;
                    }
                    room -= heights[r];
                    chunk.push(r);
                }
                self.draw_rows(t, &g, &xs, &heights, &cell_lines, size, lh, &chunk, false)?;
            } else {
                let rows: Vec<usize> = (a..b).collect();
                self.draw_rows(t, &g, &xs, &heights, &cell_lines, size, lh, &rows, false)?;
            }
            first = false;
        }
        // space below the table (adjacent tables stay apart)
        self.y -= BODY * LEADING;
        Ok(())
    }

    /// Draws `rows` (consecutive, or the repeated header rows) at the current y. A cell is
    /// drawn over the part of its span that lies in `rows`; its text goes where its first row
    /// is drawn (or, for a cell split by a forced break, into its first drawn part).
    #[allow(clippy::too_many_arguments)]
    fn draw_rows(
        &mut self,
        t: &Table,
        g: &crate::Grid,
        xs: &[f32],
        heights: &[f32],
        cell_lines: &[Vec<String>],
        size: f32,
        lh: f32,
        rows: &[usize],
        repeated: bool,
    ) -> Result<(), String> {
        let top = self.y;
        let mut ys = Vec::new();
        let mut y = top;
        for &r in rows {
            ys.push(y);
            y -= heights[r];
        }
        let bottom = y;
        self.ops.push(op("q", vec![]));
        self.ops.push(op("w", vec![r2(0.5)]));
        // (horizontal, position, from, to)
        let mut edges: Vec<(bool, f32, f32, f32)> = Vec::new();
        for (i, p) in g.cells.iter().enumerate() {
            let span: Vec<usize> = (0..rows.len())
                .filter(|&k| rows[k] >= p.row && rows[k] < p.row + p.rowspan)
                .collect();
            let (Some(&k0), Some(&k1)) = (span.first(), span.last()) else {
                continue;
            };
            if repeated && p.rowspan > 1 && p.row + p.rowspan > t.header_rows {
                // a repeated header never carries a body cell
                continue;
            }
            let y0 = ys[k0];
            let y1 = ys[k1] - heights[rows[k1]];
            let (x0, x1) = (xs[p.col], xs[p.col + p.colspan]);
            match self.enc {
                // every cell's own border (shared edges drawn twice), like Word and LibreOffice
                Encoding::Ucs2 => self.stroke_rect(x0, y1, x1, y0),
                // the lattice as long merged lines, drawn after the text
                Encoding::Gbk => {
                    edges.push((true, y0, x0, x1));
                    edges.push((true, y1, x0, x1));
                    edges.push((false, x0, y1, y0));
                    edges.push((false, x1, y1, y0));
                }
            }
            if rows[k0] != p.row {
                // the rest of a cell split by a page break: its text is on the first part
                continue;
            }
            let lines = &cell_lines[i];
            if lines.iter().all(|l| l.is_empty()) {
                continue;
            }
            // cell text is clipped to its cell, as report servers do
            self.ops.extend([
                op("q", vec![]),
                op("re", vec![r2(x0), r2(y1), r2(x1 - x0), r2(y0 - y1)]),
                op("W", vec![]),
                op("n", vec![]),
            ]);
            let header = p.row < t.header_rows;
            let block = lines.len() as f32 * lh;
            let mut base = y0 - ((y0 - y1) - block) / 2.0 - size * 0.95;
            for l in lines {
                if !l.is_empty() {
                    let w = text_w(l, size);
                    let x = if header && !is_amount(l) {
                        (x0 + x1 - w) / 2.0
                    } else if is_amount(l) {
                        x1 - CELL_PAD - w
                    } else {
                        x0 + CELL_PAD
                    };
                    self.show_tm(x, base, size, l)?;
                }
                base -= lh;
            }
            self.ops.push(op("Q", vec![]));
        }
        self.stroke_merged(edges);
        self.ops.push(op("Q", vec![]));
        self.y = bottom;
        Ok(())
    }

    fn finish(mut self) -> Vec<Vec<Operation>> {
        if !self.ops.is_empty() {
            self.new_page();
        }
        self.pages
    }
}

/// The role of each block (paragraph roles; tables get `Body`, unused).
fn roles(seed: &Seed) -> Vec<Role> {
    let mut roles: Vec<Role> = seed
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => match p.heading {
                Some(h) => Role::Heading(h),
                None => Role::Body,
            },
            Block::Table(_) => Role::Body,
        })
        .collect();
    for (i, b) in seed.blocks.iter().enumerate() {
        if !matches!(b, Block::Table(_)) {
            continue;
        }
        // the non-empty paragraphs right above the table: [表N] [title] [编制部门…]
        let mut j = i;
        let mut seen = 0;
        while j > 0 && seen < 3 {
            j -= 1;
            let Block::Paragraph(p) = &seed.blocks[j] else {
                break;
            };
            let t = p.text.trim();
            if t.is_empty() || p.heading.is_some() {
                if p.heading.is_some() {
                    break;
                }
                continue;
            }
            seen += 1;
            if t.contains("编制部门") && seen == 1 {
                roles[j] = Role::Unit;
            } else if t.starts_with('表') && t.chars().count() <= 4 {
                roles[j] = Role::Number;
                break;
            } else if seen <= 2 && !t.contains("：") && t.chars().count() < 30 {
                roles[j] = Role::Title;
            } else {
                break;
            }
        }
    }
    roles
}

/// Block `i` is a table with no caption paragraph above it, not preceded by another table,
/// and followed (past empty paragraphs) by another table.
fn starts_uncaptioned_run(seed: &Seed, roles: &[Role], i: usize) -> bool {
    let blank = |b: &Block| matches!(b, Block::Paragraph(p) if p.text.trim().is_empty());
    let before = seed.blocks[..i].iter().rev().find(|b| !blank(b));
    let after = seed.blocks[i + 1..].iter().find(|b| !blank(b));
    let captioned = roles[..i]
        .iter()
        .rev()
        .take(3)
        .any(|r| matches!(r, Role::Number | Role::Title | Role::Unit));
    !captioned && !matches!(before, Some(Block::Table(_))) && matches!(after, Some(Block::Table(_)))
}

/// Renders the seed as an A4 PDF with the non-embedded `STSong-Light` font and the given CMap.
pub fn build_pdf(seed: &Seed, enc: Encoding) -> Result<Vec<u8>, String> {
    build_pdf_styled(seed, enc, Style::DEFAULT)
}

/// [`build_pdf`] with a table [`Style`] ([`Style::COMPACT`]: the report-server rendition of
/// `corpus-producers/report-server/`, where short tables share a page).
pub fn build_pdf_styled(seed: &Seed, enc: Encoding, style: Style) -> Result<Vec<u8>, String> {
    let roles = roles(seed);
    let mut w = Writer::new(enc, style);
    for (i, b) in seed.blocks.iter().enumerate() {
        match b {
            Block::Paragraph(p) => {
                if roles[i] == Role::Number {
                    // keep the caption with the table's head: ~6 lines
                    if w.y - 8.0 * BODY * LEADING < BOTTOM {
                        w.new_page();
                    }
                }
                w.paragraph(&p.text, roles[i])?
            }
            Block::Table(t) => {
                if style.keep_whole && starts_uncaptioned_run(seed, &roles, i) && !w.at_top() {
                    w.new_page();
                }
                w.table(t)?
            }
        }
    }
    let pages = w.finish();
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let descriptor = doc.add_object(dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => "STSong-Light",
        "Flags" => 6,
        "FontBBox" => vec![(-25).into(), (-254).into(), 1000.into(), 880.into()],
        "ItalicAngle" => 0,
        "Ascent" => 880,
        "Descent" => -120,
        "CapHeight" => 880,
        "StemV" => 93,
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => "STSong-Light",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 2,
        },
        "FontDescriptor" => descriptor,
        "DW" => 1000,
        // proportional Latin (CIDs 1–95, UniGB-UCS2-H), half-width Latin (814–907) and the
        // half-width space (7716) of GBK-EUC-H
        "W" => vec![
            1.into(), 95.into(), 500.into(),
            814.into(), 907.into(), 500.into(),
            7716.into(), Object::Array(vec![500.into()]),
        ],
    });
    let font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "STSong-Light",
        "Encoding" => enc.cmap_name(),
        "DescendantFonts" => vec![cid_font.into()],
    });
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font },
        "ProcSet" => vec!["PDF".into(), "Text".into()],
    });
    let npages = pages.len();
    let mut kids = Vec::new();
    for (n, mut ops) in pages.into_iter().enumerate() {
        // page number
        let label = format!("- {} -", n + 1);
        let size = 9.0;
        let x = (PAGE_W - text_w(&label, size)) / 2.0;
        ops.extend([
            op("BT", vec![]),
            op("Tf", vec!["F1".into(), r2(size)]),
            op("Td", vec![r2(x), r2(40.0)]),
            op(
                "Tj",
                vec![Object::String(
                    enc.encode(&label)?,
                    match enc {
                        Encoding::Ucs2 => StringFormat::Hexadecimal,
                        Encoding::Gbk => StringFormat::Literal,
                    },
                )],
            ),
            op("ET", vec![]),
        ]);
        let data = Content { operations: ops }
            .encode()
            .map_err(|e| format!("content: {e}"))?;
        let mut stream = Stream::new(dictionary! {}, data);
        stream.compress().map_err(|e| format!("compress: {e}"))?;
        let content = doc.add_object(stream);
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), r2(PAGE_W), r2(PAGE_H)],
            "Resources" => resources,
            "Contents" => content,
        });
        kids.push(page.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => npages as i64,
        }),
    );
    let catalog = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    let info = doc.add_object(dictionary! {
        "Producer" => Object::string_literal("corpusgen seed PDF writer (lopdf)"),
        "Creator" => Object::string_literal("corpusgen"),
        "CreationDate" => Object::string_literal("D:20220101000000+08'00'"),
    });
    doc.trailer.set("Root", catalog);
    doc.trailer.set("Info", info);
    let id = match (enc, style == Style::DEFAULT) {
        (Encoding::Ucs2, true) => b"seed-cmap-ucs2-0".to_vec(),
        (Encoding::Gbk, true) => b"seed-cmap-gbk-00".to_vec(),
        (_, false) => b"seed-compact-000".to_vec(),
    };
    doc.trailer.set(
        "ID",
        vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ],
    );
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| format!("pdf: {e}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(
            Encoding::Ucs2.encode("表1").unwrap(),
            vec![0x88, 0x68, 0, 0x31]
        );
        assert_eq!(Encoding::Gbk.encode("表1").unwrap(), vec![0xB1, 0xED, 0x31]);
        assert!(Encoding::Ucs2.encode("\u{20000}").is_err());
        assert!(Encoding::Gbk.encode("\u{1F600}").is_err());
    }

    #[test]
    fn wrapping_keeps_numbers_and_punctuation() {
        let size = 10.0;
        // 10 em wide: "一二三四五六七八九" (9) + "，" must not start a line
        let lines = wrap("一二三四五六七八九十，十一", size, 100.0, 0.0);
        assert!(lines.iter().all(|l| !l.starts_with('，')), "{lines:?}");
        assert_eq!(lines.concat(), "一二三四五六七八九十，十一");
        let lines = wrap("一二三四五六七八205.68万元", size, 100.0, 0.0);
        assert!(lines.iter().any(|l| l.starts_with("205.68")), "{lines:?}");
        // an opening bracket does not end a line
        let lines = wrap("一二三四五六七八九（十）", size, 100.0, 0.0);
        assert!(lines.iter().all(|l| !l.ends_with('（')), "{lines:?}");
        assert_eq!(lines.concat(), "一二三四五六七八九（十）");
    }

    fn seed() -> Seed {
        crate::load_seed(include_str!("../seed.json")).expect("seed.json")
    }

    const FILES: [(Encoding, &str); 2] = [
        (Encoding::Ucs2, "changji-finance-office-2022-ucs2.pdf"),
        (Encoding::Gbk, "changji-finance-office-2022-gbk.pdf"),
    ];

    #[test]
    fn deterministic_and_committed_files_up_to_date() {
        let s = seed();
        for (enc, name) in FILES {
            let a = build_pdf(&s, enc).unwrap();
            assert!(
                a == build_pdf(&s, enc).unwrap(),
                "{name}: not deterministic"
            );
            assert!(a.len() < 300_000, "{name}: {} bytes", a.len());
            let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../corpus/seed-cmap")
                .join(name);
            let committed = std::fs::read(&p).unwrap_or_else(|_| {
                panic!("{} missing: run scripts/make-seed-corpus", p.display())
            });
            assert!(
                committed == a,
                "{name} is stale: run scripts/make-seed-corpus"
            );
        }
    }

    /// Decodes the shown strings of every page back through the encoding: every non-space
    /// character of the transcription appears, in order, and the page numbers are there.
    #[test]
    fn content_holds_the_whole_transcription_in_order() {
        let s = seed();
        let mut want = String::new();
        for b in &s.blocks {
            match b {
                Block::Paragraph(p) => want.push_str(&p.text),
                Block::Table(t) => {
                    let g = layout(t).unwrap();
                    let mut seen = std::collections::BTreeSet::new();
                    for r in 0..t.rows.len() {
                        for c in 0..t.cols {
                            let i = g.owner[r][c];
                            if g.cells[i].row == r && seen.insert(i) {
                                want.push_str(&g.cells[i].text);
                            }
                        }
                    }
                }
            }
        }
        let strip = |x: &str| -> String { x.chars().filter(|c| !c.is_whitespace()).collect() };
        let want = strip(&want);
        for (enc, name) in FILES {
            let pdf = build_pdf(&s, enc).unwrap();
            let doc = Document::load_mem(&pdf).unwrap();
            let mut got = String::new();
            let pages = doc.get_pages();
            for (n, (_, id)) in pages.iter().enumerate() {
                let content = Content::decode(&doc.get_page_content(*id)).unwrap();
                let mut page = String::new();
                for o in &content.operations {
                    let mut strings = Vec::new();
                    match o.operator.as_str() {
                        "Tj" => strings.push(o.operands[0].as_str().unwrap().to_vec()),
                        "TJ" => {
                            for e in o.operands[0].as_array().unwrap() {
                                if let Ok(b) = e.as_str() {
                                    strings.push(b.to_vec());
                                }
                            }
                        }
                        _ => {}
                    }
                    for b in strings {
                        let text = match enc {
                            Encoding::Ucs2 => String::from_utf16(
                                &b.chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                                    .collect::<Vec<_>>(),
                            )
                            .unwrap(),
                            Encoding::Gbk => encoding_rs::GBK.decode(&b).0.into_owned(),
                        };
                        page.push_str(&text);
                    }
                }
                let label = format!("- {} -", n + 1);
                assert!(page.ends_with(&label), "{name}: page {} number", n + 1);
                got.push_str(&page[..page.len() - label.len()]);
            }
            // table rows repeated on continuation pages are extra: remove them by matching
            // the transcription as a subsequence
            let got = strip(&got);
            let mut it = got.chars();
            let missing = want.chars().find(|c| !it.any(|g| g == *c));
            assert!(
                missing.is_none(),
                "{name}: text out of order at {missing:?}"
            );
            assert!(pages.len() >= 12, "{name}: {} pages", pages.len());
        }
    }

    #[test]
    fn fonts_have_no_tounicode_and_no_font_file() {
        let s = seed();
        for (enc, name) in FILES {
            let doc = Document::load_mem(&build_pdf(&s, enc).unwrap()).unwrap();
            let mut type0 = 0;
            for o in doc.objects.values() {
                let Ok(d) = o.as_dict() else { continue };
                assert!(!d.has(b"ToUnicode"), "{name}");
                for k in [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"] {
                    assert!(!d.has(k), "{name}");
                }
                if d.get(b"Subtype").and_then(|x| x.as_name()).ok() == Some(b"Type0".as_slice()) {
                    type0 += 1;
                    assert_eq!(
                        d.get(b"Encoding").unwrap().as_name().unwrap(),
                        enc.cmap_name().as_bytes()
                    );
                }
            }
            assert_eq!(type0, 1, "{name}");
        }
    }
}
