//! A batch mixing bad files with a good one: every bad file fails alone with
//! a one-line reason naming it, nothing half-written is left, the good file is
//! still extracted, and the exit code is 3. The files are generated here.

mod support;

use serde_json::Value;
use support::*;

/// (file, acceptable reasons: the error must contain one of them).
/// Reasons for the docx/pdf readers are only checked once those readers exist.
fn bad_files(t: &TempDir) -> Vec<(&'static str, &'static [&'static str])> {
    let docx = minimal_docx();
    let pdf = minimal_pdf();
    let mut ole2 = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole2.extend(noise(2000, 3));
    t.write("batch/empty.docx", b"");
    t.write("batch/random.docx", &noise(3000, 1));
    t.write(
        "batch/no-document-xml.docx",
        &zip_of(&[("hello.txt", "not word")]),
    );
    t.write("batch/truncated.docx", &docx[..docx.len() / 2]);
    t.write("batch/legacy.docx", &ole2);
    t.write("batch/empty.pdf", b"");
    t.write("batch/garbage.pdf", &noise(3000, 2));
    t.write("batch/truncated.pdf", &pdf[..pdf.len() / 2]);
    t.write("notes.txt", "收入预算".as_bytes());
    vec![
        ("empty.docx", &["empty file (0 bytes)"]),
        (
            "random.docx",
            &["not a zip archive", "damaged or truncated"],
        ),
        ("no-document-xml.docx", &["no word/document.xml"]),
        (
            "truncated.docx",
            &["damaged or truncated", "not a zip archive"],
        ),
        ("legacy.docx", &["legacy binary Word document"]),
        ("empty.pdf", &["empty file (0 bytes)"]),
        ("garbage.pdf", &["unreadable PDF", "damaged or truncated"]),
        ("truncated.pdf", &["unreadable PDF", "damaged or truncated"]),
        ("notes.txt", &["unsupported format '.txt'"]),
    ]
}

#[test]
fn bad_files_fail_one_by_one_and_the_batch_completes() {
    let t = TempDir::new("bad");
    let expected = bad_files(&t);
    t.write("batch/good.docx", &minimal_docx());
    let o = gongkai(
        t.path(),
        &["extract", "batch", "notes.txt", "-o", "out", "-j", "2"],
    );
    let err = stderr(&o);
    assert_eq!(code(&o), 3, "{err}");
    assert!(err.contains("extracted 10 documents"), "{err}");

    let s: Value =
        serde_json::from_slice(&std::fs::read(t.join("out/summary.json")).unwrap()).unwrap();
    let files = s["files"].as_array().unwrap();
    assert_eq!(files.len(), 10);
    let entry = |path: &str| {
        files
            .iter()
            .find(|f| f["path"] == path)
            .unwrap_or_else(|| panic!("{path} in summary"))
    };
    for (name, reasons) in &expected {
        let f = entry(name);
        assert_eq!(f["status"], "failed", "{name}");
        let error = f["error"].as_str().unwrap();
        if !unimplemented(error) {
            assert!(
                reasons.iter().any(|r| error.contains(r)),
                "{name}: error {error:?} should say one of {reasons:?}"
            );
        }
        // One stderr line naming the file with the same reason.
        let shown = if *name == "notes.txt" {
            name.to_string()
        } else {
            format!("batch/{name}")
        };
        let line = format!("gongkai: error: {shown}: {error}");
        assert_eq!(
            err.lines().filter(|l| *l == line).count(),
            1,
            "{line:?} once in:\n{err}"
        );
        assert!(
            !t.join(&format!("out/{name}.json")).exists(),
            "no output for {name}"
        );
    }
    // Nothing half-written.
    let outputs = files_under(&t.join("out"));
    assert!(outputs.iter().all(|f| !f.contains(".tmp")), "{outputs:?}");

    // The good file: extracted once the docx reader exists.
    let good = entry("good.docx");
    match good["error"].as_str() {
        Some(e) if unimplemented(e) => {
            eprintln!(
                "note: docx reader not implemented on this branch; good.docx not checked ({e})"
            )
        }
        Some(e) => panic!("good.docx failed: {e}"),
        None => {
            assert_eq!(good["status"], "ok");
            let doc: Value =
                serde_json::from_slice(&std::fs::read(t.join("out/good.docx.json")).unwrap())
                    .unwrap();
            assert_eq!(doc["schema"], "gongkai.document/1");
            assert_eq!(doc["source"]["path"], "good.docx");
            assert_eq!(doc["source"]["format"], "docx");
            assert_eq!(outputs, ["good.docx.json", "summary.json"]);
        }
    }
}

#[test]
fn the_generated_good_files_are_well_formed() {
    // Guards the fixtures themselves: the docx is a zip with word/document.xml,
    // the pdf has a correct xref offset.
    let docx = minimal_docx();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    assert!(z.by_name("word/document.xml").is_ok());
    let pdf = String::from_utf8(minimal_pdf()).unwrap();
    let startxref: usize = pdf
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pdf[startxref..].starts_with("xref\n0 6\n"));
    for (i, line) in pdf[startxref..].lines().skip(3).take(5).enumerate() {
        let off: usize = line[..10].parse().unwrap();
        assert!(
            pdf[off..].starts_with(&format!("{} 0 obj", i + 1)),
            "object {}",
            i + 1
        );
    }
}
