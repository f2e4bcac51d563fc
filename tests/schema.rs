//! The committed JSON Schemas (`schema/`, draft 2020-12) are what the model types generate, and
//! every golden document (and summary) validates against them, so the schema and the contract
//! cannot drift. `GONGKAI_BLESS_SCHEMA=1 cargo test --release --test schema` rewrites schema/.
//!
//! Validation uses Python's `jsonschema` (in the CI venv, named by `GONGKAI_PYTHON`, see
//! .ci/run); without it that part is skipped with a message, except under `CI=true`.

use gongkai::export::schema;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn committed_schema_is_generated_from_the_model() {
    for (file, text) in [
        (schema::DOCUMENT_FILE, schema::document()),
        (schema::SUMMARY_FILE, schema::summary()),
    ] {
        let p = root().join("schema").join(file);
        if std::env::var_os("GONGKAI_BLESS_SCHEMA").is_some() {
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&p).unwrap_or_default();
        assert!(
            committed == text,
            "schema/{file} is not what src/model.rs generates: rerun with GONGKAI_BLESS_SCHEMA=1 and review the diff"
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["$schema"], "https://json-schema.org/draft/2020-12/schema");
    }
}

fn python() -> Option<PathBuf> {
    let probe = |p: &Path| {
        Command::new(p)
            .args(["-c", "import jsonschema"])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false)
    };
    if let Some(p) = std::env::var_os("GONGKAI_PYTHON") {
        let p = PathBuf::from(p);
        assert!(
            probe(&p),
            "GONGKAI_PYTHON={} cannot import jsonschema",
            p.display()
        );
        return Some(p);
    }
    if probe(Path::new("python3")) {
        return Some("python3".into());
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!(
            "CI=true but no Python with jsonschema: set GONGKAI_PYTHON (.ci/run makes the venv)"
        );
    }
    eprintln!(
        "SKIPPED schema validation: no Python with jsonschema (set GONGKAI_PYTHON, see .ci/run)"
    );
    None
}

/// Validate `files` against `schema`; returns (file, first error) for each invalid one.
fn validate(py: &Path, schema: &Path, files: &[PathBuf]) -> Vec<String> {
    let o = Command::new(py)
        .arg(root().join("tests/schema/validate.py"))
        .arg(schema)
        .args(files)
        .output()
        .unwrap();
    assert!(
        o.status.code() == Some(0) || o.status.code() == Some(1),
        "validate.py: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn golden_files() -> (Vec<PathBuf>, Vec<PathBuf>) {
    fn walk(d: &Path, out: &mut Vec<PathBuf>) {
        let mut es: Vec<_> = std::fs::read_dir(d).unwrap().flatten().collect();
        es.sort_by_key(|e| e.file_name());
        for e in es {
            if e.path().is_dir() {
                walk(&e.path(), out);
            } else if e.file_name().to_string_lossy().ends_with(".json") {
                out.push(e.path());
            }
        }
    }
    let mut all = Vec::new();
    walk(&root().join("golden"), &mut all);
    all.into_iter()
        .partition(|p| p.file_name().unwrap() != "summary.json")
}

#[test]
fn every_golden_document_validates() {
    let Some(py) = python() else { return };
    let (docs, summaries) = golden_files();
    assert!(docs.len() >= 170, "{} golden documents", docs.len());
    let bad = validate(
        &py,
        &root().join("schema").join(schema::DOCUMENT_FILE),
        &docs,
    );
    assert!(
        bad.is_empty(),
        "golden documents not valid:\n{}",
        bad.join("\n")
    );
    if !summaries.is_empty() {
        let bad = validate(
            &py,
            &root().join("schema").join(schema::SUMMARY_FILE),
            &summaries,
        );
        assert!(bad.is_empty(), "summaries not valid:\n{}", bad.join("\n"));
    }
}

/// The schema has teeth: contract violations are rejected.
#[test]
fn schema_rejects_contract_violations() {
    let Some(py) = python() else { return };
    let seed: Value = serde_json::from_slice(
        &std::fs::read(root().join("golden/seed/changji-finance-office-2022.docx.json")).unwrap(),
    )
    .unwrap();
    let dir = std::env::temp_dir().join(format!("gongkai-test-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    type Mutation = Box<dyn Fn(&mut Value)>;
    let mutations: Vec<(&str, Mutation)> = vec![
        (
            "amount as a JSON number",
            Box::new(|d| d["tables"][1]["records"][0]["values"]["total"] = 255.68.into()),
        ),
        (
            "missing source",
            Box::new(|d| {
                d.as_object_mut().unwrap().remove("source");
            }),
        ),
        (
            "wrong schema name",
            Box::new(|d| d["schema"] = "gongkai.document/2".into()),
        ),
        (
            "level as text",
            Box::new(|d| d["tables"][1]["records"][0]["level"] = "1".into()),
        ),
        (
            "record without values",
            Box::new(|d| {
                d["tables"][1]["records"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("values");
            }),
        ),
        (
            "figure value null",
            Box::new(|d| d["narrative"]["figures"][0]["value"] = Value::Null),
        ),
    ];
    let mut files = Vec::new();
    for (i, (_, m)) in mutations.iter().enumerate() {
        let mut d = seed.clone();
        m(&mut d);
        let p = dir.join(format!("m{i}.json"));
        std::fs::write(&p, serde_json::to_vec(&d).unwrap()).unwrap();
        files.push(p);
    }
    let bad = validate(
        &py,
        &root().join("schema").join(schema::DOCUMENT_FILE),
        &files,
    );
    let _ = std::fs::remove_dir_all(&dir);
    for (i, (what, _)) in mutations.iter().enumerate() {
        assert!(
            bad.iter()
                .any(|l| l.starts_with(&format!("{}: ", files[i].display()))),
            "{what} was accepted"
        );
    }
}
