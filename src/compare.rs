//! `compare`: golden vs actual JSON, meaningful differences and scores.
//!
//! A *fact* is one stated value: a table's number/title/kind/unit, a
//! record's code/name/total flag/project and each non-null value cell, each
//! figure's key/value/unit/change/share, each project field and allocation,
//! the document info and profile fields. Precision = matched / actual facts,
//! recall = matched / golden facts, F1 their harmonic mean; the overall score
//! is micro-averaged over all documents. Amounts compare as decimals
//! (`"50"` = `"50.00"`); such scale differences are listed as *minor*.
//!
//! Matching: tables by id; records, figures, projects and allocations by a
//! longest-common-subsequence alignment on their identity ((side, code, name);
//! (key, unit, value); name; item), the unaligned ones between two anchors
//! paired by position, so a changed value or a misread name shows as one
//! difference, and a dropped record as one missing record.

use crate::batch::UsageError;
use crate::model::{
    Allocation, Document, DocumentInfo, Figure, Project, Record, Side, Summary, SummaryFile,
    TableOut,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub const REPORT_SCHEMA: &str = "gongkai.compare/1";

/// Fact counts and scores (micro-averaged when summed).
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Score {
    pub golden_facts: usize,
    pub actual_facts: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Score {
    fn new(golden_facts: usize, actual_facts: usize, matched: usize) -> Score {
        let ratio = |num: usize, den: usize| {
            if den == 0 {
                1.0
            } else {
                num as f64 / den as f64
            }
        };
        let precision = if actual_facts == 0 && golden_facts > 0 {
            0.0
        } else {
            ratio(matched, actual_facts)
        };
        let recall = ratio(matched, golden_facts);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        let round = |x: f64| (x * 10000.0).round() / 10000.0;
        Score {
            golden_facts,
            actual_facts,
            matched,
            precision: round(precision),
            recall: round(recall),
            f1: round(f1),
        }
    }
}

/// One difference: where, and the golden and actual values as text
/// (`null` for a blank value, `(missing)` for an absent element).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Difference {
    pub at: String,
    pub golden: String,
    pub actual: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DocReport {
    /// The document's relative path (`a/b.docx`; its files are `<dir>/<path>.json`).
    pub path: String,
    /// `match` | `differ` | `missing` (no actual JSON) | `invalid` (actual JSON unreadable)
    pub status: String,
    /// Why the actual document is missing or invalid.
    pub error: Option<String>,
    pub score: Score,
    pub differences: Vec<Difference>,
    /// Numerically equal values printed with another scale (`50` vs `50.00`).
    pub minor: Vec<Difference>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Report {
    pub schema: String,
    /// Every golden document matched with no difference (minor ones allowed).
    pub exact: bool,
    pub overall: Score,
    pub documents: Vec<DocReport>,
    /// Actual documents with no golden file (candidates for `--bless`).
    pub new_in_actual: Vec<String>,
    /// Golden documents with no actual counterpart (no JSON, and no batch
    /// summary that tried them): not compared, unless `--require-all`, which
    /// reports them as `missing`.
    pub not_compared: Vec<String>,
}

// ---------------------------------------------------------------------------
// Fact comparison

#[derive(Default)]
struct Cmp {
    golden: usize,
    actual: usize,
    matched: usize,
    /// Inside an absent element: count facts, list no differences.
    mute: bool,
    diffs: Vec<Difference>,
    minor: Vec<Difference>,
}

enum Same {
    Equal,
    Scale,
    Different,
}

fn decimal(s: &str) -> Option<Decimal> {
    Decimal::from_str(s.trim()).ok()
}

fn same(g: &str, a: &str) -> Same {
    if g == a {
        return Same::Equal;
    }
    match (decimal(g), decimal(a)) {
        (Some(x), Some(y)) if x == y => Same::Scale,
        _ => Same::Different,
    }
}

const MISSING: &str = "(missing)";

impl Cmp {
    fn push(&mut self, at: String, golden: &str, actual: &str) {
        if !self.mute {
            self.diffs.push(Difference {
                at,
                golden: golden.into(),
                actual: actual.into(),
            });
        }
    }

    fn fact(&mut self, at: impl FnOnce() -> String, g: Option<&str>, a: Option<&str>) {
        self.golden += usize::from(g.is_some());
        self.actual += usize::from(a.is_some());
        match (g, a) {
            (None, None) => {}
            (Some(g), Some(a)) => match same(g, a) {
                Same::Equal => self.matched += 1,
                Same::Scale => {
                    self.matched += 1;
                    if !self.mute {
                        let d = Difference {
                            at: at(),
                            golden: g.into(),
                            actual: a.into(),
                        };
                        self.minor.push(d);
                    }
                }
                Same::Different => self.push(at(), g, a),
            },
            _ => self.push(at(), g.unwrap_or("null"), a.unwrap_or("null")),
        }
    }

    /// A boolean that is a fact only where true.
    fn flag(&mut self, at: impl FnOnce() -> String, g: bool, a: bool) {
        self.golden += usize::from(g);
        self.actual += usize::from(a);
        match (g, a) {
            (true, true) => self.matched += 1,
            (false, false) => {}
            _ => self.push(at(), &g.to_string(), &a.to_string()),
        }
    }

    /// An element present on one side only: one line, its facts counted silently.
    fn absent(&mut self, at: String, in_golden: bool, what: &str, count: impl FnOnce(&mut Cmp)) {
        if in_golden {
            self.push(at, what, MISSING);
        } else {
            self.push(at, MISSING, what);
        }
        let was = self.mute;
        self.mute = true;
        count(self);
        self.mute = was;
    }
}

/// Pair two sequences: a longest common subsequence of equal keys anchors
/// the pairing; the elements between two anchors are paired by position.
fn align<K: PartialEq>(g: &[K], a: &[K]) -> Vec<(Option<usize>, Option<usize>)> {
    let (n, m) = (g.len(), a.len());
    let mut out = Vec::with_capacity(n.max(m));
    let flush = |out: &mut Vec<_>, gg: &mut Vec<usize>, ga: &mut Vec<usize>| {
        for k in 0..gg.len().max(ga.len()) {
            out.push((gg.get(k).copied(), ga.get(k).copied()));
        }
        gg.clear();
        ga.clear();
    };
    let (mut gap_g, mut gap_a) = (Vec::new(), Vec::new());
    if n.saturating_mul(m) > 4_000_000 {
        gap_g.extend(0..n);
        gap_a.extend(0..m);
        flush(&mut out, &mut gap_g, &mut gap_a);
        return out;
    }
    let mut l = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if g[i] == a[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if g[i] == a[j] {
            flush(&mut out, &mut gap_g, &mut gap_a);
            out.push((Some(i), Some(j)));
            i += 1;
            j += 1;
        } else if l[i + 1][j] >= l[i][j + 1] {
            gap_g.push(i);
            i += 1;
        } else {
            gap_a.push(j);
            j += 1;
        }
    }
    gap_g.extend(i..n);
    gap_a.extend(j..m);
    flush(&mut out, &mut gap_g, &mut gap_a);
    out
}

fn nonempty(s: &str) -> Option<&str> {
    if s.is_empty() { None } else { Some(s) }
}

/// An element's facts by name, in a fixed order.
type Named<'a> = Vec<(&'static str, Option<&'a str>)>;

fn info_facts<'a>(d: &'a DocumentInfo, year: &'a Option<String>) -> Named<'a> {
    vec![
        ("title", d.title.as_deref()),
        ("department", d.department.as_deref()),
        ("year", year.as_deref()),
        ("kind", nonempty(d.kind.as_str())),
        ("scope", nonempty(d.scope.as_str())),
    ]
}

fn table_facts(t: &TableOut) -> Named<'_> {
    vec![
        ("number", t.number.as_deref()),
        ("title", t.title.as_deref()),
        ("kind", nonempty(t.kind.as_str())),
        ("unit", t.unit.as_deref()),
    ]
}

fn record_facts(r: &Record) -> Named<'_> {
    vec![
        ("code", r.code.as_deref()),
        ("name", r.name.as_deref()),
        ("project", r.project.as_ref().and_then(|p| p.as_deref())),
        ("group", r.group.as_deref()),
    ]
}

fn figure_facts(f: &Figure) -> Named<'_> {
    let ch = f.change.as_ref();
    vec![
        ("key", f.key.as_deref()),
        ("value", Some(f.value.as_str())),
        ("unit", nonempty(&f.unit)),
        ("change", ch.map(|c| c.direction.as_str())),
        ("change.amount", ch.and_then(|c| c.amount.as_deref())),
        ("change.percent", ch.and_then(|c| c.percent.as_deref())),
        ("share_percent", f.share_percent.as_deref()),
    ]
}

fn project_facts(p: &Project) -> Named<'_> {
    vec![
        ("name", nonempty(&p.name)),
        ("amount", p.amount.as_deref()),
        ("unit", p.unit.as_deref()),
        ("basis", p.basis.as_deref()),
        ("executor", p.executor.as_deref()),
        ("period", p.period.as_deref()),
    ]
}

fn allocation_facts(x: &Allocation) -> Named<'_> {
    vec![
        ("item", Some(x.item.as_str())),
        ("amount", Some(x.amount.as_str())),
        ("unit", Some(x.unit.as_str())),
    ]
}

impl Cmp {
    /// Compare two elements' named facts (`None`: the element is absent).
    fn named(&mut self, at: &str, g: Option<&Named>, a: Option<&Named>) {
        let names: Vec<&str> = g
            .or(a)
            .map(|n| n.iter().map(|(k, _)| *k).collect())
            .unwrap_or_default();
        for (i, name) in names.into_iter().enumerate() {
            let (gv, av) = (g.and_then(|n| n[i].1), a.and_then(|n| n[i].1));
            self.fact(|| format!("{at} {name}"), gv, av);
        }
    }

    /// [`Cmp::named`] for a flat element: present on one side only, it is one line.
    fn element(&mut self, at: &str, what: &str, g: Option<&Named>, a: Option<&Named>) {
        if g.is_some() == a.is_some() {
            self.named(at, g, a);
        } else {
            self.absent(at.to_string(), g.is_some(), what, |c| c.named(at, g, a));
        }
    }

    /// Walk aligned elements: a pair is compared by `cmp`; an element on one
    /// side only is one line (`what` it is) and its facts are counted against
    /// `empty`. `at(prefix, index, element)` names an element; the prefix is
    /// `actual ` for an element only the actual document has.
    fn each_pair<T>(
        &mut self,
        pairs: Vec<(Option<usize>, Option<usize>)>,
        (g, a): (&[T], &[T]),
        empty: &T,
        at: impl Fn(&str, usize, &T) -> String,
        what: impl Fn(&T) -> String,
        cmp: impl Fn(&mut Cmp, &str, &T, &T),
    ) {
        for pair in pairs {
            match pair {
                (Some(i), Some(j)) => cmp(self, &at("", i, &g[i]), &g[i], &a[j]),
                (Some(i), None) => {
                    let here = at("", i, &g[i]);
                    self.absent(here.clone(), true, &what(&g[i]), |c| {
                        cmp(c, &here, &g[i], empty)
                    });
                }
                (None, Some(j)) => {
                    let here = at("actual ", j, &a[j]);
                    self.absent(here.clone(), false, &what(&a[j]), |c| {
                        cmp(c, &here, empty, &a[j])
                    });
                }
                (None, None) => {}
            }
        }
    }
}

fn compare_documents(c: &mut Cmp, g: &Document, a: &Document) {
    let year = |d: &Document| d.document.year.map(|y| y.to_string());
    let (gy, ay) = (year(g), year(a));
    let (gi, ai) = (info_facts(&g.document, &gy), info_facts(&a.document, &ay));
    c.named("document", Some(&gi), Some(&ai));
    let (gp, ap) = (profile_fields(&g.profile), profile_fields(&a.profile));
    for key in union_keys(gp.iter().map(|(k, _)| k), ap.iter().map(|(k, _)| k)) {
        let get =
            |p: &[(String, String)]| p.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone());
        let (gv, av) = (get(&gp), get(&ap));
        c.fact(|| format!("profile.{key}"), gv.as_deref(), av.as_deref());
    }

    // Tables by id, golden order first.
    let mut pairs: Vec<_> = (0..g.tables.len())
        .map(|i| {
            (
                Some(i),
                a.tables.iter().position(|t| t.id == g.tables[i].id),
            )
        })
        .collect();
    pairs.extend(
        (0..a.tables.len())
            .filter(|&j| !g.tables.iter().any(|t| t.id == a.tables[j].id))
            .map(|j| (None, Some(j))),
    );
    let table_what =
        |t: &TableOut| format!("{} {}", t.kind, t.title.as_deref().unwrap_or("(untitled)"));
    c.each_pair(
        pairs,
        (&g.tables, &a.tables),
        &TableOut::default(),
        |_, _, t| t.id.clone(),
        table_what,
        compare_tables,
    );

    let (gf, af) = (&g.narrative.figures, &a.narrative.figures);
    let fkey = |f: &Figure| {
        let v = decimal(&f.value).map(|d| d.normalize().to_string());
        (
            f.key.clone(),
            f.unit.clone(),
            v.unwrap_or_else(|| f.value.clone()),
        )
    };
    let pairs = align(
        &gf.iter().map(fkey).collect::<Vec<_>>(),
        &af.iter().map(fkey).collect::<Vec<_>>(),
    );
    for (i, j) in pairs {
        let (gx, ax) = (i.map(|i| &gf[i]), j.map(|j| &af[j]));
        let (Some(f), Some(idx)) = (gx.or(ax), i.or(j)) else {
            continue;
        };
        let name = f.key.as_deref().or(f.label.as_deref()).unwrap_or("");
        let side = if i.is_some() { "" } else { "actual " };
        let at = if name.is_empty() {
            format!("{side}figures[{idx}]")
        } else {
            format!("{side}figures[{idx}] ({name})")
        };
        let (gn, an) = (gx.map(figure_facts), ax.map(figure_facts));
        c.element(
            &at,
            &format!("{} {}", f.value, f.unit),
            gn.as_ref(),
            an.as_ref(),
        );
    }

    compare_checks(c, &g.checks, &a.checks);

    let (gp, ap) = (&g.narrative.projects, &a.narrative.projects);
    let pkey = |p: &Project| p.name.split_whitespace().collect::<String>();
    let pairs = align(
        &gp.iter().map(pkey).collect::<Vec<_>>(),
        &ap.iter().map(pkey).collect::<Vec<_>>(),
    );
    c.each_pair(
        pairs,
        (gp, ap),
        &Project::default(),
        |prefix, i, p| format!("{prefix}projects[{i}] ({})", p.name),
        |_| "(present)".to_string(),
        compare_projects,
    );
}

/// Consistency findings are facts too: a change that makes a finding appear,
/// vanish or change its numbers is a difference. Paired by (rule, at).
fn compare_checks(c: &mut Cmp, g: &[crate::model::Check], a: &[crate::model::Check]) {
    let key = |k: &crate::model::Check| {
        let at: Vec<String> = k.at.iter().map(|v| v.to_string()).collect();
        format!("{} {}", k.rule, at.join(" "))
    };
    let gk: Vec<String> = g.iter().map(key).collect();
    let ak: Vec<String> = a.iter().map(key).collect();
    let facts = |k: &crate::model::Check| {
        [
            ("severity", Some(k.severity.to_string())),
            ("expected", k.expected.clone()),
            ("actual", k.actual.clone()),
        ]
    };
    for pair in align(&gk, &ak) {
        match pair {
            (Some(i), Some(j)) => {
                for ((name, gv), (_, av)) in facts(&g[i]).iter().zip(facts(&a[j]).iter()) {
                    c.fact(
                        || format!("checks[{i}] ({}) {name}", gk[i]),
                        gv.as_deref(),
                        av.as_deref(),
                    );
                }
            }
            (Some(i), None) => c.absent(
                format!("checks[{i}] ({})", gk[i]),
                true,
                &g[i].message,
                |c| {
                    for (_, v) in facts(&g[i]) {
                        c.fact(String::new, v.as_deref(), None);
                    }
                },
            ),
            (None, Some(j)) => c.absent(
                format!("actual checks[{j}] ({})", ak[j]),
                false,
                &a[j].message,
                |c| {
                    for (_, v) in facts(&a[j]) {
                        c.fact(String::new, None, v.as_deref());
                    }
                },
            ),
            (None, None) => {}
        }
    }
}

fn union_keys<'a>(
    g: impl Iterator<Item = &'a String>,
    a: impl Iterator<Item = &'a String>,
) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for k in g.chain(a) {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}

fn profile_fields(p: &crate::model::Profile) -> Vec<(String, String)> {
    let Ok(serde_json::Value::Object(map)) = serde_json::to_value(p) else {
        return vec![];
    };
    map.into_iter()
        .filter_map(|(k, v)| {
            let s = match v {
                serde_json::Value::Null => return None,
                serde_json::Value::String(s) => s,
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| {
                        i.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| i.to_string())
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
                other => other.to_string(),
            };
            Some((k, s))
        })
        .collect()
}

fn compare_tables(c: &mut Cmp, t: &str, g: &TableOut, a: &TableOut) {
    c.named(t, Some(&table_facts(g)), Some(&table_facts(a)));
    let cols = |x: &TableOut| -> Vec<String> {
        x.columns
            .iter()
            .map(|c| match &c.side {
                Some(s) => format!("{s}:{}", c.key),
                None => c.key.clone(),
            })
            .collect()
    };
    let (gc, ac) = (cols(g), cols(a));
    if gc != ac && !a.columns.is_empty() && !g.columns.is_empty() {
        c.push(format!("{t} columns"), &gc.join(","), &ac.join(","));
    }
    let keys = union_keys(
        g.columns.iter().map(|c| &c.key),
        a.columns.iter().map(|c| &c.key),
    );
    let ident = |r: &Record| (r.side, r.code.clone(), r.name.clone());
    let pairs = align(
        &g.records.iter().map(ident).collect::<Vec<_>>(),
        &a.records.iter().map(ident).collect::<Vec<_>>(),
    );
    let record_at = |prefix: &str, i: usize, r: &Record| {
        let ident: Vec<&str> = [
            r.side.map(Side::as_str),
            r.code.as_deref(),
            r.name.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        if ident.is_empty() {
            format!("{t} {prefix}records[{i}]")
        } else {
            format!("{t} {prefix}records[{i}] ({})", ident.join(" "))
        }
    };
    c.each_pair(
        pairs,
        (&g.records, &a.records),
        &Record::default(),
        record_at,
        |_| "(present)".to_string(),
        |c, at, g, a| compare_records(c, at, &keys, g, a),
    );
}

fn compare_records(c: &mut Cmp, at: &str, keys: &[String], g: &Record, a: &Record) {
    c.named(at, Some(&record_facts(g)), Some(&record_facts(a)));
    c.flag(|| format!("{at} total"), g.total, a.total);
    let mut all = keys.to_vec();
    for k in union_keys(
        g.values.0.iter().map(|(k, _)| k),
        a.values.0.iter().map(|(k, _)| k),
    ) {
        if !all.contains(&k) {
            all.push(k);
        }
    }
    for k in &all {
        let gv = g.values.get(k).and_then(|v| v.as_deref());
        let av = a.values.get(k).and_then(|v| v.as_deref());
        c.fact(|| format!("{at} {k}"), gv, av);
    }
}

fn compare_projects(c: &mut Cmp, at: &str, g: &Project, a: &Project) {
    c.named(at, Some(&project_facts(g)), Some(&project_facts(a)));
    let gk: Vec<&str> = g.allocations.iter().map(|x| x.item.as_str()).collect();
    let ak: Vec<&str> = a.allocations.iter().map(|x| x.item.as_str()).collect();
    for (i, j) in align(&gk, &ak) {
        let (gx, ax) = (i.map(|i| &g.allocations[i]), j.map(|j| &a.allocations[j]));
        let (Some(x), Some(idx)) = (gx.or(ax), i.or(j)) else {
            continue;
        };
        let side = if i.is_some() { "" } else { "actual " };
        let here = format!("{at} {side}allocations[{idx}] ({})", x.item);
        let (gf, af) = (gx.map(allocation_facts), ax.map(allocation_facts));
        c.element(
            &here,
            &format!("{} {}", x.amount, x.unit),
            gf.as_ref(),
            af.as_ref(),
        );
    }
}

/// Compare two documents (`actual` `None` = the actual file is missing).
pub fn compare_pair(path: &str, golden: &Document, actual: Option<&Document>) -> DocReport {
    let mut c = Cmp::default();
    match actual {
        Some(a) => compare_documents(&mut c, golden, a),
        None => {
            c.mute = true;
            compare_documents(&mut c, golden, &Document::default());
        }
    }
    let status = match (actual, c.diffs.is_empty()) {
        (None, _) => "missing",
        (Some(_), true) => "match",
        (Some(_), false) => "differ",
    };
    DocReport {
        path: path.to_string(),
        status: status.to_string(),
        error: None,
        score: Score::new(c.golden, c.actual, c.matched),
        differences: c.diffs,
        minor: c.minor,
    }
}

// ---------------------------------------------------------------------------
// Folders

/// Relative paths (`/`-separated) of the `.json` files under `dir`, sorted;
/// hidden entries, temporary files and batch summaries (`summary.json` at any depth: a
/// document's output is always `<name>.<ext>.json`) excluded.
pub fn list_json(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.contains(".json.tmp-") {
                continue;
            }
            let rel = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}/{name}")
            };
            if e.path().is_dir() {
                walk(&e.path(), &rel, out)?;
            } else if name.ends_with(".json") && !is_summary_name(&name) {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, "", &mut out)?;
    out.sort();
    Ok(out)
}

/// `summary.json`, or a shard's `summary.shard-I-of-N.json`: batch summaries, not documents.
pub fn is_summary_name(name: &str) -> bool {
    name == "summary.json" || (name.starts_with("summary.shard-") && name.ends_with(".json"))
}

/// The batch summaries of `dir` itself (`summary.json` and shard summaries).
fn summaries_in(dir: &Path) -> Vec<Summary> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| is_summary_name(n))
        .collect();
    names.sort();
    names
        .iter()
        .filter_map(|n| std::fs::read(dir.join(n)).ok())
        .filter_map(|b| serde_json::from_slice(&b).ok())
        .collect()
}

/// Did a batch whose output is under `actual` try the document `path`? Its
/// summary entry, looked up in `actual/summary.json` and in the summaries of
/// each folder on the way (`actual/real/summary.json` for `real/x.pdf`).
fn attempted(
    actual: &Path,
    path: &str,
    cache: &mut std::collections::BTreeMap<String, Vec<Summary>>,
) -> Option<SummaryFile> {
    let mut prefix = String::new();
    let mut rest = path;
    loop {
        let sums = cache
            .entry(prefix.clone())
            .or_insert_with(|| summaries_in(&actual.join(&prefix)));
        if let Some(f) = sums
            .iter()
            .flat_map(|s| s.files.iter())
            .find(|f| f.path == rest)
        {
            return Some(f.clone());
        }
        let (dir, tail) = rest.split_once('/')?;
        if !prefix.is_empty() {
            prefix.push('/');
        }
        prefix.push_str(dir);
        rest = tail;
    }
}

/// Read a document JSON.
pub fn load(path: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    serde_json::from_slice(&bytes).map_err(|e| format!("not a gongkai document: {e}"))
}

fn file_in(dir: &Path, rel: &str) -> PathBuf {
    dir.join(rel)
}

/// Compare every `golden/<rel>.json` with `actual/<rel>.json`; a golden
/// document without an actual counterpart is `missing` (as with `--require-all`).
pub fn compare_dirs(golden: &Path, actual: &Path) -> Result<Report, UsageError> {
    compare_dirs_scoped(golden, actual, true)
}

/// Compare what the golden and the actual trees have in common: a golden
/// document is compared when `actual/<rel>.json` exists or a batch summary
/// under `actual` lists it (a failed extraction is a `missing` document).
/// The other golden documents are listed in [`Report::not_compared`], or, with
/// `require_all`, reported as `missing`.
pub fn compare_dirs_scoped(
    golden: &Path,
    actual: &Path,
    require_all: bool,
) -> Result<Report, UsageError> {
    let dir_err = |which: &str, d: &Path, e: std::io::Error| {
        UsageError(format!("cannot read {which} folder {}: {e}", d.display()))
    };
    let golden_files = list_json(golden).map_err(|e| dir_err("golden", golden, e))?;
    let actual_files = list_json(actual).map_err(|e| dir_err("actual", actual, e))?;
    let mut cache = std::collections::BTreeMap::new();
    let mut documents = Vec::new();
    let mut not_compared = Vec::new();
    for rel in &golden_files {
        let path = rel.strip_suffix(".json").unwrap_or(rel);
        let g_path = file_in(golden, rel);
        let g = load(&g_path)
            .map_err(|e| UsageError(format!("golden file {}: {e}", g_path.display())))?;
        let a_path = file_in(actual, rel);
        let report = if !a_path.exists() {
            let tried = attempted(actual, path, &mut cache);
            if tried.is_none() && !require_all {
                not_compared.push(path.to_string());
                continue;
            }
            let why = tried
                .and_then(|f| f.error)
                .map(|e| format!("extraction failed: {e}"))
                .unwrap_or_else(|| format!("no file {}", a_path.display()));
            let mut r = compare_pair(path, &g, None);
            r.differences.push(Difference {
                at: "document".into(),
                golden: "(present)".into(),
                actual: MISSING.into(),
            });
            r.error = Some(why);
            r
        } else {
            match load(&a_path) {
                Ok(a) => compare_pair(path, &g, Some(&a)),
                Err(e) => {
                    let mut r = compare_pair(path, &g, None);
                    r.status = "invalid".into();
                    r.differences.push(Difference {
                        at: "document".into(),
                        golden: "(present)".into(),
                        actual: "(invalid)".into(),
                    });
                    r.error = Some(e);
                    r
                }
            }
        };
        documents.push(report);
    }
    let new_in_actual: Vec<String> = actual_files
        .iter()
        .filter(|f| golden_files.binary_search(f).is_err())
        .map(|f| f.strip_suffix(".json").unwrap_or(f).to_string())
        .collect();
    let sum = |f: fn(&Score) -> usize| documents.iter().map(|d| f(&d.score)).sum::<usize>();
    let overall = Score::new(
        sum(|s| s.golden_facts),
        sum(|s| s.actual_facts),
        sum(|s| s.matched),
    );
    Ok(Report {
        schema: REPORT_SCHEMA.to_string(),
        exact: documents.iter().all(|d| d.status == "match"),
        overall,
        documents,
        new_in_actual,
        not_compared,
    })
}

/// The report as deterministic pretty JSON.
pub fn report_json(r: &Report) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(r).unwrap_or_default();
    v.push(b'\n');
    v
}

/// How many minor differences per document the text report prints.
const MINOR_LINES: usize = 10;

/// The report as text: the differences, one line each; a table per document; an overall line.
pub fn render_text(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    for d in &r.documents {
        if let Some(e) = &d.error {
            let _ = writeln!(s, "{}: {}: {e}", d.path, d.status);
        }
        for x in &d.differences {
            if x.at == "document" {
                continue;
            }
            let _ = writeln!(
                s,
                "{}: {}: golden {}, actual {}",
                d.path, x.at, x.golden, x.actual
            );
        }
        for x in d.minor.iter().take(MINOR_LINES) {
            let _ = writeln!(
                s,
                "{}: minor: {}: golden {}, actual {}",
                d.path, x.at, x.golden, x.actual
            );
        }
        if d.minor.len() > MINOR_LINES {
            let _ = writeln!(
                s,
                "{}: minor: … {} more (see --report)",
                d.path,
                d.minor.len() - MINOR_LINES
            );
        }
    }
    if !s.is_empty() {
        s.push('\n');
    }
    let head = [
        "document",
        "status",
        "golden",
        "actual",
        "matched",
        "precision",
        "recall",
        "F1",
        "minor",
    ];
    let mut rows: Vec<Vec<String>> = vec![head.iter().map(|h| h.to_string()).collect()];
    let row = |name: &str, status: &str, sc: &Score, minor: usize| {
        vec![
            name.to_string(),
            status.to_string(),
            sc.golden_facts.to_string(),
            sc.actual_facts.to_string(),
            sc.matched.to_string(),
            format!("{:.4}", sc.precision),
            format!("{:.4}", sc.recall),
            format!("{:.4}", sc.f1),
            minor.to_string(),
        ]
    };
    for d in &r.documents {
        rows.push(row(&d.path, &d.status, &d.score, d.minor.len()));
    }
    let minor: usize = r.documents.iter().map(|d| d.minor.len()).sum();
    let status = if r.exact { "match" } else { "differ" };
    rows.push(row("overall", status, &r.overall, minor));
    s.push_str(&crate::show::grid_text(
        &rows,
        &[false, false, true, true, true, true, true, true, true],
    ));
    let count = |st: &str| r.documents.iter().filter(|d| d.status == st).count();
    let _ = writeln!(
        s,
        "overall: {} documents: {} match, {} differ, {} missing, {} invalid; facts golden {}, actual {}, matched {}; precision {:.4}, recall {:.4}, F1 {:.4}",
        r.documents.len(),
        count("match"),
        count("differ"),
        count("missing"),
        count("invalid"),
        r.overall.golden_facts,
        r.overall.actual_facts,
        r.overall.matched,
        r.overall.precision,
        r.overall.recall,
        r.overall.f1
    );
    if !r.not_compared.is_empty() {
        const LIST: usize = 10;
        let mut names = r.not_compared[..r.not_compared.len().min(LIST)].join(", ");
        if r.not_compared.len() > LIST {
            names.push_str(&format!(", … {} more", r.not_compared.len() - LIST));
        }
        let _ = writeln!(
            s,
            "note: {} golden document(s) not compared: no actual counterpart (--require-all fails on them): {names}",
            r.not_compared.len()
        );
    }
    if !r.new_in_actual.is_empty() {
        let _ = writeln!(
            s,
            "note: {} actual document(s) have no golden file (gongkai compare --bless adds them): {}",
            r.new_in_actual.len(),
            r.new_in_actual.join(", ")
        );
    }
    s
}

/// What `--bless` did to one golden file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blessed {
    pub path: String,
    /// `added` | `updated` | `unchanged` | `kept`
    pub action: String,
    pub detail: String,
}

/// Copy every actual document over its golden file (adding new ones).
/// Golden files without an actual document are kept. Returns one line per file.
pub fn bless(golden: &Path, actual: &Path) -> Result<Vec<Blessed>, UsageError> {
    let actual_files = list_json(actual).map_err(|e| {
        UsageError(format!(
            "cannot read actual folder {}: {e}",
            actual.display()
        ))
    })?;
    let golden_files = if golden.exists() {
        list_json(golden).map_err(|e| {
            UsageError(format!(
                "cannot read golden folder {}: {e}",
                golden.display()
            ))
        })?
    } else {
        vec![]
    };
    let mut out = Vec::new();
    for rel in &actual_files {
        let path = rel.strip_suffix(".json").unwrap_or(rel).to_string();
        let (a_path, g_path) = (file_in(actual, rel), file_in(golden, rel));
        let bytes = std::fs::read(&a_path)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", a_path.display())))?;
        let a: Document = serde_json::from_slice(&bytes).map_err(|e| {
            UsageError(format!(
                "{} is not a gongkai document: {e}",
                a_path.display()
            ))
        })?;
        let (action, detail) = match std::fs::read(&g_path) {
            Err(_) => ("added", "new golden file".to_string()),
            Ok(old) if old == bytes => ("unchanged", String::new()),
            Ok(old) => {
                let detail = match serde_json::from_slice::<Document>(&old) {
                    Ok(g) => {
                        let r = compare_pair(&path, &g, Some(&a));
                        format!(
                            "{} differences, {} minor",
                            r.differences.len(),
                            r.minor.len()
                        )
                    }
                    Err(_) => "old golden file was not a valid document".to_string(),
                };
                ("updated", detail)
            }
        };
        if action != "unchanged" {
            crate::batch::write_atomic(&g_path, &bytes).map_err(|e| UsageError(e.to_string()))?;
        }
        out.push(Blessed {
            path,
            action: action.into(),
            detail,
        });
    }
    for rel in golden_files
        .iter()
        .filter(|g| actual_files.binary_search(g).is_err())
    {
        out.push(Blessed {
            path: rel.strip_suffix(".json").unwrap_or(rel).to_string(),
            action: "kept".into(),
            detail: "no actual document (extraction failed?); golden file left as it was".into(),
        });
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_anchors_on_keys_and_pairs_gaps_by_position() {
        let g = ["a", "b", "c", "d"];
        let a = ["a", "x", "c", "d", "e"];
        let p = align(&g, &a);
        assert_eq!(
            p,
            vec![
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), Some(2)),
                (Some(3), Some(3)),
                (None, Some(4))
            ]
        );
        let p = align(&["a", "b", "c"], &["a", "c"]);
        assert_eq!(
            p,
            vec![(Some(0), Some(0)), (Some(1), None), (Some(2), Some(1))]
        );
        assert_eq!(align::<&str>(&[], &[]), vec![]);
    }

    #[test]
    fn nested_batch_summaries_are_not_documents() {
        let dir = std::env::temp_dir().join(format!("gongkai-list-json-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("real")).unwrap();
        for f in [
            "summary.json",
            "real/summary.json",
            "real/a.pdf.json",
            "b.docx.json",
        ] {
            std::fs::write(dir.join(f), "{}").unwrap();
        }
        let got = list_json(&dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            got,
            vec!["b.docx.json".to_string(), "real/a.pdf.json".to_string()]
        );
    }

    #[test]
    fn checks_are_facts() {
        let check = |expected: &str| crate::model::Check {
            rule: "narrative.allocation_sum".into(),
            severity: "error".into(),
            message: "x".into(),
            expected: Some(expected.into()),
            actual: Some("67.23".into()),
            at: vec![serde_json::json!({"project": 1})],
        };
        let g = Document {
            checks: vec![check("35")],
            ..Default::default()
        };
        let mut a = g.clone();
        assert_eq!(compare_pair("d", &g, Some(&a)).status, "match");
        a.checks = vec![check("36")];
        let r = compare_pair("d", &g, Some(&a));
        assert_eq!(r.status, "differ");
        assert!(
            r.differences[0].at.contains("narrative.allocation_sum"),
            "{:?}",
            r.differences
        );
        assert_eq!(
            (
                r.differences[0].golden.as_str(),
                r.differences[0].actual.as_str()
            ),
            ("35", "36")
        );
        a.checks.clear();
        let r = compare_pair("d", &g, Some(&a));
        assert_eq!(r.differences.len(), 1);
        assert_eq!(r.differences[0].actual, MISSING);
    }

    #[test]
    fn scores() {
        let s = Score::new(10, 8, 8);
        assert_eq!((s.precision, s.recall), (1.0, 0.8));
        assert_eq!(s.f1, 0.8889);
        assert_eq!(Score::new(5, 0, 0).f1, 0.0);
        assert_eq!(Score::new(0, 0, 0).f1, 1.0);
    }

    #[test]
    fn numeric_equality_and_scale() {
        assert!(matches!(same("50", "50.00"), Same::Scale));
        assert!(matches!(same("50.00", "50.00"), Same::Equal));
        assert!(matches!(same("152.74", "152.7"), Same::Different));
        assert!(matches!(same("≥95%", "≥95%"), Same::Equal));
        assert!(matches!(same("≥95%", "≥90%"), Same::Different));
    }
}
