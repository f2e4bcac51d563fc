//! Narrative: every amount, percentage and count in the text → figures; project blocks → projects.
//!
//! # Reading rules (decisions on the ambiguous cases)
//!
//! - **Paragraphs.** Line breaks inside a paragraph are joined without a space
//!   (each line trimmed), so `增加17.64\n万元` reads `增加17.64万元`. A line of a
//!   paragraph that is a heading (see Section) and starts the paragraph or
//!   follows a line ending a sentence is split off as a heading (PDF readers
//!   may glue a heading to the text under it).
//! - **Figures.** A number followed by a unit is a figure: amounts (元, 千元,
//!   万元, 亿元), percentages (`%`, `％`) and counts (人, 个, 辆, 台（套）, 平方米,
//!   次, 项, 家, 名, …); a unit spaced out by justified PDF text (`万 元`) is
//!   read as one. A number without a unit (a year `2022年`, a table number
//!   `表1`, a stray `205.68`) is not a figure. A threshold (`单位价值50万元以上`,
//!   `100万元（含）以上`) is not a figure either; it stays part of the next
//!   figure's label (`单位价值50万元以上大型设备`).
//! - **Value** is the printed number with full-width digits normalized and
//!   thousands separators removed, scale kept (`3,121.42` → `3121.42`, `50` → `50`).
//! - **Sentence** is the clause between `。`/`；`/`;`/`！`/`？` containing the
//!   figure, trimmed, terminator excluded, inner spaces as printed.
//! - **Section** is the last heading seen: a paragraph (or line, above) of at
//!   most 60 characters holding no figure that is numbered (`第三部分 …`, `一、…`,
//!   `（一）…`) or an unnumbered title ending in 情况说明/编制说明/概况/主要职能/
//!   机构设置/名词解释; `（四）机关运行经费：指…` (text after a colon) is a
//!   definition, not a heading. The most recent heading is the most specific one.
//! - **Label** is the text before the number back to the previous figure or the
//!   previous `，`/`：`/`、`, with white space, list numbers, years (`2022年度`),
//!   department names (stated in `编制部门：`/`预算主管部门：` lines, `第一部分 …概况`,
//!   or an organisation name right before a year, `上海市普陀区财政局2024年度…`),
//!   `…（部门）`, connectors (`其中`, `本部门`, `共有`, …) and trailing
//!   `为`/`是`/`共`/`的` removed, and the enclosing quotes of a quoted item name
//!   dropped. A count whose label is empty or ends in a verb or conjunction
//!   (`下设3个科室`, `下属0家预算单位`) is labelled with the noun after its unit
//!   (`科室`, `预算单位`). A generic label (`预算数`, `年初预算`, `支出决算`, …)
//!   after a 类/款/项 item sentence is prefixed with the item
//!   (`…一般行政管理事务（项）预算数`), else with the subject of the previous
//!   figure of the sentence when that one was subject + generic word
//!   (`“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元` →
//!   `“三公”经费财政拨款支出决算`). `价值0万元` stays `价值` (as printed).
//! - **Key**: [`keys::RULES`] maps normalized labels to keys; a key is given to
//!   the first figure that matches it only (the document-level statement).
//!   `收支总预算` matches no key (it is neither the revenue nor the expenditure
//!   total); `财政拨款收支总预算` is `fiscal_appropriation_total`; a final
//!   account's `收入支出总计` (it includes carry-overs) has no key. Class/款/项
//!   lines never match a key.
//! - **Shares.** A percentage after `占` (`占100%`, `占本年支出合计的100.00%`)
//!   is the `share_percent` of the previous figure of the sentence.
//! - **Comparisons.** An amount or count right after 增加/增长/上升/提高/减少/
//!   下降/降低/持平/一致/增幅/降幅 (optionally `比上年(预算)`, `与2023年度`, …) is a change,
//!   not a figure; a percentage after such a verb is the change's percent.
//!   The change goes to:
//!   1. when the comparison names its subject (`因公出国（境）费增加0万元`,
//!      `“三公”经费比上年增加0.02万元`): the most recent figure of the same
//!      section, without a change yet, of the same kind, whose label is the same
//!      (normalized), else one that maps to the same key (`公务用车购置` ~
//!      `公务用车购置费`) — the seed lists the 三公 items in one paragraph and
//!      compares them in the next, so the search spans the section;
//!   2. otherwise the previous figure of the same sentence (`基本支出205.68 万元，
//!      占80.44%，比上年预算减少34.63万元`, `在职13人，增加0人`), else of the same
//!      paragraph (`公务接待费1.35万元。比2023年预算持平`);
//!   3. when neither exists, the comparison becomes its own figure: value = the
//!      compared amount, label = the printed phrase before it (`…比上年增加`),
//!      key null, and `change` repeating the amount, so a consumer can tell it
//!      is a difference and not a level.
//!
//!   A figure inside a parenthesis right after a comparison that names a year
//!   (`与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%`)
//!   is last year's figure: labelled with its year (`2016年度部门支出预算安排`),
//!   no key, no change, and never the subject of a change; the change after it
//!   becomes its own figure (3.) labelled with the sentence's comparison
//!   (`部门支出预算安排与2016年度相比增加`).
//!
//!   `持平`/`不变` without an amount gives `{flat, null, null}` to the subject
//!   the same way, but only when the sentence names a year to compare with
//!   (`与2024年预算持平`); `决算数与预算数基本持平` is no year-on-year change and
//!   is ignored.
//! - **Zero changes.** `增加0万元，增长0%` keeps the printed verb: direction
//!   `increase`, amount `"0"`, percent `"0"`. Only 持平/一致/不变 give `flat`
//!   (`与2024年预算一致0万元` → `{flat, "0", null}`).
//! - **Percent without a subject or a figure before it** (`完成年初预算的98.20%`)
//!   is its own figure with unit `%`.
//! - **Project blocks** (see [`projects`]) produce projects only, no figures.

mod keys;
mod projects;

pub use keys::Class;

use crate::model::{Change, Direction, Figure, Narrative};
use regex::Regex;
use std::sync::OnceLock;

/// The key an amount's label maps to ([`keys::RULES`]), whether or not the figure holds it: a
/// key is given to the first figure of a document that matches it only, so a later statement
/// of the same quantity ("支出总计…" after "支出预算…") is unkeyed.
pub fn amount_key(label: &str) -> Option<&'static str> {
    keys::candidate(label, Class::Amount, None)
}

/// Extract figures and projects from the document's paragraphs (non-table text, in order).
pub fn extract(paragraphs: &[&str]) -> Narrative {
    let mut st = State::new(department_names(paragraphs));
    let mut projects = projects::Collector::default();
    for p in &continuations(paragraphs) {
        for segment in segments(p) {
            match segment {
                Segment::Heading(h) => {
                    projects.close();
                    st.section = Some(h);
                }
                Segment::Text(text) => {
                    if !projects.feed(&text) {
                        st.paragraph(&text);
                    }
                }
            }
        }
    }
    Narrative {
        figures: st.figures,
        projects: projects.finish(),
    }
}

/// Paragraphs with the ones that continue a cut sentence joined to it (as
/// lines). Some PDF writers (WPS, Word 2007) end every printed line as a
/// paragraph of its own: `…一般公共预算机关运行经费预算支出` / `6032.55万元，比
/// 2016 年增加…`. A paragraph continues the previous one when the previous one
/// ends mid-sentence (at least 12 characters, no `。；：！？`, not a heading, not a `…：…` field line, not
/// a table caption) and it does not start anew (a heading, a list number
/// `1.` / `（1）` / `（一）`, a `…：` field).
fn continuations(paragraphs: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(paragraphs.len());
    let mut open = false;
    for p in paragraphs {
        let first = p.lines().map(str::trim).find(|l| !l.is_empty());
        let last = p.lines().map(str::trim).rfind(|l| !l.is_empty());
        let (Some(first), Some(last)) = (first, last) else {
            out.push(p.to_string());
            continue;
        };
        match out.last_mut() {
            Some(prev) if open && !starts_anew(first) => {
                prev.push('\n');
                prev.push_str(p);
            }
            _ => out.push(p.to_string()),
        }
        open = ends_open(last);
    }
    out
}

/// A line that leaves its sentence open (see [`continuations`]).
fn ends_open(line: &str) -> bool {
    // A short line (`说明` closing a two-line heading, a cover line) is not cut text.
    line.chars().count() >= 12
        && !line.ends_with(['。', '；', ';', '：', ':', '！', '？', '!', '?'])
        && !field_re().is_match(line)
        && !line.ends_with('表')
        && heading(line).is_none()
}

/// A line that starts a paragraph of its own (see [`continuations`]).
fn starts_anew(line: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(
            r"^(?:[0-9０-９]{1,2}\s*[.．、]\s*(?:[^0-9０-９\s]|$)|[（(][0-9０-９一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]+|[一二三四五六七八九十]+、)",
        )
        .expect("static regex")
    });
    heading(line).is_some() || re.is_match(line) || field_re().is_match(line)
}

/// A `名称：…` field line (`项目名称：…`, `预算主管部门：…`); `中：` (the cut
/// `其` / `中：…`) is none.
fn field_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"^[^，。；：:]{2,12}[：:]").expect("static regex"))
}

enum Segment {
    Heading(String),
    Text(String),
}

/// A paragraph as headings and joined text. A line is a heading of its own when
/// it looks like one (see [`heading`]) and starts the paragraph or follows a
/// line that ended a sentence: PDF readers may glue a heading to the text
/// under it.
fn segments(p: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text: Vec<&str> = Vec::new();
    let mut prev_ends = true;
    for line in p.split('\n').map(str::trim) {
        if line.is_empty() {
            continue;
        }
        match heading(line).filter(|_| prev_ends) {
            Some(h) => {
                if !text.is_empty() {
                    out.push(Segment::Text(text.concat()));
                    text.clear();
                }
                out.push(Segment::Heading(h));
                prev_ends = true;
            }
            None => {
                text.push(line);
                prev_ends = line.ends_with(['。', '；', ';', '：', ':']);
            }
        }
    }
    if !text.is_empty() {
        out.push(Segment::Text(text.concat()));
    }
    out
}

/// Join the lines of a paragraph without spaces (each line trimmed).
pub fn join_lines(p: &str) -> String {
    p.split('\n').map(str::trim).collect::<Vec<_>>().concat()
}

// ---------------------------------------------------------------- tokens

/// A number with its unit, at byte offsets `start..end` of the text it was found in.
#[derive(Debug, Clone, PartialEq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub value: String,
    pub unit: String,
    pub class: Class,
    /// `50万元以上`, `100万元（含）以上`: a bound, not a figure.
    pub threshold: bool,
}

fn token_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(
            r"([0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?)[ \t\u{3000}\u{a0}]*(万[ \u{3000}]*元|亿[ \u{3000}]*元|千[ \u{3000}]*元|元|%|％|人[ \u{3000}]*次|人|个|辆|台[ \u{3000}]*[（(][ \u{3000}]*套[ \u{3000}]*[）)]|台套|台|套|平[ \u{3000}]*方[ \u{3000}]*米|次|项|家|名|户|所|处|件|间|栋|批|张|场)",
        )
        .expect("static regex")
    })
}

fn threshold_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^\s*(?:[（(]含[）)])?\s*(?:及)?(?:以上|以下|以内)").expect("static regex")
    })
}

/// All numbers-with-units in `s`, in order.
pub fn tokens(s: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    for c in token_re().captures_iter(s) {
        let (Some(whole), Some(num), Some(unit)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        // Not the tail of a longer token (letters, digits, a decimal point) or an ordinal.
        if let Some(prev) = s[..whole.start()].chars().next_back()
            && (prev.is_ascii_alphanumeric() || matches!(prev, '.' | '．' | '第' | '０'..='９'))
        {
            continue;
        }
        let normalized: String = crate::amount::normalize_digits(num.as_str())
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let Some(value) = crate::amount::parse(&normalized) else {
            continue;
        };
        // Justified PDF text may space a unit out: `2946.25 万 元`.
        let unit: String = unit
            .as_str()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let unit = unit.as_str();
        let class = match unit {
            "万元" | "亿元" | "千元" | "元" => Class::Amount,
            "%" | "％" => Class::Percent,
            _ => Class::Count,
        };
        let unit = if unit == "％" { "%" } else { unit };
        out.push(Tok {
            start: whole.start(),
            end: whole.end(),
            value: value.to_string(),
            unit: unit.to_string(),
            class,
            threshold: threshold_re().is_match(&s[whole.end()..]),
        });
    }
    out
}

// ---------------------------------------------------------------- structure

fn heading_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
            .expect("static regex")
    })
}

/// The paragraph as a section heading, if it is one.
fn heading(text: &str) -> Option<String> {
    let t = text.trim();
    let n = t.chars().count();
    if n > 60 || tokens(t).iter().any(|k| !k.threshold) {
        return None;
    }
    // `（四）机关运行经费：指…` is a definition, not a heading.
    if let Some(i) = t.find(['：', ':'])
        && !t[i..].trim_start_matches(['：', ':']).trim().is_empty()
    {
        return None;
    }
    let numbered = heading_re().is_match(t);
    // Unnumbered titles: `其他相关情况说明`, `2025年部门预算编制说明`, `…机构设置`.
    let titled = n <= 40
        && !t.contains(['，', '。', '；', ',', ';'])
        && TITLE_ENDS.iter().any(|e| t.ends_with(e));
    (numbered || titled).then(|| t.to_string())
}

/// How unnumbered section titles end.
const TITLE_ENDS: &[&str] = &[
    "情况说明",
    "编制说明",
    "概况",
    "主要职能",
    "机构设置",
    "名词解释",
];

/// Byte ranges of the sentences (clauses between 。；;！？!?) of `text`.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    split_ranges(text, |_, c, _| {
        matches!(c, '。' | '；' | ';' | '！' | '？' | '!' | '?')
    })
}

/// Byte ranges of the comma clauses of a sentence (，：、: and , not between digits).
fn clauses(text: &str) -> Vec<(usize, usize)> {
    split_ranges(text, |prev, c, next| match c {
        // `财政拨款收、支总预算`: one label, not two.
        '、' => !(prev == Some('收') && next == Some('支')),
        '，' | '：' | ':' => true,
        ',' => {
            !(prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit()))
        }
        _ => false,
    })
}

fn split_ranges(
    text: &str,
    is_sep: impl Fn(Option<char>, char, Option<char>) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(pos, c)) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next = chars.get(i + 1).map(|x| x.1);
        if is_sep(prev, c, next) {
            out.push((start, pos));
            start = pos + c.len_utf8();
        }
    }
    out.push((start, text.len()));
    out
}

/// `1.一般公共服务支出（类）…一般行政管理事务（项）：…` → the item name.
fn item_heading(text: &str) -> Option<String> {
    static R: OnceLock<Regex> = OnceLock::new();
    let re = R.get_or_init(|| {
        Regex::new(r"^\s*(?:[0-9０-９]+\s*[.．、]\s*)?[“”]?([^。：:“”；;，]{2,120}?（项）)")
            .expect("static regex")
    });
    re.captures(text)
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().chars().filter(|c| !c.is_whitespace()).collect())
}

// ---------------------------------------------------------------- labels

/// Department names stated in the document (编制部门：…, 第一部分 …概况).
fn department_names(paragraphs: &[&str]) -> Vec<String> {
    static A: OnceLock<Regex> = OnceLock::new();
    static B: OnceLock<Regex> = OnceLock::new();
    let a = A.get_or_init(|| {
        Regex::new(
            r"(?:编制部门|编制单位|预算主管部门|主管部门|部门名称|单位名称)\s*[:：]\s*([^\s:：]+)",
        )
        .expect("static regex")
    });
    let b = B.get_or_init(|| {
        Regex::new(
            r"^第[一二三四五六七八九十]+部分\s*(\S+?)(?:（部门）|（单位）)?(?:单位|部门)?概况$",
        )
        .expect("static regex")
    });
    static C: OnceLock<Regex> = OnceLock::new();
    let c = C.get_or_init(|| {
        Regex::new(
            r"^(\p{Han}{2,40}?(?:办公室|办事处|委员会|局|部|中心|委|厅|院|街道))[0-9０-９]{4}年",
        )
        .expect("static regex")
    });
    let mut names: Vec<String> = Vec::new();
    for p in paragraphs {
        let t = join_lines(p);
        // `上海市普陀区财政局2024年度…`: an organisation name right before a year.
        let squeezed: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(m) = c.captures(&squeezed).and_then(|x| x.get(1)) {
            let n = m.as_str();
            if n.contains(['省', '市', '州', '区', '县', '旗', '盟']) || n.starts_with("中共")
            {
                names.push(n.to_string());
            }
        }
        for c in a.captures_iter(&t) {
            if let Some(m) = c.get(1) {
                names.push(m.as_str().to_string());
            }
        }
        if let Some(m) = b.captures(&squeezed).and_then(|c| c.get(1)) {
            names.push(m.as_str().to_string());
        }
    }
    names.retain(|n| n.chars().count() >= 3);
    names.sort_by(|x, y| y.len().cmp(&x.len()).then(x.cmp(y)));
    names.dedup();
    names
}

const LEADING: &[&str] = &[
    "主要包括",
    "包括",
    "其中",
    "分别是",
    "分别为",
    "共有",
    "本部门",
    "本单位",
    "我单位",
    "我部门",
    "我校",
    "本校",
    "学校",
    "本年度",
    "（部门）",
    "（单位）",
    "(部门)",
    "(单位)",
    "（",
    "年度",
    "此外",
    "以及",
    "和",
    "及",
    "的",
    "即",
];
const TRAILING: &[&str] = &["为", "是", "达到", "达", "约", "共计", "共", "的"];
/// Labels that only make sense with the item they belong to.
const GENERIC: &[&str] = &[
    "预算数",
    "年初预算",
    "全年预算",
    "支出决算",
    "决算数",
    "预算",
    "决算",
    "当年预算执行数",
    "预算执行数",
    "预算安排",
    "执行数",
    "金额",
];
/// Count labels that are verbs: the counted noun after the unit names the figure.
const COUNT_VERBS: &[&str] = &[
    "", "下设", "设有", "内设", "下属", "有", "共有", "现有", "设", "包括",
];

fn prefix_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(concat!(
            r"^(?:[0-9０-９]+[.．、]|[（(][0-9０-９]+[）)]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、",
            r"|(?:截至|截止到|截止)?[0-9０-９]{4}年度?(?:[0-9０-９]{1,2}月)?(?:[0-9０-９]{1,2}日)?(?:底|末|初)?",
            // An organisation marked as such: `上海市…办事处（部门）`.
            r"|\p{Han}{2,40}?[（(](?:部门|单位)[）)])"
        ))
        .expect("static regex")
    })
}

struct Labeler {
    departments: Vec<String>,
}

impl Labeler {
    /// The noun phrase before a number (see module doc).
    fn clean(&self, raw: &str) -> String {
        let mut s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        loop {
            let before = s.len();
            if let Some(m) = prefix_re().find(&s) {
                s = s[m.end()..].to_string();
            }
            for d in &self.departments {
                if let Some(rest) = s.strip_prefix(d.as_str()) {
                    s = rest.to_string();
                }
            }
            for w in LEADING {
                if let Some(rest) = s.strip_prefix(w) {
                    s = rest.to_string();
                }
            }
            s = s
                .trim_start_matches(['，', '：', '、', ',', ':'])
                .to_string();
            if s.len() == before {
                break;
            }
        }
        loop {
            let before = s.len();
            for w in TRAILING {
                if let Some(rest) = s.strip_suffix(w) {
                    s = rest.to_string();
                }
            }
            if s.len() == before {
                break;
            }
        }
        // A quoted item name: drop the enclosing quotes.
        if let Some(inner) = s.strip_prefix('“').and_then(|x| x.strip_suffix('”'))
            && !inner.contains(['“', '”'])
        {
            s = inner.to_string();
        }
        s
    }

    /// Drop an organisation name in front of a keyed label the document did not
    /// announce (`中共上海市普陀区委社会工作部收入预算` → `收入预算`).
    fn drop_org_prefix(&self, label: &str, class: Class, prev: Option<&str>) -> Option<String> {
        const ORG_END: &[&str] = &[
            "办公室",
            "办事处",
            "委员会",
            "局",
            "委",
            "部",
            "中心",
            "厅",
            "院",
            "街道",
            "镇",
            "政府",
        ];
        const PLACE: &[char] = &['省', '市', '州', '区', '县', '旗', '盟'];
        for (i, _) in label.char_indices().skip(1) {
            let (head, rest) = label.split_at(i);
            if rest.is_empty() || !ORG_END.iter().any(|e| head.ends_with(e)) {
                continue;
            }
            if !(head.contains(PLACE) || head.starts_with("中共")) {
                continue;
            }
            let rest = rest.trim_start_matches('的');
            if keys::candidate(rest, class, prev).is_some() {
                return Some(rest.to_string());
            }
        }
        None
    }
}

fn verb_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(增加|增长|上升|提高|减少|下降|降低|持平|一致|增幅|降幅|减幅)(?:了|为)?$")
            .expect("static regex")
    })
}

/// A year compared with: `2016年度`, `上年`, `去年`, ….
const YEAR_REF: &str = r"(?:[0-9０-９]{4}年度?|上年度|上一年度|上一年|上年|去年)";

fn comparison_tail_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"(?:与|比|较|同|和){YEAR_REF}(?:当年)?(?:年初|全年)?(?:预算|决算|同期)?(?:执行)?数?(?:相比|比较)?(?:基本)?$"
        ))
        .expect("static regex")
    })
}

/// A comparison with a named year followed by an open parenthesis that starts with
/// a year: `…与2016年度相比（2016年度部门支出预算安排为`.
fn last_year_paren_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"^(.*?(?:与|比|较|同){YEAR_REF}(?:相比|比较)?)[（(]({YEAR_REF}[^（()）]*)$"
        ))
        .expect("static regex")
    })
}

/// `(lead, inner)` when the text before a number (`before`, the clause up to it)
/// ends inside a last-year parenthesis: lead = the text before the parenthesis,
/// inner = its text up to the number, both without white space.
fn last_year_paren(before: &str) -> Option<(String, String)> {
    let squeezed: String = before.chars().filter(|c| !c.is_whitespace()).collect();
    let c = last_year_paren_re().captures(&squeezed)?;
    Some((c[1].to_string(), c[2].to_string()))
}

fn year_ref_re() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"上年|去年|上一年|[与比较同][0-9０-９]{4}年").expect("static regex")
    })
}

fn direction(verb: &str) -> Direction {
    match verb {
        "增加" | "增长" | "上升" | "提高" | "增幅" => Direction::Increase,
        "减少" | "下降" | "降低" | "降幅" | "减幅" => Direction::Decrease,
        _ => Direction::Flat,
    }
}

// ---------------------------------------------------------------- state

struct Meta {
    class: Class,
    candidate: Option<&'static str>,
}

struct State {
    labeler: Labeler,
    section: Option<String>,
    figures: Vec<Figure>,
    meta: Vec<Meta>,
    used: Vec<&'static str>,
    /// The last figure stated in the current paragraph.
    para_last: Option<usize>,
}

/// Per-sentence context.
#[derive(Default)]
struct Ctx {
    last_fig: Option<usize>,
    pending: Option<usize>,
    prev_candidate: Option<&'static str>,
    /// The sentence's subject before a last-year parenthesis (see
    /// [`State::last_year_figure`]), for the change that follows it.
    lead: Option<String>,
}

impl State {
    fn new(departments: Vec<String>) -> Self {
        State {
            labeler: Labeler { departments },
            section: None,
            figures: Vec::new(),
            meta: Vec::new(),
            used: Vec::new(),
            para_last: None,
        }
    }

    fn paragraph(&mut self, text: &str) {
        // The 类/款/项 item a sentence starts with holds for the sentences after it.
        let mut item: Option<String> = None;
        self.para_last = None;
        for (a, b) in sentences(text) {
            let sent = text[a..b].trim();
            if sent.is_empty() {
                continue;
            }
            if let Some(it) = item_heading(sent) {
                item = Some(it);
            }
            self.sentence(sent, item.as_deref());
        }
    }

    fn sentence(&mut self, sent: &str, item: Option<&str>) {
        let mut ctx = Ctx::default();
        for (c0, c1) in clauses(sent) {
            let clause = &sent[c0..c1];
            let mut from = 0;
            let mut any = false;
            for t in tokens(clause) {
                if t.threshold {
                    continue;
                }
                any = true;
                let pre: String = clause[from..t.start]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let after = &clause[t.end..];
                from = t.end;
                if t.class != Class::Percent
                    && let Some((lead, inner)) = last_year_paren(&clause[..t.start])
                {
                    self.last_year_figure(&mut ctx, sent, lead, &inner, &t);
                    continue;
                }
                self.token(&mut ctx, sent, item, &pre, after, t);
            }
            if !any {
                self.flat_clause(&mut ctx, sent, c1, clause);
            }
        }
    }

    fn token(
        &mut self,
        ctx: &mut Ctx,
        sent: &str,
        item: Option<&str>,
        pre: &str,
        after: &str,
        t: Tok,
    ) {
        if let Some(m) = verb_re().captures(pre) {
            let verb = m.get(1).map_or("", |v| v.as_str());
            let dir = direction(verb);
            let head = &pre[..m.get(0).map_or(pre.len(), |v| v.start())];
            let head = comparison_tail_re().replace(head, "");
            let subject = self.labeler.clean(&head);
            self.change(ctx, sent, pre, &subject, dir, t);
            return;
        }
        if t.class == Class::Percent {
            if pre.contains('占')
                && let Some(f) = ctx
                    .last_fig
                    .filter(|&f| self.figures[f].share_percent.is_none())
            {
                self.figures[f].share_percent = Some(t.value);
                return;
            }
            let label = self.labeler.clean(pre);
            let idx = self.push(sent, label, &t, None, ctx.prev_candidate);
            ctx.last_fig = Some(idx);
            ctx.pending = None;
            self.para_last = Some(idx);
            return;
        }
        let mut label = self.labeler.clean(pre);
        let verb_like = COUNT_VERBS.contains(&label.as_str())
            || COUNT_VERBS
                .iter()
                .any(|v| v.chars().count() >= 2 && label.ends_with(v))
            || label.ends_with(['和', '及', '与']);
        if t.class == Class::Count && verb_like {
            let noun: String = after
                .chars()
                .take_while(|c| {
                    !(c.is_whitespace()
                        || c.is_ascii_digit()
                        || "，。；、：,;:的（(和及与".contains(*c))
                })
                .collect();
            if !noun.is_empty() {
                label = noun;
            }
        }
        if GENERIC.contains(&label.as_str()) {
            if let Some(it) = item {
                label = format!("{it}{label}");
            } else if let Some(base) = ctx.last_fig.and_then(|f| self.generic_base(f)) {
                // `“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元`
                let tail = if base.ends_with("支出") {
                    label.strip_prefix("支出").unwrap_or(&label)
                } else {
                    &label
                };
                label = format!("{base}{tail}");
            }
        }
        if keys::candidate(&label, t.class, ctx.prev_candidate).is_none()
            && let Some(l) = self
                .labeler
                .drop_org_prefix(&label, t.class, ctx.prev_candidate)
        {
            label = l;
        }
        let idx = self.push(sent, label, &t, None, ctx.prev_candidate);
        ctx.prev_candidate = self.meta[idx].candidate;
        ctx.last_fig = Some(idx);
        ctx.pending = None;
        self.para_last = Some(idx);
    }

    /// Last year's figure stated in a parenthesis after a comparison
    /// (`…与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元`):
    /// labelled with its year, never keyed, never the subject of the change
    /// that follows; the change then has no figure of this year to go to.
    fn last_year_figure(&mut self, ctx: &mut Ctx, sent: &str, lead: String, inner: &str, t: &Tok) {
        let mut label = inner.to_string();
        while let Some(rest) = TRAILING.iter().find_map(|w| label.strip_suffix(w)) {
            label = rest.to_string();
        }
        self.figures.push(Figure {
            key: None,
            label: Some(label),
            value: t.value.clone(),
            unit: t.unit.clone(),
            change: None,
            share_percent: None,
            sentence: sent.trim().to_string(),
            section: self.section.clone(),
        });
        self.meta.push(Meta {
            class: t.class,
            candidate: None,
        });
        ctx.last_fig = None;
        ctx.pending = None;
        ctx.lead = Some(lead);
    }

    /// A comparison amount/percent (`pre` ends with its verb).
    fn change(
        &mut self,
        ctx: &mut Ctx,
        sent: &str,
        pre: &str,
        subject: &str,
        dir: Direction,
        t: Tok,
    ) {
        let is_pct = t.class == Class::Percent;
        let target = if !subject.is_empty() {
            self.lookup(subject, if is_pct { None } else { Some(t.class) })
        } else if is_pct
            && ctx.pending.is_some_and(|p| {
                self.figures[p]
                    .change
                    .as_ref()
                    .is_some_and(|c| c.percent.is_none())
            })
        {
            ctx.pending
        } else {
            // The previous figure of the sentence, else of the paragraph
            // (`公务接待费1.35万元。比2023年预算持平`).
            // Not across a last-year parenthesis: its subject is this sentence's.
            let para_last = if ctx.lead.is_some() {
                None
            } else {
                self.para_last
            };
            ctx.last_fig.or(para_last).filter(|&f| {
                self.figures[f].change.is_none() && (is_pct || self.meta[f].class == t.class)
            })
        };
        // The percent of a change already opened in this sentence.
        if is_pct
            && let Some(p) = target
            && let Some(c) = self.figures[p].change.as_mut()
            && c.percent.is_none()
        {
            c.percent = Some(t.value);
            return;
        }
        let change = Change {
            direction: dir,
            amount: if is_pct { None } else { Some(t.value.clone()) },
            percent: if is_pct { Some(t.value.clone()) } else { None },
        };
        match target {
            Some(f) if self.figures[f].change.is_none() => {
                self.figures[f].change = Some(change);
                ctx.pending = Some(f);
            }
            _ => {
                // `…与2016年度相比（…），增加498.72万元` → `…与2016年度相比增加`.
                let phrase = match ctx.lead.take() {
                    Some(lead) => format!("{lead}{pre}"),
                    None => pre.to_string(),
                };
                let label = self.labeler.clean(&phrase);
                let idx = self.push(sent, label, &t, Some(change), None);
                ctx.pending = Some(idx);
            }
        }
    }

    /// A clause without numbers: `与2024年预算持平`, `财政拨款收入支出总计持平`.
    fn flat_clause(&mut self, ctx: &mut Ctx, sent: &str, clause_end: usize, clause: &str) {
        let squeezed: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(pos) = ["持平", "不变"]
            .iter()
            .filter_map(|w| squeezed.find(w))
            .min()
        else {
            return;
        };
        let upto: String = sent[..clause_end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if !year_ref_re().is_match(&upto) {
            return;
        }
        let head = squeezed[..pos]
            .trim_end_matches("基本")
            .trim_end_matches("保持");
        let head = comparison_tail_re().replace(head, "");
        let subject = self.labeler.clean(&head);
        let target = if subject.is_empty() {
            ctx.last_fig
                .or(self.para_last)
                .filter(|&f| self.figures[f].change.is_none())
        } else {
            self.lookup(&subject, None)
        };
        if let Some(f) = target {
            self.figures[f].change = Some(Change {
                direction: Direction::Flat,
                amount: None,
                percent: None,
            });
            ctx.pending = Some(f);
        }
    }

    /// `X年初预算` → `X`: the subject of a figure labelled subject + generic word.
    fn generic_base(&self, f: usize) -> Option<String> {
        let label = self.figures[f].label.as_deref()?;
        GENERIC
            .iter()
            .filter(|g| g.chars().count() >= 2)
            .find_map(|g| label.strip_suffix(g))
            .filter(|b| !b.is_empty())
            .map(str::to_string)
    }

    /// The most recent figure of the current section, without a change, that
    /// `subject` speaks of (same normalized label, or same candidate key).
    fn lookup(&self, subject: &str, class: Option<Class>) -> Option<usize> {
        let n = keys::normalize(subject);
        let classes: &[Class] = match class {
            Some(Class::Amount) => &[Class::Amount],
            Some(Class::Count) => &[Class::Count],
            _ => &[Class::Amount, Class::Count],
        };
        let open: Vec<usize> = (0..self.figures.len())
            .rev()
            .take_while(|&i| self.figures[i].section == self.section)
            .filter(|&i| self.figures[i].change.is_none() && classes.contains(&self.meta[i].class))
            .collect();
        // Same label first, then same key.
        open.iter()
            .copied()
            .find(|&i| {
                self.figures[i]
                    .label
                    .as_deref()
                    .map(keys::normalize)
                    .is_some_and(|l| l == n)
            })
            .or_else(|| {
                open.iter().copied().find(|&i| {
                    let m = &self.meta[i];
                    m.candidate.is_some() && keys::candidate(subject, m.class, None) == m.candidate
                })
            })
    }

    fn push(
        &mut self,
        sent: &str,
        label: String,
        t: &Tok,
        change: Option<Change>,
        prev_candidate: Option<&'static str>,
    ) -> usize {
        let candidate = if change.is_some() {
            None
        } else {
            keys::candidate(&label, t.class, prev_candidate)
        };
        let key = candidate.filter(|k| !self.used.contains(k));
        if let Some(k) = key {
            self.used.push(k);
        }
        self.figures.push(Figure {
            key: key.map(str::to_string),
            label: if label.is_empty() { None } else { Some(label) },
            value: t.value.clone(),
            unit: t.unit.clone(),
            change,
            share_percent: None,
            sentence: sent.trim().to_string(),
            section: self.section.clone(),
        });
        self.meta.push(Meta {
            class: t.class,
            candidate,
        });
        self.figures.len() - 1
    }
}

#[cfg(test)]
mod tests;
