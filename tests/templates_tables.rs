//! Issue 15, table half: one regression test per failure class seen on the
//! disclosures from outside Shanghai (Jiangsu provincial departments, a
//! Chongqing university). Each class is tested on a small grid written the way
//! the real file prints it (so the rule, not the file, is tested), and where the
//! class is about the PDF reader, on the real file in `../shared/real-other`
//! (`GONGKAI_REAL_OTHER_DIR` overrides; skipped with a message when absent).

use gongkai::layout::{Block, Cell, Layout, Paragraph, Table};
use gongkai::model::{Record, Side, TableOut};
use gongkai::recognize::tables;
use std::path::PathBuf;

mod support;

/// A grid from rows of cell specs: `text`, `text|c2` (colspan 2), `text|r3`
/// (rowspan 3), `text|c2r2`; `~` marks a slot covered by a span (no cell).
fn grid(rows: &[&[&str]]) -> Table {
    let cols = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut cells = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, spec) in row.iter().enumerate() {
            if *spec == "~" {
                continue;
            }
            let (text, span) = spec.split_once('|').unwrap_or((spec, ""));
            let num = |tag: char| {
                span.find(tag)
                    .map(|i| {
                        span[i + 1..]
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect::<String>()
                            .parse()
                            .unwrap_or(1)
                    })
                    .unwrap_or(1)
            };
            cells.push(Cell {
                row: r,
                col: c,
                rowspan: num('r'),
                colspan: num('c'),
                text: text.replace("\\n", "\n"),
            });
        }
    }
    Table {
        rows: rows.len(),
        cols,
        cells,
        pages: vec![1],
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(Paragraph {
        text: text.into(),
        heading: None,
        page: Some(1),
    })
}

fn run(blocks: Vec<Block>) -> Vec<TableOut> {
    let layout = Layout {
        blocks,
        ..Layout::default()
    };
    tables::recognize(&layout).0
}

fn one(title: &[&str], rows: &[&[&str]]) -> TableOut {
    let mut blocks: Vec<Block> = title.iter().map(|t| para(t)).collect();
    blocks.push(Block::Table(grid(rows)));
    run(blocks).remove(0)
}

fn keys(t: &TableOut) -> Vec<&str> {
    t.columns.iter().map(|c| c.key.as_str()).collect()
}

fn val<'a>(r: &'a Record, k: &str) -> Option<&'a str> {
    r.values.get(k).and_then(|v| v.as_deref())
}

fn named<'a>(t: &'a TableOut, name: &str) -> Vec<&'a Record> {
    t.records
        .iter()
        .filter(|r| r.name.as_deref() == Some(name))
        .collect()
}

#[test]
fn titles_with_qualifiers_numbers_and_body_names_get_their_kind() {
    // 江苏省高级人民法院2019 p10–13: `公开 07 表` on its own line, the title
    // ending in （功能科目）, the 部门名称 line wrapped before the unit.
    let rows: &[&[&str]] = &[
        &["功能科目编码", "功能科目名称", "金 额"],
        &["合计|c2", "~", "37,188.34"],
        &["204", "公共安全支出", "27,488.23"],
    ];
    let t = one(
        &[
            "公开 07 表",
            "一般公共预算支出预算表（功能科目）",
            "部门名称：江苏省高级人民法\n院                 单位：万元",
        ],
        rows,
    );
    assert_eq!(t.kind.as_str(), "general_budget_expenditure");
    assert_eq!(t.number.as_deref(), Some("公开07表"));
    assert_eq!(
        t.title.as_deref(),
        Some("一般公共预算支出预算表（功能科目）")
    );
    assert_eq!(t.department.as_deref(), Some("江苏省高级人民法院"));
    assert_eq!(t.unit.as_deref(), Some("万元"));
    for (title, kind) in [
        (
            "财政拨款基本支出预算表（经济科目）",
            "fiscal_basic_expenditure",
        ),
        ("西南大学收支预算总表", "revenue_expenditure_summary"),
        ("西南大学财政拨款支出预算表", "fiscal_expenditure"),
        ("表 1：高等学校收支决算总表", "revenue_expenditure_summary"),
        (
            "四、2017年度江苏省高级人民法院部门财政拨款收支预算总表",
            "fiscal_summary",
        ),
        ("公开 01 表：收支预算总表", "revenue_expenditure_summary"),
    ] {
        let t = one(&[title, "单位：万元"], rows);
        assert_eq!(t.kind.as_str(), kind, "{title}");
    }
    // a title printed inside the frame: the first row of the grid
    let t = run(vec![Block::Table(grid(&[
        &["十、一般公共预算机关运行经费支出预算表|c3", "~", "~"],
        &["科目编码", "科目名称", "机关运行经费支出"],
        &["", "合计", "6,032.55"],
        &["302", "商品和服务支出", "5,890.55"],
    ]))])
    .remove(0);
    assert_eq!(t.kind.as_str(), "operating_expenses");
    assert_eq!(keys(&t), ["operating_expenses"]);
    assert_eq!(
        val(named(&t, "商品和服务支出")[0], "operating_expenses"),
        Some("5890.55")
    );
}

#[test]
fn three_group_summary_has_sides_groups_and_revenue_names() {
    // 江苏省人民检察院2017 p10: 收入 | 支出（功能分类） | 支出（支出用途）.
    let t = one(
        &["一、收支预算总表", "部门：江苏省人民检察院     单位：万元"],
        &[
            &["收入|c2", "~", "支出|c4", "~", "~", "~"],
            &[
                "项目名称|r2",
                "金额|r2",
                "功能分类|c2",
                "~",
                "支出用途|c2",
                "~",
            ],
            &["~", "~", "功能科目名称", "金额", "项目名称", "金额"],
            &[
                "一、财政拨款",
                "17,981.68",
                "一、一般公共服务支出",
                "",
                "一、基本支出",
                "12,323.48",
            ],
            &[
                "三、其他资金",
                "15.00",
                "四、公共安全支出",
                "13,656.34",
                "二、项目支出",
                "5,533.00",
            ],
            &[
                "收入合计",
                "17,996.68",
                "支出合计|c3",
                "~",
                "~",
                "17,996.68",
            ],
        ],
    );
    assert_eq!(t.kind.as_str(), "revenue_expenditure_summary");
    assert_eq!(keys(&t), ["amount", "amount", "amount"]);
    let sides: Vec<Option<&str>> = t.columns.iter().map(|c| c.side.map(Side::as_str)).collect();
    assert_eq!(
        sides,
        [Some("revenue"), Some("expenditure"), Some("expenditure")]
    );
    let r = &named(&t, "一、财政拨款")[0];
    assert_eq!(r.side.map(Side::as_str), Some("revenue"));
    assert_eq!(val(r, "amount"), Some("17981.68"));
    let r = &named(&t, "四、公共安全支出")[0];
    assert_eq!(
        (r.side.map(Side::as_str), r.group.as_deref()),
        (Some("expenditure"), Some("功能分类"))
    );
    assert_eq!(val(r, "amount"), Some("13656.34"));
    let r = &named(&t, "二、项目支出")[0];
    assert_eq!(r.group.as_deref(), Some("支出用途"));
    assert_eq!(val(r, "amount"), Some("5533.00"));
    // 支出合计 spans both groups; its amount sits in the 支出用途 group
    let tot = named(&t, "支出合计");
    assert_eq!(tot.len(), 2);
    assert!(tot.iter().all(|r| r.total));
    assert_eq!(val(tot[1], "amount"), Some("17996.68"));
}

#[test]
fn final_account_summary_with_a_column_number_row() {
    // 西南大学2024年度部门决算 p8: 项目 | 决算数, then 栏次 | 1 | 栏次 | 2.
    let t = one(
        &[
            "表 1：高等学校收支决算总表",
            "单位名称：西南大学     单位：万元",
        ],
        &[
            &["收入|c2", "~", "支出|c2", "~"],
            &["项目", "决算数", "项目(按功能分类)", "决算数"],
            &["栏次", "1", "栏次", "2"],
            &[
                "一、财政拨款收入",
                "279,818.00",
                "五、教育支出",
                "448,061.80",
            ],
            &["三、事业收入", "144,017.87", "六、科学技术支出", "1,989.00"],
        ],
    );
    assert_eq!(t.kind.as_str(), "revenue_expenditure_summary");
    assert_eq!(t.grid.header_rows, 3);
    assert_eq!(keys(&t), ["amount", "amount"]);
    let r = &named(&t, "三、事业收入")[0];
    assert_eq!(
        (r.side.map(Side::as_str), val(r, "amount")),
        (Some("revenue"), Some("144017.87"))
    );
    let r = &named(&t, "五、教育支出")[0];
    assert_eq!(
        (r.side.map(Side::as_str), val(r, "amount")),
        (Some("expenditure"), Some("448061.80"))
    );
}

#[test]
fn code_columns_named_daima_are_codes_not_amounts() {
    // 西南大学2023 p10 (科目代码) and 江苏省人民检察院2018 p15 (功能科目代码).
    for code_header in ["科目代码", "功能科目代码", "代码"] {
        let t = one(
            &["西南大学财政拨款支出预算表", "单位：万元"],
            &[
                &[
                    code_header,
                    "科目名称",
                    "财政拨款支出",
                    "基本支出",
                    "项目支出",
                ],
                &["205", "教育支出", "208,613.34", "177,215.79", "31,397.55"],
                &["2050202", "小学教育", "8,201.15", "7,646.15", "555.00"],
            ],
        );
        assert_eq!(keys(&t), ["total", "basic", "project"], "{code_header}");
        let r = &named(&t, "小学教育")[0];
        assert_eq!((r.code.as_deref(), r.level), (Some("2050202"), Some(3)));
        assert_eq!(val(r, "total"), Some("8201.15"));
        assert_eq!(val(r, "project"), Some("555.00"));
    }
}

#[test]
fn group_labels_in_merged_cells_name_the_records_group() {
    // 江苏省人民检察院2018 p14 收入预算总表: 一般公共预算资金 merged over three rows.
    let t = one(
        &["公开 02 表：收入预算总表", "单位：万元"],
        &[
            &["项目名称", "", "金额"],
            &["收入总计|c2", "~", "21,955.35"],
            &["一般公共预算资金|r3", "小计", "21,940.96"],
            &["~", "公共财政拨款(补助)资金", "21,940.96"],
            &["~", "专项收入", ""],
            &["其他资金|r2", "小计", "14.39"],
            &["~", "其他收入", "14.39"],
        ],
    );
    assert_eq!(t.kind.as_str(), "revenue");
    assert_eq!(keys(&t), ["amount"]);
    let subs = named(&t, "小计");
    let groups: Vec<Option<&str>> = subs.iter().map(|r| r.group.as_deref()).collect();
    assert_eq!(groups, [Some("一般公共预算资金"), Some("其他资金")]);
    assert_eq!(val(subs[0], "amount"), Some("21940.96"));
    let r = &named(&t, "专项收入")[0];
    assert_eq!(r.group.as_deref(), Some("一般公共预算资金"));
    let r = &named(&t, "收入总计")[0];
    assert_eq!(r.group, None);
    assert!(r.total);
}

#[test]
fn new_kinds_have_their_column_keys() {
    // "三公"经费、会议费、培训费 (江苏 公开09表)
    let t = one(
        &["“三公”经费、会议费、培训费支出预算表", "单位：万元"],
        &[
            &[
                "合计|r3",
                "“三公”经费|c6",
                "~",
                "~",
                "~",
                "~",
                "~",
                "会议费|r3",
                "培训费|r3",
            ],
            &[
                "~",
                "小计|r2",
                "因公出国（境）费|r2",
                "公务用车购置及运行维护费|c3",
                "~",
                "~",
                "公务接待费|r2",
                "~",
                "~",
            ],
            &[
                "~",
                "~",
                "~",
                "小计",
                "公务用车购置费",
                "公务用车运行维护费",
                "~",
                "~",
                "~",
            ],
            &[
                "2,382.02", "513.75", "160.00", "266.80", "", "266.80", "86.95", "271.02",
                "1,597.25",
            ],
        ],
    );
    assert_eq!(t.kind.as_str(), "three_public_meeting_training");
    assert_eq!(
        keys(&t),
        [
            "total",
            "three_public_total",
            "outbound",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "reception",
            "meeting",
            "training"
        ]
    );
    assert_eq!(val(&t.records[0], "training"), Some("1597.25"));
    // 政府采购: the label columns form one block; 总计 is the total
    let t = one(
        &["十二、政府采购支出预算表", "单位：万元"],
        &[
            &[
                "采购品目大类",
                "专项名称",
                "经济科目",
                "采购物品名称",
                "采购组织形式",
                "总计",
            ],
            &["合计", "", "", "", "", "2,889.80"],
            &["一、货物A", "", "", "", "", "334.00"],
            &[
                "",
                "办公、办案设备更新购置费",
                "办公设备购置",
                "",
                "",
                "120.00",
            ],
            &[
                "|r2",
                "|r2",
                "|r2",
                "台式计算机（20万以上）",
                "政府集中采购",
                "35.00",
            ],
            &[
                "~",
                "~",
                "~",
                "便携式计算机（20万以上）",
                "政府集中采购",
                "45.00",
            ],
        ],
    );
    assert_eq!(t.kind.as_str(), "procurement");
    assert_eq!(keys(&t), ["total"]);
    let names: Vec<&str> = t.records.iter().filter_map(|r| r.name.as_deref()).collect();
    assert_eq!(
        names,
        [
            "合计",
            "一、货物A",
            "办公设备购置",
            "台式计算机（20万以上）",
            "便携式计算机（20万以上）"
        ]
    );
    assert_eq!(
        t.records[2].group.as_deref(),
        Some("办公、办案设备更新购置费")
    );
    assert_eq!(val(&t.records[4], "total"), Some("45.00"));
    // 支出预算总表 of the Jiangsu template: 单位预留机动经费, 结转下年资金
    let t = one(
        &["三、支出预算总表", "单位：万元"],
        &[
            &[
                "合计",
                "基本支出",
                "项目支出",
                "单位预留机动经费",
                "结转下年资金",
            ],
            &["17,996.68", "12,323.48", "5,533.00", "140.20", ""],
        ],
    );
    assert_eq!(
        keys(&t),
        ["total", "basic", "project", "reserve", "carryover_end"]
    );
    // the remaining new kinds are recognized by title
    for (title, kind) in [
        ("六、财政拨款基本支出预算表", "fiscal_basic_expenditure"),
        ("财政拨款政府性基金支出预算表", "gov_fund_expenditure"),
        ("部门（单位）基本情况表", "basic_info"),
    ] {
        let t = one(&[title], &[&["项目", "金额"], &["合计", "1.00"]]);
        assert_eq!(t.kind.as_str(), kind, "{title}");
    }
}

fn real_other() -> PathBuf {
    support::real::real_other_dir()
}

#[test]
fn word2007_cells_drawn_as_filled_rectangles_come_out_whole() {
    // 江苏省人民检察院2018 (Word 2007): the table borders are hundreds of thin
    // filled rectangles; p13 收支预算总表 wraps 1.一般公共预/算 inside its cell.
    let name = "江苏省_省级_江苏省人民检察院_2018_11.pdf";
    let path = real_other().join(name);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("skip: {} not found", path.display());
        return;
    };
    let doc = gongkai::extract(&bytes, name).expect("extracts");
    let t = doc
        .tables
        .iter()
        .find(|t| t.title.as_deref() == Some("收支预算总表"))
        .expect("收支预算总表");
    assert_eq!(t.pages, [13, 14]);
    assert_eq!((t.grid.rows, t.grid.cols), (26, 6));
    // the wrapped cell is one cell; its record name is whole
    assert!(t.grid.cells.iter().any(|c| c.text == "1.一般公共预\n算"));
    let r = t
        .records
        .iter()
        .find(|r| r.name.as_deref() == Some("1.一般公共预算"))
        .expect("1.一般公共预算");
    assert_eq!(val(r, "amount"), Some("21940.96"));
    // the row cut by the page break (十七、国土海洋气象等支/出) is one record
    assert!(
        t.records
            .iter()
            .any(|r| r.name.as_deref() == Some("十七、国土海洋气象等支出"))
    );
    // every table of the file has a kind
    let unknown: Vec<&str> = doc
        .tables
        .iter()
        .filter(|t| t.kind.as_str() == "unknown" && !t.columns.is_empty())
        .map(|t| t.id.as_str())
        .collect();
    assert!(unknown.is_empty(), "unknown kinds: {unknown:?}");
}
