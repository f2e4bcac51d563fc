//! Files of one disclosure: the narrative and the tables of a body's budget
//! are sometimes published as two files (Jiangsu: `…部门预算.pdf` from Word and
//! `…部门预算公开表.pdf` from Excel). [`group`] says which extracted documents
//! belong together: the same body (`document.department`, white space and
//! bracket width ignored), the same `year` and the same `kind` (预算/决算).
//! Documents missing any of the three, or of kind `unknown`, are never
//! grouped. Only groups of two or more documents are listed, each with its
//! documents in path order, the groups in the order of their first path.
//!
//! [`group`] is pure; [`disclosures`] reads the `document` object of each
//! written JSON for it (batch calls it once, before writing summary.json).

use crate::model::{DocumentInfo, SummaryFile};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One extracted document, as grouping sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Member<'a> {
    pub path: &'a str,
    pub info: DocumentInfo,
}

/// Documents that belong to one disclosure (`summary.json` → `disclosures`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Disclosure {
    pub department: String,
    pub year: i32,
    /// `budget` | `final_account`
    pub kind: String,
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
    let mut groups: Vec<((String, i32, String), Disclosure)> = Vec::new();
    for m in sorted {
        let (Some(dept), Some(year)) = (m.info.department.as_deref(), m.info.year) else {
            continue;
        };
        let kind = m.info.kind.as_str();
        let body = body_key(dept);
        if body.is_empty() || !matches!(kind, "budget" | "final_account") {
            continue;
        }
        let key = (body, year, kind.to_string());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, d)) => d.documents.push(m.path.to_string()),
            None => groups.push((
                key,
                Disclosure {
                    department: dept.to_string(),
                    year,
                    kind: kind.to_string(),
                    documents: vec![m.path.to_string()],
                },
            )),
        }
    }
    groups
        .into_iter()
        .map(|(_, d)| d)
        .filter(|d| d.documents.len() >= 2)
        .collect()
}

#[derive(Deserialize)]
struct Head {
    document: DocumentInfo,
}

/// Read the `document` object of every `ok` file's JSON under `out` and
/// [`group`] them. A JSON that cannot be read is left out (it was written by
/// this batch a moment ago, so that does not happen in practice).
pub fn disclosures(out: &Path, files: &[SummaryFile]) -> Vec<Disclosure> {
    let members: Vec<Member<'_>> = files
        .iter()
        .filter(|f| f.status == "ok")
        .filter_map(|f| {
            let bytes = std::fs::read(crate::batch::output_path(out, &f.path)).ok()?;
            let head: Head = serde_json::from_slice(&bytes).ok()?;
            Some(Member {
                path: &f.path,
                info: head.document,
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
