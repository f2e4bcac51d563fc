//! gongkai (公开): Chinese government budget disclosures → normalized JSON.
//!
//! One direction of flow, pure in the middle, I/O at the edges:
//!
//! ```text
//! bytes ─ read ─▶ Layout ─ recognize ─▶ Document ─ check ─▶ Document+checks ─ emit ─▶ JSON
//! ```
//! `batch` (discovery, parallelism, isolation) and `compare` (golden diff)
//! sit beside the pipeline; `main.rs` is a thin CLI. See ARCHITECTURE.md.

pub mod amount;
pub mod batch;
pub mod check;
pub mod compare;
pub mod emit;
pub mod error;
pub mod export;
pub mod layout;
pub mod model;
pub mod pairing;
pub mod read;
pub mod recognize;
pub mod report;
pub mod show;

pub use error::Error;

use sha2::{Digest, Sha256};

/// Extract one document from its bytes. `rel_path` is the path relative to
/// the input root (`/`-separated); it decides the format by extension and is
/// recorded in `source.path`. Pure: no I/O, no clock.
pub fn extract(bytes: &[u8], rel_path: &str) -> Result<model::Document, Error> {
    extract_with(bytes, rel_path, &ExtractOptions::default())
}

/// How [`extract_with`] reads a file beyond its bytes (the CLI's reading flags).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractOptions {
    /// `--ocr`: read PDFs without any text layer by OCR (tesseract).
    pub ocr: Option<read::ocr::OcrOptions>,
}

/// [`extract`] with options. With OCR, a scanned PDF runs external programs
/// (see `read::ocr`); their output is deterministic for the same binaries.
pub fn extract_with(
    bytes: &[u8],
    rel_path: &str,
    opts: &ExtractOptions,
) -> Result<model::Document, Error> {
    let format = read::Format::from_path(rel_path)?;
    let layout = read::read_with(format, bytes, &recognize::hints::BUDGET, opts.ocr.as_ref())?;
    let mut doc = recognize::recognize(&layout);
    doc.source = model::Source {
        path: rel_path.to_string(),
        format: format.name().to_string(),
        sha256: hex(&Sha256::digest(bytes)),
        bytes: bytes.len() as u64,
        pages: layout.pages,
        producer: layout.producer.clone(),
    };
    doc.checks = check::check(&doc);
    doc.checks
        .extend(check::text::check(&doc, &layout.paragraph_texts()));
    if layout.warnings.iter().any(|w| w.code == "ocr") {
        flag_ocr_checks(&mut doc);
    }
    Ok(doc)
}

/// In a document read by OCR, every consistency finding is also a warning
/// `ocr_check_failed` naming its amounts: an OCR amount that fails a check
/// may be a misreading and must not pass unflagged.
fn flag_ocr_checks(doc: &mut model::Document) {
    for c in &doc.checks {
        let amounts = match (&c.expected, &c.actual) {
            (Some(e), Some(a)) => format!(" (expected {e}, read {a})"),
            _ => String::new(),
        };
        doc.warnings.push(model::Warning {
            code: "ocr_check_failed".into(),
            message: format!(
                "OCR amounts fail the check {}{amounts}: {}; verify them against the scan",
                c.rule, c.message
            ),
            at: Some(serde_json::Value::Array(c.at.clone()).to_string()),
        });
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
