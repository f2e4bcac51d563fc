//! corpusgen CLI: `corpusgen [SEED_JSON CURATED_JSON OUT_DIR]`
//! (defaults: seed.json and curated.json beside Cargo.toml, ../../corpus/seed).
//! Writes OUT_DIR/changji-finance-office-2022.docx and OUT_DIR/truth.json.

use std::path::PathBuf;
use std::process::ExitCode;

fn run() -> Result<(), String> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (seed_path, curated_path, out) = match args.as_slice() {
        [] => (
            here.join("seed.json"),
            here.join("curated.json"),
            here.join("../../corpus/seed"),
        ),
        [a, b, c] => (PathBuf::from(a), PathBuf::from(b), PathBuf::from(c)),
        _ => return Err("usage: corpusgen [SEED_JSON CURATED_JSON OUT_DIR]".into()),
    };
    let read =
        |p: &PathBuf| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let seed = corpusgen::load_seed(&read(&seed_path)?)?;
    let curated: serde_json::Value =
        serde_json::from_str(&read(&curated_path)?).map_err(|e| format!("curated.json: {e}"))?;
    corpusgen::check_curated(&seed, &curated)?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let docx = corpusgen::build_docx(&seed)?;
    let docx_path = out.join("changji-finance-office-2022.docx");
    std::fs::write(&docx_path, docx).map_err(|e| format!("{}: {e}", docx_path.display()))?;
    let truth = corpusgen::build_truth(&seed, &curated)?;
    let truth_path = out.join("truth.json");
    std::fs::write(&truth_path, corpusgen::to_pretty(&truth))
        .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    eprintln!("wrote {} and {}", docx_path.display(), truth_path.display());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("corpusgen: {e}");
            ExitCode::FAILURE
        }
    }
}
