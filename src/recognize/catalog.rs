//! The table catalog: kinds, title aliases and column-key aliases, as data.
//!
//! Everything here is matched on [`normalize`]d text: white space removed,
//! full-width brackets made ASCII, quotes dropped. Aliases are written in that
//! normalized form. Three template families are covered: the national budget
//! template (表1–表9 + 项目支出绩效目标表), the Shanghai district budget template
//! (财务收支预算总表 …) and the national final-account template (收入支出决算总表 …).

use crate::model::TableKind;

/// Text as matched by the catalog: no white space (incl. `　`), `（）` → `()`,
/// quotes (`“”"＂‘’'`) dropped, full-width colon → `:`.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '＂' | '‘' | '’' | '\''))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '［' | '【' => '[',
            '］' | '】' => ']',
            _ => c,
        })
        .collect()
}

/// Kinds that have a revenue side (left) and an expenditure side (right).
pub const TWO_SIDED: &[TableKind] = &[
    TableKind::RevenueExpenditureSummary,
    TableKind::FiscalSummary,
];

/// Table kinds with their title aliases (normalized). A title matches an alias
/// when it ends with it and what precedes is only a year / department prefix;
/// the longest matching alias wins.
pub const KINDS: &[(TableKind, &[&str])] = &[
    (
        TableKind::RevenueExpenditureSummary,
        &[
            // national budget
            "部门收支总体情况表",
            "收支总体情况表",
            "部门收支总表",
            "收支预算总表",
            // Shanghai budget
            "部门财务收支预算总表",
            "财务收支预算总表",
            "部门收支预算总表",
            // final account
            "收入支出决算总表",
            "部门收入支出决算总表",
            "收支决算总表",
        ],
    ),
    (
        TableKind::Revenue,
        &[
            "部门收入总体情况表",
            "收入总体情况表",
            "部门收入预算总表",
            "收入预算总表",
            "收入预算表",
            "收入决算表",
            "部门收入决算表",
        ],
    ),
    (
        TableKind::Expenditure,
        &[
            "部门支出总体情况表",
            "支出总体情况表",
            "部门支出预算总表",
            "支出预算总表",
            "支出预算表",
            "支出决算表",
            "部门支出决算表",
        ],
    ),
    (
        TableKind::FiscalSummary,
        &[
            "财政拨款收支总体情况表",
            "财政拨款收支预算总体情况表",
            "财政拨款收支预算总表",
            "财政拨款收支总表",
            "财政拨款收入支出预算总表",
            "财政拨款收入支出决算总表",
            "财政拨款收支决算总表",
        ],
    ),
    // Jiangsu provincial / central-unit templates: 财政拨款 tables by function and by economic class
    (
        TableKind::FiscalExpenditure,
        &[
            "财政拨款支出预算表",
            "财政拨款支出情况表",
            "财政拨款支出决算表",
        ],
    ),
    (
        TableKind::FiscalBasicExpenditure,
        &[
            "财政拨款基本支出预算表",
            "财政拨款基本支出情况表",
            "财政拨款基本支出决算表",
        ],
    ),
    (
        TableKind::GeneralBudgetExpenditure,
        &[
            "一般公共预算支出情况表",
            "一般公共预算支出预算表",
            "一般公共预算支出功能分类预算表",
            "一般公共预算财政拨款支出预算表",
            "一般公共预算财政拨款支出情况表",
            "一般公共预算财政拨款支出决算表",
            "一般公共预算支出决算表",
        ],
    ),
    (
        TableKind::GeneralBudgetBasicExpenditure,
        &[
            "一般公共预算基本支出情况表",
            "一般公共预算基本支出预算表",
            "一般公共预算基本支出经济分类预算表",
            "一般公共预算基本支出部门预算经济分类预算表",
            "一般公共预算财政拨款基本支出预算表",
            "一般公共预算财政拨款基本支出情况表",
            "一般公共预算财政拨款基本支出决算表",
            "一般公共预算基本支出决算表",
        ],
    ),
    (
        TableKind::GeneralBudgetProjectExpenditure,
        &[
            "一般公共预算项目支出情况表",
            "一般公共预算项目支出预算表",
            "一般公共预算财政拨款项目支出情况表",
        ],
    ),
    (
        TableKind::ThreePublic,
        &[
            "一般公共预算三公经费支出情况表",
            "一般公共预算三公经费支出预算表",
            "一般公共预算财政拨款三公经费支出情况表",
            "三公经费支出情况表",
            "三公经费支出预算表",
            "三公经费预算表",
            "三公经费和机关运行经费预算表",
            "三公经费及机关运行经费预算表",
            "财政拨款三公经费支出决算表",
            "一般公共预算财政拨款三公经费支出决算表",
            "三公经费支出决算表",
        ],
    ),
    (
        TableKind::GovFundExpenditure,
        &[
            "政府性基金预算支出情况表",
            "政府性基金预算支出预算表",
            "政府性基金预算支出功能分类预算表",
            "政府性基金预算财政拨款支出情况表",
            "政府性基金预算财政拨款支出决算表",
            "政府性基金预算财政拨款收入支出决算表",
            "政府性基金支出预算表",
            "政府性基金财政拨款支出预算表",
            "财政拨款政府性基金支出预算表",
            "政府性基金预算财政拨款支出预算表",
        ],
    ),
    (
        TableKind::StateCapitalExpenditure,
        &[
            "国有资本经营预算支出情况表",
            "国有资本经营预算支出预算表",
            "国有资本经营预算支出功能分类预算表",
            "国有资本经营预算财政拨款支出情况表",
            "国有资本经营预算财政拨款支出决算表",
            "国有资本经营预算财政拨款收入支出决算表",
        ],
    ),
    (
        TableKind::PerformanceTargets,
        &["项目支出绩效目标表", "项目绩效目标表"],
    ),
    (
        TableKind::OperatingExpenses,
        &[
            "机关运行经费支出预算表",
            "一般公共预算机关运行经费支出预算表",
            "机关运行经费预算表",
            "机关运行经费支出情况表",
            "机关运行经费支出决算表",
        ],
    ),
    (
        TableKind::ThreePublicMeetingTraining,
        &[
            "三公经费、会议费、培训费支出预算表",
            "一般公共预算三公经费、会议费、培训费支出预算表",
            "三公经费、会议费和培训费支出预算表",
            "三公经费、会议费、培训费预算表",
            "三公经费、会议费、培训费支出决算表",
            "三公经费、会议费、培训费支出情况表",
            "一般公共预算三公经费、会议费、培训费预算表",
            "三公经费及会议费、培训费支出预算表",
        ],
    ),
    (
        TableKind::Procurement,
        &[
            "政府采购预算表",
            "政府采购支出预算表",
            "政府采购预算明细表",
            "政府采购情况表",
            "政府采购支出情况表",
        ],
    ),
    (
        TableKind::BasicInfo,
        &[
            "部门基本情况表",
            "单位基本情况表",
            "部门(单位)基本情况表",
            "基本情况表",
        ],
    ),
];

/// Qualifiers printed after a title (`财政拨款支出预算表（功能科目）`): they
/// say how the table is classified, not what it is, and are ignored for its kind.
pub const TITLE_QUALIFIERS: &[&str] = &[
    "(功能科目)",
    "(经济科目)",
    "(按功能分类)",
    "(按经济分类)",
    "(按功能科目)",
    "(按经济科目)",
    "(按支出功能分类)",
    "(按支出经济分类)",
    "(功能分类)",
    "(经济分类)",
    "(按功能分类科目)",
    "(按经济分类科目)",
    "(一般公共预算)",
    "(一般公共预算财政拨款)",
];

/// A normalized title without its trailing [`TITLE_QUALIFIERS`].
pub fn strip_title_qualifier(n: &str) -> &str {
    TITLE_QUALIFIERS
        .iter()
        .find_map(|q| n.strip_suffix(q))
        .unwrap_or(n)
}

/// Words that must not appear in the part of a title before a matched alias:
/// their presence means the title names something more specific than the alias.
const GUARD_WORDS: &[&str] = &[
    "收入", "支出", "预算", "决算", "拨款", "经费", "基金", "资本", "三公", "绩效", "收支", "总体",
    "分类",
];

/// Prefixes (after the year) that only say whose table it is.
const OWNER_PREFIXES: &[&str] = &[
    "预算单位",
    "本部门",
    "本单位",
    "部门",
    "单位",
    "区级",
    "市级",
];

/// Suffixes of an owner prefix (after the body's name) that only say whose table it is.
const OWNER_SUFFIXES: &[&str] = &["部门", "单位", "本级"];

/// The kind named by a printed table title, if the catalog knows it.
/// `department` (the table's 编制部门) is ignored when it prefixes the title.
pub fn kind_of_title(title: &str, department: Option<&str>) -> Option<TableKind> {
    let n = strip_title_prefixes(&normalize(title));
    // a continuation title: 部门收支总体情况表(续)
    let n = ["(续)", "(续表)", "续表", "(续前表)"]
        .iter()
        .find_map(|s| n.strip_suffix(s))
        .map_or(n.clone(), str::to_string);
    let n = strip_title_qualifier(&n).to_string();
    let mut best: Option<(TableKind, usize)> = None;
    for &(kind, aliases) in KINDS {
        for alias in aliases {
            if let Some(prefix) = n.strip_suffix(alias) {
                if !prefix_is_owner_only(prefix, department) {
                    continue;
                }
                if best.is_none_or(|(_, l)| alias.len() > l) {
                    best = Some((kind, alias.len()));
                }
            }
        }
    }
    best.map(|(k, _)| k)
}

/// Drop a leading table number (`表3`), list numbering (`3.` `三、`) and year (`2025年`, `2024年度`).
pub fn strip_title_prefixes(n: &str) -> String {
    let mut s = n;
    // 表N
    if let Some(rest) = s.strip_prefix('表') {
        let t = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if t.len() < rest.len() {
            s = t.trim_start_matches([':', '.', '、', '．']);
        }
    }
    // 1.  1、  一、
    let digits = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if digits.len() < s.len()
        && let Some(t) = digits.strip_prefix(['.', '、', '．'])
    {
        s = t;
    }
    let cn = s.trim_start_matches(|c: char| "一二三四五六七八九十".contains(c));
    if cn.len() < s.len()
        && let Some(t) = cn.strip_prefix('、')
    {
        s = t;
    }
    strip_year(s).to_string()
}

/// `2025年…` / `2024年度…` → `…`.
pub fn strip_year(s: &str) -> &str {
    let d = s.trim_start_matches(|c: char| c.is_ascii_digit());
    if s.len() - d.len() == 4 {
        if let Some(t) = d.strip_prefix("年度") {
            return t;
        }
        if let Some(t) = d.strip_prefix('年') {
            return t;
        }
    }
    s
}

fn prefix_is_owner_only(prefix: &str, department: Option<&str>) -> bool {
    let mut p = prefix.to_string();
    if let Some(d) = department {
        let d = normalize(d);
        if !d.is_empty() {
            p = p.replace(&d, "");
        }
    }
    let mut p = strip_year(&p).to_string();
    for o in OWNER_PREFIXES {
        if let Some(t) = p.strip_prefix(o) {
            p = t.to_string();
            break;
        }
    }
    if p.is_empty() {
        return true;
    }
    // 江苏省高级人民法院部门财政拨款收支预算总表: the body's name, then 部门
    for o in OWNER_SUFFIXES {
        if let Some(t) = p.strip_suffix(o)
            && !t.is_empty()
        {
            p = t.to_string();
            break;
        }
    }
    // An unknown owner name (the department was not printed with the table):
    // accept it only when it looks like a body's name.
    const BODY_ENDS: &[char] = &[
        '局', '委', '办', '室', '处', '院', '部', '会', '所', '站', '队', '馆', '校', '厅', '府',
        '署', '司', '社', '团', '园', '庭', '科', '组', '学',
    ];
    let body_like = p.ends_with("中心") || p.chars().last().is_some_and(|c| BODY_ENDS.contains(&c));
    body_like && !GUARD_WORDS.iter().any(|w| p.contains(w))
}

/// A column-key rule: a header text (exact, normalized) → key, optionally only
/// when an ancestor header contains one of `within`, and only in `kinds`.
pub struct KeyRule {
    pub key: &'static str,
    pub texts: &'static [&'static str],
    pub within: &'static [&'static str],
    pub kinds: &'static [&'static str],
}

const ANY: &[&str] = &[];
const PROJECT_KINDS: &[&str] = &["general_budget_project_expenditure"];

/// Column-key rules, most specific first.
pub const KEY_RULES: &[KeyRule] = &[
    KeyRule {
        key: "vehicle_total",
        texts: &["合计", "小计"],
        within: &["公务用车购置及运行"],
        kinds: ANY,
    },
    KeyRule {
        key: "vehicle_total",
        texts: &[
            "公务用车购置及运行费",
            "公务用车购置及运行维护费",
            "公务用车购置和运行费",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "vehicle_purchase",
        texts: &["公务用车购置费", "公务用车购置"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "vehicle_purchase",
        texts: &["购置费"],
        within: &["公务用车"],
        kinds: ANY,
    },
    KeyRule {
        key: "vehicle_operation",
        texts: &["公务用车运行费", "公务用车运行维护费"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "vehicle_operation",
        texts: &["运行费", "运行维护费"],
        within: &["公务用车"],
        kinds: ANY,
    },
    KeyRule {
        key: "outbound",
        texts: &[
            "因公出国(境)费",
            "因公出国(境)费用",
            "因公出国境费",
            "因公出国(境)经费",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "reception",
        texts: &["公务接待费"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "operating_expenses",
        texts: &[
            "机关运行经费",
            "机关运行经费预算数",
            "机关运行经费预算",
            "机关运行经费决算数",
        ],
        within: ANY,
        kinds: ANY,
    },
    // "三公"经费、会议费、培训费 tables: 小计 of the 三公 group, 会议费, 培训费
    KeyRule {
        key: "three_public_total",
        texts: &["合计", "小计"],
        within: &["三公经费"],
        kinds: &["three_public_meeting_training"],
    },
    KeyRule {
        key: "meeting",
        texts: &["会议费"],
        within: ANY,
        kinds: &["three_public_meeting_training"],
    },
    KeyRule {
        key: "training",
        texts: &["培训费"],
        within: ANY,
        kinds: &["three_public_meeting_training"],
    },
    KeyRule {
        key: "operating_expenses",
        texts: &["机关运行经费支出"],
        within: ANY,
        kinds: &["operating_expenses"],
    },
    KeyRule {
        key: "total",
        texts: &["财政拨款支出"],
        within: ANY,
        kinds: &["fiscal_expenditure", "fiscal_basic_expenditure"],
    },
    // 项目支出 / 小计 (final account: 小计 | 其中：基本建设资金支出)
    KeyRule {
        key: "project",
        texts: &["合计", "小计"],
        within: &["项目支出"],
        kinds: ANY,
    },
    // final-account 本年收入 / 本年支出 groups
    KeyRule {
        key: "income",
        texts: &["合计", "小计"],
        within: &["本年收入"],
        kinds: ANY,
    },
    KeyRule {
        key: "expenditure",
        texts: &["合计", "小计"],
        within: &["本年支出"],
        kinds: ANY,
    },
    KeyRule {
        key: "total",
        texts: &[
            "合计",
            "总计",
            "小计",
            "合计数",
            "本年收入合计",
            "本年支出合计",
            "收入合计",
            "支出合计",
            "项目支出合计",
            "收入总计",
            "支出总计",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "carryover_start",
        texts: &[
            "年初结转和结余",
            "年初财政拨款结转和结余",
            "年初结转结余",
            "上年结转和结余",
            "上年结转",
            "上年结转资金",
            "上年结转和结余资金",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "carryover_end",
        texts: &[
            "年末结转和结余",
            "年末财政拨款结转和结余",
            "年末结转结余",
            "结转下年",
            "结转下年资金",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "income",
        texts: &["本年收入"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "expenditure",
        texts: &["本年支出"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "reserve",
        texts: &["单位预留机动经费", "预留机动经费"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "basic",
        texts: &["基本支出"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "project",
        texts: &["项目支出"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "personnel",
        texts: &["人员经费"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "public",
        texts: &["公用经费", "日常公用经费"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "fiscal",
        texts: &[
            "财政拨款收入",
            "财政拨款",
            "财政拨款(补助)",
            "财政拨款(补助)收入",
            "财政拨款合计",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "general_budget",
        texts: &[
            "一般公共预算拨款",
            "一般公共预算",
            "一般公共预算财政拨款",
            "一般公共预算资金",
            "一般公共预算拨款收入",
            "一般公共预算财政拨款收入",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "gov_fund",
        texts: &[
            "政府性基金预算拨款",
            "政府性基金预算",
            "政府性基金预算财政拨款",
            "政府性基金",
            "政府性基金拨款",
            "政府性基金预算拨款收入",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "state_capital",
        texts: &[
            "国有资本经营预算",
            "国有资本经营预算拨款",
            "国有资本经营预算财政拨款",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "special_account",
        texts: &[
            "财政专户管理资金",
            "财政专户管理资金收入",
            "财政专户(教育收费)",
            "财政专户",
            "教育收费",
        ],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "business",
        texts: &["事业收入"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "operating",
        texts: &["事业单位经营收入", "经营收入"],
        within: ANY,
        kinds: ANY,
    },
    KeyRule {
        key: "other",
        texts: &["其他收入", "单位其他资金收入", "其他资金", "其他资金收入"],
        within: ANY,
        kinds: ANY,
    },
    // economic classes of project-expenditure tables
    KeyRule {
        key: "wages",
        texts: &["工资福利支出"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "goods_services",
        texts: &["商品和服务支出"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "household_subsidy",
        texts: &["对个人和家庭的补助"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "debt_interest",
        texts: &["债务利息及费用支出"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "capital_construction",
        texts: &["资本性支出(基本建设)"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "capital",
        texts: &["资本性支出"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "enterprise_subsidy_construction",
        texts: &["对企业补助(基本建设)"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "enterprise_subsidy",
        texts: &["对企业补助"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "social_security_subsidy",
        texts: &["对社会保障基金补助"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
    KeyRule {
        key: "other_expenditure",
        texts: &["其他支出"],
        within: ANY,
        kinds: PROJECT_KINDS,
    },
];

/// Amount headers that say nothing about *what* is counted: the key comes from
/// the header above them (or is `amount` when there is none).
pub const AMOUNT_TEXTS: &[&str] = &[
    "预算数",
    "决算数",
    "金额",
    "预算金额",
    "决算金额",
    "本年预算数",
    "本年决算数",
    "预算",
    "决算",
];

/// Header texts of the name column (the row label).
pub const NAME_TEXTS: &[&str] = &[
    "项目",
    "科目",
    "科目名称",
    "名称",
    "功能分类",
    "经济分类",
    "功能分类科目",
    "经济分类科目",
    "收入项目",
    "支出项目",
    "功能科目名称",
    "经济科目名称",
];

/// Headers of the column groups of a three-group summary (收入 | 支出 按功能分类 |
/// 支出 按经济分类 / 支出用途): each group is a block of its side with its own
/// name and amount columns; the header names the record's `group`.
pub const SUMMARY_GROUPS: &[&str] = &[
    "功能分类",
    "经济分类",
    "支出用途",
    "按功能分类",
    "按经济分类",
    "按支出用途",
    "支出功能分类",
    "支出经济分类",
];

/// A header naming one group of a three-group summary: `功能分类`,
/// `支出(按经济分类)`, `按支出用途` … (normalized).
pub fn is_summary_group(n: &str) -> bool {
    if SUMMARY_GROUPS.contains(&n) {
        return true;
    }
    let t = n.strip_prefix("支出").unwrap_or(n);
    let t = t
        .strip_prefix('(')
        .and_then(|t| t.strip_suffix(')'))
        .unwrap_or(t);
    !t.is_empty() && SUMMARY_GROUPS.contains(&t)
}

/// Header texts of the 项目名称 column (project tables).
pub const PROJECT_TEXTS: &[&str] = &["项目名称"];

/// Header texts of classification-code columns.
pub const CODE_TEXTS: &[&str] = &[
    "类",
    "款",
    "项",
    "编码",
    "科目编码",
    "代码",
    "科目代码",
    "功能科目代码",
    "经济科目代码",
];

/// Header texts of row-number columns (not values).
pub const ROWNUM_TEXTS: &[&str] = &["行次", "栏次", "序号"];

/// What a header path says about its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Code,
    Name,
    Project,
    RowNumber,
    Value,
    /// Not a value column after all (empty continuation of a spanning header, unkeyed text).
    Ignore,
}

/// The role a column's header path (normalized, top-down) gives it.
pub fn role_of_path(path: &[String]) -> Role {
    let Some(leaf) = path.last() else {
        return Role::Value;
    };
    // 项目(按功能分类): the qualifier says how the rows are classified
    let l = strip_title_qualifier(leaf.as_str());
    if ROWNUM_TEXTS.contains(&l) {
        return Role::RowNumber;
    }
    if PROJECT_TEXTS.contains(&l) {
        return Role::Project;
    }
    if CODE_TEXTS.contains(&l)
        || ((l.contains("编码") || l.ends_with("代码")) && !l.contains("名称"))
    {
        return Role::Code;
    }
    if NAME_TEXTS.contains(&l) || l.contains("科目名称") || l.ends_with("名称") {
        return Role::Name;
    }
    // A 合计 label printed in the header band under the code/name header (决算
    // 政府性基金 table of the WPS template: the 合计 row shares its line with the
    // 合计/基本支出/项目支出 sub-headers) labels rows, it is not a value column.
    if matches!(l, "合计" | "总计") && path.len() > 1 {
        let above = &path[..path.len() - 1];
        if let r @ (Role::Code | Role::Name) = role_of_path(above) {
            return r;
        }
    }
    Role::Value
}

/// The keys of a “三公” table's amount columns (its 决算数 ones in a 决算).
pub const THREE_PUBLIC_KEYS: &[&str] = &[
    "total",
    "outbound",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
];

/// In a table printing both 预算数 and 决算数 leaves (a 决算 “三公” table), the key of a
/// 预算数 leaf under the keyed header of the same place in [`THREE_PUBLIC_KEYS`]: the
/// 决算数 leaf keeps the plain key. A keyed header not listed there leaves its 预算数 leaf
/// without a key.
pub const BUDGET_KEYS: &[&str] = &[
    "budget_total",
    "budget_outbound",
    "budget_vehicle_total",
    "budget_vehicle_purchase",
    "budget_vehicle_operation",
    "budget_reception",
];

fn budget_key(key: &str) -> Option<&'static str> {
    THREE_PUBLIC_KEYS
        .iter()
        .position(|k| *k == key)
        .map(|i| BUDGET_KEYS[i])
}

/// The column key for a value column's header path (normalized, top-down, side
/// headers already removed). `budget_secondary`: the table prints both 预算数
/// and 决算数 leaves, so a 预算数 leaf under a keyed header gets its [`BUDGET_KEYS`] key.
pub fn column_key(path: &[String], kind: &str, budget_secondary: bool) -> Option<&'static str> {
    let (leaf, ancestors) = path.split_last()?;
    let leaf = strip_year(leaf);
    if AMOUNT_TEXTS.contains(&leaf) {
        return match column_key(ancestors, kind, budget_secondary) {
            Some(k) if budget_secondary && leaf.contains("预算") => budget_key(k),
            Some(k) => Some(k),
            None if ancestors.iter().all(|a| is_group_header(a)) => Some("amount"),
            None => None,
        };
    }
    for rule in KEY_RULES {
        if !rule.kinds.is_empty() && !rule.kinds.contains(&kind) {
            continue;
        }
        if !rule.texts.contains(&leaf) {
            continue;
        }
        if !rule.within.is_empty()
            && !ancestors
                .iter()
                .any(|a| rule.within.iter().any(|w| a.contains(w)))
        {
            continue;
        }
        return Some(rule.key);
    }
    None
}

/// A header that only groups columns (支出预算, 一般公共预算支出, 收入, …): an
/// amount column under it is that group's `amount`.
fn is_group_header(text: &str) -> bool {
    const GROUPS: &[&str] = &[
        "收入",
        "支出",
        "项目",
        "收入预算",
        "支出预算",
        "财政拨款收入",
        "财政拨款支出",
    ];
    GROUPS.contains(&text)
        || is_summary_group(text)
        || text.ends_with("预算支出")
        || text.ends_with("决算支出")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_prefixed_header_gets_its_key() {
        // 万里街道24年预算 p31: `2024年机关运行经费预算数` was c6.
        let k = column_key(&p(&["2024年机关运行经费预算数"]), "three_public", false);
        assert_eq!(k, Some("operating_expenses"));
        assert_eq!(
            column_key(
                &p(&["2024年“三公”经费预算数", "合计"]),
                "three_public",
                false
            ),
            Some("total")
        );
    }

    #[test]
    fn total_label_under_code_header_is_not_a_value_column() {
        // 社会工作部决算 p15: header path 项目 / 功能分类科目编码 / 合计.
        assert_eq!(
            role_of_path(&p(&["项目", "功能分类科目编码", "合计"])),
            Role::Code
        );
        assert_eq!(role_of_path(&p(&["本年支出", "合计"])), Role::Value);
    }

    fn p(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| normalize(s)).collect()
    }

    #[test]
    fn titles_of_three_families() {
        let k = |t| kind_of_title(t, None).map(TableKind::as_str);
        assert_eq!(k("部门收支总体情况表"), Some("revenue_expenditure_summary"));
        assert_eq!(k("表2 部门收入总体情况表"), Some("revenue"));
        assert_eq!(k("财政拨款收支预算总体情况表"), Some("fiscal_summary"));
        assert_eq!(k("一般公共预算“三公”经费支出情况表"), Some("three_public"));
        assert_eq!(
            k("2025年部门财务收支预算总表"),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            k("2025年预算单位财政拨款收支预算总表"),
            Some("fiscal_summary")
        );
        assert_eq!(
            k("2025年部门一般公共预算基本支出部门预算经济分类预算表"),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            k("2025年单位“三公”经费和机关运行经费预算表"),
            Some("three_public")
        );
        assert_eq!(
            k("2024年部门国有资本经营预算支出功能分类预算表"),
            Some("state_capital_expenditure")
        );
        assert_eq!(k("收入支出决算总表"), Some("revenue_expenditure_summary"));
        assert_eq!(k("财政拨款收入支出决算总表"), Some("fiscal_summary"));
        assert_eq!(
            k("政府性基金预算财政拨款收入支出决算表"),
            Some("gov_fund_expenditure")
        );
        assert_eq!(k("财政拨款\"三公\"经费支出决算表"), Some("three_public"));
        assert_eq!(
            k("项  目  支  出  绩  效  目  标  表"),
            Some("performance_targets")
        );
        assert_eq!(k("收入决算表"), Some("revenue"));
        assert_eq!(k("支出决算表"), Some("expenditure"));
        assert_eq!(
            k("部门收支总体情况表（续）"),
            Some("revenue_expenditure_summary")
        );
        // a more specific, unknown title is not forced onto a short alias
        assert_eq!(k("社会保险基金收入支出决算表"), None);
        assert_eq!(k("政府采购支出预算表"), Some("procurement"));
        assert_eq!(k("政府采购明细表"), None);
        // Jiangsu / university templates
        assert_eq!(
            k("公开05表财政拨款支出预算表(按功能分类)"),
            None,
            "a 公开NN表 number is stripped by the context reader, not here"
        );
        assert_eq!(
            k("财政拨款支出预算表（功能分类）"),
            Some("fiscal_expenditure")
        );
        assert_eq!(
            k("一般公共预算基本支出预算表（按经济分类科目）"),
            Some("general_budget_basic_expenditure")
        );
        assert_eq!(
            k("西南大学收支预算总表"),
            Some("revenue_expenditure_summary")
        );
        assert_eq!(
            k("江苏省高级人民法院部门财政拨款收支预算总表"),
            Some("fiscal_summary")
        );
        assert_eq!(
            k("“三公”经费、会议费、培训费支出预算表（一般公共预算）"),
            Some("three_public_meeting_training")
        );
        assert_eq!(
            k("一般公共预算机关运行经费支出预算表"),
            Some("operating_expenses")
        );
        assert_eq!(k("部门整体支出绩效目标表"), None);
        // department prefix
        assert_eq!(
            kind_of_title(
                "上海市普陀区财政局部门支出预算总表",
                Some("上海市普陀区财政局")
            )
            .map(TableKind::as_str),
            Some("expenditure")
        );
    }

    #[test]
    fn keys_from_header_paths() {
        let k = |v: &[&str]| column_key(&p(v), "x", false);
        assert_eq!(k(&["一般公共预算支出", "合计"]), Some("total"));
        assert_eq!(k(&["公务用车购置及运行费", "合计"]), Some("vehicle_total"));
        assert_eq!(
            k(&["“三公”经费预算数", "公务用车购置及运行费", "小计"]),
            Some("vehicle_total")
        );
        assert_eq!(
            k(&["“三公”经费预算数", "公务用车购置及运行费", "购置费"]),
            Some("vehicle_purchase")
        );
        assert_eq!(k(&["支出预算", "基本支出"]), Some("basic"));
        assert_eq!(k(&["预算数"]), Some("amount"));
        assert_eq!(k(&["预算数", "基本支出", "人员经费"]), Some("personnel"));
        assert_eq!(k(&["本年支出", "小计"]), Some("expenditure"));
        assert_eq!(k(&["年初结转和结余"]), Some("carryover_start"));
        assert_eq!(k(&["因公出国（境）费"]), Some("outbound"));
        assert_eq!(k(&["上级补助收入"]), None);
        assert_eq!(k(&["上级补助收入", "决算数"]), None);
        assert_eq!(k(&["一般公共预算支出", "预算数"]), Some("amount"));
        assert_eq!(k(&["工资福利支出"]), None);
        assert_eq!(
            column_key(
                &p(&["工资福利支出"]),
                "general_budget_project_expenditure",
                false
            ),
            Some("wages")
        );
        assert_eq!(
            column_key(&p(&["三公", "合计", "决算数"]), "three_public", true),
            Some("total")
        );
        assert_eq!(
            column_key(&p(&["三公", "合计", "预算数"]), "three_public", true),
            Some("budget_total")
        );
        assert_eq!(
            column_key(
                &p(&["三公", "公务用车购置及运行费", "小计", "预算数"]),
                "three_public",
                true
            ),
            Some("budget_vehicle_total")
        );
        // A keyed header without a budget key: the 预算数 leaf stays unkeyed.
        assert_eq!(
            column_key(&p(&["基本支出", "预算数"]), "expenditure", true),
            None
        );
    }

    #[test]
    fn roles() {
        assert_eq!(
            role_of_path(&p(&["项目", "功能分类科目编码", "类"])),
            Role::Code
        );
        assert_eq!(role_of_path(&p(&["项目", "功能分类科目名称"])), Role::Name);
        assert_eq!(role_of_path(&p(&["收入", "项目"])), Role::Name);
        assert_eq!(role_of_path(&p(&["项目名称"])), Role::Project);
        assert_eq!(role_of_path(&p(&["支出预算", "合计"])), Role::Value);
    }
}

/// The typed kinds and the catalog are one list: every [`TableKind`] but
/// `Unknown` has a title entry, each exactly once, and every kind a key rule
/// restricts itself to is a [`TableKind`] (a misspelt one would silently never apply).
#[cfg(test)]
mod kind_tests {
    use super::*;

    #[test]
    fn every_table_kind_has_one_catalog_entry() {
        for &k in TableKind::ALL {
            let n = KINDS.iter().filter(|(c, _)| *c == k).count();
            let want = usize::from(k != TableKind::Unknown);
            assert_eq!(n, want, "{k}: {n} catalog entries");
        }
        for &k in TWO_SIDED {
            assert!(KINDS.iter().any(|(c, _)| *c == k), "{k}");
        }
    }

    #[test]
    fn key_rule_kinds_are_table_kinds() {
        for rule in KEY_RULES {
            for k in rule.kinds {
                let kind = TableKind::parse(k);
                assert!(
                    kind.is_some_and(|k| k != TableKind::Unknown),
                    "key rule {}: '{k}' is not a catalog kind",
                    rule.key
                );
            }
        }
    }
}
