//! Issue 15, the narrative / document / pairing half: disclosures beyond
//! Shanghai (Jiangsu provincial departments, a Chongqing university).
//!
//! - the key narrative figures of the twelve files of `../shared/real-other`
//!   (`GONGKAI_REAL_OTHER_DIR` overrides) carry their key with the value
//!   printed at the document-level statement, and the document info is right
//!   (`tests/data/real-other-expected.tsv`, checked by hand against the
//!   rendered text); skipped with a message when the folder is absent;
//! - one regression test per class on text of the same form, which needs no
//!   outside file: provincial wording, lines printed as paragraphs, the 单位
//!   label glued to the department, a tables-only file, narrative and tables
//!   as two files of one disclosure (`summary.json` → `disclosures`).

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;
use support::*;

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn real_other_dir() -> PathBuf {
    support::real::real_other_dir()
}

/// file → [(field, value)]
fn expected() -> BTreeMap<String, Vec<(String, String)>> {
    let p = crate_root().join("tests/data/real-other-expected.tsv");
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let mut m: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 3, "bad line {line:?}");
        m.entry(f[0].to_string())
            .or_default()
            .push((f[1].to_string(), f[2].to_string()));
    }
    m
}

#[test]
fn real_other_key_figures_and_document_info() {
    let dir = real_other_dir();
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let exp = expected();
    assert_eq!(exp.len(), 12, "twelve files expected");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, fields) in &exp {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipped: {} is absent", path.display());
            continue;
        };
        let doc = gongkai::extract(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (field, value) in fields {
            checked += 1;
            let got = if let Some(f) = field.strip_prefix("document.") {
                let d = &doc.document;
                match f {
                    "title" => d.title.clone().unwrap_or_default(),
                    "department" => d.department.clone().unwrap_or_default(),
                    "year" => d.year.map(|y| y.to_string()).unwrap_or_default(),
                    "kind" => d.kind.to_string(),
                    "scope" => d.scope.to_string(),
                    _ => panic!("unknown field {field}"),
                }
            } else {
                let key = field.strip_prefix("key.").expect("key.<name>");
                doc.narrative
                    .figures
                    .iter()
                    .find(|f| f.key.as_deref() == Some(key))
                    .map(|f| format!("{} {}", f.value, f.unit))
                    .unwrap_or_else(|| "(not keyed)".into())
            };
            if &got != value {
                failures.push(format!("{name}: {field}: want {value:?}, got {got:?}"));
            }
        }
        // never the unit label glued to the body
        if let Some(d) = &doc.document.department {
            assert!(!d.contains("单位"), "{name}: department {d:?}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!("{checked} expectations checked");
}

// ------------------------------------------------------------ one per class

fn figures(paragraphs: &[&str]) -> Vec<(Option<String>, String)> {
    gongkai::recognize::narrative::extract(paragraphs)
        .figures
        .into_iter()
        .map(|f| (f.key, f.value))
        .collect()
}

fn key_of(figs: &[(Option<String>, String)], key: &str) -> Option<String> {
    figs.iter()
        .find(|(k, _)| k.as_deref() == Some(key))
        .map(|(_, v)| v.clone())
}

#[test]
fn provincial_narrative_wording_is_keyed() {
    let f = figures(&[
        "（一）收入预算总计17996.68万元。包括：",
        "1.财政拨款收入预算总计17981.68万元。",
        "此外，基本支出预算数为12323.46万元。",
        "单位预留机动经费预算数为140.2万元。",
        "1.因公出国（境）费预算支出110 万元，与上年预算持平。",
        "（1）公务用车购置预算支出 50 万元，（2）公务用车运行维护费预算支出 267.8万元。",
        "省检察院2017年度一般公共预算拨款安排的会议费预算支出168万元，本年数等于上年预算数。",
        "省检察院2017年度一般公共预算拨款安排的培训费预算支出700万元。",
        "江苏省政协办公厅2018年一般公共预算机关运行经费预算支出1,115.85万元。",
        "2017年我部门政府采购预算总金额为2889.8万元，其中拟购买货物334万元，拟购买工程0万元，拟购买服务2555.8万元。",
        "2018年本部门共 5个项目实行绩效目标管理，涉及财政性资金合计5,086万元。",
    ]);
    for (key, value) in [
        ("revenue_total", "17996.68"),
        ("fiscal_appropriation_total", "17981.68"),
        ("basic_expenditure", "12323.46"),
        ("reserve_expenditure", "140.2"),
        ("outbound_travel", "110"),
        ("vehicle_purchase", "50"),
        ("vehicle_operation", "267.8"),
        ("meeting_expenses", "168"),
        ("training_expenses", "700"),
        ("operating_expenses", "1115.85"),
        ("procurement_total", "2889.8"),
        ("procurement_goods", "334"),
        ("procurement_works", "0"),
        ("procurement_services", "2555.8"),
        ("performance_projects", "5"),
        ("performance_amount", "5086"),
    ] {
        assert_eq!(key_of(&f, key).as_deref(), Some(value), "{key}: {f:?}");
    }
}

#[test]
fn fiscal_appropriation_printed_as_shou_zhi_is_keyed() {
    let f = figures(&["省检察院2018年度财政拨款收、支总预算 21,940.96万元。"]);
    assert_eq!(
        key_of(&f, "fiscal_appropriation_total").as_deref(),
        Some("21940.96")
    );
}

#[test]
fn university_statements_are_keyed() {
    let f = figures(&[
        "我校2023年收入预算557,259.13万元，其中：财政拨款收入230,876.38万元，占41.43%。",
        "我校2023年支出预算557,259.13万元，其中：教育支出434,334.99万元。",
        "学校2024年度政府采购支出总额15,346.40万元，其中：政府采购货物支出5,510.39万元，政府采购工程支出9,069.87万元，政府采购服务支出766.15万元。授予中小企业合同金额12,127.08万元，占政府采购支出总额的79.02%，其中：授予小微企业合同金额7,295.12万元。",
    ]);
    for (key, value) in [
        ("revenue_total", "557259.13"),
        ("expenditure_total", "557259.13"),
        ("fiscal_appropriation_total", "230876.38"),
        ("procurement_total", "15346.40"),
        ("procurement_goods", "5510.39"),
        ("procurement_works", "9069.87"),
        ("procurement_services", "766.15"),
        ("sme_awarded", "12127.08"),
        ("small_micro_awarded", "7295.12"),
    ] {
        assert_eq!(key_of(&f, key).as_deref(), Some(value), "{key}: {f:?}");
    }
}

#[test]
fn a_sentence_cut_into_one_paragraph_per_line_is_read_whole() {
    let doc = gongkai::recognize::narrative::extract(&[
        "十一、一般公共预算机关运行经费支出预算情况说明",
        "2019年省检察院一般公共预算机关运行经费预算支出",
        "2391.92 万元，与上年相比减少 330.65 万元，减少 12.14 %。",
        "2018年度政府采购支出预算总额 3,096.24 万元。其",
        "中：拟采购货物支出 268 万元、拟购买服务支出",
        "2,828.24 万元。",
    ]);
    let f = &doc.figures;
    assert_eq!(f.len(), 4, "{f:#?}");
    assert_eq!(f[0].key.as_deref(), Some("operating_expenses"));
    let c = f[0].change.as_ref().expect("change");
    assert_eq!(
        (
            c.direction.as_str(),
            c.amount.as_deref(),
            c.percent.as_deref()
        ),
        ("decrease", Some("330.65"), Some("12.14"))
    );
    assert_eq!(f[3].key.as_deref(), Some("procurement_services"));
    assert_eq!(f[3].value, "2828.24");
}

/// A .docx whose body is `paragraphs`, then one small table.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>");
    let body: String = paragraphs
        .iter()
        .map(|t| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"))
        .collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl></w:body></w:document>"#,
        cell("项目"),
        cell("金额"),
        cell("合计"),
        cell("9,146.79"),
    );
    zip_of(&[
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/document.xml", &document),
    ])
}

#[test]
fn department_never_carries_the_unit_label() {
    // `部门名称：X 单位：万元` / `单位名称：X 单位：万元` above each table
    for (line, body) in [
        (
            "部门名称：江苏省高级人民法院 单位:万元",
            "江苏省高级人民法院",
        ),
        ("单位名称：西南大学 单位：万元", "西南大学"),
        ("部门：江苏省人民检察院 单位：万元", "江苏省人民检察院"),
    ] {
        let bytes = docx(&["目 录", "一、收支预算总表", line]);
        let doc = gongkai::extract(&bytes, "a.docx").expect("extract");
        assert_eq!(doc.document.department.as_deref(), Some(body), "{line}");
    }
}

#[test]
fn tables_only_file_has_its_department_and_no_table_title_as_title() {
    let bytes = docx(&["表一", "收支预算总表", "部门：江苏省政协办公厅 单位：万元"]);
    let doc = gongkai::extract(&bytes, "tables.docx").expect("extract");
    assert_eq!(doc.document.department.as_deref(), Some("江苏省政协办公厅"));
    assert_eq!(doc.document.title, None);
}

#[test]
fn narrative_and_tables_files_of_one_disclosure_are_linked() {
    let t = TempDir::new("pairing");
    t.write(
        "in/政协_2017_narrative.docx",
        &docx(&[
            "江苏省政协办公厅2017年度部门预算",
            "江苏省政协办公厅2017年度收入、支出预算总计9,146.79万元。",
        ]),
    );
    t.write(
        "in/政协_2017_tables.docx",
        &docx(&[
            "表一",
            "2017年度收支预算总表",
            "部门：江苏省政协办公厅 单位：万元",
        ]),
    );
    // same body, another year: its own disclosure, listed nowhere
    t.write(
        "in/政协_2018_narrative.docx",
        &docx(&["江苏省政协办公厅2018年度部门预算"]),
    );
    let o = gongkai(t.path(), &["extract", "in", "-o", "out", "-j", "2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("out/summary.json")).unwrap()).unwrap();
    let d = s["disclosures"].as_array().expect("disclosures");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0]["department"], "江苏省政协办公厅");
    assert_eq!(d[0]["year"], 2017);
    assert_eq!(d[0]["kind"], "budget");
    assert_eq!(
        d[0]["documents"],
        serde_json::json!(["政协_2017_narrative.docx", "政协_2017_tables.docx"])
    );
}

#[test]
fn real_other_pairs_are_linked() {
    let dir = real_other_dir();
    if !dir.is_dir() {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    }
    let t = TempDir::new("pairing-real");
    let o = gongkai(
        t.path(),
        &["extract", dir.to_str().unwrap(), "-o", "out", "--quiet"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(t.join("out/summary.json")).unwrap()).unwrap();
    let got: Vec<Vec<String>> = s["disclosures"]
        .as_array()
        .expect("disclosures")
        .iter()
        .map(|d| {
            d["documents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    // SOURCES.tsv: _19 (Excel tables) + _20 (Word narrative), _21 (Word) + _22 (Excel)
    assert_eq!(
        got,
        vec![
            vec![
                "江苏省_省级_江苏省政协办公厅_2017_19.pdf".to_string(),
                "江苏省_省级_江苏省政协办公厅_2017_20.pdf".to_string(),
            ],
            vec![
                "江苏省_省级_江苏省政协办公厅_2018_21.pdf".to_string(),
                "江苏省_省级_江苏省政协办公厅_2018_22.pdf".to_string(),
            ],
        ]
    );
}
