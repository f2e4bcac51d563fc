//! Parity of the predefined-CMap PDFs of the seed (corpus/seed-cmap, written by
//! scripts/corpusgen's `seedpdf`: non-embedded `STSong-Light`, `/UniGB-UCS2-H` or
//! `/GBK-EUC-H`, no ToUnicode) with the Word rendition of the same transcription
//! (corpus/seed/changji-finance-office-2022.docx, taken as golden).
//!
//! Every difference still allowed is listed exactly (where, golden, actual) with its reason.
//! One reader bug (`KNOWN_READER_BUG`) makes the PDFs' table list differ from the docx
//! today: the second 项目支出绩效目标表, which starts at the top of page 15 with its own title
//! row, is merged into the first one (which ends page 14). Until it is fixed, the non-ignored
//! test compares the numbered tables 表1–表9, the document, profile, figures and projects
//! (exactly: no difference); `whole_document_parity` (ignored) is the full target.

use gongkai::compare::{DocReport, compare_pair};
use gongkai::model::Document;
use std::path::PathBuf;

const PDFS: [&str; 2] = [
    "changji-finance-office-2022-ucs2.pdf",
    "changji-finance-office-2022-gbk.pdf",
];

/// The reader bug behind the ignored test (for its message).
const KNOWN_READER_BUG: &str = "src/read/pdf/layout.rs continue_table: a table that starts at \
     the top of a page with its own title row (绩效目标表 2, page 15: \"项 目 支 出 绩 效 目 标 \
     表\", \"(2022年)\", then 预算单位…) is merged into the table ending the previous page when \
     the column boundaries agree; the two title rows are dropped as a \"repeated header\" and \
     the rest appended";

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

/// Differences of the two 项目支出绩效目标表 (whole-document comparison), as
/// (at, golden, actual): the docx cell text has an ASCII space between CJK characters
/// ("购置 碎纸机"); the PDF draws it as a space glyph (a half-em gap), but the content
/// interpreter drops whitespace glyphs and a mere gap between CJK glyphs is no evidence of a
/// space. The same six as tests/pdf_docx_parity.rs allows for the LibreOffice PDFs.
const ALLOWED_PERFORMANCE: &[(&str, &str, &str)] = &[
    (
        "t10 records[12] (基金公司与拟上市企业对接活动) indicator",
        "基金公司与拟上市企业对接 活动",
        "基金公司与拟上市企业对接活动",
    ),
    (
        "t11 records[11] (购置联信云非法集资监测预警系统) indicator",
        "购置 联信云非法集资监测预警系统",
        "购置联信云非法集资监测预警系统",
    ),
    (
        "t11 records[12] (购置行政执法记录仪) indicator",
        "购置 行政执法记录仪",
        "购置行政执法记录仪",
    ),
    (
        "t11 records[13] (购置电子政务专线) indicator",
        "购置 电子政务专线",
        "购置电子政务专线",
    ),
    (
        "t11 records[14] (打造“无非法集资示范社区（村）”) indicator",
        "打造 “无非法集资示范社区（村）”",
        "打造“无非法集资示范社区（村）”",
    ),
    (
        "t11 records[15] (购置碎纸机) indicator",
        "购置 碎纸机",
        "购置碎纸机",
    ),
];

/// Keeps the numbered tables (表1–表9), in document order, with ids t1… renumbered (the
/// comparison pairs tables by id).
fn numbered_only(mut d: Document) -> Document {
    d.tables.retain(|t| t.number.is_some());
    for (i, t) in d.tables.iter_mut().enumerate() {
        t.id = format!("t{}", i + 1);
    }
    d
}

fn unexpected(report: &DocReport, allowed: &[&[(&str, &str, &str)]]) -> Vec<String> {
    report
        .differences
        .iter()
        .filter(|d| {
            !allowed.iter().any(|list| {
                list.iter()
                    .any(|(at, g, a)| d.at == *at && d.golden == *g && d.actual == *a)
            })
        })
        .map(|d| format!("{}: golden {:?}, actual {:?}", d.at, d.golden, d.actual))
        .collect()
}

fn missing_allowed<'a>(
    report: &DocReport,
    allowed: &[&'a [(&'a str, &'a str, &'a str)]],
) -> Vec<&'a str> {
    allowed
        .iter()
        .flat_map(|l| l.iter())
        .filter(|(at, g, a)| {
            !report
                .differences
                .iter()
                .any(|d| d.at == *at && d.golden == *g && d.actual == *a)
        })
        .map(|(at, ..)| *at)
        .collect()
}

#[test]
fn numbered_tables_figures_and_projects_match_the_docx() {
    let g = numbered_only(golden());
    assert_eq!(g.tables.len(), 9, "docx: 表1–表9");
    for pdf in PDFS {
        let a = extract(&format!("corpus/seed-cmap/{pdf}"));
        assert_eq!(a.narrative.projects.len(), 2, "{pdf}: projects");
        let a = numbered_only(a);
        let numbers = |d: &Document| -> Vec<Option<String>> {
            d.tables.iter().map(|t| t.number.clone()).collect()
        };
        assert_eq!(numbers(&a), numbers(&g), "{pdf}: table numbers in order");
        let r = compare_pair(pdf, &g, Some(&a));
        let bad = unexpected(&r, &[]);
        assert!(
            bad.is_empty(),
            "{pdf}: {} differences:\n{}",
            bad.len(),
            bad.join("\n")
        );
        assert_eq!(r.status, "match", "{pdf}");
        assert!(r.score.golden_facts > 800, "{pdf}: {:?}", r.score);
        eprintln!("{pdf}: numbered tables + narrative: {:?}", r.score);
    }
}

#[test]
#[ignore = "reader bug in src/read/pdf/layout.rs (KNOWN_READER_BUG); run with --ignored once fixed"]
fn whole_document_parity() {
    let g = golden();
    for pdf in PDFS {
        let a = extract(&format!("corpus/seed-cmap/{pdf}"));
        let r = compare_pair(pdf, &g, Some(&a));
        let allowed = [ALLOWED_PERFORMANCE];
        let bad = unexpected(&r, &allowed);
        assert!(
            bad.is_empty(),
            "{pdf}: {} unexpected differences ({KNOWN_READER_BUG}):\n{}",
            bad.len(),
            bad.join("\n")
        );
        let stale = missing_allowed(&r, &allowed);
        assert!(stale.is_empty(), "{pdf}: allowed but gone: {stale:?}");
    }
}

#[test]
fn both_cmaps_read_the_same() {
    let mut docs: Vec<serde_json::Value> = PDFS
        .iter()
        .map(|p| {
            let mut d = extract(&format!("corpus/seed-cmap/{p}"));
            d.source = gongkai::model::Source {
                path: String::new(),
                format: String::new(),
                sha256: String::new(),
                bytes: 0,
                pages: d.source.pages,
                producer: d.source.producer.clone(),
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
