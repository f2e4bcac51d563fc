//! Pieces shared by the three template families.

use crate::build::*;
use crate::model::*;
use crate::out::*;
use rust_decimal::Decimal;

/// One row of a functional-classification table: code parts (类, 款, 项), name, values.
pub struct FRow {
    pub parts: Vec<String>,
    pub name: String,
    pub values: Vec<Decimal>,
}

impl FRow {
    pub fn code(&self) -> String {
        self.parts.concat()
    }
}

/// 类 / 款 / 项 rows (parents = sums of children) of the given items.
pub fn func_rows(items: &[&Item], f: &dyn Fn(&Item) -> Vec<Decimal>) -> Vec<FRow> {
    let mut out: Vec<FRow> = Vec::new();
    let add = |a: &mut Vec<Decimal>, b: &[Decimal]| {
        for (x, y) in a.iter_mut().zip(b) {
            *x += *y;
        }
    };
    let mut classes: Vec<String> = items.iter().map(|i| i.code[..3].to_string()).collect();
    classes.dedup();
    for c in classes {
        let in_c: Vec<&&Item> = items.iter().filter(|i| i.code[..3] == c).collect();
        let n = f(in_c[0]).len();
        let mut cv = vec![Decimal::ZERO; n];
        for i in &in_c {
            add(&mut cv, &f(i));
        }
        out.push(FRow {
            parts: vec![c.clone()],
            name: class_name(&c).into(),
            values: cv,
        });
        let mut kuans: Vec<String> = in_c.iter().map(|i| i.code[..5].to_string()).collect();
        kuans.dedup();
        for k in kuans {
            let in_k: Vec<&&&Item> = in_c.iter().filter(|i| i.code[..5] == k).collect();
            let mut kv = vec![Decimal::ZERO; n];
            for i in &in_k {
                add(&mut kv, &f(i));
            }
            out.push(FRow {
                parts: vec![c.clone(), k[3..5].into()],
                name: kuan_name(&k).into(),
                values: kv,
            });
            for i in in_k {
                out.push(FRow {
                    parts: vec![c.clone(), k[3..5].into(), i.code[5..7].into()],
                    name: i.name.clone(),
                    values: f(i),
                });
            }
        }
    }
    out
}

/// Economic-classification rows (类 + 款) of the basic expenditure.
pub fn econ_rows(m: &Model) -> Vec<FRow> {
    let mut out = Vec::new();
    let mut classes: Vec<String> = m.econ.iter().map(|e| e.code[..3].to_string()).collect();
    classes.dedup();
    for c in classes {
        let es: Vec<&Econ> = m.econ.iter().filter(|e| e.code[..3] == c).collect();
        let p: Decimal = es.iter().map(|e| e.personnel).sum();
        let q: Decimal = es.iter().map(|e| e.public).sum();
        out.push(FRow {
            parts: vec![c.clone()],
            name: econ_class_name(&c).into(),
            values: vec![p + q, p, q],
        });
        for e in es {
            out.push(FRow {
                parts: vec![c.clone(), e.code[3..5].into()],
                name: e.name.clone(),
                values: vec![e.personnel + e.public, e.personnel, e.public],
            });
        }
    }
    out
}

pub fn col(key: &str, header: &[&str], side: Option<&'static str>, c: usize) -> Col {
    Col {
        key: key.into(),
        header: header.iter().map(|h| squeeze(h)).collect(),
        side,
        col: c,
    }
}

/// Append functional rows to a table with code columns `0..ncode` (each part in
/// its own column when `split_codes`, else the full code in column 0), the name
/// in column `ncode`, values from column `ncode + 1` on with `keys`.
#[allow(clippy::too_many_arguments)]
pub fn put_func_rows(
    t: &mut TableB,
    rows: &[FRow],
    keys: &[&str],
    fmt: &Fmt,
    zero_for: &dyn Fn(usize) -> Zero,
    split_codes: bool,
    empty_rows: bool,
    rng_gap: &mut dyn FnMut() -> bool,
) {
    let ncode = if split_codes { 3 } else { 1 };
    for fr in rows {
        if empty_rows && rng_gap() {
            t.blank_row();
        }
        let r = t.row();
        if split_codes {
            for (k, p) in fr.parts.iter().enumerate() {
                t.put(r, k, p);
            }
        } else {
            t.put(r, 0, &fr.code());
        }
        t.put(r, ncode, &fr.name);
        let mut vals = Vec::new();
        for (k, v) in fr.values.iter().enumerate() {
            let (p, g) = fmt.cell_z(*v, zero_for(k));
            t.put(r, ncode + 1 + k, &p);
            vals.push((keys[k].to_string(), g));
        }
        let code = fr.code();
        t.record(false, None, Some(&code), Some(&fr.name), vals, r, None);
    }
}

/// The 合计 row of a functional/economic table.
pub fn put_total_row(
    t: &mut TableB,
    label_cols: usize,
    label: &str,
    values: &[Decimal],
    keys: &[&str],
    fmt: &Fmt,
    zero: Zero,
    merged: bool,
) {
    let r = t.row();
    if merged {
        t.put_span(r, 0, label, label_cols);
    } else {
        t.put(r, label_cols - 1, label);
    }
    let mut vals = Vec::new();
    for (k, v) in values.iter().enumerate() {
        let (p, g) = fmt.cell_z(*v, zero);
        t.put(r, label_cols + k, &p);
        vals.push((keys[k].to_string(), g));
    }
    t.record(false, None, None, Some(label), vals, r, None);
}

/// A total row whose amounts are all blank (empty tables).
pub fn put_empty_total(
    t: &mut TableB,
    label_cols: usize,
    label: &str,
    keys: &[&str],
    merged: bool,
) {
    let r = t.row();
    if merged {
        t.put_span(r, 0, label, label_cols);
    } else {
        t.put(r, label_cols - 1, label);
    }
    let vals = keys.iter().map(|k| (k.to_string(), None)).collect();
    t.record(false, None, None, Some(label), vals, r, None);
}

pub const DUTIES: &[&str] = &[
    "贯彻执行国家和上级有关方针政策及法律法规，研究拟订本地区相关政策并组织实施",
    "负责本系统的规划、协调和监督管理工作，推进相关领域改革",
    "负责本部门预算编制与执行，加强内部财务管理和资产管理",
    "承担本系统安全生产、信访维稳和应急管理相关工作",
    "指导和监督所属单位业务工作，组织开展调查研究",
    "完成本级党委、政府交办的其他任务",
];

pub const CN_NUM: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];
