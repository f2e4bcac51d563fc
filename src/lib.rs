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
    let format = read::Format::from_path(rel_path)?;
    let layout = read::read(format, bytes, &recognize::hints::BUDGET)?;
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
    Ok(doc)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
