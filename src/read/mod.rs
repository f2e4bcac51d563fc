//! `read`: file bytes → [`Layout`]. One reader per format; no recognition here.

pub mod docx;
pub mod ocr;
pub mod page;
pub mod pdf;

use crate::error::Error;
use crate::layout::{Layout, LayoutHints};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Docx,
    Pdf,
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
            "" => Err(Error::UnsupportedFormat("(no extension)".into())),
            other => Err(Error::UnsupportedFormat(format!(".{other}"))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
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
    }
}
