//! Label → figure key, as data.
//!
//! Each rule is an anchored regular expression over the *normalized* label
//! (see [`normalize`]: white space and quotes removed, half-width brackets
//! made full-width, long parenthetical remarks such as `（以合同签订为准）`
//! dropped). A rule only applies to figures of its [`Class`]; `after` asks
//! that the previous figure of the same sentence could carry the named key
//! (`涉及预算金额50万元` only means `performance_amount` right after the
//! `…项目2个` count).
//!
//! Rules are tried in order; the first match wins. Which statement of a key
//! is kept (the first one in the document) is decided by the caller.

use regex::Regex;
use std::sync::OnceLock;

/// What kind of quantity a figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 元 / 万元 / 亿元 / 千元
    Amount,
    /// %
    Percent,
    /// 人, 个, 辆, 台（套）, 平方米, ...
    Count,
}

pub struct KeyRule {
    pub key: &'static str,
    pub class: Class,
    pub pattern: &'static str,
    pub after: Option<&'static str>,
}

const fn rule(key: &'static str, class: Class, pattern: &'static str) -> KeyRule {
    KeyRule {
        key,
        class,
        pattern,
        after: None,
    }
}

/// The label → key table (normalized labels, see module doc).
pub const RULES: &[KeyRule] = &[
    rule(
        "revenue_total",
        Class::Amount,
        r"^(部门)?(收入预算|收入预算总计|本年收入合计|本年收入|收入总计|收入合计|预算收入)$",
    ),
    rule(
        "expenditure_total",
        Class::Amount,
        r"^(部门)?(支出预算|支出预算总计|本年支出合计|本年支出|支出总计|支出合计|预算支出)$",
    ),
    rule(
        "fiscal_appropriation_total",
        Class::Amount,
        r"^(当年)?财政拨款(收支总预算|收支预算总计|收支预算|收入|收入预算|收入预算总计|收入合计|支出预算|支出|支出总计|预算|拨款)$",
    ),
    rule(
        "general_budget_total",
        Class::Amount,
        r"^一般公共预算(财政拨款|当年拨款|拨款)?(收入|收入预算|支出|支出预算|拨款支出预算|合计|资金)?$",
    ),
    rule(
        "basic_expenditure",
        Class::Amount,
        r"^(一般公共预算)?(财政拨款)?基本支出(预算)?数?$",
    ),
    rule(
        "project_expenditure",
        Class::Amount,
        r"^(一般公共预算)?(财政拨款)?项目支出(预算)?数?$",
    ),
    // Jiangsu: 基本支出 + 项目支出 + 单位预留机动经费 = 支出预算总计.
    rule(
        "reserve_expenditure",
        Class::Amount,
        r"^(单位)?预留机动经费(预算)?数?$",
    ),
    rule("personnel_expenses", Class::Amount, r"^人员经费(支出)?$"),
    rule("public_expenses", Class::Amount, r"^公用经费(支出)?$"),
    rule(
        "three_public_total",
        Class::Amount,
        r"^(一般公共预算|财政拨款)?三公经费(财政拨款)?(支出)?(预算|决算)?数?$",
    ),
    rule(
        "outbound_travel",
        Class::Amount,
        r"^因公出国（境）费(用)?(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "vehicle_purchase_and_operation",
        Class::Amount,
        r"^公务(用)?车(辆)?购置及运行(维护)?费(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "vehicle_purchase",
        Class::Amount,
        r"^公务(用)?车(辆)?购置(费)?(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "vehicle_operation",
        Class::Amount,
        r"^公务(用)?车(用车|辆)?运行(维护)?费(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "official_reception",
        Class::Amount,
        r"^公务接待费(支出)?(预算|决算)?(支出)?数?$",
    ),
    // `一般公共预算拨款安排的会议费预算支出` (the 会议费·培训费 table's narrative).
    rule(
        "meeting_expenses",
        Class::Amount,
        r"^(.*安排的)?会议费(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "training_expenses",
        Class::Amount,
        r"^(.*安排的)?培训费(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "operating_expenses",
        Class::Amount,
        r"^(.*的)?(一般公共预算|财政拨款)?机关运行经费(财政拨款)?(支出)?(预算|决算)?(支出)?数?$",
    ),
    rule(
        "procurement_total",
        Class::Amount,
        r"^(部门)?政府采购(支出|资金)?(预算|决算)?(金额|总金额|总额|合计)?$",
    ),
    // `拟购买货物`, `拟采购货物支出`, `货物类政府采购支出预算`, `政府采购货物支出`.
    rule(
        "procurement_goods",
        Class::Amount,
        r"^(拟(采购|购买))?(政府采购)?货物(类)?(政府采购|采购)?(支出)?(预算)?(金额|预算金额)?$",
    ),
    rule(
        "procurement_works",
        Class::Amount,
        r"^(拟(采购|购买))?(政府采购)?工程(类)?(政府采购|采购)?(支出)?(预算)?(金额|预算金额)?$",
    ),
    rule(
        "procurement_services",
        Class::Amount,
        r"^(拟(采购|购买))?(政府采购)?服务(类)?(政府采购|采购)?(支出)?(预算)?(金额|预算金额)?$",
    ),
    rule(
        "sme_reserved",
        Class::Amount,
        r"^(面向中小企业预留的?|预留给中小企业的)政府采购项目(预算)?(金额)?$",
    ),
    rule(
        "small_micro_reserved",
        Class::Amount,
        r"^(面向小微企业预留的?|预留给小型和微型企业的|面向小型微型企业预留的?)政府采购项目(预算)?(金额)?$",
    ),
    // Final accounts: contracts awarded (授予) rather than reserved.
    rule(
        "sme_awarded",
        Class::Amount,
        r"^(政府采购)?授予中小企业(的)?合同(金额)?$",
    ),
    rule(
        "small_micro_awarded",
        Class::Amount,
        r"^(政府采购)?授予小微企业(的)?合同(金额)?$",
    ),
    rule(
        "performance_projects",
        Class::Count,
        r"(绩效管理|绩效目标)的.*项目$",
    ),
    // `共5个项目实行绩效目标管理`: the counted noun comes after the unit.
    rule(
        "performance_projects",
        Class::Count,
        r"^项目(实行|实施|开展|纳入)(预算)?绩效(目标)?管理$",
    ),
    KeyRule {
        key: "performance_amount",
        class: Class::Amount,
        pattern: r"^涉及(项目)?(预算|财政性)?(金额|资金)(合计|总额)?$",
        after: Some("performance_projects"),
    },
    rule(
        "staff_authorized",
        Class::Count,
        r"^(核定)?(行政|事业|行政政法|政法)?(人员)?编制(数|人数)?$",
    ),
    rule("staff_actual", Class::Count, r"^实有(人数|人员)$"),
    rule("vehicles", Class::Count, r"^(.*共有)?车辆(总数)?$"),
];

fn compiled() -> &'static [(Regex, &'static KeyRule)] {
    static C: OnceLock<Vec<(Regex, &'static KeyRule)>> = OnceLock::new();
    C.get_or_init(|| {
        RULES
            .iter()
            .filter_map(|r| Regex::new(r.pattern).ok().map(|re| (re, r)))
            .collect()
    })
}

/// Normalize a label for key matching and label comparison.
pub fn normalize(label: &str) -> String {
    let mut s: String = label
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」')
        })
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect();
    // `财政拨款收、支总预算` is `收支总预算`.
    if s.contains("收、支") {
        s = s.replace("收、支", "收支");
    }
    // Drop long parenthetical remarks ("（以合同签订为准）"), keep short ones ("（境）").
    let chars: Vec<char> = s.chars().collect();
    s = String::with_capacity(label.len());
    let mut i = 0;
    while i < chars.len() {
        // `rel` is the distance to the closing bracket: inner length + 1.
        let close = (chars[i] == '（')
            .then(|| chars[i..].iter().position(|&c| c == '）'))
            .flatten();
        if let Some(rel) = close.filter(|&rel| rel > 3) {
            i += rel + 1;
            continue;
        }
        s.push(chars[i]);
        i += 1;
    }
    s
}

/// The key a label would carry, ignoring whether the key was already used.
/// `prev_key` is the candidate key of the previous figure in the same sentence.
pub fn candidate(label: &str, class: Class, prev_key: Option<&str>) -> Option<&'static str> {
    let n = normalize(label);
    if n.is_empty() {
        return None;
    }
    compiled()
        .iter()
        .find(|(re, r)| {
            r.class == class && re.is_match(&n) && r.after.is_none_or(|a| prev_key == Some(a))
        })
        .map(|(_, r)| r.key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_rules_compile() {
        assert_eq!(compiled().len(), RULES.len());
    }

    #[test]
    fn normalize_drops_quotes_spaces_and_long_remarks() {
        assert_eq!(
            normalize("一般公共预算“三公”经费数"),
            "一般公共预算三公经费数"
        );
        assert_eq!(normalize("因公出国(境)费"), "因公出国（境）费");
        assert_eq!(normalize("政府采购金额（以合同签订为准）"), "政府采购金额");
        assert_eq!(
            normalize("因公出国（境）费（以合同签订为准）"),
            "因公出国（境）费"
        );
    }

    #[test]
    fn seed_labels_map_to_keys() {
        let a = Class::Amount;
        assert_eq!(candidate("收入预算", a, None), Some("revenue_total"));
        assert_eq!(candidate("收支总预算", a, None), None);
        assert_eq!(
            candidate("财政拨款收支总预算", a, None),
            Some("fiscal_appropriation_total")
        );
        assert_eq!(
            candidate("一般公共预算", a, None),
            Some("general_budget_total")
        );
        assert_eq!(
            candidate("一般公共预算拨款合计", a, None),
            Some("general_budget_total")
        );
        assert_eq!(
            candidate("一般公共预算“三公”经费数", a, None),
            Some("three_public_total")
        );
        assert_eq!(candidate("公务用车购置", a, None), Some("vehicle_purchase"));
        assert_eq!(
            candidate("公务用车购置费", a, None),
            Some("vehicle_purchase")
        );
        assert_eq!(
            candidate("公务用车运行费", a, None),
            Some("vehicle_operation")
        );
        assert_eq!(
            candidate("机关运行经费财政拨款预算", a, None),
            Some("operating_expenses")
        );
        assert_eq!(
            candidate("政府采购货物预算", a, None),
            Some("procurement_goods")
        );
        assert_eq!(
            candidate("面向小微企业预留政府采购项目预算金额", a, None),
            Some("small_micro_reserved")
        );
        assert_eq!(candidate("涉及预算金额", a, None), None);
        assert_eq!(
            candidate("涉及预算金额", a, Some("performance_projects")),
            Some("performance_amount")
        );
        assert_eq!(
            candidate("预算绩效管理的财政拨款项目", Class::Count, None),
            Some("performance_projects")
        );
        assert_eq!(
            candidate("编制数", Class::Count, None),
            Some("staff_authorized")
        );
        assert_eq!(candidate("编制数", a, None), None);
        assert_eq!(candidate("车辆", Class::Count, None), Some("vehicles"));
        assert_eq!(candidate("其他车辆", Class::Count, None), None);
        assert_eq!(
            candidate(
                "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）预算数",
                a,
                None
            ),
            None
        );
    }
    #[test]
    fn provincial_and_university_labels_map_to_keys() {
        let a = Class::Amount;
        let c = Class::Count;
        let cases: &[(&str, Class, Option<&str>)] = &[
            (
                "财政拨款收入预算总计",
                a,
                Some("fiscal_appropriation_total"),
            ),
            (
                "财政拨款收、支总预算",
                a,
                Some("fiscal_appropriation_total"),
            ),
            ("财政拨款收、支预算", a, Some("fiscal_appropriation_total")),
            (
                "当年财政拨款支出预算",
                a,
                Some("fiscal_appropriation_total"),
            ),
            ("财政拨款支出总计", a, Some("fiscal_appropriation_total")),
            ("一般公共预算收入预算", a, Some("general_budget_total")),
            ("基本支出预算数", a, Some("basic_expenditure")),
            ("项目支出预算数", a, Some("project_expenditure")),
            ("单位预留机动经费预算数", a, Some("reserve_expenditure")),
            ("因公出国（境）费预算支出", a, Some("outbound_travel")),
            (
                "公务用车购置及运行费预算支出",
                a,
                Some("vehicle_purchase_and_operation"),
            ),
            ("公务用车购置预算支出", a, Some("vehicle_purchase")),
            ("公务用车运行维护费预算支出", a, Some("vehicle_operation")),
            ("公务接待费预算支出", a, Some("official_reception")),
            (
                "一般公共预算拨款安排的会议费预算支出",
                a,
                Some("meeting_expenses"),
            ),
            (
                "一般公共预算拨款安排的培训费预算支出",
                a,
                Some("training_expenses"),
            ),
            (
                "一般公共预算机关运行经费预算支出",
                a,
                Some("operating_expenses"),
            ),
            (
                "一般公共预算机关运行经费支出预算",
                a,
                Some("operating_expenses"),
            ),
            ("政府采购支出预算总额", a, Some("procurement_total")),
            ("政府采购预算总金额", a, Some("procurement_total")),
            ("部门政府采购预算总金额", a, Some("procurement_total")),
            ("政府采购支出总额", a, Some("procurement_total")),
            ("拟采购货物支出", a, Some("procurement_goods")),
            ("拟购买货物", a, Some("procurement_goods")),
            ("货物类政府采购支出预算", a, Some("procurement_goods")),
            ("政府采购货物支出", a, Some("procurement_goods")),
            ("拟采购工程支出", a, Some("procurement_works")),
            ("拟购买服务支出", a, Some("procurement_services")),
            ("政府采购服务支出", a, Some("procurement_services")),
            ("授予中小企业合同金额", a, Some("sme_awarded")),
            ("授予小微企业合同金额", a, Some("small_micro_awarded")),
            ("项目实行绩效目标管理", c, Some("performance_projects")),
            ("行政政法人员编制", c, Some("staff_authorized")),
            // items of the economic classification are not document-level figures
            ("会议费（款）支出", a, None),
            ("公务用车运行维护费（款）支出", a, None),
            ("培训费收入", a, None),
            ("其他资金收入预算总计", a, None),
        ];
        for (label, class, key) in cases {
            assert_eq!(candidate(label, *class, None), *key, "{label}");
        }
        assert_eq!(
            candidate("涉及财政性资金合计", a, Some("performance_projects")),
            Some("performance_amount")
        );
        assert_eq!(candidate("涉及财政性资金合计", a, None), None);
    }
}
