//! `gongkai export`: an `extract` output folder → flat warehouse tables (Parquet, CSV or JSON Lines).
//!
//! One file per table in DEST: `documents`, `facts` (one row per non-blank value cell of every
//! table record), `figures`, `checks`, `projects`, `allocations`, `warnings`, and `issues` (amounts
//! the typed columns cannot hold exactly). Amounts are exact decimals in every format:
//! `value` is DECIMAL(24,6) in the unit of its table/figure, `value_yuan` (and `amount_yuan`,
//! `change_amount_yuan`) the same amount converted exactly to 元 (万元 ×10000, 亿元 ×100000000) as
//! DECIMAL(20,2). An amount that does not fit (a digit beyond the scale, or too many integer
//! digits) is never rounded: its typed cell is NULL, the printed text stays in its string column,
//! and a row in `issues` says which and why. Documents are read in parallel and written in sorted
//! path order, so the bytes do not depend on the thread count.

pub mod schema;
pub mod sink;

use crate::model::{Document, SCHEMA, Side, TableKind};
use rayon::prelude::*;
use rust_decimal::Decimal;
use sink::{Cell, Col, Format, Kind, TableWriter, col};
use std::path::Path;
use std::str::FromStr;

pub use sink::Format as ExportFormat;

const S: Kind = Kind::Str;
const I: Kind = Kind::Int;
const B: Kind = Kind::Bool;
/// An amount in its printed unit.
pub const AMOUNT: Kind = Kind::Dec(24, 6);
/// An amount in 元.
pub const YUAN: Kind = Kind::Dec(20, 2);

pub const DOCUMENTS: &[Col] = &[
    col("doc", S),
    col("path", S),
    col("format", S),
    col("sha256", S),
    col("bytes", I),
    col("pages", I),
    col("producer", S),
    col("title", S),
    col("department", S),
    col("year", I),
    col("kind", S),
    col("scope", S),
    col("tables", I),
    col("figures", I),
    col("projects", I),
    col("checks", I),
    col("warnings", I),
];

pub const FACTS: &[Col] = &[
    col("doc", S),
    col("table_id", S),
    col("table_number", S),
    col("table_title", S),
    col("table_kind", S),
    col("unit", S),
    col("record", I),
    col("row", I),
    col("side", S),
    col("code", S),
    col("level", I),
    col("name", S),
    col("project", S),
    col("total", B),
    col("column_key", S),
    col("header", S),
    col("text", S),
    col("value", AMOUNT),
    col("value_yuan", YUAN),
];

pub const FIGURES: &[Col] = &[
    col("doc", S),
    col("figure", I),
    col("key", S),
    col("label", S),
    col("text", S),
    col("value", AMOUNT),
    col("unit", S),
    col("value_yuan", YUAN),
    col("change_direction", S),
    col("change_amount", AMOUNT),
    col("change_amount_yuan", YUAN),
    col("change_percent", AMOUNT),
    col("share_percent", AMOUNT),
    col("section", S),
    col("sentence", S),
];

pub const CHECKS: &[Col] = &[
    col("doc", S),
    col("check", I),
    col("rule", S),
    col("severity", S),
    col("message", S),
    col("expected", S),
    col("actual", S),
    col("location", S),
];

pub const PROJECTS: &[Col] = &[
    col("doc", S),
    col("project", I),
    col("name", S),
    col("amount", AMOUNT),
    col("unit", S),
    col("amount_yuan", YUAN),
    col("basis", S),
    col("executor", S),
    col("period", S),
    col("allocations", I),
];

pub const ALLOCATIONS: &[Col] = &[
    col("doc", S),
    col("project", I),
    col("project_name", S),
    col("allocation", I),
    col("item", S),
    col("amount", AMOUNT),
    col("unit", S),
    col("amount_yuan", YUAN),
];

pub const WARNINGS: &[Col] = &[
    col("doc", S),
    col("warning", I),
    col("code", S),
    col("message", S),
    col("at", S),
];

pub const ISSUES: &[Col] = &[
    col("doc", S),
    col("table_name", S),
    col("location", S),
    col("column_name", S),
    col("text", S),
    col("reason", S),
];

/// Every exported table, in file order.
pub const TABLES: &[(&str, &[Col])] = &[
    ("documents", DOCUMENTS),
    ("facts", FACTS),
    ("figures", FIGURES),
    ("checks", CHECKS),
    ("projects", PROJECTS),
    ("allocations", ALLOCATIONS),
    ("warnings", WARNINGS),
    ("issues", ISSUES),
];
const N_TABLES: usize = 8;
const T_DOCUMENTS: usize = 0;
const T_FACTS: usize = 1;
const T_FIGURES: usize = 2;
const T_CHECKS: usize = 3;
const T_PROJECTS: usize = 4;
const T_ALLOCATIONS: usize = 5;
const T_WARNINGS: usize = 6;
const T_ISSUES: usize = 7;

/// The factor that converts an amount in `unit` to 元; `None` for a unit that is not money.
pub fn yuan_factor(unit: Option<&str>) -> Option<Decimal> {
    match unit? {
        "元" => Some(Decimal::ONE),
        "万元" => Some(Decimal::from(10_000)),
        "亿元" => Some(Decimal::from(100_000_000)),
        _ => None,
    }
}

/// Rows of one document, per table.
#[derive(Default)]
struct DocRows {
    tables: [Vec<Vec<Cell>>; N_TABLES],
}

impl DocRows {
    fn issue(
        &mut self,
        doc: &str,
        table: &str,
        location: String,
        column: &str,
        text: &str,
        reason: String,
    ) {
        self.tables[T_ISSUES].push(vec![
            doc.into(),
            table.into(),
            location.into(),
            column.into(),
            text.into(),
            reason.into(),
        ]);
    }

    /// A decimal for a typed column, or NULL plus an issue row when it does not fit exactly.
    fn typed(&mut self, d: Decimal, kind: Kind, ctx: (&str, &str, &str, &str), text: &str) -> Cell {
        let Kind::Dec(p, s) = kind else {
            return Cell::Null;
        };
        if sink::fits(d, p, s).is_some() {
            return Cell::Dec(d);
        }
        let (doc, table, location, column) = ctx;
        let reason = if d.normalize().scale() > s {
            format!("{d} has more than {s} decimals: DECIMAL({p},{s}) would round it; left NULL")
        } else {
            format!(
                "{d} has more than {} integer digits for DECIMAL({p},{s}); left NULL",
                p - s
            )
        };
        self.issue(doc, table, location.to_string(), column, text, reason);
        Cell::Null
    }

    /// `value` (in its unit) and `value_yuan` cells for a printed amount.
    fn amount_pair(
        &mut self,
        text: Option<&str>,
        unit: Option<&str>,
        ctx: (&str, &str, &str, &str),
        yuan_col: &str,
    ) -> (Cell, Cell) {
        let Some(text) = text else {
            return (Cell::Null, Cell::Null);
        };
        let Some(v) = crate::amount::parse(text) else {
            return (Cell::Null, Cell::Null);
        };
        let value = self.typed(v, AMOUNT, ctx, text);
        let yuan = match yuan_factor(unit) {
            None => Cell::Null,
            Some(f) => match v.checked_mul(f) {
                Some(y) => self.typed(y, YUAN, (ctx.0, ctx.1, ctx.2, yuan_col), text),
                None => {
                    self.issue(
                        ctx.0,
                        ctx.1,
                        ctx.2.to_string(),
                        yuan_col,
                        text,
                        format!("{v} {} overflows in 元; left NULL", unit.unwrap_or("")),
                    );
                    Cell::Null
                }
            },
        };
        (value, yuan)
    }
}

fn dec_text(text: Option<&str>) -> Option<Decimal> {
    text.and_then(|t| {
        Decimal::from_str(t)
            .ok()
            .or_else(|| crate::amount::parse(t))
    })
}

fn rows_of(key: &str, d: &Document) -> DocRows {
    let mut r = DocRows::default();
    let s = &d.source;
    let info = &d.document;
    r.tables[T_DOCUMENTS].push(vec![
        key.into(),
        s.path.as_str().into(),
        s.format.as_str().into(),
        s.sha256.as_str().into(),
        Cell::Int(s.bytes as i64),
        s.pages.into(),
        (&s.producer).into(),
        (&info.title).into(),
        (&info.department).into(),
        info.year.into(),
        info.kind.as_str().into(),
        info.scope.as_str().into(),
        d.tables.len().into(),
        d.narrative.figures.len().into(),
        d.narrative.projects.len().into(),
        d.checks.len().into(),
        d.warnings.len().into(),
    ]);

    for t in &d.tables {
        // Performance-target tables hold targets (counts, percentages, text), not money.
        let money_unit = if t.kind == TableKind::PerformanceTargets {
            None
        } else {
            t.unit.as_deref()
        };
        for (ri, rec) in t.records.iter().enumerate() {
            for (k, v) in &rec.values.0 {
                let Some(text) = v else { continue };
                let column = t
                    .columns
                    .iter()
                    .find(|c| &c.key == k && c.side == rec.side)
                    .or_else(|| t.columns.iter().find(|c| &c.key == k));
                let header = column.map(|c| c.header.join("/"));
                let location = format!("{} records[{ri}] {k}", t.id);
                let (value, yuan) = r.amount_pair(
                    Some(text),
                    money_unit,
                    (key, "facts", &location, "value"),
                    "value_yuan",
                );
                r.tables[T_FACTS].push(vec![
                    key.into(),
                    t.id.as_str().into(),
                    (&t.number).into(),
                    (&t.title).into(),
                    t.kind.as_str().into(),
                    (&t.unit).into(),
                    ri.into(),
                    rec.row.into(),
                    rec.side.map(Side::as_str).into(),
                    (&rec.code).into(),
                    rec.level.into(),
                    (&rec.name).into(),
                    rec.project.clone().flatten().into(),
                    rec.total.into(),
                    k.as_str().into(),
                    header.into(),
                    text.as_str().into(),
                    value,
                    yuan,
                ]);
            }
        }
    }

    for (fi, f) in d.narrative.figures.iter().enumerate() {
        let location = format!("figures[{fi}]");
        let unit = Some(f.unit.as_str());
        let (value, yuan) = r.amount_pair(
            Some(&f.value),
            unit,
            (key, "figures", &location, "value"),
            "value_yuan",
        );
        let ch = f.change.as_ref();
        let (ch_amount, ch_yuan) = r.amount_pair(
            ch.and_then(|c| c.amount.as_deref()),
            unit,
            (key, "figures", &location, "change_amount"),
            "change_amount_yuan",
        );
        let pct = |text: Option<&str>, column: &str, r: &mut DocRows| match dec_text(text) {
            Some(v) => r.typed(
                v,
                AMOUNT,
                (key, "figures", &location, column),
                text.unwrap_or(""),
            ),
            None => Cell::Null,
        };
        let ch_pct = pct(
            ch.and_then(|c| c.percent.as_deref()),
            "change_percent",
            &mut r,
        );
        let share = pct(f.share_percent.as_deref(), "share_percent", &mut r);
        r.tables[T_FIGURES].push(vec![
            key.into(),
            fi.into(),
            (&f.key).into(),
            (&f.label).into(),
            f.value.as_str().into(),
            value,
            f.unit.as_str().into(),
            yuan,
            ch.map(|c| c.direction.to_string()).into(),
            ch_amount,
            ch_yuan,
            ch_pct,
            share,
            (&f.section).into(),
            f.sentence.as_str().into(),
        ]);
    }

    for (ci, c) in d.checks.iter().enumerate() {
        let at = serde_json::to_string(&c.at).unwrap_or_default();
        r.tables[T_CHECKS].push(vec![
            key.into(),
            ci.into(),
            c.rule.as_str().into(),
            c.severity.as_str().into(),
            c.message.as_str().into(),
            (&c.expected).into(),
            (&c.actual).into(),
            at.into(),
        ]);
    }

    for (pi, p) in d.narrative.projects.iter().enumerate() {
        let location = format!("projects[{pi}]");
        let (amount, yuan) = r.amount_pair(
            p.amount.as_deref(),
            p.unit.as_deref(),
            (key, "projects", &location, "amount"),
            "amount_yuan",
        );
        r.tables[T_PROJECTS].push(vec![
            key.into(),
            pi.into(),
            p.name.as_str().into(),
            amount,
            (&p.unit).into(),
            yuan,
            (&p.basis).into(),
            (&p.executor).into(),
            (&p.period).into(),
            p.allocations.len().into(),
        ]);
        for (ai, a) in p.allocations.iter().enumerate() {
            let location = format!("projects[{pi}].allocations[{ai}]");
            let (amount, yuan) = r.amount_pair(
                Some(&a.amount),
                Some(&a.unit),
                (key, "allocations", &location, "amount"),
                "amount_yuan",
            );
            r.tables[T_ALLOCATIONS].push(vec![
                key.into(),
                pi.into(),
                p.name.as_str().into(),
                ai.into(),
                a.item.as_str().into(),
                amount,
                a.unit.as_str().into(),
                yuan,
            ]);
        }
    }

    for (wi, w) in d.warnings.iter().enumerate() {
        r.tables[T_WARNINGS].push(vec![
            key.into(),
            wi.into(),
            w.code.as_str().into(),
            w.message.as_str().into(),
            (&w.at).into(),
        ]);
    }
    r
}

/// Read one document JSON of an extract folder.
fn load(dir: &Path, rel: &str) -> Result<Document, String> {
    let d = crate::compare::load(&dir.join(rel))?;
    if d.schema != SCHEMA {
        return Err(format!("schema is {:?}, expected {SCHEMA:?}", d.schema));
    }
    Ok(d)
}

/// What an export did.
#[derive(Debug, Default)]
pub struct Report {
    pub documents: usize,
    /// (relative path, reason) of every document JSON that could not be read; the others are exported.
    pub failed: Vec<(String, String)>,
    /// (table name, rows), in file order.
    pub rows: Vec<(&'static str, usize)>,
    pub files: Vec<std::path::PathBuf>,
}

impl Report {
    pub fn issues(&self) -> usize {
        self.rows
            .iter()
            .find(|(n, _)| *n == "issues")
            .map(|r| r.1)
            .unwrap_or(0)
    }
}

/// Documents read and converted at a time (in parallel), then written in order.
const CHUNK: usize = 64;

/// Export every document JSON under `input` (an `extract` output folder) into `dest`.
/// `Err` is a usage error (nothing usable written: missing input, no documents, DEST unwritable).
pub fn export(input: &Path, dest: &Path, format: Format) -> Result<Report, String> {
    if !input.is_dir() {
        return Err(format!(
            "{} is not a folder (an extract output folder)",
            input.display()
        ));
    }
    let rels = crate::compare::list_json(input)
        .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
    if rels.is_empty() {
        return Err(format!("no document JSON (*.json) in {}", input.display()));
    }
    std::fs::create_dir_all(dest).map_err(|e| format!("cannot create {}: {e}", dest.display()))?;
    let mut writers: Vec<TableWriter> = Vec::with_capacity(N_TABLES);
    for (name, cols) in TABLES {
        match TableWriter::create(dest, name, cols, format) {
            Ok(w) => writers.push(w),
            Err(e) => {
                writers.into_iter().for_each(TableWriter::abandon);
                return Err(e);
            }
        }
    }
    let mut report = Report::default();
    let written = (|| -> Result<(), String> {
        for chunk in rels.chunks(CHUNK) {
            let done: Vec<(String, Result<DocRows, String>)> = chunk
                .par_iter()
                .map(|rel| {
                    let key = rel.strip_suffix(".json").unwrap_or(rel);
                    (rel.clone(), load(input, rel).map(|d| rows_of(key, &d)))
                })
                .collect();
            for (rel, res) in done {
                match res {
                    Ok(rows) => {
                        report.documents += 1;
                        for (w, rs) in writers.iter_mut().zip(rows.tables) {
                            for row in rs {
                                w.write(row)?;
                            }
                        }
                    }
                    Err(e) => report.failed.push((rel, e)),
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = written {
        writers.into_iter().for_each(TableWriter::abandon);
        return Err(e);
    }
    let mut writers = writers.into_iter();
    while let Some(w) = writers.next() {
        report.rows.push((TABLES[report.rows.len()].0, w.rows()));
        report.files.push(w.dest().to_path_buf());
        if let Err(e) = w.finish() {
            writers.for_each(TableWriter::abandon);
            return Err(e);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(text: &str, unit: &str) -> (Cell, Cell, usize) {
        let mut r = DocRows::default();
        let (v, y) = r.amount_pair(
            Some(text),
            Some(unit),
            ("d", "facts", "t1", "value"),
            "value_yuan",
        );
        (v, y, r.tables[T_ISSUES].len())
    }

    #[test]
    fn yuan_is_exact_for_every_money_unit() {
        let d = |s: &str| Cell::Dec(Decimal::from_str(s).unwrap());
        assert_eq!(pair("255.68", "万元"), (d("255.68"), d("2556800"), 0));
        assert_eq!(pair("1.5", "亿元"), (d("1.5"), d("150000000"), 0));
        assert_eq!(
            pair("87,267,272.44", "元"),
            (d("87267272.44"), d("87267272.44"), 0)
        );
        assert_eq!(pair("-", "万元"), (d("0"), d("0"), 0));
        // not money: no value_yuan, no issue
        assert_eq!(pair("12", "人"), (d("12"), Cell::Null, 0));
        // 8 decimals in 亿元: the value does not fit DECIMAL(24,6), the 元 amount does
        assert_eq!(pair("1.23456789", "亿元"), (Cell::Null, d("123456789"), 1));
        // a third decimal in 元 is never rounded away
        assert_eq!(pair("0.125", "元"), (d("0.125"), Cell::Null, 1));
        // text is not an amount
        assert_eq!(pair("≥95%", "万元"), (Cell::Null, Cell::Null, 0));
    }
}
