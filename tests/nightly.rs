//! Nightly batch operations, through the binary: incremental runs, resume after
//! kill -9, removed inputs, shards, interrupts, limits, JSON progress lines.
//! Inputs are copies of the repository's synthetic corpus .docx files (small,
//! fast, each with different content).

mod support;

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{TempDir, code, files_under, gongkai, noise, stderr, zip_of};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The corpus's synthetic .docx files, sorted.
fn corpus_docx() -> Vec<PathBuf> {
    let dir = root().join("corpus/synthetic");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    v.sort();
    v
}

/// `n` inputs `in/dNN/fNN.docx`, copies of the corpus docx files in turn.
fn make_inputs(t: &TempDir, n: usize) -> Vec<String> {
    let src = corpus_docx();
    (0..n)
        .map(|i| {
            let rel = format!("d{}/f{i:02}.docx", i % 3);
            t.write(
                &format!("in/{rel}"),
                &std::fs::read(&src[i % src.len()]).unwrap(),
            );
            rel
        })
        .collect()
}

fn run(t: &TempDir, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["extract", "in", "-o", "out", "--quiet"];
    args.extend_from_slice(extra);
    gongkai(t.path(), &args)
}

fn spawn(t: &TempDir, extra: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(t.path())
        .args(["extract", "in", "-o", "out", "--quiet"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn gongkai")
}

fn summary_at(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).expect("summary")).expect("summary JSON")
}

fn summary(t: &TempDir) -> Value {
    summary_at(&t.join("out/summary.json"))
}

fn counts(s: &Value) -> (u64, u64, u64, u64) {
    let n = |k: &str| s[k].as_u64().unwrap();
    (n("documents"), n("ok"), n("skipped"), n("failed"))
}

fn status_of(s: &Value, path: &str) -> String {
    s["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .map(|f| f["status"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{path} not in summary"))
}

/// Lines of the journal (complete ones).
fn journal_lines(t: &TempDir) -> usize {
    std::fs::read(t.join("out/.gongkai/state.jsonl"))
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

/// Every output JSON (relative path → bytes).
fn outputs(t: &TempDir) -> Vec<(String, Vec<u8>)> {
    files_under(&t.join("out"))
        .into_iter()
        .filter(|f| f.ends_with(".docx.json"))
        .map(|f| {
            let b = std::fs::read(t.join("out").join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

fn wait_until(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let t = Instant::now();
    while !cond() {
        assert!(t.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn unchanged_rerun_skips_every_document_and_changed_input_is_redone() {
    let t = TempDir::new("incr");
    let rels = make_inputs(&t, 6);
    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(counts(&summary(&t)), (6, 6, 0, 0));
    let first = outputs(&t);
    assert_eq!(first.len(), 6);

    // Unchanged: everything skipped, outputs untouched, the closing line says so.
    let o = gongkai(t.path(), &["extract", "in", "-o", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("6 documents: 0 ok, 0 failed, 6 skipped"),
        "{}",
        stderr(&o)
    );
    let s = summary(&t);
    assert_eq!(counts(&s), (6, 0, 6, 0));
    assert_eq!(s["interrupted"], false);
    assert_eq!(outputs(&t), first);

    // A changed input is redone; a touched but identical one (new mtime) is
    // still skipped (its hash matches); a deleted output is redone.
    let src = corpus_docx();
    let other = std::fs::read(src.last().unwrap()).unwrap();
    assert_ne!(other, std::fs::read(t.join("in").join(&rels[0])).unwrap());
    std::fs::write(t.join("in").join(&rels[0]), &other).unwrap();
    let same = std::fs::read(t.join("in").join(&rels[1])).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(t.join("in").join(&rels[1]), &same).unwrap();
    std::fs::remove_file(t.join("out").join(format!("{}.json", rels[2]))).unwrap();
    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let s = summary(&t);
    assert_eq!(counts(&s), (6, 2, 4, 0));
    assert_eq!(status_of(&s, &rels[0]), "ok");
    assert_eq!(status_of(&s, &rels[1]), "skipped");
    assert_eq!(status_of(&s, &rels[2]), "ok");
    let redone: Value = serde_json::from_slice(
        &std::fs::read(t.join("out").join(format!("{}.json", rels[0]))).unwrap(),
    )
    .unwrap();
    assert_eq!(redone["source"]["path"], rels[0].as_str());
    assert_eq!(
        redone["source"]["bytes"].as_u64().unwrap(),
        other.len() as u64,
        "the output is of the new content"
    );

    // An output edited by hand is not trusted: redone.
    let p = t.join("out").join(format!("{}.json", rels[3]));
    let mut b = std::fs::read(&p).unwrap();
    b.extend_from_slice(b" ");
    std::fs::write(&p, &b).unwrap();
    // --force redoes everything.
    let o = run(&t, &["--force"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(counts(&summary(&t)), (6, 6, 0, 0));
    let o = run(&t, &[]);
    assert_eq!(counts(&summary(&t)), (6, 0, 6, 0), "{}", stderr(&o));
}

#[test]
fn removed_input_output_is_removed_by_default_or_kept() {
    let t = TempDir::new("removed");
    let rels = make_inputs(&t, 4);
    assert_eq!(code(&run(&t, &[])), 0);
    std::fs::remove_file(t.join("in").join(&rels[1])).unwrap();
    let o = run(&t, &["--keep-removed"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(t.join("out").join(format!("{}.json", rels[1])).exists());
    assert_eq!(summary(&t)["removed"], serde_json::json!([]));
    assert!(
        stderr(&o).contains("kept (--keep-removed)"),
        "{}",
        stderr(&o)
    );

    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(!t.join("out").join(format!("{}.json", rels[1])).exists());
    let s = summary(&t);
    assert_eq!(s["removed"], serde_json::json!([rels[1]]));
    assert_eq!(counts(&s), (3, 0, 3, 0));
    // A file gongkai did not write is never removed.
    t.write("out/mine.txt", b"x");
    assert_eq!(code(&run(&t, &[])), 0);
    assert!(t.join("out/mine.txt").exists());
}

#[test]
fn shards_partition_the_inputs() {
    let t = TempDir::new("shards");
    let rels: BTreeSet<String> = make_inputs(&t, 12).into_iter().collect();
    let mut seen: Vec<String> = Vec::new();
    for i in 1..=3 {
        let shard = format!("{i}/3");
        let o = run(&t, &["--shard", &shard]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let s = summary_at(&t.join(&format!("out/summary.shard-{i}-of-3.json")));
        for f in s["files"].as_array().unwrap() {
            assert_eq!(f["status"], "ok");
            seen.push(f["path"].as_str().unwrap().to_string());
        }
    }
    let union: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(union.len(), seen.len(), "shards are disjoint: {seen:?}");
    assert_eq!(union, rels, "the union of the shards is the whole run");
    assert!(!t.join("out/summary.json").exists());
    // The whole run afterwards finds every shard's output valid.
    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(counts(&summary(&t)), (12, 0, 12, 0));
    // A shard run never removes another shard's outputs.
    assert_eq!(code(&run(&t, &["--shard", "1/3"])), 0);
    assert_eq!(outputs(&t).len(), 12);
    for bad in ["0/3", "4/3", "x"] {
        let o = run(&t, &["--shard", bad]);
        assert_eq!(code(&o), 2, "--shard {bad}");
        assert!(stderr(&o).contains("--shard"), "{}", stderr(&o));
    }
}

#[test]
fn kill_9_mid_batch_then_rerun_redoes_only_what_had_not_landed() {
    let t = TempDir::new("kill9");
    make_inputs(&t, 24);
    let mut child = spawn(&t, &["-j", "1", "--debug-sleep-ms", "150"]);
    wait_until("5 landed documents", Duration::from_secs(60), || {
        journal_lines(&t) >= 5
    });
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let landed = journal_lines(&t);
    assert!(landed < 24, "killed mid-batch ({landed} landed)");
    let names = files_under(&t.join("out"));
    assert!(
        !names.iter().any(|n| n.contains(".tmp-")),
        "no temp file: {names:?}"
    );
    assert!(!t.join("out/summary.json").exists());
    // Every output that is there is complete.
    let before = outputs(&t);
    assert!(before.len() >= landed);
    for (f, b) in &before {
        serde_json::from_slice::<Value>(b).unwrap_or_else(|e| panic!("{f} is complete JSON: {e}"));
    }

    let o = run(&t, &["-j", "2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (n, ok, skipped, failed) = counts(&summary(&t));
    assert_eq!((n, failed), (24, 0));
    assert_eq!(skipped as usize, landed, "what had landed is skipped");
    assert_eq!(ok as usize, 24 - landed);
    // The result is the same as a clean run's.
    let clean = TempDir::new("kill9-clean");
    make_inputs(&clean, 24);
    assert_eq!(code(&run(&clean, &[])), 0);
    assert_eq!(outputs(&t), outputs(&clean));
}

#[test]
fn a_journal_cut_mid_line_redoes_that_document_only() {
    let t = TempDir::new("cut");
    make_inputs(&t, 5);
    assert_eq!(code(&run(&t, &[])), 0);
    let j = t.join("out/.gongkai/state.jsonl");
    let text = std::fs::read(&j).unwrap();
    assert_eq!(journal_lines(&t), 5);
    std::fs::write(&j, &text[..text.len() - 40]).unwrap();
    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("1 damaged line(s) ignored"),
        "{}",
        stderr(&o)
    );
    assert_eq!(counts(&summary(&t)), (5, 1, 4, 0));
    // The journal is whole again.
    let o = run(&t, &[]);
    assert!(!stderr(&o).contains("damaged"), "{}", stderr(&o));
    assert_eq!(counts(&summary(&t)), (5, 0, 5, 0));
}

fn interrupt(signal: &str, expect: i32) {
    let t = TempDir::new(&format!("sig{signal}"));
    make_inputs(&t, 24);
    let mut child = spawn(&t, &["-j", "1", "--debug-sleep-ms", "150"]);
    wait_until("2 landed documents", Duration::from_secs(60), || {
        journal_lines(&t) >= 2
    });
    let st = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(expect), "exit code after SIG{signal}");
    let s = summary(&t);
    assert_eq!(s["interrupted"], true);
    let (n, ok, _, failed) = counts(&s);
    assert!((2..24).contains(&n), "stopped early: {n} documents");
    assert_eq!((ok, failed), (n, 0));
    assert_eq!(outputs(&t).len() as u64, n);
    assert!(
        !files_under(&t.join("out"))
            .iter()
            .any(|f| f.contains(".tmp-"))
    );
    // The next run does the rest.
    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(counts(&summary(&t)), (24, 24 - n, n, 0));
    assert_eq!(summary(&t)["interrupted"], false);
}

#[test]
fn sigint_writes_an_interrupted_summary_and_exits_130() {
    interrupt("INT", 130);
}

#[test]
fn sigterm_writes_an_interrupted_summary_and_exits_143() {
    interrupt("TERM", 143);
}

#[test]
fn a_document_past_the_timeout_fails_and_the_batch_ends() {
    let t = TempDir::new("timeout");
    make_inputs(&t, 2);
    let start = Instant::now();
    let o = run(
        &t,
        &["-j", "1", "--timeout", "0.3", "--debug-sleep-ms", "30000"],
    );
    // The abandoned documents would sleep 60 s in all: the run does not wait for them.
    assert!(
        start.elapsed() < Duration::from_secs(25),
        "the run waited for abandoned documents"
    );
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    let s = summary(&t);
    assert_eq!(counts(&s), (2, 0, 0, 2));
    for f in s["files"].as_array().unwrap() {
        let e = f["error"].as_str().unwrap();
        assert!(e.contains("timed out after 0.3 s"), "{e}");
    }
    assert!(outputs(&t).is_empty());
    assert!(stderr(&o).contains("timed out"), "{}", stderr(&o));
    for bad in ["0", "-1", "nan"] {
        assert_eq!(code(&run(&t, &["--timeout", bad])), 2, "--timeout {bad}");
    }
}

#[test]
fn a_file_over_max_file_mb_fails_without_being_read() {
    let t = TempDir::new("maxmb");
    make_inputs(&t, 1);
    t.write("in/big.pdf", &noise(1_500_000, 7));
    let o = run(&t, &["--max-file-mb", "1"]);
    assert_eq!(code(&o), 3, "{}", stderr(&o));
    let s = summary(&t);
    assert_eq!(counts(&s), (2, 1, 0, 1));
    let big = &s["files"].as_array().unwrap()[0];
    assert_eq!(big["path"], "big.pdf");
    assert_eq!(
        big["error"],
        "too large on disk: 1.5 MB (limit 1 MB, --max-file-mb)"
    );
    // With the default limit it is read (and fails as the garbage it is).
    let o = run(&t, &[]);
    assert_eq!(code(&o), 3);
    let e = summary(&t)["files"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!e.contains("too large"), "{e}");
}

#[test]
fn log_format_json_writes_one_line_per_document() {
    let t = TempDir::new("logjson");
    let rels = make_inputs(&t, 3);
    t.write("in/bad.docx", b"not a zip");
    let o = run(&t, &["--log-format", "json"]);
    assert_eq!(code(&o), 3);
    let lines: Vec<Value> = stderr(&o)
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(lines.len(), 4, "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("gongkai: error:"),
        "errors are in the JSON lines"
    );
    for l in &lines {
        let keys: Vec<&String> = l.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["path", "status", "ms", "error"]);
        assert!(l["ms"].is_u64());
    }
    assert_eq!(lines[0]["path"], "bad.docx");
    assert_eq!(lines[0]["status"], "failed");
    assert!(lines[0]["error"].as_str().unwrap().contains("not a zip"));
    for (l, r) in lines[1..].iter().zip(&rels) {
        assert_eq!(l["path"], r.as_str());
        assert_eq!(l["status"], "ok");
        assert!(l["error"].is_null());
    }
    let o = run(&t, &["--log-format", "json"]);
    let statuses: Vec<String> = stderr(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["status"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(statuses, ["failed", "skipped", "skipped", "skipped"]);
}

#[test]
fn a_zip_bomb_is_too_large_when_decompressed() {
    let t = TempDir::new("bomb");
    let xml = " ".repeat(100 << 20);
    let bomb = zip_of(&[
        ("[Content_Types].xml", "<Types/>"),
        ("word/document.xml", &xml),
    ]);
    drop(xml);
    assert!(bomb.len() < 1 << 20, "{} bytes compressed", bomb.len());
    t.write("in/bomb.docx", &bomb);
    let o = run(&t, &[]);
    assert_eq!(code(&o), 3);
    let e = summary(&t)["files"][0]["error"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        e.starts_with("too large when decompressed: word/document.xml"),
        "{e}"
    );
}

#[test]
fn a_second_run_into_the_same_out_is_refused_while_the_first_runs() {
    let t = TempDir::new("lock");
    make_inputs(&t, 6);
    let mut child = spawn(&t, &["-j", "1", "--debug-sleep-ms", "300"]);
    wait_until("a landed document", Duration::from_secs(60), || {
        journal_lines(&t) >= 1
    });
    let o = run(&t, &[]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is in use by another gongkai extract"),
        "{}",
        stderr(&o)
    );
    // Another shard may run at the same time (its own journal and lock).
    let o = run(&t, &["--shard", "1/2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    child.kill().unwrap();
    child.wait().unwrap();
    // The kill released the lock.
    let o = run(&t, &[]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(counts(&summary(&t)).0, 6);
}
