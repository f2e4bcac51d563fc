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

/// A 决算 “三公” table with its 预算数 columns keyed: the text's 年初预算 is compared with
/// the 预算数 合计, and a table printed empty states nothing (the faulty 财政局 file).
#[test]
fn final_three_public_budget_columns_are_compared() {
    let keys = [
        "budget_total",
        "total",
        "budget_outbound",
        "outbound",
        "budget_vehicle_total",
        "vehicle_total",
        "budget_vehicle_purchase",
        "vehicle_purchase",
        "budget_vehicle_operation",
        "vehicle_operation",
        "budget_reception",
        "reception",
    ];
    let mut t = table(7, "three_public", &keys);
    let row = ["0.95", "", "", "", "", "", "", "", "", "", "0.95", ""];
    rec(&mut t, None, None, "", &row);
    let mut d = with_year(doc(vec![t.clone()]), 2024, "final_account");
    let said = |v: &str| figure(None, "“三公”经费财政拨款支出年初预算", v, "万元");
    d.narrative.figures = vec![said("0.95")];
    assert!(check(&d).is_empty(), "{:?}", check(&d));
    d.narrative.figures = vec![said("1.95")];
    let c = check(&d);
    assert_eq!(rules(&c), [("narrative.figure_vs_table", Severity::Error)]);
    assert_eq!(c[0].expected.as_deref(), Some("0.95"));
    // The 预算数 parts must add up to the 预算数 合计 like the 决算数 ones.
    let mut bad = t.clone();
    bad.records[0].values.0[10].1 = Some("0.90".into());
    let d2 = with_year(doc(vec![bad]), 2024, "final_account");
    assert_eq!(rules(&check(&d2)), [("table.row_sum", Severity::Error)]);
    // The faulty file: the table lost its row.
    let mut empty = t;
    empty.records.clear();
    empty.empty = true;
    let mut d3 = with_year(doc(vec![empty]), 2024, "final_account");
    d3.narrative.figures = vec![said("0.95")];
    let c = check(&d3);
    assert_eq!(rules(&c), [("narrative.figure_vs_table", Severity::Error)]);
    assert!(c[0].message.contains("prints no row"), "{}", c[0].message);
    d3.narrative.figures = vec![said("0")];
    assert!(check(&d3).is_empty());
}

/// `narrative.change_vs_last_year`: the statements of last year's figure (万里街道 and 江苏
/// 政协 wording); right ones are silent, a wrong percent, amount or direction is found.
#[test]
fn change_vs_last_year_statements() {
    let d = with_year(doc(vec![]), 2024, "budget");
    let run = |p: &str| text::check(&d, &[p]);
    // Right (万里街道 items 1 and 3), a zero base (left to narrative.zero_base), 持平: silent.
    for p in [
        "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%。",
        "2023年当年预算执行数为60.79万元，2024年预算安排88.87万元，比2023年预算执行数增加46.19%。",
        "2023年当年预算执行数为0.00万元，2024年预算安排25.00万元，比2023年预算执行数增加100.00%。",
        "2023年当年预算执行数为10.00万元，2024年预算安排10.00万元，比2023年预算执行数持平。",
        "与2023年度相比（2023年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%。",
    ] {
        assert!(run(p).is_empty(), "{p}: {:?}", run(p));
    }
    // 万里街道 item 31: 348.52 → 352.67 is +1.19%, the text says 0.53% (it fits 350.35).
    let c = run(
        "2023年当年预算执行数为348.52万元，2024年预算安排352.67万元，比2023年预算执行数增加0.53%。",
    );
    assert_eq!(
        rules(&c),
        [("narrative.change_vs_last_year", Severity::Error)]
    );
    assert_eq!(
        (c[0].expected.as_deref(), c[0].actual.as_deref()),
        (Some("1.19"), Some("0.53"))
    );
    // One unit of the last digit off: a notice (5.77% printed 5.78%).
    let c = run(
        "与2023年度相比（2023年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.78%。",
    );
    assert_eq!(
        rules(&c),
        [("narrative.change_vs_last_year", Severity::Notice)]
    );
    // The wrong direction, and a change amount that is not this − last.
    let c = run("2023年预算数为60.79万元，2024年预算安排58.87万元，比2023年预算增加3.26%。");
    assert_eq!(
        rules(&c),
        [("narrative.change_vs_last_year", Severity::Error)]
    );
    assert_eq!(c[0].expected.as_deref(), Some("减少"));
    let c = run(
        "2023年预算数为100.00万元，2024年预算安排110.00万元，比2023年预算增加12.00万元，增长12.00%。",
    );
    // (12.00 of 100.00 is the 12.00% stated: only the amount is wrong.)
    assert_eq!(
        rules(&c),
        [("narrative.change_vs_last_year", Severity::Error)]
    );
    assert_eq!(c[0].expected.as_deref(), Some("10"));
    // Another year than the previous one is `narrative.comparison_year`'s, not this rule's.
    let c = run(
        "2022年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2022年预算执行数减少50%。",
    );
    assert!(c.iter().all(|c| c.rule != "narrative.change_vs_last_year"));
}

/// The one finding of `c`, an error of `narrative.last_year_conflict`: (expected, actual).
fn one_conflict(c: &[Check]) -> (Option<String>, Option<String>) {
    assert_eq!(
        rules(c),
        [("narrative.last_year_conflict", Severity::Error)]
    );
    (c[0].expected.clone(), c[0].actual.clone())
}

/// `narrative.last_year_conflict`: the same figure compared with the same base implying two
/// last-year figures, or a change contradicting a stated last-year figure.
#[test]
fn last_year_conflicts() {
    let mut d = with_year(doc(vec![]), 2024, "budget");
    let said = |label: &str, amount: &str, sentence: &str| {
        let mut f = change(
            figure(Some("expenditure_total"), label, "255.68", "万元"),
            "decrease",
            amount,
            "",
        );
        if let Some(c) = f.change.as_mut() {
            c.percent = None;
        }
        f.sentence = sentence.into();
        f
    };
    d.narrative.figures = vec![
        said(
            "支出预算",
            "39.63",
            "支出预算255.68万元，比上年预算减少39.63万元",
        ),
        said(
            "支出总计",
            "39.63",
            "支出总计255.68万元，比上年预算减少39.63万元",
        ),
    ];
    assert!(text::check(&d, &[]).is_empty());
    // 295.31 vs 285.31: one 上年 quantity, two values.
    d.narrative.figures[1] = said(
        "支出总计",
        "29.63",
        "支出总计255.68万元，比上年预算减少29.63万元",
    );
    assert_eq!(
        one_conflict(&text::check(&d, &[])),
        (Some("295.31".into()), Some("285.31".into()))
    );
    // Another base (上年执行数 vs 上年预算) is another quantity.
    d.narrative.figures[1] = said(
        "支出总计",
        "29.63",
        "支出总计255.68万元，比上年执行数减少29.63万元",
    );
    assert!(text::check(&d, &[]).is_empty());
    // A statement of last year's figure against a figure's change.
    d.narrative.figures.truncate(1);
    let c = text::check(
        &d,
        &["2023年预算数为285.31万元，2024年预算安排255.68万元，比2023年预算减少10.39%。"],
    );
    assert_eq!(
        rules(&c),
        [("narrative.last_year_conflict", Severity::Error)]
    );
    assert_eq!(c[0].expected.as_deref(), Some("285.31"));
}

/// The recognizer keys only the first statement of a quantity: a restatement is unkeyed, and
/// its label's key makes it the same quantity (江苏省人民检察院 2018: 一般公共预算收入预算
/// 21,940.96 “增加3,959.28”, 一般公共预算财政拨款支出预算 21,940.96 “增加3,958.98”).
#[test]
fn last_year_conflict_of_an_unkeyed_restatement() {
    let mut d = with_year(doc(vec![]), 2018, "budget");
    let said = |key: Option<&str>, label: &str, amount: &str| {
        let mut f = change(
            figure(key, label, "21940.96", "万元"),
            "increase",
            amount,
            "22",
        );
        f.sentence = format!("{label}21,940.96万元，与上年相比增加{amount}万元，增长22%");
        f
    };
    d.narrative.figures = vec![
        said(
            Some("general_budget_total"),
            "一般公共预算收入预算",
            "3959.28",
        ),
        said(None, "一般公共预算财政拨款支出预算", "3958.98"),
    ];
    assert_eq!(
        one_conflict(&text::check(&d, &[])),
        (Some("17981.68".into()), Some("17981.98".into()))
    );
    // A label of no key is no restatement.
    d.narrative.figures[1] = said(None, "某某经费", "3958.98");
    assert!(text::check(&d, &[]).is_empty());
    // Against a stated last-year figure, the restatement of the same change is one conflict.
    d.narrative.figures[1] = said(None, "一般公共预算财政拨款支出预算", "3959.28");
    let c = text::check(
        &d,
        &[
            "2017年一般公共预算支出为17981.00万元，2018年一般公共预算支出21940.96万元，比2017年增长22.02%。",
        ],
    );
    assert_eq!(
        rules(&c),
        [("narrative.last_year_conflict", Severity::Error)]
    );
    assert_eq!(c[0].expected.as_deref(), Some("17981.00"));
}

/// `text.final_wording`: a 决算 calling its 决算数 预算 (in the text or a table head).
#[test]
fn final_wording_in_text_and_tables() {
    let mut t = table(3, "expenditure", &["total", "basic", "project"]);
    rec(
        &mut t,
        None,
        None,
        "合计",
        &["2940.05", "2336.91", "603.14"],
    );
    let mut d = with_year(doc(vec![t.clone()]), 2024, "final_account");
    d.narrative.figures = vec![figure(
        Some("expenditure_total"),
        "支出预算",
        "2940.05",
        "万元",
    )];
    let c = check(&d);
    assert_eq!(rules(&c), [("text.final_wording", Severity::Warning)]);
    // 决算 wording, a fund name, or another amount (a real 预算 figure): silent.
    for label in ["支出决算", "一般公共预算财政拨款支出"] {
        d.narrative.figures[0].label = Some(label.into());
        assert!(check(&d).is_empty(), "{label}");
    }
    d.narrative.figures[0].label = Some("支出预算".into());
    d.narrative.figures[0].value = "2993.92".into();
    assert!(check(&d).is_empty());
    // The same figure in a budget is right.
    let mut b = with_year(doc(vec![t.clone()]), 2024, "budget");
    b.narrative.figures = vec![figure(
        Some("expenditure_total"),
        "支出预算",
        "2940.05",
        "万元",
    )];
    assert!(check(&b).is_empty());
    // A 决算 table headed 预算数 with no 决算 column.
    let mut s = table(1, "revenue_expenditure_summary", &["amount@revenue"]);
    s.columns[0].header = vec!["收入".into(), "预算数".into()];
    let d = with_year(doc(vec![s.clone()]), 2024, "final_account");
    assert_eq!(
        rules(&check(&d)),
        [("text.final_wording", Severity::Warning)]
    );
    s.columns[0].header = vec!["收入".into(), "决算数".into()];
    let d = with_year(doc(vec![s]), 2024, "final_account");
    assert!(check(&d).is_empty());
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
