//! Expected findings of the audit defects injected into the `au_NNN` documents
//! (`audit.rs`, `Variation::audit`): each record gives its finding (rule, severity,
//! location, expected, actual as gongkai's checker shapes them; the message is for people).
//! Locations are resolved here, on the finished document, from the record's keys (figure
//! key, table kind, code), so an edit made after the record cannot make them stale.
//!
//! Findings are ordered as the checker reports them: each carries a stage (the checker's
//! rule order, [`Stage`]) and a position within it (table, record or figure).

use crate::Built;
use crate::out::TableOut;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// The checker's order of the audit rules (`check::check`, then `check::text::check`).
#[derive(Clone, Copy, PartialEq, PartialOrd)]
enum Stage {
    Performance = 10,
    Carryover = 11,
    NameCatalogue = 12,
    NameTextVsTable = 13,
    Codes = 14,
    RevenueVsExpenditure = 15,
    /// `narrative.breakdown_sum` (derived by `expected.rs` from the printed figures).
    Breakdown = 16,
    ZeroBase = 17,
    /// `text.final_wording` (the last rule of `check::check`): figures, then tables.
    FinalWording = 18,
    Years = 20,
    FinalVsBudget = 21,
    Doubled = 22,
    DoubledCell = 23,
    Placeholder = 24,
    Sections = 25,
    /// `narrative.change_vs_last_year` (`check::last_year`, after the sections).
    LastYear = 26,
    /// `narrative.last_year_conflict` (after `narrative.change_vs_last_year`).
    LastYearConflict = 27,
    TableMissing = 28,
    EmptyUnexplained = 29,
}

/// Findings of a stage below this one come before the breakdown sums.
pub const BREAKDOWN_STAGE: u32 = Stage::Breakdown as u32;

fn finding(
    rule: &str,
    severity: &str,
    message: String,
    expected: Option<&str>,
    actual: Option<&str>,
    at: Vec<Value>,
) -> Value {
    json!({
        "rule": rule,
        "severity": severity,
        "message": message,
        "expected": expected,
        "actual": actual,
        "at": at,
    })
}

fn table<'a>(b: &'a Built, kind: &str) -> Option<&'a TableOut> {
    b.tables.iter().find(|t| t.kind == kind)
}

fn record_of(t: &TableOut, code: &str) -> Option<usize> {
    t.records
        .iter()
        .position(|r| r.code.as_deref() == Some(code))
}

fn figure_of(b: &Built, key: &str) -> Option<usize> {
    b.narrative
        .figures
        .iter()
        .position(|f| f.key.as_deref() == Some(key))
}

fn s<'a>(r: &'a Value, k: &str) -> Option<&'a str> {
    r[k].as_str()
}

/// (stage, position, finding) of one record; several for a record that touches two tables.
fn of_record(b: &Built, r: &Value) -> Vec<(Stage, usize, Value)> {
    let class = s(r, "class").unwrap_or("");
    let text = |stage: Stage, severity: &str, message: String| {
        vec![(
            stage,
            0,
            finding(
                class,
                severity,
                message,
                s(r, "expected"),
                s(r, "actual"),
                vec![],
            ),
        )]
    };
    match class {
        "narrative.comparison_year" | "text.year" => {
            // YEAR_RULES order: the comparison patterns, the asset date, the heading.
            let k = match (class, s(r, "rule")) {
                ("text.year", Some("asset_date")) => 2,
                ("text.year", _) => 3,
                _ => 0,
            };
            vec![(
                Stage::Years,
                k,
                finding(
                    class,
                    "error",
                    format!(
                        "the year printed is {}, the document's rule wants {}",
                        r["actual"], r["expected"]
                    ),
                    s(r, "expected"),
                    s(r, "actual"),
                    vec![],
                ),
            )]
        }
        "text.doubled_symbol" if r.get("table_kind").is_none() => text(
            Stage::Doubled,
            "warning",
            format!("doubled “{}” in the text", r["actual"]),
        ),
        "text.doubled_symbol" => doubled_cell(b, r),
        "text.placeholder" => text(
            Stage::Placeholder,
            "warning",
            format!("a template placeholder left in the text: {}", r["actual"]),
        ),
        "coverage.section_missing" => text(
            Stage::Sections,
            "warning",
            format!("no {} explanation in the text", r["expected"]),
        ),
        "coverage.table_missing" => vec![(
            Stage::TableMissing,
            0,
            finding(
                class,
                "error",
                format!("no {} table", r["expected"]),
                s(r, "expected"),
                None,
                vec![],
            ),
        )],
        "coverage.empty_unexplained" => {
            let Some(t) = s(r, "table_kind").and_then(|k| table(b, k)) else {
                return vec![];
            };
            let pos = b.tables.iter().position(|x| x.id == t.id).unwrap_or(0);
            vec![(
                Stage::EmptyUnexplained,
                pos,
                finding(
                    class,
                    "warning",
                    format!("{} is empty and carries no explanation", t.id),
                    None,
                    None,
                    vec![json!({"table": t.id})],
                ),
            )]
        }
        "narrative.zero_base" => {
            let Some(i) = s(r, "figure").and_then(|k| figure_of(b, k)) else {
                return vec![];
            };
            vec![(
                Stage::ZeroBase,
                i,
                finding(
                    class,
                    "warning",
                    "a growth rate from a zero base does not exist".into(),
                    None,
                    s(r, "actual"),
                    vec![json!({"figure": i})],
                ),
            )]
        }
        "name.text_vs_table" => {
            let by_label = |l: &str| {
                b.narrative
                    .figures
                    .iter()
                    .position(|f| f.label.as_deref() == Some(l))
            };
            let found = match s(r, "label") {
                Some(l) => by_label(l),
                None => s(r, "figure").and_then(|k| figure_of(b, k)),
            };
            let Some(i) = found else {
                return vec![];
            };
            vec![(
                Stage::NameTextVsTable,
                i,
                finding(
                    class,
                    "warning",
                    format!(
                        "the text lists {}, the tables print {}",
                        r["actual"], r["expected"]
                    ),
                    s(r, "expected"),
                    s(r, "actual"),
                    vec![json!({"figure": i})],
                ),
            )]
        }
        "name.catalogue" | "code.parent" | "code.catalogue" => coded_row(b, r, class),
        "table.carryover_total" => carryover(b, r),
        "narrative.final_vs_budget" => text(
            Stage::FinalVsBudget,
            "error",
            format!(
                "the text says 决算数{}预算数, it is {}",
                r["actual"], r["expected"]
            ),
        ),
        "narrative.change_vs_last_year" => text(
            Stage::LastYear,
            "error",
            format!(
                "{} of last year's {} 万元 is {}%, the text states {}%",
                r["amount"], r["last"], r["expected"], r["actual"]
            ),
        ),
        "narrative.last_year_conflict" => last_year_conflict(b, r),
        "text.final_wording" => final_wording(b, r),
        "code.revenue_vs_expenditure" => revenue_vs_expenditure(b, r),
        // performance.cost_sum and narrative.breakdown_sum are derived from what is printed.
        _ => vec![],
    }
}

/// A finding at one coded record of the table of the record's kind.
fn coded_row(b: &Built, r: &Value, class: &str) -> Vec<(Stage, usize, Value)> {
    let Some(t) = s(r, "table_kind").and_then(|k| table(b, k)) else {
        return vec![];
    };
    let Some(ri) = s(r, "code").and_then(|c| record_of(t, c)) else {
        return vec![];
    };
    let pos = b.tables.iter().position(|x| x.id == t.id).unwrap_or(0) * 10_000 + ri;
    let code = s(r, "code");
    let (stage, severity, expected, actual) = match class {
        "name.catalogue" => (
            Stage::NameCatalogue,
            "warning",
            s(r, "expected"),
            s(r, "actual"),
        ),
        "code.parent" => (Stage::Codes, "error", s(r, "expected"), code),
        _ => (Stage::Codes, "warning", None, code),
    };
    vec![(
        stage,
        pos,
        finding(
            class,
            severity,
            format!("{} record {ri}: {class}", t.id),
            expected,
            actual,
            vec![json!({"table": t.id, "record": ri})],
        ),
    )]
}

/// `table.carryover_total` at the 总计 cell of the record's side.
fn carryover(b: &Built, r: &Value) -> Vec<(Stage, usize, Value)> {
    let Some((ti, t)) = b
        .tables
        .iter()
        .enumerate()
        .find(|(_, t)| Some(t.kind.as_str()) == s(r, "table_kind"))
    else {
        return vec![];
    };
    let Some(ri) = t
        .records
        .iter()
        .position(|x| x.side.as_deref() == s(r, "side") && x.name.as_deref() == Some("总计"))
    else {
        return vec![];
    };
    vec![(
        Stage::Carryover,
        ti,
        finding(
            "table.carryover_total",
            "error",
            format!(
                "{} 总计: 本年合计 + 结转结余 lines = {}, stated {}",
                t.id, r["actual"], r["expected"]
            ),
            s(r, "expected"),
            s(r, "actual"),
            vec![json!({"table": t.id, "record": ri, "column": "amount"})],
        ),
    )]
}

/// `narrative.last_year_conflict`: at the keyed figure whose change contradicts the stated
/// last-year figure, or (a restated change, checked first) at the keyed figure and its
/// restatement (the unkeyed figure of the same value whose change amount is `restated`).
fn last_year_conflict(b: &Built, r: &Value) -> Vec<(Stage, usize, Value)> {
    let Some(i) = s(r, "figure").and_then(|k| figure_of(b, k)) else {
        return vec![];
    };
    let (pos, at) = match s(r, "restated") {
        Some(amount) => {
            let figs = &b.narrative.figures;
            let Some(j) = (0..figs.len()).find(|&j| {
                figs[j].key.is_none()
                    && figs[j].value == figs[i].value
                    && figs[j].change.as_ref().and_then(|c| c.amount.as_deref()) == Some(amount)
            }) else {
                return vec![];
            };
            (j, vec![json!({"figure": i}), json!({"figure": j})])
        }
        None => (10_000 + i, vec![json!({"figure": i})]),
    };
    vec![(
        Stage::LastYearConflict,
        pos,
        finding(
            "narrative.last_year_conflict",
            s(r, "severity").unwrap_or("error"),
            format!(
                "last year's figure {} 万元 given as {} 万元",
                r["expected"], r["actual"]
            ),
            s(r, "expected"),
            s(r, "actual"),
            at,
        ),
    )]
}

/// The grand-total record of a table: its only total record, or among several the one named
/// …总计 (as the checker resolves a table's 合计).
fn grand_total(t: &TableOut) -> Option<usize> {
    let totals: Vec<usize> = (0..t.records.len())
        .filter(|&i| t.records[i].total)
        .collect();
    match totals[..] {
        [one] => Some(one),
        _ => totals.into_iter().find(|&i| {
            t.records[i]
                .name
                .as_deref()
                .is_some_and(|n| n.contains("总计"))
        }),
    }
}

/// `text.final_wording`: a figure named 预算 at its 支出决算表 cell (the 基本支出 / 项目支出
/// column of the 合计 row), or a table headed 预算数.
fn final_wording(b: &Built, r: &Value) -> Vec<(Stage, usize, Value)> {
    let at = if let Some(kind) = s(r, "table_kind") {
        let Some(ti) = b.tables.iter().position(|t| t.kind == kind) else {
            return vec![];
        };
        (10_000 + ti, vec![json!({"table": b.tables[ti].id})])
    } else {
        let Some(i) = s(r, "figure").and_then(|k| figure_of(b, k)) else {
            return vec![];
        };
        let column = match s(r, "figure") {
            Some("project_expenditure") => "project",
            _ => "basic",
        };
        let Some((t, ri)) = table(b, "expenditure").and_then(|t| Some((t, grand_total(t)?))) else {
            return vec![];
        };
        (
            i,
            vec![
                json!({"figure": i}),
                json!({"table": t.id, "record": ri, "column": column}),
            ],
        )
    };
    vec![(
        Stage::FinalWording,
        at.0,
        finding(
            "text.final_wording",
            "warning",
            format!("a 决算 names its 决算数 {}", r["actual"]),
            s(r, "expected"),
            s(r, "actual"),
            at.1,
        ),
    )]
}

/// The recoded 项: in the 收入 table without its 支出 row, and the 支出 row without its 收入 one.
fn revenue_vs_expenditure(b: &Built, r: &Value) -> Vec<(Stage, usize, Value)> {
    let mut out = Vec::new();
    for (k, (kind, key)) in [("revenue", "revenue"), ("expenditure", "expenditure")]
        .into_iter()
        .enumerate()
    {
        let Some(t) = table(b, kind) else { continue };
        let Some(ri) = s(r, key).and_then(|c| record_of(t, c)) else {
            continue;
        };
        out.push((
            Stage::RevenueVsExpenditure,
            k * 10_000 + ri,
            finding(
                "code.revenue_vs_expenditure",
                "warning",
                format!("{} record {ri}: not in the other table", t.id),
                s(r, key),
                None,
                vec![json!({"table": t.id, "record": ri})],
            ),
        ));
    }
    out
}

/// A doubled symbol in a table cell: the record whose target prints it.
fn doubled_cell(b: &Built, r: &Value) -> Vec<(Stage, usize, Value)> {
    let (Some(kind), Some(target)) = (s(r, "table_kind"), s(r, "target")) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (ti, t) in b.tables.iter().enumerate().filter(|(_, t)| t.kind == kind) {
        for (ri, rec) in t.records.iter().enumerate() {
            if rec.values.get("target").and_then(Value::as_str) == Some(target) {
                out.push((
                    Stage::DoubledCell,
                    ti * 10_000 + ri,
                    finding(
                        "text.doubled_symbol",
                        "warning",
                        format!("{} record {ri}: doubled symbol in “{target}”", t.id),
                        None,
                        Some(target),
                        vec![json!({"table": t.id, "record": ri, "column": "target"})],
                    ),
                ));
            }
        }
    }
    out
}

/// An amount in 万元 from a 成本指标 value `<=X万`.
fn cost(target: &str) -> Option<Decimal> {
    target.strip_prefix("<=")?.strip_suffix('万')?.parse().ok()
}

/// `performance.cost_sum`: a 绩效目标表 whose printed 成本指标 add up to more than its printed
/// 年度资金总额 (the cell after the label); `notice` within their rounding.
fn cost_sums(b: &Built) -> Vec<(Stage, usize, Value)> {
    let mut out = Vec::new();
    for (ti, t) in b.tables.iter().enumerate() {
        if t.kind != "performance_targets" {
            continue;
        }
        let cells = &t.grid.cells;
        let Some(k) = cells
            .iter()
            .position(|c| c.text.starts_with("年度资金总额"))
        else {
            continue;
        };
        let Some(funds) = cells
            .get(k + 1)
            .and_then(|c| c.text.trim().parse::<Decimal>().ok())
        else {
            continue;
        };
        let costs: Vec<(usize, Decimal)> = t
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.values.get("level2").and_then(Value::as_str) == Some("成本指标"))
            .filter_map(|(i, r)| Some((i, cost(r.values.get("target")?.as_str()?)?)))
            .collect();
        let sum: Decimal = costs.iter().map(|(_, v)| *v).sum();
        if costs.is_empty() || sum <= funds {
            continue;
        }
        let scale = crate::expected::max_scale(costs.iter().map(|(_, v)| v));
        let severity = crate::expected::rounding_severity(funds, sum, costs.len(), scale);
        out.push((
            Stage::Performance,
            ti,
            finding(
                "performance.cost_sum",
                severity,
                format!(
                    "{}: 成本指标 sum to {} 万元, 年度资金总额 {funds} 万元",
                    t.id,
                    sum.normalize()
                ),
                Some(&funds.to_string()),
                Some(&sum.to_string()),
                costs
                    .iter()
                    .map(|(i, _)| json!({"table": t.id, "record": i, "column": "target"}))
                    .collect(),
            ),
        ));
    }
    out
}

/// The audit findings of `b`, each with its stage number, in the checker's order.
pub fn findings(b: &Built) -> Vec<(u32, Value)> {
    let mut all: Vec<(Stage, usize, Value)> = cost_sums(b);
    for r in &b.variation.audit {
        all.extend(of_record(b, r));
    }
    all.sort_by(|a, b| {
        (a.0 as u32, a.1)
            .partial_cmp(&(b.0 as u32, b.1))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    all.into_iter().map(|(s, _, v)| (s as u32, v)).collect()
}

/// The warnings an injection makes the reader give: `table.code_parts` for a code whose parts,
/// printed in 类/款/项 columns, are not 3+2+2 digits (it keeps them as printed).
pub fn warnings(b: &Built) -> Vec<Value> {
    let mut out = Vec::new();
    for r in &b.variation.audit {
        let Some(parts) = r["parts"].as_array() else {
            continue;
        };
        // Blank code cells are no part; one part is a whole code.
        let parts: Vec<&str> = parts
            .iter()
            .filter_map(Value::as_str)
            .filter(|p| !p.is_empty())
            .collect();
        let regular =
            parts.len() < 2 || (parts[0].len() == 3 && parts[1..].iter().all(|p| p.len() == 2));
        let Some(t) = s(r, "table_kind").and_then(|k| table(b, k)) else {
            continue;
        };
        let Some(ri) = s(r, "code").and_then(|c| record_of(t, c)) else {
            continue;
        };
        if regular {
            continue;
        }
        let row = t.records[ri].row;
        out.push(json!({
            "code": "table.code_parts",
            "message": format!(
                "{}: classification code parts {parts:?} (row {row}) are not 3+2+2 digits; kept as printed",
                t.id
            ),
            "at": format!("{} row {row}", t.id),
        }));
    }
    out
}
