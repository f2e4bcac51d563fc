//! Parity of the predefined-CMap PDFs of the seed (corpus/seed-cmap, written by
//! scripts/corpusgen's `seedpdf`: non-embedded `STSong-Light`, `/UniGB-UCS2-H` or
//! `/GBK-EUC-H`, no ToUnicode) with the Word rendition of the same transcription
//! (corpus/seed/changji-finance-office-2022.docx, taken as golden).
//!
//! Every fact must be equal: document, profile, all 11 tables, records, values, figures,
//! projects and consistency findings (regression: the second 项目支出绩效目标表, starting at
//! the top of page 15 with its own title row, was once merged into the first).

use gongkai::compare::compare_pair;
use gongkai::model::Document;
use std::path::PathBuf;

const PDFS: [&str; 2] = [
    "changji-finance-office-2022-ucs2.pdf",
    "changji-finance-office-2022-gbk.pdf",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn extract(rel: &str) -> Document {
    let path = root().join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // the same relative name for both, so only content is compared
    let name = if rel.ends_with(".pdf") {
        "x.pdf"
    } else {
        "x.docx"
    };
    gongkai::extract(&bytes, name).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn golden() -> Document {
    extract("corpus/seed/changji-finance-office-2022.docx")
}

#[test]
fn whole_document_matches_the_docx() {
    let g = golden();
    assert_eq!(g.tables.len(), 11, "docx: 表1–表9 and two 绩效目标表");
    for pdf in PDFS {
        let a = extract(&format!("corpus/seed-cmap/{pdf}"));
        let r = compare_pair(pdf, &g, Some(&a));
        let bad: Vec<String> = r
            .differences
            .iter()
            .map(|d| format!("{}: golden {:?}, actual {:?}", d.at, d.golden, d.actual))
            .collect();
        assert!(
            bad.is_empty(),
            "{pdf}: {} differences:\n{}",
            bad.len(),
            bad.join("\n")
        );
        assert!(r.minor.is_empty(), "{pdf}: scale differences {:?}", r.minor);
        assert_eq!(r.status, "match", "{pdf}");
        assert!(r.score.golden_facts > 1000, "{pdf}: {:?}", r.score);
    }
}

#[test]
fn both_cmaps_read_the_same() {
    let mut docs: Vec<serde_json::Value> = PDFS
        .iter()
        .map(|p| {
            let mut d = extract(&format!("corpus/seed-cmap/{p}"));
            d.source = gongkai::model::Source {
                pages: d.source.pages,
                producer: d.source.producer.clone(),
                ..Default::default()
            };
            serde_json::to_value(&d).expect("serializable")
        })
        .collect();
    let b = docs.pop().expect("two");
    let a = docs.pop().expect("two");
    assert!(
        a == b,
        "UniGB-UCS2-H and GBK-EUC-H renditions extract differently"
    );
    // and no glyph went unmapped
    let text = a.to_string();
    assert!(!text.contains('\u{FFFD}'), "U+FFFD in the output");
    assert!(!text.contains("unmapped_glyph"), "unmapped glyph warning");
}

/// The PDFs prove the predefined-CMap path: every font is a non-embedded Type0 font with a
/// predefined GB CMap and no ToUnicode, its descendant an Adobe-GB1 CIDFontType0.
#[test]
fn fonts_are_predefined_cmaps_without_tounicode_or_embedding() {
    use lopdf::{Document as Pdf, Object};
    for (pdf, cmap) in PDFS.iter().zip(["UniGB-UCS2-H", "GBK-EUC-H"]) {
        let path = root().join("corpus/seed-cmap").join(pdf);
        let doc = Pdf::load(&path).unwrap_or_else(|e| panic!("{pdf}: {e}"));
        let deref = |o: &Object| -> Object {
            match o {
                Object::Reference(id) => doc.get_object(*id).expect("object").clone(),
                other => other.clone(),
            }
        };
        let mut fonts = 0;
        for (_, obj) in doc.objects.iter() {
            let Ok(dict) = obj.as_dict() else { continue };
            if dict.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font".as_slice()) {
                continue;
            }
            if dict.get(b"Subtype").and_then(|t| t.as_name()).ok() != Some(b"Type0".as_slice()) {
                continue;
            }
            fonts += 1;
            assert!(!dict.has(b"ToUnicode"), "{pdf}: ToUnicode present");
            assert_eq!(
                dict.get(b"Encoding").and_then(|e| e.as_name()).ok(),
                Some(cmap.as_bytes()),
                "{pdf}: predefined CMap name"
            );
            let kids = deref(dict.get(b"DescendantFonts").expect("DescendantFonts"));
            let kids = kids.as_array().expect("array");
            assert_eq!(kids.len(), 1);
            let cid = deref(&kids[0]);
            let cid = cid.as_dict().expect("CIDFont dict");
            assert_eq!(
                cid.get(b"Subtype").and_then(|t| t.as_name()).ok(),
                Some(b"CIDFontType0".as_slice())
            );
            let info = deref(cid.get(b"CIDSystemInfo").expect("CIDSystemInfo"));
            let info = info.as_dict().expect("dict");
            assert_eq!(
                info.get(b"Ordering").and_then(|o| o.as_str()).ok(),
                Some(b"GB1".as_slice())
            );
            let fd = deref(cid.get(b"FontDescriptor").expect("FontDescriptor"));
            let fd = fd.as_dict().expect("dict");
            for k in [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"] {
                assert!(!fd.has(k), "{pdf}: embedded font program");
            }
        }
        // and every page uses only such fonts
        for (_, page) in doc.get_pages() {
            for (_, f) in doc.get_page_fonts(page).expect("page fonts") {
                assert_eq!(
                    f.get(b"Subtype").and_then(|t| t.as_name()).ok(),
                    Some(b"Type0".as_slice()),
                    "{pdf}: a page uses a non-Type0 font"
                );
            }
        }
        assert_eq!(fonts, 1, "{pdf}: one Type0 font");
    }
}
