//! The seed document's narrative: every figure, both projects, the profile.

use gongkai::recognize::{narrative, profile};
use std::path::Path;

const SEED: &str = "/work/shared/seed/000_b4db3b08202be5bf.txt";

/// Non-table lines of the seed dump as the reader gives paragraphs: lines not
/// starting with a tab, non-empty; a line starting with a unit continues the
/// previous one (the `17.64\n万元` break inside one paragraph).
fn seed_paragraphs() -> Option<Vec<String>> {
    if !Path::new(SEED).exists() {
        eprintln!("skipping: {SEED} not found");
        return None;
    }
    let text = std::fs::read_to_string(SEED).ok()?;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with('\t') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with("万元")
            && let Some(last) = out.last_mut()
        {
            last.push('\n');
            last.push_str(line);
            continue;
        }
        out.push(line.to_string());
    }
    Some(out)
}

/// One expected figure. Every line below was checked against the seed text
/// (第三部分 二 through 十, the overview of 第一部分 二, 十（三）（四）).
struct E {
    key: Option<&'static str>,
    label: &'static str,
    value: &'static str,
    unit: &'static str,
    change: Option<(&'static str, Option<&'static str>, Option<&'static str>)>,
    share: Option<&'static str>,
    sentence: &'static str,
    section: &'static str,
}

#[rustfmt::skip]
const EXPECTED: &[E] = &[
    E { key: None, label: "科室", value: "3", unit: "个", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室无下属预算单位，下设3个科室，分别是：金融科、企业科、综合科",
        section: "二、机构设置及人员情况" },
    E { key: Some("staff_authorized"), label: "编制数", value: "12", unit: "人", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室编制数12人，实有人数13人，其中：在职13人，增加0人",
        section: "二、机构设置及人员情况" },
    E { key: Some("staff_actual"), label: "实有人数", value: "13", unit: "人", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室编制数12人，实有人数13人，其中：在职13人，增加0人",
        section: "二、机构设置及人员情况" },
    E { key: None, label: "在职", value: "13", unit: "人", change: Some(("increase", Some("0"), None)), share: None,
        sentence: "昌吉回族自治州金融工作办公室编制数12人，实有人数13人，其中：在职13人，增加0人",
        section: "二、机构设置及人员情况" },
    E { key: None, label: "退休", value: "0", unit: "人", change: Some(("increase", Some("0"), None)), share: None,
        sentence: "退休0人，增加0人",
        section: "二、机构设置及人员情况" },
    E { key: None, label: "离休", value: "0", unit: "人", change: Some(("increase", Some("0"), None)), share: None,
        sentence: "离休 0人，增加0人",
        section: "二、机构设置及人员情况" },
    E { key: None, label: "收支总预算", value: "205.68", unit: "万元", change: None, share: None,
        sentence: "收支总预算205.68 万元",
        section: "一、关于昌吉回族自治州金融工作办公室2022年收支预算情况的总体说明" },
    E { key: Some("revenue_total"), label: "收入预算", value: "255.68", unit: "万元", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室收入预算255.68万元，其中：",
        section: "二、关于昌吉回族自治州金融工作办公室2022年收入预算情况说明" },
    E { key: Some("general_budget_total"), label: "一般公共预算", value: "255.68", unit: "万元", change: Some(("decrease", Some("39.63"), Some("13.42"))), share: Some("100"),
        sentence: "一般公共预算255.68万元，占100%，比上年预算减少39.63万元，下降13.42%，主要原因是工作人员变动，其他工资福利支出比上年预算减少",
        section: "二、关于昌吉回族自治州金融工作办公室2022年收入预算情况说明" },
    E { key: Some("expenditure_total"), label: "支出预算", value: "255.68", unit: "万元", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年支出预算255.68万元，其中：",
        section: "三、关于昌吉回族自治州金融工作办公室2022年支出预算情况说明" },
    E { key: Some("basic_expenditure"), label: "基本支出", value: "205.68", unit: "万元", change: Some(("decrease", Some("34.63"), Some("14.41"))), share: Some("80.44"),
        sentence: "基本支出205.68 万元，占80.44%，比上年预算减少34.63万元，下降14.41%，主要原因是工作人员变动，其他工资福利支出比上年预算减少",
        section: "三、关于昌吉回族自治州金融工作办公室2022年支出预算情况说明" },
    E { key: Some("project_expenditure"), label: "项目支出", value: "50", unit: "万元", change: Some(("decrease", Some("5"), Some("9.09"))), share: Some("19.56"),
        sentence: "项目支出50万元，占19.56%，比上年预算减少5万元，下降9.09%，主要原因是绿色金融调研工作任务调整，项目支出比上年预算减少",
        section: "三、关于昌吉回族自治州金融工作办公室2022年支出预算情况说明" },
    E { key: Some("fiscal_appropriation_total"), label: "财政拨款收支总预算", value: "255.68", unit: "元", change: None, share: None,
        sentence: "2022年财政拨款收支总预算255.68元",
        section: "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体说明" },
    E { key: None, label: "一般公共预算拨款", value: "255.68", unit: "万元", change: None, share: None,
        sentence: "收入预算包括：一般公共预算拨款255.68万元",
        section: "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体说明" },
    E { key: None, label: "一般公共服务支出", value: "202.74", unit: "万元", change: None, share: None,
        sentence: "一般公共预算支出包括：一般公共服务支出202.74万元，主要用于人员经费、公用经费及开展金融工作项目支出",
        section: "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体说明" },
    E { key: None, label: "社会保障和就业支出", value: "19.77", unit: "万元", change: None, share: None,
        sentence: "社会保障和就业支出19.77万元，主要用于缴纳机关事业单位基本养老保险缴费支出",
        section: "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体说明" },
    E { key: None, label: "卫生健康支出", value: "15.53", unit: "万元", change: None, share: None,
        sentence: "卫生健康支出15.53万元，主要用于事业单位医疗及公务员医疗补助支出",
        section: "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体说明" },
    E { key: None, label: "住房保障支出", value: "17.64", unit: "万元", change: None, share: None,
        sentence: "住房保障支出17.64万元，主要用于行政事业缴纳住房公积金支出",
        section: "四、关于昌吉回族自治州金融工作办公室2022年财政拨款收支预算情况的总体说明" },
    E { key: None, label: "一般公共预算拨款合计", value: "255.68", unit: "万元", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算拨款合计255.68万元，其中：基本支出205.68 万元，比上年预算减少34.63万元，下降14.41%，主要原因是工作人员变动，其他工资福利支出比上年预算减少",
        section: "（一）一般公共预算当年拨款规模变化情况" },
    E { key: None, label: "基本支出", value: "205.68", unit: "万元", change: Some(("decrease", Some("34.63"), Some("14.41"))), share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算拨款合计255.68万元，其中：基本支出205.68 万元，比上年预算减少34.63万元，下降14.41%，主要原因是工作人员变动，其他工资福利支出比上年预算减少",
        section: "（一）一般公共预算当年拨款规模变化情况" },
    E { key: None, label: "项目支出", value: "50", unit: "万元", change: Some(("decrease", Some("5"), Some("9.09"))), share: None,
        sentence: "项目支出50万元，比上年预算减少5万元，下降9.09%，主要原因是绿色金融调研工作任务调整，项目支出比上年预算减少",
        section: "（一）一般公共预算当年拨款规模变化情况" },
    E { key: None, label: "一般公共服务支出", value: "202.74", unit: "万元", change: None, share: Some("79.29"),
        sentence: "1.一般公共服务支出202.74万元，占79.29%",
        section: "（二）一般公共预算当年拨款结构情况" },
    E { key: None, label: "社会保障和就业支出", value: "19.77", unit: "万元", change: None, share: Some("7.73"),
        sentence: "2.社会保障和就业支出19.77万元，占7.73%",
        section: "（二）一般公共预算当年拨款结构情况" },
    E { key: None, label: "卫生健康支出", value: "15.53", unit: "万元", change: None, share: Some("6.07"),
        sentence: "3.卫生健康支出15.53万元，占6.07%",
        section: "（二）一般公共预算当年拨款结构情况" },
    E { key: None, label: "住房保障支出", value: "17.64", unit: "万元", change: None, share: Some("6.91"),
        sentence: "4.住房保障支出17.64万元，占6.91%",
        section: "（二）一般公共预算当年拨款结构情况" },
    E { key: None, label: "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）预算数", value: "50", unit: "万元", change: Some(("decrease", Some("5"), Some("9.09"))), share: None,
        sentence: "1.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）一般行政管理事务（项）：2022年预算数为50万元，比上年预算减少5万元，下降9.09%，主要原因是绿色金融调研工作任务调整，项目支出比上年预算减少",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）预算数", value: "152.74", unit: "万元", change: Some(("decrease", Some("55.99"), Some("26.82"))), share: None,
        sentence: "2.一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）事业运行（项）：2022年预算数为152.74万元，比上年预算减少55.99万元，下降26.82%，主要原因是工作人员变动，其他工资福利支出比上年预算减少",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）预算数", value: "19.77", unit: "万元", change: Some(("increase", Some("2.32"), Some("13.3"))), share: None,
        sentence: "3.社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）：2022年预算数为19.77万元，增加2.32万元，增长13.3%，主要原因是：调标增资，增加机关事业单位基本养老保险缴费支出",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）预算数", value: "11.74", unit: "万元", change: Some(("increase", Some("1.38"), Some("13.32"))), share: None,
        sentence: "4.卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）：2022年预算数为11.74万元，比上年预算增加1.38万元，增长13.32%，主要原因是：调标增资，社保缴费基数增加",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）预算数", value: "3.71", unit: "万元", change: Some(("increase", Some("0.44"), Some("13.46"))), share: None,
        sentence: "5、卫生健康支出（类）行政事业单位医疗（款）公务员医疗补助（项）：2022年预算数为3.71万元，比上年预算增加0.44万元，增长13.46%，主要原因是：调标增资，社保缴费基数增加",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗补助（项）预算数", value: "0.08", unit: "万元", change: Some(("decrease", Some("0.42"), Some("84"))), share: None,
        sentence: "6.卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗补助（项）：2022年预算数为0.08万元，比上年预算减少0.42万元，下降84%，主要原因是：本年度其他医疗补助缴费比例降低",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "住房保障支出（类）住房改革支出（款）住房公积金（项）预算数", value: "17.64", unit: "万元", change: Some(("increase", Some("17.64"), Some("100"))), share: None,
        sentence: "7.住房保障支出（类）住房改革支出（款）住房公积金（项）：2022年预算数为17.64万元，比上年预算增加17.64万元，增长100%，主要原因是：上年度住房公积金预算未列入此款类项中",
        section: "（三）一般公共预算当年拨款具体使用情况" },
    E { key: None, label: "一般公共预算基本支出", value: "205.68", unit: "万元", change: None, share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算基本支出205.68 万元， 其中：",
        section: "六、关于昌吉回族自治州金融工作办公室2022年一般公共预算基本支出情况说明" },
    E { key: Some("personnel_expenses"), label: "人员经费", value: "187.53", unit: "万元", change: None, share: None,
        sentence: "人员经费187.53万元，主要包括：基本工资、津贴补贴、奖金、绩效工资、机关事业单位基本养老保险缴费、城职工基本医疗保险缴费、公务员医疗补助缴费、其他社会保障缴费、住房公积金、其他工资福利支出",
        section: "六、关于昌吉回族自治州金融工作办公室2022年一般公共预算基本支出情况说明" },
    E { key: Some("public_expenses"), label: "公用经费", value: "18.15", unit: "万元", change: None, share: None,
        sentence: "公用经费18.15万元，主要包括：办公费、邮电费、差旅费、维修(护)费、公务接待费、工会经费、福利费、公务用车运行维护费、其他商品和服务支出",
        section: "六、关于昌吉回族自治州金融工作办公室2022年一般公共预算基本支出情况说明" },
    E { key: Some("three_public_total"), label: "一般公共预算“三公”经费数", value: "2.18", unit: "万元", change: Some(("increase", Some("0.02"), Some("0.93"))), share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费数为2.18万元，其中：因公出国（境）费0万元，公务用车购置0万元，公务用车运行费2万元，公务接待费0.18万元",
        section: "八、关于昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费预算情况说明" },
    E { key: Some("outbound_travel"), label: "因公出国（境）费", value: "0", unit: "万元", change: Some(("increase", Some("0"), Some("0"))), share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费数为2.18万元，其中：因公出国（境）费0万元，公务用车购置0万元，公务用车运行费2万元，公务接待费0.18万元",
        section: "八、关于昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费预算情况说明" },
    E { key: Some("vehicle_purchase"), label: "公务用车购置", value: "0", unit: "万元", change: Some(("increase", Some("0"), Some("0"))), share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费数为2.18万元，其中：因公出国（境）费0万元，公务用车购置0万元，公务用车运行费2万元，公务接待费0.18万元",
        section: "八、关于昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费预算情况说明" },
    E { key: Some("vehicle_operation"), label: "公务用车运行费", value: "2", unit: "万元", change: Some(("increase", Some("0.02"), Some("1.01"))), share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费数为2.18万元，其中：因公出国（境）费0万元，公务用车购置0万元，公务用车运行费2万元，公务接待费0.18万元",
        section: "八、关于昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费预算情况说明" },
    E { key: Some("official_reception"), label: "公务接待费", value: "0.18", unit: "万元", change: Some(("increase", Some("0"), Some("0"))), share: None,
        sentence: "昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费数为2.18万元，其中：因公出国（境）费0万元，公务用车购置0万元，公务用车运行费2万元，公务接待费0.18万元",
        section: "八、关于昌吉回族自治州金融工作办公室2022年一般公共预算“三公”经费预算情况说明" },
    E { key: Some("operating_expenses"), label: "机关运行经费财政拨款预算", value: "18.15", unit: "万元", change: Some(("decrease", Some("20.24"), Some("52.72"))), share: None,
        sentence: "2022年，昌吉回族自治州金融工作办公室的机关运行经费财政拨款预算18.15万元，比上年预算减少20.24万元，下降52.72%",
        section: "（一）机关运行经费情况" },
    E { key: Some("procurement_total"), label: "政府采购预算", value: "59.38", unit: "万元", change: None, share: None,
        sentence: "2022年，昌吉回族自治州金融工作办公室政府采购预算59.38万元，其中：政府采购货物预算24.14万元，政府采购工程预算0万元，政府采购服务预算35.37万元",
        section: "（二）政府采购情况" },
    E { key: Some("procurement_goods"), label: "政府采购货物预算", value: "24.14", unit: "万元", change: None, share: None,
        sentence: "2022年，昌吉回族自治州金融工作办公室政府采购预算59.38万元，其中：政府采购货物预算24.14万元，政府采购工程预算0万元，政府采购服务预算35.37万元",
        section: "（二）政府采购情况" },
    E { key: Some("procurement_works"), label: "政府采购工程预算", value: "0", unit: "万元", change: None, share: None,
        sentence: "2022年，昌吉回族自治州金融工作办公室政府采购预算59.38万元，其中：政府采购货物预算24.14万元，政府采购工程预算0万元，政府采购服务预算35.37万元",
        section: "（二）政府采购情况" },
    E { key: Some("procurement_services"), label: "政府采购服务预算", value: "35.37", unit: "万元", change: None, share: None,
        sentence: "2022年，昌吉回族自治州金融工作办公室政府采购预算59.38万元，其中：政府采购货物预算24.14万元，政府采购工程预算0万元，政府采购服务预算35.37万元",
        section: "（二）政府采购情况" },
    E { key: Some("sme_reserved"), label: "面向中小企业预留政府采购项目预算金额", value: "14.14", unit: "万元", change: None, share: None,
        sentence: "2022年度本部门面向中小企业预留政府采购项目预算金额14.14万元，其中：面向小微企业预留政府采购项目预算金额4.14万元",
        section: "（二）政府采购情况" },
    E { key: Some("small_micro_reserved"), label: "面向小微企业预留政府采购项目预算金额", value: "4.14", unit: "万元", change: None, share: None,
        sentence: "2022年度本部门面向中小企业预留政府采购项目预算金额14.14万元，其中：面向小微企业预留政府采购项目预算金额4.14万元",
        section: "（二）政府采购情况" },
    E { key: None, label: "房屋", value: "0", unit: "平方米", change: None, share: None,
        sentence: "1.房屋0平方米，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "价值", value: "0", unit: "万元", change: None, share: None,
        sentence: "1.房屋0平方米，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: Some("vehicles"), label: "车辆", value: "0", unit: "辆", change: None, share: None,
        sentence: "2.车辆0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "价值", value: "0", unit: "万元", change: None, share: None,
        sentence: "2.车辆0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "其他用车", value: "0", unit: "辆", change: None, share: None,
        sentence: "其中：其他用车0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "价值", value: "0", unit: "万元", change: None, share: None,
        sentence: "其中：其他用车0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "执法执勤用车", value: "0", unit: "辆", change: None, share: None,
        sentence: "执法执勤用车0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "价值", value: "0", unit: "万元", change: None, share: None,
        sentence: "执法执勤用车0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "其他车辆", value: "0", unit: "辆", change: None, share: None,
        sentence: "其他车辆0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "价值", value: "0", unit: "万元", change: None, share: None,
        sentence: "其他车辆0辆，价值0万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "办公家具价值", value: "6.84", unit: "万元", change: None, share: None,
        sentence: "3.办公家具价值6.84万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "其他资产价值", value: "35.16", unit: "万元", change: None, share: None,
        sentence: "4.其他资产价值35.16万元",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "单位价值50万元以上大型设备", value: "0", unit: "台（套）", change: None, share: None,
        sentence: "单位价值50万元以上大型设备0台（套），单位价值100万元以上大型设备0台（套）",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "单位价值100万元以上大型设备", value: "0", unit: "台（套）", change: None, share: None,
        sentence: "单位价值50万元以上大型设备0台（套），单位价值100万元以上大型设备0台（套）",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "安排购置50万元以上大型设备", value: "0", unit: "台（套）", change: None, share: None,
        sentence: "2022年部门预算未安排购置车辆经费，安排购置50万元以上大型设备0台（套），单位价值100万元以上大型设备0台（套）",
        section: "（三）国有资产占用使用情况" },
    E { key: None, label: "单位价值100万元以上大型设备", value: "0", unit: "台（套）", change: None, share: None,
        sentence: "2022年部门预算未安排购置车辆经费，安排购置50万元以上大型设备0台（套），单位价值100万元以上大型设备0台（套）",
        section: "（三）国有资产占用使用情况" },
    E { key: Some("performance_projects"), label: "预算绩效管理的财政拨款项目", value: "2", unit: "个", change: None, share: None,
        sentence: "2022年度，本年度预算绩效管理的财政拨款项目2个，涉及预算金额50万元",
        section: "（四）预算绩效情况" },
    E { key: Some("performance_amount"), label: "涉及预算金额", value: "50", unit: "万元", change: None, share: None,
        sentence: "2022年度，本年度预算绩效管理的财政拨款项目2个，涉及预算金额50万元",
        section: "（四）预算绩效情况" },
];

#[test]
fn every_seed_figure() {
    let Some(p) = seed_paragraphs() else { return };
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let figures = narrative::extract(&refs).figures;
    for (i, (f, e)) in figures.iter().zip(EXPECTED).enumerate() {
        let change = f.change.as_ref().map(|c| {
            (
                c.direction.as_str(),
                c.amount.as_deref(),
                c.percent.as_deref(),
            )
        });
        assert_eq!(f.key.as_deref(), e.key, "figure {i} key");
        assert_eq!(f.label.as_deref(), Some(e.label), "figure {i} label");
        assert_eq!(
            (f.value.as_str(), f.unit.as_str()),
            (e.value, e.unit),
            "figure {i} value"
        );
        assert_eq!(change, e.change, "figure {i} change");
        assert_eq!(f.share_percent.as_deref(), e.share, "figure {i} share");
        assert_eq!(f.sentence, e.sentence, "figure {i} sentence");
        assert_eq!(f.section.as_deref(), Some(e.section), "figure {i} section");
    }
    assert_eq!(figures.len(), EXPECTED.len());
}

/// Independent of the table above: every sentence is text of the seed (line
/// breaks joined) and states its figure's value and unit.
#[test]
fn sentences_are_seed_text_and_state_their_figures() {
    let Some(p) = seed_paragraphs() else { return };
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let joined: Vec<String> = p.iter().map(|x| x.replace('\n', "")).collect();
    for f in narrative::extract(&refs).figures {
        assert!(
            joined.iter().any(|para| para.contains(&f.sentence)),
            "not seed text: {}",
            f.sentence
        );
        let squeezed: String = f.sentence.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(
            squeezed.contains(&format!("{}{}", f.value, f.unit)),
            "{}{} not in {}",
            f.value,
            f.unit,
            f.sentence
        );
    }
}

/// Each key at most once.
#[test]
fn keys_are_unique() {
    let Some(p) = seed_paragraphs() else { return };
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let mut keys: Vec<String> = narrative::extract(&refs)
        .figures
        .into_iter()
        .filter_map(|f| f.key)
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n);
    // The seed states every known key except 公务用车购置及运行费 (it lists 购置 and 运行费 apart).
    assert_eq!(n, 25);
    assert!(!keys.iter().any(|k| k == "vehicle_purchase_and_operation"));
}

#[test]
fn seed_projects() {
    let Some(p) = seed_paragraphs() else { return };
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let projects = narrative::extract(&refs).projects;
    assert_eq!(projects.len(), 2);
    let basis = "根据昌吉回族自治州金融工作办公室《三定方案》职责";
    let executor = "昌吉回族自治州金融工作办公室";
    let period = "2022年1月1日—2022年12月31日";
    let items = |i: usize| -> Vec<(String, String, String)> {
        projects[i]
            .allocations
            .iter()
            .map(|a| (a.item.clone(), a.amount.clone(), a.unit.clone()))
            .collect()
    };
    let own = |v: &[(&str, &str)]| -> Vec<(String, String, String)> {
        v.iter()
            .map(|(i, a)| (i.to_string(), a.to_string(), "万元".to_string()))
            .collect()
    };

    let a = &projects[0];
    assert_eq!(a.name, "服务实体经济专项业务经费");
    assert_eq!(
        (a.amount.as_deref(), a.unit.as_deref()),
        (Some("15"), Some("万元"))
    );
    assert_eq!(a.basis.as_deref(), Some(basis));
    assert_eq!(a.executor.as_deref(), Some(executor));
    assert_eq!(a.period.as_deref(), Some(period));
    assert_eq!(
        items(0),
        own(&[
            ("企业培训费", "2"),
            ("调研活动费用", "3.2"),
            ("会议费", "2"),
            ("参加学习培训费用", "0.8"),
            ("基金公司与拟上市企业对接活动", "5"),
            ("聘请法律顾问", "2"),
        ])
    );

    let b = &projects[1];
    assert_eq!(b.name, "防范金融风险专项业务经费");
    assert_eq!(
        (b.amount.as_deref(), b.unit.as_deref()),
        (Some("35"), Some("万元"))
    );
    assert_eq!(b.basis.as_deref(), Some(basis));
    assert_eq!(b.executor.as_deref(), Some(executor));
    assert_eq!(b.period.as_deref(), Some(period));
    assert_eq!(
        items(1),
        own(&[
            ("购置联信云非法集资监测预警系统", "10"),
            ("购置行政执法记录仪", "1"),
            ("购置电子政务专线", "0.42"),
            ("打造“无非法集资示范社区（村）”", "3.5"),
            ("购置碎纸机", "0.3"),
            ("聘请法律顾问", "2"),
            ("调研、执法费用", "2.68"),
            ("年审及检查费用", "2"),
            ("昌吉广播电视台及其他传媒宣传", "39.63"),
            ("举报奖励金", "0.2"),
            ("印刷品制作", "5.5"),
        ])
    );
    // Kept as printed: the allocations sum to 67.23, not the stated 35.
}

#[test]
fn seed_profile() {
    let Some(p) = seed_paragraphs() else { return };
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let pr = profile::extract(&refs);
    assert_eq!(pr.divisions, Some(3));
    assert_eq!(pr.division_names, vec!["金融科", "企业科", "综合科"]);
    assert_eq!(pr.staff_authorized, Some(12));
    assert_eq!(pr.staff_actual, Some(13));
    assert_eq!(pr.staff_in_service, Some(13));
    assert_eq!(pr.retired, Some(0));
    assert_eq!(pr.retired_early, Some(0));
    assert_eq!(pr.subordinate_units, Some(0));
}
