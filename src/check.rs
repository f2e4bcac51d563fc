//! `check`: consistency findings about a document (its tables and text disagreeing).
//!
//! A pure function over the recognized [`Document`]. Every comparison is exact
//! ([`rust_decimal::Decimal`], never `f64`), and rounding is not a mistake:
//! - the same amount printed twice (cross-table totals, a figure vs its table
//!   cell) must be equal in one unit; across units (元/万元/亿元, converted
//!   exactly) it may differ by half a unit of the coarser printed precision;
//! - a sum of printed amounts in 万元/亿元 (each a rounded conversion from 元)
//!   may differ from the printed total by half a unit of the table's precision
//!   per amount involved; in 元 (exact to the 分) it must be equal;
//! - a percent is judged against the range its rounded inputs allow.
//!
//! Rules (see `OUTPUT.md`, Checks):
//! - `table.parent_sum`: 类 = Σ 款, 款 = Σ 项 (by code prefix), per value column.
//! - `table.total_row`: the 合计/总计 record = Σ level-1 records (or Σ uncoded
//!   records of that side in 收支总表-style tables).
//! - `table.row_sum`: within a record, a column = Σ component columns
//!   ([`tables::ROW_RELATIONS`]).
//! - `cross.totals`: the same total printed in two tables ([`tables::CROSS_TOTALS`]).
//! - `narrative.figure_vs_table`: a keyed figure vs its table cell ([`narrative::FIGURE_SOURCES`]).
//! - `narrative.allocation_sum`: a project's allocations vs its stated amount.
//! - `narrative.change_percent`: stated change percent vs amount / previous (warning).
//! - `narrative.share_sum`: shares of one breakdown that miss 100% (warning).
//! - `narrative.share_percent`: a share of a breakdown vs amount / Σ amounts (warning).
//! - `text.final_wording`: a 决算 naming its 决算数 预算 (warning).
//! - audit rules (`audit.rs`, `text.rs`, `last_year.rs`): see there.
//!
//! Findings come out in a fixed order: table rules table by table, then cross
//! totals, then narrative rules in figure/project order.

mod audit;
mod catalog;
mod last_year;
mod narrative;
mod tables;
pub mod text;

use crate::model::{Check, Document, Record, Side, TableOut};
use rust_decimal::Decimal;
use serde_json::json;

/// All findings about `doc`, in a deterministic order.
pub fn check(doc: &Document) -> Vec<Check> {
    let mut out = Vec::new();
    let fallback_unit = dominant_unit(&doc.tables);
    for t in &doc.tables {
        tables::parent_sum(t, &mut out);
        tables::total_row(t, &mut out);
        tables::row_sum(t, &mut out);
    }
    tables::cross_totals(doc, fallback_unit.as_deref(), &mut out);
    narrative::figure_vs_table(doc, fallback_unit.as_deref(), &mut out);
    narrative::allocation_sum(doc, &mut out);
    narrative::change_percent(doc, &mut out);
    narrative::share_sum(doc, &mut out);
    // Audit rules beyond sums (`check/audit.rs`); the paragraph rules are `text::check`.
    for t in &doc.tables {
        audit::performance(t, &mut out);
    }
    audit::carryover_total(doc, &mut out);
    audit::name_catalogue(doc, &mut out);
    audit::name_text_vs_table(doc, &mut out);
    audit::codes(doc, &mut out);
    audit::revenue_vs_expenditure(doc, &mut out);
    audit::breakdown_sum(doc, &mut out);
    audit::zero_base(doc, &mut out);
    narrative::final_wording(doc, fallback_unit.as_deref(), &mut out);
    out
}

// ---------------------------------------------------------------- helpers

/// Multiplier of a money unit to 元, `None` for anything else.
pub(crate) fn unit_factor(unit: &str) -> Option<Decimal> {
    match unit.trim() {
        "元" => Some(Decimal::ONE),
        "千元" => Some(Decimal::from(1_000)),
        "万元" => Some(Decimal::from(10_000)),
        "亿元" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// Half a unit of the last printed digit of `d` (0.005 for `1.23`, 0.5 for `7`).
fn half_ulp(d: Decimal) -> Decimal {
    Decimal::try_new(5, d.scale() + 1).unwrap_or(Decimal::ZERO)
}

/// Do `a` (in `ua`) and `b` (in `ub`) agree? Same unit: exactly equal. Different
/// known units: equal in 元 within half a unit of the coarser printed
/// precision. `None` when a unit is unknown and the units differ.
pub(crate) fn agree(a: Decimal, ua: &str, b: Decimal, ub: &str) -> Option<bool> {
    if ua.trim() == ub.trim() {
        return Some(a == b);
    }
    let fa = unit_factor(ua)?;
    let fb = unit_factor(ub)?;
    let (ya, yb) = (a.checked_mul(fa)?, b.checked_mul(fb)?);
    let tol = (half_ulp(a).checked_mul(fa)?).max(half_ulp(b).checked_mul(fb)?);
    let diff = ya.checked_sub(yb)?.abs();
    Some(diff <= tol)
}

/// `value` (in `from`) expressed in `to`, exactly; `None` for unknown units.
pub(crate) fn convert(value: Decimal, from: &str, to: &str) -> Option<Decimal> {
    if from.trim() == to.trim() {
        return Some(value);
    }
    let f = unit_factor(from)?;
    let t = unit_factor(to)?;
    Some(value.checked_mul(f)?.checked_div(t)?.normalize())
}

/// Parse an amount string (`None` for blank or text).
pub(crate) fn parse(s: &Option<String>) -> Option<Decimal> {
    s.as_deref().and_then(crate::amount::parse)
}

/// The amount in `key` of a record, `None` when absent, blank or not a number.
pub(crate) fn value(r: &Record, key: &str) -> Option<Decimal> {
    r.values.get(key).and_then(parse)
}

/// Whether the cell under `key` holds something that is not blank and not a number.
pub(crate) fn is_text(r: &Record, key: &str) -> bool {
    match r.values.get(key) {
        Some(Some(s)) => !s.trim().is_empty() && crate::amount::parse(s).is_none(),
        _ => false,
    }
}

/// The unit most tables share, used for a table whose unit was not read
/// (`None` on a tie or when no table has one).
fn dominant_unit(tables: &[TableOut]) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for t in tables {
        if let Some(u) = &t.unit {
            match counts.iter_mut().find(|(k, _)| k == u) {
                Some((_, n)) => *n += 1,
                None => counts.push((u.clone(), 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    match counts.as_slice() {
        [] => None,
        [(u, _)] => Some(u.clone()),
        [(u, n), (_, m), ..] if n > m => Some(u.clone()),
        _ => None,
    }
}

/// The unit of a table: its own, or the document's dominant one.
pub(crate) fn table_unit<'a>(t: &'a TableOut, fallback: Option<&'a str>) -> Option<&'a str> {
    t.unit.as_deref().or(fallback)
}

/// The display label of a table: `表3 部门支出总体情况表` (or its id).
pub(crate) fn table_label(t: &TableOut) -> String {
    let mut s = String::new();
    if let Some(n) = &t.number {
        s.push_str(n.trim());
    }
    if let Some(title) = &t.title {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(title.trim());
    }
    if s.is_empty() { t.id.clone() } else { s }
}

/// The display label of a record: `201 一般公共服务支出`, `合计`, or `row N`.
pub(crate) fn record_label(r: &Record) -> String {
    match (&r.code, &r.name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.clone(),
        (None, Some(n)) if !n.is_empty() => n.clone(),
        _ => format!("row {}", r.row),
    }
}

/// The display label of a column: its header path (`基本支出`), or its key.
pub(crate) fn column_label(t: &TableOut, key: &str, side: Option<Side>) -> String {
    t.columns
        .iter()
        .find(|c| c.key == key && (side.is_none() || c.side == side))
        .map(|c| {
            let parts: Vec<&str> = c
                .header
                .iter()
                .map(|h| h.trim())
                .filter(|h| !h.is_empty())
                .collect();
            parts.join("/")
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| key.to_string())
}

/// `{"table": "t3", "record": 4, "column": "basic"}`.
pub(crate) fn at_cell(t: &TableOut, record: usize, column: &str) -> serde_json::Value {
    json!({"table": t.id, "record": record, "column": column})
}

/// A decimal as an exact string without trailing noise from arithmetic
/// (`67.23`, `2556800`); a printed cell keeps its own text instead.
pub(crate) fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

/// Unit suffix for messages (` 万元`, or nothing when unknown).
pub(crate) fn unit_suffix(u: Option<&str>) -> String {
    match u {
        Some(u) if !u.is_empty() => format!(" {u}"),
        _ => String::new(),
    }
}

#[cfg(test)]
pub(crate) mod testutil;

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn agree_same_unit_is_exact() {
        assert_eq!(agree(d("50"), "万元", d("50.00"), "万元"), Some(true));
        assert_eq!(agree(d("50.01"), "万元", d("50.00"), "万元"), Some(false));
    }

    #[test]
    fn agree_across_units_tolerates_rounding_only() {
        // 87267272.44 元 printed as 8726.73 万元: rounding.
        assert_eq!(
            agree(d("87267272.44"), "元", d("8726.73"), "万元"),
            Some(true)
        );
        assert_eq!(
            agree(d("87267272.44"), "元", d("8726.72"), "万元"),
            Some(false)
        );
        assert_eq!(agree(d("1.23"), "亿元", d("123456789"), "元"), Some(true));
        assert_eq!(agree(d("255.68"), "元", d("255.68"), "万元"), Some(false));
        assert_eq!(agree(d("1"), "台", d("1"), "万元"), None);
    }

    #[test]
    fn convert_is_exact() {
        assert_eq!(
            convert(d("255.68"), "万元", "元").map(show),
            Some("2556800".into())
        );
        assert_eq!(
            convert(d("255.68"), "元", "万元").map(show),
            Some("0.025568".into())
        );
    }
}

#[cfg(test)]
mod tests_rules;

#[cfg(test)]
mod tests_audit;
