//! The repository's corpus, extracted by the binary, matches the reviewed golden files
//! (`golden/` mirrors `corpus/`; `golden/real/` mirrors `../shared/real` and
//! `golden/real-other/` mirrors `../shared/real-other`, each compared when present).
//! This is the same check `.ci/run` makes, as a test, so `cargo test` alone proves it.

mod support;

use std::path::Path;
use support::{TempDir, code, files_under, gongkai, stderr, stdout};

fn copy_tree(from: &Path, to: &Path, skip_top: &[&str]) {
    for rel in files_under(from) {
        if skip_top.iter().any(|s| rel.starts_with(&format!("{s}/"))) {
            continue;
        }
        let dst = to.join(&rel);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), dst).unwrap();
    }
}

#[test]
fn corpus_matches_golden() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let golden = root.join("golden");
    if files_under(&golden).iter().all(|f| !f.ends_with(".json")) {
        eprintln!("no golden files: nothing to compare");
        return;
    }
    let t = TempDir::new("corpus-golden");
    let out = t.join("out");
    let o = gongkai(
        root,
        &["extract", "corpus", "-o", out.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(code(&o), 0, "every corpus file extracts:\n{}", stderr(&o));

    // Golden files to compare: all, minus golden/real when the real PDFs are not here.
    let real = std::env::var_os("GONGKAI_REAL_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/real"));
    let g = t.join("golden");
    // golden/real-other mirrors ../shared/real-other the same way
    let real_other = std::env::var_os("GONGKAI_REAL_OTHER_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/real-other"));
    let mut skip: Vec<&str> = Vec::new();
    if real_other.is_dir() {
        let o = gongkai(
            root,
            &[
                "extract",
                real_other.to_str().unwrap(),
                "-o",
                out.join("real-other").to_str().unwrap(),
                "--quiet",
            ],
        );
        assert_eq!(
            code(&o),
            0,
            "every real-other PDF extracts:\n{}",
            stderr(&o)
        );
    } else {
        eprintln!(
            "{} is absent: golden/real-other is not compared",
            real_other.display()
        );
        skip.push("real-other");
    }
    if real.is_dir() {
        let o = gongkai(
            root,
            &[
                "extract",
                real.to_str().unwrap(),
                "-o",
                out.join("real").to_str().unwrap(),
                "--quiet",
            ],
        );
        assert_eq!(code(&o), 0, "every real PDF extracts:\n{}", stderr(&o));
        copy_tree(&golden, &g, &skip);
    } else {
        eprintln!("{} is absent: golden/real is not compared", real.display());
        skip.push("real");
        copy_tree(&golden, &g, &skip);
    }
    let o = gongkai(
        root,
        &[
            "compare",
            "--golden",
            g.to_str().unwrap(),
            "--actual",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "golden differs:\n{}{}", stdout(&o), stderr(&o));
}
