//! `gongkai report`: a static, self-contained HTML site over an extracted folder.
//!
//! Reads `IN/summary.json` (when present) and every `IN/<rel>.json` document, and writes
//! `OUT/index.html` (the documents, sortable and filterable, failed files with their
//! reasons), `OUT/findings.html` (every consistency finding, linked to its cell, figure or
//! project) and `OUT/docs/<rel>.html` (one page per document: each table as the grid it was
//! printed with, findings highlighted, figures with their sentence, projects, warnings).
//! With a golden folder the compare differences are shown beside the tables they concern.
//!
//! Templates are minijinja (`templates/`, embedded with `include_str!`) with HTML
//! auto-escaping: document text is untrusted and is never written unescaped. CSS and JS are
//! inline and static (no data inside a `<script>`), so the pages work from `file://` with no
//! server and no network. Output bytes depend only on the input folder: documents in sorted
//! path order, no timestamps, no hash-map iteration.

mod view;

use crate::batch::{self, UsageError};
use crate::compare;
use crate::model::{Document, Summary};
use minijinja::Environment;
use std::path::{Path, PathBuf};

pub use view::url_path;

/// What `render_dir` did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stats {
    /// Document pages written.
    pub pages: usize,
    /// Files listed as failed or unreadable (no page).
    pub failed: usize,
    /// Consistency findings across all documents.
    pub findings: usize,
    /// Bytes written in all.
    pub bytes: u64,
}

/// One entry of the input folder: a document that loaded, or a file that did not.
pub(crate) enum Entry {
    Doc {
        /// The document's relative path without `.json` (`seed/a.docx`).
        rel: String,
        doc: Box<Document>,
    },
    Failed {
        rel: String,
        status: String,
        reason: String,
    },
}

/// The template set, autoescaping every `.html` template.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    // Undefined variables are bugs in the templates, not blanks.
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    let templates = [
        ("base.html", include_str!("templates/base.html")),
        ("index.html", include_str!("templates/index.html")),
        ("document.html", include_str!("templates/document.html")),
        ("findings.html", include_str!("templates/findings.html")),
    ];
    for (name, src) in templates {
        env.add_template(name, src)
            .unwrap_or_else(|e| panic!("template {name} does not parse: {e:#}"));
    }
    env
}

/// Read the input folder: every document JSON (sorted), failures from summary.json.
pub(crate) fn load_dir(input: &Path) -> Result<Vec<Entry>, UsageError> {
    let files = compare::list_json(input)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", input.display())))?;
    let summary: Option<Summary> = match std::fs::read(input.join("summary.json")) {
        Ok(b) => Some(serde_json::from_slice(&b).map_err(|e| {
            UsageError(format!(
                "{}: not a gongkai summary: {e}",
                input.join("summary.json").display()
            ))
        })?),
        Err(_) => None,
    };
    let mut entries: Vec<Entry> = Vec::new();
    for f in &files {
        let rel = f.strip_suffix(".json").unwrap_or(f).to_string();
        let path = input.join(f);
        match compare::load(&path) {
            Ok(doc) => entries.push(Entry::Doc {
                rel,
                doc: Box::new(doc),
            }),
            Err(e) => entries.push(Entry::Failed {
                rel,
                status: "unreadable".into(),
                reason: format!("{}: {e}", path.display()),
            }),
        }
    }
    if let Some(s) = summary {
        for f in s.files {
            let has_json = files.binary_search(&format!("{}.json", f.path)).is_ok();
            if f.status != "ok" {
                entries.push(Entry::Failed {
                    rel: f.path,
                    status: f.status,
                    reason: f.error.unwrap_or_else(|| "(no reason given)".into()),
                });
            } else if !has_json {
                entries.push(Entry::Failed {
                    reason: format!("summary.json lists it as ok but {}.json is missing", f.path),
                    rel: f.path,
                    status: "missing".into(),
                });
            }
        }
    }
    entries.sort_by(|a, b| a.rel().cmp(b.rel()));
    Ok(entries)
}

impl Entry {
    pub(crate) fn rel(&self) -> &str {
        match self {
            Entry::Doc { rel, .. } | Entry::Failed { rel, .. } => rel,
        }
    }
}

/// Render the site for `input` into `out`. `golden`: compare each document with
/// `golden/<rel>.json` and show the differences.
pub fn render_dir(input: &Path, out: &Path, golden: Option<&Path>) -> Result<Stats, UsageError> {
    if !input.is_dir() {
        return Err(UsageError(format!(
            "input folder {} does not exist",
            input.display()
        )));
    }
    let entries = load_dir(input)?;
    if entries.is_empty() {
        return Err(UsageError(format!(
            "no extracted documents in {} (run `gongkai extract` first)",
            input.display()
        )));
    }
    let cmp = match golden {
        Some(g) => {
            if !g.is_dir() {
                return Err(UsageError(format!(
                    "golden folder {} does not exist",
                    g.display()
                )));
            }
            Some(compare::compare_dirs(g, input)?)
        }
        None => None,
    };
    let pages = render(&entries, cmp.as_ref())?;
    let mut stats = Stats {
        failed: entries
            .iter()
            .filter(|e| matches!(e, Entry::Failed { .. }))
            .count(),
        findings: entries
            .iter()
            .map(|e| match e {
                Entry::Doc { doc, .. } => doc.checks.len(),
                Entry::Failed { .. } => 0,
            })
            .sum(),
        ..Stats::default()
    };
    for (rel, html) in &pages {
        let dest: PathBuf = out.join(rel);
        batch::write_atomic(&dest, html.as_bytes())
            .map_err(|e| UsageError(format!("cannot write the report: {e}")))?;
        stats.bytes += html.len() as u64;
        if rel.starts_with("docs/") {
            stats.pages += 1;
        }
    }
    Ok(stats)
}

/// Every page of the site as (path relative to the site root, HTML), in a fixed order.
pub(crate) fn render(
    entries: &[Entry],
    cmp: Option<&compare::Report>,
) -> Result<Vec<(String, String)>, UsageError> {
    let env = environment();
    let site = view::Site::build(entries, cmp);
    let fail = |what: &str, e: minijinja::Error| {
        UsageError(format!("internal error rendering {what}: {e:#}"))
    };
    let mut pages = Vec::new();
    let t = env
        .get_template("index.html")
        .map_err(|e| fail("index", e))?;
    pages.push((
        "index.html".to_string(),
        t.render(minijinja::value::Serde(&site.index))
            .map_err(|e| fail("index", e))?,
    ));
    let t = env
        .get_template("findings.html")
        .map_err(|e| fail("findings", e))?;
    pages.push((
        "findings.html".to_string(),
        t.render(minijinja::value::Serde(&site.findings))
            .map_err(|e| fail("findings", e))?,
    ));
    let t = env
        .get_template("document.html")
        .map_err(|e| fail("document", e))?;
    for page in &site.documents {
        let html = t
            .render(minijinja::value::Serde(page))
            .map_err(|e| fail(&page.path, e))?;
        pages.push((page.file.clone(), html));
    }
    Ok(pages)
}

/// Render one document's page alone (for tests and embedding).
pub fn render_document(rel: &str, doc: &Document) -> String {
    let entries = [Entry::Doc {
        rel: rel.to_string(),
        doc: Box::new(doc.clone()),
    }];
    render(&entries, None)
        .ok()
        .and_then(|p| p.into_iter().find(|(f, _)| f.starts_with("docs/")))
        .map(|(_, h)| h)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
