//! Unit tests of the audit rules beyond sums (`audit.rs`, `text.rs`), on hand-made documents.

use super::testutil::{change, doc, figure, rec, table};
use super::{check, text};
use crate::model::{Check, Document, Severity};

fn rules(checks: &[Check]) -> Vec<(&str, Severity)> {
    checks
        .iter()
        .map(|c| (c.rule.as_str(), c.severity))
        .collect()
}

fn with_year(mut d: Document, year: i32, kind: &str) -> Document {
    d.document.year = Some(year);
    d.document.kind = kind.into();
    d
}

#[test]
fn breakdown_error_notice_and_silence() {
    let mut d = doc(vec![]);
    let parts = |g: &str, w: &str, s: &str| {
        vec![
            figure(Some("procurement_goods"), "货物", g, "万元"),
            figure(Some("procurement_works"), "工程", w, "万元"),
            figure(Some("procurement_services"), "服务", s, "万元"),
        ]
    };
    // The seed: 24.14 + 0 + 35.37 = 59.51 vs 59.38: an error.
    d.narrative.figures = vec![figure(
        Some("procurement_total"),
        "政府采购预算",
        "59.38",
        "万元",
    )];
    d.narrative.figures.extend(parts("24.14", "0", "35.37"));
    let c = check(&d);
    assert_eq!(rules(&c), [("narrative.breakdown_sum", Severity::Error)]);
    assert_eq!(
        (c[0].expected.as_deref(), c[0].actual.as_deref()),
        (Some("59.38"), Some("59.51"))
    );
    // 0.01 off over three rounded parts: a notice.
    d.narrative.figures = vec![figure(
        Some("procurement_total"),
        "政府采购",
        "251.25",
        "万元",
    )];
    d.narrative.figures.extend(parts("4.79", "0", "246.47"));
    assert_eq!(
        rules(&check(&d)),
        [("narrative.breakdown_sum", Severity::Notice)]
    );
    // Exact: nothing; parts not right after the total: not this breakdown.
    d.narrative.figures = vec![figure(
        Some("procurement_total"),
        "政府采购",
        "251.26",
        "万元",
    )];
    d.narrative.figures.extend(parts("4.79", "0", "246.47"));
    assert!(check(&d).is_empty());
    d.narrative
        .figures
        .insert(1, figure(None, "其他", "1", "万元"));
    assert!(check(&d).is_empty());
}

#[test]
fn zero_base_growth_only_at_one_hundred_percent() {
    let mut d = doc(vec![]);
    d.narrative.figures = vec![
        change(
            figure(None, "住房公积金（项）预算数", "17.64", "万元"),
            "increase",
            "17.64",
            "100",
        ),
        // A change read as its own figure (value = amount) with another percent is not this.
        change(
            figure(None, "各增加", "1463.8", "万元"),
            "increase",
            "1463.8",
            "8.85",
        ),
    ];
    let c = check(&d);
    assert_eq!(rules(&c), [("narrative.zero_base", Severity::Warning)]);
    assert_eq!(c[0].at, [serde_json::json!({"figure": 0})]);
}

#[test]
fn year_rules_by_document_kind() {
    let d = with_year(doc(vec![]), 2024, "final_account");
    let paras = [
        "第三部分 上海市普陀区财政局2023年度部门决算情况说明",
        "截至2023年12月31日，共有车辆0辆。",
        "与2023年度相比，收入支出总计减少56.95万元。",
        "比2023年增加2.55万元。",
    ];
    let c = text::check(&d, &paras);
    let years: Vec<(&str, Option<&str>)> = c
        .iter()
        .map(|c| (c.rule.as_str(), c.actual.as_deref()))
        .collect();
    assert_eq!(
        years,
        [("text.year", Some("2023")), ("text.year", Some("2023"))]
    );
    // A 2026 budget comparing with 2026.
    let d = with_year(doc(vec![]), 2026, "budget");
    let c = text::check(
        &d,
        &[
            "支出预算比2026年预算增加10万元。",
            "比2025年预算减少5万元。",
        ],
    );
    assert_eq!(rules(&c), [("narrative.comparison_year", Severity::Error)]);
    assert_eq!(c[0].expected.as_deref(), Some("2025"));
}

#[test]
fn final_vs_budget_wording_and_doubled_symbols() {
    let d = with_year(doc(vec![]), 2024, "final_account");
    let c = text::check(
        &d,
        &[
            "年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数的主要原因：",
            "年初预算为80万元，支出决算为70万元。决算数小于预算数的主要原因：",
            "和国有资本经营预算财政拨款。。二、事业收入",
        ],
    );
    assert_eq!(
        rules(&c),
        [
            ("narrative.final_vs_budget", Severity::Error),
            ("text.doubled_symbol", Severity::Warning)
        ]
    );
    assert_eq!(
        (c[0].expected.as_deref(), c[0].actual.as_deref()),
        (Some("小于"), Some("大于"))
    );
}

#[test]
fn codes_cut_or_outside_their_parent() {
    let mut t = table(1, "expenditure", &["total"]);
    rec(&mut t, None, Some("201"), "一般公共服务支出", &["10"]);
    rec(&mut t, None, Some("20106"), "财政事务", &["10"]);
    rec(&mut t, None, Some("2010601"), "行政运行", &["6"]);
    rec(&mut t, None, Some("2010701"), "行政运行", &["4"]);
    rec(&mut t, None, Some("3012"), "津贴补贴", &[""]);
    rec(&mut t, None, None, "合计", &["10"]);
    let c = check(&doc(vec![t]));
    let got: Vec<(&str, Option<&str>)> = c
        .iter()
        .map(|c| (c.rule.as_str(), c.actual.as_deref()))
        .collect();
    assert!(got.contains(&("code.parent", Some("2010701"))), "{got:?}");
    assert!(got.contains(&("code.parent", Some("3012"))), "{got:?}");
}

#[test]
fn catalogue_names_by_year() {
    let mut t = table(1, "expenditure", &["total"]);
    rec(&mut t, None, Some("210"), "医疗卫生与计划生育支出", &["5"]);
    rec(&mut t, None, None, "合计", &["5"]);
    let d = with_year(doc(vec![t.clone()]), 2024, "budget");
    let c = check(&d);
    assert_eq!(rules(&c), [("name.catalogue", Severity::Warning)]);
    assert_eq!(c[0].expected.as_deref(), Some("卫生健康支出"));
    // The catalogue does not judge years it has no name for.
    assert!(check(&with_year(doc(vec![t]), 2016, "budget")).is_empty());
}

#[test]
fn final_account_summary_carry_overs() {
    let mut t = table(1, "revenue_expenditure_summary", &["amount@revenue"]);
    rec(&mut t, Some("revenue"), None, "本年收入合计", &["2946.25"]);
    rec(&mut t, Some("revenue"), None, "年初结转和结余", &["49.14"]);
    rec(&mut t, Some("revenue"), None, "总计", &["2995.39"]);
    t.records[0].total = true;
    t.records[2].total = true;
    let d = with_year(doc(vec![t.clone()]), 2024, "final_account");
    assert!(check(&d).iter().all(|c| c.rule != "table.carryover_total"));
    t.records[2].values.0[0].1 = Some("2995.93".into());
    let d = with_year(doc(vec![t]), 2024, "final_account");
    let c: Vec<_> = check(&d)
        .into_iter()
        .filter(|c| c.rule == "table.carryover_total")
        .collect();
    assert_eq!(c.len(), 1);
    assert_eq!(
        (c[0].expected.as_deref(), c[0].actual.as_deref()),
        (Some("2995.93"), Some("2995.39"))
    );
}

#[test]
fn revenue_items_missing_from_expenditure() {
    let mut rev = table(1, "revenue", &["total"]);
    rec(&mut rev, None, Some("2010601"), "行政运行", &["6"]);
    rec(&mut rev, None, Some("2010699"), "其他财政事务支出", &["4"]);
    let mut exp = table(2, "expenditure", &["total"]);
    rec(&mut exp, None, Some("2010601"), "行政运行", &["6"]);
    rec(&mut exp, None, Some("2010602"), "一般行政管理事务", &["0"]);
    let c: Vec<_> = check(&doc(vec![rev, exp]))
        .into_iter()
        .filter(|c| c.rule == "code.revenue_vs_expenditure")
        .collect();
    // 2010699 has an amount only in 收入; 2010602 prints 0, no amount.
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].expected.as_deref(), Some("2010699"));
}

/// A table's own title line ("表8" / "一般公共预算“三公”经费支出情况表") is no explanation: with the
/// 三公 section left out, the title printed as a paragraph hid the missing section.
#[test]
fn section_missing_is_not_hidden_by_a_table_title_line() {
    let mut t = table(8, "three_public", &["total"]);
    t.title = Some("一般公共预算“三公”经费支出情况表".into());
    let mut d = with_year(doc(vec![t]), 2024, "budget");
    d.narrative.figures = (0..20)
        .map(|i| figure(None, "支出", &format!("{i}.5"), "万元"))
        .collect();
    let mut paras = vec![
        "表8",
        "一般公共预算“三公”经费支出情况表",
        "机关运行经费财政拨款预算10万元。",
        "政府采购预算5万元。",
        "截至2023年底，国有资产占用车辆2辆。",
        "预算绩效管理的财政拨款项目3个。",
    ];
    let c = text::check(&d, &paras);
    assert_eq!(rules(&c), [("coverage.section_missing", Severity::Warning)]);
    assert_eq!(c[0].expected.as_deref(), Some("“三公”经费"));
    // The explanation itself is enough.
    paras.push("“三公”经费预算数为3万元。");
    assert!(text::check(&d, &paras).is_empty());
}
