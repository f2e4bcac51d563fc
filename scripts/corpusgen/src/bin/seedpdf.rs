//! seedpdf: `seedpdf [SEED_JSON OUT_DIR]` (defaults: seed.json beside Cargo.toml,
//! ../../corpus/seed-cmap). Writes the seed as two PDFs with the non-embedded `STSong-Light`
//! font and no ToUnicode: OUT_DIR/changji-finance-office-2022-ucs2.pdf (/UniGB-UCS2-H) and
//! OUT_DIR/changji-finance-office-2022-gbk.pdf (/GBK-EUC-H).
//! `seedpdf --compact SEED_JSON OUT_PDF`: one /UniGB-UCS2-H PDF with compact tables (small
//! type, tight rows: short tables share a page), the report-server producer route.

use corpusgen::pdf::{build_pdf, build_pdf_styled, Encoding, Style};
use std::path::PathBuf;
use std::process::ExitCode;

fn run() -> Result<(), String> {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, seed_path, out] = args.as_slice() {
        if flag != "--compact" {
            return Err(format!("unknown option {flag}"));
        }
        let text = std::fs::read_to_string(seed_path).map_err(|e| format!("{seed_path}: {e}"))?;
        let seed = corpusgen::load_seed(&text)?;
        let pdf = build_pdf_styled(&seed, Encoding::Ucs2, Style::COMPACT)?;
        std::fs::write(out, &pdf).map_err(|e| format!("{out}: {e}"))?;
        eprintln!("wrote {out} ({} bytes)", pdf.len());
        return Ok(());
    }
    let (seed_path, out) = match args.as_slice() {
        [] => (here.join("seed.json"), here.join("../../corpus/seed-cmap")),
        [a, b] => (PathBuf::from(a), PathBuf::from(b)),
        _ => return Err("usage: seedpdf [SEED_JSON OUT_DIR]".into()),
    };
    let text =
        std::fs::read_to_string(&seed_path).map_err(|e| format!("{}: {e}", seed_path.display()))?;
    let seed = corpusgen::load_seed(&text)?;
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for (enc, suffix) in [(Encoding::Ucs2, "ucs2"), (Encoding::Gbk, "gbk")] {
        let pdf = build_pdf(&seed, enc)?;
        let path = out.join(format!("changji-finance-office-2022-{suffix}.pdf"));
        std::fs::write(&path, &pdf).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {} ({} bytes)", path.display(), pdf.len());
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("seedpdf: {e}");
            ExitCode::FAILURE
        }
    }
}
