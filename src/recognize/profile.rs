//! The body's own facts from the unit overview (科室数, 编制数, 实有人数, 退休/离休, 下属单位).
//!
//! Each field is filled from its first statement in the document and only when
//! stated. Patterns (white space removed, full-width digits normalized first):
//! - `divisions`: `下设3个科室` / `内设3个处室` / `内设机构3个`;
//!   `division_names`: the `、`-separated list after `分别是：`/`分别为：`/`包括：`
//!   in the same paragraph (`金融科、企业科、综合科`).
//! - `staff_authorized`: `编制数12人` / `核定编制12名`; `staff_actual`: `实有人数13人`;
//!   `staff_in_service`: `在职13人`; `retired`: `退休0人` (not `离退休`);
//!   `retired_early` (离休): `离休 0人`.
//! - `subordinate_units`: `无下属预算单位` / `无下属单位` → 0; `下属预算单位N个`,
//!   `下属N家预算单位`, `下属单位N个` → N.

use crate::model::Profile;
use regex::Regex;
use std::sync::OnceLock;

struct Rules {
    divisions: Regex,
    names: Regex,
    authorized: Regex,
    actual: Regex,
    in_service: Regex,
    retired: Regex,
    retired_early: Regex,
    no_subordinate: Regex,
    subordinate: Regex,
}

fn rules() -> &'static Rules {
    static R: OnceLock<Rules> = OnceLock::new();
    R.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("static regex");
        Rules {
            divisions: re(
                r"(?:下设|内设|设有)(?:机构|职能)?(\d+)个(?:科室|处室|内设机构|职能科室|职能部门|部门|科|处|机构)|内设机构(\d+)个",
            ),
            names: re(r"(?:分别是|分别为|包括)[:：]?([^。；;]+)"),
            authorized: re(r"(?:编制数|核定编制|编制人数|编制)为?(\d+)(?:人|名)"),
            actual: re(r"实有(?:人数|人员)为?(\d+)(?:人|名)"),
            in_service: re(r"在职(?:人员|职工)?为?(\d+)(?:人|名)"),
            retired: re(r"(?:^|[^离])退休(?:人员|职工)?为?(\d+)(?:人|名)"),
            retired_early: re(r"离休(?:人员|干部)?为?(\d+)(?:人|名)"),
            no_subordinate: re(r"无下属(?:预算)?单位"),
            subordinate: re(
                r"下属(?:预算)?单位(?:共)?(\d+)(?:个|家)|下属(\d+)(?:个|家)(?:预算)?单位",
            ),
        }
    })
}

fn first_number(re: &Regex, s: &str) -> Option<u32> {
    let c = re.captures(s)?;
    c.iter().skip(1).flatten().next()?.as_str().parse().ok()
}

pub fn extract(paragraphs: &[&str]) -> Profile {
    let r = rules();
    let mut p = Profile::default();
    for para in paragraphs {
        let s: String = crate::amount::normalize_digits(para)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if p.divisions.is_none()
            && let Some(m) = r.divisions.find(&s)
        {
            p.divisions = first_number(&r.divisions, &s);
            if let Some(list) = r.names.captures(&s[m.end()..]).and_then(|c| c.get(1)) {
                p.division_names = list
                    .as_str()
                    .split(['、', ',', '，'])
                    .map(|x| x.trim_matches(|c: char| c == '等' || c == '。').to_string())
                    .filter(|x| !x.is_empty())
                    .collect();
            }
        }
        let fill = |slot: &mut Option<u32>, re: &Regex| {
            if slot.is_none() {
                *slot = first_number(re, &s);
            }
        };
        fill(&mut p.staff_authorized, &r.authorized);
        fill(&mut p.staff_actual, &r.actual);
        fill(&mut p.staff_in_service, &r.in_service);
        fill(&mut p.retired, &r.retired);
        fill(&mut p.retired_early, &r.retired_early);
        if p.subordinate_units.is_none() {
            if r.no_subordinate.is_match(&s) {
                p.subordinate_units = Some(0);
            } else {
                p.subordinate_units = first_number(&r.subordinate, &s);
            }
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_overview() {
        let p = extract(&[
            "昌吉回族自治州金融工作办公室无下属预算单位，下设3个科室，分别是：金融科、企业科、综合科。",
            "昌吉回族自治州金融工作办公室编制数12人，实有人数13人，其中：在职13人，增加0人；退休0人，增加0人；离休 0人，增加0人。",
        ]);
        assert_eq!(p.divisions, Some(3));
        assert_eq!(p.division_names, vec!["金融科", "企业科", "综合科"]);
        assert_eq!(p.staff_authorized, Some(12));
        assert_eq!(p.staff_actual, Some(13));
        assert_eq!(p.staff_in_service, Some(13));
        assert_eq!(p.retired, Some(0));
        assert_eq!(p.retired_early, Some(0));
        assert_eq!(p.subordinate_units, Some(0));
    }

    #[test]
    fn subordinate_count_and_absent_fields() {
        let p = extract(&[
            "上海市普陀区财政局部门预算包括财政局本部以及下属 5 家预算单位的综合收支计划。",
        ]);
        assert_eq!(p.subordinate_units, Some(5));
        assert_eq!(p.divisions, None);
        assert_eq!(p.staff_actual, None);
        assert!(p.division_names.is_empty());
        let q = extract(&["本单位下属预算单位２个。离退休人员5人。"]);
        assert_eq!(q.subordinate_units, Some(2));
        assert_eq!(q.retired, None, "离退休 is not 退休");
    }
}
