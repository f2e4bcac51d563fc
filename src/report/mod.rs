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
use crate::model::{Document, FileStatus, Summary};
use minijinja::Environment;
use minijinja::value::Serde;
use rayon::prelude::*;
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

/// Every `summary.json` under `input` (a folder extracted into `OUT/real` has its own),
/// with the prefix its paths take relative to `input` (`""`, `"real/"`), in path order;
/// an unreadable one is listed as a failed entry (the rest of the report goes on).
/// The summaries, and (path, reason) of each unreadable one.
type Summaries = (Vec<(String, Summary)>, Vec<(String, String)>);

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
            Err(e) => bad.push((
                format!("{prefix}summary.json"),
                format!("{}: {e}", path.display()),
            )),
        }
    }
    Ok((out, bad))
}

/// Render the site for `input` into `out`. `golden`: compare each document with
/// `golden/<rel>.json` and show the differences.
///
/// Documents are streamed: each is read, rendered and written on its own (in parallel, with
/// rayon's default pool), and only its index row and findings are kept for the two summary
/// pages. Every file is written atomically; the bytes do not depend on the thread count.
pub fn render_dir(input: &Path, out: &Path, golden: Option<&Path>) -> Result<Stats, UsageError> {
    if !input.is_dir() {
        return Err(UsageError(format!(
            "input folder {} does not exist",
            input.display()
        )));
    }
    let files = compare::list_json(input)
        .map_err(|e| UsageError(format!("cannot read {}: {e}", input.display())))?;
    let (summaries, bad_summaries) = summaries(input)?;
    if files.is_empty() && summaries.iter().all(|(_, s)| s.files.is_empty()) {
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
    let doc_cmp = |rel: &str| {
        cmp.as_ref()
            .and_then(|r| r.documents.iter().find(|d| d.path == rel))
    };
    let env = environment();
    let doc_t = env
        .get_template("document.html")
        .map_err(|e| internal("document", e))?;
    let write = |rel: &str, html: &str| {
        batch::write_atomic(&out.join(rel), html.as_bytes())
            .map_err(|e| UsageError(format!("cannot write the report: {e}")))
    };
    let done: Vec<Result<(view::Outcome, u64), UsageError>> = files
        .par_iter()
        .map(|f| {
            let rel = f.strip_suffix(".json").unwrap_or(f);
            let path = input.join(f);
            match compare::load(&path) {
                Ok(doc) => {
                    let c = doc_cmp(rel);
                    let page = view::doc_page(rel, &doc, c);
                    let html = doc_t.render(Serde(&page)).map_err(|e| internal(rel, e))?;
                    write(&page.file, &html)?;
                    Ok((view::doc_outcome(rel, &doc, c, &page), html.len() as u64))
                }
                Err(e) => Ok((
                    view::failed_outcome(
                        rel,
                        "unreadable",
                        Some(format!("{}: {e}", path.display())),
                        doc_cmp(rel),
                    ),
                    0,
                )),
            }
        })
        .collect();
    let mut stats = Stats::default();
    let mut outcomes = Vec::new();
    for d in done {
        let (o, bytes) = d?;
        if bytes > 0 {
            stats.pages += 1;
        }
        stats.bytes += bytes;
        outcomes.push(o);
    }
    for (prefix, s) in summaries {
        for f in s.files {
            let rel = format!("{prefix}{}", f.path);
            let has_json = files.binary_search(&format!("{rel}.json")).is_ok();
            if f.status != FileStatus::Ok {
                let reason = f.error.unwrap_or_else(|| "(no reason given)".into());
                outcomes.push(view::failed_outcome(
                    &rel,
                    f.status.as_str(),
                    Some(reason),
                    doc_cmp(&rel),
                ));
            } else if !has_json {
                let reason = format!("summary.json lists it as ok but {rel}.json is missing");
                outcomes.push(view::failed_outcome(
                    &rel,
                    "missing",
                    Some(reason),
                    doc_cmp(&rel),
                ));
            }
        }
    }
    for (rel, reason) in bad_summaries {
        outcomes.push(view::failed_outcome(&rel, "unreadable", Some(reason), None));
    }
    stats.failed = outcomes.iter().filter(|o| o.row_status() != "ok").count();
    let (index, findings) = view::site_pages(outcomes, cmp.as_ref());
    stats.findings = findings.len();
    for (name, page) in [
        ("index.html", Serde(&index).into()),
        ("findings.html", Serde(&findings).into()),
    ] {
        let html = env
            .get_template(name)
            .and_then(|t| t.render::<minijinja::Value>(page))
            .map_err(|e| internal(name, e))?;
        write(name, &html)?;
        stats.bytes += html.len() as u64;
    }
    Ok(stats)
}

fn internal(what: &str, e: minijinja::Error) -> UsageError {
    UsageError(format!("internal error rendering {what}: {e:#}"))
}

/// Render one document's page alone (for tests and embedding).
pub fn render_document(rel: &str, doc: &Document) -> String {
    let page = view::doc_page(rel, doc, None);
    environment()
        .get_template("document.html")
        .and_then(|t| t.render(Serde(&page)))
        .unwrap_or_else(|e| format!("internal error rendering {rel}: {e:#}"))
}

#[cfg(test)]
mod tests;
