//! Performance-target tables (项目支出绩效目标表): every column under the
//! 一级指标 header row is a text value column (`level1`, `level2`, `indicator`,
//! `target`); the rows above it (预算单位, 项目名称, 项目资金, 项目总体目标) are
//! header rows; merged 一级/二级指标 cells are filled down.

use super::{G, blank, squeeze};
use crate::model::{Column, Record, Values};
use crate::recognize::catalog::normalize;

pub struct Perf {
    pub header_rows: usize,
    /// The 预算单位 printed in the table's info rows.
    pub department: Option<String>,
    pub columns: Vec<Column>,
    pub records: Vec<Record>,
}

/// Rows that describe the project rather than an indicator.
const INFO_LABELS: &[&str] = &[
    "预算单位",
    "项目名称",
    "项目资金",
    "项目总体目标",
    "年度资金总额",
    "主管部门",
    "实施单位",
];

fn key_of(header: &str) -> Option<&'static str> {
    match header {
        "一级指标" => Some("level1"),
        "二级指标" => Some("level2"),
        "三级指标" => Some("indicator"),
        h if h.starts_with("指标值") || h.starts_with("目标值") || h.starts_with("指标目标值") => {
            Some("target")
        }
        _ => None,
    }
}

/// The value printed right of a `label` cell in row r, if the row holds that label.
fn labelled_in_row(g: &G, r: usize, label: &str) -> Option<Option<String>> {
    let cells = g.starting_in(r);
    let pos = cells.iter().position(|c| normalize(&c.text) == label)?;
    Some(
        cells[pos + 1..]
            .iter()
            .find(|c| !blank(&c.text))
            .map(|c| c.text.trim().to_string()),
    )
}

/// The 项目名称 value printed in row r, if the row holds one.
fn project_in_row(g: &G, r: usize) -> Option<Option<String>> {
    labelled_in_row(g, r, "项目名称")
}

pub fn recognize(g: &G, top: usize, note_rows: &[usize]) -> Option<Perf> {
    let level_row = (top..g.t.rows).find(|&r| {
        g.starting_in(r)
            .iter()
            .any(|c| normalize(&c.text) == "一级指标")
    })?;
    let mut project: Option<String> = None;
    let mut department: Option<String> = None;
    for r in top..level_row {
        if let Some(p) = project_in_row(g, r) {
            project = p;
        }
        if let Some(Some(d)) = labelled_in_row(g, r, "预算单位") {
            department = Some(squeeze(&d));
        }
    }
    let heads: Vec<(usize, String, String)> = g
        .starting_in(level_row)
        .into_iter()
        .map(|c| (c.col, squeeze(&c.text), normalize(&c.text)))
        .collect();
    let mut columns = Vec::new();
    let mut used: Vec<&str> = Vec::new();
    for (col, printed, n) in &heads {
        let key = match key_of(n) {
            Some(k) if !used.contains(&k) => {
                used.push(k);
                k.to_string()
            }
            _ => format!("c{col}"),
        };
        columns.push(Column {
            key,
            header: vec![printed.clone()],
            side: None,
            col: *col,
        });
    }
    let mut records = Vec::new();
    let mut last_l1: Option<String> = None;
    let mut last_l2: Option<String> = None;
    for r in level_row + 1..g.t.rows {
        if note_rows.contains(&r) || g.row_blank(r) {
            continue;
        }
        if let Some(p) = project_in_row(g, r) {
            project = p;
            continue;
        }
        let first = g
            .starting_in(r)
            .into_iter()
            .find(|c| !blank(&c.text))
            .map(|c| normalize(&c.text));
        if first
            .as_deref()
            .is_some_and(|f| INFO_LABELS.iter().any(|l| f.starts_with(l)) || f == "一级指标")
        {
            continue;
        }
        let mut vals: Vec<(String, Option<String>)> = Vec::new();
        for col in &columns {
            let t = g.text(r, col.col).trim();
            let mut v = if blank(t) { None } else { Some(t.to_string()) };
            match col.key.as_str() {
                "level1" => {
                    if v.is_none() {
                        v.clone_from(&last_l1);
                    } else if v != last_l1 {
                        last_l2 = None;
                    }
                    last_l1.clone_from(&v);
                }
                "level2" => {
                    if v.is_none() {
                        v.clone_from(&last_l2);
                    }
                    last_l2.clone_from(&v);
                }
                _ => {}
            }
            vals.push((col.key.clone(), v));
        }
        let name = vals
            .iter()
            .find(|(k, _)| k == "indicator")
            .and_then(|(_, v)| v.as_deref())
            .map(squeeze);
        records.push(Record {
            side: None,
            code: None,
            level: None,
            name,
            values: Values(vals),
            total: false,
            row: r,
            project: Some(project.clone()),
            group: None,
        });
    }
    Some(Perf {
        header_rows: level_row + 1,
        department,
        columns,
        records,
    })
}
