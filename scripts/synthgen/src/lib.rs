//! synthgen: a deterministic generator of synthetic budget disclosures.
//!
//! A department's budget is drawn from an accounting-consistent [`model::Model`]
//! (exact decimals, parents = sums of children, totals equal across tables) and
//! laid out in one of three template families (national budget, Shanghai budget,
//! national final account) with recorded variations. The golden JSON
//! (gongkai's OUTPUT.md) is written from the model while the layout is built,
//! never from an extractor.
#![allow(clippy::needless_range_loop, clippy::too_many_arguments)]

pub mod audit;
pub mod build;
pub mod checks;
pub mod common;
pub mod expected;
pub mod expected_audit;
pub mod final_account;
pub mod model;
pub mod national;
pub mod out;
pub mod render;
pub mod rng;
pub mod shanghai;

use build::Variation;
use out::*;
use rng::Rng;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// A generated document: layout + golden facts + variation record.
pub struct Built {
    pub doc: Doc,
    pub info: DocInfo,
    pub profile: Map<String, Value>,
    pub tables: Vec<TableOut>,
    pub narrative: Narrative,
    pub variation: Variation,
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Family {
    National,
    Shanghai,
    FinalAccount,
}

impl Family {
    pub fn prefix(self) -> &'static str {
        match self {
            Family::National => "nat",
            Family::Shanghai => "sh",
            Family::FinalAccount => "fa",
        }
    }
}

const FONTS: &[&str] = &["SimSun", "宋体", "仿宋", "仿宋_GB2312", "黑体", "SimHei"];

/// Draw the variations of one document.
pub fn draw_variation(rng: &mut Rng, family: Family) -> Variation {
    let zero = match family {
        Family::National => *rng.pick(&["blank", "blank", "dash", "zeros"]),
        Family::Shanghai => *rng.pick(&["blank", "blank", "dash"]),
        Family::FinalAccount => *rng.pick(&["blank", "dash", "zeros"]),
    };
    Variation {
        family: family.prefix().into(),
        title_inside_tables: rng.chance(25),
        zero: zero.into(),
        empty_rows: rng.chance(20),
        trailing_space: family == Family::National && rng.chance(30),
        narrow_amount_cells: rng.chance(30),
        landscape: rng.chance(20),
        font: rng.pick(FONTS).to_string(),
        total_row_merged: rng.chance(60),
        integer_text_amounts: family == Family::National && rng.chance(30),
        repeat_header_rows: rng.chance(30),
        compact_headers: family == Family::National && rng.chance(30),
        inconsistencies: Vec::new(),
        audit: Vec::new(),
    }
}

/// Generate document `index` of a family from `seed`.
pub fn generate(seed: u64, index: u64, family: Family) -> Built {
    generate_with(seed, index, family, true)
}

/// Generate document `index` of a family without the figure inconsistencies: the base of an
/// audit document ([`audit`]).
pub fn generate_clean(seed: u64, index: u64, family: Family) -> Built {
    generate_with(seed, index, family, false)
}

fn generate_with(seed: u64, index: u64, family: Family, inconsistent: bool) -> Built {
    let mut rng = Rng::new(
        seed.wrapping_mul(1_000_003)
            .wrapping_add(index)
            .wrapping_add(match family {
                Family::National => 0,
                Family::Shanghai => 1 << 40,
                Family::FinalAccount => 2 << 40,
            }),
    );
    let wan = family != Family::Shanghai;
    let m = model::Model::generate(&mut rng, wan);
    let mut v = draw_variation(&mut rng, family);
    // deliberate inconsistencies between text and tables (about 1 in 6 documents)
    if rng.chance(17) && inconsistent {
        v.inconsistencies.push(inconsistency(&mut rng, &m, family));
    }
    match family {
        Family::National => national::build(&m, &mut rng, v),
        Family::Shanghai => shanghai::build(&m, &mut rng, v),
        Family::FinalAccount => final_account::build(&m, &mut rng, v),
    }
}

/// One deliberate disagreement: a narrative figure stated with another value
/// than the table cell it restates.
fn inconsistency(rng: &mut Rng, m: &model::Model, family: Family) -> Value {
    use rust_decimal::{Decimal, RoundingStrategy};
    let choices: &[usize] = match family {
        Family::Shanghai => &[1, 2],
        _ => &[0, 1, 2],
    };
    let (figure, table_kind, column, v) = match choices[rng.index(choices.len())] {
        0 => ("basic_expenditure", "expenditure", "basic", m.basic()),
        1 => (
            "three_public_total",
            "three_public",
            "total",
            m.three.total(),
        ),
        _ => ("revenue_total", "revenue", "total", m.total()),
    };
    // 0.01 .. 50.00 in the unit the text prints (万元)
    let delta = Decimal::new(rng.range(1, 5000), 2)
        * if family == Family::Shanghai {
            Decimal::new(10000, 0)
        } else {
            Decimal::ONE
        };
    let stated = v + delta;
    let wan = |d: Decimal| {
        (d / Decimal::new(10000, 0))
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    };
    let (shown, table_shown) = if family == Family::Shanghai {
        (
            wan(stated),
            if figure == "three_public_total" {
                wan(v)
            } else {
                v
            },
        )
    } else {
        (stated, v)
    };
    json!({
        "figure": figure,
        "stated": stated.to_string(),
        "stated_as_printed": shown.to_string(),
        "table_kind": table_kind,
        // the 三公 table has one unnamed data row; the others restate the 合计 row
        "record": if figure == "three_public_total" { Value::Null } else { json!("合计") },
        "column": column,
        "table_value": v.to_string(),
        "table_value_as_printed": table_shown.to_string(),
    })
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The golden JSON of a built document for a file of `bytes`.
pub fn golden(
    b: &Built,
    path: &str,
    format: &str,
    bytes: &[u8],
    pages: Option<u32>,
    producer: Option<String>,
) -> Golden {
    Golden {
        schema: "gongkai.document/1".into(),
        source: Source {
            path: path.into(),
            format: format.into(),
            sha256: sha256_hex(bytes),
            bytes: bytes.len() as u64,
            pages,
            producer,
        },
        document: b.info.clone(),
        profile: b.profile.clone(),
        tables: b.tables.clone(),
        narrative: b.narrative.clone(),
        checks: expected::expected_findings(b),
        warnings: expected_audit::warnings(b),
    }
}

/// Pretty JSON (2 spaces, key order kept) with small leaf structures on one
/// line: grid cells, record `values`, column `header`s and figure `change`s.
/// Still plain JSON; it keeps the golden files small.
pub fn to_json<T: serde::Serialize>(v: &T) -> Vec<u8> {
    let value = serde_json::to_value(v).unwrap_or(Value::Null);
    let mut s = String::new();
    write_value(&mut s, &value, 0, false);
    s.push('\n');
    s.into_bytes()
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// Grid cells: one line per grid row.
fn write_cells(out: &mut String, v: &Value, indent: usize) {
    let Value::Array(a) = v else {
        out.push_str(&compact(v));
        return;
    };
    if a.is_empty() {
        out.push_str("[]");
        return;
    }
    out.push_str("[\n");
    for (i, x) in a.iter().enumerate() {
        let row = x.get("row").and_then(Value::as_u64);
        let new_line = i == 0 || a[i - 1].get("row").and_then(Value::as_u64) != row;
        if new_line {
            if i > 0 {
                out.push_str(",\n");
            }
            out.push_str(&"  ".repeat(indent + 1));
        } else {
            out.push_str(", ");
        }
        out.push_str(&compact(x));
    }
    out.push('\n');
    out.push_str(&"  ".repeat(indent));
    out.push(']');
}

fn write_value(out: &mut String, v: &Value, indent: usize, inline_items: bool) {
    let pad = |n: usize| "  ".repeat(n);
    match v {
        Value::Array(a) if !a.is_empty() => {
            out.push_str("[\n");
            for (i, x) in a.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                if inline_items {
                    out.push_str(&compact(x));
                } else {
                    write_value(out, x, indent + 1, false);
                }
                if i + 1 < a.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push(']');
        }
        Value::Object(o) if !o.is_empty() => {
            out.push_str("{\n");
            let n = o.len();
            for (i, (k, x)) in o.iter().enumerate() {
                out.push_str(&pad(indent + 1));
                out.push_str(&compact(&Value::String(k.clone())));
                out.push_str(": ");
                match k.as_str() {
                    "values" | "header" | "change" | "source" | "division_names" | "at" => {
                        out.push_str(&compact(x))
                    }
                    "records" | "allocations" => write_value(out, x, indent + 1, true),
                    "cells" => write_cells(out, x, indent + 1),
                    _ => write_value(out, x, indent + 1, false),
                }
                if i + 1 < n {
                    out.push(',');
                }
                out.push('\n');
            }
            out.push_str(&pad(indent));
            out.push('}');
        }
        other => out.push_str(&compact(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find<'a>(b: &'a Built, kind: &str) -> &'a TableOut {
        b.tables.iter().find(|t| t.kind == kind).expect(kind)
    }

    #[test]
    fn golden_tables_are_consistent() {
        for fam in [Family::National, Family::Shanghai, Family::FinalAccount] {
            for i in 0..40 {
                let b = generate(7, i, fam);
                for t in &b.tables {
                    let p = checks::table_problems(t);
                    assert!(p.is_empty(), "{fam:?} {i}: {p:?}");
                }
                // totals equal across tables
                let rev = checks::table_total(find(&b, "revenue"), &["合计"], "total");
                let exp = checks::table_total(find(&b, "expenditure"), &["合计"], "total");
                assert!(
                    rev.is_some() && rev == exp,
                    "{fam:?} {i}: revenue {rev:?} vs expenditure {exp:?}"
                );
                let summary = find(&b, "revenue_expenditure_summary");
                let names = ["收入总计", "本年收入合计"];
                let s = checks::table_total(summary, &names, "amount");
                assert_eq!(s, rev, "{fam:?} {i}: summary total");
                let gb =
                    checks::table_total(find(&b, "general_budget_expenditure"), &["合计"], "total");
                let fiscal = find(&b, "fiscal_summary");
                let fgb =
                    checks::table_total(fiscal, &["支出总计", "本年支出合计"], "general_budget");
                assert_eq!(gb, fgb, "{fam:?} {i}: general budget total");
                // narrative figures restate the tables, except the recorded inconsistencies
                let fig = |k: &str| {
                    b.narrative
                        .figures
                        .iter()
                        .find(|f| f.key.as_deref() == Some(k))
                        .map(|f| f.value.clone())
                };
                if fam != Family::Shanghai {
                    let bad: Vec<&str> = b
                        .variation
                        .inconsistencies
                        .iter()
                        .filter_map(|v| v["figure"].as_str())
                        .collect();
                    if !bad.contains(&"revenue_total") {
                        assert_eq!(
                            fig("revenue_total").map(|v| v.parse::<rust_decimal::Decimal>().ok()),
                            Some(rev),
                            "{fam:?} {i}"
                        );
                    } else {
                        assert_ne!(
                            fig("revenue_total").map(|v| v.parse::<rust_decimal::Decimal>().ok()),
                            Some(rev)
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn same_seed_same_bytes() {
        for fam in [Family::National, Family::Shanghai, Family::FinalAccount] {
            let a = generate(7, 3, fam);
            let b = generate(7, 3, fam);
            let da = render::docx_bytes(&a.doc).expect("docx");
            let db = render::docx_bytes(&b.doc).expect("docx");
            assert_eq!(da, db, "{fam:?} docx differs");
            let ga = to_json(&golden(&a, "x.docx", "docx", &da, None, None));
            let gb = to_json(&golden(&b, "x.docx", "docx", &db, None, None));
            assert_eq!(ga, gb);
            let c = generate(8, 3, fam);
            assert_ne!(to_json(&c.tables), to_json(&a.tables), "seed must matter");
        }
    }
}
