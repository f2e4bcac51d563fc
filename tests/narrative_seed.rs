//! The seed document's narrative: every figure, both projects, the profile.

use gongkai::recognize::{narrative, profile};
use std::path::Path;

const SEED: &str = "/work/shared/seed/000_b4db3b08202be5bf.txt";

/// Non-table lines of the seed dump as the reader gives paragraphs: lines not
/// starting with a tab, non-empty; a line starting with a unit continues the
/// previous one (the `17.64\n万元` break inside one paragraph).
fn seed_paragraphs() -> Option<Vec<String>> {
    if !Path::new(SEED).exists() {
        eprintln!("skipping: {SEED} not found");
        return None;
    }
    let text = std::fs::read_to_string(SEED).ok()?;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        if line.starts_with('\t') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with("万元") {
            if let Some(last) = out.last_mut() {
                last.push('\n');
                last.push_str(line);
                continue;
            }
        }
        out.push(line.to_string());
    }
    Some(out)
}

#[test]
#[ignore]
fn dump() {
    let Some(p) = seed_paragraphs() else { return };
    let refs: Vec<&str> = p.iter().map(String::as_str).collect();
    let n = narrative::extract(&refs);
    for (i, f) in n.figures.iter().enumerate() {
        println!(
            "{i} {:?} {:?} {} {} {:?} {:?}\n    S={} | {:?}",
            f.key,
            f.label,
            f.value,
            f.unit,
            f.change
                .as_ref()
                .map(|c| (&c.direction, &c.amount, &c.percent)),
            f.share_percent,
            f.sentence,
            f.section
        );
    }
    println!("{}", serde_json::to_string_pretty(&n.projects).unwrap());
    println!("{:?}", profile::extract(&refs));
}
