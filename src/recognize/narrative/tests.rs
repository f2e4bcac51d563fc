//! One test per sentence form, with the seed's (or a Shanghai document's) exact text.

use super::*;

fn figs(paragraphs: &[&str]) -> Vec<Figure> {
    extract(paragraphs).figures
}

/// (key, label, value, unit)
fn kv(f: &Figure) -> (Option<&str>, Option<&str>, &str, &str) {
    (
        f.key.as_deref(),
        f.label.as_deref(),
        f.value.as_str(),
        f.unit.as_str(),
    )
}

fn ch(f: &Figure) -> Option<(&str, Option<&str>, Option<&str>)> {
    f.change.as_ref().map(|c| {
        (
            c.direction.as_str(),
            c.amount.as_deref(),
            c.percent.as_deref(),
        )
    })
}

#[test]
fn tokens_values_units_and_non_figures() {
    let t = tokens(
        "收入预算3,121.42万元，占１００％，2022年1月1日，表1，单位价值50万元以上大型设备0台（套）",
    );
    let got: Vec<_> = t
        .iter()
        .map(|k| (k.value.as_str(), k.unit.as_str(), k.threshold))
        .collect();
    assert_eq!(
        got,
        vec![
            ("3121.42", "万元", false),
            ("100", "%", false),
            ("50", "万元", true),
            ("0", "台（套）", false)
        ]
    );
    assert!(tokens("表1").is_empty());
    assert!(tokens("205.68").is_empty());
    assert!(tokens("第二部分  2022年部门预算公开表").is_empty());
    assert_eq!(tokens("项目支出50万元")[0].value, "50", "scale as printed");
    assert_eq!(
        tokens("项目支出50.00万元")[0].value,
        "50.00",
        "scale as printed"
    );
}

#[test]
fn table_titles_and_unit_lines_give_nothing() {
    let f = figs(&[
        "表1",
        "部门收支总体情况表",
        "编制部门：昌吉回族自治州金融工作办公室                        单位：万元",
        "205.68",
        "备注：我单位无政府性基金预算，此表为空表。",
    ]);
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn total_with_department_prefix() {
    let f = figs(&[
        "二、关于昌吉回族自治州金融工作办公室2022年收入预算情况说明",
        "昌吉回族自治州金融工作办公室收入预算255.68万元，其中：",
    ]);
    assert_eq!(
        kv(&f[0]),
        (Some("revenue_total"), Some("收入预算"), "255.68", "万元")
    );
    assert_eq!(
        f[0].sentence,
        "昌吉回族自治州金融工作办公室收入预算255.68万元，其中："
    );
    assert_eq!(
        f[0].section.as_deref(),
        Some("二、关于昌吉回族自治州金融工作办公室2022年收入预算情况说明")
    );
}

#[test]
fn share_then_change_with_bishangnian() {
    let f = figs(&[
        "一般公共预算255.68万元，占100%，比上年预算减少39.63万元，下降13.42%，主要原因是工作人员变动，其他工资福利支出比上年预算减少；绿色金融调研工作任务调整，项目支出比上年预算减少。",
    ]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        kv(&f[0]),
        (
            Some("general_budget_total"),
            Some("一般公共预算"),
            "255.68",
            "万元"
        )
    );
    assert_eq!(f[0].share_percent.as_deref(), Some("100"));
    assert_eq!(ch(&f[0]), Some(("decrease", Some("39.63"), Some("13.42"))));
    assert_eq!(
        f[0].sentence,
        "一般公共预算255.68万元，占100%，比上年预算减少39.63万元，下降13.42%，主要原因是工作人员变动，其他工资福利支出比上年预算减少"
    );
}

#[test]
fn space_before_unit() {
    let f = figs(&[
        "基本支出205.68 万元，占80.44%，比上年预算减少34.63万元，下降14.41%，主要原因是工作人员变动，其他工资福利支出比上年预算减少。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (
            Some("basic_expenditure"),
            Some("基本支出"),
            "205.68",
            "万元"
        )
    );
    assert_eq!(f[0].share_percent.as_deref(), Some("80.44"));
    assert_eq!(ch(&f[0]), Some(("decrease", Some("34.63"), Some("14.41"))));
}

#[test]
fn combined_total_has_no_key() {
    let f = figs(&[
        "按照全口径预算的原则，昌吉回族自治州金融工作办公室2022年所有收入和支出均纳入部门预算管理。收支总预算205.68 万元。",
    ]);
    assert_eq!(f.len(), 1);
    assert_eq!(kv(&f[0]), (None, Some("收支总预算"), "205.68", "万元"));
    assert_eq!(f[0].sentence, "收支总预算205.68 万元");
}

#[test]
fn fiscal_total_unit_as_printed() {
    let f = figs(&["2022年财政拨款收支总预算255.68元。"]);
    assert_eq!(
        kv(&f[0]),
        (
            Some("fiscal_appropriation_total"),
            Some("财政拨款收支总预算"),
            "255.68",
            "元"
        )
    );
}

#[test]
fn change_without_bishangnian() {
    let f = figs(&[
        "3.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）：2022年预算数为19.77万元，增加2.32万元，增长13.3%，主要原因是：调标增资，增加机关事业单位基本养老保险缴费支出。",
    ]);
    assert_eq!(f.len(), 1);
    assert_eq!(
        kv(&f[0]),
        (
            None,
            Some(
                "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）预算数"
            ),
            "19.77",
            "万元"
        )
    );
    assert_eq!(ch(&f[0]), Some(("increase", Some("2.32"), Some("13.3"))));
}

#[test]
fn line_break_inside_a_comparison() {
    let f = figs(&[
        "7.住房保障支出（类）住房改革支出（款）住房公积金（项）：2022年预算数为17.64万元，比上年预算增加17.64\n万元，增长100%，主要原因是：上年度住房公积金预算未列入此款类项中。",
    ]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].value, "17.64");
    assert_eq!(ch(&f[0]), Some(("increase", Some("17.64"), Some("100"))));
    assert!(f[0].sentence.contains("增加17.64万元，增长100%"));
}

#[test]
fn items_listed_then_compared_in_the_next_paragraph() {
    let f = figs(&[
        "八、关于昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费预算情况说明",
        "昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费数为2.18万元，其中：因公出国（境）费0万元，公务用车购置0万元，公务用车运行费2万元，公务接待费0.18万元。",
        "2022年一般公共预算“三公”经费比上年增加0.02万元，增长0.93%，其中：因公出国（境）费增加0万元，增长0%，主要原因是严格执行八项规定，2022年没有安排因公出国（境）费预算；公务用车购置费增加0万元，增长0%，主要原因是严格执行八项规定，厉行节约，2022年没有安排公务用车购置费预算；公务用车运行费增加0.02万元，增长1.01%，主要原因是车辆使用年限较长，严重老化，车辆运行费比上年预算增加；公务接待费增加0万元，增长0%，主要原因是严格执行八项规定，厉行节约，严格控制公务接待次数。",
    ]);
    let got: Vec<_> = f.iter().map(|x| (kv(x), ch(x))).collect();
    assert_eq!(
        got,
        vec![
            (
                (
                    Some("three_public_total"),
                    Some("一般公共预算“三公”经费数"),
                    "2.18",
                    "万元"
                ),
                Some(("increase", Some("0.02"), Some("0.93")))
            ),
            (
                (
                    Some("outbound_travel"),
                    Some("因公出国（境）费"),
                    "0",
                    "万元"
                ),
                Some(("increase", Some("0"), Some("0")))
            ),
            (
                (Some("vehicle_purchase"), Some("公务用车购置"), "0", "万元"),
                Some(("increase", Some("0"), Some("0")))
            ),
            (
                (
                    Some("vehicle_operation"),
                    Some("公务用车运行费"),
                    "2",
                    "万元"
                ),
                Some(("increase", Some("0.02"), Some("1.01")))
            ),
            (
                (
                    Some("official_reception"),
                    Some("公务接待费"),
                    "0.18",
                    "万元"
                ),
                Some(("increase", Some("0"), Some("0")))
            ),
        ]
    );
}

#[test]
fn comparison_without_a_stated_value_is_its_own_figure() {
    let f = figs(&[
        "（一）“三公”经费",
        "公务用车运行费增加0.02万元，增长1.01%，主要原因是车辆使用年限较长。",
    ]);
    assert_eq!(f.len(), 1);
    assert_eq!(
        kv(&f[0]),
        (None, Some("公务用车运行费增加"), "0.02", "万元")
    );
    assert_eq!(ch(&f[0]), Some(("increase", Some("0.02"), Some("1.01"))));
}

#[test]
fn counts_and_count_changes() {
    let f = figs(&[
        "二、机构设置及人员情况 ",
        "昌吉回族自治州金融工作办公室无下属预算单位，下设3个科室，分别是：金融科、企业科、综合科。",
        "昌吉回族自治州金融工作办公室编制数12人，实有人数13人，其中：在职13人，增加0人；退休0人，增加0人；离休 0人，增加0人。",
    ]);
    let got: Vec<_> = f.iter().map(|x| (kv(x), ch(x))).collect();
    let inc0 = Some(("increase", Some("0"), None));
    assert_eq!(
        got,
        vec![
            ((None, Some("科室"), "3", "个"), None),
            ((Some("staff_authorized"), Some("编制数"), "12", "人"), None),
            ((Some("staff_actual"), Some("实有人数"), "13", "人"), None),
            ((None, Some("在职"), "13", "人"), inc0),
            ((None, Some("退休"), "0", "人"), inc0),
            ((None, Some("离休"), "0", "人"), inc0),
        ]
    );
    assert_eq!(f[0].section.as_deref(), Some("二、机构设置及人员情况"));
    assert_eq!(f[4].sentence, "退休0人，增加0人");
}

#[test]
fn vehicles_equipment_and_thresholds() {
    let f = figs(&[
        "2.车辆0辆，价值0万元；其中：其他用车0辆，价值0万元。",
        "单位价值50万元以上大型设备0台（套），单位价值100万元以上大型设备0台（套）。",
    ]);
    let got: Vec<_> = f.iter().map(kv).collect();
    assert_eq!(
        got,
        vec![
            (Some("vehicles"), Some("车辆"), "0", "辆"),
            (None, Some("价值"), "0", "万元"),
            (None, Some("其他用车"), "0", "辆"),
            (None, Some("价值"), "0", "万元"),
            (None, Some("单位价值50万元以上大型设备"), "0", "台（套）"),
            (None, Some("单位价值100万元以上大型设备"), "0", "台（套）"),
        ]
    );
}

#[test]
fn performance_count_then_amount() {
    let f = figs(&[
        "2022年度，本年度预算绩效管理的财政拨款项目2个，涉及预算金额50万元。具体情况见下表（按项目分别填报）：",
    ]);
    let got: Vec<_> = f.iter().map(kv).collect();
    assert_eq!(
        got,
        vec![
            (
                Some("performance_projects"),
                Some("预算绩效管理的财政拨款项目"),
                "2",
                "个"
            ),
            (
                Some("performance_amount"),
                Some("涉及预算金额"),
                "50",
                "万元"
            ),
        ]
    );
    assert_eq!(
        f[1].sentence,
        "2022年度，本年度预算绩效管理的财政拨款项目2个，涉及预算金额50万元"
    );
}

#[test]
fn procurement_and_reserved() {
    let f = figs(&[
        "2022年，昌吉回族自治州金融工作办公室政府采购预算59.38万元，其中：政府采购货物预算24.14万元，政府采购工程预算0万元，政府采购服务预算35.37万元。",
        "2022年度本部门面向中小企业预留政府采购项目预算金额14.14万元，其中：面向小微企业预留政府采购项目预算金额4.14万元。",
    ]);
    let keys: Vec<_> = f.iter().map(|x| x.key.as_deref()).collect();
    assert_eq!(
        keys,
        vec![
            Some("procurement_total"),
            Some("procurement_goods"),
            Some("procurement_works"),
            Some("procurement_services"),
            Some("sme_reserved"),
            Some("small_micro_reserved"),
        ]
    );
    assert_eq!(f[3].value, "35.37");
}

#[test]
fn a_key_is_given_once() {
    let f = figs(&[
        "三、支出",
        "基本支出205.68 万元，占80.44%。",
        "（一）规模",
        "2022年一般公共预算拨款合计255.68万元，其中：基本支出205.68 万元，比上年预算减少34.63万元，下降14.41%。",
    ]);
    assert_eq!(f[0].key.as_deref(), Some("basic_expenditure"));
    assert_eq!(kv(&f[2]), (None, Some("基本支出"), "205.68", "万元"));
    assert_eq!(ch(&f[2]), Some(("decrease", Some("34.63"), Some("14.41"))));
    assert_eq!(f[2].section.as_deref(), Some("（一）规模"));
}

#[test]
fn sections_most_specific_and_figures_in_headings_are_not_headings() {
    let f = figs(&[
        "第三部分  预算情况说明",
        "五、关于一般公共预算当年拨款情况说明",
        "（二）一般公共预算当年拨款结构情况",
        "1.一般公共服务支出202.74万元，占79.29%；",
        "一、2025年“三公”经费预算情况说明",
        "   （一）因公出国（境）费0万元，与2024年预算持平，此项经费由区统筹安排。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (None, Some("一般公共服务支出"), "202.74", "万元")
    );
    assert_eq!(f[0].share_percent.as_deref(), Some("79.29"));
    assert_eq!(
        f[0].section.as_deref(),
        Some("（二）一般公共预算当年拨款结构情况")
    );
    assert_eq!(
        kv(&f[1]),
        (
            Some("outbound_travel"),
            Some("因公出国（境）费"),
            "0",
            "万元"
        )
    );
    assert_eq!(ch(&f[1]), Some(("flat", None, None)));
    assert_eq!(
        f[1].section.as_deref(),
        Some("一、2025年“三公”经费预算情况说明")
    );
}

#[test]
fn project_block_amounts_are_not_figures() {
    let n = extract(&[
        "1、项目名称：服务实体经济专项业务经费",
        "预算安排规模：15万元",
        "资金分配情况：企业培训费2万元，调研活动费用3.2万元。",
        "八、关于“三公”经费",
        "公务接待费0.18万元。",
    ]);
    assert_eq!(n.projects.len(), 1);
    assert_eq!(n.figures.len(), 1);
    assert_eq!(n.figures[0].value, "0.18");
}

// ---- Shanghai forms (text as pdftotext gives it, lines joined)

#[test]
fn shanghai_budget_thousands_and_flat() {
    let f = figs(&[
        "2025年，上海市普陀区财政局收入预算3,121.42万元，其中：财政拨款收入3,121.42万元，比2024年预算增加107.62万元；事业收入0万元；事业单位经营收入0万元；其他收入0万元。",
        "支出预算3,121.42万元，其中：财政拨款支出预算3,121.42万元，比2024年预算增加107.62万元。财政拨款支出预算中，一般公共预算拨款支出预算3,121.42万元，比2024年预算增加107.62万元；政府性基金拨款支出预算0万元，与2024年预算持平；",
    ]);
    assert_eq!(
        kv(&f[0]),
        (Some("revenue_total"), Some("收入预算"), "3121.42", "万元")
    );
    assert_eq!(
        kv(&f[1]),
        (
            Some("fiscal_appropriation_total"),
            Some("财政拨款收入"),
            "3121.42",
            "万元"
        )
    );
    assert_eq!(ch(&f[1]), Some(("increase", Some("107.62"), None)));
    assert_eq!(
        kv(&f[5]),
        (
            Some("expenditure_total"),
            Some("支出预算"),
            "3121.42",
            "万元"
        )
    );
    assert_eq!(
        kv(&f[7]),
        (
            Some("general_budget_total"),
            Some("一般公共预算拨款支出预算"),
            "3121.42",
            "万元"
        )
    );
    assert_eq!(
        kv(&f[8]),
        (None, Some("政府性基金拨款支出预算"), "0", "万元")
    );
    assert_eq!(ch(&f[8]), Some(("flat", None, None)));
}

#[test]
fn shanghai_final_account_forms() {
    let f = figs(&[
        "一、收入支出决算总体情况说明",
        "上海市普陀区财政局2024年度收入支出总计2995.39万元。与2023年度相比，收入\n支出总计减少56.95万元，下降1.87%。主要原因：基本支出中人员进出及退休变化。",
        "本年收入合计 307.82 万元，其中：财政拨款收入 307.82 万元，\n占 100.00%。",
        "一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元，完\n成年初预算的98.20%。 决算数小于预算数的主要原因：因年度工作计划安排。",
        "2、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。主要用于：局财政业务指导与宣传等基本支出。年初预算为 10.00 万元，支出决算为10.00万元。决算数与预算数基本持平。",
    ]);
    assert_eq!(kv(&f[0]), (None, Some("收入支出总计"), "2995.39", "万元"));
    assert_eq!(ch(&f[0]), Some(("decrease", Some("56.95"), Some("1.87"))));
    assert_eq!(
        kv(&f[1]),
        (
            Some("revenue_total"),
            Some("本年收入合计"),
            "307.82",
            "万元"
        )
    );
    assert_eq!(f[2].share_percent.as_deref(), Some("100.00"));
    assert_eq!(
        kv(&f[3]),
        (
            None,
            Some("一般公共预算财政拨款支出年初预算"),
            "2993.92",
            "万元"
        )
    );
    assert_eq!(
        kv(&f[4]),
        (
            None,
            Some("一般公共预算财政拨款支出决算"),
            "2940.05",
            "万元"
        )
    );
    assert_eq!(kv(&f[5]), (None, Some("完成年初预算"), "98.20", "%"));
    assert_eq!(
        kv(&f[6]),
        (
            None,
            Some("一般公共服务支出（类）财政事务（款）一般行政管理事务（项）年初预算"),
            "10.00",
            "万元"
        )
    );
    assert_eq!(
        ch(&f[7]),
        None,
        "决算数与预算数基本持平 is not a year-on-year change"
    );
    assert_eq!(f.len(), 8);
}

#[test]
fn final_account_three_public_composed_label_and_flat() {
    let f = figs(&[
        "（一）“三公”经费财政拨款支出决算总体情况说明。",
        "“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的\n0%，其中：因公出国（境）费决算为0.00万元，完成预算的0%。",
        "2024年度“三公”经费财政拨款支出决算数与2023年度持平。 其中：因公出国\n（境）费支出决算持平。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (None, Some("“三公”经费财政拨款支出年初预算"), "0.95", "万元")
    );
    assert_eq!(
        kv(&f[1]),
        (
            Some("three_public_total"),
            Some("“三公”经费财政拨款支出决算"),
            "0.00",
            "万元"
        )
    );
    assert_eq!(ch(&f[1]), Some(("flat", None, None)));
    assert_eq!(kv(&f[2]), (None, Some("完成预算"), "0", "%"));
    assert_eq!(
        kv(&f[3]),
        (
            Some("outbound_travel"),
            Some("因公出国（境）费决算"),
            "0.00",
            "万元"
        )
    );
    assert_eq!(ch(&f[3]), None, "no year named in that sentence");
    assert_eq!(f.len(), 5);
}

#[test]
fn flat_in_the_next_sentence_and_org_marks() {
    let f = figs(&[
        "（三）公务接待费1.35万元。比2023年预算持平，主要原因是公务接待费保持不变。",
        "截至2023年8月31日，上海市普陀区人民政府万里街道办事处（部门）共有车辆7辆，其中：部级领导干部用车0辆。",
        "2024年本部门面向中小企业预留政府采购项目预算金额664.98万元，其中，预留给小型和微型企业的政府采购项目预算为465.49万元。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (
            Some("official_reception"),
            Some("公务接待费"),
            "1.35",
            "万元"
        )
    );
    assert_eq!(ch(&f[0]), Some(("flat", None, None)));
    assert_eq!(kv(&f[1]), (Some("vehicles"), Some("车辆"), "7", "辆"));
    assert_eq!(f[3].key.as_deref(), Some("sme_reserved"));
    assert_eq!(f[4].key.as_deref(), Some("small_micro_reserved"));
}

#[test]
fn unnumbered_titles_and_definitions() {
    let f = figs(&[
        "其他相关情况说明\n一、2024年“三公”经费预算情况说明\n2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元。其中：",
        "（八）机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
        "公务接待费1.35万元。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (
            Some("three_public_total"),
            Some("“三公”经费预算数"),
            "47.91",
            "万元"
        )
    );
    assert_eq!(ch(&f[0]), Some(("increase", Some("25"), None)));
    assert_eq!(
        f[0].section.as_deref(),
        Some("一、2024年“三公”经费预算情况说明")
    );
    assert_eq!(
        f[1].section.as_deref(),
        Some("一、2024年“三公”经费预算情况说明")
    );
}

#[test]
fn spaced_out_units_of_justified_pdf_text() {
    let f = figs(&[
        "本 年 收 入 合 计 2946.25 万 元 ， 其 中 ： 财 政 拨 款 收 入\n2940.05 万元，占 99.79%；大型设备2台 （套）。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (
            Some("revenue_total"),
            Some("本年收入合计"),
            "2946.25",
            "万元"
        )
    );
    assert_eq!(
        kv(&f[1]),
        (
            Some("fiscal_appropriation_total"),
            Some("财政拨款收入"),
            "2940.05",
            "万元"
        )
    );
    assert_eq!(f[1].share_percent.as_deref(), Some("99.79"));
    assert_eq!(kv(&f[2]), (None, Some("大型设备"), "2", "台（套）"));
}

/// Arbitrary mixes of digits, units, punctuation and CJK never panic.
#[test]
fn arbitrary_text_does_not_panic() {
    let alphabet: Vec<char> = "0１2.．,，。；：、%％万元亿人个辆台（套）()平方米比上年增加减少下降持平占其中项目名称预算安排规模:资金分配情况“”\n \t一、（二）第三部分收入预算以上含"
        .chars()
        .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..2000 {
        let len = (next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        let n = extract(&[
            s.as_str(),
            "一般公共预算255.68万元，比上年减少1万元",
            s.as_str(),
        ]);
        for f in &n.figures {
            assert!(crate::amount::parse(&f.value).is_some(), "{f:?}");
        }
        let _ = crate::recognize::profile::extract(&[s.as_str()]);
    }
}

#[test]
fn lines_printed_as_paragraphs_are_one_sentence() {
    // Jiangsu (WPS): each printed line is a paragraph of its own.
    let f = figs(&[
        "十、一般公共预算机关运行经费支出预算表情况说明",
        "2017年本部门一般公共预算机关运行经费预算支出",
        "6032.55万元，比 2016 年增加 3401.59万元，增长",
        "129.97 %。主要原因是两个年度报表设计的统计口径形成的差异。",
        "（二）公用经费2598.06万元。",
    ]);
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!(
        kv(&f[0]),
        (
            Some("operating_expenses"),
            Some("一般公共预算机关运行经费预算支出"),
            "6032.55",
            "万元"
        )
    );
    assert_eq!(
        ch(&f[0]),
        Some(("increase", Some("3401.59"), Some("129.97")))
    );
    assert_eq!(
        f[0].section.as_deref(),
        Some("十、一般公共预算机关运行经费支出预算表情况说明")
    );
    // a list item starts anew; a two-line heading's `说明` is no cut sentence
    let f = figs(&[
        "四、关于XX局2022年财政拨款收支预算情况的总体",
        "说明",
        "2022年财政拨款收支总预算255.68万元。",
    ]);
    assert_eq!(f[0].label.as_deref(), Some("财政拨款收支总预算"));
    assert_eq!(f[0].key.as_deref(), Some("fiscal_appropriation_total"));
}

#[test]
fn provincial_wording_gets_keys() {
    let f = figs(&[
        "省检察院2017年度财政拨款收、支总预算17981.68万元。与上年相比，财政拨款收、支总计各增加1454.35万元，增长8.8 %。",
        "2018年本部门共 5个项目实行绩效目标管理，涉及财政性资金合计5,086万元。",
        "2019年度政府采购支出预算总额2744.84万元，其中：拟采购货物支出303.4万元、拟购买服务支出2441.44万元。",
        "与上年相比减少 184.96 万元，降幅 9.1 %。",
    ]);
    let keys: Vec<_> = f
        .iter()
        .map(|x| (x.key.as_deref(), x.value.as_str()))
        .collect();
    assert_eq!(
        keys,
        vec![
            (Some("fiscal_appropriation_total"), "17981.68"),
            (None, "1454.35"),
            (Some("performance_projects"), "5"),
            (Some("performance_amount"), "5086"),
            (Some("procurement_total"), "2744.84"),
            (Some("procurement_goods"), "303.4"),
            (Some("procurement_services"), "2441.44"),
            (None, "184.96"),
        ],
        "{f:#?}"
    );
    // `降幅 9.1 %` is the percent of the change, not a figure of its own
    assert_eq!(ch(&f[7]), Some(("decrease", Some("184.96"), Some("9.1"))));
}

#[test]
fn university_we_prefix_is_not_part_of_the_label() {
    let f = figs(&[
        "我校2023年收入预算557,259.13万元，其中：财政拨款收入230,876.38万元，占41.43%。",
        "学校2024年度政府采购支出总额15,346.40万元。",
    ]);
    assert_eq!(
        kv(&f[0]),
        (Some("revenue_total"), Some("收入预算"), "557259.13", "万元")
    );
    assert_eq!(f[1].key.as_deref(), Some("fiscal_appropriation_total"));
    assert_eq!(f[2].key.as_deref(), Some("procurement_total"));
}

#[test]
fn last_years_figure_in_a_parenthesis_is_not_this_years() {
    let f = figs(&[
        "四、部门收支预算编制的相关依据及测算分析情况",
        "2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为8,648.07万元），增加498.72万元，增长5.77%。",
    ]);
    assert_eq!(f.len(), 2);
    assert_eq!(
        kv(&f[0]),
        (None, Some("2016年度部门支出预算安排"), "8648.07", "万元")
    );
    assert_eq!(ch(&f[0]), None);
    assert_eq!(
        kv(&f[1]),
        (
            None,
            Some("部门支出预算安排与2016年度相比增加"),
            "498.72",
            "万元"
        )
    );
    assert_eq!(ch(&f[1]), Some(("increase", Some("498.72"), Some("5.77"))));
}

#[test]
fn a_parenthesis_without_a_comparison_is_read_as_before() {
    // A parenthesis that does not follow a comparison is no last-year statement.
    let f = figs(&["部门支出预算（2017年度）为9,146.79万元，比上年增加498.72万元。"]);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].value, "9146.79");
    assert_eq!(ch(&f[0]), Some(("increase", Some("498.72"), None)));
}
