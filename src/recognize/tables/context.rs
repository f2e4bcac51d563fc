//! A table's printed context: title, 表N, 编制部门, 单位 (from the lines just
//! before it or from title rows inside it) and the note (注/备注) just after it.

use crate::recognize::catalog::{self, normalize};
use regex::Regex;
use std::sync::LazyLock;

/// What the lines around a table say about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub number: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    pub unit: Option<String>,
}

impl Context {
    /// Fill what `self` lacks from `other`.
    pub fn fill_from(&mut self, other: &Context) {
        if self.number.is_none() {
            self.number.clone_from(&other.number);
        }
        if self.title.is_none() {
            self.title.clone_from(&other.title);
        }
        if self.department.is_none() {
            self.department.clone_from(&other.department);
        }
        if self.unit.is_none() {
            self.unit.clone_from(&other.unit);
        }
    }
}

/// What one line is.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    /// Empty or a bare year such as `(2022年)`: ignore.
    Skip,
    /// A line made only of title information (stored into the context).
    Info { title: bool, number: bool },
    /// Anything else: the context ends here.
    Other,
}

static UNIT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"单位:(亿元|万元|千元|元)").expect("static regex"));
static DEPT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:编制部门|编制单位|填报单位|填报部门|^\s*部门名称|^\s*单位名称|^\s*部门)\s*[:：]\s*(.*?)\s*(?:(?:金额)?单位\s*[:：].*)?$",
    )
    .expect("static regex")
});
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    // 表3 / 附表3 / 表3-1 / 公开03表 (Jiangsu), then a separator
    Regex::new(r"^(?:(?:附)?表(\d{1,2})(?:[-－]\d+)?|公开(\d{1,2})表)[:：.、．]?")
        .expect("static regex")
});
static YEAR_ONLY_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?\d{4}年度?\)?$").expect("static regex"));
static NOTE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:备注|注释|注|说明)\s*\d?\s*[:：]").expect("static regex"));

/// Whether `text` opens a note (`注：…`, `备注：…`, `说明：…`).
pub fn is_note(text: &str) -> bool {
    NOTE_RE.is_match(text.trim_start_matches(|c: char| c.is_whitespace()))
}

/// Whether a normalized line reads as a table title (short, ends with 表).
fn is_title_text(n: &str) -> bool {
    let chars = n.chars().count();
    (2..=60).contains(&chars)
        && catalog::strip_title_qualifier(n).ends_with('表')
        && !n.contains('。')
        && !n.contains('…')
        && !n.contains(':')
        && !n.starts_with("第")
}

/// Classify one printed line and store what it says into `ctx` (never
/// overwriting what is already known).
pub fn scan_line(line: &str, ctx: &mut Context) -> Line {
    let n = normalize(line);
    if n.is_empty() || YEAR_ONLY_RE.is_match(&n) {
        return Line::Skip;
    }
    let mut info = false;
    if let Some(m) = UNIT_RE.captures(&n) {
        if ctx.unit.is_none() {
            ctx.unit = Some(m[1].to_string());
        }
        info = true;
    }
    if let Some(m) = DEPT_RE.captures(line.trim()) {
        let d: String = m[1].chars().filter(|c| !c.is_whitespace()).collect();
        if !d.is_empty() && ctx.department.is_none() {
            ctx.department = Some(d);
        }
        info = true;
    }
    if info {
        return Line::Info {
            title: false,
            number: false,
        };
    }
    let mut rest = n.as_str();
    let mut number = false;
    if let Some(m) = NUMBER_RE.captures(&n) {
        if ctx.number.is_none() {
            ctx.number = Some(match m.get(1) {
                Some(d) => format!("表{}", d.as_str()),
                None => format!("公开{}表", m.get(2).map_or("", |d| d.as_str())),
            });
        }
        number = true;
        rest = &n[m.get(0).map_or(0, |g| g.end())..];
    }
    let mut title = false;
    if !rest.is_empty() {
        if is_title_text(rest) || catalog::kind_of_title(rest, None).is_some() {
            if ctx.title.is_none() {
                // printed title, white space removed (the number kept apart)
                let printed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                let printed = match NUMBER_RE.find(&printed) {
                    Some(m) if number => printed[m.end()..].to_string(),
                    _ => printed,
                };
                ctx.title = Some(printed);
            }
            title = true;
        } else {
            return Line::Other;
        }
    }
    Line::Info { title, number }
}

/// Scan a cell's text line by line; when some line is not title information,
/// retry with its lines joined (a PDF cell may wrap `单位：万` / `元`).
/// Returns whether the whole cell is title information, and whether it named a
/// title or number; `ctx` is only updated on success.
pub fn scan_cell(text: &str, ctx: &mut Context) -> Option<(bool, bool)> {
    let try_lines = |lines: &mut dyn Iterator<Item = &str>, ctx: &mut Context| {
        let mut trial = ctx.clone();
        let (mut t, mut n) = (false, false);
        for l in lines {
            match scan_line(l, &mut trial) {
                Line::Other => return None,
                Line::Skip => {}
                Line::Info { title, number } => {
                    t |= title;
                    n |= number;
                }
            }
        }
        *ctx = trial;
        Some((t, n))
    };
    if let Some(r) = try_lines(&mut text.lines(), ctx) {
        return Some(r);
    }
    let joined: String = text.lines().map(str::trim).collect();
    try_lines(&mut std::iter::once(joined.as_str()), ctx)
}

static WRAPPED_DEPT_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\p{Han}{1,30})\s+((?:金额)?单位\s*[:：].*)$").expect("static regex")
});
static CUT_UNIT_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"单位\s*[:：]\s*[万千亿]\s*$").expect("static regex"));
static UNIT_END_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.*\S)\s+元\s*$").expect("static regex"));

/// Lines wrapped inside a table's heading joined back: a 部门名称 line wrapped
/// before the unit (`部门名称：江苏省高级人民法` / `院      单位：万元`, or the name
/// alone on the next line) and a unit wrapped after `单位：万` (the `元` at the end
/// of the next line).
fn unwrap_department(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for l in lines {
        // `单位：万` / `部门名称：…            元`: the unit wrapped onto the next line
        if let Some(prev) = out.last_mut()
            && CUT_UNIT_RE.is_match(prev)
            && let Some(m) = UNIT_END_RE.captures(&l)
        {
            prev.push('元');
            out.push(m[1].to_string());
            continue;
        }
        if let Some(prev) = out.last_mut()
            && DEPT_RE.is_match(prev)
            && !UNIT_RE.is_match(&normalize(prev))
            && let Some(m) = WRAPPED_DEPT_RE.captures(&l)
        {
            prev.push_str(&m[1]);
            out.push(m[2].to_string());
            continue;
        }
        out.push(l);
    }
    out
}

/// Read the context from the paragraphs just before a table (nearest last).
pub fn before(paragraphs: &[&str]) -> Context {
    let mut ctx = Context::default();
    let mut seen = 0usize;
    let mut have_title = false;
    // the lines after the last note (a note of the previous table ends the look-back)
    let from = paragraphs
        .iter()
        .rposition(|p| is_note(p))
        .map_or(0, |i| i + 1);
    let lines = unwrap_department(
        paragraphs[from..]
            .iter()
            .flat_map(|p| p.lines())
            .map(str::to_string)
            .collect(),
    );
    for line in lines.iter().rev() {
        match scan_line(line, &mut ctx) {
            Line::Skip => continue,
            Line::Other => break,
            Line::Info { title, number } => {
                seen += 1;
                if number {
                    // 表N sits above (or on) the title line: nothing above it belongs to us
                    break;
                }
                if have_title && title {
                    // a second title above the first one is a section heading
                    break;
                }
                have_title |= title;
            }
        }
        if seen >= 6 {
            break;
        }
    }
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_before_a_table() {
        let c = before(&[
            "正文说明。",
            "表1",
            "部门收支总体情况表",
            "编制部门：昌吉回族自治州金融工作办公室                        单位：万元",
        ]);
        assert_eq!(c.number.as_deref(), Some("表1"));
        assert_eq!(c.title.as_deref(), Some("部门收支总体情况表"));
        assert_eq!(
            c.department.as_deref(),
            Some("昌吉回族自治州金融工作办公室")
        );
        assert_eq!(c.unit.as_deref(), Some("万元"));

        let c = before(&[
            "上海市普陀区财政局2024年度部门决算表",
            "收入支出决算总表",
            "单位：万元",
        ]);
        assert_eq!(c.title.as_deref(), Some("收入支出决算总表"));
        assert_eq!(c.number, None);
        assert_eq!(c.department, None);

        let c = before(&["编制单位：上海市普陀区商务委员会   单位:万元"]);
        assert_eq!(c.department.as_deref(), Some("上海市普陀区商务委员会"));
        assert_eq!(c.unit.as_deref(), Some("万元"));

        // a note of the previous table ends the look-back
        let c = before(&["注:本部门无政府性基金预算，故本表为空表。"]);
        assert_eq!(c, Context::default());
        // narrative text is not a title
        let c = before(&["具体情况见下表（按项目分别填报）："]);
        assert_eq!(c.title, None);
    }

    #[test]
    fn jiangsu_headings_wrapped_and_numbered() {
        // 江苏省高级人民法院2019 p12: 公开NN表, a qualified title, the name wrapped before the unit
        let c = before(&[
            "公开 07 表",
            "一般公共预算支出预算表（功能科目）",
            "部门名称：江苏省高级人民法\n院                                             单位：万元",
        ]);
        assert_eq!(c.number.as_deref(), Some("公开07表"));
        assert_eq!(
            c.title.as_deref(),
            Some("一般公共预算支出预算表（功能科目）")
        );
        assert_eq!(c.department.as_deref(), Some("江苏省高级人民法院"));
        assert_eq!(c.unit.as_deref(), Some("万元"));
        // p14: the unit cut after 万, its 元 at the end of the 部门名称 line
        let c = before(&[
            "公开 09 表",
            "“三公”经费、会议费、培训费支出预算表\n单位：万\n部门名称：江苏省高级人民法院             元",
        ]);
        assert_eq!(c.unit.as_deref(), Some("万元"));
        assert_eq!(c.department.as_deref(), Some("江苏省高级人民法院"));
        assert!(c.title.is_some());
        // p14 (公开10表): the name alone on the line after 部门名称：
        let c = before(&["部门名称：\n    江苏省高级人民法院        单位：万元"]);
        assert_eq!(c.department.as_deref(), Some("江苏省高级人民法院"));
        // 表 1：高等学校收支决算总表 (full-width colon after the number)
        let c = before(&[
            "表 1：高等学校收支决算总表",
            "单位名称：西南大学     单位：万元",
        ]);
        assert_eq!(c.number.as_deref(), Some("表1"));
        assert_eq!(c.title.as_deref(), Some("高等学校收支决算总表"));
        assert_eq!(c.department.as_deref(), Some("西南大学"));
    }

    #[test]
    fn wrapped_cells() {
        let mut c = Context::default();
        assert_eq!(scan_cell("单位：万\n元", &mut c), Some((false, false)));
        assert_eq!(c.unit.as_deref(), Some("万元"));
        assert_eq!(
            scan_cell("表7\n一般公共预算项目支出情况表", &mut c),
            Some((true, true))
        );
        assert_eq!(c.number.as_deref(), Some("表7"));
        let before = c.clone();
        assert_eq!(scan_cell("项目\n名称", &mut c), None);
        assert_eq!(c, before);
    }

    #[test]
    fn notes() {
        assert!(is_note("备注：我单位无政府性基金预算，此表为空表。"));
        assert!(is_note("注:本部门2025年无政府性基金预算"));
        assert!(is_note("说明：上海市 XX 局本年度没有…"));
        assert!(!is_note("说明书"));
    }
}
