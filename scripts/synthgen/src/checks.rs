//! Consistency checks over a built document's golden tables (used by the tests):
//! parents = sums of children, totals = sums of 类 rows, totals equal across
//! tables, 三公 parts add up, and every record's name is printed in its grid row.

use crate::out::{TableOut, squeeze};
use rust_decimal::Decimal;
use std::str::FromStr;

fn num(t: &TableOut, rec: usize, key: &str) -> Decimal {
    t.records[rec]
        .values
        .get(key)
        .and_then(|v| v.as_str())
        .and_then(|s| Decimal::from_str(s).ok())
        .unwrap_or(Decimal::ZERO)
}

/// Problems found (empty = consistent).
pub fn table_problems(t: &TableOut) -> Vec<String> {
    let mut p = Vec::new();
    // every record's name / code is printed in its row
    for r in &t.records {
        let row: String = t
            .grid
            .cells
            .iter()
            .filter(|c| c.row == r.row)
            .map(|c| squeeze(&c.text))
            .collect();
        if let Some(n) = &r.name
            && !row.contains(n.as_str())
        {
            p.push(format!(
                "{} row {}: name {n} not printed in the row",
                t.id, r.row
            ));
        }
    }
    if matches!(
        t.kind.as_str(),
        "performance_targets" | "general_budget_project_expenditure"
    ) {
        return p;
    }
    let keys: Vec<String> = t.columns.iter().map(|c| c.key.clone()).collect();
    // parents = sums of children (same side)
    for (i, r) in t.records.iter().enumerate() {
        let Some(code) = &r.code else { continue };
        let children: Vec<usize> = t
            .records
            .iter()
            .enumerate()
            .filter(|(_, x)| {
                x.side == r.side
                    && x.code
                        .as_ref()
                        .is_some_and(|c| c.len() == code.len() + 2 && c.starts_with(code.as_str()))
            })
            .map(|(j, _)| j)
            .collect();
        if children.is_empty() {
            continue;
        }
        for k in &keys {
            let sum: Decimal = children.iter().map(|&j| num(t, j, k)).sum();
            if sum != num(t, i, k) {
                p.push(format!(
                    "{} {code} {k}: children sum {sum}, printed {}",
                    t.id,
                    num(t, i, k)
                ));
            }
        }
    }
    // 合计 = sum of 类 rows (one-sided tables with codes)
    if t.records.iter().all(|r| r.side.is_none()) {
        for (i, r) in t.records.iter().enumerate() {
            if r.name.as_deref() != Some("合计") {
                continue;
            }
            let classes: Vec<usize> = t
                .records
                .iter()
                .enumerate()
                .filter(|(_, x)| x.code.as_ref().is_some_and(|c| c.len() == 3))
                .map(|(j, _)| j)
                .collect();
            if classes.is_empty() {
                continue;
            }
            for k in &keys {
                let sum: Decimal = classes.iter().map(|&j| num(t, j, k)).sum();
                if sum != num(t, i, k) {
                    p.push(format!(
                        "{} 合计 {k}: 类 rows sum {sum}, printed {}",
                        t.id,
                        num(t, i, k)
                    ));
                }
            }
        }
    }
    // columns: total = basic + project; total = personnel + public
    for i in 0..t.records.len() {
        let has = |k: &str| keys.iter().any(|x| x == k);
        if has("basic")
            && has("project")
            && has("total")
            && num(t, i, "total") != num(t, i, "basic") + num(t, i, "project")
        {
            p.push(format!("{} record {i}: total != basic + project", t.id));
        }
        // basic tables: total = personnel + public; the 单位 summary adds 项目支出
        let project = if has("project") && !has("basic") {
            num(t, i, "project")
        } else {
            Decimal::ZERO
        };
        if has("personnel")
            && has("public")
            && num(t, i, "total") != num(t, i, "personnel") + num(t, i, "public") + project
        {
            p.push(format!(
                "{} record {i}: total != personnel + public (+ project)",
                t.id
            ));
        }
    }
    if t.kind == "three_public" {
        for i in 0..t.records.len() {
            let v = |k: &str| num(t, i, k);
            if v("vehicle_total") != v("vehicle_purchase") + v("vehicle_operation") {
                p.push(format!("{}: vehicle_total != purchase + operation", t.id));
            }
            if v("total") != v("outbound") + v("vehicle_total") + v("reception") {
                p.push(format!(
                    "{}: 三公 total != outbound + vehicle + reception",
                    t.id
                ));
            }
        }
    }
    p
}

/// The total of a table: its 合计 (or 收入总计 / 本年收入合计) record's value of `key`.
pub fn table_total(t: &TableOut, names: &[&str], key: &str) -> Option<Decimal> {
    let i = t
        .records
        .iter()
        .position(|r| r.name.as_deref().is_some_and(|n| names.contains(&n)))?;
    Some(num(t, i, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Family, generate};

    #[test]
    fn a_changed_child_is_found() {
        let b = generate(7, 0, Family::National);
        let mut t = b
            .tables
            .iter()
            .find(|t| t.kind == "expenditure")
            .cloned()
            .expect("expenditure table");
        assert!(table_problems(&t).is_empty());
        let i = t
            .records
            .iter()
            .position(|r| r.code.as_ref().is_some_and(|c| c.len() == 7))
            .expect("a 项 row");
        t.records[i]
            .values
            .insert("basic".into(), serde_json::json!("123456.78"));
        let p = table_problems(&t);
        assert!(p.iter().any(|x| x.contains("children sum")), "{p:?}");
        assert!(
            p.iter().any(|x| x.contains("total != basic + project")),
            "{p:?}"
        );
        // a record pointing at the wrong grid row
        let mut t2 = b.tables[1].clone();
        t2.records[0].row += 1;
        assert!(!table_problems(&t2).is_empty());
    }
}
