//! Golden JSON types (key order = OUTPUT.md / gongkai's `model.rs`) and the
//! format-neutral document the families build: paragraphs and tables with spans.

use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Serialize, Clone)]
pub struct Golden {
    pub schema: String,
    pub source: Source,
    pub document: DocInfo,
    pub profile: Map<String, Value>,
    pub tables: Vec<TableOut>,
    pub narrative: Narrative,
    pub checks: Vec<Value>,
    pub warnings: Vec<Value>,
}

#[derive(Serialize, Clone)]
pub struct Source {
    pub path: String,
    pub format: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: Option<u32>,
    pub producer: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct DocInfo {
    pub title: Option<String>,
    pub department: Option<String>,
    pub year: Option<i32>,
    pub kind: String,
    pub scope: String,
}

#[derive(Serialize, Clone)]
pub struct TableOut {
    pub id: String,
    pub number: Option<String>,
    pub title: Option<String>,
    pub kind: String,
    pub unit: Option<String>,
    pub department: Option<String>,
    pub pages: Vec<u32>,
    pub empty: bool,
    pub note: Option<String>,
    pub grid: GridOut,
    pub columns: Vec<ColumnOut>,
    pub records: Vec<RecordOut>,
}

#[derive(Serialize, Clone)]
pub struct GridOut {
    pub rows: usize,
    pub cols: usize,
    pub header_rows: usize,
    pub cells: Vec<CellOut>,
}

#[derive(Serialize, Clone)]
pub struct CellOut {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub text: String,
}

#[derive(Serialize, Clone)]
pub struct ColumnOut {
    pub key: String,
    pub header: Vec<String>,
    pub side: Option<String>,
    pub col: usize,
}

#[derive(Serialize, Clone)]
pub struct RecordOut {
    pub side: Option<String>,
    pub code: Option<String>,
    pub level: Option<u8>,
    pub name: Option<String>,
    pub values: Map<String, Value>,
    pub total: bool,
    pub row: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<Value>,
}

#[derive(Serialize, Clone, Default)]
pub struct Narrative {
    pub figures: Vec<FigureOut>,
    pub projects: Vec<ProjectOut>,
}

#[derive(Serialize, Clone)]
pub struct FigureOut {
    pub key: Option<String>,
    pub label: Option<String>,
    pub value: String,
    pub unit: String,
    pub change: Option<ChangeOut>,
    pub share_percent: Option<String>,
    pub sentence: String,
    pub section: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct ChangeOut {
    pub direction: String,
    pub amount: Option<String>,
    pub percent: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct ProjectOut {
    pub name: String,
    pub amount: Option<String>,
    pub unit: Option<String>,
    pub basis: Option<String>,
    pub executor: Option<String>,
    pub period: Option<String>,
    pub allocations: Vec<AllocationOut>,
}

#[derive(Serialize, Clone)]
pub struct AllocationOut {
    pub item: String,
    pub amount: String,
    pub unit: String,
}

/// Text with all white space removed (names, printed titles, header texts).
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ------------------------------------------------------------ amounts

/// How a zero amount is printed in a table.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Zero {
    Blank,
    Dash,
    Zeros,
}

impl Zero {
    pub fn name(self) -> &'static str {
        match self {
            Zero::Blank => "blank",
            Zero::Dash => "dash",
            Zero::Zeros => "zeros",
        }
    }
}

/// Amount printing of one document.
#[derive(Clone, Copy, Debug)]
pub struct Fmt {
    pub thousands: bool,
    pub zero: Zero,
    pub trailing_space: bool,
}

/// `1234567.80` → `1,234,567.80`.
pub fn with_thousands(s: &str) -> String {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    if neg { format!("-{out}") } else { out }
}

impl Fmt {
    /// Printed text and golden value of a table amount with a zero style.
    pub fn cell_z(&self, d: Decimal, zero: Zero) -> (String, Option<String>) {
        if d.is_zero() {
            return match zero {
                Zero::Blank => (String::new(), None),
                Zero::Dash => ("-".into(), Some("0".into())),
                Zero::Zeros => ("0.00".into(), Some("0.00".into())),
            };
        }
        let plain = d.to_string();
        let mut printed = if self.thousands {
            with_thousands(&plain)
        } else {
            plain.clone()
        };
        if self.trailing_space {
            printed.push(' ');
        }
        (printed, Some(plain))
    }
    pub fn cell(&self, d: Decimal) -> (String, Option<String>) {
        self.cell_z(d, self.zero)
    }
    /// An amount in running text.
    pub fn text(&self, d: Decimal) -> String {
        if self.thousands {
            with_thousands(&d.to_string())
        } else {
            d.to_string()
        }
    }
}

// ------------------------------------------------------------ document

#[derive(Clone, Debug)]
pub struct Cell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub bold: bool,
}

#[derive(Clone, Debug)]
pub enum Slot {
    Empty,
    Cell(Cell),
    /// Covered by the merged cell whose top-left is (row, col).
    Covered(usize, usize),
}

/// A table grid under construction.
#[derive(Clone, Debug)]
pub struct Grid {
    pub cols: usize,
    pub slots: Vec<Vec<Slot>>,
    pub widths: Vec<usize>,
    /// Rows repeated on every page (w:tblHeader).
    pub repeat_rows: usize,
}

impl Grid {
    pub fn new(cols: usize, widths: Vec<usize>) -> Grid {
        Grid {
            cols,
            slots: Vec::new(),
            widths,
            repeat_rows: 0,
        }
    }
    pub fn rows(&self) -> usize {
        self.slots.len()
    }
    /// Append an empty row; returns its index.
    pub fn add_row(&mut self) -> usize {
        self.slots.push(vec![Slot::Empty; self.cols]);
        self.slots.len() - 1
    }
    /// Put a cell at (r, c) with spans (rows are added as needed).
    pub fn put(&mut self, r: usize, c: usize, text: &str, rowspan: usize, colspan: usize) {
        while self.slots.len() < r + rowspan {
            self.add_row();
        }
        for rr in r..r + rowspan {
            for cc in c..c + colspan {
                self.slots[rr][cc] = Slot::Covered(r, c);
            }
        }
        self.slots[r][c] = Slot::Cell(Cell {
            text: text.to_string(),
            rowspan,
            colspan,
            bold: false,
        });
    }
    /// Fill the empty slots of a row with empty cells.
    pub fn fill_row(&mut self, r: usize) {
        for c in 0..self.cols {
            if matches!(self.slots[r][c], Slot::Empty) {
                self.slots[r][c] = Slot::Cell(Cell {
                    text: String::new(),
                    rowspan: 1,
                    colspan: 1,
                    bold: false,
                });
            }
        }
    }
    pub fn fill_all(&mut self) {
        for r in 0..self.rows() {
            self.fill_row(r);
        }
    }
    pub fn text(&self, r: usize, c: usize) -> &str {
        match &self.slots[r][c] {
            Slot::Cell(x) => &x.text,
            Slot::Covered(rr, cc) => match &self.slots[*rr][*cc] {
                Slot::Cell(x) => &x.text,
                _ => "",
            },
            Slot::Empty => "",
        }
    }
    pub fn cells_out(&self) -> Vec<CellOut> {
        let mut out = Vec::new();
        for (r, row) in self.slots.iter().enumerate() {
            for (c, s) in row.iter().enumerate() {
                if let Slot::Cell(x) = s {
                    out.push(CellOut {
                        row: r,
                        col: c,
                        rowspan: x.rowspan,
                        colspan: x.colspan,
                        text: x.text.clone(),
                    });
                }
            }
        }
        out
    }
}

#[derive(Clone, Debug)]
pub enum Block {
    /// A paragraph (may hold `\n` line breaks); `center`/`bold` for titles.
    Para {
        text: String,
        center: bool,
        bold: bool,
        size: usize,
    },
    Table(Grid),
    PageBreak,
}

#[derive(Clone, Debug)]
pub struct Doc {
    pub blocks: Vec<Block>,
    pub landscape: bool,
    pub font: String,
}

pub fn val(v: Option<String>) -> Value {
    match v {
        Some(s) => Value::String(s),
        None => Value::Null,
    }
}
