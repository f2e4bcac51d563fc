//! Shared by tests/sheets.rs and tests/doc_reader.rs: a rendition of a corpus
//! document (.xlsx, .xls, .doc) against the .docx it was made from.

use gongkai::compare::compare_pair;
use gongkai::layout::{Block, Layout};
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

pub fn layout(path: &Path) -> Layout {
    let bytes = std::fs::read(path).unwrap();
    let format = gongkai::read::Format::from_path(path.to_str().unwrap()).unwrap();
    gongkai::read::read(format, &bytes, &gongkai::recognize::hints::BUDGET)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Blocks without what a rendition cannot carry: headings (Word styles) and
/// whitespace-only cell texts (openpyxl writes a lone space without
/// `xml:space="preserve"`, so it reads back empty; no fact depends on it).
pub fn comparable(l: &Layout) -> Vec<Block> {
    l.blocks
        .iter()
        .cloned()
        .map(|mut b| {
            match &mut b {
                Block::Paragraph(p) => p.heading = None,
                Block::Table(t) => {
                    for c in &mut t.cells {
                        if c.text.trim().is_empty() {
                            c.text.clear();
                        }
                    }
                }
            }
            b
        })
        .collect()
}

/// The renditions under `corpus/<dir>/` with their .docx: (rendition, docx).
pub fn renditions(dir: &str, exts: &[&str]) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    let base = root().join("corpus").join(dir);
    let Ok(families) = std::fs::read_dir(&base) else {
        return out;
    };
    for fam in families.flatten() {
        for f in std::fs::read_dir(fam.path()).unwrap().flatten() {
            let p = f.path();
            let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
            if exts.contains(&ext) {
                let stem = p.file_stem().unwrap().to_str().unwrap();
                let docx = root()
                    .join("corpus")
                    .join(fam.file_name())
                    .join(format!("{stem}.docx"));
                out.push((p, docx));
            }
        }
    }
    out.sort();
    out
}

/// Every rendition gives its .docx's facts (no difference, not even in
/// scale) and its layout, but for the files in `layout_differs` (relative to
/// corpus/, each with its reason at the call), whose facts must still match.
pub fn check_renditions(dir: &str, exts: &[&str], min: usize, layout_differs: &[&str]) {
    let pairs = renditions(dir, exts);
    assert!(
        pairs.len() >= min,
        "{} renditions in corpus/{dir}",
        pairs.len()
    );
    let mut failures = Vec::new();
    for (file, docx) in &pairs {
        let rel = file.strip_prefix(root().join("corpus")).unwrap();
        let rel = rel.to_str().unwrap();
        let a = gongkai::extract(&std::fs::read(docx).unwrap(), "x.docx").unwrap();
        let b = gongkai::extract(&std::fs::read(file).unwrap(), rel)
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert!(!b.tables.is_empty(), "{rel}: no tables");
        let report = compare_pair(rel, &a, Some(&b));
        if !report.differences.is_empty() || !report.minor.is_empty() {
            failures.push(format!(
                "{rel}: {:?} {:?}",
                report.differences.iter().take(3).collect::<Vec<_>>(),
                report.minor.iter().take(3).collect::<Vec<_>>()
            ));
        }
        let same = comparable(&layout(docx)) == comparable(&layout(file));
        if same == layout_differs.contains(&rel) {
            failures.push(format!(
                "{rel}: layout {} {}",
                if same {
                    "equals, expected to differ from"
                } else {
                    "differs from"
                },
                docx.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
