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
        match read(Format::Docx, &bytes, &gongkai::recognize::hints::BUDGET) {
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

/// Where a `truth.json` (the corpus helper's format: `tables[].cells[]` with
/// row/col/rowspan/colspan/text) sits beside `.docx` renditions, every table
/// of a rendition with the same table count and the same row count must have
/// exactly the truth's cells.
#[test]
fn corpus_tables_match_truth_cells() {
    let root = std::env::var_os("GONGKAI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"));
    let mut files = Vec::new();
    docx_files(&root, &mut files);
    let mut compared = 0;
    for f in &files {
        let Some(dir) = f.parent() else { continue };
        let Ok(truth) = std::fs::read_to_string(dir.join("truth.json")) else {
            continue;
        };
        let truth: serde_json::Value = serde_json::from_str(&truth).expect("truth.json is JSON");
        let Some(tt) = truth.get("tables").and_then(|t| t.as_array()) else {
            continue;
        };
        let layout = read(
            Format::Docx,
            &std::fs::read(f).expect("readable"),
            &gongkai::recognize::hints::BUDGET,
        )
        .expect("reads");
        let tables: Vec<_> = layout
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                Block::Paragraph(_) => None,
            })
            .collect();
        if tables.len() != tt.len() {
            eprintln!(
                "{}: {} tables vs {} in truth.json, not compared",
                f.display(),
                tables.len(),
                tt.len()
            );
            continue;
        }
        for (i, (mine, want)) in tables.iter().zip(tt).enumerate() {
            let Some(cells) = want.get("cells").and_then(|c| c.as_array()) else {
                continue;
            };
            let rows = cells
                .iter()
                .filter_map(|c| Some(c.get("row")?.as_u64()? + c.get("rowspan")?.as_u64()?))
                .max()
                .unwrap_or(0) as usize;
            if rows != mine.rows {
                eprintln!(
                    "{} table {}: {} rows vs {rows}, not compared",
                    f.display(),
                    i + 1,
                    mine.rows
                );
                continue;
            }
            let mut want_cells: Vec<(u64, u64, u64, u64, String)> = cells
                .iter()
                .map(|c| {
                    let n = |k: &str| c.get(k).and_then(|v| v.as_u64()).unwrap_or(u64::MAX);
                    let text = c.get("text").and_then(|v| v.as_str()).unwrap_or("");
                    (
                        n("row"),
                        n("col"),
                        n("rowspan"),
                        n("colspan"),
                        text.to_string(),
                    )
                })
                .collect();
            let mut got: Vec<(u64, u64, u64, u64, String)> = mine
                .cells
                .iter()
                .map(|c| {
                    (
                        c.row as u64,
                        c.col as u64,
                        c.rowspan as u64,
                        c.colspan as u64,
                        c.text.clone(),
                    )
                })
                .collect();
            want_cells.sort();
            got.sort();
            assert_eq!(got, want_cells, "{} table {}", f.display(), i + 1);
            compared += 1;
        }
    }
    eprintln!("{compared} tables compared with truth.json");
}
