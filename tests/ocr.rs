//! Scanned PDFs through `extract --ocr` (tesseract + chi_sim, pdftoppm).
//!
//! The scanned corpus (`corpus-scanned/`, made by `scripts/make-scanned-corpus`:
//! corpus PDFs rendered at 200 dpi, slightly turned, with noise, JPEG q75,
//! image-only) is scored against the golden files of the source documents
//! (`corpus-scanned/manifest.tsv`): OCR is not exact, so the test measures
//! cell accuracy (codes, names and amounts of every golden table record) and
//! amount accuracy, prints them per document and asserts a floor (the
//! measured value minus a small margin). Bad inputs: a corrupt image stream,
//! an image-only page with no text, a text PDF with --ocr (never OCR'd),
//! missing programs.
//!
//! The tests that run tesseract skip with a message when it (or chi_sim, or
//! pdftoppm) is missing; with `CI=true` they fail (`.ci/run` installs
//! `tesseract-ocr tesseract-ocr-chi-sim` when absent).

mod support;

use gongkai::model::{Document, Record, TableOut};
use lopdf::{Object, Stream, dictionary};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use support::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// tesseract with chi_sim and pdftoppm are installed; otherwise skip (false)
/// with a message, or fail under CI=true.
fn ocr_tools() -> bool {
    let ok = |prog: &str, arg: &str, needle: &str| {
        std::process::Command::new(prog)
            .arg(arg)
            .output()
            .is_ok_and(|o| {
                o.status.success()
                    && (String::from_utf8_lossy(&o.stdout) + String::from_utf8_lossy(&o.stderr))
                        .contains(needle)
            })
    };
    if ok("tesseract", "--list-langs", "chi_sim") && ok("pdftoppm", "-v", "pdftoppm") {
        return true;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "CI=true but tesseract with chi_sim or pdftoppm is missing (.ci/run installs tesseract-ocr tesseract-ocr-chi-sim poppler-utils)"
        );
    }
    eprintln!(
        "skipped: tesseract with chi_sim and pdftoppm are needed (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils)"
    );
    false
}

/// Sides compared in one place (the side's type may change).
fn same_side(a: &Record, b: &Record) -> bool {
    a.side == b.side
}

fn amount_eq(golden: &str, actual: Option<&str>) -> bool {
    let Some(actual) = actual else {
        return false;
    };
    match (Decimal::from_str(golden), Decimal::from_str(actual)) {
        (Ok(g), Ok(a)) => g == a,
        _ => golden == actual,
    }
}

/// The actual table standing for a golden one: same number, else same
/// title, else same id.
fn counterpart<'a>(g: &TableOut, actual: &'a Document) -> Option<&'a TableOut> {
    let by = |f: &dyn Fn(&TableOut) -> bool| actual.tables.iter().find(|t| f(t));
    g.number
        .as_ref()
        .and_then(|n| by(&|t| t.number.as_ref() == Some(n)))
        .or_else(|| {
            g.title
                .as_ref()
                .and_then(|ti| by(&|t| t.title.as_ref() == Some(ti)))
        })
        .or_else(|| by(&|t| t.id == g.id))
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    cells: usize,
    cells_exact: usize,
    amounts: usize,
    amounts_exact: usize,
}

impl Score {
    fn add(&mut self, o: Score) {
        self.cells += o.cells;
        self.cells_exact += o.cells_exact;
        self.amounts += o.amounts;
        self.amounts_exact += o.amounts_exact;
    }
    fn cell_rate(&self) -> f64 {
        self.cells_exact as f64 / self.cells.max(1) as f64
    }
    fn amount_rate(&self) -> f64 {
        self.amounts_exact as f64 / self.amounts.max(1) as f64
    }
}

/// Cells of every golden record: its code and name (when printed) and every
/// non-null value; exact when the OCR document's counterpart record (same
/// code, name and side, else the record at the same index of the counterpart
/// table) has the same text (amounts: the same decimal).
fn score(golden: &Document, actual: &Document) -> Score {
    let mut s = Score::default();
    for gt in &golden.tables {
        let at = counterpart(gt, actual);
        for (i, gr) in gt.records.iter().enumerate() {
            let ar = at.and_then(|t| {
                t.records
                    .iter()
                    .find(|r| r.code == gr.code && r.name == gr.name && same_side(r, gr))
                    .or_else(|| t.records.get(i))
            });
            for (g, a) in [
                (gr.code.as_deref(), ar.and_then(|r| r.code.as_deref())),
                (gr.name.as_deref(), ar.and_then(|r| r.name.as_deref())),
            ] {
                if let Some(g) = g {
                    s.cells += 1;
                    s.cells_exact += usize::from(Some(g) == a);
                }
            }
            for (key, v) in &gr.values.0 {
                let Some(v) = v else { continue };
                let a = ar
                    .and_then(|r| r.values.get(key))
                    .and_then(|v| v.as_deref());
                let exact = usize::from(amount_eq(v, a));
                s.cells += 1;
                s.cells_exact += exact;
                s.amounts += 1;
                s.amounts_exact += exact;
            }
        }
    }
    s
}

/// (scan, golden) pairs of the manifest.
fn manifest() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(root().join("corpus-scanned/manifest.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_string(), f[4].to_string())
        })
        .collect()
}

/// Measured on this corpus (tesseract 5.3.0, chi_sim of Debian bookworm), see
/// README: per document (cells exact, amounts exact), each asserted minus
/// [`MARGIN`]; a new tesseract may read differently, hence the margin.
const MEASURED: &[(&str, f64, f64)] = &[
    ("seed-changji-2022.pdf", 0.670, 0.690),
    ("fa_000.pdf", 0.857, 0.858),
    ("fa_001.pdf", 0.899, 0.888),
    ("sh_000.pdf", 0.930, 0.933),
    ("sh_001.pdf", 0.871, 0.860),
    ("nat_018.pdf", 0.892, 0.913),
];
const MEASURED_OVERALL: (f64, f64) = (0.848, 0.857);
const MARGIN: f64 = 0.03;

#[test]
fn scanned_corpus_meets_the_cell_accuracy_floor() {
    if !ocr_tools() {
        return;
    }
    let t = TempDir::new("ocr-corpus");
    let started = std::time::Instant::now();
    let o = gongkai(
        &root(),
        &[
            "extract",
            "corpus-scanned",
            "-o",
            t.path().to_str().unwrap(),
            "--ocr",
            "--quiet",
        ],
    );
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut total = Score::default();
    let mut pages = 0;
    let mut report = String::from(
        "scan                     pages  cells exact/total   amounts exact/total   F1\n",
    );
    for (scan, golden_rel) in manifest() {
        let actual = gongkai::compare::load(&t.join(&format!("{scan}.json"))).unwrap();
        let golden = gongkai::compare::load(&root().join(&golden_rel)).unwrap();
        // every page and the document are marked as OCR readings
        let n_pages = actual.source.pages.unwrap_or(0);
        let ocr_pages = actual
            .warnings
            .iter()
            .filter(|w| w.code == "ocr" && w.at.is_some())
            .count();
        assert_eq!(ocr_pages as u32, n_pages, "{scan}: an ocr warning per page");
        assert!(
            actual
                .warnings
                .iter()
                .any(|w| w.code == "ocr" && w.at.is_none()),
            "{scan}: the document is marked as read by OCR"
        );
        // no finding of an OCR document passes unflagged
        let flagged = actual
            .warnings
            .iter()
            .filter(|w| w.code == "ocr_check_failed")
            .count();
        assert_eq!(
            flagged,
            actual.checks.len(),
            "{scan}: every finding is an ocr_check_failed warning"
        );
        pages += n_pages;
        let s = score(&golden, &actual);
        let f1 = gongkai::compare::compare_pair(&scan, &golden, Some(&actual))
            .score
            .f1;
        report.push_str(&format!(
            "{scan:<24} {:>5}  {:>5}/{:<5} {:>6.1}%   {:>5}/{:<5} {:>6.1}%   {f1:.3}\n",
            n_pages,
            s.cells_exact,
            s.cells,
            100.0 * s.cell_rate(),
            s.amounts_exact,
            s.amounts,
            100.0 * s.amount_rate()
        ));
        let (_, cells_floor, amounts_floor) = MEASURED
            .iter()
            .find(|m| m.0 == scan)
            .copied()
            .unwrap_or_else(|| panic!("{scan}: no measured accuracy in MEASURED"));
        assert!(
            s.cell_rate() >= cells_floor - MARGIN && s.amount_rate() >= amounts_floor - MARGIN,
            "{scan}: cells {:.3} (measured {cells_floor}), amounts {:.3} (measured {amounts_floor})\n{report}",
            s.cell_rate(),
            s.amount_rate()
        );
        total.add(s);
    }
    report.push_str(&format!(
        "overall                  {pages:>5}  {:>5}/{:<5} {:>6.1}%   {:>5}/{:<5} {:>6.1}%\n{pages} pages in {secs:.1} s ({:.2} pages/s)\n",
        total.cells_exact,
        total.cells,
        100.0 * total.cell_rate(),
        total.amounts_exact,
        total.amounts,
        100.0 * total.amount_rate(),
        pages as f64 / secs
    ));
    eprintln!("{report}");
    assert!(
        total.cell_rate() >= MEASURED_OVERALL.0 - MARGIN
            && total.amount_rate() >= MEASURED_OVERALL.1 - MARGIN,
        "{report}"
    );
}

/// A one-page PDF whose page shows one image XObject over the whole page.
fn image_pdf(image: Stream) -> Vec<u8> {
    let mut doc = lopdf::Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let img = doc.add_object(image);
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content,
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => img } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn gray_image(w: i64, h: i64, filter: Option<&str>, data: Vec<u8>) -> Stream {
    let mut d = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
    };
    if let Some(f) = filter {
        d.set("Filter", Object::Name(f.as_bytes().to_vec()));
    }
    Stream::new(d, data).with_compression(false)
}

/// Extract `files` (name, bytes) with `args`; (exit code, stderr, folder).
fn run(
    name: &str,
    files: &[(&str, Vec<u8>)],
    args: &[&str],
    path: Option<&Path>,
) -> (i32, String, TempDir) {
    let t = TempDir::new(name);
    for (rel, bytes) in files {
        t.write(&format!("in/{rel}"), bytes);
    }
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gongkai"));
    cmd.current_dir(t.path())
        .args(["extract", "in", "-o", "out", "--quiet"])
        .args(args);
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    let o = cmd.output().unwrap();
    (code(&o), stderr(&o), t)
}

#[test]
fn without_ocr_a_scan_keeps_the_no_text_error() {
    let blank = image_pdf(gray_image(40, 56, None, vec![255; 40 * 56]));
    let (code, err, _t) = run("ocr-off", &[("scan.pdf", blank)], &[], None);
    assert_eq!(code, 3);
    assert!(
        err.contains(
            "scan.pdf: PDF has no text layer (a scanned image?): nothing to extract without OCR"
        ),
        "{err}"
    );
}

#[test]
fn missing_programs_are_named_with_their_packages() {
    let blank = image_pdf(gray_image(40, 56, None, vec![255; 40 * 56]));
    let text_pdf = std::fs::read(root().join("corpus/synthetic/fa_000.pdf")).unwrap();
    let empty = TempDir::new("ocr-nopath");
    let (code, err, t) = run(
        "ocr-missing",
        &[("scan.pdf", blank), ("text.pdf", text_pdf.clone())],
        &["--ocr"],
        Some(empty.path()),
    );
    assert_eq!(code, 3, "{err}");
    assert!(
        err.contains("scan.pdf: OCR of a scanned PDF failed: the `tesseract` program is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"),
        "{err}"
    );
    // the text PDF needs no program: --ocr never OCRs a file with a text layer
    assert!(!err.contains("text.pdf"), "{err}");
    let with_ocr = std::fs::read(t.join("out/text.pdf.json")).unwrap();
    let (code, _, plain) = run("ocr-plain", &[("text.pdf", text_pdf)], &[], None);
    assert_eq!(code, 0);
    assert_eq!(
        with_ocr,
        std::fs::read(plain.join("out/text.pdf.json")).unwrap(),
        "--ocr changes nothing for a PDF with text"
    );
    // --ocr-lang without --ocr is a usage error
    let (code, err, _) = run("ocr-lang", &[], &["--ocr-lang", "eng"], None);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn bad_scans_fail_alone_with_a_reason() {
    if !ocr_tools() {
        return;
    }
    // a blank page image: OCR finds nothing
    let blank = image_pdf(gray_image(400, 566, None, vec![255; 400 * 566]));
    // a JPEG stream that is not a JPEG
    let corrupt = image_pdf(gray_image(
        400,
        566,
        Some("DCTDecode"),
        b"not a jpeg at all".repeat(50),
    ));
    // a missing language pack
    let (code, err, t) = run(
        "ocr-bad",
        &[("blank.pdf", blank.clone()), ("corrupt.pdf", corrupt)],
        &["--ocr"],
        None,
    );
    assert_eq!(code, 3, "{err}");
    for name in ["blank.pdf", "corrupt.pdf"] {
        assert!(
            err.contains(&format!(
                "{name}: OCR of a scanned PDF failed: no text found on any of the 1 page image(s)"
            )),
            "{name}: {err}"
        );
        assert!(!t.join(&format!("out/{name}.json")).exists());
    }
    assert!(!err.contains("panic"), "{err}");
    let (code, err, _) = run(
        "ocr-lang-missing",
        &[("blank.pdf", blank)],
        &["--ocr", "--ocr-lang", "zz_none"],
        None,
    );
    assert_eq!(code, 3);
    assert!(
        err.contains(
            "tesseract has no language data 'zz_none' (apt-get install tesseract-ocr-zz-none)"
        ),
        "{err}"
    );
}
