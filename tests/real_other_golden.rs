//! Golden files for the real disclosures from outside Shanghai
//! (`golden/real-other/<file name>.pdf.json`): Jiangsu provincial departments
//! 2017–2019 (WPS, Word 2007/2010, Excel 2010; narrative and tables sometimes
//! two files) and a Chongqing university under the Ministry of Education
//! 2023–2024 (Word 2016, WPS).
//!
//! The PDFs live outside the repository, in `../shared/real-other` relative to
//! the crate root (`GONGKAI_REAL_OTHER_DIR` overrides); a golden file whose PDF
//! is absent is skipped with a message. Each PDF is extracted under its bare
//! file name (as `gongkai extract ../shared/real-other -o OUT/real-other` names
//! it) and compared with its golden file: no difference allowed.
//!
//! How the golden files were reviewed (page by page against `pdftotext -layout`
//! of the same page): see `golden/real-other/REVIEW.md`. A second test re-checks
//! on the golden files the accounting identities used in that review (类 = Σ款,
//! 款 = Σ项, first 合计 = Σ类, row totals), so a broken table cannot be blessed
//! silently.

use gongkai::model::{Record, TableOut};
use rust_decimal::Decimal;
use std::path::PathBuf;

mod support;
use support::golden::{self, dec, has, load, value};

fn goldens() -> Vec<(String, PathBuf)> {
    golden::goldens("real-other")
}

#[test]
fn real_other_pdfs_match_their_golden_files() {
    let gs = goldens();
    assert_eq!(gs.len(), 12, "expected the 12 golden files of real-other");
    golden::assert_pdfs_match(&support::real::real_other_dir(), &gs);
}

/// Identity violations of one table: `"<table> <what>: printed X, sum Y"`.
fn violations(t: &TableOut) -> Vec<String> {
    let mut out = Vec::new();
    const ROW: &[(&str, &[&str])] = &[
        ("total", &["basic", "project", "reserve", "carryover_end"]),
        ("total", &["outbound", "reception", "vehicle_total"]),
        (
            "three_public_total",
            &["outbound", "reception", "vehicle_total"],
        ),
        ("total", &["three_public_total", "meeting", "training"]),
        ("vehicle_total", &["vehicle_purchase", "vehicle_operation"]),
    ];
    for r in &t.records {
        for (tot, parts) in ROW {
            let present: Vec<&str> = parts.iter().copied().filter(|p| has(r, p)).collect();
            if !has(r, tot) || present.len() < 2 || !has(r, parts[0]) {
                continue;
            }
            // 三公·会议费·培训费: the 合计 also holds 会议费 and 培训费
            if *tot == "total" && parts[0] == "outbound" && has(r, "three_public_total") {
                continue;
            }
            let sum: Decimal = present.iter().map(|p| dec(value(r, p))).sum();
            let printed = dec(value(r, tot));
            if sum != printed {
                out.push(format!(
                    "{} row {} {tot}: printed {printed}, sum {sum}",
                    t.id, r.row
                ));
            }
        }
    }
    let keys: Vec<String> = t.columns.iter().map(|c| c.key.clone()).collect();
    let coded: Vec<&Record> = t.records.iter().filter(|r| r.code.is_some()).collect();
    for key in &keys {
        out.extend(golden::children_sum_violations(&t.id, &coded, key));
        let top: Vec<_> = coded.iter().filter(|r| r.level == Some(1)).collect();
        if let Some(tr) = t.records.iter().find(|r| r.total)
            && !top.is_empty()
            && tr.code.is_none()
            && !t.kind.as_str().contains("basic")
        {
            let sum: Decimal = top.iter().map(|c| dec(value(c, key))).sum();
            let printed = dec(value(tr, key));
            if sum != printed {
                out.push(format!(
                    "{} total {key}: printed {printed}, sum {sum}",
                    t.id
                ));
            }
        }
    }
    out
}

/// Identity violations printed in the documents themselves (checked on the page).
const GENUINE: &[(&str, &str)] = &[
    // 西南大学2023 p8 收入预算表: 20502 普通教育 prints 520,603.91 but its 项
    // 9,645.51 + 27,109.72 + 483,848.18 = 520,603.41 (the other columns add up).
    (
        "重庆市_西南大学_(教育部直属高校)_2023_2.pdf",
        "t2 20502 total: printed 520603.91, sum 520603.41",
    ),
    // 西南大学2024 决算, 万元 rounding by one cent: p10 收入决算表 其他收入
    // 20502 44,991.16 vs 982.43 + 9,017.39 + 34,991.35; 合计 53,611.86 vs Σ类;
    // p12 支出决算表 2050205 401,718.61 vs 298,592.19 + 103,126.41 and 20502
    // 438,769.50 vs Σ项; p14 财政拨款支出决算表 其中：基本建设资金支出 205 and 合计.
    (
        "重庆市_西南大学_(教育部直属高校)_2024_5.pdf",
        "t2 20502 other: printed 44991.16, sum 44991.17",
    ),
    (
        "重庆市_西南大学_(教育部直属高校)_2024_5.pdf",
        "t2 total other: printed 53611.86, sum 53611.85",
    ),
    (
        "重庆市_西南大学_(教育部直属高校)_2024_5.pdf",
        "t3 row 5 total: printed 401718.61, sum 401718.60",
    ),
    (
        "重庆市_西南大学_(教育部直属高校)_2024_5.pdf",
        "t3 20502 total: printed 438769.50, sum 438769.51",
    ),
    (
        "重庆市_西南大学_(教育部直属高校)_2024_5.pdf",
        "t4 205 c7: printed 20201.05, sum 20201.06",
    ),
    (
        "重庆市_西南大学_(教育部直属高校)_2024_5.pdf",
        "t4 total c7: printed 20466.13, sum 20466.12",
    ),
];

#[test]
fn real_other_golden_tables_keep_the_accounting_identities() {
    let mut unexpected = Vec::new();
    let mut checked = 0;
    for (name, gpath) in goldens() {
        let doc = load(&gpath);
        for t in &doc.tables {
            checked += 1;
            for v in violations(t) {
                if !GENUINE.contains(&(name.as_str(), v.as_str())) {
                    unexpected.push(format!("{name}: {v}"));
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
