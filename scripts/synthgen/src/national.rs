//! Family 1: the national budget template of the seed (表1–表9, 万元, performance targets).

use crate::Built;
use crate::build::*;
use crate::common::*;
use crate::model::*;
use crate::out::*;
use crate::rng::Rng;
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

/// Column widths: `n` columns, the name column wide, amounts narrow when `narrow`.
pub fn widths(
    n: usize,
    code_cols: usize,
    name_col: usize,
    narrow: bool,
    page: usize,
) -> Vec<usize> {
    let code_w = if code_cols == 1 { 950 } else { 600 };
    let amount_w = if narrow { 760 } else { 0 };
    let mut w = vec![0usize; n];
    let fixed_amounts = n - code_cols - 1;
    let name_w = if narrow {
        page.saturating_sub(code_cols * code_w + fixed_amounts * amount_w)
            .max(1600)
    } else {
        1900
    };
    let amount_w = if narrow {
        amount_w
    } else {
        (page.saturating_sub(code_cols * code_w + name_w) / fixed_amounts.max(1)).max(700)
    };
    for (i, x) in w.iter_mut().enumerate() {
        *x = if i < code_cols {
            code_w
        } else if i == name_col {
            name_w
        } else {
            amount_w
        };
    }
    w
}

pub struct Ctx<'a> {
    pub m: &'a Model,
    pub fmt: Fmt,
    pub v: Variation,
    pub blocks: Vec<Block>,
    pub tables: Vec<TableOut>,
    pub nb: NarrB,
    pub rng: &'a mut Rng,
    pub page: usize,
}

impl Ctx<'_> {
    pub fn txt(&self, d: Decimal) -> String {
        if self.v.integer_text_amounts {
            let s = d.normalize().to_string();
            if self.fmt.thousands {
                with_thousands(&s)
            } else {
                s
            }
        } else {
            self.fmt.text(d)
        }
    }
    pub fn push(&mut self, mut t: TableB) {
        t.repeat_header = self.v.repeat_header_rows;
        let id = self.tables.len() + 1;
        let out = t.finish(id, &mut self.blocks);
        self.tables.push(out);
    }
    pub fn gap(&mut self) -> bool {
        self.v.empty_rows && self.rng.chance(15)
    }
}

pub fn build(m: &Model, rng: &mut Rng, v: Variation) -> Built {
    let fmt = Fmt {
        thousands: false,
        zero: zero_of(&v.zero),
        trailing_space: v.trailing_space,
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
        text: format!("{y}年部门预算"),
        center: true,
        bold: true,
        size: 40,
    });
    c.blocks.push(Block::PageBreak);
    let profile = part_one(&mut c);
    c.nb.heading(&mut c.blocks, &format!("第二部分  {y}年部门预算公开表"));
    tables(&mut c);
    part_three(&mut c);
    let title = format!("{d}{y}年部门预算");
    Built {
        doc: Doc {
            blocks: c.blocks,
            landscape: c.v.landscape,
            font: c.v.font.clone(),
        },
        info: DocInfo {
            title: Some(title),
            department: Some(d),
            year: Some(y),
            kind: "budget".into(),
            scope: "department".into(),
        },
        profile,
        tables: c.tables,
        narrative: Narrative {
            figures: c.nb.figures,
            projects: projects_out(m, &c.v, "万元"),
        },
        variation: c.v,
    }
}

pub fn zero_of(s: &str) -> Zero {
    match s {
        "dash" => Zero::Dash,
        "zeros" => Zero::Zeros,
        _ => Zero::Blank,
    }
}

/// 第一部分: duties, organisation and staff; returns the profile.
pub fn part_one(c: &mut Ctx) -> Map<String, Value> {
    let m = c.m;
    let d = &m.department;
    c.nb.heading(&mut c.blocks, &format!("第一部分  {d}单位概况"));
    c.nb.heading(&mut c.blocks, "一、主要职能");
    let mut duty = String::from("本单位的主要职能有：");
    let n = c.rng.range(3, DUTIES.len() as i64) as usize;
    for (k, t) in DUTIES.iter().take(n).enumerate() {
        duty.push_str(&format!("（{}）{}。", CN_NUM[k], t));
    }
    c.nb.plain(&mut c.blocks, &duty);
    c.nb.heading(&mut c.blocks, "二、机构设置及人员情况");
    let names = m.division_names.join("、");
    let mut sents = Vec::new();
    let sub = if m.subordinate_units == 0 {
        format!(
            "{d}无下属预算单位，下设{}个科室，分别是：{names}",
            m.divisions
        )
    } else {
        format!(
            "{d}下属预算单位{}个，下设{}个科室，分别是：{names}",
            m.subordinate_units, m.divisions
        )
    };
    let mut figs = Vec::new();
    if m.subordinate_units > 0 {
        figs.push(fig(
            None,
            "下属预算单位",
            &m.subordinate_units.to_string(),
            "个",
        ));
    }
    figs.push(fig(None, "科室", &m.divisions.to_string(), "个"));
    sents.push((sub, figs));
    let staff = format!(
        "{d}编制数{}人，实有人数{}人，其中：在职{}人，退休{}人",
        m.staff_authorized, m.staff_actual, m.staff_in_service, m.retired
    );
    sents.push((
        staff,
        vec![
            fig(
                Some("staff_authorized"),
                "编制数",
                &m.staff_authorized.to_string(),
                "人",
            ),
            fig(
                Some("staff_actual"),
                "实有人数",
                &m.staff_actual.to_string(),
                "人",
            ),
            fig(None, "在职", &m.staff_in_service.to_string(), "人"),
            fig(None, "退休", &m.retired.to_string(), "人"),
        ],
    ));
    c.nb.para(&mut c.blocks, sents);
    c.blocks.push(Block::PageBreak);
    let mut p = Map::new();
    p.insert("divisions".into(), json!(m.divisions));
    p.insert("staff_authorized".into(), json!(m.staff_authorized));
    p.insert("staff_actual".into(), json!(m.staff_actual));
    p.insert("staff_in_service".into(), json!(m.staff_in_service));
    p.insert("retired".into(), json!(m.retired));
    p.insert("subordinate_units".into(), json!(m.subordinate_units));
    p.insert("division_names".into(), json!(m.division_names));
    p
}

fn new_table(
    c: &mut Ctx,
    n: usize,
    cols: usize,
    code_cols: usize,
    title: &str,
    kind: &str,
) -> TableB {
    let w = widths(cols, code_cols, code_cols, c.v.narrow_amount_cells, c.page);
    TableB::new(
        cols,
        w,
        Some(&format!("表{n}")),
        title,
        kind,
        "万元",
        Some(&c.m.department),
        "编制部门",
        c.v.title_inside_tables,
    )
}

const REV_ROWS: &[(&str, Option<usize>)] = &[
    ("财政拨款（补助）", None),
    ("    一般公共预算", Some(GB)),
    ("    政府性基金预算", Some(GF)),
    ("    国有资本经营预算", Some(SC)),
    ("财政专户（教育收费）", Some(3)),
    ("事业收入", Some(4)),
    ("事业单位经营收入", Some(5)),
    ("单位其他资金收入", Some(6)),
];

fn tables(c: &mut Ctx) {
    let m = c.m;
    let fmt = c.fmt;
    let z = fmt.zero;
    let merged = c.v.total_row_merged;
    // 表1 部门收支总体情况表
    {
        let mut t = new_table(
            c,
            1,
            4,
            0,
            "部门收支总体情况表",
            "revenue_expenditure_summary",
        );
        t.grid.widths = vec![c.page * 3 / 10, c.page / 5, c.page * 3 / 10, c.page / 5];
        t.head(0, 0, "收     入", 1, 2);
        t.head(0, 2, "支     出", 1, 2);
        t.head(1, 0, "项     目", 1, 1);
        t.head(1, 1, "预算数", 1, 1);
        t.head(1, 2, "功能分类", 1, 1);
        t.head(1, 3, "预算数", 1, 1);
        t.end_head(
            2,
            vec![
                col("amount", &["预算数"], Some("revenue"), 1),
                col("amount", &["预算数"], Some("expenditure"), 3),
            ],
        );
        let class_amt = |code: &str| -> Decimal {
            m.items
                .iter()
                .filter(|i| &i.code[..3] == code)
                .map(|i| i.total())
                .sum()
        };
        let n = CLASSES.len().max(REV_ROWS.len());
        for k in 0..n {
            let r = t.row();
            if let Some((label, src)) = REV_ROWS.get(k) {
                let v = match src {
                    None => m.fiscal(),
                    Some(s) => m.source_total(*s),
                };
                let (p, g) = fmt.cell(v);
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
            if let Some((code, name)) = CLASSES.get(k) {
                let (p, g) = fmt.cell(class_amt(code));
                t.put(r, 2, &format!("{code} {name}"));
                t.put(r, 3, &p);
                t.record(
                    true,
                    Some("expenditure"),
                    Some(code),
                    Some(name),
                    vec![("amount".into(), g)],
                    r,
                    None,
                );
            }
        }
        let r = t.row();
        let (p, g) = fmt.cell_z(m.total(), z);
        t.put(r, 0, "收  入  总  计");
        t.put(r, 1, &p);
        t.put(r, 2, "支  出  总  计");
        t.put(r, 3, &p);
        t.record(
            false,
            Some("revenue"),
            None,
            Some("收入总计"),
            vec![("amount".into(), g.clone())],
            r,
            None,
        );
        t.record(
            true,
            Some("expenditure"),
            None,
            Some("支出总计"),
            vec![("amount".into(), g)],
            r,
            None,
        );
        c.push(t);
    }
    // 表2 部门收入总体情况表
    {
        let mut t = new_table(c, 2, 12, 3, "部门收入总体情况表", "revenue");
        let heads = [
            "总  计",
            "一般公共预算拨款",
            "政府性基金预算拨款",
            "国有资本经营预算",
            "财政专户（教育收费）",
            "事业收入",
            "事业单位经营收入",
            "单位其他资金收入",
        ];
        let keys = [
            "total",
            "general_budget",
            "gov_fund",
            "state_capital",
            "special_account",
            "business",
            "operating",
            "other",
        ];
        t.head(0, 0, "功能分类科目编码", 1, 3);
        t.head(0, 3, "功能分类科目名称", 2, 1);
        let mut cols = Vec::new();
        for (k, h) in heads.iter().enumerate() {
            t.head(0, 4 + k, h, 2, 1);
            cols.push(col(keys[k], &[h], None, 4 + k));
        }
        t.head(1, 0, "类", 1, 1);
        t.head(1, 1, "款", 1, 1);
        t.head(1, 2, "项", 1, 1);
        t.end_head(2, cols);
        let items = m.items_of(&[0, 1, 2, 3, 4, 5, 6]);
        let rows = func_rows(&items, &|i: &Item| {
            let mut v = vec![i.total()];
            v.extend((0..7).map(|s| i.source_total(s)));
            v
        });
        let gap = c.v.empty_rows;
        let mut g = || false;
        put_func_rows(&mut t, &rows, &keys, &fmt, &|_| z, true, gap, &mut g);
        let mut tot = vec![m.total()];
        tot.extend((0..7).map(|s| m.source_total(s)));
        put_total_row(&mut t, 4, "合计", &tot, &keys, &fmt, z, merged);
        c.push(t);
    }
    // 表3 部门支出总体情况表
    {
        let items = m.items_of(&[0, 1, 2, 3, 4, 5, 6]);
        let rows = func_rows(&items, &|i: &Item| vec![i.total(), i.basic(), i.project()]);
        let t = expenditure_table(
            c,
            3,
            "部门支出总体情况表",
            "expenditure",
            "支出预算",
            &rows,
            [m.total(), m.basic(), m.project()],
        );
        c.push(t);
    }
    // 表4 财政拨款收支预算总体情况表
    {
        let mut t = new_table(c, 4, 7, 0, "财政拨款收支预算总体情况表", "fiscal_summary");
        let p = c.page;
        t.grid.widths = vec![
            p * 2 / 10,
            p / 10,
            p * 3 / 10,
            p / 10,
            p / 10,
            p / 10,
            p / 10,
        ];
        t.head(0, 0, "财政拨款收入", 1, 2);
        t.head(0, 2, "财政拨款支出", 1, 5);
        for (k, h) in [
            "项    目",
            "合  计",
            "功  能  分  类",
            "合 计",
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
                col("total", &["合计"], Some("revenue"), 1),
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
        let rev: [(&str, Decimal); 4] = [
            ("财政拨款（补助）", m.fiscal()),
            ("  一般公共预算", m.source_total(GB)),
            ("  政府性基金预算", m.source_total(GF)),
            ("  国有资本经营预算", m.source_total(SC)),
        ];
        let cls = |code: &str, s: usize| -> Decimal {
            m.items
                .iter()
                .filter(|i| &i.code[..3] == code)
                .map(|i| i.source_total(s))
                .sum()
        };
        for k in 0..CLASSES.len() {
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
                    vec![("total".into(), g)],
                    r,
                    None,
                );
            }
            let (code, name) = CLASSES[k];
            let vals = [
                cls(code, GB) + cls(code, GF) + cls(code, SC),
                cls(code, GB),
                cls(code, GF),
                cls(code, SC),
            ];
            t.put(r, 2, &format!("{code} {name}"));
            let keys = ["total", "general_budget", "gov_fund", "state_capital"];
            let mut gv = Vec::new();
            for (j, v) in vals.iter().enumerate() {
                let (p, g) = fmt.cell(*v);
                t.put(r, 3 + j, &p);
                gv.push((keys[j].to_string(), g));
            }
            t.record(
                true,
                Some("expenditure"),
                Some(code),
                Some(name),
                gv,
                r,
                None,
            );
        }
        let r = t.row();
        let (p, g) = fmt.cell_z(m.fiscal(), z);
        t.put(r, 0, "收  入  总  计");
        t.put(r, 1, &p);
        t.put(r, 2, "支  出  总  计");
        let keys = ["total", "general_budget", "gov_fund", "state_capital"];
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
            vec![("total".into(), g)],
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
    // 表5 一般公共预算支出情况表
    {
        let items = m.items_of(&[GB]);
        let rows = func_rows(&items, &|i: &Item| {
            vec![i.source_total(GB), i.amounts[GB].0, i.amounts[GB].1]
        });
        let t = expenditure_table(
            c,
            5,
            "一般公共预算支出情况表",
            "general_budget_expenditure",
            "一般公共预算支出",
            &rows,
            [m.source_total(GB), m.gb_basic(), m.gb_project()],
        );
        c.push(t);
    }
    // 表6 一般公共预算基本支出情况表
    {
        let mut t = new_table(
            c,
            6,
            6,
            2,
            "一般公共预算基本支出情况表",
            "general_budget_basic_expenditure",
        );
        t.head(0, 0, "项目", 1, 3);
        t.head(0, 3, "一般公共预算基本支出", 1, 3);
        t.head(1, 0, "经济分类科目编码", 1, 2);
        t.head(1, 2, "经济分类科目名称", 2, 1);
        t.head(1, 3, "合  计", 2, 1);
        t.head(1, 4, "人员经费", 2, 1);
        t.head(1, 5, "公用经费", 2, 1);
        t.head(2, 0, "类", 1, 1);
        t.head(2, 1, "款", 1, 1);
        let keys = ["total", "personnel", "public"];
        t.end_head(
            3,
            vec![
                col("total", &["一般公共预算基本支出", "合计"], None, 3),
                col("personnel", &["一般公共预算基本支出", "人员经费"], None, 4),
                col("public", &["一般公共预算基本支出", "公用经费"], None, 5),
            ],
        );
        let rows = econ_rows(m);
        for fr in &rows {
            let r = t.row();
            for (k, p) in fr.parts.iter().enumerate() {
                t.put(r, k, p);
            }
            t.put(r, 2, &fr.name);
            let mut vals = Vec::new();
            for (k, v) in fr.values.iter().enumerate() {
                // the seed prints 0.00 for the empty personnel/public side
                let (p, g) = fmt.cell_z(*v, if k == 0 { z } else { Zero::Zeros });
                t.put(r, 3 + k, &p);
                vals.push((keys[k].to_string(), g));
            }
            let code = fr.code();
            t.record(false, None, Some(&code), Some(&fr.name), vals, r, None);
        }
        put_total_row(
            &mut t,
            3,
            "合  计",
            &[m.gb_basic(), m.personnel(), m.public()],
            &keys,
            &fmt,
            Zero::Zeros,
            merged,
        );
        c.push(t);
    }
    // 表7 一般公共预算项目支出情况表
    {
        let ncols = 6 + PROJECT_ECON.len();
        let mut t = new_table(
            c,
            7,
            ncols,
            3,
            "一般公共预算项目支出情况表",
            "general_budget_project_expenditure",
        );
        let mut w = vec![(c.page - 1350 - 2600) / 11; ncols];
        w[0] = 450;
        w[1] = 450;
        w[2] = 450;
        w[3] = 1200;
        w[4] = 1400;
        t.grid.widths = w;
        t.head(0, 0, "科 目 编 码", 1, 3);
        t.head(0, 3, "科目", 2, 1);
        t.head(0, 4, "项目名称", 2, 1);
        t.head(0, 5, "项目支出合计", 2, 1);
        let mut cols = vec![col("total", &["项目支出合计"], None, 5)];
        for (k, (key, h)) in PROJECT_ECON.iter().enumerate() {
            t.head(0, 6 + k, h, 2, 1);
            cols.push(col(key, &[h], None, 6 + k));
        }
        t.head(1, 0, "类", 1, 1);
        t.head(1, 1, "款", 1, 1);
        t.head(1, 2, "项", 1, 1);
        t.end_head(2, cols);
        let mut keys = vec!["total"];
        keys.extend(PROJECT_ECON.iter().map(|(k, _)| *k));
        let items: Vec<&Item> = m
            .items
            .iter()
            .filter(|i| !i.amounts[GB].1.is_zero())
            .collect();
        let econ_of = |i: &Item| -> Vec<Decimal> {
            let idx = m.items.iter().position(|x| x.code == i.code).unwrap_or(0);
            let mut v = vec![Decimal::ZERO; 11];
            for p in m.projects.iter().filter(|p| p.item == idx) {
                v[0] += p.amount;
                for k in 0..10 {
                    v[k + 1] += p.econ[k];
                }
            }
            v
        };
        let rows = func_rows(&items, &econ_of);
        for fr in &rows {
            if fr.parts.len() < 3 {
                let r = t.row();
                for (k, p) in fr.parts.iter().enumerate() {
                    t.put(r, k, p);
                }
                t.put(r, 3, &fr.name);
                let vals = project_vals(&mut t, r, &fr.values, &keys, &fmt);
                t.record(
                    false,
                    None,
                    Some(&fr.code()),
                    Some(&fr.name),
                    vals,
                    r,
                    Some(None),
                );
            } else {
                let idx = m
                    .items
                    .iter()
                    .position(|x| x.code == fr.code())
                    .unwrap_or(0);
                for p in m.projects.iter().filter(|p| p.item == idx) {
                    let r = t.row();
                    for (k, part) in fr.parts.iter().enumerate() {
                        t.put(r, k, part);
                    }
                    t.put(r, 3, &fr.name);
                    t.put(r, 4, &p.name);
                    let mut v = vec![p.amount];
                    v.extend(p.econ.iter().copied());
                    let vals = project_vals(&mut t, r, &v, &keys, &fmt);
                    t.record(
                        false,
                        None,
                        Some(&fr.code()),
                        Some(&fr.name),
                        vals,
                        r,
                        Some(Some(p.name.clone())),
                    );
                }
            }
        }
        let r = t.row();
        t.put_span(r, 0, "合 计", 5);
        let mut tot = vec![m.gb_project()];
        for k in 0..10 {
            tot.push(m.projects.iter().map(|p| p.econ[k]).sum());
        }
        let vals = project_vals(&mut t, r, &tot, &keys, &fmt);
        t.record(false, None, None, Some("合计"), vals, r, Some(None));
        c.push(t);
    }
    // 表8 一般公共预算“三公”经费支出情况表
    three_public_table(
        c,
        Some("表8"),
        "一般公共预算“三公”经费支出情况表",
        "万元",
        Some("编制部门"),
        false,
    );
    // 表9 政府性基金预算支出情况表
    {
        let items = m.items_of(&[GF]);
        let rows = func_rows(&items, &|i: &Item| {
            vec![i.source_total(GF), i.amounts[GF].0, i.amounts[GF].1]
        });
        let tot = [m.source_total(GF), Decimal::ZERO, m.source_total(GF)];
        let tot = [tot[0], items.iter().map(|i| i.amounts[GF].0).sum(), tot[2]];
        let mut t = expenditure_table(
            c,
            9,
            "政府性基金预算支出情况表",
            "gov_fund_expenditure",
            "政府性基金预算支出",
            &rows,
            tot,
        );
        if rows.is_empty() {
            t.note = Some("备注：我单位无政府性基金预算，此表为空表。".into());
        }
        c.push(t);
    }
}

fn project_vals(
    t: &mut TableB,
    r: usize,
    v: &[Decimal],
    keys: &[&str],
    fmt: &Fmt,
) -> Vec<(String, Option<String>)> {
    let mut vals = Vec::new();
    for (k, x) in v.iter().enumerate() {
        let (p, g) = fmt.cell_z(*x, if k == 0 { fmt.zero } else { Zero::Blank });
        t.put(r, 5 + k, &p);
        vals.push((keys[k].to_string(), g));
    }
    vals
}

/// 表3 / 表5 / 表9 layout: 项目 | <group> over 类 款 项 名称 合计 基本支出 项目支出.
fn expenditure_table(
    c: &mut Ctx,
    n: usize,
    title: &str,
    kind: &str,
    group: &str,
    rows: &[FRow],
    tot: [Decimal; 3],
) -> TableB {
    let fmt = c.fmt;
    let z = fmt.zero;
    let mut t = new_table(c, n, 7, 3, title, kind);
    let keys = ["total", "basic", "project"];
    if c.v.compact_headers {
        t.head(0, 0, "功能分类科目编码", 1, 3);
        t.head(0, 3, "功能分类科目名称", 2, 1);
        t.head(0, 4, "合  计", 2, 1);
        t.head(0, 5, "基本支出", 2, 1);
        t.head(0, 6, "项目支出", 2, 1);
        t.head(1, 0, "类", 1, 1);
        t.head(1, 1, "款", 1, 1);
        t.head(1, 2, "项", 1, 1);
        t.end_head(
            2,
            vec![
                col("total", &["合计"], None, 4),
                col("basic", &["基本支出"], None, 5),
                col("project", &["项目支出"], None, 6),
            ],
        );
    } else {
        t.head(0, 0, "项    目", 1, 4);
        t.head(0, 4, group, 1, 3);
        t.head(1, 0, "功能分类科目编码", 1, 3);
        t.head(1, 3, "功能分类科目名称", 2, 1);
        t.head(1, 4, "合  计", 2, 1);
        t.head(1, 5, "基本支出", 2, 1);
        t.head(1, 6, "项目支出", 2, 1);
        t.head(2, 0, "类", 1, 1);
        t.head(2, 1, "款", 1, 1);
        t.head(2, 2, "项", 1, 1);
        t.end_head(
            3,
            vec![
                col("total", &[group, "合计"], None, 4),
                col("basic", &[group, "基本支出"], None, 5),
                col("project", &[group, "项目支出"], None, 6),
            ],
        );
    }
    if rows.is_empty() {
        put_empty_total(&mut t, 4, "合  计", &keys, c.v.total_row_merged);
        return t;
    }
    let gap = c.v.empty_rows;
    let rng = &mut *c.rng;
    let mut g = || rng.chance(12);
    put_func_rows(&mut t, rows, &keys, &fmt, &|_| z, true, gap, &mut g);
    put_total_row(
        &mut t,
        4,
        "合  计",
        &tot,
        &keys,
        &fmt,
        z,
        c.v.total_row_merged,
    );
    t
}

/// The 三公 table (national layout; `with_operating` adds 机关运行经费, Shanghai layout).
pub fn three_public_table(
    c: &mut Ctx,
    number: Option<&str>,
    title: &str,
    unit: &str,
    dept_label: Option<&str>,
    shanghai: bool,
) {
    let m = c.m;
    let th = &m.three;
    let fmt = Fmt {
        thousands: false,
        zero: c.fmt.zero,
        trailing_space: c.fmt.trailing_space,
    };
    // amounts of the 元 model are printed in 万元 here
    let conv = |d: Decimal| -> Decimal {
        if m.wan {
            d
        } else {
            (d / Decimal::new(10000, 0)).round_dp(2)
        }
    };
    let ncols = if shanghai { 7 } else { 6 };
    let w = vec![c.page / ncols; ncols];
    let dept = dept_label.map(|_| m.department.as_str());
    let mut t = TableB::new(
        ncols,
        w,
        number,
        title,
        "three_public",
        unit,
        dept,
        dept_label.unwrap_or("编制部门"),
        c.v.title_inside_tables,
    );
    let mut vals_d = vec![
        conv(th.total()),
        conv(th.outbound),
        conv(th.vehicle()),
        conv(th.vehicle_purchase),
        conv(th.vehicle_operation),
        conv(th.reception),
    ];
    let keys_nat = [
        "total",
        "outbound",
        "vehicle_total",
        "vehicle_purchase",
        "vehicle_operation",
        "reception",
    ];
    if shanghai {
        // “三公”经费预算数 over 合计 | 因公出国(境)费 | 公务用车购置及运行费(小计 购置费 运行费) | 公务接待费 ; 机关运行经费预算数
        t.head(0, 0, "“三公”经费预算数", 1, 6);
        t.head(0, 6, "机关运行经费预算数", 3, 1);
        t.head(1, 0, "合计", 2, 1);
        t.head(1, 1, "因公出国(境)费", 2, 1);
        t.head(1, 2, "公务用车购置及运行费", 1, 3);
        t.head(1, 5, "公务接待费", 2, 1);
        t.head(2, 2, "小计", 1, 1);
        t.head(2, 3, "购置费", 1, 1);
        t.head(2, 4, "运行费", 1, 1);
        let g = "“三公”经费预算数";
        t.end_head(
            3,
            vec![
                col("total", &[g, "合计"], None, 0),
                col("outbound", &[g, "因公出国(境)费"], None, 1),
                col(
                    "vehicle_total",
                    &[g, "公务用车购置及运行费", "小计"],
                    None,
                    2,
                ),
                col(
                    "vehicle_purchase",
                    &[g, "公务用车购置及运行费", "购置费"],
                    None,
                    3,
                ),
                col(
                    "vehicle_operation",
                    &[g, "公务用车购置及运行费", "运行费"],
                    None,
                    4,
                ),
                col("reception", &[g, "公务接待费"], None, 5),
                col("operating_expenses", &["机关运行经费预算数"], None, 6),
            ],
        );
        // reorder: 合计 因公 小计 购置 运行 接待 机关运行
        vals_d.push(conv(m.public()));
    } else {
        t.head(0, 0, "合  计", 2, 1);
        t.head(0, 1, "因公出国（境）费", 2, 1);
        t.head(0, 2, "公务用车购置及运行费", 1, 3);
        t.head(0, 5, "公务接待费", 2, 1);
        t.head(1, 2, "合计", 1, 1);
        t.head(1, 3, "公务用车购置费", 1, 1);
        t.head(1, 4, "公务用车运行费", 1, 1);
        t.end_head(
            2,
            vec![
                col("total", &["合计"], None, 0),
                col("outbound", &["因公出国（境）费"], None, 1),
                col("vehicle_total", &["公务用车购置及运行费", "合计"], None, 2),
                col(
                    "vehicle_purchase",
                    &["公务用车购置及运行费", "公务用车购置费"],
                    None,
                    3,
                ),
                col(
                    "vehicle_operation",
                    &["公务用车购置及运行费", "公务用车运行费"],
                    None,
                    4,
                ),
                col("reception", &["公务接待费"], None, 5),
            ],
        );
    }
    let mut keys: Vec<&str> = keys_nat.to_vec();
    if shanghai {
        keys.push("operating_expenses");
    }
    let r = t.row();
    let mut vals = Vec::new();
    for (k, v) in vals_d.iter().enumerate() {
        let (p, g) = fmt.cell_z(
            *v,
            if fmt.zero == Zero::Blank {
                Zero::Zeros
            } else {
                fmt.zero
            },
        );
        t.put(r, k, &p);
        vals.push((keys[k].to_string(), g));
    }
    t.record(false, None, None, None, vals, r, None);
    c.push(t);
}

pub fn projects_out(m: &Model, v: &Variation, unit: &str) -> Vec<ProjectOut> {
    m.projects
        .iter()
        .map(|p| ProjectOut {
            name: p.name.clone(),
            amount: Some(amount_text(p.amount, v)),
            unit: Some(unit.into()),
            basis: Some(format!("根据{}《三定方案》职责", m.department)),
            executor: Some(m.department.clone()),
            period: Some(format!("{}年1月1日—{}年12月31日", m.year, m.year)),
            allocations: p
                .allocations
                .iter()
                .map(|(i, a)| AllocationOut {
                    item: i.clone(),
                    amount: amount_text(*a, v),
                    unit: unit.into(),
                })
                .collect(),
        })
        .collect()
}

fn amount_text(d: Decimal, v: &Variation) -> String {
    if v.integer_text_amounts {
        d.normalize().to_string()
    } else {
        d.to_string()
    }
}

/// 第三部分: the narrative with its figures (and the project blocks, performance tables).
fn part_three(c: &mut Ctx) {
    let m = c.m;
    let d = m.department.clone();
    let y = m.year;
    let u = "万元";
    let bad = c.v.inconsistencies.clone();
    let wrong = |key: &str, v: Decimal| -> Decimal {
        for b in &bad {
            if b["figure"] == key
                && let Some(s) = b["stated"].as_str()
                && let Ok(x) = s.parse::<Decimal>()
            {
                return x;
            }
        }
        v
    };
    let blocks = &mut c.blocks;
    let nb = &mut c.nb;
    let v = c.v.clone();
    let txt = |x: Decimal| -> String {
        if v.integer_text_amounts {
            x.normalize().to_string()
        } else {
            x.to_string()
        }
    };
    blocks.push(Block::PageBreak);
    nb.heading(blocks, &format!("第三部分  {y}年{d}预算情况说明"));
    nb.heading(blocks, &format!("一、关于{d}{y}年收支预算情况的总体说明"));
    let tot = m.total();
    nb.para(
        blocks,
        vec![
            (
                format!("按照全口径预算的原则，{d}{y}年所有收入和支出均纳入部门预算管理"),
                vec![],
            ),
            (
                format!("收支总预算{}{u}", txt(tot)),
                vec![fig(None, "收支总预算", &txt(tot), u)],
            ),
        ],
    );
    nb.heading(blocks, &format!("二、关于{d}{y}年收入预算情况说明"));
    let rev = wrong("revenue_total", tot);
    let (ph, ch) = change_phrase(rev, m.prev_revenue, u, &txt, "比上年预算");
    let mut sents = vec![(
        format!("{d}收入预算{}{u}，{ph}", txt(rev)),
        vec![fig(Some("revenue_total"), "收入预算", &txt(rev), u).change(ch)],
    )];
    let labels = [
        "一般公共预算拨款",
        "政府性基金预算拨款",
        "国有资本经营预算拨款",
        "财政专户管理资金",
        "事业收入",
        "事业单位经营收入",
        "其他收入",
    ];
    let mut first = true;
    for (s, label) in labels.iter().enumerate() {
        let x = m.source_total(s);
        if x.is_zero() {
            continue;
        }
        let sh = share(x, tot);
        let key = if s == GB {
            Some("general_budget_total")
        } else {
            None
        };
        let pre = if first { "其中：" } else { "" };
        first = false;
        sents.push((
            format!("{pre}{label}{}{u}，占{sh}%", txt(x)),
            vec![fig(key, label, &txt(x), u).share(Some(sh))],
        ));
    }
    nb.para(blocks, sents);
    nb.heading(blocks, &format!("三、关于{d}{y}年支出预算情况说明"));
    let basic = wrong("basic_expenditure", m.basic());
    let project = m.project();
    let (pb, cb) = change_phrase(basic, m.prev_basic, u, &txt, "比上年预算");
    let (pp, cp) = change_phrase(project, m.prev_project, u, &txt, "比上年预算");
    let sb = share(basic, tot);
    let sp = share(project, tot);
    nb.para(
        blocks,
        vec![
            (
                format!("{d}{y}年支出预算{}{u}", txt(tot)),
                vec![fig(Some("expenditure_total"), "支出预算", &txt(tot), u)],
            ),
            (
                format!("其中：基本支出{}{u}，占{sb}%，{pb}", txt(basic)),
                vec![
                    fig(Some("basic_expenditure"), "基本支出", &txt(basic), u)
                        .share(Some(sb.clone()))
                        .change(cb),
                ],
            ),
            (
                format!("项目支出{}{u}，占{sp}%，{pp}", txt(project)),
                vec![
                    fig(Some("project_expenditure"), "项目支出", &txt(project), u)
                        .share(Some(sp))
                        .change(cp),
                ],
            ),
        ],
    );
    nb.heading(
        blocks,
        &format!("四、关于{d}{y}年财政拨款收支预算情况的总体说明"),
    );
    let fiscal = m.fiscal();
    let mut sents = vec![(
        format!("{y}年财政拨款收支总预算{}{u}", txt(fiscal)),
        vec![fig(
            Some("fiscal_appropriation_total"),
            "财政拨款收支总预算",
            &txt(fiscal),
            u,
        )],
    )];
    let gb_items = m.items_of(&[GB]);
    let rows = func_rows(&gb_items, &|i: &Item| vec![i.source_total(GB)]);
    let mut first = true;
    for fr in rows.iter().filter(|r| r.parts.len() == 1) {
        let pre = if first {
            "一般公共预算支出包括："
        } else {
            ""
        };
        first = false;
        sents.push((
            format!("{pre}{}{}{u}", fr.name, txt(fr.values[0])),
            vec![fig(None, &fr.name, &txt(fr.values[0]), u)],
        ));
    }
    nb.para(blocks, sents);
    nb.heading(
        blocks,
        &format!("五、关于{d}{y}年一般公共预算当年拨款情况说明"),
    );
    nb.heading(blocks, "（一）一般公共预算当年拨款规模变化情况");
    let gbt = m.source_total(GB);
    nb.para(
        blocks,
        vec![(
            format!("{d}{y}年一般公共预算拨款合计{}{u}", txt(gbt)),
            vec![fig(
                Some("general_budget_total"),
                "一般公共预算拨款合计",
                &txt(gbt),
                u,
            )],
        )],
    );
    nb.heading(blocks, "（二）一般公共预算当年拨款结构情况");
    let mut sents = Vec::new();
    for (k, fr) in rows.iter().filter(|r| r.parts.len() == 1).enumerate() {
        let sh = share(fr.values[0], gbt);
        sents.push((
            format!("{}.{}{}{u}，占{sh}%", k + 1, fr.name, txt(fr.values[0])),
            vec![fig(None, &fr.name, &txt(fr.values[0]), u).share(Some(sh))],
        ));
    }
    nb.para(blocks, sents);
    nb.heading(blocks, "（三）一般公共预算当年拨款具体使用情况");
    let mut k = 0;
    for it in m
        .items
        .iter()
        .filter(|i| !i.amounts[GB].0.is_zero() || !i.amounts[GB].1.is_zero())
    {
        k += 1;
        let cur = it.source_total(GB);
        let label = format!(
            "{}（类）{}（款）{}（项）",
            class_name(&it.code[..3]),
            kuan_name(&it.code[..5]),
            it.name
        );
        let prev = if it.total() == cur {
            it.prev_total
        } else {
            Decimal::ZERO
        };
        let (ph, ch) = if prev.is_zero() {
            (String::new(), None)
        } else {
            change_phrase(cur, prev, u, &txt, "比上年预算")
        };
        let sent = if ph.is_empty() {
            format!("{k}.“{label}”{}{u}", txt(cur))
        } else {
            format!("{k}.“{label}”{}{u}，{ph}", txt(cur))
        };
        nb.para(
            blocks,
            vec![(sent, vec![fig(None, &label, &txt(cur), u).change(ch)])],
        );
    }
    nb.heading(
        blocks,
        &format!("六、关于{d}{y}年一般公共预算基本支出情况说明"),
    );
    let pers_names: Vec<&str> = m
        .econ
        .iter()
        .filter(|e| !e.personnel.is_zero())
        .map(|e| e.name.as_str())
        .collect();
    let pub_names: Vec<&str> = m
        .econ
        .iter()
        .filter(|e| !e.public.is_zero())
        .map(|e| e.name.as_str())
        .collect();
    nb.para(
        blocks,
        vec![
            (
                format!(
                    "{d}{y}年一般公共预算基本支出{}{u}，其中：人员经费{}{u}，主要包括：{}",
                    txt(m.gb_basic()),
                    txt(m.personnel()),
                    pers_names.join("、")
                ),
                vec![
                    fig(
                        Some("basic_expenditure"),
                        "一般公共预算基本支出",
                        &txt(m.gb_basic()),
                        u,
                    ),
                    fig(
                        Some("personnel_expenses"),
                        "人员经费",
                        &txt(m.personnel()),
                        u,
                    ),
                ],
            ),
            (
                format!(
                    "公用经费{}{u}，主要包括：{}",
                    txt(m.public()),
                    pub_names.join("、")
                ),
                vec![fig(
                    Some("public_expenses"),
                    "公用经费",
                    &txt(m.public()),
                    u,
                )],
            ),
        ],
    );
    nb.heading(
        blocks,
        &format!("七、关于{d}{y}年一般公共预算项目支出情况说明"),
    );
    let pv = v.clone();
    for (k, p) in m.projects.iter().enumerate() {
        nb.plain(blocks, &format!("{}、项目名称：{}", k + 1, p.name));
        nb.plain(blocks, &format!("设立的政策依据：根据{d}《三定方案》职责"));
        nb.plain(
            blocks,
            &format!("预算安排规模：{}{u}", amount_text(p.amount, &pv)),
        );
        nb.plain(blocks, &format!("项目承担单位：{d}"));
        let al: Vec<String> = p
            .allocations
            .iter()
            .map(|(i, a)| format!("{i}{}{u}", amount_text(*a, &pv)))
            .collect();
        nb.plain(blocks, &format!("资金分配情况：{}。", al.join("，")));
        nb.plain(blocks, &format!("资金执行时间：{y}年1月1日—{y}年12月31日"));
    }
    if m.projects.is_empty() {
        nb.plain(blocks, "本单位无一般公共预算项目支出。");
    }
    nb.heading(
        blocks,
        &format!("八、关于{d}{y}年一般公共预算“三公”经费预算情况说明"),
    );
    let th = &m.three;
    let three_t = wrong("three_public_total", th.total());
    let (ph, ch) = change_phrase(three_t, m.three_prev.total(), u, &txt, "比上年预算");
    nb.para(
        blocks,
        vec![(
            format!(
                "{d}{y}年一般公共预算“三公”经费预算数为{}{u}，{ph}，其中：因公出国（境）费{}{u}，公务用车购置费{}{u}，公务用车运行费{}{u}，公务接待费{}{u}",
                txt(three_t),
                txt(th.outbound),
                txt(th.vehicle_purchase),
                txt(th.vehicle_operation),
                txt(th.reception)
            ),
            vec![
                fig(Some("three_public_total"), "一般公共预算“三公”经费预算数", &txt(three_t), u).change(ch),
                fig(Some("outbound_travel"), "因公出国（境）费", &txt(th.outbound), u),
                fig(Some("vehicle_purchase"), "公务用车购置费", &txt(th.vehicle_purchase), u),
                fig(Some("vehicle_operation"), "公务用车运行费", &txt(th.vehicle_operation), u),
                fig(Some("official_reception"), "公务接待费", &txt(th.reception), u),
            ],
        )],
    );
    nb.heading(
        blocks,
        &format!("九、关于{d}{y}年政府性基金预算拨款情况说明"),
    );
    let gf = m.source_total(GF);
    if gf.is_zero() {
        nb.plain(
            blocks,
            &format!(
                "{d}{y}年没有使用政府性基金预算拨款安排的支出，政府性基金预算支出情况表为空表。"
            ),
        );
    } else {
        nb.para(
            blocks,
            vec![(
                format!("{d}{y}年政府性基金预算拨款支出{}{u}", txt(gf)),
                vec![fig(None, "政府性基金预算拨款支出", &txt(gf), u)],
            )],
        );
    }
    nb.heading(blocks, "十、其他重要事项的情况说明");
    nb.heading(blocks, "（一）机关运行经费情况");
    let op = wrong("operating_expenses", m.public());
    let (ph, ch) = change_phrase(op, m.prev_operating, u, &txt, "比上年预算");
    nb.para(
        blocks,
        vec![(
            format!("{y}年，{d}的机关运行经费财政拨款预算{}{u}，{ph}", txt(op)),
            vec![
                fig(
                    Some("operating_expenses"),
                    "机关运行经费财政拨款预算",
                    &txt(op),
                    u,
                )
                .change(ch),
            ],
        )],
    );
    nb.heading(blocks, "（二）政府采购情况");
    let pr = &m.procurement;
    let prt: Decimal = pr.iter().copied().sum();
    nb.para(
        blocks,
        vec![
            (
                format!(
                    "{y}年，{d}政府采购预算{}{u}，其中：政府采购货物预算{}{u}，政府采购工程预算{}{u}，政府采购服务预算{}{u}",
                    txt(prt),
                    txt(pr[0]),
                    txt(pr[1]),
                    txt(pr[2])
                ),
                vec![
                    fig(Some("procurement_total"), "政府采购预算", &txt(prt), u),
                    fig(Some("procurement_goods"), "政府采购货物预算", &txt(pr[0]), u),
                    fig(Some("procurement_works"), "政府采购工程预算", &txt(pr[1]), u),
                    fig(Some("procurement_services"), "政府采购服务预算", &txt(pr[2]), u),
                ],
            ),
            (
                format!("{y}年度本部门面向中小企业预留政府采购项目预算金额{}{u}，其中：面向小微企业预留政府采购项目预算金额{}{u}", txt(m.sme), txt(m.small_micro)),
                vec![
                    fig(Some("sme_reserved"), "面向中小企业预留政府采购项目预算金额", &txt(m.sme), u),
                    fig(Some("small_micro_reserved"), "面向小微企业预留政府采购项目预算金额", &txt(m.small_micro), u),
                ],
            ),
        ],
    );
    nb.heading(blocks, "（三）国有资产占用使用情况");
    nb.para(
        blocks,
        vec![(
            format!("截至{}年底，{d}共有车辆{}辆", y - 1, m.vehicles),
            vec![fig(Some("vehicles"), "车辆", &m.vehicles.to_string(), "辆")],
        )],
    );
    nb.heading(blocks, "（四）预算绩效情况");
    let gbp = m.gb_project();
    nb.para(
        blocks,
        vec![(
            format!(
                "{y}年度，本年度预算绩效管理的财政拨款项目{}个，涉及预算金额{}{u}",
                m.projects.len(),
                txt(gbp)
            ),
            vec![
                fig(
                    Some("performance_projects"),
                    "预算绩效管理的财政拨款项目",
                    &m.projects.len().to_string(),
                    "个",
                ),
                fig(Some("performance_amount"), "涉及预算金额", &txt(gbp), u),
            ],
        )],
    );
    nb.plain(blocks, "具体情况见下表（按项目分别填报）：");
    for p in m.projects.clone() {
        perf_table(c, &p);
    }
    let blocks = &mut c.blocks;
    let nb = &mut c.nb;
    nb.heading(blocks, "（五）其他需说明的事项");
    nb.plain(blocks, "无其他需要说明的事项。");
    nb.heading(blocks, "第四部分  名词解释");
    nb.plain(
        blocks,
        "一、财政拨款：指由一般公共预算、政府性基金预算、国有资本经营预算安排的财政拨款数。",
    );
    nb.plain(blocks, "二、基本支出：包括人员经费、公用经费。");
    nb.plain(
        blocks,
        "三、项目支出：在基本支出预算之外为完成特定行政任务和事业发展目标所发生的支出。",
    );
}

/// 项目支出绩效目标表 of one project (title inside the table, as in the seed).
fn perf_table(c: &mut Ctx, p: &Project) {
    let m = c.m;
    let w = vec![c.page / 5, c.page / 5, c.page * 3 / 10, c.page * 3 / 10];
    let mut g = Grid::new(4, w);
    g.put(0, 0, "项  目  支  出  绩  效  目  标  表", 1, 4);
    g.put(1, 0, &format!("({}年)", m.year), 1, 4);
    g.put(2, 0, "预算单位", 1, 1);
    g.put(2, 1, &m.department, 1, 3);
    g.put(3, 0, "项目名称", 1, 1);
    g.put(3, 1, &p.name, 1, 3);
    g.put(4, 0, "项目资金（万元）", 3, 1);
    g.put(4, 1, "年度资金总额：", 1, 1);
    g.put(4, 2, &p.amount.to_string(), 1, 2);
    g.put(5, 1, "其中：财政拨款", 1, 1);
    g.put(5, 2, &p.amount.to_string(), 1, 2);
    g.put(6, 1, "其他资金", 1, 1);
    g.put(6, 2, "0", 1, 2);
    g.put(7, 0, "项目总体目标", 1, 1);
    g.put(
        7,
        1,
        &format!(
            "目标1：按期完成{}各项工作任务。目标2：资金使用规范，绩效目标全部实现。",
            p.name
        ),
        1,
        3,
    );
    g.put(8, 0, "一级指标", 1, 1);
    g.put(8, 1, "二级指标", 1, 1);
    g.put(8, 2, "三级指标", 1, 1);
    g.put(8, 3, "指标值（包含数字及文字描述）", 1, 1);
    // indicators: (level1, level2, indicator, target)
    let mut ind: Vec<(&str, &str, String, String)> = Vec::new();
    for (i, a) in p.allocations.iter().enumerate() {
        ind.push((
            "产出指标",
            "数量指标",
            format!("完成{}相关任务", a.0),
            format!(">={}次", i + 1),
        ));
    }
    ind.push((
        "产出指标",
        "质量指标",
        "任务完成合格率".into(),
        ">=90%".into(),
    ));
    ind.push((
        "产出指标",
        "时效指标",
        "任务完成及时率".into(),
        ">=95%".into(),
    ));
    for a in &p.allocations {
        ind.push((
            "产出指标",
            "成本指标",
            a.0.clone(),
            format!("<={}万", a.1.normalize()),
        ));
    }
    ind.push((
        "效益指标",
        "社会效益指标",
        "服务对象覆盖率".into(),
        ">=90%".into(),
    ));
    ind.push((
        "满意度指标",
        "满意度指标",
        "服务对象满意度".into(),
        ">=90%".into(),
    ));
    let start = 9;
    let mut records = Vec::new();
    let mut k = 0;
    while k < ind.len() {
        // merged level1 / level2 runs
        let l1 = ind[k].0;
        let mut e1 = k;
        while e1 < ind.len() && ind[e1].0 == l1 {
            e1 += 1;
        }
        g.put(start + k, 0, l1, e1 - k, 1);
        let mut j = k;
        while j < e1 {
            let l2 = ind[j].1;
            let mut e2 = j;
            while e2 < e1 && ind[e2].1 == l2 {
                e2 += 1;
            }
            g.put(start + j, 1, l2, e2 - j, 1);
            j = e2;
        }
        k = e1;
    }
    for (i, (l1, l2, name, target)) in ind.iter().enumerate() {
        let r = start + i;
        g.put(r, 2, name, 1, 1);
        g.put(r, 3, target, 1, 1);
        let mut vals = Map::new();
        vals.insert("level1".into(), json!(l1));
        vals.insert("level2".into(), json!(l2));
        vals.insert("indicator".into(), json!(name));
        vals.insert("target".into(), json!(target));
        records.push(RecordOut {
            side: None,
            code: None,
            level: None,
            name: Some(squeeze(name)),
            values: vals,
            total: false,
            row: r,
            project: Some(json!(p.name)),
        });
    }
    g.fill_all();
    c.blocks.push(Block::Table(g.clone()));
    let id = c.tables.len() + 1;
    let h = |k: &str, t: &str, col: usize| ColumnOut {
        key: k.into(),
        header: vec![squeeze(t)],
        side: None,
        col,
    };
    c.tables.push(TableOut {
        id: format!("t{id}"),
        number: None,
        title: Some("项目支出绩效目标表".into()),
        kind: "performance_targets".into(),
        unit: None,
        department: None,
        pages: vec![],
        empty: false,
        note: None,
        grid: GridOut {
            rows: g.rows(),
            cols: 4,
            header_rows: start,
            cells: g.cells_out(),
        },
        columns: vec![
            h("level1", "一级指标", 0),
            h("level2", "二级指标", 1),
            h("indicator", "三级指标", 2),
            h("target", "指标值（包含数字及文字描述）", 3),
        ],
        records,
    });
}
