//! The audit set `au_NNN`: consistent generated documents with one or more audit defects
//! injected (issue 13), each recorded so that `expected.rs` derives the finding a correct
//! checker reports.
//!
//! A document is a base built by a family (national budget, Shanghai budget, national final
//! account) without the older figure inconsistencies, then edited in place: the layout
//! (`Doc` blocks) and the golden facts (tables, figures) change together, so the golden keeps
//! saying what is printed. Each injection returns its record (`Variation::audit`), or `None`
//! when the base document lacks what it needs (no 210 row, no empty table, …): [`PLAN`] then
//! takes the next base. Records name what they touched by key, code or kind, never by index,
//! so later edits (a dropped table or section) do not make them stale.

use crate::out::{Block, CellOut, ChangeOut, Grid, RecordOut, Slot, squeeze};
use crate::{Built, Family};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// What an injection plants.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Class {
    /// A part of the 政府采购 breakdown printed 10 万元 off (error) or 0.01 off (notice).
    BreakdownError,
    BreakdownNotice,
    /// "增加X万元，增长100%" where X is the whole figure (last year 0).
    ZeroBase,
    /// "比{year}年预算增加" in a {year} document.
    ComparisonYear,
    /// A heading "{year-1}年度部门决算情况说明" / "{year-1}年部门预算公开表".
    TextYear,
    /// "。。" in a paragraph.
    DoubledText,
    /// ">=90%%" in a 绩效目标表 cell.
    DoubledCell,
    /// "XX局" left in the text.
    Placeholder,
    /// A 成本指标 raised by 10 万元 (error) or 0.01 万元 (notice) over 年度资金总额.
    CostSumError,
    CostSumNotice,
    /// A 类 named with its outdated name (210 医疗卫生与计划生育支出).
    NameCatalogue,
    /// An item of the 人员经费 list printed with a character missing.
    NameTextVsTable,
    /// A zero 项 row whose 款 the table does not print.
    CodeParent,
    /// A zero 类 row whose code the catalogue does not know (236).
    CodeCatalogue,
    /// A 项 of the 收入 table printed with another code than in the 支出 table.
    CodeRevenueVsExpenditure,
    /// The 政府性基金 table left out.
    TableMissing,
    /// An empty 政府性基金 table without its note and without the sentence explaining it.
    EmptyUnexplained,
    /// The 国有资产占用 section left out.
    SectionMissing,
    /// A 决算 收入支出决算总表 whose 年初结转和结余 line is printed but left out of its 总计.
    CarryoverTotal,
    /// "年初预算为X万元，支出决算为Y万元，决算数大于年初预算数" where Y < X (决算).
    FinalVsBudget,
    /// A zero 项 row printed with a digit missing (6 digits).
    CodeCut,
    /// A "…（类）…（款）…（项）" path of the text naming its 项 otherwise than the tables.
    NamePath,
    /// The 决算's asset date "截至{year-1}年12月31日".
    AssetDate,
    /// The 政府采购 section left out.
    SectionMissingProcurement,
    /// The “三公”经费 section left out (its table and title stay).
    SectionMissingThreePublic,
    /// "与{year-1}年度相比（{year-1}年度…为L万元），增加X万元，增长P%" with P one point off X / L.
    ChangeVsLastYear,
    /// "{year-1}年…为L万元，{year}年…T万元，比{year-1}年…增长P%" (P right for L) where a keyed
    /// figure of value T implies another last-year figure by its change: L 10 万元 off (error)
    /// or 0.01 off (notice).
    LastYearConflict,
    LastYearConflictNotice,
    /// The 收入 total's change restated in a paragraph of its own with the amount 10 万元
    /// (error) or 0.01 万元 (notice) higher and the percent right for it: two figures of one
    /// key and value against one base implying two last-year figures.
    LastYearRestated,
    LastYearRestatedNotice,
    /// 决算: the 基本支出 (else 项目支出) figure labelled "…预算", its amount the 支出决算表's.
    FinalWordingFigure,
    /// 决算: a table's 决算数 heads printed 预算数 (no 决算 column left).
    FinalWordingTable,
}

use Class::*;

/// The audit documents: family and the classes injected into it. Every class at least once,
/// a few per document, both families where the class applies.
pub const PLAN: &[(Family, &[Class])] = &[
    (
        Family::National,
        &[BreakdownError, ZeroBase, ComparisonYear, DoubledText],
    ),
    (
        Family::National,
        &[CostSumError, NameTextVsTable, CodeParent, CodeCatalogue],
    ),
    (
        Family::National,
        &[
            NameCatalogue,
            CodeRevenueVsExpenditure,
            TableMissing,
            Placeholder,
        ],
    ),
    (
        Family::National,
        &[
            EmptyUnexplained,
            BreakdownNotice,
            CostSumNotice,
            DoubledCell,
        ],
    ),
    (Family::National, &[TextYear, SectionMissing]),
    (
        Family::Shanghai,
        &[ComparisonYear, SectionMissing, CodeParent, Placeholder],
    ),
    (
        Family::Shanghai,
        &[NameCatalogue, CodeCatalogue, TableMissing, DoubledText],
    ),
    (
        Family::FinalAccount,
        &[
            TextYear,
            BreakdownError,
            CodeRevenueVsExpenditure,
            SectionMissing,
        ],
    ),
    (
        Family::FinalAccount,
        &[
            BreakdownNotice,
            ComparisonYear,
            NameCatalogue,
            CodeParent,
            EmptyUnexplained,
        ],
    ),
    (
        Family::FinalAccount,
        &[CodeCatalogue, TableMissing, Placeholder, DoubledText],
    ),
    (
        Family::FinalAccount,
        &[CarryoverTotal, FinalVsBudget, ZeroBase],
    ),
    (
        Family::National,
        &[CodeCut, NamePath, SectionMissingProcurement, DoubledCell],
    ),
    (Family::FinalAccount, &[AssetDate, NamePath, CodeCut]),
    (Family::Shanghai, &[BreakdownError, NamePath, CodeCut]),
    (
        Family::National,
        &[SectionMissingThreePublic, CodeCatalogue, Placeholder],
    ),
    (Family::National, &[ChangeVsLastYear]),
    (Family::FinalAccount, &[ChangeVsLastYear, Placeholder]),
    (Family::National, &[LastYearConflict]),
    (
        Family::FinalAccount,
        &[FinalWordingFigure, FinalWordingTable],
    ),
    (Family::Shanghai, &[LastYearConflictNotice]),
    (Family::FinalAccount, &[LastYearConflict, FinalWordingTable]),
    (Family::National, &[LastYearRestated]),
    (
        Family::FinalAccount,
        &[LastYearRestatedNotice, FinalWordingFigure],
    ),
];

/// Bases are drawn from family indices from here on (the committed corpus uses 0..35).
pub const BASE_INDEX: u64 = 1000;
/// Bases tried per planned document before giving up.
const TRIES: u64 = 200;

pub fn name_of(k: usize) -> String {
    format!("au_{k:03}")
}

/// Build planned document `k`: the first base (from `BASE_INDEX + 100 k` on) that takes
/// every planned injection.
pub fn make(seed: u64, k: usize) -> Result<Built, String> {
    let (family, classes) = PLAN.get(k).ok_or(format!("no audit document {k}"))?;
    for t in 0..TRIES {
        let index = BASE_INDEX + 100 * k as u64 + t;
        let mut b = crate::generate_clean(seed, index, *family);
        let records: Option<Vec<Value>> = classes.iter().map(|c| inject(&mut b, *c)).collect();
        if let Some(mut records) = records {
            for r in records.iter_mut() {
                r["base"] = json!(format!("{}_{index}", family.prefix()));
            }
            b.variation.audit = records;
            return Ok(b);
        }
    }
    // Which class no base took, for the message.
    let refused: Vec<Class> = classes
        .iter()
        .copied()
        .filter(|c| {
            (0..TRIES).all(|t| {
                let mut b = crate::generate_clean(seed, BASE_INDEX + 100 * k as u64 + t, *family);
                inject(&mut b, *c).is_none()
            })
        })
        .collect();
    Err(format!(
        "{}: no base takes {classes:?} (never taken: {refused:?})",
        name_of(k)
    ))
}

/// Plant `class` into `b`; its record, or `None` when `b` lacks what it needs (then `b` may
/// be half-edited and is thrown away).
pub fn inject(b: &mut Built, class: Class) -> Option<Value> {
    match class {
        BreakdownError => breakdown(b, Decimal::TEN, "error"),
        BreakdownNotice => breakdown(b, Decimal::new(1, 2), "notice"),
        ZeroBase => zero_base(b),
        ComparisonYear => comparison_year(b),
        TextYear => text_year(b),
        DoubledText => add_paragraph(
            b,
            "本部门无其他需要说明的事项。。",
            json!({"class": "text.doubled_symbol", "actual": "。。"}),
        ),
        DoubledCell => doubled_cell(b),
        Placeholder => add_paragraph(
            b,
            "本公开由XX局负责解释。",
            json!({"class": "text.placeholder", "actual": "XX局负责"}),
        ),
        CostSumError => cost_sum(b, Decimal::TEN, "error"),
        CostSumNotice => cost_sum(b, Decimal::new(1, 2), "notice"),
        NameCatalogue => name_catalogue(b),
        NameTextVsTable => name_text_vs_table(b),
        CodeParent => extra_row(b, ExtraRow::Parent),
        CodeCatalogue => extra_row(b, ExtraRow::Catalogue),
        CodeRevenueVsExpenditure => recode_revenue(b),
        TableMissing => table_missing(b),
        EmptyUnexplained => empty_unexplained(b),
        SectionMissing => section_missing(b, &SECTIONS[0]),
        CarryoverTotal => carryover_total(b),
        FinalVsBudget => final_vs_budget(b),
        CodeCut => extra_row(b, ExtraRow::Cut),
        NamePath => name_path(b),
        AssetDate => asset_date(b),
        SectionMissingProcurement => section_missing(b, &SECTIONS[1]),
        SectionMissingThreePublic => section_missing(b, &SECTIONS[2]),
        ChangeVsLastYear => change_vs_last_year(b),
        LastYearConflict => last_year_conflict(b, Decimal::TEN, "error"),
        LastYearConflictNotice => last_year_conflict(b, Decimal::new(1, 2), "notice"),
        LastYearRestated => last_year_restated(b, Decimal::TEN, "error"),
        LastYearRestatedNotice => last_year_restated(b, Decimal::new(1, 2), "notice"),
        FinalWordingFigure => final_wording_figure(b),
        FinalWordingTable => final_wording_table(b),
    }
}

// ---------------------------------------------------------------- editing helpers

fn para_texts(b: &mut Built) -> impl Iterator<Item = &mut String> {
    b.doc.blocks.iter_mut().filter_map(|x| match x {
        Block::Para { text, .. } => Some(text),
        _ => None,
    })
}

/// Replace `from` by `to` in the one paragraph that prints it, and in the sentences and
/// labels of the figures that quote it. `None` unless exactly one paragraph prints it.
fn rewrite(b: &mut Built, from: &str, to: &str) -> Option<()> {
    let mut hits: Vec<&mut String> = para_texts(b).filter(|t| t.contains(from)).collect();
    if hits.len() != 1 {
        return None;
    }
    *hits[0] = hits[0].replacen(from, to, 1);
    for f in b.narrative.figures.iter_mut() {
        f.sentence = f.sentence.replacen(from, to, 1);
        f.label = f.label.as_ref().map(|l| l.replacen(from, to, 1));
    }
    Some(())
}

fn figure_index(b: &Built, key: &str) -> Option<usize> {
    b.narrative
        .figures
        .iter()
        .position(|f| f.key.as_deref() == Some(key))
}

fn table_index(b: &Built, kind: &str) -> Option<usize> {
    let mut it = b.tables.iter().enumerate().filter(|(_, t)| t.kind == kind);
    let (i, _) = it.next()?;
    it.next().is_none().then_some(i)
}

/// The position in `doc.blocks` of table `ti` (tables are the table blocks in order).
fn block_of_table(b: &Built, ti: usize) -> Option<usize> {
    b.doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, x)| matches!(x, Block::Table(_)))
        .nth(ti)
        .map(|(i, _)| i)
}

fn grid_mut(b: &mut Built, ti: usize) -> Option<&mut Grid> {
    let i = block_of_table(b, ti)?;
    match &mut b.doc.blocks[i] {
        Block::Table(g) => Some(g),
        _ => None,
    }
}

/// Set the text of the cell at (row, col) of table `ti`, in the layout and the golden grid.
fn set_cell(b: &mut Built, ti: usize, row: usize, col: usize, text: &str) -> Option<()> {
    let g = grid_mut(b, ti)?;
    match g.slots.get_mut(row)?.get_mut(col)? {
        Slot::Cell(c) => c.text = text.to_string(),
        _ => return None,
    }
    let c = b.tables[ti]
        .grid
        .cells
        .iter_mut()
        .find(|c| c.row == row && c.col == col)?;
    c.text = text.to_string();
    Some(())
}

fn cell_text(b: &Built, ti: usize, row: usize, col: usize) -> Option<&str> {
    b.tables[ti]
        .grid
        .cells
        .iter()
        .find(|c| c.row == row && c.col == col)
        .map(|c| c.text.as_str())
}

/// Insert a grid row before `row` in table `ti` (layout and golden), with `cells` as
/// (col, text), every other slot an empty cell; the record goes in at record index `at`.
/// `None` when a merged cell spans across `row`.
fn insert_row(
    b: &mut Built,
    ti: usize,
    row: usize,
    cells: &[(usize, String)],
    at: usize,
    mut rec: RecordOut,
) -> Option<()> {
    let t = &b.tables[ti];
    if t.grid
        .cells
        .iter()
        .any(|c| c.row < row && c.row + c.rowspan > row)
    {
        return None;
    }
    let cols = t.grid.cols;
    let g = grid_mut(b, ti)?;
    for slot in g.slots.iter_mut().flatten() {
        if let Slot::Covered(r, _) = slot
            && *r >= row
        {
            *r += 1;
        }
    }
    g.slots.insert(row, vec![Slot::Empty; cols]);
    for (c, text) in cells {
        g.put(row, *c, text, 1, 1);
    }
    g.fill_row(row);
    let t = &mut b.tables[ti];
    for c in t.grid.cells.iter_mut().filter(|c| c.row >= row) {
        c.row += 1;
    }
    let pos = t.grid.cells.iter().position(|c| c.row > row);
    let new: Vec<CellOut> = (0..cols)
        .map(|c| CellOut {
            row,
            col: c,
            rowspan: 1,
            colspan: 1,
            text: cells
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, s)| s.clone())
                .unwrap_or_default(),
        })
        .collect();
    match pos {
        Some(p) => {
            t.grid.cells.splice(p..p, new);
        }
        None => t.grid.cells.extend(new),
    }
    t.grid.rows += 1;
    for r in t.records.iter_mut().filter(|r| r.row >= row) {
        r.row += 1;
    }
    rec.row = row;
    t.records.insert(at, rec);
    Some(())
}

/// Remove table `ti`: its block, the number/title/unit lines before it and the note after
/// it; the later tables' ids move up.
fn drop_table(b: &mut Built, ti: usize) -> Option<()> {
    let i = block_of_table(b, ti)?;
    let t = b.tables.remove(ti);
    let mut end = i + 1;
    if let (Some(note), Some(Block::Para { text, .. })) = (&t.note, b.doc.blocks.get(end))
        && text == note
    {
        end += 1;
    }
    let mut start = i;
    while start > 0 {
        let Block::Para { text, .. } = &b.doc.blocks[start - 1] else {
            break;
        };
        let title = t.title.as_deref().unwrap_or("");
        let own = Some(text.as_str()) == t.number.as_deref()
            || squeeze(text) == title
            || text.contains("单位：");
        if !own || i - start >= 3 {
            break;
        }
        start -= 1;
    }
    b.doc.blocks.drain(start..end);
    for (k, t) in b.tables.iter_mut().enumerate() {
        t.id = format!("t{}", k + 1);
    }
    Some(())
}

fn append_para(b: &mut Built, text: &str) {
    b.doc.blocks.push(Block::Para {
        text: text.into(),
        center: false,
        bold: false,
        size: 21,
    });
}

fn add_paragraph(b: &mut Built, text: &str, record: Value) -> Option<Value> {
    append_para(b, text);
    Some(record)
}

/// A zero amount as the document prints it: (cell text, golden value).
fn zero_cell(b: &Built) -> (String, Value) {
    match b.variation.zero.as_str() {
        "dash" => ("-".into(), json!("0")),
        "zeros" => ("0.00".into(), json!("0.00")),
        _ => (String::new(), Value::Null),
    }
}

fn parse(s: &str) -> Option<Decimal> {
    s.trim().parse().ok()
}

// ---------------------------------------------------------------- injections

/// 政府采购 "A，其中：货物B、工程C、服务D": B printed `delta` higher (`severity`: what that
/// difference is meant to be, checked against what `expected.rs` derives).
fn breakdown(b: &mut Built, delta: Decimal, severity: &str) -> Option<Value> {
    let i = figure_index(b, "procurement_total")?;
    let keys = [
        "procurement_goods",
        "procurement_works",
        "procurement_services",
    ];
    let figs = b.narrative.figures.get(i + 1..i + 4)?;
    if figs
        .iter()
        .zip(keys)
        .any(|(f, k)| f.key.as_deref() != Some(k))
    {
        return None;
    }
    let total = parse(&b.narrative.figures[i].value)?;
    let sum: Decimal = figs.iter().filter_map(|f| parse(&f.value)).sum();
    let goods = &b.narrative.figures[i + 1];
    if total != sum || goods.unit != "万元" || goods.value.contains(',') {
        return None;
    }
    let was = goods.value.clone();
    let now = (parse(&was)? + delta).to_string();
    let label = goods.label.clone()?;
    rewrite(
        b,
        &format!("{label}{was}万元"),
        &format!("{label}{now}万元"),
    )?;
    b.narrative.figures[i + 1].value = now.clone();
    Some(
        json!({"class": "narrative.breakdown_sum", "severity": severity, "figure": keys[0], "printed": was, "now": now}),
    )
}

/// The 机关运行经费 (else 收入) change "比上年预算增加X，增长P%" rewritten as growth
/// from a zero base: "比上年预算增加V万元，增长100%", V the figure itself.
fn zero_base(b: &mut Built) -> Option<Value> {
    let (key, i) = ["operating_expenses", "revenue_total"]
        .into_iter()
        .find_map(|k| {
            let i = figure_index(b, k)?;
            b.narrative.figures[i]
                .change
                .as_ref()?
                .percent
                .as_ref()
                .map(|_| (k, i))
        })?;
    let f = &b.narrative.figures[i];
    let c = f.change.as_ref()?;
    let (v, unit) = (f.value.clone(), f.unit.clone());
    let phrase = match (c.direction.as_str(), &c.amount, &c.percent) {
        ("increase", Some(a), Some(p)) => format!("增加{a}{unit}，增长{p}%"),
        ("decrease", Some(a), Some(p)) => format!("减少{a}{unit}，下降{p}%"),
        _ => return None,
    };
    let new = format!("增加{v}{unit}，增长100%");
    let sentence = f.sentence.clone();
    if !sentence.ends_with(&phrase) {
        return None;
    }
    let to = format!("{}{new}", &sentence[..sentence.len() - phrase.len()]);
    rewrite(b, &sentence, &to)?;
    b.narrative.figures[i].change = Some(ChangeOut {
        direction: "increase".into(),
        amount: Some(v),
        percent: Some("100".into()),
    });
    Some(json!({"class": "narrative.zero_base", "figure": key, "actual": "100"}))
}

/// "比上年预算/决算" (or "比{year-1}年预算") of the revenue sentence printed as "比{year}年…".
fn comparison_year(b: &mut Built) -> Option<Value> {
    let y = b.info.year?;
    let i = figure_index(b, "revenue_total")?;
    let s = b.narrative.figures[i].sentence.clone();
    let last = format!("比{}年预算", y - 1);
    let from = ["比上年预算", "比上年决算", last.as_str()]
        .into_iter()
        .find(|p| s.contains(p))?;
    let to = format!("比{y}年{}", &from[from.len() - "预算".len()..]);
    let new = s.replacen(from, &to, 1);
    rewrite(b, &s, &new)?;
    Some(
        json!({"class": "narrative.comparison_year", "expected": (y - 1).to_string(), "actual": y.to_string()}),
    )
}

/// The heading that names the document's year, printed with the previous year.
fn text_year(b: &mut Built) -> Option<Value> {
    let y = b.info.year?;
    let (from, to) = if b.info.kind == "final_account" {
        (
            format!("{y}年度部门决算情况说明"),
            format!("{}年度部门决算情况说明", y - 1),
        )
    } else {
        (
            format!("{y}年部门预算公开表"),
            format!("{}年部门预算公开表", y - 1),
        )
    };
    rewrite(b, &from, &to)?;
    for f in b.narrative.figures.iter_mut() {
        f.section = f.section.as_ref().map(|s| s.replacen(&from, &to, 1));
    }
    Some(json!({"class": "text.year", "expected": y.to_string(), "actual": (y - 1).to_string()}))
}

/// A record of a 绩效目标表: (record index, grid row, 二级指标, 指标值).
type PerfRow = (usize, usize, String, String);

/// Records of the first 绩效目标表 and its index.
fn perf_rows(b: &Built) -> Option<(usize, Vec<PerfRow>)> {
    let ti = b
        .tables
        .iter()
        .position(|t| t.kind == "performance_targets")?;
    let rows = b.tables[ti]
        .records
        .iter()
        .enumerate()
        .map(|(ri, r)| {
            let v = |k: &str| {
                r.values
                    .get(k)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            (ri, r.row, v("level2"), v("target"))
        })
        .collect();
    Some((ti, rows))
}

/// A `>=90%` 指标值 of the first 绩效目标表 printed `>=90%%`.
fn doubled_cell(b: &mut Built) -> Option<Value> {
    let (ti, rows) = perf_rows(b)?;
    let (ri, row, _, target) = rows.into_iter().find(|r| r.3 == ">=90%")?;
    let now = format!("{target}%");
    set_cell(b, ti, row, 3, &now)?;
    b.tables[ti].records[ri]
        .values
        .insert("target".into(), json!(now));
    Some(
        json!({"class": "text.doubled_symbol", "table_kind": "performance_targets", "target": now}),
    )
}

/// The first 成本指标 of the first 绩效目标表 raised by `delta` 万元 (`severity` as for
/// [`breakdown`]).
fn cost_sum(b: &mut Built, delta: Decimal, severity: &str) -> Option<Value> {
    let (ti, rows) = perf_rows(b)?;
    let (ri, row, _, target) = rows.into_iter().find(|r| r.2 == "成本指标")?;
    let was = parse(target.strip_prefix("<=")?.strip_suffix('万')?)?;
    let now = format!("<={}万", was + delta);
    set_cell(b, ti, row, 3, &now)?;
    b.tables[ti].records[ri]
        .values
        .insert("target".into(), json!(now));
    Some(
        json!({"class": "performance.cost_sum", "severity": severity, "table_kind": "performance_targets", "target": now}),
    )
}

/// (code, the catalogue's name, an outdated name): a 类 printed with its old name.
const OUTDATED: &[(&str, &str, &str)] = &[
    ("210", "卫生健康支出", "医疗卫生与计划生育支出"),
    ("201", "一般公共服务支出", "一般公共服务"),
];

/// The 支出 table's first 类 of [`OUTDATED`] printed with its outdated name (documents of
/// 2022 on: the catalogue attests the current names from then).
fn name_catalogue(b: &mut Built) -> Option<Value> {
    if b.info.year? < 2022 {
        return None;
    }
    let ti = table_index(b, "expenditure")?;
    let (ri, (code, current, old)) =
        b.tables[ti]
            .records
            .iter()
            .enumerate()
            .find_map(|(ri, r)| {
                let o = OUTDATED.iter().find(|o| r.code.as_deref() == Some(o.0))?;
                (r.name.as_deref() == Some(o.1)).then_some((ri, *o))
            })?;
    let row = b.tables[ti].records[ri].row;
    let col = b.tables[ti]
        .grid
        .cells
        .iter()
        .find(|c| c.row == row && squeeze(&c.text) == current)?
        .col;
    set_cell(b, ti, row, col, old)?;
    b.tables[ti].records[ri].name = Some(old.to_string());
    Some(
        json!({"class": "name.catalogue", "table_kind": "expenditure", "code": code, "expected": current, "actual": old}),
    )
}

/// The longest item of the 人员经费 list ("主要包括：…") printed without its second character.
fn name_text_vs_table(b: &mut Built) -> Option<Value> {
    let i = figure_index(b, "personnel_expenses")?;
    let s = b.narrative.figures[i].sentence.clone();
    let (head, list) = s.split_once("主要包括：")?;
    let items: Vec<&str> = list.split('、').collect();
    let item = items.iter().copied().max_by_key(|x| x.chars().count())?;
    if item.chars().count() < 6 {
        return None;
    }
    let cut: String = item
        .chars()
        .enumerate()
        .filter(|(k, _)| *k != 1)
        .map(|(_, c)| c)
        .collect();
    let new_list: Vec<&str> = items
        .iter()
        .map(|x| if *x == item { cut.as_str() } else { x })
        .collect();
    rewrite(b, &s, &format!("{head}主要包括：{}", new_list.join("、")))?;
    Some(
        json!({"class": "name.text_vs_table", "figure": "personnel_expenses", "expected": item, "actual": cut}),
    )
}

#[derive(Clone, Copy)]
enum ExtraRow {
    /// 2089901 after the 208 block: 款 20899 is not printed.
    Parent,
    /// 236 before the total: not a 类 of the catalogue.
    Catalogue,
    /// 208059 after the 208 block: a 项 code with a digit missing.
    Cut,
}

/// A zero-amount coded row added to the 支出 table.
fn extra_row(b: &mut Built, kind: ExtraRow) -> Option<Value> {
    let ti = table_index(b, "expenditure")?;
    let (code, name) = match kind {
        ExtraRow::Parent => ("2089901", "其他社会保障和就业支出"),
        ExtraRow::Catalogue => ("236", "其他特别支出"),
        ExtraRow::Cut => ("208059", "其他行政事业单位养老支出"),
    };
    let t = &b.tables[ti];
    if t.records
        .iter()
        .any(|r| r.side.is_some() || r.code.as_deref() == Some(code))
    {
        return None;
    }
    // Where it goes: after the last 208 row, or after the last coded row.
    let after = match kind {
        ExtraRow::Parent | ExtraRow::Cut => t
            .records
            .iter()
            .rposition(|r| r.code.as_deref().is_some_and(|c| c.starts_with("208")))?,
        ExtraRow::Catalogue => t.records.iter().rposition(|r| r.code.is_some())?,
    };
    // A 项 row shows how this table prints codes: split 类/款/项 columns or one.
    let sample = t
        .records
        .iter()
        .find(|r| r.code.as_deref().is_some_and(|c| c.len() == 7))?;
    let split = cell_text(b, ti, sample.row, 0) != sample.code.as_deref();
    let mut cells: Vec<(usize, String)> = if split {
        let parts = [
            &code[..3],
            code.get(3..5).unwrap_or(""),
            code.get(5..).unwrap_or(""),
        ];
        parts
            .iter()
            .enumerate()
            .map(|(k, p)| (k, p.to_string()))
            .collect()
    } else {
        vec![(0, code.to_string())]
    };
    let ncode = if split { 3 } else { 1 };
    cells.push((ncode, name.to_string()));
    let (zt, zv) = zero_cell(b);
    let t = &b.tables[ti];
    let mut values = serde_json::Map::new();
    for c in &t.columns {
        cells.push((c.col, zt.clone()));
        values.insert(c.key.clone(), zv.clone());
    }
    let rec = RecordOut {
        side: None,
        code: Some(code.into()),
        level: match code.len() {
            3 => Some(1),
            5 => Some(2),
            7 => Some(3),
            _ => None,
        },
        name: Some(name.into()),
        values,
        total: false,
        row: 0,
        project: None,
    };
    let row = t.records[after].row + 1;
    insert_row(b, ti, row, &cells, after + 1, rec)?;
    let rule = match kind {
        ExtraRow::Parent => json!({"class": "code.parent", "code": code, "expected": "20899"}),
        ExtraRow::Catalogue => json!({"class": "code.catalogue", "code": code}),
        ExtraRow::Cut => json!({"class": "code.parent", "code": code}),
    };
    let mut r = rule;
    r["table_kind"] = json!("expenditure");
    if split {
        // Code parts printed in 类/款/项 columns: the reader says when they are not 3+2+2.
        r["parts"] = json!(cells[..ncode].iter().map(|(_, p)| p).collect::<Vec<_>>());
    }
    Some(r)
}

/// The first 项 of the 收入 table printed with the unused code `…97` of its 款.
fn recode_revenue(b: &mut Built) -> Option<Value> {
    let (rv, ex) = (table_index(b, "revenue")?, table_index(b, "expenditure")?);
    let ri = b.tables[rv]
        .records
        .iter()
        .position(|r| r.code.as_deref().is_some_and(|c| c.len() == 7))?;
    let old = b.tables[rv].records[ri].code.clone()?;
    let new = format!("{}97", &old[..5]);
    let used = |t: &crate::out::TableOut| t.records.iter().any(|r| r.code.as_deref() == Some(&new));
    if b.tables.iter().any(used)
        || !b.tables[ex]
            .records
            .iter()
            .any(|r| r.code.as_deref() == Some(&old))
    {
        return None;
    }
    let row = b.tables[rv].records[ri].row;
    if cell_text(b, rv, row, 0) == Some(old.as_str()) {
        set_cell(b, rv, row, 0, &new)?;
    } else if cell_text(b, rv, row, 2) == Some(&old[5..]) {
        set_cell(b, rv, row, 2, "97")?;
    } else {
        return None;
    }
    b.tables[rv].records[ri].code = Some(new.clone());
    Some(json!({"class": "code.revenue_vs_expenditure", "revenue": new, "expenditure": old}))
}

/// The 政府性基金 table (budget) or 国有资本经营 table (决算) left out.
fn table_missing(b: &mut Built) -> Option<Value> {
    let kind = if b.info.kind == "final_account" {
        "state_capital_expenditure"
    } else {
        "gov_fund_expenditure"
    };
    let ti = table_index(b, kind)?;
    drop_table(b, ti)?;
    Some(json!({"class": "coverage.table_missing", "expected": kind}))
}

/// An empty 政府性基金 table: its note (printed after it) and the sentences explaining it go.
fn empty_unexplained(b: &mut Built) -> Option<Value> {
    let ti = table_index(b, "gov_fund_expenditure")?;
    let t = &b.tables[ti];
    let note = t.note.clone()?;
    if !t.empty {
        return None;
    }
    let i = block_of_table(b, ti)?;
    match b.doc.blocks.get(i + 1) {
        Some(Block::Para { text, .. }) if *text == note => {}
        _ => return None, // the note is inside the table
    }
    b.doc.blocks.remove(i + 1);
    b.tables[ti].note = None;
    // Paragraphs that say the fund is not used (没有/无…政府性基金…, 为空表, 0万元) go too;
    // never one that carries figures.
    let explains = |s: &str| {
        s.contains("政府性基金")
            && ["没有", "无", "空表", "无数据", "0万元"]
                .iter()
                .any(|w| s.contains(w))
    };
    let figures = &b.narrative.figures;
    let carries = |s: &str| figures.iter().any(|f| s.contains(&f.sentence));
    let gone = |x: &Block| matches!(x, Block::Para { text, bold: false, .. } if explains(text));
    if b.doc
        .blocks
        .iter()
        .any(|x| gone(x) && matches!(x, Block::Para { text, .. } if carries(text)))
    {
        return None;
    }
    b.doc.blocks.retain(|x| !gone(x));
    Some(json!({"class": "coverage.empty_unexplained", "table_kind": "gov_fund_expenditure"}))
}

/// The explanations `coverage.section_missing` asks for that an injection leaves out: (what
/// the finding names, the words that show it, a word of its heading).
const SECTIONS: &[(&str, &[&str], &str)] = &[
    (
        "国有资产占用",
        &["国有资产", "资产占用", "资产占有"],
        "国有资产",
    ),
    ("政府采购", &["政府采购"], "政府采购"),
    ("“三公”经费", &["三公"], "三公"),
];

/// A section (heading, paragraphs and their figures) left out; `None` when its words are
/// printed elsewhere too.
fn section_missing(
    b: &mut Built,
    (what, words, heading_word): &(&str, &[&str], &str),
) -> Option<Value> {
    // A table's title line explains nothing: only the text counts.
    let title = |t: &str| {
        b.tables.iter().any(|x| {
            x.title.as_deref() == Some(squeeze(t).as_str()) || x.number.as_deref() == Some(t)
        })
    };
    let h = b.doc.blocks.iter().position(
        |x| matches!(x, Block::Para { text, bold: true, .. } if !title(text) && text.contains(heading_word)),
    )?;
    let Block::Para { text: heading, .. } = &b.doc.blocks[h] else {
        return None;
    };
    let heading = heading.trim().to_string();
    let mut end = h + 1;
    while let Some(Block::Para { bold: false, .. }) = b.doc.blocks.get(end) {
        end += 1;
    }
    b.doc.blocks.drain(h..end);
    b.narrative
        .figures
        .retain(|f| f.section.as_deref() != Some(heading.as_str()));
    let left = b.doc.blocks.iter().any(|x| {
        matches!(x, Block::Para { text, .. } if !title(text) && words.iter().any(|w| text.contains(w)))
    });
    (!left).then(|| json!({"class": "coverage.section_missing", "expected": what}))
}

/// The "…（类）…（款）…（项）" path with the longest 项 name (8 characters or more) printed
/// with that name a little otherwise: "…支出" as "…补助", else without its second character.
fn name_path(b: &mut Built) -> Option<Value> {
    let (label, item) = b
        .narrative
        .figures
        .iter()
        .filter_map(|f| {
            let l = f.label.as_deref()?;
            let item = l.strip_suffix("（项）")?.rsplit("（款）").next()?;
            Some((l.to_string(), item.to_string()))
        })
        .max_by_key(|(_, i)| i.chars().count())?;
    if item.chars().count() < 8 {
        return None;
    }
    let text_name = match item.strip_suffix("支出") {
        Some(stem) => format!("{stem}补助"),
        None => item
            .chars()
            .enumerate()
            .filter(|(k, _)| *k != 1)
            .map(|(_, c)| c)
            .collect(),
    };
    let new = format!(
        "{}{text_name}（项）",
        &label[..label.len() - item.len() - "（项）".len()]
    );
    rewrite(b, &label, &new)?;
    Some(
        json!({"class": "name.text_vs_table", "label": new, "expected": item, "actual": text_name}),
    )
}

/// The 决算's "截至{year}年底" printed as the previous year's end, "截至{year-1}年12月31日".
fn asset_date(b: &mut Built) -> Option<Value> {
    let y = b.info.year?;
    if b.info.kind != "final_account" {
        return None;
    }
    rewrite(
        b,
        &format!("截至{y}年底"),
        &format!("截至{}年12月31日", y - 1),
    )?;
    Some(
        json!({"class": "text.year", "rule": "asset_date", "expected": y.to_string(), "actual": (y - 1).to_string()}),
    )
}

/// The revenue side's 年初结转和结余 of the 收入支出决算总表, zero in the base, printed as
/// 12.34 万元 while its 总计 still equals 本年收入合计.
fn carryover_total(b: &mut Built) -> Option<Value> {
    let ti = table_index(b, "revenue_expenditure_summary")?;
    let t = &b.tables[ti];
    let find = |name: &str| {
        t.records
            .iter()
            .position(|r| r.side.as_deref() == Some("revenue") && r.name.as_deref() == Some(name))
    };
    let (ri, year, total) = (
        find("年初结转和结余")?,
        find("本年收入合计")?,
        find("总计")?,
    );
    let amount = |i: usize| {
        t.records[i]
            .values
            .get("amount")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (Some(y), Some(tot)) = (amount(year), amount(total)) else {
        return None;
    };
    if y != tot
        || amount(ri)
            .and_then(|v| parse(&v))
            .is_some_and(|v| !v.is_zero())
    {
        return None;
    }
    let line = "12.34";
    let row = t.records[ri].row;
    set_cell(b, ti, row, 1, line)?;
    b.tables[ti].records[ri]
        .values
        .insert("amount".into(), json!(line));
    let sum = (parse(&y)? + parse(line)?).to_string();
    Some(
        json!({"class": "table.carryover_total", "table_kind": "revenue_expenditure_summary", "side": "revenue", "expected": tot, "actual": sum}),
    )
}

/// A sentence comparing the 一般公共预算财政拨款支出 决算 with a 年初预算 5% higher, saying
/// 决算数大于年初预算数, after the sentence that states the 决算.
fn final_vs_budget(b: &mut Built) -> Option<Value> {
    if b.info.kind != "final_account" {
        return None;
    }
    let i = figure_index(b, "general_budget_total")?;
    let f = &b.narrative.figures[i];
    let spent = parse(&f.value)?;
    if f.unit != "万元" || spent.is_zero() {
        return None;
    }
    let budget = (spent * Decimal::new(105, 2)).round_dp(2);
    let sentence = format!(
        "一般公共预算财政拨款支出年初预算为{budget}万元，支出决算为{spent}万元，决算数大于年初预算数"
    );
    insert_sentence(
        b,
        i,
        &sentence,
        &[
            ("一般公共预算财政拨款支出年初预算", budget.to_string()),
            ("支出决算", spent.to_string()),
        ],
    )?;
    Some(json!({"class": "narrative.final_vs_budget", "expected": "小于", "actual": "大于"}))
}

/// Insert the paragraph "{sentence}。" after the one of figure `i`, and its unkeyed 万元
/// figures (label, value) after that paragraph's figures; the index of the first.
fn insert_sentence(
    b: &mut Built,
    i: usize,
    sentence: &str,
    figs: &[(&str, String)],
) -> Option<usize> {
    let f = &b.narrative.figures[i];
    let section = f.section.clone();
    let p = b
        .doc
        .blocks
        .iter()
        .position(|x| matches!(x, Block::Para { text, .. } if text.contains(&f.sentence)))?;
    b.doc.blocks.insert(
        p + 1,
        Block::Para {
            text: format!("{sentence}。"),
            center: false,
            bold: false,
            size: 21,
        },
    );
    let fig = |(label, value): &(&str, String)| crate::out::FigureOut {
        key: None,
        label: Some(label.to_string()),
        value: value.clone(),
        unit: "万元".into(),
        change: None,
        share_percent: None,
        sentence: sentence.to_string(),
        section: section.clone(),
    };
    let para = match &b.doc.blocks[p] {
        Block::Para { text, .. } => text.clone(),
        _ => return None,
    };
    // after the paragraph's last figure
    let at = (i..b.narrative.figures.len())
        .take_while(|&k| para.contains(&b.narrative.figures[k].sentence))
        .last()?
        + 1;
    let new: Vec<_> = figs.iter().map(fig).collect();
    b.narrative.figures.splice(at..at, new);
    Some(at)
}

/// Last year's figures that the keyed 万元 figures of value `this` imply by their change (as
/// `narrative.last_year_conflict` reads them): (figure index, last year's figure).
fn implied_lasts(b: &Built, this: Decimal) -> Vec<(usize, Decimal)> {
    let implied = |f: &crate::out::FigureOut| {
        let c = f.change.as_ref()?;
        if f.key.is_none() || f.unit != "万元" || parse(&f.value)? != this {
            return None;
        }
        let a = parse(c.amount.as_ref()?)?;
        match c.direction.as_str() {
            "increase" => Some(this - a),
            "decrease" => Some(this + a),
            _ => Some(this),
        }
    };
    b.narrative
        .figures
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((i, implied(f)?)))
        .collect()
}

/// Last year's figure a keyed figure of value `this` implies, so that a stated one does not
/// contradict it.
fn implied_last(b: &Built, this: Decimal) -> Option<Decimal> {
    implied_lasts(b, this).first().map(|(_, l)| *l)
}

/// The 支出 total a statement of last year's figure speaks of: (figure index, T), a 万元
/// amount of at least 100 printed without separators.
fn statement_subject(b: &Built) -> Option<(usize, Decimal)> {
    let i = figure_index(b, "expenditure_total")?;
    let f = &b.narrative.figures[i];
    let this = parse(&f.value)?;
    (f.unit == "万元" && this >= Decimal::ONE_HUNDRED && !f.value.contains(','))
        .then_some((i, this))
}

/// After figure `i`'s paragraph, wording A of `LAST_YEAR_STATEMENTS` without the amount:
/// "{year-1}年部门支出预算执行数为L万元，{year}年部门支出预算安排T万元，比{year-1}年预算执行数
/// 增长|下降P%", P = |T − L| / L (2 decimals) + `off`: (exact, printed) percents.
fn last_year_statement(
    b: &mut Built,
    i: usize,
    this: Decimal,
    last: Decimal,
    off: Decimal,
) -> Option<(Decimal, Decimal)> {
    let y = b.info.year?;
    if last == this || last <= Decimal::ZERO {
        return None;
    }
    let (word, direction) = if this > last {
        ("增长", "increase")
    } else {
        ("下降", "decrease")
    };
    let exact = ((this - last).abs() * Decimal::ONE_HUNDRED / last).round_dp(2);
    let printed = exact + off;
    let ly = y - 1;
    let sentence = format!(
        "{ly}年部门支出预算执行数为{last}万元，{y}年部门支出预算安排{this}万元，比{ly}年预算执行数{word}{printed}%"
    );
    let at = insert_sentence(
        b,
        i,
        &sentence,
        &[
            ("部门支出预算执行数", last.to_string()),
            ("部门支出预算安排", this.to_string()),
        ],
    )?;
    b.narrative.figures[at + 1].change = Some(ChangeOut {
        direction: direction.into(),
        amount: None,
        percent: Some(printed.to_string()),
    });
    Some((exact, printed))
}

/// After the 支出 total T's paragraph, a statement of last year's figure L (the one a keyed
/// figure of value T implies, else 90 % of T) whose percent P is one point above |T − L| / L
/// (error).
fn change_vs_last_year(b: &mut Built) -> Option<Value> {
    let (i, this) = statement_subject(b)?;
    let last = implied_last(b, this).unwrap_or((this * Decimal::new(9, 1)).round_dp(2));
    let (exact, printed) = last_year_statement(b, i, this, last, Decimal::ONE)?;
    Some(json!({
        "class": "narrative.change_vs_last_year", "severity": "error",
        "last": last.to_string(), "amount": (this - last).abs().to_string(),
        "expected": exact.to_string(), "actual": printed.to_string(),
    }))
}

/// After the 支出 total T's paragraph, a statement of last year's figure L whose percent is
/// right for L, where the one keyed figure of value T with a change implies L − `delta`
/// (`severity`: error for 10 万元, notice within rounding).
fn last_year_conflict(b: &mut Built, delta: Decimal, severity: &str) -> Option<Value> {
    let (i, this) = statement_subject(b)?;
    let [(k, implied)] = implied_lasts(b, this)[..] else {
        return None;
    };
    let key = b.narrative.figures[k].key.clone()?;
    let last = implied + delta;
    last_year_statement(b, i, this, last, Decimal::ZERO)?;
    Some(json!({
        "class": "narrative.last_year_conflict", "severity": severity, "figure": key,
        "expected": last.to_string(), "actual": implied.normalize().to_string(),
    }))
}

/// The 收入 total's sentence "…V万元，比上年…增加|减少A万元，增长|下降P%" (its only figure)
/// restated after its paragraph with A + `delta` and the percent of that amount: last year's
/// figure V ∓ A given as V ∓ (A + `delta`) too. The restatement is unkeyed (the recognizer
/// keys the first statement of a quantity only); its label is the total's.
fn last_year_restated(b: &mut Built, delta: Decimal, severity: &str) -> Option<Value> {
    let i = figure_index(b, "revenue_total")?;
    let f = &b.narrative.figures[i];
    let alone = b
        .narrative
        .figures
        .iter()
        .filter(|g| g.sentence == f.sentence);
    let c = f.change.as_ref()?;
    if alone.count() != 1 || f.unit != "万元" {
        return None;
    }
    let (verb, word, sign) = match c.direction.as_str() {
        "increase" => ("增加", "增长", Decimal::NEGATIVE_ONE),
        "decrease" => ("减少", "下降", Decimal::ONE),
        _ => return None,
    };
    let (amount, percent) = (c.amount.clone()?, c.percent.clone()?);
    let tail = format!("{verb}{amount}万元，{word}{percent}%");
    let head = f.sentence.strip_suffix(&tail)?.to_string();
    let (v, a) = (parse(&f.value)?, parse(&amount)?);
    let restated = a + delta;
    let (was, now) = (v + sign * a, v + sign * restated);
    if was <= Decimal::ZERO || now <= Decimal::ZERO {
        return None;
    }
    let p = (restated * Decimal::ONE_HUNDRED / now).round_dp(2);
    let (label, value) = (f.label.clone()?, f.value.clone());
    let sentence = format!("{head}{verb}{restated}万元，{word}{p}%");
    let at = insert_sentence(b, i, &sentence, &[(label.as_str(), value)])?;
    b.narrative.figures[at].change = Some(ChangeOut {
        direction: direction_of(sign),
        amount: Some(restated.to_string()),
        percent: Some(p.to_string()),
    });
    Some(json!({
        "class": "narrative.last_year_conflict", "severity": severity, "figure": "revenue_total",
        "restated": restated.to_string(),
        "expected": was.normalize().to_string(), "actual": now.normalize().to_string(),
    }))
}

/// The direction of a change whose last-year figure is V + `sign` × amount.
fn direction_of(sign: Decimal) -> String {
    if sign.is_sign_negative() {
        "increase"
    } else {
        "decrease"
    }
    .into()
}

/// 决算: the 基本支出 (else 项目支出) figure "…基本支出X万元" printed "…基本支出预算X万元": a keyed
/// figure named 预算 whose amount is the 支出决算表's 决算数.
fn final_wording_figure(b: &mut Built) -> Option<Value> {
    if b.info.kind != "final_account" {
        return None;
    }
    let (key, i) = ["basic_expenditure", "project_expenditure"]
        .into_iter()
        .find_map(|k| Some((k, figure_index(b, k)?)))?;
    table_index(b, "expenditure")?;
    let f = &b.narrative.figures[i];
    let label = f.label.clone()?;
    if f.unit != "万元" || label.contains("预算") || label.contains("决算") {
        return None;
    }
    let named = format!("{label}预算");
    let from = format!("{label}{}万元", f.value);
    let sentence = f.sentence.clone();
    if sentence.matches(&from).count() != 1 {
        return None;
    }
    let to = sentence.replacen(&from, &format!("{named}{}万元", f.value), 1);
    rewrite(b, &sentence, &to)?;
    b.narrative.figures[i].label = Some(named.clone());
    Some(json!({"class": "text.final_wording", "figure": key, "expected": "决算", "actual": named}))
}

/// 决算: the 决算数 heads of the 一般公共预算财政拨款基本支出决算表 (else the 收入支出决算总表)
/// printed 预算数, in the layout and the golden grid and columns.
fn final_wording_table(b: &mut Built) -> Option<Value> {
    const FINAL: &str = "决算数";
    if b.info.kind != "final_account" {
        return None;
    }
    let (kind, ti) = [
        "general_budget_basic_expenditure",
        "revenue_expenditure_summary",
    ]
    .into_iter()
    .find_map(|k| Some((k, table_index(b, k)?)))?;
    let t = &b.tables[ti];
    let heads = t
        .columns
        .iter()
        .filter(|c| c.header.last().map(String::as_str) == Some(FINAL));
    let other = t
        .columns
        .iter()
        .any(|c| c.header.iter().any(|h| h.contains("决算") && h != FINAL));
    if heads.count() == 0 || other {
        return None;
    }
    let cells: Vec<(usize, usize)> = t
        .grid
        .cells
        .iter()
        .filter(|c| c.text == FINAL)
        .map(|c| (c.row, c.col))
        .collect();
    for (row, col) in cells {
        set_cell(b, ti, row, col, "预算数")?;
    }
    for c in b.tables[ti].columns.iter_mut() {
        for h in c.header.iter_mut().filter(|h| *h == FINAL) {
            *h = "预算数".into();
        }
    }
    Some(
        json!({"class": "text.final_wording", "table_kind": kind, "expected": FINAL, "actual": "预算数"}),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expected::expected_findings;

    /// The audit rule ids of issue 13 that a generated document can show.
    const RULES: &[&str] = &[
        "narrative.breakdown_sum",
        "narrative.zero_base",
        "narrative.comparison_year",
        "text.year",
        "narrative.final_vs_budget",
        "text.doubled_symbol",
        "text.placeholder",
        "performance.cost_sum",
        "table.carryover_total",
        "name.catalogue",
        "name.text_vs_table",
        "code.parent",
        "code.catalogue",
        "code.revenue_vs_expenditure",
        "coverage.table_missing",
        "coverage.empty_unexplained",
        "coverage.section_missing",
        "narrative.change_vs_last_year",
        "narrative.last_year_conflict",
        "text.final_wording",
    ];

    fn docs() -> Vec<Built> {
        (0..PLAN.len())
            .map(|k| make(7, k).expect("a base takes the plan"))
            .collect()
    }

    #[test]
    fn every_rule_is_injected() {
        let docs = docs();
        for rule in RULES {
            assert!(
                docs.iter()
                    .any(|b| b.variation.audit.iter().any(|r| r["class"] == *rule)),
                "{rule}: no injection"
            );
        }
    }

    /// Each injection record gives its finding (rule, severity, the record's expected and
    /// actual), and the document has no other error or warning: the base stays clean.
    #[test]
    fn every_injection_has_its_finding() {
        for (k, b) in docs().iter().enumerate() {
            let found = expected_findings(b);
            let mut used = vec![false; found.len()];
            for r in &b.variation.audit {
                let class = r["class"].as_str().unwrap();
                let want = if class == "code.revenue_vs_expenditure" {
                    2
                } else {
                    1
                };
                let hits: Vec<usize> = (0..found.len())
                    .filter(|&i| !used[i] && found[i]["rule"] == class)
                    .filter(|&i| r.get("severity").is_none_or(|s| found[i]["severity"] == *s))
                    .filter(|&i| r.get("expected").is_none_or(|e| found[i]["expected"] == *e))
                    .filter(|&i| r.get("actual").is_none_or(|a| found[i]["actual"] == *a))
                    .take(want)
                    .collect();
                assert_eq!(hits.len(), want, "{}: {r} in {found:?}", name_of(k));
                for i in hits {
                    used[i] = true;
                }
            }
            for (i, c) in found.iter().enumerate() {
                assert!(
                    used[i] || c["severity"] == "notice",
                    "{}: finding without an injection: {c}",
                    name_of(k)
                );
            }
        }
    }

    /// The edits keep layout and golden together: every record's name is printed in its row,
    /// sums still hold (the added rows are zero), figures quote printed sentences.
    #[test]
    fn edited_documents_stay_consistent() {
        for (k, b) in docs().iter().enumerate() {
            for t in &b.tables {
                let p = crate::checks::table_problems(t);
                assert!(p.is_empty(), "{}: {p:?}", name_of(k));
                let g = &b.doc.blocks[block_of_table(
                    b,
                    b.tables.iter().position(|x| x.id == t.id).unwrap(),
                )
                .unwrap()];
                let Block::Table(g) = g else {
                    panic!("not a table")
                };
                assert_eq!(g.rows(), t.grid.rows, "{} {}", name_of(k), t.id);
                for c in &t.grid.cells {
                    assert_eq!(
                        g.text(c.row, c.col),
                        c.text,
                        "{} {} ({}, {})",
                        name_of(k),
                        t.id,
                        c.row,
                        c.col
                    );
                }
            }
            let text: String = b
                .doc
                .blocks
                .iter()
                .filter_map(|x| match x {
                    Block::Para { text, .. } => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            for f in &b.narrative.figures {
                assert!(text.contains(&f.sentence), "{}: {}", name_of(k), f.sentence);
            }
            assert_eq!(
                b.tables.iter().map(|t| t.id.clone()).collect::<Vec<_>>(),
                (1..=b.tables.len())
                    .map(|i| format!("t{i}"))
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn same_seed_same_documents() {
        let a = make(7, 1).unwrap();
        let b = make(7, 1).unwrap();
        assert_eq!(
            crate::render::docx_bytes(&a.doc).unwrap(),
            crate::render::docx_bytes(&b.doc).unwrap()
        );
        assert_eq!(a.variation.audit, b.variation.audit);
    }

    /// A class that needs what the base lacks refuses it instead of planting half a defect.
    #[test]
    fn a_base_without_the_precondition_is_refused() {
        let mut b = crate::generate_clean(7, BASE_INDEX, Family::Shanghai);
        // A budget has no 决算 summary carry-over and no 决算 sentence.
        assert!(inject(&mut b, CarryoverTotal).is_none());
        assert!(inject(&mut b, FinalVsBudget).is_none());
        assert!(make(7, PLAN.len()).is_err());
    }
}
