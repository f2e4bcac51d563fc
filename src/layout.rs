//! The format-neutral layout every reader produces and recognition consumes.
//!
//! A document is a sequence of [`Block`]s in reading order: paragraphs and
//! tables. Tables are grids with spans, exactly as printed (a merged cell is
//! one [`Cell`] at its top-left slot; covered slots have no cell). Readers do
//! no recognition: they do not know what a 收支总表 is.

/// One document as read from a file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub blocks: Vec<Block>,
    /// Number of pages (PDF only).
    pub pages: Option<u32>,
    /// Producer / creator application as the file states it.
    pub producer: Option<String>,
    /// Problems the reader met but could work around (unmapped glyphs, ...).
    pub warnings: Vec<Note>,
}

impl Layout {
    /// The text of every paragraph block, in reading order (tables left out).
    pub fn paragraph_texts(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.as_str()),
                Block::Table(_) => None,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Paragraph),
    Table(Table),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paragraph {
    /// The paragraph's text; line breaks inside it are `\n`, tabs `\t`.
    pub text: String,
    /// Outline / heading level when the source marks one (1 = top).
    pub heading: Option<u8>,
    /// 1-based page (PDF only).
    pub page: Option<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: usize,
    pub cols: usize,
    /// Cells in row-major order of their top-left slot.
    pub cells: Vec<Cell>,
    /// 1-based pages the table spans (PDF only; empty for DOCX).
    pub pages: Vec<u32>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    /// Cell text; paragraphs and line breaks inside the cell are `\n`.
    pub text: String,
}

/// A reader's note about something it could not do cleanly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub code: String,
    pub message: String,
    /// Where, e.g. `page 3`.
    pub at: Option<String>,
}

impl Table {
    /// The cell whose top-left slot is (row, col), if any.
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| c.row == row && c.col == col)
    }

    /// The cell covering slot (row, col): its own or a merged one spanning it.
    pub fn covering(&self, row: usize, col: usize) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            row >= c.row && row < c.row + c.rowspan && col >= c.col && col < c.col + c.colspan
        })
    }

    /// A dense `rows × cols` view: each slot holds the index of the cell covering it.
    pub fn slots(&self) -> Vec<Vec<Option<usize>>> {
        let mut s = vec![vec![None; self.cols]; self.rows];
        for (i, c) in self.cells.iter().enumerate() {
            let cols = c.col.min(self.cols)..(c.col + c.colspan).min(self.cols);
            for row in s.iter_mut().take(c.row + c.rowspan).skip(c.row) {
                for slot in &mut row[cols.clone()] {
                    *slot = Some(i);
                }
            }
        }
        s
    }
}

/// What a reader of printed pages needs to know about the documents' template
/// (their language of headings, units, amounts and table titles) to build
/// paragraphs and to join tables across page breaks. Recognition provides it
/// (`crate::recognize::hints::BUDGET`) and `lib::extract` passes it to the
/// reader: readers hold format knowledge only, no template words of their own
/// (ARCHITECTURE.md, invariant enforced by `tests/reader_is_format_only.rs`).
#[derive(Debug, Clone, Copy)]
pub struct LayoutHints {
    /// A line that always starts a new paragraph (an enumeration, a table number, a note).
    pub is_heading: fn(&str) -> bool,
    /// `next` starts with a unit that continues a line ending in a digit.
    pub starts_with_unit: fn(&str) -> bool,
    /// The text is one amount as printed in a table cell.
    pub is_amount: fn(&str) -> bool,
    /// The text (white space removed) of a top row spanning the whole grid is
    /// a table's own title (not a continuation's).
    pub is_table_title: fn(&str) -> bool,
}
