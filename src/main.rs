//! The `gongkai` command: parse arguments, call the library, map to exit codes.
//!
//! Exit codes: 0 success; 1 `compare` found differences; 2 usage error
//! (bad arguments, missing input, unwritable output); 3 `extract`/`show`:
//! some document failed.

use clap::{Args, Parser, Subcommand, ValueEnum};
use gongkai::batch::{self, UsageError};
use gongkai::{compare, show};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "Chinese government budget disclosures (部门预算/决算公开, .docx/.pdf) → normalized JSON"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract every .docx/.pdf under the inputs into OUT/<path>.json and OUT/summary.json.
    Extract(ExtractArgs),
    /// Compare extracted JSON with golden JSON: differences and precision/recall/F1.
    Compare {
        /// Folder of golden documents (GOLDEN/<path>.json).
        #[arg(long, default_value = "golden")]
        golden: PathBuf,
        /// Folder of extracted documents (an `extract` output folder).
        #[arg(long, default_value = "out")]
        actual: PathBuf,
        /// Also write the whole report as JSON to this file.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Copy every actual document over its golden file (review with `git diff`).
        #[arg(long)]
        bless: bool,
        /// Fail on golden documents with no actual counterpart (by default they
        /// are only counted: compare checks what both trees have in common).
        #[arg(long)]
        require_all: bool,
    },
    /// Write a static HTML site (index, findings, one page per document) over an extracted folder.
    Report {
        /// An `extract` output folder (summary.json and the document JSON).
        #[arg(default_value = "out")]
        input: PathBuf,
        /// Folder the site is written to (index.html, findings.html, docs/).
        #[arg(short, long, default_value = "report")]
        out: PathBuf,
        /// Also compare with this golden folder and show the differences.
        #[arg(long, value_name = "GOLDEN")]
        compare: Option<PathBuf>,
    },
    /// Flatten an extract output folder into warehouse tables (one file each) in DEST.
    Export {
        /// An `extract` output folder (every <path>.json under it).
        input: PathBuf,
        /// Destination folder (created if missing; existing table files are replaced).
        #[arg(short, long)]
        out: PathBuf,
        /// File format of the tables.
        #[arg(short, long, default_value = "parquet", value_parser = ["parquet", "csv", "jsonl"])]
        format: String,
        /// No closing line (errors are still printed).
        #[arg(short, long)]
        quiet: bool,
    },
    /// Print a document (.docx/.pdf, or an extracted .json) as text tables.
    Show {
        /// A .docx or .pdf file, or a JSON written by `extract`.
        file: PathBuf,
    },
}

/// `extract`'s flags as clap parses them; [`ExtractArgs::check`] turns them
/// into the checked [`ExtractOptions`] the batch takes.
#[derive(Args)]
struct ExtractArgs {
    /// Files or folders (folders are walked recursively).
    #[arg(default_value = "corpus")]
    inputs: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    out: PathBuf,
    /// Worker threads (default: one per core).
    #[arg(short, long, value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// No progress bar and no closing line (errors are still printed).
    #[arg(short, long)]
    quiet: bool,
    /// Redo every document (by default unchanged inputs whose output is valid are skipped).
    #[arg(long)]
    force: bool,
    /// Keep the outputs of inputs that disappeared since the last run (default: remove them).
    #[arg(long)]
    keep_removed: bool,
    /// Only shard I of N (1-based), chosen by a hash of each relative path.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Inputs larger than this fail with "too large" without being read.
    #[arg(long, value_name = "MB", default_value_t = batch::DEFAULT_MAX_FILE_MB,
          value_parser = clap::value_parser!(u64).range(1..))]
    max_file_mb: u64,
    /// A document running longer than this fails with "timed out" (default: no limit).
    #[arg(long, value_name = "SECS")]
    timeout: Option<f64>,
    /// `json`: one JSON line per finished document on stderr ({path, status, ms, error}).
    #[arg(long, value_enum, default_value_t = LogFormatArg::Text)]
    log_format: LogFormatArg,
    /// Read PDFs without any text layer (scans) by OCR: needs `tesseract` with the language
    /// data and `pdftoppm` (apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils).
    #[arg(long)]
    ocr: bool,
    /// tesseract language(s) for --ocr (`+` joins several, e.g. chi_sim+eng).
    #[arg(long, value_name = "LANG", default_value = "chi_sim", requires = "ocr")]
    ocr_lang: String,
    /// Test-only knob: every document sleeps this long before extraction (makes slow documents).
    #[arg(long, hide = true, value_name = "MS")]
    debug_sleep_ms: Option<u64>,
}

#[derive(Clone, Copy, ValueEnum)]
enum LogFormatArg {
    Text,
    Json,
}

/// Checked `extract` options.
struct ExtractOptions {
    inputs: Vec<PathBuf>,
    quiet: bool,
    batch: batch::Options,
    read: gongkai::ExtractOptions,
}

impl ExtractArgs {
    fn check(self) -> Result<ExtractOptions, UsageError> {
        let shard = self.shard.as_deref().map(batch::Shard::parse).transpose()?;
        let timeout = match self.timeout {
            Some(t) if !(t.is_finite() && t > 0.0 && t <= 86_400.0 * 365.0) => {
                return Err(UsageError(format!(
                    "--timeout {t}: expected a number of seconds > 0"
                )));
            }
            t => t.map(Duration::from_secs_f64),
        };
        let max_file_bytes = self
            .max_file_mb
            .checked_mul(1_000_000)
            .ok_or_else(|| UsageError(format!("--max-file-mb {}: too large", self.max_file_mb)))?;
        let batch = batch::Options {
            threads: self.jobs.map(usize::from).unwrap_or(0),
            progress: !self.quiet,
            force: self.force,
            keep_removed: self.keep_removed,
            shard,
            limits: batch::Limits {
                max_file_bytes,
                timeout,
            },
            log: match self.log_format {
                LogFormatArg::Text => batch::LogFormat::Text,
                LogFormatArg::Json => batch::LogFormat::Json,
            },
            handle_signals: true,
            debug_sleep: self.debug_sleep_ms.map(Duration::from_millis),
            ..batch::Options::new(self.out)
        };
        let ocr = self.ocr.then(|| gongkai::read::ocr::OcrOptions {
            lang: self.ocr_lang.clone(),
            ..Default::default()
        });
        Ok(ExtractOptions {
            inputs: self.inputs,
            quiet: self.quiet,
            batch,
            read: gongkai::ExtractOptions { ocr },
        })
    }
}

/// Write to stdout through one lock. A closed pipe (`gongkai compare | head`)
/// ends the process quietly with exit 0, like ripgrep; any other write error
/// is reported.
fn print_stdout(text: &str) -> Result<(), UsageError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(UsageError(format!("cannot write to standard output: {e}"))),
    }
}

const FAILED: u8 = 3;
const DIFFERENT: u8 = 1;

fn usage(e: UsageError) -> ExitCode {
    eprintln!("gongkai: error: {e}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => args.check().and_then(extract),
        Command::Compare {
            golden,
            actual,
            report,
            bless,
            require_all,
        } => compare(golden, actual, report, bless, require_all),
        Command::Show { file } => show(file),
        Command::Report {
            input,
            out,
            compare,
        } => report(input, out, compare),
        Command::Export {
            input,
            out,
            format,
            quiet,
        } => export(input, out, &format, quiet),
    };
    result.unwrap_or_else(usage)
}

fn extract(o: ExtractOptions) -> Result<ExitCode, UsageError> {
    let ExtractOptions {
        inputs,
        quiet,
        batch: opts,
        read,
    } = o;
    let out = opts.out.clone();
    let found = batch::discover(&inputs, Some(&out))?;
    for note in &found.notes {
        eprintln!("gongkai: note: {note}");
    }
    if found.jobs.is_empty() {
        let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
        let skipped = found
            .skipped_text()
            .map(|s| format!(" (skipped {s})"))
            .unwrap_or_default();
        return Err(UsageError(format!(
            "no .docx or .pdf files found in {}{skipped}",
            names.join(", ")
        )));
    }
    batch::prepare_out(&out)?;
    let extract_fn: Arc<batch::ExtractFn> =
        Arc::new(move |bytes: &[u8], rel: &str| gongkai::extract_with(bytes, rel, &read));
    let r = batch::run(&found.jobs, &opts, extract_fn)?;
    for note in &r.notes {
        eprintln!("gongkai: note: {note}");
    }
    let s = &r.summary;
    if !quiet {
        let secs = r.elapsed.as_secs_f64().max(1e-3);
        let skipped = found
            .skipped_text()
            .map(|t| format!("; skipped {t}"))
            .unwrap_or_default();
        let removed = match s.removed.len() {
            0 => String::new(),
            n => format!("; removed {n} output(s) of inputs that disappeared"),
        };
        let stopped = match r.interrupted {
            Some(sig) => {
                format!(" (interrupted by signal {sig}: the rest is done by the next run)")
            }
            None => String::new(),
        };
        eprintln!(
            "extracted {} documents: {} ok, {} failed, {} skipped (unchanged) ({:.1} docs/s) → {}{skipped}{removed}{stopped}",
            s.documents,
            s.ok,
            s.failed,
            s.skipped,
            (s.ok + s.failed) as f64 / secs,
            out.display()
        );
    }
    if let Some(sig) = r.interrupted {
        return Ok(ExitCode::from(128 + sig as u8));
    }
    Ok(if s.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    })
}

fn compare(
    golden: PathBuf,
    actual: PathBuf,
    report: Option<PathBuf>,
    bless: bool,
    require_all: bool,
) -> Result<ExitCode, UsageError> {
    if !actual.is_dir() {
        return Err(UsageError(format!(
            "actual folder {} does not exist",
            actual.display()
        )));
    }
    if bless {
        let lines = compare::bless(&golden, &actual)?;
        let count = |a: &str| lines.iter().filter(|l| l.action == a).count();
        let mut text = String::new();
        for l in &lines {
            if l.detail.is_empty() {
                text.push_str(&format!("{}: {}\n", l.path, l.action));
            } else {
                text.push_str(&format!("{}: {} ({})\n", l.path, l.action, l.detail));
            }
        }
        text.push_str(&format!(
            "blessed {}: {} added, {} updated, {} unchanged, {} kept. Golden files are the reference: review every change against the source document before committing (git diff {}).",
            golden.display(),
            count("added"),
            count("updated"),
            count("unchanged"),
            count("kept"),
            golden.display()
        ));
        print_stdout(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    if !golden.is_dir() {
        return Err(UsageError(format!(
            "golden folder {} does not exist (create it with --bless)",
            golden.display()
        )));
    }
    let r = compare::compare_dirs_scoped(&golden, &actual, require_all)?;
    if r.documents.is_empty() && r.not_compared.is_empty() {
        return Err(UsageError(format!(
            "no golden documents in {}",
            golden.display()
        )));
    }
    if r.documents.is_empty() {
        return Err(UsageError(format!(
            "golden {} and actual {} have no document in common ({} golden documents have no actual counterpart)",
            golden.display(),
            actual.display(),
            r.not_compared.len()
        )));
    }
    print_stdout(&compare::render_text(&r))?;
    if let Some(path) = report {
        batch::write_atomic(&path, &compare::report_json(&r))
            .map_err(|e| UsageError(format!("cannot write report: {e}")))?;
    }
    Ok(if r.exact {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(DIFFERENT)
    })
}

fn export(input: PathBuf, out: PathBuf, format: &str, quiet: bool) -> Result<ExitCode, UsageError> {
    use gongkai::export::ExportFormat;
    let format = match format {
        "csv" => ExportFormat::Csv,
        "jsonl" => ExportFormat::Jsonl,
        _ => ExportFormat::Parquet,
    };
    let r = gongkai::export::export(&input, &out, format).map_err(UsageError)?;
    for (rel, e) in &r.failed {
        eprintln!("gongkai: error: {}: {e}", input.join(rel).display());
    }
    if r.issues() > 0 {
        eprintln!(
            "gongkai: warning: {} amounts do not fit their decimal column exactly and are NULL there (see issues.{})",
            r.issues(),
            format.ext()
        );
    }
    if !quiet {
        let rows: Vec<String> = r.rows.iter().map(|(n, c)| format!("{n} {c}")).collect();
        eprintln!(
            "exported {} documents ({} failed): {} → {}",
            r.documents,
            r.failed.len(),
            rows.join(", "),
            out.display()
        );
    }
    Ok(if r.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FAILED)
    })
}

fn show(file: PathBuf) -> Result<ExitCode, UsageError> {
    if !file.is_file() {
        return Err(UsageError(format!(
            "{} does not exist or is not a file",
            file.display()
        )));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let doc = if name.to_ascii_lowercase().ends_with(".json") {
        compare::load(&file).map_err(|e| UsageError(format!("{}: {e}", file.display())))?
    } else {
        let bytes = std::fs::read(&file)
            .map_err(|e| UsageError(format!("cannot read {}: {e}", file.display())))?;
        match gongkai::extract(&bytes, &name) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("gongkai: error: {}: {e}", file.display());
                return Ok(ExitCode::from(FAILED));
            }
        }
    };
    let colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print_stdout(&show::render(&doc, colour))?;
    Ok(ExitCode::SUCCESS)
}

fn report(input: PathBuf, out: PathBuf, golden: Option<PathBuf>) -> Result<ExitCode, UsageError> {
    let started = std::time::Instant::now();
    let s = gongkai::report::render_dir(&input, &out, golden.as_deref())?;
    eprintln!(
        "report: {} document pages, {} failed files listed, {} findings, {:.1} MB in {:.2} s → {}",
        s.pages,
        s.failed,
        s.findings,
        s.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        out.join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
