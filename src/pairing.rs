//! Files of one disclosure: the narrative and the tables of a body's budget
//! are sometimes published as two files (Jiangsu: `…部门预算.pdf` from Word and
//! `…部门预算公开表.pdf` from Excel). [`group`] says which extracted documents
//! belong together: the same body (`document.department`, white space and
//! bracket width ignored), the same `year` and the same `kind` (预算/决算),
//! and no different `scope`: a 部门预算 and the same body's 单位预算 are two
//! disclosures; a document that names no scope (a tables-only file) joins
//! the one scoped disclosure it fits, if there is exactly one.
//! Documents missing body, year or kind, or of kind `unknown`, are never
//! grouped. Only groups of two or more documents are listed, each with its
//! documents in path order, the groups in the order of their first path.
//!
//! [`group`] is pure; [`disclosures`] reads the `document` object of each
//! written JSON for it (batch calls it once, before writing summary.json).

use crate::model::{DocKind, DocScope, DocumentInfo, FileStatus, SummaryFile};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One extracted document, as grouping sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub path: &'a str,
    pub info: DocumentInfo,
}

/// Documents that belong to one disclosure (`summary.json` → `disclosures`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
pub struct Disclosure {
    pub department: String,
    pub year: i32,
    /// `budget` | `final_account` (never `unknown`)
    pub kind: DocKind,
    /// `unknown` when no document of it names a scope
    pub scope: DocScope,
    /// The `path`s of its documents (as in `files[].path`), sorted.
    pub documents: Vec<String>,
}

/// The body's name as compared: no white space, brackets full-width.
fn body_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect()
}

/// Group documents of the same body, year and kind (see module doc).
pub fn group(members: &[Member<'_>]) -> Vec<Disclosure> {
    let mut sorted: Vec<&Member<'_>> = members.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(b.path));
    // (body, year, kind, scope) → disclosure; scoped documents first, so that
    // a document without a scope can join the one scoped group it fits.
    type Key = (String, i32, DocKind, DocScope);
    let mut groups: Vec<(Key, Disclosure)> = Vec::new();
    let eligible: Vec<(&Member<'_>, String, i32)> = sorted
        .into_iter()
        .filter_map(|m| {
            let body = body_key(m.info.department.as_deref()?);
            let year = m.info.year?;
            let kind_ok = matches!(m.info.kind, DocKind::Budget | DocKind::FinalAccount);
            (kind_ok && !body.is_empty()).then_some((m, body, year))
        })
        .collect();
    let scoped = |m: &Member<'_>| m.info.scope != DocScope::Unknown;
    for pass_scoped in [true, false] {
        for (m, body, year) in eligible.iter().filter(|(m, ..)| scoped(m) == pass_scoped) {
            let kind = m.info.kind;
            let same = |k: &Key| k.0 == *body && k.1 == *year && k.2 == kind;
            let scope = if pass_scoped {
                m.info.scope
            } else {
                // the one scoped group of this body, year and kind, if exactly one
                let fits: Vec<&Key> = groups.iter().map(|(k, _)| k).filter(|k| same(k)).collect();
                match fits.as_slice() {
                    [k] => k.3,
                    _ => DocScope::Unknown,
                }
            };
            let key: Key = (body.clone(), *year, kind, scope);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, d)) => d.documents.push(m.path.to_string()),
                None => groups.push((
                    key,
                    Disclosure {
                        department: m.info.department.clone().unwrap_or_default(),
                        year: *year,
                        kind,
                        scope,
                        documents: vec![m.path.to_string()],
                    },
                )),
            }
        }
    }
    let mut out: Vec<Disclosure> = groups
        .into_iter()
        .map(|(_, mut d)| {
            d.documents.sort();
            d
        })
        .filter(|d| d.documents.len() >= 2)
        .collect();
    out.sort_by(|a, b| a.documents[0].cmp(&b.documents[0]));
    out
}

#[derive(Deserialize)]
struct Head {
    document: DocumentInfo,
}

/// How much of a document JSON is read to find its `document` object (it
/// follows `schema` and `source`, a few hundred bytes in).
const HEAD_BYTES: u64 = 16 << 10;

/// The `document` object of a document JSON: parsed from the file's first
/// [`HEAD_BYTES`] (a JSON string cannot hold an unescaped `"document":`, so
/// the first one is the top-level key), else from the whole file.
fn read_info(path: &Path) -> Option<DocumentInfo> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(HEAD_BYTES)
        .read_to_end(&mut head)
        .ok()?;
    const KEY: &[u8] = b"\"document\":";
    let fast = head
        .windows(KEY.len())
        .position(|w| w == KEY)
        .and_then(|at| {
            let mut de = serde_json::Deserializer::from_slice(&head[at + KEY.len()..]);
            DocumentInfo::deserialize(&mut de).ok()
        });
    fast.or_else(|| {
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice::<Head>(&bytes)
            .ok()
            .map(|h| h.document)
    })
}

/// Read the `document` object of every written file's JSON under `out`
/// (status `ok`, or `skipped`: kept from an earlier run of an incremental
/// batch) and [`group`] them. A JSON that cannot be read is left out.
pub fn disclosures(out: &Path, files: &[SummaryFile]) -> Vec<Disclosure> {
    let members: Vec<Member<'_>> = files
        .iter()
        .filter(|f| matches!(f.status, FileStatus::Ok | FileStatus::Skipped))
        .filter_map(|f| {
            let info = read_info(&crate::batch::output_path(out, &f.path))?;
            Some(Member {
                path: &f.path,
                info,
            })
        })
        .collect();
    group(&members)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m<'a>(path: &'a str, dept: Option<&str>, year: Option<i32>, kind: &str) -> Member<'a> {
        Member {
            path,
            info: DocumentInfo {
                title: None,
                department: dept.map(String::from),
                year,
                kind: kind.into(),
                scope: "unknown".into(),
            },
        }
    }

    #[test]
    fn narrative_and_tables_of_one_body_and_year_are_one_disclosure() {
        let ms = [
            m(
                "b/政协_2017_20.pdf",
                Some("江苏省政协 办公厅"),
                Some(2017),
                "budget",
            ),
            m(
                "a/政协_2017_19.pdf",
                Some("江苏省政协办公厅"),
                Some(2017),
                "budget",
            ),
            m(
                "政协_2018_21.pdf",
                Some("江苏省政协办公厅"),
                Some(2018),
                "budget",
            ),
            m(
                "政协_2018_22.pdf",
                Some("江苏省政协办公厅"),
                Some(2018),
                "budget",
            ),
            // same body and year, other kind: another disclosure
            m(
                "政协_2018_决算.pdf",
                Some("江苏省政协办公厅"),
                Some(2018),
                "final_account",
            ),
            m("西南大学_2023.pdf", Some("西南大学"), Some(2023), "budget"),
        ];
        let g = group(&ms);
        assert_eq!(g.len(), 2, "{g:#?}");
        // the name as printed in the first document (path order)
        assert_eq!(g[0].department, "江苏省政协办公厅");
        assert_eq!((g[0].year, g[0].kind.as_str()), (2017, "budget"));
        assert_eq!(g[0].documents, ["a/政协_2017_19.pdf", "b/政协_2017_20.pdf"]);
        assert_eq!(g[1].documents, ["政协_2018_21.pdf", "政协_2018_22.pdf"]);
    }

    #[test]
    fn department_and_unit_budgets_are_two_disclosures() {
        let scoped = |path, scope: &str| {
            let mut x = m(
                path,
                Some("上海市普陀区人民政府办公室"),
                Some(2025),
                "budget",
            );
            x.info.scope = scope.into();
            x
        };
        let ms = [
            scoped("办公室25年预算.pdf", "department"),
            scoped("办公室单位25年预算.pdf", "unit"),
        ];
        assert!(group(&ms).is_empty());
        // a tables-only file (no scope) joins the one scoped disclosure
        let ms = [
            scoped("a_narrative.pdf", "department"),
            scoped("b_tables.pdf", "unknown"),
        ];
        let g = group(&ms);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].scope, "department");
        assert_eq!(g[0].documents, ["a_narrative.pdf", "b_tables.pdf"]);
        // ... but not when it could be either
        let ms = [
            scoped("a.pdf", "department"),
            scoped("b.pdf", "department"),
            scoped("c.pdf", "unit"),
            scoped("d.pdf", "unit"),
            scoped("e.pdf", "unknown"),
        ];
        let g = group(&ms);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].documents, ["a.pdf", "b.pdf"]);
        assert_eq!(g[1].documents, ["c.pdf", "d.pdf"]);
    }

    #[test]
    fn unknown_body_year_or_kind_is_never_grouped() {
        let ms = [
            m("a.pdf", None, Some(2017), "budget"),
            m("b.pdf", None, Some(2017), "budget"),
            m("c.pdf", Some("X局"), None, "budget"),
            m("d.pdf", Some("X局"), None, "budget"),
            m("e.pdf", Some("X局"), Some(2020), "unknown"),
            m("f.pdf", Some("X局"), Some(2020), "unknown"),
        ];
        assert!(group(&ms).is_empty());
    }

    #[test]
    fn document_info_is_read_from_the_head_of_the_json() {
        let dir = std::env::temp_dir().join(format!("gongkai-pairing-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let info = DocumentInfo {
            title: Some("X局2017年度部门预算".into()),
            department: Some("X局".into()),
            year: Some(2017),
            kind: "budget".into(),
            scope: "department".into(),
        };
        let doc = crate::model::Document {
            document: info.clone(),
            ..Default::default()
        };
        let p = dir.join("a.json");
        std::fs::write(&p, crate::emit::document_json(&doc)).unwrap();
        assert_eq!(read_info(&p), Some(info.clone()));
        // a huge first field pushes `document` past the head: the whole file is read
        let mut big = doc.clone();
        big.source.path = "长".repeat(20_000);
        std::fs::write(&p, crate::emit::document_json(&big)).unwrap();
        assert_eq!(read_info(&p), Some(info));
        std::fs::write(&p, b"not json").unwrap();
        assert_eq!(read_info(&p), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn order_does_not_depend_on_input_order() {
        let mut ms = vec![
            m("z.pdf", Some("Y(甲)局"), Some(2021), "budget"),
            m("y.pdf", Some("Y（甲）局"), Some(2021), "budget"),
            m("b.pdf", Some("X局"), Some(2021), "budget"),
            m("a.pdf", Some("X局"), Some(2021), "budget"),
        ];
        let g1 = group(&ms);
        ms.reverse();
        assert_eq!(g1, group(&ms));
        assert_eq!(g1[0].documents, ["a.pdf", "b.pdf"]);
        assert_eq!(g1[1].documents, ["y.pdf", "z.pdf"]);
    }
}
