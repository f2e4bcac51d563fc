//! Table recognition on real documents, end to end through the readers.
//!
//! - `corpus/seed/*.docx`: the seed document (2022 昌吉州金融工作办公室 budget):
//!   table kinds in order and key values.
//! - `../shared/real/*.pdf` (outside the repository; `GONGKAI_REAL_DIR` overrides):
//!   Shanghai budgets and final accounts: the sequence of recognized kinds.
//!
//! Both skip with a message when the files are absent or the reader for the
//! format is not available yet (it returns an error).

use gongkai::model::{Record, Side, TableOut};
use gongkai::read::{self, Format};
use gongkai::recognize::{document, tables};
use std::path::{Path, PathBuf};

mod support;

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext)))
        .collect();
    v.sort();
    v
}

fn val<'a>(r: &'a Record, k: &str) -> Option<&'a str> {
    r.values.get(k).and_then(|v| v.as_deref())
}

fn find<'a>(t: &'a TableOut, name: &str) -> &'a Record {
    t.records
        .iter()
        .find(|r| r.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("{}: no record named {name}", t.id))
}

/// Every amount is an exact decimal string; records point at data rows.
fn invariants(path: &Path, ts: &[TableOut]) {
    for t in ts {
        assert!(t.grid.header_rows <= t.grid.rows, "{path:?} {}", t.id);
        for r in &t.records {
            assert!(
                r.row >= t.grid.header_rows && r.row < t.grid.rows,
                "{path:?} {} row {}",
                t.id,
                r.row
            );
            if t.kind.as_str() == "performance_targets" {
                continue;
            }
            for (k, v) in &r.values.0 {
                if let Some(v) = v {
                    assert!(
                        v.parse::<rust_decimal::Decimal>().is_ok(),
                        "{path:?} {} {k}={v}",
                        t.id
                    );
                }
            }
        }
    }
}

/// The corpus' hand-checked facts about each seed table (`corpus/seed/truth.json`):
/// number, title, unit, department, empty, note, header rows.
fn compare_with_truth(path: &Path, truth: &Path, ts: &[TableOut]) {
    let Ok(text) = std::fs::read_to_string(truth) else {
        return;
    };
    let truth: serde_json::Value = serde_json::from_str(&text).expect("truth.json parses");
    let Some(want) = truth.get("tables").and_then(|t| t.as_array()) else {
        return;
    };
    assert_eq!(ts.len(), want.len(), "{path:?}: table count");
    for (t, w) in ts.iter().zip(want) {
        let s = |k: &str| w.get(k).and_then(|v| v.as_str()).map(str::to_string);
        assert_eq!(t.number, s("number"), "{path:?} {} number", t.id);
        assert_eq!(t.title, s("title"), "{path:?} {} title", t.id);
        assert_eq!(t.unit, s("unit"), "{path:?} {} unit", t.id);
        assert_eq!(
            t.department,
            s("department"),
            "{path:?} {} department",
            t.id
        );
        assert_eq!(t.note, s("note"), "{path:?} {} note", t.id);
        assert_eq!(
            Some(t.empty),
            w.get("empty").and_then(|v| v.as_bool()),
            "{path:?} {} empty",
            t.id
        );
        // header rows only where the rendition kept the original grid (some
        // renditions print the in-table title rows as paragraphs)
        let n = |k: &str| w.get(k).and_then(|v| v.as_u64()).map(|v| v as usize);
        if Some(t.grid.rows) == n("rows_count") {
            assert_eq!(
                Some(t.grid.header_rows),
                n("header_rows"),
                "{path:?} {} header_rows",
                t.id
            );
        }
    }
}

#[test]
fn seed_docx_tables() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seed");
    let docs = files(&dir, "docx");
    if docs.is_empty() {
        eprintln!("skip: no corpus/seed/*.docx");
        return;
    }
    for path in docs {
        let bytes = std::fs::read(&path).expect("read seed");
        let layout = match read::read(Format::Docx, &bytes, &gongkai::recognize::hints::BUDGET) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("skip {path:?}: docx reader not available ({e})");
                continue;
            }
        };
        let (ts, _warnings) = tables::recognize(&layout);
        invariants(&path, &ts);
        compare_with_truth(&path, &dir.join("truth.json"), &ts);
        if !ts
            .iter()
            .any(|t| t.department.as_deref() == Some("昌吉回族自治州金融工作办公室"))
        {
            continue; // not the seed document
        }
        let kinds: Vec<&str> = ts.iter().map(|t| t.kind.as_str()).collect();
        assert_eq!(
            kinds,
            [
                "revenue_expenditure_summary",
                "revenue",
                "expenditure",
                "fiscal_summary",
                "general_budget_expenditure",
                "general_budget_basic_expenditure",
                "general_budget_project_expenditure",
                "three_public",
                "gov_fund_expenditure",
                "performance_targets",
                "performance_targets",
            ],
            "{path:?}"
        );
        let numbers: Vec<Option<&str>> = ts.iter().take(9).map(|t| t.number.as_deref()).collect();
        let want: Vec<String> = (1..=9).map(|i| format!("表{i}")).collect();
        assert_eq!(
            numbers,
            want.iter().map(|s| Some(s.as_str())).collect::<Vec<_>>()
        );
        assert!(ts.iter().take(9).all(|t| t.unit.as_deref() == Some("万元")));

        let t1 = &ts[0];
        let rev = t1
            .records
            .iter()
            .find(|r| r.side.map(Side::as_str) == Some("revenue"))
            .expect("revenue record");
        assert_eq!(
            (rev.name.as_deref(), val(rev, "amount")),
            (Some("财政拨款（补助）"), Some("255.68"))
        );
        let exp = t1
            .records
            .iter()
            .find(|r| r.code.as_deref() == Some("201"))
            .expect("201");
        assert_eq!(
            (exp.side.map(Side::as_str), val(exp, "amount")),
            (Some("expenditure"), Some("202.74"))
        );

        let t2 = &ts[1];
        let r = t2
            .records
            .iter()
            .find(|r| r.code.as_deref() == Some("2010302"))
            .expect("2010302");
        assert_eq!(
            (r.level, r.name.as_deref(), val(r, "total")),
            (Some(3), Some("一般行政管理事务"), Some("50.00"))
        );
        let total = find(t2, "合计");
        assert!(total.total);
        assert_eq!(val(total, "general_budget"), Some("255.68"));

        // the seed's own inconsistency is kept: 合计 basic 205.68 (printed "\n205.68")
        let t3 = &ts[2];
        let total = find(t3, "合计");
        assert_eq!(
            (
                val(total, "total"),
                val(total, "basic"),
                val(total, "project")
            ),
            (Some("255.68"), Some("205.68"), Some("50"))
        );

        let t6 = &ts[5];
        let total = find(t6, "合计");
        assert_eq!(
            (val(total, "personnel"), val(total, "public")),
            (Some("187.53"), Some("18.15"))
        );
        let r = t6
            .records
            .iter()
            .find(|r| r.code.as_deref() == Some("30101"))
            .expect("30101");
        assert_eq!((r.level, val(r, "total")), (Some(2), Some("59.96")));

        let t7 = &ts[6];
        let projects: Vec<&str> = t7
            .records
            .iter()
            .filter_map(|r| r.project.clone().flatten())
            .map(|_| "p")
            .collect();
        assert_eq!(projects.len(), 2);
        assert!(t7.records.iter().any(|r| r.project
            == Some(Some("防范金融风险专项业务经费".into()))
            && val(r, "total") == Some("35")));

        let t8 = &ts[7];
        assert_eq!(
            t8.columns
                .iter()
                .map(|c| c.key.as_str())
                .collect::<Vec<_>>(),
            [
                "total",
                "outbound",
                "vehicle_total",
                "vehicle_purchase",
                "vehicle_operation",
                "reception"
            ]
        );
        assert_eq!(val(&t8.records[0], "vehicle_operation"), Some("2"));

        let t9 = &ts[8];
        assert!(t9.empty);
        assert_eq!(
            t9.note.as_deref(),
            Some("备注：我单位无政府性基金预算，此表为空表。")
        );

        let p1 = &ts[9];
        assert!(
            p1.records
                .iter()
                .all(|r| r.project == Some(Some("服务实体经济专项业务经费".into())))
        );
        assert!(
            p1.records
                .iter()
                .any(|r| r.name.as_deref() == Some("组织拟上市企业培训活动")
                    && val(r, "target") == Some(">=2次"))
        );

        let info = document::info(&layout, &ts);
        assert_eq!(
            info.department.as_deref(),
            Some("昌吉回族自治州金融工作办公室")
        );
        assert_eq!(
            (info.year, info.kind.as_str(), info.scope.as_str()),
            (Some(2022), "budget", "department")
        );
    }
}

#[test]
fn real_pdf_table_kinds() {
    let dir = support::real::real_dir();
    let docs = files(&dir, "pdf");
    if docs.is_empty() {
        eprintln!("skip: no ../shared/real/*.pdf");
        return;
    }
    let budget = [
        "revenue_expenditure_summary",
        "revenue",
        "expenditure",
        "fiscal_summary",
        "general_budget_expenditure",
        "gov_fund_expenditure",
        "state_capital_expenditure",
        "general_budget_basic_expenditure",
        "three_public",
    ];
    let final_account = [
        "revenue_expenditure_summary",
        "revenue",
        "expenditure",
        "fiscal_summary",
        "general_budget_expenditure",
        "general_budget_basic_expenditure",
        "three_public",
        "gov_fund_expenditure",
        "state_capital_expenditure",
    ];
    for path in docs {
        let bytes = std::fs::read(&path).expect("read pdf");
        let layout = match read::read(Format::Pdf, &bytes, &gongkai::recognize::hints::BUDGET) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("skip {path:?}: pdf reader not available or failed ({e})");
                continue;
            }
        };
        let (ts, _) = tables::recognize(&layout);
        invariants(&path, &ts);
        let info = document::info(&layout, &ts);
        let mut kinds: Vec<&str> = ts
            .iter()
            .map(|t| t.kind.as_str())
            .filter(|k| *k != "unknown")
            .collect();
        kinds.dedup();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("hzq") {
            assert_eq!(info.kind.as_str(), "unknown", "{name}");
            continue;
        }
        if name.contains("测试问题版本") {
            continue; // deliberately broken sample (支出决算表 missing)
        }
        let want: &[&str] = if name.contains("决算") {
            &final_account
        } else {
            &budget
        };
        assert_eq!(kinds, want, "{name}");
        assert_eq!(
            info.kind.as_str(),
            if name.contains("决算") {
                "final_account"
            } else {
                "budget"
            },
            "{name}"
        );
        assert_eq!(
            info.scope.as_str(),
            if name.contains("单位25") {
                "unit"
            } else {
                "department"
            },
            "{name}"
        );
    }
}
