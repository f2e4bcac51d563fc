//! Where finished documents go. The batch hands every finished document, in
//! path order, on one thread, to each [`Sink`]; a new kind of output (a JSONL
//! stream, an export) is a new sink, not a new branch in the batch.

use super::journal::{Entry, Journal, output_version, sha256_hex};
use super::{output_path, write_atomic};
use crate::error::Error;
use std::path::PathBuf;

/// What the input was when it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputId {
    pub size: u64,
    pub mtime_ns: u64,
    pub sha256: String,
}

/// One finished document.
#[derive(Debug)]
pub enum Finished<'a> {
    /// Extracted now: its JSON.
    Extracted {
        rel: &'a str,
        json: &'a [u8],
        input: &'a InputId,
    },
    /// Unchanged since the run that wrote its output (which is still valid).
    Unchanged { entry: &'a Entry },
    /// Failed: no output may stay for it.
    Failed { rel: &'a str },
}

pub trait Sink {
    /// Store one finished document. An error fails that document.
    fn put(&mut self, f: &Finished<'_>) -> Result<(), Error>;
}

/// The output folder: `OUT/<rel>.json` (atomic) plus the journal line that
/// says what it was made from, appended once the file is in place.
pub struct DirSink {
    pub out: PathBuf,
    pub journal: Journal,
    version: String,
}

impl DirSink {
    pub fn new(out: PathBuf, journal: Journal) -> DirSink {
        DirSink {
            out,
            journal,
            version: output_version(),
        }
    }
}

impl Sink for DirSink {
    fn put(&mut self, f: &Finished<'_>) -> Result<(), Error> {
        match f {
            Finished::Extracted { rel, json, input } => {
                let dest = output_path(&self.out, rel);
                if let Err(e) = write_atomic(&dest, json) {
                    let _ = std::fs::remove_file(&dest);
                    self.journal.forget(rel);
                    return Err(e);
                }
                self.journal.record(Entry {
                    path: rel.to_string(),
                    size: input.size,
                    mtime_ns: input.mtime_ns,
                    sha256: input.sha256.clone(),
                    version: self.version.clone(),
                    out_bytes: json.len() as u64,
                    out_sha256: sha256_hex(json),
                })
            }
            Finished::Unchanged { entry } => {
                if self.journal.entries.get(&entry.path) != Some(*entry) {
                    // Same content, new mtime: remember it for the cheap pre-check.
                    self.journal.record((*entry).clone())?;
                }
                Ok(())
            }
            Finished::Failed { rel } => {
                let _ = std::fs::remove_file(output_path(&self.out, rel));
                self.journal.forget(rel);
                Ok(())
            }
        }
    }
}
