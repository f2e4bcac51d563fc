//! The PDF of a document must give what its .docx gives: for each Word
//! rendition of the seed document in `corpus/seed` and the LibreOffice PDF of
//! it, the PDF's tables, records, values, figures and projects equal the
//! docx's (the docx document is the golden one).

use gongkai::compare::compare_pair;
use std::path::Path;

const RENDITIONS: [&str; 3] = [
    "changji-finance-office-2022",
    "changji-finance-office-2022-pydocx",
    "changji-finance-office-2022-lo",
];

fn extract(dir: &Path, name: &str) -> Option<gongkai::model::Document> {
    let path = dir.join(name);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("skipping {}: {e}", path.display());
            return None;
        }
    };
    match gongkai::extract(&bytes, &format!("seed/{name}")) {
        Ok(d) => Some(d),
        Err(e) => panic!("{name}: extraction failed: {e}"),
    }
}

#[test]
fn pdf_gives_what_docx_gives() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/seed");
    let mut compared = 0;
    for r in RENDITIONS {
        let (Some(docx), Some(pdf)) = (
            extract(&dir, &format!("{r}.docx")),
            extract(&dir, &format!("{r}.pdf")),
        ) else {
            continue;
        };
        // The docx gives every table of the document (a sanity check that
        // the comparison is not between two empty documents).
        assert!(docx.tables.len() >= 11, "{r}: {} tables", docx.tables.len());
        let report = compare_pair(r, &docx, Some(&pdf));
        // Every fact: document info, profile, tables, records, values, figures,
        // projects and consistency findings. Only `source` and `pages` differ.
        let got: Vec<(String, String, String)> = report
            .differences
            .iter()
            .map(|d| (d.at.clone(), d.golden.clone(), d.actual.clone()))
            .collect();
        assert_eq!(got, vec![], "{r}: PDF vs docx differences");
        assert!(
            report.minor.is_empty(),
            "{r}: scale differences {:?}",
            report.minor
        );
        compared += 1;
    }
    if compared == 0 {
        eprintln!("skipping: no seed renditions found in {}", dir.display());
    }
}
