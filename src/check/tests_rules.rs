//! One test group per rule: a consistent case (no finding) and an inconsistent
//! one (the exact finding), on hand-built documents.

use super::check;
use super::testutil::{change, doc, figure, project, rec, table};
use crate::model::{Check, Document, TableOut};
use serde_json::json;

fn only(checks: &[Check], rule: &str) -> Vec<Check> {
    checks.iter().filter(|c| c.rule == rule).cloned().collect()
}

/// The findings of `rule` on `d`, in brief.
fn briefs(d: &Document, rule: &str) -> Vec<(String, String, String, String, serde_json::Value)> {
    only(&check(d), rule).iter().map(brief).collect()
}

/// A `narrative.figure_vs_table` error in brief.
fn vs_table(
    expected: &str,
    actual: &str,
    at: serde_json::Value,
) -> (String, String, String, String, serde_json::Value) {
    (
        "narrative.figure_vs_table".into(),
        "error".into(),
        expected.into(),
        actual.into(),
        at,
    )
}

fn brief(c: &Check) -> (String, String, String, String, serde_json::Value) {
    (
        c.rule.clone(),
        c.severity.to_string(),
        c.expected.clone().unwrap_or_default(),
        c.actual.clone().unwrap_or_default(),
        serde_json::Value::Array(c.at.clone()),
    )
}

/// 表3 of the seed (部门支出总体情况表), as recognized.
fn seed_expenditure(pos: usize, kind: &str) -> TableOut {
    let mut t = table(pos, kind, &["total", "basic", "project"]);
    let rows: &[(&str, &str, [&str; 3])] = &[
        ("201", "一般公共服务支出", ["202.74", "152.74", "50.00"]),
        (
            "20103",
            "政府办公厅（室）及相关机构事务",
            ["202.74", "152.74", "50.00"],
        ),
        ("2010302", "一般行政管理事务", ["50.00", "", "50.00"]),
        ("2010350", "事业运行", ["152.74", "152.74", ""]),
        ("208", "社会保障和就业支出", ["19.77", "19.77", ""]),
        ("20805", "行政事业单位养老支出", ["19.77", "19.77", ""]),
        (
            "2080505",
            "机关事业单位基本养老保险缴费支出",
            ["19.77", "19.77", ""],
        ),
        ("210", "卫生健康支出", ["15.53", "15.53", ""]),
        ("21011", "行政事业单位医疗", ["15.53", "15.53", ""]),
        ("2101102", "事业单位医疗", ["11.74", "11.74", ""]),
        ("2101103", "公务员医疗补助", ["3.71", "3.71", ""]),
        ("2101199", "其他行政事业单位医疗支出", ["0.08", "0.08", ""]),
        ("221", "住房保障支出", ["17.64", "17.64", ""]),
        ("22102", "住房改革支出", ["17.64", "17.64", ""]),
        ("2210201", "住房公积金", ["17.64", "17.64", ""]),
    ];
    for (code, name, vals) in rows {
        rec(&mut t, None, Some(code), name, vals);
    }
    rec(&mut t, None, None, "合计", &["255.68", "205.68", "50"]);
    t
}

/// 表1 of the seed (部门收支总体情况表): two sides, fund sub-items under 财政拨款.
fn seed_summary(pos: usize) -> TableOut {
    let mut t = table(
        pos,
        "revenue_expenditure_summary",
        &["amount@revenue", "amount@expenditure"],
    );
    let rev = Some("revenue");
    for (name, v) in [
        ("财政拨款（补助）", "255.68"),
        ("一般公共预算", "255.68"),
        ("政府性基金预算", ""),
        ("国有资本经营预算", ""),
        ("财政专户（教育收费）", ""),
        ("事业收入", ""),
        ("事业单位经营收入", ""),
        ("单位其他资金收入", ""),
        ("收入总计", "255.68"),
    ] {
        rec(&mut t, rev, None, name, &[v]);
    }
    let exp = Some("expenditure");
    for (code, name, v) in [
        ("201", "一般公共服务支出", "202.74"),
        ("202", "外交支出", ""),
        ("208", "社会保障和就业支出", "19.77"),
        ("210", "卫生健康支出", "15.53"),
        ("221", "住房保障支出", "17.64"),
    ] {
        rec(&mut t, exp, Some(code), name, &[v]);
    }
    rec(&mut t, exp, None, "支出总计", &["255.68"]);
    t
}

/// 表4 of the seed (财政拨款收支预算总体情况表).
fn seed_fiscal(pos: usize) -> TableOut {
    let mut t = table(
        pos,
        "fiscal_summary",
        &[
            "total@revenue",
            "total@expenditure",
            "general_budget@expenditure",
            "gov_fund@expenditure",
            "state_capital@expenditure",
        ],
    );
    let rev = Some("revenue");
    for (name, v) in [
        ("财政拨款（补助）", "255.68"),
        ("一般公共预算", "255.68"),
        ("政府性基金预算", ""),
        ("国有资本经营预算", ""),
        ("收入总计", "255.68"),
    ] {
        rec(&mut t, rev, None, name, &[v]);
    }
    let exp = Some("expenditure");
    for (code, name, v) in [
        ("201", "一般公共服务支出", "202.74"),
        ("208", "社会保障和就业支出", "19.77"),
        ("210", "卫生健康支出", "15.53"),
        ("221", "住房保障支出", "17.64"),
        ("231", "债务还本支出", ""),
    ] {
        rec(&mut t, exp, Some(code), name, &[v, v, "", ""]);
    }
    rec(&mut t, exp, None, "支出总计", &["255.68", "255.68", "", ""]);
    t
}

/// 表6 of the seed (一般公共预算基本支出情况表), economic classes.
fn seed_basic(pos: usize) -> TableOut {
    let mut t = table(
        pos,
        "general_budget_basic_expenditure",
        &["total", "personnel", "public"],
    );
    let rows: &[(&str, &str, &str, &str)] = &[
        ("301", "工资福利支出", "187.53", "187.53"),
        ("30101", "基本工资", "59.96", "59.96"),
        ("30102", "津贴补贴", "13.42", "13.42"),
        ("30103", "奖金", "4.90", "4.90"),
        ("30107", "绩效工资", "46.60", "46.60"),
        ("30108", "机关事业单位基本养老保险缴费", "19.77", "19.77"),
        ("30110", "城镇职工基本医疗保险缴费", "11.74", "11.74"),
        ("30111", "公务员医疗补助缴费", "3.71", "3.71"),
        ("30112", "其他社会保障缴费", "0.61", "0.61"),
        ("30113", "住房公积金", "17.64", "17.64"),
        ("30199", "其他工资福利支出", "9.18", "9.18"),
    ];
    for (code, name, total, personnel) in rows {
        rec(&mut t, None, Some(code), name, &[total, personnel, "0.00"]);
    }
    let rows: &[(&str, &str, &str)] = &[
        ("302", "商品和服务支出", "18.15"),
        ("30201", "办公费", "7.98"),
        ("30207", "邮电费", "0.50"),
        ("30211", "差旅费", "1.00"),
        ("30213", "维修(护)费", "0.89"),
        ("30217", "公务接待费", "0.18"),
        ("30228", "工会经费", "2.33"),
        ("30229", "福利费", "2.09"),
        ("30231", "公务用车运行维护费", "2.00"),
        ("30299", "其他商品和服务支出", "1.18"),
    ];
    for (code, name, v) in rows {
        rec(&mut t, None, Some(code), name, &[v, "0.00", v]);
    }
    rec(&mut t, None, None, "合计", &["205.68", "187.53", "18.15"]);
    t
}

/// 表7 of the seed (一般公共预算项目支出情况表): two projects under one 项 code.
fn seed_projects(pos: usize) -> TableOut {
    let mut t = table(
        pos,
        "general_budget_project_expenditure",
        &["total", "wages", "goods_services", "household_subsidy"],
    );
    rec(
        &mut t,
        None,
        Some("201"),
        "一般公共服务支出",
        &["50", "", "50", ""],
    );
    rec(
        &mut t,
        None,
        Some("20103"),
        "政府办公厅（室）及相关机构事务",
        &["50", "", "50", ""],
    );
    rec(
        &mut t,
        None,
        Some("2010302"),
        "一般行政管理事务",
        &["15", "", "15", ""],
    );
    rec(
        &mut t,
        None,
        Some("2010302"),
        "一般行政管理事务",
        &["35", "", "35", ""],
    );
    rec(&mut t, None, None, "合计", &["50", "", "50", ""]);
    t
}

/// 表8 of the seed (三公): one unnamed row 2 0 2 0 2 0.
fn seed_three_public(pos: usize) -> TableOut {
    let mut t = table(
        pos,
        "three_public",
        &[
            "total",
            "outbound",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "reception",
        ],
    );
    rec(&mut t, None, None, "", &["2", "0", "2", "0", "2", "0"]);
    t
}

/// The seed's tables (consistent among themselves).
fn seed_tables() -> Document {
    doc(vec![
        seed_summary(1),
        seed_expenditure(2, "expenditure"),
        seed_fiscal(3),
        seed_expenditure(4, "general_budget_expenditure"),
        seed_basic(5),
        seed_projects(6),
        seed_three_public(7),
    ])
}

#[test]
fn seed_tables_are_consistent() {
    let checks = check(&seed_tables());
    assert!(checks.is_empty(), "{checks:#?}");
}

// ------------------------------------------------------------ parent_sum

#[test]
fn parent_sum_finds_a_class_that_is_not_the_sum_of_its_items() {
    let mut d = seed_tables();
    // 201 一般公共服务支出 基本支出 152.74 → 152.47 (digits swapped).
    d.tables[1].records[0].values.0[1].1 = Some("152.47".into());
    let checks = only(&check(&d), "table.parent_sum");
    assert_eq!(checks.len(), 1, "{checks:#?}");
    assert_eq!(
        brief(&checks[0]),
        (
            "table.parent_sum".into(),
            "error".into(),
            "152.47".into(),
            "152.74".into(),
            json!([{"table": "t2", "record": 0, "column": "basic"}])
        )
    );
    assert_eq!(
        checks[0].message,
        "表2 expenditure 201 一般公共服务支出 basic: 款 rows sum to 152.74 万元, stated 152.47 万元"
    );
    // The same edit breaks 合计 = Σ 类 and 合计 = 基本 + 项目 of that row.
    let all = check(&d);
    assert_eq!(only(&all, "table.total_row").len(), 1);
    assert_eq!(only(&all, "table.row_sum").len(), 1);
}

#[test]
fn parent_sum_finds_a_subclass_that_is_not_the_sum_of_its_items() {
    let mut d = seed_tables();
    // 21011 行政事业单位医疗 合计 15.53 but the 项 are 11.74 + 3.71 + 0.18.
    d.tables[1].records[11].values.0[0].1 = Some("0.18".into());
    d.tables[1].records[11].values.0[1].1 = Some("0.18".into());
    let checks = only(&check(&d), "table.parent_sum");
    let got: Vec<_> = checks.iter().map(brief).collect();
    assert_eq!(
        got,
        vec![
            (
                "table.parent_sum".into(),
                "error".into(),
                "15.53".into(),
                "15.63".into(),
                json!([{"table": "t2", "record": 8, "column": "total"}])
            ),
            (
                "table.parent_sum".into(),
                "error".into(),
                "15.53".into(),
                "15.63".into(),
                json!([{"table": "t2", "record": 8, "column": "basic"}])
            ),
        ]
    );
}

#[test]
fn sums_in_wanyuan_tolerate_rounding_from_yuan_but_yuan_is_exact() {
    // 上海 final accounts: amounts rounded from 元, so 301 = 2082.85 while its
    // 款 add up to 2082.86. Within 0.005 × (8 + 1): rounding, not a mistake.
    let mut t = table(1, "general_budget_basic_expenditure", &["amount"]);
    rec(&mut t, None, Some("301"), "工资福利支出", &["2082.85"]);
    for (code, v) in [
        ("30101", "262.33"),
        ("30102", "1238.58"),
        ("30108", "160.75"),
        ("30109", "80.38"),
        ("30110", "60.99"),
        ("30112", "1.61"),
        ("30113", "187.19"),
        ("30199", "91.03"),
    ] {
        rec(&mut t, None, Some(code), "款", &[v]);
    }
    rec(&mut t, None, None, "合计", &["2082.85"]);
    assert!(check(&doc(vec![t.clone()])).is_empty());
    // Off by 0.05 (> 0.045): a mistake even allowing for rounding.
    let mut bad = t.clone();
    bad.records[0].values.0[0].1 = Some("2082.81".into());
    bad.records[9].values.0[0].1 = Some("2082.81".into());
    let got: Vec<_> = check(&doc(vec![bad])).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.parent_sum".into(),
            "error".into(),
            "2082.81".into(),
            "2082.86".into(),
            json!([{"table": "t1", "record": 0, "column": "amount"}])
        )]
    );
    // The same table in 元 is exact to the 分: 0.01 off is a finding.
    let mut yuan = t;
    yuan.unit = Some("元".into());
    let got: Vec<_> = check(&doc(vec![yuan])).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.parent_sum".into(),
            "error".into(),
            "2082.85".into(),
            "2082.86".into(),
            json!([{"table": "t1", "record": 0, "column": "amount"}])
        )]
    );
}

#[test]
fn tables_of_unknown_kind_or_without_total_row_are_not_summed() {
    // The first part of a table split across pages: 210 with only one of its 款.
    let mut t = table(1, "general_budget_expenditure", &["total"]);
    rec(&mut t, None, Some("210"), "卫生健康支出", &["15.53"]);
    rec(&mut t, None, Some("21011"), "行政事业单位医疗", &["11.74"]);
    assert!(check(&doc(vec![t.clone()])).is_empty());
    t.kind = "unknown".into();
    rec(&mut t, None, None, "合计", &["99"]);
    assert!(check(&doc(vec![t])).is_empty());
}

#[test]
fn parent_sum_needs_children() {
    // 类 rows only (收支总表 style): nothing to add up.
    let mut t = table(1, "expenditure", &["total"]);
    rec(&mut t, None, Some("201"), "一般公共服务支出", &["10"]);
    rec(&mut t, None, Some("208"), "社会保障和就业支出", &["5"]);
    rec(&mut t, None, None, "合计", &["15"]);
    assert!(check(&doc(vec![t])).is_empty());
}

// ------------------------------------------------------------ total_row

#[test]
fn total_row_of_a_coded_table() {
    let mut d = seed_tables();
    // 表6 合计 人员经费 187.53 → 187.35.
    let last = d.tables[4].records.len() - 1;
    d.tables[4].records[last].values.0[1].1 = Some("187.35".into());
    let all = check(&d);
    let got: Vec<_> = only(&all, "table.total_row").iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.total_row".into(),
            "error".into(),
            "187.35".into(),
            "187.53".into(),
            json!([{"table": "t5", "record": last, "column": "personnel"}])
        )]
    );
    // …and the 合计 row no longer adds up across: 205.68 vs 187.35 + 18.15.
    let got: Vec<_> = only(&all, "table.row_sum").iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.row_sum".into(),
            "error".into(),
            "205.68".into(),
            "205.50".into(),
            json!([{"table": "t5", "record": last, "column": "total"}])
        )]
    );
}

#[test]
fn total_row_of_a_summary_side_skips_fund_subitems_but_counts_other_income() {
    let mut d = doc(vec![seed_summary(1)]);
    assert!(check(&d).is_empty());
    // 事业收入 10 printed, 收入总计 still 255.68.
    d.tables[0].records[5].values.0[0].1 = Some("10".into());
    let all = check(&d);
    let got: Vec<_> = all.iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.total_row".into(),
            "error".into(),
            "255.68".into(),
            "265.68".into(),
            json!([{"table": "t1", "record": 8, "column": "amount"}])
        )]
    );
}

#[test]
fn total_row_with_numbered_top_level_items() {
    let mut t = table(1, "revenue_expenditure_summary", &["amount@revenue"]);
    let r = Some("revenue");
    rec(&mut t, r, None, "一、财政拨款收入", &["100.00"]);
    rec(&mut t, r, None, "1.一般公共预算资金", &["80.00"]);
    rec(&mut t, r, None, "2.政府性基金", &["20.00"]);
    rec(&mut t, r, None, "二、事业收入", &["5.00"]);
    rec(&mut t, r, None, "收入总计", &["105.00"]);
    assert!(check(&doc(vec![t.clone()])).is_empty());
    t.records[4].values.0[0].1 = Some("205.00".into());
    let got: Vec<_> = check(&doc(vec![t])).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.total_row".into(),
            "error".into(),
            "205.00".into(),
            "105.00".into(),
            json!([{"table": "t1", "record": 4, "column": "amount"}])
        )]
    );
}

#[test]
fn total_row_skips_sides_with_several_totals() {
    // 本年收入合计 … 收入总计 (决算): not a plain sum of the rows above.
    let mut t = table(1, "revenue_expenditure_summary", &["amount@revenue"]);
    let r = Some("revenue");
    rec(&mut t, r, None, "一般公共预算财政拨款收入", &["100"]);
    rec(&mut t, r, None, "本年收入合计", &["100"]);
    rec(&mut t, r, None, "年初结转和结余", &["7"]);
    rec(&mut t, r, None, "收入总计", &["107"]);
    assert!(check(&doc(vec![t])).is_empty());
}

// ------------------------------------------------------------ row_sum

#[test]
fn row_sum_basic_plus_project() {
    let mut d = seed_tables();
    // 表2 2010302 一般行政管理事务: 合计 50.00 → 55.00.
    d.tables[1].records[2].values.0[0].1 = Some("55.00".into());
    let got = briefs(&d, "table.row_sum");
    assert_eq!(
        got,
        vec![(
            "table.row_sum".into(),
            "error".into(),
            "55.00".into(),
            "50.00".into(),
            json!([{"table": "t2", "record": 2, "column": "total"}])
        )]
    );
}

#[test]
fn row_sum_three_public_and_vehicles() {
    let mut d = seed_tables();
    // 三公 合计 2 but 0 + 2 + 0.18; 公务用车 2 = 0 + 2 stays.
    d.tables[6].records[0].values.0[5].1 = Some("0.18".into());
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.row_sum".into(),
            "error".into(),
            "2".into(),
            "2.18".into(),
            json!([{"table": "t7", "record": 0, "column": "total"}])
        )]
    );
    // 公务用车购置及运行费 2 but 购置 2 + 运行 2 (beyond the rounding of
    // integers: ±0.5 on each of the three amounts).
    let mut d = seed_tables();
    d.tables[6].records[0].values.0[3].1 = Some("2".into());
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.row_sum".into(),
            "error".into(),
            "2".into(),
            "4".into(),
            json!([{"table": "t7", "record": 0, "column": "vehicle_total"}])
        )]
    );
}

#[test]
fn row_sum_revenue_funds_and_unknown_columns() {
    let mut t = table(
        1,
        "revenue",
        &["total", "general_budget", "gov_fund", "business", "other"],
    );
    rec(
        &mut t,
        None,
        Some("201"),
        "一般公共服务支出",
        &["30", "20", "5", "", "5"],
    );
    rec(&mut t, None, None, "合计", &["30", "20", "5", "", "5"]);
    assert!(check(&doc(vec![t.clone()])).is_empty());
    let mut bad = t.clone();
    bad.records[0].values.0[4].1 = Some("2".into());
    bad.records[1].values.0[4].1 = Some("2".into());
    let got: Vec<_> = check(&doc(vec![bad])).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![
            (
                "table.row_sum".into(),
                "error".into(),
                "30".into(),
                "27".into(),
                json!([{"table": "t1", "record": 0, "column": "total"}])
            ),
            (
                "table.row_sum".into(),
                "error".into(),
                "30".into(),
                "27".into(),
                json!([{"table": "t1", "record": 1, "column": "total"}])
            ),
        ]
    );
    // An unrecognized numeric column (上级补助收入) may be a component: no relation.
    let mut unknown = table(1, "revenue", &["total", "general_budget", "c5"]);
    rec(&mut unknown, None, None, "合计", &["30", "20", "10"]);
    assert!(check(&doc(vec![unknown])).is_empty());
}

#[test]
fn row_sum_personnel_plus_public() {
    let mut d = seed_tables();
    // 30101 基本工资 合计 59.96 but 人员 59.69 + 公用 0.00 (and 301 no longer adds up).
    d.tables[4].records[1].values.0[1].1 = Some("59.69".into());
    let all = check(&d);
    let got: Vec<_> = only(&all, "table.row_sum").iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "table.row_sum".into(),
            "error".into(),
            "59.96".into(),
            "59.69".into(),
            json!([{"table": "t5", "record": 1, "column": "total"}])
        )]
    );
    assert_eq!(only(&all, "table.parent_sum").len(), 1);
}

// ------------------------------------------------------------ cross.totals

#[test]
fn cross_totals_between_tables() {
    let mut d = seed_tables();
    // 表5 (基本支出表) 合计 205.68 → 250.68 in all three columns' sum… only total.
    let last = d.tables[4].records.len() - 1;
    d.tables[4].records[last].values.0[0].1 = Some("250.68".into());
    let all = check(&d);
    let got: Vec<_> = only(&all, "cross.totals").iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "cross.totals".into(),
            "error".into(),
            "205.68".into(),
            "250.68".into(),
            json!([
                {"table": "t4", "record": 15, "column": "basic"},
                {"table": "t5", "record": last, "column": "total"}
            ])
        )]
    );
    assert_eq!(
        only(&all, "cross.totals")[0].message,
        "表4 general_budget_expenditure 合计 basic 205.68 万元 ≠ 表5 general_budget_basic_expenditure 合计 total 250.68 万元"
    );
}

#[test]
fn cross_totals_convert_units_with_rounding() {
    let mut d = seed_tables();
    // 基本支出表 printed in 元: 2056800.00 agrees with 205.68 万元.
    d.tables[4].unit = Some("元".into());
    for r in &mut d.tables[4].records {
        for (_, v) in &mut r.values.0 {
            if let Some(s) = v {
                let x = crate::amount::parse(s).unwrap() * rust_decimal::Decimal::from(10_000);
                *v = Some(x.round_dp(2).to_string());
            }
        }
    }
    assert!(check(&d).is_empty(), "{:#?}", check(&d));
    // 2056849.99 元 is 205.6849999 万元: more than the 0.005 万元 rounding of 205.68.
    let last = d.tables[4].records.len() - 1;
    d.tables[4].records[last].values.0[0].1 = Some("2056850.01".into());
    d.tables[4].records[last].values.0[2].1 = Some("181500.01".into());
    let got: Vec<_> = only(&check(&d), "cross.totals").iter().map(brief).collect();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].3, "205.685001");
}

#[test]
fn cross_totals_within_a_summary() {
    let mut d = doc(vec![seed_summary(1)]);
    // 支出总计 255.86 (transposed) with rows still adding to 255.68.
    let last = d.tables[0].records.len() - 1;
    d.tables[0].records[last].values.0[0].1 = Some("255.86".into());
    let got: Vec<_> = check(&d)
        .iter()
        .map(|c| (c.rule.clone(), c.expected.clone(), c.actual.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "table.total_row".into(),
                Some("255.86".into()),
                Some("255.68".into())
            ),
            (
                "cross.totals".into(),
                Some("255.68".into()),
                Some("255.86".into())
            ),
        ]
    );
}

// ------------------------------------------------------------ figure_vs_table

#[test]
fn figure_vs_table_same_unit() {
    let mut d = seed_tables();
    d.narrative.figures = vec![
        figure(Some("basic_expenditure"), "基本支出", "205.68", "万元"),
        figure(Some("project_expenditure"), "项目支出", "50", "万元"),
        figure(Some("personnel_expenses"), "人员经费", "187.53", "万元"),
        figure(
            Some("three_public_total"),
            "一般公共预算“三公”经费数",
            "2.18",
            "万元",
        ),
        figure(Some("vehicle_operation"), "公务用车运行费", "2", "万元"),
        figure(Some("official_reception"), "公务接待费", "0.18", "万元"),
    ];
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![
            (
                "narrative.figure_vs_table".into(),
                "error".into(),
                "2".into(),
                "2.18".into(),
                json!([{"figure": 3}, {"table": "t7", "record": 0, "column": "total"}])
            ),
            (
                "narrative.figure_vs_table".into(),
                "error".into(),
                "0".into(),
                "0.18".into(),
                json!([{"figure": 5}, {"table": "t7", "record": 0, "column": "reception"}])
            ),
        ]
    );
}

#[test]
fn figure_vs_table_across_units() {
    let mut d = seed_tables();
    d.narrative.figures = vec![
        // 255.68 元 is not 255.68 万元.
        figure(
            Some("fiscal_appropriation_total"),
            "财政拨款收支总预算",
            "255.68",
            "元",
        ),
        // 0.0256 亿元 is 256 万元 rounded to 0.0001 亿元 (±0.5 万元): 255.68 agrees.
        figure(Some("revenue_total"), "收入预算", "0.0256", "亿元"),
        // 2556800 元 = 255.68 万元.
        figure(Some("expenditure_total"), "支出预算", "2556800", "元"),
    ];
    let all = check(&d);
    let got: Vec<_> = all.iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "narrative.figure_vs_table".into(),
            "error".into(),
            "2556800".into(),
            "255.68".into(),
            json!([{"figure": 0}, {"table": "t3", "record": 4, "column": "total"}])
        )]
    );
    assert_eq!(
        all[0].message,
        "财政拨款收支总预算: text states 255.68 元, 表3 fiscal_summary 收入总计 total is 255.68 万元 (= 2556800 元)"
    );
}

#[test]
fn figure_vs_table_by_label_and_first_source() {
    let mut d = seed_tables();
    d.narrative.figures = vec![
        figure(None, "收支总预算", "205.68", "万元"),
        figure(None, "基本支出", "999", "万元"), // unkeyed: not compared
    ];
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![vs_table(
            "255.68",
            "205.68",
            json!([{"figure": 0}, {"table": "t1", "record": 8, "column": "amount"}])
        )]
    );
    // In a final account the summary is no source (its 总计 rows include
    // 结转结余).
    d.document.kind = "final_account".into();
    assert!(check(&d).is_empty());
}

/// A figure is reported only when none of its sources agrees: a 支出预算 that includes
/// 结转下年 is the summary's 支出总计, not the 支出表's 合计 (西南大学 2023).
#[test]
fn figure_vs_table_agreeing_with_a_later_source() {
    let mut d = seed_tables();
    let summary = &mut d.tables[0];
    summary.records.pop();
    rec(summary, Some("expenditure"), None, "结转下年", &["44.32"]);
    rec(summary, Some("expenditure"), None, "支出总计", &["300.00"]);
    d.narrative.figures = vec![figure(
        Some("expenditure_total"),
        "支出预算",
        "300.00",
        "万元",
    )];
    assert!(only(&check(&d), "narrative.figure_vs_table").is_empty());
    // The 支出表's 合计 agrees too: silent.
    d.narrative.figures[0].value = "255.68".into();
    assert!(only(&check(&d), "narrative.figure_vs_table").is_empty());
    // Neither: reported against the first source, the 支出表.
    d.narrative.figures[0].value = "301.00".into();
    assert_eq!(
        briefs(&d, "narrative.figure_vs_table"),
        vec![vs_table(
            "255.68",
            "301.00",
            json!([{"figure": 0}, {"table": "t2", "record": 15, "column": "total"}])
        )]
    );
}

/// In a final account, a figure of this year (not 预算 / 上年) is compared
/// with the 收入/支出/“三公” tables (the 三公 table keys its 决算数 columns);
/// a 预算 figure is not, and the summary tables are no source (their 总计
/// rows include the carry-overs that 财政拨款收入 leaves out).
#[test]
fn figure_vs_table_in_final_account() {
    let mut d = seed_tables();
    d.narrative.figures = vec![
        figure(
            Some("three_public_total"),
            "“三公”经费财政拨款支出决算",
            "26.01",
            "万元",
        ),
        figure(
            Some("three_public_total"),
            "“三公”经费财政拨款支出预算",
            "26.01",
            "万元",
        ),
        figure(Some("basic_expenditure"), "基本支出", "1.00", "万元"),
        figure(
            Some("fiscal_appropriation_total"),
            "财政拨款收入",
            "205.68",
            "万元",
        ),
    ];
    let fiscal = json!([{"figure": 3}, {"table": "t3", "record": 4, "column": "total"}]);
    // In a budget the summary is the source of 财政拨款收入.
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert!(got.iter().any(|c| c.4 == fiscal), "{got:?}");
    d.document.kind = "final_account".into();
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![
            (
                "narrative.figure_vs_table".into(),
                "error".into(),
                "2".into(),
                "26.01".into(),
                json!([{"figure": 0}, {"table": "t7", "record": 0, "column": "total"}])
            ),
            (
                "narrative.figure_vs_table".into(),
                "error".into(),
                "205.68".into(),
                "1.00".into(),
                json!([{"figure": 2}, {"table": "t2", "record": 15, "column": "basic"}])
            ),
        ]
    );
    // The same amounts as the tables: nothing.
    d.narrative.figures[0].value = "2.00".into();
    d.narrative.figures[2].value = "205.68".into();
    assert!(check(&d).is_empty());
}

/// The summary’s 总计 (with 结转结余) is no source of 本年收入 in a final account.
#[test]
fn figure_vs_table_in_a_final_account_not_against_the_summary() {
    let mut d = seed_tables();
    d.document.kind = "final_account".into();
    d.narrative.figures = vec![
        figure(Some("revenue_total"), "本年收入", "999", "万元"),
        figure(
            Some("three_public_total"),
            "“三公”经费支出决算",
            "26.01",
            "万元",
        ),
    ];
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "narrative.figure_vs_table".into(),
            "error".into(),
            "2".into(),
            "26.01".into(),
            json!([{"figure": 1}, {"table": "t7", "record": 0, "column": "total"}])
        )]
    );
}

// ------------------------------------------------------------ allocation_sum

#[test]
fn allocation_sum_of_the_seed_projects() {
    let mut d = doc(Vec::new());
    d.narrative.projects = vec![
        project(
            "服务实体经济专项业务经费",
            "15",
            &["2", "3.2", "2", "0.8", "5", "2"],
        ),
        project(
            "防范金融风险专项业务经费",
            "35",
            &[
                "10", "1", "0.42", "3.5", "0.3", "2", "2.68", "2", "39.63", "0.2", "5.5",
            ],
        ),
    ];
    let all = check(&d);
    assert_eq!(
        all,
        vec![Check {
            rule: "narrative.allocation_sum".into(),
            severity: "error".into(),
            message: "防范金融风险专项业务经费: allocations sum to 67.23 万元, stated 35 万元"
                .into(),
            expected: Some("35".into()),
            actual: Some("67.23".into()),
            at: vec![json!({"project": 1})],
        }]
    );
}

#[test]
fn allocation_sum_converts_units() {
    let mut d = doc(Vec::new());
    let mut p = project("P", "1.5", &["1"]);
    p.allocations.push(crate::model::Allocation {
        item: "x".into(),
        amount: "5000".into(),
        unit: "元".into(),
    });
    d.narrative.projects = vec![p];
    assert!(check(&d).is_empty());
}

// ------------------------------------------------------------ change_percent

#[test]
fn change_percent_of_the_seed_figures_is_consistent() {
    let mut d = doc(Vec::new());
    d.narrative.figures = vec![
        change(
            figure(None, "一般公共预算", "255.68", "万元"),
            "decrease",
            "39.63",
            "13.42",
        ),
        change(
            figure(None, "基本支出", "205.68", "万元"),
            "decrease",
            "34.63",
            "14.41",
        ),
        change(
            figure(None, "项目支出", "50", "万元"),
            "decrease",
            "5",
            "9.09",
        ),
        change(
            figure(None, "事业运行", "152.74", "万元"),
            "decrease",
            "55.99",
            "26.82",
        ),
        change(
            figure(None, "养老", "19.77", "万元"),
            "increase",
            "2.32",
            "13.3",
        ),
        change(
            figure(None, "医疗", "11.74", "万元"),
            "increase",
            "1.38",
            "13.32",
        ),
        change(
            figure(None, "补助", "3.71", "万元"),
            "increase",
            "0.44",
            "13.46",
        ),
        change(
            figure(None, "其他", "0.08", "万元"),
            "decrease",
            "0.42",
            "84",
        ),
        change(
            figure(None, "公积金", "17.64", "万元"),
            "increase",
            "17.64",
            "100",
        ),
        change(
            figure(None, "三公", "2.18", "万元"),
            "increase",
            "0.02",
            "0.93",
        ),
        change(figure(None, "出国", "0", "万元"), "increase", "0", "0"),
        change(
            figure(None, "运行费", "2", "万元"),
            "increase",
            "0.02",
            "1.01",
        ),
        change(figure(None, "接待", "0.18", "万元"), "increase", "0", "0"),
        change(
            figure(None, "机关运行经费", "18.15", "万元"),
            "decrease",
            "20.24",
            "52.72",
        ),
    ];
    // 公积金 增加17.64 增长100% from 0 is `narrative.zero_base` (audit), not a wrong percent.
    let c: Vec<_> = check(&d)
        .into_iter()
        .filter(|c| c.rule != "narrative.zero_base")
        .collect();
    assert!(c.is_empty(), "{c:#?}");
}

#[test]
fn change_percent_finds_a_wrong_percent() {
    let mut d = doc(Vec::new());
    d.narrative.figures = vec![
        figure(None, "x", "1", "万元"),
        change(
            figure(None, "基本支出", "205.68", "万元"),
            "decrease",
            "34.63",
            "16.84",
        ),
    ];
    assert_eq!(
        check(&d),
        vec![Check {
            rule: "narrative.change_percent".into(),
            severity: "warning".into(),
            message: "基本支出: 减少 34.63 万元 from 240.31 万元 is 14.41%, stated 16.84%".into(),
            expected: Some("14.41".into()),
            actual: Some("16.84".into()),
            at: vec![json!({"figure": 1})],
        }]
    );
}

#[test]
fn change_percent_skips_a_difference_stated_without_its_level() {
    // 江苏省高级人民法院 2017_26: `本年比上年减少161.96万元，下降了4.39%` was read as a
    // level of 161.96 down from 323.92 (50%).
    let mut d = doc(Vec::new());
    d.narrative.figures = vec![change(
        figure(None, "本年比上年减少", "161.96", "万元"),
        "decrease",
        "161.96",
        "4.39",
    )];
    let c: Vec<_> = check(&d)
        .into_iter()
        .filter(|c| c.rule == "narrative.change_percent")
        .collect();
    assert!(c.is_empty(), "{c:#?}");
}

// ------------------------------------------------------------ share_sum

fn shares(xs: &[(&str, &str, &str)]) -> Vec<crate::model::Figure> {
    xs.iter()
        .map(|(label, v, share)| {
            let mut f = figure(None, label, v, "万元");
            f.share_percent = Some(share.to_string());
            f
        })
        .collect()
}

/// 第三部分 五（二） of the seed: 一般公共预算当年拨款结构.
const SEED_SHARES: &[(&str, &str, &str)] = &[
    ("一般公共服务支出", "202.74", "79.29"),
    ("社会保障和就业支出", "19.77", "7.73"),
    ("卫生健康支出", "15.53", "6.07"),
    ("住房保障支出", "17.64", "6.91"),
];

#[test]
fn share_sum() {
    let mut d = doc(Vec::new());
    d.narrative.figures = shares(&[("基本支出", "205.68", "80.44"), ("项目支出", "50", "19.56")]);
    assert!(check(&d).is_empty());
    // Not a breakdown of one whole: far from 100, no finding.
    d.narrative.figures = shares(&[("a", "30", "30"), ("b", "20", "20")]);
    assert!(check(&d).is_empty());
    // 上海市普陀区财政局 2024 决算: 71.73 + 11.11 + 2.07 + 15.16 = 100.07.
    d.narrative.figures = shares(&[
        ("一般公共服务支出（类）", "2106.66", "71.73"),
        ("社会保障和就业支出（类）", "326.72", "11.11"),
        ("卫生健康支出（类）", "60.99", "2.07"),
        ("住房保障支出（类）", "445.69", "15.16"),
    ]);
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![
            (
                "narrative.share_sum".into(),
                "warning".into(),
                "100".into(),
                "100.07".into(),
                json!([{"figure": 0}, {"figure": 1}, {"figure": 2}, {"figure": 3}])
            ),
            // 2106.66 / 2940.06 = 71.65%, not 71.73%.
            (
                "narrative.share_percent".into(),
                "warning".into(),
                "71.65".into(),
                "71.73".into(),
                json!([{"figure": 0}])
            ),
        ]
    );
}

/// The text states the whole before its breakdown ("支出预算4966.88万元。其中：
/// 基本支出3566.73万元，占71.81%…项目支出1447.24万元，占29.14%"): each share
/// holds over that whole, so only the parts not adding up to it is reported
/// (share_sum), not each share measured against the parts' sum.
#[test]
fn shares_of_the_stated_whole() {
    let mut d = doc(Vec::new());
    let mut figs = vec![figure(
        Some("expenditure_total"),
        "支出预算",
        "4966.88",
        "万元",
    )];
    figs.extend(shares(&[
        ("基本支出", "3566.73", "71.81"),
        ("项目支出", "1447.24", "29.14"),
    ]));
    d.narrative.figures = figs.clone();
    let got: Vec<_> = check(&d).iter().map(brief).collect();
    assert_eq!(
        got,
        vec![(
            "narrative.share_sum".into(),
            "warning".into(),
            "100".into(),
            "100.95".into(),
            json!([{"figure": 1}, {"figure": 2}])
        )]
    );
    // A share wrong over both the stated whole and the parts' sum is reported.
    figs[2].share_percent = Some("30.14".into());
    d.narrative.figures = figs.clone();
    let rules: Vec<String> = check(&d).into_iter().map(|c| c.rule).collect();
    assert!(
        rules.contains(&"narrative.share_percent".to_string()),
        "{rules:?}"
    );
    // A total of another section is not the whole.
    figs[0].section = Some("二、".into());
    figs[2].share_percent = Some("29.14".into());
    d.narrative.figures = figs;
    let rules: Vec<String> = check(&d).into_iter().map(|c| c.rule).collect();
    assert_eq!(
        rules
            .iter()
            .filter(|r| *r == "narrative.share_percent")
            .count(),
        2
    );
}

#[test]
fn share_percent_of_the_seed_breakdown() {
    let mut d = doc(Vec::new());
    d.narrative.figures = shares(SEED_SHARES);
    // The shares add up to 100, but 17.64 / 255.68 = 6.8993% is 6.90%, not
    // 6.91% (even with 17.64 and 255.68 off by their rounding: 6.897%–6.901%).
    let all = check(&d);
    assert_eq!(
        all,
        vec![Check {
            rule: "narrative.share_percent".into(),
            severity: "warning".into(),
            message: "住房保障支出: 17.64 万元 of 255.68 万元 is 6.90%, stated 6.91% (the shares were made to add up to 100%)".into(),
            expected: Some("6.90".into()),
            actual: Some("6.91".into()),
            at: vec![json!({"figure": 3})],
        }]
    );
    // With 6.90 (and 79.30 to keep the sum at 100): 79.2944 is 79.29, not 79.30.
    let mut fixed = SEED_SHARES.to_vec();
    fixed[3].2 = "6.90";
    d.narrative.figures = shares(&fixed);
    assert!(check(&d).is_empty());
}

#[test]
fn huge_and_tiny_amounts_do_not_panic() {
    let max = "79228162514264337593543950335";
    let tiny = "0.0000000000000000000000000001";
    let mut t = table(1, "expenditure", &["total", "basic", "project"]);
    rec(&mut t, None, Some("201"), "a", &[max, max, max]);
    rec(&mut t, None, Some("20101"), "b", &[max, max, tiny]);
    rec(&mut t, None, Some("20102"), "c", &[max, tiny, max]);
    rec(&mut t, None, None, "合计", &[tiny, max, max]);
    let mut d = doc(vec![t]);
    let mut f = change(
        figure(Some("expenditure_total"), "支出", max, "亿元"),
        "decrease",
        max,
        tiny,
    );
    f.share_percent = Some(max.into());
    let mut g = change(figure(None, "x", tiny, "万元"), "increase", tiny, max);
    g.share_percent = Some(tiny.into());
    d.narrative.figures = vec![f, g];
    d.narrative.projects = vec![project("p", tiny, &[max, max])];
    // No panic; whatever can be judged is reported.
    let _ = check(&d);
}
