//! Rules over the document's paragraphs (the text as printed, not only its figures), run by
//! `lib::extract` after [`super::check`] with the layout's paragraph texts:
//! - `narrative.comparison_year`: "比2026年预算增加" in a 2026 budget (the year compared with
//!   must be the previous one), also "与2026年度相比".
//! - `text.year`: a heading naming another year than the document's ("2023年度部门决算情况说明"
//!   in a 2024 决算), an asset date "截至2023年12月31日" that is not the document's year end (决算)
//!   or the previous year end (预算).
//! - `narrative.final_vs_budget`: "年初预算为X万元，支出决算为Y万元。决算数大于预算数" where
//!   X and Y say otherwise.
//! - `text.doubled_symbol`: doubled symbols ("%%", "。。", "，，") in the text or a table cell.
//! - `text.placeholder`: a template placeholder left in ("XX局").
//! - `narrative.change_vs_last_year`, `narrative.last_year_conflict`: last year's figures
//!   stated in the text (`last_year.rs`).
//! - `coverage.section_missing`: a required explanation (三公 change, 机关运行经费, 政府采购,
//!   国有资产占用, 绩效目标) absent from a document with a narrative.
//!
//! Each rule is a row of a data table where the rule is a pattern ([`YEAR_RULES`],
//! [`DOUBLED`], [`SECTIONS`]).

use crate::model::{Check, DocKind, Document, Severity};
use regex::Regex;
use std::sync::LazyLock;

/// Which year a pattern's captured year must be, relative to the document's year, by kind.
pub struct YearRule {
    pub rule: &'static str,
    pub pattern: &'static str,
    /// Expected offset from the document year in a 预算 and in a 决算 (`None`: not judged).
    pub budget: Option<i32>,
    pub final_account: Option<i32>,
    /// Only paragraphs up to this many characters (headings).
    pub max_chars: usize,
    pub what: &'static str,
}

pub const YEAR_RULES: &[YearRule] = &[
    YearRule {
        rule: "narrative.comparison_year",
        pattern: r"比((?:19|20)\d{2})年(?:度)?(?:预算|决算|执行)?(?:数)?(?:增加|减少|增长|下降|持平|降低|减少了|增加了|基本持平)",
        budget: Some(-1),
        final_account: Some(-1),
        max_chars: usize::MAX,
        what: "the year compared with",
    },
    YearRule {
        rule: "narrative.comparison_year",
        pattern: r"与((?:19|20)\d{2})年(?:度)?(?:预算|决算)?(?:数)?相比",
        budget: Some(-1),
        final_account: Some(-1),
        max_chars: usize::MAX,
        what: "the year compared with",
    },
    YearRule {
        rule: "text.year",
        pattern: r"截[至止]((?:19|20)\d{2})年12月31日",
        budget: None,
        final_account: Some(0),
        max_chars: usize::MAX,
        what: "the asset date",
    },
    YearRule {
        rule: "text.year",
        pattern: r"((?:19|20)\d{2})\s*年度?\s*(?:部门|单位)?(?:预算|决算)(?:情况说明|公开|编制说明)",
        budget: Some(0),
        final_account: Some(0),
        max_chars: 60,
        what: "the year of the heading",
    },
];

/// Doubled symbols that are a typing slip, never meant.
pub const DOUBLED: &[&str] = &["%%", "％％", "。。", "，，", "；；", "、、"];

/// Explanations a document with a narrative must carry, as (what, any of these words).
/// `budget_only`: 绩效目标 is judged in budgets only (the synthetic 决算 template, like some
/// real ones, reports performance in a separate 绩效自评 publication).
pub const SECTIONS: &[(&str, &[&str], bool)] = &[
    ("“三公”经费", &["三公"], false),
    ("机关运行经费", &["机关运行经费"], false),
    ("政府采购", &["政府采购"], false),
    ("国有资产占用", &["国有资产", "资产占用", "资产占有"], false),
    ("绩效目标", &["绩效"], true),
];

static YEAR_RES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    YEAR_RULES
        .iter()
        .map(|r| Regex::new(r.pattern).expect("static regex"))
        .collect()
});

static FINAL_VS_BUDGET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"预算(?:数)?为(\d+(?:\.\d+)?)万元[，,]\s*(?:支出)?决算(?:数)?为(\d+(?:\.\d+)?)万元[^。]*?[。，,；]\s*决算数(大于|小于|等于|高于|低于|超过)(?:年初)?预算数")
        .expect("static regex")
});

static PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:XX|ＸＸ|××)\p{Han}{1,3}").expect("static regex"));

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A finding about the text: it points at no table or figure.
fn finding(
    rule: &str,
    severity: Severity,
    message: String,
    expected: Option<String>,
    actual: Option<String>,
) -> Check {
    super::audit::finding(rule, severity, message, expected, actual, vec![])
}

/// A short excerpt of `text` around byte `at`, for messages.
fn excerpt(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .nth(12)
        .map_or(0, |(i, _)| i);
    text[start..].chars().take(30).collect()
}

/// The paragraph findings of `doc`, in paragraph order per rule.
pub fn check(doc: &Document, paragraphs: &[&str]) -> Vec<Check> {
    let paras: Vec<String> = paragraphs.iter().map(|p| squeeze(p)).collect();
    let mut out = Vec::new();
    years(doc, &paras, &mut out);
    final_vs_budget(doc, &paras, &mut out);
    doubled(doc, &paras, &mut out);
    placeholders(&paras, &mut out);
    sections(doc, &paras, &mut out);
    if let Some(year) = doc.document.year {
        let stated = super::last_year::statements(&paras, year);
        super::last_year::change_vs_last_year(&stated, &mut out);
        super::last_year::last_year_conflict(doc, &stated, &mut out);
    }
    let raw: Vec<&str> = paragraphs.to_vec();
    super::audit::coverage(doc, &raw, &mut out);
    out
}

fn years(doc: &Document, paras: &[String], out: &mut Vec<Check>) {
    let Some(year) = doc.document.year else {
        return;
    };
    for (rule, re) in YEAR_RULES.iter().zip(YEAR_RES.iter()) {
        let offset = match doc.document.kind {
            DocKind::Budget => rule.budget,
            DocKind::FinalAccount => rule.final_account,
            _ => None,
        };
        let Some(offset) = offset else { continue };
        let want = year + offset;
        for p in paras.iter().filter(|p| p.chars().count() <= rule.max_chars) {
            for c in re.captures_iter(p) {
                let Some(m) = c.get(1) else { continue };
                let Ok(y) = m.as_str().parse::<i32>() else {
                    continue;
                };
                if y == want {
                    continue;
                }
                out.push(finding(
                    rule.rule,
                    Severity::Error,
                    format!(
                        "{}: {} is {y}, in a {year} {} it is {want} (“{}”)",
                        rule.what,
                        rule.what,
                        doc.document.kind.as_str(),
                        excerpt(p, m.start())
                    ),
                    Some(want.to_string()),
                    Some(y.to_string()),
                ));
            }
        }
    }
}

fn final_vs_budget(doc: &Document, paras: &[String], out: &mut Vec<Check>) {
    if doc.document.kind != DocKind::FinalAccount {
        return;
    }
    for p in paras {
        for c in FINAL_VS_BUDGET.captures_iter(p) {
            let (Some(b), Some(f), Some(word)) = (
                c.get(1).and_then(|m| crate::amount::parse(m.as_str())),
                c.get(2).and_then(|m| crate::amount::parse(m.as_str())),
                c.get(3).map(|m| m.as_str()),
            ) else {
                continue;
            };
            let right = match b.cmp(&f) {
                std::cmp::Ordering::Less => "大于",
                std::cmp::Ordering::Greater => "小于",
                std::cmp::Ordering::Equal => "等于",
            };
            let said = match word {
                "高于" | "超过" => "大于",
                "低于" => "小于",
                w => w,
            };
            if said == right {
                continue;
            }
            out.push(finding(
                "narrative.final_vs_budget",
                Severity::Error,
                format!(
                    "预算 {b} 万元, 决算 {f} 万元: the text says 决算数{word}预算数, it is {right}"
                ),
                Some(right.to_string()),
                Some(word.to_string()),
            ));
        }
    }
}

fn doubled(doc: &Document, paras: &[String], out: &mut Vec<Check>) {
    for p in paras {
        for d in DOUBLED {
            if let Some(at) = p.find(d) {
                out.push(finding(
                    "text.doubled_symbol",
                    Severity::Warning,
                    format!("doubled “{d}” in the text: “{}”", excerpt(p, at)),
                    None,
                    Some((*d).to_string()),
                ));
            }
        }
    }
    for t in &doc.tables {
        for (ri, r) in t.records.iter().enumerate() {
            for (key, v) in r.values.0.iter() {
                let Some(v) = v else { continue };
                if let Some(d) = DOUBLED.iter().find(|d| v.contains(*d)) {
                    out.push(Check {
                        rule: "text.doubled_symbol".into(),
                        severity: Severity::Warning,
                        message: format!(
                            "{} {}: doubled “{d}” in “{v}”",
                            super::table_label(t),
                            super::record_label(r)
                        ),
                        expected: None,
                        actual: Some(v.clone()),
                        at: vec![super::at_cell(t, ri, key)],
                    });
                }
            }
        }
    }
}

fn placeholders(paras: &[String], out: &mut Vec<Check>) {
    let mut seen: Vec<String> = Vec::new();
    for p in paras {
        for m in PLACEHOLDER.find_iter(p) {
            let s = m.as_str().to_string();
            if seen.contains(&s) {
                continue;
            }
            out.push(finding(
                "text.placeholder",
                Severity::Warning,
                format!(
                    "a template placeholder left in the text: “{}”",
                    excerpt(p, m.start())
                ),
                None,
                Some(s.clone()),
            ));
            seen.push(s);
        }
    }
}

fn sections(doc: &Document, paras: &[String], out: &mut Vec<Check>) {
    if !matches!(doc.document.kind, DocKind::Budget | DocKind::FinalAccount) {
        return;
    }
    // Only a document with a narrative (a tables-only file of a split disclosure has none).
    if doc.narrative.figures.len() < 20 {
        return;
    }
    // A table's own title line ("表8" / "一般公共预算“三公”经费支出表") explains nothing.
    let titles: Vec<String> = doc
        .tables
        .iter()
        .filter_map(|t| {
            t.title
                .as_deref()
                .map(|x| (t.number.as_deref(), squeeze(x)))
        })
        .flat_map(|(n, x)| [format!("{}{x}", n.unwrap_or("")), x])
        .collect();
    let text: Vec<&String> = paras.iter().filter(|p| !titles.contains(p)).collect();
    for (what, words, budget_only) in SECTIONS {
        if *budget_only && doc.document.kind != DocKind::Budget {
            continue;
        }
        if text.iter().any(|p| words.iter().any(|w| p.contains(w))) {
            continue;
        }
        out.push(finding(
            "coverage.section_missing",
            Severity::Warning,
            format!("no {what} explanation in the text"),
            Some((*what).to_string()),
            None,
        ));
    }
}
