//! Every `.docx` under `corpus/` (or `$GONGKAI_CORPUS`) must read into a
//! layout with at least one table. Skips with a message when there is none.

use std::path::{Path, PathBuf};

use gongkai::layout::Block;
use gongkai::read::{Format, read};

fn docx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            docx_files(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
        {
            out.push(p);
        }
    }
}

#[test]
fn corpus_docx_files_parse_with_tables() {
    let root = std::env::var_os("GONGKAI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let mut files = Vec::new();
    docx_files(&root, &mut files);
    if files.is_empty() {
        eprintln!("skipped: no .docx under {}", root.display());
        return;
    }
    let mut failures = Vec::new();
    for f in &files {
        let bytes = std::fs::read(f).expect("readable file");
        match read(Format::Docx, &bytes) {
            Ok(layout) => {
                let tables: Vec<_> = layout
                    .blocks
                    .iter()
                    .filter_map(|b| match b {
                        Block::Table(t) => Some(t),
                        Block::Paragraph(_) => None,
                    })
                    .collect();
                if tables.is_empty() {
                    failures.push(format!("{}: no table", f.display()));
                }
                for t in &tables {
                    // Every cell lies inside the grid and no slot is covered twice.
                    let mut seen = vec![vec![false; t.cols]; t.rows];
                    for c in &t.cells {
                        assert!(c.rowspan >= 1 && c.colspan >= 1, "{}", f.display());
                        assert!(
                            c.row + c.rowspan <= t.rows && c.col + c.colspan <= t.cols,
                            "{}: cell {c:?} outside {}x{}",
                            f.display(),
                            t.rows,
                            t.cols
                        );
                        for row in &mut seen[c.row..c.row + c.rowspan] {
                            for slot in &mut row[c.col..c.col + c.colspan] {
                                assert!(!*slot, "{}: overlapping cells at {c:?}", f.display());
                                *slot = true;
                            }
                        }
                    }
                }
                eprintln!(
                    "{}: {} blocks, {} tables, producer {:?}",
                    f.display(),
                    layout.blocks.len(),
                    tables.len(),
                    layout.producer
                );
            }
            Err(e) => failures.push(format!("{}: {e}", f.display())),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
