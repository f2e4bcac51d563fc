//! Document-level facts: title, department, year, kind (预算/决算), scope (部门/单位).
//!
//! - title: the cover line(s) before the first table / 目录 (`上海市普陀区财政局` +
//!   `2024年度部门决算` are joined), else the first short paragraph naming a
//!   预算/决算; white space removed.
//! - department: the most common 编制部门 of the tables, else a `预算主管部门：` /
//!   `预算单位：` / `编制部门：` / `部门：` line, else the body named in the title;
//!   always without the `单位：万元` label or a date printed after it on the line.
//!   A cover printed inside a one-column frame (the first block) is the cover.
//! - year: from the title, else the most common year of the table titles.
//! - kind: 决算 → `final_account`, 预算 → `budget` (title first, then table titles).
//! - scope: 部门预算/部门决算 → `department`, 单位预算/单位决算 → `unit` (title
//!   first, then what the table titles say, then — for a budget or final
//!   account — which of 部门预算/部门概况/… and 单位预算/单位概况/… the text says
//!   more often); `unknown` otherwise.

use crate::layout::{Block, Layout};
use crate::model::{DocKind, DocScope, DocumentInfo, TableOut};
use crate::recognize::catalog::normalize;
use regex::Regex;
use std::sync::LazyLock;

static YEAR_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})年").expect("static regex"));
static OWNER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:预算主管部门|主管部门|预算单位|部门名称|单位名称|编制部门|编制单位|部门)[:：]\s*(\S.*)$",
    )
    .expect("static regex")
});
/// Where a body's name stops: the unit label printed on the same line
/// (`部门：江苏省人民检察院 单位：万元`), a date or a seal note.
static BODY_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:金额单位|单位)[:：]|（盖章）|\(盖章\)|[0-9０-９]{4}年[0-9０-９]{1,2}月")
        .expect("static regex")
});
/// A table number line (`表一`, `公开01表`, `附表3`): not a document title.
static TABLE_NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:公开|附)?(?:表[0-9０-９一二三四五六七八九十]+|[0-9０-９一二三四五六七八九十]+表)$",
    )
    .expect("static regex")
});
static TITLE_BODY_RE: LazyLock<Regex> = LazyLock::new(|| {
    // 2022年<body>部门预算 | <body>2024年度部门决算
    Regex::new(r"^(?:(?:19|20)\d{2}年度?)?(.*?)(?:(?:19|20)\d{2}年度?)?(?:部门|单位)?(?:预算|决算)(?:公开)?$")
        .expect("static regex")
});

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A body's name as printed, without what follows it on the line (the 单位
/// label, a date) and without white space; `None` when nothing is left.
pub fn clean_body(s: &str) -> Option<String> {
    let n = squeeze(s);
    let n = match BODY_END_RE.find(&n) {
        Some(m) => &n[..m.start()],
        None => &n,
    };
    let n = n.trim_end_matches(['：', ':', '，', ',', '；', ';', '。']);
    (n.chars().count() >= 2).then(|| n.to_string())
}

/// A cover-like line: short, no sentence punctuation, not a heading or TOC line.
fn cover_like(n: &str) -> bool {
    let len = n.chars().count();
    (2..=40).contains(&len)
        && !n.contains('。')
        && !n.contains('，')
        && !n.contains('…')
        && !n.contains(':')
        && !n.starts_with('第')
        && !n.starts_with('表')
        && !n.starts_with("目录")
        // a table's own title or number (`收支预算总表`, `公开01表`), not the document's
        && !n.ends_with('表')
        && !TABLE_NUMBER_RE.is_match(n)
}

fn names_budget(n: &str) -> bool {
    n.contains("预算") || n.contains("决算")
}

fn find_title(paragraphs: &[&str]) -> Option<String> {
    // 1. cover lines at the very top: up to 4 short lines, the last naming 预算/决算
    let mut lines: Vec<String> = Vec::new();
    for p in paragraphs {
        for l in p.lines() {
            let n = squeeze(l);
            if !n.is_empty() {
                lines.push(n);
            }
        }
        if lines.len() >= 6 {
            break;
        }
    }
    let mut acc = String::new();
    for l in lines.iter().take(4) {
        let n = normalize(l);
        if !cover_like(&n) {
            break;
        }
        acc.push_str(l);
        if names_budget(&n) {
            return Some(acc);
        }
    }
    // 2. the first short paragraph naming a 预算/决算 document
    paragraphs
        .iter()
        .flat_map(|p| p.lines())
        .map(squeeze)
        .find(|l| {
            let n = normalize(l);
            // "2022年XX部门预算": ends with the document kind; not a narrative heading
            cover_like(&n)
                && YEAR_RE.is_match(&n)
                && ["预算", "决算", "预算公开", "决算公开"]
                    .iter()
                    .any(|e| n.ends_with(e))
                && !n.contains("关于")
                && !n.starts_with(|c: char| "一二三四五六七八九十(（".contains(c))
        })
}

fn most_common<'a>(items: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for i in items {
        match counts.iter_mut().find(|(k, _)| *k == i) {
            Some((_, n)) => *n += 1,
            None => counts.push((i, 1)),
        }
    }
    // first seen wins ties (stable)
    let mut best: Option<(&str, usize)> = None;
    for (k, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k.to_string())
}

/// Scope word at the start of a table title (after the year): 部门 / 单位 / 预算单位.
fn title_scope(title: &str) -> Option<&'static str> {
    let n = normalize(title);
    let n = crate::recognize::catalog::strip_title_prefixes(&n);
    if n.starts_with("预算单位") || n.starts_with("单位") {
        Some("unit")
    } else if n.starts_with("部门") {
        Some("department")
    } else {
        None
    }
}

pub fn info(layout: &Layout, tables: &[TableOut]) -> DocumentInfo {
    // paragraphs before the first table (the cover, TOC, overview)
    let mut front: Vec<&str> = Vec::new();
    let mut all: Vec<&str> = Vec::new();
    let mut seen_table = false;
    // A cover printed inside a frame (a one-column grid of a few short lines,
    // no amounts) is the cover, not a table.
    let cover = match layout.blocks.first() {
        Some(Block::Table(t)) => cover_text(t),
        _ => None,
    };
    if let Some(c) = &cover {
        front.push(c);
        all.push(c);
    }
    for b in layout.blocks.iter().skip(usize::from(cover.is_some())) {
        match b {
            Block::Paragraph(p) => {
                all.push(&p.text);
                if !seen_table {
                    front.push(&p.text);
                }
            }
            Block::Table(_) => seen_table = true,
        }
    }
    let title = find_title(&front).or_else(|| find_title(&all));
    let title_n = title.as_deref().map(normalize).unwrap_or_default();

    // department
    let table_bodies: Vec<String> = tables
        .iter()
        .filter_map(|t| t.department.as_deref().and_then(clean_body))
        .collect();
    let mut department = most_common(table_bodies.iter().map(String::as_str));
    if department.is_none() {
        department = all
            .iter()
            .flat_map(|p| p.lines())
            .take(400)
            .find_map(|l| OWNER_RE.captures(l.trim()).and_then(|m| clean_body(&m[1])));
    }
    if department.is_none()
        && !title_n.is_empty()
        && let Some(m) = TITLE_BODY_RE.captures(&title_n)
    {
        let body = m[1].to_string();
        let chars = body.chars().count();
        // a district name before the year ("上海市普陀区2025年区级部门预算") is not a body
        if chars >= 3
            && !body.ends_with("区级")
            && !body.ends_with("市级")
            && !body.ends_with("县级")
        {
            department = Some(body);
        }
    }

    // year
    let year = YEAR_RE
        .captures(&title_n)
        .and_then(|m| m[1].parse::<i32>().ok())
        .or_else(|| {
            let years: Vec<String> = tables
                .iter()
                .filter_map(|t| t.title.as_deref())
                .filter_map(|t| YEAR_RE.captures(&normalize(t)).map(|m| m[1].to_string()))
                .collect();
            most_common(years.iter().map(String::as_str)).and_then(|y| y.parse().ok())
        })
        .or_else(|| {
            // a heading such as "第二部分  2022年部门预算公开表"
            all.iter()
                .flat_map(|p| p.lines())
                .map(normalize)
                .find_map(|l| {
                    let heading = l.chars().count() <= 40 && !l.contains('。') && names_budget(&l);
                    if !heading {
                        return None;
                    }
                    YEAR_RE.captures(&l).and_then(|m| m[1].parse::<i32>().ok())
                })
        });

    // kind
    let table_titles: Vec<String> = tables
        .iter()
        .filter_map(|t| t.title.as_deref())
        .map(normalize)
        .collect();
    let kind = if title_n.contains("决算") {
        DocKind::FinalAccount
    } else if title_n.contains("预算") {
        DocKind::Budget
    } else {
        let fa = table_titles.iter().filter(|t| t.contains("决算")).count();
        let bu = table_titles
            .iter()
            .filter(|t| t.contains("预算") && !t.contains("决算"))
            .count();
        if fa > bu {
            DocKind::FinalAccount
        } else if bu > fa {
            DocKind::Budget
        } else {
            // the text: "2022年部门预算公开表", "纳入部门预算管理", "部门决算编制范围"
            let text: String = all.iter().map(|p| normalize(p)).collect();
            let count =
                |words: &[&str]| words.iter().map(|w| text.matches(w).count()).sum::<usize>();
            let bu = count(&["部门预算", "单位预算", "预算公开", "年预算"]);
            let fa = count(&["部门决算", "单位决算", "决算公开", "年度决算"]);
            if fa > bu {
                DocKind::FinalAccount
            } else if bu > fa {
                DocKind::Budget
            } else {
                DocKind::Unknown
            }
        }
    };

    // scope
    let scope = if title_n.contains("部门预算") || title_n.contains("部门决算") {
        DocScope::Department
    } else if title_n.contains("单位预算") || title_n.contains("单位决算") {
        DocScope::Unit
    } else {
        let scopes: Vec<&str> = tables
            .iter()
            .filter_map(|t| t.title.as_deref())
            .filter_map(title_scope)
            .collect();
        match most_common(scopes.into_iter()) {
            Some(s) if s == "unit" => DocScope::Unit,
            Some(_) => DocScope::Department,
            // a budget document whose title and tables name no scope
            // (`2018年度江苏省高级人民法院预算公开`): what its text says
            None if kind != DocKind::Unknown => {
                let text: String = all.iter().map(|p| normalize(p)).collect();
                let count =
                    |words: &[&str]| words.iter().map(|w| text.matches(w).count()).sum::<usize>();
                let de = count(&["部门预算", "部门决算", "部门概况", "部门收支"]);
                let un = count(&["单位预算", "单位决算", "单位概况", "单位收支"]);
                if de > un {
                    DocScope::Department
                } else if un > de {
                    DocScope::Unit
                } else {
                    DocScope::Unknown
                }
            }
            None => DocScope::Unknown,
        }
    };

    DocumentInfo {
        title,
        department,
        year,
        kind,
        scope,
    }
}

/// The text of a cover printed as a table: one column (or one filled cell
/// per row), at most 6 lines, naming a 预算/决算, no amounts.
fn cover_text(t: &crate::layout::Table) -> Option<String> {
    let texts: Vec<&str> = t
        .cells
        .iter()
        .map(|c| c.text.trim())
        .filter(|x| !x.is_empty())
        .collect();
    let lines: Vec<&str> = texts
        .iter()
        .flat_map(|x| x.lines())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let rows_with_text = (0..t.rows)
        .filter(|&r| {
            t.cells
                .iter()
                .any(|c| c.row == r && !c.text.trim().is_empty())
        })
        .count();
    static AMOUNT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"[0-9][0-9,]*\.[0-9]").expect("static regex"));
    let amount = |l: &str| AMOUNT.is_match(l);
    let ok = !lines.is_empty()
        && lines.len() <= 6
        && texts.len() <= rows_with_text
        && lines.iter().any(|l| names_budget(&normalize(l)))
        && !lines.iter().any(|l| amount(l));
    ok.then(|| lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Paragraph;
    use crate::model::TableKind;

    fn layout(ps: &[&str]) -> Layout {
        Layout {
            blocks: ps
                .iter()
                .map(|t| {
                    Block::Paragraph(Paragraph {
                        text: t.to_string(),
                        ..Default::default()
                    })
                })
                .collect(),
            ..Default::default()
        }
    }

    fn table(title: &str, dept: Option<&str>) -> TableOut {
        TableOut {
            id: "t1".into(),
            number: None,
            title: Some(title.into()),
            kind: TableKind::Unknown,
            unit: None,
            department: dept.map(String::from),
            pages: vec![],
            empty: true,
            note: None,
            grid: Default::default(),
            columns: vec![],
            records: vec![],
        }
    }

    #[test]
    fn national_budget_cover() {
        let l = layout(&[
            "2022年昌吉回族自治州金融工作办公室部门预算",
            "第一部分  昌吉回族自治州金融工作办公室单位概况",
        ]);
        let d = info(&l, &[]);
        assert_eq!(
            d.title.as_deref(),
            Some("2022年昌吉回族自治州金融工作办公室部门预算")
        );
        assert_eq!(
            d.department.as_deref(),
            Some("昌吉回族自治州金融工作办公室")
        );
        assert_eq!(d.year, Some(2022));
        assert_eq!(d.kind, "budget");
        assert_eq!(d.scope, "department");
    }

    #[test]
    fn seed_without_cover_uses_tables() {
        // the text starts with "单位概况" but the tables are 部门 tables
        let l = layout(&[
            " 第一部分  昌吉回族自治州金融工作办公室单位概况",
            "　",
            "第二部分  2022年部门预算公开表",
        ]);
        let ts = [
            table("部门收支总体情况表", Some("昌吉回族自治州金融工作办公室")),
            table("部门收入总体情况表", Some("昌吉回族自治州金融工作办公室")),
        ];
        let d = info(&l, &ts);
        assert_eq!(
            d.department.as_deref(),
            Some("昌吉回族自治州金融工作办公室")
        );
        assert_eq!(d.scope, "department");
        assert_eq!(d.kind, "budget");
    }

    #[test]
    fn shanghai_covers() {
        let l = layout(&[
            "上海市普陀区2025年区级单位预算",
            "   预算单位：上海市普陀区商务委员会",
            "目   录",
        ]);
        let d = info(&l, &[table("2025年预算单位财务收支预算总表", None)]);
        assert_eq!(d.title.as_deref(), Some("上海市普陀区2025年区级单位预算"));
        assert_eq!(d.department.as_deref(), Some("上海市普陀区商务委员会"));
        assert_eq!(
            (d.year, d.kind.as_str(), d.scope.as_str()),
            (Some(2025), "budget", "unit")
        );

        let l = layout(&[
            "上海市普陀区财政局",
            "2024年度部门决算",
            "目 录",
            "第一部分 上海市普陀区财政局概况",
        ]);
        let d = info(&l, &[table("收入支出决算总表", None)]);
        assert_eq!(
            d.title.as_deref(),
            Some("上海市普陀区财政局2024年度部门决算")
        );
        assert_eq!(d.department.as_deref(), Some("上海市普陀区财政局"));
        assert_eq!(
            (d.year, d.kind.as_str(), d.scope.as_str()),
            (Some(2024), "final_account", "department")
        );

        let l = layout(&[
            "中共上海市普陀区委",
            "社会工作部 2024 年度",
            "   部门决算",
            "目   录",
        ]);
        let d = info(&l, &[]);
        assert_eq!(
            d.title.as_deref(),
            Some("中共上海市普陀区委社会工作部2024年度部门决算")
        );
        assert_eq!(
            d.department.as_deref(),
            Some("中共上海市普陀区委社会工作部")
        );
    }

    #[test]
    fn narrative_headings_are_not_titles() {
        let l = layout(&[
            "第一部分  XX单位概况",
            "本单位主要职能。",
            "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体",
            "2022年昌吉回族自治州金融工作办公室部门预算",
        ]);
        let d = info(&l, &[]);
        assert_eq!(
            d.title.as_deref(),
            Some("2022年昌吉回族自治州金融工作办公室部门预算")
        );
    }

    #[test]
    fn unit_label_is_not_part_of_the_department() {
        // Jiangsu: `部门：江苏省人民检察院 单位：万元` above every table
        let ts = [
            table("收支预算总表", Some("江苏省人民检察院单位：万元")),
            table("收入预算总表", Some("江苏省人民检察院 单位:万元")),
        ];
        let d = info(&layout(&["江苏省人民检察院2019年度部门预算公开"]), &ts);
        assert_eq!(d.department.as_deref(), Some("江苏省人民检察院"));
        assert_eq!(
            clean_body("西南大学单位：万元").as_deref(),
            Some("西南大学")
        );
        assert_eq!(clean_body(" 单位：万元"), None);
    }

    #[test]
    fn tables_only_file_takes_the_department_line() {
        // Excel export of the tables alone: no cover, `表一` above each title
        let l = layout(&["表一", "收支预算总表", "部门：江苏省政协办公厅 单位：万元"]);
        let d = info(&l, &[table("收支预算总表", None)]);
        assert_eq!(d.title, None, "a table's title is not the document's");
        assert_eq!(d.department.as_deref(), Some("江苏省政协办公厅"));
        let l = layout(&[
            "公开01表",
            "收支预算总表",
            "部门：江苏省政协办公厅 单位：万元",
        ]);
        assert_eq!(info(&l, &[]).title, None);
    }

    #[test]
    fn cover_printed_in_a_frame() {
        use crate::layout::{Cell, Table};
        let cell = |row: usize, text: &str| Cell {
            row,
            col: 0,
            rowspan: 1,
            colspan: 1,
            text: text.into(),
        };
        let mut l = layout(&["目 录", "第一部分 部门概况"]);
        l.blocks.insert(
            0,
            Block::Table(Table {
                rows: 2,
                cols: 1,
                cells: vec![cell(0, ""), cell(1, "江苏省人民检察院\n2018年部门预算")],
                ..Default::default()
            }),
        );
        let d = info(&l, &[]);
        assert_eq!(d.title.as_deref(), Some("江苏省人民检察院2018年部门预算"));
        assert_eq!(d.department.as_deref(), Some("江苏省人民检察院"));
        assert_eq!((d.year, d.scope.as_str()), (Some(2018), "department"));
    }

    #[test]
    fn scope_from_the_text_when_title_and_tables_say_none() {
        let l = layout(&[
            "2018年度江苏省高级",
            "人民法院预算公开",
            "第一部分 部门概况",
            "四、部门收支预算编制的相关依据",
        ]);
        let d = info(&l, &[table("2018年度江苏省高级人民法院收支预算总表", None)]);
        assert_eq!(
            d.title.as_deref(),
            Some("2018年度江苏省高级人民法院预算公开")
        );
        assert_eq!(d.department.as_deref(), Some("江苏省高级人民法院"));
        assert_eq!(
            (d.kind.as_str(), d.scope.as_str()),
            ("budget", "department")
        );
    }

    #[test]
    fn not_a_budget() {
        let l = layout(&[
            "洪泽区人民政府",
            "2023 年政府信息公开工作年度报告",
            "本报告由……编制。",
        ]);
        let d = info(&l, &[]);
        assert_eq!(d.kind, "unknown");
        assert_eq!(d.scope, "unknown");
        assert_eq!(d.title, None);
    }
}
