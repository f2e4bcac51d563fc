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
    let (summaries, mut entries) = summaries(input)?;
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
    for (prefix, s) in summaries {
        for mut f in s.files {
            f.path = format!("{prefix}{}", f.path);
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

/// Every `summary.json` under `input` (a folder extracted into `OUT/real` has its own),
/// with the prefix its paths take relative to `input` (`""`, `"real/"`), in path order;
/// an unreadable one is listed as a failed entry (the rest of the report goes on).
type Summaries = (Vec<(String, Summary)>, Vec<Entry>);

fn summaries(input: &Path) -> Result<Summaries, UsageError> {
    fn walk(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            if e.path().is_dir() {
                walk(&e.path(), &format!("{prefix}{name}/"), out)?;
            } else if name == "summary.json" {
                out.push((prefix.to_string(), e.path()));
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(input, "", &mut found)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", input.display())))?;
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (prefix, path) in found {
        let read = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                serde_json::from_slice::<Summary>(&b)
                    .map_err(|e| format!("not a gongkai summary: {e}"))
            });
        match read {
            Ok(s) => out.push((prefix, s)),
            Err(e) => bad.push(Entry::Failed {
                rel: format!("{prefix}summary.json"),
                status: "unreadable".into(),
                reason: format!("{}: {e}", path.display()),
            }),
        }
    }
    Ok((out, bad))
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
