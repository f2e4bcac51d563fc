//! The body's own facts from the unit overview (科室数, 编制数, 实有人数, 退休/离休, 下属单位).
//!
//! Each field is filled from its first statement in the document and only when
//! stated. Patterns (white space removed, full-width digits normalized first):
//! - `divisions`: `下设3个科室` / `内设3个处室` / `内设机构3个` / `机关设9个内设机构`;
//!   `division_names`: the `、`-separated list after `分别是：`/`分别为：`/`包括：`
//!   in the same paragraph (`金融科、企业科、综合科`).
//! - `staff_authorized`: `编制数12人` / `核定编制12名`; `staff_actual`: `实有人数13人`;
//!   `staff_in_service`: `在职13人`; `retired`: `退休0人` (not `离退休`);
//!   `retired_early` (离休): `离休 0人`.
//! - `subordinate_units`: `无下属预算单位` / `无下属单位` → 0; `下属预算单位N个`,
//!   `下属N家预算单位`, `下属N家事业单位`, `下属单位N个` → N (`下属1家机关和…`
//!   in the 机关运行经费 sentence is not a count of subordinate units).

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
                r"(?:下设|内设|设有|机关设|[^建]设)(?:机构|职能)?(\d+)个(?:科室|处室|内设机构|职能科室|职能部门|部门|科|处|机构)|内设机构(\d+)个",
            ),
            names: re(r"(?:分别是|分别为|包括)[:：]?([^。；;:：][^。；;]*)"),
            authorized: re(r"(?:编制数|核定编制|编制人数|编制)为?(\d+)(?:人|名)"),
            actual: re(r"实有(?:人数|人员)为?(\d+)(?:人|名)"),
            in_service: re(r"在职(?:人员|职工)?为?(\d+)(?:人|名)"),
            retired: re(r"(?:^|[^离])退休(?:人员|职工)?为?(\d+)(?:人|名)"),
            retired_early: re(r"离休(?:人员|干部)?为?(\d+)(?:人|名)"),
            no_subordinate: re(r"无下属(?:预算)?单位"),
            subordinate: re(
                r"下属(?:预算)?单位(?:共)?(\d+)(?:个|家)|下属(\d+)(?:个|家)(?:预算|事业|行政)?单位",
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
    let squeeze = |para: &str| -> String {
        crate::amount::normalize_digits(para)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    for (i, para) in paragraphs.iter().enumerate() {
        let s = squeeze(para);
        if p.divisions.is_none()
            && let Some(m) = r.divisions.find(&s)
        {
            p.divisions = first_number(&r.divisions, &s);
            // A list the PDF broke into two paragraphs (商务委单位25年预算 p5: the line
            // wrap inside `市场秩序科（粮食和物资\n储备科）` ends the paragraph): an
            // unterminated list continues into the next paragraph.
            let mut tail = s[m.end()..].to_string();
            if !tail.ends_with(['。', '；', ';'])
                && r.names.is_match(&tail)
                && let Some(next) = paragraphs.get(i + 1)
            {
                tail.push_str(&squeeze(next));
            }
            if let Some(list) = r.names.captures(&tail).and_then(|c| c.get(1)) {
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

    #[test]
    fn shanghai_overview_forms() {
        // 区府办25年预算 p4 and 商务委单位25年预算 p5 (sentences as printed).
        let p = extract(&[
            "上海市普陀区人民政府办公室部门预算是包括上海市普陀区人民政府办公室本部以及下属1家事业单位的综合收支计划。",
        ]);
        assert_eq!(p.subordinate_units, Some(1));
        let q = extract(&[
            "上海市普陀区商务委员会机关设9个内设机构，包括：办公室、综合调研科、商业发展科、市场秩序科（粮食和物资储备科）、产业发展科、企业服务科、经济运行科、外经促进科、贸易发展科。",
            "2025年上海市普陀区商务委员会下属1家机关和1家事业单位财政拨款的机关运行经费预算为171.01万元。",
        ]);
        assert_eq!(q.divisions, Some(9));
        assert_eq!(q.division_names.len(), 9);
        assert_eq!(q.division_names[3], "市场秩序科（粮食和物资储备科）");
        assert_eq!(
            q.subordinate_units, None,
            "下属1家机关和… is not a unit count"
        );
        let split = extract(&[
            "上海市普陀区商务委员会机关设9个内设机构，包括：办公室、综合调研科、商业发展科、市场秩序科（粮食和物资",
            "储备科）、产业发展科、企业服务科、经济运行科、外经促进科、贸易发展科。",
            "名词解释",
        ]);
        assert_eq!(split.division_names, q.division_names);
        let r = extract(&[
            "上海市普陀区人民政府办公室设10个内设机构，包括：",
            "（一）秘书科（联络科）。组织、协调和管理区政府系统的全区性大型活动。",
        ]);
        assert_eq!(r.divisions, Some(10));
        assert!(r.division_names.is_empty());
        assert_eq!(extract(&["新建设3个科室"]).divisions, None);
    }
}
