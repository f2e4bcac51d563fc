//! Audit rules beyond sums: names and codes against the document's own tables and the
//! 政府收支分类科目 catalogue, table coverage, performance-target costs, text breakdowns,
//! growth from a zero base, and the carry-over lines of 决算 summaries.
//!
//! Rules (ids are stable; README lists them with examples):
//! - `name.catalogue`: a coded row whose name is not the catalogue's name for its code in the
//!   document's year (or is an outdated one).
//! - `code.parent`: a 款/项 code that is not a child of any 类/款 the table prints.
//! - `code.catalogue`: a 类 code the catalogue does not know.
//! - `code.revenue_vs_expenditure`: a 项 in the 收入 table missing from the 支出 table, or back.
//! - `coverage.table_missing`: a table the national rules require for the document's kind.
//! - `coverage.empty_unexplained`: an empty table without its explanation (本表无数据…).
//! - `performance.cost_sum`: a 绩效目标表's 成本指标 adding up to more than its 年度资金总额.
//! - `narrative.breakdown_sum`: "A，其中：B、C、D" whose printed parts miss A ([`BREAKDOWNS`]).
//! - `narrative.zero_base`: a growth percent stated on a change from a zero base.
//! - `table.carryover_total`: a 决算 summary's 总计 ≠ 本年合计 + its 结转结余 lines.
//!
//! Severity: `error` for a real difference, `notice` for a rounding-level one (within what
//! [`super::tables::sum_agrees`] allows but not equal), `warning` for names and wording.

use super::catalog::{self, Verdict};
use super::tables::{grand_total, side_records, sides, sum_agrees};
use super::{at_cell, record_label, show, table_label, unit_suffix, value};
use crate::model::{
    Check, Direction, DocKind, Document, Figure, Record, Severity, TableKind, TableOut,
};
use rust_decimal::Decimal;
use serde_json::json;

pub(super) fn finding(
    rule: &str,
    severity: Severity,
    message: String,
    expected: Option<String>,
    actual: Option<String>,
    at: Vec<serde_json::Value>,
) -> Check {
    Check {
        rule: rule.to_string(),
        severity,
        message,
        expected,
        actual,
        at,
    }
}

/// `error` beyond rounding, `notice` within it, nothing when equal.
fn sum_severity(
    stated: Decimal,
    sum: Decimal,
    parts: usize,
    unit: Option<&str>,
    scale: u32,
) -> Option<Severity> {
    if stated == sum {
        None
    } else if sum_agrees(stated, sum, parts, unit, scale) {
        Some(Severity::Notice)
    } else {
        Some(Severity::Error)
    }
}

/// Kinds whose records carry 功能分类/经济分类 codes.
const CODED: &[TableKind] = &[
    TableKind::Revenue,
    TableKind::Expenditure,
    TableKind::GeneralBudgetExpenditure,
    TableKind::GeneralBudgetBasicExpenditure,
    TableKind::GeneralBudgetProjectExpenditure,
    TableKind::GovFundExpenditure,
    TableKind::StateCapitalExpenditure,
];

fn coded(t: &TableOut) -> bool {
    !t.empty && CODED.contains(&t.kind)
}

// ---------------------------------------------------------------- names and codes

/// Coded rows named otherwise than the catalogue names their code for the document's year.
pub(super) fn name_catalogue(doc: &Document, out: &mut Vec<Check>) {
    let Some(year) = doc.document.year else {
        return;
    };
    for t in doc.tables.iter().filter(|t| coded(t)) {
        for (ri, r) in t.records.iter().enumerate() {
            let (Some(code), Some(name)) = (r.code.as_deref(), r.name.as_deref()) else {
                continue;
            };
            let (expected, how) = match catalog::judge(code, name, year) {
                Verdict::Fine => continue,
                Verdict::Wrong(n) => (n, "the catalogue names it"),
                Verdict::Outdated(n) => (n, "an outdated name; since then it is"),
            };
            out.push(finding(
                "name.catalogue",
                Severity::Warning,
                format!(
                    "{} {code} {name}: {how} {expected} ({year})",
                    table_label(t)
                ),
                Some(expected.to_string()),
                Some(name.to_string()),
                vec![json!({"table": t.id, "record": ri})],
            ));
        }
    }
}

/// The code of the 类/款 a code belongs to (`2010601` → `20106`, `20106` → `201`).
fn parent_code(code: &str) -> Option<&str> {
    match code.len() {
        7 => Some(&code[..5]),
        5 => Some(&code[..3]),
        _ => None,
    }
}

/// 款/项 codes that are no child of any 类/款 the table prints (a code printed wrong or cut),
/// and 类 codes the catalogue does not know.
pub(super) fn codes(doc: &Document, out: &mut Vec<Check>) {
    for t in doc.tables.iter().filter(|t| coded(t)) {
        for side in sides(t) {
            let recs = side_records(t, side);
            let present: Vec<&str> = recs.iter().filter_map(|(_, r)| r.code.as_deref()).collect();
            for &(ri, r) in &recs {
                let Some(code) = r.code.as_deref() else {
                    continue;
                };
                if !code.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                if let Some(parent) = parent_code(code) {
                    // Only tables that print the parents' level can show a wrong child.
                    let level_printed = present.iter().any(|c| c.len() == parent.len());
                    if level_printed && !present.contains(&parent) {
                        out.push(finding(
                            "code.parent",
                            Severity::Error,
                            format!(
                                "{} {}: {parent} is not printed above it (a code printed wrong or cut)",
                                table_label(t),
                                record_label(r)
                            ),
                            Some(parent.to_string()),
                            Some(code.to_string()),
                            vec![json!({"table": t.id, "record": ri})],
                        ));
                    }
                } else if code.len() == 3 && !catalog::knows_class(code) {
                    out.push(finding(
                        "code.catalogue",
                        Severity::Warning,
                        format!(
                            "{} {}: no such 类 in the catalogue",
                            table_label(t),
                            record_label(r)
                        ),
                        None,
                        Some(code.to_string()),
                        vec![json!({"table": t.id, "record": ri})],
                    ));
                } else if matches!(code.len(), 4 | 6)
                    && (code.starts_with('2') || code.starts_with('3'))
                {
                    out.push(finding(
                        "code.parent",
                        Severity::Error,
                        format!(
                            "{} {}: a code of {} digits (类 3, 款 5, 项 7)",
                            table_label(t),
                            record_label(r),
                            code.len()
                        ),
                        None,
                        Some(code.to_string()),
                        vec![json!({"table": t.id, "record": ri})],
                    ));
                }
            }
        }
    }
}

fn only(doc: &Document, kind: TableKind) -> Option<&TableOut> {
    super::tables::only_table(doc, kind)
}

/// 项 codes with an amount printed in the 收入 table but not in the 支出 table, and back.
pub(super) fn revenue_vs_expenditure(doc: &Document, out: &mut Vec<Check>) {
    let (Some(rev), Some(exp)) = (
        only(doc, TableKind::Revenue),
        only(doc, TableKind::Expenditure),
    ) else {
        return;
    };
    let items = |t: &TableOut| -> Vec<(usize, String)> {
        t.records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.code.as_deref().is_some_and(|c| c.len() == 7))
            .filter(|(_, r)| value(r, "total").is_some_and(|v| v != Decimal::ZERO))
            .map(|(i, r)| (i, r.code.clone().unwrap_or_default()))
            .collect()
    };
    let (ri, ei) = (items(rev), items(exp));
    if ri.is_empty() || ei.is_empty() {
        return;
    }
    for (a, b, a_name, b_name) in [(rev, exp, &ri, &ei), (exp, rev, &ei, &ri)] {
        for (i, code) in a_name {
            if !b_name.iter().any(|(_, c)| c == code) {
                out.push(finding(
                    "code.revenue_vs_expenditure",
                    Severity::Warning,
                    format!(
                        "{} {}: not in {}",
                        table_label(a),
                        record_label(&a.records[*i]),
                        table_label(b)
                    ),
                    Some(code.clone()),
                    None,
                    vec![json!({"table": a.id, "record": i})],
                ));
            }
        }
    }
}

// ---------------------------------------------------------------- coverage

/// The tables the national rules require, by document kind (财政部 部门预决算公开 templates:
/// 9 budget tables; the 决算 set). A document is judged only when it prints most of them
/// (a file of a disclosure split into several files prints only its part).
pub const REQUIRED_TABLES: &[(DocKind, &[TableKind])] = &[
    (
        DocKind::Budget,
        &[
            TableKind::RevenueExpenditureSummary,
            TableKind::Revenue,
            TableKind::Expenditure,
            TableKind::FiscalSummary,
            TableKind::GeneralBudgetExpenditure,
            TableKind::GeneralBudgetBasicExpenditure,
            TableKind::ThreePublic,
            TableKind::GovFundExpenditure,
        ],
    ),
    (
        DocKind::FinalAccount,
        &[
            TableKind::RevenueExpenditureSummary,
            TableKind::Revenue,
            TableKind::Expenditure,
            TableKind::FiscalSummary,
            TableKind::GeneralBudgetExpenditure,
            TableKind::GeneralBudgetBasicExpenditure,
            TableKind::ThreePublic,
            TableKind::GovFundExpenditure,
            TableKind::StateCapitalExpenditure,
        ],
    ),
];

/// The explanation an empty table carries (in its note or in the text).
const EMPTY_EXPLANATIONS: &[&str] = &["无数据", "空表", "无此项", "没有", "无相关"];

/// Kinds that stand for a required one (Jiangsu prints 三公 with 会议费/培训费 in one table).
fn equivalent(k: TableKind) -> TableKind {
    match k {
        TableKind::ThreePublicMeetingTraining => TableKind::ThreePublic,
        k => k,
    }
}

static ZERO_AMOUNT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:^|[^\d.])0(?:\.0+)?万元").expect("static regex")
});

pub(super) fn coverage(doc: &Document, paragraphs: &[&str], out: &mut Vec<Check>) {
    let Some((_, required)) = REQUIRED_TABLES
        .iter()
        .find(|(k, _)| *k == doc.document.kind)
    else {
        return;
    };
    let has = |k: &TableKind| doc.tables.iter().any(|t| equivalent(t.kind) == *k);
    let present = required.iter().filter(|k| has(k)).count();
    if present * 3 < required.len() * 2 {
        return;
    }
    // A blank template (every table empty) is not a disclosure.
    if doc.tables.iter().all(|t| t.empty) {
        return;
    }
    for k in required.iter().filter(|k| !has(k)) {
        out.push(finding(
            "coverage.table_missing",
            Severity::Error,
            format!(
                "no {} table, which a {} must publish",
                k.as_str(),
                doc.document.kind.as_str()
            ),
            Some(k.as_str().to_string()),
            None,
            vec![],
        ));
    }
    // An empty table is explained in the text, which a tables-only file of a disclosure split
    // into several files does not carry: only documents with a narrative are judged.
    let narrative = doc.narrative.figures.len() >= 20;
    for t in doc
        .tables
        .iter()
        .filter(|t| narrative && t.empty && required.contains(&t.kind))
    {
        let explained = |s: &str| EMPTY_EXPLANATIONS.iter().any(|e| s.contains(e));
        if t.note.as_deref().is_some_and(explained) {
            continue;
        }
        // The text explains it when a sentence names the table's subject and says it is empty.
        let subject = match t.kind {
            TableKind::ThreePublic => "三公",
            TableKind::GovFundExpenditure => "政府性基金",
            TableKind::StateCapitalExpenditure => "国有资本经营",
            _ => "",
        };
        let in_text = paragraphs.iter().any(|p| {
            p.split(['。', '\n']).any(|s| {
                !subject.is_empty()
                    && s.contains(subject)
                    && (explained(s)
                        || s.contains(&format!("无{subject}"))
                        || ZERO_AMOUNT.is_match(s))
            })
        });
        if in_text {
            continue;
        }
        out.push(finding(
            "coverage.empty_unexplained",
            Severity::Warning,
            format!(
                "{} is empty and carries no explanation (本表无数据…)",
                table_label(t)
            ),
            None,
            None,
            vec![json!({"table": t.id})],
        ));
    }
}

// ---------------------------------------------------------------- performance targets

/// The 年度资金总额 printed in a performance-target table's head (the cell after the label).
fn annual_funds(t: &TableOut) -> Option<Decimal> {
    let cells = &t.grid.cells;
    // The label may be wrapped in its cell ("年度资金总\n额：").
    let i = cells
        .iter()
        .position(|c| catalog::norm(&c.text).starts_with("年度资金总额"))?;
    let label = catalog::norm(&cells[i].text);
    let rest = label
        .trim_start_matches("年度资金总额")
        .trim_start_matches(['：', ':']);
    if !rest.is_empty() {
        return crate::amount::parse(rest.trim_end_matches("万元"));
    }
    let next = cells.get(i + 1)?;
    (next.row == cells[i].row).then(|| crate::amount::parse(next.text.trim()))?
}

/// An amount in 万元 from a 指标值 such as `<=10万`, `≤2.68万元`, `5万元`.
fn cost_value(s: &str) -> Option<Decimal> {
    let s = s
        .trim()
        .trim_start_matches(['<', '>', '=', '≤', '≥', '＜', '＝'])
        .trim();
    let num = s.strip_suffix("万元").or_else(|| s.strip_suffix('万'))?;
    crate::amount::parse(num.trim())
}

pub(super) fn performance(t: &TableOut, out: &mut Vec<Check>) {
    if t.kind != TableKind::PerformanceTargets || t.empty {
        return;
    }
    let Some(funds) = annual_funds(t) else {
        return;
    };
    let costs: Vec<(usize, Decimal)> = t
        .records
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            r.values
                .get("level2")
                .and_then(|v| v.as_deref())
                .is_some_and(|v| v.contains("成本指标"))
        })
        .filter_map(|(i, r)| Some((i, cost_value(r.values.get("target")?.as_deref()?)?)))
        .collect();
    if costs.is_empty() {
        return;
    }
    let Some(sum) = costs
        .iter()
        .try_fold(Decimal::ZERO, |a, (_, v)| a.checked_add(*v))
    else {
        return;
    };
    let scale = costs.iter().map(|(_, v)| v.scale()).max().unwrap_or(0);
    if sum <= funds || sum_severity(funds, sum, costs.len(), Some("万元"), scale).is_none() {
        return;
    }
    let severity =
        sum_severity(funds, sum, costs.len(), Some("万元"), scale).unwrap_or(Severity::Error);
    let project = t
        .records
        .iter()
        .find_map(|r| r.project.clone().flatten())
        .unwrap_or_default();
    out.push(finding(
        "performance.cost_sum",
        severity,
        format!(
            "{} {project}: 成本指标 sum to {} 万元, 年度资金总额 {} 万元",
            table_label(t),
            show(sum),
            show(funds)
        ),
        Some(funds.to_string()),
        Some(sum.to_string()),
        costs
            .iter()
            .map(|(i, _)| json!({"table": t.id, "record": i, "column": "target"}))
            .collect(),
    ));
}

// ---------------------------------------------------------------- text breakdowns

/// "A，其中：B、C、D": a keyed total and the keyed parts the text prints after it.
pub const BREAKDOWNS: &[(&str, &[&str])] = &[
    (
        "procurement_total",
        &[
            "procurement_goods",
            "procurement_works",
            "procurement_services",
        ],
    ),
    (
        "three_public_total",
        &[
            "outbound_travel",
            "vehicle_purchase_and_operation",
            "official_reception",
        ],
    ),
    (
        "three_public_total",
        &[
            "outbound_travel",
            "vehicle_purchase",
            "vehicle_operation",
            "official_reception",
        ],
    ),
    (
        "vehicle_purchase_and_operation",
        &["vehicle_purchase", "vehicle_operation"],
    ),
    (
        "expenditure_total",
        &["basic_expenditure", "project_expenditure"],
    ),
];

fn key_of(f: &Figure) -> Option<&str> {
    f.key.as_deref()
}

/// The parts of the breakdown of figure `i`: the figures right after it ("其中：B、C、D"), in
/// its section, one per part key in any order; `None` unless they are exactly the parts.
fn parts_of<'a>(figs: &'a [Figure], i: usize, parts: &[&str]) -> Option<Vec<(usize, &'a Figure)>> {
    let total = &figs[i];
    let next = figs.get(i + 1..i + 1 + parts.len())?;
    let mut found: Vec<(usize, &Figure)> = Vec::new();
    for (k, f) in next.iter().enumerate() {
        let key = key_of(f)?;
        if f.section != total.section
            || !parts.contains(&key)
            || found.iter().any(|(_, g)| key_of(g) == Some(key))
        {
            return None;
        }
        found.push((i + 1 + k, f));
    }
    Some(found)
}

/// Figures already reported against their table cell (`narrative.figure_vs_table`): a
/// breakdown holding one of them is that one defect, not a second one.
fn reported_figures(out: &[Check]) -> Vec<serde_json::Value> {
    out.iter()
        .filter(|c| c.rule == "narrative.figure_vs_table")
        .filter_map(|c| c.at.first().cloned())
        .collect()
}

pub(super) fn breakdown_sum(doc: &Document, out: &mut Vec<Check>) {
    let figs = &doc.narrative.figures;
    let reported = reported_figures(out);
    for (i, f) in figs.iter().enumerate() {
        let Some(key) = key_of(f) else { continue };
        for (_, parts) in BREAKDOWNS.iter().filter(|(k, _)| *k == key) {
            let Some(found) = parts_of(figs, i, parts) else {
                continue;
            };
            let involved = std::iter::once(i).chain(found.iter().map(|(j, _)| *j));
            if involved
                .map(|j| json!({"figure": j}))
                .any(|at| reported.contains(&at))
            {
                break;
            }
            if found.iter().any(|(_, p)| p.unit != f.unit) || super::unit_factor(&f.unit).is_none()
            {
                continue;
            }
            let Some(total) = crate::amount::parse(&f.value) else {
                continue;
            };
            let values: Option<Vec<Decimal>> = found
                .iter()
                .map(|(_, p)| crate::amount::parse(&p.value))
                .collect();
            let Some(values) = values else { continue };
            let Some(sum) = values
                .iter()
                .try_fold(Decimal::ZERO, |a, v| a.checked_add(*v))
            else {
                continue;
            };
            let scale = values
                .iter()
                .chain([&total])
                .map(|v| v.scale())
                .max()
                .unwrap_or(0);
            let Some(severity) = sum_severity(total, sum, values.len(), Some(&f.unit), scale)
            else {
                break;
            };
            let names: Vec<String> = found
                .iter()
                .map(|(_, p)| p.label.clone().unwrap_or_default())
                .collect();
            let mut at = vec![json!({"figure": i})];
            at.extend(found.iter().map(|(j, _)| json!({"figure": j})));
            out.push(finding(
                "narrative.breakdown_sum",
                severity,
                format!(
                    "{}: {} sum to {}{u}, stated {}{u}",
                    f.label.as_deref().unwrap_or(key),
                    names.join(" + "),
                    show(sum),
                    total,
                    u = unit_suffix(Some(&f.unit))
                ),
                Some(total.to_string()),
                Some(sum.to_string()),
                at,
            ));
            break;
        }
    }
}

/// "增加17.64万元，增长100%" where the previous figure was 0: no growth rate exists.
pub(super) fn zero_base(doc: &Document, out: &mut Vec<Check>) {
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let Some(c) = &f.change else { continue };
        if c.direction != Direction::Increase {
            continue;
        }
        let (Some(v), Some(a), Some(p)) = (
            crate::amount::parse(&f.value),
            super::parse(&c.amount),
            super::parse(&c.percent),
        ) else {
            continue;
        };
        // "增加17.64万元，增长100%": the whole figure is new. (A figure whose value is its
        // own change amount with another percent is a change read as a figure, not this.)
        if v != a || v <= Decimal::ZERO || p != Decimal::ONE_HUNDRED {
            continue;
        }
        out.push(finding(
            "narrative.zero_base",
            Severity::Warning,
            format!(
                "{}: 增加 {a} {u} from 0 {u}: a growth rate from a zero base does not exist, stated {p}%",
                f.label.as_deref().unwrap_or("figure"),
                u = f.unit
            ),
            None,
            Some(p.to_string()),
            vec![json!({"figure": i})],
        ));
    }
}

// ---------------------------------------------------------------- 决算 summaries

/// Carry-over lines of a 决算 summary that add to 本年收入/支出合计 to make 总计.
const CARRYOVER_LINES: &[&str] = &[
    "使用非财政拨款结余",
    "年初结转和结余",
    "年初财政拨款结转和结余",
    "结余分配",
    "年末结转和结余",
    "年末财政拨款结转和结余",
];

fn name(r: &Record) -> String {
    r.name.as_deref().map(catalog::norm).unwrap_or_default()
}

/// In a 决算 summary (收入支出决算总表, 财政拨款收入支出决算总表), each side's 总计 =
/// 本年收入/支出合计 + its carry-over lines.
pub(super) fn carryover_total(doc: &Document, out: &mut Vec<Check>) {
    if doc.document.kind != DocKind::FinalAccount {
        return;
    }
    for t in doc.tables.iter().filter(|t| {
        !t.empty
            && [
                TableKind::RevenueExpenditureSummary,
                TableKind::FiscalSummary,
            ]
            .contains(&t.kind)
    }) {
        let scale = t
            .records
            .iter()
            .flat_map(|r| r.values.0.iter())
            .filter_map(|(_, v)| super::parse(v))
            .map(|d| d.scale())
            .max()
            .unwrap_or(0);
        for side in sides(t) {
            let recs = side_records(t, side);
            let Some((gi, g)) = grand_total(t, side) else {
                continue;
            };
            if !name(g).ends_with("总计") {
                continue;
            }
            let Some(&(_, year_total)) = recs
                .iter()
                .find(|(_, r)| r.total && name(r).starts_with("本年") && name(r).ends_with("合计"))
            else {
                continue;
            };
            let lines: Vec<&Record> = recs
                .iter()
                .map(|(_, r)| *r)
                .filter(|r| CARRYOVER_LINES.iter().any(|l| name(r).starts_with(l)))
                .collect();
            let key = ["amount", "total"]
                .into_iter()
                .find(|k| value(g, k).is_some() && value(year_total, k).is_some());
            let Some(key) = key else { continue };
            let (Some(stated), Some(base)) = (value(g, key), value(year_total, key)) else {
                continue;
            };
            let Some(sum) = lines
                .iter()
                .filter_map(|r| value(r, key))
                .try_fold(base, |a, v| a.checked_add(v))
            else {
                continue;
            };
            let n = 1 + lines.iter().filter(|r| value(r, key).is_some()).count();
            let Some(severity) = sum_severity(stated, sum, n, t.unit.as_deref(), scale) else {
                continue;
            };
            let u = unit_suffix(t.unit.as_deref());
            out.push(finding(
                "table.carryover_total",
                severity,
                format!(
                    "{} {}: 本年合计 + 结转结余 lines = {}{u}, stated {}{u}",
                    table_label(t),
                    record_label(g),
                    show(sum),
                    stated
                ),
                Some(stated.to_string()),
                Some(sum.to_string()),
                vec![at_cell(t, gi, key)],
            ));
        }
    }
}

// ---------------------------------------------------------------- names in the text

static PATH_RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?:\d+[.、．])?([^（）：:，。]+?)[（(]类[）)]([^（）：:，。]+?)[（(]款[）)](?:([^（）：:，。]+?)[（(]项[）)])?")
        .expect("static regex")
});

/// Characters of `a` that appear, in order, in `b` (longest common subsequence length).
fn lcs(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev = vec![0usize; b.len() + 1];
    for ca in &a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = if ca == cb {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The printed name closest to `name` among `candidates`, when it is close: a slip of a few
/// characters (most of the longer name shared, in order), never a different item.
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (lcs(name, c), *c))
        .filter(|(l, c)| {
            let longer = name.chars().count().max(c.chars().count());
            *l * 4 >= longer * 3 && longer - *l <= 3
        })
        .max_by_key(|(l, _)| *l)
        .map(|(_, c)| c)
}

/// Coded rows of the document's coded tables: (code, normalized name), once each.
fn coded_names(doc: &Document) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for t in doc.tables.iter().filter(|t| coded(t)) {
        for r in &t.records {
            if let (Some(c), Some(n)) = (&r.code, &r.name) {
                let e = (c.clone(), catalog::norm(n));
                if !out.contains(&e) {
                    out.push(e);
                }
            }
        }
    }
    out
}

/// Names of 科目 the text prints ("卫生健康支出（类）行政事业单位医疗（款）其他…（项）", or the
/// items listed after 人员经费/公用经费 "主要包括：…") that the tables print otherwise.
pub(super) fn name_text_vs_table(doc: &Document, out: &mut Vec<Check>) {
    let names = coded_names(doc);
    if names.is_empty() {
        return;
    }
    let children = |parent: Option<&str>, len: usize| -> Vec<&(String, String)> {
        names
            .iter()
            .filter(|(c, _)| c.len() == len && parent.is_none_or(|p| c.starts_with(p)))
            .collect()
    };
    let mut reported: Vec<String> = Vec::new();
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let Some(label) = f.label.as_deref() else {
            continue;
        };
        let Some(c) = PATH_RE.captures(label) else {
            continue;
        };
        let mut parent: Option<String> = None;
        for (level, len) in [(1usize, 3usize), (2, 5), (3, 7)] {
            let Some(m) = c.get(level) else { break };
            let text = catalog::norm(m.as_str());
            let text =
                text.trim_start_matches(|ch: char| ch.is_ascii_digit() || ".、．".contains(ch));
            let pool = children(parent.as_deref(), len);
            if let Some((code, _)) = pool.iter().find(|(_, n)| n == text) {
                parent = Some(code.clone());
                continue;
            }
            let cands: Vec<&str> = pool.iter().map(|(_, n)| n.as_str()).collect();
            let Some(near) = closest(text, &cands) else {
                break;
            };
            let code = pool
                .iter()
                .find(|(_, n)| n == near)
                .map(|(c, _)| c.clone())
                .unwrap_or_default();
            if !reported.contains(&text.to_string()) {
                out.push(finding(
                    "name.text_vs_table",
                    Severity::Warning,
                    format!("the text names {text}, the tables print {code} {near}"),
                    Some(near.to_string()),
                    Some(text.to_string()),
                    vec![json!({"figure": i})],
                ));
                reported.push(text.to_string());
            }
            break;
        }
    }
    // Items listed after 人员经费/公用经费 are 经济分类 款 names (5-digit codes).
    let items: Vec<&str> = names
        .iter()
        .filter(|(c, _)| c.len() == 5 && c.starts_with('3'))
        .map(|(_, n)| n.as_str())
        .collect();
    if items.is_empty() {
        return;
    }
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        if !matches!(
            f.key.as_deref(),
            Some("personnel_expenses" | "public_expenses")
        ) {
            continue;
        }
        let Some((_, list)) = f.sentence.split_once("包括") else {
            continue;
        };
        let list = list.trim_start_matches(['：', ':']);
        for item in list.split(['、', '，', ',', '；', '。']) {
            let item = catalog::norm(item.trim_end_matches('等'));
            if item.chars().count() < 2 || items.contains(&item.as_str()) {
                continue;
            }
            let Some(near) = closest(&item, &items) else {
                continue;
            };
            if reported.contains(&item) {
                continue;
            }
            out.push(finding(
                "name.text_vs_table",
                Severity::Warning,
                format!("the text lists {item}, the tables print {near}"),
                Some(near.to_string()),
                Some(item.clone()),
                vec![json!({"figure": i})],
            ));
            reported.push(item);
        }
    }
}
