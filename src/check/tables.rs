//! Table rules: `table.parent_sum`, `table.total_row`, `table.row_sum`, `cross.totals`.

use super::{
    agree, at_cell, column_label, convert, is_text, record_label, table_label, table_unit,
    unit_suffix, value,
};
use crate::model::{Check, DocKind, Document, Record, Severity, Side, TableKind, TableOut};
use crate::recognize::catalog;
use rust_decimal::Decimal;

/// Kinds whose values are text, never summed.
const TEXT_KINDS: &[TableKind] = &[TableKind::PerformanceTargets];

/// The sides of a table: `[None]` for one-sided tables, else the column sides in order.
pub(super) fn sides(t: &TableOut) -> Vec<Option<Side>> {
    let mut out: Vec<Option<Side>> = Vec::new();
    for c in &t.columns {
        let s = c.side;
        if !out.contains(&s) {
            out.push(s);
        }
    }
    if out.is_empty() {
        out.push(None);
    }
    out
}

/// Records of one side with their index in `t.records`.
pub(super) fn side_records(t: &TableOut, side: Option<Side>) -> Vec<(usize, &Record)> {
    t.records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.side == side)
        .collect()
}

/// Column keys of one side, in order, once each.
fn side_keys(t: &TableOut, side: Option<Side>) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for c in &t.columns {
        if c.side == side && !out.contains(&c.key.as_str()) {
            out.push(&c.key);
        }
    }
    out
}

/// Keys of one side that hold at least one number and no text.
fn numeric_keys(t: &TableOut, side: Option<Side>) -> Vec<&str> {
    let recs = side_records(t, side);
    side_keys(t, side)
        .into_iter()
        .filter(|k| {
            recs.iter().any(|(_, r)| value(r, k).is_some())
                && !recs.iter().any(|(_, r)| is_text(r, k))
        })
        .collect()
}

/// Tables the sum rules leave alone: empty ones, text tables, and tables of
/// unknown kind (often a fragment of a table split across pages, whose rows
/// and columns cannot be trusted to be complete).
fn skipped(t: &TableOut) -> bool {
    t.empty || t.kind == TableKind::Unknown || TEXT_KINDS.contains(&t.kind)
}

/// The finest printed precision of a table's amounts (2 for `205.68`).
fn table_scale(t: &TableOut) -> u32 {
    t.records
        .iter()
        .flat_map(|r| r.values.0.iter())
        .filter_map(|(_, v)| super::parse(v))
        .map(|d| d.scale())
        .max()
        .unwrap_or(0)
}

/// Does `sum` (of `parts` amounts) agree with `stated`? Amounts in 元 are
/// exact to the 分: equal. Amounts in 万元/亿元 (or an unread unit) are
/// rounded conversions: each printed amount may be off by half a unit of the
/// table's printed precision, so a difference up to that times (parts + 1) is
/// rounding, not a mistake.
pub(super) fn sum_agrees(
    stated: Decimal,
    sum: Decimal,
    parts: usize,
    unit: Option<&str>,
    scale: u32,
) -> bool {
    if unit == Some("元") {
        return stated == sum;
    }
    let half = Decimal::try_new(5, scale + 1).unwrap_or(Decimal::ZERO);
    // Amounts too large to subtract or scale cannot be judged: no finding.
    let (Some(tol), Some(diff)) = (
        half.checked_mul(Decimal::from(parts as u64 + 1)),
        stated.checked_sub(sum),
    ) else {
        return true;
    };
    diff.abs() <= tol
}

/// The grand-total record of a side: the only `total` record, or among
/// several the only one named …总计. `None` when ambiguous.
pub(super) fn grand_total(t: &TableOut, side: Option<Side>) -> Option<(usize, &Record)> {
    let totals: Vec<(usize, &Record)> = side_records(t, side)
        .into_iter()
        .filter(|(_, r)| r.total)
        .collect();
    match totals.as_slice() {
        [one] => Some(*one),
        [] => None,
        many => {
            let named: Vec<&(usize, &Record)> = many
                .iter()
                .filter(|(_, r)| r.name.as_deref().is_some_and(|n| n.ends_with("总计")))
                .collect();
            match named.as_slice() {
                [one] => Some(**one),
                _ => None,
            }
        }
    }
}

fn push(
    out: &mut Vec<Check>,
    rule: &str,
    message: String,
    expected: String,
    actual: String,
    at: Vec<serde_json::Value>,
) {
    out.push(Check {
        rule: rule.to_string(),
        severity: Severity::Error,
        message,
        expected: Some(expected),
        actual: Some(actual),
        at,
    });
}

/// Sum of `key` over records and how many were not blank; `None` when every one is blank.
fn sum_of(recs: &[(usize, &Record)], key: &str) -> Option<(Decimal, usize)> {
    let mut n = 0;
    let mut sum = Decimal::ZERO;
    for (_, r) in recs {
        if let Some(v) = value(r, key) {
            n += 1;
            sum = sum.checked_add(v)?;
        }
    }
    (n > 0).then_some((sum, n))
}

// ---------------------------------------------------------------- parent_sum

/// 类 = Σ 款 and 款 = Σ 项 (children by code prefix, one level down).
pub(super) fn parent_sum(t: &TableOut, out: &mut Vec<Check>) {
    if skipped(t) {
        return;
    }
    // A table without its 合计 row may be the first part of a table split
    // across pages, its last class cut off from some of its items.
    if !t.records.iter().any(|r| r.total) {
        return;
    }
    let unit = unit_suffix(t.unit.as_deref());
    let scale = table_scale(t);
    for side in sides(t) {
        let recs = side_records(t, side);
        let keys = numeric_keys(t, side);
        for &(pi, p) in &recs {
            let (Some(code), Some(level)) = (p.code.as_deref(), p.level) else {
                continue;
            };
            if p.total || !(1..=2).contains(&level) {
                continue;
            }
            let children: Vec<(usize, &Record)> = recs
                .iter()
                .filter(|(_, c)| {
                    !c.total
                        && c.level == Some(level + 1)
                        && c.code
                            .as_deref()
                            .is_some_and(|cc| cc.len() > code.len() && cc.starts_with(code))
                })
                .copied()
                .collect();
            if children.is_empty() {
                continue;
            }
            let child_word = if level == 1 { "款" } else { "项" };
            for key in &keys {
                let Some(pv) = value(p, key) else { continue };
                let Some((sum, n)) = sum_of(&children, key) else {
                    continue;
                };
                if !sum_agrees(pv, sum, n, t.unit.as_deref(), scale) {
                    push(
                        out,
                        "table.parent_sum",
                        format!(
                            "{} {} {}: {} rows sum to {}{unit}, stated {}{unit}",
                            table_label(t),
                            record_label(p),
                            column_label(t, key, side),
                            child_word,
                            sum,
                            pv
                        ),
                        pv.to_string(),
                        sum.to_string(),
                        vec![at_cell(t, pi, key)],
                    );
                }
            }
        }
    }
}

// ---------------------------------------------------------------- total_row

/// Funds that 收支总表 list under 财政拨款 (sub-items, not added to the total).
const FUND_SUBITEMS: &[&str] = &["一般公共预算", "政府性基金", "国有资本经营"];

/// A name without a leading list marker (`1.`, `（1）`, `其中：`).
fn strip_marker(name: &str) -> &str {
    let mut s = name.trim();
    for p in ["其中：", "其中:", "其中"] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest;
        }
    }
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len() {
        for sep in ['.', '、', '．'] {
            if let Some(rest) = digits.strip_prefix(sep) {
                return rest;
            }
        }
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(rest) = s.strip_prefix(open)
            && let Some(pos) = rest.find(close)
            && rest[..pos].chars().all(|c| c.is_ascii_digit())
            && pos > 0
        {
            return &rest[pos + close.len_utf8()..];
        }
    }
    s
}

/// `一、…`: a top-level item of a numbered list.
fn top_level_marker(name: &str) -> bool {
    let s = name.trim();
    let head: String = s
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    !head.is_empty() && s[head.len()..].starts_with('、')
}

fn name_of(r: &Record) -> &str {
    r.name.as_deref().unwrap_or("")
}

fn has_number(r: &Record) -> bool {
    r.values.0.iter().any(|(_, v)| super::parse(v).is_some())
}

/// The records a side's grand total adds up, `None` when the structure is unclear.
fn total_components<'a>(
    recs: &[(usize, &'a Record)],
    summary_style: bool,
) -> Option<Vec<(usize, &'a Record)>> {
    let nt: Vec<(usize, &Record)> = recs.iter().filter(|(_, r)| !r.total).copied().collect();
    let coded: Vec<(usize, &Record)> = nt
        .iter()
        .filter(|(_, r)| r.code.is_some())
        .copied()
        .collect();
    let uncoded_with_values = nt.iter().any(|(_, r)| r.code.is_none() && has_number(r));
    if !coded.is_empty() {
        if uncoded_with_values {
            return None;
        }
        let min_level = coded.iter().filter_map(|(_, r)| r.level).min()?;
        if min_level != 1 && coded.iter().any(|(_, r)| r.level != Some(min_level)) {
            return None;
        }
        return Some(
            coded
                .into_iter()
                .filter(|(_, r)| r.level == Some(min_level))
                .collect(),
        );
    }
    // Uncoded rows add up to the total only in 收支总表-style tables.
    if !summary_style {
        return None;
    }
    if nt.iter().any(|(_, r)| top_level_marker(name_of(r))) {
        return Some(
            nt.into_iter()
                .filter(|(_, r)| top_level_marker(name_of(r)))
                .collect(),
        );
    }
    let has_fiscal_parent = nt.iter().any(|(_, r)| {
        let n = strip_marker(name_of(r));
        n.contains("财政拨款") && !FUND_SUBITEMS.iter().any(|f| n.starts_with(f))
    });
    Some(
        nt.into_iter()
            .filter(|(_, r)| {
                let raw = name_of(r).trim();
                if raw.starts_with("其中") {
                    return false;
                }
                let n = strip_marker(raw);
                !(has_fiscal_parent && FUND_SUBITEMS.iter().any(|f| n.starts_with(f)))
            })
            .collect(),
    )
}

/// The 合计/总计 record = Σ level-1 records (or Σ uncoded records of its side).
pub(super) fn total_row(t: &TableOut, out: &mut Vec<Check>) {
    if skipped(t) {
        return;
    }
    let unit = unit_suffix(t.unit.as_deref());
    let scale = table_scale(t);
    let summary_style = [SUMMARY, FISCAL].contains(&t.kind);
    for side in sides(t) {
        let recs = side_records(t, side);
        let Some((ti, total)) = grand_total(t, side) else {
            continue;
        };
        // Several total rows on one side (本年收入合计 … 收入总计): not a plain sum.
        if recs.iter().filter(|(_, r)| r.total).count() > 1 {
            continue;
        }
        let Some(parts) = total_components(&recs, summary_style) else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        for key in numeric_keys(t, side) {
            let Some(tv) = value(total, key) else {
                continue;
            };
            let Some((sum, n)) = sum_of(&parts, key) else {
                continue;
            };
            if !sum_agrees(tv, sum, n, t.unit.as_deref(), scale) {
                push(
                    out,
                    "table.total_row",
                    format!(
                        "{} {} {}: rows sum to {}{unit}, stated {}{unit}",
                        table_label(t),
                        record_label(total),
                        column_label(t, key, side),
                        sum,
                        tv
                    ),
                    tv.to_string(),
                    sum.to_string(),
                    vec![at_cell(t, ti, key)],
                );
            }
        }
    }
}

// ---------------------------------------------------------------- row_sum

/// `target` = Σ `required` + Σ `optional` (those present) within one record.
/// Applies when the side has the target and every required column, at least one
/// component, and no other numeric column beyond `allowed` (an unknown column
/// could be a component).
pub struct RowRelation {
    pub target: &'static str,
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
    pub allowed: &'static [&'static [&'static str]],
}

const FUNDS: &[&str] = &[
    "general_budget",
    "gov_fund",
    "state_capital",
    "special_account",
    "business",
    "operating",
    "other",
];

const ECONOMIC: &[&str] = &[
    "wages",
    "goods_services",
    "household_subsidy",
    "debt_interest",
    "capital_construction",
    "capital",
    "enterprise_subsidy_construction",
    "enterprise_subsidy",
    "social_security_subsidy",
    "other_expenditure",
];

/// The 决算数 columns of a “三公” table, and the 预算数 ones a 决算 table prints beside them
/// (catalog `BUDGET_KEYS`): a relation over one set allows the other.
const THREE_PUBLIC: &[&str] = catalog::THREE_PUBLIC_KEYS;
const THREE_PUBLIC_BUDGET: &[&str] = catalog::BUDGET_KEYS;

/// The within-record relations, as data.
pub const ROW_RELATIONS: &[RowRelation] = &[
    // 合计 = 基本支出 + 项目支出
    RowRelation {
        target: "total",
        required: &["basic", "project"],
        optional: &[],
        allowed: &[&["personnel", "public"]],
    },
    // 基本支出 = 人员经费 + 公用经费
    RowRelation {
        target: "basic",
        required: &["personnel", "public"],
        optional: &[],
        allowed: &[&["total", "project"]],
    },
    // 合计 = 人员经费 + 公用经费 (+ 项目支出) when 基本支出 is not printed
    RowRelation {
        target: "total",
        required: &["personnel", "public"],
        optional: &["project"],
        allowed: &[],
    },
    // 三公 合计 = 因公出国 + 公务用车购置及运行 + 公务接待 (a 决算 table prints 预算数 beside)
    RowRelation {
        target: "total",
        required: &["outbound", "vehicle_total", "reception"],
        optional: &[],
        allowed: &[
            &[
                "vehicle_purchase",
                "vehicle_operation",
                "operating_expenses",
            ],
            THREE_PUBLIC_BUDGET,
        ],
    },
    // 三公 合计 without a 公务用车 subtotal column
    RowRelation {
        target: "total",
        required: &[
            "outbound",
            "vehicle_purchase",
            "vehicle_operation",
            "reception",
        ],
        optional: &[],
        allowed: &[&["operating_expenses"]],
    },
    // 公务用车购置及运行费 = 购置费 + 运行费
    RowRelation {
        target: "vehicle_total",
        required: &["vehicle_purchase", "vehicle_operation"],
        optional: &[],
        allowed: &[
            &["total", "outbound", "reception", "operating_expenses"],
            THREE_PUBLIC_BUDGET,
        ],
    },
    // 决算 三公 预算数: 合计 = 因公出国 + 公务用车购置及运行 + 公务接待
    RowRelation {
        target: "budget_total",
        required: &[
            "budget_outbound",
            "budget_vehicle_total",
            "budget_reception",
        ],
        optional: &[],
        allowed: &[THREE_PUBLIC, THREE_PUBLIC_BUDGET],
    },
    // 决算 三公 预算数: 公务用车购置及运行费 = 购置费 + 运行费
    RowRelation {
        target: "budget_vehicle_total",
        required: &["budget_vehicle_purchase", "budget_vehicle_operation"],
        optional: &[],
        allowed: &[THREE_PUBLIC, THREE_PUBLIC_BUDGET],
    },
    // 收入 合计 = 一般公共预算 + 政府性基金 + 国有资本经营 + 财政专户 + 事业 + 经营 + 其他
    RowRelation {
        target: "total",
        required: &[],
        optional: FUNDS,
        allowed: &[],
    },
    // 收入 合计 = 财政拨款 + 财政专户 + 事业 + 经营 + 其他
    RowRelation {
        target: "total",
        required: &["fiscal"],
        optional: &["special_account", "business", "operating", "other"],
        allowed: &[&["general_budget", "gov_fund", "state_capital"]],
    },
    // 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营
    RowRelation {
        target: "fiscal",
        required: &[],
        optional: &["general_budget", "gov_fund", "state_capital"],
        allowed: &[&["total", "special_account", "business", "operating", "other"]],
    },
    // 项目支出合计 = Σ 经济分类
    RowRelation {
        target: "total",
        required: &[],
        optional: ECONOMIC,
        allowed: &[],
    },
];

/// Components of `rel` present on a side (`None` when the relation does not apply).
fn applicable<'a>(
    rel: &RowRelation,
    numeric: &[&'a str],
    keys: &[&'a str],
) -> Option<Vec<&'a str>> {
    if !keys.contains(&rel.target) || !rel.required.iter().all(|k| keys.contains(k)) {
        return None;
    }
    let others = numeric.iter().any(|k| {
        *k != rel.target
            && !rel.required.contains(k)
            && !rel.optional.contains(k)
            && !rel.allowed.iter().any(|g| g.contains(k))
    });
    if others {
        return None;
    }
    let comps: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| rel.required.contains(k) || rel.optional.contains(k))
        .collect();
    (!comps.is_empty()).then_some(comps)
}

/// Within a record, a column = Σ its component columns ([`ROW_RELATIONS`]).
pub(super) fn row_sum(t: &TableOut, out: &mut Vec<Check>) {
    if skipped(t) {
        return;
    }
    let unit = unit_suffix(t.unit.as_deref());
    let scale = table_scale(t);
    for side in sides(t) {
        let keys = side_keys(t, side);
        let numeric = numeric_keys(t, side);
        let rels: Vec<(&RowRelation, Vec<&str>)> = ROW_RELATIONS
            .iter()
            .filter_map(|rel| applicable(rel, &numeric, &keys).map(|c| (rel, c)))
            .collect();
        for (ri, r) in side_records(t, side) {
            for (rel, comps) in &rels {
                if comps.iter().any(|k| is_text(r, k)) {
                    continue;
                }
                let Some(tv) = value(r, rel.target) else {
                    continue;
                };
                let mut n = 0;
                let mut sum = Some(Decimal::ZERO);
                for k in comps {
                    if let Some(v) = value(r, k) {
                        n += 1;
                        sum = sum.and_then(|s| s.checked_add(v));
                    }
                }
                let Some(sum) = sum else { continue };
                if n == 0 || sum_agrees(tv, sum, n, t.unit.as_deref(), scale) {
                    continue;
                }
                let names: Vec<String> = comps.iter().map(|k| column_label(t, k, side)).collect();
                push(
                    out,
                    "table.row_sum",
                    format!(
                        "{} {} {}: {} sum to {}{unit}, stated {}{unit}",
                        table_label(t),
                        record_label(r),
                        column_label(t, rel.target, side),
                        names.join(" + "),
                        sum,
                        tv
                    ),
                    tv.to_string(),
                    sum.to_string(),
                    vec![at_cell(t, ri, rel.target)],
                );
            }
        }
    }
}

// ---------------------------------------------------------------- cross.totals

/// A total cell chosen by table kind, side and the first present column key.
#[derive(Clone, Copy)]
pub struct TotalCell {
    pub kind: TableKind,
    pub side: Option<Side>,
    pub columns: &'static [&'static str],
}

/// Two tables printing the same total. `budget_only`: pairs that differ by
/// carry-overs in final accounts (决算).
pub struct CrossTotal {
    pub expected: TotalCell,
    pub actual: TotalCell,
    pub budget_only: bool,
}

const fn cell(kind: TableKind, side: Option<Side>, columns: &'static [&'static str]) -> TotalCell {
    TotalCell {
        kind,
        side,
        columns,
    }
}

const SUMMARY: TableKind = TableKind::RevenueExpenditureSummary;
const FISCAL: TableKind = TableKind::FiscalSummary;
const GBE: TableKind = TableKind::GeneralBudgetExpenditure;
const TOTAL: &[&str] = &["total", "amount"];

/// Totals that must agree across (or within) tables, as data.
pub const CROSS_TOTALS: &[CrossTotal] = &[
    // 收支总表: 收入总计 = 支出总计
    CrossTotal {
        expected: cell(SUMMARY, Some(Side::Revenue), TOTAL),
        actual: cell(SUMMARY, Some(Side::Expenditure), TOTAL),
        budget_only: false,
    },
    // 收入总表 合计 = 收支总表 收入总计
    CrossTotal {
        expected: cell(SUMMARY, Some(Side::Revenue), TOTAL),
        actual: cell(TableKind::Revenue, None, TOTAL),
        budget_only: true,
    },
    // 支出总表 合计 = 收支总表 支出总计
    CrossTotal {
        expected: cell(SUMMARY, Some(Side::Expenditure), TOTAL),
        actual: cell(TableKind::Expenditure, None, TOTAL),
        budget_only: true,
    },
    // 财政拨款收支总表: 收入总计 = 支出总计
    CrossTotal {
        expected: cell(FISCAL, Some(Side::Revenue), TOTAL),
        actual: cell(FISCAL, Some(Side::Expenditure), TOTAL),
        budget_only: false,
    },
    // 一般公共预算支出表 合计 = 财政拨款收支总表 支出 一般公共预算
    CrossTotal {
        expected: cell(FISCAL, Some(Side::Expenditure), &["general_budget"]),
        actual: cell(GBE, None, TOTAL),
        budget_only: true,
    },
    // 一般公共预算基本支出表 合计 = 一般公共预算支出表 基本支出
    CrossTotal {
        expected: cell(GBE, None, &["basic"]),
        actual: cell(TableKind::GeneralBudgetBasicExpenditure, None, TOTAL),
        budget_only: false,
    },
    // 一般公共预算项目支出表 合计 = 一般公共预算支出表 项目支出
    CrossTotal {
        expected: cell(GBE, None, &["project"]),
        actual: cell(TableKind::GeneralBudgetProjectExpenditure, None, TOTAL),
        budget_only: false,
    },
    // 政府性基金预算支出表 合计 = 财政拨款收支总表 支出 政府性基金预算
    CrossTotal {
        expected: cell(FISCAL, Some(Side::Expenditure), &["gov_fund"]),
        actual: cell(TableKind::GovFundExpenditure, None, TOTAL),
        budget_only: true,
    },
    // 国有资本经营预算支出表 合计 = 财政拨款收支总表 支出 国有资本经营预算
    CrossTotal {
        expected: cell(FISCAL, Some(Side::Expenditure), &["state_capital"]),
        actual: cell(TableKind::StateCapitalExpenditure, None, TOTAL),
        budget_only: true,
    },
];

/// A resolved total cell.
pub(super) struct Resolved<'a> {
    pub table: &'a TableOut,
    pub record: usize,
    pub key: &'static str,
    pub value: Decimal,
}

/// The only non-empty table of a kind (`None` when absent or repeated).
pub(super) fn only_table(doc: &Document, kind: TableKind) -> Option<&TableOut> {
    let mut found = doc.tables.iter().filter(|t| t.kind == kind && !t.empty);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// The value of a total cell: the grand-total record of its side, or the only
/// record of the side when none is marked total (三公 tables print one row).
pub(super) fn resolve<'a>(doc: &'a Document, c: &TotalCell) -> Option<Resolved<'a>> {
    let t = only_table(doc, c.kind)?;
    let side = if t.columns.iter().any(|col| col.side.is_some()) {
        c.side?;
        c.side
    } else {
        None
    };
    let keys = side_keys(t, side);
    let key = *c.columns.iter().find(|k| keys.contains(k))?;
    let (ri, r) = match grand_total(t, side) {
        Some(x) => x,
        None => {
            let recs = side_records(t, side);
            match recs.as_slice() {
                [one] if !recs.iter().any(|(_, r)| r.total) => *one,
                _ => return None,
            }
        }
    };
    let v = value(r, key)?;
    Some(Resolved {
        table: t,
        record: ri,
        key,
        value: v,
    })
}

/// Label of a resolved cell: `表1 部门收支总体情况表 收入总计 预算数`.
pub(super) fn resolved_label(r: &Resolved<'_>) -> String {
    let rec = &r.table.records[r.record];
    format!(
        "{} {} {}",
        table_label(r.table),
        record_label(rec),
        column_label(r.table, r.key, rec.side)
    )
}

/// Totals printed in two tables agree ([`CROSS_TOTALS`]).
pub(super) fn cross_totals(doc: &Document, fallback: Option<&str>, out: &mut Vec<Check>) {
    let final_account = doc.document.kind == DocKind::FinalAccount;
    for pair in CROSS_TOTALS {
        if pair.budget_only && final_account {
            continue;
        }
        let (Some(e), Some(a)) = (resolve(doc, &pair.expected), resolve(doc, &pair.actual)) else {
            continue;
        };
        let (Some(ue), Some(ua)) = (table_unit(e.table, fallback), table_unit(a.table, fallback))
        else {
            continue;
        };
        // A budget summary's 支出总计 may include 结转下年 (universities): the 支出 table's
        // 合计 is this year's spending only.
        let carry = if e.table.kind == SUMMARY && a.table.kind != SUMMARY {
            carry_forward(&e)
        } else {
            Decimal::ZERO
        };
        let Some(ev) = e.value.checked_sub(carry) else {
            continue;
        };
        if agree(ev, ue, a.value, ua) != Some(false) {
            continue;
        }
        let actual = if ue == ua {
            a.value.to_string()
        } else {
            match convert(a.value, ua, ue) {
                Some(v) => super::show(v),
                None => continue,
            }
        };
        push(
            out,
            "cross.totals",
            format!(
                "{} {}{} {ue} ≠ {} {} {ua}",
                resolved_label(&e),
                e.value,
                if carry.is_zero() {
                    String::new()
                } else {
                    format!(" − 结转下年 {carry} = {ev}")
                },
                resolved_label(&a),
                a.value
            ),
            ev.to_string(),
            actual,
            vec![
                at_cell(e.table, e.record, e.key),
                at_cell(a.table, a.record, a.key),
            ],
        );
    }
}

/// Σ of the 结转下年 / 年末结转 lines on the side of a resolved summary total.
fn carry_forward(e: &Resolved<'_>) -> Decimal {
    let side = e.table.records[e.record].side;
    side_records(e.table, side)
        .into_iter()
        .filter(|(_, r)| {
            !r.total
                && r.name.as_deref().is_some_and(|n| {
                    let n: String = n.chars().filter(|c| !c.is_whitespace()).collect();
                    n.contains("结转下年") || n.starts_with("年末结转")
                })
        })
        .filter_map(|(_, r)| value(r, e.key))
        .fold(Decimal::ZERO, |a, v| a.checked_add(v).unwrap_or(a))
}
