//! `gongkai report` over the extracted corpus, checked from the DOM of a real browser:
//! headless Chromium loads the pages from `file://`, runs their JS, and dumps the DOM; the
//! test then finds every table of golden documents with its spans and cell text, the
//! highlighted findings, the index filter at work, and hostile cell text staying text.
//!
//! Chromium is the Debian package `chromium` (`.ci/run` installs it). Locally the browser
//! part is skipped with a message when it is absent; with `CI=true` a missing browser fails.

mod support;

use gongkai::model::Document;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::{TempDir, code, gongkai, stderr};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GONGKAI_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// The browser, or `None` (skip) locally; a missing browser fails under CI.
fn browser_or_skip() -> Option<PathBuf> {
    match chromium() {
        Some(p) => Some(p),
        None if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but chromium is not installed (.ci/run installs the Debian package)")
        }
        None => {
            eprintln!(
                "skipping the browser checks: chromium is not installed \
                 (apt-get install -y --no-install-recommends chromium)"
            );
            None
        }
    }
}

/// Load `url` in headless Chromium and return the DOM after the page's scripts ran.
fn dump_dom(browser: &Path, url: &str, profile: &Path) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut out = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut out, &mut s).map(|_| s)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if child.try_wait().expect("wait chromium").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish loading {url} within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = reader.join().expect("reader").expect("chromium output");
    assert!(
        dom.contains("</html>"),
        "chromium printed no DOM for {url}:\n{dom}"
    );
    dom
}

fn file_url(p: &Path) -> String {
    let abs = std::fs::canonicalize(p).expect("absolute path");
    format!(
        "file://{}",
        gongkai::report::url_path(&abs.to_string_lossy())
    )
}

// --- A small reader of serialized HTML: enough for the tags the report writes. ----------

/// Text of an HTML fragment with the entities that serializers write decoded.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every start tag named `name` in `html`: (attributes, offset just after the tag).
fn tags(html: &str, name: &str) -> Vec<(Vec<(String, String)>, usize)> {
    let open = format!("<{name}");
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(k) = html[i..].find(&open) {
        let start = i + k + open.len();
        let next = html[start..].chars().next();
        if !matches!(next, Some(' ') | Some('>')) {
            i = start;
            continue;
        }
        let (attrs, end) = attributes(&html[start..]);
        out.push((attrs, start + end));
        i = start + end;
    }
    out
}

/// Attributes of a start tag (text after the name) and the length up to and including `>`.
fn attributes(s: &str) -> (Vec<(String, String)>, usize) {
    let b = s.as_bytes();
    let mut attrs = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'>' => return (attrs, i + 1),
            b' ' | b'\n' | b'/' => i += 1,
            _ => {
                let n0 = i;
                while i < b.len() && !matches!(b[i], b'=' | b' ' | b'>') {
                    i += 1;
                }
                let name = s[n0..i].to_string();
                let mut value = String::new();
                if i < b.len() && b[i] == b'=' {
                    i += 1;
                    if b[i] == b'"' {
                        let v0 = i + 1;
                        let v1 = v0 + s[v0..].find('"').expect("closing quote");
                        value = unescape(&s[v0..v1]);
                        i = v1 + 1;
                    } else {
                        let v0 = i;
                        while i < b.len() && !matches!(b[i], b' ' | b'>') {
                            i += 1;
                        }
                        value = unescape(&s[v0..i]);
                    }
                }
                attrs.push((name, value));
            }
        }
    }
    (attrs, b.len())
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// One grid cell as found in the page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Cell {
    row: usize,
    col: usize,
    rowspan: usize,
    colspan: usize,
    text: String,
}

/// Grid cells of `<table class="grid" data-table=ID>` in a page, blank slots left out,
/// plus the classes and badge links of each cell (by its id).
struct GridDom {
    cells: BTreeSet<Cell>,
    classes: Vec<(String, String, String)>,
}

fn grid(html: &str, table: &str) -> Option<GridDom> {
    let (_, at) = tags(html, "table")
        .into_iter()
        .find(|(a, _)| attr(a, "data-table") == Some(table))?;
    let end = at + html[at..].find("</table>").expect("table end");
    let body = &html[at..end];
    let mut cells = BTreeSet::new();
    let mut classes = Vec::new();
    for tag in ["th", "td"] {
        for (a, after) in tags(body, tag) {
            let class = attr(&a, "class").unwrap_or("").to_string();
            let inner_end = after + body[after..].find(&format!("</{tag}>")).expect("cell end");
            let inner = &body[after..inner_end];
            let (text, badges) = match inner.find("<a class=\"badge\"") {
                Some(b) => (&inner[..b], inner[b..].to_string()),
                None => (inner, String::new()),
            };
            classes.push((
                attr(&a, "id").unwrap_or("").to_string(),
                class.clone(),
                badges,
            ));
            if class.split(' ').any(|c| c == "blank") {
                continue;
            }
            let num = |k: &str| attr(&a, k).map(|v| v.parse::<usize>().expect(k));
            cells.insert(Cell {
                row: num("data-row").expect("data-row"),
                col: num("data-col").expect("data-col"),
                rowspan: num("rowspan").unwrap_or(1),
                colspan: num("colspan").unwrap_or(1),
                text: unescape(text),
            });
        }
    }
    Some(GridDom { cells, classes })
}

fn golden(rel: &str) -> Document {
    let p = root().join("golden").join(format!("{rel}.json"));
    serde_json::from_slice(&std::fs::read(&p).expect("golden file")).expect("golden JSON")
}

fn extracted(out: &Path, rel: &str) -> Document {
    let p = out.join(format!("{rel}.json"));
    serde_json::from_slice(&std::fs::read(&p).expect("extracted file")).expect("extracted JSON")
}

/// Every table of the golden document is in the page (same id, title), each with exactly the
/// cells and spans of the extracted grid it renders (the compare proves the extraction against
/// the golden facts; synthetic goldens carry the generator's grid, not the PDF's), and every
/// finding that points at a cell highlights that cell with a link to the finding.
fn check_page(html: &str, rel: &str, out: &Path) {
    let gold = golden(rel);
    let g = extracted(out, rel);
    assert!(
        !gold.tables.is_empty(),
        "{rel}: a golden document with tables"
    );
    for t in &gold.tables {
        let title = t.title.as_deref().unwrap_or("");
        assert!(
            tags(html, "section")
                .iter()
                .any(|(a, _)| attr(a, "id") == Some(t.id.as_str())),
            "{rel}: golden table {} has its section",
            t.id
        );
        assert!(
            unescape(html).contains(title),
            "{rel}: golden table {} title {title}",
            t.id
        );
    }
    assert_eq!(gold.checks.len(), g.checks.len(), "{rel}: findings");
    for t in &g.tables {
        let dom = grid(html, &t.id).unwrap_or_else(|| panic!("{rel}: table {} missing", t.id));
        let want: BTreeSet<Cell> = t
            .grid
            .cells
            .iter()
            .map(|c| Cell {
                row: c.row,
                col: c.col,
                rowspan: c.rowspan,
                colspan: c.colspan,
                text: c.text.clone(),
            })
            .collect();
        assert_eq!(dom.cells, want, "{rel} {}: grid cells and spans", t.id);
    }
    let mut highlighted = 0;
    for (n, c) in g.checks.iter().enumerate() {
        for at in &c.at {
            let (Some(tid), Some(rec), Some(col)) = (
                at.get("table").and_then(|v| v.as_str()),
                at.get("record").and_then(|v| v.as_u64()),
                at.get("column").and_then(|v| v.as_str()),
            ) else {
                continue;
            };
            let t = g.tables.iter().find(|t| t.id == tid).expect("table");
            let r = &t.records[rec as usize];
            let k = t
                .columns
                .iter()
                .find(|x| x.key == col && x.side == r.side)
                .expect("column")
                .col;
            let dom = grid(html, tid).expect("table");
            let id = format!("{tid}-r{}-c{k}", r.row);
            let (_, class, badges) = dom
                .classes
                .iter()
                .find(|(i, _, _)| *i == id)
                .unwrap_or_else(|| panic!("{rel}: cell {id} of finding {n}"));
            assert!(
                class.contains(&format!("sev-{}", c.severity)),
                "{rel}: cell {id} highlighted for finding {n}: class {class:?}"
            );
            assert!(
                badges.contains(&format!("href=\"#f{n}\"")),
                "{rel}: cell {id} links finding {n}: {badges}"
            );
            highlighted += 1;
        }
    }
    // Findings about figures or the text only (a rounding notice of a 政府采购 breakdown) point
    // at no cell.
    let cell_findings = g
        .checks
        .iter()
        .any(|c| c.at.iter().any(|a| a.get("column").is_some()));
    assert!(
        highlighted > 0 || !cell_findings,
        "{rel}: no cell finding checked"
    );
}

#[test]
fn report_over_the_corpus_in_a_browser() {
    let t = TempDir::new("report-browser");
    let out = t.join("out");
    let o = gongkai(
        root(),
        &["extract", "corpus", "-o", out.to_str().unwrap(), "--quiet"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Hostile text in a document and a failed file in a second extracted folder.
    let mut evil = golden("seed/changji-finance-office-2022.docx");
    evil.source.path = "evil.docx".into();
    evil.tables[0].grid.cells[0].text = "<script>document.documentElement.setAttribute('data-pwned','script')</script><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">".into();
    evil.document.title = Some("</title><script>alert(1)</script>".into());
    t.write(
        "out/hostile/evil.docx.json",
        &serde_json::to_vec_pretty(&evil).unwrap(),
    );
    t.write(
        "out/hostile/summary.json",
        br#"{"schema":"gongkai.summary/1","documents":2,"ok":1,"failed":1,"files":[
            {"path":"evil.docx","status":"ok","error":null,"ms":1},
            {"path":"scan.pdf","status":"failed","error":"no text layer (a scanned image?)","ms":1}]}"#,
    );
    // The golden files of the repository's corpus (golden/real and golden/real-other need
    // ../shared; only the corpus is extracted here).
    let gold = t.join("golden");
    for rel in support::files_under(&root().join("golden")) {
        if !rel.starts_with("real/") && !rel.starts_with("real-other/") {
            let dst = gold.join(&rel);
            std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
            std::fs::copy(root().join("golden").join(&rel), dst).unwrap();
        }
    }
    // One golden value changed, so that the compare has a difference to show.
    let tampered = gold.join("seed/changji-finance-office-2022.docx.json");
    let mut g: Document = serde_json::from_slice(&std::fs::read(&tampered).unwrap()).unwrap();
    let rec = &mut g.tables[2].records[0];
    let (key, _) = rec.values.0[0].clone();
    rec.values.0[0].1 = Some("999.99".into());
    std::fs::write(&tampered, serde_json::to_vec_pretty(&g).unwrap()).unwrap();
    let site = t.join("site");
    let o = gongkai(
        root(),
        &[
            "report",
            out.to_str().unwrap(),
            "-o",
            site.to_str().unwrap(),
            "--compare",
            gold.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));

    // The same bytes with one thread.
    let site1 = t.join("site-1");
    let o = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(root())
        .env("RAYON_NUM_THREADS", "1")
        .args([
            "report",
            out.to_str().unwrap(),
            "-o",
            site1.to_str().unwrap(),
        ])
        .args(["--compare", gold.to_str().unwrap()])
        .output()
        .expect("run gongkai");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let pages = support::files_under(&site);
    assert_eq!(pages, support::files_under(&site1));
    for f in &pages {
        assert!(
            std::fs::read(site.join(f)).unwrap() == std::fs::read(site1.join(f)).unwrap(),
            "{f}: same bytes at any thread count"
        );
    }
    // Every extracted document has its page; every golden one of the corpus is checked
    // from the HTML as written (tables, spans, highlighted findings).
    let docs: Vec<String> = support::files_under(&out)
        .into_iter()
        .filter(|f| f.ends_with(".json") && !f.ends_with("summary.json"))
        .collect();
    // Every document of the corpus that extracted (its summary says how many, whatever the
    // corpus holds today) and the hostile one written above.
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    let extracted = summary["ok"].as_u64().expect("summary ok count") as usize;
    assert!(extracted > 300, "the whole corpus extracted: {extracted}");
    assert_eq!(summary["failed"], 0);
    assert_eq!(docs.len(), extracted + 1);
    for f in &docs {
        let rel = f.strip_suffix(".json").unwrap();
        let page = site.join(format!("docs/{rel}.html"));
        let html = std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("{rel}: no page"));
        if root().join("golden").join(f).is_file() {
            check_page(&html, rel, &out);
        }
    }
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains("hostile&#x2f;scan.pdf"));
    assert!(index.contains("no text layer (a scanned image?)"));
    // The difference is on the document's page, beside its table, golden vs actual.
    let page =
        std::fs::read_to_string(site.join("docs/seed/changji-finance-office-2022.docx.html"))
            .unwrap();
    let t3 = page
        .split("<section class=\"table\" id=\"t3\">")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .expect("section t3");
    let diffs = t3
        .split("<div class=\"diffs\">")
        .nth(1)
        .expect("t3 has differences");
    assert!(
        diffs.contains(&format!(" {key}</td><td class=\"golden\">999.99</td>")),
        "{diffs}"
    );
    assert!(page.contains("<span class=\"status differ\">differ</span>"));
    assert!(index.contains("<span class=\"status differ\">differ</span>"));
    // The compare column: the other corpus documents match their golden files.
    assert!(index.contains(r#"<span class="status match">match</span>"#));

    let Some(browser) = browser_or_skip() else {
        return;
    };
    let profile = TempDir::new("report-chromium-profile");
    let started = Instant::now();
    for rel in [
        "seed/changji-finance-office-2022-lo.pdf",
        "synthetic/sh_013.pdf",
    ] {
        let dom = dump_dom(
            &browser,
            &file_url(&site.join(format!("docs/{rel}.html"))),
            profile.path(),
        );
        assert!(
            dom.contains("data-js=\"ready\""),
            "{rel}: the page's script ran"
        );
        check_page(&dom, rel, &out);
        // Figures in a finding are highlighted in the browser too.
        assert!(
            dom.contains("class=\"hl-error\""),
            "{rel}: a highlighted figure"
        );
    }
    // The index filter (from the URL, as a bookmark would) runs in the browser.
    let url = format!(
        "{}?q=changji-finance-office-2022-lo&status=ok",
        file_url(&site.join("index.html"))
    );
    let dom = dump_dom(&browser, &url, profile.path());
    assert!(dom.contains("data-js=\"ready\""));
    assert!(
        dom.contains("data-shown=\"2\""),
        "two documents pass the filter"
    );
    assert!(
        dom.contains(&format!("2 of {} shown", extracted + 2)),
        "the count says so: the corpus, the hostile document and the failed scan"
    );
    let url = format!("{}?status=failed", file_url(&site.join("index.html")));
    let dom = dump_dom(&browser, &url, profile.path());
    assert!(dom.contains("data-shown=\"1\""), "one failed file");
    // Hostile cell text stays text: nothing it holds ran or became an element.
    let dom = dump_dom(
        &browser,
        &file_url(&site.join("docs/hostile/evil.docx.html")),
        profile.path(),
    );
    assert!(dom.contains("data-js=\"ready\""));
    let html_tag = &tags(&dom, "html")[0].0;
    assert_eq!(attr(html_tag, "data-js"), Some("ready"));
    assert_eq!(
        attr(html_tag, "data-pwned"),
        None,
        "document text ran as script"
    );
    assert!(
        !dom.contains("<img src=\"x\""),
        "document text became an element"
    );
    let cells = grid(&dom, "t1").expect("t1").cells;
    assert!(
        cells
            .iter()
            .any(|c| c.text.starts_with("<script>document.documentElement")),
        "the cell shows the markup as text"
    );
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "only the page's own script"
    );
    eprintln!(
        "browser checks: 6 pages in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn report_usage_errors_name_the_folder() {
    let t = TempDir::new("report-usage");
    let missing = t.join("nope");
    let o = gongkai(
        root(),
        &[
            "report",
            missing.to_str().unwrap(),
            "-o",
            t.join("site").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("nope") && stderr(&o).contains("does not exist"),
        "{}",
        stderr(&o)
    );
    std::fs::create_dir_all(t.join("empty")).unwrap();
    let o = gongkai(
        root(),
        &[
            "report",
            t.join("empty").to_str().unwrap(),
            "-o",
            t.join("site").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("no extracted documents"),
        "{}",
        stderr(&o)
    );
    assert!(!t.join("site").exists(), "nothing written");
    // A corrupt summary.json and a corrupt document are listed, the rest goes on.
    t.write("in/summary.json", b"{");
    t.write("in/a.docx.json", b"not json");
    let o = gongkai(
        root(),
        &[
            "report",
            t.join("in").to_str().unwrap(),
            "-o",
            t.join("site").to_str().unwrap(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let index = std::fs::read_to_string(t.join("site/index.html")).unwrap();
    assert!(index.contains("not a gongkai summary"));
    assert!(index.contains("not a gongkai document"));
    assert_eq!(
        index.matches("<span class=\"status unreadable\">").count(),
        2
    );
}
