//! Builders that lay out a document and, in the same step, write its golden
//! facts: a table row and its record(s) are made together, a sentence and its
//! figures are made together.

use crate::out::*;
use rust_decimal::Decimal;
use serde_json::{Map, Value};

/// Per-document variations (recorded in variations.json).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Variation {
    pub family: String,
    pub title_inside_tables: bool,
    pub zero: String,
    pub empty_rows: bool,
    pub trailing_space: bool,
    pub narrow_amount_cells: bool,
    pub landscape: bool,
    pub font: String,
    pub total_row_merged: bool,
    pub integer_text_amounts: bool,
    /// Header rows marked to repeat on every page (w:tblHeader), tables without inner titles.
    pub repeat_header_rows: bool,
    /// National 表3/表5/表9 without the top 项目 | <group> header row.
    pub compact_headers: bool,
    pub inconsistencies: Vec<Value>,
    /// Audit defects injected into an `au_NNN` document (`audit.rs`); absent elsewhere.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<Value>,
}

/// A table under construction.
pub struct TableB {
    pub grid: Grid,
    pub number: Option<String>,
    pub title: String,
    pub kind: String,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub note: Option<String>,
    pub header_rows: usize,
    pub columns: Vec<ColumnOut>,
    pub records: Vec<RecordOut>,
    /// Second-side records (two-sided tables), appended after the first side.
    pub records_right: Vec<RecordOut>,
    /// Paragraphs printed before the table (context lines).
    pub before: Vec<(String, bool)>,
    pub note_inside: bool,
    pub repeat_header: bool,
    title_rows: usize,
}

pub struct Col {
    pub key: String,
    pub header: Vec<String>,
    pub side: Option<&'static str>,
    pub col: usize,
}

impl TableB {
    /// Start a table; `title_inside`: the 表N / title / 编制部门 lines are the
    /// table's top rows instead of paragraphs before it.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        cols: usize,
        widths: Vec<usize>,
        number: Option<&str>,
        title: &str,
        kind: &str,
        unit: &str,
        department: Option<&str>,
        dept_label: &str,
        title_inside: bool,
    ) -> TableB {
        let mut grid = Grid::new(cols, widths);
        let mut before = Vec::new();
        let info = match department {
            Some(d) => format!("{dept_label}：{d}                    单位：{unit}"),
            None => format!("单位：{unit}"),
        };
        if title_inside {
            let mut r = 0;
            if let Some(n) = number {
                grid.put(r, 0, n, 1, cols);
                r += 1;
            }
            grid.put(r, 0, title, 1, cols);
            grid.put(r + 1, 0, &info, 1, cols);
        } else {
            if let Some(n) = number {
                before.push((n.to_string(), false));
            }
            before.push((title.to_string(), true));
            before.push((info, false));
        }
        let top = grid.rows();
        TableB {
            grid,
            number: number.map(str::to_string),
            title: squeeze(title),
            kind: kind.into(),
            unit: Some(unit.into()),
            department: department.map(str::to_string),
            note: None,
            header_rows: top,
            columns: Vec::new(),
            records: Vec::new(),
            records_right: Vec::new(),
            before,
            note_inside: false,
            repeat_header: false,
            title_rows: top,
        }
    }

    pub fn top(&self) -> usize {
        self.grid.rows()
    }

    /// Header cell at (top + r, c).
    pub fn head(&mut self, r: usize, c: usize, text: &str, rowspan: usize, colspan: usize) {
        let base = self.header_rows;
        self.grid.put(base + r, c, text, rowspan, colspan);
    }

    /// Finish the header: `rows` header rows; value columns listed.
    pub fn end_head(&mut self, rows: usize, cols: Vec<Col>) {
        let base = self.header_rows;
        while self.grid.rows() < base + rows {
            self.grid.add_row();
        }
        for r in base..base + rows {
            self.grid.fill_row(r);
        }
        self.header_rows = base + rows;
        self.columns = cols
            .into_iter()
            .map(|c| ColumnOut {
                key: c.key,
                header: c.header,
                side: c.side.map(str::to_string),
                col: c.col,
            })
            .collect();
    }

    /// A blank row (variation).
    pub fn blank_row(&mut self) {
        let r = self.grid.add_row();
        self.grid.fill_row(r);
    }

    pub fn row(&mut self) -> usize {
        self.grid.add_row()
    }

    pub fn put(&mut self, r: usize, c: usize, text: &str) {
        self.grid.put(r, c, text, 1, 1);
    }

    pub fn put_span(&mut self, r: usize, c: usize, text: &str, colspan: usize) {
        self.grid.put(r, c, text, 1, colspan);
    }

    /// Add a record with the extractor's rule: a row with no name, no code
    /// and no value is not a record.
    #[allow(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        right: bool,
        side: Option<&str>,
        code: Option<&str>,
        name: Option<&str>,
        values: Vec<(String, Option<String>)>,
        row: usize,
        project: Option<Option<String>>,
    ) {
        let name = name.map(squeeze).filter(|s| !s.is_empty());
        if name.is_none() && code.is_none() && values.iter().all(|(_, v)| v.is_none()) {
            return;
        }
        let level = code.and_then(|c| match c.len() {
            3 => Some(1),
            5 => Some(2),
            7 => Some(3),
            _ => None,
        });
        let total = name
            .as_deref()
            .is_some_and(|n| n.ends_with("合计") || n.ends_with("总计"));
        let mut m = Map::new();
        for (k, v) in values {
            m.insert(k, val(v));
        }
        let rec = RecordOut {
            side: side.map(str::to_string),
            code: code.map(str::to_string),
            level,
            name,
            values: m,
            total,
            row,
            project: project.map(val),
        };
        if right {
            self.records_right.push(rec);
        } else {
            self.records.push(rec);
        }
    }

    /// Emit blocks and the golden table (id given by position).
    pub fn finish(mut self, id: usize, blocks: &mut Vec<Block>) -> TableOut {
        self.grid.fill_all();
        if self.repeat_header && self.title_rows == 0 {
            self.grid.repeat_rows = self.header_rows;
        }
        for (t, center) in &self.before {
            blocks.push(Block::Para {
                text: t.clone(),
                center: *center,
                bold: *center,
                size: if *center { 28 } else { 21 },
            });
        }
        let note_para = self.note.clone().filter(|_| !self.note_inside);
        if self.note_inside
            && let Some(n) = &self.note
        {
            let r = self.grid.add_row();
            let cols = self.grid.cols;
            self.grid.put(r, 0, n, 1, cols);
        }
        blocks.push(Block::Table(self.grid.clone()));
        if let Some(n) = note_para {
            blocks.push(Block::Para {
                text: n,
                center: false,
                bold: false,
                size: 21,
            });
        }
        let mut records = self.records;
        records.extend(self.records_right);
        let empty = !records
            .iter()
            .any(|r| r.values.values().any(|v| !v.is_null()));
        TableOut {
            id: format!("t{id}"),
            number: self.number,
            title: Some(self.title),
            kind: self.kind,
            unit: self.unit,
            department: self.department,
            pages: Vec::new(),
            empty,
            note: self.note,
            grid: GridOut {
                rows: self.grid.rows(),
                cols: self.grid.cols,
                header_rows: self.header_rows,
                cells: self.grid.cells_out(),
            },
            columns: self.columns,
            records,
        }
    }
}

/// Narrative under construction.
pub struct NarrB {
    pub figures: Vec<FigureOut>,
    pub section: Option<String>,
    used: Vec<String>,
}

/// One figure in a sentence.
pub struct Fig {
    pub key: Option<&'static str>,
    pub label: String,
    pub value: String,
    pub unit: String,
    pub change: Option<ChangeOut>,
    pub share: Option<String>,
}

pub fn fig(key: Option<&'static str>, label: &str, value: &str, unit: &str) -> Fig {
    Fig {
        key,
        label: label.into(),
        value: value.into(),
        unit: unit.into(),
        change: None,
        share: None,
    }
}

impl Fig {
    pub fn change(mut self, c: Option<ChangeOut>) -> Fig {
        self.change = c;
        self
    }
    pub fn share(mut self, s: Option<String>) -> Fig {
        self.share = s;
        self
    }
}

impl NarrB {
    pub fn new() -> NarrB {
        NarrB {
            figures: Vec::new(),
            section: None,
            used: Vec::new(),
        }
    }

    pub fn heading(&mut self, blocks: &mut Vec<Block>, text: &str) {
        blocks.push(Block::Para {
            text: text.into(),
            center: false,
            bold: true,
            size: 24,
        });
        self.section = Some(text.trim().to_string());
    }

    /// A paragraph of sentences; each sentence (without its 。) with its figures.
    pub fn para(&mut self, blocks: &mut Vec<Block>, sentences: Vec<(String, Vec<Fig>)>) {
        let mut text = String::new();
        for (s, figs) in sentences {
            text.push_str(&s);
            text.push('。');
            for f in figs {
                let key = match f.key {
                    Some(k) if !self.used.iter().any(|u| u == k) => {
                        self.used.push(k.to_string());
                        Some(k.to_string())
                    }
                    _ => None,
                };
                self.figures.push(FigureOut {
                    key,
                    label: Some(f.label),
                    value: f.value,
                    unit: f.unit,
                    change: f.change,
                    share_percent: f.share,
                    sentence: s.trim().to_string(),
                    section: self.section.clone(),
                });
            }
        }
        blocks.push(Block::Para {
            text,
            center: false,
            bold: false,
            size: 21,
        });
    }

    /// A paragraph without figures.
    pub fn plain(&mut self, blocks: &mut Vec<Block>, text: &str) {
        blocks.push(Block::Para {
            text: text.into(),
            center: false,
            bold: false,
            size: 21,
        });
    }
}

impl Default for NarrB {
    fn default() -> Self {
        Self::new()
    }
}

/// Change between `cur` and `prev` as printed: (phrase, ChangeOut).
/// `unit_text` is the unit printed after the amount.
pub fn change_phrase(
    cur: Decimal,
    prev: Decimal,
    unit_text: &str,
    fmt: &dyn Fn(Decimal) -> String,
    compare: &str,
) -> (String, Option<ChangeOut>) {
    if prev.is_zero() {
        let d = cur;
        return (
            format!("{compare}增加{}{unit_text}", fmt(d)),
            Some(ChangeOut {
                direction: "increase".into(),
                amount: Some(plain(fmt(d))),
                percent: None,
            }),
        );
    }
    let diff = cur - prev;
    let pct = (diff.abs() / prev * Decimal::new(100, 0)).round_dp(2);
    let pct_s = pct.normalize().to_string();
    if diff.is_zero() {
        return (
            "与上年持平".to_string(),
            Some(ChangeOut {
                direction: "flat".into(),
                amount: None,
                percent: None,
            }),
        );
    }
    let (verb, verb2, dir) = if diff > Decimal::ZERO {
        ("增加", "增长", "increase")
    } else {
        ("减少", "下降", "decrease")
    };
    let a = fmt(diff.abs());
    (
        format!("{compare}{verb}{a}{unit_text}，{verb2}{pct_s}%"),
        Some(ChangeOut {
            direction: dir.into(),
            amount: Some(plain(a)),
            percent: Some(pct_s),
        }),
    )
}

/// A printed number without thousands separators.
pub fn plain(s: String) -> String {
    s.replace(',', "")
}

/// Share of `part` in `whole`, 2 decimals, printed form.
pub fn share(part: Decimal, whole: Decimal) -> String {
    if whole.is_zero() {
        return "0".into();
    }
    (part / whole * Decimal::new(100, 0))
        .round_dp(2)
        .normalize()
        .to_string()
}
