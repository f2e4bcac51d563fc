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

type Reply = Result<Vec<u8>, Error>;

struct Task {
    bytes: Vec<u8>,
    rel: String,
}

/// A worker's document thread, watched: documents run on a long-lived helper
/// thread (reused, so no thread start and no fresh stack per document), and
/// the worker waits at most `limits.timeout` for each JSON. A document past
/// the limit is abandoned: its helper runs on detached (a thread cannot be
/// killed), its late result is dropped, so it never writes anything and never
/// blocks the end of the run (the process exits after the summary); the next
/// document gets a new helper. `debug_sleep` (the hidden `--debug-sleep-ms`
/// test knob) delays every document to make slow documents in tests.
pub struct Watched {
    extract: Arc<ExtractFn>,
    debug_sleep: Option<Duration>,
    helper: Option<(mpsc::Sender<Task>, mpsc::Receiver<Reply>)>,
}

impl Watched {
    pub fn new(extract: Arc<ExtractFn>, debug_sleep: Option<Duration>) -> Watched {
        Watched {
            extract,
            debug_sleep,
            helper: None,
        }
    }

    fn start(&self) -> Result<(mpsc::Sender<Task>, mpsc::Receiver<Reply>), Error> {
        let (task_tx, task_rx) = mpsc::channel::<Task>();
        let (reply_tx, reply_rx) = mpsc::sync_channel::<Reply>(1);
        let f = Arc::clone(&self.extract);
        let sleep = self.debug_sleep;
        std::thread::Builder::new()
            .name("gongkai-doc".into())
            .stack_size(DOCUMENT_STACK)
            .spawn(move || {
                for task in task_rx {
                    if let Some(d) = sleep {
                        std::thread::sleep(d);
                    }
                    let r = extract_isolated(&*f, &task.bytes, &task.rel);
                    drop(task);
                    if reply_tx.send(r).is_err() {
                        return; // abandoned
                    }
                }
            })
            .map_err(|e| Error::Internal(format!("cannot start a document thread: {e}")))?;
        Ok((task_tx, reply_rx))
    }

    /// Extract one document under the limits.
    pub fn extract(&mut self, bytes: Vec<u8>, rel: &str, limits: &Limits) -> Reply {
        let (tx, rx) = match self.helper.take() {
            Some(h) => h,
            None => self.start()?,
        };
        let task = Task {
            bytes,
            rel: rel.to_string(),
        };
        if tx.send(task).is_err() {
            return Err(Error::Internal("the document thread is gone".into()));
        }
        let gone = || Error::Internal("the document thread ended without a result".into());
        let reply = match limits.timeout {
            Some(t) => match rx.recv_timeout(t) {
                Ok(r) => r,
                // Abandon this helper (dropping `tx` ends it once it finishes).
                Err(RecvTimeoutError::Timeout) => return Err(Error::TimedOut(t)),
                Err(RecvTimeoutError::Disconnected) => return Err(gone()),
            },
            None => match rx.recv() {
                Ok(r) => r,
                Err(_) => return Err(gone()),
            },
        };
        self.helper = Some((tx, rx));
        reply
    }
}
