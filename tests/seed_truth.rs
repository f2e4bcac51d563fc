//! Every number the seed's narrative states, as transcribed by hand (`corpus/seed/truth.json`,
//! `figures` and `projects`: written from the seed text, never from the extractor), is accounted
//! for in the extraction of every rendition of the seed (three Word files, their LibreOffice PDFs,
//! the two predefined-CMap PDFs), and nothing else is: each truth figure (value, unit) is found
//! exactly once as a figure, a year-on-year change (amount or percent), a share, a project amount
//! or allocation, or a threshold inside a label ("单位价值50万元以上大型设备"). Each extracted
//! figure's sentence is seed text that states its value; each project equals the truth.

use gongkai::model::Document;
use rust_decimal::Decimal;
use serde_json::Value;
use std::path::Path;
use std::str::FromStr;

const RENDITIONS: &[&str] = &[
    "seed/changji-finance-office-2022.docx",
    "seed/changji-finance-office-2022-pydocx.docx",
    "seed/changji-finance-office-2022-lo.docx",
    "seed/changji-finance-office-2022.pdf",
    "seed/changji-finance-office-2022-pydocx.pdf",
    "seed/changji-finance-office-2022-lo.pdf",
    "seed-cmap/changji-finance-office-2022-ucs2.pdf",
    "seed-cmap/changji-finance-office-2022-gbk.pdf",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s)
        .unwrap_or_else(|_| panic!("not a decimal: {s}"))
        .normalize()
}

/// Every number the extraction states, with its unit and role, in document order.
fn stated(doc: &Document) -> Vec<(Decimal, String, String)> {
    let threshold = regex::Regex::new(r"(\d+(?:\.\d+)?)(万元|亿元|元)以上").unwrap();
    let mut out = Vec::new();
    for (i, f) in doc.narrative.figures.iter().enumerate() {
        let role = |r: &str| format!("figures[{i}] {r}");
        if let Some(label) = &f.label {
            for c in threshold.captures_iter(label) {
                out.push((dec(&c[1]), c[2].to_string(), role("label threshold")));
            }
        }
        out.push((dec(&f.value), f.unit.clone(), role("value")));
        if let Some(s) = &f.share_percent {
            out.push((dec(s), "%".into(), role("share")));
        }
        if let Some(c) = &f.change {
            if let Some(a) = &c.amount {
                out.push((dec(a), f.unit.clone(), role("change amount")));
            }
            if let Some(p) = &c.percent {
                out.push((dec(p), "%".into(), role("change percent")));
            }
        }
    }
    for (i, p) in doc.narrative.projects.iter().enumerate() {
        if let (Some(a), Some(u)) = (&p.amount, &p.unit) {
            out.push((dec(a), u.clone(), format!("projects[{i}] amount")));
        }
        for (k, a) in p.allocations.iter().enumerate() {
            out.push((
                dec(&a.amount),
                a.unit.clone(),
                format!("projects[{i}] allocations[{k}]"),
            ));
        }
    }
    out
}

#[test]
fn every_stated_number_is_accounted_for_in_every_rendition() {
    let truth: Value = serde_json::from_slice(
        &std::fs::read(root().join("corpus/seed/truth.json")).expect("corpus/seed/truth.json"),
    )
    .expect("truth.json parses");
    let paragraphs: String = truth["paragraphs"]
        .as_array()
        .expect("paragraphs")
        .iter()
        .map(|p| squeeze(p.as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n");
    let figures = truth["figures"].as_array().expect("figures");
    assert!(figures.len() > 100, "truth lists {} figures", figures.len());

    for rel in RENDITIONS {
        let path = root().join("corpus").join(rel);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let doc = gongkai::extract(&bytes, rel).unwrap_or_else(|e| panic!("{rel}: {e}"));

        // Truth → extraction: each transcribed number found once, with its unit.
        let mut left = stated(&doc);
        let mut missing = Vec::new();
        for f in figures {
            let (v, u) = (
                dec(f["value"].as_str().unwrap()),
                f["unit"].as_str().unwrap(),
            );
            match left.iter().position(|(x, xu, _)| *x == v && xu == u) {
                Some(k) => {
                    left.remove(k);
                }
                None => missing.push(format!("{v} {u} in {}", f["sentence"])),
            }
        }
        assert!(
            missing.is_empty(),
            "{rel}: not extracted:\n{}",
            missing.join("\n")
        );
        // Extraction → truth: nothing stated that the seed does not state.
        assert!(
            left.is_empty(),
            "{rel}: extracted but not in the seed: {left:?}"
        );

        // Sentences are seed text stating the value.
        for (i, f) in doc.narrative.figures.iter().enumerate() {
            let s = squeeze(&f.sentence);
            assert!(
                paragraphs.contains(&s),
                "{rel}: figures[{i}] sentence not in the seed: {s}"
            );
            let v = &f.value;
            assert!(
                s.contains(v.as_str()),
                "{rel}: figures[{i}] sentence lacks {v}: {s}"
            );
        }

        // Projects equal the transcription.
        let got = serde_json::to_value(&doc.narrative.projects).expect("projects serialize");
        let norm = |v: &Value| -> Value {
            let mut v = v.clone();
            for p in v.as_array_mut().into_iter().flatten() {
                for a in p["allocations"].as_array_mut().into_iter().flatten() {
                    a["item"] = Value::String(squeeze(a["item"].as_str().unwrap_or_default()));
                }
            }
            v
        };
        assert_eq!(norm(&got), norm(&truth["projects"]), "{rel}: projects");
    }
}
