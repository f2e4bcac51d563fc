//! A small builder for hand-made documents in the check tests.

use crate::model::{
    Allocation, Change, Column, Document, DocumentInfo, Figure, Grid, Narrative, Profile, Project,
    Record, Side, Source, TableOut, Values,
};

pub fn doc(tables: Vec<TableOut>) -> Document {
    Document {
        schema: crate::model::SCHEMA.into(),
        source: Source {
            path: "t.docx".into(),
            format: "docx".into(),
            sha256: String::new(),
            bytes: 0,
            pages: None,
            producer: None,
        },
        document: DocumentInfo {
            kind: "budget".into(),
            scope: "department".into(),
            ..Default::default()
        },
        profile: Profile::default(),
        tables,
        narrative: Narrative::default(),
        checks: Vec::new(),
        warnings: Vec::new(),
    }
}

/// A table `t<pos>` of `kind` in 万元 with value columns `keys` (side from
/// `key@side`, e.g. `amount@revenue`).
pub fn table(pos: usize, kind: &str, keys: &[&str]) -> TableOut {
    let columns = keys
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let (key, side) = match k.split_once('@') {
                Some((k, s)) => (k.to_string(), Some(Side::from(s))),
                None => (k.to_string(), None),
            };
            Column {
                header: vec![key.clone()],
                key,
                side,
                col: i + 1,
            }
        })
        .collect();
    TableOut {
        id: format!("t{pos}"),
        number: Some(format!("表{pos}")),
        title: Some(kind.into()),
        kind: kind.into(),
        unit: Some("万元".into()),
        department: None,
        pages: Vec::new(),
        empty: false,
        note: None,
        grid: Grid {
            rows: 0,
            cols: 0,
            header_rows: 0,
            cells: Vec::new(),
        },
        columns,
        records: Vec::new(),
    }
}

/// Add a record: `code` (level from its length: 3/5/7 digits → 1/2/3, economic
/// 3/5 → 1/2), `name`, values in column order (`""` = blank).
pub fn rec(t: &mut TableOut, side: Option<&str>, code: Option<&str>, name: &str, vals: &[&str]) {
    let keys: Vec<String> = t
        .columns
        .iter()
        .filter(|c| c.side.map(Side::as_str) == side)
        .map(|c| c.key.clone())
        .collect();
    let values = Values(
        keys.into_iter()
            .zip(vals.iter())
            .map(|(k, v)| (k, (!v.is_empty()).then(|| v.to_string())))
            .collect(),
    );
    let level = code.map(|c| match c.len() {
        3 => 1,
        5 => 2,
        _ => 3,
    });
    let total = name.contains("合计") || name.contains("总计");
    let row = t.records.len() + 3;
    t.records.push(Record {
        side: side.map(Side::from),
        code: code.map(String::from),
        level,
        name: Some(name.into()),
        values,
        total,
        row,
        project: None,
        group: None,
    });
}

pub fn figure(key: Option<&str>, label: &str, value: &str, unit: &str) -> Figure {
    Figure {
        key: key.map(String::from),
        label: Some(label.into()),
        value: value.into(),
        unit: unit.into(),
        change: None,
        share_percent: None,
        sentence: String::new(),
        section: Some("一、".into()),
    }
}

pub fn change(mut f: Figure, direction: &str, amount: &str, percent: &str) -> Figure {
    f.change = Some(Change {
        direction: direction.into(),
        amount: Some(amount.into()),
        percent: Some(percent.into()),
    });
    f
}

pub fn project(name: &str, amount: &str, allocations: &[&str]) -> Project {
    Project {
        name: name.into(),
        amount: Some(amount.into()),
        unit: Some("万元".into()),
        allocations: allocations
            .iter()
            .enumerate()
            .map(|(i, a)| Allocation {
                item: format!("item{i}"),
                amount: a.to_string(),
                unit: "万元".into(),
            })
            .collect(),
        ..Default::default()
    }
}
