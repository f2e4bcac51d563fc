//! Project blocks (项目名称 / 设立的政策依据 / 预算安排规模 / 项目承担单位 /
//! 资金分配情况 / 资金执行时间) → [`Project`]s.
//!
//! A paragraph belongs to a project block when it *starts* (after an optional
//! list number such as `1、`) with one of the field labels followed by a colon.
//! `项目名称` opens a new project; the other fields fill the open one. A
//! paragraph without a leading field label closes the block. Block paragraphs
//! produce no figures: their amounts are in `projects` only.

use super::{Tok, tokens};
use crate::model::{Allocation, Project};
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Basis,
    Amount,
    Executor,
    Allocations,
    Period,
}

/// Field labels, longest first where one contains another.
const FIELDS: &[(&str, Field)] = &[
    ("项目名称", Field::Name),
    ("设立的政策依据", Field::Basis),
    ("设立依据", Field::Basis),
    ("政策依据", Field::Basis),
    ("预算安排规模", Field::Amount),
    ("项目承担单位", Field::Executor),
    ("项目实施单位", Field::Executor),
    ("资金分配情况", Field::Allocations),
    ("资金执行时间", Field::Period),
    ("项目执行时间", Field::Period),
];

fn field_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let alts: Vec<&str> = FIELDS.iter().map(|(l, _)| *l).collect();
        Regex::new(&format!(r"({})\s*[:：]", alts.join("|"))).expect("static regex")
    })
}

fn lead_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^\s*(?:[0-9０-９]+\s*[、.．]|[（(][一二三四五六七八九十0-9]+[）)])?\s*")
            .expect("static regex")
    })
}

#[derive(Debug, Default)]
pub struct Collector {
    projects: Vec<Project>,
    open: bool,
}

impl Collector {
    /// Offer a paragraph (lines already joined). Returns true when it belongs to
    /// a project block and must not be read for figures.
    pub fn feed(&mut self, text: &str) -> bool {
        let lead = lead_re().find(text).map_or(0, |m| m.end());
        let matches: Vec<(usize, usize, Field)> = field_re()
            .captures_iter(text)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let label = c.get(1)?.as_str();
                let field = FIELDS.iter().find(|(l, _)| *l == label)?.1;
                Some((whole.start(), whole.end(), field))
            })
            .collect();
        let starts_block = matches.first().is_some_and(|m| m.0 == lead);
        if !starts_block {
            self.open = false;
            return false;
        }
        if matches[0].2 != Field::Name && !self.open {
            // A field without a project name before it: not a block we understand.
            return false;
        }
        for (i, &(_, value_start, field)) in matches.iter().enumerate() {
            let value_end = matches.get(i + 1).map_or(text.len(), |m| m.0);
            let value = clean_value(&text[value_start..value_end]);
            if field == Field::Name {
                self.projects.push(Project {
                    name: value,
                    ..Project::default()
                });
                self.open = true;
                continue;
            }
            let Some(p) = self.projects.last_mut() else {
                continue;
            };
            match field {
                Field::Name => {}
                Field::Basis => p.basis = Some(value),
                Field::Executor => p.executor = Some(value),
                Field::Period => p.period = Some(value),
                Field::Amount => {
                    if let Some(t) = tokens(&value).into_iter().find(is_amount) {
                        p.amount = Some(t.value);
                        p.unit = Some(t.unit);
                    }
                }
                Field::Allocations => p.allocations.extend(allocations(&value)),
            }
        }
        true
    }

    /// A heading ends any open block.
    pub fn close(&mut self) {
        self.open = false;
    }

    pub fn finish(self) -> Vec<Project> {
        self.projects
    }
}

fn is_amount(t: &Tok) -> bool {
    t.class == super::Class::Amount && !t.threshold
}

/// Trim white space and trailing sentence punctuation.
fn clean_value(s: &str) -> String {
    s.trim()
        .trim_end_matches(['。', '；', ';', '，', ','])
        .trim()
        .to_string()
}

/// "企业培训费2万元，调研活动费用3.2万元，…" → items with their amounts. The
/// item is the text between the previous amount (or the start) and this one,
/// leading separators dropped, white space removed; quotes are kept.
pub fn allocations(value: &str) -> Vec<Allocation> {
    let mut out = Vec::new();
    let mut from = 0;
    for t in tokens(value).into_iter().filter(is_amount) {
        let item: String = value[from..t.start]
            .trim_start_matches(|c: char| c.is_whitespace() || "，,；;、。".contains(c))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        out.push(Allocation {
            item,
            amount: t.value,
            unit: t.unit,
        });
        from = t.end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alloc(a: &Allocation) -> (&str, &str, &str) {
        (a.item.as_str(), a.amount.as_str(), a.unit.as_str())
    }

    #[test]
    fn allocation_items_keep_quotes_and_drop_spaces() {
        let v = "购置联信云非法集资监测预警系统10万元，购置行政执法记录仪 1万元，打造 “无非法集资示范社区（村）”3.5万元，调研、执法费用2.68万元";
        let a = allocations(v);
        let got: Vec<_> = a.iter().map(alloc).collect();
        assert_eq!(
            got,
            vec![
                ("购置联信云非法集资监测预警系统", "10", "万元"),
                ("购置行政执法记录仪", "1", "万元"),
                ("打造“无非法集资示范社区（村）”", "3.5", "万元"),
                ("调研、执法费用", "2.68", "万元"),
            ]
        );
    }

    #[test]
    fn block_fields_fill_the_open_project() {
        let mut c = Collector::default();
        assert!(c.feed("1、项目名称：服务实体经济专项业务经费"));
        assert!(c.feed("设立的政策依据：根据昌吉回族自治州金融工作办公室《三定方案》职责 "));
        assert!(c.feed("预算安排规模：15万元"));
        assert!(c.feed("项目承担单位：昌吉回族自治州金融工作办公室"));
        assert!(c.feed("资金分配情况：企业培训费2万元，调研活动费用3.2万元。"));
        assert!(c.feed(" 资金执行时间：2022年1月1日—2022年12月31日"));
        assert!(!c.feed("八、关于“三公”经费预算情况说明"));
        assert!(
            !c.feed("预算安排规模：20万元"),
            "a field outside a block is ordinary text"
        );
        let p = c.finish();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].name, "服务实体经济专项业务经费");
        assert_eq!(
            p[0].basis.as_deref(),
            Some("根据昌吉回族自治州金融工作办公室《三定方案》职责")
        );
        assert_eq!(p[0].amount.as_deref(), Some("15"));
        assert_eq!(p[0].unit.as_deref(), Some("万元"));
        assert_eq!(
            p[0].executor.as_deref(),
            Some("昌吉回族自治州金融工作办公室")
        );
        assert_eq!(p[0].period.as_deref(), Some("2022年1月1日—2022年12月31日"));
        assert_eq!(p[0].allocations.len(), 2);
        assert_eq!(alloc(&p[0].allocations[1]), ("调研活动费用", "3.2", "万元"));
    }

    #[test]
    fn several_fields_in_one_paragraph() {
        let mut c = Collector::default();
        assert!(c.feed("项目名称：甲项目 预算安排规模：3.50万元 资金执行时间：2022年全年"));
        let p = c.finish();
        assert_eq!(p[0].name, "甲项目");
        assert_eq!(p[0].amount.as_deref(), Some("3.50"));
        assert_eq!(p[0].period.as_deref(), Some("2022年全年"));
    }
}
