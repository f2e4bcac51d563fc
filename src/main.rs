//! The `gongkai` command: parse arguments, call the library, map to exit codes.
//!
//! Exit codes: 0 success; 1 `compare` found differences; 2 usage error
//! (bad arguments, missing input, unwritable output); 3 `extract`/`show`:
//! some document failed.

use clap::{Parser, Subcommand};
use gongkai::batch::{self, UsageError};
use gongkai::{compare, show};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
    Extract {
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
    },
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

const FAILED: u8 = 3;
const DIFFERENT: u8 = 1;

fn usage(e: UsageError) -> ExitCode {
    eprintln!("gongkai: error: {e}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract {
            inputs,
            out,
            jobs,
            quiet,
        } => extract(inputs, out, jobs, quiet),
        Command::Compare {
            golden,
            actual,
            report,
            bless,
        } => compare(golden, actual, report, bless),
        Command::Show { file } => show(file),
        Command::Export {
            input,
            out,
            format,
            quiet,
        } => export(input, out, &format, quiet),
    };
    result.unwrap_or_else(usage)
}

fn extract(
    inputs: Vec<PathBuf>,
    out: PathBuf,
    jobs: Option<u16>,
    quiet: bool,
) -> Result<ExitCode, UsageError> {
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
    let opts = batch::Options {
        out: out.clone(),
        threads: jobs.map(usize::from).unwrap_or(0),
        progress: !quiet,
    };
    let r = batch::run(&found.jobs, &opts, &gongkai::extract)?;
    let s = &r.summary;
    if !quiet {
        let secs = r.elapsed.as_secs_f64().max(1e-3);
        let skipped = found
            .skipped_text()
            .map(|t| format!("; skipped {t}"))
            .unwrap_or_default();
        eprintln!(
            "extracted {} documents: {} ok, {} failed ({:.1} docs/s) → {}{skipped}",
            s.documents,
            s.ok,
            s.failed,
            s.documents as f64 / secs,
            out.display()
        );
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
        for l in &lines {
            if l.detail.is_empty() {
                println!("{}: {}", l.path, l.action);
            } else {
                println!("{}: {} ({})", l.path, l.action, l.detail);
            }
        }
        println!(
            "blessed {}: {} added, {} updated, {} unchanged, {} kept. Golden files are the reference: review every change against the source document before committing (git diff {}).",
            golden.display(),
            count("added"),
            count("updated"),
            count("unchanged"),
            count("kept"),
            golden.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if !golden.is_dir() {
        return Err(UsageError(format!(
            "golden folder {} does not exist (create it with --bless)",
            golden.display()
        )));
    }
    let r = compare::compare_dirs(&golden, &actual)?;
    if r.documents.is_empty() {
        return Err(UsageError(format!(
            "no golden documents in {}",
            golden.display()
        )));
    }
    print!("{}", compare::render_text(&r));
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
    print!("{}", show::render(&doc, colour));
    Ok(ExitCode::SUCCESS)
}
