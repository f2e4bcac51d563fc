//! The incremental-run journal: `OUT/.gongkai/state.jsonl` (one JSON object
//! per line, appended as each document lands; see ARCHITECTURE.md for why
//! JSON lines and not SQLite).
//!
//! A line records, for one input (by relative path), what the output in OUT
//! was made from: the input's size, mtime and sha256, the extractor's
//! [`OUTPUT_VERSION`], and the output's length and sha256 (so a deleted or
//! edited output is noticed). Later lines override earlier ones; a line that
//! does not parse (a run killed mid-write) is ignored and counted.

use crate::error::Error;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Bump on **any** change to what the extractor writes for the same input
/// (recognition, checks, emit, the schema). A run with another version redoes
/// every document. `tests/output_version.rs` ties it to the golden files: when
/// they change, that test fails until this constant and [`GOLDEN_FINGERPRINT`]
/// are updated together.
pub const RECOGNITION_VERSION: u32 = 6;

/// sha256 over the golden tree (sorted relative paths and bytes) this
/// [`RECOGNITION_VERSION`] was made with; see `tests/output_version.rs`.
pub const GOLDEN_FINGERPRINT: &str =
    "1b9a69069418d5b88ed460282396e2c272fbd32a764d90a4c5875a9fafb0db32";

/// The version recorded in the journal: crate version + recognition version.
pub fn output_version() -> String {
    format!("{}+r{RECOGNITION_VERSION}", env!("CARGO_PKG_VERSION"))
}

/// One journal line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Input path relative to its root (`/`-separated), the key.
    pub path: String,
    /// Input size in bytes and mtime (ns since the epoch): the cheap pre-check.
    pub size: u64,
    pub mtime_ns: u64,
    /// sha256 of the input bytes.
    pub sha256: String,
    /// [`output_version`] of the extractor that wrote the output.
    pub version: String,
    /// Length and sha256 of `OUT/<path>.json`.
    pub out_bytes: u64,
    pub out_sha256: String,
}

/// The journal of one OUT folder (one file per shard, so shards can share OUT).
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    /// Every known entry, by relative path.
    pub entries: BTreeMap<String, Entry>,
    /// Lines that did not parse when loading (a cut last line, ...).
    pub damaged_lines: usize,
    file: Option<std::fs::File>,
}

/// Lowercase hex of a sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// mtime in ns since the epoch (0 when the platform has none).
pub fn mtime_ns(meta: &std::fs::Metadata) -> u64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0)
}

fn parse_lines(bytes: &[u8], entries: &mut BTreeMap<String, Entry>) -> usize {
    let mut damaged = 0;
    for line in bytes.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(line) {
            Ok(e) => {
                entries.insert(e.path.clone(), e);
            }
            Err(_) => damaged += 1,
        }
    }
    damaged
}

impl Journal {
    /// The folder holding the journal files.
    pub fn dir(out: &Path) -> PathBuf {
        out.join(".gongkai")
    }

    /// Load the journal of `out`: every `state*.jsonl` there (other shards'
    /// entries are as trustworthy: each is checked against its output), this
    /// run's own file (`name`) last so it wins.
    pub fn load(out: &Path, name: &str) -> Journal {
        let dir = Self::dir(out);
        let mut entries = BTreeMap::new();
        let mut damaged_lines = 0;
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with("state") && n.ends_with(".jsonl") && n != name)
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names.push(name.to_string());
        for n in &names {
            if let Ok(bytes) = std::fs::read(dir.join(n)) {
                let d = parse_lines(&bytes, &mut entries);
                if n == name {
                    damaged_lines = d;
                }
            }
        }
        Journal {
            path: dir.join(name),
            entries,
            damaged_lines,
            file: None,
        }
    }

    /// Rewrite the journal file from [`Journal::entries`] (sorted, atomic) and
    /// open it for appending. Called before a run (so a line cut by a kill is
    /// gone before anything is appended after it) and after.
    pub fn compact(&mut self) -> Result<(), Error> {
        self.file = None;
        let mut text = Vec::new();
        for e in self.entries.values() {
            text.extend_from_slice(&line(e));
        }
        super::write_atomic(&self.path, &text)?;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(|e| Error::Io(format!("opening {}: {e}", self.path.display())))?;
        self.file = Some(file);
        Ok(())
    }

    /// Record an entry: in memory and as one appended line (one `write` call,
    /// so a kill leaves at worst one cut last line).
    pub fn record(&mut self, e: Entry) -> Result<(), Error> {
        if let Some(f) = &mut self.file {
            f.write_all(&line(&e))
                .map_err(|err| Error::Io(format!("appending to {}: {err}", self.path.display())))?;
        }
        self.entries.insert(e.path.clone(), e);
        Ok(())
    }

    /// Forget an entry (its output was removed or its document failed).
    pub fn forget(&mut self, path: &str) {
        self.entries.remove(path);
    }
}

fn line(e: &Entry) -> Vec<u8> {
    let mut v = serde_json::to_vec(e).unwrap_or_default();
    v.push(b'\n');
    v
}

/// Is `OUT/<rel>.json` still what the entry says was written?
pub fn output_is_valid(dest: &Path, e: &Entry) -> bool {
    match std::fs::metadata(dest) {
        Ok(m) if m.is_file() && m.len() == e.out_bytes => std::fs::read(dest)
            .map(|b| sha256_hex(&b) == e.out_sha256)
            .unwrap_or(false),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str) -> Entry {
        Entry {
            path: path.into(),
            size: 3,
            mtime_ns: 7,
            sha256: "ab".into(),
            version: output_version(),
            out_bytes: 2,
            out_sha256: "cd".into(),
        }
    }

    #[test]
    fn a_line_cut_mid_write_is_ignored_and_compacted_away() {
        let out = std::env::temp_dir().join(format!("gongkai-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        let dir = Journal::dir(&out);
        std::fs::create_dir_all(&dir).unwrap();
        let mut text = line(&entry("a.docx"));
        text.extend_from_slice(&line(&entry("b.pdf")));
        let cut = line(&entry("c.pdf"));
        text.extend_from_slice(&cut[..cut.len() / 2]);
        std::fs::write(dir.join("state.jsonl"), &text).unwrap();
        let mut j = Journal::load(&out, "state.jsonl");
        assert_eq!(j.damaged_lines, 1);
        assert_eq!(j.entries.keys().collect::<Vec<_>>(), ["a.docx", "b.pdf"]);
        j.compact().unwrap();
        j.record(entry("c.pdf")).unwrap();
        let j = Journal::load(&out, "state.jsonl");
        assert_eq!(j.damaged_lines, 0);
        assert_eq!(j.entries.len(), 3);
        let _ = std::fs::remove_dir_all(&out);
    }
}
