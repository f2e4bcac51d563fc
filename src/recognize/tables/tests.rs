//! Hand-built layouts for the table shapes of the three template families.

use super::*;
use crate::layout::Paragraph;
use std::collections::HashSet;

/// A table from rows of cell specs: `text`, `text@c3` (colspan 3), `text@r2`
/// (rowspan 2), `text@c2r2`. Slots covered by a span from above are skipped.
fn table(rows: &[&[&str]]) -> Table {
    let mut cells = Vec::new();
    let mut occ: HashSet<(usize, usize)> = HashSet::new();
    let mut cols = 0;
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for spec in *row {
            while occ.contains(&(r, c)) {
                c += 1;
            }
            let (text, cs, rs) = parse_spec(spec);
            for rr in r..r + rs {
                for cc in c..c + cs {
                    occ.insert((rr, cc));
                }
            }
            cells.push(Cell {
                row: r,
                col: c,
                rowspan: rs,
                colspan: cs,
                text: text.to_string(),
            });
            c += cs;
            cols = cols.max(c);
        }
    }
    Table {
        rows: rows.len(),
        cols,
        cells,
        pages: vec![],
    }
}

fn parse_spec(spec: &str) -> (&str, usize, usize) {
    let Some((text, span)) = spec.rsplit_once('@') else {
        return (spec, 1, 1);
    };
    let mut cs = 1;
    let mut rs = 1;
    let mut rest = span;
    while !rest.is_empty() {
        let (kind, tail) = rest.split_at(1);
        let digits: String = tail.chars().take_while(|c| c.is_ascii_digit()).collect();
        let n: usize = digits.parse().unwrap_or(1);
        match kind {
            "c" => cs = n,
            "r" => rs = n,
            _ => return (spec, 1, 1),
        }
        rest = &tail[digits.len()..];
    }
    (text, cs, rs)
}

fn p(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        text: text.into(),
        ..Default::default()
    })
}

fn run(blocks: Vec<Block>) -> (Vec<TableOut>, Vec<Warning>) {
    recognize(&Layout {
        blocks,
        ..Default::default()
    })
}

fn keys(t: &TableOut) -> Vec<&str> {
    t.columns.iter().map(|c| c.key.as_str()).collect()
}

fn val<'a>(r: &'a Record, k: &str) -> Option<&'a str> {
    r.values.get(k).and_then(|v| v.as_deref())
}

const DEPT: &str = "昌吉回族自治州金融工作办公室";

#[test]
fn national_revenue_table_with_codes_totals_and_blank_rows() {
    let t = table(&[
        &[
            "功能分类科目编码@c3",
            "功能分类科目名称@r2",
            "总  计@r2",
            "一般公共预算拨款@r2",
            "政府性基金预算拨款@r2",
            "事业收入@r2",
        ],
        &["类", "款", "项"],
        &[
            "201",
            "",
            "",
            "一般公共服务支出",
            "202.74 ",
            "202.74 ",
            "",
            "",
        ],
        &[
            "201",
            "03",
            "",
            "政府办公厅（室）及相关机构事务",
            "202.74",
            "202.74",
            "",
            "",
        ],
        &[
            "201",
            "03",
            "02",
            "一般行政管理事务",
            "50.00 ",
            "50.00",
            "",
            "",
        ],
        &["", "", "", "　", "", "", "", ""],
        &["合  计@c4", "255.68", "255.68", "", ""],
    ]);
    let (ts, w) = run(vec![
        p("第二部分  2022年部门预算公开表"),
        p("表2"),
        p("部门收入总体情况表"),
        p(&format!("编制部门：{DEPT}                     单位：万元")),
        Block::Table(t),
    ]);
    assert!(w.is_empty(), "{w:?}");
    let t = &ts[0];
    assert_eq!(t.id, "t1");
    assert_eq!(t.number.as_deref(), Some("表2"));
    assert_eq!(t.title.as_deref(), Some("部门收入总体情况表"));
    assert_eq!(t.kind, "revenue");
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(t.department.as_deref(), Some(DEPT));
    assert_eq!(t.grid.header_rows, 2);
    assert_eq!(t.grid.rows, 7);
    assert_eq!(t.grid.cells[0].colspan, 3);
    assert_eq!(keys(t), ["total", "general_budget", "gov_fund", "business"]);
    assert_eq!(t.columns[0].header, ["总计"]);
    assert_eq!(t.columns[0].col, 4);
    assert_eq!(t.records.len(), 4, "blank row skipped");
    let r = &t.records[0];
    assert_eq!(
        (r.code.as_deref(), r.level, r.name.as_deref()),
        (Some("201"), Some(1), Some("一般公共服务支出"))
    );
    let r = &t.records[2];
    assert_eq!(
        (r.code.as_deref(), r.level, r.row),
        (Some("2010302"), Some(3), 4)
    );
    assert_eq!(val(r, "total"), Some("50.00"));
    assert_eq!(r.values.get("gov_fund"), Some(&None));
    assert_eq!(r.project, None);
    let r = &t.records[3];
    assert_eq!(
        (r.name.as_deref(), r.total, r.code.as_deref(), r.row),
        (Some("合计"), true, None, 6)
    );
    assert_eq!(val(r, "general_budget"), Some("255.68"));
    assert!(!t.empty);
}

#[test]
fn two_sided_summary_with_sides() {
    let t = table(&[
        &["收     入@c2", "支     出@c2"],
        &["项     目", "预算数", "功能分类", "预算数"],
        &[
            "财政拨款（补助）",
            "255.68",
            "201 一般公共服务支出",
            "202.74",
        ],
        &["    一般公共预算", "255.68", "202 外交支出", ""],
        &["事业收入", "", "210卫生健康支出", "15.53"],
        &["　", "", "203 国防支出", ""],
        &["", "", "", ""],
        &["收  入  总  计", "255.68", "支  出  总  计", "255.68"],
    ]);
    let (ts, _) = run(vec![
        p("表1"),
        p("部门收支总体情况表"),
        p(&format!("编制部门：{DEPT}  单位：万元")),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "revenue_expenditure_summary");
    assert_eq!(t.grid.header_rows, 2);
    assert_eq!(keys(t), ["amount", "amount"]);
    assert_eq!(t.columns[0].side.map(Side::as_str), Some("revenue"));
    assert_eq!(t.columns[1].side.map(Side::as_str), Some("expenditure"));
    assert_eq!(t.columns[1].header, ["支出", "预算数"]);
    let sides: Vec<&str> = t
        .records
        .iter()
        .map(|r| r.side.map(Side::as_str).unwrap_or("-"))
        .collect();
    assert_eq!(
        sides,
        [
            "revenue",
            "revenue",
            "revenue",
            "revenue",
            "expenditure",
            "expenditure",
            "expenditure",
            "expenditure",
            "expenditure"
        ]
    );
    let names: Vec<&str> = t
        .records
        .iter()
        .map(|r| r.name.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        names[..4],
        ["财政拨款（补助）", "一般公共预算", "事业收入", "收入总计"]
    );
    assert_eq!(
        names[4..],
        [
            "一般公共服务支出",
            "外交支出",
            "卫生健康支出",
            "国防支出",
            "支出总计"
        ]
    );
    let r = &t.records[6];
    assert_eq!(
        (r.code.as_deref(), r.level, val(r, "amount")),
        (Some("210"), Some(1), Some("15.53"))
    );
    assert_eq!(t.records[2].values.get("amount"), Some(&None));
    assert!(t.records[3].total && t.records[8].total && !t.records[0].total);
}

#[test]
fn fiscal_summary_keys_per_side() {
    let t = table(&[
        &["财政拨款收入@c2", "财政拨款支出@c5"],
        &[
            "项    目",
            "合  计",
            "功  能  分  类",
            "合 计",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算@c2",
        ],
        &[
            "财政拨款（补助）",
            "255.68 ",
            "201 一般公共服务支出",
            "202.74 ",
            "202.74 ",
            "",
            "",
        ],
        &["  一般公共预算", "255.68 ", "202 外交支出", "", "", "", ""],
        &[
            "收  入  总  计",
            "255.68 ",
            "支  出  总  计",
            "255.68 ",
            "255.68 ",
            "",
            "",
        ],
    ]);
    let (ts, _) = run(vec![
        p("表4"),
        p("财政拨款收支预算总体情况表"),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "fiscal_summary");
    assert_eq!(
        keys(t),
        [
            "total",
            "total",
            "general_budget",
            "gov_fund",
            "state_capital"
        ]
    );
    let rev: Vec<&Record> = t
        .records
        .iter()
        .filter(|r| r.side.map(Side::as_str) == Some("revenue"))
        .collect();
    let exp: Vec<&Record> = t
        .records
        .iter()
        .filter(|r| r.side.map(Side::as_str) == Some("expenditure"))
        .collect();
    assert_eq!(rev.len(), 3);
    assert_eq!(exp.len(), 3);
    assert_eq!(rev[0].values.0.len(), 1);
    assert_eq!(val(exp[0], "general_budget"), Some("202.74"));
    assert_eq!(exp[0].values.0.len(), 4);
}

#[test]
fn title_inside_first_rows() {
    let t = table(&[
        &["表5\n一般公共预算支出情况表@c7"],
        &[&format!("编制部门：{DEPT}@c4"), "单位：万元@c3"],
        &["项   目@c4", "一般公共预算支出@c3"],
        &[
            "功能分类科目编码@c3",
            "功能分类科目名称@r2",
            "合  计@r2",
            "基本支出@r2",
            "项目支出@r2",
        ],
        &["类", "款", "项"],
        &[
            "201",
            "",
            "",
            "一般公共服务支出",
            "202.74",
            "152.74",
            "50.00",
        ],
        &["合  计@c4", "255.68", "\n205.68", "50"],
    ]);
    let (ts, _) = run(vec![p("（四）其他说明。"), Block::Table(t)]);
    let t = &ts[0];
    assert_eq!(t.number.as_deref(), Some("表5"));
    assert_eq!(t.title.as_deref(), Some("一般公共预算支出情况表"));
    assert_eq!(t.kind, "general_budget_expenditure");
    assert_eq!(t.department.as_deref(), Some(DEPT));
    assert_eq!(t.unit.as_deref(), Some("万元"));
    assert_eq!(t.grid.rows, 7, "title rows stay in the grid");
    assert_eq!(t.grid.header_rows, 5);
    assert_eq!(keys(t), ["total", "basic", "project"]);
    assert_eq!(t.columns[0].header, ["一般公共预算支出", "合计"]);
    let total = t.records.last().expect("total row");
    assert!(total.total);
    assert_eq!(
        (val(total, "basic"), val(total, "project")),
        (Some("205.68"), Some("50"))
    );
    assert_eq!(t.records.len(), 2);
}

#[test]
fn unit_row_inside_table_and_economic_codes() {
    let t = table(&[
        &["  单位：万元@c6"],
        &["项目@c3", "一般公共预算基本支出@c3"],
        &[
            "经济分类科目编码@c2",
            "经济分类科目名称@r2",
            "合  计@r2",
            "人员经费@r2",
            "公用经费@r2",
        ],
        &["类", "款"],
        &["301", "", "工资福利支出", "187.53 ", "187.53 ", "0.00 "],
        &["301", "01", "基本工资", "59.96 ", "59.96 ", "0.00 "],
        &["301", "2", "津贴补贴", "13.42", "13.42", "0.00"],
    ]);
    let (ts, w) = run(vec![
        p("表6 "),
        p("一般公共预算基本支出情况表"),
        p(&format!("编制部门：{DEPT}")),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(
        (t.number.as_deref(), t.kind.as_str(), t.unit.as_deref()),
        (
            Some("表6"),
            "general_budget_basic_expenditure",
            Some("万元")
        )
    );
    assert_eq!(t.department.as_deref(), Some(DEPT));
    assert_eq!(t.grid.header_rows, 4);
    assert_eq!(keys(t), ["total", "personnel", "public"]);
    assert_eq!(
        (t.records[0].code.as_deref(), t.records[0].level),
        (Some("301"), Some(1))
    );
    assert_eq!(
        (t.records[1].code.as_deref(), t.records[1].level),
        (Some("30101"), Some(2))
    );
    // a 款 printed as "2" is kept as printed, with a warning
    assert_eq!(
        (t.records[2].code.as_deref(), t.records[2].level),
        (Some("3012"), Some(2))
    );
    assert!(w.iter().any(|w| w.code == "table.code_parts"));
}

#[test]
fn three_public_two_level_header() {
    let t = table(&[
        &[
            "合  计@r2",
            "因公出国（境）费@r2",
            "公务用车购置及运行费@c3",
            "公务接待费@r2",
        ],
        &["合  计", "公务用车购置费", "公务用车运行费"],
        &["2", "0", "2", "0", "2", "0"],
    ]);
    let (ts, _) = run(vec![
        p("表8"),
        p("一般公共预算“三公”经费支出情况表"),
        p(&format!("编制部门：{DEPT}    单位：万元")),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "three_public");
    assert_eq!(t.title.as_deref(), Some("一般公共预算“三公”经费支出情况表"));
    assert_eq!(t.grid.header_rows, 2);
    assert_eq!(
        keys(t),
        [
            "total",
            "outbound",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "reception"
        ]
    );
    assert_eq!(t.columns[2].header, ["公务用车购置及运行费", "合计"]);
    assert_eq!(t.records.len(), 1);
    let r = &t.records[0];
    assert_eq!((r.name.as_deref(), r.code.as_deref()), (None, None));
    assert_eq!(val(r, "vehicle_operation"), Some("2"));
    assert_eq!(val(r, "reception"), Some("0"));
}

#[test]
fn shanghai_three_public_and_operating_expenses() {
    let t = table(&[
        &["“三公”经费预算数@c6", "机关运行经费预算数@r3"],
        &[
            "合计@r2",
            "因公出国(境)费@r2",
            "公务接待费@r2",
            "公务用车购置及运行费@c3",
        ],
        &["小计", "购置费", "运行费"],
        &["0.95", "", "0.95", "", "", "", "229.43"],
    ]);
    let (ts, _) = run(vec![
        p("2025年部门“三公”经费和机关运行经费预算表"),
        p(
            "编制部门：上海市普陀区财政局                                                  单位:万元",
        ),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "three_public");
    assert_eq!(
        t.title.as_deref(),
        Some("2025年部门“三公”经费和机关运行经费预算表")
    );
    assert_eq!(t.department.as_deref(), Some("上海市普陀区财政局"));
    assert_eq!(
        keys(t),
        [
            "total",
            "outbound",
            "reception",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "operating_expenses"
        ]
    );
    assert_eq!(val(&t.records[0], "operating_expenses"), Some("229.43"));
    assert_eq!(t.records[0].values.get("outbound"), Some(&None));
}

#[test]
fn project_table_fills_project_down() {
    let t = table(&[
        &[
            "科 目 编 码@c3",
            "科目@r2",
            "项目名称@r2",
            "项目支出合计@r2",
            "工资福利支出@r2",
            "商品和服务支出@r2",
            "资本性支出（基本建设）@r2",
            "资本性支出@r2",
            "其他支出@r2",
        ],
        &["类", "款", "项"],
        &[
            "201",
            "",
            "",
            "一般公共服务支出",
            "",
            "50",
            "",
            "50",
            "",
            "",
            "",
        ],
        &[
            "201",
            "03",
            "02",
            "一般行政管理事务",
            "服务实体经济专项业务经费@r2",
            "15",
            "",
            "15",
            "",
            "",
            "",
        ],
        &[
            "201",
            "03",
            "02",
            "一般行政管理事务",
            "20",
            "",
            "20",
            "",
            "",
            "",
        ],
        &["合 计@c5", "50", "", "50", "", "", ""],
        &["", "", "", "", "合 计", "50", "", "50", "", "", ""],
    ]);
    let (ts, _) = run(vec![
        p("表7"),
        p("一般公共预算项目支出情况表"),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "general_budget_project_expenditure");
    assert_eq!(
        keys(t),
        [
            "total",
            "wages",
            "goods_services",
            "capital_construction",
            "capital",
            "other_expenditure"
        ]
    );
    let projects: Vec<Option<Option<&str>>> = t
        .records
        .iter()
        .map(|r| r.project.as_ref().map(|p| p.as_deref()))
        .collect();
    assert_eq!(
        projects,
        [
            Some(None),
            Some(Some("服务实体经济专项业务经费")),
            Some(Some("服务实体经济专项业务经费")),
            Some(None),
            Some(None)
        ]
    );
    assert_eq!(val(&t.records[2], "goods_services"), Some("20"));
    assert_eq!(t.records[1].name.as_deref(), Some("一般行政管理事务"));
    assert!(t.records[3].total);
    // the seed prints its 合计 under 项目名称: a total row, not a project
    let last = &t.records[4];
    assert_eq!(
        (last.name.as_deref(), last.total, last.row),
        (Some("合计"), true, 6)
    );
}

#[test]
fn empty_table_with_note() {
    let t = table(&[
        &["项  目@c4", "政府性基金预算支出@c3"],
        &[
            "功能分类科目编码@c3",
            "功能分类科目名称@r2",
            "合 计@r2",
            "基本支出@r2",
            "项目支出@r2",
        ],
        &["类", "款", "项"],
        &["", "", "", "", "", "", ""],
        &["合  计@c4", "", "", ""],
    ]);
    let (ts, _) = run(vec![
        p("表9"),
        p("政府性基金预算支出情况表"),
        p(&format!(
            "编制部门：{DEPT}                       单位：万元"
        )),
        Block::Table(t),
        p("备注：我单位无政府性基金预算，此表为空表。"),
        p(" 第三部分  2022年预算情况说明"),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "gov_fund_expenditure");
    assert!(t.empty);
    assert_eq!(
        t.note.as_deref(),
        Some("备注：我单位无政府性基金预算，此表为空表。")
    );
    assert_eq!(t.grid.header_rows, 3);
    assert_eq!(t.records.len(), 1);
    assert!(t.records[0].total);
    assert!(t.records[0].values.0.iter().all(|(_, v)| v.is_none()));
}

#[test]
fn performance_targets_fill_down_levels() {
    let t = table(&[
        &["项  目  支  出  绩  效  目  标  表@c4"],
        &["(2022年)@c4"],
        &["预算单位", "昌吉回族自治州金融工作办公室@c3"],
        &["项目名称", "服务实体经济专项业务经费@c3"],
        &["项目资金（万元）@r3", "年度资金总额：", "15@c2"],
        &["其中：财政拨款", "15@c2"],
        &["其他资金", "0@c2"],
        &[
            "项目总体目标",
            "目标1：负责推进自治州上市企业的上市工作。@c3",
        ],
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "指标值（包含数字及文字描述）",
        ],
        &[
            "产出指标@r3",
            "数量指标@r2",
            "组织拟上市企业培训活动",
            ">=2次",
        ],
        &["开展企业实地调研 活动", ">=1次"],
        &["质量指标", "组织会议出勤率", ">=90%"],
        &["效益指标", "社会效益指标", "普惠小微贷款余额", ">=116亿元"],
        &["", "", "可持续指标", "保持"],
    ]);
    let (ts, w) = run(vec![
        p("具体情况见下表（按项目分别填报）："),
        Block::Table(t),
    ]);
    assert!(w.is_empty(), "{w:?}");
    let t = &ts[0];
    assert_eq!(t.kind, "performance_targets");
    assert_eq!(t.title.as_deref(), Some("项目支出绩效目标表"));
    assert_eq!(t.department.as_deref(), Some(DEPT), "from 预算单位");
    assert_eq!(t.department.as_deref(), Some(DEPT), "from 预算单位");
    assert_eq!(t.grid.header_rows, 9);
    assert_eq!(keys(t), ["level1", "level2", "indicator", "target"]);
    assert_eq!(t.records.len(), 5);
    let r = &t.records[1];
    assert_eq!(
        (val(r, "level1"), val(r, "level2")),
        (Some("产出指标"), Some("数量指标"))
    );
    assert_eq!(r.name.as_deref(), Some("开展企业实地调研活动"));
    assert_eq!(val(r, "target"), Some(">=1次"));
    assert_eq!(
        r.project,
        Some(Some("服务实体经济专项业务经费".to_string()))
    );
    let r = &t.records[2];
    assert_eq!(
        (val(r, "level1"), val(r, "level2")),
        (Some("产出指标"), Some("质量指标"))
    );
    let r = &t.records[4];
    assert_eq!(
        (val(r, "level1"), val(r, "level2")),
        (Some("效益指标"), Some("社会效益指标"))
    );
    assert!(!t.empty);
}

#[test]
fn shanghai_yuan_table_with_separators_and_dashes() {
    let t = table(&[
        &["项目@c4", "支出预算@c3"],
        &[
            "功能分类科目编码@c3",
            "功能分类科目名称@r2",
            "合计@r2",
            "基本支出@r2",
            "项目支出@r2",
        ],
        &["类", "款", "项"],
        &[
            "201",
            "",
            "",
            "一般公共服务支出",
            "2,932,700",
            "-",
            "2,932,700",
        ],
        &[
            "201",
            "06",
            "01",
            "行政运行",
            "16,231,840.80",
            "16,093,326.00",
            "—",
        ],
        &["204", "", "", "公共安全支出", "见附表", "", ""],
        &["合计@c4", "156,211,123", "99,706,020", "56,505,103"],
    ]);
    let (ts, w) = run(vec![
        p("2024年部门支出预算总表"),
        p(
            "编制部门：上海市普陀区人民政府万里街道办事处                                             单位：元",
        ),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "expenditure");
    assert_eq!(t.title.as_deref(), Some("2024年部门支出预算总表"));
    assert_eq!(t.unit.as_deref(), Some("元"));
    assert_eq!(
        t.department.as_deref(),
        Some("上海市普陀区人民政府万里街道办事处")
    );
    assert_eq!(keys(t), ["total", "basic", "project"]);
    let r = &t.records[0];
    assert_eq!(
        (val(r, "total"), val(r, "basic")),
        (Some("2932700"), Some("0"))
    );
    let r = &t.records[1];
    assert_eq!(
        (r.code.as_deref(), val(r, "total"), val(r, "project")),
        (Some("2010601"), Some("16231840.80"), Some("0"))
    );
    // non-numeric text in an amount cell: null and a warning
    assert_eq!(t.records[2].values.get("total"), Some(&None));
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "table.non_numeric_amount");
    assert_eq!(w[0].at.as_deref(), Some("t1 row 5 col 4"));
    // the grid keeps the printed dash
    assert!(t.grid.cells.iter().any(|c| c.text == "-"));
    assert_eq!(val(&t.records[3], "total"), Some("156211123"));
}

#[test]
fn final_account_carryover_header() {
    let t = table(&[
        &[
            "项目@c2",
            "年初结转和结余@r2",
            "本年收入@r2",
            "本年支出@c3",
            "年末结转和结余@r2",
        ],
        &[
            "支出功能分类科目编码",
            "科目名称",
            "合计",
            "基本支出",
            "项目支出",
        ],
        &[
            "2120801",
            "征地和拆迁补偿支出",
            "1.00",
            "2.00",
            "3.00",
            "1.00",
            "2.00",
            "0.00",
        ],
        &["", "合计", "1.00", "2.00", "3.00", "1.00", "2.00", "0.00"],
    ]);
    let (ts, _) = run(vec![
        p("政府性基金预算财政拨款收入支出决算表"),
        p("单位：万元"),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "gov_fund_expenditure");
    assert_eq!(t.number, None);
    assert_eq!(t.grid.header_rows, 2);
    assert_eq!(
        keys(t),
        [
            "carryover_start",
            "income",
            "expenditure",
            "basic",
            "project",
            "carryover_end"
        ]
    );
    assert_eq!(t.columns[2].header, ["本年支出", "合计"]);
    let r = &t.records[0];
    assert_eq!((r.code.as_deref(), r.level), (Some("2120801"), Some(3)));
    assert_eq!(val(r, "expenditure"), Some("3.00"));
    assert!(t.records[1].total);
}

#[test]
fn final_account_summary_and_three_public_budget_vs_actual() {
    let s = table(&[
        &["收入@c2", "支出@c2"],
        &["项目", "决算数", "项目", "决算数"],
        &[
            "一、一般公共预算财政拨款收入",
            "2,940.05",
            "一、一般公共服务支出",
            "2,106.66",
        ],
        &["四、上级补助收入", "", "二、外交支出", ""],
        &["本年收入合计", "2,946.25", "本年支出合计", "2,940.05"],
        &["年初结转和结余", "49.14", "年末结转和结余", "55.34"],
        &["总计", "2,995.39", "总计", "2,995.39"],
    ]);
    let tp = table(&[
        &["财政拨款“三公”经费@c6"],
        &["合计@c2", "因公出国（境）费@c2", "公务接待费@c2"],
        &["预算数", "决算数", "预算数", "决算数", "预算数", "决算数"],
        &["0.95", "0.90", "", "", "0.95", "0.90"],
    ]);
    let (ts, _) = run(vec![
        p("上海市普陀区财政局2024年度部门决算表"),
        p("收入支出决算总表"),
        p("单位：万元"),
        Block::Table(s),
        p("注：本表反映部门本年度的总收支和年末结转结余情况。"),
        p("财政拨款“三公”经费支出决算表"),
        p("单位：万元"),
        Block::Table(tp),
    ]);
    let s = &ts[0];
    assert_eq!(s.kind, "revenue_expenditure_summary");
    assert_eq!(
        s.note.as_deref(),
        Some("注：本表反映部门本年度的总收支和年末结转结余情况。")
    );
    assert_eq!(keys(s), ["amount", "amount"]);
    let rev: Vec<&str> = s
        .records
        .iter()
        .filter(|r| r.side.map(Side::as_str) == Some("revenue"))
        .filter_map(|r| r.name.as_deref())
        .collect();
    assert_eq!(
        rev,
        [
            "一、一般公共预算财政拨款收入",
            "四、上级补助收入",
            "本年收入合计",
            "年初结转和结余",
            "总计"
        ]
    );
    assert_eq!(s.records.iter().filter(|r| r.total).count(), 4);
    let tp = &ts[1];
    assert_eq!(tp.kind, "three_public");
    assert_eq!(tp.title.as_deref(), Some("财政拨款“三公”经费支出决算表"));
    // 决算数 carries the key; the printed 预算数 beside it its budget key (catalog BUDGET_KEYS)
    assert_eq!(
        keys(tp),
        [
            "budget_total",
            "total",
            "budget_outbound",
            "outbound",
            "budget_reception",
            "reception"
        ]
    );
    assert_eq!(val(&tp.records[0], "total"), Some("0.90"));
    assert_eq!(val(&tp.records[0], "budget_total"), Some("0.95"));
}

#[test]
fn side_by_side_blocks_of_basic_final_account() {
    let t = table(&[
        &[
            "经济分类科目编码",
            "科目名称",
            "决算数",
            "经济分类科目编码",
            "科目名称",
            "决算数",
        ],
        &[
            "301",
            "工资福利支出",
            "2,082.85",
            "302",
            "商品和服务支出",
            "171.07",
        ],
        &["30101", "基本工资", "262.33", "30201", "办公费", "21.21"],
        &["人员经费合计@c2", "2,152.26", "公用经费合计@c2", "184.65"],
    ]);
    let (ts, _) = run(vec![
        p("一般公共预算财政拨款基本支出决算表"),
        p("单位：万元"),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "general_budget_basic_expenditure");
    assert_eq!(keys(t), ["amount", "amount"]);
    type Row<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, bool);
    let got: Vec<Row> = t
        .records
        .iter()
        .map(|r| {
            (
                r.code.as_deref(),
                r.name.as_deref(),
                val(r, "amount"),
                r.total,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("301"), Some("工资福利支出"), Some("2082.85"), false),
            (Some("30101"), Some("基本工资"), Some("262.33"), false),
            (None, Some("人员经费合计"), Some("2152.26"), true),
            (Some("302"), Some("商品和服务支出"), Some("171.07"), false),
            (Some("30201"), Some("办公费"), Some("21.21"), false),
            (None, Some("公用经费合计"), Some("184.65"), true),
        ]
    );
}

#[test]
fn untitled_table_repeating_a_header_and_unknown_titles() {
    let header: &[&[&str]] = &[&["项目", "预算数"], &["办公费", "1.00"]];
    let (ts, w) = run(vec![
        p("2025年部门收入预算总表"),
        Block::Table(table(header)),
        Block::Table(table(header)),
        p("2025年部门政府购买服务预算表"),
        Block::Table(table(header)),
    ]);
    assert_eq!(ts.len(), 3);
    assert_eq!(ts[0].kind, "revenue");
    assert_eq!(
        (
            ts[1].kind.as_str(),
            ts[1].title.as_deref(),
            ts[1].id.as_str()
        ),
        ("revenue", None, "t2")
    );
    assert_eq!(ts[2].kind, "unknown");
    assert_eq!(ts[2].title.as_deref(), Some("2025年部门政府购买服务预算表"));
    assert!(
        w.iter()
            .any(|w| w.code == "table.unknown_title" && w.at.as_deref() == Some("t3"))
    );
    assert_eq!(keys(&ts[2]), ["amount"]);
}

#[test]
fn ragged_and_degenerate_grids_do_not_panic() {
    let t = Table {
        rows: 3,
        cols: 2,
        cells: vec![
            Cell {
                row: 0,
                col: 0,
                rowspan: 5,
                colspan: 9,
                text: "合计".into(),
            },
            Cell {
                row: 2,
                col: 1,
                rowspan: 1,
                colspan: 1,
                text: "x".into(),
            },
        ],
        pages: vec![1, 2],
    };
    let (ts, _) = run(vec![Block::Table(t), Block::Table(Table::default())]);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].pages, [1, 2]);
    assert!(ts[1].records.is_empty() && ts[1].empty);
}

#[test]
fn joined_tables_split_at_an_inner_title_row() {
    let t = table(&[
        &["项目", "预算数"],
        &["一般公共预算", "255.68"],
        &["收入总计", "255.68"],
        &["表5\n一般公共预算支出情况表@c2"],
        &["编制部门：某局", "单位：万元"],
        &["科目名称", "合计"],
        &["一般公共服务支出", "202.74"],
    ]);
    let (ts, w) = run(vec![
        p("表4"),
        p("财政拨款收支预算总体情况表"),
        Block::Table(t),
    ]);
    assert_eq!(ts.len(), 2);
    assert_eq!(ts[0].number.as_deref(), Some("表4"));
    assert_eq!(ts[0].grid.rows, 3);
    assert_eq!(ts[1].id, "t2");
    assert_eq!(ts[1].number.as_deref(), Some("表5"));
    assert_eq!(ts[1].kind, "general_budget_expenditure");
    assert_eq!(ts[1].department.as_deref(), Some("某局"));
    assert_eq!(ts[1].grid.header_rows, 3);
    assert_eq!(val(&ts[1].records[0], "total"), Some("202.74"));
    assert!(
        w.iter()
            .any(|w| w.code == "table.split" && w.at.as_deref() == Some("t2"))
    );
}

#[test]
fn blank_spacer_row_inside_a_header() {
    let t = table(&[
        &["财政拨款“三公”经费@c4"],
        &["合计@c2", "公务接待费@c2"],
        &["", "", "", ""],
        &["预算数", "决算数", "预算数", "决算数"],
        &["", "", "", ""],
        &["0.95", "0.90", "0.95", "0.90"],
    ]);
    let (ts, w) = run(vec![p("财政拨款“三公”经费支出决算表"), Block::Table(t)]);
    assert!(w.is_empty(), "{w:?}");
    let t = &ts[0];
    assert_eq!(t.grid.header_rows, 4);
    assert_eq!(
        keys(t),
        ["budget_total", "total", "budget_reception", "reception"]
    );
    assert_eq!(t.records.len(), 1);
    assert_eq!(val(&t.records[0], "total"), Some("0.90"));
}

#[test]
fn header_cells_spanning_several_grid_columns() {
    // a joined/redrawn grid: headers span two grid columns, data sits in either
    let t = table(&[
        &["科目名称@c2", "合计@c2", "基本支出@c2"],
        &["", "一般公共服务支出", "", "202.74", "152.74", ""],
        &["住房保障支出", "", "17.64", "", "", "17.64"],
    ]);
    let (ts, w) = run(vec![p("一般公共预算支出情况表"), Block::Table(t)]);
    assert!(w.is_empty(), "{w:?}");
    let t = &ts[0];
    assert_eq!(keys(t), ["total", "basic"]);
    assert_eq!((t.columns[0].col, t.columns[1].col), (2, 4));
    let got: Vec<(Option<&str>, Option<&str>, Option<&str>)> = t
        .records
        .iter()
        .map(|r| (r.name.as_deref(), val(r, "total"), val(r, "basic")))
        .collect();
    assert_eq!(
        got,
        [
            (Some("一般公共服务支出"), Some("202.74"), Some("152.74")),
            (Some("住房保障支出"), Some("17.64"), Some("17.64")),
        ]
    );
}

#[test]
fn note_announcing_a_second_note_is_kept_whole() {
    // 社会工作部2024决算 p15: 注 / an announcing line ending in `：` / 说明.
    let t = table(&[
        &[
            "项目@c2",
            "年初结转和\n结余@r2",
            "本年收入@r2",
            "本年支出@c3",
            "年末结转和\n结余@r2",
        ],
        &["功能分类\n科目编码", "科目名称"],
        &["合计@c2", "", "", "合计", "基本支出", "项目支出", ""],
        &["", "", "", "", "", "", "", ""],
    ]);
    let (ts, _) = run(vec![
        p("政府性基金预算财政拨款收入支出决算表"),
        p("单位：万元"),
        Block::Table(t),
        p("注：本表反映部门本年度政府性基金预算财政拨款收入支出及结转和结余情况。"),
        p("无政府性基金预算财政拨款收入支出的，仍保留该表格式，并在本表下方作下述说明："),
        p("说明：本部门本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"),
        p("下一段正文："),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "gov_fund_expenditure");
    let note = t.note.as_deref().unwrap_or("");
    assert_eq!(note.lines().count(), 3, "{note}");
    assert!(note.ends_with("故本表无数据。"));
    // the 合计 under the code header labels rows; it is not a value column
    assert!(t.columns.iter().all(|c| c.col >= 2), "{:?}", t.columns);
}

#[test]
fn row_labels_without_a_name_header_become_names() {
    // hzq2023_working.pdf p3 (政府信息公开 申请情况): the label columns sit under a
    // note-like header cell, labels nest over three grid columns.
    let t = table(&[
        &[
            "（本列数据的勾稽关系为：…）@c3r2",
            "自然人@r2",
            "法人或其他组织@c2",
            "总计@r2",
        ],
        &["商业企业", "其他"],
        &["一、本年新收政府信息公开申请数量@c3", "21", "0", "0", "21"],
        &[
            "三、本年度办理结果@r3",
            "（一）予以公开@c2",
            "0",
            "0",
            "0",
            "0",
        ],
        &["（三）不予公开@r2", "1.属于国家秘密", "1", "0", "0", "1"],
        &["2.其他法律行政止公开", "0", "0", "0", "0"],
    ]);
    let (ts, _) = run(vec![
        p("三、收到和处理政府信息公开申请情况"),
        Block::Table(t),
    ]);
    let t = &ts[0];
    assert_eq!(t.kind, "unknown");
    let names: Vec<Option<&str>> = t.records.iter().map(|r| r.name.as_deref()).collect();
    assert_eq!(
        names,
        vec![
            Some("一、本年新收政府信息公开申请数量"),
            Some("（一）予以公开"),
            Some("1.属于国家秘密"),
            Some("2.其他法律行政止公开"),
        ]
    );
    assert_eq!(t.columns.len(), 4, "{:?}", t.columns);
    assert_eq!(t.records[2].values.0[0].1.as_deref(), Some("1"));
}

// ---- the stages of `recognize_table`, one by one ----

#[test]
fn stage_title_and_context_title_rows_win_and_notes_are_gathered() {
    let t = table(&[
        &["表2@c3"],
        &["部门收入总体情况表@c3"],
        &["项目", "合计", "财政拨款"],
        &["合计", "3.00", "3.00"],
        &["注：本表无政府性基金。@c3"],
    ]);
    let g = G::new(&t);
    let outer = Context {
        number: Some("表9".into()),
        unit: Some("万元".into()),
        ..Default::default()
    };
    let mut w = Vec::new();
    let tc = title_and_context(&g, outer, vec!["注：前注".into()], "t1", &mut w);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(tc.top, 2);
    // the table's own 表2 wins, what it lacks comes from the paragraphs before
    assert_eq!(tc.ctx.number.as_deref(), Some("表2"));
    assert_eq!(tc.ctx.unit.as_deref(), Some("万元"));
    assert_eq!(tc.kind, Some(TableKind::from("revenue")));
    assert_eq!(tc.note_rows, [4]);
    assert_eq!(tc.notes, ["注：前注", "注：本表无政府性基金。"]);
}

#[test]
fn stage_title_and_context_warns_on_an_unknown_title() {
    let t = table(&[&["某某情况一览表@c2"], &["项目", "金额"], &["合计", "1"]]);
    let g = G::new(&t);
    let mut w = Vec::new();
    let tc = title_and_context(&g, Context::default(), Vec::new(), "t3", &mut w);
    assert_eq!(tc.kind, None);
    assert_eq!(tc.top, 1);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "table.unknown_title");
    assert_eq!(w[0].at.as_deref(), Some("t3"));
}

#[test]
fn stage_header_end_stops_at_data_and_crosses_spacer_rows() {
    let t = table(&[
        &["合计@c2", "公务接待费@c2"],
        &["", "", "", ""],
        &["预算数", "决算数", "预算数", "决算数"],
        &["0.95", "0.90", "0.95", "0.90"],
    ]);
    let g = G::new(&t);
    assert_eq!(header_end(&g, 0, &[]), 3);
    // a spacer followed by data is not crossed
    let t = table(&[&["项目", "金额"], &["", ""], &["合计", "1.00"]]);
    assert_eq!(header_end(&G::new(&t), 0, &[]), 1);
    // a note row ends the header
    let t = table(&[&["项目", "金额"], &["注：无@c2"]]);
    assert_eq!(header_end(&G::new(&t), 0, &[1]), 1);
}

#[test]
fn stage_inherited_kind_only_for_untitled_tables_with_the_same_header() {
    let sig: Signature = vec![vec!["项目".into()], vec!["金额".into()]];
    let untitled = TitleContext {
        top: 0,
        ctx: Context::default(),
        note_rows: vec![],
        notes: vec![],
        kind: None,
    };
    let prev = (sig.clone(), TableKind::from("revenue"));
    assert_eq!(
        inherited_kind(&untitled, &sig, Some(&prev)),
        Some(TableKind::from("revenue"))
    );
    let other: Signature = vec![vec!["科目".into()]];
    assert_eq!(inherited_kind(&untitled, &other, Some(&prev)), None);
    let unknown = (sig.clone(), TableKind::Unknown);
    assert_eq!(inherited_kind(&untitled, &sig, Some(&unknown)), None);
    let titled = TitleContext {
        ctx: Context {
            title: Some("某表".into()),
            ..Default::default()
        },
        ..untitled
    };
    assert_eq!(inherited_kind(&titled, &sig, Some(&prev)), None);
}

#[test]
fn stage_column_heads_and_parts_of_a_two_sided_table() {
    let t = table(&[
        &["收入@c2", "支出@c2"],
        &["项目", "预算数", "项目", "预算数"],
        &["一般公共预算拨款", "5.00", "一般公共服务支出", "5.00"],
    ]);
    let g = G::new(&t);
    let mut w = Vec::new();
    let (heads, split) = column_heads(
        &g,
        0,
        2,
        "revenue_expenditure_summary".into(),
        &[2],
        "t1",
        &mut w,
    );
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(split, Some(2));
    let roles: Vec<Role> = heads.iter().map(|h| h.role).collect();
    assert_eq!(roles, [Role::Name, Role::Value, Role::Name, Role::Value]);
    // the side headers are printed but not matched
    assert_eq!(heads[1].printed, ["收入", "预算数"]);
    assert_eq!(heads[1].matching, ["预算数"]);
    let ps = parts(&heads, split, t.cols);
    let spans: Vec<(Option<&str>, usize, usize)> = ps
        .iter()
        .map(|p| (p.side.map(Side::as_str), p.from, p.to))
        .collect();
    assert_eq!(
        spans,
        [(Some("revenue"), 0, 2), (Some("expenditure"), 2, 4)]
    );
}

#[test]
fn stage_column_heads_warns_when_two_sides_are_not_found() {
    let t = table(&[&["项目", "预算数"], &["合计", "5.00"]]);
    let g = G::new(&t);
    let mut w = Vec::new();
    let (_, split) = column_heads(&g, 0, 1, "fiscal_summary".into(), &[1], "t2", &mut w);
    assert_eq!(split, None);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "table.sides_not_found");
}

#[test]
fn stage_parts_name_groups_only_when_every_block_has_its_own() {
    let t = table(&[
        &["功能分类@c2", "支出用途@c2"],
        &["项目", "金额", "项目", "金额"],
        &["一般公共服务支出", "1.00", "工资福利支出", "1.00"],
    ]);
    let g = G::new(&t);
    let mut w = Vec::new();
    let (heads, split) = column_heads(&g, 0, 2, "unknown".into(), &[2], "t1", &mut w);
    let ps = parts(&heads, split, t.cols);
    let groups: Vec<(usize, usize, Option<&str>)> = ps
        .iter()
        .map(|p| (p.from, p.to, p.group.as_deref()))
        .collect();
    assert_eq!(groups, [(0, 2, Some("功能分类")), (2, 4, Some("支出用途"))]);
    // two blocks without group headers: blocks, no groups
    let t = table(&[
        &["项目", "金额", "项目", "金额"],
        &["工资福利支出", "1.00", "办公费", "1.00"],
    ]);
    let g = G::new(&t);
    let (heads, split) = column_heads(&g, 0, 1, "unknown".into(), &[1], "t1", &mut w);
    let ps = parts(&heads, split, t.cols);
    assert_eq!(ps.len(), 2);
    assert!(ps.iter().all(|p| p.group.is_none()));
}

#[test]
fn stage_column_keys_key_once_per_part_and_list_columns() {
    let t = table(&[
        &["项目", "合计", "合计", "备注"],
        &["合计", "1.00", "1.00", "说明"],
    ]);
    let g = G::new(&t);
    let mut w = Vec::new();
    let (heads, split) = column_heads(&g, 0, 1, "revenue".into(), &[1], "t1", &mut w);
    let ps = parts(&heads, split, t.cols);
    let mut columns = Vec::new();
    let sc = column_keys(&heads, &ps, "revenue", &mut columns);
    let ks: Vec<&str> = columns.iter().map(|c| c.key.as_str()).collect();
    // the second 合计 cannot reuse `total`; 备注 (text only) is no value column
    assert_eq!(ks, ["total", "c2"]);
    assert_eq!(sc.len(), 1);
    assert_eq!(sc[0].name, Some((0, 1)));
    assert_eq!(sc[0].labels, [0, 3]);
}

#[test]
fn stage_rows_to_records_values_totals_and_non_numeric_cells() {
    let t = table(&[
        &["科目编码", "科目名称", "合计"],
        &["201", "一般公共服务支出", "3.00"],
        &["", "", ""],
        &["", "合计", "另附"],
    ]);
    let g = G::new(&t);
    let mut w = Vec::new();
    let (heads, split) = column_heads(&g, 0, 1, "expenditure".into(), &[1, 3], "t1", &mut w);
    let ps = parts(&heads, split, t.cols);
    let mut columns = Vec::new();
    let sc = column_keys(&heads, &ps, "expenditure", &mut columns);
    let recs = rows_to_records(&g, &sc, &[1, 3], "expenditure", "t1", "支出表", &mut w);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0].code.as_deref(), Some("201"));
    assert_eq!(recs[0].level, Some(1));
    assert_eq!(val(&recs[0], "total"), Some("3.00"));
    assert!(recs[1].total);
    assert_eq!(val(&recs[1], "total"), None);
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].code, "table.non_numeric_amount");
    assert!(
        w[0].message.starts_with("支出表: text '另附'"),
        "{}",
        w[0].message
    );
    assert_eq!(w[0].at.as_deref(), Some("t1 row 3 col 2"));
}

#[test]
fn stage_fill_down_project_from_a_merged_cell_but_not_a_total() {
    let t = table(&[
        &["项目名称", "金额"],
        &["专项经费@r2", "1.00"],
        &["2.00"],
        &["合计@c2"],
    ]);
    let g = G::new(&t);
    assert_eq!(
        fill_down_project(&g, 1, Some((0, 1))).as_deref(),
        Some("专项经费")
    );
    assert_eq!(
        fill_down_project(&g, 2, Some((0, 1))).as_deref(),
        Some("专项经费")
    );
    assert_eq!(fill_down_project(&g, 3, Some((0, 1))), None);
    assert_eq!(fill_down_project(&g, 1, None), None);
    // a 合计 merged from the left over the project column is no project
    let t = table(&[&["科目", "项目名称", "金额"], &["小计@c2", "1.00"]]);
    assert_eq!(fill_down_project(&G::new(&t), 1, Some((1, 2))), None);
}
