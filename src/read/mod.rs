//! `read`: file bytes → [`Layout`]. One reader per format; no recognition here.

pub mod doc;
pub mod docx;
pub mod page;
pub mod pdf;
pub mod sheet;

use crate::error::Error;
use crate::layout::{Layout, LayoutHints};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
    /// Excel 2007+ workbook (read by `sheet`, calamine).
    Xlsx,
    /// Excel 97-2003 workbook (BIFF8 in OLE; `sheet`).
    Xls,
    /// WPS Spreadsheets workbook: BIFF8 when saved compatible (`sheet`).
    Et,
    /// Word 97-2003 binary document (`doc`).
    Doc,
    /// WPS Writer document: the Word 97-2003 format when saved compatible (`doc`).
    Wps,
}

impl Format {
    /// The format named by a path's extension (case-insensitive).
    pub fn from_path(path: &str) -> Result<Format, Error> {
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "docx" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            "xlsx" => Ok(Format::Xlsx),
            "xls" => Ok(Format::Xls),
            "et" => Ok(Format::Et),
            "doc" => Ok(Format::Doc),
            "wps" => Ok(Format::Wps),
            "" => Err(Error::UnsupportedFormat("(no extension)".into())),
            other => Err(Error::UnsupportedFormat(format!(".{other}"))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Et => "et",
            Format::Doc => "doc",
            Format::Wps => "wps",
        }
    }
}

/// Read a file of a known format into the format-neutral layout.
/// `hints`: the template knowledge recognition provides (see [`LayoutHints`]).
pub fn read(format: Format, bytes: &[u8], hints: &LayoutHints) -> Result<Layout, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    match format {
        Format::Docx => docx::read(bytes),
        Format::Pdf => pdf::read(bytes, hints),
        Format::Xlsx | Format::Xls | Format::Et => sheet::read(bytes),
        Format::Doc | Format::Wps => doc::read(bytes),
    }
}
