//! The producer matrix (issue 10): the synthetic subset and the seed printed by other PDF
//! producers and re-written by PDF tools (`scripts/make-producer-corpus`), each route in
//! `corpus-producers/<route>/` with goldens from the model in `golden-producers/<route>/`.
//!
//! [`ROUTES`] is the one table of what each route must give: every document exact, or a
//! specific warning where the route leaves no Unicode in the file (the text cannot be
//! recovered by any reader). The test prints the matrix (route × documents exact, facts F1,
//! extract ms per document).

mod support;

use gongkai::compare::{self, DocReport};
use std::collections::BTreeMap;
use std::path::Path;
use support::{TempDir, code, gongkai, stderr};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Every document matches its golden exactly.
    Exact,
    /// The route removes every source of Unicode for most of the text: each document must
    /// carry this warning code (and is not compared).
    Unrecoverable(&'static str),
}

use Expect::*;

/// (route, expectation, why); an entry `route/document.pdf` overrides its route's
/// expectation for that one document (a route whose every document has one prints no row).
const ROUTES: &[(&str, Expect, &str)] = &[
    ("libreoffice", Exact, "LibreOffice 7.4 Writer PDF export"),
    ("libreoffice-pdfa", Exact, "LibreOffice PDF/A-2b export"),
    (
        "chromium",
        Exact,
        "HTML printed by headless Chromium (Skia, CIDFontType2 + Type 3 fonts)",
    ),
    (
        "chromium-borderless",
        Exact,
        "the same HTML with no table borders: unruled tables placed by the table layout \
         (read::page::cjk_grid)",
    ),
    (
        "chromium-borderless/nat_000.pdf",
        Exact,
        "borderless grids, tables over pages, a one-row continuation, an empty table",
    ),
    (
        "chromium-borderless/sh_013.pdf",
        Exact,
        "财政拨款收支预算总表: title and first header row end page 9, the grid opens page 10",
    ),
    (
        "chromium-borderless/nat_017.pdf",
        Exact,
        "the empty 政府性基金 table: its first header row ends the page before its grid",
    ),
    (
        "chromium-borderless/nat_002.pdf",
        Exact,
        "部门收入总体情况表: caption rows (表2, title, 编制部门) in the table over a header row \
         of ten cells end page 4, the wrapped labels go on on page 5",
    ),
    (
        "chromium-borderless/nat_034.pdf",
        Exact,
        "三公 table: its first header row ends page 12, page 13 holds only the second header \
         row and the amounts",
    ),
    (
        "chromium-borderless/fa_004.pdf",
        Exact,
        "决算 三公 table: 公务用车运行维护费 (third header row) stays under its parent label, \
         out of 公务接待费's columns",
    ),
    (
        "chromium-borderless/changji-finance-office-2022.pdf",
        Exact,
        "the seed: two 项目支出绩效目标表 whose 三级指标 cells span three of the form's columns, \
         their text running over one or two column starts",
    ),
    (
        "latex",
        Exact,
        "XeLaTeX booktabs 三线表: horizontal rules only, no vertical ones",
    ),
    ("ghostscript", Exact, "Ghostscript pdfwrite re-distill"),
    ("qpdf", Exact, "qpdf object streams + linearized"),
    ("mutool-clean", Exact, "mutool clean -gggz"),
    ("pdftocairo", Exact, "pdftocairo -pdf (cairo re-write)"),
    (
        "no-tounicode-type1",
        Unrecoverable("unmapped_glyph"),
        "LibreOffice's Noto CJK Type 1 subsets name their glyphs cidNNNNN (glyph ids of an \
         Adobe-Identity font) and its TrueType subsets have no Unicode cmap: without ToUnicode \
         nothing in the file says which character a glyph is",
    ),
    (
        "no-tounicode-cff",
        Unrecoverable("unmapped_glyph"),
        "Ghostscript's Type1C (CFF) subsets of Noto CJK: glyph names cidNNNNN, no ToUnicode",
    ),
    (
        "no-tounicode-truetype",
        Exact,
        "Chromium's CIDFontType2 subsets keep their Unicode cmap: text read from the font program",
    ),
    (
        "rotate-90",
        Exact,
        "/Rotate 90 on pages drawn upright: read turned back",
    ),
    (
        "landscape",
        Exact,
        "content drawn turned on a landscape MediaBox, /Rotate 90 to display upright",
    ),
    (
        "report-server",
        Exact,
        "corpusgen report-server writer: STSong-Light + UniGB-UCS2-H, line grids, two tables per page",
    ),
];

fn route_of(path: &str) -> &str {
    path.split('/').next().unwrap_or("")
}

#[test]
fn producer_matrix() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("corpus-producers");
    let golden = root.join("golden-producers");
    // every route folder is in the table, and every route in the table has documents
    let mut on_disk: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus-producers")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = ROUTES
        .iter()
        .filter(|r| !r.0.contains('/'))
        .map(|r| r.0.to_string())
        .collect();
    listed.sort();
    assert_eq!(on_disk, listed, "corpus-producers/ routes vs ROUTES");
    // the issue asks for a subset of 12+ documents through every route; report-server is a
    // writer of the seed alone
    for route in on_disk.iter().filter(|r| r.as_str() != "report-server") {
        let pdfs = std::fs::read_dir(corpus.join(route))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count();
        assert!(pdfs >= 12, "{route}: {pdfs} documents, the subset has 13");
    }

    let t = TempDir::new("producers");
    let out = t.join("out");
    let o = gongkai(
        root,
        &[
            "extract",
            corpus.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--quiet",
        ],
    );
    assert_eq!(code(&o), 0, "every producer PDF extracts:\n{}", stderr(&o));
    let report = compare::compare_dirs(&golden, &out).expect("compare");
    assert!(report.not_compared.is_empty(), "{:?}", report.not_compared);
    assert!(
        report.new_in_actual.is_empty(),
        "{:?}",
        report.new_in_actual
    );

    // extract ms per document, from the batch summary
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let mut ms: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for f in summary["files"].as_array().unwrap() {
        let p = f["path"].as_str().unwrap();
        ms.entry(route_of(p).to_string())
            .or_default()
            .push(f["ms"].as_u64().unwrap_or(0));
    }

    let mut by_route: BTreeMap<&str, Vec<&DocReport>> = BTreeMap::new();
    for d in &report.documents {
        let key = match ROUTES.iter().find(|r| r.0 == d.path) {
            Some(r) => r.0,
            None => route_of(&d.path),
        };
        by_route.entry(key).or_default().push(d);
    }
    let mut failures = Vec::new();
    eprintln!(
        "{:<22} {:>5} {:>7} {:>8} {:>8}  expectation",
        "route", "docs", "exact", "facts F1", "ms/doc"
    );
    for (route, expect, why) in ROUTES {
        let docs = by_route.get(route).cloned().unwrap_or_default();
        let own_entries = ROUTES
            .iter()
            .any(|r| r.0.strip_prefix(*route).is_some_and(|d| d.starts_with('/')));
        if docs.is_empty() && own_entries {
            continue; // every document of the route has an entry of its own
        }
        assert!(!docs.is_empty(), "{route}: no documents compared");
        let exact = docs.iter().filter(|d| d.status == "match").count();
        let (g, a, m) = docs.iter().fold((0, 0, 0), |(g, a, m), d| {
            (
                g + d.score.golden_facts,
                a + d.score.actual_facts,
                m + d.score.matched,
            )
        });
        let f1 = if g + a == 0 {
            1.0
        } else {
            2.0 * m as f64 / (g + a) as f64
        };
        let times = ms.get(route_of(route)).cloned().unwrap_or_default();
        let per_doc = times.iter().sum::<u64>() / times.len().max(1) as u64;
        let label = match expect {
            Exact => "exact".to_string(),
            Unrecoverable(w) => format!("unrecoverable text, warning {w}"),
        };
        eprintln!(
            "{route:<22} {:>5} {:>7} {f1:>8.4} {per_doc:>8}  {label} ({why})",
            docs.len(),
            exact
        );
        match expect {
            Exact => {
                for d in docs.iter().filter(|d| d.status != "match") {
                    let first: Vec<String> = d
                        .differences
                        .iter()
                        .take(5)
                        .map(|x| format!("{}: golden {}, actual {}", x.at, x.golden, x.actual))
                        .collect();
                    failures.push(format!(
                        "{}: {}\n    {}",
                        d.path,
                        d.status,
                        first.join("\n    ")
                    ));
                }
            }
            Unrecoverable(code) => {
                for d in &docs {
                    let json: serde_json::Value = serde_json::from_slice(
                        &std::fs::read(out.join(format!("{}.json", d.path))).unwrap(),
                    )
                    .unwrap();
                    let warned = json["warnings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|w| w["code"] == *code);
                    if !warned {
                        failures.push(format!("{}: expected warning {code}", d.path));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "producer matrix:\n{}",
        failures.join("\n")
    );
}

/// The report-server case: the seed by corpusgen's report-server writer in its
/// compact style prints two tables per page (表1+表2, 表3+表4, 表5–表7, 表8+表9) and both
/// 项目支出绩效目标表 on page 10; each keeps its own title and all its records.
#[test]
fn report_server_two_tables_per_page_keep_their_titles() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus-producers/report-server/changji-finance-office-2022.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let d = gongkai::extract(&bytes, "changji-finance-office-2022.pdf").unwrap();
    let mut per_page: BTreeMap<u32, Vec<&str>> = BTreeMap::new();
    for t in &d.tables {
        per_page
            .entry(t.pages[0])
            .or_default()
            .push(t.title.as_deref().unwrap_or("(untitled)"));
    }
    assert!(
        per_page.values().filter(|v| v.len() >= 2).count() >= 4,
        "{per_page:?}"
    );
    let perf: Vec<_> = d
        .tables
        .iter()
        .filter(|t| t.kind.as_str() == "performance_targets")
        .collect();
    assert_eq!(perf.len(), 2);
    assert_eq!(perf[0].pages, perf[1].pages, "one page");
    for t in &perf {
        assert_eq!(t.title.as_deref(), Some("项目支出绩效目标表"));
    }
    assert_eq!((perf[0].records.len(), perf[1].records.len()), (17, 26));
}
