//! PDF reader: lopdf loads objects; gongkai interprets content streams itself.
//!
//! Stages inside: `content` (operators → positioned glyphs and rulings per
//! page, fonts and CMaps) → the format-neutral page builders of
//! [`crate::read::page`] (glyphs → lines/paragraphs, rulings → table grids,
//! cross-page table merge) → [`Layout`].

// The page builders and types live in the format-neutral `read::page`;
// re-exported here so `read::pdf::{Page, Glyph, layout, …}` keep working.
pub use crate::read::page::{Glyph, Page, Rect, layout, tables, text};

use crate::error::Error;
use crate::layout::{Layout, LayoutHints};

mod cmap;
mod content;
mod data;
mod fonts;
mod load;
mod truetype;

pub use content::Document;

/// Why a PDF gave no glyph at all: a damaged file (cut short, xref rebuilt,
/// streams that would not decompress) is reported as damage, not as a scan.
fn no_text_reason(bytes: &[u8], doc: &Document) -> Error {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    let has_eof = tail.windows(5).any(|w| w == b"%%EOF");
    let notes = || {
        doc.warnings
            .iter()
            .chain(doc.pages.iter().flat_map(|p| p.warnings.iter()))
    };
    let damaged =
        notes().any(|n| n.code == "pdf_xref_rebuilt" || n.code == "pdf_stream_unreadable");
    if notes().any(|n| n.code == content::STREAM_TOO_LARGE) {
        Error::TooLarge(format!(
            "when decompressed (a content stream inflates past {} MiB) and no text could be read",
            load::MAX_STREAM_BYTES >> 20
        ))
    } else if !has_eof {
        Error::Corrupt(
            "PDF is cut short (no %%EOF at the end) and no text could be recovered".into(),
        )
    } else if damaged {
        Error::Corrupt("PDF structure is damaged and no text could be recovered".into())
    } else {
        Error::NoText
    }
}

/// Read a PDF file into a [`Layout`]: content streams → pages of glyphs and
/// rulings → paragraphs and table grids in reading order. A document whose
/// pages carry no glyph at all (a scan) is [`Error::NoText`].
pub fn read(bytes: &[u8], hints: &LayoutHints) -> Result<Layout, Error> {
    read_with(bytes, hints, None)
}

/// [`read`]; with `ocr`, a PDF that is a scan (no glyph on any page, and not
/// damaged) is read by OCR instead of failing with [`Error::NoText`].
pub fn read_with(
    bytes: &[u8],
    hints: &LayoutHints,
    ocr: Option<&crate::read::ocr::OcrOptions>,
) -> Result<Layout, Error> {
    let doc = pages(bytes)?;
    if doc.pages.iter().all(|p| p.glyphs.is_empty()) {
        return match (no_text_reason(bytes, &doc), ocr) {
            (Error::NoText, Some(o)) if !doc.pages.is_empty() => {
                let out = crate::read::ocr::read(bytes, &doc.pages, hints, o)?;
                Ok(finish(out, doc))
            }
            (e, _) => Err(e),
        };
    }
    let out = layout::build(&doc.pages, hints);
    Ok(finish(out, doc))
}

/// The document's producer and document-level warnings (first) on its layout.
fn finish(mut out: Layout, doc: Document) -> Layout {
    out.producer = doc.producer;
    let mut warnings = doc.warnings;
    warnings.append(&mut out.warnings);
    out.warnings = warnings;
    out
}

/// Load a PDF and interpret every page's content: positioned glyphs and
/// rulings per page (display space: points, top-left origin, y down, page
/// rotation applied), plus the producer and document-level warnings.
/// Pages without text come back with empty glyph lists.
pub fn pages(bytes: &[u8]) -> Result<Document, Error> {
    content::extract(bytes)
}
