//! Invariant (ARCHITECTURE.md, "Template knowledge in one place"): the readers
//! in `src/read/` know file formats only. Budget words, units, amount rules and
//! title patterns come from recognition through `layout::LayoutHints`
//! (`src/recognize/hints.rs`) or live in the catalog, so a new template never
//! touches a reader.
//!
//! Enforced on the non-test code of every `.rs` file under `src/read/`
//! (comments and `#[cfg(test)]` modules, which print sample documents, are
//! left out): no CJK ideograph (U+3400–U+9FFF, 〇) and no use of the
//! recognition side (`crate::recognize`, `crate::amount`). Chinese
//! punctuation (，。；：、) is typography — where a line may break — and
//! stays allowed.

use std::fs;
use std::path::{Path, PathBuf};

/// Format-level exceptions: (file, trimmed text of the line), each justified.
const ALLOW: &[(&str, &str)] = &[
    // Word's built-in heading style as named by a Chinese Word UI (`标题 1`):
    // part of the .docx format as written, not of any template.
    ("src/read/docx.rs", "n.strip_prefix(\"标题\")?"),
    // The text of a reader warning that quotes what automatic list labels
    // look like; a message, matched against nothing.
    (
        "src/read/docx.rs",
        "(一、, 1., （一）...) are not part of the text\",",
    ),
    // Page furniture (第N页 / 第N页共M页): page numbers of any Chinese
    // document, removed with the running headers, not budget vocabulary.
    (
        "src/read/page/text.rs",
        "has_digit && matches!(stripped.as_str(), \"第页\" | \"第页共页\" | \"共页第页\" | \"页\")",
    ),
];

const FORBIDDEN_PATHS: &[&str] = &["crate::recognize", "crate::amount"];

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read src/read")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The code of a line without its `//` comment (a `//` inside a string literal
/// is kept: the cut happens only outside double quotes).
fn code_of(line: &str) -> &str {
    let mut in_str = false;
    let mut prev = '\0';
    for (i, ch) in line.char_indices() {
        match ch {
            '"' if prev != '\\' => in_str = !in_str,
            '/' if !in_str && prev == '/' => return &line[..i - 1],
            _ => {}
        }
        prev = if prev == '\\' && ch == '\\' { '\0' } else { ch };
    }
    line
}

fn is_ideograph(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '〇')
}

/// Violations in one file's source: (line number, line).
fn violations(src: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break; // test modules sit at the end of each file
        }
        let code = code_of(line);
        if code.chars().any(is_ideograph) || FORBIDDEN_PATHS.iter().any(|p| code.contains(p)) {
            out.push((n + 1, line.trim().to_string()));
        }
    }
    out
}

#[test]
fn readers_hold_no_template_knowledge() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rs_files(&root.join("src/read"), &mut files);
    assert!(files.len() >= 10, "src/read/ not found: {files:?}");
    let mut bad = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        let src = fs::read_to_string(f).expect("read source");
        for (n, line) in violations(&src) {
            if !ALLOW.iter().any(|(af, al)| *af == rel && *al == line) {
                bad.push(format!("{rel}:{n}: {line}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "template knowledge in a reader (move it to recognize::hints / the catalog):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_scan_finds_what_it_must() {
    // a budget word in code, a recognizer path, a word in a string literal
    assert_eq!(violations("    x.ends_with('表')").len(), 1);
    assert_eq!(violations("use crate::recognize::catalog;").len(), 1);
    assert_eq!(violations("let u = [\"万元\"];").len(), 1);
    assert_eq!(violations("let n = crate::amount::parse(s);").len(), 1);
    // comments, punctuation and test modules are not code knowledge
    assert!(violations("/// 项目支出绩效目标表\nlet a = 1; // 表").is_empty());
    assert!(violations("matches!(c, '。' | '；' | '，')").is_empty());
    assert!(violations("let u = \"http://x\"; // 表").is_empty());
    assert!(violations("#[cfg(test)]\nmod tests { const T: &str = \"合计\"; }").is_empty());
}
