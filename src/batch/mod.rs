//! `batch`: discovery, workers, progress, isolation, atomic writes, and the
//! nightly-run machinery.
//!
//! - [`discover`] walks the inputs (sorted, hidden entries skipped, symlink
//!   loops cut) and gives every document a relative path, unique across roots.
//! - [`run`] (`run.rs`) extracts the jobs on `-j N` worker threads. Each file
//!   is isolated: an error, a panic or a timeout fails that file only. Results
//!   go through one ordered writer ([`sink`]) in path order: the output folder
//!   (`OUT/<rel>.json`, temporary name + rename) and the [`journal`].
//! - [`journal`]: incremental runs and resume after a kill; [`limits`]: file
//!   size cap and the per-document watchdog; [`shard`]: `--shard I/N`;
//!   [`signals`]: SIGINT/SIGTERM.

use crate::emit;
use crate::error::Error;
use crate::model::Document;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// One file to extract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Where to read it.
    pub path: PathBuf,
    /// Relative path (`/`-separated): names the output file and `source.path`.
    pub rel: String,
}

/// What [`discover`] found.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Files to extract, sorted by `rel`.
    pub jobs: Vec<Job>,
    /// Files inside folders that are not documents, by extension (`.doc`,
    /// `(none)`, `~$ lock file`) → count. Counted, never failed.
    pub skipped: BTreeMap<String, usize>,
    /// Things the user should know (renamed duplicates, unreadable folders).
    pub notes: Vec<String>,
}

impl Discovery {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// `3 non-document files (.doc 2, .txt 1)`, or `None` when nothing was skipped.
    pub fn skipped_text(&self) -> Option<String> {
        let n = self.skipped_total();
        if n == 0 {
            return None;
        }
        let parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let s = if n == 1 { "" } else { "s" };
        Some(format!("{n} non-document file{s} ({})", parts.join(", ")))
    }
}

/// A problem with the command line or the environment (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Is this file name one gongkai extracts (`.docx`/`.pdf`, any case)?
pub fn is_document_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".docx") || lower.ends_with(".pdf") || is_sheet_or_doc_name(&lower)
}

/// Spreadsheets and legacy Word files (`.xlsx .xls .et .doc .wps`, lower-cased name).
fn is_sheet_or_doc_name(lower: &str) -> bool {
    [".xlsx", ".xls", ".et", ".doc", ".wps"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn extension_label(name: &str) -> String {
    if name.starts_with("~$") {
        return "~$ lock file".to_string();
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => {
            format!(".{}", ext.to_ascii_lowercase())
        }
        _ => "(no extension)".to_string(),
    }
}

struct Found {
    root: usize,
    label: String,
    path: PathBuf,
    rel: String,
}

/// Find the documents under `inputs` (files or folders). Files named
/// explicitly are always jobs, whatever their extension (an unsupported one
/// then fails with a clear reason); inside folders only `.docx`/`.pdf` are
/// taken and the rest is counted in [`Discovery::skipped`]. `exclude` (the
/// output folder) is never walked.
pub fn discover(inputs: &[PathBuf], exclude: Option<&Path>) -> Result<Discovery, UsageError> {
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    let mut d = Discovery::default();
    let mut found: Vec<Found> = Vec::new();
    let mut seen_files: BTreeSet<PathBuf> = BTreeSet::new();
    let mut seen_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for (i, input) in inputs.iter().enumerate() {
        let meta = std::fs::metadata(input).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                UsageError(format!("input {} does not exist", input.display()))
            } else {
                UsageError(format!("cannot read input {}: {e}", input.display()))
            }
        })?;
        let canon = input.canonicalize().unwrap_or_else(|_| input.clone());
        if meta.is_dir() {
            let label = canon
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("input{}", i + 1));
            std::fs::read_dir(input)
                .map_err(|e| UsageError(format!("cannot read folder {}: {e}", input.display())))?;
            let mut walker = Walker {
                root: i,
                label: &label,
                exclude: exclude.as_deref(),
                seen_dirs: &mut seen_dirs,
                seen_files: &mut seen_files,
                found: &mut found,
                d: &mut d,
            };
            walker.walk(input, "");
        } else {
            let name = input
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| input.to_string_lossy().into_owned());
            if !seen_files.insert(canon.clone()) {
                d.notes.push(format!(
                    "{} given more than once: extracted once",
                    input.display()
                ));
                continue;
            }
            let label = canon
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("input{}", i + 1));
            found.push(Found {
                root: i,
                label,
                path: input.clone(),
                rel: name,
            });
        }
    }
    disambiguate(&mut found, &mut d.notes);
    let mut jobs: Vec<Job> = found
        .into_iter()
        .map(|f| Job {
            path: f.path,
            rel: f.rel,
        })
        .collect();
    jobs.sort_by(|a, b| a.rel.cmp(&b.rel));
    d.jobs = jobs;
    Ok(d)
}

struct Walker<'a> {
    root: usize,
    label: &'a str,
    exclude: Option<&'a Path>,
    seen_dirs: &'a mut BTreeSet<PathBuf>,
    seen_files: &'a mut BTreeSet<PathBuf>,
    found: &'a mut Vec<Found>,
    d: &'a mut Discovery,
}

impl Walker<'_> {
    fn walk(&mut self, dir: &Path, prefix: &str) {
        // Canonical paths cut symlink loops and folders reached twice.
        let entries = match dir.canonicalize() {
            Ok(canon) => {
                if Some(canon.as_path()) == self.exclude || !self.seen_dirs.insert(canon) {
                    return;
                }
                std::fs::read_dir(dir)
            }
            Err(e) => Err(e),
        };
        let entries = match entries {
            Ok(rd) => rd,
            Err(e) => {
                let note = format!("cannot read folder {}: {e}", dir.display());
                self.d.notes.push(note);
                return;
            }
        };
        let mut names: Vec<(String, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
            .collect();
        names.sort();
        for (name, path) in names {
            if name.starts_with('.') {
                continue;
            }
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            let meta = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    self.d
                        .notes
                        .push(format!("cannot read {}: {e}", path.display()));
                    continue;
                }
            };
            if meta.is_dir() {
                self.walk(&path, &rel);
            } else if is_document_name(&name) && !name.starts_with("~$") {
                let canon = path.canonicalize().unwrap_or_else(|_| path.clone());
                if self.seen_files.insert(canon) {
                    self.found.push(Found {
                        root: self.root,
                        label: self.label.to_string(),
                        path,
                        rel,
                    });
                }
            } else {
                *self.d.skipped.entry(extension_label(&name)).or_default() += 1;
            }
        }
    }
}

/// Make relative paths unique: when two roots yield the same `rel`, each
/// colliding file is prefixed with its root's name (`2023/a.docx`), or with
/// `input<N>/` when the root names collide too.
fn disambiguate(found: &mut [Found], notes: &mut Vec<String>) {
    let mut by_rel: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, f) in found.iter().enumerate() {
        by_rel.entry(f.rel.clone()).or_default().push(i);
    }
    let mut taken: BTreeSet<String> = by_rel.keys().cloned().collect();
    for (rel, idx) in by_rel.iter().filter(|(_, v)| v.len() > 1) {
        let labels: BTreeSet<&str> = idx.iter().map(|&i| found[i].label.as_str()).collect();
        let by_label = labels.len() == idx.len();
        let mut renamed = Vec::new();
        for &i in idx {
            let base = if by_label {
                format!("{}/{rel}", found[i].label)
            } else {
                format!("input{}/{rel}", found[i].root + 1)
            };
            let mut new = base.clone();
            let mut n = 2;
            while taken.contains(&new) {
                new = format!("{base}~{n}");
                n += 1;
            }
            taken.insert(new.clone());
            renamed.push(format!("{} → {new}", found[i].path.display()));
            found[i].rel = new;
        }
        notes.push(format!(
            "{} inputs share the relative path {rel}; written as: {}",
            idx.len(),
            renamed.join(", ")
        ));
    }
}

pub mod journal;
pub mod limits;
mod run;
pub mod shard;
pub mod signals;
pub mod sink;

pub use limits::{DEFAULT_MAX_FILE_MB, Limits};
pub use run::{BatchResult, LogFormat, Options, run};
pub use shard::Shard;

/// The extraction function the batch calls (normally [`crate::extract`]).
/// `Send + Sync + 'static` (behind an `Arc`): a document that runs past
/// `--timeout` is abandoned on its own thread, which may outlive the call.
pub type ExtractFn = dyn Fn(&[u8], &str) -> Result<Document, Error> + Send + Sync;

/// Create `out` and make sure files can be written in it.
pub fn prepare_out(out: &Path) -> Result<(), UsageError> {
    let fail = |e: std::io::Error| {
        UsageError(format!(
            "output folder {} is not writable: {e}",
            out.display()
        ))
    };
    std::fs::create_dir_all(out).map_err(fail)?;
    let probe = out.join(format!(".gongkai-probe-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(fail)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// Where a job's JSON goes: `OUT/<rel>.json`.
pub fn output_path(out: &Path, rel: &str) -> PathBuf {
    out.join(format!("{rel}.json"))
}

/// Write `bytes` to `dest` through `dest.tmp-<pid>` and a rename, creating
/// parent folders; the temporary file is removed on failure.
pub fn write_atomic(dest: &Path, bytes: &[u8]) -> Result<(), Error> {
    let io = |e: std::io::Error| Error::Io(format!("writing {}: {e}", dest.display()));
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut tmp_name = dest.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = dest.with_file_name(tmp_name);
    let written = std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| std::fs::rename(&tmp, dest));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

thread_local! {
    /// Set while this thread runs the extraction of one file.
    static EXTRACTING: Cell<bool> = const { Cell::new(false) };
    /// Message and location of the last panic caught during an extraction.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Install (once per process) a panic hook that keeps the message of a
/// panic inside an extraction for that file's error instead of printing it
/// over the progress bar; any other panic goes to the previous hook.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if EXTRACTING.with(Cell::get) {
                let text = info.to_string().replace('\n', " ");
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
            } else {
                previous(info);
            }
        }));
    });
}

/// Run `extract` catching a panic as [`Error::Internal`].
pub(crate) fn extract_isolated(
    extract: &ExtractFn,
    bytes: &[u8],
    rel: &str,
) -> Result<Vec<u8>, Error> {
    install_panic_hook();
    EXTRACTING.with(|e| e.set(true));
    LAST_PANIC.with(|p| p.borrow_mut().take());
    let caught = panic::catch_unwind(AssertUnwindSafe(|| {
        extract(bytes, rel).map(|doc| emit::document_json(&doc))
    }));
    EXTRACTING.with(|e| e.set(false));
    caught.map_err(|payload| {
        let hooked = LAST_PANIC.with(|p| p.borrow_mut().take());
        let text = hooked.unwrap_or_else(|| {
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned());
            format!("panic: {}", msg.as_deref().unwrap_or("(no message)"))
        });
        Error::Internal(text)
    })?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;

    fn tmp(name: &str) -> PathBuf {
        let p = std::env::temp_dir().join(format!("gongkai-batch-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        p
    }

    fn doc(rel: &str) -> Document {
        Document {
            schema: model::SCHEMA.into(),
            source: model::Source {
                path: rel.into(),
                format: "docx".into(),
                sha256: String::new(),
                bytes: 0,
                pages: None,
                producer: None,
            },
            document: model::DocumentInfo {
                kind: "unknown".into(),
                scope: "unknown".into(),
                ..Default::default()
            },
            profile: Default::default(),
            tables: vec![],
            narrative: Default::default(),
            checks: vec![],
            warnings: vec![],
        }
    }

    #[test]
    fn discovery_sorts_skips_and_disambiguates() {
        let root = tmp("discover");
        let a = root.join("2023");
        let b = root.join("2024");
        for dir in [&a, &b] {
            std::fs::create_dir_all(dir.join("sub")).unwrap();
            std::fs::create_dir_all(dir.join(".hidden")).unwrap();
            std::fs::write(dir.join("z.PDF"), b"x").unwrap();
            std::fs::write(dir.join("sub/a.docx"), b"x").unwrap();
            std::fs::write(dir.join(".hidden/h.docx"), b"x").unwrap();
            std::fs::write(dir.join("notes.txt"), b"x").unwrap();
            std::fs::write(dir.join("old.odt"), b"x").unwrap();
            std::fs::write(dir.join("~$lock.docx"), b"x").unwrap();
        }
        std::fs::write(b.join("only.pdf"), b"x").unwrap();
        let d = discover(&[a.clone(), b.clone()], None).unwrap();
        let rels: Vec<&str> = d.jobs.iter().map(|j| j.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "2023/sub/a.docx",
                "2023/z.PDF",
                "2024/sub/a.docx",
                "2024/z.PDF",
                "only.pdf"
            ]
        );
        assert_eq!(d.skipped_total(), 6);
        assert_eq!(d.skipped.get(".odt"), Some(&2));
        assert_eq!(d.skipped.get("~$ lock file"), Some(&2));
        assert!(
            d.notes.iter().any(|n| n.contains("sub/a.docx")),
            "{:?}",
            d.notes
        );
        // The same folder twice is walked once; the output folder is never walked.
        let d = discover(&[a.clone(), a.clone()], Some(&a.join("sub"))).unwrap();
        let rels: Vec<&str> = d.jobs.iter().map(|j| j.rel.as_str()).collect();
        assert_eq!(rels, ["z.PDF"]);
        assert!(discover(&[root.join("missing")], None).is_err());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_cut() {
        let root = tmp("loop");
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.pdf"), b"x").unwrap();
        std::os::unix::fs::symlink(&root, root.join("a/back")).unwrap();
        let d = discover(std::slice::from_ref(&root), None).unwrap();
        let rels: Vec<&str> = d.jobs.iter().map(|j| j.rel.as_str()).collect();
        assert_eq!(rels, ["a/x.pdf"]);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn a_panic_fails_one_file_and_the_batch_goes_on() {
        let root = tmp("panic");
        let input = root.join("in");
        let out = root.join("out");
        std::fs::create_dir_all(&input).unwrap();
        for n in ["a.docx", "boom.docx", "c.pdf"] {
            std::fs::write(input.join(n), b"bytes").unwrap();
        }
        // A stale output of the file that will fail must disappear.
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("boom.docx.json"), b"old").unwrap();
        let d = discover(std::slice::from_ref(&input), None).unwrap();
        let extract = std::sync::Arc::new(|_: &[u8], rel: &str| -> Result<Document, Error> {
            if rel.starts_with("boom") {
                panic!("index out of bounds");
            }
            Ok(doc(rel))
        });
        let opts = Options {
            threads: 2,
            ..Options::new(out.clone())
        };
        let r = run(&d.jobs, &opts, extract).unwrap();
        assert_eq!(
            (r.summary.documents, r.summary.ok, r.summary.failed),
            (3, 2, 1)
        );
        let failed = &r.summary.files[1];
        assert_eq!(failed.path, "boom.docx");
        let err = failed.error.as_deref().unwrap();
        assert!(
            err.contains("internal error") && err.contains("index out of bounds"),
            "{err}"
        );
        assert!(!out.join("boom.docx.json").exists());
        let json = std::fs::read_to_string(out.join("c.pdf.json")).unwrap();
        assert!(json.contains("\"path\": \"c.pdf\""));
        assert!(out.join("summary.json").exists());
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn atomic_write_creates_parents_and_leaves_no_temp() {
        let root = tmp("atomic");
        let dest = root.join("x/y/z.docx.json");
        write_atomic(&dest, b"{}\n").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"{}\n");
        let names: Vec<_> = std::fs::read_dir(root.join("x/y")).unwrap().collect();
        assert_eq!(names.len(), 1);
        // A destination that is a folder fails and cleans its temp file up.
        std::fs::create_dir_all(root.join("d.json")).unwrap();
        assert!(write_atomic(&root.join("d.json"), b"x").is_err());
        assert_eq!(std::fs::read_dir(&root).unwrap().count(), 2);
        let _ = std::fs::remove_dir_all(&root);
    }
}
