//! Word 97–2003 (.doc, WPS .wps): every document of `corpus/doc/` (saved by
//! LibreOffice from the .docx of the same document, `scripts/make-sheet-corpus`)
//! is read natively and gives exactly the .docx's facts and layout; bad
//! files fail with a clear reason. No LibreOffice is needed.

mod renditions;

use renditions::root;
use std::io::{Read, Write};
use std::path::Path;

fn seed_doc() -> Vec<u8> {
    std::fs::read(root().join("corpus/doc/seed/changji-finance-office-2022.doc")).unwrap()
}

#[test]
fn every_doc_gives_the_docx_facts_and_layout_natively() {
    // The seed .docx has tables with no paragraph between them (表4 to 表7);
    // LibreOffice writes them into the .doc as one table (the binary format
    // has no boundary between adjacent rows), so the .doc's layout has fewer,
    // larger grids; recognition splits them again (a grid holding a second
    // titled table), and the facts are the same.
    renditions::check_renditions(
        "doc",
        &["doc"],
        28,
        &["doc/seed/changji-finance-office-2022.doc"],
    );
    for (file, _) in renditions::renditions("doc", &["doc"]) {
        let d = gongkai::extract(&std::fs::read(&file).unwrap(), "a.doc").unwrap();
        assert_eq!(
            d.warnings.first().map(|w| w.code.as_str()),
            Some("doc_native"),
            "{}: the native path was taken",
            file.display()
        );
    }
}

#[test]
fn a_wps_in_the_word_97_format_reads_as_doc() {
    let bytes = seed_doc();
    let doc = gongkai::extract(&bytes, "a.doc").unwrap();
    let wps = gongkai::extract(&bytes, "a.wps").unwrap();
    assert_eq!(wps.source.format, "wps");
    let report = gongkai::compare::compare_pair("a", &doc, Some(&wps));
    assert!(report.differences.is_empty(), "{:?}", report.differences);
}

/// The seed .doc rebuilt with its WordDocument stream changed by `edit`.
fn with_word_stream(edit: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
    let bytes = seed_doc();
    let mut src = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = src
        .walk()
        .filter(|e| e.is_stream())
        .map(|e| e.path().to_string_lossy().into_owned())
        .collect();
    let mut out = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    for name in names {
        let mut data = Vec::new();
        src.open_stream(&name)
            .unwrap()
            .read_to_end(&mut data)
            .unwrap();
        if name == "/WordDocument" {
            edit(&mut data);
        }
        let parent = Path::new(&name).parent().unwrap();
        if parent != Path::new("/") {
            out.create_storage_all(parent).unwrap();
        }
        out.create_stream(&name).unwrap().write_all(&data).unwrap();
    }
    out.into_inner().into_inner()
}

#[test]
fn bad_docs_fail_with_a_reason() {
    let err = |bytes: &[u8]| {
        gongkai::extract(bytes, "x.doc")
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    // Documents that are really something else.
    assert!(err(b"{\\rtf1\\ansi hello}").contains("RTF document"));
    assert!(err(b"<html><body>budget</body></html>").contains("web page"));
    assert!(err(b"MIME-Version: 1.0\r\n").contains("web page"));
    let docx = std::fs::read(root().join("corpus/synthetic/fa_000.docx")).unwrap();
    assert!(err(&docx).contains("rename it to .docx"));
    let xls = std::fs::read(root().join("corpus/sheets/synthetic/fa_000.xls")).unwrap();
    assert!(err(&xls).contains("Excel workbook named as a Word document"));
    assert!(err(b"random bytes").contains("not a Word 97-2003 document"));
    // Truncated.
    let doc = seed_doc();
    let e = err(&doc[..doc.len() / 3]);
    assert!(e.contains("damaged or truncated"), "{e}");
    // Encrypted (fEncrypted in the FIB).
    let enc = with_word_stream(|w| w[0x0B] |= 0x01);
    assert!(err(&enc).contains("password-protected"), "{}", err(&enc));
    // Word 6/95 (nFib below Word 97's).
    let old = with_word_stream(|w| w[2..4].copy_from_slice(&0x0065u16.to_le_bytes()));
    assert!(err(&old).contains("Word 6/95"), "{}", err(&old));
    // A piece table pointing past the stream.
    let cut = with_word_stream(|w| w.truncate(2048));
    let e = err(&cut);
    assert!(e.contains("damaged or truncated"), "{e}");
    // The rebuilt file itself still reads (the edits, not the rebuild, fail).
    assert!(gongkai::extract(&with_word_stream(|_| {}), "x.doc").is_ok());
}
