//! The batch run: workers, the ordered writer, incremental skips, removals,
//! interrupts and summary.json.

use super::journal::{Entry, Journal, mtime_ns, output_is_valid, output_version, sha256_hex};
use super::limits::{Limits, Watched};
use super::shard::Shard;
use super::sink::{DirSink, Finished, InputId, Sink};
use super::{ExtractFn, Job, UsageError, output_path, signals, write_atomic};
use crate::emit;
use crate::error::Error;
use crate::model::{FileStatus, SUMMARY_SCHEMA, Summary, SummaryFile};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How finished documents are reported on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// `gongkai: error: <path>: <reason>` for each failure.
    #[default]
    Text,
    /// One JSON object per finished document: `{"path", "status", "ms", "error"}`.
    Json,
}

/// Checked batch options (the CLI's flags, validated once).
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    /// Worker threads; 0 = one per available core.
    pub threads: usize,
    /// Draw a progress bar on stderr (only when stderr is a terminal).
    pub progress: bool,
    /// Redo every document, ignoring the journal (`--force`).
    pub force: bool,
    /// Keep the outputs of inputs that disappeared (`--keep-removed`).
    pub keep_removed: bool,
    /// Only this shard of the inputs (`--shard I/N`).
    pub shard: Option<Shard>,
    pub limits: Limits,
    pub log: LogFormat,
    /// Stop cleanly on SIGINT/SIGTERM (the CLI; unit tests leave it off).
    pub handle_signals: bool,
    /// Hidden test knob (`--debug-sleep-ms`): every document sleeps this long first.
    pub debug_sleep: Option<Duration>,
}

impl Options {
    pub fn new(out: PathBuf) -> Options {
        Options {
            out,
            threads: 0,
            progress: false,
            force: false,
            keep_removed: false,
            shard: None,
            limits: Limits::default(),
            log: LogFormat::Text,
            handle_signals: false,
            debug_sleep: None,
        }
    }

    /// `summary.json`, or `summary.shard-I-of-N.json` for a shard (so shards can share OUT).
    pub fn summary_name(&self) -> String {
        match &self.shard {
            Some(s) => format!("summary.{}.json", s.tag()),
            None => "summary.json".to_string(),
        }
    }

    fn journal_name(&self) -> String {
        match &self.shard {
            Some(s) => format!("state.{}.jsonl", s.tag()),
            None => "state.jsonl".to_string(),
        }
    }
}

/// What a batch did.
#[derive(Debug)]
pub struct BatchResult {
    pub summary: Summary,
    pub elapsed: Duration,
    /// The signal that stopped the run (2 SIGINT, 15 SIGTERM).
    pub interrupted: Option<i32>,
    /// Things the user should know (a damaged journal line, removed outputs).
    pub notes: Vec<String>,
}

/// After SIGINT/SIGTERM, how long in-flight documents may take to finish
/// before they are abandoned.
const INTERRUPT_GRACE: Duration = Duration::from_secs(2);

/// How a document ended, as produced by a worker.
enum Produced {
    Extracted { json: Vec<u8>, input: InputId },
    Unchanged(Entry),
}

struct Outcome {
    index: usize,
    result: Result<Produced, Error>,
    ms: u64,
}

/// What the workers share.
struct Shared {
    jobs: Vec<Job>,
    /// Journal entries trusted for skipping (empty with `--force`).
    known: BTreeMap<String, Entry>,
    version: String,
    out: PathBuf,
    limits: Limits,
    debug_sleep: Option<Duration>,
    extract: Arc<ExtractFn>,
    next: AtomicUsize,
    stop: AtomicBool,
}

fn read_input(job: &Job) -> Result<Vec<u8>, Error> {
    std::fs::read(&job.path).map_err(|e| Error::Io(format!("reading {}: {e}", job.path.display())))
}

/// Skip an unchanged document, or extract it.
fn produce(sh: &Shared, job: &Job, doc: &mut Watched) -> Result<Produced, Error> {
    // Decide the format before reading a possibly large unsupported file.
    crate::read::Format::from_path(&job.rel)?;
    let meta = std::fs::metadata(&job.path)
        .map_err(|e| Error::Io(format!("reading {}: {e}", job.path.display())))?;
    sh.limits.check_size(meta.len())?;
    let mtime = mtime_ns(&meta);
    let mut bytes = None;
    if let Some(e) = sh.known.get(&job.rel)
        && e.version == sh.version
    {
        // Cheap pre-check first: same size and mtime → trust the recorded hash.
        let sha = if e.size == meta.len() && e.mtime_ns == mtime {
            e.sha256.clone()
        } else {
            let b = read_input(job)?;
            let sha = sha256_hex(&b);
            bytes = Some(b);
            sha
        };
        if sha == e.sha256 && output_is_valid(&output_path(&sh.out, &job.rel), e) {
            return Ok(Produced::Unchanged(Entry {
                size: meta.len(),
                mtime_ns: mtime,
                ..e.clone()
            }));
        }
    }
    let bytes = match bytes {
        Some(b) => b,
        None => read_input(job)?,
    };
    sh.limits.check_size(bytes.len() as u64)?;
    let input = InputId {
        size: bytes.len() as u64,
        mtime_ns: mtime,
        sha256: sha256_hex(&bytes),
    };
    let json = doc.extract(bytes, &job.rel, &sh.limits)?;
    Ok(Produced::Extracted { json, input })
}

fn worker(sh: Arc<Shared>, tx: mpsc::Sender<Outcome>) {
    let mut doc = Watched::new(Arc::clone(&sh.extract), sh.debug_sleep);
    loop {
        if sh.stop.load(Ordering::SeqCst) {
            return;
        }
        let index = sh.next.fetch_add(1, Ordering::SeqCst);
        let Some(job) = sh.jobs.get(index) else {
            return;
        };
        let t = Instant::now();
        // Extraction panics are caught on the document's thread; this guards the
        // rest (reading, hashing), so every dispatched job reports an outcome.
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| produce(&sh, job, &mut doc)))
                .unwrap_or_else(|_| Err(Error::Internal("panic while reading the input".into())));
        let ms = t.elapsed().as_millis() as u64;
        if tx.send(Outcome { index, result, ms }).is_err() {
            return;
        }
    }
}

/// Take `OUT/.gongkai/<journal>.lock` (an OS advisory lock, released even by
/// kill -9): two runs of the same shard into one OUT (a cron job overlapping
/// the previous night's, a scheduler retry) would interleave one journal.
fn lock_out(opts: &Options) -> Result<std::fs::File, UsageError> {
    let dir = Journal::dir(&opts.out);
    let path = dir.join(format!("{}.lock", opts.journal_name()));
    let fail = |e: String| UsageError(format!("cannot lock {}: {e}", path.display()));
    std::fs::create_dir_all(&dir).map_err(|e| fail(e.to_string()))?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| fail(e.to_string()))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(UsageError(format!(
            "output folder {} is in use by another gongkai extract{} (lock {})",
            opts.out.display(),
            opts.shard
                .map(|s| format!(" of shard {}/{}", s.index, s.count))
                .unwrap_or_default(),
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(fail(e.to_string())),
    }
}

/// Extract every job (of `opts.shard`) on `opts.threads` workers. Finished
/// documents go, in path order, through the output sink (file + journal
/// line); failures are printed as they land; unchanged documents are skipped
/// unless `opts.force`; outputs of inputs gone since the last run are removed
/// unless `opts.keep_removed`. Writes `OUT/summary.json` (files in path
/// order), also when interrupted.
pub fn run(
    jobs: &[Job],
    opts: &Options,
    extract: Arc<ExtractFn>,
) -> Result<BatchResult, UsageError> {
    let start = Instant::now();
    if opts.handle_signals {
        signals::install();
    }
    let jobs: Vec<Job> = jobs
        .iter()
        .filter(|j| opts.shard.is_none_or(|s| s.contains(&j.rel)))
        .cloned()
        .collect();
    let mut notes = Vec::new();
    let _lock = lock_out(opts)?;
    let mut journal = Journal::load(&opts.out, &opts.journal_name());
    if journal.damaged_lines > 0 {
        notes.push(format!(
            "journal: {} damaged line(s) ignored (an earlier run was killed mid-write?); those documents are redone",
            journal.damaged_lines
        ));
    }

    // Inputs gone since the last run (of this shard): remove their outputs.
    let present: BTreeSet<&str> = jobs.iter().map(|j| j.rel.as_str()).collect();
    let gone: Vec<String> = journal
        .entries
        .keys()
        .filter(|r| !present.contains(r.as_str()))
        .filter(|r| opts.shard.is_none_or(|s| s.contains(r)))
        .cloned()
        .collect();
    let mut removed = Vec::new();
    if opts.keep_removed {
        if !gone.is_empty() {
            notes.push(format!(
                "{} output(s) of inputs that disappeared kept (--keep-removed)",
                gone.len()
            ));
        }
    } else {
        for rel in gone {
            match std::fs::remove_file(output_path(&opts.out, &rel)) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    notes.push(format!("cannot remove the output of {rel}: {e}"));
                    continue;
                }
            }
            journal.forget(&rel);
            removed.push(rel);
        }
    }
    journal
        .compact()
        .map_err(|e| UsageError(format!("journal: {e}")))?;

    let known = if opts.force {
        BTreeMap::new()
    } else {
        journal.entries.clone()
    };
    let total = jobs.len();
    let threads = match opts.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
    .min(total.max(1));
    let shared = Arc::new(Shared {
        jobs,
        known,
        version: output_version(),
        out: opts.out.clone(),
        limits: opts.limits,
        debug_sleep: opts.debug_sleep,
        extract,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
    });
    let (tx, rx) = mpsc::channel();
    for n in 0..threads {
        let sh = Arc::clone(&shared);
        let tx = tx.clone();
        std::thread::Builder::new()
            .name(format!("gongkai-worker-{n}"))
            .spawn(move || worker(sh, tx))
            .map_err(|e| UsageError(format!("cannot start worker threads: {e}")))?;
    }
    drop(tx);

    let target = if opts.progress && std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total as u64), target);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} documents  {elapsed_precise}  eta {eta}")
    {
        bar.set_style(style);
    }

    let mut sink = DirSink::new(opts.out.clone(), journal);
    let mut files: Vec<SummaryFile> = Vec::with_capacity(total);
    let mut land = |o: Outcome| {
        let job = &shared.jobs[o.index];
        let (status, result) = match &o.result {
            Ok(Produced::Extracted { json, input }) => (
                FileStatus::Ok,
                sink.put(&Finished::Extracted {
                    rel: &job.rel,
                    json,
                    input,
                }),
            ),
            Ok(Produced::Unchanged(entry)) => (
                FileStatus::Skipped,
                sink.put(&Finished::Unchanged { entry }),
            ),
            Err(e) => {
                let _ = sink.put(&Finished::Failed { rel: &job.rel });
                (FileStatus::Failed, Err(e.clone()))
            }
        };
        let (status, error) = match result {
            Ok(()) => (status, None),
            Err(e) => {
                if status != FileStatus::Failed {
                    let _ = sink.put(&Finished::Failed { rel: &job.rel });
                }
                (
                    FileStatus::Failed,
                    Some(e.to_string().replace(['\n', '\r'], " ")),
                )
            }
        };
        match opts.log {
            LogFormat::Json => {
                let line = serde_json::json!({
                    "path": job.rel, "status": status, "ms": o.ms, "error": error,
                });
                bar.suspend(|| eprintln!("{line}"));
            }
            LogFormat::Text => {
                if let Some(e) = &error {
                    bar.suspend(|| eprintln!("gongkai: error: {}: {e}", job.path.display()));
                }
            }
        }
        bar.inc(1);
        files.push(SummaryFile {
            path: job.rel.clone(),
            status,
            error,
            ms: o.ms,
        });
    };

    // The ordered writer: results land in path order (workers take jobs in
    // order, so only the few in flight wait here).
    let mut pending: BTreeMap<usize, Outcome> = BTreeMap::new();
    let mut next_land = 0;
    let mut received = 0;
    let mut interrupted = None;
    let mut deadline = None;
    while received < total {
        if interrupted.is_none()
            && opts.handle_signals
            && let Some(sig) = signals::received()
        {
            interrupted = Some(sig);
            shared.stop.store(true, Ordering::SeqCst);
            deadline = Some(Instant::now() + INTERRUPT_GRACE);
        }
        if let Some(d) = deadline {
            let dispatched = shared.next.load(Ordering::SeqCst).min(total);
            if received >= dispatched || Instant::now() >= d {
                break;
            }
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(o) => {
                received += 1;
                pending.insert(o.index, o);
                while let Some(o) = pending.remove(&next_land) {
                    land(o);
                    next_land += 1;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    // Interrupted: what finished behind an abandoned document lands too.
    for (_, o) in std::mem::take(&mut pending) {
        land(o);
    }
    bar.finish_and_clear();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    if let Err(e) = sink.journal.compact() {
        notes.push(format!("journal: {e}"));
    }

    let count = |s: FileStatus| files.iter().filter(|f| f.status == s).count();
    let disclosures = crate::pairing::disclosures(&opts.out, &files);
    let summary = Summary {
        schema: SUMMARY_SCHEMA.to_string(),
        documents: files.len(),
        ok: count(FileStatus::Ok),
        failed: count(FileStatus::Failed),
        skipped: count(FileStatus::Skipped),
        removed,
        interrupted: interrupted.is_some(),
        files,
        disclosures,
    };
    write_atomic(
        &opts.out.join(opts.summary_name()),
        &emit::summary_json(&summary),
    )
    .map_err(|e| UsageError(e.to_string()))?;
    Ok(BatchResult {
        summary,
        elapsed: start.elapsed(),
        interrupted,
        notes,
    })
}
