//! The external programs: `pdftoppm` (poppler-utils) renders a page to a grey
//! PGM, `tesseract` reads it and prints TSV (one row per word with its box and
//! confidence). Each runs in a private temporary folder with a time limit;
//! `OMP_THREAD_LIMIT=1` keeps tesseract deterministic and on one core (the
//! batch already runs one document per core).

use crate::error::Error;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// One recognized word in pixel space, with its place in tesseract's reading
/// order (block, paragraph, line).
#[derive(Debug, Clone, PartialEq)]
pub struct TsvWord {
    pub line: (u32, u32, u32),
    pub left: i64,
    pub top: i64,
    pub width: i64,
    pub height: i64,
    /// 0..=100.
    pub conf: f32,
    pub text: String,
}

/// The words of tesseract's TSV output (level 5 rows with text), in its order.
/// Malformed rows are skipped.
pub fn parse_tsv(tsv: &str) -> Vec<TsvWord> {
    let mut out = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f[0] != "5" {
            continue;
        }
        let n = |i: usize| f[i].trim().parse::<i64>().ok();
        let (Some(block), Some(par), Some(line)) = (n(2), n(3), n(4)) else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height)) = (n(6), n(7), n(8), n(9)) else {
            continue;
        };
        let Ok(conf) = f[10].trim().parse::<f32>() else {
            continue;
        };
        let text = f[11..].join("\t").trim().to_string();
        if text.is_empty() || width <= 0 || height <= 0 || !conf.is_finite() {
            continue;
        }
        out.push(TsvWord {
            line: (block as u32, par as u32, line as u32),
            left,
            top,
            width,
            height,
            conf,
            text,
        });
    }
    out
}

/// A private temporary folder, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new() -> Result<TempDir, Error> {
        static N: AtomicU64 = AtomicU64::new(0);
        let p = std::env::temp_dir().join(format!(
            "gongkai-ocr-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&p)
            .map_err(|e| Error::Ocr(format!("cannot create a temporary folder: {e}")))?;
        Ok(TempDir(p))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Run a program to completion within `limit`; stdout and stderr go to files
/// in `dir` (no pipe can fill up). On time-out the child is killed.
/// Returns stderr's text on failure.
fn run(mut cmd: Command, dir: &Path, what: &str, limit: Duration) -> Result<(), Error> {
    let out = std::fs::File::create(dir.join("stdout.txt"))?;
    let err_path = dir.join("stderr.txt");
    let err = std::fs::File::create(&err_path)?;
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .spawn()
        .map_err(|e| Error::Ocr(format!("cannot run {what}: {e}")))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait()? {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Error::Ocr(format!(
                "{what} ran longer than {} s on one page and was stopped",
                limit.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    if status.success() {
        return Ok(());
    }
    let text = std::fs::read_to_string(&err_path).unwrap_or_default();
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    Err(Error::Ocr(format!(
        "{what} failed ({status}): {}",
        last.trim()
    )))
}

/// Render page `number` (1-based) of `pdf` to a grey PGM at `dpi`.
pub fn render_page(pdf: &Path, number: u32, dpi: u32, limit: Duration) -> Result<Vec<u8>, Error> {
    let dir = pdf.parent().unwrap_or(Path::new("."));
    let mut cmd = Command::new("pdftoppm");
    let n = number.to_string();
    cmd.args([
        "-gray",
        "-r",
        &dpi.to_string(),
        "-f",
        &n,
        "-l",
        &n,
        "-singlefile",
    ])
    .arg(pdf)
    .arg("page");
    run(cmd, dir, "pdftoppm", limit)?;
    let path = dir.join("page.pgm");
    let bytes = std::fs::read(&path)
        .map_err(|e| Error::Ocr(format!("pdftoppm wrote no image for page {number}: {e}")))?;
    let _ = std::fs::remove_file(path);
    Ok(bytes)
}

/// Run tesseract on a PGM image; its TSV output.
pub fn tesseract_tsv(
    dir: &Path,
    pgm: &[u8],
    lang: &str,
    dpi: u32,
    limit: Duration,
) -> Result<String, Error> {
    let img = dir.join("ocr.pgm");
    std::fs::write(&img, pgm)?;
    let mut cmd = Command::new("tesseract");
    cmd.env("OMP_THREAD_LIMIT", "1")
        .arg(&img)
        .arg("ocr")
        .args(["-l", lang, "--dpi", &dpi.to_string(), "--psm", "11"])
        .args(["-c", "preserve_interword_spaces=1", "tsv"]);
    run(cmd, dir, "tesseract", limit)?;
    let tsv = std::fs::read_to_string(dir.join("ocr.tsv"))
        .map_err(|e| Error::Ocr(format!("tesseract wrote no TSV: {e}")))?;
    Ok(tsv)
}

/// The tools, checked once per process: tesseract's version line and its
/// languages, and whether pdftoppm runs.
struct Tools {
    tesseract: Option<(String, Vec<String>)>,
    pdftoppm: bool,
}

fn tools() -> &'static Tools {
    static T: OnceLock<Tools> = OnceLock::new();
    T.get_or_init(|| {
        let output = |prog: &str, arg: &str| {
            Command::new(prog)
                .arg(arg)
                .stdin(Stdio::null())
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| {
                    let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
                    s.push_str(&String::from_utf8_lossy(&o.stderr));
                    s
                })
        };
        let tesseract = output("tesseract", "--version").map(|v| {
            let version = v.lines().next().unwrap_or("tesseract").trim().to_string();
            let langs = output("tesseract", "--list-langs")
                .unwrap_or_default()
                .lines()
                .skip(1)
                .map(|l| l.trim().to_string())
                .collect();
            (version, langs)
        });
        Tools {
            tesseract,
            pdftoppm: output("pdftoppm", "-v").is_some(),
        }
    })
}

/// Check that OCR can run with `lang` (each `+`-joined part installed);
/// tesseract's version line.
pub fn check_tools(lang: &str) -> Result<&'static str, Error> {
    let t = tools();
    let Some((version, langs)) = &t.tesseract else {
        return Err(Error::Ocr(
            "the `tesseract` program is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
                .into(),
        ));
    };
    for part in lang.split('+') {
        if !langs.iter().any(|l| l == part) {
            let pkg = format!("tesseract-ocr-{}", part.replace('_', "-"));
            return Err(Error::Ocr(format!(
                "tesseract has no language data '{part}' (apt-get install {pkg})"
            )));
        }
    }
    if !t.pdftoppm {
        return Err(Error::Ocr(
            "the `pdftoppm` program is not installed to render the page images (apt-get install poppler-utils)"
                .into(),
        ));
    }
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_in_order_and_junk_rows_skipped() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
            1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t\n\
            4\t1\t1\t1\t1\t0\t143\t167\t380\t32\t-1\t\n\
            5\t1\t1\t1\t1\t1\t143\t167\t30\t32\t96.99\tab\n\
            5\t1\t1\t1\t1\t2\t186\t168\t36\t31\t90.5\t \n\
            5\t1\t1\t1\t1\t3\tx\t168\t36\t31\t90.5\tbad\n\
            5\t1\t2\t1\t3\t1\t200\t300\t40\t30\t55\t12.50\n\
            5\t1\t2\t1\t3\t2\t200\t300\t0\t30\t55\tzero\n";
        let w = parse_tsv(tsv);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].text, "ab");
        assert_eq!(w[0].line, (1, 1, 1));
        assert_eq!((w[1].left, w[1].top, w[1].conf), (200, 300, 55.0));
        assert_eq!(w[1].line, (2, 1, 3));
        assert!(parse_tsv("").is_empty());
    }
}
