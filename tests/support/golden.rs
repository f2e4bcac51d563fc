//! The golden files of PDFs kept outside the repository (`golden/real/`,
//! `golden/real-other/`): listing them, extracting each PDF and comparing it
//! with its golden file, and the small value accessors the identity checks of
//! those tests use.

use gongkai::compare::compare_pair;
use gongkai::model::{Document, Record};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// `(PDF file name, golden path)` of every `<name>.json` in `golden/<sub>`
/// whose name is a PDF's, sorted.
pub fn goldens(sub: &str) -> Vec<(String, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(sub);
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.strip_suffix(".json")?.to_string();
            name.to_lowercase().ends_with(".pdf").then_some((name, p))
        })
        .collect();
    v.sort();
    v
}

pub fn load(p: &Path) -> Document {
    gongkai::compare::load(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Extract each PDF of `gs` from `dir` under its bare file name and compare it
/// with its golden file; a PDF that is absent is skipped with a message (all
/// absent: one line saying the comparison was skipped). Panics listing every
/// document that differs or fails.
pub fn assert_pdfs_match(dir: &Path, gs: &[(String, PathBuf)]) {
    let mut compared = 0;
    let mut failures = Vec::new();
    for (name, gpath) in gs {
        let pdf = dir.join(name);
        let Ok(bytes) = std::fs::read(&pdf) else {
            eprintln!("skip {name}: {} not found", pdf.display());
            continue;
        };
        let golden = load(gpath);
        assert_eq!(
            golden.source.path,
            *name,
            "{}: source.path",
            gpath.display()
        );
        let actual = match gongkai::extract(&bytes, name) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{name}: extraction failed: {e}"));
                continue;
            }
        };
        let r = compare_pair(name, &golden, Some(&actual));
        if !r.differences.is_empty() || !r.minor.is_empty() || r.status != "match" {
            let mut s = format!("{name}: {} ({} differences)", r.status, r.differences.len());
            for d in r.differences.iter().chain(&r.minor).take(15) {
                s.push_str(&format!(
                    "\n    {}: golden {}, actual {}",
                    d.at, d.golden, d.actual
                ));
            }
            failures.push(s);
        }
        compared += 1;
    }
    if compared == 0 {
        eprintln!("PDFs absent ({}): golden comparison skipped", dir.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A printed amount, absent or unreadable as zero.
pub fn dec(v: Option<&str>) -> Decimal {
    v.and_then(|s| Decimal::from_str(s).ok())
        .unwrap_or(Decimal::ZERO)
}

pub fn value<'a>(r: &'a Record, key: &str) -> Option<&'a str> {
    r.values
        .0
        .iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_deref())
}

pub fn has(r: &Record, key: &str) -> bool {
    r.values.0.iter().any(|(k, _)| k == key)
}

/// 类 = Σ款 and 款 = Σ项 in column `key`: for each coded record, its printed
/// value against the sum over the records one level down whose code extends
/// its code (`"<table> <code> <key>: printed X, sum Y"`).
pub fn children_sum_violations(table: &str, coded: &[&Record], key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for p in coded {
        let (Some(code), Some(level)) = (&p.code, p.level) else {
            continue;
        };
        let kids: Vec<_> = coded
            .iter()
            .filter(|c| {
                c.level == Some(level + 1)
                    && c.code
                        .as_deref()
                        .is_some_and(|cc| cc.starts_with(code.as_str()))
            })
            .collect();
        if kids.is_empty() {
            continue;
        }
        let sum: Decimal = kids.iter().map(|c| dec(value(c, key))).sum();
        let printed = dec(value(p, key));
        if sum != printed {
            out.push(format!(
                "{table} {code} {key}: printed {printed}, sum {sum}"
            ));
        }
    }
    out
}
