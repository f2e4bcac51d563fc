//! `gongkai export`: the whole corpus (and ../shared/real when present) extracted, exported as
//! Parquet, CSV and JSON Lines, and loaded by DuckDB with the README's "Load into a warehouse"
//! queries (`tests/warehouse/*.sql`, quoted verbatim in README.md). The numbers DuckDB returns are
//! compared with the golden files' amounts converted to 元 here, by hand, with rust_decimal.
//!
//! DuckDB is the Python `duckdb` package: `GONGKAI_PYTHON` names the interpreter (`.ci/run` makes
//! a venv and sets it); otherwise `python3` is used when it can import duckdb. Without one the
//! DuckDB part is skipped with a message, except under `CI=true`, where it fails.

mod support;

use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use support::{TempDir, code, files_under, gongkai, stderr};

const TABLES: [&str; 8] = [
    "documents",
    "facts",
    "figures",
    "checks",
    "projects",
    "allocations",
    "warnings",
    "issues",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_else(|e| panic!("{s:?} is not a decimal: {e}"))
}

/// 元 per unit, written out here independently of src/export.
fn per_unit(unit: &str) -> Option<Decimal> {
    match unit {
        "元" => Some(dec("1")),
        "万元" => Some(dec("10000")),
        "亿元" => Some(dec("100000000")),
        _ => None,
    }
}

/// Golden documents (key = path without `.json`) for what was extracted.
fn golden_docs(with_real: bool, with_real_other: bool) -> BTreeMap<String, Value> {
    let g = root().join("golden");
    files_under(&g)
        .into_iter()
        .filter(|r| r.ends_with(".json") && !r.ends_with("summary.json"))
        .filter(|r| with_real || !r.starts_with("real/"))
        .filter(|r| with_real_other || !r.starts_with("real-other/"))
        .map(|r| {
            let v: Value = serde_json::from_slice(&std::fs::read(g.join(&r)).unwrap()).unwrap();
            (r.strip_suffix(".json").unwrap().to_string(), v)
        })
        .collect()
}

struct Fixture {
    _t: TempDir,
    dir: PathBuf,
    out: PathBuf,
    with_real: bool,
    with_real_other: bool,
}

fn extract_all() -> Fixture {
    let t = TempDir::new("warehouse");
    let out = t.join("out");
    let o = gongkai(
        root(),
        &["extract", "corpus", "-o", out.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut with = [false; 2];
    for (i, sub) in ["real", "real-other"].into_iter().enumerate() {
        let dir = root().join("../shared").join(sub);
        with[i] = dir.is_dir();
        if with[i] {
            let o = gongkai(
                root(),
                &[
                    "extract",
                    dir.to_str().unwrap(),
                    "-o",
                    out.join(sub).to_str().unwrap(),
                    "--quiet",
                ],
            );
            assert_eq!(code(&o), 0, "{}", stderr(&o));
        } else {
            eprintln!("{} is absent: its PDFs are not exported", dir.display());
        }
    }
    let [with_real, with_real_other] = with;
    Fixture {
        dir: t.path().to_path_buf(),
        _t: t,
        out,
        with_real,
        with_real_other,
    }
}

fn export(input: &Path, dest: &Path, format: &str, threads: Option<&str>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.current_dir(root()).args([
        "export",
        input.to_str().unwrap(),
        "-o",
        dest.to_str().unwrap(),
        "-f",
        format,
        "--quiet",
    ]);
    if let Some(n) = threads {
        cmd.env("RAYON_NUM_THREADS", n);
    }
    let o = cmd.output().unwrap();
    assert_eq!(code(&o), 0, "export {format}: {}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "no warnings on the corpus: {}",
        stderr(&o)
    );
}

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GONGKAI_PYTHON") {
        let p = PathBuf::from(p);
        let ok = Command::new(&p)
            .args(["-c", "import duckdb"])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "GONGKAI_PYTHON={} cannot import duckdb", p.display());
        return Some(p);
    }
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        return Some(PathBuf::from("python3"));
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but no Python with duckdb: set GONGKAI_PYTHON (.ci/run makes the venv)");
    }
    eprintln!(
        "SKIPPED the DuckDB part: no Python with the duckdb package (set GONGKAI_PYTHON, see .ci/run)"
    );
    None
}

/// Run the README's queries against `dir/feeds` after `load` (a file of tests/warehouse/).
fn duckdb(py: &Path, dir: &Path, load: &str) -> BTreeMap<String, Vec<Vec<Option<String>>>> {
    let w = root().join("tests/warehouse");
    let o = Command::new(py)
        .current_dir(dir)
        .arg(w.join("run.py"))
        .arg(w.join(load))
        .arg(w.join("queries.sql"))
        .output()
        .unwrap();
    assert!(o.status.success(), "duckdb {load}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Sum of every table column over its records, in 元, from the golden files.
fn golden_table_sums(
    docs: &BTreeMap<String, Value>,
) -> BTreeMap<(String, String, String), Decimal> {
    let mut sums = BTreeMap::new();
    for (doc, d) in docs {
        for t in d["tables"].as_array().unwrap() {
            if t["kind"] == "performance_targets" {
                continue;
            }
            let Some(f) = t["unit"].as_str().and_then(per_unit) else {
                continue;
            };
            for r in t["records"].as_array().unwrap() {
                for (k, v) in r["values"].as_object().unwrap() {
                    let Some(v) = v.as_str() else { continue };
                    let Ok(v) = Decimal::from_str(v) else {
                        continue;
                    };
                    *sums
                        .entry((doc.clone(), t["id"].as_str().unwrap().into(), k.clone()))
                        .or_insert(Decimal::ZERO) += v * f;
                }
            }
        }
    }
    sums
}

fn check_queries(
    docs: &BTreeMap<String, Value>,
    got: &BTreeMap<String, Vec<Vec<Option<String>>>>,
    what: &str,
) {
    let s = |c: &Option<String>| c.clone().unwrap_or_default();
    let money = |c: &Option<String>| dec(c.as_deref().expect("an amount"));
    // No floats: every amount column DuckDB sees is a DECIMAL.
    for (name, t) in got.iter().filter(|(n, _)| n.ends_with(".types")) {
        for ty in &t[0] {
            let ty = ty.clone().unwrap_or_default();
            assert!(
                !ty.contains("DOUBLE") && !ty.contains("FLOAT"),
                "{what} {name}: {ty}"
            );
        }
    }

    // table_sums: every (doc, table, column) sum equals the golden amounts × unit.
    let want = golden_table_sums(docs);
    let have: BTreeMap<(String, String, String), Decimal> = got["table_sums"]
        .iter()
        .map(|r| ((s(&r[0]), s(&r[1]), s(&r[2])), money(&r[3])))
        .collect();
    assert_eq!(have.len(), want.len(), "{what}: table_sums row count");
    for (k, v) in &want {
        assert_eq!(have.get(k), Some(v), "{what}: table_sums {k:?}");
    }
    assert!(want.keys().any(|k| k.0.starts_with("seed/")));

    // The seed's 三公 total: golden 三公 table, 合计 column, 万元 → 元.
    let seed = &docs["seed/changji-finance-office-2022.docx"];
    let tp = seed["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "three_public")
        .unwrap();
    assert_eq!(tp["unit"], "万元");
    let seed_total: Decimal = tp["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| dec(r["values"]["total"].as_str().unwrap()) * dec("10000"))
        .sum();
    assert_eq!(seed_total, dec("20000"), "the seed's 表8 合计 is 2 万元");
    assert_eq!(got["seed_three_public"].len(), 1);
    assert_eq!(money(&got["seed_three_public"][0][0]), seed_total, "{what}");

    // 三公 of every department: one row per document whose 三公 table states a 合计.
    let mut want: BTreeMap<String, Decimal> = BTreeMap::new();
    for (doc, d) in docs {
        for t in d["tables"].as_array().unwrap() {
            if t["kind"] != "three_public" {
                continue;
            }
            let f = per_unit(t["unit"].as_str().unwrap()).unwrap();
            for r in t["records"].as_array().unwrap() {
                if let Some(x) = r["values"]["total"].as_str() {
                    *want.entry(doc.clone()).or_insert(Decimal::ZERO) += dec(x) * f;
                }
            }
        }
    }
    let by_dept = &got["three_public_by_department"];
    let have: BTreeMap<String, Decimal> =
        by_dept.iter().map(|r| (s(&r[2]), money(&r[3]))).collect();
    assert_eq!(have, want, "{what}: three_public_by_department");
    for r in by_dept {
        let d = &docs[&s(&r[2])];
        assert_eq!(r[0].as_deref(), d["document"]["department"].as_str());
    }

    // A Shanghai budget's 功能分类 类 totals, and the same for every document.
    let classes = |doc: &str, d: &Value| -> Vec<(String, String, Decimal)> {
        let mut v = Vec::new();
        for t in d["tables"].as_array().unwrap() {
            if t["kind"] != "general_budget_expenditure" {
                continue;
            }
            let f = per_unit(t["unit"].as_str().unwrap()).unwrap();
            for r in t["records"].as_array().unwrap() {
                if r["level"] == 1
                    && let Some(x) = r["values"]["total"].as_str()
                {
                    v.push((
                        doc.to_string(),
                        r["code"].as_str().unwrap().to_string(),
                        dec(x) * f,
                    ));
                }
            }
        }
        v.sort();
        v
    };
    let sh = classes("synthetic/sh_000.docx", &docs["synthetic/sh_000.docx"]);
    assert!(sh.len() >= 3, "sh_000 has 功能分类 类 rows");
    let have: Vec<(String, String, Decimal)> = got["shanghai_function_classes"]
        .iter()
        .map(|r| ("synthetic/sh_000.docx".to_string(), s(&r[0]), money(&r[2])))
        .collect();
    assert_eq!(have, sh, "{what}: shanghai_function_classes");
    let mut all: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for (doc, d) in docs {
        for (doc, code, v) in classes(doc, d) {
            *all.entry((doc, code)).or_insert(Decimal::ZERO) += v;
        }
    }
    let have: BTreeMap<(String, String), Decimal> = got["function_classes"]
        .iter()
        .map(|r| ((s(&r[0]), s(&r[1])), money(&r[3])))
        .collect();
    assert_eq!(have, all, "{what}: function_classes");
}

#[test]
fn export_corpus_deterministic_and_loaded_by_duckdb() {
    let f = extract_all();
    let docs = golden_docs(f.with_real, f.with_real_other);
    let feeds = f.dir.join("feeds");
    export(&f.out, &feeds, "parquet", None);
    export(&f.out, &feeds, "csv", None);
    export(&f.out, &feeds, "jsonl", None);

    // Same bytes with one thread.
    let one = f.dir.join("feeds-1");
    for fmt in ["parquet", "csv", "jsonl"] {
        export(&f.out, &one, fmt, Some("1"));
        for t in TABLES {
            let name = format!("{t}.{fmt}");
            assert_eq!(
                std::fs::read(feeds.join(&name)).unwrap(),
                std::fs::read(one.join(&name)).unwrap(),
                "{name} differs between thread counts"
            );
        }
    }
    // Parquet metadata carries no varying writer stamp.
    let pq = std::fs::read(feeds.join("facts.parquet")).unwrap();
    assert!(pq.starts_with(b"PAR1") && pq.ends_with(b"PAR1"));
    let created = format!("gongkai {}", env!("CARGO_PKG_VERSION"));
    assert!(pq.windows(created.len()).any(|w| w == created.as_bytes()));

    // Row counts: one document row per golden document, one fact per non-blank value cell.
    let facts: usize = docs
        .values()
        .flat_map(|d| d["tables"].as_array().unwrap())
        .flat_map(|t| t["records"].as_array().unwrap())
        .map(|r| {
            r["values"]
                .as_object()
                .unwrap()
                .values()
                .filter(|v| !v.is_null())
                .count()
        })
        .sum();
    let csv_rows = |t: &str| {
        let mut r = csv::Reader::from_path(feeds.join(format!("{t}.csv"))).unwrap();
        r.records().inspect(|x| assert!(x.is_ok())).count()
    };
    let jsonl_rows = |t: &str| -> Vec<Value> {
        std::fs::read_to_string(feeds.join(format!("{t}.jsonl")))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    assert_eq!(csv_rows("documents"), docs.len());
    assert_eq!(csv_rows("facts"), facts);
    assert_eq!(csv_rows("issues"), 0, "every corpus amount fits exactly");
    for t in TABLES {
        assert_eq!(jsonl_rows(t).len(), csv_rows(t), "{t}: jsonl vs csv rows");
    }
    // JSONL amounts are strings (exact), never JSON numbers.
    for row in jsonl_rows("facts").iter().take(5000) {
        assert!(row["value_yuan"].is_null() || row["value_yuan"].is_string());
    }
    let checks: usize = docs
        .values()
        .map(|d| d["checks"].as_array().unwrap().len())
        .sum();
    assert_eq!(csv_rows("checks"), checks);

    let Some(py) = python() else { return };
    for load in ["load-parquet.sql", "load-csv.sql", "load-jsonl.sql"] {
        let got = duckdb(&py, &f.dir, load);
        check_queries(&docs, &got, load);
    }
}

/// The README quotes the SQL files the test runs, verbatim.
#[test]
fn readme_quotes_the_queries() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for f in [
        "load-parquet.sql",
        "load-csv.sql",
        "load-jsonl.sql",
        "queries.sql",
    ] {
        let sql = std::fs::read_to_string(root().join("tests/warehouse").join(f)).unwrap();
        assert!(
            readme.contains(&format!("```sql\n{sql}```")),
            "README.md must quote tests/warehouse/{f} verbatim in a ```sql block"
        );
    }
}

fn seed_json() -> Value {
    let p = root().join("golden/seed/changji-finance-office-2022.docx.json");
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// Amounts a DECIMAL column cannot hold exactly are NULL there and listed in `issues`, never rounded.
#[test]
fn unrepresentable_amounts_are_issues_not_rounded() {
    let t = TempDir::new("export-issues");
    let mut d = seed_json();
    // t3 is in 万元: 0.000001 万元 = 0.01 元 fits; 0.0000001 万元 = 0.001 元 does not.
    let tables = d["tables"].as_array_mut().unwrap();
    let t3 = tables.iter_mut().find(|t| t["id"] == "t3").unwrap();
    assert_eq!(t3["unit"], "万元");
    t3["records"][0]["values"]["total"] = "0.000001".into();
    t3["records"][0]["values"]["basic"] = "0.0000001".into();
    t3["records"][0]["values"]["project"] = "99999999999999999".into();
    t.write("out/a.docx.json", &serde_json::to_vec_pretty(&d).unwrap());
    let dest = t.join("feeds");
    let o = gongkai(t.path(), &["export", "out", "-o", "feeds", "-f", "csv"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("3 amounts do not fit"),
        "{}",
        stderr(&o)
    );
    let issues = std::fs::read_to_string(dest.join("issues.csv")).unwrap();
    assert!(
        issues.contains("t3 records[0] basic,value,0.0000001,"),
        "{issues}"
    );
    assert!(issues.contains("more than 6 decimals"), "{issues}");
    assert!(
        issues.contains("t3 records[0] project,value_yuan,99999999999999999,"),
        "{issues}"
    );
    assert!(issues.contains("more than 18 integer digits"), "{issues}");
    let mut r = csv::Reader::from_path(dest.join("facts.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let idx = |n: &str| h.iter().position(|x| x == n).unwrap();
    let rows: Vec<csv::StringRecord> = r
        .records()
        .map(|x| x.unwrap())
        .filter(|x| &x[idx("table_id")] == "t3" && &x[idx("record")] == "0")
        .collect();
    let cell = |key: &str, col: &str| {
        rows.iter()
            .find(|x| &x[idx("column_key")] == key)
            .map(|x| x[idx(col)].to_string())
            .unwrap()
    };
    assert_eq!(cell("total", "value_yuan"), "0.01");
    assert_eq!(cell("basic", "value"), "", "NULL, not 0.000000");
    assert_eq!(cell("basic", "value_yuan"), "");
    assert_eq!(cell("basic", "text"), "0.0000001");
    assert_eq!(cell("project", "value"), "99999999999999999.000000");
    assert_eq!(cell("project", "value_yuan"), "");
}

/// A document JSON that cannot be read fails alone, named, and the others are exported;
/// a missing input folder is a usage error and writes nothing.
#[test]
fn bad_documents_fail_alone() {
    let t = TempDir::new("export-bad");
    t.write(
        "out/good.docx.json",
        &serde_json::to_vec_pretty(&seed_json()).unwrap(),
    );
    t.write(
        "out/sub/broken.pdf.json",
        b"{\"schema\": \"gongkai.document/1\", ",
    );
    let mut other = seed_json();
    other["schema"] = "gongkai.document/9".into();
    t.write("out/other.docx.json", &serde_json::to_vec(&other).unwrap());
    t.write("out/summary.json", b"{\"schema\": \"gongkai.summary/1\"}");
    let o = gongkai(t.path(), &["export", "out", "-o", "feeds", "-f", "jsonl"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("sub/broken.pdf.json: not a gongkai document"),
        "{err}"
    );
    assert!(
        err.contains("other.docx.json: schema is \"gongkai.document/9\""),
        "{err}"
    );
    assert!(err.contains("exported 1 documents (2 failed)"), "{err}");
    let docs = std::fs::read_to_string(t.join("feeds/documents.jsonl")).unwrap();
    assert_eq!(docs.lines().count(), 1);
    assert!(docs.contains("\"doc\":\"good.docx\""));
    // no temporary files left behind
    let names = files_under(&t.join("feeds"));
    assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");

    let o = gongkai(t.path(), &["export", "missing", "-o", "feeds2"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("missing is not a folder"),
        "{}",
        stderr(&o)
    );
    assert!(!t.join("feeds2").exists());
    let o = gongkai(t.path(), &["export", "feeds", "-o", "feeds3"]);
    assert_eq!(code(&o), 2, "a folder without document JSON");
    assert!(stderr(&o).contains("no document JSON"), "{}", stderr(&o));
}
