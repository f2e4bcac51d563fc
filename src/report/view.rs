//! View models: documents and the compare report turned into what the templates print.
//! Everything here is plain data (text stays text: the templates escape it).

use crate::compare::{Difference, DocReport, Report};
use crate::model::{Check, Document, Severity, Side, TableOut};
use serde::Serialize;
use std::collections::BTreeMap;

/// Grids larger than this many slots are not laid out (a hostile JSON could claim any size).
const MAX_SLOTS: usize = 2_000_000;

#[derive(Serialize)]
pub(crate) struct IndexPage {
    root: String,
    page: &'static str,
    rows: Vec<IndexRow>,
    totals: Totals,
    compare: Option<CompareTotals>,
    kinds: Vec<String>,
}

#[derive(Serialize, Default)]
struct Totals {
    documents: usize,
    ok: usize,
    failed: usize,
    tables: usize,
    errors: usize,
    warnings_findings: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct CompareTotals {
    exact: bool,
    documents: usize,
    matching: usize,
    differing: usize,
    f1: String,
    precision: String,
    recall: String,
    new_in_actual: Vec<String>,
}

#[derive(Serialize)]
struct IndexRow {
    href: Option<String>,
    path: String,
    title: String,
    department: String,
    year: String,
    kind: String,
    scope: String,
    format: String,
    pages: String,
    tables: usize,
    errors: usize,
    warnings_findings: usize,
    warnings: usize,
    status: String,
    reason: Option<String>,
    golden: Option<String>,
    differences: usize,
}

#[derive(Serialize)]
pub(crate) struct FindingsPage {
    root: String,
    page: &'static str,
    rows: Vec<FindingRow>,
    rules: Vec<RuleCount>,
}

#[derive(Serialize)]
struct RuleCount {
    rule: String,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct FindingRow {
    doc_href: String,
    doc: String,
    department: String,
    finding: FindingView,
}

#[derive(Serialize, Clone)]
struct FindingView {
    /// Index in the document's `checks` (anchor `f<n>`).
    n: usize,
    rule: String,
    severity: String,
    message: String,
    expected: String,
    actual: String,
    targets: Vec<Target>,
}

#[derive(Serialize, Clone)]
struct Target {
    label: String,
    /// The anchor on the document page (`t3-r5-c2`, `fig-12`, `proj-1`), or empty when the
    /// place does not exist in this document.
    anchor: String,
}

#[derive(Serialize)]
pub(crate) struct DocPage {
    /// Site-relative file of this page (`docs/<rel>.html`).
    #[serde(skip)]
    pub file: String,
    pub path: String,
    root: String,
    page: &'static str,
    heading: String,
    info: Vec<(String, String)>,
    profile: Vec<(String, String)>,
    tables: Vec<TableView>,
    figures: Vec<FigureView>,
    projects: Vec<ProjectView>,
    findings: Vec<FindingView>,
    warnings: Vec<(String, String, String)>,
    compare: Option<DocCompare>,
}

#[derive(Serialize)]
struct DocCompare {
    status: String,
    error: Option<String>,
    f1: String,
    golden_facts: usize,
    matched: usize,
    differences: Vec<Difference>,
    minor: usize,
}

#[derive(Serialize)]
struct TableView {
    id: String,
    heading: String,
    kind: String,
    unit: String,
    department: String,
    pages: String,
    empty: bool,
    note: Option<String>,
    rows: usize,
    cols: usize,
    header_rows: usize,
    records: usize,
    columns: Vec<ColumnView>,
    head: Vec<RowView>,
    body: Vec<RowView>,
    too_large: bool,
    findings: Vec<usize>,
    differences: Vec<Difference>,
}

#[derive(Serialize)]
struct ColumnView {
    key: String,
    header: String,
    side: String,
    col: usize,
}

#[derive(Serialize)]
struct RowView {
    row: usize,
    /// Record indices read from this grid row (two in a two-sided table).
    records: String,
    /// Hover text: code, level and name of the record(s).
    label: String,
    total: bool,
    severity: String,
    cells: Vec<CellView>,
}

#[derive(Serialize, Default)]
struct CellView {
    id: String,
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    text: String,
    /// A slot no cell covers (rendered as an empty cell, marked).
    blank: bool,
    numeric: bool,
    hover: String,
    severity: String,
    /// Findings on this cell: (anchor index, message).
    findings: Vec<(usize, String)>,
}

#[derive(Serialize)]
struct FigureView {
    n: usize,
    key: String,
    label: String,
    value: String,
    unit: String,
    change: String,
    share: String,
    before: String,
    hit: String,
    after: String,
    section: String,
    severity: String,
    findings: Vec<(usize, String)>,
}

#[derive(Serialize)]
struct ProjectView {
    n: usize,
    name: String,
    amount: String,
    basis: String,
    executor: String,
    period: String,
    allocations: Vec<(String, String)>,
    severity: String,
    findings: Vec<(usize, String)>,
}

/// Percent-encode a `/`-separated relative path for an `href` (each segment; `/` kept).
pub fn url_path(rel: &str) -> String {
    let mut s = String::with_capacity(rel.len());
    for b in rel.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                s.push(b as char)
            }
            _ => s.push_str(&format!("%{b:02X}")),
        }
    }
    s
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "budget" => "预算 budget",
        "final_account" => "决算 final account",
        "department" => "部门 department",
        "unit" => "单位 unit",
        other => other,
    }
}

/// Is this cell text an amount (right-aligned)?
fn is_numeric(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '—' | '－' | '%'))
        && t.chars()
            .any(|c| c.is_ascii_digit() || c == '-' || c == '—')
}

fn worse(a: &str, b: &str) -> String {
    if a == "error" || b == "error" {
        "error".into()
    } else if a.is_empty() {
        b.into()
    } else {
        a.into()
    }
}

/// Where one `at` entry of a finding points, resolved against the document.
enum Place {
    Cell {
        table: usize,
        row: usize,
        col: Option<usize>,
    },
    Figure(usize),
    Project(usize),
    Unknown,
}

fn resolve(doc: &Document, at: &serde_json::Value) -> (Place, String) {
    let idx = |k: &str| at.get(k).and_then(|v| v.as_u64()).map(|v| v as usize);
    if let Some(t) = at.get("table").and_then(|v| v.as_str()) {
        let record = idx("record");
        let column = at.get("column").and_then(|v| v.as_str());
        let mut label = t.to_string();
        if let Some(r) = record {
            label.push_str(&format!(" records[{r}]"));
        }
        if let Some(c) = column {
            label.push_str(&format!(" {c}"));
        }
        let Some(ti) = doc.tables.iter().position(|x| x.id == t) else {
            return (Place::Unknown, label);
        };
        let table = &doc.tables[ti];
        let Some(rec) = record.and_then(|r| table.records.get(r)) else {
            return (Place::Unknown, label);
        };
        let ident: Vec<&str> = [rec.code.as_deref(), rec.name.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !ident.is_empty() {
            label = format!("{t} {}", ident.join(" "));
            if let Some(c) = column {
                label.push_str(&format!(" / {c}"));
            }
        }
        let col = column.and_then(|c| {
            table
                .columns
                .iter()
                .find(|x| x.key == c && x.side == rec.side)
                .or_else(|| table.columns.iter().find(|x| x.key == c))
                .map(|x| x.col)
        });
        return (
            Place::Cell {
                table: ti,
                row: rec.row,
                col,
            },
            label,
        );
    }
    if let Some(f) = idx("figure") {
        let label = doc
            .narrative
            .figures
            .get(f)
            .map(|x| format!("figure {f}: {} {}{}", opt(&x.label), x.value, x.unit))
            .unwrap_or_else(|| format!("figure {f}"));
        return if f < doc.narrative.figures.len() {
            (Place::Figure(f), label)
        } else {
            (Place::Unknown, label)
        };
    }
    if let Some(p) = idx("project") {
        let label = doc
            .narrative
            .projects
            .get(p)
            .map(|x| format!("project {p}: {}", x.name))
            .unwrap_or_else(|| format!("project {p}"));
        return if p < doc.narrative.projects.len() {
            (Place::Project(p), label)
        } else {
            (Place::Unknown, label)
        };
    }
    (Place::Unknown, at.to_string())
}

/// Top-left slot of the cell covering (row, col) in a laid-out grid.
struct Layout {
    rows: usize,
    cols: usize,
    /// Per slot: index into `grid.cells` of the cell covering it.
    owner: Vec<Option<usize>>,
}

impl Layout {
    fn new(t: &TableOut) -> Option<Layout> {
        let g = &t.grid;
        let rows = g
            .rows
            .max(g.cells.iter().map(|c| c.row + 1).max().unwrap_or(0));
        let cols = g
            .cols
            .max(g.cells.iter().map(|c| c.col + 1).max().unwrap_or(0));
        if rows.checked_mul(cols)? > MAX_SLOTS {
            return None;
        }
        let mut owner = vec![None; rows * cols];
        for (i, c) in g.cells.iter().enumerate() {
            let r_end = c.row.saturating_add(c.rowspan.max(1)).min(rows);
            let c_end = c.col.saturating_add(c.colspan.max(1)).min(cols);
            for r in c.row..r_end {
                for k in c.col..c_end {
                    let slot = &mut owner[r * cols + k];
                    if slot.is_none() {
                        *slot = Some(i);
                    }
                }
            }
        }
        Some(Layout { rows, cols, owner })
    }

    fn owner(&self, row: usize, col: usize) -> Option<usize> {
        if row < self.rows && col < self.cols {
            self.owner[row * self.cols + col]
        } else {
            None
        }
    }
}

fn cell_id(table: &str, row: usize, col: usize) -> String {
    format!("{table}-r{row}-c{col}")
}

/// Findings attached to the places of one document.
#[derive(Default)]
struct Marks {
    /// (table index, grid row, grid col) → findings.
    cells: BTreeMap<(usize, usize, usize), Vec<usize>>,
    /// (table index, grid row) → findings.
    rows: BTreeMap<(usize, usize), Vec<usize>>,
    tables: BTreeMap<usize, Vec<usize>>,
    figures: BTreeMap<usize, Vec<usize>>,
    projects: BTreeMap<usize, Vec<usize>>,
}

fn findings_of(doc: &Document, layouts: &[Option<Layout>]) -> (Vec<FindingView>, Marks) {
    let mut marks = Marks::default();
    let mut views = Vec::new();
    for (n, c) in doc.checks.iter().enumerate() {
        views.push(finding_view(doc, layouts, n, c, &mut marks));
    }
    (views, marks)
}

fn finding_view(
    doc: &Document,
    layouts: &[Option<Layout>],
    n: usize,
    c: &Check,
    marks: &mut Marks,
) -> FindingView {
    let mut targets = Vec::new();
    for at in &c.at {
        let (place, label) = resolve(doc, at);
        let anchor = match place {
            Place::Cell {
                table, row, col, ..
            } => {
                let id = &doc.tables[table].id;
                marks.rows.entry((table, row)).or_default().push(n);
                marks.tables.entry(table).or_default().push(n);
                let owner = col.and_then(|k| {
                    layouts[table]
                        .as_ref()
                        .and_then(|l| l.owner(row, k))
                        .map(|i| &doc.tables[table].grid.cells[i])
                });
                match (owner, col) {
                    (Some(cell), _) => {
                        marks
                            .cells
                            .entry((table, cell.row, cell.col))
                            .or_default()
                            .push(n);
                        cell_id(id, cell.row, cell.col)
                    }
                    (None, Some(k)) => cell_id(id, row, k),
                    (None, None) => format!("{id}-r{row}"),
                }
            }
            Place::Figure(f) => {
                marks.figures.entry(f).or_default().push(n);
                format!("fig-{f}")
            }
            Place::Project(p) => {
                marks.projects.entry(p).or_default().push(n);
                format!("proj-{p}")
            }
            Place::Unknown => String::new(),
        };
        targets.push(Target { label, anchor });
    }
    FindingView {
        n,
        rule: c.rule.clone(),
        severity: c.severity.to_string(),
        message: c.message.clone(),
        expected: opt(&c.expected),
        actual: opt(&c.actual),
        targets,
    }
}

fn severity_of(checks: &[Check], ns: Option<&Vec<usize>>) -> String {
    let mut s = String::new();
    for &n in ns.into_iter().flatten() {
        s = worse(&s, checks[n].severity.as_str());
    }
    s
}

fn notes(checks: &[Check], ns: Option<&Vec<usize>>) -> Vec<(usize, String)> {
    let mut v: Vec<usize> = ns.cloned().unwrap_or_default();
    v.dedup();
    v.into_iter()
        .map(|n| (n, format!("{}: {}", checks[n].rule, checks[n].message)))
        .collect()
}

fn table_view(
    doc: &Document,
    ti: usize,
    layout: Option<&Layout>,
    marks: &Marks,
    diffs: &[Difference],
) -> TableView {
    let t = &doc.tables[ti];
    let checks = &doc.checks;
    let heading = [t.number.clone(), t.title.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let columns: Vec<ColumnView> = t
        .columns
        .iter()
        .map(|c| ColumnView {
            key: c.key.clone(),
            header: c.header.join(" / "),
            side: c.side.map(Side::as_str).unwrap_or_default().to_string(),
            col: c.col,
        })
        .collect();
    // Grid column → hover text naming its key(s).
    let mut col_hover: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for c in &t.columns {
        let side = c.side.map(|s| format!("{s}:")).unwrap_or_default();
        col_hover.entry(c.col).or_default().push(format!(
            "{side}{} ← {}",
            c.key,
            c.header.join(" / ")
        ));
    }
    // Grid row → records.
    let mut row_records: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, r) in t.records.iter().enumerate() {
        row_records.entry(r.row).or_default().push(i);
    }
    let mut head = Vec::new();
    let mut body = Vec::new();
    if let Some(l) = layout {
        let mut starts: BTreeMap<(usize, usize), usize> = BTreeMap::new();
        for (i, c) in t.grid.cells.iter().enumerate() {
            starts.entry((c.row, c.col)).or_insert(i);
        }
        // A header cell spanning down into the data rows takes those rows into the header:
        // a browser cuts a rowspan at the end of its row group (thead/tbody).
        let mut head_rows = t.grid.header_rows.min(l.rows);
        loop {
            let reach = t
                .grid
                .cells
                .iter()
                .filter(|c| c.row < head_rows)
                .map(|c| c.row.saturating_add(c.rowspan.max(1)).min(l.rows))
                .max()
                .unwrap_or(0);
            if reach <= head_rows {
                break;
            }
            head_rows = reach;
        }
        for r in 0..l.rows {
            let recs = row_records.get(&r);
            let label = recs
                .map(|v| {
                    v.iter()
                        .map(|&i| {
                            let x = &t.records[i];
                            let mut parts = vec![format!("records[{i}]")];
                            if let Some(s) = x.side {
                                parts.push(s.to_string());
                            }
                            if let Some(c) = &x.code {
                                parts.push(c.clone());
                            }
                            if let Some(lv) = x.level {
                                parts.push(format!("level {lv}"));
                            }
                            if let Some(n) = &x.name {
                                parts.push(n.clone());
                            }
                            if let Some(Some(p)) = &x.project {
                                parts.push(format!("project {p}"));
                            }
                            if x.total {
                                parts.push("total".into());
                            }
                            parts.join(" ")
                        })
                        .collect::<Vec<_>>()
                        .join(" | ")
                })
                .unwrap_or_default();
            let mut cells = Vec::new();
            for k in 0..l.cols {
                match (starts.get(&(r, k)), l.owner(r, k)) {
                    (Some(&i), Some(o)) if o == i => {
                        let c = &t.grid.cells[i];
                        let m = marks.cells.get(&(ti, r, k));
                        let mut hover = Vec::new();
                        if r >= t.grid.header_rows {
                            for kk in k..k + c.colspan.max(1) {
                                if let Some(h) = col_hover.get(&kk) {
                                    hover.extend(h.iter().cloned());
                                }
                            }
                        }
                        cells.push(CellView {
                            id: cell_id(&t.id, r, k),
                            row: r,
                            col: k,
                            rowspan: c.rowspan.max(1).min(l.rows - r),
                            colspan: c.colspan.max(1).min(l.cols - k),
                            text: c.text.clone(),
                            numeric: is_numeric(&c.text),
                            hover: hover.join("; "),
                            severity: severity_of(checks, m),
                            findings: notes(checks, m),
                            ..CellView::default()
                        });
                    }
                    (_, Some(_)) => {} // covered by a span
                    (_, None) => cells.push(CellView {
                        id: cell_id(&t.id, r, k),
                        row: r,
                        col: k,
                        rowspan: 1,
                        colspan: 1,
                        blank: true,
                        ..CellView::default()
                    }),
                }
            }
            let rv = RowView {
                row: r,
                records: recs
                    .map(|v| {
                        v.iter()
                            .map(|i| i.to_string())
                            .collect::<Vec<_>>()
                            .join(" ")
                    })
                    .unwrap_or_default(),
                label,
                total: recs.is_some_and(|v| v.iter().any(|&i| t.records[i].total)),
                severity: severity_of(checks, marks.rows.get(&(ti, r))),
                cells,
            };
            if r < head_rows {
                head.push(rv);
            } else {
                body.push(rv);
            }
        }
    }
    let mut findings = marks.tables.get(&ti).cloned().unwrap_or_default();
    findings.dedup();
    TableView {
        id: t.id.clone(),
        heading,
        kind: t.kind.to_string(),
        unit: opt(&t.unit),
        department: opt(&t.department),
        pages: t
            .pages
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        empty: t.empty,
        note: t.note.clone(),
        rows: t.grid.rows,
        cols: t.grid.cols,
        header_rows: t.grid.header_rows,
        records: t.records.len(),
        columns,
        head,
        body,
        too_large: layout.is_none(),
        findings,
        differences: diffs
            .iter()
            .filter(|d| d.at.split_whitespace().next() == Some(t.id.as_str()))
            .cloned()
            .collect(),
    }
}

/// Split a sentence around the first occurrence of the figure's value.
fn split_sentence(sentence: &str, value: &str) -> (String, String, String) {
    match sentence.find(value).filter(|_| !value.is_empty()) {
        Some(i) => (
            sentence[..i].to_string(),
            value.to_string(),
            sentence[i + value.len()..].to_string(),
        ),
        None => (sentence.to_string(), String::new(), String::new()),
    }
}

pub(crate) fn doc_page(rel: &str, doc: &Document, cmp: Option<&DocReport>) -> DocPage {
    let layouts: Vec<Option<Layout>> = doc.tables.iter().map(Layout::new).collect();
    let (findings, marks) = findings_of(doc, &layouts);
    let diffs: Vec<Difference> = cmp.map(|c| c.differences.clone()).unwrap_or_default();
    let d = &doc.document;
    let s = &doc.source;
    let mut info = vec![
        ("department".to_string(), opt(&d.department)),
        (
            "year".to_string(),
            d.year.map(|y| y.to_string()).unwrap_or_default(),
        ),
        ("kind".to_string(), kind_label(d.kind.as_str()).to_string()),
        (
            "scope".to_string(),
            kind_label(d.scope.as_str()).to_string(),
        ),
        ("source".to_string(), s.path.clone()),
        ("format".to_string(), s.format.clone()),
        ("bytes".to_string(), s.bytes.to_string()),
    ];
    if let Some(p) = s.pages {
        info.push(("pages".into(), p.to_string()));
    }
    if let Some(p) = &s.producer {
        info.push(("producer".into(), p.clone()));
    }
    info.push(("sha256".into(), s.sha256.clone()));
    let p = &doc.profile;
    let mut profile = Vec::new();
    let mut put = |k: &str, v: Option<u32>| {
        if let Some(v) = v {
            profile.push((k.to_string(), v.to_string()));
        }
    };
    put("divisions 科室", p.divisions);
    put("staff authorized 编制", p.staff_authorized);
    put("staff actual 实有", p.staff_actual);
    put("in service 在职", p.staff_in_service);
    put("retired 退休", p.retired);
    put("retired early 离休", p.retired_early);
    put("subordinate units 下属单位", p.subordinate_units);
    if !p.division_names.is_empty() {
        profile.push(("division names".into(), p.division_names.join("、")));
    }
    let tables = (0..doc.tables.len())
        .map(|i| table_view(doc, i, layouts[i].as_ref(), &marks, &diffs))
        .collect();
    let figures = doc
        .narrative
        .figures
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let (before, hit, after) = split_sentence(&f.sentence, &f.value);
            let change = f
                .change
                .as_ref()
                .map(|c| {
                    let mut parts = vec![c.direction.to_string()];
                    if let Some(a) = &c.amount {
                        parts.push(a.clone());
                    }
                    if let Some(p) = &c.percent {
                        parts.push(format!("{p}%"));
                    }
                    parts.join(" ")
                })
                .unwrap_or_default();
            FigureView {
                n,
                key: opt(&f.key),
                label: opt(&f.label),
                value: f.value.clone(),
                unit: f.unit.clone(),
                change,
                share: f
                    .share_percent
                    .as_ref()
                    .map(|s| format!("{s}%"))
                    .unwrap_or_default(),
                before,
                hit,
                after,
                section: opt(&f.section),
                severity: severity_of(&doc.checks, marks.figures.get(&n)),
                findings: notes(&doc.checks, marks.figures.get(&n)),
            }
        })
        .collect();
    let projects = doc
        .narrative
        .projects
        .iter()
        .enumerate()
        .map(|(n, p)| ProjectView {
            n,
            name: p.name.clone(),
            amount: match (&p.amount, &p.unit) {
                (Some(a), Some(u)) => format!("{a} {u}"),
                (Some(a), None) => a.clone(),
                _ => String::new(),
            },
            basis: opt(&p.basis),
            executor: opt(&p.executor),
            period: opt(&p.period),
            allocations: p
                .allocations
                .iter()
                .map(|a| (a.item.clone(), format!("{} {}", a.amount, a.unit)))
                .collect(),
            severity: severity_of(&doc.checks, marks.projects.get(&n)),
            findings: notes(&doc.checks, marks.projects.get(&n)),
        })
        .collect();
    let depth = rel.matches('/').count() + 1;
    DocPage {
        file: format!("docs/{rel}.html"),
        path: rel.to_string(),
        root: "../".repeat(depth),
        page: "document",
        heading: d.title.clone().unwrap_or_else(|| rel.to_string()),
        info,
        profile,
        tables,
        figures,
        projects,
        findings,
        warnings: doc
            .warnings
            .iter()
            .map(|w| (w.code.clone(), w.message.clone(), opt(&w.at)))
            .collect(),
        compare: cmp.map(|c| DocCompare {
            status: c.status.clone(),
            error: c.error.clone(),
            f1: format!("{:.4}", c.score.f1),
            golden_facts: c.score.golden_facts,
            matched: c.score.matched,
            differences: c.differences.clone(),
            minor: c.minor.len(),
        }),
    }
}

/// What the index and the findings page keep of one file.
pub(crate) struct Outcome {
    row: IndexRow,
    findings: Vec<FindingRow>,
}

impl Outcome {
    pub(crate) fn row_status(&self) -> &str {
        &self.row.status
    }
}

impl FindingsPage {
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }
}

/// The index row and findings of a document whose page is `page`.
pub(crate) fn doc_outcome(
    rel: &str,
    doc: &Document,
    cmp: Option<&DocReport>,
    page: &DocPage,
) -> Outcome {
    let href = url_path(&page.file);
    let errors = doc
        .checks
        .iter()
        .filter(|c| c.severity == Severity::Error)
        .count();
    let d = &doc.document;
    let findings = page
        .findings
        .iter()
        .map(|f| FindingRow {
            doc_href: href.clone(),
            doc: rel.to_string(),
            department: opt(&d.department),
            finding: f.clone(),
        })
        .collect();
    Outcome {
        row: IndexRow {
            href: Some(href),
            path: rel.to_string(),
            title: opt(&d.title),
            department: opt(&d.department),
            year: d.year.map(|y| y.to_string()).unwrap_or_default(),
            kind: d.kind.to_string(),
            scope: d.scope.to_string(),
            format: doc.source.format.clone(),
            pages: doc.source.pages.map(|p| p.to_string()).unwrap_or_default(),
            tables: doc.tables.len(),
            errors,
            warnings_findings: doc.checks.len() - errors,
            warnings: doc.warnings.len(),
            status: "ok".into(),
            reason: None,
            golden: cmp.map(|c| c.status.clone()),
            differences: cmp.map(|c| c.differences.len()).unwrap_or(0),
        },
        findings,
    }
}

/// The index row of a file with no page (failed extraction, unreadable JSON).
pub(crate) fn failed_outcome(
    rel: &str,
    status: &str,
    reason: Option<String>,
    cmp: Option<&DocReport>,
) -> Outcome {
    Outcome {
        row: IndexRow {
            href: None,
            path: rel.to_string(),
            title: String::new(),
            department: String::new(),
            year: String::new(),
            kind: String::new(),
            scope: String::new(),
            format: rel.rsplit('.').next().unwrap_or_default().to_lowercase(),
            pages: String::new(),
            tables: 0,
            errors: 0,
            warnings_findings: 0,
            warnings: 0,
            status: status.to_string(),
            reason,
            golden: cmp.map(|c| c.status.clone()),
            differences: cmp.map(|c| c.differences.len()).unwrap_or(0),
        },
        findings: Vec::new(),
    }
}

/// The index and findings pages over every file's outcome (in path order).
pub(crate) fn site_pages(
    mut outcomes: Vec<Outcome>,
    cmp: Option<&Report>,
) -> (IndexPage, FindingsPage) {
    // Golden documents with no extracted JSON at all (not even a failure in summary.json).
    if let Some(r) = cmp {
        for d in &r.documents {
            if !outcomes.iter().any(|o| o.row.path == d.path) {
                outcomes.push(failed_outcome(&d.path, &d.status, d.error.clone(), Some(d)));
            }
        }
    }
    outcomes.sort_by(|a, b| a.row.path.cmp(&b.row.path));
    let mut totals = Totals::default();
    let mut rules: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut kinds: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    let mut finding_rows = Vec::new();
    for o in outcomes {
        let r = &o.row;
        totals.documents += 1;
        if r.status == "ok" {
            totals.ok += 1;
        } else {
            totals.failed += 1;
        }
        totals.tables += r.tables;
        totals.errors += r.errors;
        totals.warnings_findings += r.warnings_findings;
        totals.warnings += r.warnings;
        if !r.kind.is_empty() && !kinds.contains(&r.kind) {
            kinds.push(r.kind.clone());
        }
        for f in &o.findings {
            let c = rules.entry(f.finding.rule.clone()).or_default();
            if f.finding.severity == "error" {
                c.0 += 1;
            } else {
                c.1 += 1;
            }
        }
        rows.push(o.row);
        finding_rows.extend(o.findings);
    }
    kinds.sort();
    let compare = cmp.map(|r| CompareTotals {
        exact: r.exact,
        documents: r.documents.len(),
        matching: r.documents.iter().filter(|d| d.status == "match").count(),
        differing: r.documents.iter().filter(|d| d.status != "match").count(),
        f1: format!("{:.4}", r.overall.f1),
        precision: format!("{:.4}", r.overall.precision),
        recall: format!("{:.4}", r.overall.recall),
        new_in_actual: r.new_in_actual.clone(),
    });
    (
        IndexPage {
            root: String::new(),
            page: "index",
            rows,
            totals,
            compare,
            kinds,
        },
        FindingsPage {
            root: String::new(),
            page: "findings",
            rows: finding_rows,
            rules: rules
                .into_iter()
                .map(|(rule, (errors, warnings))| RuleCount {
                    rule,
                    errors,
                    warnings,
                })
                .collect(),
        },
    )
}
