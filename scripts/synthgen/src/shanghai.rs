//! Family 2: the Shanghai district budget template (元 with thousands separators,
//! 部门 or 单位 scope, year-prefixed titles without 表N, 三公 table in 万元).

use crate::Built;
use crate::build::*;
use crate::common::*;
use crate::model::*;
use crate::national::{Ctx, three_public_table, widths, zero_of};
use crate::out::*;
use crate::rng::Rng;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Map, json};

/// 元 → 万元 as printed in the text (2 places).
fn wan(d: Decimal) -> Decimal {
    (d / Decimal::new(10000, 0)).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

pub fn build(m: &Model, rng: &mut Rng, v: Variation) -> Built {
    let unit_scope = rng.chance(40);
    let fmt = Fmt {
        thousands: true,
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
    let (scope_word, owner, dept_label, title_owner) = if unit_scope {
        ("单位", "预算单位", "编制单位", "预算单位")
    } else {
        ("部门", "预算主管部门", "编制部门", "部门")
    };
    c.blocks.push(Block::Para {
        text: d.clone(),
        center: true,
        bold: true,
        size: 40,
    });
    c.blocks.push(Block::Para {
        text: format!("{y}年{scope_word}预算"),
        center: true,
        bold: true,
        size: 40,
    });
    c.blocks.push(Block::Para {
        text: format!("{owner}：{d}"),
        center: true,
        bold: false,
        size: 24,
    });
    c.blocks.push(Block::PageBreak);
    // 一、主要职能 二、机构设置
    c.nb.heading(&mut c.blocks, &format!("一、{scope_word}主要职能"));
    let mut duty = String::new();
    let n = c.rng.range(3, DUTIES.len() as i64) as usize;
    for (k, t) in DUTIES.iter().take(n).enumerate() {
        duty.push_str(&format!("{}、{}。", k + 1, t));
    }
    c.nb.plain(&mut c.blocks, &format!("{d}主要职能包括：{duty}"));
    c.nb.heading(&mut c.blocks, &format!("二、{scope_word}机构设置"));
    let names = m.division_names.join("、");
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!("{d}下设{}个内设机构，包括：{names}", m.divisions),
            vec![fig(None, "内设机构", &m.divisions.to_string(), "个")],
        )],
    );
    c.nb.heading(&mut c.blocks, "三、名词解释");
    c.nb.plain(
        &mut c.blocks,
        "（一）财政拨款收入：是区级预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款。",
    );
    c.nb.plain(
        &mut c.blocks,
        "（二）事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    );
    c.blocks.push(Block::PageBreak);
    c.nb.heading(&mut c.blocks, &format!("四、{scope_word}预算编制说明"));
    narrative_budget(&mut c, scope_word);
    c.blocks.push(Block::PageBreak);
    c.nb.heading(&mut c.blocks, &format!("五、{scope_word}预算表"));
    tables(&mut c, title_owner, dept_label, scope_word);
    c.blocks.push(Block::PageBreak);
    other(&mut c, scope_word);
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
            title: Some(format!("{d}{y}年{scope_word}预算")),
            department: Some(d),
            year: Some(y),
            kind: "budget".into(),
            scope: if unit_scope {
                "unit".into()
            } else {
                "department".into()
            },
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

fn narrative_budget(c: &mut Ctx, _scope: &str) {
    let m = c.m;
    let d = m.department.clone();
    let y = m.year;
    let u = "万元";
    let t = |x: Decimal| with_thousands(&wan(x).to_string());
    let tp = |x: Decimal| wan(x).to_string();
    let f = |x: Decimal| -> String { with_thousands(&x.to_string()) };
    let rev = stated(c, "revenue_total", m.total());
    let fiscal = m.fiscal();
    let (ph, ch) = change_phrase(
        wan(fiscal),
        wan(m.prev_revenue),
        u,
        &f,
        &format!("比{}年预算", y - 1),
    );
    let other = m.source_total(3) + m.source_total(6);
    let mut sents = vec![(
        format!(
            "{y}年，{d}收入预算{}{u}，其中：财政拨款收入{}{u}，{ph}",
            t(rev),
            t(fiscal)
        ),
        vec![
            fig(Some("revenue_total"), "收入预算", &tp(rev), u),
            fig(
                Some("fiscal_appropriation_total"),
                "财政拨款收入",
                &tp(fiscal),
                u,
            )
            .change(ch),
        ],
    )];
    for (label, x) in [
        ("事业收入", m.source_total(4)),
        ("事业单位经营收入", m.source_total(5)),
        ("其他收入", other),
    ] {
        sents.push((
            format!("{label}{}{u}", t(x)),
            vec![fig(None, label, &tp(x), u)],
        ));
    }
    c.nb.para(&mut c.blocks, sents);
    let (ph, ch) = change_phrase(
        wan(fiscal),
        wan(m.prev_revenue),
        u,
        &f,
        &format!("比{}年预算", y - 1),
    );
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!(
                "支出预算{}{u}，其中：财政拨款支出预算{}{u}，{ph}",
                t(m.total()),
                t(fiscal)
            ),
            vec![
                fig(Some("expenditure_total"), "支出预算", &tp(m.total()), u),
                fig(
                    Some("fiscal_appropriation_total"),
                    "财政拨款支出预算",
                    &tp(fiscal),
                    u,
                )
                .change(ch),
            ],
        )],
    );
    let gb = m.source_total(GB);
    let gf = m.source_total(GF);
    let sc = m.source_total(SC);
    let yr = format!("与{}年预算持平", y - 1);
    let flat = || {
        Some(ChangeOut {
            direction: "flat".into(),
            amount: None,
            percent: None,
        })
    };
    let (pg, cg) = change_phrase(
        wan(gb),
        wan(m.prev_revenue),
        u,
        &f,
        &format!("比{}年预算", y - 1),
    );
    c.nb.para(
        &mut c.blocks,
        vec![
            (
                format!(
                    "财政拨款支出预算中，一般公共预算拨款支出预算{}{u}，{pg}",
                    t(gb)
                ),
                vec![
                    fig(
                        Some("general_budget_total"),
                        "一般公共预算拨款支出预算",
                        &tp(gb),
                        u,
                    )
                    .change(cg),
                ],
            ),
            (
                format!("政府性基金拨款支出预算{}{u}，{yr}", t(gf)),
                vec![fig(None, "政府性基金拨款支出预算", &tp(gf), u).change(flat())],
            ),
            (
                format!("国有资本经营预算拨款支出预算{}{u}，{yr}", t(sc)),
                vec![fig(None, "国有资本经营预算拨款支出预算", &tp(sc), u).change(flat())],
            ),
        ],
    );
    c.nb.plain(&mut c.blocks, "财政拨款支出主要内容如下：");
    let mut k = 0;
    for it in m.items.iter() {
        let x = it.source_total(GB) + it.source_total(GF) + it.source_total(SC);
        if x.is_zero() {
            continue;
        }
        k += 1;
        let label = format!(
            "{}（类）{}（款）{}（项）",
            class_name(&it.code[..3]),
            kuan_name(&it.code[..5]),
            it.name
        );
        c.nb.para(
            &mut c.blocks,
            vec![(
                format!("{k}. “{label}”{}{u}，主要用于{}相关支出", t(x), it.name),
                vec![fig(None, &label, &tp(x), u)],
            )],
        );
    }
}

fn table(
    c: &Ctx,
    cols: usize,
    code_cols: usize,
    title: &str,
    kind: &str,
    unit: &str,
    dept_label: &str,
) -> TableB {
    let w = widths(cols, code_cols, code_cols, c.v.narrow_amount_cells, c.page);
    TableB::new(
        cols,
        w,
        None,
        title,
        kind,
        unit,
        Some(&c.m.department),
        dept_label,
        c.v.title_inside_tables,
    )
}

fn tables(c: &mut Ctx, owner: &str, dept_label: &str, _scope: &str) {
    let m = c.m;
    let fmt = c.fmt;
    let z = fmt.zero;
    let y = m.year;
    let merged = c.v.total_row_merged;
    let present: Vec<&str> = {
        let mut v: Vec<&str> = m.items.iter().map(|i| &i.code[..3]).collect();
        v.dedup();
        v
    };
    let cls = |code: &str, srcs: &[usize]| -> Decimal {
        m.items
            .iter()
            .filter(|i| &i.code[..3] == code)
            .map(|i| srcs.iter().map(|s| i.source_total(*s)).sum::<Decimal>())
            .sum()
    };
    // 1 财务收支预算总表 (the 单位 form splits the expenditure side into
    // 合计 / 基本支出 (人员经费, 公用经费) / 项目支出)
    {
        let all = [0usize, 1, 2, 3, 4, 5, 6];
        let basic_of = |code: &str| -> Decimal {
            m.items
                .iter()
                .filter(|i| &i.code[..3] == code)
                .map(|i| i.basic())
                .sum()
        };
        let proj_of = |code: &str| -> Decimal {
            m.items
                .iter()
                .filter(|i| &i.code[..3] == code)
                .map(|i| i.project())
                .sum()
        };
        // 公用经费 sits in the class with the largest basic expenditure
        let public_class = present
            .iter()
            .copied()
            .max_by_key(|c| basic_of(c))
            .unwrap_or("");
        let split = |code: &str| -> (Decimal, Decimal) {
            let p = if code == public_class {
                m.public()
            } else {
                Decimal::ZERO
            };
            (basic_of(code) - p, p)
        };
        let expanded = owner != "部门" && present.iter().all(|c| split(c).0 >= Decimal::ZERO);
        let ncols = if expanded { 7 } else { 4 };
        let mut t = table(
            c,
            ncols,
            0,
            &format!("{y}年{owner}财务收支预算总表"),
            "revenue_expenditure_summary",
            "元",
            dept_label,
        );
        let p = c.page;
        let (ekeys, ecols): (Vec<&str>, Vec<Col>) = if expanded {
            t.grid.widths = vec![
                p * 2 / 10,
                p * 3 / 20,
                p * 2 / 10,
                p * 3 / 20,
                p / 10,
                p / 10,
                p / 10,
            ];
            t.head(0, 0, "本年收入", 1, 2);
            t.head(0, 2, "本年支出", 1, 5);
            t.head(1, 0, "项目", 3, 1);
            t.head(1, 1, "预算数", 3, 1);
            t.head(1, 2, "项目", 3, 1);
            t.head(1, 3, "预算数", 1, 4);
            t.head(2, 3, "合计", 2, 1);
            t.head(2, 4, "基本支出", 1, 2);
            t.head(2, 6, "项目支出", 2, 1);
            t.head(3, 4, "人员经费", 1, 1);
            t.head(3, 5, "公用经费", 1, 1);
            (
                vec!["total", "personnel", "public", "project"],
                vec![
                    col("total", &["预算数", "合计"], Some("expenditure"), 3),
                    col(
                        "personnel",
                        &["预算数", "基本支出", "人员经费"],
                        Some("expenditure"),
                        4,
                    ),
                    col(
                        "public",
                        &["预算数", "基本支出", "公用经费"],
                        Some("expenditure"),
                        5,
                    ),
                    col("project", &["预算数", "项目支出"], Some("expenditure"), 6),
                ],
            )
        } else {
            t.grid.widths = vec![p * 3 / 10, p / 5, p * 3 / 10, p / 5];
            t.head(0, 0, "本年收入", 1, 2);
            t.head(0, 2, "本年支出", 1, 2);
            t.head(1, 0, "项目", 1, 1);
            t.head(1, 1, "预算数", 1, 1);
            t.head(1, 2, "项目", 1, 1);
            t.head(1, 3, "预算数", 1, 1);
            (
                vec!["amount"],
                vec![col("amount", &["预算数"], Some("expenditure"), 3)],
            )
        };
        let mut cols = vec![col("amount", &["预算数"], Some("revenue"), 1)];
        cols.extend(ecols);
        t.end_head(if expanded { 4 } else { 2 }, cols);
        let evals = |code: &str| -> Vec<Decimal> {
            if expanded {
                let (pers, publ) = split(code);
                vec![cls(code, &all), pers, publ, proj_of(code)]
            } else {
                vec![cls(code, &all)]
            }
        };
        let rev: Vec<(&str, Decimal)> = vec![
            ("一、财政拨款收入", m.fiscal()),
            ("1. 一般公共预算资金", m.source_total(GB)),
            ("2. 政府性基金", m.source_total(GF)),
            ("3. 国有资本经营预算", m.source_total(SC)),
            ("二、事业收入", m.source_total(4)),
            ("三、事业单位经营收入", m.source_total(5)),
            ("四、其他收入", m.source_total(3) + m.source_total(6)),
        ];
        let n = rev.len().max(present.len()) + if c.v.empty_rows { 3 } else { 0 };
        for k in 0..n {
            let r = t.row();
            if let Some((label, v)) = rev.get(k) {
                let (pr, g) = fmt.cell(*v);
                t.put(r, 0, label);
                t.put(r, 1, &pr);
                t.record(
                    false,
                    Some("revenue"),
                    None,
                    Some(label),
                    vec![("amount".into(), g)],
                    r,
                    None,
                );
            }
            if let Some(code) = present.get(k) {
                let name = format!(
                    "{}、{}",
                    CN_NUM.get(k).copied().unwrap_or("十"),
                    class_name(code)
                );
                t.put(r, 2, &name);
                let mut vals = Vec::new();
                for (j, v) in evals(code).iter().enumerate() {
                    let (pr, g) = fmt.cell(*v);
                    t.put(r, 3 + j, &pr);
                    vals.push((ekeys[j].to_string(), g));
                }
                t.record(true, Some("expenditure"), None, Some(&name), vals, r, None);
            }
        }
        let r = t.row();
        let (pr, g) = fmt.cell_z(m.total(), z);
        t.put(r, 0, "收入总计");
        t.put(r, 1, &pr);
        t.put(r, 2, "支出总计");
        let tot = if expanded {
            vec![m.total(), m.basic() - m.public(), m.public(), m.project()]
        } else {
            vec![m.total()]
        };
        let mut vals = Vec::new();
        for (j, v) in tot.iter().enumerate() {
            let (pp, gg) = fmt.cell_z(*v, z);
            t.put(r, 3 + j, &pp);
            vals.push((ekeys[j].to_string(), gg));
        }
        t.record(
            false,
            Some("revenue"),
            None,
            Some("收入总计"),
            vec![("amount".into(), g)],
            r,
            None,
        );
        t.record(
            true,
            Some("expenditure"),
            None,
            Some("支出总计"),
            vals,
            r,
            None,
        );
        c.push(t);
    }
    // 2 收入预算总表
    {
        let mut t = table(
            c,
            9,
            3,
            &format!("{y}年{owner}收入预算总表"),
            "revenue",
            "元",
            dept_label,
        );
        t.head(0, 0, "项目", 1, 4);
        t.head(0, 4, "收入预算", 1, 5);
        t.head(1, 0, "功能分类科目编码", 1, 3);
        t.head(1, 3, "功能分类科目名称", 2, 1);
        let heads = [
            "合计",
            "财政拨款收入",
            "事业收入",
            "事业单位经营收入",
            "其他收入",
        ];
        let keys = ["total", "fiscal", "business", "operating", "other"];
        let mut cols = Vec::new();
        for (k, h) in heads.iter().enumerate() {
            t.head(1, 4 + k, h, 2, 1);
            cols.push(col(keys[k], &["收入预算", h], None, 4 + k));
        }
        t.head(2, 0, "类", 1, 1);
        t.head(2, 1, "款", 1, 1);
        t.head(2, 2, "项", 1, 1);
        t.end_head(3, cols);
        let items = m.items_of(&[0, 1, 2, 3, 4, 5, 6]);
        let f = |i: &Item| {
            vec![
                i.total(),
                i.source_total(GB) + i.source_total(GF) + i.source_total(SC),
                i.source_total(4),
                i.source_total(5),
                i.source_total(3) + i.source_total(6),
            ]
        };
        let rows = func_rows(&items, &f);
        let gap = c.v.empty_rows;
        let rng = &mut *c.rng;
        let mut g = || rng.chance(12);
        put_func_rows(&mut t, &rows, &keys, &fmt, &|_| z, true, gap, &mut g);
        let tot = vec![
            m.total(),
            m.fiscal(),
            m.source_total(4),
            m.source_total(5),
            m.source_total(3) + m.source_total(6),
        ];
        put_total_row(&mut t, 4, "合计", &tot, &keys, &fmt, z, merged);
        c.push(t);
    }
    // 3 支出预算总表
    {
        let items = m.items_of(&[0, 1, 2, 3, 4, 5, 6]);
        let rows = func_rows(&items, &|i: &Item| vec![i.total(), i.basic(), i.project()]);
        let t = func_table(
            c,
            &format!("{y}年{owner}支出预算总表"),
            "expenditure",
            "支出预算",
            &rows,
            [m.total(), m.basic(), m.project()],
            dept_label,
            None,
        );
        c.push(t);
    }
    // 4 财政拨款收支预算总表
    {
        let mut t = table(
            c,
            7,
            0,
            &format!("{y}年{owner}财政拨款收支预算总表"),
            "fiscal_summary",
            "元",
            dept_label,
        );
        let p = c.page;
        t.grid.widths = vec![
            p * 2 / 10,
            p * 3 / 20,
            p * 2 / 10,
            p * 3 / 20,
            p / 10,
            p / 10,
            p / 10,
        ];
        t.head(0, 0, "财政拨款收入", 1, 2);
        t.head(0, 2, "财政拨款支出", 1, 5);
        for (k, h) in [
            "项目",
            "预算数",
            "项目",
            "合计",
            "一般公共预算",
            "政府性基金预算",
            "国有资本经营预算",
        ]
        .iter()
        .enumerate()
        {
            t.head(1, k, h, 1, 1);
        }
        t.end_head(
            2,
            vec![
                col("amount", &["预算数"], Some("revenue"), 1),
                col("total", &["合计"], Some("expenditure"), 3),
                col("general_budget", &["一般公共预算"], Some("expenditure"), 4),
                col("gov_fund", &["政府性基金预算"], Some("expenditure"), 5),
                col(
                    "state_capital",
                    &["国有资本经营预算"],
                    Some("expenditure"),
                    6,
                ),
            ],
        );
        let rev = [
            ("一、一般公共预算资金", m.source_total(GB)),
            ("二、政府性基金", m.source_total(GF)),
            ("三、国有资本经营预算", m.source_total(SC)),
        ];
        let fpresent: Vec<&str> = present
            .iter()
            .copied()
            .filter(|code| !cls(code, &[0, 1, 2]).is_zero())
            .collect();
        let keys = ["total", "general_budget", "gov_fund", "state_capital"];
        for k in 0..rev.len().max(fpresent.len()) {
            let r = t.row();
            if let Some((label, v)) = rev.get(k) {
                let (p, g) = fmt.cell(*v);
                t.put(r, 0, label);
                t.put(r, 1, &p);
                t.record(
                    false,
                    Some("revenue"),
                    None,
                    Some(label),
                    vec![("amount".into(), g)],
                    r,
                    None,
                );
            }
            if let Some(code) = fpresent.get(k) {
                let name = format!(
                    "{}、{}",
                    CN_NUM.get(k).copied().unwrap_or("十"),
                    class_name(code)
                );
                t.put(r, 2, &name);
                let vals = [
                    cls(code, &[0, 1, 2]),
                    cls(code, &[0]),
                    cls(code, &[1]),
                    cls(code, &[2]),
                ];
                let mut gv = Vec::new();
                for (j, v) in vals.iter().enumerate() {
                    let (p, g) = fmt.cell(*v);
                    t.put(r, 3 + j, &p);
                    gv.push((keys[j].to_string(), g));
                }
                t.record(true, Some("expenditure"), None, Some(&name), gv, r, None);
            }
        }
        let r = t.row();
        let (p, g) = fmt.cell_z(m.fiscal(), z);
        t.put(r, 0, "收入总计");
        t.put(r, 1, &p);
        t.put(r, 2, "支出总计");
        let vals = [
            m.fiscal(),
            m.source_total(GB),
            m.source_total(GF),
            m.source_total(SC),
        ];
        let mut gv = Vec::new();
        for (j, v) in vals.iter().enumerate() {
            let (p, gg) = fmt.cell_z(*v, z);
            t.put(r, 3 + j, &p);
            gv.push((keys[j].to_string(), gg));
        }
        t.record(
            false,
            Some("revenue"),
            None,
            Some("收入总计"),
            vec![("amount".into(), g)],
            r,
            None,
        );
        t.record(
            true,
            Some("expenditure"),
            None,
            Some("支出总计"),
            gv,
            r,
            None,
        );
        c.push(t);
    }
    // 5 / 6 / 7 functional tables by fund
    for (s, title, kind, group, fund_name) in [
        (
            GB,
            "一般公共预算支出功能分类预算表",
            "general_budget_expenditure",
            "一般公共预算支出",
            "一般公共预算",
        ),
        (
            GF,
            "政府性基金预算支出功能分类预算表",
            "gov_fund_expenditure",
            "政府性基金预算支出",
            "政府性基金预算",
        ),
        (
            SC,
            "国有资本经营预算支出功能分类预算表",
            "state_capital_expenditure",
            "国有资本经营预算支出",
            "国有资本经营预算",
        ),
    ] {
        let items = m.items_of(&[s]);
        let rows = func_rows(&items, &|i: &Item| {
            vec![i.source_total(s), i.amounts[s].0, i.amounts[s].1]
        });
        let basic: Decimal = items.iter().map(|i| i.amounts[s].0).sum();
        let proj: Decimal = items.iter().map(|i| i.amounts[s].1).sum();
        let note = format!(
            "注:本{}{y}年无{fund_name}财政拨款安排的预算，故本表为空表。",
            if owner == "部门" {
                "部门"
            } else {
                "单位"
            }
        );
        let t = func_table(
            c,
            &format!("{y}年{owner}{title}"),
            kind,
            group,
            &rows,
            [basic + proj, basic, proj],
            dept_label,
            Some(note),
        );
        c.push(t);
    }
    // 8 一般公共预算基本支出部门预算经济分类预算表
    {
        let mut t = table(
            c,
            6,
            2,
            &format!("{y}年{owner}一般公共预算基本支出部门预算经济分类预算表"),
            "general_budget_basic_expenditure",
            "元",
            dept_label,
        );
        t.head(0, 0, "项目", 1, 3);
        t.head(0, 3, "一般公共预算基本支出", 1, 3);
        t.head(1, 0, "部门预算经济分类科目编码", 1, 2);
        t.head(1, 2, "经济分类科目名称", 2, 1);
        t.head(1, 3, "合计", 2, 1);
        t.head(1, 4, "人员经费", 2, 1);
        t.head(1, 5, "公用经费", 2, 1);
        t.head(2, 0, "类", 1, 1);
        t.head(2, 1, "款", 1, 1);
        let keys = ["total", "personnel", "public"];
        let g = "一般公共预算基本支出";
        t.end_head(
            3,
            vec![
                col("total", &[g, "合计"], None, 3),
                col("personnel", &[g, "人员经费"], None, 4),
                col("public", &[g, "公用经费"], None, 5),
            ],
        );
        for fr in &econ_rows(m) {
            let r = t.row();
            for (k, p) in fr.parts.iter().enumerate() {
                t.put(r, k, p);
            }
            t.put(r, 2, &fr.name);
            let mut vals = Vec::new();
            for (k, v) in fr.values.iter().enumerate() {
                let (p, gg) = fmt.cell_z(*v, if k == 0 { z } else { Zero::Zeros });
                t.put(r, 3 + k, &p);
                vals.push((keys[k].to_string(), gg));
            }
            t.record(false, None, Some(&fr.code()), Some(&fr.name), vals, r, None);
        }
        put_total_row(
            &mut t,
            3,
            "合计",
            &[m.gb_basic(), m.personnel(), m.public()],
            &keys,
            &fmt,
            Zero::Zeros,
            merged,
        );
        c.push(t);
    }
    // 9 “三公”经费和机关运行经费预算表 (万元)
    let owner9 = if owner == "部门" {
        "部门"
    } else {
        "单位"
    };
    three_public_table(
        c,
        None,
        &format!("{y}年{owner9}“三公”经费和机关运行经费预算表"),
        "万元",
        Some(dept_label),
        true,
    );
}

#[allow(clippy::too_many_arguments)]
fn func_table(
    c: &mut Ctx,
    title: &str,
    kind: &str,
    group: &str,
    rows: &[FRow],
    tot: [Decimal; 3],
    dept_label: &str,
    note: Option<String>,
) -> TableB {
    let fmt = c.fmt;
    let z = fmt.zero;
    let mut t = table(c, 7, 3, title, kind, "元", dept_label);
    t.head(0, 0, "项目", 1, 4);
    t.head(0, 4, group, 1, 3);
    t.head(1, 0, "功能分类科目编码", 1, 3);
    t.head(1, 3, "功能分类科目名称", 2, 1);
    t.head(1, 4, "合计", 2, 1);
    t.head(1, 5, "基本支出", 2, 1);
    t.head(1, 6, "项目支出", 2, 1);
    t.head(2, 0, "类", 1, 1);
    t.head(2, 1, "款", 1, 1);
    t.head(2, 2, "项", 1, 1);
    let keys = ["total", "basic", "project"];
    t.end_head(
        3,
        vec![
            col("total", &[group, "合计"], None, 4),
            col("basic", &[group, "基本支出"], None, 5),
            col("project", &[group, "项目支出"], None, 6),
        ],
    );
    if rows.is_empty() {
        if c.v.empty_rows {
            t.blank_row();
        }
        put_empty_total(&mut t, 4, "合计", &keys, c.v.total_row_merged);
        t.note = note;
        t.note_inside = c.rng.chance(30);
        return t;
    }
    let gap = c.v.empty_rows;
    let rng = &mut *c.rng;
    let mut g = || rng.chance(12);
    put_func_rows(&mut t, rows, &keys, &fmt, &|_| z, true, gap, &mut g);
    put_total_row(
        &mut t,
        4,
        "合计",
        &tot,
        &keys,
        &fmt,
        z,
        c.v.total_row_merged,
    );
    t
}

fn other(c: &mut Ctx, scope: &str) {
    let m = c.m;
    let d = m.department.clone();
    let y = m.year;
    let u = "万元";
    let th = &m.three;
    let w = |x: Decimal| wan(x).to_string();
    let f = |x: Decimal| -> String { x.to_string() };
    c.nb.heading(&mut c.blocks, "六、其他相关情况说明");
    c.nb.heading(&mut c.blocks, &format!("（一）{y}年“三公”经费预算情况说明"));
    let total = stated(c, "three_public_total", th.total());
    let (ph, ch) = change_phrase(
        wan(total),
        wan(m.three_prev.total()),
        u,
        &f,
        &format!("比{}年预算", y - 1),
    );
    let ph = if ch.as_ref().is_some_and(|x| x.direction == "flat") {
        format!("与{}年预算持平", y - 1)
    } else {
        ph
    };
    c.nb.para(
        &mut c.blocks,
        vec![
            (
                format!("{y}年“三公”经费预算数为{}{u}，{ph}", w(total)),
                vec![fig(Some("three_public_total"), "“三公”经费预算数", &w(total), u).change(ch)],
            ),
            (
                format!("其中：（一）因公出国（境）费{}{u}", w(th.outbound)),
                vec![fig(Some("outbound_travel"), "因公出国（境）费", &w(th.outbound), u)],
            ),
            (
                format!(
                    "（二）公务用车购置及运行费{}{u}，其中：公务用车购置费{}{u}，公务用车运行费{}{u}",
                    w(th.vehicle()),
                    w(th.vehicle_purchase),
                    w(th.vehicle_operation)
                ),
                vec![
                    fig(Some("vehicle_purchase_and_operation"), "公务用车购置及运行费", &w(th.vehicle()), u),
                    fig(Some("vehicle_purchase"), "公务用车购置费", &w(th.vehicle_purchase), u),
                    fig(Some("vehicle_operation"), "公务用车运行费", &w(th.vehicle_operation), u),
                ],
            ),
            (format!("（三）公务接待费{}{u}", w(th.reception)), vec![fig(Some("official_reception"), "公务接待费", &w(th.reception), u)]),
        ],
    );
    c.nb.heading(&mut c.blocks, "（二）机关运行经费预算");
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!("{y}年，{d}机关运行经费预算为{}{u}", w(m.public())),
            vec![fig(
                Some("operating_expenses"),
                "机关运行经费预算",
                &w(m.public()),
                u,
            )],
        )],
    );
    c.nb.heading(&mut c.blocks, "（三）政府采购预算情况");
    let pr = &m.procurement;
    let prt: Decimal = pr.iter().copied().sum();
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!(
                "{y}年度本{scope}政府采购预算{}{u}，其中：政府采购货物预算{}{u}、政府采购工程预算{}{u}、政府采购服务预算{}{u}",
                w(prt),
                w(pr[0]),
                w(pr[1]),
                w(pr[2])
            ),
            vec![
                fig(Some("procurement_total"), "政府采购预算", &w(prt), u),
                fig(Some("procurement_goods"), "政府采购货物预算", &w(pr[0]), u),
                fig(Some("procurement_works"), "政府采购工程预算", &w(pr[1]), u),
                fig(Some("procurement_services"), "政府采购服务预算", &w(pr[2]), u),
            ],
        )],
    );
    c.nb.heading(&mut c.blocks, "（四）绩效目标设置情况");
    let gbp = m.gb_project();
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!(
                "{y}年度，本{scope}编报绩效目标的项目共{}个，涉及项目预算资金{}{u}",
                m.projects.len(),
                w(gbp)
            ),
            vec![
                fig(
                    Some("performance_projects"),
                    "编报绩效目标的项目",
                    &m.projects.len().to_string(),
                    "个",
                ),
                fig(Some("performance_amount"), "涉及项目预算资金", &w(gbp), u),
            ],
        )],
    );
    c.nb.heading(&mut c.blocks, "（五）国有资产占有使用情况");
    c.nb.para(
        &mut c.blocks,
        vec![(
            format!("截至{}年底，{d}共有车辆{}辆", y - 1, m.vehicles),
            vec![fig(Some("vehicles"), "车辆", &m.vehicles.to_string(), "辆")],
        )],
    );
}
