//! The `gongkai` command end to end: exit codes, batch layout, determinism,
//! compare and bless.

mod support;

use serde_json::Value;
use support::*;

fn summary(out: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(out.join("summary.json")).expect("summary.json");
    serde_json::from_str(&text).expect("summary parses")
}

#[test]
fn usage_errors_exit_2() {
    let t = TempDir::new("usage");
    t.write("empty-folder/notes.txt", b"x");
    t.write("a.pdf", b"");
    for args in [
        vec![],
        vec!["extract", "--no-such-flag"],
        vec!["extract", "-j", "0", "a.pdf"],
        vec!["extract", "missing-folder"],
        vec!["extract"], // default input `corpus` does not exist here
        vec!["extract", "empty-folder"],
        vec!["compare", "--golden", "missing", "--actual", "."],
        vec!["compare", "--golden", ".", "--actual", "missing"],
        vec!["show", "missing.json"],
        vec!["frobnicate"],
    ] {
        let o = gongkai(t.path(), &args);
        assert_eq!(code(&o), 2, "gongkai {args:?}: {}", stderr(&o));
        assert!(
            !stderr(&o).trim().is_empty(),
            "gongkai {args:?} explains itself"
        );
    }
    let o = gongkai(t.path(), &["extract", "missing-folder"]);
    assert!(
        stderr(&o).contains("missing-folder does not exist"),
        "{}",
        stderr(&o)
    );
    let o = gongkai(t.path(), &["extract", "empty-folder"]);
    assert!(
        stderr(&o).contains("no .docx or .pdf files found"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(".txt 1"), "{}", stderr(&o));
    // An output folder that cannot be created.
    t.write("file-not-folder", b"x");
    let o = gongkai(t.path(), &["extract", "a.pdf", "-o", "file-not-folder/out"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("not writable"), "{}", stderr(&o));
    // --help is not an error.
    assert_eq!(code(&gongkai(t.path(), &["--help"])), 0);
}

#[test]
fn summary_shape_and_order() {
    let t = TempDir::new("summary");
    // Failures that do not depend on any reader: empty files and an
    // unsupported extension named explicitly.
    t.write("in/z/b.pdf", b"");
    t.write("in/a.DOCX", b"");
    t.write("in/m.pdf", b"");
    t.write("in/.hidden.pdf", b"");
    t.write("in/old.txt", b"x");
    t.write("table.odt", b"x");
    let o = gongkai(
        t.path(),
        &["extract", "in", "table.odt", "-o", "out", "-j", "2"],
    );
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("extracted 4 documents: 0 ok, 4 failed"),
        "{err}"
    );
    assert!(
        err.contains("→ out; skipped 1 non-document file (.txt 1)"),
        "{err}"
    );

    let raw = std::fs::read_to_string(t.join("out/summary.json")).unwrap();
    // Contract key order.
    let pos = |k: &str| {
        raw.find(&format!("\"{k}\""))
            .unwrap_or_else(|| panic!("{k} in {raw}"))
    };
    assert!(pos("schema") < pos("documents") && pos("documents") < pos("ok"));
    assert!(pos("ok") < pos("failed") && pos("failed") < pos("files"));
    assert!(raw.ends_with("}\n"));
    let s = summary(&t.join("out"));
    assert_eq!(s["schema"], "gongkai.summary/1");
    assert_eq!(
        (
            s["documents"].as_u64(),
            s["ok"].as_u64(),
            s["failed"].as_u64()
        ),
        (Some(4), Some(0), Some(4))
    );
    let files = s["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a.DOCX", "m.pdf", "table.odt", "z/b.pdf"]);
    for f in files {
        let keys: Vec<&String> = f.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4);
        assert_eq!(f["status"], "failed");
        assert!(f["ms"].is_u64());
    }
    assert_eq!(files[0]["error"], "empty file (0 bytes)");
    assert_eq!(
        files[2]["error"],
        "unsupported format '.odt' (gongkai reads .docx, .pdf, .xlsx, .xls, .et, .doc and .wps)"
    );
    // Failed files write no JSON; only the summary is there.
    assert_eq!(files_under(&t.join("out")), ["summary.json"]);
}

#[test]
fn same_relative_path_from_two_roots_is_disambiguated() {
    let t = TempDir::new("collide");
    t.write("2023/a.pdf", b"");
    t.write("2024/a.pdf", b"");
    let o = gongkai(t.path(), &["extract", "2023", "2024", "-o", "out"]);
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).contains("share the relative path a.pdf"),
        "{}",
        stderr(&o)
    );
    let s = summary(&t.join("out"));
    let paths: Vec<&str> = s["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["2023/a.pdf", "2024/a.pdf"]);
}

/// Real PDFs from ../shared/real when present (the smallest few).
fn real_pdfs() -> Vec<std::path::PathBuf> {
    let dir = support::real::real_dir();
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!(
            "note: {} absent; -j test runs on generated files only",
            dir.display()
        );
        return vec![];
    };
    let mut pdfs: Vec<(u64, std::path::PathBuf)> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .map(|p| {
            (
                std::fs::metadata(&p).map(|m| m.len()).unwrap_or(u64::MAX),
                p,
            )
        })
        .collect();
    pdfs.sort();
    pdfs.into_iter().take(3).map(|(_, p)| p).collect()
}

#[test]
fn one_thread_and_two_threads_give_identical_outputs() {
    let t = TempDir::new("jobs");
    t.write("in/good.docx", &minimal_docx());
    t.write("in/sub/good.pdf", &minimal_pdf());
    t.write("in/empty.docx", b"");
    t.write("in/noise.pdf", &noise(500, 7));
    let mut args: Vec<String> = vec!["extract".into(), "in".into()];
    args.extend(real_pdfs().iter().map(|p| p.display().to_string()));
    let run = |out: &str, j: &str| {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.extend(["-o", out, "-j", j, "--quiet"]);
        let o = gongkai(t.path(), &a);
        assert!(matches!(code(&o), 0 | 3), "{}", stderr(&o));
        o
    };
    let (o1, o2) = (run("out1", "1"), run("out2", "2"));
    assert_eq!(code(&o1), code(&o2));
    assert!(
        !stderr(&o1).contains("extracted"),
        "--quiet prints no closing line"
    );
    let (f1, f2) = (files_under(&t.join("out1")), files_under(&t.join("out2")));
    assert_eq!(f1, f2);
    assert!(
        f1.iter().all(|f| !f.contains(".tmp")),
        "no temporary files left: {f1:?}"
    );
    for f in &f1 {
        let (a, b) = (
            std::fs::read(t.join("out1").join(f)).unwrap(),
            std::fs::read(t.join("out2").join(f)).unwrap(),
        );
        if f == "summary.json" {
            // Identical except the timings.
            let strip = |b: &[u8]| {
                let mut v: Value = serde_json::from_slice(b).unwrap();
                for f in v["files"].as_array_mut().unwrap() {
                    f["ms"] = Value::from(0);
                }
                v
            };
            assert_eq!(strip(&a), strip(&b));
        } else {
            assert!(a == b, "{f} differs between -j 1 and -j 2");
            let doc: Value = serde_json::from_slice(&a).unwrap();
            assert_eq!(doc["schema"], "gongkai.document/1");
        }
    }
    let s = summary(&t.join("out1"));
    let n = s["documents"].as_u64().unwrap() as usize;
    assert_eq!(n, 4 + real_pdfs().len());
    let ok = s["ok"].as_u64().unwrap() as usize;
    assert_eq!(
        f1.len(),
        ok + 1,
        "one JSON per ok document plus summary.json"
    );
}

#[test]
fn a_failed_rerun_removes_stale_output() {
    let t = TempDir::new("stale");
    t.write("in/a.pdf", b"");
    t.write("out/a.pdf.json", b"{\"old\": true}\n");
    let o = gongkai(t.path(), &["extract", "in", "-o", "out"]);
    assert_eq!(code(&o), 3);
    assert!(
        !t.join("out/a.pdf.json").exists(),
        "stale output of a failed file removed"
    );
}

// ---------------------------------------------------------------------------
// compare

/// `gongkai compare --golden golden --actual out EXTRA...` in `t`.
fn compare(t: &TempDir, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["compare", "--golden", "golden", "--actual", "out"];
    args.extend_from_slice(extra);
    gongkai(t.path(), &args)
}

fn write_doc(t: &TempDir, rel: &str, doc: &Value) {
    t.write(rel, serde_json::to_string_pretty(doc).unwrap().as_bytes());
}

#[test]
fn compare_equal_documents_exit_0() {
    let t = TempDir::new("cmp-equal");
    let d = document_json("a/x.docx");
    write_doc(&t, "golden/a/x.docx.json", &d);
    write_doc(&t, "out/a/x.docx.json", &d);
    t.write("golden/summary.json", b"not a document, ignored");
    let o = compare(&t, &[]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("a/x.docx"), "{out}");
    assert!(out.contains("overall: 1 documents: 1 match"), "{out}");
    assert!(
        out.contains("precision 1.0000, recall 1.0000, F1 1.0000"),
        "{out}"
    );
}

#[test]
fn compare_reports_a_changed_amount() {
    let t = TempDir::new("cmp-amount");
    let g = document_json("x.docx");
    let mut a = g.clone();
    a["tables"][0]["records"][0]["values"]["basic"] = Value::from("152.7");
    write_doc(&t, "golden/x.docx.json", &g);
    write_doc(&t, "out/x.docx.json", &a);
    let o = compare(&t, &["--report", "r.json"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("x.docx: t1 records[0] (合计) basic: golden 152.74, actual 152.7"),
        "{out}"
    );
    let r: Value = serde_json::from_slice(&std::fs::read(t.join("r.json")).unwrap()).unwrap();
    assert_eq!(r["schema"], "gongkai.compare/1");
    assert_eq!(r["exact"], false);
    let doc = &r["documents"][0];
    assert_eq!(doc["status"], "differ");
    assert_eq!(doc["differences"].as_array().unwrap().len(), 1);
    let score = &doc["score"];
    let (gf, af, m) = (
        score["golden_facts"].as_u64().unwrap(),
        score["actual_facts"].as_u64().unwrap(),
        score["matched"].as_u64().unwrap(),
    );
    assert_eq!(gf, af);
    assert_eq!(m, gf - 1);
    // The report is deterministic.
    let first = std::fs::read(t.join("r.json")).unwrap();
    compare(&t, &["--report", "r.json"]);
    assert_eq!(first, std::fs::read(t.join("r.json")).unwrap());
}

#[test]
fn compare_scale_difference_is_a_minor_match() {
    let t = TempDir::new("cmp-scale");
    let g = document_json("x.docx");
    let mut a = g.clone();
    a["tables"][0]["records"][1]["values"]["total"] = Value::from("50");
    write_doc(&t, "golden/x.docx.json", &g);
    write_doc(&t, "out/x.docx.json", &a);
    let o = compare(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(
        stdout(&o).contains(
            "minor: t1 records[1] (2010302 一般行政管理事务) total: golden 50.00, actual 50"
        ),
        "{}",
        stdout(&o)
    );
}

#[test]
fn compare_missing_and_structural_differences() {
    let t = TempDir::new("cmp-missing");
    let g = document_json("x.docx");
    write_doc(&t, "golden/x.docx.json", &g);
    write_doc(&t, "golden/y.pdf.json", &document_json("y.pdf"));
    // y.pdf failed in the actual run: its summary says why.
    t.write(
        "out/summary.json",
        br#"{"schema": "gongkai.summary/1", "documents": 2, "ok": 1, "failed": 1, "files": [
            {"path": "x.docx", "status": "ok", "error": null, "ms": 1},
            {"path": "y.pdf", "status": "failed", "error": "empty file (0 bytes)", "ms": 0}]}"#,
    );
    let mut a = g.clone();
    // A dropped record, a figure with another value, an extra table.
    a["tables"][0]["records"].as_array_mut().unwrap().remove(1);
    a["narrative"]["figures"][0]["value"] = Value::from("205.68");
    let mut extra = a["tables"][0].clone();
    extra["id"] = Value::from("t2");
    a["tables"].as_array_mut().unwrap().push(extra);
    write_doc(&t, "out/x.docx.json", &a);
    write_doc(&t, "out/z.docx.json", &document_json("z.docx"));
    let o = compare(&t, &[]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    println!("{out}");
    for line in [
        "x.docx: t1 records[1] (2010302 一般行政管理事务): golden (present), actual (missing)",
        "x.docx: figures[0] (revenue_total) value: golden 255.68, actual 205.68",
        "x.docx: t2: golden (missing), actual general_budget_expenditure 一般公共预算支出情况表",
        "y.pdf: missing: extraction failed: empty file (0 bytes)",
        "1 actual document(s) have no golden file",
    ] {
        assert!(out.contains(line), "expected {line:?} in:\n{out}");
    }
    assert!(
        out.contains("overall: 2 documents: 0 match, 1 differ, 1 missing"),
        "{out}"
    );
}

#[test]
fn bless_copies_actual_over_golden() {
    let t = TempDir::new("bless");
    let g = document_json("x.docx");
    let mut a = g.clone();
    a["tables"][0]["unit"] = Value::from("元");
    write_doc(&t, "golden/x.docx.json", &g);
    write_doc(&t, "golden/kept.pdf.json", &document_json("kept.pdf"));
    write_doc(&t, "out/x.docx.json", &a);
    write_doc(&t, "out/sub/new.docx.json", &document_json("sub/new.docx"));
    t.write("out/summary.json", b"{}");
    let o = compare(&t, &["--bless"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("x.docx: updated (1 differences, 0 minor)"),
        "{out}"
    );
    assert!(out.contains("sub/new.docx: added"), "{out}");
    assert!(out.contains("kept.pdf: kept"), "{out}");
    assert!(out.contains("git diff golden"), "{out}");
    assert_eq!(
        std::fs::read(t.join("golden/x.docx.json")).unwrap(),
        std::fs::read(t.join("out/x.docx.json")).unwrap()
    );
    assert!(t.join("golden/sub/new.docx.json").exists());
    assert!(
        !t.join("golden/summary.json").exists(),
        "summary.json is not a golden document"
    );
    // After blessing, compare agrees except for the kept document (still equal to itself? no actual).
    std::fs::remove_file(t.join("golden/kept.pdf.json")).unwrap();
    let o = compare(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn show_prints_an_extracted_json_without_colour_in_a_pipe() {
    let t = TempDir::new("show");
    write_doc(&t, "x.docx.json", &document_json("x.docx"));
    let o = gongkai(t.path(), &["show", "x.docx.json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    println!("{out}");
    assert!(!out.contains('\x1b'), "no colour in a pipe");
    for s in [
        "测试单位2022年部门预算公开",
        "t1 表3 一般公共预算支出情况表",
        "kind general_budget_expenditure   unit 万元",
        "columns: total=合计  basic=基本支出",
        "revenue_total",
        "服务实体经济专项业务经费",
    ] {
        assert!(out.contains(s), "{s:?} in:\n{out}");
    }
    // Grid alignment: the amount column is right-aligned under CJK text.
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.contains("205.68") || l.contains("2010302"))
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    let w = gongkai::show::display_width;
    let end_of = |l: &str, s: &str| w(&l[..l.find(s).unwrap() + s.len()]);
    assert_eq!(
        end_of(rows[0], "205.68"),
        end_of(rows[1], "50.00"),
        "{rows:?}"
    );
    // A document that cannot be extracted: one error line, exit 3.
    t.write("bad.pdf", b"");
    let o = gongkai(t.path(), &["show", "bad.pdf"]);
    assert_eq!(code(&o), 3);
    assert!(
        stderr(&o).contains("gongkai: error: bad.pdf: empty file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn compare_document_profile_and_project_fields() {
    let t = TempDir::new("cmp-fields");
    let mut g = document_json("x.docx");
    let extra = serde_json::json!({"name": "防范金融风险专项业务经费", "amount": "35", "unit": "万元",
        "basis": null, "executor": null, "period": null, "allocations": []});
    g["narrative"]["projects"]
        .as_array_mut()
        .unwrap()
        .push(extra);
    let mut a = g.clone();
    a["document"]["year"] = Value::from(2021);
    a["profile"]["staff_authorized"] = Value::from(13);
    a["narrative"]["projects"][0]["allocations"][0]["amount"] = Value::from("2.5");
    a["narrative"]["projects"].as_array_mut().unwrap().pop();
    write_doc(&t, "golden/x.docx.json", &g);
    write_doc(&t, "out/x.docx.json", &a);
    let o = compare(&t, &[]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    for line in [
        "x.docx: document year: golden 2022, actual 2021",
        "x.docx: profile.staff_authorized: golden 12, actual 13",
        "x.docx: projects[0] (服务实体经济专项业务经费) allocations[0] (企业培训费) amount: golden 2, actual 2.5",
        "x.docx: projects[1] (防范金融风险专项业务经费): golden (present), actual (missing)",
    ] {
        assert!(out.contains(line), "expected {line:?} in:\n{out}");
    }
    assert_eq!(
        out.lines().filter(|l| l.starts_with("x.docx: ")).count(),
        4,
        "{out}"
    );
}

#[test]
fn compare_scopes_to_common_documents_unless_require_all() {
    let t = TempDir::new("cmp-scope");
    write_doc(&t, "golden/x.docx.json", &document_json("x.docx"));
    write_doc(&t, "golden/real/y.pdf.json", &document_json("real/y.pdf"));
    write_doc(&t, "out/x.docx.json", &document_json("x.docx"));
    // By default: x is compared, real/y is counted as not compared.
    let o = compare(&t, &["--report", "r.json"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("overall: 1 documents: 1 match"), "{out}");
    assert!(
        out.contains("note: 1 golden document(s) not compared: no actual counterpart (--require-all fails on them): real/y.pdf"),
        "{out}"
    );
    let r: Value = serde_json::from_slice(&std::fs::read(t.join("r.json")).unwrap()).unwrap();
    assert_eq!(r["not_compared"], serde_json::json!(["real/y.pdf"]));
    // --require-all: real/y is missing and compare fails.
    let o = compare(&t, &["--require-all"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("overall: 2 documents: 1 match, 0 differ, 1 missing"),
        "{}",
        stdout(&o)
    );
    // A document the actual batch tried and failed (nested summary) is in common: missing.
    t.write(
        "out/real/summary.json",
        br#"{"schema": "gongkai.summary/1", "documents": 1, "ok": 0, "failed": 1, "files": [
            {"path": "y.pdf", "status": "failed", "error": "empty file (0 bytes)", "ms": 0}]}"#,
    );
    let o = compare(&t, &[]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(
        stdout(&o).contains("real/y.pdf: missing: extraction failed: empty file (0 bytes)"),
        "{}",
        stdout(&o)
    );
    // Nothing in common: a usage error, not a silent success.
    let t2 = TempDir::new("cmp-none");
    write_doc(&t2, "golden/real/y.pdf.json", &document_json("real/y.pdf"));
    std::fs::create_dir_all(t2.join("out")).unwrap();
    let o = compare(&t2, &[]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(
        stderr(&o).contains("no document in common"),
        "{}",
        stderr(&o)
    );
}
