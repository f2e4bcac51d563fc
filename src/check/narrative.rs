//! Narrative rules: `narrative.figure_vs_table`, `narrative.allocation_sum`,
//! `narrative.change_percent`, `narrative.share_sum`.

use super::tables::{Resolved, TotalCell, resolve, resolved_label, sum_agrees};
use super::{agree, convert, half_ulp, show, table_unit, unit_factor};
use crate::model::{Check, Direction, DocKind, Document, Figure, Severity, Side, TableKind};
use rust_decimal::Decimal;
use serde_json::json;

const SUMMARY: TableKind = TableKind::RevenueExpenditureSummary;
const GBE: TableKind = TableKind::GeneralBudgetExpenditure;
const BASIC: TableKind = TableKind::GeneralBudgetBasicExpenditure;
const THREE: TableKind = TableKind::ThreePublic;
const TOTAL: &[&str] = &["total", "amount"];

const fn cell(kind: TableKind, side: Option<Side>, columns: &'static [&'static str]) -> TotalCell {
    TotalCell {
        kind,
        side,
        columns,
    }
}

/// Which table cells state the same amount as a keyed figure: a figure is reported (one
/// finding at most, against the first source that resolves) only when no source that
/// resolves agrees with it.
pub const FIGURE_SOURCES: &[(&str, &[TotalCell])] = &[
    (
        "revenue_total",
        &[
            cell(TableKind::Revenue, None, TOTAL),
            cell(SUMMARY, Some(Side::Revenue), TOTAL),
        ],
    ),
    (
        "expenditure_total",
        &[
            cell(TableKind::Expenditure, None, TOTAL),
            cell(SUMMARY, Some(Side::Expenditure), TOTAL),
        ],
    ),
    (
        "basic_expenditure",
        &[
            cell(TableKind::Expenditure, None, &["basic"]),
            cell(GBE, None, &["basic"]),
        ],
    ),
    (
        "project_expenditure",
        &[
            cell(TableKind::Expenditure, None, &["project"]),
            cell(GBE, None, &["project"]),
        ],
    ),
    ("personnel_expenses", &[cell(BASIC, None, &["personnel"])]),
    ("public_expenses", &[cell(BASIC, None, &["public"])]),
    ("three_public_total", &[cell(THREE, None, &["total"])]),
    ("outbound_travel", &[cell(THREE, None, &["outbound"])]),
    (
        "vehicle_purchase_and_operation",
        &[cell(THREE, None, &["vehicle_total"])],
    ),
    (
        "vehicle_purchase",
        &[cell(THREE, None, &["vehicle_purchase"])],
    ),
    (
        "vehicle_operation",
        &[cell(THREE, None, &["vehicle_operation"])],
    ),
    ("official_reception", &[cell(THREE, None, &["reception"])]),
    (
        "operating_expenses",
        &[cell(THREE, None, &["operating_expenses"])],
    ),
    ("general_budget_total", &[cell(GBE, None, TOTAL)]),
    (
        "fiscal_appropriation_total",
        &[cell(TableKind::FiscalSummary, Some(Side::Revenue), TOTAL)],
    ),
];

/// Unkeyed figures recognized by their exact label, with their sources.
pub const LABEL_SOURCES: &[(&str, &[TotalCell])] = &[
    // 收支总预算: the whole budget, 收支总表 收入总计
    ("收支总预算", &[cell(SUMMARY, Some(Side::Revenue), TOTAL)]),
];

/// In a final account (决算), unkeyed figures that state a summary's 总计, carry-overs
/// included ("收入支出总计2995.39万元"): compared with that 总计.
pub const FINAL_LABEL_SOURCES: &[(&str, &[TotalCell])] = &[
    ("收入支出总计", &[cell(SUMMARY, Some(Side::Revenue), TOTAL)]),
    (
        "财政拨款收入支出总计",
        &[cell(TableKind::FiscalSummary, Some(Side::Revenue), TOTAL)],
    ),
];

/// In a final account (决算), figures the text calls 预算 that a table prints in its 预算数
/// columns (the 决算 “三公” table prints 预算数 beside 决算数): (words the label contains,
/// sources).
pub const FINAL_BUDGET_SOURCES: &[(&[&str], &[TotalCell])] =
    &[(&["三公", "预算"], &[cell(THREE, None, &["budget_total"])])];

/// The 预算数 sources of a figure of a final account (its label names 预算, not 决算).
fn final_budget(f: &Figure) -> Option<&'static [TotalCell]> {
    let label = f.label.as_deref()?;
    if label.contains("决算") {
        return None;
    }
    FINAL_BUDGET_SOURCES
        .iter()
        .find(|(words, _)| words.iter().all(|w| label.contains(w)))
        .map(|(_, s)| *s)
}

/// The 总计 sources of an unkeyed figure of a final account.
fn final_grand_total(f: &Figure) -> Option<&'static [TotalCell]> {
    let label = f.label.as_deref()?.trim();
    if f.key.is_some() {
        return None;
    }
    FINAL_LABEL_SOURCES
        .iter()
        .find(|(l, _)| *l == label)
        .map(|(_, s)| *s)
}

fn sources_for(f: &Figure) -> Option<&'static [TotalCell]> {
    match &f.key {
        Some(k) => FIGURE_SOURCES
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, s)| *s),
        None => {
            let label = f.label.as_deref()?.trim();
            LABEL_SOURCES
                .iter()
                .find(|(l, _)| *l == label)
                .map(|(_, s)| *s)
        }
    }
}

fn figure_name(f: &Figure) -> String {
    match (&f.label, &f.key) {
        (Some(l), _) if !l.trim().is_empty() => l.trim().to_string(),
        (_, Some(k)) => k.clone(),
        _ => "figure".to_string(),
    }
}

/// A keyed figure vs the table cell that states the same amount.
///
/// In a final account (决算) a figure the text calls 预算 or 上年 is not
/// compared (the tables state 决算数; the “三公” table keys its 决算数
/// columns), and the two summary tables are no source: their 总计 rows
/// include the carry-overs (年初结转和结余) that 本年收入合计 / 财政拨款收入
/// leave out. The 收入/支出/一般公共预算/“三公” tables' 合计 are this year's.
pub(super) fn figure_vs_table(doc: &Document, fallback: Option<&str>, out: &mut Vec<Check>) {
    let final_account = doc.document.kind == DocKind::FinalAccount;
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let grand = if final_account {
            final_grand_total(f).or_else(|| final_budget(f))
        } else {
            None
        };
        let Some(sources) = grand.or_else(|| sources_for(f)) else {
            continue;
        };
        if final_account && grand.is_none() {
            let label = f.label.as_deref().unwrap_or("");
            if label.contains("预算") || label.contains("上年") {
                continue;
            }
        }
        let Some(fv) = crate::amount::parse(&f.value) else {
            continue;
        };
        if unit_factor(&f.unit).is_none() {
            continue;
        }
        let skip_summaries = final_account && grand.is_none();
        let resolved = resolved_sources(doc, sources, skip_summaries, fallback);
        let Some((r, tu)) = resolved.first().map(|(r, tu)| (r, *tu)) else {
            empty_source(doc, i, f, fv, sources, out);
            continue;
        };
        // Any listed source that states the figure's amount bears it out: a 支出预算 that
        // includes 结转下年 is the summary's 支出总计, not the 支出表's 合计 (西南大学 2023).
        if resolved
            .iter()
            .any(|(r, tu)| agree(r.value, tu, fv, &f.unit) != Some(false))
        {
            continue;
        }
        let expected = if tu == f.unit {
            r.value.to_string()
        } else {
            match convert(r.value, tu, &f.unit) {
                Some(v) => show(v),
                None => continue,
            }
        };
        let conv = if tu == f.unit {
            String::new()
        } else {
            format!(" (= {expected} {})", f.unit)
        };
        out.push(Check {
            rule: "narrative.figure_vs_table".into(),
            severity: Severity::Error,
            message: format!(
                "{}: text states {} {}, {} is {} {tu}{conv}",
                figure_name(f),
                fv,
                f.unit,
                resolved_label(r),
                r.value
            ),
            expected: Some(expected),
            actual: Some(fv.to_string()),
            at: vec![
                json!({"figure": i}),
                super::at_cell(r.table, r.record, r.key),
            ],
        });
    }
}

/// The listed sources of a figure that resolve to a printed cell, in their order, each with
/// its table's unit; the two summaries left out when `skip_summaries` (a 决算's figure of
/// this year's amounts: their 总计 rows include the carry-overs).
fn resolved_sources<'a>(
    doc: &'a Document,
    sources: &[TotalCell],
    skip_summaries: bool,
    fallback: Option<&'a str>,
) -> Vec<(Resolved<'a>, &'a str)> {
    sources
        .iter()
        .filter(|c| !(skip_summaries && (c.kind == SUMMARY || c.kind == TableKind::FiscalSummary)))
        .filter_map(|c| {
            let r: Resolved<'a> = resolve(doc, c)?;
            let tu = table_unit(r.table, fallback)?;
            Some((r, tu))
        })
        .collect()
}

/// A figure stating a non-zero amount whose source table is printed empty (the only table of
/// its kind, the source column among its columns, no row): the table states nothing.
fn empty_source(
    doc: &Document,
    i: usize,
    f: &Figure,
    fv: Decimal,
    sources: &[TotalCell],
    out: &mut Vec<Check>,
) {
    if fv == Decimal::ZERO {
        return;
    }
    let Some(t) = sources.iter().find_map(|c| {
        let mut of_kind = doc.tables.iter().filter(|t| t.kind == c.kind);
        let t = of_kind.next()?;
        let keyed = t
            .columns
            .iter()
            .any(|col| c.columns.contains(&col.key.as_str()));
        (of_kind.next().is_none() && t.empty && t.records.is_empty() && keyed).then_some(t)
    }) else {
        return;
    };
    out.push(Check {
        rule: "narrative.figure_vs_table".into(),
        severity: Severity::Error,
        message: format!(
            "{}: text states {fv} {}, {} prints no row (an empty table)",
            figure_name(f),
            f.unit,
            super::table_label(t)
        ),
        expected: Some("0".into()),
        actual: Some(fv.to_string()),
        at: vec![json!({"figure": i}), json!({"table": t.id})],
    });
}

/// A project's allocations add up to its stated amount.
pub(super) fn allocation_sum(doc: &Document, out: &mut Vec<Check>) {
    for (i, p) in doc.narrative.projects.iter().enumerate() {
        if p.allocations.is_empty() {
            continue;
        }
        let (Some(amount), Some(unit)) = (super::parse(&p.amount), p.unit.as_deref()) else {
            continue;
        };
        let mut sum = Decimal::ZERO;
        let mut scale = amount.scale();
        let mut ok = true;
        for a in &p.allocations {
            match crate::amount::parse(&a.amount).and_then(|v| convert(v, &a.unit, unit)) {
                Some(v) => {
                    scale = scale.max(v.scale());
                    match sum.checked_add(v) {
                        Some(s) => sum = s,
                        None => ok = false,
                    }
                }
                None => ok = false,
            }
        }
        // Allocations in 万元 may each be rounded from 元 (see `sum_agrees`).
        if !ok || sum_agrees(amount, sum, p.allocations.len(), Some(unit), scale) {
            continue;
        }
        out.push(Check {
            rule: "narrative.allocation_sum".into(),
            severity: Severity::Error,
            message: format!(
                "{}: allocations sum to {sum} {unit}, stated {amount} {unit}",
                p.name
            ),
            expected: Some(amount.to_string()),
            actual: Some(sum.to_string()),
            at: vec![json!({"project": i})],
        });
    }
}

/// Range of `a / prev × 100` over the printed precision of `v` and `a`, where
/// `prev` = `v − a` (increase) or `v + a` (decrease). `None` when `prev` can
/// be zero or below (no percent to compare).
fn percent_range(v: Decimal, a: Decimal, increase: bool) -> Option<(Decimal, Option<Decimal>)> {
    let (hv, ha) = (half_ulp(v), half_ulp(a));
    let hundred = Decimal::ONE_HUNDRED;
    let a_lo = a.checked_sub(ha)?.max(Decimal::ZERO);
    let a_hi = a.checked_add(ha)?;
    let (v_lo, v_hi) = (v.checked_sub(hv)?, v.checked_add(hv)?);
    // The ratio rises with `a` and falls with `v` in both directions.
    let (den_min, den_max) = if increase {
        (v_lo.checked_sub(a_hi)?, v_hi.checked_sub(a_lo)?)
    } else {
        (v_lo.checked_add(a_lo)?, v_hi.checked_add(a_hi)?)
    };
    if den_max <= Decimal::ZERO {
        return None;
    }
    let lo = a_lo.checked_mul(hundred)?.checked_div(den_max)?;
    let hi = if den_min > Decimal::ZERO {
        Some(a_hi.checked_mul(hundred)?.checked_div(den_min)?)
    } else {
        None
    };
    Some((lo, hi))
}

/// A stated change percent matches amount / previous value (warning).
pub(super) fn change_percent(doc: &Document, out: &mut Vec<Check>) {
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let Some(c) = &f.change else { continue };
        let increase = match c.direction {
            Direction::Increase => true,
            Direction::Decrease => false,
            Direction::Flat => continue,
        };
        let (Some(v), Some(a), Some(p)) = (
            crate::amount::parse(&f.value),
            super::parse(&c.amount),
            super::parse(&c.percent),
        ) else {
            continue;
        };
        // A comparison stated without its level is its own figure, the value repeating
        // the amount (`本年比上年减少161.96万元，下降了4.39%`): its base is not in the text.
        if v < Decimal::ZERO || a < Decimal::ZERO || p < Decimal::ZERO || v == a {
            continue;
        }
        let prev = if increase {
            v.checked_sub(a)
        } else {
            v.checked_add(a)
        };
        let Some(prev) = prev.filter(|p| *p > Decimal::ZERO) else {
            continue;
        };
        let Some((lo, hi)) = percent_range(v, a, increase) else {
            continue;
        };
        let hp = half_ulp(p);
        let (Some(p_hi), Some(p_lo)) = (p.checked_add(hp), p.checked_sub(hp)) else {
            continue;
        };
        let below = p_hi < lo;
        let above = hi.is_some_and(|hi| p_lo > hi);
        if !below && !above {
            continue;
        }
        let Some(exact) = a
            .checked_mul(Decimal::ONE_HUNDRED)
            .and_then(|x| x.checked_div(prev))
        else {
            continue;
        };
        let expected = exact.round_dp(p.scale().max(2));
        let dir = if increase { "增加" } else { "减少" };
        out.push(Check {
            rule: "narrative.change_percent".into(),
            severity: Severity::Warning,
            message: format!(
                "{}: {dir} {a} {unit} from {prev} {unit} is {expected}%, stated {p}%",
                figure_name(f),
                unit = f.unit
            ),
            expected: Some(expected.to_string()),
            actual: Some(p.to_string()),
            at: vec![json!({"figure": i})],
        });
    }
}

/// Consecutive shares in one section that are one breakdown (they add up to
/// nearly 100%) but miss 100% beyond their rounding (warning).
pub(super) fn share_sum(doc: &Document, out: &mut Vec<Check>) {
    let figs = &doc.narrative.figures;
    let mut i = 0;
    while i < figs.len() {
        if figs[i].share_percent.is_none() {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < figs.len()
            && figs[j].share_percent.is_some()
            && figs[j].section == figs[i].section
        {
            j += 1;
        }
        let group = &figs[i..j];
        let shares: Vec<Decimal> = group
            .iter()
            .filter_map(|f| super::parse(&f.share_percent))
            .collect();
        if group.len() >= 2 && shares.len() == group.len() {
            let sum = shares
                .iter()
                .try_fold(Decimal::ZERO, |acc, s| acc.checked_add(*s));
            let tol: Decimal = shares.iter().map(|s| half_ulp(*s)).sum();
            let off = sum
                .and_then(|s| s.checked_sub(Decimal::ONE_HUNDRED))
                .map(|d| d.abs());
            if let (Some(sum), Some(off)) = (sum, off)
                && off <= Decimal::from(5)
            {
                if off > tol {
                    let names: Vec<String> = group.iter().map(figure_name).collect();
                    out.push(Check {
                        rule: "narrative.share_sum".into(),
                        severity: Severity::Warning,
                        message: format!("shares of {} sum to {sum}%, not 100%", names.join("、")),
                        expected: Some("100".into()),
                        actual: Some(sum.to_string()),
                        at: (i..j).map(|k| json!({"figure": k})).collect(),
                    });
                }
                let stated = stated_whole(figs, i, group);
                share_percent(group, i, stated, sum == Decimal::ONE_HUNDRED, out);
            }
        }
        i = j.max(i + 1);
    }
}

/// The total a breakdown starting at figure `first` is a share of, when the
/// text states it: the nearest figure before it in the same section without
/// a share, in the same unit, at least as large as every part ("支出预算
/// 4966.88万元。其中：基本支出3566.73万元，占71.81%…").
fn stated_whole(figs: &[Figure], first: usize, group: &[Figure]) -> Option<Decimal> {
    let section = &group.first()?.section;
    let unit = &group.first()?.unit;
    let parts: Vec<Decimal> = group
        .iter()
        .map(|f| crate::amount::parse(&f.value))
        .collect::<Option<_>>()?;
    figs[..first]
        .iter()
        .rev()
        .take_while(|f| &f.section == section)
        .filter(|f| f.share_percent.is_none() && &f.unit == unit)
        .find_map(|f| crate::amount::parse(&f.value).filter(|t| parts.iter().all(|p| p <= t)))
}

/// Does the printed share `s` of amount `v` over a whole `whole` hold, to the
/// printed precision of the share, of `v` and of the whole (`h_whole`)?
fn share_holds(s: Decimal, v: Decimal, whole: Decimal, h_whole: Decimal) -> bool {
    let hundred = Decimal::ONE_HUNDRED;
    let h = half_ulp(v);
    let hs = half_ulp(s);
    (|| {
        let lo = v
            .checked_sub(h)?
            .max(Decimal::ZERO)
            .checked_mul(hundred)?
            .checked_div(whole.checked_add(h_whole)?)?;
        let den = whole.checked_sub(h_whole)?;
        if den <= Decimal::ZERO {
            return None;
        }
        let hi = v.checked_add(h)?.checked_mul(hundred)?.checked_div(den)?;
        Some(s.checked_add(hs)? >= lo && s.checked_sub(hs)? <= hi)
    })()
    .unwrap_or(false)
}

/// In a breakdown (shares of one section adding up to about 100%), each share
/// is its amount over the sum of the breakdown's amounts, to the printed
/// precision of the share and of the amounts (warning). A share that holds
/// over the total the text states before the breakdown (`stated`) is right
/// too: "占" is a share of that total, whatever the parts add up to.
fn share_percent(
    group: &[Figure],
    first: usize,
    stated: Option<Decimal>,
    adds_to_100: bool,
    out: &mut Vec<Check>,
) {
    let Some(unit) = group.first().map(|f| f.unit.as_str()) else {
        return;
    };
    if unit_factor(unit).is_none() || group.iter().any(|f| f.unit != unit) {
        return;
    }
    let values: Option<Vec<Decimal>> = group
        .iter()
        .map(|f| crate::amount::parse(&f.value).filter(|v| *v >= Decimal::ZERO))
        .collect();
    let Some(values) = values else { return };
    let Some(whole) = values
        .iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(*v))
    else {
        return;
    };
    if whole <= Decimal::ZERO {
        return;
    }
    let hundred = Decimal::ONE_HUNDRED;
    for (k, (f, v)) in group.iter().zip(&values).enumerate() {
        let Some(s) = super::parse(&f.share_percent) else {
            continue;
        };
        // share = v / (v + rest): rises with v, falls with rest.
        let h = half_ulp(*v);
        let h_rest: Decimal = values
            .iter()
            .enumerate()
            .filter(|(m, _)| *m != k)
            .map(|(_, x)| half_ulp(*x))
            .sum();
        let range = (|| {
            let rest = whole.checked_sub(*v)?;
            let v_lo = v.checked_sub(h)?.max(Decimal::ZERO);
            let v_hi = v.checked_add(h)?;
            let rest_lo = rest.checked_sub(h_rest)?.max(Decimal::ZERO);
            let rest_hi = rest.checked_add(h_rest)?;
            let lo = v_lo
                .checked_mul(hundred)?
                .checked_div(v_lo.checked_add(rest_hi)?)?;
            let den = v_hi.checked_add(rest_lo)?;
            let hi = v_hi.checked_mul(hundred)?.checked_div(den)?;
            let exact = v.checked_mul(hundred)?.checked_div(whole)?;
            Some((lo, hi, exact))
        })();
        let Some((lo, hi, exact)) = range else {
            continue;
        };
        let hs = half_ulp(s);
        let (Some(s_hi), Some(s_lo)) = (s.checked_add(hs), s.checked_sub(hs)) else {
            continue;
        };
        if s_hi >= lo && s_lo <= hi {
            continue;
        }
        if stated.is_some_and(|t| share_holds(s, *v, t, half_ulp(t))) {
            continue;
        }
        let expected = exact.round_dp(s.scale());
        out.push(Check {
            rule: "narrative.share_percent".into(),
            severity: Severity::Warning,
            message: format!(
                "{}: {v} {unit} of {whole} {unit} is {expected}%, stated {s}%{}",
                figure_name(f),
                if adds_to_100 {
                    " (the shares were made to add up to 100%)"
                } else {
                    ""
                }
            ),
            expected: Some(expected.to_string()),
            actual: Some(s.to_string()),
            at: vec![json!({"figure": first + k})],
        });
    }
}

/// Words of a 决算 figure's label that say 预算 rightly: fund names and the 年初/全年/调整 预算
/// a 决算 compares with. A label still naming 预算 without them speaks of a budget.
pub const FINAL_WORDING_NEUTRAL: &[&str] = &[
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "年初预算",
    "全年预算",
    "调整预算",
    "预算调整",
];

/// Leaves of a value column header that name a budget figure (a 决算 table prints 决算数).
const BUDGET_LEAVES: &[&str] = &["预算数", "预算", "本年预算数", "预算金额"];

/// `text.final_wording`: a 决算 that speaks of its 决算数 as 预算: a keyed figure named 预算
/// ("支出预算为2940.05万元") whose amount is the 决算数 of its table, or a table of the 决算
/// set whose amount column is headed 预算数 and no column 决算 (warning).
pub(super) fn final_wording(doc: &Document, fallback: Option<&str>, out: &mut Vec<Check>) {
    if doc.document.kind != DocKind::FinalAccount {
        return;
    }
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let (Some(label), Some(sources)) = (f.label.as_deref(), sources_for(f)) else {
            continue;
        };
        let bare = FINAL_WORDING_NEUTRAL
            .iter()
            .fold(label.to_string(), |s, w| s.replace(w, ""));
        if f.key.is_none() || !bare.contains("预算") {
            continue;
        }
        let Some(fv) = crate::amount::parse(&f.value) else {
            continue;
        };
        let Some((r, tu)) = resolved_sources(doc, sources, true, fallback)
            .into_iter()
            .next()
        else {
            continue;
        };
        if agree(r.value, tu, fv, &f.unit) != Some(true) {
            continue;
        }
        out.push(Check {
            rule: "text.final_wording".into(),
            severity: Severity::Warning,
            message: format!(
                "{label}: a 决算 names its 决算数 {fv} {} ({}) 预算",
                f.unit,
                resolved_label(&r)
            ),
            expected: Some("决算".into()),
            actual: Some(label.to_string()),
            at: vec![
                json!({"figure": i}),
                super::at_cell(r.table, r.record, r.key),
            ],
        });
    }
    let required = super::audit::REQUIRED_TABLES
        .iter()
        .find(|(k, _)| *k == DocKind::FinalAccount)
        .map_or(&[][..], |(_, t)| *t);
    for t in doc.tables.iter().filter(|t| required.contains(&t.kind)) {
        let leaf = |c: &crate::model::Column| {
            c.header
                .last()
                .map(|h| crate::recognize::catalog::strip_year(h.trim()).to_string())
                .unwrap_or_default()
        };
        let says_final = t
            .columns
            .iter()
            .any(|c| c.header.iter().any(|h| h.contains("决算")));
        let Some(col) = t
            .columns
            .iter()
            .find(|c| BUDGET_LEAVES.contains(&leaf(c).as_str()))
        else {
            continue;
        };
        if says_final {
            continue;
        }
        out.push(Check {
            rule: "text.final_wording".into(),
            severity: Severity::Warning,
            message: format!(
                "{}: a 决算 table heads its amounts {} (决算数 is meant)",
                super::table_label(t),
                col.header.join("/")
            ),
            expected: Some("决算数".into()),
            actual: Some(leaf(col)),
            at: vec![json!({"table": t.id})],
        });
    }
}
