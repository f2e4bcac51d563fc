//! Per-file limits: the input size cap (`--max-file-mb`) and the per-document
//! watchdog (`--timeout`). The decompressed-size caps live with the readers
//! (`read::docx::MAX_PART_BYTES`, `read::pdf::load::MAX_STREAM_BYTES`).

use super::{ExtractFn, extract_isolated};
use crate::error::Error;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Default `--max-file-mb`: the largest real disclosure seen is a few tens of MB.
pub const DEFAULT_MAX_FILE_MB: u64 = 200;

/// Stack size of a document's thread: deeply nested input must not overflow it
/// (an overflow aborts the process; it cannot be caught like a panic).
pub const DOCUMENT_STACK: usize = 32 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Inputs larger than this fail with "too large" without being read.
    pub max_file_bytes: u64,
    /// A document running longer fails with "timed out"; `None` = no limit.
    pub timeout: Option<Duration>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: DEFAULT_MAX_FILE_MB * 1_000_000,
            timeout: None,
        }
    }
}

impl Limits {
    /// Fail a file of `size` bytes that is over the cap.
    pub fn check_size(&self, size: u64) -> Result<(), Error> {
        if size > self.max_file_bytes {
            return Err(Error::TooLarge(format!(
                "on disk: {:.1} MB (limit {} MB, --max-file-mb)",
                size as f64 / 1e6,
                self.max_file_bytes / 1_000_000
            )));
        }
        Ok(())
    }
}

/// Extract `bytes` on a thread of its own and wait at most `limits.timeout`
/// for its JSON. A document past the limit is abandoned: its thread runs on
/// detached (it cannot be killed) and its late result is dropped, so it never
/// writes anything and never blocks the end of the run (the process exits
/// after the summary). `debug_sleep` (the hidden `--debug-sleep-ms` test
/// knob) delays every document to make slow documents in tests.
pub fn extract_watched(
    extract: &Arc<ExtractFn>,
    bytes: Vec<u8>,
    rel: &str,
    limits: &Limits,
    debug_sleep: Option<Duration>,
) -> Result<Vec<u8>, Error> {
    let (tx, rx) = mpsc::sync_channel(1);
    let f = Arc::clone(extract);
    let name = rel.to_string();
    std::thread::Builder::new()
        .name("gongkai-doc".into())
        .stack_size(DOCUMENT_STACK)
        .spawn(move || {
            if let Some(d) = debug_sleep {
                std::thread::sleep(d);
            }
            let r = extract_isolated(&*f, &bytes, &name);
            drop(bytes);
            let _ = tx.send(r);
        })
        .map_err(|e| Error::Internal(format!("cannot start a document thread: {e}")))?;
    let gone = || Error::Internal("the document thread ended without a result".into());
    match limits.timeout {
        Some(t) => match rx.recv_timeout(t) {
            Ok(r) => r,
            Err(RecvTimeoutError::Timeout) => Err(Error::TimedOut(t)),
            Err(RecvTimeoutError::Disconnected) => Err(gone()),
        },
        None => rx.recv().unwrap_or_else(|_| Err(gone())),
    }
}
