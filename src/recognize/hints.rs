//! The template knowledge a page reader needs, provided by recognition as a
//! [`LayoutHints`] (see `src/layout.rs`): what a heading looks like, which
//! units follow a number, what an amount is, what a table title is. A new
//! template changes these, never the reader.

use crate::layout::LayoutHints;
use regex::Regex;
use std::sync::LazyLock;

/// The hints for the Chinese budget / final-account disclosures.
pub const BUDGET: LayoutHints = LayoutHints {
    is_heading,
    starts_with_unit,
    is_amount,
    is_table_title,
};

static HEADING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[）)]|第[一二三四五六七八九十百\d]+[部章节条]|表\s*[\d一二三四五六七八九十]+|附件|附表|注[：:]|\d{1,2}\s*[、．]|\d{1,2}\.(?:\D|$|\d{4}年)|\d{1,2}\s*[）)])",
    )
    .expect("static regex")
});

/// A heading pattern ("一、", "（一）", "第一部分", "表3", "1．", "注：") starts a new paragraph.
pub fn is_heading(s: &str) -> bool {
    HEADING_RE.is_match(s)
}

/// Units printed right after a number ("增加17.64" + "万元，…").
const UNITS_AFTER_NUMBER: &[&str] = &["万元", "亿元", "元", "%", "％", "个百分点"];

/// Does `next` start with a unit that follows a number?
pub fn starts_with_unit(next: &str) -> bool {
    UNITS_AFTER_NUMBER.iter().any(|u| next.starts_with(u))
}

/// One exact amount as [`crate::amount::parse`] reads it.
pub fn is_amount(s: &str) -> bool {
    crate::amount::parse(s).is_some()
}

/// A table's own title ends in 表 (项目支出绩效目标表, 表5 …支出情况表) and is
/// not a continuation title (续).
pub fn is_table_title(text: &str) -> bool {
    text.ends_with('表') && !text.contains('续')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_patterns() {
        for s in [
            "一、部门",
            "（一）收入",
            "第一部分 概况",
            "表3 支出",
            "1．2025年",
            "1.2025年部门",
            "注：本表",
        ] {
            assert!(is_heading(s), "{s}");
        }
        for s in ["2025年收入", "12.50万元", "3.5%", "财政拨款"] {
            assert!(!is_heading(s), "{s}");
        }
    }

    #[test]
    fn units_amounts_and_titles() {
        assert!(starts_with_unit("万元，比上年"));
        assert!(starts_with_unit("个百分点"));
        assert!(!starts_with_unit("比上年"));
        assert!(is_amount("1,234.56"));
        assert!(!is_amount("合计"));
        assert!(is_table_title("项目支出绩效目标表"));
        assert!(!is_table_title("项目支出绩效目标表（续）"));
        assert!(!is_table_title("单位：万元"));
    }
}
