//! Regression tests in one place: one case per bug, named after what broke.
//!
//! Integration-level cases live here. Unit-level ones stay next to their code;
//! the index:
//! - `src/read/pdf/load.rs` `lopdf_errors_are_classified_by_variant`: lopdf
//!   errors were classified by words of their message (an `InvalidStream`
//!   payload naming `Encrypt` read as an encrypted file).
//! - `src/model.rs` `enum_tests::enums_serialize_to_their_strings` and
//!   `src/recognize/catalog.rs` `kind_tests::*`: kinds were strings, so a
//!   misspelt kind in a check table silently switched the check off.
//! - `tests/cmap_pdf_parity.rs`: the second 项目支出绩效目标表 (top of page 15,
//!   own title row) was merged into the first.
//! - `tests/templates_tables.rs`, `tests/real_other_text.rs`: one case per
//!   failure class on the disclosures from outside Shanghai (issue 15).

mod support;

use gongkai::model::Document;
use serde_json::Value;
use support::*;

#[test]
fn compare_piped_into_head_panicked_with_exit_101() {
    // `gongkai compare | head`, `show | head`: the reader goes away; no panic, exit 0.
    let t = TempDir::new("pipe");
    let mut a = document_json("x.docx");
    a["tables"][0]["unit"] = Value::from("元");
    for i in 0..50 {
        let g = document_json(&format!("d{i}.docx"));
        t.write(&format!("golden/d{i}.docx.json"), g.to_string().as_bytes());
        t.write(&format!("out/d{i}.docx.json"), a.to_string().as_bytes());
    }
    for args in [
        vec!["compare", "--golden", "golden", "--actual", "out"],
        vec!["show", "out/d0.docx.json"],
    ] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"))
            .current_dir(t.path())
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // close the read end before anything is written
        let o = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: quiet, got {err}");
    }
}

/// Kinds were strings: a document with a misspelt table kind (or severity)
/// was read without complaint, and every check keyed on the kind skipped it.
#[test]
fn misspelt_table_kind_was_read_silently() {
    let mut d = document_json("x.docx");
    let ok: Document = serde_json::from_value(d.clone()).expect("the sample document reads");
    assert_eq!(
        ok.tables[0].kind.as_str(),
        d["tables"][0]["kind"].as_str().unwrap()
    );
    d["tables"][0]["kind"] = Value::from("revenu");
    let e = serde_json::from_value::<Document>(d)
        .unwrap_err()
        .to_string();
    assert!(e.contains("revenu"), "{e}");
}

/// Six test files each looked the real-PDF folder up their own way (one at an
/// absolute /work/shared/real, ignoring GONGKAI_REAL_DIR).
#[test]
fn real_pdf_folder_lookup_ignored_gongkai_real_dir() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    match std::env::var_os("GONGKAI_REAL_DIR") {
        Some(d) => assert_eq!(real::real_dir(), std::path::PathBuf::from(d)),
        None => assert_eq!(real::real_dir(), root.join("../shared/real")),
    }
    for f in std::fs::read_dir(root.join("tests")).unwrap() {
        let p = f.unwrap().path();
        if p.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&p).unwrap();
            let abs = ["\"/work/", "shared/real\""].concat();
            assert!(
                !text.contains(&abs),
                "{}: absolute real-PDF path",
                p.display()
            );
        }
    }
}
