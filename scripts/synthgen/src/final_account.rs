//! Family 3: the national final-account template (部门决算, 万元; titles and
//! header layouts of 附件2：部门决算模板, no 表N, no 编制部门 line).

use crate::Built;
use crate::build::*;
use crate::common::*;
use crate::model::*;
use crate::national::{Ctx, zero_of};
use crate::out::*;
use crate::rng::Rng;
use rust_decimal::Decimal;
use serde_json::{Map, json};

/// The 24 expenditure lines of the final-account summary tables: (code, name).
fn fa_classes() -> Vec<(Option<&'static str>, &'static str)> {
    let mut v: Vec<(Option<&'static str>, &'static str)> = CLASSES
        .iter()
        .filter(|(c, _)| !matches!(*c, "209" | "227" | "230" | "231" | "232" | "233" | "234"))
        .map(|(c, n)| (Some(*c), *n))
        .collect();
    v.push((None, "抗疫特别国债安排的支出"));
    v
}

pub fn build(m: &Model, rng: &mut Rng, v: Variation) -> Built {
    let fmt = Fmt {
        thousands: false,
        zero: zero_of(&v.zero),
        trailing_space: false,
    };
    let page = if v.landscape { 14700 } else { 9800 };
    let mut c = Ctx {
        m,
        fmt,
        v,
        blocks: Vec::new(),
        tables: Vec::new(),
        nb: NarrB::new(),
        rng,
        page,
    };
    let d = m.department.clone();
    let y = m.year;
    c.blocks.push(Block::Para {
        text: d.clone(),
        center: true,
        bold: true,
        size: 40,
    });
    c.blocks.push(Block::Para {
        text: format!("{y}年度部门决算"),
        center: true,
        bold: true,
        size: 40,
    });
    c.blocks.push(Block::PageBreak);
    c.nb.heading(&mut c.blocks, &format!("第一部分  {d}概况"));
    c.nb.heading(&mut c.blocks, "一、主要职能");
    let mut duty = String::new();
    for (k, t) in DUTIES.iter().take(4).enumerate() {
        duty.push_str(&format!("{}、{}。", CN_NUM[k], t));
    }
    c.nb.plain(&mut c.blocks, &duty);
    c.nb.heading(&mut c.blocks, "二、机构设置");
    let names = m.division_names.join("、");
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!("{d}下设{}个科室，分别是：{names}", m.divisions),
            vec![fig(None, "科室", &m.divisions.to_string(), "个")],
        )],
    );
    c.blocks.push(Block::PageBreak);
    c.nb.heading(&mut c.blocks, &format!("第二部分  {d}{y}年度部门决算表"));
    tables(&mut c);
    c.blocks.push(Block::PageBreak);
    narrative(&mut c);
    let mut profile = Map::new();
    profile.insert("divisions".into(), json!(m.divisions));
    profile.insert("division_names".into(), json!(m.division_names));
    Built {
        doc: Doc {
            blocks: c.blocks,
            landscape: c.v.landscape,
            font: c.v.font.clone(),
        },
        info: DocInfo {
            title: Some(format!("{d}{y}年度部门决算")),
            department: Some(d),
            year: Some(y),
            kind: "final_account".into(),
            scope: "department".into(),
        },
        profile,
        tables: c.tables,
        narrative: Narrative {
            figures: c.nb.figures,
            projects: Vec::new(),
        },
        variation: c.v,
    }
}

fn table(c: &Ctx, cols: usize, code_cols: usize, title: &str, kind: &str) -> TableB {
    let w = crate::national::widths(cols, code_cols, code_cols, c.v.narrow_amount_cells, c.page);
    TableB::new(
        cols,
        w,
        None,
        title,
        kind,
        "万元",
        None,
        "",
        c.v.title_inside_tables,
    )
}

/// Put amounts from column `from` on; returns the golden values.
fn amounts(
    t: &mut TableB,
    r: usize,
    from: usize,
    keys: &[&str],
    vals: &[Decimal],
    fmt: &Fmt,
    zero: Zero,
) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for (k, v) in vals.iter().enumerate() {
        let (p, g) = fmt.cell_z(*v, zero);
        t.put(r, from + k, &p);
        out.push((keys[k].to_string(), g));
    }
    out
}

fn tables(c: &mut Ctx) {
    let m = c.m;
    let fmt = c.fmt;
    let z = fmt.zero;
    let merged = c.v.total_row_merged;
    let cls = |code: Option<&str>, srcs: &[usize]| -> Decimal {
        match code {
            None => Decimal::ZERO,
            Some(code) => m
                .items
                .iter()
                .filter(|i| &i.code[..3] == code)
                .map(|i| srcs.iter().map(|s| i.source_total(*s)).sum::<Decimal>())
                .sum(),
        }
    };
    let all = [0usize, 1, 2, 3, 4, 5, 6];
    let classes = fa_classes();
    let carry = m.carry_start;
    let total = m.total();
    // 收入支出决算总表
    {
        let mut t = table(c, 4, 0, "收入支出决算总表", "revenue_expenditure_summary");
        t.grid.widths = vec![c.page * 3 / 10, c.page / 5, c.page * 3 / 10, c.page / 5];
        t.head(0, 0, "收入", 1, 2);
        t.head(0, 2, "支出", 1, 2);
        t.head(1, 0, "项目", 1, 1);
        t.head(1, 1, "决算数", 1, 1);
        t.head(1, 2, "项目", 1, 1);
        t.head(1, 3, "决算数", 1, 1);
        t.end_head(
            2,
            vec![
                col("amount", &["决算数"], Some("revenue"), 1),
                col("amount", &["决算数"], Some("expenditure"), 3),
            ],
        );
        let rev: Vec<(&str, Decimal)> = vec![
            ("一、一般公共预算财政拨款收入", m.source_total(GB)),
            ("二、政府性基金预算财政拨款收入", m.source_total(GF)),
            ("三、国有资本经营预算财政拨款收入", m.source_total(SC)),
            ("四、上级补助收入", Decimal::ZERO),
            ("五、事业收入", m.source_total(4)),
            ("六、经营收入", m.source_total(5)),
            ("七、附属单位上缴收入", Decimal::ZERO),
            ("八、其他收入", m.source_total(3) + m.source_total(6)),
        ];
        for (k, (code, name)) in classes.iter().enumerate() {
            let r = t.row();
            if let Some((label, v)) = rev.get(k) {
                let vals = amounts(&mut t, r, 1, &["amount"], &[*v], &fmt, z);
                t.put(r, 0, label);
                t.record(false, Some("revenue"), None, Some(label), vals, r, None);
            }
            let label = format!("{}、{}", CN_NUM_LONG[k], name);
            t.put(r, 2, &label);
            let vals = amounts(&mut t, r, 3, &["amount"], &[cls(*code, &all)], &fmt, z);
            t.record(true, Some("expenditure"), None, Some(&label), vals, r, None);
        }
        for (l, lv, rl, rv) in [
            ("本年收入合计", total, "本年支出合计", total),
            (
                "使用非财政拨款结余",
                Decimal::ZERO,
                "结余分配",
                Decimal::ZERO,
            ),
            ("年初结转和结余", carry, "年末结转和结余", carry),
            ("总计", total + carry, "总计", total + carry),
        ] {
            let r = t.row();
            t.put(r, 0, l);
            let vals = amounts(&mut t, r, 1, &["amount"], &[lv], &fmt, z);
            t.record(false, Some("revenue"), None, Some(l), vals, r, None);
            t.put(r, 2, rl);
            let vals = amounts(&mut t, r, 3, &["amount"], &[rv], &fmt, z);
            t.record(true, Some("expenditure"), None, Some(rl), vals, r, None);
        }
        t.note = Some("注：本表反映部门本年度的总收支和年末结转结余情况。".into());
        c.push(t);
    }
    // 收入决算表 / 支出决算表
    for (title, kind, heads, keys) in [
        (
            "收入决算表",
            "revenue",
            vec![
                "本年收入合计",
                "财政拨款收入",
                "上级补助收入",
                "事业收入",
                "经营收入",
                "附属单位上缴收入",
                "其他收入",
            ],
            vec![
                "total",
                "fiscal",
                "c4",
                "business",
                "operating",
                "c7",
                "other",
            ],
        ),
        (
            "支出决算表",
            "expenditure",
            vec![
                "本年支出合计",
                "基本支出",
                "项目支出",
                "上缴上级支出",
                "经营支出",
                "对附属单位补助支出",
            ],
            vec!["total", "basic", "project", "c5", "c6", "c7"],
        ),
    ] {
        let n = 2 + heads.len();
        let mut t = table(c, n, 1, title, kind);
        t.head(0, 0, "项目", 1, 2);
        t.head(1, 0, "功能分类科目编码", 1, 1);
        t.head(1, 1, "科目名称", 1, 1);
        let mut cols = Vec::new();
        for (k, h) in heads.iter().enumerate() {
            t.head(0, 2 + k, h, 2, 1);
            cols.push(col(keys[k], &[h], None, 2 + k));
        }
        t.end_head(2, cols);
        let rev = kind == "revenue";
        let f = |i: &Item| -> Vec<Decimal> {
            if rev {
                vec![
                    i.total(),
                    i.source_total(GB) + i.source_total(GF) + i.source_total(SC),
                    Decimal::ZERO,
                    i.source_total(4),
                    i.source_total(5),
                    Decimal::ZERO,
                    i.source_total(3) + i.source_total(6),
                ]
            } else {
                vec![
                    i.total(),
                    i.basic(),
                    i.project(),
                    Decimal::ZERO,
                    Decimal::ZERO,
                    Decimal::ZERO,
                ]
            }
        };
        let tot: Vec<Decimal> = if rev {
            vec![
                total,
                m.fiscal(),
                Decimal::ZERO,
                m.source_total(4),
                m.source_total(5),
                Decimal::ZERO,
                m.source_total(3) + m.source_total(6),
            ]
        } else {
            vec![
                total,
                m.basic(),
                m.project(),
                Decimal::ZERO,
                Decimal::ZERO,
                Decimal::ZERO,
            ]
        };
        // the template prints 合计 right under the header
        put_total_row(&mut t, 2, "合计", &tot, &keys, &fmt, z, merged);
        let items = m.items_of(&all);
        let rows = func_rows(&items, &f);
        let gap = c.v.empty_rows;
        let rng = &mut *c.rng;
        let mut g = || rng.chance(10);
        put_func_rows(&mut t, &rows, &keys, &fmt, &|_| z, false, gap, &mut g);
        t.note = Some(format!(
            "注：本表反映部门本年度{}。",
            if rev {
                "取得的各项收入情况"
            } else {
                "各项支出情况"
            }
        ));
        c.push(t);
    }
    // 财政拨款收入支出决算总表
    {
        let mut t = table(c, 7, 0, "财政拨款收入支出决算总表", "fiscal_summary");
        let p = c.page;
        t.grid.widths = vec![p * 2 / 10, p / 10, p * 2 / 10, p / 8, p / 8, p / 8, p / 8];
        t.head(0, 0, "收入", 1, 2);
        t.head(0, 2, "支出", 1, 5);
        for (k, h) in [
            "项目",
            "决算数",
            "项目",
            "合计",
            "一般公共预算财政拨款",
            "政府性基金预算财政拨款",
            "国有资本经营预算财政拨款",
        ]
        .iter()
        .enumerate()
        {
            t.head(1, k, h, 1, 1);
        }
        t.end_head(
            2,
            vec![
                col("amount", &["决算数"], Some("revenue"), 1),
                col("total", &["合计"], Some("expenditure"), 3),
                col(
                    "general_budget",
                    &["一般公共预算财政拨款"],
                    Some("expenditure"),
                    4,
                ),
                col(
                    "gov_fund",
                    &["政府性基金预算财政拨款"],
                    Some("expenditure"),
                    5,
                ),
                col(
                    "state_capital",
                    &["国有资本经营预算财政拨款"],
                    Some("expenditure"),
                    6,
                ),
            ],
        );
        let keys = ["total", "general_budget", "gov_fund", "state_capital"];
        let rev = [
            ("一、一般公共预算财政拨款", m.source_total(GB)),
            ("二、政府性基金预算财政拨款", m.source_total(GF)),
            ("三、国有资本经营预算财政拨款", m.source_total(SC)),
        ];
        for (k, (code, name)) in classes.iter().enumerate() {
            let r = t.row();
            if let Some((label, v)) = rev.get(k) {
                t.put(r, 0, label);
                let vals = amounts(&mut t, r, 1, &["amount"], &[*v], &fmt, z);
                t.record(false, Some("revenue"), None, Some(label), vals, r, None);
            }
            let label = format!("{}、{}", CN_NUM_LONG[k], name);
            t.put(r, 2, &label);
            let vals = amounts(
                &mut t,
                r,
                3,
                &keys,
                &[
                    cls(*code, &[0, 1, 2]),
                    cls(*code, &[0]),
                    cls(*code, &[1]),
                    cls(*code, &[2]),
                ],
                &fmt,
                z,
            );
            t.record(true, Some("expenditure"), None, Some(&label), vals, r, None);
        }
        let f = m.fiscal();
        let rows: [(&str, Decimal, &str, [Decimal; 4]); 3] = [
            (
                "本年收入合计",
                f,
                "本年支出合计",
                [
                    f,
                    m.source_total(GB),
                    m.source_total(GF),
                    m.source_total(SC),
                ],
            ),
            (
                "年初财政拨款结转和结余",
                Decimal::ZERO,
                "年末财政拨款结转和结余",
                [Decimal::ZERO; 4],
            ),
            (
                "总计",
                f,
                "总计",
                [
                    f,
                    m.source_total(GB),
                    m.source_total(GF),
                    m.source_total(SC),
                ],
            ),
        ];
        for (l, lv, rl, rv) in rows {
            let r = t.row();
            t.put(r, 0, l);
            let vals = amounts(&mut t, r, 1, &["amount"], &[lv], &fmt, z);
            t.record(false, Some("revenue"), None, Some(l), vals, r, None);
            t.put(r, 2, rl);
            let vals = amounts(&mut t, r, 3, &keys, &rv, &fmt, z);
            t.record(true, Some("expenditure"), None, Some(rl), vals, r, None);
        }
        t.note = Some("注：本表反映部门本年度财政拨款总收支和结转结余情况。".into());
        c.push(t);
    }
    // 一般公共预算财政拨款支出决算表
    {
        let mut t = table(
            c,
            5,
            1,
            "一般公共预算财政拨款支出决算表",
            "general_budget_expenditure",
        );
        t.head(0, 0, "项目", 1, 2);
        t.head(1, 0, "功能分类科目编码", 1, 1);
        t.head(1, 1, "科目名称", 1, 1);
        t.head(0, 2, "合计", 2, 1);
        t.head(0, 3, "基本支出", 2, 1);
        t.head(0, 4, "项目支出", 2, 1);
        let keys = ["total", "basic", "project"];
        t.end_head(
            2,
            vec![
                col("total", &["合计"], None, 2),
                col("basic", &["基本支出"], None, 3),
                col("project", &["项目支出"], None, 4),
            ],
        );
        let items = m.items_of(&[GB]);
        let rows = func_rows(&items, &|i: &Item| {
            vec![i.source_total(GB), i.amounts[GB].0, i.amounts[GB].1]
        });
        let gap = c.v.empty_rows;
        let rng = &mut *c.rng;
        let mut g = || rng.chance(10);
        put_func_rows(&mut t, &rows, &keys, &fmt, &|_| z, false, gap, &mut g);
        put_total_row(
            &mut t,
            2,
            "合计",
            &[m.source_total(GB), m.gb_basic(), m.gb_project()],
            &keys,
            &fmt,
            z,
            merged,
        );
        t.note = Some("注：本表反映部门本年度一般公共预算财政拨款支出情况。".into());
        c.push(t);
    }
    // 一般公共预算财政拨款基本支出决算表: two blocks side by side (人员经费 | 公用经费)
    {
        let mut t = table(
            c,
            6,
            0,
            "一般公共预算财政拨款基本支出决算表",
            "general_budget_basic_expenditure",
        );
        let p = c.page;
        t.grid.widths = vec![
            p / 10,
            p * 2 / 10,
            p * 2 / 10,
            p / 10,
            p * 2 / 10,
            p * 2 / 10,
        ];
        for (k, h) in [
            "经济分类科目编码",
            "科目名称",
            "决算数",
            "经济分类科目编码",
            "科目名称",
            "决算数",
        ]
        .iter()
        .enumerate()
        {
            t.head(0, k, h, 1, 1);
        }
        t.end_head(
            1,
            vec![
                col("amount", &["决算数"], None, 2),
                col("amount", &["决算数"], None, 5),
            ],
        );
        let side = |personnel: bool| -> Vec<(String, String, Decimal)> {
            let mut out = Vec::new();
            let mut classes: Vec<String> = Vec::new();
            for e in &m.econ {
                let v = if personnel { e.personnel } else { e.public };
                if v.is_zero() {
                    continue;
                }
                let cl = e.code[..3].to_string();
                if !classes.contains(&cl) {
                    classes.push(cl.clone());
                    let sum: Decimal = m
                        .econ
                        .iter()
                        .filter(|x| x.code[..3] == cl)
                        .map(|x| if personnel { x.personnel } else { x.public })
                        .sum();
                    out.push((cl.clone(), econ_class_name(&cl).to_string(), sum));
                }
                out.push((e.code.clone(), e.name.clone(), v));
            }
            out
        };
        let left = side(true);
        let right = side(false);
        let n = left.len().max(right.len());
        for k in 0..n {
            let r = t.row();
            if let Some((code, name, v)) = left.get(k) {
                t.put(r, 0, code);
                t.put(r, 1, name);
                let vals = amounts(&mut t, r, 2, &["amount"], &[*v], &fmt, z);
                t.record(false, None, Some(code), Some(name), vals, r, None);
            }
            if let Some((code, name, v)) = right.get(k) {
                t.put(r, 3, code);
                t.put(r, 4, name);
                let vals = amounts(&mut t, r, 5, &["amount"], &[*v], &fmt, z);
                t.record(true, None, Some(code), Some(name), vals, r, None);
            }
        }
        let r = t.row();
        t.put_span(r, 0, "人员经费合计", 2);
        let vals = amounts(&mut t, r, 2, &["amount"], &[m.personnel()], &fmt, z);
        t.record(false, None, None, Some("人员经费合计"), vals, r, None);
        t.put_span(r, 3, "公用经费合计", 2);
        let vals = amounts(&mut t, r, 5, &["amount"], &[m.public()], &fmt, z);
        t.record(true, None, None, Some("公用经费合计"), vals, r, None);
        t.note = Some("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。".into());
        c.push(t);
    }
    // 财政拨款“三公”经费支出决算表: 预算数 / 决算数 pairs
    {
        let mut t = table(c, 12, 0, "财政拨款“三公”经费支出决算表", "three_public");
        t.grid.widths = vec![c.page / 12; 12];
        let g = "财政拨款“三公”经费";
        t.head(0, 0, g, 1, 12);
        t.head(1, 0, "合计", 2, 2);
        t.head(1, 2, "因公出国（境）费", 2, 2);
        t.head(1, 4, "公务用车购置及运行维护费", 1, 6);
        t.head(1, 10, "公务接待费", 2, 2);
        t.head(2, 4, "小计", 1, 2);
        t.head(2, 6, "公务用车购置费", 1, 2);
        t.head(2, 8, "公务用车运行维护费", 1, 2);
        for k in 0..6 {
            t.head(3, 2 * k, "预算数", 1, 1);
            t.head(3, 2 * k + 1, "决算数", 1, 1);
        }
        let paths: [&[&str]; 6] = [
            &[g, "合计"],
            &[g, "因公出国（境）费"],
            &[g, "公务用车购置及运行维护费", "小计"],
            &[g, "公务用车购置及运行维护费", "公务用车购置费"],
            &[g, "公务用车购置及运行维护费", "公务用车运行维护费"],
            &[g, "公务接待费"],
        ];
        let keys = [
            "total",
            "outbound",
            "vehicle_total",
            "vehicle_purchase",
            "vehicle_operation",
            "reception",
        ];
        let mut cols = Vec::new();
        let mut all_keys = Vec::new();
        for k in 0..6 {
            let mut pb: Vec<&str> = paths[k].to_vec();
            pb.push("预算数");
            let mut pa: Vec<&str> = paths[k].to_vec();
            pa.push("决算数");
            cols.push(col(&format!("budget_{}", keys[k]), &pb, None, 2 * k));
            cols.push(col(keys[k], &pa, None, 2 * k + 1));
            all_keys.push(format!("budget_{}", keys[k]));
            all_keys.push(keys[k].to_string());
        }
        t.end_head(4, cols);
        let th = &m.three;
        let bu = &m.three_prev;
        let actual = [
            th.total(),
            th.outbound,
            th.vehicle(),
            th.vehicle_purchase,
            th.vehicle_operation,
            th.reception,
        ];
        let budget = [
            bu.total(),
            bu.outbound,
            bu.vehicle(),
            bu.vehicle_purchase,
            bu.vehicle_operation,
            bu.reception,
        ];
        let r = t.row();
        let mut vals = Vec::new();
        for k in 0..6 {
            for (j, v) in [budget[k], actual[k]].iter().enumerate() {
                let (p, gg) = fmt.cell_z(*v, if z == Zero::Blank { Zero::Zeros } else { z });
                t.put(r, 2 * k + j, &p);
                vals.push((all_keys[2 * k + j].clone(), gg));
            }
        }
        t.record(false, None, None, None, vals, r, None);
        t.note = Some("注：本表反映部门本年度“三公”经费支出预决算情况。".into());
        c.push(t);
    }
    // 政府性基金 / 国有资本经营预算财政拨款收入支出决算表
    for (s, title, kind, fund) in [
        (
            GF,
            "政府性基金预算财政拨款收入支出决算表",
            "gov_fund_expenditure",
            "政府性基金预算财政拨款",
        ),
        (
            SC,
            "国有资本经营预算财政拨款收入支出决算表",
            "state_capital_expenditure",
            "国有资本经营预算财政拨款",
        ),
    ] {
        let mut t = table(c, 8, 1, title, kind);
        t.head(0, 0, "项目", 1, 2);
        t.head(1, 0, "功能分类科目编码", 1, 1);
        t.head(1, 1, "科目名称", 1, 1);
        t.head(0, 2, "年初结转和结余", 2, 1);
        t.head(0, 3, "本年收入", 2, 1);
        t.head(0, 4, "本年支出", 1, 3);
        t.head(1, 4, "合计", 1, 1);
        t.head(1, 5, "基本支出", 1, 1);
        t.head(1, 6, "项目支出", 1, 1);
        t.head(0, 7, "年末结转和结余", 2, 1);
        let keys = [
            "carryover_start",
            "income",
            "expenditure",
            "basic",
            "project",
            "carryover_end",
        ];
        t.end_head(
            2,
            vec![
                col("carryover_start", &["年初结转和结余"], None, 2),
                col("income", &["本年收入"], None, 3),
                col("expenditure", &["本年支出", "合计"], None, 4),
                col("basic", &["本年支出", "基本支出"], None, 5),
                col("project", &["本年支出", "项目支出"], None, 6),
                col("carryover_end", &["年末结转和结余"], None, 7),
            ],
        );
        let items = m.items_of(&[s]);
        if items.is_empty() {
            put_empty_total(&mut t, 2, "合计", &keys, merged);
            if c.v.empty_rows {
                t.blank_row();
            }
            t.note = Some(format!(
                "说明：{}本年度没有{fund}收入和支出，故本表无数据。",
                m.department
            ));
            t.note_inside = c.rng.chance(30);
        } else {
            let f = |i: &Item| {
                vec![
                    Decimal::ZERO,
                    i.source_total(s),
                    i.source_total(s),
                    i.amounts[s].0,
                    i.amounts[s].1,
                    Decimal::ZERO,
                ]
            };
            let sum = |k: usize| -> Decimal { items.iter().map(|i| f(i)[k]).sum() };
            let tot: Vec<Decimal> = (0..6).map(sum).collect();
            put_total_row(&mut t, 2, "合计", &tot, &keys, &fmt, z, merged);
            let rows = func_rows(&items, &f);
            let mut g = || false;
            put_func_rows(&mut t, &rows, &keys, &fmt, &|_| z, false, false, &mut g);
        }
        c.push(t);
    }
}

const CN_NUM_LONG: &[&str] = &[
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
    "二十一",
    "二十二",
    "二十三",
    "二十四",
    "二十五",
];

fn stated(c: &Ctx, key: &str, v: Decimal) -> Decimal {
    for b in &c.v.inconsistencies {
        if b["figure"] == key
            && let Some(s) = b["stated"].as_str()
            && let Ok(x) = s.parse::<Decimal>()
        {
            return x;
        }
    }
    v
}

fn narrative(c: &mut Ctx) {
    let m = c.m;
    let d = m.department.clone();
    let y = m.year;
    let u = "万元";
    let t = |x: Decimal| x.to_string();
    let total = m.total();
    c.nb.heading(
        &mut c.blocks,
        &format!("第三部分  {d}{y}年度部门决算情况说明"),
    );
    c.nb.heading(&mut c.blocks, "一、收入支出决算总体情况说明");
    let rev = stated(c, "revenue_total", total);
    let (ph, ch) = change_phrase(rev, m.prev_revenue, u, &t, "比上年决算");
    c.nb.para(
        &mut c.blocks,
        vec![
            (
                format!("{y}年度本年收入合计{}{u}，{ph}", t(rev)),
                vec![fig(Some("revenue_total"), "本年收入合计", &t(rev), u).change(ch)],
            ),
            (
                format!("本年支出合计{}{u}", t(total)),
                vec![fig(Some("expenditure_total"), "本年支出合计", &t(total), u)],
            ),
        ],
    );
    c.nb.heading(&mut c.blocks, "二、收入决算情况说明");
    let mut sents = Vec::new();
    let srcs = [
        (
            "财政拨款收入",
            m.fiscal(),
            Some("fiscal_appropriation_total"),
        ),
        ("事业收入", m.source_total(4), None),
        ("经营收入", m.source_total(5), None),
        ("其他收入", m.source_total(3) + m.source_total(6), None),
    ];
    let mut first = true;
    for (label, x, key) in srcs {
        if x.is_zero() {
            continue;
        }
        let sh = share(x, total);
        let pre = if first {
            format!("本年收入合计{}{u}，其中：", t(total))
        } else {
            String::new()
        };
        let mut figs = Vec::new();
        if first {
            figs.push(fig(Some("revenue_total"), "本年收入合计", &t(total), u));
        }
        first = false;
        figs.push(fig(key, label, &t(x), u).share(Some(sh.clone())));
        sents.push((format!("{pre}{label}{}{u}，占{sh}%", t(x)), figs));
    }
    c.nb.para(&mut c.blocks, sents);
    c.nb.heading(&mut c.blocks, "三、支出决算情况说明");
    let basic = stated(c, "basic_expenditure", m.basic());
    let sb = share(basic, total);
    let sp = share(m.project(), total);
    c.nb.para(
        &mut c.blocks,
        vec![
            (
                format!(
                    "本年支出合计{}{u}，其中：基本支出{}{u}，占{sb}%",
                    t(total),
                    t(basic)
                ),
                vec![
                    fig(Some("expenditure_total"), "本年支出合计", &t(total), u),
                    fig(Some("basic_expenditure"), "基本支出", &t(basic), u).share(Some(sb)),
                ],
            ),
            (
                format!("项目支出{}{u}，占{sp}%", t(m.project())),
                vec![
                    fig(Some("project_expenditure"), "项目支出", &t(m.project()), u)
                        .share(Some(sp)),
                ],
            ),
        ],
    );
    c.nb.heading(&mut c.blocks, "四、一般公共预算财政拨款支出决算情况说明");
    let gb = m.source_total(GB);
    let sg = share(gb, total);
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!(
                "{y}年度一般公共预算财政拨款支出{}{u}，占本年支出合计的{sg}%",
                t(gb)
            ),
            vec![
                fig(
                    Some("general_budget_total"),
                    "一般公共预算财政拨款支出",
                    &t(gb),
                    u,
                )
                .share(Some(sg)),
            ],
        )],
    );
    let mut k = 0;
    for it in m.items.iter().filter(|i| !i.source_total(GB).is_zero()) {
        k += 1;
        let label = format!(
            "{}（类）{}（款）{}（项）",
            class_name(&it.code[..3]),
            kuan_name(&it.code[..5]),
            it.name
        );
        let x = it.source_total(GB);
        c.nb.para(
            &mut c.blocks,
            vec![(
                format!("{k}.“{label}”{}{u}", t(x)),
                vec![fig(None, &label, &t(x), u)],
            )],
        );
    }
    c.nb.heading(
        &mut c.blocks,
        "五、一般公共预算财政拨款基本支出决算情况说明",
    );
    c.nb.para(
        &mut c.blocks,
        vec![
            (
                format!(
                    "{y}年度一般公共预算财政拨款基本支出{}{u}，其中：人员经费{}{u}",
                    t(m.gb_basic()),
                    t(m.personnel())
                ),
                vec![
                    fig(
                        Some("basic_expenditure"),
                        "一般公共预算财政拨款基本支出",
                        &t(m.gb_basic()),
                        u,
                    ),
                    fig(Some("personnel_expenses"), "人员经费", &t(m.personnel()), u),
                ],
            ),
            (
                format!("公用经费{}{u}", t(m.public())),
                vec![fig(Some("public_expenses"), "公用经费", &t(m.public()), u)],
            ),
        ],
    );
    c.nb.heading(&mut c.blocks, "六、“三公”经费财政拨款支出决算情况说明");
    let th = &m.three;
    let tt = stated(c, "three_public_total", th.total());
    c.nb.para(
        &mut c.blocks,
        vec![
            (
                format!("{y}年度“三公”经费财政拨款支出决算为{}{u}", t(tt)),
                vec![fig(
                    Some("three_public_total"),
                    "“三公”经费财政拨款支出决算",
                    &t(tt),
                    u,
                )],
            ),
            (
                format!("其中：因公出国（境）费支出决算为{}{u}", t(th.outbound)),
                vec![fig(
                    Some("outbound_travel"),
                    "因公出国（境）费支出决算",
                    &t(th.outbound),
                    u,
                )],
            ),
            (
                format!("公务用车购置费{}{u}", t(th.vehicle_purchase)),
                vec![fig(
                    Some("vehicle_purchase"),
                    "公务用车购置费",
                    &t(th.vehicle_purchase),
                    u,
                )],
            ),
            (
                format!("公务用车运行维护费{}{u}", t(th.vehicle_operation)),
                vec![fig(
                    Some("vehicle_operation"),
                    "公务用车运行维护费",
                    &t(th.vehicle_operation),
                    u,
                )],
            ),
            (
                format!("公务接待费{}{u}", t(th.reception)),
                vec![fig(
                    Some("official_reception"),
                    "公务接待费",
                    &t(th.reception),
                    u,
                )],
            ),
        ],
    );
    c.nb.heading(&mut c.blocks, "七、机关运行经费支出情况说明");
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!("{y}年度{d}机关运行经费支出{}{u}", t(m.public())),
            vec![fig(
                Some("operating_expenses"),
                "机关运行经费支出",
                &t(m.public()),
                u,
            )],
        )],
    );
    c.nb.heading(&mut c.blocks, "八、政府采购支出情况说明");
    let pr = &m.procurement;
    let prt: Decimal = pr.iter().copied().sum();
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!(
                "{y}年度{d}政府采购支出{}{u}，其中：货物采购{}{u}、工程采购{}{u}、服务采购{}{u}",
                t(prt),
                t(pr[0]),
                t(pr[1]),
                t(pr[2])
            ),
            vec![
                fig(Some("procurement_total"), "政府采购支出", &t(prt), u),
                fig(Some("procurement_goods"), "货物采购", &t(pr[0]), u),
                fig(Some("procurement_works"), "工程采购", &t(pr[1]), u),
                fig(Some("procurement_services"), "服务采购", &t(pr[2]), u),
            ],
        )],
    );
    c.nb.heading(&mut c.blocks, "九、国有资产占有使用情况说明");
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!("截至{y}年底，{d}共有车辆{}辆", m.vehicles),
            vec![fig(Some("vehicles"), "车辆", &m.vehicles.to_string(), "辆")],
        )],
    );
}
