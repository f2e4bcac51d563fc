//! Last year's figures in the text (run by [`super::text::check`] with the squeezed paragraphs):
//! - `narrative.change_vs_last_year`: a sentence that states last year's figure
//!   ([`LAST_YEAR_STATEMENTS`]: "2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年
//!   预算执行数减少57.14%", "与2016年度相比（2016年度…为8,648.07万元），增加498.72万元，增长5.77%")
//!   whose change amount is not this − last, whose direction is the wrong one, or whose percent
//!   is not amount / last.
//! - `narrative.last_year_conflict`: one 上年 quantity given two values: two figures of one
//!   key (a figure's own, or the one its label maps to: the recognizer keys only the first
//!   statement of a quantity) and the same value compared with the same base ("比上年预算")
//!   whose changes imply different last-year figures, or a figure whose change implies
//!   another last-year figure than a statement of the text gives for the same this-year
//!   figure (once per implied figure).
//!
//! Severity: `error` for a real difference, `notice` when it is within what the printed
//! rounding allows (amounts in 万元 with 2 decimals, percents one unit of their last digit).

use super::audit::finding;
use super::tables::sum_agrees;
use super::{half_ulp, show};
use crate::model::{Check, Direction, Document, Severity};
use regex::Regex;
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// Sentence patterns stating last year's figure. Named groups: `ly` (last year, must be the
/// document's year − 1), `last` (万元), optional `ty` (this year, the document's year),
/// `this` (万元), `dir` (增加/减少/增长/下降), `amount` (万元), `percent`. Examples in the
/// unit tests (`tests_audit.rs`).
pub const LAST_YEAR_STATEMENTS: &[&str] = &[
    // 2023年当年预算执行数为60.13万元，2024年预算安排25.77万元，比2023年预算执行数减少57.14%
    r"(?P<ly>(?:19|20)\d{2})年[^，。；%]{0,30}?为(?P<last>\d[\d,]*(?:\.\d+)?)万元[，,](?P<ty>(?:19|20)\d{2})年[^，。；%]{0,30}?(?P<this>\d[\d,]*(?:\.\d+)?)万元[，,]比(?:(?:19|20)\d{2}年度?|上年)[^，。；%\d]{0,12}?(?P<dir>增加|减少|增长|下降)(?:(?P<amount>\d[\d,]*(?:\.\d+)?)万元[，,]?(?:增长|下降)?)?(?P<percent>\d+(?:\.\d+)?)%",
    // 与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%
    r"与(?P<ly>(?:19|20)\d{2})年度?相比[（(](?:19|20)\d{2}年度?[^）)%]{0,30}?(?P<last>\d[\d,]*(?:\.\d+)?)万元[）)][，,]?(?P<dir>增加|减少)(?P<amount>\d[\d,]*(?:\.\d+)?)万元[，,](?:增长|下降)(?P<percent>\d+(?:\.\d+)?)%",
];

static STATEMENT_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    LAST_YEAR_STATEMENTS
        .iter()
        .map(|s| Regex::new(s).expect("static regex"))
        .collect()
});

/// The base a change is stated against ("比上年预算", "比2023年预算执行数", "与上年相比").
static BASE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:比|较|与)(?:上年度?|(?:19|20)\d{2}年度?)(预算执行数|执行数|预算数|预算|决算数|决算)?",
    )
    .expect("static regex")
});

/// One statement of last year's figure found in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    pub last: Decimal,
    pub this: Option<Decimal>,
    pub increase: bool,
    pub amount: Option<Decimal>,
    pub percent: Option<Decimal>,
    pub excerpt: String,
}

fn num(c: &regex::Captures<'_>, name: &str) -> Option<Decimal> {
    crate::amount::parse(&c.name(name)?.as_str().replace(',', ""))
}

/// The statements of last year's figures in `paras` (squeezed paragraphs) of a `year` document.
pub fn statements(paras: &[String], year: i32) -> Vec<Stated> {
    let mut out = Vec::new();
    for p in paras {
        for re in STATEMENT_RES.iter() {
            for c in re.captures_iter(p) {
                let y = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<i32>().ok());
                if y("ly") != Some(year - 1) || y("ty").is_some_and(|t| t != year) {
                    continue;
                }
                let Some(last) = num(&c, "last") else {
                    continue;
                };
                let increase = matches!(c.name("dir").map(|m| m.as_str()), Some("增加" | "增长"));
                out.push(Stated {
                    last,
                    this: num(&c, "this"),
                    increase,
                    amount: num(&c, "amount"),
                    percent: num(&c, "percent"),
                    excerpt: c
                        .get(0)
                        .map_or("", |m| m.as_str())
                        .chars()
                        .take(60)
                        .collect(),
                });
            }
        }
    }
    out
}

/// `error` beyond rounding, `notice` within it.
fn amount_severity(stated: Decimal, computed: Decimal) -> Option<Severity> {
    if stated == computed {
        return None;
    }
    let scale = stated.scale().max(computed.scale()).max(2);
    Some(if sum_agrees(stated, computed, 2, Some("万元"), scale) {
        Severity::Notice
    } else {
        Severity::Error
    })
}

/// Range of `num / den × 100` over the printed precision of both.
fn ratio_range(num: Decimal, den: Decimal) -> Option<(Decimal, Decimal)> {
    let (hn, hd) = (half_ulp(num), half_ulp(den));
    let hundred = Decimal::ONE_HUNDRED;
    let den_lo = den.checked_sub(hd)?;
    if den_lo <= Decimal::ZERO {
        return None;
    }
    let lo = (num.checked_sub(hn)?.max(Decimal::ZERO))
        .checked_mul(hundred)?
        .checked_div(den.checked_add(hd)?)?;
    let hi = num
        .checked_add(hn)?
        .checked_mul(hundred)?
        .checked_div(den_lo)?;
    Some((lo, hi))
}

/// The severity of a stated percent `p` of `num / den`: nothing within the rounding range,
/// `notice` one unit of its last digit beyond, else `error`; with the exact percent.
fn percent_severity(p: Decimal, num: Decimal, den: Decimal) -> Option<(Severity, Decimal)> {
    let (lo, hi) = ratio_range(num, den)?;
    let hp = half_ulp(p);
    let (p_lo, p_hi) = (p.checked_sub(hp)?, p.checked_add(hp)?);
    if p_hi >= lo && p_lo <= hi {
        return None;
    }
    let exact = num.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(den)?;
    let unit = hp.checked_mul(Decimal::TWO)?;
    let off = if p_hi < lo {
        lo.checked_sub(p_hi)?
    } else {
        p_lo.checked_sub(hi)?
    };
    let severity = if off <= unit {
        Severity::Notice
    } else {
        Severity::Error
    };
    Some((severity, exact.round_dp(p.scale().max(2))))
}

/// `narrative.change_vs_last_year` over the statements of last year's figures.
pub fn change_vs_last_year(stated: &[Stated], out: &mut Vec<Check>) {
    const RULE: &str = "narrative.change_vs_last_year";
    for s in stated {
        if s.last <= Decimal::ZERO {
            continue; // growth from a zero base is `narrative.zero_base`
        }
        let diff = s.this.and_then(|t| t.checked_sub(s.last));
        if let Some(d) = diff
            && d != Decimal::ZERO
            && (d > Decimal::ZERO) != s.increase
        {
            out.push(finding(
                RULE,
                Severity::Error,
                format!(
                    "from {} to {} 万元 is {}, the text says {} (“{}”)",
                    s.last,
                    s.this.unwrap_or_default(),
                    if d > Decimal::ZERO {
                        "增加"
                    } else {
                        "减少"
                    },
                    if s.increase { "增加" } else { "减少" },
                    s.excerpt
                ),
                Some(
                    if d > Decimal::ZERO {
                        "增加"
                    } else {
                        "减少"
                    }
                    .into(),
                ),
                Some(if s.increase { "增加" } else { "减少" }.into()),
                vec![],
            ));
            continue;
        }
        if let (Some(d), Some(a)) = (diff, s.amount)
            && let Some(severity) = amount_severity(a, d.abs())
        {
            out.push(finding(
                RULE,
                severity,
                format!(
                    "{} − {} = {} 万元, the text states a change of {a} 万元 (“{}”)",
                    s.this.unwrap_or_default(),
                    s.last,
                    show(d.abs()),
                    s.excerpt
                ),
                Some(show(d.abs())),
                Some(a.to_string()),
                vec![],
            ));
        }
        let Some(amount) = s.amount.or(diff.map(|d| d.abs())) else {
            continue;
        };
        let Some(p) = s.percent else { continue };
        if let Some((severity, exact)) = percent_severity(p, amount, s.last) {
            out.push(finding(
                RULE,
                severity,
                format!(
                    "{amount} of last year's {} 万元 is {exact}%, the text states {p}% (“{}”)",
                    s.last, s.excerpt
                ),
                Some(exact.to_string()),
                Some(p.to_string()),
                vec![],
            ));
        }
    }
}

/// The key of a figure: its own, or for an unkeyed one the key its label maps to (the
/// recognizer keys only the first statement of a quantity, so a restatement is unkeyed).
fn key_of(f: &crate::model::Figure) -> Option<&str> {
    f.key
        .as_deref()
        .or_else(|| crate::recognize::narrative::amount_key(f.label.as_deref()?))
}

/// Last year's figure a keyed figure's change implies: (figure, key, this, base, last).
fn implied(doc: &Document) -> Vec<(usize, &str, Decimal, String, Decimal)> {
    let mut out = Vec::new();
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let (Some(key), Some(c)) = (key_of(f), &f.change) else {
            continue;
        };
        if f.unit != "万元" {
            continue;
        }
        let (Some(v), Some(a)) = (crate::amount::parse(&f.value), super::parse(&c.amount)) else {
            continue;
        };
        let last = match c.direction {
            Direction::Increase => v.checked_sub(a),
            Direction::Decrease => v.checked_add(a),
            Direction::Flat => Some(v),
        };
        let Some(last) = last else { continue };
        let base = BASE_RE
            .captures(&f.sentence)
            .map(|m| m.get(1).map_or("", |b| b.as_str()).to_string())
            .unwrap_or_default();
        out.push((i, key, v, base, last));
    }
    out
}

/// `narrative.last_year_conflict`: one last-year quantity given two values.
pub fn last_year_conflict(doc: &Document, stated: &[Stated], out: &mut Vec<Check>) {
    const RULE: &str = "narrative.last_year_conflict";
    let figs = implied(doc);
    let mut reported: Vec<(&str, Decimal)> = Vec::new();
    for (n, &(i, key, v, ref base, last)) in figs.iter().enumerate() {
        let Some(&(j, _, _, _, other)) = figs[..n]
            .iter()
            .find(|(_, k, w, b, l)| *k == key && *w == v && b == base && *l != last)
        else {
            continue;
        };
        if reported.contains(&(key, v)) {
            continue;
        }
        reported.push((key, v));
        let severity = amount_severity(other, last).unwrap_or(Severity::Error);
        out.push(finding(
            RULE,
            severity,
            format!(
                "{key} {v} 万元: one sentence implies last year's figure {} 万元, another {} 万元",
                show(other),
                show(last)
            ),
            Some(show(other)),
            Some(show(last)),
            vec![
                serde_json::json!({"figure": j}),
                serde_json::json!({"figure": i}),
            ],
        ));
    }
    for s in stated {
        let Some(this) = s.this else { continue };
        // One finding per last-year figure implied: a restatement of the same change
        // ("财政拨款收入…减少85.10万元" and "财政拨款支出预算…减少85.10万元") is the same conflict.
        let mut seen: Vec<Decimal> = Vec::new();
        for &(i, key, _, _, last) in figs.iter().filter(|(_, _, v, _, _)| *v == this) {
            if seen.contains(&last) {
                continue;
            }
            seen.push(last);
            let Some(severity) = amount_severity(s.last, last) else {
                continue;
            };
            out.push(finding(
                RULE,
                severity,
                format!(
                    "{key} {this} 万元: its change implies last year's figure {} 万元, the text states {} 万元 (“{}”)",
                    show(last),
                    s.last,
                    s.excerpt
                ),
                Some(s.last.to_string()),
                Some(show(last)),
                vec![serde_json::json!({"figure": i})],
            ));
        }
    }
}
