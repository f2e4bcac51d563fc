//! The repository's corpus, extracted by the binary, matches the reviewed golden files
//! (`golden/` mirrors `corpus/`; `golden/real/` mirrors `../shared/real` and
//! `golden/real-other/` mirrors `../shared/real-other`, each compared when present).
//! This is the same check `.ci/run` makes, as a test, so `cargo test` alone proves it.

mod support;

use std::path::Path;
use support::{TempDir, code, files_under, gongkai, stderr, stdout};

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

    // golden/real mirrors the real PDFs outside the repository: with them here,
    // every golden document must be compared (--require-all); without them,
    // compare's own scoping leaves golden/real out, and nothing else may be.
    let real = support::real::real_dir();
    // golden/real-other mirrors ../shared/real-other the same way.
    let real_other = support::real::real_other_dir();
    let report = t.join("report.json");
    let mut args = vec![
        "compare",
        "--golden",
        golden.to_str().unwrap(),
        "--actual",
        out.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ];
    for (dir, sub) in [(&real, "real"), (&real_other, "real-other")] {
        if dir.is_dir() {
            let o = gongkai(
                root,
                &[
                    "extract",
                    dir.to_str().unwrap(),
                    "-o",
                    out.join(sub).to_str().unwrap(),
                    "--quiet",
                ],
            );
            assert_eq!(
                code(&o),
                0,
                "every PDF of {} extracts:\n{}",
                dir.display(),
                stderr(&o)
            );
        } else {
            eprintln!("{} is absent: golden/{sub} is not compared", dir.display());
        }
    }
    if real.is_dir() && real_other.is_dir() {
        args.push("--require-all");
    }
    let o = gongkai(root, &args);
    assert_eq!(code(&o), 0, "golden differs:\n{}{}", stdout(&o), stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&std::fs::read(&report).unwrap()).unwrap();
    for rel in r["not_compared"].as_array().unwrap() {
        let rel = rel.as_str().unwrap();
        assert!(
            (rel.starts_with("real/") && !real.is_dir())
                || (rel.starts_with("real-other/") && !real_other.is_dir()),
            "{rel}: a golden document without output"
        );
    }
}
