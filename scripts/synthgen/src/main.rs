//! `synthgen`: write synthetic .docx documents, golden JSON and variations.json.
//!
//! ```text
//! synthgen corpus  --out corpus/synthetic --golden golden/synthetic [--seed 7] [--national 35 --shanghai 25 --final 20]
//! synthgen --count 10000 --out /tmp/x --seed 7 --docx-only [--jobs N] [--pdf]
//! synthgen pdf-golden --corpus corpus/synthetic --golden golden/synthetic --text DIR [--only PREFIX]
//! synthgen audit   --out corpus/synthetic --golden golden/synthetic [--seed 7]
//! ```
//!
//! `audit` writes only the audit set (`au_NNN.docx`, their goldens and `audit.json`, the
//! record of each document's base and injected defects), never the other documents.
#![allow(clippy::needless_range_loop, clippy::too_many_arguments)]

use std::path::{Path, PathBuf};
use std::time::Instant;
use synthgen::{Family, generate, golden, render, to_json};

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn num(args: &[String], name: &str, default: u64) -> Result<u64, String> {
    match arg(args, name) {
        None => Ok(default),
        Some(s) => s.parse().map_err(|_| format!("{name}: not a number: {s}")),
    }
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("pdf-golden") => pdf_golden(&args),
        Some("audit") => audit(&args),
        _ => run(&args),
    };
    if let Err(e) = r {
        eprintln!("synthgen: {e}");
        std::process::exit(2);
    }
}

/// The documents to make: (family, index within family).
fn plan(args: &[String]) -> Result<Vec<(Family, u64)>, String> {
    let mut v = Vec::new();
    if let Some(c) = arg(args, "--count") {
        let n: u64 = c
            .parse()
            .map_err(|_| format!("--count: not a number: {c}"))?;
        // mix 7 : 5 : 4 like the committed corpus
        for i in 0..n {
            let f = match i % 16 {
                0..=6 => Family::National,
                7..=11 => Family::Shanghai,
                _ => Family::FinalAccount,
            };
            v.push((f, i));
        }
    } else {
        for i in 0..num(args, "--national", 35)? {
            v.push((Family::National, i));
        }
        for i in 0..num(args, "--shanghai", 25)? {
            v.push((Family::Shanghai, i));
        }
        for i in 0..num(args, "--final", 20)? {
            v.push((Family::FinalAccount, i));
        }
    }
    Ok(v)
}

fn run(args: &[String]) -> Result<(), String> {
    let args: Vec<String> = args
        .iter()
        .filter(|a| a.as_str() != "corpus")
        .cloned()
        .collect();
    let out = PathBuf::from(arg(&args, "--out").ok_or("--out DIR is required")?);
    let seed = num(&args, "--seed", 7)?;
    let docx_only = args.iter().any(|a| a == "--docx-only");
    let golden_dir = if docx_only {
        None
    } else {
        Some(PathBuf::from(
            arg(&args, "--golden").ok_or("--golden DIR is required (or --docx-only)")?,
        ))
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    if let Some(g) = &golden_dir {
        std::fs::create_dir_all(g).map_err(|e| format!("{}: {e}", g.display()))?;
    }
    let t0 = Instant::now();
    let items = plan(&args)?;
    let jobs = match arg(&args, "--jobs") {
        Some(j) => j
            .parse::<usize>()
            .map_err(|_| format!("--jobs: not a number: {j}"))?,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    }
    .max(1);
    // documents are independent (each seeded by its family and index): make them
    // on `jobs` threads, collect the variation records in plan order
    type Made = Result<(usize, Option<(String, serde_json::Value)>), String>;
    let made: Vec<Made> = std::thread::scope(|sc| {
        let handles: Vec<_> = (0..jobs)
            .map(|t| {
                let items = &items;
                let out = &out;
                let golden_dir = &golden_dir;
                sc.spawn(move || -> Vec<Made> {
                    items
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| k % jobs == t)
                        .map(|(_, (fam, i))| make_one(seed, *fam, *i, out, golden_dir.as_deref()))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("worker thread panicked".into())])
            })
            .collect()
    });
    let mut bytes_total = 0usize;
    let mut records: Vec<(String, serde_json::Value)> = Vec::new();
    for m in made {
        let (bytes, v) = m?;
        bytes_total += bytes;
        if let Some(v) = v {
            records.push(v);
        }
    }
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let mut variations = serde_json::Map::new();
    for (k, v) in records {
        variations.insert(k, v);
    }
    if golden_dir.is_some() {
        write(&out.join("variations.json"), &to_json(&variations))?;
    }
    eprintln!(
        "synthgen: {} documents, {} bytes of docx, {:.2} s ({} threads)",
        items.len(),
        bytes_total,
        t0.elapsed().as_secs_f64(),
        jobs
    );
    if args.iter().any(|a| a == "--pdf") {
        pdfs(&out, &items)?;
    }
    Ok(())
}

fn name_of(fam: Family, i: u64) -> String {
    format!("{}_{:03}", fam.prefix(), i)
}

/// Write one document (and its golden); returns its docx size and variation record.
fn make_one(
    seed: u64,
    fam: Family,
    i: u64,
    out: &Path,
    golden_dir: Option<&Path>,
) -> Result<(usize, Option<(String, serde_json::Value)>), String> {
    let b = generate(seed, i, fam);
    let name = name_of(fam, i);
    let docx = render::docx_bytes(&b.doc)?;
    write(&out.join(format!("{name}.docx")), &docx)?;
    let Some(g) = golden_dir else {
        return Ok((docx.len(), None));
    };
    let gd = golden(&b, &format!("{name}.docx"), "docx", &docx, None, None);
    write(&g.join(format!("{name}.docx.json")), &to_json(&gd))?;
    Ok((docx.len(), Some((name, variation_record(&b)?))))
}

/// The record of a document in variations.json / audit.json: its variation, department and
/// number of tables.
fn variation_record(b: &synthgen::Built) -> Result<serde_json::Value, String> {
    let mut v = serde_json::to_value(&b.variation).map_err(|e| e.to_string())?;
    if let Some(o) = v.as_object_mut() {
        o.insert("department".into(), b.info.department.clone().into());
        o.insert("tables".into(), b.tables.len().into());
    }
    Ok(v)
}

/// `audit`: the audit documents of `synthgen::audit::PLAN`, their goldens and `audit.json`.
fn audit(args: &[String]) -> Result<(), String> {
    let out = PathBuf::from(arg(args, "--out").ok_or("--out DIR is required")?);
    let gdir = PathBuf::from(arg(args, "--golden").ok_or("--golden DIR is required")?);
    let seed = num(args, "--seed", 7)?;
    for d in [&out, &gdir] {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let mut records = serde_json::Map::new();
    for k in 0..synthgen::audit::PLAN.len() {
        let b = synthgen::audit::make(seed, k)?;
        let name = synthgen::audit::name_of(k);
        let docx = render::docx_bytes(&b.doc)?;
        write(&out.join(format!("{name}.docx")), &docx)?;
        let gd = golden(&b, &format!("{name}.docx"), "docx", &docx, None, None);
        write(&gdir.join(format!("{name}.docx.json")), &to_json(&gd))?;
        records.insert(name, variation_record(&b)?);
    }
    write(&out.join("audit.json"), &to_json(&records))?;
    eprintln!("synthgen: {} audit documents", records.len());
    Ok(())
}

/// `--pdf`: one LibreOffice batch call over the written documents.
fn pdfs(out: &Path, items: &[(Family, u64)]) -> Result<(), String> {
    let files: Vec<PathBuf> = items
        .iter()
        .map(|(f, i)| out.join(format!("{}.docx", name_of(*f, *i))))
        .collect();
    let status = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .args(&files)
        .stdout(std::process::Stdio::null())
        .status()
        .map_err(|e| {
            format!("soffice: {e} (install LibreOffice: libreoffice-writer-nogui fonts-noto-cjk)")
        })?;
    if !status.success() {
        return Err(format!("soffice exited with {status}"));
    }
    Ok(())
}

/// After LibreOffice made `<name>.pdf` beside each `<name>.docx`: write
/// `<name>.pdf.json` = the docx golden with the PDF's source and table pages.
/// Table pages come from `pdftotext -layout` of each PDF (`--text DIR/<name>.txt`,
/// pages separated by form feeds, made by the script): a table starts on the first page (after the previous
/// table's start) that prints its title, and ends where the next one starts.
fn pdf_golden(args: &[String]) -> Result<(), String> {
    let corpus = PathBuf::from(arg(args, "--corpus").ok_or("--corpus DIR is required")?);
    let gdir = PathBuf::from(arg(args, "--golden").ok_or("--golden DIR is required")?);
    // `--only PREFIX`: the PDFs whose name starts with it (the audit set: `au_`).
    let only = arg(args, "--only");
    let text_dir = arg(args, "--text")
        .map(PathBuf::from)
        .unwrap_or_else(|| corpus.clone());
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .map_err(|e| format!("{}: {e}", corpus.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.ends_with(".pdf"))
        .filter(|n| only.as_deref().is_none_or(|p| n.starts_with(p)))
        .collect();
    names.sort();
    for n in names {
        let stem = n.trim_end_matches(".pdf");
        let pdf = std::fs::read(corpus.join(&n)).map_err(|e| format!("{n}: {e}"))?;
        let gpath = gdir.join(format!("{stem}.docx.json"));
        let text =
            std::fs::read_to_string(&gpath).map_err(|e| format!("{}: {e}", gpath.display()))?;
        let mut g: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", gpath.display()))?;
        let pages_txt = text_dir.join(format!("{stem}.txt"));
        let pages: Vec<String> = std::fs::read_to_string(&pages_txt)
            .map(|t| {
                t.split('\u{c}')
                    .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
                    .collect()
            })
            .unwrap_or_default();
        let npages = pages.iter().filter(|p| !p.is_empty()).count().max(1) as u32;
        let producer = producer_of(&pdf);
        g["source"] = serde_json::json!({
            "path": n,
            "format": "pdf",
            "sha256": synthgen::sha256_hex(&pdf),
            "bytes": pdf.len(),
            "pages": npages,
            "producer": producer,
        });
        if let Some(tables) = g["tables"].as_array_mut() {
            let mut starts: Vec<usize> = Vec::new();
            let mut from = 0usize;
            for t in tables.iter() {
                let title: String = t["title"]
                    .as_str()
                    .unwrap_or("")
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let title = title.replace(['“', '”'], "");
                let p = (from..pages.len())
                    .find(|&i| pages[i].replace(['“', '”'], "").contains(&title))
                    .unwrap_or(from);
                starts.push(p);
                from = p;
            }
            for k in 0..tables.len() {
                let s = starts[k];
                // the table ends on the page of its last grid row text, before the next start
                let end_limit = starts
                    .get(k + 1)
                    .copied()
                    .unwrap_or(pages.len().saturating_sub(1))
                    .max(s);
                let last_text: String = tables[k]["grid"]["cells"]
                    .as_array()
                    .and_then(|c| {
                        c.iter()
                            .rev()
                            .find(|x| x["text"].as_str().is_some_and(|t| !t.trim().is_empty()))
                    })
                    .and_then(|x| x["text"].as_str())
                    .map(|t| t.chars().filter(|c| !c.is_whitespace()).collect())
                    .unwrap_or_default();
                let mut e = s;
                for p in s..=end_limit.min(pages.len().saturating_sub(1)) {
                    if !last_text.is_empty() && pages[p].contains(&last_text) {
                        e = p;
                    }
                }
                let pg: Vec<u32> = (s..=e).map(|p| p as u32 + 1).collect();
                tables[k]["pages"] = serde_json::json!(pg);
            }
        }
        write(&gdir.join(format!("{stem}.pdf.json")), &to_json(&g))?;
    }
    Ok(())
}

/// The /Producer string of a PDF's info dictionary, if printed as a literal.
fn producer_of(pdf: &[u8]) -> Option<String> {
    let key = b"/Producer";
    let pos = pdf.windows(key.len()).position(|w| w == key)?;
    let rest = &pdf[pos + key.len()..];
    let start = rest.iter().position(|&b| b == b'(' || b == b'<')?;
    if rest[start] == b'(' {
        let end = rest[start..].iter().position(|&b| b == b')')?;
        String::from_utf8(rest[start + 1..start + end].to_vec()).ok()
    } else {
        // <FEFF...> UTF-16BE hex
        let end = rest[start..].iter().position(|&b| b == b'>')?;
        let hex = std::str::from_utf8(&rest[start + 1..start + end]).ok()?;
        let bytes: Vec<u8> = (0..hex.len() / 2)
            .filter_map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok())
            .collect();
        let units: Vec<u16> = bytes
            .chunks(2)
            .skip(1)
            .filter(|c| c.len() == 2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).ok()
    }
}
