//! `read`: file bytes → [`Layout`]. One reader per format; no recognition here.

pub mod doc;
pub mod docx;
pub mod ocr;
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
    read_with(format, bytes, hints, None)
}

/// [`read`], and with `ocr` a PDF without any text layer is read by OCR
/// ([`ocr`]); a PDF with text is never OCR'd.
pub fn read_with(
    format: Format,
    bytes: &[u8],
    hints: &LayoutHints,
    ocr: Option<&ocr::OcrOptions>,
) -> Result<Layout, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    match format {
        Format::Docx => docx::read(bytes),
        Format::Pdf => pdf::read_with(bytes, hints, ocr),
        Format::Xlsx | Format::Xls | Format::Et => sheet::read(bytes),
        Format::Doc | Format::Wps => doc::read(bytes),
    }
}

/// A little-endian u16 at `i`, if the bytes are there (binary formats: BIFF8, Word 97).
pub(crate) fn le_u16(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        d.get(i..i.checked_add(2)?)?.try_into().ok()?,
    ))
}

/// A little-endian u32 at `i`, if the bytes are there.
pub(crate) fn le_u32(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        d.get(i..i.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// Read a part or stream whole, failing past `cap` bytes (a bomb stops at the cap).
pub(crate) fn read_capped(r: impl std::io::Read, cap: u64, what: &str) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let mut out = Vec::new();
    r.take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::Corrupt(format!("{what}: {e}")))?;
    if out.len() as u64 > cap {
        return Err(Error::TooLarge(format!("{what} past {cap} bytes")));
    }
    Ok(out)
}
